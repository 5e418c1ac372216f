# seed: 1
# label, annotate and patch (strategic merge, merge, json) and their errors.
kubectl run nginx --image=nginx:stable --labels=app=nginx
kubectl label pod nginx env=dev
kubectl label pod nginx env=prod
kubectl label pod nginx env=prod --overwrite
kubectl label pod nginx tier=web team=a
kubectl get pod nginx --show-labels
kubectl label pod nginx team-
kubectl label pod nginx nosuch-
kubectl label pod nginx 'bad key=x'
kubectl label pod nginx a=b=c
kubectl label pod nginx env
kubectl label pod nginx env- env=x
kubectl label pod nginx tier- new=1
kubectl annotate pod nginx description='my pod'
kubectl annotate pod nginx description='other'
kubectl annotate pod nginx description='other' --overwrite
kubectl get pod nginx -o jsonpath='{.metadata.annotations.description}{"\n"}'
kubectl annotate pod nginx description-
kubectl label pods --all checked=yes
kubectl get pods -L checked,env
kubectl create deployment web --image=nginx:1.27
kubectl patch deployment web -p '{"spec":{"replicas":2}}'
kubectl patch deployment web --type=merge -p '{"metadata":{"labels":{"patched":"true"}}}'
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:stable"}]'
kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox","command":["sleep","3600"]}]}}}}'
kubectl get deployment web -o jsonpath='{.spec.replicas} {.metadata.labels.patched} {range .spec.template.spec.containers[*]}{.name}={.image} {end}{"\n"}'
kubectl patch deployment web -p '{"spec":{"replicas":2}}'
kubectl patch deployment nosuch -p '{"spec":{"replicas":2}}'
sleep 10
kubectl get deploy,pods
