# seed: 1
# profile: cloud
# A cloud cluster: the cloud controller manager provisions a load balancer
# for the Service; EXTERNAL-IP is <pending> until it is ready (30-60 s),
# then a public address the host reaches. Nodes' addresses are private.
kubeplay profile
kubectl config current-context
kubectl get nodes -o wide
kubectl create deployment nginx --image=nginx
kubectl expose deployment nginx --type LoadBalancer --port 80
kubectl get svc
sleep 15
kubectl get svc nginx
sleep 15
kubectl get svc nginx
sleep 30
kubectl get svc nginx
kubectl events --for service/nginx
curl -sI http://203.0.113.91
curl -s http://203.0.113.91 | head -4
kubeplay trace http://203.0.113.91
curl -m 3 http://203.0.113.91:8080
curl -m 3 http://10.128.0.11:32102
kubectl get svc nginx -o jsonpath='{.metadata.finalizers}{"\n"}'
kubectl delete svc nginx
kubectl get svc
