//! The scheduler: filters nodes (cordon, taints and tolerations, node
//! selector and required node affinity, host ports, resource requests, pod
//! count), spreads pods (fewest pods of the same owner, then fewest pods;
//! ties broken by the seeded RNG), binds, and explains failures in the
//! real FailedScheduling wording.

use crate::controllers::{controller_uid, pod_is_active};
use crate::meta::{arr_at, int_at, str_at};
use crate::selector::{labels_of, Op, Requirement};
use crate::sort::VecMap;
use crate::Cluster;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Whether a toleration tolerates a taint.
pub fn toleration_matches(tol: &Value, taint: &Value) -> bool {
    let t_effect = str_at(taint, "/effect");
    let effect = str_at(tol, "/effect");
    if !effect.is_empty() && effect != t_effect {
        return false;
    }
    let key = str_at(tol, "/key");
    let op = tol
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or("Equal");
    match op {
        "Exists" => key.is_empty() || key == str_at(taint, "/key"),
        _ => key == str_at(taint, "/key") && str_at(tol, "/value") == str_at(taint, "/value"),
    }
}

/// Whether `tols` tolerate every taint of `node` whose effect is in `effects`.
pub fn tolerates_all(tols: &[Value], node: &Value, effects: &[&str]) -> bool {
    first_untolerated(tols, node, effects).is_none()
}

fn first_untolerated<'a>(tols: &[Value], node: &'a Value, effects: &[&str]) -> Option<&'a Value> {
    arr_at(node, "/spec/taints").iter().find(|t| {
        effects.contains(&str_at(t, "/effect"))
            && !tols.iter().any(|tol| toleration_matches(tol, t))
    })
}

fn node_selector_requirement(r: &Value) -> Requirement {
    let op = match str_at(r, "/operator") {
        "In" => Op::In,
        "NotIn" => Op::NotIn,
        "Exists" => Op::Exists,
        "DoesNotExist" => Op::DoesNotExist,
        "Gt" => Op::Gt,
        _ => Op::Lt,
    };
    Requirement {
        key: str_at(r, "/key").to_string(),
        op,
        values: arr_at(r, "/values")
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
    }
}

/// nodeSelector and required node affinity of a pod spec against a node.
pub fn matches_node_affinity(spec: &Value, node: &Value) -> bool {
    let labels = labels_of(node);
    if let Some(sel) = spec.get("nodeSelector").and_then(Value::as_object) {
        for (k, v) in sel {
            if labels.get(k).map(String::as_str) != v.as_str() {
                return false;
            }
        }
    }
    let terms = arr_at(
        spec,
        "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms",
    );
    if terms.is_empty() {
        return true;
    }
    let mut fields = BTreeMap::new();
    fields.insert(
        "metadata.name".to_string(),
        crate::name_of(node).to_string(),
    );
    terms.iter().any(|t| {
        let exprs = arr_at(t, "/matchExpressions");
        let mfields = arr_at(t, "/matchFields");
        if exprs.is_empty() && mfields.is_empty() {
            return false;
        }
        exprs
            .iter()
            .all(|e| node_selector_requirement(e).matches(&labels))
            && mfields
                .iter()
                .all(|e| node_selector_requirement(e).matches(&fields))
    })
}

/// CPU quantity in millicores (`100m`, `0.5`, `2`).
pub fn parse_cpu_milli(q: &str) -> Option<i64> {
    if let Some(m) = q.strip_suffix('m') {
        return m.parse::<f64>().ok().map(|v| v.ceil() as i64);
    }
    q.parse::<f64>().ok().map(|v| (v * 1000.0).ceil() as i64)
}

/// A byte quantity (`128Mi`, `1G`, `500k`, `1e3`).
pub fn parse_bytes(q: &str) -> Option<i64> {
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
        ("m", 1e-3),
    ];
    for (s, mult) in SUFFIXES {
        if let Some(n) = q.strip_suffix(s) {
            return n.parse::<f64>().ok().map(|v| (v * mult).ceil() as i64);
        }
    }
    q.parse::<f64>().ok().map(|v| v.ceil() as i64)
}

