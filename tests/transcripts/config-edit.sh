kubectl config get-clusters
kubectl config get-users
kubectl config set-cluster staging --server=https://10.0.0.5:6443 --certificate-authority=ca.crt
kubectl config set-cluster prod --server=https://prod.example.com --insecure-skip-tls-verify=true --tls-server-name=api.prod --proxy-url=http://proxy:3128
kubectl config set-cluster staging --embed-certs --certificate-authority=ca.crt
kubectl config set-cluster broken --embed-certs
kubectl config set-cluster broken --certificate-authority=/nope.crt --embed-certs
kubectl config set-credentials alice --username=alice --password=s3cret
kubectl config set-credentials bob --token=abc.def
kubectl config set-credentials carol --token=t --username=c
kubectl config set-credentials dave --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=idp-issuer-url=https://issuer
kubectl config set-credentials erin --exec-command=aws --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-arg=eks --exec-arg=get-token --exec-env=AWS_PROFILE=dev
kubectl config set-credentials
kubectl config set-context staging --cluster=staging --user=bob --namespace=qa
kubectl config set-context staging --namespace=qa2
kubectl config get-contexts
kubectl config get-clusters
kubectl config get-users
kubectl config view
kubectl config view --raw -o jsonpath='{.users[?(@.name=="bob")].user.token}'
echo
kubectl config set contexts.staging.namespace team-a
kubectl config set clusters.prod.server https://prod2.example.com
kubectl config set users.alice.client-key-data bm90IGEga2V5
kubectl config set users.alice.client-key-data not-base64!
kubectl config set clusters.prod.insecure-skip-tls-verify maybe
kubectl config set foo.bar x
kubectl config set clusters x
kubectl config set current-context
kubectl config set current-context ""
kubectl config unset users.dave
kubectl config unset contexts.nope.namespace
kubectl config unset clusters.prod.proxy-url
kubectl config get-users
kubectl config rename-context staging stage
kubectl config rename-context nope x
kubectl config use-context nope
kubectl config use-context stage
kubectl config current-context
kubectl get pods
kubectl version
kubectl config set-cluster staging --server=https://staging.corp.internal:6443
kubectl get ns
kubectl create deployment web --image=nginx --dry-run=client -o name
kubectl --context=docker-desktop get ns
kubectl config use-context docker-desktop
kubectl get ns default
kubectl config set-context --current --namespace=kube-system
kubectl get deploy
kubectl config view --minify
kubectl config delete-context stage
kubectl config delete-context stage
kubectl config delete-cluster staging
kubectl config delete-user bob
kubectl config delete-user nope
kubectl config set current-context gone
kubectl get pods
kubectl config unset current-context
kubectl get pods
kubectl config current-context
kubectl config use-context docker-desktop
kubectl config delete-context docker-desktop
kubectl config get-contexts
