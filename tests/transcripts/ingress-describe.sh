# seed: 1
# Ingress objects without a controller: get, -o wide, describe with TLS,
# default backend, missing services and endpoints, IngressClass.
kubectl create deployment web --image=nginx:stable
kubectl expose deployment web --port=80
sleep 10
kubectl create ingress tls-ing --class=nginx --rule="foo.com/*=web:80,tls=foo-cert" --rule="bar.com/api=missing:8080,tls" --default-backend=web:80
kubectl create ingress plain --rule="/=web:80"
kubectl get ingress
kubectl get ingress -o wide
kubectl describe ingress tls-ing
kubectl describe ingress plain
kubectl get ingressclass
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: example
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/ingress-controller
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
EOF
kubectl get ingressclass
kubectl describe ingressclass example
kubectl delete ingress --all
