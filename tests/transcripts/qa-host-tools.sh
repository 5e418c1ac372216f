# Host text tools the kubectl Quick Reference pipes into: base64, sort,
# uniq, cut, tr (GNU coreutils' output), and bash's message for others.
echo -n "s33msi4" | base64
echo -n "s33msi4" | base64 -w0; echo
echo czMzbXNpNA== | base64 -d; echo
echo '!!!' | base64 -d
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  password: $(echo -n "s33msi4" | base64 -w0)
  username: $(echo -n "jane" | base64 -w0)
EOF
kubectl get secret mysecret -o jsonpath='{.data.password}' | base64 -d; echo
kubectl get secret mysecret -o jsonpath='{.data.username}' | base64 --decode; echo
kubectl create deployment web --image=nginx --replicas=3
kubectl create deployment api --image=nginx
sleep 30
kubectl get pods -o jsonpath='{.items[*].metadata.labels.app}' | tr ' ' '\n' | sort | uniq -c
kubectl get pods --no-headers | cut -d' ' -f1 | cut -d- -f1 | sort -u
kubectl get pods -o name | sort -r | head -2
kubectl get pods -o jsonpath='{.items[*].spec.containers[*].image}' | tr -s '[:space:]' '\n' | sort | uniq
kubectl get deploy --no-headers | sort -k2 -r
echo hello | tr a-z A-Z
cut -f1 nothing.txt
cut
tr a
jq .items
echo -ne 'web\nweb\napi\nweb\n' | sort | uniq -c
echo -ne 'a-b c\nx-y z\n' | cut -d' ' -f1 | cut -d- -f1 | sort -u
echo -ne 'pod/a\npod/c\npod/b\n' | sort -r | head -2
echo -ne 'nginx nginx\tbusybox\n' | tr -s '[:space:]' '\n' | sort | uniq
echo -ne 'web   3/3   3     3     30s\napi   1/1   1     1     30s\n' | sort -k2 -r
base64 -w x
echo -ne 'a\nb\n' | sort -n -r
echo -ne '3 c\n10 a\n' | sort -n
echo -ne 'a:b\n' | cut -d: -f3
echo -ne 'hello world\n' | tr -d '[:space:]'; echo
echo -ne 'a\na\nb\n' | uniq -d
