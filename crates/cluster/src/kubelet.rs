//! The kubelets: walk each pod bound to a live node through its real
//! phases. Sandbox and pod IP from the node's podCIDR, serial image pulls
//! (`Pulling` / `Pulled ... in 4.2s (4.2s including waiting). Image size:
//! N bytes.`, or `ErrImagePull` then `ImagePullBackOff` with back-off
//! 10s, 20s, ... 5m), init containers, `Created` / `Started`, readiness,
//! exits (Completed / Error) and restarts with CrashLoopBackOff, and
//! graceful termination (`Stopping container x`; a PID 1 that ignores
//! SIGTERM is killed when the grace period ends).
//!
//! The runtime state lives here (not in the pod object); the pod's
//! `status` is written from it, as the kubelet's status manager does.

use crate::events::Source;
use crate::images::{self, Started};
use crate::meta::{arr_at, int_at, str_at, uid_of};
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Time from the pod reaching the kubelet to its sandbox (and IP) being ready.
const SANDBOX_MS: i64 = 1_000;
/// How long after a failed pull the back-off is reported.
const BACKOFF_REPORT_MS: i64 = 1_000;
/// Time a process that handles SIGTERM takes to exit.
const SIGTERM_EXIT_MS: i64 = 200;
const MAX_BACKOFF_S: i64 = 300;

/// One node's kubelet.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeRt {
    /// Set while the node is failed (kubelet not posting status).
    pub down_since: Option<Time>,
    /// When the node turns Ready (after registration).
    pub ready_at: Time,
    /// Last host part handed out from the podCIDR (host-local IPAM).
    pub last_ip: u8,
    /// Images present on the node (normalized references).
    pub images: BTreeSet<String>,
    /// The serial image puller is busy until then.
    pub pull_busy_until: Time,
}

#[derive(Clone, Debug, PartialEq)]
enum St {
    /// Not started yet (sandbox, or waiting for init containers).
    Creating,
    Pulling {
        requested: Time,
        start: Time,
        done: Time,
        ok: bool,
    },
    PullFailed {
        at: Time,
        retry: Time,
        reported: bool,
    },
    NeverPull,
    /// The container's config (its environment) could not be made: a
    /// ConfigMap or Secret it reads is missing. Retried at `retry`.
    ConfigError {
        message: String,
        retry: Time,
    },
    Running {
        since: Time,
        exit: Option<(Time, i32)>,
        ready_at: Option<Time>,
    },
    Terminated {
        started: Time,
        at: Time,
        code: i32,
        restart_at: Option<Time>,
        reported: bool,
    },
}

#[derive(Clone, Debug)]
struct CtrRt {
    name: String,
    init: bool,
    /// An ephemeral container (`kubectl debug`): never restarted, not
    /// part of the pod's readiness or phase.
    eph: bool,
    image: String,
    state: St,
    restarts: i64,
    crash_backoff_s: i64,
    pull_backoff_s: i64,
    container_id: String,
    last_state: Option<Value>,
    behaviour: Option<Started>,
    pending_logs: Vec<(Time, String)>,
    stop_at: Option<(Time, i32)>,
    /// Probe failures already reported since the container started.
    readiness_failures: i64,
    liveness_failures: i64,
}

#[derive(Clone, Debug)]
struct PodRt {
    sandbox_at: Time,
    ip: Option<String>,
    containers: Vec<CtrRt>,
    killing: bool,
    /// The pod's resourceVersion after the last sync, the node's readiness
    /// then, and the next instant something is due: a pod with none of
    /// these changed is skipped.
    seen_rv: String,
    seen_node_ready: bool,
    next_due: Option<Time>,
    /// Every volume is set up (the sandbox may start).
    mounted: bool,
    /// Volumes set up so far.
    mounted_volumes: BTreeSet<String>,
    /// Volumes whose set-up failed: (last failure, back-off in ms), as the
    /// volume manager's exponential back-off keeps them.
    mount_failures: crate::sort::VecMap<String, (Time, i64)>,
}

/// Every kubelet's runtime state.
#[derive(Clone, Debug, Default)]
pub(crate) struct Kubelet {
    nodes: BTreeMap<String, NodeRt>,
    pods: BTreeMap<String, PodRt>,
    /// (next due, namespace, name) of pods waiting for a time.
    due: BTreeSet<(Time, String, String)>,
    /// Whether every pod has been looked at once.
    scanned: bool,
    /// A node runtime was added, removed or changed since the last sync.
    nodes_changed: bool,
    /// Per node in name order: (kubelet up, node Ready) as the last sync
    /// saw them (a list: it is only compared whole).
    node_view: Vec<(String, (bool, bool))>,
    /// The nodes' last write (resourceVersion) when `node_view` was taken.
    nodes_rv: u64,
    /// The pod IPs the runtime states in `pods` hold, with how many hold each.
    ips: BTreeMap<u32, usize>,
    /// The pods (namespace, name) of the scan in progress, sorted, while
    /// it is paused between two steps of pending work (see [`sync`]).
    scan: Vec<(String, String)>,
}

impl Kubelet {
    pub(crate) fn node(&self, name: &str) -> Option<&NodeRt> {
        self.nodes.get(name)
    }
    pub(crate) fn node_mut(&mut self, name: &str) -> Option<&mut NodeRt> {
        self.nodes_changed = true;
        self.nodes.get_mut(name)
    }
    /// A node's runtime, for what the pod syncs change in it (images, the
    /// image puller, the last pod IP): nothing the node view of [`sync`]
    /// reads, so the next scan need not look at it again.
    fn node_runtime_mut(&mut self, name: &str) -> Option<&mut NodeRt> {
        self.nodes.get_mut(name)
    }
    pub(crate) fn add_node(&mut self, name: &str, rt: NodeRt) {
        self.nodes_changed = true;
        self.nodes.insert(name.to_string(), rt);
    }
    pub(crate) fn remove_node(&mut self, name: &str) {
        self.nodes_changed = true;
        self.nodes.remove(name);
    }
    /// Drops a deleted pod's runtime state.
    pub(crate) fn forget(&mut self, uid: &str) {
        let old = self.pods.remove(uid);
        self.unhold_ip(old.as_ref());
    }
    /// Stores a pod's runtime state, keeping `ips` current.
    fn put_pod(&mut self, uid: String, rt: PodRt) {
        if let Some(ip) = rt.ip.as_deref().and_then(crate::alloc::parse_ipv4) {
            *self.ips.entry(ip).or_default() += 1;
        }
        let old = self.pods.insert(uid, rt);
        self.unhold_ip(old.as_ref());
    }
    fn unhold_ip(&mut self, rt: Option<&PodRt>) {
        if let Some(ip) = rt.and_then(|r| r.ip.as_deref().and_then(crate::alloc::parse_ipv4)) {
            if let Some(n) = self.ips.get_mut(&ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.ips.remove(&ip);
                }
            }
        }
    }
}

