# seed: 1
# Bad objects the API server refuses, each in its words (kubectl v1.32
# against a v1.32 API server), with the cluster unchanged afterwards.
kubectl create deployment web --image=nginx:1.27 --port=80
kubectl expose deployment web --type=NodePort --port=80
NP=$(kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}')
echo $NP
kubectl create namespace term
kubectl run p --image=nginx:1.27 -n term
sleep 10s
kubectl delete namespace term --wait=false
kubectl get all,configmaps
kubectl apply -f - <<EOF
apiVersion: v1
kind: Foo
metadata:
  name: c
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v9
kind: Deployment
metadata:
  name: c
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: p
spec: {}
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      labels:
        app: d
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  labels:
    app: "-bad-"
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  selector:
    app: x
  ports:
  - port: 70000
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  type: NodePort
  selector:
    app: x
  ports:
  - port: 80
    nodePort: 20000
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  type: NodePort
  selector:
    app: x
  ports:
  - port: 80
    nodePort: $NP
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        app: b
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: other
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
EOF
kubectl patch svc web -p '{"spec":{"clusterIP":"10.96.200.200"}}'
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: nope
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: term
EOF
kubectl get all,configmaps
kubectl get namespace term
