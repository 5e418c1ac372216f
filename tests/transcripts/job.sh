# seed: 1
# Jobs: completions with bounded parallelism, back-off to backoffLimit,
# the docs' pi Job and its log.
kubectl apply -f job-parallel.yaml
sleep 5
kubectl get jobs
kubectl get pods
sleep 20
kubectl get pods
sleep 20
kubectl get pods
kubectl get job batch
sleep 30
kubectl get job batch
kubectl get job batch -o wide
kubectl get pods
kubectl logs job/batch
kubectl describe job batch
kubectl apply -f job-fail.yaml
sleep 5
kubectl get pods -l job-name=fail
sleep 20
kubectl get pods -l job-name=fail
sleep 60
kubectl get pods -l job-name=fail
kubectl get job fail
kubectl describe job fail
kubectl get events --field-selector involvedObject.name=fail
kubectl delete job batch
kubectl get pods
kubectl apply -f job-pi.yaml
kubectl get pods -l job-name=pi
kubectl wait --for=condition=complete job/pi --timeout=300s
kubectl get job pi
kubectl logs job/pi
