//! Real clusters. Export: a zip (`kubeplay-export/`) with the user's
//! objects as manifests, a `replay.sh` of the commands typed in the
//! playground, and a README on what differs on kind, minikube or Docker
//! Desktop. Import: the output of `kubectl get all,ingress,pvc -A -o yaml`
//! (a v1 List) becomes one `kubectl apply -f -` of the objects a user
//! would write, so the topology shows a real cluster's shape. Pure
//! functions of their input (the zip writer too).

use super::Entry;
use crate::i18n::{fill, t};
use crate::model::Model;
use serde_json::{Map, Value};

/// Namespaces a cluster makes for itself: never exported or imported.
const SYSTEM_NAMESPACES: &[&str] = &[
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "local-path-storage",
];

/// Resources exported, in the order a real cluster can apply them.
const EXPORTED: &[&str] = &[
    "namespaces",
    "storageclasses",
    "persistentvolumes",
    "configmaps",
    "secrets",
    "serviceaccounts",
    "persistentvolumeclaims",
    "ingressclasses",
    "deployments",
    "statefulsets",
    "daemonsets",
    "replicasets",
    "jobs",
    "cronjobs",
    "pods",
    "services",
    "ingresses",
];

/// Largest import text.
pub const MAX_IMPORT: usize = 8 << 20;
/// Most objects in one import.
pub const MAX_IMPORT_OBJECTS: usize = 5000;

fn meta(o: &Value) -> &Value {
    o.get("metadata").unwrap_or(&Value::Null)
}

fn str_at<'a>(o: &'a Value, path: &[&str]) -> &'a str {
    let mut v = o;
    for k in path {
        v = v.get(*k).unwrap_or(&Value::Null);
    }
    v.as_str().unwrap_or("")
}

/// Why a user would not write this object: it is made by the cluster.
/// A [`system_reason`] in the UI's language.
fn reason_text(why: &'static str) -> &'static str {
    let key = match why {
        "owned by another object" => "import.owned",
        "system namespace" => "import.system_ns",
        "made by the cluster" => "import.by_cluster",
        "made by a controller" => "import.by_controller",
        "provisioned for a claim" => "import.provisioned",
        _ => return why,
    };
    t(key)
}

fn system_reason(o: &Value) -> Option<&'static str> {
    let kind = str_at(o, &["kind"]);
    let ns = str_at(o, &["metadata", "namespace"]);
    let name = str_at(o, &["metadata", "name"]);
    let owned = meta(o)
        .get("ownerReferences")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if owned {
        return Some("owned by another object");
    }
    if SYSTEM_NAMESPACES.contains(&ns) || (kind == "Namespace" && SYSTEM_NAMESPACES.contains(&name))
    {
        return Some("system namespace");
    }
    match (kind, ns, name) {
        ("Namespace", _, "default") => Some("made by the cluster"),
        ("Service", "default", "kubernetes") => Some("made by the cluster"),
        ("ServiceAccount", _, "default") => Some("made by the cluster"),
        ("ConfigMap", _, "kube-root-ca.crt") => Some("made by the cluster"),
        ("Endpoints" | "EndpointSlice" | "Event" | "ControllerRevision", _, _) => {
            Some("made by a controller")
        }
        ("PersistentVolume", _, _)
            if meta(o)
                .get("annotations")
                .and_then(|a| a.get("pv.kubernetes.io/provisioned-by"))
                .is_some() =>
        {
            Some("provisioned for a claim")
        }
        ("StorageClass", _, _)
            if meta(o)
                .get("annotations")
                .and_then(|a| a.get("storageclass.kubernetes.io/is-default-class"))
                .is_some() =>
        {
            Some("the cluster's default")
        }
        ("Secret", _, _) if str_at(o, &["type"]) == "kubernetes.io/service-account-token" => {
            Some("made by the cluster")
        }
        _ => None,
    }
}