fn quantity(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

/// The pod's (cpu millicores, memory bytes) requests.
pub fn pod_requests(pod: &Value) -> (i64, i64) {
    let mut cpu = 0;
    let mut mem = 0;
    for c in arr_at(pod, "/spec/containers") {
        let req = c.pointer("/resources/requests");
        cpu += quantity(req.and_then(|r| r.get("cpu")))
            .and_then(parse_cpu_milli)
            .unwrap_or(0);
        mem += quantity(req.and_then(|r| r.get("memory")))
            .and_then(parse_bytes)
            .unwrap_or(0);
    }
    for c in arr_at(pod, "/spec/initContainers") {
        let req = c.pointer("/resources/requests");
        cpu = cpu.max(
            quantity(req.and_then(|r| r.get("cpu")))
                .and_then(parse_cpu_milli)
                .unwrap_or(0),
        );
        mem = mem.max(
            quantity(req.and_then(|r| r.get("memory")))
                .and_then(parse_bytes)
                .unwrap_or(0),
        );
    }
    (cpu, mem)
}

fn host_ports(pod: &Value) -> Vec<(i64, String)> {
    arr_at(pod, "/spec/containers")
        .iter()
        .flat_map(|c| arr_at(c, "/ports"))
        .filter_map(|p| {
            let hp = p.get("hostPort").and_then(Value::as_i64)?;
            (hp > 0).then(|| {
                (
                    hp,
                    p.get("protocol")
                        .and_then(Value::as_str)
                        .unwrap_or("TCP")
                        .to_string(),
                )
            })
        })
        .collect()
}

/// Why a pod cannot go on a node: the reasons the scheduler's filters
/// give (NodeResourcesFit may give several).
fn filter(pod: &Value, node: &Value, on_node: &NodeInfo) -> Vec<String> {
    let spec = pod.get("spec").unwrap_or(&Value::Null);
    let tols = arr_at(pod, "/spec/tolerations");
    if node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
        let t = json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"});
        if !tols.iter().any(|tol| toleration_matches(tol, &t)) {
            return vec!["node(s) were unschedulable".into()];
        }
    }
    if let Some(t) = first_untolerated(tols, node, &["NoSchedule", "NoExecute"]) {
        return vec![format!(
            "node(s) had untolerated taint {{{}: {}}}",
            str_at(t, "/key"),
            str_at(t, "/value")
        )];
    }
    if !matches_node_affinity(spec, node) {
        return vec!["node(s) didn't match Pod's node affinity/selector".into()];
    }
    let wanted = host_ports(pod);
    if wanted.iter().any(|w| on_node.host_ports.contains(w)) {
        return vec!["node(s) didn't have free ports for the requested pod ports".into()];
    }
    let mut reasons = Vec::new();
    let max_pods = node
        .pointer("/status/allocatable/pods")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(110);
    if on_node.pods + 1 > max_pods {
        reasons.push("Too many pods".to_string());
    }
    let (cpu, mem) = pod_requests(pod);
    let alloc_cpu = quantity(node.pointer("/status/allocatable/cpu"))
        .and_then(parse_cpu_milli)
        .unwrap_or(i64::MAX);
    let alloc_mem = quantity(node.pointer("/status/allocatable/memory"))
        .and_then(parse_bytes)
        .unwrap_or(i64::MAX);
    let (used_cpu, used_mem) = (on_node.cpu, on_node.mem);
    if cpu > 0 && used_cpu.saturating_add(cpu) > alloc_cpu {
        reasons.push("Insufficient cpu".to_string());
    }
    if mem > 0 && used_mem.saturating_add(mem) > alloc_mem {
        reasons.push("Insufficient memory".to_string());
    }
    reasons
}

/// The FailedScheduling message for per-node reasons.
fn fit_error(n_nodes: usize, reasons: &BTreeMap<String, usize>, resource_nodes: usize) -> String {
    if n_nodes == 0 {
        return "no nodes available to schedule pods".to_string();
    }
    let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    crate::sort::sort(&mut parts);
    let mut pre = Vec::new();
    if n_nodes > resource_nodes {
        pre.push(format!(
            "{} Preemption is not helpful for scheduling",
            n_nodes - resource_nodes
        ));
    }
    if resource_nodes > 0 {
        pre.push(format!(
            "{resource_nodes} No preemption victims found for incoming pod"
        ));
    }
    crate::sort::sort(&mut pre);
    format!(
        "0/{n_nodes} nodes are available: {}. preemption: 0/{n_nodes} nodes are available: {}.",
        parts.join(", "),
        pre.join(", ")
    )
}

/// What the filters and the spreading score need to know about the pods
/// already on a node (active ones and those still terminating), summed
/// once per scheduling round and updated as pods are bound.
#[derive(Default)]
struct NodeInfo {
    pods: usize,
    cpu: i64,
    mem: i64,
    host_ports: Vec<(i64, String)>,
    /// Pods per controller uid.
    by_owner: BTreeMap<String, usize>,
}

