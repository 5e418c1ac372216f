# seed: 1
# kubectl autoscale and the HorizontalPodAutoscaler on a cluster without
# metrics-server: TARGETS stay <unknown>, replicas are kept within
# [min, max], and the controller's events and conditions say why.
kubectl create deployment web --image=nginx:1.25
kubectl autoscale deployment web --max=5 --cpu-percent=50 --dry-run=client -o yaml
kubectl autoscale deployment web --max=5 --dry-run=client
kubectl autoscale deployment web
kubectl autoscale deployment web --min=7 --max=5
kubectl autoscale pod/nothing --max=2
kubectl autoscale deployment web --min=2 --max=5
kubectl get hpa
kubectl autoscale deployment web --max=3
sleep 20
kubectl get hpa
kubectl get deployment web
kubectl get hpa web -o yaml
kubectl get events --field-selector involvedObject.kind=HorizontalPodAutoscaler
kubectl scale deployment web --replicas=8
sleep 15
kubectl get hpa,deploy
kubectl describe hpa web
kubectl explain hpa.spec.minReplicas
kubectl delete hpa web
