# kubectl cluster-info dump: nodes, then per namespace the typed lists
# and every container's logs between kubectl's markers.
kubectl create deployment web --image=nginx
kubectl run broken --image=nginx:no-such-tag
sleep 30
kubectl cluster-info dump | grep -E '^    "kind"|^====|^Request log' | head -30
kubectl cluster-info dump --namespaces default | grep -E '^    "kind"|^==== START|^Request log'
kubectl cluster-info dump --namespaces default -o yaml | grep -E '^---|^kind:|^==== END'
kubectl cluster-info dump -A -o name | grep -c /
kubectl cluster-info dump --namespaces default --output-directory=/tmp/cluster-state
head -8 /tmp/cluster-state/default/services.json
cat /tmp/cluster-state/default/broken/logs.txt
kubectl cluster-info dump -o wide
kubectl cluster-info dump extra
