# seed: 1
# The playground's limits, each refused as the API server refuses it and the
# cluster left unchanged: more than 1000 replicas (validation, on create, on
# scale and on apply), a 101st node (quota). The pod and object quotas
# (11,000 pods, 25,000 objects) answer in the same quota form; the engine's
# tests check them with lowered limits.
kubectl create deployment big --image=nginx --replicas=5000
kubectl get deployments
kubectl create deployment web --image=nginx --replicas=2
kubectl scale deployment web --replicas=1001
kubectl get deployment web
kubectl apply -f limits-sts.yaml
kubectl get statefulsets
kubeplay node add worker-004
kubeplay node add worker-005
kubeplay node add worker-006
kubeplay node add worker-007
kubeplay node add worker-008
kubeplay node add worker-009
kubeplay node add worker-010
kubeplay node add worker-011
kubeplay node add worker-012
kubeplay node add worker-013
kubeplay node add worker-014
kubeplay node add worker-015
kubeplay node add worker-016
kubeplay node add worker-017
kubeplay node add worker-018
kubeplay node add worker-019
kubeplay node add worker-020
kubeplay node add worker-021
kubeplay node add worker-022
kubeplay node add worker-023
kubeplay node add worker-024
kubeplay node add worker-025
kubeplay node add worker-026
kubeplay node add worker-027
kubeplay node add worker-028
kubeplay node add worker-029
kubeplay node add worker-030
kubeplay node add worker-031
kubeplay node add worker-032
kubeplay node add worker-033
kubeplay node add worker-034
kubeplay node add worker-035
kubeplay node add worker-036
kubeplay node add worker-037
kubeplay node add worker-038
kubeplay node add worker-039
kubeplay node add worker-040
kubeplay node add worker-041
kubeplay node add worker-042
kubeplay node add worker-043
kubeplay node add worker-044
kubeplay node add worker-045
kubeplay node add worker-046
kubeplay node add worker-047
kubeplay node add worker-048
kubeplay node add worker-049
kubeplay node add worker-050
kubeplay node add worker-051
kubeplay node add worker-052
kubeplay node add worker-053
kubeplay node add worker-054
kubeplay node add worker-055
kubeplay node add worker-056
kubeplay node add worker-057
kubeplay node add worker-058
kubeplay node add worker-059
kubeplay node add worker-060
kubeplay node add worker-061
kubeplay node add worker-062
kubeplay node add worker-063
kubeplay node add worker-064
kubeplay node add worker-065
kubeplay node add worker-066
kubeplay node add worker-067
kubeplay node add worker-068
kubeplay node add worker-069
kubeplay node add worker-070
kubeplay node add worker-071
kubeplay node add worker-072
kubeplay node add worker-073
kubeplay node add worker-074
kubeplay node add worker-075
kubeplay node add worker-076
kubeplay node add worker-077
kubeplay node add worker-078
kubeplay node add worker-079
kubeplay node add worker-080
kubeplay node add worker-081
kubeplay node add worker-082
kubeplay node add worker-083
kubeplay node add worker-084
kubeplay node add worker-085
kubeplay node add worker-086
kubeplay node add worker-087
kubeplay node add worker-088
kubeplay node add worker-089
kubeplay node add worker-090
kubeplay node add worker-091
kubeplay node add worker-092
kubeplay node add worker-093
kubeplay node add worker-094
kubeplay node add worker-095
kubeplay node add worker-096
kubeplay node add worker-097
kubeplay node add worker-098
kubeplay node add worker-099
kubeplay node add worker-100
kubeplay node add worker-101
kubectl get nodes --no-headers | wc -l
kubectl get nodes worker-101
