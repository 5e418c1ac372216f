# kubectl get -w over an empty list prints nothing (kubectl prints no
# header for a table without rows); the header comes with the first row.
kubectl get pods -w
sleep 2
kubectl create cronjob tick --image=busybox --schedule='*/1 * * * *' -- echo hi
kubectl get jobs -w
sleep 65
kubectl get pods --watch-only
sleep 60
kubectl get jobs -w --no-headers --output-watch-events
sleep 60
kubectl get svc -n nowhere -w
sleep 1
