# seed: 1
# Failures: a Deployment pod deleted is replaced by a stranger, a node
# that stops responding has its pods evicted after the 300 s tolerations,
# events with their reasons; drain refuses a bare pod without --force.
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl rollout status deployment/web
kubectl get pods -o wide
kubectl delete pod $(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
kubectl get pods -o wide
kubectl get events --field-selector involvedObject.kind=ReplicaSet
kubeplay node fail desktop-worker
sleep 60
kubectl get nodes
kubectl get pods -o wide
kubectl describe node desktop-worker | grep Taints
sleep 5m
kubectl get pods -o wide
sleep 10
kubectl get pods -o wide
kubectl get deploy web
kubectl get events --field-selector reason=TaintManagerEviction
kubectl get events --field-selector involvedObject.kind=Node
kubeplay node recover desktop-worker
sleep 30
kubectl get nodes
kubectl run bare --image=nginx:1.27
sleep 10
kubectl drain desktop-worker2 --ignore-daemonsets
kubectl drain desktop-worker2 --ignore-daemonsets --force
kubectl get pods -o wide
kubectl uncordon desktop-worker2
