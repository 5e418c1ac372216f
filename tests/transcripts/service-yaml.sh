# seed: 2
# The lab's YAML variants, typed as heredocs, and the mistakes students make.
cat <<EOF | kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:stable
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  type: ClusterIP
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  type: ClusterIP
EOF
sleep 30
kubectl get all
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: bad-np
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    nodePort: 80
EOF
kubectl apply -f - <<EOF
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
    nodePort: 31045
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: nginx-np2
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    nodePort: 31045
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replica: 2
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
  - name: x
    image: nginx
      ports: 80
EOF
kubectl get pods nope
kubectl gt pods
kubectl get pods --bogus
kubectl get svc
curl http://localhost:31045/missing
curl http://nginx.default.svc.cluster.local
kubectl delete service nginx-np
curl http://localhost:31045
