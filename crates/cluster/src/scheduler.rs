//! The scheduler: filters nodes (cordon, taints and tolerations, node
//! selector and required node affinity, host ports, resource requests, pod
//! count), spreads pods (fewest pods of the same owner, then fewest pods;
//! ties broken by the seeded RNG), binds, and explains failures in the
//! real FailedScheduling wording.

use crate::controllers::{controller_uid, is_terminating, pod_is_active};
use crate::meta::{arr_at, int_at, str_at};
use crate::selector::{labels_of, Op, Requirement};
use crate::Cluster;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

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
    untolerated(tols, arr_at(node, "/spec/taints"), effects)
}

/// The first of `taints` with an effect in `effects` that `tols` do not
/// tolerate.
fn untolerated<'a>(tols: &[Value], taints: &'a [Value], effects: &[&str]) -> Option<&'a Value> {
    taints.iter().find(|t| {
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
    Affinity::of(spec).matches(&labels_of(node), &fields_of(node))
}

/// The fields a node selector term's matchFields can name.
fn fields_of(node: &Value) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    fields.insert(
        "metadata.name".to_string(),
        crate::name_of(node).to_string(),
    );
    fields
}

/// A pod's nodeSelector and required node affinity, read once.
struct Affinity {
    /// nodeSelector: key -> value (`None`: not a string, which only a
    /// missing label equals).
    selector: Vec<(String, Option<String>)>,
    /// The nodeSelectorTerms, as (matchExpressions, matchFields); none:
    /// every node.
    terms: Vec<(Vec<Requirement>, Vec<Requirement>)>,
}

impl Affinity {
    fn of(spec: &Value) -> Affinity {
        let selector = spec
            .get("nodeSelector")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().map(String::from)))
                    .collect()
            })
            .unwrap_or_default();
        let requirements =
            |v: &[Value]| -> Vec<Requirement> { v.iter().map(node_selector_requirement).collect() };
        let terms = arr_at(
            spec,
            "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms",
        )
        .iter()
        .map(|t| {
            (
                requirements(arr_at(t, "/matchExpressions")),
                requirements(arr_at(t, "/matchFields")),
            )
        })
        .collect();
        Affinity { selector, terms }
    }

    /// Whether a node with these labels and fields matches: the whole
    /// nodeSelector, and one term (a term with no requirement matches
    /// nothing).
    fn matches(
        &self,
        labels: &BTreeMap<String, String>,
        fields: &BTreeMap<String, String>,
    ) -> bool {
        if self
            .selector
            .iter()
            .any(|(k, v)| labels.get(k).map(String::as_str) != v.as_deref())
        {
            return false;
        }
        if self.terms.is_empty() {
            return true;
        }
        self.terms.iter().any(|(exprs, mfields)| {
            if exprs.is_empty() && mfields.is_empty() {
                return false;
            }
            exprs.iter().all(|e| e.matches(labels)) && mfields.iter().all(|e| e.matches(fields))
        })
    }
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
    let mut cpu: i64 = 0;
    let mut mem: i64 = 0;
    for c in arr_at(pod, "/spec/containers") {
        let req = c.pointer("/resources/requests");
        cpu = cpu.saturating_add(
            quantity(req.and_then(|r| r.get("cpu")))
                .and_then(parse_cpu_milli)
                .unwrap_or(0),
        );
        mem = mem.saturating_add(
            quantity(req.and_then(|r| r.get("memory")))
                .and_then(parse_bytes)
                .unwrap_or(0),
        );
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

/// Pods the scheduler tries (binds, or finds no node for) in one step of
/// pending work; the rest of its queue is the next step (see
/// [`crate::controllers::resume_window`]).
const STEP_PODS: usize = 100;

/// Pod writes the scheduler folds into its node index in one step (few
/// in tests, so that they pause it).
const STEP_INDEX: usize = if cfg!(test) { 64 } else { 1_000 };

/// What a bound pod takes of its node: counted while it is active or
/// still terminating (a finished pod frees its node).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Share {
    node: String,
    cpu: i64,
    mem: i64,
    host_ports: Vec<(i64, String)>,
    /// The pod's controller uid (the spreading score counts siblings).
    owner: Option<String>,
}

