# seed: 1
# Input too large or too deep: go-yaml's limits as kubectl v1.32 reports
# them (10000 levels of block collections, aliases), the annotation limit
# of client-side apply, the API server's 3 MiB request limit (reached
# through aliases), and kubeplay's own limits: 1000 levels of [ ] and { }
# (libyaml's scanner is quadratic in them) and 1 MiB per manifest source;
# nothing is created.
kubectl create deployment web --image=nginx:1.27
kubectl get all,configmaps
kubectl apply -f bad-deep.yaml
kubectl apply -f bad-deep-block.yaml
kubectl apply -f bad-nested.yaml
kubectl apply -f bad-bomb.yaml
kubectl apply -f bad-binary.yaml
X=$(cat bad-4k.txt bad-4k.txt bad-4k.txt bad-4k.txt bad-4k.txt bad-4k.txt bad-4k.txt bad-4k.txt)
X=$X$X$X$X$X$X$X$X$X$X
echo "$X" | wc -c
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
  a0: &x "$X"
  a1: *x
  a2: *x
  a3: *x
  a4: *x
  a5: *x
  a6: *x
  a7: *x
  a8: *x
  a9: *x
EOF
kubectl create -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
  a: "$X$X$X$X"
EOF
kubectl get all,configmaps
