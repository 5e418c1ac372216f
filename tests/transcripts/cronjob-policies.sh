# seed: 5
# CronJobs in depth: descriptors (@hourly, @every), CRON_TZ= and unknown
# descriptors rejected, spec.timeZone (real zones; unknown ones rejected),
# concurrencyPolicy Forbid (the skipped run starts when the running job
# ends) and Replace, failedJobsHistoryLimit, suspend, startingDeadlineSeconds.
kubectl create cronjob hourly --image=busybox:1.36 --schedule="@hourly" -- echo tick
kubectl create cronjob every --image=busybox:1.36 --schedule="@every 90s" -- echo tick
kubectl create cronjob tz --image=busybox:1.36 --schedule="CRON_TZ=UTC 0 * * * *" -- echo tick
kubectl create cronjob bad --image=busybox:1.36 --schedule="@fortnightly" -- echo tick
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: seoul
spec:
  schedule: "0 9 * * *"
  timeZone: Asia/Seoul
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox:1.36
            command: ["date"]
YAML
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: mars
spec:
  schedule: "0 9 * * *"
  timeZone: Mars/Olympus
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox:1.36
YAML
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: forbid
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: s
            image: busybox:1.36
            command: ["sleep", "150"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: replace
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Replace
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: s
            image: busybox:1.36
            command: ["sleep", "150"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: failing
spec:
  schedule: "*/2 * * * *"
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: s
            image: busybox:1.36
            command: ["sh", "-c", "exit 1"]
YAML
kubectl get cj
sleep 5m
kubectl get cj
kubectl get jobs
kubectl describe cj forbid
kubectl get events --field-selector involvedObject.name=replace
kubectl get cj seoul -o jsonpath='{.spec.timeZone} {.status}{"\n"}'
kubectl delete cj forbid replace failing hourly every
kubectl patch cj seoul -p '{"spec":{"suspend":true}}'
sleep 2d
kubectl get cj seoul
kubectl patch cj seoul -p '{"spec":{"suspend":false,"startingDeadlineSeconds":100}}'
sleep 1m
kubectl get cj seoul
kubectl get jobs
sleep 1d
kubectl get cj seoul
kubectl get jobs
kubectl logs job/$(kubectl get jobs -o jsonpath='{.items[0].metadata.name}')
