//! The DaemonSet controller: one pod per eligible node (node selector,
//! affinity and taints, with the tolerations the controller adds to every
//! daemon pod), pinned to its node through node affinity.

use super::{is_terminating, pod_is_active, pod_is_available, pod_is_ready};
use crate::meta::{int_at, str_at};
use crate::scheduler::{matches_node_affinity, tolerates_all};
use crate::Cluster;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const COMPONENT: &str = "daemonset-controller";
const HASH_LABEL: &str = super::revisions::HASH_LABEL;

/// Tolerations the controller adds to every daemon pod.
fn daemon_tolerations(host_network: bool) -> Vec<Value> {
    let mut t = vec![
        json!({"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists"}),
        json!({"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists"}),
        json!({"effect": "NoSchedule", "key": "node.kubernetes.io/disk-pressure", "operator": "Exists"}),
        json!({"effect": "NoSchedule", "key": "node.kubernetes.io/memory-pressure", "operator": "Exists"}),
        json!({"effect": "NoSchedule", "key": "node.kubernetes.io/pid-pressure", "operator": "Exists"}),
        json!({"effect": "NoSchedule", "key": "node.kubernetes.io/unschedulable", "operator": "Exists"}),
    ];
    if host_network {
        t.push(json!({"effect": "NoSchedule", "key": "node.kubernetes.io/network-unavailable", "operator": "Exists"}));
    }
    t
}

fn merged_tolerations(spec: &Value) -> Vec<Value> {
    let mut tols: Vec<Value> = crate::meta::arr_at(spec, "/tolerations").to_vec();
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    for t in daemon_tolerations(host_network) {
        if !tols
            .iter()
            .any(|x| x.get("key") == t.get("key") && x.get("effect") == t.get("effect"))
        {
            tols.push(t);
        }
    }
    tols
}

/// Whether a daemon pod of this template (with its merged tolerations
/// `tols`) should run on the node.
fn eligible_with(spec: &Value, tols: &[Value], node: &Value) -> bool {
    matches_node_affinity(spec, node) && tolerates_all(tols, node, &["NoSchedule", "NoExecute"])
}

pub(crate) fn reconcile(c: &mut Cluster) {
    for (ns, name) in c.store.keys("daemonsets") {
        c.memo_sync(
            "daemonset",
            "daemonsets",
            &ns,
            &name,
            &[("pods", &ns), ("nodes", "")],
            |c| sync(c, &ns, &name),
        );
    }
}

/// What the controller reads of one of its pods.
struct DaemonPod {
    /// The node it is for ([`node_of_daemon_pod`]).
    node: String,
    active: bool,
    terminating: bool,
    scheduled: bool,
    ready: bool,
    available: bool,
    ready_since: Option<crate::time::Time>,
    /// Its controller-revision-hash label.
    hash: Option<String>,
}

/// A node's active daemon pods (name, facts) and whether one of its pods
/// is terminating.
type OnNode<'a> = (Vec<(&'a str, &'a DaemonPod)>, bool);

fn daemon_pod(p: &Value, min_ready: i64, now: crate::time::Time) -> DaemonPod {
    let available = pod_is_available(p, min_ready, now);
    DaemonPod {
        node: node_of_daemon_pod(p).to_string(),
        active: pod_is_active(p),
        terminating: is_terminating(p),
        scheduled: !str_at(p, "/spec/nodeName").is_empty(),
        ready: pod_is_ready(p),
        available,
        ready_since: if available {
            None
        } else {
            super::ready_since(p)
        },
        hash: label(p, HASH_LABEL).map(str::to_string),
    }
}

