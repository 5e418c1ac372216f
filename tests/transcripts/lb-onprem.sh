# seed: 1
# profile: onprem
# An on-premises kubeadm cluster: nothing implements LoadBalancer, so the
# Service stays <pending>. As in the course notes' diagram, an external
# HAProxy listens on 80/TCP and forwards to the node port (32000) of every
# node; kube-proxy on that node sends it on to a pod.
kubeplay profile
kubectl config current-context
kubectl get nodes -o wide
kubectl create deployment nginx --image=nginx --replicas=2
kubectl expose deployment nginx --type LoadBalancer --port 80
sleep 60
kubectl get svc
sleep 600
kubectl get svc nginx
kubectl apply -f - <<EOF2
apiVersion: v1
kind: Service
metadata:
  name: nginx-np
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
    nodePort: 32000
EOF2
kubectl get svc nginx-np
curl -sI http://192.168.56.11:32000
kubeplay haproxy add 80:32000
kubeplay haproxy list
kubeplay haproxy config
curl -sI http://192.168.56.100
curl -s http://192.168.56.100 | head -4
curl -s -o /dev/null -w '%{http_code}\n' http://192.168.56.100
kubeplay trace http://192.168.56.100
kubeplay trace http://192.168.56.100
kubeplay haproxy add 80:32000
kubeplay haproxy add 8080:32001
curl http://192.168.56.100:8080
kubeplay haproxy remove 8080
curl http://192.168.56.100:8080
kubeplay haproxy add 443
kubeplay haproxy add https:32000
kubeplay haproxy remove
kubectl delete deployment nginx
sleep 40
kubeplay haproxy list
curl http://192.168.56.100
kubeplay trace http://192.168.56.100
curl -m 3 http://localhost
kubeplay minikube tunnel
