# seed: 1
# kubectl logs -l (10 lines per pod unless --tail, --prefix) and
# --previous (the container instance before the last restart).
kubectl create deployment web --image=nginx:1.25 --replicas=2
kubectl rollout status deployment/web
kubectl logs -l app=web --tail=2
kubectl logs -l app=web --tail=1 --prefix
kubectl logs -l app=nothing
kubectl logs -l app=web deploy/web
kubectl run crash --image=busybox:1.36 -- sh -c 'echo starting up; echo giving up; exit 1'
sleep 30
kubectl get pod crash
kubectl logs crash --timestamps
kubectl logs crash --previous
kubectl logs crash --previous --timestamps
kubectl logs deploy/web --previous
