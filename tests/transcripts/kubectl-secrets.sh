# seed: 1
# create secret tls and docker-registry; the client-side output was
# compared with kubectl v1.32.4 on the same files.
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-server=r.io --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-email=a@b.c --dry-run=client -o json
kubectl create secret docker-registry reg --docker-username=u --dry-run=client
kubectl create secret tls t --dry-run=client
kubectl create secret tls t --cert=nope.crt --key=secret-tls.key --dry-run=client
kubectl create secret tls t --cert=secret-not-pem.txt --key=secret-tls.key --dry-run=client
kubectl create secret tls t --cert=secret-tls.crt --key=secret-not-pem.txt --dry-run=client
kubectl create secret tls foo-tls --cert=secret-tls.crt --key=secret-tls.key
kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=student --docker-password=s3cret
kubectl get secrets
kubectl describe secret foo-tls
kubectl get secret regcred -o jsonpath='{.type}{"\n"}'
