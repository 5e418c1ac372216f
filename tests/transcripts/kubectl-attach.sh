# seed: 1
# kubectl attach: what the container prints from then on streams through
# the sleeps that follow (nginx's worker start-up notices come a moment
# after its entrypoint lines), as a terminal left attached shows it.
kubectl run web --image=nginx:1.25 --port=80
kubectl expose pod web
kubectl wait --for=condition=Ready pod/web
kubectl attach web
sleep 1
kubectl attach web -it
kubectl attach web -c nope
kubectl attach nothing
kubectl attach
kubectl attach pod web extra
