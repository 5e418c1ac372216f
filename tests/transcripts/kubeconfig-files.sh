# seed: 1
# --kubeconfig and $KUBECONFIG as client-go's loading rules read them: an
# explicit file alone (missing: an empty config for `kubectl config`, a stat
# error for the rest), a $KUBECONFIG list merged (the first file to name an
# entry or set a current context wins, missing files skipped), changes
# written back where each entry came from.
kubectl --kubeconfig /tmp/nope get pods
kubectl --kubeconfig /tmp/nope create namespace x --dry-run=client
kubectl --kubeconfig /tmp/nope version --client
kubectl --kubeconfig /tmp/nope config view
kubectl --kubeconfig /tmp/nope config current-context
kubectl config view --minify --raw > dev.yaml
kubectl --kubeconfig dev.yaml config rename-context docker-desktop dev
kubectl --kubeconfig dev.yaml config set-context --current --namespace=kube-system
kubectl --kubeconfig=dev.yaml get pods -l component=etcd
kubectl get pods -l component=etcd
KUBECONFIG=dev.yaml kubectl config current-context
kubectl config current-context
export KUBECONFIG=/tmp/nope
kubectl get pods
kubectl config set-context extra --cluster=docker-desktop --user=docker-desktop --namespace=kube-public
cat /tmp/nope
export KUBECONFIG=/tmp/missing:dev.yaml:/home/student/.kube/config:/tmp/nope
kubectl config get-contexts
kubectl get pods -l component=etcd
kubectl config use-context extra
kubectl get configmaps
grep current-context dev.yaml
kubectl config set-context docker-desktop --namespace=kube-node-lease
kubectl config delete-context dev
kubectl config get-contexts
unset KUBECONFIG
kubectl config get-contexts
echo 'a: [' > bad.yaml
kubectl --kubeconfig bad.yaml get pods
echo 'apiVersion: v1' > pod.yaml
echo 'kind: Pod' >> pod.yaml
KUBECONFIG=pod.yaml:dev.yaml kubectl config view
echo 'clusters: 5' > five.yaml
kubectl --kubeconfig five.yaml config get-contexts
echo 'hello' > hello.txt
kubectl --kubeconfig hello.txt get pods
kubectl --kubeconfig /etc/kubeconfig config set-context a
