//! Shared helpers for the property tests (issue 8): a guarded shell, store
//! dumps and invariants, and the generators (shell lines, manifests and their
//! mutations, command sequences).

#![allow(dead_code, clippy::disallowed_methods)]

use cluster::{Cluster, Profile};
use kubectl::{MemFiles, Output, Shell};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

// ---------------------------------------------------------------------------
// The shell under test

/// Manifests of our own, so that the tests work without /work/shared.
pub const OWN_MANIFESTS: &[(&str, &str)] = &[
    (
        "nginx.yaml",
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:stable
",
    ),
    (
        "svc.yaml",
        "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  type: ClusterIP
",
    ),
    (
        "nodeport.yaml",
        "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
    nodePort: 30080
",
    ),
    (
        "curlpod.yaml",
        "apiVersion: v1
kind: Pod
metadata:
  name: curlpod
spec:
  containers:
  - name: curl
    image: docker.io/curlimages/curl:7.86.0
    command:
      - sleep
      - \"infinity\"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
",
    ),
    (
        "ds.yaml",
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  labels:
    app: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox
        command: [\"sleep\", \"3600\"]
",
    ),
    (
        "sts.yaml",
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:stable
        ports:
        - containerPort: 80
",
    ),
    (
        "job.yaml",
        "apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: busybox
        command: [\"sh\", \"-c\", \"echo done\"]
",
    ),
    (
        "cronjob.yaml",
        "apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: \"*/1 * * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox
            command: [\"date\"]
",
    ),
    (
        "ingress.yaml",
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: nginx
            port:
              number: 80
",
    ),
    (
        "cm.yaml",
        "apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
  namespace: default
data:
  a: \"1\"
  b: two
",
    ),
];

/// The course notes' manifests (```yaml blocks of the seed) and the
/// Kubernetes docs' examples, when /work/shared is there; read once.
pub fn shared_manifests() -> &'static [(String, String)] {
    static CELL: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = Vec::new();
        let root = std::path::Path::new("/work/shared");
        if let Ok(dir) = std::fs::read_dir(root.join("seed")) {
            let mut paths: Vec<_> = dir.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                if p.extension().is_some_and(|e| e == "txt") {
                    if let Ok(text) = std::fs::read_to_string(&p) {
                        for (i, block) in yaml_blocks(&text).into_iter().enumerate() {
                            out.push((format!("{}#{}", p.display(), i), block));
                        }
                    }
                }
            }
        }
        let mut stack = vec![root.join("oracles/k8s-examples/content/en/examples")];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            if let Ok(dir) = std::fs::read_dir(&d) {
                for e in dir.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "yaml") {
                        files.push(p);
                    }
                }
            }
        }
        files.sort();
        for p in files {
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((p.display().to_string(), text));
            }
        }
        out
    })
}

/// The ```yaml fenced blocks of a markdown text.
pub fn yaml_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        match &mut cur {
            None if t.starts_with("```yaml") || t.starts_with("```yml") => {
                cur = Some(String::new())
            }
            Some(buf) if t.starts_with("```") => {
                out.push(std::mem::take(buf));
                cur = None;
            }
            Some(buf) => {
                buf.push_str(line);
                buf.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Every base manifest: ours, then the shared ones.
pub fn all_manifests() -> Vec<String> {
    let mut v: Vec<String> = OWN_MANIFESTS.iter().map(|(_, t)| t.to_string()).collect();
    v.extend(shared_manifests().iter().map(|(_, t)| t.clone()));
    v
}

pub fn files_with(extra: Option<&str>) -> MemFiles {
    let mut files = MemFiles::default();
    for (name, text) in OWN_MANIFESTS {
        files.files.insert(name.to_string(), text.to_string());
    }
    if let Some(text) = extra {
        files.files.insert("step.yaml".into(), text.to_string());
    }
    files
}

pub fn new_shell(seed: u64) -> Shell {
    new_shell_on(Profile::DockerDesktop, seed)
}

pub fn new_shell_on(profile: Profile, seed: u64) -> Shell {
    Shell::new(Cluster::new(profile, seed), Box::new(files_with(None)))
}

/// Any of the cluster profiles.
pub fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![
        Just(Profile::DockerDesktop),
        Just(Profile::Minikube),
        Just(Profile::Cloud),
        Just(Profile::OnPrem),
    ]
}

/// Runs one command, turning a panic into an error naming the input.
pub fn run_guarded(sh: &mut Shell, line: &str) -> Result<Output, String> {
    catch_unwind(AssertUnwindSafe(|| sh.run(line)))
        .map_err(|e| format!("panic running {line:?}: {}", panic_text(&e)))
}

/// Feeds the lines of a text one by one as a terminal would, then cancels
/// any command left open; a panic becomes an error.
pub fn feed_guarded(sh: &mut Shell, text: &str) -> Result<Vec<String>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut outs = Vec::new();
        for line in text.split('\n') {
            match sh.feed_line(line) {
                kubectl::Feed::More => outs.push("> ".to_string()),
                kubectl::Feed::Ran { output, clear } => {
                    outs.push(format!("{}{clear}{}", output.exit_code, output.text()))
                }
            }
        }
        sh.cancel_pending();
        outs
    }))
    .map_err(|e| format!("panic feeding {text:?}: {}", panic_text(&e)))
}

