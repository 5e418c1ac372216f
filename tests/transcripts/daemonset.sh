# seed: 1
# DaemonSet: one pod per schedulable node; the control-plane taint; a node
# added gets a pod, a removed one loses it; drain leaves DaemonSet pods.
kubectl get nodes
kubectl describe node desktop-control-plane | grep Taints
kubectl get ds -n kube-system
kubectl apply -f ds-agent.yaml
kubectl apply -f ds-everywhere.yaml
sleep 10
kubectl get ds
kubectl get pods -o wide
kubeplay node add desktop-worker3
sleep 10
kubectl get nodes
kubectl get ds -o wide
kubectl get pods -o wide
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl rollout status deployment/web
kubectl drain desktop-worker
kubectl drain desktop-worker --ignore-daemonsets
kubectl get nodes
kubectl get pods -o wide
kubectl uncordon desktop-worker
kubectl rollout pause ds/agent
kubectl set image ds/agent agent=busybox:1.37
kubectl rollout status ds/agent
kubectl get pods -l app=agent -o wide
kubeplay node remove desktop-worker3
sleep 5
kubectl get ds
kubectl describe ds agent
