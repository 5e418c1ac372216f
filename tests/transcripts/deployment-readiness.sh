# seed: 8
# Deployments: a readinessProbe delays Ready (initialDelaySeconds), the
# EndpointSlice follows readiness, and a rolling update of 10 replicas
# with the default 25%/25% (surge rounds up to 3, unavailable down to 2).
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 10
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 10
          periodSeconds: 5
YAML
kubectl expose deployment web --port=80
sleep 5
kubectl get deploy web
kubectl get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{range .items[*].endpoints[*]}{.conditions.ready} {end}{"\n"}'
sleep 10
kubectl get deploy web
kubectl get endpoints web
kubectl set image deployment/web nginx=nginx:1.28
kubectl get rs
sleep 5
kubectl get rs
kubectl rollout status deployment/web
kubectl get rs
