# kubectl diff: the live object against what applying the file would store
# (the server's dry run: defaults, generation bump; kubectl diff sends no
# last-applied annotation), through `diff -u -N` over LIVE-N and MERGED-N
# temporary directories. Exit 1 when something differs, 0 when not, 2 on
# errors. Secrets' data is masked; unknown fields are dropped with a
# warning (kubectl diff asks for no strict field validation).
kubectl diff -f kubectl-diff.yaml
echo "exit $?"
kubectl apply -f kubectl-diff.yaml
kubectl diff -f kubectl-diff.yaml
echo "exit $?"
kubectl diff -f kubectl-diff-2.yaml
echo "exit $?"
kubectl create secret generic db --from-literal=user=admin --from-literal=password=old
kubectl create secret generic db --from-literal=user=admin --from-literal=password=new --from-literal=host=db.local --dry-run=client -o yaml | kubectl diff -f -
kubectl scale deployment web --replicas=5
kubectl diff -f kubectl-diff.yaml | grep '^[-+] '
cat <<EOF2 | kubectl diff -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  color: blue
dta:
  size: large
EOF2
echo "exit $?"
kubectl create deployment Web --image=nginx --dry-run=client -o yaml | kubectl diff -f -
echo "exit $?"
kubectl diff
echo "exit $?"
kubectl diff -f kubectl-diff.yaml extra
echo "exit $?"
kubectl diff -f missing.yaml
echo "exit $?"
kubectl diff -f kubectl-diff.yaml --frobnicate
echo "exit $?"
kubectl diff --help
