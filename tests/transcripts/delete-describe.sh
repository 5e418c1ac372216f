# seed: 1
# describe (pod, deployment, service, node, namespace, configmap) and delete
# by name, -l, --all, -f, --grace-period/--now/--force, namespaces.
kubectl create namespace lab
kubectl create deployment web --image=nginx:stable --replicas=2 -n lab
kubectl expose deployment web --port=80 -n lab
kubectl create configmap settings --from-literal=mode=dev -n lab
kubectl run solo --image=nginx:stable -n lab --labels=app=solo,tier=x
sleep 15
kubectl describe pod solo -n lab
kubectl describe deployment web -n lab
kubectl describe svc web -n lab
kubectl describe cm settings -n lab
kubectl describe ns lab
kubectl describe pod nosuch -n lab
kubectl delete pod solo -n lab --wait=false
kubectl get pods -n lab
sleep 30
kubectl get pods -n lab
kubectl delete pod -l app=web -n lab --now
kubectl get pods -n lab
kubectl delete pods --all -n lab --force
kubectl delete pod nosuch -n lab
kubectl delete pod nosuch -n lab --ignore-not-found
kubectl delete deployment,svc web -n lab
kubectl delete cm -l nothing=here -n lab
kubectl delete pod
kubectl delete namespace lab
kubectl get ns
kubectl delete namespace kube-system
