# seed: 1
# kubectl run -it: the container's main process is the shell typed into,
# exit ends it; --rm deletes the pod; attach -it reopens a shell; the
# restart policy decides what follows.
kubectl create deployment web --image=nginx:stable
kubectl expose deployment web --port=80
kubectl wait --for=condition=available deploy/web
kubectl run -it busybox --image=busybox:1.28 --rm --restart=Never -- sh
hostname
cat /etc/resolv.conf
nslookup web
wget -qO- http://web | head -4
echo hello > /tmp/note; cat /tmp/note
exit
echo $?
kubectl get pods
kubectl run -i --tty shell --image=busybox:1.28 -- sh
cd /tmp
pwd
exit 3
echo $?
kubectl get pod shell
sleep 10
kubectl get pod shell
kubectl attach shell -c shell -i -t
ls /tmp
exit
kubectl get pod shell -o jsonpath='{.spec.containers[0].stdin} {.spec.containers[0].stdinOnce} {.spec.containers[0].tty}{"\n"}'
kubectl run -it deb --image=ubuntu --restart=Never
echo $HOSTNAME
exit 2
echo $?
kubectl get pod deb
kubectl logs deb
kubectl logs shell --previous
kubectl run -i piped --image=busybox:1.28 --restart=Never --rm -- sh
echo no prompt without a tty
exit
kubectl run -it --rm lookup --image=busybox:1.28 --restart=Never -- nslookup web
kubectl run -it --rm fails --image=busybox:1.28 --restart=Never -- sh -c 'exit 4'
echo $?
kubectl run -it --rm nosuch --image=busybox:no-such-tag --restart=Never -- sh
echo $?
kubectl get pods
kubectl run -i --rm slow --image=busybox:1.28 --restart=Never -- sh -c 'sleep 3; echo done'
kubectl run -it server --image=nginx:stable --rm
kubectl run -it server --image=nginx:stable
kubectl get pod server
kubectl run x --image=busybox:1.28 --rm
kubectl run x --image=busybox:1.28 -t
kubectl run x --image=busybox:1.28 -it --attach=false --dry-run=client -o yaml
kubectl attach deploy/web -i -t
