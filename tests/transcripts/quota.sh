# ResourceQuota as a real cluster enforces it: the quota controller writes
# status.hard and status.used, `get quota` shows REQUEST/LIMIT as used/hard,
# and admission refuses a pod that leaves a tracked resource unset (failed
# quota) or that would go over a limit (exceeded quota). A Deployment over
# its quota: the ReplicaSet's FailedCreate events and ReplicaFailure
# condition, copied to the Deployment; more room lets it finish.
kubectl create namespace team
kubectl create quota compute -n team --hard=pods=2,requests.cpu=1,limits.memory=1Gi,services=1
kubectl get quota -n team
kubectl get quota compute -n team -o jsonpath='{.status}{"\n"}'
kubectl run bare -n team --image=nginx
kubectl apply -n team -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 500m
      limits:
        memory: 256Mi
EOF
kubectl apply -n team -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 600m
      limits:
        memory: 256Mi
EOF
kubectl apply -n team -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 500m
      limits:
        memory: 512Mi
EOF
kubectl apply -n team -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: c
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 100m
      limits:
        memory: 64Mi
EOF
kubectl get quota -n team
kubectl describe quota compute -n team
kubectl create service clusterip one -n team --tcp=80
kubectl create service clusterip two -n team --tcp=80
kubectl delete pod a -n team
kubectl get quota -n team
kubectl create namespace small
kubectl create quota pods -n small --hard=pods=2
kubectl create deployment web -n small --image=nginx --replicas=3
kubectl get deploy,rs,pods -n small
kubectl describe rs -n small
kubectl get deploy web -n small -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl get quota -n small
kubectl patch quota pods -n small -p '{"spec":{"hard":{"pods":"3"}}}'
sleep 30
kubectl get deploy web -n small
kubectl get quota -n small
kubectl get deploy web -n small -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}{"\n"}{end}'
