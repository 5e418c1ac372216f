# seed: 2
# DaemonSet revisions: ControllerRevisions named by the template hash,
# rollout history, undo (a rollback renumbers the old revision) and
# revisionHistoryLimit.
kubectl apply -f ds-agent.yaml
kubectl rollout status ds/agent
kubectl get controllerrevisions
kubectl describe controllerrevisions
kubectl get pods -l app=agent -L controller-revision-hash
kubectl get ds agent -o jsonpath='{.status.updatedNumberScheduled}{"\n"}'
kubectl set image ds/agent agent=busybox:1.37
kubectl rollout status ds/agent
kubectl get pods -l app=agent -L controller-revision-hash
kubectl rollout history ds/agent
kubectl rollout history daemonset agent --revision=2
kubectl rollout undo ds/agent --dry-run=client
kubectl rollout undo ds/agent --dry-run=server
kubectl rollout undo ds/agent
kubectl rollout status daemonset/agent
kubectl rollout history ds/agent
kubectl get controllerrevisions
kubectl rollout undo ds/agent --to-revision=3
kubectl rollout undo ds/agent --to-revision=1
kubectl patch ds agent -p '{"spec":{"revisionHistoryLimit":1}}'
kubectl set image ds/agent agent=busybox:1.35
kubectl rollout status ds/agent
kubectl get controllerrevisions
kubectl rollout history ds/agent
kubectl rollout history deployment/nope
kubectl create deployment web --image=nginx:1.27
kubectl rollout undo deployment/web
kubectl rollout history pod/$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
kubectl delete ds agent
kubectl get controllerrevisions
kubectl get controllerrevisions -n kube-system