pub fn panic_text(e: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = e.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = e.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic)".into()
    }
}

// ---------------------------------------------------------------------------
// The store: dump and invariants

/// The whole store as one JSON text (keys and objects in store order).
pub fn store_json(c: &Cluster) -> String {
    let items: Vec<Value> = c
        .store()
        .iter()
        .map(|((p, ns, name), v)| serde_json::json!([p, ns, name, v]))
        .collect();
    serde_json::to_string(&items).unwrap_or_default()
}

fn rv_of(v: &Value) -> Option<u64> {
    v.pointer("/metadata/resourceVersion")?
        .as_str()?
        .parse()
        .ok()
}

/// A snapshot for the resourceVersion property: each object's version and
/// JSON, and the store's counter.
pub struct RvSnapshot {
    store_rv: u64,
    objects: BTreeMap<(String, String, String), (Option<u64>, String)>,
}

pub fn rv_snapshot(c: &Cluster) -> RvSnapshot {
    RvSnapshot {
        store_rv: c.store().resource_version(),
        objects: c
            .store()
            .iter()
            .map(|((p, ns, name), v)| {
                (
                    (p.to_string(), ns.clone(), name.clone()),
                    (rv_of(v), v.to_string()),
                )
            })
            .collect(),
    }
}

/// resourceVersion never goes back: the store's counter does not decrease,
/// every live object's version is distinct and at most the counter, and an
/// object that changed since `before` has a strictly larger version.
pub fn check_rv(before: &RvSnapshot, c: &Cluster) -> Result<(), String> {
    let after = rv_snapshot(c);
    if after.store_rv < before.store_rv {
        return Err(format!(
            "store resourceVersion went back: {} -> {}",
            before.store_rv, after.store_rv
        ));
    }
    let mut seen = BTreeMap::new();
    for (k, (rv, json)) in &after.objects {
        let Some(rv) = rv else {
            return Err(format!("{k:?} has no resourceVersion"));
        };
        if *rv > after.store_rv {
            return Err(format!(
                "{k:?} rv {rv} above the store's {}",
                after.store_rv
            ));
        }
        if let Some(other) = seen.insert(*rv, k.clone()) {
            return Err(format!("{k:?} and {other:?} share resourceVersion {rv}"));
        }
        if let Some((Some(old_rv), old_json)) = before.objects.get(k) {
            if old_json != json && rv <= old_rv {
                return Err(format!(
                    "{k:?} changed but its resourceVersion went {old_rv} -> {rv}"
                ));
            }
            if old_json == json && rv != old_rv {
                return Err(format!("{k:?} unchanged but rv moved {old_rv} -> {rv}"));
            }
        }
    }
    Ok(())
}

fn str_at<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn is_deleting(v: &Value) -> bool {
    v.pointer("/metadata/deletionTimestamp")
        .is_some_and(|t| !t.is_null())
}

fn pod_ready(p: &Value) -> bool {
    p.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| str_at(c, "/type") == "Ready" && str_at(c, "/status") == "True")
        })
}

fn selector_matches(sel: &serde_json::Map<String, Value>, labels: Option<&Value>) -> bool {
    sel.iter().all(|(k, v)| {
        labels
            .and_then(|l| l.get(k))
            .and_then(Value::as_str)
            .is_some_and(|l| Some(l) == v.as_str())
    })
}

