# PodDisruptionBudgets as the disruption controller and the eviction API
# treat them: status (currentHealthy, desiredHealthy, expectedPods,
# disruptionsAllowed, the DisruptionAllowed condition), `get pdb` columns,
# and kubectl drain, whose evictions a budget refuses with 429 until
# replacement pods are Ready elsewhere (retried every 5s, as v1.32 prints
# it), or until --timeout.
kubectl create deployment web --image=nginx --replicas=3
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl create pdb web-pdb --selector=app=web --min-available=2
kubectl create pdb none --selector=app=none --max-unavailable=1
kubectl get pdb
kubectl get pdb web-pdb -o jsonpath='{.status}{"\n"}'
kubectl describe pdb web-pdb
kubectl get pods -l app=web -o wide
kubectl drain desktop-worker2 --ignore-daemonsets
kubectl get pods -l app=web -o wide
kubectl get pdb web-pdb
kubectl uncordon desktop-worker2
kubectl patch pdb web-pdb --type=merge -p '{"spec":{"minAvailable":3}}'
kubectl get pdb web-pdb
kubectl get pdb web-pdb -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}{"\n"}{end}'
kubectl drain desktop-worker --ignore-daemonsets --timeout=12s
echo "exit=$?"
kubectl get pods -l app=web
kubectl run loner --image=nginx --labels=app=loner
kubectl wait --for=condition=Ready pod/loner --timeout=60s
kubectl create pdb loner --selector=app=loner --max-unavailable=1
kubectl describe pdb loner
