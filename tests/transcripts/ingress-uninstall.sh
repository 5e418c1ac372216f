# seed: 1
# ingress-nginx's bare-metal manifest installed by URL and removed with
# --wait=false: the namespace stays Terminating until its content is gone.
kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/baremetal/deploy.yaml
sleep 60
kubectl -n ingress-nginx get svc,deploy
kubectl delete -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/baremetal/deploy.yaml --wait=false
kubectl get ns
kubectl get ns ingress-nginx -o jsonpath='{.status.phase}{"\n"}'
sleep 10
kubectl get ns
kubectl -n ingress-nginx get all
kubectl delete -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/baremetal/deploy.yaml
kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/main/deploy/static/provider/cloud/deploy.yaml
