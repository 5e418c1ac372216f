//! Bundled lab scripts, run at load with `?script=NAME` (for screenshots,
//! slides and demos). Lines run as if typed; `{clusterip:NS/NAME}` is
//! replaced by that Service's cluster IP when the line runs.

/// The course's Service lab (ClusterIP, DNS, NodePort), as in the notes.
pub const SERVICE_LAB: &str = "\
kubectl apply -f nginx.yaml
kubectl expose deployment nginx --name nginx --port 80
kubectl apply -f curlpod.yaml
sleep 30
kubectl get service nginx
kubectl exec -it curlpod -- curl {clusterip:default/nginx}
kubectl exec -it curlpod -- curl nginx.default.svc.cluster.local
kubectl apply -f nginx-np.yaml
sleep 5
kubectl get service nginx-np
curl http://localhost:31045
";

/// ingress-nginx's install manifest, as the course notes apply it (the
/// playground serves its own copy offline).
pub const INGRESS_NGINX_URL: &str = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml";

/// The course's Ingress lab: ingress-nginx installed by URL, the notes'
/// Ingress `nginx-ing` (`/testpath` rewritten to `/` of Service nginx);
/// the browser pane then opens `https://localhost/testpath`
/// ([`browser_url`]).
pub const INGRESS_LAB: &str = "\
kubectl apply -f nginx.yaml
kubectl expose deployment nginx --name nginx --port 80
kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml
sleep 60
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: nginx-ing
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  rules:
  - host: localhost
    http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: nginx
            port:
              number: 80
EOF
sleep 30
kubectl get ingress
";

/// Every pod status the topology draws, caught mid-way (load it with
/// `?script=podstates&paused=1` to hold the picture): new replicas being
/// created, a pod terminating, a bad image, a crash loop, a finished pod.
pub const POD_STATES: &str = "\
kubectl apply -f nginx.yaml
kubectl expose deployment nginx --name nginx --port 80
kubectl run web --image=nginx
kubectl run typo --image=nginx:no-such-tag
kubectl run once --image=busybox --restart=Never -- true
kubectl run crash --image=busybox -- false
sleep 40
kubectl scale deployment nginx --replicas=3
kubectl delete pod web --wait=false
sleep 1
kubectl get pods
";

/// The script called `name`, if there is one.
/// A StatefulSet of three with a claim each (the docs' `web` example).
pub const STATEFULSET: &str = "\
kubectl create service clusterip nginx --clusterip=None --tcp=80:80
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [\"ReadWriteOnce\"]
      resources:
        requests:
          storage: 1Gi
EOF
sleep 60
";

/// A DaemonSet that tolerates the control plane's taint: one pod on each
/// of the three nodes.
pub const DAEMONSET: &str = "\
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
spec:
  selector:
    matchLabels:
      name: fluentd
  template:
    metadata:
      labels:
        name: fluentd
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
EOF
sleep 40
";

/// A CronJob every minute, run for a few minutes.
pub const CRONJOB: &str = "\
kubectl create cronjob hello --image=busybox:1.36 --schedule=\"*/1 * * * *\" -- echo Hello
sleep 250
";

/// Ten nodes and 300 pods (six Deployments of 50).
pub const BIG: &str = "\
kubeplay node add desktop-worker3
kubeplay node add desktop-worker4
kubeplay node add desktop-worker5
kubeplay node add desktop-worker6
kubeplay node add desktop-worker7
kubeplay node add desktop-worker8
kubeplay node add desktop-worker9
kubeplay node add desktop-worker10
kubectl create deployment app0 --image=nginx --replicas=50
kubectl create deployment app1 --image=nginx --replicas=50
kubectl create deployment app2 --image=nginx --replicas=50
kubectl create deployment app3 --image=nginx --replicas=50
kubectl create deployment app4 --image=nginx --replicas=50
kubectl create deployment app5 --image=nginx --replicas=50
kubectl create service nodeport app0 --tcp=80:80 --node-port=30080
sleep 90
";

/// The on-prem profile's HAProxy in front of a NodePort (`?profile=onprem`).
pub const HAPROXY: &str = "\
kubectl create deployment nginx --image=nginx --replicas=2
kubectl create service nodeport nginx --tcp=80:80 --node-port=30080
kubeplay haproxy add 80:30080
sleep 30
curl -s http://192.168.56.100/ -o /dev/null
";

pub fn script(name: &str) -> Option<&'static str> {
    match name {
        "servicelab" => Some(SERVICE_LAB),
        "podstates" => Some(POD_STATES),
        "ingresslab" => Some(INGRESS_LAB),
        "statefulset" => Some(STATEFULSET),
        "daemonset" => Some(DAEMONSET),
        "cronjob" => Some(CRONJOB),
        "big" => Some(BIG),
        "haproxy" => Some(HAPROXY),
        _ => None,
    }
}

/// The address the browser pane opens after the script `name` (past the
/// certificate warning), if any: the page the course notes show.
pub fn browser_url(name: &str) -> Option<&'static str> {
    match name {
        "servicelab" => Some("http://localhost:31045"),
        "ingresslab" => Some("https://localhost/testpath"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_use_only_bundled_files() {
        let lab = script("servicelab").unwrap();
        for file in ["nginx.yaml", "curlpod.yaml", "nginx-np.yaml"] {
            assert!(lab.contains(file));
            assert!(crate::model::BUNDLED_MANIFESTS
                .iter()
                .any(|(n, _)| *n == file));
        }
        assert!(script("podstates").unwrap().contains("nginx.yaml"));
        assert!(script("ingresslab").unwrap().contains(INGRESS_NGINX_URL));
        assert_eq!(browser_url("servicelab"), Some("http://localhost:31045"));
        assert_eq!(browser_url("podstates"), None);
        assert!(script("nope").is_none());
    }
}
