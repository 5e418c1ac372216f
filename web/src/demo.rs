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
pub fn script(name: &str) -> Option<&'static str> {
    match name {
        "servicelab" => Some(SERVICE_LAB),
        "podstates" => Some(POD_STATES),
        "ingresslab" => Some(INGRESS_LAB),
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
