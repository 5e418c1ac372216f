//! Node lifecycle: a node whose kubelet stops posting status goes Unknown
//! after the grace period and gets the unreachable taints; pods on it go
//! not-ready and are evicted when their toleration runs out (taint
//! manager). A node whose kubelet is back goes Ready again. Pod GC removes
//! pods bound to nodes that no longer exist.

use crate::meta::{arr_at, str_at};
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Value};

/// kube-controller-manager's node-monitor-grace-period (v1.32).
pub(crate) const NODE_MONITOR_GRACE_MS: i64 = 50_000;
const COMPONENT: &str = "node-controller";

pub(crate) fn reconcile(c: &mut Cluster) {
    let nodes: Vec<Value> = c.store.list("nodes", None).into_iter().cloned().collect();
    for node in &nodes {
        sync_node(c, node);
    }
    evict(c);
    pod_gc(c);
}

fn ready_status(node: &Value) -> &str {
    arr_at(node, "/status/conditions")
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
        .and_then(|c| c.get("status").and_then(Value::as_str))
        .unwrap_or("")
}

fn sync_node(c: &mut Cluster, node: &Value) {
    let name = crate::name_of(node).to_string();
    let Some(state) = c.kubelet.node(&name).cloned() else {
        return;
    };
    let now = c.now;
    let now_s = now.rfc3339();
    if let Some(since) = state.down_since {
        let due = since.plus_ms(NODE_MONITOR_GRACE_MS);
        if now < due {
            c.wake_at(due);
            return;
        }
        if ready_status(node) == "Unknown" {
            return;
        }
        let mut n = node.clone();
        if let Some(conds) = n
            .pointer_mut("/status/conditions")
            .and_then(Value::as_array_mut)
        {
            for cond in conds.iter_mut() {
                cond["status"] = json!("Unknown");
                cond["reason"] = json!("NodeStatusUnknown");
                cond["message"] = json!("Kubelet stopped posting node status.");
                cond["lastTransitionTime"] = json!(now_s);
            }
        }
        set_taints(
            &mut n,
            &["node.kubernetes.io/not-ready"],
            &[("node.kubernetes.io/unreachable", &now_s)],
        );
        c.put("nodes", n.clone());
        let msg = format!("Node {name} status is now: NodeNotReady");
        c.event(
            &n,
            None,
            "Normal",
            "NodeNotReady",
            &msg,
            crate::events::Source {
                component: COMPONENT,
                host: "",
            },
        );
        // MarkPodsNotReady.
        let pods: Vec<Value> = c
            .store
            .list("pods", None)
            .into_iter()
            .filter(|p| str_at(p, "/spec/nodeName") == name)
            .cloned()
            .collect();
        for p in pods {
            let mut p2 = p.clone();
            let mut changed = false;
            if let Some(conds) = p2
                .pointer_mut("/status/conditions")
                .and_then(Value::as_array_mut)
            {
                for cond in conds.iter_mut() {
                    if cond.get("type").and_then(Value::as_str) == Some("Ready")
                        && cond.get("status").and_then(Value::as_str) != Some("False")
                    {
                        cond["status"] = json!("False");
                        cond["lastTransitionTime"] = json!(now_s);
                        changed = true;
                    }
                }
            }
            if changed {
                c.put("pods", p2);
                c.event(
                    &p,
                    None,
                    "Warning",
                    "NodeNotReady",
                    "Node is not ready",
                    crate::events::Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            }
        }
        return;
    }
    if now < state.ready_at {
        c.wake_at(state.ready_at);
        return;
    }
    if ready_status(node) != "True" {
        let mut n = node.clone();
        if let Some(conds) = n
            .pointer_mut("/status/conditions")
            .and_then(Value::as_array_mut)
        {
            for cond in conds.iter_mut() {
                let ty = cond
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let (status, reason, message) = crate::bootstrap::healthy_condition(&ty);
                cond["status"] = json!(status);
                cond["reason"] = json!(reason);
                cond["message"] = json!(message);
                cond["lastTransitionTime"] = json!(now_s);
                cond["lastHeartbeatTime"] = json!(now_s);
            }
        }
        set_taints(
            &mut n,
            &[
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable",
            ],
            &[],
        );
        c.put("nodes", n.clone());
        let msg = format!("Node {name} status is now: NodeReady");
        c.event(
            &n,
            None,
            "Normal",
            "NodeReady",
            &msg,
            crate::events::Source {
                component: "kubelet",
                host: &name,
            },
        );
    }
}

/// Removes taints with the given keys and adds unreachable-style taints
/// (NoSchedule and NoExecute with timeAdded).
fn set_taints(node: &mut Value, remove: &[&str], add: &[(&str, &str)]) {
    let mut taints: Vec<Value> = arr_at(node, "/spec/taints").to_vec();
    taints.retain(|t| {
        let k = t.get("key").and_then(Value::as_str).unwrap_or("");
        !remove.contains(&k) && !add.iter().any(|(a, _)| *a == k)
    });
    for (key, at) in add {
        taints.push(json!({"effect": "NoSchedule", "key": key, "timeAdded": at}));
        taints.push(json!({"effect": "NoExecute", "key": key, "timeAdded": at}));
    }
    if let Some(spec) = crate::meta::obj_mut(node, "spec") {
        if taints.is_empty() {
            spec.remove("taints");
        } else {
            spec.insert("taints".into(), Value::Array(taints));
        }
    }
}

/// The taint manager: pods on nodes with NoExecute taints they do not
/// tolerate (or tolerate only for a while) are deleted.
fn evict(c: &mut Cluster) {
    let mut to_evict = Vec::new();
    let mut wakes = Vec::new();
    for node in c.store.list("nodes", None) {
        let taints: Vec<&Value> = arr_at(node, "/spec/taints")
            .iter()
            .filter(|t| t.get("effect").and_then(Value::as_str) == Some("NoExecute"))
            .collect();
        if taints.is_empty() {
            continue;
        }
        let node_name = crate::name_of(node);
        for pod in c.store.list("pods", None) {
            if str_at(pod, "/spec/nodeName") != node_name || super::is_terminating(pod) {
                continue;
            }
            let tols = arr_at(pod, "/spec/tolerations");
            let mut evict_at: Option<Time> = None;
            let mut now_evict = false;
            for t in &taints {
                let matching: Vec<&Value> = tols
                    .iter()
                    .filter(|tol| crate::scheduler::toleration_matches(tol, t))
                    .collect();
                if matching.is_empty() {
                    now_evict = true;
                    break;
                }
                let secs = matching
                    .iter()
                    .map(|tol| tol.get("tolerationSeconds").and_then(Value::as_i64))
                    .min_by_key(|s| s.unwrap_or(i64::MAX));
                if let Some(Some(secs)) = secs {
                    let added = Time::parse_rfc3339(str_at(t, "/timeAdded")).unwrap_or(c.now);
                    let at = added.plus_secs(secs.max(0));
                    evict_at = Some(evict_at.map_or(at, |e: Time| e.min(at)));
                }
            }
            if now_evict || evict_at.is_some_and(|t| t <= c.now) {
                to_evict.push(pod.clone());
            } else if let Some(t) = evict_at {
                wakes.push(t);
            }
        }
    }
    for t in wakes {
        c.wake_at(t);
    }
    for pod in to_evict {
        let ns = crate::namespace_of(&pod).to_string();
        let name = crate::name_of(&pod).to_string();
        let msg = format!("Marking for deletion Pod {ns}/{name}");
        c.event(
            &pod,
            None,
            "Normal",
            "TaintManagerEviction",
            &msg,
            crate::events::Source {
                component: "taint-eviction-controller",
                host: "",
            },
        );
        c.delete_object("pods", &ns, &name, Default::default());
    }
}

/// Pods bound to a node that does not exist are deleted at once.
fn pod_gc(c: &mut Cluster) {
    let orphans: Vec<(String, String)> = c
        .store
        .list("pods", None)
        .into_iter()
        .filter(|p| {
            let n = str_at(p, "/spec/nodeName");
            !n.is_empty() && !c.store.contains("nodes", "", n)
        })
        .map(|p| {
            (
                crate::namespace_of(p).to_string(),
                crate::name_of(p).to_string(),
            )
        })
        .collect();
    for (ns, name) in orphans {
        c.remove("pods", &ns, &name);
    }
}
