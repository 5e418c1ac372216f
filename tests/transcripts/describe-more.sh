# describe for EndpointSlices, RBAC, priority classes, leases and events
# (layouts from kubectl v1.32's describers; leases and events through the
# generic describer).
kubectl create deployment web --image=nginx --replicas=2
kubectl expose deployment web --port=80 --target-port=8080 --name=web
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl describe endpointslices -l kubernetes.io/service-name=web
kubectl describe endpointslice kubernetes
kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods,pods/log
kubectl create role mixed --verb=get,update --resource=pods,deployments.apps,rs --resource-name=web --resource-name=api
kubectl describe role pod-reader mixed
kubectl create clusterrole node-reader --verb=get,list --resource=nodes --non-resource-url=/healthz,/metrics
kubectl describe clusterrole node-reader
kubectl create rolebinding read-pods --role=pod-reader --serviceaccount=default:default --user=jane --group=devs
kubectl describe rolebinding read-pods
kubectl create clusterrolebinding read-nodes --clusterrole=node-reader --group=ops
kubectl describe clusterrolebinding read-nodes
kubectl create priorityclass high --value=100000 --description="for the important ones"
kubectl describe priorityclass high
kubectl get leases -n kube-node-lease -o name | head -1
kubectl describe lease -n kube-node-lease $(kubectl get leases -n kube-node-lease -o name | head -1 | cut -d/ -f2)
kubectl describe events $(kubectl get events -o jsonpath='{.items[0].metadata.name}')
kubectl create pdb web-pdb --selector=app=web --min-available=50%
kubectl create pdb web-max --selector=app=web --max-unavailable=1
kubectl create pdb web-two --selector=app=web --min-available=2
kubectl describe pdb
kubectl create pdb nothing --selector=app=none --min-available=1
kubectl describe pdb nothing
kubectl create quota compute --hard=cpu=2000m,memory=2Gi,limits.memory=1G,pods=10,services=5,count/deployments.apps=3,requests.storage=10G
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: capped
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 250m
        memory: 64Mi
      limits:
        memory: 100M
EOF
kubectl describe quota compute
kubectl create quota besteffort --hard=pods=4 --scopes=BestEffort,NotTerminating
kubectl describe resourcequota besteffort
kubectl apply -f - <<EOF
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: gvisor
handler: runsc
EOF
kubectl describe runtimeclass gvisor
kubectl apply -f - <<EOF
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits:
  - type: Container
    max:
      cpu: "2"
    min:
      cpu: 100m
    default:
      cpu: 500m
      memory: 512Mi
    defaultRequest:
      cpu: 200m
      memory: 128Mi
    maxLimitRequestRatio:
      cpu: "4"
  - type: Pod
    max:
      memory: 2Gi
EOF
kubectl describe limitrange limits
kubectl describe namespace default
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
EOF
kubectl describe networkpolicy test-network-policy
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes:
  - Ingress
EOF
kubectl describe netpol default-deny-ingress
