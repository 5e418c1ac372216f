kubectl create deployment nginx --image=nginx
kubectl expose deployment nginx --name nginx --port 80
kubectl apply -f qa-svc.yaml
kubectl apply -f qa-svc.yaml
kubectl create -f qa-deploy.yaml --save-config
kubectl apply -f qa-deploy.yaml
kubectl create configmap cfg --from-literal=a=b --save-config
kubectl get configmap cfg -o jsonpath='{.metadata.annotations}'; echo
kubectl create deployment web --image=nginx --save-config --dry-run=client -o yaml
kubectl create namespace plain
kubectl apply -f qa-ns.yaml
kubectl run saved --image=nginx --save-config
kubectl get pod saved -o jsonpath='{.metadata.annotations}'; echo
kubectl expose pod saved --port 80 --save-config --dry-run=client -o yaml
