# seed: 1
# A StatefulSet pod on a failed node: evicted after the 300 s tolerations
# but stuck Terminating (the kubelet cannot confirm), so no second web-1
# runs; after a force delete the new web-1 waits for its volume's node.
kubectl apply -f web-sts.yaml
kubectl rollout status sts/web
kubectl get pods -o wide
kubeplay node fail desktop-worker
sleep 6m
kubectl get nodes
kubectl get pods -o wide
sleep 10m
kubectl get pods -o wide
kubectl delete pod web-1 --grace-period=0 --force
sleep 30
kubectl get pods -o wide
kubectl get events --field-selector reason=FailedScheduling
kubeplay node recover desktop-worker
sleep 1m
kubectl get pods -o wide
