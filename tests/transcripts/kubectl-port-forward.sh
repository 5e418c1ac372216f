# seed: 1
# kubectl port-forward: pods, deployments and services; the host reaches
# the pod through localhost; a port in use, a missing service port.
kubectl create deployment web --image=nginx:1.25 --replicas=2
kubectl expose deployment web --port=8080 --target-port=80
kubectl rollout status deploy/web
kubectl port-forward pod/nope 8080:80
kubectl port-forward deploy/web 8080:80
curl -s localhost:8080 | head -4
kubectl port-forward svc/web 9090:8080
curl -sI localhost:9090
kubectl port-forward svc/web 8080
kubectl port-forward svc/web 7070:9999
kubectl port-forward deploy/web :80
kubectl port-forward deploy/web 8081:81
curl localhost:8081
kubectl port-forward deploy/web
curl localhost:7777
