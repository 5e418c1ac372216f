# kubectl logs --since / --since-time keep the lines stamped at or after
# the cut; --timestamps never go backwards, with or without --tail.
kubectl run ticker --image=busybox -- sh -c 'while true; do echo tick; sleep 20; done'
kubectl run web --image=nginx
sleep 100
kubectl logs ticker --timestamps
kubectl logs ticker --since=30s
kubectl logs ticker --since=1m --timestamps
kubectl logs ticker --since=1h
kubectl logs ticker --since=0
kubectl logs web --timestamps
kubectl logs web --tail=3 --timestamps
kubectl logs web --since=30s
kubectl logs ticker --since-time=2026-01-05T09:01:00Z
kubectl logs ticker --since-time=2026-01-05T10:01:00+01:00 --tail=1
kubectl logs ticker --since-time=2026-01-05T09:01:00.900Z --timestamps
kubectl logs ticker --since=1h --since-time=2026-01-05T09:01:00Z
kubectl logs ticker --since=-5m
kubectl logs ticker --since=abc
kubectl logs ticker --since-time=yesterday
kubectl logs -l run=ticker --since=25s
