# seed: 1
# kubectl set env and set resources. The --local runs print what kubectl
# v1.32.4 prints for the same files (checked against the real binary).
kubectl set env --local -f set-deploy.yaml A=1 B=two -o yaml
kubectl set env --local -f set-deploy-env.yaml --list
kubectl set env --local -f set-deploy-env.yaml A- -o yaml
kubectl set env --local -f set-deploy.yaml A=1
kubectl set env --local -f set-deploy-env.yaml A=1
kubectl set env --local -f set-deploy.yaml 1A=3
kubectl set env --local -f set-deploy.yaml A=1 -c foo
kubectl set env --local -f set-deploy-env.yaml A=2 --overwrite=false
kubectl set env A=1 deploy/x
kubectl set env
kubectl set resources --local -f set-deploy.yaml --limits=cpu=200m,memory=512Mi --requests=cpu=0.5,memory=1024Mi -o yaml
kubectl set resources --local -f set-deploy.yaml --limits=cpu=200m
kubectl set resources --local -f set-deploy.yaml
kubectl set resources --local -f set-deploy.yaml --limits=cpu=abc
kubectl set resources --local -f set-deploy.yaml --limits=cpu=1 -c foo
# On the cluster.
kubectl create deployment web --image=nginx:1.25
kubectl create configmap app-config --from-literal=db-host=db --from-literal=LOG_LEVEL=debug
kubectl set env deployment/web GREETING=hello MODE=dev
kubectl set env deployment/web --from=configmap/app-config --prefix=APP_
kubectl set env deployment/web --list
kubectl set env deployment/web MODE-
kubectl set env deploy web --list
kubectl set env deployment/web GREETING=hello
kubectl set env deployment/web --dry-run=client NEW=1
kubectl set env deployment/missing A=1
kubectl set resources deployment web --limits=cpu=500m,memory=256Mi --requests=cpu=250m
kubectl get deployment web -o jsonpath='{.spec.template.spec.containers[0].resources}{"\n"}'
kubectl rollout status deployment/web
kubectl get pods
kubectl exec deploy/web -- env
kubectl create secret generic db --from-literal=password=s3cret --from-literal=user=admin
kubectl set env deployment/web --from=secret/db --keys=password
kubectl set env deployment/web --list
kubectl set env deployment/web --keys=password
kubectl set env deployment/web --from=service/kubernetes
