# seed: 1
# A binary paste on the command line, and a script that ends inside a
# heredoc: bash warns, then runs the command with the body read so far.
kubectl get configmaps
x
[31mred
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: hd
data:
  a: "1"