/// The object as its author would write it: no status, no server-set
/// metadata, no addresses the cluster allocates.
pub fn clean(o: &Value) -> Value {
    let mut o = o.clone();
    if let Some(m) = o.as_object_mut() {
        m.remove("status");
    }
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
            "selfLink",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "ownerReferences",
            "generateName",
        ] {
            m.remove(k);
        }
        if let Some(a) = m.get_mut("annotations").and_then(Value::as_object_mut) {
            a.retain(|k, _| {
                k != "kubectl.kubernetes.io/last-applied-configuration"
                    && k != "deployment.kubernetes.io/revision"
                    && !k.starts_with("pv.kubernetes.io/")
                    && !k.starts_with("volume.beta.kubernetes.io/")
                    && !k.starts_with("volume.kubernetes.io/")
                    && k != "autoscaling.alpha.kubernetes.io/conditions"
            });
            if a.is_empty() {
                m.remove("annotations");
            }
        }
        if m.get("finalizers").is_some() {
            m.remove("finalizers");
        }
    }
    let kind = str_at(&o, &["kind"]).to_string();
    if let Some(spec) = o.get_mut("spec").and_then(Value::as_object_mut) {
        match kind.as_str() {
            "Service" => {
                for k in ["clusterIP", "clusterIPs", "healthCheckNodePort"] {
                    spec.remove(k);
                }
            }
            "Pod" => {
                spec.remove("nodeName");
                strip_token_volume(spec);
            }
            "PersistentVolumeClaim" => {
                spec.remove("volumeName");
            }
            "Namespace" => {
                spec.remove("finalizers");
            }
            _ => {}
        }
        if spec.is_empty() && kind == "Namespace" {
            if let Some(m) = o.as_object_mut() {
                m.remove("spec");
            }
        }
    }
    o
}

/// The service account token volume the API server adds to a pod (and
/// adds again on a real cluster).
fn strip_token_volume(spec: &mut Map<String, Value>) {
    let token = |v: &Value| str_at(v, &["name"]).starts_with("kube-api-access-");
    if let Some(vols) = spec.get_mut("volumes").and_then(Value::as_array_mut) {
        vols.retain(|v| !token(v));
        if vols.is_empty() {
            spec.remove("volumes");
        }
    }
    for list in ["containers", "initContainers"] {
        let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        for c in cs.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(mounts) = c.get_mut("volumeMounts").and_then(Value::as_array_mut) {
                mounts.retain(|v| !token(v));
                if mounts.is_empty() {
                    c.remove("volumeMounts");
                }
            }
        }
    }
}

// ---- export -------------------------------------------------------------

/// The files of an export (path inside the zip, text).
pub fn export_files(m: &Model) -> Vec<(String, String)> {
    let store = m.cluster().store();
    let mut manifests: Vec<(String, String)> = Vec::new();
    let mut all = String::new();
    for (i, resource) in EXPORTED.iter().enumerate() {
        for o in store.list(resource, None) {
            if system_reason(o).is_some() {
                continue;
            }
            let kind = str_at(o, &["kind"]).to_ascii_lowercase();
            let ns = str_at(o, &["metadata", "namespace"]);
            let name = str_at(o, &["metadata", "name"]);
            let file = if ns.is_empty() {
                format!("manifests/{:02}-{kind}-{name}.yaml", i + 1)
            } else {
                format!("manifests/{:02}-{kind}-{ns}-{name}.yaml", i + 1)
            };
            let yaml = kubectl::yaml::to_yaml(&clean(o));
            all.push_str("---\n");
            all.push_str(&yaml);
            manifests.push((file, yaml));
        }
    }
    let mut files = vec![
        ("README.md".to_string(), readme(m, manifests.len())),
        ("replay.sh".to_string(), replay_script(m)),
        ("all.yaml".to_string(), all),
    ];
    files.extend(manifests);
    files
        .into_iter()
        .map(|(p, t)| (format!("kubeplay-export/{p}"), t))
        .collect()
}

/// The export as a zip archive.
pub fn export_zip(m: &Model) -> Vec<u8> {
    let files = export_files(m);
    zip(files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes(), p.ends_with(".sh"))))
}

fn duration(ms: i64) -> String {
    let s = ms / 1000;
    match (s / 3600, (s / 60) % 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s}s"),
        (h, m, _) => format!("{h}h{m}m"),
    }
}

/// A heredoc delimiter that no line of `text` equals.
fn delimiter(text: &str) -> String {
    let mut d = "KUBEPLAY_EOF".to_string();
    while text.lines().any(|l| l.trim() == d) {
        d.push('_');
    }
    d
}

