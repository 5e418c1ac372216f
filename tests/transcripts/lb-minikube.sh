# seed: 1
# profile: minikube
# minikube: a LoadBalancer Service stays <pending> until `minikube tunnel`
# runs; then its EXTERNAL-IP is its ClusterIP, routed from the host through
# the node (192.168.49.2). The node port answers on the node's address.
kubeplay profile
kubectl config current-context
kubectl get nodes -o wide
kubeplay minikube ip
kubectl create deployment nginx --image=nginx
kubectl expose deployment nginx --type LoadBalancer --port 80
kubectl get svc
sleep 60
kubectl get svc nginx
curl -m 5 http://localhost
curl -sI http://192.168.49.2:32097
kubeplay minikube tunnel
kubectl get svc nginx
curl -sI http://10.106.54.136
curl -s http://10.106.54.136 | head -4
kubeplay trace http://10.106.54.136
kubeplay minikube tunnel
kubeplay minikube tunnel stop
kubectl get svc nginx
curl -m 3 http://10.106.54.136
kubeplay haproxy list
