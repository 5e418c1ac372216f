# seed: 1
# -o json of what kubectl's generators build keeps Go's struct field order
# (kind and apiVersion first, maps sorted); compared with kubectl v1.32.4
# for every command it can run without a server.
kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80 --dry-run=client -o json
kubectl create deployment multi --image=nginx --image=busybox --dry-run=client -o json
kubectl create service clusterip my-svc --tcp=5678:8080 --dry-run=client -o json
kubectl create service nodeport np --tcp=80:8080 --node-port=30080 --dry-run=client -o json
kubectl create service loadbalancer lb --tcp=80 --dry-run=client -o json
kubectl create namespace dev --dry-run=client -o json
kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two --dry-run=client -o json
kubectl create secret generic s --from-literal=user=admin --dry-run=client -o json
kubectl create ingress ing --rule=foo.com/bar=svc1:8080 --class=nginx --dry-run=client -o json
kubectl create ingress tls --rule='foo.com/*=svc:80,tls=my-cert' --dry-run=client -o json
kubectl run nginx --image=nginx --port=80 --labels=app=web --env=A=1 --dry-run=client -o json
kubectl create job pi --image=perl:5.34 --dry-run=client -o json -- perl -Mbignum=bpi -wle 'print bpi(20)'
kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *' --dry-run=client -o json -- echo hi
kubectl run bb --image=busybox --restart=Never --dry-run=client -o json --command -- sleep 3600
kubectl create deployment web --image=nginx:1.25
kubectl expose deployment web --port=80 --dry-run=client -o json
kubectl autoscale deployment web --max=3 --cpu-percent=70 --dry-run=client -o json
kubectl get deployment web -o json | head -8
