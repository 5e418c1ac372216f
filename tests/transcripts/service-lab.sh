# seed: 1
# The course notes' Service lab: Deployment, ClusterIP Service, DNS, NodePort.
kubectl apply -f service-lab/nginx.yaml
kubectl get pods
sleep 10
kubectl get deploy,rs,pods -o wide
kubectl expose deployment nginx --name nginx --port 80
kubectl get service nginx
kubectl get endpoints nginx
kubectl apply -f service-lab/curlpod.yaml
sleep 5
kubectl get pods
kubectl exec -it curlpod -- curl $(kubectl get service nginx -o jsonpath='{.spec.clusterIP}')
kubectl exec -it curlpod -- curl nginx.default.svc.cluster.local
kubectl exec -it curlpod -- cat /etc/resolv.conf
kubectl exec -it curlpod -- curl nginx
kubectl apply -f service-lab/nginx-np.yaml
kubectl get service nginx-np
curl http://localhost:31045
curl -s -o /dev/null -w '%{http_code}\n' http://localhost:31045/
curl http://localhost:31046
kubectl logs deploy/nginx
