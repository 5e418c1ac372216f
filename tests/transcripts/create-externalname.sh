# seed: 1
# kubectl create service externalname: the generator's object, its flag and name checks.
kubectl create service externalname my-ns --external-name bar.com --dry-run=client -o yaml
kubectl create service externalname my-ns --external-name bar.com --tcp=80 --dry-run=client -o yaml
kubectl create service externalname x --external-name "bad name"
kubectl create service externalname --dry-run=client
kubectl create service externalname my-ns --external-name bar.com
kubectl get svc my-ns
kubectl create service externalname -h | head -3