/// The value of one of an object's labels.
fn label<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.pointer("/metadata/labels")
        .and_then(|l| l.get(key))
        .and_then(Value::as_str)
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let Some(ds) = c.store.get("daemonsets", ns, name).cloned() else {
        return;
    };
    if is_terminating(&ds) {
        return;
    }
    let sel = ds
        .pointer("/spec/selector")
        .and_then(|s| crate::selector::Selector::from_label_selector(s).ok())
        .unwrap_or_default();
    let min_ready = int_at(&ds, "/spec/minReadySeconds").unwrap_or(0);
    let now = c.now;
    let pods = super::replicaset::claim_with(c, &ds, &sel, |p| daemon_pod(p, min_ready, now));
    let spec = ds
        .pointer("/spec/template/spec")
        .cloned()
        .unwrap_or(json!({}));
    let Some((cur, old)) = construct_history(c, &ds) else {
        return;
    };
    let hash = str_at(&cur, "/metadata/labels/controller-revision-hash").to_string();
    let generation = int_at(&ds, "/metadata/generation").unwrap_or(1);
    // Each node's name and eligibility, and the set's pods by node, once
    // per sync (not per node).
    let tols = merged_tolerations(&spec);
    let nodes: Vec<(String, bool)> = c
        .store
        .list("nodes", None)
        .into_iter()
        .map(|n| {
            (
                crate::name_of(n).to_string(),
                eligible_with(&spec, &tols, n),
            )
        })
        .collect();
    // node -> (its active pods, whether one of its pods is terminating)
    let mut by_node: crate::sort::VecMap<&str, OnNode> = Default::default();
    for (pname, p) in &pods {
        let e = by_node.get_or_default(p.node.as_str());
        if p.active {
            e.0.push((pname.as_str(), p));
        }
        e.1 |= p.terminating;
    }
    let mut desired = 0;
    let mut scheduled = 0;
    let mut ready = 0;
    let mut available = 0;
    let mut updated = 0;
    let mut wakes = Vec::new();
    let mut unavailable = 0;
    let mut outdated: Vec<(bool, String)> = Vec::new();
    for (node_name, node_eligible) in &nodes {
        let node_name = node_name.as_str();
        let (on_node, terminating_here) = by_node
            .get(node_name)
            .map(|(v, t)| (v.as_slice(), *t))
            .unwrap_or_default();
        if *node_eligible {
            desired += 1;
            if on_node.is_empty() && terminating_here {
                // The old pod must be gone before its replacement starts.
                unavailable += 1;
            } else if on_node.is_empty() {
                unavailable += 1;
                let mut pod = super::replicaset::pod_from_template(&ds, &format!("{name}-"));
                if let Some(labels) = crate::meta::path_mut(&mut pod, &["metadata", "labels"]) {
                    labels.insert(HASH_LABEL.into(), json!(hash));
                    labels.insert(
                        "pod-template-generation".into(),
                        json!(generation.to_string()),
                    );
                }
                pin_to_node(&mut pod, node_name);
                if let Some(s) = pod.get_mut("spec").and_then(Value::as_object_mut) {
                    let tols = merged_tolerations(&Value::Object(s.clone()));
                    s.insert("tolerations".into(), Value::Array(tols));
                }
                super::replicaset::create_pod(c, &ds, pod, COMPONENT);
            } else {
                for (pname, _) in on_node.iter().skip(1) {
                    delete_pod(c, &ds, pname);
                }
                if let Some((pname, p)) = on_node.first() {
                    if p.scheduled {
                        scheduled += 1;
                    }
                    if p.ready {
                        ready += 1;
                    }
                    if p.available {
                        available += 1;
                    } else {
                        unavailable += 1;
                        if let Some(t) = p.ready_since {
                            wakes.push(t.plus_secs(min_ready));
                        }
                    }
                    if p.hash.as_deref() == Some(hash.as_str()) {
                        updated += 1;
                    } else {
                        outdated.push((p.ready, pname.to_string()));
                    }
                }
            }
        } else {
            for (pname, _) in on_node {
                delete_pod(c, &ds, pname);
            }
        }
    }
    for t in wakes {
        c.wake_at(t);
    }
    // RollingUpdate: replace outdated pods, at most maxUnavailable at a time
    // (not-ready ones first); OnDelete leaves them.
    if str_at(&ds, "/spec/updateStrategy/type") != "OnDelete" {
        let max_unavailable = super::int_or_percent(
            ds.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable"),
            desired,
            true,
            1,
        )
        .max(1);
        crate::sort::sort(&mut outdated);
        for (_, pname) in outdated {
            if unavailable >= max_unavailable {
                break;
            }
            delete_pod(c, &ds, &pname);
            unavailable += 1;
        }
    }
    // cleanupHistory: the oldest revisions beyond revisionHistoryLimit go,
    // except those a pod (finished ones included) still runs.
    let limit = int_at(&ds, "/spec/revisionHistoryLimit").unwrap_or(10);
    let live_hashes: BTreeSet<String> = crate::sort::set(
        super::replicaset::claim_with(c, &ds, &sel, |p| label(p, HASH_LABEL).map(str::to_string))
            .into_iter()
            .filter_map(|(_, h)| h),
    );
    let mut excess = old.len() as i64 - limit.max(0);
    for r in &old {
        if excess <= 0 {
            break;
        }
        if live_hashes.contains(str_at(r, "/metadata/labels/controller-revision-hash")) {
            continue;
        }
        let rname = crate::name_of(r).to_string();
        c.delete_object("controllerrevisions", ns, &rname, Default::default());
        excess -= 1;
    }
    // Pods whose node is gone are removed by pod GC.
    let Some(ds) = c.store.get("daemonsets", ns, name).cloned() else {
        return;
    };
    let mut status = Map::new();
    status.insert("currentNumberScheduled".into(), json!(scheduled));
    status.insert("desiredNumberScheduled".into(), json!(desired));
    if available > 0 {
        status.insert("numberAvailable".into(), json!(available));
    }
    status.insert("numberMisscheduled".into(), json!(0));
    status.insert("numberReady".into(), json!(ready));
    if desired - available > 0 {
        status.insert("numberUnavailable".into(), json!(desired - available));
    }
    status.insert("observedGeneration".into(), json!(generation));
    if updated > 0 {
        status.insert("updatedNumberScheduled".into(), json!(updated));
    }
    let mut d2 = ds;
    d2["status"] = Value::Object(status);
    c.put_if_changed("daemonsets", d2);
}

