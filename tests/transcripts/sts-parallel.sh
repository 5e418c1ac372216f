# seed: 6
# StatefulSet podManagementPolicy Parallel and
# persistentVolumeClaimRetentionPolicy Delete/Delete: claims go with
# the pods a scale-down removes, and with the set.
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  podManagementPolicy: Parallel
  persistentVolumeClaimRetentionPolicy:
    whenScaled: Delete
    whenDeleted: Delete
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: redis
        image: busybox:1.36
        command: ["sh", "-c", "while true; do sleep 3600; done"]
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
YAML
kubectl get pods -l app=db
sleep 10
kubectl get pods -l app=db
kubectl get pvc
kubectl scale sts db --replicas=1
kubectl get pods -l app=db
sleep 40
kubectl get pods -l app=db
kubectl get pvc
kubectl get pvc data-db-0 -o jsonpath='{.metadata.ownerReferences[*].kind}{"\n"}'
kubectl delete sts db
sleep 40
kubectl get pods,pvc
kubectl get pv
