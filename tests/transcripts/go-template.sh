# kubectl's Go-template printer: -o go-template=..., -o template=...,
# --template, -o go-template-file= (and jsonpath-file=, custom-columns-file=
# reading the playground's files), with Go's text/template semantics over the
# object as kubectl decodes it, and its errors.
kubectl create deployment web --image=nginx --replicas=2
kubectl expose deployment web --port=80
kubectl create secret generic my-secret --from-literal=key-name-with-dashes=s3cr3t --from-literal=password='p@ss word'
sleep 10
kubectl get secret my-secret -o go-template='{{range $k,$v := .data}}{{"### "}}{{$k}}{{"\n"}}{{$v|base64decode}}{{"\n\n"}}{{end}}'
kubectl get secret my-secret --template='{{index .data "key-name-with-dashes"}}'
echo
kubectl get nodes -o go-template='{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}'
kubectl get svc web -o go-template='{{.spec.clusterIP}}{{"\n"}}'
kubectl get pods -l app=web -o go-template='{{range .items}}{{.status.podIP}}{{"\n"}}{{end}}'
kubectl get pods -o go-template='{{len .items}}{{"\n"}}'
kubectl get pods -o go-template='{{range .items}}{{printf "%s\t%s\n" .metadata.name .status.phase}}{{end}}'
kubectl get deploy web -o template='{{.spec.replicas}} {{printf "%d" .spec.replicas}} {{if eq .spec.replicas 2}}two{{end}}{{"\n"}}'
kubectl get deploy web -o go-template --template='{{.kind}}/{{.metadata.name}} {{.metadata.nope}}{{"\n"}}'
kubectl get deploy web -o go-template='{{range $i, $c := .spec.template.spec.containers}}{{if $i}},{{end}}{{$c.name}}={{$c.image}}{{end}}{{"\n"}}'
kubectl get deploy web -o go-template='{{- with .status -}} ready {{.readyReplicas}} of {{.replicas}} {{- end}}{{"\n"}}'
kubectl get deploy web -o go-template='{{define "c"}}[{{.name}}]{{end}}{{range .spec.template.spec.containers}}{{template "c" .}}{{end}}{{"\n"}}'
kubectl get pods -o go-template-file=pod-lines.tmpl
kubectl get pods -o jsonpath-file=pod-names.jsonpath
kubectl get pods -o custom-columns-file=pod-columns.txt
kubectl get pods -o go-template-file=nope.tmpl
kubectl get pods -o custom-columns-file=nope.txt
kubectl get pods -o go-template
kubectl get pods -o go-template='{{.items'
kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{end}'
kubectl get deploy web -o go-template='{{nope .kind}}'
kubectl get svc web --allow-missing-template-keys=false -o go-template='{{.spec.nope}}'
kubectl get svc web -o go-template='{{.kind}} {{.spec.clusterIP.x}}'
echo $?
kubectl create deployment other --image=nginx --dry-run=client -o go-template='{{.metadata.name}} {{.spec.replicas}}{{"\n"}}'
kubectl create deployment bad --image=nginx --dry-run=client -o go-template='{{.spec.replicas.x}}' > /dev/null
echo $?
kubectl run tmp --image=busybox --restart=Never --dry-run=client -o go-template='{{.kind}} {{(index .spec.containers 0).image}}{{"\n"}}'
kubectl config view --template='{{index . "current-context"}}{{"\n"}}'
kubectl config view -o go-template='{{range .contexts}}{{.name}}: {{.context.cluster}}{{"\n"}}{{end}}'
kubectl get deploy
