# seed: 1
# -o jsonpath-as-json (each template node's results as an indented JSON
# array, as kubectl v1.32.5 prints them), priority class columns (the API
# server's printer: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY) and
# get -w through templates (each event's object printed alone, or its
# WatchEvent with --output-watch-events).
kubectl create deployment d --image=nginx --dry-run=client -o 'jsonpath-as-json={.metadata.name}{"\n"}x{.spec.template.spec.containers[*]}{range .spec.template.spec.containers[*]}{.name}{.image}{end}{.nope}{.spec.replicas}<&>'
kubectl get nodes -o jsonpath-as-json='{.items[*].metadata.name}'
kubectl get ns default -o jsonpath-as-json='{.status}'
kubectl get nodes -o jsonpath-as-json
kubectl get nodes -o jsonpath=
kubectl get nodes -o 'jsonpath-as-json={.a'
kubectl get nodes -o jsonpath-as-json --template='{.kind}'
kubectl get nodes -o jsonpath='{.items[0].kind}{range .items[*]} {.metadata.name}'
echo
kubectl get priorityclass
kubectl create priorityclass high --value=1000 --global-default --preemption-policy=Never
kubectl get pc high -o wide
kubectl get pc --sort-by=.value --no-headers
kubectl create deployment web --image=nginx --replicas=2
kubectl get pods -w -o jsonpath='{.metadata.name} {.status.phase}{"\n"}'
sleep 20
kubectl get deploy web -w -o go-template='{{.metadata.name}} {{.status.readyReplicas}}/{{.spec.replicas}}{{"\n"}}'
kubectl scale deployment web --replicas=3
kubectl get deploy web -w --output-watch-events -o jsonpath='{.type} {.object.status.readyReplicas}{"\n"}'
sleep 30
kubectl get deploy web -w -o jsonpath-as-json='{.status.readyReplicas}'
kubectl get pods -w -o custom-columns=NAME:.metadata.name
