# seed: 1
# kubectl run --expose: the pod, then a Service named as it selecting its labels (service/v2 generator), and the --port rule.
kubectl run web --image=nginx --port=80 --expose
kubectl get svc web -o yaml
kubectl run web2 --image=nginx --port=8080 --expose --labels=app=w,tier=fe --dry-run=client -o yaml
kubectl run web3 --image=nginx --expose
kubectl run web --image=nginx --port=80 --expose
sleep 20
kubectl get endpoints web
kubectl run web4 --image=nginx --port=80 --expose --dry-run=client
kubectl exec web -- curl -s -o /dev/null -w '%{http_code}\n' http://web
