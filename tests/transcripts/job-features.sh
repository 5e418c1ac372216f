# seed: 4
# Jobs in depth: Indexed completion (names, JOB_COMPLETION_INDEX),
# activeDeadlineSeconds, OnFailure restarts counted against backoffLimit,
# suspend/resume, ttlSecondsAfterFinished.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.36
        command: ["sh", "-c", "echo index $JOB_COMPLETION_INDEX"]
YAML
sleep 15
kubectl get pods -l job-name=indexed
kubectl get job indexed
kubectl logs $(kubectl get pods -l batch.kubernetes.io/job-completion-index=1 -o name)
kubectl get pods -l job-name=indexed -L batch.kubernetes.io/job-completion-index -o wide
kubectl get pods -l batch.kubernetes.io/job-completion-index=2 -o jsonpath='{.items[0].metadata.annotations}{"\n"}'
kubectl describe job indexed
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: slow
spec:
  activeDeadlineSeconds: 30
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: s
        image: busybox:1.36
        command: ["sleep", "600"]
YAML
sleep 20
kubectl get job slow
kubectl get pods -l job-name=slow
sleep 15
kubectl get job slow
kubectl get pods -l job-name=slow
kubectl describe job slow
kubectl get job slow -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
sleep 30
kubectl get job slow
kubectl get job slow -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl get events --field-selector involvedObject.name=slow
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: restarts
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: r
        image: busybox:1.36
        command: ["sh", "-c", "echo try; exit 2"]
YAML
sleep 30
kubectl get pods -l job-name=restarts
sleep 60
kubectl get pods -l job-name=restarts
kubectl get job restarts
kubectl describe job restarts
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: paused
spec:
  suspend: true
  ttlSecondsAfterFinished: 60
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: p
        image: busybox:1.36
        command: ["echo", "resumed"]
YAML
sleep 10
kubectl get job paused
kubectl get pods -l job-name=paused
kubectl describe job paused
kubectl patch job paused -p '{"spec":{"suspend":false}}'
sleep 10
kubectl get job paused
kubectl logs job/paused
sleep 60
kubectl get job paused
kubectl get pods -l job-name=paused
kubectl create job later --image=busybox:1.36 -- sleep 100
sleep 5
kubectl patch job later -p '{"spec":{"suspend":true}}'
kubectl get job later
kubectl get pods -l job-name=later
sleep 40
kubectl get job later
kubectl get pods -l job-name=later
kubectl get job later -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl patch job later -p '{"spec":{"suspend":false}}'
sleep 5
kubectl get job later -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
kubectl get job later
kubectl get events --field-selector involvedObject.name=later
