# More generators: service accounts, tokens, RBAC, quotas, PDBs and
# priority classes (dry-run YAML compared with kubectl v1.32's).
kubectl create serviceaccount build-bot
kubectl create sa build-bot
kubectl create token build-bot
kubectl create token build-bot --duration=2h --audience=https://example.com | cut -d. -f2 | tr '_-' '/+' | base64 -d 2>/dev/null | cut -c1-60
echo
kubectl create token nobody
kubectl create token build-bot --duration=5m
kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods,pods/log --dry-run=client -o yaml
kubectl create role mixed --verb=get --resource=pods,deployments.apps,rs --resource-name=web --dry-run=client -o yaml
kubectl create role odd --verb=peek --resource=pods --dry-run=client -o yaml
kubectl create role nothing --verb=get --resource=widgets
kubectl create role pod-reader --verb=get,list,watch --resource=pods
kubectl create rolebinding read-pods --role=pod-reader --serviceaccount=default:build-bot --user=jane
kubectl create clusterrole node-reader --verb=get,list --resource=nodes --non-resource-url=/healthz --dry-run=client -o yaml
kubectl create clusterrole node-reader --verb=get,list --resource=nodes
kubectl create clusterrolebinding read-nodes --clusterrole=node-reader --group=ops
kubectl create clusterrolebinding read-nodes
kubectl get role,rolebinding
kubectl get clusterrole node-reader -o yaml | tail -9
kubectl create quota compute --hard=cpu=2000m,memory=2Gi,pods=10
kubectl get quota compute -o jsonpath='{.spec.hard}{"\n"}'
kubectl create pdb web-pdb --selector=app=web --min-available=50%
kubectl get pdb web-pdb -o jsonpath="{.spec}{\"\\n\"}"
kubectl create priorityclass high --value=100000 --description="for the important ones"
kubectl get priorityclass high -o jsonpath="{.value} {.preemptionPolicy} {.description}{\"\\n\"}"
