# seed: 1
# kubectl edit finds the objects, then needs a text editor, which the
# playground's host does not have: kubectl's error when it cannot start one.
kubectl create deployment web --image=nginx:1.25
kubectl edit deployment web
kubectl edit deploy/missing
export EDITOR=nano
kubectl edit deployment/web
export KUBE_EDITOR="code --wait"
kubectl edit deployment/web
kubectl edit
