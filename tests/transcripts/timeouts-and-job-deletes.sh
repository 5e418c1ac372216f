# A curl that waits for a timeout takes that long on the cluster's clock:
# a blackholed address (the kernel gives up after ~131 s in a pod, 75 s on
# macOS), --connect-timeout, --max-time. curl 7 prints the OS's reason,
# curl 8 its own. A Job's pod deleted while running counts as failed and is
# replaced after the 10 s back-off, without waiting for it to terminate.
kubectl run curlpod --image=curlimages/curl:7.86.0 -- sleep infinity
kubectl run web --image=nginx
sleep 10
kubectl get pods
kubectl exec -it curlpod -- curl 10.105.103.161
kubectl get pods
kubectl exec curlpod -- curl -sS --connect-timeout 5 10.105.103.161
kubectl exec curlpod -- curl -sS $(kubectl get pod web -o jsonpath='{.status.podIP}'):81
kubectl get pods
curl --max-time 3 http://10.96.0.10
curl -m 2 --connect-timeout 1 http://10.96.0.10
curl http://10.96.0.10
kubectl get pods
kubectl create job sleeper --image=busybox -- sleep 600
sleep 5
kubectl get pods -l job-name=sleeper
kubectl delete pod -l job-name=sleeper --wait=false
kubectl get job sleeper -o jsonpath='{.status.failed} failed, {.status.terminating} terminating{"\n"}'
sleep 11
kubectl get pods -l job-name=sleeper
kubectl describe job sleeper | grep -E 'Pods Statuses'
kubectl get events --field-selector involvedObject.kind=Job