/// The commands as typed, with the tab files they read written first.
pub fn replay_script(m: &Model) -> String {
    let mut out = String::from(
        "#!/usr/bin/env bash\n\
         # The commands typed in kubeplay, in order, for a real cluster.\n\
         # Run it in an empty folder with kubectl pointing at a test cluster\n\
         # (kind, minikube or Docker Desktop); see README.md for what differs.\n\
         # It does not stop at a failing command, as the terminal did not.\n",
    );
    out.push_str(&format!(
        "# Recorded on kubeplay's simulated {} cluster, seed {}.\n\n",
        m.log.profile, m.log.seed
    ));
    // The course's manifests, as the tabs started, when a command names
    // one before any edit of it is recorded.
    for (name, text) in crate::model::BUNDLED_MANIFESTS {
        let mentioned = m.log.entries.iter().find_map(|e| match e {
            Entry::Line { text, .. } if text.contains(name) => Some(true),
            Entry::Apply { tab, .. } if tab == name => Some(true),
            Entry::File { name: n, .. } if n == name => Some(false),
            _ => None,
        });
        if mentioned == Some(true) {
            let d = delimiter(text);
            out.push_str(&format!("cat > {name} <<'{d}'\n{text}{d}\n"));
        }
    }
    let mut pending_ms = 0i64;
    let mut in_heredoc: Option<String> = None;
    for e in &m.log.entries {
        if let Entry::Advance { ms, times } = e {
            pending_ms = pending_ms.saturating_add(ms.saturating_mul(*times as i64));
            continue;
        }
        if pending_ms >= 1000 && in_heredoc.is_none() {
            out.push_str(&format!(
                "# (the playground's clock moved {} here)\n",
                duration(pending_ms)
            ));
        }
        pending_ms = 0;
        match e {
            Entry::Line { text, .. } => {
                if let Some(end) = &in_heredoc {
                    out.push_str(text);
                    out.push('\n');
                    if text.trim_start_matches('\t') == end.as_str() {
                        in_heredoc = None;
                    }
                    continue;
                }
                let first = text.split_whitespace().next().unwrap_or("");
                if first == "kubeplay" || first == "minikube" && text.contains("tunnel") {
                    out.push_str(&format!("# simulator only, not run: {text}\n"));
                    continue;
                }
                if blocks(text) {
                    out.push_str(&format!("# waits for Ctrl+C or input, not run: {text}\n"));
                    continue;
                }
                out.push_str(text);
                out.push('\n');
                in_heredoc = heredoc_end(text);
            }
            Entry::Interrupt { .. } => {
                out.push_str("# (Ctrl+C)\n");
                in_heredoc = None;
            }
            Entry::File { name, text, .. } => match text {
                Some(t) => {
                    let d = delimiter(t);
                    out.push_str(&format!("cat > {name} <<'{d}'\n{t}"));
                    if !t.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&format!("{d}\n"));
                }
                None => out.push_str(&format!("rm -f {name}\n")),
            },
            Entry::Apply { tab, .. } => {
                out.push_str(&format!("kubectl apply -f {tab}\n"));
            }
            Entry::Browse { address, .. } => {
                out.push_str(&format!("# opened in the browser pane: {address}\n"));
            }
            Entry::Advance { .. } => {}
        }
    }
    out
}

/// A command that streams until Ctrl+C or reads the terminal (a watch,
/// `logs -f`, an interactive `exec`/`run`/`attach`, `port-forward`): a
/// script would stop there.
fn blocks(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let has = |w: &str| words.contains(&w);
    let short = |c: char| {
        words
            .iter()
            .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains(c))
    };
    let kubectl = words
        .iter()
        .position(|w| *w == "kubectl" || *w == "k")
        .and_then(|i| words.get(i + 1).copied());
    match kubectl {
        Some("get") => has("-w") || has("--watch") || has("--watch-only") || short('w'),
        Some("logs") => has("-f") || has("--follow") || short('f'),
        Some(cmd @ ("exec" | "attach" | "run")) => {
            let interactive = has("-i") || has("--stdin") || short('i');
            // `exec -it POD -- ls` ends by itself; a shell reads the
            // script's own input.
            let shell = words.last().is_some_and(|w| {
                matches!(
                    w.rsplit('/').next().unwrap_or(w),
                    "sh" | "bash" | "ash" | "zsh"
                )
            });
            interactive && (cmd == "attach" || shell)
        }
        Some("port-forward" | "proxy") => true,
        _ => false,
    }
}

/// The delimiter of a heredoc a command line opens (`<<EOF`, `<<'EOF'`,
/// `<<-EOF`, `<< "EOF"`), if any.
fn heredoc_end(line: &str) -> Option<String> {
    let at = line.find("<<")?;
    let rest = &line[at + 2..];
    if rest.starts_with('<') {
        return None;
    }
    let rest = rest.trim_start_matches('-').trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '|' | '&' | ')'))
        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
        .collect();
    (!word.is_empty()).then_some(word)
}