/// The store invariants of issue 8 item 1 that hold at every instant (see
/// [`PodsOnMissingNodes`] for the one that holds after a grace period).
pub fn check_invariants(c: &Cluster) -> Result<(), String> {
    let store = c.store();
    let mut errs = Vec::new();

    // ownerReferences point at a live object with the same uid (in the
    // dependent's namespace or cluster-scoped), unless the dependent is being
    // deleted.
    let mut by_uid: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for ((_, ns, name), v) in store.iter() {
        let uid = str_at(v, "/metadata/uid");
        if !uid.is_empty() {
            by_uid.insert(
                uid.to_string(),
                (str_at(v, "/kind").to_string(), ns.clone(), name.clone()),
            );
        }
    }
    for ((p, ns, name), v) in store.iter() {
        let Some(refs) = v
            .pointer("/metadata/ownerReferences")
            .and_then(Value::as_array)
        else {
            continue;
        };
        if is_deleting(v) {
            continue;
        }
        for r in refs {
            let (kind, oname, uid) = (str_at(r, "/kind"), str_at(r, "/name"), str_at(r, "/uid"));
            match by_uid.get(uid) {
                Some((k, ons, n)) if k == kind && n == oname && (ons == ns || ons.is_empty()) => {}
                other => errs.push(format!(
                    "{p} {ns}/{name}: ownerReference {kind}/{oname} uid {uid} -> {other:?}"
                )),
            }
        }
    }

    // Cluster IPs and node ports are unique.
    let mut ips: BTreeMap<String, String> = BTreeMap::new();
    let mut node_ports: BTreeMap<(i64, String), String> = BTreeMap::new();
    for svc in store.list("services", None) {
        let id = format!(
            "{}/{}",
            str_at(svc, "/metadata/namespace"),
            str_at(svc, "/metadata/name")
        );
        let mut svc_ips: BTreeSet<String> = BTreeSet::new();
        svc_ips.insert(str_at(svc, "/spec/clusterIP").to_string());
        if let Some(a) = svc.pointer("/spec/clusterIPs").and_then(Value::as_array) {
            svc_ips.extend(a.iter().filter_map(Value::as_str).map(str::to_string));
        }
        for ip in svc_ips {
            if ip.is_empty() || ip == "None" {
                continue;
            }
            if let Some(other) = ips.insert(ip.clone(), id.clone()) {
                errs.push(format!("clusterIP {ip} shared by {other} and {id}"));
            }
        }
        let mut svc_ports: BTreeSet<(i64, String)> = BTreeSet::new();
        for port in svc
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(np) = port.get("nodePort").and_then(Value::as_i64) {
                let proto = port
                    .get("protocol")
                    .and_then(Value::as_str)
                    .unwrap_or("TCP");
                svc_ports.insert((np, proto.to_string()));
            }
        }
        if let Some(np) = svc
            .pointer("/spec/healthCheckNodePort")
            .and_then(Value::as_i64)
        {
            svc_ports.insert((np, "TCP".into()));
        }
        for np in svc_ports {
            if let Some(other) = node_ports.insert(np.clone(), id.clone()) {
                errs.push(format!("nodePort {np:?} shared by {other} and {id}"));
            }
        }
    }

    // EndpointSlices list exactly the ready pods the selector matches.
    let pods = store.list("pods", None);
    for svc in store.list("services", None) {
        let Some(sel) = svc.pointer("/spec/selector").and_then(Value::as_object) else {
            continue;
        };
        if sel.is_empty() || str_at(svc, "/spec/type") == "ExternalName" {
            continue;
        }
        let ns = str_at(svc, "/metadata/namespace");
        let name = str_at(svc, "/metadata/name");
        let publish = svc
            .pointer("/spec/publishNotReadyAddresses")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut want: Vec<String> = pods
            .iter()
            .filter(|p| str_at(p, "/metadata/namespace") == ns)
            .filter(|p| selector_matches(sel, p.pointer("/metadata/labels")))
            .filter(|p| !str_at(p, "/status/podIP").is_empty())
            .filter(|p| !matches!(str_at(p, "/status/phase"), "Succeeded" | "Failed"))
            .filter(|p| publish || (pod_ready(p) && !is_deleting(p)))
            .map(|p| str_at(p, "/status/podIP").to_string())
            .collect();
        want.sort();
        let mut have: Vec<String> = Vec::new();
        for slice in store.list("endpointslices", Some(ns)) {
            if str_at(slice, "/metadata/labels/kubernetes.io~1service-name") != name {
                continue;
            }
            for ep in slice
                .get("endpoints")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let ready = ep
                    .pointer("/conditions/ready")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if ready {
                    if let Some(a) = ep.pointer("/addresses/0").and_then(Value::as_str) {
                        have.push(a.to_string());
                    }
                }
            }
        }
        have.sort();
        if have != want {
            errs.push(format!(
                "EndpointSlices of {ns}/{name}: ready {have:?}, matching ready pods {want:?}"
            ));
        }
    }

    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}

/// Pods bound to a node that does not exist, and not being deleted:
/// (namespace, name, node).
pub fn pods_on_missing_nodes(c: &Cluster) -> BTreeSet<(String, String, String)> {
    let store = c.store();
    store
        .list("pods", None)
        .into_iter()
        .filter(|p| !is_deleting(p))
        .filter_map(|p| {
            let node = str_at(p, "/spec/nodeName");
            (!node.is_empty() && !store.contains("nodes", "", node)).then(|| {
                (
                    str_at(p, "/metadata/namespace").to_string(),
                    str_at(p, "/metadata/name").to_string(),
                    node.to_string(),
                )
            })
        })
        .collect()
}

/// "No pod on a node that is gone", as a real cluster keeps it: the API
/// server accepts a pod bound to any node name, and the pod GC deletes pods
/// whose node does not exist after a 40 s quarantine. So a pod may sit on a
/// missing node, but not for longer than that (on the simulated clock).
#[derive(Default)]
pub struct PodsOnMissingNodes {
    first_seen: BTreeMap<(String, String, String), i64>,
}

/// How long (ms) a pod may stay on a missing node: the pod GC's quarantine
/// plus one controller period of slack.
const POD_GC_GRACE_MS: i64 = 60_000;