impl Share {
    fn of(pod: &Value) -> Option<Share> {
        let node = str_at(pod, "/spec/nodeName");
        if node.is_empty() || !(pod_is_active(pod) || is_terminating(pod)) {
            return None;
        }
        let (cpu, mem) = pod_requests(pod);
        Some(Share {
            node: node.to_string(),
            cpu,
            mem,
            host_ports: host_ports(pod),
            owner: controller_uid(pod).map(String::from),
        })
    }
}

/// What the filters and the spreading score need to know about the pods
/// on a node: the sum of their [`Share`]s.
#[derive(Clone, Debug, Default)]
struct NodeInfo {
    pods: usize,
    /// Exact sums (read saturated to i64, as a running saturating sum of
    /// requests reads).
    cpu: i128,
    mem: i128,
    /// (port, protocol) -> pods asking for it.
    host_ports: BTreeMap<(i64, String), usize>,
    /// Pods per controller uid.
    by_owner: BTreeMap<String, usize>,
}

fn saturated(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

impl NodeInfo {
    fn add(&mut self, s: &Share) {
        self.pods += 1;
        self.cpu += i128::from(s.cpu);
        self.mem += i128::from(s.mem);
        for p in &s.host_ports {
            *self.host_ports.entry(p.clone()).or_default() += 1;
        }
        if let Some(o) = &s.owner {
            *self.by_owner.entry(o.clone()).or_default() += 1;
        }
    }

    fn sub(&mut self, s: &Share) {
        self.pods = self.pods.saturating_sub(1);
        self.cpu -= i128::from(s.cpu);
        self.mem -= i128::from(s.mem);
        for p in &s.host_ports {
            if let Some(n) = self.host_ports.get_mut(p) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.host_ports.remove(p);
                }
            }
        }
        if let Some(o) = &s.owner {
            if let Some(n) = self.by_owner.get_mut(o) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.by_owner.remove(o);
                }
            }
        }
    }
}

/// What the filters read of a node, taken once per version of the nodes.
#[derive(Clone, Debug)]
struct NodeFacts {
    name: String,
    resource_version: String,
    unschedulable: bool,
    taints: Vec<Value>,
    labels: BTreeMap<String, String>,
    fields: BTreeMap<String, String>,
    alloc_cpu: i64,
    alloc_mem: i64,
    max_pods: usize,
}

impl NodeFacts {
    fn of(node: &Value) -> NodeFacts {
        NodeFacts {
            name: crate::name_of(node).to_string(),
            resource_version: str_at(node, "/metadata/resourceVersion").to_string(),
            unschedulable: node.pointer("/spec/unschedulable").and_then(Value::as_bool)
                == Some(true),
            taints: arr_at(node, "/spec/taints").to_vec(),
            labels: labels_of(node),
            fields: fields_of(node),
            alloc_cpu: quantity(node.pointer("/status/allocatable/cpu"))
                .and_then(parse_cpu_milli)
                .unwrap_or(i64::MAX),
            alloc_mem: quantity(node.pointer("/status/allocatable/memory"))
                .and_then(parse_bytes)
                .unwrap_or(i64::MAX),
            max_pods: node
                .pointer("/status/allocatable/pods")
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(110),
        }
    }
}

/// What a scheduling decision about a pod that fit no node read: the
/// nodes (their generation in the cache), the pods on them (the index's
/// version) and the claims (the last PVC and PV writes).
type Inputs = (u64, u64, u64, u64);

