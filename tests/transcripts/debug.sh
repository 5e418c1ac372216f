# seed: 1
# kubectl debug: an ephemeral container in a running pod, a copy of a
# pod, a pod on a node's host namespaces; their sessions and errors.
kubectl run web --image=nginx:stable
kubectl wait --for=condition=ready pod/web
kubectl debug web -it --image=busybox:1.28 --target=web
hostname
ps
wget -qO- localhost | head -4
exit
kubectl get pod web
kubectl get pod web -o jsonpath='{.spec.ephemeralContainers[0].name} {.status.ephemeralContainerStatuses[0].state.terminated.reason}{"\n"}'
kubectl describe pod web
kubectl debug web -it --image=busybox:1.28 -c probe --profile=general
echo $HOSTNAME
exit 1
kubectl debug web -it --image=busybox:1.28 -c probe
kubectl debug web --image=busybox:1.28 -q -- sleep 3600
kubectl get pod web -o jsonpath='{range .spec.ephemeralContainers[*]}{.name} {.command}{"\n"}{end}'
kubectl debug web -it --copy-to=web-debug --image=busybox:1.28 --share-processes
hostname
exit
kubectl get pods
kubectl debug node/desktop-worker -it --image=busybox:1.28
hostname
exit
kubectl get pods -o wide
kubectl debug deploy/nothing --image=busybox:1.28
kubectl debug web
kubectl debug --image=busybox:1.28
kubectl debug web --image=Busybox
kubectl debug web --image=busybox:1.28 --profile=admin
kubectl debug web --image=busybox:1.28 -t
kubectl debug web --image=busybox:1.28 --replace
kubectl debug nosuch --image=busybox:1.28
kubectl debug node/nosuch --image=busybox:1.28
kubectl create deployment app --image=nginx:stable
kubectl debug deployment/app --image=busybox:1.28
