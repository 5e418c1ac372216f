# seed: 1
# The course notes' Ingress lab, verbatim: the Service lab's nginx Deployment
# and Services, ingress-nginx installed by URL, the notes' Ingress, cleanup.
kubectl apply -f ingress-lab/nginx.yaml
kubectl expose deployment nginx --name nginx --port 80
kubectl apply -f ingress-lab/nginx-np.yaml
sleep 10
kubectl get deploy,pods,svc
kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml
kubectl -n ingress-nginx get all
sleep 60
kubectl -n ingress-nginx get all
kubectl get ingressclass
kubectl -n ingress-nginx describe svc ingress-nginx-controller
curl -k https://localhost
curl https://localhost
curl http://localhost
kubectl apply -f ingress-lab/nginx-ing.yaml
kubectl get ingress
sleep 60
kubectl get ingress
kubectl describe ingress nginx-ing
curl -k https://localhost/testpath
curl -k https://localhost/testpath/
curl -k https://localhost/other
kubectl delete deployment nginx
kubectl delete service nginx
kubectl delete service nginx-np
kubectl delete pod curlutils
kubectl delete ingress nginx-ing
kubectl delete -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml
kubectl get all -A
kubectl get ns
kubectl get ingressclass
kubectl get validatingwebhookconfigurations
curl -k https://localhost