/// The scheduler's cache, kept across steps and passes (with the other
/// controllers' memos, so a snapshot takes it too): the nodes' facts, an
/// index of what the pods bound to each node take — folded from the
/// store's log of pod writes, so a scheduling round costs O(nodes) per
/// pod instead of a sum over every pod — and the pods that fit no node
/// with what that answer read, so a pass in which none of it changed
/// does not try them again (trying would give the same message and write
/// nothing).
#[derive(Clone, Debug, Default)]
pub(crate) struct Cache {
    /// Whether the index has taken in every pod once.
    built: bool,
    /// Pods written since the index last looked at them.
    dirty: BTreeSet<(String, String)>,
    /// Pod -> what it takes of its node.
    shares: BTreeMap<(String, String), Share>,
    /// Node name -> the sum of its pods' shares.
    infos: BTreeMap<String, NodeInfo>,
    /// Moves on with every change of `infos`.
    version: u64,
    /// The nodes, in the store's order, and their generation.
    nodes: Vec<NodeFacts>,
    nodes_gen: u64,
    /// Pod -> (its resourceVersion, the inputs) when it last fit no node.
    unfit: BTreeMap<(String, String), (String, Inputs)>,
    /// The pods waiting to be scheduled, as [`queue_key`]s (in order).
    queue: BTreeSet<(String, String)>,
    /// Pod -> its key in `queue`.
    queued: BTreeMap<(String, String), (String, String)>,
}

impl Cache {
    /// Folds up to `limit` written pods into the index; true if some wait.
    fn fold(&mut self, store: &mut crate::store::Store, limit: usize) -> bool {
        let written = store.take_pods_written(crate::store::PODS_SCHED);
        if !self.built {
            self.built = true;
            self.dirty = crate::sort::set(store.keys("pods"));
            self.shares.clear();
            self.infos.clear();
            self.unfit.clear();
            self.queue.clear();
            self.queued.clear();
            self.version += 1;
        } else if self.dirty.is_empty() {
            self.dirty = written;
        } else {
            self.dirty.extend(written);
        }
        for _ in 0..limit {
            let Some(key) = self.dirty.pop_first() else {
                return false;
            };
            let pod = store.get("pods", &key.0, &key.1);
            if pod.is_none_or(|p| !str_at(p, "/spec/nodeName").is_empty()) {
                self.unfit.remove(&key);
            }
            let waits = pod.and_then(|p| queue_key(p, &key.0, &key.1));
            if self.queued.get(&key) != waits.as_ref() {
                if let Some(old) = self.queued.remove(&key) {
                    self.queue.remove(&old);
                }
                if let Some(k) = waits {
                    self.queue.insert(k.clone());
                    self.queued.insert(key.clone(), k);
                }
            }
            let new = pod.and_then(Share::of);
            if self.shares.get(&key) == new.as_ref() {
                continue;
            }
            self.version += 1;
            if let Some(old) = self.shares.remove(&key) {
                if let Some(info) = self.infos.get_mut(&old.node) {
                    info.sub(&old);
                    if info.pods == 0 {
                        self.infos.remove(&old.node);
                    }
                }
            }
            if let Some(new) = new {
                self.infos.entry(new.node.clone()).or_default().add(&new);
                self.shares.insert(key, new);
            }
        }
        !self.dirty.is_empty()
    }

    /// Takes the nodes' facts again if a node changed, came or went.
    fn refresh_nodes(&mut self, store: &crate::store::Store) {
        let nodes = store.list("nodes", None);
        let same = nodes.len() == self.nodes.len()
            && nodes.iter().zip(&self.nodes).all(|(n, f)| {
                crate::name_of(n) == f.name
                    && str_at(n, "/metadata/resourceVersion") == f.resource_version
            });
        if !same {
            self.nodes = nodes.into_iter().map(NodeFacts::of).collect();
            self.nodes_gen += 1;
        }
    }
}

