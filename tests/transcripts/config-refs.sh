# A container that reads a missing ConfigMap or Secret: through env
# (valueFrom, envFrom) the kubelet pulls the image, then fails to make the
# container's config (CreateContainerConfigError, retried every 10-15 s);
# through a volume the pod stays ContainerCreating with FailedMount events
# (volume manager back-off 0.5 s doubling to 2m2s). optional: true is fine.
# Creating the objects lets each pod start at its next retry.
kubectl apply -f config-refs.yaml
sleep 40
kubectl get pods
kubectl describe pod env-cm
kubectl describe pod vol-secret
kubectl get events --field-selector involvedObject.name=env-secret
kubectl get pod env-cm -o jsonpath='{.status.containerStatuses[0].state}{"\n"}'
kubectl describe pod env-secret | grep Optional
kubectl create configmap app-config --from-literal=color=blue
sleep 30
kubectl get pods
kubectl describe pod env-cm | tail -9
kubectl get pod vol-cm -o jsonpath='{.status.containerStatuses[0].state}{"\n"}'
kubectl describe pod vol-cm | tail -4
kubectl create configmap app-config --from-literal=color=blue --from-literal=default.conf='server { listen 80; }' --dry-run=client -o yaml | kubectl replace -f -
kubectl create secret generic db-creds --from-literal=password=s3cret
sleep 130
kubectl get pods
kubectl describe pod vol-secret | tail -7
kubectl exec env-secret -- env | grep -E 'DB_|color'
kubectl exec env-optional -- env | grep -c COLOR
kubectl exec vol-secret -- cat /etc/creds/password
kubectl exec vol-cm -- ls /etc/nginx/conf.d
