# seed: 1
# kubectl set serviceaccount (sa): the pod template's serviceAccountName, a rollout, and kubectl's errors.
kubectl create deployment web --image=nginx
kubectl create serviceaccount builder
kubectl set serviceaccount deployment web builder
kubectl get deploy web -o jsonpath='{.spec.template.spec.serviceAccountName}{"\n"}'
kubectl set sa deploy/web builder
kubectl set serviceaccount deploy web builder --dry-run=client -o yaml | grep serviceAccountName
kubectl create service clusterip s --tcp=80
kubectl set sa svc/s builder
kubectl set sa deploy/web
kubectl set sa
sleep 20
kubectl get pods -o custom-columns=NAME:.metadata.name,SA:.spec.serviceAccountName
