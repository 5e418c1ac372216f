# seed: 1
# profile: docker-desktop
# A LoadBalancer Service on Docker Desktop (the default profile): its load
# balancer answers on localhost at once; the node port is allocated too.
kubeplay profile
kubeplay profile list
kubectl get nodes
kubectl create deployment nginx --image=nginx
kubectl expose deployment nginx --type LoadBalancer --port 80
kubectl get svc
sleep 10
kubectl get svc nginx
curl -sI http://localhost
curl -s http://localhost | head -4
kubeplay trace http://localhost
kubeplay haproxy add 80:30080
kubeplay minikube tunnel
