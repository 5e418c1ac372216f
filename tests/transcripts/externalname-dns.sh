# seed: 1
# An ExternalName Service is a CNAME in the cluster DNS, as CoreDNS answers it.
# The playground has no upstream DNS: a target outside cluster.local gets the
# CNAME alone (CoreDNS forwards the target and nothing comes back), so stub
# resolvers (curl, wget) find no address; a target inside cluster.local is
# followed to its A record.
kubectl create service externalname my-svc --external-name example.com
kubectl create deployment web --image=nginx
kubectl expose deployment web --port=80
kubectl create service externalname alias --external-name web.default.svc.cluster.local
kubectl run bb --image=busybox:1.36 --restart=Never -- sleep 3600
kubectl run old --image=busybox:1.28 --restart=Never -- sleep 3600
kubectl run c --image=curlimages/curl --restart=Never -- sleep 3600
kubectl wait --for=condition=Ready pod/bb pod/old pod/c
kubectl rollout status deployment web
kubectl get svc my-svc alias
kubectl exec bb -- nslookup my-svc.default.svc.cluster.local
echo "exit $?"
kubectl exec bb -- nslookup my-svc
kubectl exec bb -- nslookup -type=cname my-svc.default.svc.cluster.local
kubectl exec bb -- nslookup alias.default.svc.cluster.local
kubectl exec bb -- nslookup -type=a alias
kubectl exec old -- nslookup my-svc
kubectl exec old -- nslookup alias
kubectl exec bb -- wget -qO- my-svc
kubectl exec c -- curl -sS my-svc
kubectl exec c -- curl -sS -o /dev/null -w '%{http_code} %{remote_ip}\n' alias
