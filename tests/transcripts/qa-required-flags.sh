kubectl create deployment
kubectl create deployment web
kubectl create deployment a b --image=nginx
kubectl create cronjob
kubectl create cronjob tick --image=busybox
kubectl create cronjob tick --schedule='*/1 * * * *'
kubectl create namespace
kubectl create job
kubectl create configmap
kubectl create secret generic
kubectl create secret tls
kubectl create secret docker-registry
kubectl create service clusterip
kubectl create service nodeport
kubectl create service loadbalancer
kubectl create ingress
kubectl run
kubectl scale
kubectl autoscale
kubectl create
