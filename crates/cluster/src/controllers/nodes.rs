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
    for (_, name) in c.store.keys("nodes") {
        let Some(node) = c.store.get("nodes", "", &name) else {
            continue;
        };
        // A node whose kubelet is up and that is Ready has nothing to do.
        let settled = c.kubelet.node(&name).is_none_or(|s| {
            s.down_since.is_none() && c.now >= s.ready_at && ready_status(node) == "True"
        });
        if !settled {
            let node = node.clone();
            sync_node(c, &node);
        }
    }
    // Both read only nodes, pods and the clock.
    let inputs = [("nodes", ""), ("pods", super::ANY_NS)];
    c.memo_sync("taint-eviction", "nodes", "", "", &inputs, evict);
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
            for cond in conds.iter_mut().filter_map(Value::as_object_mut) {
                cond.insert("status".into(), json!("Unknown"));
                cond.insert("reason".into(), json!("NodeStatusUnknown"));
                cond.insert(
                    "message".into(),
                    json!("Kubelet stopped posting node status."),
                );
                cond.insert("lastTransitionTime".into(), json!(now_s));
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
            .pods_on_node(&name)
            .filter_map(|(ns, n)| c.store.get("pods", ns, n))
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
    if ready_status(node) == "True" {
        return;
    }
    {
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
                if let Some(m) = cond.as_object_mut() {
                    m.insert("status".into(), json!(status));
                    m.insert("reason".into(), json!(reason));
                    m.insert("message".into(), json!(message));
                    m.insert("lastTransitionTime".into(), json!(now_s));
                    m.insert("lastHeartbeatTime".into(), json!(now_s));
                }
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

/// The kubelet reports an unchanged node status every five minutes
/// (nodeStatusReportFrequency): lastHeartbeatTime is the last five-minute
/// mark. Called as the clock moves (not by a timer: nothing reacts to it).
pub(crate) fn heartbeat(c: &mut Cluster, name: &str) {
    const EVERY_MS: i64 = 300_000;
    let Some(node) = c.store.get("nodes", "", name) else {
        return;
    };
    if ready_status(node) != "True" {
        return;
    }
    let last = arr_at(node, "/status/conditions")
        .iter()
        .filter_map(|x| Time::parse_rfc3339(str_at(x, "/lastHeartbeatTime")))
        .max()
        .unwrap_or(c.now);
    let mark = Time(c.now.0.div_euclid(EVERY_MS) * EVERY_MS).max(last);
    if mark == last {
        return;
    }
    let stamp = mark.rfc3339();
    let mut n = node.clone();
    if let Some(conds) = n
        .pointer_mut("/status/conditions")
        .and_then(Value::as_array_mut)
    {
        for cond in conds.iter_mut().filter_map(Value::as_object_mut) {
            cond.insert("lastHeartbeatTime".into(), json!(stamp));
        }
    }
    c.put("nodes", n);
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
        let on_node = c.store.pods_on_node(node_name);
        for pod in on_node.filter_map(|(ns, name)| c.store.get("pods", ns, name)) {
            if super::is_terminating(pod) {
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
        let mut marked = pod.clone();
        crate::scheduler::set_pod_condition(
            &mut marked,
            json!({"lastProbeTime": null, "lastTransitionTime": c.now.rfc3339(), "message": "Taint manager: deleting due to NoExecute taint", "reason": "DeletionByTaintManager", "status": "True", "type": "DisruptionTarget"}),
        );
        c.put("pods", marked);
        c.delete_object("pods", &ns, &name, Default::default());
    }
}

/// Pods bound to a node that does not exist are deleted (at once if the
/// node was removed, else after a quarantine). The store indexes pods by
/// node name, so only the pods of missing nodes are looked at.
fn pod_gc(c: &mut Cluster) {
    // Pod GC waits out a quarantine (40s) before it trusts that a node is
    // gone; a pod created for a node that never existed waits that long.
    const QUARANTINE_S: i64 = 40;
    let mut orphans = Vec::new();
    let mut later = Vec::new();
    for n in c.store.pod_nodes() {
        if c.store.contains("nodes", "", n) {
            continue;
        }
        let removed = c.removed_node_names.contains(n);
        for (ns, name) in c.store.pods_on_node(n) {
            let Some(p) = c.store.get("pods", ns, name) else {
                continue;
            };
            let created =
                Time::parse_rfc3339(str_at(p, "/metadata/creationTimestamp")).unwrap_or(c.now);
            let due = created.plus_secs(QUARANTINE_S);
            if c.now >= due || removed {
                orphans.push((ns.clone(), name.clone()));
            } else {
                later.push(due);
            }
        }
    }
    for t in later {
        c.wake_at(t);
    }
    // In the order of a scan of every pod.
    crate::sort::sort(&mut orphans);
    for (ns, name) in orphans {
        c.remove("pods", &ns, &name);
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::Value;

    fn ready(c: &crate::Cluster, node: &str) -> String {
        let n = get(c, "nodes", "", node);
        crate::meta::arr_at(&n, "/status/conditions")
            .iter()
            .find(|x| x["type"] == "Ready")
            .map(|x| x["status"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_failed_node_loses_its_pods_after_the_toleration() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 2), "default").unwrap();
        c.advance(10_000);
        let victim = pods(&c, "default")
            .into_iter()
            .find(|p| p["spec"]["nodeName"] == "desktop-worker")
            .unwrap();
        let victim = crate::name_of(&victim).to_string();
        c.node_fail("desktop-worker").unwrap();
        c.advance(49_000);
        assert_eq!(
            ready(&c, "desktop-worker"),
            "True",
            "within the grace period"
        );
        c.advance(2_000);
        assert_eq!(ready(&c, "desktop-worker"), "Unknown");
        let n = get(&c, "nodes", "", "desktop-worker");
        let taints: Vec<String> = crate::meta::arr_at(&n, "/spec/taints")
            .iter()
            .map(|t| {
                format!(
                    "{}:{}",
                    t["key"].as_str().unwrap(),
                    t["effect"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            taints,
            [
                "node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute"
            ]
        );
        assert_eq!(
            get(&c, "pods", "default", &victim)["status"]["conditions"][2]["status"],
            "False"
        );
        let ep = get(&c, "endpoints", "default", "web");
        assert!(ep.is_null());
        c.advance(295_000);
        assert!(
            get(&c, "pods", "default", &victim)["metadata"]["deletionTimestamp"].is_null(),
            "300s not over yet"
        );
        c.advance(10_000);
        let v = get(&c, "pods", "default", &victim);
        assert!(
            v["metadata"]["deletionTimestamp"].is_string(),
            "evicted; Terminating while the node is down"
        );
        assert!(messages(&c, "default", &victim)
            .contains(&format!("Marking for deletion Pod default/{victim}")));
        c.advance(20_000);
        let live: Vec<Value> = pods(&c, "default")
            .into_iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
            .collect();
        assert_eq!(live.len(), 2);
        assert!(live
            .iter()
            .all(|p| p["spec"]["nodeName"] == "desktop-worker2"));
        c.node_recover("desktop-worker").unwrap();
        assert_eq!(ready(&c, "desktop-worker"), "True");
        assert!(get(&c, "nodes", "", "desktop-worker")["spec"]
            .get("taints")
            .is_none());
        c.advance(1_000);
        assert!(
            get(&c, "pods", "default", &victim).is_null(),
            "the kubelet finishes the deletion"
        );
    }

    #[test]
    fn heartbeats_and_pods_for_unknown_nodes() {
        let mut c = cluster();
        let hb = |c: &crate::Cluster| {
            get(c, "nodes", "", "desktop-worker")["status"]["conditions"][3]["lastHeartbeatTime"]
                .clone()
        };
        assert_eq!(hb(&c), crate::time::SIM_START.rfc3339().as_str());
        c.advance(299_000);
        assert_eq!(hb(&c), crate::time::SIM_START.rfc3339().as_str());
        c.advance(2_000);
        assert_eq!(
            hb(&c),
            crate::time::SIM_START.plus_secs(300).rfc3339().as_str()
        );
        let mut p = pod("ghost", "nginx", &[]);
        p["spec"]["nodeName"] = serde_json::json!("no-such-node");
        c.create(p, "default").unwrap();
        c.advance(39_000);
        assert_eq!(
            get(&c, "pods", "default", "ghost")["status"]["phase"],
            "Pending"
        );
        c.advance(2_000);
        assert!(get(&c, "pods", "default", "ghost").is_null());
    }

    #[test]
    fn no_execute_taints_evict() {
        let mut c = cluster();
        let mut tolerant = pod("tolerant", "nginx", &[]);
        tolerant["spec"]["nodeName"] = serde_json::json!("desktop-worker");
        tolerant["spec"]["tolerations"] = serde_json::json!([{"key": "maintenance", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 5}]);
        c.create(tolerant, "default").unwrap();
        let mut plain = pod("plain", "nginx", &[]);
        plain["spec"]["nodeName"] = serde_json::json!("desktop-worker");
        c.create(plain, "default").unwrap();
        c.advance(10_000);
        let mut n = get(&c, "nodes", "", "desktop-worker");
        n["spec"]["taints"] = serde_json::json!([{"key": "maintenance", "effect": "NoExecute"}]);
        let n = c.update(n).unwrap();
        assert!(n["spec"]["taints"][0]["timeAdded"].is_string());
        let plain = get(&c, "pods", "default", "plain");
        assert!(plain["metadata"]["deletionTimestamp"].is_string());
        let dt = crate::meta::arr_at(&plain, "/status/conditions")
            .iter()
            .find(|x| x["type"] == "DisruptionTarget")
            .cloned()
            .unwrap();
        assert_eq!(dt["reason"], "DeletionByTaintManager");
        assert!(get(&c, "pods", "default", "tolerant")["metadata"]["deletionTimestamp"].is_null());
        c.advance(5_000);
        assert!(
            get(&c, "pods", "default", "tolerant")["metadata"]["deletionTimestamp"].is_string()
        );
    }

    #[test]
    fn node_leases_renew_every_ten_seconds() {
        let mut c = cluster();
        let renew = |c: &crate::Cluster| {
            let l = get(c, "leases", "kube-node-lease", "desktop-worker");
            crate::events::parse_time(l["spec"]["renewTime"].as_str().unwrap()).unwrap()
        };
        assert!(c.now().0 - renew(&c).0 < 10_000);
        c.advance(123_000);
        assert!(c.now().0 - renew(&c).0 < 10_000);
        c.node_fail("desktop-worker").unwrap();
        let before = renew(&c);
        c.advance(60_000);
        assert_eq!(renew(&c), before, "a failed kubelet stops renewing");
        c.node_remove("desktop-worker2").unwrap();
        assert!(get(&c, "leases", "kube-node-lease", "desktop-worker2").is_null());
    }

    #[test]
    fn added_nodes_join_and_removed_nodes_take_their_pods() {
        let mut c = cluster();
        c.node_add("desktop-worker3").unwrap();
        assert_eq!(ready(&c, "desktop-worker3"), "False");
        let n = get(&c, "nodes", "", "desktop-worker3");
        assert_eq!(n["spec"]["podCIDR"], "10.244.3.0/24");
        assert_eq!(n["status"]["addresses"][0]["address"], "172.18.0.5");
        c.advance(6_000);
        assert_eq!(ready(&c, "desktop-worker3"), "True");
        let ds_pods: Vec<Value> = pods(&c, "kube-system")
            .into_iter()
            .filter(|p| p["spec"]["nodeName"] == "desktop-worker3")
            .collect();
        assert_eq!(ds_pods.len(), 2, "kube-proxy and kindnet");
        assert!(ds_pods.iter().all(|p| p["status"]["phase"] == "Running"));
        assert_eq!(
            c.node_add("desktop-worker3").unwrap_err(),
            "nodes \"desktop-worker3\" already exists"
        );
        c.apply(deployment("web", "nginx", 3), "default").unwrap();
        c.node_remove("desktop-worker3").unwrap();
        assert!(pods(&c, "kube-system")
            .iter()
            .all(|p| p["spec"]["nodeName"] != "desktop-worker3"));
        assert!(pods(&c, "default")
            .iter()
            .all(|p| p["spec"]["nodeName"] != "desktop-worker3"));
        assert_eq!(pods(&c, "default").len(), 3);
        assert_eq!(c.node_fail("nope").unwrap_err(), "nodes \"nope\" not found");
        c.node_add("desktop-worker4").unwrap();
        assert_eq!(
            get(&c, "nodes", "", "desktop-worker4")["spec"]["podCIDR"],
            "10.244.4.0/24",
            "CIDRs are not reused"
        );
    }
}
