//! Manifests the playground ships so that well-known URLs work offline,
//! and the small controllers their objects need.
//!
//! - [`manifest_for_url`]: the ingress-nginx controller-v1.5.1 manifests
//!   (`cloud`, `baremetal`, `kind`) by their raw.githubusercontent.com URL.
//!   The text is our own (see `manifests`), creating the same objects.
//! - `certgen`: kube-webhook-certgen's side effects once an admission Job
//!   completes (the webhook Secret, the patched caBundle).

mod certgen;
pub mod manifests;

/// The raw URLs of the three bundled manifests.
pub const INGRESS_NGINX_CLOUD_URL: &str = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml";
pub const INGRESS_NGINX_BAREMETAL_URL: &str = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/baremetal/deploy.yaml";
pub const INGRESS_NGINX_KIND_URL: &str = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/kind/deploy.yaml";

/// The manifest text a URL serves, for `kubectl apply -f URL` and
/// `kubectl delete -f URL`; `None` for any URL the playground does not
/// carry (kubectl then fails as it does when a fetch fails).
pub fn manifest_for_url(url: &str) -> Option<&'static str> {
    match url.trim() {
        INGRESS_NGINX_CLOUD_URL => Some(manifests::CLOUD),
        INGRESS_NGINX_BAREMETAL_URL => Some(manifests::BAREMETAL),
        INGRESS_NGINX_KIND_URL => Some(manifests::KIND),
        _ => None,
    }
}

/// The reconcilers of this module and of the network add-ons, run in the
/// engine's reconcile loop: certgen's effects, then the ingress controller's status.
pub(crate) fn reconcile(c: &mut crate::Cluster) {
    certgen::reconcile(c);
    // The ingress controller's status sync acts on Ingresses only: with
    // none there is nothing to read (it would look at every pod for a
    // running controller).
    if c.store.count("ingresses") > 0 {
        crate::net::ingress::reconcile(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_urls_only() {
        assert!(manifest_for_url(INGRESS_NGINX_CLOUD_URL).is_some());
        assert!(manifest_for_url(INGRESS_NGINX_BAREMETAL_URL).is_some());
        assert!(manifest_for_url(INGRESS_NGINX_KIND_URL).is_some());
        assert!(manifest_for_url("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.2/deploy/static/provider/cloud/deploy.yaml").is_none());
        let cloud = manifest_for_url(INGRESS_NGINX_CLOUD_URL).unwrap_or("");
        assert!(cloud.contains("type: LoadBalancer") && cloud.contains("--publish-service="));
        assert_eq!(cloud.matches("\n---\n").count(), 18, "19 objects");
        let kind = manifest_for_url(INGRESS_NGINX_KIND_URL).unwrap_or("");
        assert!(
            kind.contains("hostPort: 80") && kind.contains("--publish-status-address=localhost")
        );
    }
}
