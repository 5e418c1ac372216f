//! Namespaces: every live namespace gets its `default` ServiceAccount and
//! the `kube-root-ca.crt` ConfigMap; a namespace being deleted has its
//! content deleted and goes once it is empty.

use super::is_terminating;
use crate::Cluster;
use serde_json::json;

/// The cluster CA bundle published in every namespace.
pub(crate) const ROOT_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIQ2tSZ3V4aXAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNTEyMjIwODU1MDBaFw0zNTEyMjAwOTAwMDBaMBUx\nEzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\nAoIBAQDKdWJlcGxheSBzaW11bGF0ZWQgY2x1c3RlciBDQSwgbm90IGEgcmVhbCBr\nZXkuIGt1YmVwbGF5IHNpbXVsYXRlZCBjbHVzdGVyIENBLCBub3QgYSByZWFsIGtl\neS4ga3ViZXBsYXkgc2ltdWxhdGVkIGNsdXN0ZXIgQ0EsIG5vdCBhIHJlYWwga2V5\nLiBrdWJlcGxheSBzaW11bGF0ZWQgY2x1c3RlciBDQSwgbm90IGEgcmVhbCBrZXku\nIGt1YmVwbGF5IHNpbXVsYXRlZCBjbHVzdGVyIENBLCBub3QgYSByZWFsIGtleS4g\na3ViZXBsYXkgc2ltdWxhdGVkIGNsdXN0ZXIgQ0EsIG5vdCBhIHJlYWwga2V5LiBr\ndWJlcGxheSBzaW11bGF0ZWQgY2x1c3RlciBDQQIDAQABo1kwVzAOBgNVHQ8BAf8E\nBAMCAqQwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUa3ViZXBsYXkgY2x1c3Rl\nciBDQTAVBgNVHREEDjAMggprdWJlcm5ldGVzMA0GCSqGSIb3DQEBCwUAA4IBAQBr\ndWJlcGxheQ==\n-----END CERTIFICATE-----\n";

const ROOT_CA_DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

pub(crate) fn reconcile(c: &mut Cluster) {
    let namespaces: Vec<(String, bool)> = c
        .store
        .list("namespaces", None)
        .into_iter()
        .map(|n| (crate::name_of(n).to_string(), is_terminating(n)))
        .collect();
    for (ns, terminating) in namespaces {
        if terminating {
            finalize(c, &ns);
            continue;
        }
        if !c.store.contains("serviceaccounts", &ns, "default") {
            if let Some(rt) = crate::resources::by_plural("serviceaccounts") {
                let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": ns}});
                let _ = c.create_object(rt, sa, &ns);
            }
        }
        if !c.store.contains("configmaps", &ns, "kube-root-ca.crt") {
            if let Some(rt) = crate::resources::by_plural("configmaps") {
                let cm = json!({
                    "apiVersion": "v1",
                    "kind": "ConfigMap",
                    "metadata": {"name": "kube-root-ca.crt", "namespace": ns, "annotations": {"kubernetes.io/description": ROOT_CA_DESCRIPTION}},
                    "data": {"ca.crt": ROOT_CA},
                });
                let _ = c.create_object(rt, cm, &ns);
            }
        }
    }
}

/// Deletes everything in a terminating namespace; removes it when empty.
fn finalize(c: &mut Cluster, ns: &str) {
    let mut left = false;
    let keys: Vec<(&'static str, String)> = c
        .store
        .iter()
        .filter(|((_, n, _), _)| n == ns)
        .map(|((p, _, name), _)| (*p, name.clone()))
        .collect();
    for (plural, name) in keys {
        left = true;
        if plural == "events" {
            c.remove(plural, ns, &name);
            continue;
        }
        let terminating = c.store.get(plural, ns, &name).is_some_and(is_terminating);
        if !terminating {
            c.delete_object(plural, ns, &name, Default::default());
        } else if plural != "pods" {
            // Objects stuck on finalizers the simulation does not run.
            c.remove(plural, ns, &name);
        }
    }
    // The namespace controller needs a few seconds (discovery, deletion of
    // every kind, the finalizer) even for an empty namespace.
    let since = c
        .store
        .get("namespaces", "", ns)
        .and_then(|n| n.pointer("/metadata/deletionTimestamp"))
        .and_then(serde_json::Value::as_str)
        .and_then(crate::time::Time::parse_rfc3339)
        .unwrap_or(c.now);
    let done_at = since.plus_secs(FINALIZE_S);
    if !left && c.now >= done_at {
        c.remove("namespaces", "", ns);
    } else if left {
        c.wake_at(c.now.plus_secs(1));
    } else {
        c.wake_at(done_at);
    }
}

/// The least time a namespace stays Terminating.
const FINALIZE_S: i64 = 5;
