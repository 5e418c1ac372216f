# seed: 1
# kubectl cp between the playground's files and containers, both ways:
# into a directory or to a new name, [namespace/]pod:path, -c, what tar
# prints on each image, and kubectl's own errors.
kubectl create namespace tools
kubectl run web --image=nginx:stable
kubectl run bb -n tools --image=busybox:1.36 -- sleep 3600
kubectl apply -f cp-pods.yaml
sleep 20
kubectl get pods
kubectl cp cp-note.txt web:/usr/share/nginx/html/note.txt
kubectl exec web -- cat /usr/share/nginx/html/note.txt
kubectl cp cp-note.txt web:/tmp
kubectl exec web -- ls -l /tmp
kubectl cp cp-note.txt tools/bb:/root/
kubectl exec -n tools bb -- ls -l /root
kubectl cp -n tools cp-note.txt bb:/tmp/renamed.txt
kubectl exec -n tools bb -- cat /tmp/renamed.txt
kubectl cp web:/usr/share/nginx/html/50x.html fifty.html
head -4 fifty.html
kubectl cp tools/bb:/root/cp-note.txt back.txt
cat back.txt
kubectl cp web:/usr/share/nginx/html html
grep -c nginx html/index.html
cat html/note.txt
kubectl cp html tools/bb:/tmp
kubectl exec -n tools bb -- ls -R /tmp/html
kubectl cp html tools/bb:/tmp/site
kubectl exec -n tools bb -- ls /tmp/site
kubectl cp web:/tmp/cp-note.txt ./again.txt
cat again.txt
kubectl cp duo:/etc/app/app.properties app.properties
kubectl cp duo:/etc/app/..data/app.properties app.properties -c sidecar
cat app.properties
kubectl cp cp-note.txt duo:/etc/app
kubectl cp cp-note.txt duo:/etc/app -c sidecar
kubectl cp cp-note.txt duo:/tmp -c nosuch
kubectl cp web:/nope lost.txt
kubectl cp tools/bb:/nope lost.txt
kubectl cp cp-note.txt web:/nope/deeper/x.txt
kubectl cp cp-note.txt tools/bb:/nope/deeper/x.txt
kubectl cp cp-note.txt echo:/tmp
kubectl cp echo:/etc/hostname h.txt
kubectl cp missing.txt web:/tmp
kubectl cp cp-note.txt nosuchpod:/tmp
kubectl cp web:/tmp/a tools/bb:/tmp/b
kubectl cp cp-note.txt other.txt
kubectl cp cp-note.txt
kubectl cp :/tmp/x y
kubectl cp a/b/c:/tmp/x y
kubectl cp web: y
kubectl cp --help
