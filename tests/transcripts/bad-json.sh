# seed: 1
# JSON manifests as kubectl v1.32 reads them (encoding/json's Decoder):
# syntax errors with the byte offset, a truncated file, nesting up to
# 10000 levels (the 10001st is refused before anything is sent); then the
# API server decides: a ConfigMap's data must be a map of strings, a
# ControllerRevision's data holds any JSON. A deep JSON document inside a
# YAML stream is read as go-yaml reads it.
kubectl create -f bad-json-syntax.json
kubectl create -f bad-json-eof.json
kubectl create -f bad-json-deeper.json
kubectl create -f json-deep.json
kubectl create -f json-deep-cr.json
cat bad-json-deeper.json | kubectl create -f -
kubectl create -f json-in-yaml.yaml
kubectl get configmaps,controllerrevisions
kubectl get controllerrevision deep -o jsonpath='{.metadata.name} {.revision}{"\n"}'
