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
        assert!(script("nope").is_none());
    }
}
