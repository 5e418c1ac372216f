# seed: 1
# StatefulSet: ordered creation, stable names, claims and DNS names.
kubectl get storageclass
kubectl apply -f web-sts.yaml
kubectl get pods -l app=nginx
sleep 2
kubectl get pods -l app=nginx
sleep 5
kubectl get pods -l app=nginx
sleep 5
kubectl get pods -l app=nginx
sleep 10
kubectl get pods -l app=nginx -o wide
kubectl get statefulset web
kubectl get sts -o wide
kubectl rollout status statefulset/web
kubectl get pvc
kubectl get pv
kubectl describe pvc www-web-1
kubectl describe pv $(kubectl get pvc www-web-1 -o jsonpath='{.spec.volumeName}')
kubectl describe sc standard
kubectl delete pod web-1
kubectl get pods -l app=nginx
sleep 10
kubectl get pods -l app=nginx
kubectl get pod web-1 -o jsonpath='{.spec.volumes[0].persistentVolumeClaim.claimName}{"\n"}'
kubectl run dns --image=busybox:1.28 --restart=Never --command -- sleep 3600
sleep 10
kubectl exec dns -- nslookup web-1.nginx
kubectl exec dns -- nslookup nginx
kubectl scale sts web --replicas=1
kubectl get pods -l app=nginx
sleep 1
kubectl get pods -l app=nginx
sleep 30
kubectl get pods -l app=nginx
kubectl get pvc
kubectl describe statefulset web
kubectl scale sts web --replicas=3
kubectl rollout status sts/web
kubectl get pods -l app=nginx
kubectl set image sts/web nginx=nginx:1.28
kubectl rollout status sts/web
kubectl get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,CLAIM:.spec.volumes[0].persistentVolumeClaim.claimName
