# seed: 1
kubectl explain deployment.spec.replicas
kubectl explain pods
kubectl explain deploy.spec
kubectl explain svc.spec.type
kubectl explain pod.spec.containers.ports
kubectl explain cronjob.spec --recursive
kubectl explain ingress.spec.rules.http.paths.pathType
kubectl explain node.spec.taints
kubectl explain pod.spec.containers.foo
kubectl explain pod.spec.foo.bar
kubectl explain nothing
kubectl explain
kubectl explain pods svc
kubectl api-resources -o wide | grep -E "^NAME |^componentstatuses |^namespaces |^pods "
