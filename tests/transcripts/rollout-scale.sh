# seed: 1
# scale, set image, rollout status/history/undo/restart.
kubectl create deployment web --image=nginx:1.26 --replicas=2
kubectl rollout status deployment/web
kubectl get deploy,rs
kubectl scale deployment web --replicas=4
kubectl scale deployment web --replicas=4
kubectl scale deployment nosuch --replicas=1
kubectl scale deployment web --replicas=-1
kubectl scale deployment web
sleep 10
kubectl get deploy web
kubectl set image deployment/web nginx=nginx:1.27
kubectl rollout status deployment/web
kubectl get rs
kubectl rollout history deployment/web
kubectl rollout history deployment/web --revision=2
kubectl set image deployment/web nosuch=nginx
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl get deploy web -o wide
kubectl rollout history deployment/web
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout restart deployment/web
kubectl rollout status deployment/web
kubectl get rs
kubectl scale --replicas=1 deployment/web
sleep 30
kubectl get pods
