# seed: 4
# Each nginx pod writes its hostname into its index.html; curl through the
# ClusterIP Service from a client pod shows which pod answered.
kubectl apply -f nginx-index.yaml
kubectl run client --image=curlimages/curl -- sleep infinity
sleep 30
kubectl get pods -o wide
kubectl exec client -- curl -s web | grep title
kubectl exec web-0 -- sh -c 'echo "Hello from $(hostname)" > /usr/share/nginx/html/index.html'
kubectl exec web-1 -- sh -c 'echo "Hello from $(hostname)" > /usr/share/nginx/html/index.html'
kubectl exec web-2 -- sh -c 'echo "Hello from $(hostname)" > /usr/share/nginx/html/index.html'
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web
kubectl exec client -- curl -s web-1.nginx
kubectl exec client -- curl -si web-2.nginx/index.html
kubectl exec web-0 -- rm /usr/share/nginx/html/index.html
kubectl exec client -- curl -s web-0.nginx
kubectl exec client -- curl -s web-0.nginx/50x.html
kubectl exec web-0 -- mkdir /usr/share/nginx/html/docs
kubectl exec web-0 -- sh -c 'echo "the docs" > /usr/share/nginx/html/docs/index.html'
kubectl exec client -- curl -s web-0.nginx/docs/
kubectl exec client -- curl -si web-0.nginx/docs
kubectl logs web-0 --tail=4
kubectl delete pod web-1
sleep 20
kubectl exec client -- curl -s web-1.nginx
