//! kube-webhook-certgen's effects, applied when its Job completes, as the
//! program would through the API: `create` makes the Secret with the
//! webhook's CA, certificate and key; `patch` writes the CA into the
//! ValidatingWebhookConfiguration's `caBundle` (and its failurePolicy).
//! The Jobs themselves run under the engine's Job controller.

use crate::meta::str_at;
use crate::Cluster;
use serde_json::{json, Value};

fn complete(job: &Value) -> bool {
    crate::meta::arr_at(job, "/status/conditions")
        .iter()
        .any(|c| str_at(c, "/type") == "Complete" && str_at(c, "/status") == "True")
}

pub(crate) fn reconcile(c: &mut Cluster) {
    for (ns, name) in c.store.keys("jobs") {
        let Some(job) = c
            .store
            .get("jobs", &ns, &name)
            .filter(|j| complete(j) && j.pointer("/metadata/deletionTimestamp").is_none())
            .filter(|j| {
                crate::meta::arr_at(j, "/spec/template/spec/containers")
                    .iter()
                    .any(is_certgen)
            })
            .cloned()
        else {
            continue;
        };
        certgen_effects(c, &job);
    }
}

/// Whether a container runs kube-webhook-certgen (only Jobs with one are
/// cloned and looked at further).
fn is_certgen(ct: &Value) -> bool {
    crate::images::catalog::identify(str_at(ct, "/image"))
        .is_some_and(|i| i.kind == crate::images::catalog::Kind::Certgen)
}

/// kube-webhook-certgen's effects through the API, once its Job succeeds.
fn certgen_effects(c: &mut Cluster, job: &Value) {
    let ns = crate::namespace_of(job).to_string();
    for ct in crate::meta::arr_at(job, "/spec/template/spec/containers") {
        if !is_certgen(ct) {
            continue;
        }
        let args: Vec<String> = crate::meta::arr_at(ct, "/args")
            .iter()
            .filter_map(Value::as_str)
            .map(|a| a.replace("$(POD_NAMESPACE)", &ns))
            .collect();
        let flag = |name: &str| {
            args.iter()
                .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_string))
                .unwrap_or_default()
        };
        let target_ns = match flag("namespace") {
            n if n.is_empty() => ns.clone(),
            n => n,
        };
        let secret = flag("secret-name");
        match args.first().map(String::as_str) {
            Some("create") if !secret.is_empty() => {
                if c.store.contains("secrets", &target_ns, &secret) {
                    continue;
                }
                let mut pem = |label: &str| {
                    let body: String = (0..4)
                        .map(|_| format!("{:016x}", c.ids.next_u64()))
                        .collect();
                    base64(format!(
                        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
                        base64(body.as_bytes())
                    ))
                };
                let data = json!({
                    "ca": pem("CERTIFICATE"),
                    "cert": pem("CERTIFICATE"),
                    "key": pem("EC PRIVATE KEY"),
                });
                let obj = json!({
                    "apiVersion": "v1",
                    "kind": "Secret",
                    "metadata": {"name": secret, "namespace": target_ns},
                    "type": "Opaque",
                    "data": data,
                });
                if let Some(rt) = crate::resources::by_plural("secrets") {
                    let _ = c.create_object(rt, obj, &target_ns);
                }
            }
            Some("patch") => {
                let hook = flag("webhook-name");
                let ca = c
                    .store
                    .get("secrets", &target_ns, &secret)
                    .and_then(|s| s.pointer("/data/ca").cloned());
                let policy = flag("patch-failure-policy");
                let Some(mut vwc) = c
                    .store
                    .get("validatingwebhookconfigurations", "", &hook)
                    .cloned()
                else {
                    continue;
                };
                if let Some(hooks) = vwc.get_mut("webhooks").and_then(Value::as_array_mut) {
                    for h in hooks {
                        if let Some(ca) = &ca {
                            crate::meta::set_path(h, &["clientConfig", "caBundle"], ca.clone());
                        }
                        if !policy.is_empty() {
                            h["failurePolicy"] = json!(policy);
                        }
                    }
                }
                c.put_if_changed("validatingwebhookconfigurations", vwc);
            }
            _ => {}
        }
    }
}

fn base64(input: impl AsRef<[u8]>) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = input.as_ref();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, x)| n | u32::from(*x) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads() {
        assert_eq!(base64("a"), "YQ==");
        assert_eq!(base64("ab"), "YWI=");
        assert_eq!(base64("abc"), "YWJj");
    }
}