impl PodsOnMissingNodes {
    pub fn check(&mut self, c: &Cluster) -> Result<(), String> {
        let now = c.now().0;
        let current = pods_on_missing_nodes(c);
        self.first_seen.retain(|k, _| current.contains(k));
        let mut errs = Vec::new();
        for k in current {
            let since = *self.first_seen.entry(k.clone()).or_insert(now);
            if now - since > POD_GC_GRACE_MS {
                errs.push(format!(
                    "pod {}/{} on missing node {} for {} ms",
                    k.0,
                    k.1,
                    k.2,
                    now - since
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs.join("\n"))
        }
    }
}

// ---------------------------------------------------------------------------
// Generators: shell lines

const VERBS: &[&str] = &[
    "get",
    "describe",
    "apply",
    "create",
    "delete",
    "scale",
    "expose",
    "run",
    "exec",
    "logs",
    "rollout",
    "set",
    "label",
    "annotate",
    "patch",
    "wait",
    "edit",
    "cordon",
    "uncordon",
    "taint",
    "top",
    "events",
    "config",
    "version",
    "explain",
    "api-resources",
    "cluster-info",
    "replace",
    "help",
    "completion",
    "drain",
    "gett",
];

const KINDS: &[&str] = &[
    "pods",
    "po",
    "pod",
    "deploy",
    "deployment",
    "deployments.apps",
    "svc",
    "service",
    "rs",
    "ds",
    "daemonset",
    "sts",
    "statefulset",
    "job",
    "jobs",
    "cj",
    "cronjob",
    "ns",
    "namespace",
    "node",
    "no",
    "ing",
    "ingress",
    "ingressclass",
    "ep",
    "endpoints",
    "endpointslices",
    "cm",
    "configmap",
    "secret",
    "pvc",
    "pv",
    "sc",
    "sa",
    "all",
    "events",
    "ev",
    "deployment/nginx",
    "pod/curlpod",
    "svc/nginx",
    "pods,svc",
    "foo",
    "deployment/",
    "/x",
    "rollout",
    "history",
    "status",
    "restart",
    "undo",
    "image",
    "clusterip",
    "nodeport",
    "loadbalancer",
    "generic",
];

const NAMES: &[&str] = &[
    "nginx",
    "web",
    "curlpod",
    "agent",
    "pi",
    "hello",
    "x",
    "desktop-worker",
    "desktop-worker2",
    "desktop-control-plane",
    "default",
    "kube-system",
    "UPPER",
    "a_b",
    "-",
    "--",
    "..",
    "a.b",
    "web-0",
    "nginx=nginx:1.25",
    "app=nginx",
    "app!=nginx",
    "'app in (nginx,web)'",
    "key=value:NoSchedule",
    "key-",
    "名前",
    "é",
    "🙂",
    "${HOME}",
    "$?",
    "$(echo nginx)",
    "*",
    "?",
    "[a]",
    "\\",
    "0",
    "-1",
    "99999999999999999999",
];

const FLAGS: &[&str] = &[
    "-n",
    "-A",
    "--all-namespaces",
    "-o",
    "yaml",
    "json",
    "wide",
    "name",
    "-owide",
    "-o=jsonpath={.items[*].metadata.name}",
    "-o",
    "jsonpath='{.spec.clusterIP}'",
    "-o=custom-columns=N:.metadata.name,IP:.status.podIP",
    "--sort-by=.metadata.name",
    "--sort-by={.status.x[0]}",
    "-l",
    "--selector=app=nginx",
    "--replicas=3",
    "--replicas=-1",
    "--replicas=0",
    "--replicas=99999999999",
    "--replicas",
    "-f",
    "nginx.yaml",
    "-f",
    "-",
    "step.yaml",
    "svc.yaml",
    "--image=nginx",
    "--image=busybox",
    "--image=",
    "--port=80",
    "--port=0",
    "--port=70000",
    "--target-port=80",
    "--type=NodePort",
    "--type=LoadBalancer",
    "--type=json",
    "--type=merge",
    "-p",
    "'{\"spec\":{\"replicas\":2}}'",
    "'[{\"op\":\"remove\",\"path\":\"/spec\"}]'",
    "'{\"metadata\":null}'",
    "--for=condition=Ready",
    "--for=delete",
    "--for=jsonpath={.status.phase}=Running",
    "--timeout=1s",
    "--timeout=0",
    "--timeout=-5s",
    "-w",
    "--watch",
    "--dry-run=client",
    "--dry-run=server",
    "--grace-period=0",
    "--force",
    "--all",
    "--now",
    "--overwrite",
    "--show-labels",
    "-L",
    "app",
    "-c",
    "nginx",
    "-it",
    "-i",
    "--rm",
    "--restart=Never",
    "--",
    "sh",
    "-c",
    "'echo hi'",
    "curl",
    "nginx",
    "--tail=3",
    "-f",
    "--previous",
    "--to-revision=1",
    "--record",
    "--help",
    "-h",
    "--v=9",
    "--context=x",
    "--namespace=",
    "--field-selector=status.phase=Running",
    "--raw",
    "/api",
    "--cascade=orphan",
    "--cascade=foreground",
    "--output",
    "--=",
    "-",
    "-oyaml",
    "--server-side",
];

const PROGRAMS: &[&str] = &[
    "kubectl", "k", "kubectl", "kubectl", "kubeplay", "curl", "sleep", "echo", "cat", "ls", "grep",
    "head", "tail", "wc", "history", "alias", "export", "clear", "true", "pwd", "unalias",
    "base64", "sort", "uniq", "cut", "tr", "nosuch",
];

const OPS: &[&str] = &[
    "|", "&&", "||", ";", ">", ">>", "2>&1", "&>", "<", "<<<", "&", "(", ")", "\\", "#",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(list).prop_map(str::to_string)
}

/// One word of a command line.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => pick(VERBS),
        4 => pick(KINDS),
        4 => pick(NAMES),
        6 => pick(FLAGS),
        1 => pick(PROGRAMS),
        1 => pick(OPS),
        1 => "[a-z0-9.=/:{}\\[\\]*-]{0,12}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => "\\PC{0,6}",
        1 => pick(NAMES).prop_map(|w| format!("'{w}")),
        1 => pick(NAMES).prop_map(|w| format!("\"{w}\"")),
        1 => pick(NAMES).prop_map(|w| format!("\"{w}")),
        1 => pick(NAMES).prop_map(|w| format!("$({w}")),
    ]
}

