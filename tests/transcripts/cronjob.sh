# seed: 1
# CronJobs: a five-minute schedule over 20 minutes (jobs named by epoch
# minutes, 3 successful kept), a job from a CronJob, the notes' monthly
# job across a month boundary, schedules the API server rejects.
kubectl create cronjob hello --image=busybox:1.36 --schedule="*/5 * * * *" -- echo Hello from the Kubernetes cluster
kubectl get cronjobs
sleep 20m
kubectl get cronjob hello
kubectl get cj -o wide
kubectl get jobs
kubectl get pods
kubectl create job manual --from=cronjob/hello
sleep 10
kubectl get jobs
kubectl logs job/manual
kubectl describe cronjob hello
kubectl delete cronjob hello
kubectl apply -f cj-monthly.yaml
kubectl get cj compress-logs
sleep 26d
kubectl get cj compress-logs
kubectl get jobs
sleep 1d
kubectl get cj compress-logs
kubectl get jobs
kubectl logs job/$(kubectl get jobs -o jsonpath='{.items[0].metadata.name}')
kubectl create cronjob bad --image=busybox:1.36 --schedule="*/5 * * *"
kubectl create cronjob bad --image=busybox:1.36 --schedule="61 * * * *"
kubectl apply -f cj-tz.yaml
kubectl get cronjobs
