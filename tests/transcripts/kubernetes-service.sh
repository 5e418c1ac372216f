# The API server keeps the default/kubernetes Service: deleted, it is
# back (with its Endpoints and EndpointSlice) within ten seconds.
kubectl get svc kubernetes -o wide
kubectl get endpointslice kubernetes
kubectl delete svc kubernetes
kubectl get svc
sleep 10
kubectl get svc
kubectl get svc kubernetes -o jsonpath='{.spec.clusterIP} {.spec.ports[0].targetPort} {.metadata.labels}{"\n"}'
kubectl create deployment web --image=nginx
kubectl expose deployment web --port=80
kubectl delete svc --all
sleep 3
kubectl get svc
sleep 7
kubectl get svc
kubectl delete endpointslice kubernetes
kubectl delete endpoints kubernetes
sleep 10
kubectl get endpoints kubernetes
kubectl get endpointslice kubernetes
