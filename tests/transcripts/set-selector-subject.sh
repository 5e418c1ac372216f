# seed: 1
# kubectl set selector and set subject, locally (output compared with
# kubectl v1.32.5's) and on the cluster.
kubectl create service clusterip my-svc --tcp=80 --dry-run=client -o yaml > svc.yaml
kubectl create deployment d --image=nginx --dry-run=client -o yaml > dep.yaml
kubectl create rolebinding admin --clusterrole=admin --user=admin --dry-run=client -o yaml > rb.yaml
kubectl create clusterrolebinding crb --clusterrole=view --group=g1 --dry-run=client -o yaml > crb.yaml
kubectl set selector --local -f svc.yaml
kubectl set selector --local -f svc.yaml app=web,tier=fe -o yaml
kubectl set selector --local -f svc.yaml 'app!=web'
kubectl set selector --local -f svc.yaml 'app in (b,a),x'
kubectl set selector --local -f svc.yaml 'a>1'
kubectl set selector --local -f svc.yaml a=b=c
kubectl set selector --local -f svc.yaml 'a in x'
kubectl set selector --local -f dep.yaml -f svc.yaml app=x
kubectl set selector --local -f svc.yaml app=x --resource-version=5 -o name
kubectl set selector --local svc my-svc app=x
kubectl set selector --local -f svc.yaml app=x -o wide
kubectl set subject --local -f rb.yaml
kubectl set subject --local -f rb.yaml --user=admin
kubectl set subject --local -f rb.yaml --user=b --user=a --group=z --serviceaccount=ns1:sa --serviceaccount=:sb -o yaml
kubectl set subject --local -f crb.yaml --serviceaccount=:sb
kubectl set subject --local -f rb.yaml --serviceaccount=a:b:c
kubectl set subject --local -f dep.yaml -f svc.yaml --user=x
kubectl set subject --local -f rb.yaml --user=x --dry-run=client
kubectl set subject --local -f crb.yaml --group=g1 --group=g0 -o json
kubectl create deployment web --image=nginx --replicas=2
kubectl create deployment api --image=nginx
kubectl create service clusterip my-svc --tcp=80
kubectl rollout status deployment web
kubectl rollout status deployment api
kubectl get endpoints my-svc
kubectl set selector service my-svc app=web
kubectl get endpoints my-svc -o jsonpath='{range .subsets[*].addresses[*]}{.targetRef.name}{"\n"}{end}'
kubectl set selector svc/my-svc app=api --dry-run=client
kubectl set selector svc/my-svc app=api --dry-run=server
kubectl get svc my-svc -o jsonpath='{.spec.selector}{"\n"}'
kubectl set selector svc my-svc app=api --resource-version=1
kubectl set selector svc my-svc app=api --resource-version=$(kubectl get svc my-svc -o jsonpath='{.metadata.resourceVersion}') -o jsonpath='{.spec.selector}{"\n"}'
kubectl set selector deployment web app=x
kubectl set selector svc nope app=x
kubectl set selector svc app=x
kubectl create namespace shop
kubectl create service clusterip cart --tcp=80 -n shop
kubectl create service clusterip pay --tcp=80 -n shop
kubectl set selector svc --all app=shop -n shop
kubectl get svc -n shop -o custom-columns=NAME:.metadata.name,SELECTOR:.spec.selector
kubectl set selector -n shop svc cart '' -o yaml
kubectl create rolebinding admin --clusterrole=admin --user=admin
kubectl set subject rolebinding admin --user=admin
kubectl set subject rolebinding admin --user=jane --serviceaccount=:bot --group=devs
kubectl get rolebinding admin -o wide
kubectl set subject rolebinding/admin --user=joe --dry-run=client -o yaml
kubectl set subject deployment web --user=x
kubectl set subject rolebinding nope --user=x
kubectl create clusterrolebinding viewers --clusterrole=view --group=g1
kubectl set subject clusterrolebinding viewers --serviceaccount=:bot
kubectl set subject clusterrolebinding viewers --serviceaccount=kube-system:bot -o name
kubectl set selector --help
kubectl set subject --help
