# seed: 1
# kubectl auth whoami: the SelfSubjectReview of the kubeconfig's user. The
# admin certificate is kubeadm's (kind): kubernetes-admin in
# kubeadm:cluster-admins, with v1.32's X509SHA256 credential id; a token
# from `kubectl create token` is its service account; --as impersonates.
kubectl auth whoami
kubectl auth whoami -o yaml
kubectl auth whoami -o json
kubectl auth whoami -o name
kubectl auth whoami -o jsonpath='{.status.userInfo.groups[0]}{"\n"}'
kubectl auth whoami -o go-template='{{.status.userInfo.username}}{{"\n"}}'
kubectl auth whoami -o wide
kubectl auth whoami --as=jane
kubectl auth whoami --as=jane --as-group=developers --as-group=ops -o yaml
kubectl auth whoami --as=system:serviceaccount:kube-system:default
kubectl create serviceaccount bot
kubectl config set-credentials bot --token=$(kubectl create token bot)
kubectl config set-context bot --cluster=docker-desktop --user=bot
kubectl --context bot auth whoami
kubectl --user bot auth whoami -o yaml
kubectl --token=not-a-token auth whoami
sleep 3600
kubectl --context bot auth whoami
kubectl --context nowhere auth whoami
kubectl auth whoami --help