/// constructHistory: the revision matching the set's template (renumbered
/// to the newest if it is an older one: a rollback), created as
/// `<set>-<template hash>` if there is none, and the older revisions,
/// oldest first.
fn construct_history(c: &mut Cluster, ds: &Value) -> Option<(Value, Vec<Value>)> {
    let data = super::revisions::patch(ds);
    let (matching, old): (Vec<Value>, Vec<Value>) = super::revisions::controlled(c, ds)
        .into_iter()
        .partition(|r| r.get("data") == Some(&data));
    let next = old.iter().map(super::revisions::number).max().unwrap_or(0) + 1;
    let cur = match matching.last() {
        Some(r) if super::revisions::number(r) < next => super::revisions::renumber(c, r, next),
        Some(r) => r.clone(),
        None => {
            let collision = int_at(ds, "/status/collisionCount");
            let hash = super::deployment::pod_template_hash(
                ds.pointer("/spec/template").unwrap_or(&Value::Null),
                collision,
            );
            let rname = format!("{}-{hash}", crate::name_of(ds));
            let mut labels = ds
                .pointer("/spec/template/metadata/labels")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            labels.insert(HASH_LABEL.into(), json!(hash));
            super::revisions::create(c, ds, &rname, labels, data, next)?
        }
    };
    Some((cur, old))
}

/// Deletes one of the set's pods, recording SuccessfulDelete as the
/// controller's pod control does.
fn delete_pod(c: &mut Cluster, ds: &Value, pname: &str) {
    let ns = crate::namespace_of(ds).to_string();
    if c.delete_object("pods", &ns, pname, Default::default())
        .is_some()
    {
        c.event(
            ds,
            None,
            "Normal",
            "SuccessfulDelete",
            &format!("Deleted pod: {pname}"),
            crate::events::Source {
                component: COMPONENT,
                host: "",
            },
        );
    }
}