fn readme(m: &Model, objects: usize) -> String {
    let files: Vec<String> = m
        .log
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Apply { tab, .. } => Some(tab.clone()),
            _ => None,
        })
        .collect();
    let mut s = String::from("# kubeplay export\n\n");
    s.push_str(&format!(
        "Made from a kubeplay session (simulated `{}` cluster, seed {}, {} recorded steps, \
         {} objects).\n\n",
        m.log.profile,
        m.log.seed,
        m.log.entries.len(),
        objects
    ));
    s.push_str(
        "## Contents\n\n\
         - `manifests/`: every object you made, as it is now, one file each, numbered in an \
         order a cluster accepts (namespaces and storage first); `all.yaml` is the same in one \
         file. Server-set fields are removed: `status`, `uid`, `resourceVersion`, \
         `creationTimestamp`, owner references, the last-applied annotation, Service \
         `clusterIP`s, a Pod's `nodeName`, a claim's `volumeName`. Objects controllers made \
         (ReplicaSets of Deployments, their Pods, Jobs of CronJobs, EndpointSlices, events) \
         are left to the real controllers.\n\
         - `replay.sh`: the commands you typed, in order, with the editor tabs they read \
         written out first, and the editor's Apply as `kubectl apply -f`.\n\n\
         ## On a real cluster\n\n\
         Start one: `kind create cluster`, `minikube start`, or Docker Desktop's Settings > \
         Kubernetes > Enable Kubernetes. Then either\n\n\
         ```sh\nkubectl apply -f manifests/\n```\n\n\
         for the end state, or\n\n\
         ```sh\nbash replay.sh\n```\n\n\
         to go through the same steps.\n\n\
         ## What differs\n\n\
         - Generated names (`web-5d8f7c9b4-x2k7p`), pod IPs, Service cluster IPs, random node \
         ports and node names come from your cluster, not from the seed.\n\
         - Time is real: images are really pulled, probes really wait, CronJobs fire on the \
         wall clock; the playground's clock jumps are listed as comments in `replay.sh` and \
         not slept.\n\
         - LoadBalancer Services: Docker Desktop answers on `localhost` as the playground's \
         default profile does; minikube needs `minikube tunnel` running; kind has no load \
         balancer (EXTERNAL-IP stays `<pending>`) unless you install one such as \
         cloud-provider-kind or MetalLB.\n\
         - Node ports are reached on the node's address (kind and minikube: the node \
         container's IP, `minikube ip`), and from the host only on Docker Desktop.\n\
         - `kubeplay ...` simulator commands (adding or failing nodes, the HAProxy, traces) \
         have no real counterpart; they are commented out.\n\
         - Manifests fetched by URL (the ingress-nginx controller) are downloaded from the \
         internet on a real cluster.\n\
         - Pages opened in the playground's browser pane are listed as comments.\n\
         - Lines typed inside a container shell (`kubectl exec -it POD -- sh`) run on your \
         machine in `replay.sh`: paste them into the container yourself.\n",
    );
    if !files.is_empty() {
        s.push_str(&format!(
            "\nEditor tabs applied during the session: {}.\n",
            files.join(", ")
        ));
    }
    s
}

// ---- import -------------------------------------------------------------

/// What an import applies and what it leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Import {
    /// The shell lines to type (one `kubectl apply -f - <<EOF` heredoc).
    pub lines: Vec<String>,
    /// Objects applied.
    pub objects: usize,
    /// `Kind/namespace/name (why)` of every object left out.
    pub skipped: Vec<String>,
}