/// A heredoc: `<<EOF`, `<<'EOF'`, `<<-EOF` with a body, sometimes never
/// closed.
fn heredoc() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("EOF"), Just("'EOF'"), Just("-EOF"), Just("\"E\"")],
        manifest_text(),
        any::<bool>(),
    )
        .prop_map(|(tag, body, close)| {
            let end = tag.trim_matches(|c| c == '\'' || c == '"' || c == '-');
            format!(
                "kubectl apply -f - <<{tag}\n{body}{}",
                if close {
                    format!("\n{end}")
                } else {
                    String::new()
                }
            )
        })
}

/// A random shell line (or a few lines): a grammar over the shell's
/// programs, kubectl's verbs, kinds, flags and names, quotes, operators,
/// heredocs, plus raw bytes and unicode.
pub fn shell_line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (pick(PROGRAMS), proptest::collection::vec(word(), 0..8))
            .prop_map(|(p, ws)| std::iter::once(p).chain(ws).collect::<Vec<_>>().join(" ")),
        4 => (pick(VERBS), pick(KINDS), proptest::collection::vec(word(), 0..6))
            .prop_map(|(v, k, ws)| format!("kubectl {v} {k} {}", ws.join(" "))),
        2 => proptest::collection::vec(word(), 0..12).prop_map(|ws| ws.join(" ")),
        1 => heredoc(),
        // Shell state that later lines run through: aliases (to nothing, to
        // themselves, to a list) and variables.
        1 => (pick(PROGRAMS), proptest::collection::vec(word(), 0..3), any::<bool>())
            .prop_map(|(name, ws, alias)| {
                let v = ws.join(" ").replace('\'', "");
                if alias {
                    format!("alias {name}='{v}'")
                } else {
                    format!("export {name}='{v}'")
                }
            }),
        1 => any::<String>(),
        1 => proptest::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => proptest::collection::vec(prop_oneof![pick(NAMES), pick(OPS), pick(FLAGS)], 0..10)
            .prop_map(|ws| ws.concat()),
    ]
}

// ---------------------------------------------------------------------------
// Generators: manifests

/// A base manifest (ours or a shared one) as text.
fn base_manifest() -> impl Strategy<Value = String> {
    let all = all_manifests();
    proptest::sample::select(all)
}

#[derive(Clone, Debug)]
pub enum Mutation {
    Drop(usize),
    Retype(usize, u8),
    Number(usize, u8),
    Name(u8),
    Replicas(i64),
    Nest(usize, u16),
    DuplicateLine(usize),
    DeleteLine(usize),
    Truncate(usize),
    Junk(usize, Vec<u8>),
    AliasBomb(u8),
    Indent(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<usize>().prop_map(Mutation::Drop),
        3 => (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Retype(a, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Number(a, b)),
        2 => any::<u8>().prop_map(Mutation::Name),
        // Replica counts a real cluster accepts but that are slow here are
        // left out (`kubectl create deployment big --image=nginx
        // --replicas=400` takes seconds: issue 8 item 3); the ones out of
        // int32 range are rejected before any work.
        2 => prop_oneof![Just(-1i64), Just(0), Just(1), Just(i64::MAX), Just(i64::MIN), Just(1 << 31), 0i64..5]
            .prop_map(Mutation::Replicas),
        1 => (any::<usize>(), 1u16..400).prop_map(|(a, d)| Mutation::Nest(a, d)),
        2 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(a, b)| Mutation::Junk(a, b)),
        1 => (1u8..9).prop_map(Mutation::AliasBomb),
        1 => any::<usize>().prop_map(Mutation::Indent),
    ]
}

