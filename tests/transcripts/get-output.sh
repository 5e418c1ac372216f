# seed: 1
# kubectl get: output formats, selectors, sorting, kinds and errors.
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl create deployment api --image=nginx:stable
kubectl label deployment api tier=backend
sleep 20
kubectl get pods
kubectl get pods -o wide
kubectl get deploy -o wide
kubectl get deploy --show-labels
kubectl get pods -L app
kubectl get pods -l app=web --no-headers
kubectl get pods -l 'app in (api)' -o name
kubectl get pods -l app!=web
kubectl get deploy -l tier
kubectl get pods --field-selector status.phase=Running -o name
kubectl get deploy --sort-by=.metadata.name
kubectl get deploy -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[0].image
kubectl get deploy web -o jsonpath='{.spec.replicas}{"\n"}'
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.labels.app}{"\n"}{end}'
kubectl get deploy,svc
kubectl get deployments.apps web
kubectl get deployment.apps/api
kubectl get nodes
kubectl get ns
kubectl get pods -n kube-system -l k8s-app=kube-dns
kubectl get pods nosuch
kubectl get foo
kubectl get pods -n empty
kubectl get svc -A
kubectl get pods -o yaml -l app=api | head -12
kubectl get deploy api -o json | head -8
