# seed: 1
# profile: minikube
# minikube's client certificate is minikube-user in system:masters.
kubectl config view -o jsonpath='{.users[0].name}{"\n"}'
kubectl auth whoami
