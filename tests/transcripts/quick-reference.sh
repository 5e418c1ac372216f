# The kubectl Quick Reference (kubernetes.io/docs/reference/kubectl/quick-reference/),
# the commands of its sections that a kind cluster answers, with names
# adapted to this cluster (nodes, pods). Commands the playground does not
# simulate say so; everything else answers as kubectl v1.32 does.
kubectl config view
kubectl config view -o jsonpath='{.users[].name}'
kubectl config view -o jsonpath='{.users[*].name}'
kubectl config get-contexts
kubectl config get-contexts -o name
kubectl config current-context
kubectl config set-context --current --namespace=default
kubectl create deployment nginx --image=nginx
kubectl create job hello --image=busybox:1.28 -- echo "Hello World"
kubectl create cronjob hello --image=busybox:1.28   --schedule="*/1 * * * *" -- echo "Hello World"
kubectl apply -f - <<EOF2
apiVersion: v1
kind: Pod
metadata:
  name: busybox-sleep
spec:
  containers:
  - name: busybox
    image: busybox:1.28
    args:
    - sleep
    - "1000000"
---
apiVersion: v1
kind: Pod
metadata:
  name: busybox-sleep-less
spec:
  containers:
  - name: busybox
    image: busybox:1.28
    args:
    - sleep
    - "1000"
EOF2
kubectl apply -f - <<EOF2
apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  password: $(echo -n "s33msi4" | base64 -w0)
  username: $(echo -n "jane" | base64 -w0)
EOF2
sleep 30
kubectl get services
kubectl get pods --all-namespaces
kubectl get pods -o wide
kubectl get deployment nginx
kubectl get pods
kubectl describe nodes desktop-worker | head -20
kubectl get services --sort-by=.metadata.name
kubectl get pods --sort-by='.status.containerStatuses[0].restartCount'
kubectl get pv --sort-by=.spec.capacity.storage
kubectl get pods --selector=app=cassandra -o jsonpath='{.items[*].metadata.labels.version}'
kubectl create configmap myconfig --from-literal=ca.crt=CERT
kubectl get configmap myconfig -o jsonpath='{.data.ca\.crt}'
kubectl get node --selector='!node-role.kubernetes.io/control-plane'
kubectl get pods --field-selector=status.phase=Running
kubectl get nodes -o jsonpath='{.items[*].status.addresses[?(@.type=="ExternalIP")].address}'
kubectl get pods --show-labels
JSONPATH='{range .items[*]}{@.metadata.name}:{range @.status.conditions[*]}{@.type}={@.status};{end}{end}' && kubectl get nodes -o jsonpath="$JSONPATH" | grep "Ready=True"
kubectl get node -o custom-columns='NODE_NAME:.metadata.name,STATUS:.status.conditions[?(@.type=="Ready")].status'
kubectl get pods --all-namespaces -o jsonpath='{range .items[*].status.initContainerStatuses[*]}{.containerID}{"\n"}{end}' | cut -d/ -f3
kubectl get events --sort-by=.metadata.creationTimestamp | head -5
kubectl events --types=Warning
kubectl get deployment nginx --subresource=status
kubectl create deployment frontend --image=nginx:1.25
kubectl set env deployment/frontend --containers=nginx A=1 >/dev/null
kubectl set image deployment/frontend nginx=nginx:1.27
kubectl rollout history deployment/frontend
kubectl rollout undo deployment/frontend
kubectl rollout undo deployment/frontend --to-revision=2
kubectl rollout status -w deployment/frontend
kubectl rollout restart deployment/frontend
kubectl label pods busybox-sleep new-label=awesome
kubectl label pods busybox-sleep new-label-
kubectl label pods busybox-sleep new-label=new-value --overwrite
kubectl annotate pods busybox-sleep icon-url=http://goo.gl/XXBTWq
kubectl annotate pods busybox-sleep icon-url-
kubectl autoscale deployment nginx --min=2 --max=10
kubectl patch node desktop-worker2 -p '{"spec":{"unschedulable":true}}'
kubectl patch pod busybox-sleep -p '{"spec":{"containers":[{"name":"busybox","image":"busybox:1.36"}]}}'
kubectl patch pod busybox-sleep --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"busybox:1.28"}]'
kubectl patch sa default --type='json' -p='[{"op": "add", "path": "/secrets/1", "value": {"name": "whatever" } }]'
kubectl patch deployment nginx --subresource='scale' --type='merge' -p '{"spec":{"replicas":2}}'
kubectl scale --current-replicas=2 --replicas=3 deployment/nginx
kubectl scale --replicas=3 rs/foo
kubectl delete pod busybox-sleep-less --now
kubectl delete pod,service baz foo
kubectl delete pods,services -l name=myLabel
kubectl logs busybox-sleep
kubectl logs -l app=nginx
kubectl logs busybox-sleep --previous
kubectl logs busybox-sleep -c busybox
kubectl run nginx --image=nginx --dry-run=client -o yaml
kubectl exec busybox-sleep -- ls /
kubectl top pod
kubectl logs deploy/nginx
kubectl exec deploy/nginx -- ls
kubectl cordon desktop-worker
kubectl uncordon desktop-worker
kubectl top node
kubectl get nodes -o='custom-columns=NodeName:.metadata.name,TaintKey:.spec.taints[*].key,TaintValue:.spec.taints[*].value,TaintEffect:.spec.taints[*].effect'
kubectl taint nodes desktop-worker dedicated=special-user:NoSchedule
kubectl api-resources --verbs=list,get | head -3
kubectl api-resources --api-group=extensions
kubectl get pods -A -o=custom-columns='DATA:spec.containers[*].image'
kubectl get pods --namespace default --output=custom-columns="NAME:.metadata.name,IMAGE:.spec.containers[*].image"
kubectl get pods -A -o=custom-columns='DATA:spec.containers[?(@.image!="registry.k8s.io/coredns:1.6.2")].image'
kubectl config view --raw | head -5
kubectl config set-cluster my-cluster-name
kubectl config unset users.foo
kubectl apply -f qr-pod.json
kubectl apply -f qr-foo.yaml
sleep 5
cat qr-pod.json | kubectl replace -f -
kubectl replace --force -f ./qr-pod.json
kubectl expose rc nginx --port=80 --target-port=8000
kubectl create secret generic my-secret --from-literal=key-name-with-dashes=c2VjcmV0
kubectl get secret my-secret --template='{{index .data "key-name-with-dashes"}}'
kubectl get secret my-secret -o go-template='{{range $k,$v := .data}}{{"### "}}{{$k}}{{"\n"}}{{$v|base64decode}}{{"\n\n"}}{{end}}'
kubectl scale --replicas=3 -f qr-foo.yaml
kubectl scale --replicas=5 rc/foo rc/bar rc/baz
kubectl edit svc/docker-registry
kubectl run nginx --image=nginx -n mynamespace
kubectl attach mypod -i
kubectl top pod mypod --containers
kubectl top pod mypod --sort-by=cpu
kubectl exec mypod -c my-container -- ls /
kubectl debug mypod -it --image=busybox:1.28
kubectl cluster-info
kubectl cluster-info dump | head -12
kubectl api-resources --namespaced=true | head -3
kubectl delete -f ./qr-pod.json
kubectl -n default delete pod,svc --all
kubectl get pods
kubectl drain desktop-worker2 --ignore-daemonsets
kubectl run -i --tty busybox --image=busybox:1.28 -- sh
