# seed: 1
# Input too large or too deep: go-yaml's limits as kubectl v1.32 reports
# them, the API server's 3 MiB request limit, the annotation limit of
# client-side apply, and kubeplay's 4 MiB limit on one manifest source;
# nothing is created.
kubectl create deployment web --image=nginx:1.27
kubectl get all,configmaps
kubectl apply -f bad-deep.yaml
kubectl apply -f bad-nested.yaml
kubectl apply -f bad-bomb.yaml
kubectl apply -f bad-binary.yaml
X=$(cat bad-64k.txt bad-64k.txt bad-64k.txt bad-64k.txt bad-64k.txt)
M=$X$X$X$X
echo "$M" | wc -c
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
  a: "$X"
EOF
kubectl create -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
  a: "$M$M$M"
EOF
kubectl create -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
  a: "$M$M$M$M"
EOF
kubectl get all,configmaps