/// The node a daemon pod is for: its nodeName, or the node its affinity pins.
fn node_of_daemon_pod(p: &Value) -> &str {
    let n = str_at(p, "/spec/nodeName");
    if !n.is_empty() {
        return n;
    }
    crate::meta::arr_at(p, "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")
        .iter()
        .flat_map(|t| crate::meta::arr_at(t, "/matchFields"))
        .find(|f| f.get("key").and_then(Value::as_str) == Some("metadata.name"))
        .and_then(|f| f.pointer("/values/0"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Adds `matchFields metadata.name In [node]` to the pod's required node affinity.
fn pin_to_node(pod: &mut Value, node: &str) {
    let term = json!({"key": "metadata.name", "operator": "In", "values": [node]});
    let Some(req) = crate::meta::path_mut(
        pod,
        &[
            "spec",
            "affinity",
            "nodeAffinity",
            "requiredDuringSchedulingIgnoredDuringExecution",
        ],
    ) else {
        return;
    };
    let terms = req.entry("nodeSelectorTerms").or_insert_with(|| json!([]));
    match terms.as_array_mut() {
        Some(a) if !a.is_empty() => {
            for t in a.iter_mut() {
                if let Some(tm) = t.as_object_mut() {
                    tm.insert("matchFields".into(), json!([term.clone()]));
                }
            }
        }
        _ => *terms = json!([{"matchFields": [term]}]),
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::{json, Value};

    fn agent(image: &str) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {"containers": [{"name": "a", "image": image}]}}}
        })
    }

    #[test]
    fn one_pod_per_schedulable_node_and_rolling_updates() {
        let mut c = cluster();
        c.apply(agent("nginx:1.27"), "default").unwrap();
        let ps = pods(&c, "default");
        assert_eq!(ps.len(), 2, "the control plane's taint is not tolerated");
        let nodes: Vec<&str> = ps
            .iter()
            .map(|p| p["spec"]["nodeName"].as_str().unwrap())
            .collect();
        assert!(nodes.contains(&"desktop-worker") && nodes.contains(&"desktop-worker2"));
        assert_eq!(ps[0]["metadata"]["labels"]["pod-template-generation"], "1");
        c.advance(15_000);
        let ds = get(&c, "daemonsets", "default", "agent");
        assert_eq!(ds["status"]["numberReady"], 2);
        assert_eq!(ds["status"]["desiredNumberScheduled"], 2);
        c.apply(agent("nginx:1.28"), "default").unwrap();
        let terminating = pods(&c, "default")
            .iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_string())
            .count();
        assert_eq!(terminating, 1, "maxUnavailable 1");
        c.advance(60_000);
        let ds = get(&c, "daemonsets", "default", "agent");
        assert_eq!(ds["status"]["updatedNumberScheduled"], 2);
        assert_eq!(ds["status"]["numberAvailable"], 2);
        let ps = pods(&c, "default");
        assert_eq!(ps.len(), 2);
        assert!(ps
            .iter()
            .all(|p| p["spec"]["containers"][0]["image"] == "nginx:1.28"));
        let deleted = messages(&c, "default", "agent")
            .iter()
            .filter(|m| m.starts_with("Deleted pod: "))
            .count();
        assert_eq!(deleted, 2, "each replaced pod is a SuccessfulDelete event");
    }

    #[test]
    fn revisions_follow_the_template_and_rollbacks_renumber() {
        let mut c = cluster();
        let revs = |c: &crate::Cluster| -> Vec<(String, i64)> {
            let mut v: Vec<(String, i64)> = c
                .list(rt("controllerrevisions"), Some("default"))
                .into_iter()
                .map(|r| {
                    (
                        crate::name_of(r).to_string(),
                        r["revision"].as_i64().unwrap_or(0),
                    )
                })
                .collect();
            crate::sort::sort(&mut v);
            v
        };
        c.apply(agent("nginx:1.27"), "default").unwrap();
        c.advance(15_000);
        let first = revs(&c);
        assert_eq!(first.len(), 1);
        let hash = get(&c, "controllerrevisions", "default", &first[0].0)["metadata"]["labels"]
            ["controller-revision-hash"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(first[0].0, format!("agent-{hash}"));
        assert!(pods(&c, "default")
            .iter()
            .all(|p| p["metadata"]["labels"]["controller-revision-hash"] == hash.as_str()));
        c.apply(agent("nginx:1.28"), "default").unwrap();
        c.advance(120_000);
        assert_eq!(revs(&c).len(), 2);
        c.apply(agent("nginx:1.27"), "default").unwrap();
        c.advance(120_000);
        let r = revs(&c);
        assert_eq!(r.len(), 2);
        assert!(r.contains(&(first[0].0.clone(), 3)), "{r:?}");
        assert!(pods(&c, "default")
            .iter()
            .all(|p| p["metadata"]["labels"]["controller-revision-hash"] == hash.as_str()));
        assert_eq!(
            get(&c, "daemonsets", "default", "agent")["status"]["updatedNumberScheduled"],
            2
        );
        // revisionHistoryLimit 0 keeps only the live revision.
        let mut d = agent("nginx:1.29");
        d["spec"]["revisionHistoryLimit"] = json!(0);
        c.apply(d, "default").unwrap();
        c.advance(120_000);
        let r = revs(&c);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1, 4);
    }
}
