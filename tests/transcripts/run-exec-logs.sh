# seed: 1
# run, exec (one-shot and interactive), logs, and their errors.
kubectl run web --image=nginx:stable --port=80
kubectl run bb --image=busybox:1.36 --restart=Never -- sh -c 'echo hello from bb; echo second line'
kubectl run sleeper --image=busybox:1.36 --command -- sleep 3600
kubectl run web --image=nginx:stable
kubectl run bad --image=nginx:nosuchtag
sleep 20
kubectl get pods
kubectl logs bb
kubectl logs bb --tail=1
kubectl logs web | head -3
kubectl logs nosuch
kubectl exec web -- cat /etc/hostname
kubectl exec sleeper -- ls /nosuch
echo "exit code $?"
kubectl exec sleeper -- sh -c 'exit 3'
echo "exit code $?"
kubectl exec web -- nosuchbinary
kubectl exec bb -- ls
kubectl exec -it sleeper -- sh
hostname
echo $HOSTNAME
exit
kubectl exec -it web -- bash
cat /etc/os-release | head -2
exit 2
kubectl run -i --rm tmp --image=busybox:1.36 --restart=Never -- echo once
kubectl get pods
kubectl run x --image=nginx --restart=Sometimes
