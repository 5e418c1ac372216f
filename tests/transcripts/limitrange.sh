# LimitRange as the LimitRanger admission plugin applies it: defaults for
# containers that state no request or limit (and the kubernetes.io/limit-ranger
# annotation saying so), the item defaults the API server fills in (default
# limit from max, default request from the default limit or min), and the
# min, max and maxLimitRequestRatio refusals with their exact wording; with
# a quota that needs memory requests and limits, the defaults let plain pods
# in until the quota is used up.
kubectl create namespace dev
kubectl apply -n dev -f - <<EOF
apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-mem
spec:
  limits:
  - type: Container
    default:
      cpu: 500m
      memory: 256Mi
    defaultRequest:
      cpu: 200m
    max:
      cpu: "1"
      memory: 1Gi
    min:
      cpu: 100m
    maxLimitRequestRatio:
      cpu: "4"
EOF
kubectl get limitrange -n dev
kubectl get limitrange cpu-mem -n dev -o jsonpath='{.spec.limits[0].defaultRequest}{"\n"}'
kubectl describe limitrange cpu-mem -n dev
kubectl run plain -n dev --image=nginx
kubectl get pod plain -n dev -o jsonpath='{.metadata.annotations}{"\n"}{.spec.containers[0].resources}{"\n"}{.status.qosClass}{"\n"}'
kubectl apply -n dev -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: half
spec:
  containers:
  - name: app
    image: nginx
    resources:
      limits:
        cpu: 300m
EOF
kubectl get pod half -n dev -o jsonpath='{.metadata.annotations.kubernetes\.io/limit-ranger}{"\n"}{.spec.containers[0].resources}{"\n"}'
kubectl apply -n dev -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 50m
      limits:
        cpu: "2"
        memory: 2Gi
EOF
kubectl apply -n dev -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: ratio
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 100m
      limits:
        cpu: 500m
EOF
kubectl create deployment api -n dev --image=nginx --replicas=1
kubectl get pods -n dev -l app=api -o jsonpath='{.items[0].spec.containers[0].resources}{"\n"}'
kubectl apply -n dev -f - <<EOF
apiVersion: v1
kind: LimitRange
metadata:
  name: storage
spec:
  limits:
  - type: PersistentVolumeClaim
    max:
      storage: 2Gi
    min:
      storage: 1Gi
EOF
kubectl apply -n dev -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: huge
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
EOF
kubectl get limits -n dev
kubectl create namespace q
kubectl create quota mem -n q --hard=requests.memory=1Gi,limits.memory=2Gi
kubectl run nope -n q --image=nginx
kubectl apply -n q -f - <<EOF
apiVersion: v1
kind: LimitRange
metadata:
  name: mem
spec:
  limits:
  - type: Container
    default:
      memory: 512Mi
    defaultRequest:
      memory: 256Mi
EOF
kubectl run yes -n q --image=nginx
kubectl create deployment d -n q --image=nginx --replicas=5
kubectl get quota -n q
kubectl describe deployment d -n q