/// Every path (object keys and array indices) in a JSON value.
fn paths(v: &Value, here: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Value::String(k.clone()));
                out.push(here.clone());
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Value::from(i));
                out.push(here.clone());
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            Value::String(k) => cur.get_mut(k.as_str())?,
            Value::Number(i) => cur.get_mut(i.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn pick_path(v: &Value, sel: usize) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    paths(v, &mut Vec::new(), &mut out);
    if out.is_empty() {
        None
    } else {
        Some(out.swap_remove(sel % out.len()))
    }
}

const ODD_NAMES: &[&str] = &[
    "", "UPPER", "a_b", "-a", "a-", "a..b", ".", "..", "名前", "a/b", "a b", "x\ny", "0", "web-0",
];

fn mutate_value(v: &mut Value, m: &Mutation) {
    match m {
        Mutation::Drop(sel) => {
            if let Some(p) = pick_path(v, *sel) {
                let (last, parent) = p.split_last().unwrap_or((&Value::Null, &[]));
                match (at_mut(v, parent), last) {
                    (Some(Value::Object(o)), Value::String(k)) => {
                        o.remove(k.as_str());
                    }
                    (Some(Value::Array(a)), Value::Number(i)) => {
                        let i = i.as_u64().unwrap_or(0) as usize;
                        if i < a.len() {
                            a.remove(i);
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Retype(sel, how) => {
            if let Some(p) = pick_path(v, *sel) {
                if let Some(slot) = at_mut(v, &p) {
                    let old = std::mem::take(slot);
                    *slot = match how % 8 {
                        0 => Value::String(old.to_string()),
                        1 => Value::from(42),
                        2 => Value::Bool(true),
                        3 => Value::Null,
                        4 => Value::Array(vec![old]),
                        5 => serde_json::json!({ "x": old }),
                        6 => Value::from(-3.5),
                        _ => Value::String(String::new()),
                    };
                }
            }
        }
        Mutation::Number(sel, how) => {
            if let Some(p) = pick_path(v, *sel) {
                if let Some(slot) = at_mut(v, &p) {
                    *slot = match how % 7 {
                        0 => Value::from(i64::MAX),
                        1 => Value::from(u64::MAX),
                        2 => Value::from(-1),
                        3 => Value::from(1e300),
                        4 => Value::from(0),
                        5 => Value::from(1i64 << 31),
                        _ => Value::from(i64::MIN),
                    };
                }
            }
        }
        Mutation::Name(i) => {
            if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
                let name = match ODD_NAMES.get(*i as usize % (ODD_NAMES.len() + 2)) {
                    Some(n) => n.to_string(),
                    None if i % 2 == 0 => "a".repeat(254),
                    None => "b".repeat(64),
                };
                let key = if i & 0x80 != 0 { "namespace" } else { "name" };
                meta.insert(key.into(), Value::String(name));
            }
        }
        Mutation::Replicas(n) => {
            if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
                spec.insert("replicas".into(), Value::from(*n));
            }
        }
        Mutation::Nest(sel, depth) => {
            let mut deep = Value::from(1);
            for i in 0..*depth {
                deep = if i % 2 == 0 {
                    Value::Array(vec![deep])
                } else {
                    serde_json::json!({ "a": deep })
                };
            }
            if let Some(p) = pick_path(v, *sel) {
                if let Some(slot) = at_mut(v, &p) {
                    *slot = deep;
                }
            }
        }
        _ => {}
    }
}

fn nth_line_op(text: &str, sel: usize, f: impl Fn(&str) -> String) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let i = sel % lines.len().max(1);
    lines
        .iter()
        .enumerate()
        .map(|(j, l)| if j == i { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate_text(text: String, m: &Mutation) -> String {
    match m {
        Mutation::DuplicateLine(sel) => nth_line_op(&text, *sel, |l| format!("{l}\n{l}")),
        Mutation::DeleteLine(sel) => nth_line_op(&text, *sel, |_| String::new()),
        Mutation::Indent(sel) => nth_line_op(&text, *sel, |l| format!("   {l}")),
        Mutation::Truncate(sel) => {
            let i = floor_boundary(&text, sel % (text.len() + 1));
            text[..i].to_string()
        }
        Mutation::Junk(sel, bytes) => {
            let i = floor_boundary(&text, sel % (text.len() + 1));
            format!(
                "{}{}{}",
                &text[..i],
                String::from_utf8_lossy(bytes),
                &text[i..]
            )
        }
        Mutation::AliasBomb(levels) => {
            let mut s = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for i in 1..=*levels {
                let prev = format!("*a{}", i - 1);
                s.push_str(&format!("  a{i}: &a{i} [{}]\n", vec![prev; 9].join(",")));
            }
            s
        }
        _ => text,
    }
}

/// Applies mutations: structural ones on the parsed document, textual ones
/// on the text (after re-emitting it).
pub fn mutate(base: &str, muts: &[Mutation]) -> String {
    let structural = muts.iter().any(|m| {
        matches!(
            m,
            Mutation::Drop(..)
                | Mutation::Retype(..)
                | Mutation::Number(..)
                | Mutation::Name(..)
                | Mutation::Replicas(..)
                | Mutation::Nest(..)
        )
    });
    let mut text = base.to_string();
    if structural {
        // The first document only; others are dropped.
        let first = base
            .split("\n---")
            .find(|d| !d.trim().is_empty())
            .unwrap_or("");
        if let Ok(mut v) = kubectl::manifest::yaml_to_json(first) {
            for m in muts {
                mutate_value(&mut v, m);
            }
            // Deep values are written as JSON, which is YAML too.
            text = if muts.iter().any(|m| matches!(m, Mutation::Nest(..))) {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            } else {
                kubectl::yaml::to_yaml(&v)
            };
        }
    }
    for m in muts {
        text = mutate_text(text, m);
    }
    text
}

/// A manifest: a real one, mutated (or, sometimes, not).
pub fn manifest_text() -> impl Strategy<Value = String> {
    (base_manifest(), proptest::collection::vec(mutation(), 0..4))
        .prop_map(|(base, muts)| mutate(&base, &muts))
}

// ---------------------------------------------------------------------------
// Generators: command sequences

#[derive(Clone, Debug)]
pub enum Step {
    /// `kubectl apply -f step.yaml` with this text in step.yaml.
    Apply(String),
    /// A line run as is.
    Line(String),
}

const POOL_KINDS: &[&str] = &[
    "deployment",
    "svc",
    "pod",
    "ds",
    "sts",
    "job",
    "cronjob",
    "rs",
    "ingress",
    "cm",
    "ns",
];
const POOL_NAMES: &[&str] = &[
    "nginx", "web", "curlpod", "agent", "pi", "hello", "conf", "x",
];
const POOL_NODES: &[&str] = &[
    "desktop-worker",
    "desktop-worker2",
    "desktop-control-plane",
    "minikube",
    "worker-1",
    "control-plane-1",
    "k8s-worker1",
    "k8s-master",
    "w3",
    "w4",
];

/// One step of a session: apply (a real or mutated manifest, or one of the
/// files), delete, scale, sleep, node add/fail/recover/remove, exec, curl,
/// get, or any shell line.
pub fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => manifest_text().prop_map(Step::Apply),
        3 => pick(&["nginx.yaml", "svc.yaml", "nodeport.yaml", "curlpod.yaml", "ds.yaml", "sts.yaml", "job.yaml", "cronjob.yaml", "ingress.yaml", "cm.yaml"])
            .prop_map(|f| Step::Line(format!("kubectl apply -f {f}"))),
        2 => (pick(POOL_KINDS), pick(POOL_NAMES), any::<bool>()).prop_map(|(k, n, wait)| {
            Step::Line(format!("kubectl delete {k} {n}{}", if wait { "" } else { " --wait=false" }))
        }),
        2 => (pick(&["deployment", "sts", "rs", "deploy/nginx"]), pick(POOL_NAMES), -2i64..6)
            .prop_map(|(k, n, r)| Step::Line(format!("kubectl scale {k} {n} --replicas={r}"))),
        2 => prop_oneof![Just("1s"), Just("5s"), Just("30s"), Just("45s"), Just("2m"), Just("0"), Just("6m")]
            .prop_map(|d| Step::Line(format!("sleep {d}"))),
        2 => (pick(&["add", "fail", "recover", "remove"]), pick(POOL_NODES))
            .prop_map(|(op, n)| Step::Line(format!("kubeplay node {op} {n}"))),
        1 => pick(&[
            "kubectl exec curlpod -- curl -s nginx",
            "kubectl exec curlpod -- curl -sS --max-time 2 web",
            "kubectl exec curlpod -- nslookup nginx",
            "kubectl exec -it curlpod -- sh",
            "exit",
            "kubectl logs deploy/nginx",
            "kubectl logs curlpod --tail=1",
        ]).prop_map(|s| Step::Line(s.to_string())),
        1 => pick(&[
            "curl -s localhost:30080",
            "curl -sI localhost",
            "curl -s $(kubectl get svc nginx -o jsonpath='{.spec.clusterIP}')",
            "curl http://example.com/",
            "curl -k https://localhost/",
        ]).prop_map(|s| Step::Line(s.to_string())),
        1 => pick(&[
            "kubectl get all -A",
            "kubectl get pods -o wide",
            "kubectl describe svc nginx",
            "kubectl get endpointslices",
            "kubectl rollout restart deployment nginx",
            "kubectl set image deployment/nginx nginx=nginx:1.25",
            "kubectl expose deployment nginx --port 80 --name exposed --type NodePort",
            "kubectl create deployment x --image=nginx --replicas=2",
            "kubectl cordon desktop-worker",
            "kubectl uncordon desktop-worker",
            "kubectl label pods --all tier=x --overwrite",
            "kubectl delete pods --all --grace-period=0 --force",
            "kubectl create namespace x",
            "kubectl delete namespace x",
            "kubectl patch svc nginx -p '{\"spec\":{\"type\":\"NodePort\"}}'",
            "kubectl patch deployment nginx --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/template\"}]'",
        ]).prop_map(|s| Step::Line(s.to_string())),
        2 => pick(TARGETED).prop_map(|s| Step::Line(s.to_string())),
        1 => pick(EXTRA_MANIFESTS).prop_map(|s| Step::Apply(s.to_string())),
        1 => shell_line().prop_map(Step::Line),
    ]
}

/// Lines aimed at the invariants: cascades, label changes that move pods in
/// and out of a selector, service type changes that allocate or release
/// node ports, forced deletes, namespaces with content.
const TARGETED: &[&str] = &[
    "kubectl delete deployment nginx --cascade=orphan",
    "kubectl delete deployment nginx --cascade=foreground --wait=false",
    "kubectl delete rs --all --cascade=orphan",
    "kubectl delete sts web --cascade=orphan",
    "kubectl delete job pi --cascade=orphan",
    "kubectl delete pods -l app=nginx --grace-period=0 --force",
    "kubectl delete pods --all --wait=false",
    "kubectl label pods -l app=nginx app=other --overwrite",
    "kubectl label pods -l app=other app=nginx --overwrite",
    "kubectl label pods --all app- ",
    "kubectl patch svc nginx -p '{\"spec\":{\"type\":\"NodePort\"}}'",
    "kubectl patch svc nginx -p '{\"spec\":{\"type\":\"LoadBalancer\"}}'",
    "kubectl patch svc web -p '{\"spec\":{\"type\":\"ClusterIP\"}}'",
    "kubectl patch svc web -p '{\"spec\":{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80,\"targetPort\":80,\"nodePort\":null}]}}'",
    "kubectl patch svc nginx -p '{\"spec\":{\"selector\":{\"app\":\"web\"}}}'",
    "kubectl patch svc nginx -p '{\"spec\":{\"publishNotReadyAddresses\":true}}'",
    "kubectl patch svc nginx --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/selector\"}]'",
    "kubectl patch svc nginx -p '{\"spec\":{\"externalTrafficPolicy\":\"Local\",\"type\":\"LoadBalancer\"}}'",
    "kubectl expose deployment nginx --port 80 --name lb --type LoadBalancer",
    "kubectl expose deployment nginx --port 8080 --target-port 80 --name np --type NodePort",
    "kubectl replace --force -f svc.yaml",
    "kubectl replace --force -f nginx.yaml",
    "kubectl create namespace x",
    "kubectl create deployment x --image=nginx -n x",
    "kubectl expose deployment x --port 80 -n x",
    "kubectl delete namespace x --wait=false",
    "kubectl delete namespace x",
    "kubectl scale deployment nginx --replicas=0",
    "kubectl scale deployment nginx --replicas=5",
    "kubectl rollout undo deployment nginx",
    "kubectl set image deployment/nginx nginx=nginx:nosuchtag",
    "kubectl set image deployment/nginx nginx=nginx:1.25",
    "kubectl taint node desktop-worker k=v:NoExecute",
    "kubectl taint node desktop-worker k-",
    "kubectl drain desktop-worker --ignore-daemonsets",
    "kubeplay node add w3",
    "kubeplay node fail w3",
    "kubeplay node remove w3",
    "kubeplay node remove desktop-worker",
    "kubeplay node fail desktop-worker2",
    "kubeplay node recover desktop-worker2",
    "sleep 40s",
    "sleep 5m",
];

/// Services that collide with what exists (kube-dns's cluster IP, the `web`
/// NodePort), a headless Service, an owner-referencing ConfigMap.
const EXTRA_MANIFESTS: &[&str] = &[
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: dup-ip\nspec:\n  clusterIP: 10.96.0.10\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: dup-port\nspec:\n  type: NodePort\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    nodePort: 30080\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n  - port: 80\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: fixed\nspec:\n  clusterIP: 10.96.100.100\n  type: NodePort\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    nodePort: 31000\n  - port: 81\n    nodePort: 31000\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: udp\nspec:\n  type: NodePort\n  selector:\n    app: nginx\n  ports:\n  - port: 53\n    protocol: UDP\n    nodePort: 31053\n  - port: 53\n    protocol: TCP\n    nodePort: 31053\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: Deployment\n    name: nginx\n    uid: 00000000-0000-0000-0000-000000000000\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pinned\n  labels:\n    app: nginx\nspec:\n  nodeName: w3\n  containers:\n  - name: c\n    image: nginx\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ghost\n  labels:\n    app: nginx\nspec:\n  nodeName: nosuchnode\n  containers:\n  - name: c\n    image: nginx\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: notready\n  labels:\n    app: nginx\nspec:\n  containers:\n  - name: c\n    image: nginx\n    readinessProbe:\n      httpGet:\n        path: /nope\n        port: 80\n",
];

/// Runs a step; a panic becomes an error.
pub fn run_step(sh: &mut Shell, step: &Step) -> Result<Output, String> {
    match step {
        Step::Apply(text) => {
            sh.set_files(Box::new(files_with(Some(text))));
            run_guarded(sh, "kubectl apply -f step.yaml")
                .map_err(|e| format!("{e}\nmanifest:\n{text}"))
        }
        Step::Line(line) => run_guarded(sh, line),
    }
}
