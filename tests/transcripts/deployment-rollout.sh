# seed: 1
# Deployment rollouts step by step: maxSurge/maxUnavailable 1 of 4,
# Recreate, history and undo, pause and resume.
kubectl apply -f deploy-rolling.yaml
kubectl rollout status deployment/web
kubectl get rs
kubectl set image deployment/web nginx=nginx:1.27
kubectl annotate deployment/web kubernetes.io/change-cause="nginx 1.27"
kubectl get rs
kubectl get pods
sleep 2
kubectl get rs
kubectl get pods
sleep 3
kubectl get rs
kubectl rollout status deployment/web
kubectl get rs
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl get deployment web -o wide
kubectl describe deployment web
kubectl apply -f deploy-recreate.yaml
kubectl rollout status deployment/db
kubectl set image deployment/db nginx=nginx:1.27
kubectl get pods -l app=db
sleep 1
kubectl get pods -l app=db
kubectl rollout status deployment/db
kubectl get pods -l app=db
kubectl rollout pause deployment/web
kubectl set image deployment/web nginx=nginx:1.28
kubectl get rs -l app=web
kubectl rollout status deployment/web --timeout=10s
kubectl rollout resume deployment/web
kubectl rollout status deployment/web
kubectl get rs -l app=web
