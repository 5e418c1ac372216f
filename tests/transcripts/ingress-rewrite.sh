# seed: 1
# ingress-nginx's documented rewrite example (docs/examples/rewrite):
# `/something(/|$)(.*)` with `rewrite-target: /$2`, against the echo server.
kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml
kubectl create deployment http-svc --image=registry.k8s.io/echoserver:1.10 --port=8080
kubectl expose deployment http-svc --port=80 --target-port=8080
sleep 60
kubectl get pods,svc
echo '
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
  name: rewrite
  namespace: default
spec:
  ingressClassName: nginx
  rules:
  - host: rewrite.bar.com
    http:
      paths:
      - path: /something(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: http-svc
            port: 
              number: 80
' | kubectl create -f -
sleep 60
kubectl get ingress
kubectl describe ingress rewrite
curl -k -H 'Host: rewrite.bar.com' https://localhost/something
curl -k -H 'Host: rewrite.bar.com' https://localhost/something/
curl -k -H 'Host: rewrite.bar.com' https://localhost/something/new
curl -k -H 'Host: rewrite.bar.com' https://localhost/SOMETHING/Upper?x=1
curl -k -H 'Host: rewrite.bar.com' https://localhost/else
curl -s -o /dev/null -w '%{http_code}\n' -H 'Host: rewrite.bar.com' http://localhost/something/new
kubectl logs -n ingress-nginx deploy/ingress-nginx-controller --tail=6
