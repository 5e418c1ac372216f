# seed: 1
# Bad input read by kubectl itself: every error is kubectl v1.32's
# (sigs.k8s.io/yaml over go-yaml v2, then kubectl's decoder), nothing is
# sent, and the cluster is left as it was.
kubectl create deployment web --image=nginx:1.27
kubectl get all,configmaps
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: x
   foo: bar
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: "x
EOF
kubectl apply -f - <<EOF
a: b
- c
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
	name: x
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
data: [1, 2
EOF
kubectl apply -f - <<EOF
- a
- b
EOF
echo 'just text' | kubectl apply -f -
kubectl apply -f - <<EOF
apiVersion: v1
metadata:
  name: c
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: *x
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data: &d
  a: *d
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  <<: [a]
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: !!int x
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  [a]: x
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  ~: x
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: .nan
EOF
kubectl get all,configmaps
