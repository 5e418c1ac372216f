# seed: 7
# DaemonSet scheduling: nodeSelector following node labels, required node
# affinity with a toleration of every taint (control plane included),
# RollingUpdate maxUnavailable 2, and OnDelete.
kubectl label node desktop-worker disk=ssd
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ssd
spec:
  selector:
    matchLabels:
      app: ssd
  template:
    metadata:
      labels:
        app: ssd
    spec:
      nodeSelector:
        disk: ssd
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "while true; do sleep 3600; done"]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: wide
spec:
  updateStrategy:
    rollingUpdate:
      maxUnavailable: 2
  selector:
    matchLabels:
      app: wide
  template:
    metadata:
      labels:
        app: wide
    spec:
      tolerations:
      - operator: Exists
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: kubernetes.io/os
                operator: In
                values: ["linux"]
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
YAML
sleep 10
kubectl get ds
kubectl get pods -o wide
kubectl label node desktop-worker2 disk=ssd
sleep 10
kubectl get ds ssd
kubectl label node desktop-worker disk-
sleep 40
kubectl get ds ssd
kubectl get pods -l app=ssd -o wide
kubectl set image ds/wide c=busybox:1.37
kubectl get pods -l app=wide
kubectl rollout status ds/wide
kubectl get pods -l app=wide -o wide
kubectl describe ds ssd
kubectl patch ds ssd -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
kubectl set image ds/ssd c=busybox:1.37
sleep 40
kubectl get ds ssd
kubectl rollout status ds/ssd
kubectl delete pod -l app=ssd
sleep 40
kubectl get ds ssd
kubectl get pods -l app=ssd -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,NODE:.spec.nodeName