/// `docker.io/library/nginx:stable` for `nginx:stable`, as containerd
/// reports images.
pub fn normalize_image(image: &str) -> String {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let first = name.split('/').next().unwrap_or("");
    let has_registry =
        name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let mut full = if has_registry {
        name.to_string()
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    let last = full.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && digest.is_none() {
        full.push_str(":latest");
    }
    if let Some(d) = digest {
        full.push('@');
        full.push_str(d);
    }
    full
}

/// Go's `time.Duration.String()` truncated to milliseconds.
pub fn go_duration_ms(ms: i64) -> String {
    if ms <= 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let mins = ms / 60_000;
    let rest = ms % 60_000;
    let secs = rest / 1000;
    let frac = rest % 1000;
    let mut s = if frac == 0 {
        format!("{secs}s")
    } else {
        let f = format!("{frac:03}");
        format!("{secs}.{}s", f.trim_end_matches('0'))
    };
    if mins > 0 {
        let hours = mins / 60;
        s = if hours > 0 {
            format!("{hours}h{}m{s}", mins % 60)
        } else {
            format!("{mins}m{s}")
        };
    }
    s
}

/// A plausible, stable compressed size for an image.
fn image_size(image: &str) -> u64 {
    let (repo, _) = images::parse_ref(image);
    match repo.as_str() {
        "nginx" => 72_099_410,
        "curlimages/curl" => 5_125_361,
        "busybox" => 2_155_601,
        "alpine" => 3_653_068,
        _ => 3_000_000 + crate::meta::fnv64a(image.as_bytes()) % 60_000_000,
    }
}

fn ignores_sigterm(container: &Value) -> bool {
    let argv0 = arr_at(container, "/command")
        .first()
        .or_else(|| arr_at(container, "/args").first())
        .and_then(Value::as_str)
        .unwrap_or("");
    let base = argv0.rsplit('/').next().unwrap_or(argv0);
    matches!(base, "sleep" | "sh" | "bash" | "ash" | "tail")
}

fn strings(v: &Value, ptr: &str) -> Vec<String> {
    arr_at(v, ptr)
        .iter()
        .map(|x| {
            x.as_str()
                .map(String::from)
                .unwrap_or_else(|| x.to_string())
        })
        .collect()
}

/// The pod's containers as its runtime state orders them, each with
/// whether it is an init container: init, regular, then ephemeral.
fn spec_containers(pod: &Value) -> Vec<(bool, &Value)> {
    let init = arr_at(pod, "/spec/initContainers")
        .iter()
        .map(|c| (true, c));
    // Ephemeral containers come last, in the order they were added, so a
    // pod's runtime state grows at its end when one is added.
    let regular = arr_at(pod, "/spec/containers")
        .iter()
        .chain(arr_at(pod, "/spec/ephemeralContainers"))
        .map(|c| (false, c));
    init.chain(regular).collect()
}

/// How many of [`spec_containers`] are init or regular containers (the
/// rest are ephemeral).
fn fixed_containers(pod: &Value) -> usize {
    arr_at(pod, "/spec/initContainers").len() + arr_at(pod, "/spec/containers").len()
}

fn new_ctr(init: bool, eph: bool, ct: &Value) -> CtrRt {
    CtrRt {
        name: str_at(ct, "/name").to_string(),
        init,
        eph,
        image: str_at(ct, "/image").to_string(),
        state: St::Creating,
        restarts: 0,
        crash_backoff_s: 0,
        pull_backoff_s: 0,
        container_id: String::new(),
        last_state: None,
        behaviour: None,
        pending_logs: Vec::new(),
        stop_at: None,
        readiness_failures: 0,
        liveness_failures: 0,
    }
}

/// The spec field of a container in events (`spec.containers{web}`).
fn field_path(ctr: &CtrRt) -> String {
    let list = if ctr.init {
        "initContainers"
    } else if ctr.eph {
        "ephemeralContainers"
    } else {
        "containers"
    };
    format!("spec.{list}{{{}}}", ctr.name)
}

/// Pods one kubelet step syncs at most (a sync writes the pod's status
/// and its events): with [`crate::controllers::STEP_OBJECTS`] pods looked
/// at, what bounds one step of pending work when thousands of pods start
/// at one instant.
const STEP_SYNCS: usize = 24;

/// Syncs the pods whose inputs changed: written since the last sync, due
/// now, or on a node whose kubelet or readiness changed (then every pod is
/// looked at). The pods are synced in store order, as a full scan would.
///
/// The scan is resumable: the pods to look at are fixed when it begins
/// (`Kubelet::scan`), and a step looks at most at
/// [`crate::controllers::STEP_OBJECTS`] of them and syncs at most
/// [`STEP_SYNCS`], then pauses ([`crate::controllers::pause_scan`]); the
/// next step continues after the last pod looked at. Pods written or due
/// meanwhile (the scan's own status writes) wait for the next pass, as
/// they would in a scan done at once.
pub(crate) fn sync(c: &mut Cluster) {
    if c.memo.resume.is_none() {
        c.kubelet.scan = scan_start(c);
    }
    let scan = std::mem::take(&mut c.kubelet.scan);
    let window = crate::controllers::resume_window(c, &scan, crate::controllers::STEP_OBJECTS);
    let mut end = window.end;
    let mut synced = 0usize;
    for i in window {
        let Some((ns, name)) = scan.get(i) else {
            break;
        };
        let Some(node) = needs_sync(c, ns, name) else {
            continue;
        };
        if let Some(pod) = c.store.get("pods", ns, name).cloned() {
            sync_pod(c, pod, &node);
        }
        // A sync that left the pod due now is looked at again next pass.
        if let Some(p) = c.store.get("pods", ns, name) {
            if let Some(t) = c.kubelet.pods.get(uid_of(p)).and_then(|rt| rt.next_due) {
                c.kubelet.due.insert((t, ns.clone(), name.clone()));
            }
        }
        synced += 1;
        if synced >= STEP_SYNCS {
            end = i + 1;
            break;
        }
    }
    crate::controllers::pause_scan(c, &scan, end);
    if end < scan.len() {
        c.kubelet.scan = scan;
    }
}

/// What a new scan looks at, sorted: the pods written since the last scan
/// and those due by now, or every pod when a node's kubelet or readiness
/// changed (or on the first scan).
fn scan_start(c: &mut Cluster) -> Vec<(String, String)> {
    let written = c.store.take_pods_written(crate::store::PODS_KUBELET);
    let nodes_rv = c.memo.written("nodes", "");
    let mut full = !c.kubelet.scanned;
    if c.kubelet.nodes_changed || nodes_rv != c.kubelet.nodes_rv {
        let view: Vec<(String, (bool, bool))> = c
            .kubelet
            .nodes
            .iter()
            .map(|(n, rt)| (n.clone(), (rt.down_since.is_none(), node_is_ready(c, n))))
            .collect();
        full |= view != c.kubelet.node_view;
        c.kubelet.node_view = view;
        c.kubelet.nodes_rv = nodes_rv;
        c.kubelet.nodes_changed = false;
    }
    c.kubelet.scanned = true;
    let mut candidates: BTreeSet<(String, String)> = written;
    let later = c
        .kubelet
        .due
        .split_off(&(c.now.plus_ms(1), String::new(), String::new()));
    let due = std::mem::replace(&mut c.kubelet.due, later);
    if full {
        return c.store.keys("pods");
    }
    candidates.extend(due.into_iter().map(|(_, ns, name)| (ns, name)));
    candidates.into_iter().collect()
}

/// The node of a pod of the scan that its kubelet must sync now, or
/// `None`: gone, not bound, its kubelet down, or nothing it reads changed
/// since its last sync (then it stays due when it waits for a time).
fn needs_sync(c: &mut Cluster, ns: &str, name: &str) -> Option<String> {
    let p = c.store.get("pods", ns, name)?;
    let node = str_at(p, "/spec/nodeName");
    if node.is_empty() {
        return None;
    }
    match c.kubelet.node(node) {
        Some(n) if n.down_since.is_none() => {}
        _ => return None,
    }
    if let Some(rt) = c.kubelet.pods.get(uid_of(p)) {
        let unchanged = rt.seen_rv == str_at(p, "/metadata/resourceVersion")
            && rt.seen_node_ready == node_is_ready(c, node)
            && rt.next_due.is_none_or(|t| t > c.now);
        if unchanged {
            if let Some(t) = rt.next_due {
                c.kubelet.due.insert((t, ns.to_string(), name.to_string()));
            }
            return None;
        }
    }
    Some(node.to_string())
}

fn node_is_ready(c: &Cluster, node: &str) -> bool {
    c.store.get("nodes", "", node).is_some_and(|n| {
        arr_at(n, "/status/conditions")
            .iter()
            .any(|x| str_at(x, "/type") == "Ready" && str_at(x, "/status") == "True")
    })
}

/// Writes the pod's status and remembers what this sync saw.
fn finish(c: &mut Cluster, pod: Value, mut rt: PodRt, node: &str, wake: Vec<Time>) {
    let uid = uid_of(&pod).to_string();
    let (ns, name) = (
        crate::namespace_of(&pod).to_string(),
        crate::name_of(&pod).to_string(),
    );
    write_status(c, pod, &rt, node);
    rt.seen_rv = c
        .store
        .get("pods", &ns, &name)
        .map(|p| str_at(p, "/metadata/resourceVersion").to_string())
        .unwrap_or_default();
    rt.seen_node_ready = node_is_ready(c, node);
    rt.next_due = wake.iter().min().copied();
    c.kubelet.put_pod(uid, rt);
    for t in wake {
        c.wake_at(t);
    }
}

fn new_rt(c: &Cluster, pod: &Value) -> PodRt {
    PodRt {
        sandbox_at: c.now.plus_ms(SANDBOX_MS),
        ip: None,
        containers: {
            let fixed = fixed_containers(pod);
            spec_containers(pod)
                .iter()
                .enumerate()
                .map(|(i, (init, ct))| new_ctr(*init, i >= fixed, ct))
                .collect()
        },
        killing: false,
        seen_rv: String::new(),
        seen_node_ready: false,
        next_due: None,
        mounted: false,
        mounted_volumes: BTreeSet::new(),
        mount_failures: crate::sort::VecMap::new(),
    }
}

fn sync_pod(c: &mut Cluster, pod: Value, node: &str) {
    let uid = uid_of(&pod).to_string();
    let phase = str_at(&pod, "/status/phase").to_string();
    let mut rt = match c.kubelet.pods.get(&uid) {
        Some(rt) => rt.clone(),
        None => {
            if phase == "Succeeded" || phase == "Failed" {
                return;
            }
            new_rt(c, &pod)
        }
    };
    let host_network = pod.pointer("/spec/hostNetwork").and_then(Value::as_bool) == Some(true);
    let mut wake: Vec<Time> = Vec::new();
    // Ephemeral containers added since the last sync (`kubectl debug`).
    let specs_now = spec_containers(&pod);
    for (init, ct) in specs_now.iter().skip(rt.containers.len()) {
        rt.containers.push(new_ctr(*init, true, ct));
    }

    // Graceful termination.
    if crate::controllers::is_terminating(&pod) {
        let deadline = pod
            .pointer("/metadata/deletionTimestamp")
            .and_then(Value::as_str)
            .and_then(Time::parse_rfc3339)
            .unwrap_or(c.now);
        if !rt.killing {
            rt.killing = true;
            let specs = spec_containers(&pod);
            for (i, ctr) in rt.containers.iter_mut().enumerate() {
                if let St::Running { .. } = ctr.state {
                    let spec = specs.get(i).map_or(&Value::Null, |s| s.1);
                    let stop = if ignores_sigterm(spec) {
                        (deadline, 137)
                    } else {
                        (c.now.plus_ms(SIGTERM_EXIT_MS).min(deadline), 0)
                    };
                    ctr.stop_at = Some(stop);
                }
            }
            let names: Vec<(String, String)> = rt
                .containers
                .iter()
                .filter(|x| x.stop_at.is_some())
                .map(|x| (x.name.clone(), field_path(x)))
                .collect();
            for (n, fp) in names {
                c.event(
                    &pod,
                    Some(&fp),
                    "Normal",
                    "Killing",
                    &format!("Stopping container {n}"),
                    Source {
                        component: "kubelet",
                        host: node,
                    },
                );
            }
        }
        let now = c.now;
        let mut all_stopped = true;
        for ctr in rt.containers.iter_mut() {
            match ctr.stop_at {
                Some((t, code)) if t <= now => {
                    if let St::Running { since, .. } = ctr.state {
                        ctr.state = St::Terminated {
                            started: since,
                            at: t,
                            code,
                            restart_at: None,
                            reported: true,
                        };
                    }
                    ctr.stop_at = None;
                }
                Some((t, _)) => {
                    all_stopped = false;
                    wake.push(t);
                }
                None => {}
            }
        }
        if all_stopped || now >= deadline {
            let ns = crate::namespace_of(&pod).to_string();
            let name = crate::name_of(&pod).to_string();
            c.remove("pods", &ns, &name);
            return;
        }
        finish(c, pod, rt, node, wake);
        return;
    }

    // ConfigMap and Secret volumes: the sandbox waits until every volume
    // is set up.
    if !rt.mounted {
        mount_volumes(c, &pod, node, &mut rt, &mut wake);
    }

    // Sandbox and IP.
    if rt.ip.is_none() && rt.mounted {
        if c.now >= rt.sandbox_at {
            rt.ip = Some(if host_network {
                node_ip(c, node)
            } else {
                allocate_ip(c, node)
            });
        } else {
            wake.push(rt.sandbox_at);
        }
    }

    // Volumes: containers start once every claim is bound and mounted.
    let volumes_ready = crate::controllers::volumes::claims_bound(c, &pod);
    if !volumes_ready {
        wake.push(c.now.plus_secs(1));
    }

    // Containers.
    if rt.ip.is_some() && volumes_ready {
        let specs = spec_containers(&pod);
        let policy = str_at(&pod, "/spec/restartPolicy").to_string();
        for i in 0..rt.containers.len() {
            let Some(&(_, spec)) = specs.get(i) else {
                continue;
            };
            let can_start = if rt.containers[i].init {
                rt.containers[..i].iter().all(init_done)
            } else if rt.containers[i].eph {
                // An ephemeral container joins a pod whose containers run.
                rt.containers
                    .iter()
                    .any(|x| !x.init && !x.eph && matches!(x.state, St::Running { .. }))
            } else {
                rt.containers.iter().filter(|x| x.init).all(init_done)
            };
            // A changed image (kubectl set image) restarts the container.
            let spec_image = str_at(spec, "/image").to_string();
            if spec_image != rt.containers[i].image {
                let ctr = &mut rt.containers[i];
                if let St::Running { since, .. } = ctr.state {
                    let fp = format!("spec.containers{{{}}}", ctr.name);
                    let msg = format!(
                        "Container {} definition changed, will be restarted",
                        ctr.name
                    );
                    let now = c.now;
                    ctr.state = St::Terminated {
                        started: since,
                        at: now,
                        code: 0,
                        restart_at: Some(now),
                        reported: true,
                    };
                    c.event(
                        &pod,
                        Some(&fp),
                        "Normal",
                        "Killing",
                        &msg,
                        Source {
                            component: "kubelet",
                            host: node,
                        },
                    );
                }
                rt.containers[i].image = spec_image;
                rt.containers[i].pull_backoff_s = 0;
            }
            step_container(
                c, &pod, node, &mut rt, i, spec, can_start, &policy, &mut wake,
            );
        }
    }

    // Logs whose time has come.
    let ns = crate::namespace_of(&pod).to_string();
    let name = crate::name_of(&pod).to_string();
    for ctr in rt.containers.iter_mut() {
        let now = c.now;
        let (due, later): (Vec<_>, Vec<_>) =
            ctr.pending_logs.drain(..).partition(|(t, _)| *t <= now);
        ctr.pending_logs = later;
        for (t, line) in due {
            c.logs.append(&ns, &name, &ctr.name, t, line);
        }
        if let Some((t, _)) = ctr.pending_logs.first() {
            wake.push(*t);
        }
    }

    finish(c, pod, rt, node, wake);
}

/// First back-off of a failed volume set-up, its cap, and the volume
/// manager's reconciler period (a retry waits for its next pass).
const MOUNT_BACKOFF_MS: i64 = 500;
const MOUNT_BACKOFF_MAX_MS: i64 = 122_000;
const RECONCILER_MS: i64 = 100;
/// The pod worker's requeue after a failed sync (`backOffPeriod`), with
/// up to half of it again as jitter.
const SYNC_RETRY_MS: i64 = 10_000;

/// Sets up the pod's volumes that read the API (configMap, secret and
/// projected sources), as the kubelet's volume manager does: a missing
/// object or key fails with a `FailedMount` event and is retried after
/// 0.5 s, 1 s, 2 s, ... at most 2m2s; once every volume is set up the
/// sandbox may start.
fn mount_volumes(c: &mut Cluster, pod: &Value, node: &str, rt: &mut PodRt, wake: &mut Vec<Time>) {
    let now = c.now;
    let failed_before = !rt.mount_failures.is_empty();
    let mut pending = false;
    for vol in arr_at(pod, "/spec/volumes") {
        let name = str_at(vol, "/name").to_string();
        if rt.mounted_volumes.contains(&name) {
            continue;
        }
        if let Some((last, backoff)) = rt.mount_failures.get(&name) {
            let next = last.plus_ms(backoff + RECONCILER_MS);
            if now < next {
                pending = true;
                wake.push(next);
                continue;
            }
        }
        match volume_error(c, pod, vol) {
            None => {
                rt.mount_failures.remove(&name);
                rt.mounted_volumes.insert(name);
            }
            Some(err) => {
                c.event(
                    pod,
                    None,
                    "Warning",
                    "FailedMount",
                    &format!("MountVolume.SetUp failed for volume \"{name}\" : {err}"),
                    Source {
                        component: "kubelet",
                        host: node,
                    },
                );
                let backoff = match rt.mount_failures.get(&name) {
                    Some((_, b)) => (b * 2).min(MOUNT_BACKOFF_MAX_MS),
                    None => MOUNT_BACKOFF_MS,
                };
                rt.mount_failures.insert(name, (now, backoff));
                pending = true;
                wake.push(now.plus_ms(backoff + RECONCILER_MS));
            }
        }
    }
    if !pending {
        rt.mounted = true;
        if failed_before {
            // Set up late: the pod worker sees it at its next poll and
            // only then creates the sandbox.
            rt.sandbox_at = rt.sandbox_at.max(now.plus_ms(SANDBOX_MS));
        }
    }
}

/// Why a volume cannot be set up now, in the volume plugins' words, or
/// `None`. Volume types that do not read the API always succeed here.
fn volume_error(c: &Cluster, pod: &Value, vol: &Value) -> Option<String> {
    let ns = crate::namespace_of(pod);
    if let Some(src) = vol.get("configMap") {
        return configmap_source_error(c, ns, src);
    }
    if let Some(src) = vol.get("secret") {
        return secret_source_error(c, ns, src, "/secretName");
    }
    if let Some(sources) = vol.pointer("/projected/sources").and_then(Value::as_array) {
        // The projected plugin collects every source's error (an
        // aggregate: one message alone, several in brackets).
        let mut errs: Vec<String> = Vec::new();
        for s in sources {
            let err = if let Some(cm) = s.get("configMap") {
                configmap_source_error(c, ns, cm)
            } else if let Some(sec) = s.get("secret") {
                secret_source_error(c, ns, sec, "/name")
            } else {
                None
            };
            if let Some(e) = err {
                if !errs.contains(&e) {
                    errs.push(e);
                }
            }
        }
        return match errs.len() {
            0 => None,
            1 => errs.pop(),
            _ => Some(format!("[{}]", errs.join(", "))),
        };
    }
    None
}

fn optional(src: &Value) -> bool {
    src.get("optional").and_then(Value::as_bool) == Some(true)
}

fn has_key(obj: &Value, fields: &[&str], key: &str) -> bool {
    fields
        .iter()
        .any(|f| obj.get(*f).and_then(|d| d.get(key)).is_some())
}

fn configmap_source_error(c: &Cluster, ns: &str, src: &Value) -> Option<String> {
    let name = str_at(src, "/name");
    let Some(cm) = c.store.get("configmaps", ns, name) else {
        return (!optional(src)).then(|| format!("configmap \"{name}\" not found"));
    };
    arr_at(src, "/items")
        .iter()
        .map(|i| str_at(i, "/key"))
        .find(|k| !has_key(cm, &["data", "binaryData"], k))
        .filter(|_| !optional(src))
        .map(|k| format!("configmap references non-existent config key: {k}"))
}

fn secret_source_error(c: &Cluster, ns: &str, src: &Value, name_at: &str) -> Option<String> {
    let name = str_at(src, name_at);
    let Some(secret) = c.store.get("secrets", ns, name) else {
        return (!optional(src)).then(|| format!("secret \"{name}\" not found"));
    };
    arr_at(src, "/items")
        .iter()
        .map(|i| str_at(i, "/key"))
        .find(|k| !has_key(secret, &["data"], k))
        .filter(|_| !optional(src))
        .map(|k| format!("references non-existent secret key: {k}"))
}

/// Why the container's environment cannot be made (the kubelet's
/// `CreateContainerConfigError`), or `None`: `envFrom` first, then each
/// `env` entry's `configMapKeyRef`/`secretKeyRef`; optional references
/// to missing objects or keys are skipped.
fn env_error(c: &Cluster, pod: &Value, spec: &Value) -> Option<String> {
    let ns = crate::namespace_of(pod);
    for from in arr_at(spec, "/envFrom") {
        if let Some(r) = from.get("configMapRef") {
            let name = str_at(r, "/name");
            if !optional(r) && !c.store.contains("configmaps", ns, name) {
                return Some(format!("configmap \"{name}\" not found"));
            }
        } else if let Some(r) = from.get("secretRef") {
            let name = str_at(r, "/name");
            if !optional(r) && !c.store.contains("secrets", ns, name) {
                return Some(format!("secret \"{name}\" not found"));
            }
        }
    }
    for e in arr_at(spec, "/env") {
        let (r, resource, kind, fields): (&Value, &str, &str, &[&str]) =
            if let Some(r) = e.pointer("/valueFrom/configMapKeyRef") {
                (r, "configmaps", "ConfigMap", &["data"])
            } else if let Some(r) = e.pointer("/valueFrom/secretKeyRef") {
                (r, "secrets", "Secret", &["data"])
            } else {
                continue;
            };
        if optional(r) {
            continue;
        }
        let name = str_at(r, "/name");
        let key = str_at(r, "/key");
        match c.store.get(resource, ns, name) {
            None => {
                let singular = if kind == "Secret" {
                    "secret"
                } else {
                    "configmap"
                };
                return Some(format!("{singular} \"{name}\" not found"));
            }
            Some(obj) if !has_key(obj, fields, key) => {
                return Some(format!("couldn't find key {key} in {kind} {ns}/{name}"));
            }
            Some(_) => {}
        }
    }
    None
}

fn init_done(c: &CtrRt) -> bool {
    matches!(
        c.state,
        St::Terminated {
            code: 0,
            restart_at: None,
            ..
        }
    )
}

fn node_ip(c: &Cluster, node: &str) -> String {
    c.store
        .get("nodes", "", node)
        .map(|n| {
            arr_at(n, "/status/addresses")
                .iter()
                .find(|a| str_at(a, "/type") == "InternalIP")
                .map(|a| str_at(a, "/address").to_string())
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

fn allocate_ip(c: &mut Cluster, node: &str) -> String {
    let cidr = c
        .store
        .get("nodes", "", node)
        .map(|n| str_at(n, "/spec/podCIDR").to_string())
        .unwrap_or_default();
    let node_ip = node_ip(c, node);
    // Only addresses in the node's /24 can collide with a candidate.
    let base =
        crate::alloc::parse_ipv4(cidr.split('/').next().unwrap_or("")).unwrap_or(0) & 0xFFFF_FF00;
    let used: BTreeSet<u32> = crate::sort::set(
        c.store
            .pods_on_node(node)
            .filter_map(|(ns, name)| c.store.get("pods", ns, name))
            .filter_map(|p| crate::alloc::parse_ipv4(str_at(p, "/status/podIP")))
            .chain(c.kubelet.ips.range(base..=base | 0xFF).map(|(ip, _)| *ip))
            .filter(|ip| Some(*ip) != crate::alloc::parse_ipv4(&node_ip)),
    );
    let last = c.kubelet.node(node).map(|n| n.last_ip).unwrap_or(1);
    match crate::alloc::next_pod_ip(&cidr, last, &used) {
        Some((ip, host)) => {
            if let Some(n) = c.kubelet.node_runtime_mut(node) {
                n.last_ip = host;
            }
            crate::alloc::fmt_ipv4(ip)
        }
        None => String::new(),
    }
}

fn next_backoff(cur: i64) -> i64 {
    if cur == 0 {
        10
    } else {
        (cur * 2).min(MAX_BACKOFF_S)
    }
}

/// Behaviour of a container image: the images registry, or (for images
/// preloaded on the node, such as the system images) a long-running
/// process.
fn behaviour_for(c: &Cluster, node: &str, spec: &Value) -> Option<Started> {
    let image = str_at(spec, "/image");
    let found = images::start(image, &strings(spec, "/command"), &strings(spec, "/args"));
    if found.is_some() {
        return found;
    }
    let preloaded = c
        .kubelet
        .node(node)
        .is_some_and(|n| n.images.contains(&normalize_image(image)));
    if !preloaded {
        return None;
    }
    // A system image: a long-running process listening on its declared
    // ports and probe ports.
    let mut listens: Vec<u16> = arr_at(spec, "/ports")
        .iter()
        .filter_map(|p| int_at(p, "/containerPort"))
        .map(|p| p as u16)
        .collect();
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        for kind in ["httpGet", "tcpSocket"] {
            if let Some(p) = spec
                .pointer(&format!("/{probe}/{kind}/port"))
                .and_then(Value::as_i64)
            {
                listens.push(p as u16);
            }
        }
    }
    Some(Started {
        pull_ms: 0,
        logs: Vec::new(),
        exit: None,
        listens,
    })
}

#[allow(clippy::too_many_arguments)]
fn step_container(
    c: &mut Cluster,
    pod: &Value,
    node: &str,
    rt: &mut PodRt,
    i: usize,
    spec: &Value,
    can_start: bool,
    policy: &str,
    wake: &mut Vec<Time>,
) {
    let fp = field_path(&rt.containers[i]);
    // Several transitions may be due at the same instant.
    for _ in 0..8 {
        let now = c.now;
        let state = rt.containers[i].state.clone();
        match state {
            St::Creating => {
                if !can_start {
                    return;
                }
                begin_start(c, pod, node, rt, i, spec, &fp);
            }
            St::Pulling {
                requested,
                start,
                done,
                ok,
            } => {
                if now < done {
                    wake.push(done);
                    return;
                }
                let image = str_at(spec, "/image").to_string();
                if ok {
                    if let Some(n) = c.kubelet.node_runtime_mut(node) {
                        n.images.insert(normalize_image(&image));
                    }
                    let pull = go_duration_ms(done.0 - start.0);
                    let total = go_duration_ms(done.0 - requested.0);
                    let msg = format!(
                        "Successfully pulled image \"{image}\" in {pull} ({total} including waiting). Image size: {} bytes.",
                        image_size(&image)
                    );
                    c.event(
                        pod,
                        Some(&fp),
                        "Normal",
                        "Pulled",
                        &msg,
                        Source {
                            component: "kubelet",
                            host: node,
                        },
                    );
                    start_container(c, pod, node, rt, i, spec, &fp);
                } else {
                    let msg = format!("Failed to pull image \"{image}\": {}", pull_error(&image));
                    c.event(
                        pod,
                        Some(&fp),
                        "Warning",
                        "Failed",
                        &msg,
                        Source {
                            component: "kubelet",
                            host: node,
                        },
                    );
                    c.event(
                        pod,
                        Some(&fp),
                        "Warning",
                        "Failed",
                        "Error: ErrImagePull",
                        Source {
                            component: "kubelet",
                            host: node,
                        },
                    );
                    let ctr = &mut rt.containers[i];
                    ctr.pull_backoff_s = next_backoff(ctr.pull_backoff_s);
                    ctr.state = St::PullFailed {
                        at: now,
                        retry: now.plus_secs(ctr.pull_backoff_s),
                        reported: false,
                    };
                }
            }
            St::PullFailed {
                at,
                retry,
                reported,
            } => {
                if now >= retry {
                    begin_start(c, pod, node, rt, i, spec, &fp);
                    continue;
                }
                if !reported {
                    let report = at.plus_ms(BACKOFF_REPORT_MS);
                    if now >= report {
                        let image = str_at(spec, "/image").to_string();
                        c.event(
                            pod,
                            Some(&fp),
                            "Normal",
                            "BackOff",
                            &format!("Back-off pulling image \"{image}\""),
                            Source {
                                component: "kubelet",
                                host: node,
                            },
                        );
                        c.event(
                            pod,
                            Some(&fp),
                            "Warning",
                            "Failed",
                            "Error: ImagePullBackOff",
                            Source {
                                component: "kubelet",
                                host: node,
                            },
                        );
                        rt.containers[i].state = St::PullFailed {
                            at,
                            retry,
                            reported: true,
                        };
                    } else {
                        wake.push(report);
                    }
                }
                wake.push(retry);
                return;
            }
            St::NeverPull => return,
            St::ConfigError { retry, .. } => {
                if now >= retry {
                    begin_start(c, pod, node, rt, i, spec, &fp);
                    continue;
                }
                wake.push(retry);
                return;
            }
            St::Running {
                since,
                exit,
                ready_at,
            } => {
                let ip = rt.ip.clone().unwrap_or_default();
                // Probe failures, one per period from the first probe on.
                let schedule = |field: &str| {
                    let delay = int_at(spec, &format!("/{field}/initialDelaySeconds"))
                        .unwrap_or(0)
                        .max(0);
                    let period = int_at(spec, &format!("/{field}/periodSeconds"))
                        .unwrap_or(10)
                        .max(1);
                    let threshold = int_at(spec, &format!("/{field}/failureThreshold"))
                        .unwrap_or(3)
                        .max(1);
                    (since.plus_secs(delay), period, threshold)
                };
                let mut exit = exit;
                let mut liveness_kill = false;
                if let Some(msg) = probe_failure(
                    spec,
                    "livenessProbe",
                    "Liveness",
                    &ip,
                    rt.containers[i].behaviour.as_ref(),
                ) {
                    let (first, period, threshold) = schedule("livenessProbe");
                    let kill = first.plus_secs(period * (threshold - 1));
                    let due = if now < first {
                        0
                    } else {
                        ((now.0 - first.0) / (period * 1000) + 1).min(threshold)
                    };
                    while rt.containers[i].liveness_failures < due {
                        rt.containers[i].liveness_failures += 1;
                        c.event(
                            pod,
                            Some(&fp),
                            "Warning",
                            "Unhealthy",
                            &msg,
                            Source {
                                component: "kubelet",
                                host: node,
                            },
                        );
                    }
                    if rt.containers[i].liveness_failures < threshold {
                        wake.push(first.plus_secs(period * rt.containers[i].liveness_failures));
                    }
                    if exit.is_none_or(|(t, _)| kill < t) {
                        let code = if ignores_sigterm(spec) { 137 } else { 0 };
                        exit = Some((kill, code));
                        liveness_kill = true;
                    }
                }
                if let Some((t, code)) = exit {
                    if now >= t {
                        if liveness_kill {
                            let msg = format!(
                                "Container {} failed liveness probe, will be restarted",
                                rt.containers[i].name
                            );
                            c.event(
                                pod,
                                Some(&fp),
                                "Normal",
                                "Killing",
                                &msg,
                                Source {
                                    component: "kubelet",
                                    host: node,
                                },
                            );
                        }
                        let restart = match policy {
                            _ if rt.containers[i].eph => false,
                            "Never" => false,
                            "OnFailure" => code != 0,
                            _ => !(rt.containers[i].init && code == 0),
                        };
                        let ctr = &mut rt.containers[i];
                        if now.0 - since.0 >= 600_000 {
                            ctr.crash_backoff_s = 0;
                        }
                        let restart_at = restart.then(|| {
                            if ctr.crash_backoff_s == 0 {
                                ctr.crash_backoff_s = 10;
                                t.plus_ms(BACKOFF_REPORT_MS)
                            } else {
                                let at = t.plus_secs(ctr.crash_backoff_s);
                                ctr.crash_backoff_s = next_backoff(ctr.crash_backoff_s);
                                at
                            }
                        });
                        ctr.readiness_failures = 0;
                        ctr.liveness_failures = 0;
                        ctr.state = St::Terminated {
                            started: since,
                            at: t,
                            code,
                            restart_at,
                            reported: false,
                        };
                        continue;
                    }
                    wake.push(t);
                }
                if let Some(r) = ready_at {
                    if now < r {
                        wake.push(r);
                    }
                } else if let Some(msg) =
                    readiness_failure(spec, &ip, rt.containers[i].behaviour.as_ref())
                {
                    let (first, period, _) = schedule("readinessProbe");
                    let due = if now < first {
                        0
                    } else {
                        (now.0 - first.0) / (period * 1000) + 1
                    };
                    while rt.containers[i].readiness_failures < due {
                        rt.containers[i].readiness_failures += 1;
                        c.event(
                            pod,
                            Some(&fp),
                            "Warning",
                            "Unhealthy",
                            &msg,
                            Source {
                                component: "kubelet",
                                host: node,
                            },
                        );
                    }
                    wake.push(first.plus_secs(period * rt.containers[i].readiness_failures));
                }
                return;
            }
            St::Terminated {
                started,
                at,
                code,
                restart_at,
                reported,
            } => {
                let Some(r) = restart_at else { return };
                if now >= r {
                    let ctr = &mut rt.containers[i];
                    ctr.last_state = Some(
                        json!({"terminated": terminated_json(&ctr.container_id, code, started, at)}),
                    );
                    ctr.restarts += 1;
                    ctr.state = St::Creating;
                    begin_start(c, pod, node, rt, i, spec, &fp);
                    continue;
                }
                let report = at.plus_ms(BACKOFF_REPORT_MS);
                if !reported && r > report && now < report {
                    wake.push(report);
                } else if !reported && r > report {
                    let msg = format!(
                        "Back-off restarting failed container {} in pod {}_{}({})",
                        rt.containers[i].name,
                        crate::name_of(pod),
                        crate::namespace_of(pod),
                        uid_of(pod)
                    );
                    c.event(
                        pod,
                        Some(&fp),
                        "Warning",
                        "BackOff",
                        &msg,
                        Source {
                            component: "kubelet",
                            host: node,
                        },
                    );
                    rt.containers[i].state = St::Terminated {
                        started,
                        at,
                        code,
                        restart_at,
                        reported: true,
                    };
                }
                wake.push(r);
                return;
            }
        }
    }
}

/// containerd's words for a failed pull: a missing repository or, for a
/// repository we know, a missing tag (`...: not found`).
fn pull_error(image: &str) -> String {
    crate::images::pull_error(image).unwrap_or_else(|| {
        let full = normalize_image(image);
        format!(
            "failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        )
    })
}

/// Decides how a container starts: already present, a pull, or a failure.
fn begin_start(
    c: &mut Cluster,
    pod: &Value,
    node: &str,
    rt: &mut PodRt,
    i: usize,
    spec: &Value,
    fp: &str,
) {
    let image = str_at(spec, "/image").to_string();
    let policy = str_at(spec, "/imagePullPolicy").to_string();
    let present = c
        .kubelet
        .node(node)
        .is_some_and(|n| n.images.contains(&normalize_image(&image)));
    let now = c.now;
    if policy == "Never" && !present {
        let msg = format!("Container image \"{image}\" is not present with pull policy of Never");
        c.event(
            pod,
            Some(fp),
            "Warning",
            "ErrImageNeverPull",
            &msg,
            Source {
                component: "kubelet",
                host: node,
            },
        );
        rt.containers[i].state = St::NeverPull;
        return;
    }
    if present && policy != "Always" {
        let msg = format!("Container image \"{image}\" already present on machine");
        c.event(
            pod,
            Some(fp),
            "Normal",
            "Pulled",
            &msg,
            Source {
                component: "kubelet",
                host: node,
            },
        );
        start_container(c, pod, node, rt, i, spec, fp);
        return;
    }
    c.event(
        pod,
        Some(fp),
        "Normal",
        "Pulling",
        &format!("Pulling image \"{image}\""),
        Source {
            component: "kubelet",
            host: node,
        },
    );
    let behaviour = behaviour_for(c, node, spec);
    let ok = behaviour.is_some();
    let base = if present {
        300 + c.ids.below(600) as i64
    } else {
        behaviour
            .as_ref()
            .map(|b| b.pull_ms)
            .unwrap_or(1_000)
            .max(0)
            + c.ids.below(900) as i64
    };
    let start = c
        .kubelet
        .node(node)
        .map(|n| n.pull_busy_until.max(now))
        .unwrap_or(now);
    let done = start.plus_ms(base);
    if let Some(n) = c.kubelet.node_runtime_mut(node) {
        n.pull_busy_until = done;
    }
    rt.containers[i].state = St::Pulling {
        requested: now,
        start,
        done,
        ok,
    };
    rt.containers[i].behaviour = behaviour;
}

fn start_container(
    c: &mut Cluster,
    pod: &Value,
    node: &str,
    rt: &mut PodRt,
    i: usize,
    spec: &Value,
    fp: &str,
) {
    let now = c.now;
    let name = rt.containers[i].name.clone();
    if let Some(message) = env_error(c, pod, spec) {
        c.event(
            pod,
            Some(fp),
            "Warning",
            "Failed",
            &format!("Error: {message}"),
            Source {
                component: "kubelet",
                host: node,
            },
        );
        let jitter = c.ids.below(SYNC_RETRY_MS as u64 / 2) as i64;
        rt.containers[i].state = St::ConfigError {
            message,
            retry: now.plus_ms(SYNC_RETRY_MS + jitter),
        };
        return;
    }
    c.event(
        pod,
        Some(fp),
        "Normal",
        "Created",
        &format!("Created container: {name}"),
        Source {
            component: "kubelet",
            host: node,
        },
    );
    c.event(
        pod,
        Some(fp),
        "Normal",
        "Started",
        &format!("Started container {name}"),
        Source {
            component: "kubelet",
            host: node,
        },
    );
    // A new container starts with an empty writable layer.
    c.files.new_container(crate::meta::uid_of(pod), &name, now);
    // What the container does, run inside its pod (env with fieldRefs,
    // service links, hostname); the node's preloaded system images fall
    // back to what was found at pull time.
    let behaviour = c
        .start_container(crate::namespace_of(pod), crate::name_of(pod), &name)
        .or_else(|| rt.containers[i].behaviour.clone())
        .or_else(|| behaviour_for(c, node, spec));
    let id = format!(
        "{:016x}{:016x}{:016x}{:016x}",
        c.ids.next_u64(),
        c.ids.next_u64(),
        c.ids.next_u64(),
        c.ids.next_u64()
    );
    let ctr = &mut rt.containers[i];
    ctr.container_id = format!("containerd://{id}");
    let exit = behaviour
        .as_ref()
        .and_then(|b| b.exit)
        .map(|(ms, code)| (now.plus_ms(ms.max(0)), code));
    if let Some(b) = &behaviour {
        for (ms, line) in &b.logs {
            ctr.pending_logs
                .push((now.plus_ms((*ms).max(0)), line.clone()));
        }
    }
    let ready_at = if spec.get("readinessProbe").is_some() {
        let ip = rt.ip.clone().unwrap_or_default();
        if readiness_failure(spec, &ip, behaviour.as_ref()).is_some() {
            None
        } else {
            Some(
                now.plus_secs(
                    int_at(spec, "/readinessProbe/initialDelaySeconds")
                        .unwrap_or(0)
                        .max(0),
                ),
            )
        }
    } else {
        Some(now)
    };
    let ctr = &mut rt.containers[i];
    ctr.behaviour = behaviour;
    ctr.state = St::Running {
        since: now,
        exit,
        ready_at,
    };
}

/// `Some(message)` if the readiness probe would fail.
fn readiness_failure(spec: &Value, ip: &str, b: Option<&Started>) -> Option<String> {
    probe_failure(spec, "readinessProbe", "Readiness", ip, b)
}

/// `Some(message)` if the container's probe `field` would fail.
fn probe_failure(
    spec: &Value,
    field: &str,
    label: &str,
    ip: &str,
    b: Option<&Started>,
) -> Option<String> {
    let probe = spec.get(field)?;
    let listens: Vec<u16> = b.map(|b| b.listens.clone()).unwrap_or_default();
    let resolve = |p: &Value| -> Option<i64> {
        match p {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => arr_at(spec, "/ports")
                .iter()
                .find(|cp| str_at(cp, "/name") == s)
                .and_then(|cp| int_at(cp, "/containerPort")),
            _ => None,
        }
    };
    if let Some(h) = probe.get("httpGet") {
        let port = h.get("port").and_then(resolve).unwrap_or(0);
        if !listens.contains(&(port as u16)) {
            let scheme = str_at(h, "/scheme").to_ascii_lowercase();
            let path = h.get("path").and_then(Value::as_str).unwrap_or("/");
            return Some(format!(
                "{label} probe failed: Get \"{}://{ip}:{port}{path}\": dial tcp {ip}:{port}: connect: connection refused",
                if scheme.is_empty() { "http" } else { &scheme }
            ));
        }
    }
    if let Some(t) = probe.get("tcpSocket") {
        let port = t.get("port").and_then(resolve).unwrap_or(0);
        if !listens.contains(&(port as u16)) {
            return Some(format!(
                "{label} probe failed: dial tcp {ip}:{port}: connect: connection refused"
            ));
        }
    }
    None
}

fn terminated_json(id: &str, code: i32, started: Time, at: Time) -> Value {
    let mut m = Map::new();
    if !id.is_empty() {
        m.insert("containerID".into(), json!(id));
    }
    m.insert("exitCode".into(), json!(code));
    m.insert("finishedAt".into(), json!(at.rfc3339()));
    m.insert(
        "reason".into(),
        json!(if code == 0 { "Completed" } else { "Error" }),
    );
    m.insert("startedAt".into(), json!(started.rfc3339()));
    Value::Object(m)
}

fn container_status(
    c: &Cluster,
    pod: &Value,
    ctr: &CtrRt,
    spec: &Value,
    any_init: bool,
) -> (Value, bool) {
    let now = c.now;
    let image = str_at(spec, "/image");
    let mut s = Map::new();
    let started_once = !ctr.container_id.is_empty();
    let mut ready = false;
    let state = match &ctr.state {
        St::Creating | St::Pulling { .. } => {
            let reason = if any_init {
                "PodInitializing"
            } else {
                "ContainerCreating"
            };
            json!({"waiting": {"reason": reason}})
        }
        St::PullFailed { at, reported, .. } => {
            if *reported || now >= at.plus_ms(BACKOFF_REPORT_MS) {
                json!({"waiting": {"message": format!("Back-off pulling image \"{image}\": ErrImagePull: {}", pull_error(image)), "reason": "ImagePullBackOff"}})
            } else {
                json!({"waiting": {"message": pull_error(image), "reason": "ErrImagePull"}})
            }
        }
        St::NeverPull => {
            json!({"waiting": {"message": format!("Container image \"{image}\" is not present with pull policy of Never"), "reason": "ErrImageNeverPull"}})
        }
        St::ConfigError { message, .. } => {
            json!({"waiting": {"message": message, "reason": "CreateContainerConfigError"}})
        }
        St::Running {
            since, ready_at, ..
        } => {
            ready = ready_at.is_some_and(|r| now >= r);
            json!({"running": {"startedAt": since.rfc3339()}})
        }
        St::Terminated {
            started,
            at,
            code,
            restart_at,
            ..
        } => match restart_at {
            Some(r) if r.0 - at.0 > BACKOFF_REPORT_MS && now >= at.plus_ms(BACKOFF_REPORT_MS) => {
                let backoff = (r.0 - at.0) / 1000;
                json!({"waiting": {"message": format!("back-off {} restarting failed container={} pod={}_{}({})", go_duration_ms(backoff * 1000), ctr.name, crate::name_of(pod), crate::namespace_of(pod), uid_of(pod)), "reason": "CrashLoopBackOff"}})
            }
            _ => json!({"terminated": terminated_json(&ctr.container_id, *code, *started, *at)}),
        },
    };
    let in_backoff = matches!(&ctr.state, St::Terminated { restart_at: Some(r), at, .. } if r.0 - at.0 > BACKOFF_REPORT_MS && now >= at.plus_ms(BACKOFF_REPORT_MS));
    let last_state = if in_backoff {
        match &ctr.state {
            St::Terminated {
                started, at, code, ..
            } => json!({"terminated": terminated_json(&ctr.container_id, *code, *started, *at)}),
            _ => json!({}),
        }
    } else {
        ctr.last_state.clone().unwrap_or(json!({}))
    };
    if started_once && !matches!(ctr.state, St::Creating | St::Pulling { .. })
        || matches!(ctr.state, St::Running { .. })
    {
        s.insert("containerID".into(), json!(ctr.container_id));
    }
    if started_once {
        let full = normalize_image(image);
        let repo = full.split('@').next().unwrap_or(&full);
        let repo = match repo.rsplit_once(':') {
            Some((r, t)) if !t.contains('/') => r,
            _ => repo,
        };
        s.insert("image".into(), json!(full));
        s.insert(
            "imageID".into(),
            json!(format!("{repo}@sha256:{}", crate::meta::hex64(&full))),
        );
    } else {
        s.insert("image".into(), json!(image));
        s.insert("imageID".into(), json!(""));
    }
    s.insert("lastState".into(), last_state);
    s.insert("name".into(), json!(ctr.name));
    s.insert("ready".into(), json!(ready));
    s.insert("restartCount".into(), json!(ctr.restarts));
    s.insert(
        "started".into(),
        json!(matches!(ctr.state, St::Running { .. })),
    );
    s.insert("state".into(), state);
    let mounts: Vec<Value> = arr_at(spec, "/volumeMounts")
        .iter()
        .map(|m| {
            let mut mm = Map::new();
            mm.insert("mountPath".into(), json!(str_at(m, "/mountPath")));
            mm.insert("name".into(), json!(str_at(m, "/name")));
            if m.get("readOnly").and_then(Value::as_bool) == Some(true) {
                mm.insert("readOnly".into(), json!(true));
                mm.insert("recursiveReadOnly".into(), json!("Disabled"));
            }
            Value::Object(mm)
        })
        .collect();
    if !mounts.is_empty() {
        s.insert("volumeMounts".into(), Value::Array(mounts));
    }
    (Value::Object(s), ready)
}

fn write_status(c: &mut Cluster, mut owned: Value, rt: &PodRt, node: &str) {
    let now = c.now;
    let now_s = now.rfc3339();
    // The status written last, taken out of the pod (which keeps its
    // place for the new one).
    let prev_status: Map<String, Value> = owned
        .get_mut("status")
        .and_then(Value::as_object_mut)
        .map(std::mem::take)
        .unwrap_or_default();
    let pod = &owned;
    let specs = spec_containers(pod);
    let any_init = specs.iter().any(|(init, _)| *init);
    let mut statuses = Vec::new();
    let mut init_statuses = Vec::new();
    let mut eph_statuses = Vec::new();
    let mut unready = Vec::new();
    let mut all_init_done = true;
    let mut incomplete_init = Vec::new();
    for (i, ctr) in rt.containers.iter().enumerate() {
        let spec = specs.get(i).map_or(&Value::Null, |s| s.1);
        let (st, ready) = container_status(
            c,
            pod,
            ctr,
            spec,
            any_init && (ctr.init || !rt.containers.iter().filter(|x| x.init).all(init_done)),
        );
        if ctr.init {
            if !init_done(ctr) {
                all_init_done = false;
                incomplete_init.push(ctr.name.clone());
            }
            init_statuses.push(st);
        } else if ctr.eph {
            let mut st = st;
            if let Some(m) = st.as_object_mut() {
                m.remove("started");
                m.insert("ready".into(), json!(false));
            }
            eph_statuses.push(st);
        } else {
            if !ready {
                unready.push(ctr.name.clone());
            }
            statuses.push(st);
        }
    }
    // Phase.
    let regular: Vec<&CtrRt> = rt.containers.iter().filter(|x| !x.init && !x.eph).collect();
    let init_failed = rt.containers.iter().any(|x| {
        x.init && matches!(x.state, St::Terminated { code, restart_at: None, .. } if code != 0)
    });
    let phase = if init_failed {
        "Failed"
    } else if !all_init_done {
        "Pending"
    } else if !regular.is_empty()
        && regular.iter().all(|x| {
            matches!(
                x.state,
                St::Terminated {
                    restart_at: None,
                    ..
                }
            )
        })
    {
        if regular
            .iter()
            .all(|x| matches!(x.state, St::Terminated { code: 0, .. }))
        {
            "Succeeded"
        } else {
            "Failed"
        }
    } else if regular
        .iter()
        .any(|x| matches!(x.state, St::Running { .. } | St::Terminated { .. }) || x.restarts > 0)
    {
        "Running"
    } else {
        "Pending"
    };
    let prev_conds: &[Value] = prev_status
        .get("conditions")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let cond = |ty: &str, status: &str, reason: Option<&str>, message: Option<String>| -> Value {
        let prev = prev_conds.iter().find(|x| str_at(x, "/type") == ty);
        let transition = match prev {
            Some(p) if str_at(p, "/status") == status => {
                str_at(p, "/lastTransitionTime").to_string()
            }
            _ => now_s.clone(),
        };
        let mut m = Map::new();
        m.insert("lastProbeTime".into(), Value::Null);
        m.insert("lastTransitionTime".into(), json!(transition));
        if let Some(msg) = message {
            m.insert("message".into(), json!(msg));
        }
        if let Some(r) = reason {
            m.insert("reason".into(), json!(r));
        }
        m.insert("status".into(), json!(status));
        m.insert("type".into(), json!(ty));
        Value::Object(m)
    };
    let finished = phase == "Succeeded" || phase == "Failed";
    let sandbox_ready = rt.ip.is_some() && !finished;
    let mut conds = vec![cond(
        "PodReadyToStartContainers",
        if sandbox_ready { "True" } else { "False" },
        None,
        None,
    )];
    if all_init_done {
        let reason = if finished && any_init {
            Some("PodCompleted")
        } else {
            None
        };
        conds.push(cond("Initialized", "True", reason, None));
    } else {
        conds.push(cond(
            "Initialized",
            "False",
            Some("ContainersNotInitialized"),
            Some(format!(
                "containers with incomplete status: [{}]",
                incomplete_init.join(" ")
            )),
        ));
    }
    let node_ready = c
        .store
        .get("nodes", "", node)
        .map(|n| {
            arr_at(n, "/status/conditions")
                .iter()
                .any(|x| str_at(x, "/type") == "Ready" && str_at(x, "/status") == "True")
        })
        .unwrap_or(false);
    if finished {
        conds.push(cond("Ready", "False", Some("PodCompleted"), None));
        conds.push(cond("ContainersReady", "False", Some("PodCompleted"), None));
    } else if unready.is_empty() && node_ready {
        conds.push(cond("Ready", "True", None, None));
        conds.push(cond("ContainersReady", "True", None, None));
    } else {
        let msg = format!("containers with unready status: [{}]", unready.join(" "));
        conds.push(cond(
            "Ready",
            "False",
            Some("ContainersNotReady"),
            Some(msg.clone()),
        ));
        conds.push(cond(
            "ContainersReady",
            "False",
            Some("ContainersNotReady"),
            Some(msg),
        ));
    }
    if let Some(ps) = prev_conds
        .iter()
        .find(|x| str_at(x, "/type") == "PodScheduled")
    {
        conds.push(ps.clone());
    } else {
        conds.push(cond("PodScheduled", "True", None, None));
    }
    // Conditions other components own (DisruptionTarget, readiness gates).
    const OWN: &[&str] = &[
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    for other in prev_conds
        .iter()
        .filter(|x| !OWN.contains(&str_at(x, "/type")))
    {
        conds.push(other.clone());
    }
    let host_ip = node_ip(c, node);
    let mut status = Map::new();
    status.insert("conditions".into(), Value::Array(conds));
    status.insert("containerStatuses".into(), Value::Array(statuses));
    if !eph_statuses.is_empty() {
        status.insert(
            "ephemeralContainerStatuses".into(),
            Value::Array(eph_statuses),
        );
    }
    status.insert("hostIP".into(), json!(host_ip));
    status.insert("hostIPs".into(), json!([{"ip": host_ip}]));
    if !init_statuses.is_empty() {
        status.insert("initContainerStatuses".into(), Value::Array(init_statuses));
    }
    status.insert("phase".into(), json!(phase));
    if let Some(ip) = &rt.ip {
        if !ip.is_empty() {
            status.insert("podIP".into(), json!(ip));
            status.insert("podIPs".into(), json!([{"ip": ip}]));
        }
    }
    if let Some(q) = prev_status.get("qosClass") {
        status.insert("qosClass".into(), q.clone());
    }
    let start = prev_status
        .get("startTime")
        .and_then(Value::as_str)
        .map(String::from)
        .unwrap_or(now_s);
    status.insert("startTime".into(), json!(start));
    // Keep what others wrote (e.g. nominatedNodeName) that we do not own.
    for (k, v) in prev_status {
        if !status.contains_key(&k)
            && !matches!(k.as_str(), "podIP" | "podIPs" | "initContainerStatuses")
        {
            status.insert(k, v);
        }
    }
    // The node lifecycle controller may have marked the pod not ready.
    let mut p = owned;
    p["status"] = Value::Object(status);
    c.put_if_changed("pods", p);
}

impl Cluster {
    /// The main process of a running container ends now with `code`, as a
    /// shell reading the terminal does when `exit` is typed into an
    /// attached session (`kubectl run -it`, `kubectl attach -it`). The
    /// kubelet then applies the pod's restartPolicy. False when the pod or
    /// container is not running.
    pub fn end_main_process(&mut self, ns: &str, pod: &str, container: &str, code: i32) -> bool {
        let Some(p) = self.store.get("pods", ns, pod) else {
            return false;
        };
        let uid = uid_of(p).to_string();
        let now = self.now;
        let Some(rt) = self.kubelet.pods.get_mut(&uid) else {
            return false;
        };
        let Some(ctr) = rt
            .containers
            .iter_mut()
            .find(|x| x.name == container && !x.init)
        else {
            return false;
        };
        let St::Running { exit, .. } = &mut ctr.state else {
            return false;
        };
        *exit = Some((now, code));
        rt.next_due = Some(now);
        self.kubelet
            .due
            .insert((now, ns.to_string(), pod.to_string()));
        self.wake_at(now);
        self.settle();
        true
    }
}

impl Cluster {
    /// Adds an ephemeral container to a pod, as a patch of the pod's
    /// `ephemeralcontainers` subresource does (`kubectl debug POD
    /// --image=...`): the container gets the API server's defaults and
    /// the kubelet starts it in the running pod. Returns the pod.
    pub fn add_ephemeral_container(
        &mut self,
        ns: &str,
        pod: &str,
        container: Value,
    ) -> Result<Value, crate::ApiError> {
        let Some(mut p) = self.store.get("pods", ns, pod).cloned() else {
            return Err(crate::ApiError::not_found("pods", pod));
        };
        let mut container = container;
        let name = str_at(&container, "/name").to_string();
        let taken = arr_at(&p, "/spec/containers")
            .iter()
            .chain(arr_at(&p, "/spec/initContainers"))
            .chain(arr_at(&p, "/spec/ephemeralContainers"))
            .any(|c| str_at(c, "/name") == name);
        let index = arr_at(&p, "/spec/ephemeralContainers").len();
        let mut causes = Vec::new();
        if taken {
            causes.push(format!(
                "spec.ephemeralContainers[{index}].name: Duplicate value: \"{name}\""
            ));
        } else if let Some(e) = crate::validation::dns1123_label_errors(&name).first() {
            causes.push(format!(
                "spec.ephemeralContainers[{index}].name: Invalid value: \"{name}\": {e}"
            ));
        }
        if !causes.is_empty() {
            return Err(crate::ApiError::invalid("Pod", pod, &causes));
        }
        if let Some(m) = container.as_object_mut() {
            let image = m
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            crate::meta::default_key(
                m,
                "imagePullPolicy",
                json!(crate::defaults::pull_policy_for(&image)),
            );
            crate::meta::default_key(m, "resources", json!({}));
            crate::meta::default_key(m, "terminationMessagePath", json!("/dev/termination-log"));
            crate::meta::default_key(m, "terminationMessagePolicy", json!("File"));
        }
        match p
            .pointer_mut("/spec/ephemeralContainers")
            .and_then(Value::as_array_mut)
        {
            Some(list) => list.push(container),
            None => {
                if let Some(spec) = p.get_mut("spec").and_then(Value::as_object_mut) {
                    spec.insert("ephemeralContainers".into(), json!([container]));
                }
            }
        }
        let out = self.put_get("pods", p);
        self.settle();
        Ok(out)
    }
}

impl Cluster {
    /// Five characters of kubectl's name-suffix alphabet from the
    /// cluster's random stream, for names a client makes up itself
    /// (`kubectl debug`'s `debugger-xxxxx` and `node-debugger-NODE-xxxxx`).
    pub fn name_suffix(&mut self) -> String {
        self.rng.name_suffix(5)
    }
}

impl Cluster {
    /// What a container's main process writes to its terminal or standard
    /// output while a session is attached to it (the prompt and echoed
    /// input with a TTY, then the output): the runtime logs it as any
    /// output of the container, so `kubectl logs` shows the session.
    pub fn main_process_output(&mut self, ns: &str, pod: &str, container: &str, text: &str) {
        let now = self.now;
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            if text.is_empty() {
                break;
            }
            self.logs.append(ns, pod, container, now, line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testutil::*;

    #[test]
    fn a_shell_on_stdin_waits_until_exit_ends_it() {
        let mut c = cluster();
        let mut p = pod("sh", "busybox:1.28", &["sh"]);
        p["spec"]["containers"][0]["stdin"] = json!(true);
        p["spec"]["restartPolicy"] = json!("Never");
        c.create(p, "default").unwrap();
        // Without stdin the same shell reads EOF and ends at once.
        let mut q = pod("eof", "busybox:1.28", &["sh"]);
        q["spec"]["restartPolicy"] = json!("Never");
        c.create(q, "default").unwrap();
        c.advance(60_000);
        assert!(
            state(&c, "sh")["running"].is_object(),
            "{}",
            state(&c, "sh")
        );
        assert_eq!(
            get(&c, "pods", "default", "eof")["status"]["phase"],
            "Succeeded"
        );
        assert_eq!(
            c.main_process("default", "sh", "main"),
            Some((vec!["sh".to_string()], true))
        );
        assert!(c.end_main_process("default", "sh", "main", 3));
        let p = get(&c, "pods", "default", "sh");
        assert_eq!(p["status"]["phase"], "Failed");
        assert_eq!(state(&c, "sh")["terminated"]["exitCode"], 3);
        assert_eq!(state(&c, "sh")["terminated"]["reason"], "Error");
        // Nothing runs any more.
        assert!(!c.end_main_process("default", "sh", "main", 0));
        assert!(!c.end_main_process("default", "nosuch", "main", 0));
    }

    #[test]
    fn ephemeral_containers_join_a_running_pod_and_never_restart() {
        let mut c = cluster();
        c.create(pod("web", "nginx:stable", &[]), "default")
            .unwrap();
        c.advance(20_000);
        let dbg = json!({"name": "dbg", "image": "busybox:1.28", "stdin": true, "tty": true});
        let out = c
            .add_ephemeral_container("default", "web", dbg.clone())
            .unwrap();
        let ec = &out["spec"]["ephemeralContainers"][0];
        assert_eq!(ec["imagePullPolicy"], "IfNotPresent");
        assert_eq!(ec["terminationMessagePath"], "/dev/termination-log");
        // The same name again is refused as the API server refuses it.
        let e = c
            .add_ephemeral_container("default", "web", dbg)
            .unwrap_err();
        assert!(
            e.message
                .contains("spec.ephemeralContainers[1].name: Duplicate value: \"dbg\""),
            "{}",
            e.message
        );
        c.advance(10_000);
        let p = get(&c, "pods", "default", "web");
        let st = &p["status"]["ephemeralContainerStatuses"][0];
        assert!(st["state"]["running"].is_object(), "{st}");
        assert_eq!(st["ready"], false);
        assert_eq!(
            p["status"]["containerStatuses"].as_array().map(Vec::len),
            Some(1)
        );
        assert!(event_reasons(&c, "default", "web").contains(&"Started".to_string()));
        assert!(c.end_main_process("default", "web", "dbg", 0));
        c.advance(60_000);
        let p = get(&c, "pods", "default", "web");
        let st = &p["status"]["ephemeralContainerStatuses"][0];
        assert_eq!(st["state"]["terminated"]["reason"], "Completed", "{st}");
        assert_eq!(st["restartCount"], 0);
        // The pod itself runs on, ready.
        assert_eq!(p["status"]["phase"], "Running");
        assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
        assert!(c
            .add_ephemeral_container("default", "nosuch", json!({"name": "x"}))
            .is_err());
    }

    /// Many pods due at one instant: the kubelets' scan pauses after
    /// [`STEP_SYNCS`] pod syncs and the next step of pending work continues
    /// it, so one step stays short, and every pod is still synced at that
    /// instant (its sandbox ready then).
    #[test]
    fn a_scan_over_many_pods_pauses_and_goes_on_at_the_same_instant() {
        let mut c = cluster();
        c.create(deployment("big", "nginx:stable", 90), "default")
            .unwrap();
        c.drain_changes();
        // The sandboxes are due in a second.
        c.set_stepping(true);
        c.advance_stepped(2_000);
        let mut syncs = Vec::new();
        while c.has_pending_work() {
            let kubelet = c.next_step_name() == "kubelet";
            c.work_step(1);
            let written = c
                .drain_changes()
                .iter()
                .filter(|x| x.resource == "pods")
                .count();
            if kubelet && written > 0 {
                syncs.push(written);
            }
        }
        // The sandboxes' instant: 90 pods synced in steps of STEP_SYNCS.
        let mut expected = vec![STEP_SYNCS; 90 / STEP_SYNCS];
        expected.push(90 % STEP_SYNCS);
        expected.retain(|n| *n > 0);
        assert!(
            syncs.starts_with(&expected) && syncs.iter().all(|n| *n <= STEP_SYNCS),
            "{syncs:?}"
        );
        let since: BTreeSet<String> = pods(&c, "default")
            .iter()
            .map(|p| {
                arr_at(p, "/status/conditions")
                    .iter()
                    .find(|x| x["type"] == "PodReadyToStartContainers")
                    .map(|x| format!("{} {}", x["status"], x["lastTransitionTime"]))
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            since.into_iter().collect::<Vec<_>>(),
            [format!(
                "\"True\" \"{}\"",
                c.now().plus_ms(-1_000).rfc3339()
            )]
        );
    }

    fn state(c: &Cluster, name: &str) -> Value {
        get(c, "pods", "default", name)["status"]["containerStatuses"][0]["state"].clone()
    }

    #[test]
    fn a_pod_walks_through_its_phases() {
        let mut c = cluster();
        c.create(pod("web", "nginx:stable", &[]), "default")
            .unwrap();
        let p = get(&c, "pods", "default", "web");
        assert_eq!(p["status"]["phase"], "Pending");
        assert_eq!(state(&c, "web")["waiting"]["reason"], "ContainerCreating");
        assert!(p["status"].get("podIP").is_none());
        assert!(p["status"]["hostIP"]
            .as_str()
            .unwrap()
            .starts_with("172.18.0."));
        c.advance(1_000);
        let p = get(&c, "pods", "default", "web");
        let ip = p["status"]["podIP"].as_str().unwrap().to_string();
        let cidr = get(&c, "nodes", "", p["spec"]["nodeName"].as_str().unwrap())["spec"]["podCIDR"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            ip.starts_with(cidr.trim_end_matches("0/24")),
            "{ip} in {cidr}"
        );
        assert_eq!(p["status"]["phase"], "Pending");
        c.advance(10_000);
        let p = get(&c, "pods", "default", "web");
        assert_eq!(p["status"]["phase"], "Running");
        let cs = &p["status"]["containerStatuses"][0];
        assert_eq!(cs["ready"], true);
        assert_eq!(cs["started"], true);
        assert_eq!(cs["image"], "docker.io/library/nginx:stable");
        assert!(cs["imageID"]
            .as_str()
            .unwrap()
            .starts_with("docker.io/library/nginx@sha256:"));
        assert!(
            cs["containerID"]
                .as_str()
                .unwrap()
                .starts_with("containerd://")
                && cs["containerID"].as_str().unwrap().len() == 13 + 64
        );
        for cond in crate::meta::arr_at(&p, "/status/conditions") {
            assert_eq!(cond["status"], "True", "{}", cond["type"]);
        }
        assert_eq!(
            event_reasons(&c, "default", "web"),
            ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
        );
        let pulled = messages(&c, "default", "web")
            .into_iter()
            .find(|m| m.starts_with("Successfully pulled"))
            .unwrap();
        assert!(
            pulled.starts_with("Successfully pulled image \"nginx:stable\" in 4."),
            "{pulled}"
        );
        assert!(pulled.ends_with("including waiting). Image size: 72099410 bytes."));
        assert!(messages(&c, "default", "web").contains(&"Created container: main".to_string()));
        // The same image again on the same node is already present.
        let mut again = pod("web2", "nginx:stable", &[]);
        again["spec"]["nodeName"] = p["spec"]["nodeName"].clone();
        c.create(again, "default").unwrap();
        c.advance(2_000);
        assert!(messages(&c, "default", "web2")
            .contains(&"Container image \"nginx:stable\" already present on machine".to_string()));
        assert_eq!(
            get(&c, "pods", "default", "web2")["status"]["phase"],
            "Running"
        );
        assert_ne!(
            get(&c, "pods", "default", "web2")["status"]["podIP"],
            ip.as_str()
        );
    }

    #[test]
    fn unknown_images_back_off() {
        let mut c = cluster();
        c.create(pod("bad", "nginxx:nope", &[]), "default").unwrap();
        c.advance(3_000);
        assert_eq!(state(&c, "bad")["waiting"]["reason"], "ErrImagePull");
        c.advance(1_500);
        assert_eq!(state(&c, "bad")["waiting"]["reason"], "ImagePullBackOff");
        assert_eq!(
            state(&c, "bad")["waiting"]["message"].as_str().unwrap(),
            "Back-off pulling image \"nginxx:nope\": ErrImagePull: failed to pull and unpack image \"docker.io/library/nginxx:nope\": failed to resolve reference \"docker.io/library/nginxx:nope\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        );
        let reasons = event_reasons(&c, "default", "bad");
        assert!(
            reasons.contains(&"Failed".to_string()) && reasons.contains(&"BackOff".to_string())
        );
        assert!(messages(&c, "default", "bad").contains(&"Error: ErrImagePull".to_string()));
        assert!(messages(&c, "default", "bad").contains(&"Error: ImagePullBackOff".to_string()));
        assert_eq!(
            get(&c, "pods", "default", "bad")["status"]["phase"],
            "Pending"
        );
        c.advance(600_000);
        let pulling = c
            .list(rt("events"), Some("default"))
            .into_iter()
            .find(|e| e["involvedObject"]["name"] == "bad" && e["reason"] == "Pulling")
            .unwrap()
            .clone();
        // 10s, 20s, 40s, 80s, 160s, 300s (capped) between attempts.
        assert_eq!(pulling["count"], 6);
    }

    #[test]
    fn exits_restart_with_crash_loop_back_off() {
        let mut c = cluster();
        c.create(pod("once", "busybox", &["echo", "hi"]), "default")
            .unwrap();
        c.advance(5_000);
        let p = get(&c, "pods", "default", "once");
        let cs = &p["status"]["containerStatuses"][0];
        assert!(cs["restartCount"].as_i64().unwrap() >= 1, "{cs}");
        c.advance(5_000);
        let cs = get(&c, "pods", "default", "once")["status"]["containerStatuses"][0].clone();
        assert_eq!(cs["state"]["waiting"]["reason"], "CrashLoopBackOff", "{cs}");
        assert_eq!(cs["lastState"]["terminated"]["reason"], "Completed");
        assert_eq!(
            get(&c, "pods", "default", "once")["status"]["phase"],
            "Running"
        );
        assert!(event_reasons(&c, "default", "once").contains(&"BackOff".to_string()));
        // restartPolicy Never: the pod Succeeds.
        let mut p = pod("job", "busybox", &["echo", "hi"]);
        p["spec"]["restartPolicy"] = json!("Never");
        c.create(p, "default").unwrap();
        c.advance(10_000);
        let p = get(&c, "pods", "default", "job");
        assert_eq!(p["status"]["phase"], "Succeeded");
        assert_eq!(
            p["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"],
            0
        );
    }

    #[test]
    fn changing_a_pods_image_restarts_its_container() {
        let mut c = cluster();
        c.create(pod("web", "nginx:1.27", &[]), "default").unwrap();
        c.advance(10_000);
        let mut p = get(&c, "pods", "default", "web");
        p["spec"]["containers"][0]["image"] = json!("nginx:1.28");
        c.update(p).unwrap();
        c.advance(10_000);
        let cs = get(&c, "pods", "default", "web")["status"]["containerStatuses"][0].clone();
        assert_eq!(cs["image"], "docker.io/library/nginx:1.28");
        assert_eq!(cs["restartCount"], 1);
        assert!(messages(&c, "default", "web")
            .contains(&"Container main definition changed, will be restarted".to_string()));
    }

    #[test]
    fn failing_liveness_probes_restart_the_container() {
        let mut c = cluster();
        let mut p = pod("live", "nginx:stable", &[]);
        p["spec"]["containers"][0]["livenessProbe"] =
            json!({"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 5});
        c.create(p, "default").unwrap();
        c.advance(10_000);
        let cs = get(&c, "pods", "default", "live")["status"]["containerStatuses"][0].clone();
        assert_eq!(cs["restartCount"], 0);
        c.advance(15_000);
        let cs = get(&c, "pods", "default", "live")["status"]["containerStatuses"][0].clone();
        assert_eq!(cs["restartCount"], 1, "{cs}");
        let msgs = messages(&c, "default", "live");
        assert!(
            msgs.contains(&"Container main failed liveness probe, will be restarted".to_string())
        );
        let unhealthy = c
            .list(rt("events"), Some("default"))
            .into_iter()
            .find(|e| e["involvedObject"]["name"] == "live" && e["reason"] == "Unhealthy")
            .unwrap()
            .clone();
        assert!(unhealthy["message"]
            .as_str()
            .unwrap()
            .starts_with("Liveness probe failed: Get \"http://10.244."));
        assert!(unhealthy["message"]
            .as_str()
            .unwrap()
            .contains(":8080/healthz\": dial tcp "));
        assert!(unhealthy["count"].as_i64().unwrap() >= 3);
    }

    #[test]
    fn init_containers_run_first() {
        let mut c = cluster();
        let mut p = pod("web", "nginx:stable", &[]);
        p["spec"]["initContainers"] =
            json!([{"name": "init", "image": "busybox", "command": ["sh", "-c", "echo ready"]}]);
        c.create(p, "default").unwrap();
        let p = get(&c, "pods", "default", "web");
        assert_eq!(
            p["status"]["initContainerStatuses"][0]["state"]["waiting"]["reason"],
            "PodInitializing"
        );
        assert_eq!(
            p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
            "PodInitializing"
        );
        let init_cond = p["status"]["conditions"][1].clone();
        assert_eq!(init_cond["type"], "Initialized");
        assert_eq!(
            init_cond["message"],
            "containers with incomplete status: [init]"
        );
        c.advance(20_000);
        let p = get(&c, "pods", "default", "web");
        assert_eq!(p["status"]["phase"], "Running");
        assert_eq!(
            p["status"]["initContainerStatuses"][0]["state"]["terminated"]["reason"],
            "Completed"
        );
        assert_eq!(p["status"]["conditions"][1]["status"], "True");
        let reasons = event_reasons(&c, "default", "web");
        let created: Vec<usize> = reasons
            .iter()
            .enumerate()
            .filter(|(_, r)| *r == "Created")
            .map(|(i, _)| i)
            .collect();
        assert_eq!(created.len(), 2, "{reasons:?}");
    }

    #[test]
    fn image_names_normalize_like_containerd() {
        assert_eq!(
            normalize_image("nginx:stable"),
            "docker.io/library/nginx:stable"
        );
        assert_eq!(normalize_image("nginx"), "docker.io/library/nginx:latest");
        assert_eq!(
            normalize_image("docker.io/curlimages/curl:7.86.0"),
            "docker.io/curlimages/curl:7.86.0"
        );
        assert_eq!(
            normalize_image("registry.k8s.io/pause:3.10"),
            "registry.k8s.io/pause:3.10"
        );
        assert_eq!(
            normalize_image("localhost:5000/app"),
            "localhost:5000/app:latest"
        );
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration_ms(4200), "4.2s");
        assert_eq!(go_duration_ms(4213), "4.213s");
        assert_eq!(go_duration_ms(612), "612ms");
        assert_eq!(go_duration_ms(10_000), "10s");
        assert_eq!(go_duration_ms(64_500), "1m4.5s");
        assert_eq!(go_duration_ms(300_000), "5m0s");
    }

    #[test]
    fn sigterm_heuristic() {
        assert!(ignores_sigterm(&json!({"command": ["sleep", "infinity"]})));
        assert!(ignores_sigterm(&json!({"command": ["/bin/sh", "-c", "x"]})));
        assert!(!ignores_sigterm(&json!({"image": "nginx"})));
    }
}
