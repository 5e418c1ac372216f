# seed: 1
# Generators with --dry-run=client -o yaml, checked against kubectl v1.32.5, and their errors.
kubectl create deployment nginx --image=nginx:stable --dry-run=client -o yaml
kubectl create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml
kubectl create deployment multi --image=nginx --image=busybox --dry-run=client -o yaml
kubectl create namespace dev --dry-run=client -o yaml
kubectl create service clusterip my-cs --tcp=5678:8080 --dry-run=client -o yaml
kubectl create service nodeport my-ns --tcp=80:80 --node-port=30080 --dry-run=client -o yaml
kubectl create service loadbalancer my-lb --tcp=5678:8080 --dry-run=client -o yaml
kubectl create service clusterip my-headless --clusterip=None --dry-run=client -o yaml
kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2 --dry-run=client -o yaml
kubectl create secret generic my-secret --from-literal=username=admin --from-literal=password='s3cr3t!' --dry-run=client -o yaml
kubectl create job my-job --image=busybox --dry-run=client -o yaml -- date
kubectl create cronjob my-cron --image=busybox --schedule="*/1 * * * *" --dry-run=client -o yaml -- date
kubectl create ingress simple --rule="foo.com/bar=svc1:8080,tls=my-cert" --dry-run=client -o yaml
kubectl create deployment nginx --image=nginx --dry-run=client -o name
kubectl create ingress i1 --rule=foo.com/*=svc:http,tls --rule=foo.com/a=s2:80,tls=x --rule=/x=s:1 --rule=bar.com/=s:1,tls --dry-run=client -o yaml
kubectl create ingress i1 --rule=a.com/x=s:1,tls=sec1 --rule=b.com/x=s:1,tls --annotation=a=b --annotation=c= --class=nginx --default-backend=def:80 --dry-run=client -o yaml
kubectl create ingress i1 --rule=bad --dry-run=client -o yaml
kubectl create ingress i1 --annotation=x --dry-run=client -o yaml
kubectl create ingress i1 --rule=/a=s:1 --annotation=x --dry-run=client -o yaml
kubectl create ingress i1 --default-backend=x --dry-run=client -o yaml
kubectl create ingress i --rule=/a=s:1,tls --rule=/b=s:2 --rule=x.com/c*=s:3,tls=z --rule=y.com/d=s:4,tls=z --dry-run=client -o yaml
kubectl create ingress i --rule=x.com/c=s:3junk,tlsfoo -n dev --dry-run=client -o yaml
kubectl create job j --dry-run=client -o yaml
kubectl create job j --image=x --from=cronjob/a --dry-run=client -o yaml
kubectl create job j --from=cronjob/a -- date
kubectl create cronjob c --image=x --dry-run=client -o yaml
kubectl create cronjob c --schedule='* * * * *' --dry-run=client -o yaml
kubectl create cronjob c --image=busybox --schedule='@hourly' --restart=Never -n dev --dry-run=client -o yaml
kubectl create job j --image=busybox -n dev --dry-run=client -o yaml
kubectl create job j --image=busybox --dry-run=client
kubectl create cj j --image=busybox --schedule='* * * * *' --dry-run=client -o name
kubectl create job a b --image=x
kubectl create cronjob hello --image=busybox:1.28 --schedule="*/1 * * * *" -- /bin/sh -c 'date; echo Hello'
kubectl create job hello-manual --from=cronjob/hello
kubectl create job nope --from=cronjob/missing
sleep 20
kubectl get cronjobs,jobs
kubectl get job hello-manual -o jsonpath='{.metadata.annotations}{"\n"}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}{"\n"}'
kubectl logs job/hello-manual
kubectl create ingress demo --class=nginx --rule="demo.localdev.me/*=demo:80"
kubectl get ingress demo
kubectl create namespace dev
kubectl create deployment web --image=nginx -n dev --replicas=2
kubectl create service nodeport web --tcp=80:80 -n dev
kubectl create configmap app-config --from-literal=mode=dev,debug -n dev
kubectl get cm app-config -n dev -o jsonpath='{.data.mode}{"\n"}'
kubectl create deployment web --image=nginx -n dev
kubectl create job a b --image=x