impl NodeInfo {
    fn add(&mut self, pod: &Value) {
        self.pods += 1;
        let (cpu, mem) = pod_requests(pod);
        self.cpu = self.cpu.saturating_add(cpu);
        self.mem = self.mem.saturating_add(mem);
        self.host_ports.extend(host_ports(pod));
        if let Some(owner) = controller_uid(pod) {
            *self.by_owner.entry(owner.to_string()).or_default() += 1;
        }
    }
}

pub(crate) fn schedule(c: &mut Cluster) {
    let pending: Vec<(String, String)> = c
        .store
        .unbound_pods()
        .filter(|(ns, name)| {
            c.store.get("pods", ns, name).is_some_and(|p| {
                !crate::controllers::is_terminating(p)
                    && str_at(p, "/spec/schedulerName") == "default-scheduler"
                    && str_at(p, "/status/phase") == "Pending"
            })
        })
        .map(|(ns, name)| (ns.to_string(), name.to_string()))
        .collect();
    if pending.is_empty() {
        return;
    }
    let mut infos: VecMap<String, NodeInfo> = VecMap::new();
    for p in c.store.list("pods", None) {
        let node = str_at(p, "/spec/nodeName");
        if !node.is_empty() && (pod_is_active(p) || crate::controllers::is_terminating(p)) {
            infos.get_or_default(node.to_string()).add(p);
        }
    }
    // Priority first, then the oldest: keys read once per pod.
    let mut keyed: Vec<(SortKey, (String, String))> = pending
        .into_iter()
        .map(|k| {
            let p = c.store.get("pods", &k.0, &k.1);
            let prio = p.and_then(|p| int_at(p, "/spec/priority")).unwrap_or(0);
            let created = p
                .map(|p| str_at(p, "/metadata/creationTimestamp"))
                .unwrap_or("")
                .to_string();
            ((std::cmp::Reverse(prio), created), k)
        })
        .collect();
    crate::sort::by(&mut keyed, |a, b| a.cmp(b));
    let pending = keyed.into_iter().map(|(_, k)| k);
    let nodes: Vec<Value> = c.store.list("nodes", None).into_iter().cloned().collect();
    // Pods that fit no node, by (namespace, controller): their spec and
    // the scheduler's message. Whether a pod fits depends only on its spec
    // and namespace (its claims) and on the nodes and their pods, so a
    // sibling with the same spec gets the same answer without filtering
    // every node again, until a bind changes the nodes' pods.
    let mut unfit: BTreeMap<(String, String), (Value, String)> = BTreeMap::new();
    for (ns, name) in pending {
        let Some(pod) = c.store.get("pods", &ns, &name) else {
            continue;
        };
        let owner = controller_uid(pod).map(String::from);
        if let Some(owner) = &owner {
            if let Some((spec, msg)) = unfit.get(&(ns.clone(), owner.clone())) {
                if pod.get("spec") == Some(spec) {
                    if unschedulable_says(pod) != Some(msg.as_str()) {
                        let msg = msg.clone();
                        let pod = pod.clone();
                        mark_unschedulable(c, pod, &msg);
                    }
                    continue;
                }
            }
        }
        let pod = pod.clone();
        match schedule_one(c, &nodes, &infos, pod) {
            Placed::Bound(node, bound) => {
                infos.get_or_default(node).add(&bound);
                unfit.clear();
            }
            Placed::Unfit(spec, msg) => {
                if let Some(owner) = owner {
                    unfit.insert((ns, owner), (spec, msg));
                }
            }
        }
    }
}

/// A pending pod's place in the queue: higher priority, then older, first.
type SortKey = (std::cmp::Reverse<i64>, String);

/// What [`schedule_one`] did with a pod.
enum Placed {
    /// Bound to this node (the pod as bound).
    Bound(String, Value),
    /// No node fits: the pod's spec and the scheduler's message.
    Unfit(Value, String),
}

/// The message of a pod's PodScheduled condition.
fn unschedulable_says(pod: &Value) -> Option<&str> {
    arr_at(pod, "/status/conditions")
        .iter()
        .find(|x| str_at(x, "/type") == "PodScheduled")
        .map(|x| str_at(x, "/message"))
}

/// Records that `pod` fits no node, unless its PodScheduled condition
/// already says `msg`.
fn mark_unschedulable(c: &mut Cluster, pod: Value, msg: &str) {
    if unschedulable_says(&pod) == Some(msg) {
        return;
    }
    let now = c.now.rfc3339();
    let mut p = pod;
    set_pod_condition(
        &mut p,
        json!({"lastProbeTime": null, "lastTransitionTime": now, "message": msg, "reason": "Unschedulable", "status": "False", "type": "PodScheduled"}),
    );
    let p = c.put("pods", p);
    c.event_v2(&p, "Warning", "FailedScheduling", "Scheduling", msg);
}