/// Reads `kubectl get ... -o yaml|json` output (a List, or a stream of
/// objects) and keeps what a user writes.
pub fn import(text: &str) -> Result<Import, String> {
    if text.len() > MAX_IMPORT {
        return Err(fill(
            t("import.too_big"),
            &[&(MAX_IMPORT >> 20).to_string()],
        ));
    }
    if text.trim().is_empty() {
        return Err(t("import.empty").to_string());
    }
    let stream = kubectl::manifest::parse("import", text);
    if let Some(e) = stream.fatal {
        return Err(e);
    }
    let mut objects: Vec<Value> = Vec::new();
    let mut bad = Vec::new();
    for doc in stream.docs {
        match doc {
            Ok(v) => {
                let is_list = str_at(&v, &["kind"]).ends_with("List");
                match v.get("items").and_then(Value::as_array) {
                    Some(items) if is_list => objects.extend(items.iter().cloned()),
                    _ => objects.push(v),
                }
            }
            Err(e) => bad.push(e),
        }
        if objects.len() > MAX_IMPORT_OBJECTS {
            return Err(fill(
                t("import.too_many"),
                &[&MAX_IMPORT_OBJECTS.to_string()],
            ));
        }
    }
    let mut out = Import::default();
    let mut keep: Vec<(usize, Value)> = Vec::new();
    let mut namespaces: Vec<String> = Vec::new();
    for o in &objects {
        let kind = str_at(o, &["kind"]);
        let ns = str_at(o, &["metadata", "namespace"]);
        let name = str_at(o, &["metadata", "name"]);
        let label = if ns.is_empty() {
            format!("{kind}/{name}")
        } else {
            format!("{kind}/{ns}/{name}")
        };
        if kind.is_empty() || name.is_empty() || o.get("apiVersion").is_none() {
            out.skipped
                .push(format!("{label} ({})", t("import.no_kind")));
            continue;
        }
        if let Some(why) = system_reason(o) {
            out.skipped.push(format!("{label} ({})", reason_text(why)));
            continue;
        }
        let rank = EXPORTED
            .iter()
            .position(|r| kind_of(r) == kind)
            .unwrap_or(EXPORTED.len());
        if !ns.is_empty() && ns != "default" && !namespaces.iter().any(|n| n == ns) {
            namespaces.push(ns.to_string());
        }
        if kind == "Namespace" {
            namespaces.retain(|n| n != name);
        }
        keep.push((rank, clean(o)));
    }
    for e in bad {
        out.skipped.push(e);
    }
    if keep.is_empty() {
        return Err(if out.skipped.is_empty() {
            "no objects in the text".to_string()
        } else {
            format!("every object was left out: {}", out.skipped.join(", "))
        });
    }
    // Namespaces the objects live in come first (`get all` does not list
    // them); then the objects in an order the API server accepts.
    let mut docs: Vec<Value> = namespaces
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("apiVersion".into(), Value::from("v1"));
            m.insert("kind".into(), Value::from("Namespace"));
            let mut md = Map::new();
            md.insert("name".into(), Value::from(n.as_str()));
            m.insert("metadata".into(), Value::Object(md));
            Value::Object(m)
        })
        .collect();
    cluster::sort::by_key(&mut keep, |(rank, _)| *rank);
    out.objects = keep.len() + docs.len();
    docs.extend(keep.into_iter().map(|(_, o)| o));
    let mut body = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            body.push_str("---\n");
        }
        body.push_str(&kubectl::yaml::to_yaml(d));
    }
    let end = delimiter(&body);
    out.lines.push(format!("kubectl apply -f - <<'{end}'"));
    out.lines.extend(body.lines().map(str::to_string));
    out.lines.push(end);
    Ok(out)
}

fn kind_of(resource: &str) -> &'static str {
    match resource {
        "namespaces" => "Namespace",
        "storageclasses" => "StorageClass",
        "persistentvolumes" => "PersistentVolume",
        "configmaps" => "ConfigMap",
        "secrets" => "Secret",
        "serviceaccounts" => "ServiceAccount",
        "persistentvolumeclaims" => "PersistentVolumeClaim",
        "ingressclasses" => "IngressClass",
        "deployments" => "Deployment",
        "statefulsets" => "StatefulSet",
        "daemonsets" => "DaemonSet",
        "replicasets" => "ReplicaSet",
        "jobs" => "Job",
        "cronjobs" => "CronJob",
        "pods" => "Pod",
        "services" => "Service",
        "ingresses" => "Ingress",
        _ => "",
    }
}

// ---- zip (stored entries, PKWARE APPNOTE 6.3) ---------------------------

/// CRC-32 (IEEE), bit by bit: exports are small.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of uncompressed entries (name, bytes, executable). The
/// timestamps are fixed (1 Jan 2026), so the same session gives the same
/// bytes.
pub fn zip<'a>(files: impl Iterator<Item = (&'a str, &'a [u8], bool)>) -> Vec<u8> {
    const DOS_TIME: u16 = 0;
    const DOS_DATE: u16 = ((2026 - 1980) << 9) | (1 << 5) | 1;
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count: u16 = 0;
    for (name, data, exec) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name_b = name.as_bytes();
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        out.extend_from_slice(&0u16.to_le_bytes()); // stored
        out.extend_from_slice(&DOS_TIME.to_le_bytes());
        out.extend_from_slice(&DOS_DATE.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name_b.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name_b);
        out.extend_from_slice(data);
        // Central directory entry (made by Unix, for the mode bits).
        let mode: u32 = if exec { 0o100755 } else { 0o100644 };
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&((3u16 << 8) | 20).to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0x0800u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&DOS_TIME.to_le_bytes());
        central.extend_from_slice(&DOS_DATE.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name_b.len() as u16).to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
        central.extend_from_slice(&(mode << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name_b);
        count = count.saturating_add(1);
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