/// A pod's place in the scheduler's queue, if it waits there (unbound,
/// Pending, not being deleted, for the default scheduler): higher
/// priority, then older, then namespace and name first. The first string
/// is the priority (reversed, fixed width), the creation time and the
/// namespace, each ended by a NUL (which sorts before any other
/// character, so a prefix still sorts first); the second is the name.
fn queue_key(pod: &Value, ns: &str, name: &str) -> Option<(String, String)> {
    let waits = str_at(pod, "/spec/nodeName").is_empty()
        && !is_terminating(pod)
        && str_at(pod, "/spec/schedulerName") == "default-scheduler"
        && str_at(pod, "/status/phase") == "Pending";
    if !waits {
        return None;
    }
    let prio = int_at(pod, "/spec/priority").unwrap_or(0);
    let rank = i128::from(i64::MAX) - i128::from(prio);
    let created = str_at(pod, "/metadata/creationTimestamp");
    Some((format!("{rank:020}\0{created}\0{ns}"), name.to_string()))
}

/// The namespace in a [`queue_key`].
fn queue_ns(key: &(String, String)) -> &str {
    key.0.rsplit_once('\0').map_or("", |(_, ns)| ns)
}

pub(crate) fn schedule(c: &mut Cluster) {
    let mut cache = std::mem::take(&mut c.memo.sched);
    schedule_with(c, &mut cache);
    c.memo.sched = cache;
}