/// Schedules one pod: binds it to a node, or says why none fits.
fn schedule_one(
    c: &mut Cluster,
    nodes: &[Value],
    infos: &VecMap<String, NodeInfo>,
    pod: Value,
) -> Placed {
    let empty = NodeInfo::default();
    let owner = controller_uid(&pod).map(String::from);
    let mut feasible: Vec<(usize, usize, String)> = Vec::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut resource_nodes = 0;
    // VolumeBinding: a missing claim stops scheduling; a bound local volume
    // pins the pod to its node.
    let (missing_claim, pinned) = match crate::controllers::volumes::claim_node(c, &pod) {
        Ok(p) => (None, p),
        Err(claim) => (Some(claim), None),
    };
    for node in nodes {
        let node_name = crate::name_of(node);
        let on_node = infos.get(node_name).unwrap_or(&empty);
        let mut r = filter(&pod, node, on_node);
        if r.is_empty() && pinned.as_deref().is_some_and(|p| p != node_name) {
            r.push("node(s) had volume node affinity conflict".to_string());
        }
        if missing_claim.is_some() {
            feasible.clear();
            break;
        }
        if r.is_empty() {
            let same = owner
                .as_ref()
                .and_then(|o| on_node.by_owner.get(o))
                .copied()
                .unwrap_or(0);
            feasible.push((same, on_node.pods, node_name.to_string()));
        } else {
            if r.iter()
                .any(|x| x.starts_with("Insufficient") || x == "Too many pods")
            {
                resource_nodes += 1;
            }
            for x in r {
                *reasons.entry(x).or_default() += 1;
            }
        }
    }
    let ns = crate::namespace_of(&pod).to_string();
    let name = crate::name_of(&pod).to_string();
    let now = c.now.rfc3339();
    if feasible.is_empty() {
        let n = nodes.len();
        let msg = match &missing_claim {
            Some(claim) => format!(
                "0/{n} nodes are available: persistentvolumeclaim \"{claim}\" not found. preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."
            ),
            None => fit_error(n, &reasons, resource_nodes),
        };
        let spec = pod.get("spec").cloned().unwrap_or(Value::Null);
        mark_unschedulable(c, pod, &msg);
        return Placed::Unfit(spec, msg);
    }
    let best = feasible.iter().map(|f| (f.0, f.1)).min().unwrap_or((0, 0));
    let ties: Vec<&String> = feasible
        .iter()
        .filter(|f| (f.0, f.1) == best)
        .map(|f| &f.2)
        .collect();
    let pick = ties
        .get(c.rng.below(ties.len() as u64) as usize)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut p = pod.clone();
    p["spec"]["nodeName"] = json!(pick);
    set_pod_condition(
        &mut p,
        json!({"lastProbeTime": null, "lastTransitionTime": now, "status": "True", "type": "PodScheduled"}),
    );
    let p = c.put("pods", p);
    let msg = format!("Successfully assigned {ns}/{name} to {pick}");
    c.event_v2(&p, "Normal", "Scheduled", "Binding", &msg);
    Placed::Bound(pick, p)
}

