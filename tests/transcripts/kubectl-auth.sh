# seed: 1
# kubectl auth can-i: the kubeconfig's user is the cluster's admin.
kubectl auth can-i create deployments
kubectl auth can-i delete pods -n kube-system
kubectl auth can-i '*' '*'
kubectl auth can-i get pods/nginx
kubectl auth can-i list secrets -A
kubectl auth can-i get /healthz
kubectl auth can-i fly pods
kubectl auth can-i get widgets
kubectl auth can-i list pods --as=dev-user
echo $?
kubectl auth can-i create pods -q
echo $?
kubectl auth can-i get
kubectl auth can-i --list get pods
kubectl auth can-i --list
kubectl auth
kubectl auth whoami
