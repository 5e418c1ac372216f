# kubectl api-resources and api-versions as a kind v1.32 cluster's
# discovery answers them: every built-in resource, -o wide's comma-joined
# VERBS and CATEGORIES, the filters, sorting and kubectl's own errors. Kinds
# the simulation does not make list as an empty cluster would; the review
# kinds and bindings cannot be listed at all.
kubectl api-resources
kubectl api-resources -o wide
kubectl api-resources --namespaced=false
kubectl api-resources --api-group=apps
kubectl api-resources --api-group=apps -o name
kubectl api-resources -o name --sort-by=name
kubectl api-resources --sort-by=kind --no-headers
kubectl api-resources --verbs=list,watch --categories=all
kubectl api-resources --categories=api-extensions -o wide
kubectl api-resources --api-group=nope
kubectl api-versions
kubectl get flowschemas,prioritylevelconfigurations,apiservices
kubectl get csr
kubectl get validatingadmissionpolicies
kubectl get csistoragecapacities
kubectl get tokenreviews
kubectl get bindings
kubectl run pinger --image=busybox -- sleep 3600
kubectl get ev.events.k8s.io
kubectl api-resources -o json
kubectl api-resources --sort-by=group
kubectl api-resources extra
kubectl api-versions extra