/// Replaces (or adds) a pod condition of the same type.
pub(crate) fn set_pod_condition(pod: &mut Value, cond: Value) {
    let ty = str_at(&cond, "/type").to_string();
    let Some(status) = crate::meta::obj_mut(pod, "status") else {
        return;
    };
    let conds = status.entry("conditions").or_insert_with(|| json!([]));
    if let Some(a) = conds.as_array_mut() {
        if let Some(existing) = a
            .iter_mut()
            .find(|x| x.get("type").and_then(Value::as_str) == Some(ty.as_str()))
        {
            *existing = cond;
        } else {
            a.push(cond);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testutil::*;

    fn pending_message(c: &crate::Cluster, name: &str) -> String {
        let p = get(c, "pods", "default", name);
        crate::meta::arr_at(&p, "/status/conditions")
            .iter()
            .find(|x| x["type"] == "PodScheduled")
            .map(|x| x["message"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    }

    #[test]
    fn spreads_over_workers_and_respects_the_control_plane_taint() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 4), "default").unwrap();
        let mut per_node = BTreeMap::new();
        for p in pods(&c, "default") {
            *per_node
                .entry(p["spec"]["nodeName"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        assert_eq!(
            per_node,
            BTreeMap::from([
                ("desktop-worker".to_string(), 2),
                ("desktop-worker2".to_string(), 2)
            ])
        );
        let p = &pods(&c, "default")[0];
        let name = crate::name_of(p).to_string();
        let node = p["spec"]["nodeName"].as_str().unwrap().to_string();
        assert!(messages(&c, "default", &name)
            .contains(&format!("Successfully assigned default/{name} to {node}")));
    }

    #[test]
    fn unschedulable_pods_explain_why() {
        let mut c = cluster();
        let mut p = pod("cp", "nginx", &[]);
        p["spec"]["nodeSelector"] = json!({"node-role.kubernetes.io/control-plane": ""});
        c.create(p, "default").unwrap();
        let msg = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
        assert_eq!(pending_message(&c, "cp"), msg);
        assert_eq!(
            get(&c, "pods", "default", "cp")["status"]["phase"],
            "Pending"
        );
        assert!(messages(&c, "default", "cp").contains(&msg.to_string()));
        // With a toleration it lands on the control plane.
        let mut p = pod("cp2", "nginx", &[]);
        p["spec"]["nodeSelector"] = json!({"node-role.kubernetes.io/control-plane": ""});
        p["spec"]["tolerations"] = json!([{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]);
        c.create(p, "default").unwrap();
        assert_eq!(
            get(&c, "pods", "default", "cp2")["spec"]["nodeName"],
            "desktop-control-plane"
        );
    }

    #[test]
    fn cordoned_nodes_and_resources() {
        let mut c = cluster();
        for n in ["desktop-worker", "desktop-worker2"] {
            let mut node = get(&c, "nodes", "", n);
            node["spec"]["unschedulable"] = json!(true);
            c.update(node).unwrap();
        }
        c.create(pod("p", "nginx", &[]), "default").unwrap();
        assert!(pending_message(&c, "p").starts_with("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable."));
        // Uncordon: the pending pod is scheduled.
        let mut node = get(&c, "nodes", "", "desktop-worker");
        node["spec"]["unschedulable"] = json!(false);
        c.update(node).unwrap();
        assert_eq!(
            get(&c, "pods", "default", "p")["spec"]["nodeName"],
            "desktop-worker"
        );
        let mut big = pod("big", "nginx", &[]);
        big["spec"]["containers"][0]["resources"] = json!({"requests": {"cpu": "64"}});
        c.create(big, "default").unwrap();
        assert_eq!(
            pending_message(&c, "big"),
            "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn tolerations() {
        let taint = json!({"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"});
        assert!(toleration_matches(&json!({"operator": "Exists"}), &taint));
        assert!(toleration_matches(
            &json!({"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}),
            &taint
        ));
        assert!(!toleration_matches(
            &json!({"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoExecute"}),
            &taint
        ));
        assert!(!toleration_matches(
            &json!({"key": "x", "value": "y"}),
            &taint
        ));
        assert!(toleration_matches(
            &json!({"key": "a", "value": "b"}),
            &json!({"key": "a", "value": "b", "effect": "NoSchedule"})
        ));
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_cpu_milli("100m"), Some(100));
        assert_eq!(parse_cpu_milli("1.5"), Some(1500));
        assert_eq!(parse_bytes("128Mi"), Some(134_217_728));
        assert_eq!(parse_bytes("1G"), Some(1_000_000_000));
        assert_eq!(parse_bytes("8024436Ki"), Some(8_217_022_464));
        assert_eq!(parse_bytes("x"), None);
    }

    #[test]
    fn affinity() {
        let node = json!({"metadata": {"name": "w1", "labels": {"disk": "ssd", "kubernetes.io/os": "linux"}}});
        assert!(matches_node_affinity(
            &json!({"nodeSelector": {"disk": "ssd"}}),
            &node
        ));
        assert!(!matches_node_affinity(
            &json!({"nodeSelector": {"disk": "hdd"}}),
            &node
        ));
        let pinned = json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["w1"]}]}]}}}});
        assert!(matches_node_affinity(&pinned, &node));
        let other = json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "disk", "operator": "NotIn", "values": ["ssd"]}]}]}}}});
        assert!(!matches_node_affinity(&other, &node));
    }

    #[test]
    fn failure_messages_are_sorted_like_the_scheduler() {
        let mut r = BTreeMap::new();
        r.insert(
            "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }".to_string(),
            1,
        );
        r.insert(
            "node(s) didn't match Pod's node affinity/selector".to_string(),
            2,
        );
        assert_eq!(
            fit_error(3, &r, 0),
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
        );
        let mut r = BTreeMap::new();
        r.insert("Insufficient cpu".to_string(), 2);
        r.insert(
            "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }".to_string(),
            1,
        );
        assert_eq!(
            fit_error(3, &r, 2),
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
        assert_eq!(
            fit_error(0, &BTreeMap::new(), 0),
            "no nodes available to schedule pods"
        );
    }
}
