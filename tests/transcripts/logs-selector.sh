# kubectl logs -l: the last 10 lines of each matching pod, --prefix,
# --max-log-requests for -f, and kubectl v1.32's stop at the first pod
# whose container has not started.
kubectl create deployment web --image=nginx --replicas=2
sleep 20
kubectl logs -l app=web --tail=2
kubectl logs -l app=web --tail=1 --prefix
kubectl logs -l app=nope
kubectl scale deployment web --replicas=6
sleep 20
kubectl logs -l app=web -f
kubectl logs -l app=web -f --max-log-requests=3
kubectl logs -l app=web --tail=1 --prefix
kubectl run zzz-broken --image=nginx:no-such-tag --labels=app=web
kubectl run aaa-broken --image=nginx:no-such-tag --labels=app=web
sleep 5
kubectl logs -l app=web --tail=1 --prefix
echo "exit $?"
kubectl delete pod aaa-broken
kubectl logs -l app=web --tail=1 --prefix
echo "exit $?"
