# seed: 1
# Files in containers: the writable layer (write, append, list, copy,
# remove; lost when the container restarts), an emptyDir shared by two
# containers, a read-only ConfigMap volume, PersistentVolumeClaims that
# outlive the StatefulSet's pods, and the errors of BusyBox and Debian.
kubectl run bb --image=busybox:1.36 -- sh -c 'sleep 60; exit 1'
kubectl run web --image=nginx:stable
sleep 15
kubectl exec bb -- sh -c 'echo first > /tmp/notes.txt; echo second >> /tmp/notes.txt; cat /tmp/notes.txt'
kubectl exec bb -- cat /tmp/notes.txt
kubectl exec bb -- sh -c 'cd /tmp && mkdir -p a/b/c && cp notes.txt a/b/ && mv notes.txt a/n.txt && ls -l . a a/b'
kubectl exec bb -- ls -la /tmp/a/b/c
kubectl exec bb -- cat /tmp/notes.txt
kubectl exec bb -- rm /tmp/a
kubectl exec bb -- rmdir /tmp/a
kubectl exec bb -- mkdir /tmp/x/y
kubectl exec bb -- sh -c 'echo hi > /nope/file'
kubectl exec bb -- rm -r /tmp/a
kubectl exec bb -- ls /tmp
kubectl exec web -- cat /tmp/nothing
kubectl exec web -- ls /nothing
kubectl exec web -- mkdir /tmp/x/y
kubectl exec web -- sh -c 'echo hi > /nope/file'
kubectl exec web -- bash -c 'echo hi > /nope/file'
kubectl exec web -- rm /tmp
kubectl exec web -- sh -c 'echo changed > /usr/share/nginx/html/index.html; rm /usr/share/nginx/html/50x.html'
kubectl exec web -- ls -l /usr/share/nginx/html
kubectl exec web -- cat /usr/share/nginx/html/index.html
kubectl exec -it bb -- sh
cd /tmp
mkdir work
cd work
echo typed here > file.txt
pwd
ls -l
cd /nowhere
exit
kubectl exec -it web -- bash
cd /usr/share/nginx
ls
exit
sleep 50
kubectl get pod bb
kubectl exec bb -- ls /tmp
kubectl apply -f exec-files-pods.yaml
sleep 20
kubectl get pod shared
kubectl exec shared -c writer -- ls -la /cache
kubectl exec shared -c reader -- cat /usr/share/nginx/html/boot.txt
kubectl exec shared -c reader -- sh -c 'echo "<h1>from the reader</h1>" > /usr/share/nginx/html/index.html'
kubectl exec shared -c writer -- cat /cache/index.html
kubectl exec shared -c writer -- ls /etc/config
kubectl exec shared -c writer -- ls -la /etc/config
kubectl exec shared -c writer -- cat /etc/config/game.properties
kubectl exec shared -c writer -- sh -c 'echo lives=99 > /etc/config/game.properties'
kubectl exec shared -c writer -- rm /etc/config/ui.properties
kubectl exec shared -c reader -- sh -c 'echo x > /etc/config/new.txt'
kubectl exec shared -c reader -- touch /etc/config/new.txt
kubectl delete pod shared
kubectl apply -f exec-files-pods.yaml
sleep 20
kubectl exec shared -c writer -- ls /cache
kubectl apply -f exec-files-sts.yaml
sleep 30
kubectl get pods -l app=nginx
kubectl get pvc
kubectl exec web-0 -- ls /usr/share/nginx/html
kubectl exec web-0 -- sh -c 'echo "$(hostname) wrote this" > /usr/share/nginx/html/index.html'
kubectl exec web-1 -- sh -c 'echo "$(hostname) wrote this" > /usr/share/nginx/html/index.html'
kubectl delete pod web-0 web-1
sleep 30
kubectl get pods -l app=nginx
kubectl exec web-0 -- cat /usr/share/nginx/html/index.html
kubectl exec web-1 -- cat /usr/share/nginx/html/index.html
kubectl exec web-0 -- ls -l /usr/share/nginx/html
# The playground keeps at most 8 MiB of files in all containers together.
kubectl exec web -- sh -c 'cat /etc/hosts > /tmp/f; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do cat /tmp/f /tmp/f > /tmp/g || break; mv /tmp/g /tmp/f; done; ls -l /tmp'
kubectl exec web -- sh -c 'echo more >> /tmp/f'
kubectl exec web -- bash -c 'echo more >> /tmp/f'
kubectl exec web -- rm /tmp/g
kubectl exec web -- sh -c 'echo more >> /tmp/f; tail -n 1 /tmp/f'
kubectl exec web -- rm /tmp/f
kubectl exec web -- sh -c 'echo fits again > /tmp/small; cat /tmp/small'
# A sidecar appends to a file in a shared emptyDir every 10 seconds; nginx
# serves what has been written so far.
kubectl apply -f exec-files-sidecar.yaml
sleep 25
kubectl exec side -c nginx -- curl -s localhost
sleep 20
kubectl exec side -c writer -- ls -l /html
kubectl exec side -c nginx -- tail -n 2 /usr/share/nginx/html/index.html
# Patterns, ls -R, ~, and a non-root image (curlimages/curl runs as curl_user).
kubectl exec web -- sh -c 'mkdir -p /data/a/b && touch /data/a/b/f /data/a/g.txt /data/a/h.txt && ls -R /data && ls /data/a/*.txt && cd ~ && pwd'
kubectl run client --image=curlimages/curl -- sleep infinity
sleep 10
kubectl exec client -- sh -c 'echo x > /x'
kubectl exec client -- sh -c 'echo note > ~/note.txt; pwd; ls -l'
# Input piped to `kubectl exec -i` goes to the first command that reads it.
echo '<h1>piped in</h1>' | kubectl exec -i web -- sh -c 'cat > /tmp/piped.html; wc -l /tmp/piped.html; cat /tmp/piped.html'
echo 'cd /tmp && ls' | kubectl exec -i web -- sh
# hostPath is the node's own disk: pods on the same node share it, a pod
# on another node does not see it.
kubectl apply -f exec-files-hostpath.yaml
sleep 15
kubectl get pods hp1 hp2 hp3 -o wide
kubectl exec hp1 -- sh -c 'echo written on desktop-worker > /host/f'
kubectl exec hp2 -- ls -R /mnt
kubectl exec hp2 -- cat /mnt/data/f
kubectl exec hp3 -- ls -la /host