fn schedule_with(c: &mut Cluster, cache: &mut Cache) {
    // Where the last step paused (in the queue, or folding the index).
    let resume = c.memo.resume.take();
    if cache.fold(&mut c.store, STEP_INDEX) {
        // The queue waits for the whole index, from where it stood, if
        // pods wait to be scheduled.
        let waiting = c.store.unbound_pods().any(|(ns, name)| {
            c.store
                .get("pods", ns, name)
                .is_some_and(|p| queue_key(p, ns, name).is_some())
        });
        if waiting {
            c.memo.resume = Some(resume.unwrap_or_default());
        }
        return;
    }
    if cache.queue.is_empty() {
        return;
    }
    cache.refresh_nodes(&c.store);
    let pvc_pv = (
        c.memo
            .written("persistentvolumeclaims", crate::controllers::ANY_NS),
        c.memo
            .written("persistentvolumes", crate::controllers::ANY_NS),
    );
    let mut from = resume.map_or(Bound::Unbounded, Bound::Included);
    let mut tried = 0;
    while let Some(key) = cache.queue.range((from, Bound::Unbounded)).next().cloned() {
        if tried == STEP_PODS {
            // The rest of the queue is the next step.
            c.memo.resume = Some(key);
            return;
        }
        let id = (queue_ns(&key).to_string(), key.1.clone());
        from = Bound::Excluded(key);
        let Some(pod) = c.store.get("pods", &id.0, &id.1) else {
            continue;
        };
        let inputs: Inputs = (cache.nodes_gen, cache.version, pvc_pv.0, pvc_pv.1);
        let rv = pod
            .get("metadata")
            .and_then(|m| m.get("resourceVersion"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if cache
            .unfit
            .get(&id)
            .is_some_and(|(r, seen)| r == rv && *seen == inputs)
        {
            continue;
        }
        tried += 1;
        match decide(c, cache, pod) {
            Decision::Fits(ties) => {
                let pick = ties
                    .get(c.rng.below(ties.len() as u64) as usize)
                    .cloned()
                    .unwrap_or_default();
                bind(c, cache, &id, &pick);
            }
            Decision::Unfit(msg) => {
                let rv = match unschedulable_says(pod) == Some(msg.as_str()) {
                    true => rv.to_string(),
                    false => {
                        let pod = pod.clone();
                        let p = mark_unschedulable(c, pod, &msg);
                        str_at(&p, "/metadata/resourceVersion").to_string()
                    }
                };
                cache.unfit.insert(id, (rv, inputs));
            }
        }
    }
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

/// The scheduler's answer for a pod.
enum Decision {
    /// The best nodes, equally good (the RNG picks one).
    Fits(Vec<String>),
    /// No node fits: the FailedScheduling message.
    Unfit(String),
}

/// What the filters read of the pod being scheduled, taken once.
struct Wants<'a> {
    tols: &'a [Value],
    tolerates_cordon: bool,
    affinity: Affinity,
    host_ports: Vec<(i64, String)>,
    cpu: i64,
    mem: i64,
}

/// Why the pod cannot go on a node: the reasons the scheduler's filters
/// give (NodeResourcesFit may give several).
fn filter(w: &Wants, node: &NodeFacts, on_node: &NodeInfo) -> Vec<String> {
    if node.unschedulable && !w.tolerates_cordon {
        return vec!["node(s) were unschedulable".into()];
    }
    if let Some(t) = untolerated(w.tols, &node.taints, &["NoSchedule", "NoExecute"]) {
        return vec![format!(
            "node(s) had untolerated taint {{{}: {}}}",
            str_at(t, "/key"),
            str_at(t, "/value")
        )];
    }
    if !w.affinity.matches(&node.labels, &node.fields) {
        return vec!["node(s) didn't match Pod's node affinity/selector".into()];
    }
    if w.host_ports
        .iter()
        .any(|p| on_node.host_ports.contains_key(p))
    {
        return vec!["node(s) didn't have free ports for the requested pod ports".into()];
    }
    let mut reasons = Vec::new();
    if on_node.pods + 1 > node.max_pods {
        reasons.push("Too many pods".to_string());
    }
    if w.cpu > 0 && saturated(on_node.cpu).saturating_add(w.cpu) > node.alloc_cpu {
        reasons.push("Insufficient cpu".to_string());
    }
    if w.mem > 0 && saturated(on_node.mem).saturating_add(w.mem) > node.alloc_mem {
        reasons.push("Insufficient memory".to_string());
    }
    reasons
}

/// Filters every node for `pod` and scores the ones that fit: fewest pods
/// of the same controller, then fewest pods.
fn decide(c: &Cluster, cache: &Cache, pod: &Value) -> Decision {
    let empty = NodeInfo::default();
    let owner = controller_uid(pod);
    let tols = arr_at(pod, "/spec/tolerations");
    let cordon = json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"});
    let (cpu, mem) = pod_requests(pod);
    let wants = Wants {
        tols,
        tolerates_cordon: tols.iter().any(|tol| toleration_matches(tol, &cordon)),
        affinity: Affinity::of(pod.get("spec").unwrap_or(&Value::Null)),
        host_ports: host_ports(pod),
        cpu,
        mem,
    };
    let n = cache.nodes.len();
    // VolumeBinding: a missing claim stops scheduling; a bound local volume
    // pins the pod to its node.
    let pinned = match crate::controllers::volumes::claim_node(c, pod) {
        Ok(p) => p,
        Err(claim) => {
            return Decision::Unfit(format!(
                "0/{n} nodes are available: persistentvolumeclaim \"{claim}\" not found. preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."
            ));
        }
    };
    let mut feasible: Vec<(usize, usize, &str)> = Vec::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut resource_nodes = 0;
    for node in &cache.nodes {
        let on_node = cache.infos.get(&node.name).unwrap_or(&empty);
        let mut r = filter(&wants, node, on_node);
        if r.is_empty() && pinned.as_deref().is_some_and(|p| p != node.name) {
            r.push("node(s) had volume node affinity conflict".to_string());
        }
        if r.is_empty() {
            let same = owner
                .and_then(|o| on_node.by_owner.get(o))
                .copied()
                .unwrap_or(0);
            feasible.push((same, on_node.pods, &node.name));
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
    let Some(best) = feasible.iter().map(|f| (f.0, f.1)).min() else {
        return Decision::Unfit(fit_error(n, &reasons, resource_nodes));
    };
    Decision::Fits(
        feasible
            .iter()
            .filter(|f| (f.0, f.1) == best)
            .map(|f| f.2.to_string())
            .collect(),
    )
}

/// Binds the pod `id` to `node` and counts it there.
fn bind(c: &mut Cluster, cache: &mut Cache, id: &(String, String), node: &str) {
    let Some(mut p) = c.store.get("pods", &id.0, &id.1).cloned() else {
        return;
    };
    p["spec"]["nodeName"] = json!(node);
    let now = c.now.rfc3339();
    set_pod_condition(
        &mut p,
        json!({"lastProbeTime": null, "lastTransitionTime": now, "status": "True", "type": "PodScheduled"}),
    );
    let p = c.put_get("pods", p);
    if let Some(k) = cache.queued.remove(id) {
        cache.queue.remove(&k);
    }
    if let Some(share) = Share::of(&p) {
        cache.version += 1;
        cache
            .infos
            .entry(share.node.clone())
            .or_default()
            .add(&share);
        cache.shares.insert(id.clone(), share);
    }
    cache.unfit.remove(id);
    let msg = format!("Successfully assigned {}/{} to {node}", id.0, id.1);
    c.event_v2(&p, "Normal", "Scheduled", "Binding", &msg);
}

/// The message of a pod's PodScheduled condition.
fn unschedulable_says(pod: &Value) -> Option<&str> {
    arr_at(pod, "/status/conditions")
        .iter()
        .find(|x| str_at(x, "/type") == "PodScheduled")
        .map(|x| str_at(x, "/message"))
}

/// Records that `pod` fits no node (its PodScheduled condition says
/// `msg`, a FailedScheduling event); returns the pod as stored.
fn mark_unschedulable(c: &mut Cluster, pod: Value, msg: &str) -> Value {
    let now = c.now.rfc3339();
    let mut p = pod;
    set_pod_condition(
        &mut p,
        json!({"lastProbeTime": null, "lastTransitionTime": now, "message": msg, "reason": "Unschedulable", "status": "False", "type": "PodScheduled"}),
    );
    let p = c.put_get("pods", p);
    c.event_v2(&p, "Warning", "FailedScheduling", "Scheduling", msg);
    p
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

    /// A scheduling workout: cordoned nodes, a queue far longer than one
    /// step, full nodes, host ports, node selectors, missing claims,
    /// resource requests, nodes added and removed; then cascading
    /// deletions, a failed node and a pod bound to no node. `stepped`: every
    /// advance runs one work unit at a time. Returns the FNV-1a hash of
    /// every change, every pod's node and PodScheduled message and every
    /// Event, and how many changes there were.
    fn workout(stepped: bool) -> (u64, usize) {
        let mut c = cluster();
        let mut text = String::new();
        let mut changes = 0;
        let mut log = |c: &mut crate::Cluster, text: &mut String| {
            for ch in c.drain_changes() {
                text.push_str(&format!(
                    "{:?} {} {}/{}\n",
                    ch.op, ch.resource, ch.namespace, ch.name
                ));
                changes += 1;
            }
        };
        let advance = |c: &mut crate::Cluster, ms: i64| {
            if stepped {
                c.set_stepping(true);
                c.advance_stepped(ms);
                while c.work_step(1) {}
                c.set_stepping(false);
            } else {
                c.advance(ms);
            }
        };
        let cordon = |c: &mut crate::Cluster, node: &str, on: bool| {
            let mut n = get(c, "nodes", "", node);
            n["spec"]["unschedulable"] = json!(on);
            c.update(n).unwrap();
        };
        cordon(&mut c, "desktop-worker", true);
        cordon(&mut c, "desktop-worker2", true);
        c.apply(deployment("big", "nginx", 250), "default").unwrap();
        advance(&mut c, 1_000);
        log(&mut c, &mut text);
        cordon(&mut c, "desktop-worker", false);
        advance(&mut c, 1_000);
        log(&mut c, &mut text);
        c.node_add("desktop-worker3").unwrap();
        advance(&mut c, 6_000);
        log(&mut c, &mut text);
        let mut hp = deployment("hp", "nginx", 4);
        hp["spec"]["template"]["spec"]["containers"][0]["ports"] =
            json!([{"containerPort": 80, "hostPort": 8080}]);
        c.apply(hp, "default").unwrap();
        let mut ssd = pod("ssd", "nginx", &[]);
        ssd["spec"]["nodeSelector"] = json!({"disk": "ssd"});
        c.create(ssd, "default").unwrap();
        let mut claim = pod("claim", "nginx", &[]);
        claim["spec"]["volumes"] =
            json!([{"name": "data", "persistentVolumeClaim": {"claimName": "missing"}}]);
        c.create(claim, "default").unwrap();
        let mut cpu = deployment("cpu", "nginx", 6);
        cpu["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"requests": {"cpu": "3", "memory": "1Gi"}});
        c.apply(cpu, "default").unwrap();
        advance(&mut c, 5_000);
        log(&mut c, &mut text);
        cordon(&mut c, "desktop-worker2", false);
        advance(&mut c, 30_000);
        log(&mut c, &mut text);
        let mut big = get(&c, "deployments", "default", "big");
        big["spec"]["replicas"] = json!(120);
        c.update(big).unwrap();
        advance(&mut c, 60_000);
        log(&mut c, &mut text);
        c.node_remove("desktop-worker3").unwrap();
        advance(&mut c, 60_000);
        log(&mut c, &mut text);
        // The garbage collector: a background cascade, a foreground one.
        c.delete(crate::testutil::rt("deployments"), "default", "big")
            .unwrap();
        let fg = crate::api::DeleteOptions {
            propagation: crate::api::Propagation::Foreground,
            ..Default::default()
        };
        c.delete_with(crate::testutil::rt("deployments"), "default", "cpu", fg)
            .unwrap();
        advance(&mut c, 60_000);
        log(&mut c, &mut text);
        // Node lifecycle: a failed node, its pods evicted; pod GC.
        c.node_fail("desktop-worker2").unwrap();
        advance(&mut c, 60_000);
        log(&mut c, &mut text);
        advance(&mut c, 300_000);
        log(&mut c, &mut text);
        c.node_recover("desktop-worker2").unwrap();
        let mut ghost = pod("ghost", "nginx", &[]);
        ghost["spec"]["nodeName"] = json!("no-such-node");
        c.create(ghost, "default").unwrap();
        advance(&mut c, 50_000);
        log(&mut c, &mut text);
        for p in c.store.list("pods", None) {
            text.push_str(&format!(
                "{}/{} {} {}\n",
                crate::namespace_of(p),
                crate::name_of(p),
                str_at(p, "/spec/nodeName"),
                unschedulable_says(p).unwrap_or("")
            ));
        }
        for e in c.store.list("events", None) {
            text.push_str(&format!(
                "{} {} {} {} {}\n",
                crate::name_of(e),
                str_at(e, "/involvedObject/name"),
                str_at(e, "/reason"),
                str_at(e, "/message"),
                e.get("count").and_then(Value::as_i64).unwrap_or(0)
            ));
        }
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        (h, changes)
    }

    /// [`workout`]'s hash, as the engine gave it before the scheduler's
    /// index, its steps and skipped retries, the garbage collector's steps
    /// and pod GC by node: none of them changes a decision.
    const WORKOUT_HASH: (u64, usize) = (0x8f3d_b77c_3e9e_d7bd, 4238);

    #[test]
    fn decisions_are_pinned() {
        assert_eq!(workout(false), WORKOUT_HASH);
        assert_eq!(workout(true), WORKOUT_HASH, "stepping changes nothing");
    }
}
