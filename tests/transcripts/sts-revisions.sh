# seed: 3
# StatefulSet revisions: ControllerRevisions, partitioned and OnDelete
# updates, rollout history and undo.
kubectl apply -f web-sts.yaml
kubectl rollout status sts/web
kubectl get controllerrevisions
kubectl get pods -l app=nginx -L controller-revision-hash
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'
kubectl set image sts/web nginx=nginx:1.28
kubectl rollout status sts/web
kubectl get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,REVISION:.metadata.labels.controller-revision-hash
kubectl get sts web -o jsonpath='{.status.currentRevision} {.status.updateRevision} {.status.currentReplicas} {.status.updatedReplicas}{"\n"}'
kubectl delete pod web-0
kubectl rollout status sts/web
kubectl get pod web-0 -o jsonpath='{.spec.containers[0].image}{"\n"}'
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'
kubectl rollout status sts/web
kubectl get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,REVISION:.metadata.labels.controller-revision-hash
kubectl get sts web -o jsonpath='{.status.currentRevision} {.status.updateRevision} {.status.currentReplicas} {.status.updatedReplicas}{"\n"}'
kubectl get controllerrevisions
kubectl rollout history sts/web
kubectl rollout history sts/web --revision=1
kubectl rollout history sts/web --revision=5
kubectl rollout undo sts/web
kubectl rollout status sts/web
kubectl rollout history sts/web
kubectl get controllerrevisions
kubectl rollout undo sts/web --to-revision=3
kubectl rollout undo sts/web --to-revision=9
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
kubectl set image sts/web nginx=nginx:1.26
sleep 30
kubectl get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image
kubectl rollout status sts/web
kubectl delete pod web-1
sleep 10
kubectl get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image
kubectl get sts web -o jsonpath='{.status.currentRevision} {.status.updateRevision} {.status.currentReplicas} {.status.updatedReplicas}{"\n"}'
kubectl delete sts web
kubectl get controllerrevisions
