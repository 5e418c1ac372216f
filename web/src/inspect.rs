//! What the inspector shows for one drawn object: its YAML as `kubectl
//! get -o yaml` prints it, a few status lines, the engine's "why" hints
//! ([`cluster::hints`]), its events and its relationships (owner,
//! selector, endpoints, ingress rules, claims), and which other drawn
//! objects to highlight with it. Pure: reads the store, never the DOM.

use cluster::hints::{self, Hint};
use cluster::selector::{labels_of, map_of, Selector};
use cluster::Cluster;
use serde_json::Value;
use std::collections::BTreeSet;

/// A drawn object the user selected: its Kubernetes kind, namespace
/// (empty for cluster-scoped kinds) and name.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Target {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Target {
        Target {
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    /// `Service default/nginx`, `Node desktop-worker`.
    pub fn label(&self) -> String {
        if self.namespace.is_empty() {
            format!("{} {}", self.kind, self.name)
        } else {
            format!("{} {}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// The API object a drawn element stands for, from its `data-kind`,
/// `data-namespace`, `data-name` (and `data-service` for node-port tabs
/// and routing-table rows' lines). `None` for what is not an object (the
/// host, a packet, a line to the host).
pub fn resolve(kind: &str, namespace: &str, name: &str, service: &str) -> Option<Target> {
    let t = |k: &str, ns: &str, n: &str| Some(Target::new(k, ns, n));
    match kind {
        "Pod"
        | "Service"
        | "Ingress"
        | "PersistentVolumeClaim"
        | "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "CronJob"
        | "ReplicationController" => {
            if name.is_empty() {
                None
            } else {
                t(kind, namespace, name)
            }
        }
        "Node" => t("Node", "", name),
        // A Service -> pod line stands for the pod it reaches.
        "Endpoint" | "ControllerLink" => t("Pod", namespace, name),
        "LoadBalancer" | "LoadBalancerLink" => t("Service", namespace, name),
        "NodePort" if !service.is_empty() => t("Service", namespace, service),
        "IngressRoute" => t("Ingress", namespace, name),
        // A Job's mark on its CronJob's time line.
        "CronTick" if !name.is_empty() => t("Job", namespace, name),
        "DNS" => t("Service", "kube-system", "kube-dns"),
        "IngressController" if !name.is_empty() => t("Deployment", namespace, name),
        _ => None,
    }
}

/// The resource (plural) of a kind the inspector knows.
pub fn plural(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Pod" => "pods",
        "Service" => "services",
        "Node" => "nodes",
        "Ingress" => "ingresses",
        "PersistentVolumeClaim" => "persistentvolumeclaims",
        "PersistentVolume" => "persistentvolumes",
        "Deployment" => "deployments",
        "ReplicaSet" => "replicasets",
        "StatefulSet" => "statefulsets",
        "DaemonSet" => "daemonsets",
        "Job" => "jobs",
        "CronJob" => "cronjobs",
        "ReplicationController" => "replicationcontrollers",
        _ => return None,
    })
}

/// One related object, clickable in the inspector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// `owner`, `endpoint`, `selected by`, `ingress rule`, ...
    pub label: &'static str,
    pub target: Target,
    /// A detail (`ready`, `localhost/testpath (Prefix)`).
    pub note: String,
}

/// One event about the object, as `kubectl events` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    /// `5m`, `12s` (kubectl's HumanDuration); `<unknown>` without a time.
    pub last_seen: String,
    pub type_: String,
    pub reason: String,
    pub message: String,
    pub count: i64,
}

/// What to highlight with the selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Focus {
    pub selected: Target,
    /// Related drawn objects, as (kind, namespace, name).
    pub related: BTreeSet<Target>,
}

impl Focus {
    pub fn is_related(&self, kind: &str, namespace: &str, name: &str) -> bool {
        self.related.contains(&Target::new(kind, namespace, name))
    }
    pub fn is_selected(&self, kind: &str, namespace: &str, name: &str) -> bool {
        self.selected.kind == kind
            && self.selected.namespace == namespace
            && self.selected.name == name
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    pub target: Target,
    /// (label, value) lines: `Status Running`, `IP 10.244.1.3`.
    pub status: Vec<(String, String)>,
    pub hints: Vec<Hint>,
    pub relations: Vec<Relation>,
    pub events: Vec<EventRow>,
    /// `kubectl get KIND NAME -o yaml`.
    pub yaml: String,
    pub focus: Focus,
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn arr<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn int(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

fn name_of(v: &Value) -> &str {
    s(v, "/metadata/name")
}

/// An object as `kubectl get -o yaml` prints it: managedFields dropped.
pub fn yaml_of(obj: &Value) -> String {
    let mut o = obj.clone();
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
    }
    kubectl::yaml::to_yaml(&o)
}

/// Everything the inspector shows for `t`, or `None` when the object is
/// gone (deleted since it was selected).
pub fn inspect(cluster: &Cluster, t: &Target) -> Option<Inspection> {
    let store = cluster.store();
    let obj = store.get(plural(&t.kind)?, &t.namespace, &t.name)?;
    let mut relations = Vec::new();
    let mut related = BTreeSet::new();
    for o in arr(obj, "/metadata/ownerReferences") {
        let target = Target::new(s(o, "/kind"), &t.namespace, s(o, "/name"));
        related.insert(target.clone());
        relations.push(Relation {
            label: "owner",
            target,
            note: String::new(),
        });
    }
    let status = match t.kind.as_str() {
        "Pod" => pod_details(cluster, obj, &mut relations, &mut related),
        "Service" => service_details(cluster, obj, &mut relations, &mut related),
        "Node" => node_details(cluster, obj, &mut relations, &mut related),
        "Ingress" => ingress_details(cluster, obj, &mut relations, &mut related),
        "PersistentVolumeClaim" => claim_details(cluster, obj, &mut relations, &mut related),
        _ => workload_details(cluster, &t.kind, obj, &mut relations, &mut related),
    };
    Some(Inspection {
        target: t.clone(),
        status,
        hints: hints::for_object(store, &t.kind, &t.namespace, &t.name),
        relations,
        events: events_of(cluster, t),
        yaml: yaml_of(obj),
        focus: Focus {
            selected: t.clone(),
            related,
        },
    })
}

fn line(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_string(), value.into())
}

fn or_none(v: &str) -> String {
    if v.is_empty() {
        "<none>".to_string()
    } else {
        v.to_string()
    }
}

fn pod_details(
    c: &Cluster,
    pod: &Value,
    rel: &mut Vec<Relation>,
    related: &mut BTreeSet<Target>,
) -> Vec<(String, String)> {
    let ns = s(pod, "/metadata/namespace");
    let statuses = arr(pod, "/status/containerStatuses");
    let ready = statuses
        .iter()
        .filter(|c| c.get("ready").and_then(Value::as_bool) == Some(true))
        .count();
    let total = arr(pod, "/spec/containers").len();
    let restarts: i64 = statuses.iter().map(|c| int(c, "/restartCount")).sum();
    let node = s(pod, "/spec/nodeName");
    if !node.is_empty() {
        rel.push(Relation {
            label: "runs on",
            target: Target::new("Node", "", node),
            note: String::new(),
        });
    }
    for svc in c.store().list("services", Some(ns)) {
        let map = map_of(svc.pointer("/spec/selector"));
        if !map.is_empty() && Selector::from_map(&map).matches(&labels_of(pod)) {
            let t = Target::new("Service", ns, name_of(svc));
            related.insert(t.clone());
            rel.push(Relation {
                label: "selected by",
                target: t,
                note: Selector::from_map(&map).to_string(),
            });
        }
    }
    for v in arr(pod, "/spec/volumes") {
        let claim = s(v, "/persistentVolumeClaim/claimName");
        if !claim.is_empty() {
            let t = Target::new("PersistentVolumeClaim", ns, claim);
            related.insert(t.clone());
            rel.push(Relation {
                label: "claim",
                target: t,
                note: format!("volume {}", s(v, "/name")),
            });
        }
    }
    let images: Vec<&str> = arr(pod, "/spec/containers")
        .iter()
        .map(|c| s(c, "/image"))
        .collect();
    vec![
        line("Status", crate::snapshot::pod_status(pod)),
        line("Ready", format!("{ready}/{total}")),
        line("Restarts", restarts.to_string()),
        line("IP", or_none(s(pod, "/status/podIP"))),
        line("Node", or_none(node)),
        line("Images", images.join(", ")),
    ]
}

/// The pods behind a Service's EndpointSlices: (pod, ready).
fn endpoints(c: &Cluster, ns: &str, svc: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for slice in c.store().list("endpointslices", Some(ns)) {
        if s(slice, "/metadata/labels/kubernetes.io~1service-name") != svc {
            continue;
        }
        for e in arr(slice, "/endpoints") {
            let pod = s(e, "/targetRef/name");
            if pod.is_empty() || out.iter().any(|(p, _)| p == pod) {
                continue;
            }
            let ready = e.pointer("/conditions/ready").and_then(Value::as_bool) != Some(false);
            out.push((pod.to_string(), ready));
        }
    }
    cluster::sort::sort(&mut out);
    out
}

fn service_details(
    c: &Cluster,
    svc: &Value,
    rel: &mut Vec<Relation>,
    related: &mut BTreeSet<Target>,
) -> Vec<(String, String)> {
    let ns = s(svc, "/metadata/namespace");
    let name = name_of(svc);
    let eps = endpoints(c, ns, name);
    for (pod, ready) in &eps {
        let t = Target::new("Pod", ns, pod);
        related.insert(t.clone());
        rel.push(Relation {
            label: "endpoint",
            target: t,
            note: if *ready { "ready" } else { "not ready" }.to_string(),
        });
    }
    for ing in c.store().list("ingresses", Some(ns)) {
        let mut rules: Vec<String> = Vec::new();
        if s(ing, "/spec/defaultBackend/service/name") == name {
            rules.push("default backend".to_string());
        }
        for r in arr(ing, "/spec/rules") {
            for p in arr(r, "/http/paths") {
                if s(p, "/backend/service/name") == name {
                    let host = s(r, "/host");
                    rules.push(format!(
                        "{}{}",
                        if host.is_empty() { "*" } else { host },
                        s(p, "/path")
                    ));
                }
            }
        }
        if !rules.is_empty() {
            let t = Target::new("Ingress", ns, name_of(ing));
            related.insert(t.clone());
            rel.push(Relation {
                label: "ingress rule",
                target: t,
                note: rules.join(", "),
            });
        }
    }
    let ports: Vec<String> = arr(svc, "/spec/ports")
        .iter()
        .map(|p| {
            let port = p.get("port").map(|v| v.to_string()).unwrap_or_default();
            let target = match p.get("targetPort") {
                Some(Value::String(x)) => x.clone(),
                Some(v) => v.to_string(),
                None => port.clone(),
            };
            let np = p
                .get("nodePort")
                .map(|v| format!(" (node port {v})"))
                .unwrap_or_default();
            format!("{port} → {target}{np}")
        })
        .collect();
    let selector = Selector::from_map(&map_of(svc.pointer("/spec/selector"))).to_string();
    let ready = eps.iter().filter(|e| e.1).count();
    let lb: Vec<String> = arr(svc, "/status/loadBalancer/ingress")
        .iter()
        .map(|i| {
            let ip = s(i, "/ip");
            if ip.is_empty() {
                s(i, "/hostname").to_string()
            } else {
                ip.to_string()
            }
        })
        .collect();
    let mut out = vec![
        line("Type", or_none(s(svc, "/spec/type"))),
        line("Cluster IP", or_none(s(svc, "/spec/clusterIP"))),
        line("Ports", ports.join(", ")),
        line("Selector", or_none(&selector)),
        line(
            "Endpoints",
            format!("{ready} ready, {} not ready", eps.len() - ready),
        ),
    ];
    if s(svc, "/spec/type") == "LoadBalancer" {
        out.push(line(
            "External IP",
            if lb.is_empty() {
                "<pending>".to_string()
            } else {
                lb.join(",")
            },
        ));
    }
    out
}

fn node_details(
    c: &Cluster,
    node: &Value,
    rel: &mut Vec<Relation>,
    _related: &mut BTreeSet<Target>,
) -> Vec<(String, String)> {
    let name = name_of(node);
    let ready = arr(node, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True");
    let ip = arr(node, "/status/addresses")
        .iter()
        .find(|a| s(a, "/type") == "InternalIP")
        .map(|a| s(a, "/address"))
        .unwrap_or("");
    let taints: Vec<String> = arr(node, "/spec/taints")
        .iter()
        .map(|t| {
            let v = s(t, "/value");
            if v.is_empty() {
                format!("{}:{}", s(t, "/key"), s(t, "/effect"))
            } else {
                format!("{}={v}:{}", s(t, "/key"), s(t, "/effect"))
            }
        })
        .collect();
    let pods: Vec<&Value> = c
        .store()
        .list("pods", None)
        .into_iter()
        .filter(|p| s(p, "/spec/nodeName") == name)
        .collect();
    for p in pods.iter().take(40) {
        rel.push(Relation {
            label: "pod",
            target: Target::new("Pod", s(p, "/metadata/namespace"), name_of(p)),
            note: crate::snapshot::pod_status(p),
        });
    }
    let mut status = if ready { "Ready" } else { "NotReady" }.to_string();
    if node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    vec![
        line("Status", status),
        line("InternalIP", or_none(ip)),
        line("Taints", or_none(&taints.join(", "))),
        line("Pods", pods.len().to_string()),
        line(
            "Kubelet",
            or_none(s(node, "/status/nodeInfo/kubeletVersion")),
        ),
    ]
}

fn ingress_details(
    c: &Cluster,
    ing: &Value,
    rel: &mut Vec<Relation>,
    related: &mut BTreeSet<Target>,
) -> Vec<(String, String)> {
    let ns = s(ing, "/metadata/namespace");
    let mut rules = Vec::new();
    let mut add = |svc: &str, rule: String, rel: &mut Vec<Relation>| {
        if svc.is_empty() {
            return;
        }
        let t = Target::new("Service", ns, svc);
        related.insert(t.clone());
        rel.push(Relation {
            label: "backend",
            target: t,
            note: rule,
        });
    };
    let default = s(ing, "/spec/defaultBackend/service/name");
    add(default, "default backend".to_string(), rel);
    for r in arr(ing, "/spec/rules") {
        let host = s(r, "/host");
        for p in arr(r, "/http/paths") {
            let rule = format!(
                "{}{} ({})",
                if host.is_empty() { "*" } else { host },
                s(p, "/path"),
                s(p, "/pathType")
            );
            rules.push(rule.clone());
            add(s(p, "/backend/service/name"), rule, rel);
        }
    }
    let class = {
        let c = s(ing, "/spec/ingressClassName");
        if c.is_empty() {
            s(ing, "/metadata/annotations/kubernetes.io~1ingress.class")
        } else {
            c
        }
    };
    let address: Vec<String> = arr(ing, "/status/loadBalancer/ingress")
        .iter()
        .map(|i| {
            let ip = s(i, "/ip");
            if ip.is_empty() {
                s(i, "/hostname").to_string()
            } else {
                ip.to_string()
            }
        })
        .collect();
    let rewrite = s(
        ing,
        "/metadata/annotations/nginx.ingress.kubernetes.io~1rewrite-target",
    );
    let _ = c;
    let mut out = vec![
        line("Class", or_none(class)),
        line("Address", or_none(&address.join(","))),
        line("Rules", or_none(&rules.join(", "))),
    ];
    if !rewrite.is_empty() {
        out.push(line("Rewrite", rewrite));
    }
    out
}

fn claim_details(
    c: &Cluster,
    pvc: &Value,
    rel: &mut Vec<Relation>,
    related: &mut BTreeSet<Target>,
) -> Vec<(String, String)> {
    let ns = s(pvc, "/metadata/namespace");
    let name = name_of(pvc);
    for p in c.store().list("pods", Some(ns)) {
        if arr(p, "/spec/volumes")
            .iter()
            .any(|v| s(v, "/persistentVolumeClaim/claimName") == name)
        {
            let t = Target::new("Pod", ns, name_of(p));
            related.insert(t.clone());
            rel.push(Relation {
                label: "used by",
                target: t,
                note: String::new(),
            });
        }
    }
    let volume = s(pvc, "/spec/volumeName");
    if !volume.is_empty() {
        rel.push(Relation {
            label: "volume",
            target: Target::new("PersistentVolume", "", volume),
            note: String::new(),
        });
    }
    vec![
        line("Status", or_none(s(pvc, "/status/phase"))),
        line("Volume", or_none(volume)),
        line("Capacity", or_none(s(pvc, "/status/capacity/storage"))),
        line("StorageClass", or_none(s(pvc, "/spec/storageClassName"))),
    ]
}

/// Whether `pod` is owned by (kind, name), directly or through a
/// ReplicaSet of a Deployment / a Job of a CronJob.
fn owned_by(c: &Cluster, pod: &Value, kind: &str, name: &str) -> bool {
    let ns = s(pod, "/metadata/namespace");
    arr(pod, "/metadata/ownerReferences").iter().any(|o| {
        if s(o, "/kind") == kind && s(o, "/name") == name {
            return true;
        }
        let parent = match s(o, "/kind") {
            "ReplicaSet" => c.store().get("replicasets", ns, s(o, "/name")),
            "Job" => c.store().get("jobs", ns, s(o, "/name")),
            _ => None,
        };
        parent.is_some_and(|p| {
            arr(p, "/metadata/ownerReferences")
                .iter()
                .any(|o| s(o, "/kind") == kind && s(o, "/name") == name)
        })
    })
}

fn workload_details(
    c: &Cluster,
    kind: &str,
    obj: &Value,
    rel: &mut Vec<Relation>,
    related: &mut BTreeSet<Target>,
) -> Vec<(String, String)> {
    let ns = s(obj, "/metadata/namespace");
    let name = name_of(obj);
    let pods: Vec<&Value> = c
        .store()
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| owned_by(c, p, kind, name))
        .collect();
    for p in &pods {
        let t = Target::new("Pod", ns, name_of(p));
        related.insert(t.clone());
        if rel.len() < 60 {
            rel.push(Relation {
                label: "pod",
                target: t,
                note: crate::snapshot::pod_status(p),
            });
        }
    }
    let mut out = Vec::new();
    match kind {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController" => {
            out.push(line(
                "Replicas",
                format!(
                    "{} desired, {} ready",
                    int(obj, "/spec/replicas"),
                    int(obj, "/status/readyReplicas")
                ),
            ));
        }
        "DaemonSet" => out.push(line(
            "Pods",
            format!(
                "{} desired, {} ready",
                int(obj, "/status/desiredNumberScheduled"),
                int(obj, "/status/numberReady")
            ),
        )),
        "Job" => out.push(line(
            "Completions",
            format!(
                "{}/{}",
                int(obj, "/status/succeeded"),
                obj.pointer("/spec/completions")
                    .and_then(Value::as_i64)
                    .unwrap_or(1)
            ),
        )),
        "CronJob" => {
            out.push(line("Schedule", s(obj, "/spec/schedule")));
            out.push(line(
                "Last schedule",
                or_none(s(obj, "/status/lastScheduleTime")),
            ));
            out.push(line("Active", arr(obj, "/status/active").len().to_string()));
        }
        _ => {}
    }
    if let Some(sel) = obj.pointer("/spec/selector") {
        if let Ok(sel) = Selector::from_label_selector(sel) {
            out.push(line("Selector", or_none(&sel.to_string())));
        }
    }
    out.push(line("Pods", pods.len().to_string()));
    out
}

/// The object's events, oldest first (as `kubectl events --for`).
pub fn events_of(c: &Cluster, t: &Target) -> Vec<EventRow> {
    let now = c.now();
    let mut rows: Vec<(i64, EventRow)> = Vec::new();
    for ev in c.store().list("events", None) {
        let inv = ev
            .get("involvedObject")
            .or_else(|| ev.get("regarding"))
            .unwrap_or(&Value::Null);
        if s(inv, "/kind") != t.kind || s(inv, "/name") != t.name {
            continue;
        }
        if !t.namespace.is_empty() && s(inv, "/namespace") != t.namespace {
            continue;
        }
        let (_, last, count) = cluster::events::event_times(ev);
        let last_seen = match last {
            Some(l) => cluster::time::human_duration((now.secs() - l.secs()).max(0) * 1000),
            None => "<unknown>".to_string(),
        };
        rows.push((
            last.map(|l| l.secs()).unwrap_or(i64::MIN),
            EventRow {
                last_seen,
                type_: s(ev, "/type").to_string(),
                reason: s(ev, "/reason").to_string(),
                message: {
                    let m = s(ev, "/message");
                    if m.is_empty() {
                        s(ev, "/note").to_string()
                    } else {
                        m.to_string()
                    }
                },
                count,
            },
        ));
    }
    // Stable: events with the same time keep the store's order.
    cluster::sort::by_key(&mut rows, |(t, _)| *t);
    rows.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubectl::{MemFiles, Shell};

    fn lab() -> Shell {
        let mut sh = Shell::new(
            Cluster::new(cluster::Profile::DockerDesktop, 1),
            Box::new(MemFiles::default()),
        );
        for line in [
            "kubectl create deployment nginx --image=nginx --replicas=2",
            "kubectl expose deployment nginx --port 80",
            "kubectl create service clusterip typo --tcp=80:80",
            "sleep 60",
        ] {
            sh.run(line);
        }
        sh
    }

    #[test]
    fn a_service_shows_its_endpoints_and_highlights_them() {
        let sh = lab();
        let c = sh.cluster();
        let i = inspect(c, &Target::new("Service", "default", "nginx")).expect("the Service");
        let eps: Vec<&Relation> = i
            .relations
            .iter()
            .filter(|r| r.label == "endpoint")
            .collect();
        assert_eq!(eps.len(), 2);
        assert!(eps.iter().all(|r| r.note == "ready"));
        for r in &eps {
            assert!(i.focus.is_related("Pod", "default", &r.target.name));
        }
        assert!(i.hints.is_empty());
        assert!(
            i.yaml.starts_with("apiVersion: v1\nkind: Service\n"),
            "{}",
            i.yaml
        );
        assert!(!i.yaml.contains("managedFields"));
        assert!(i
            .status
            .contains(&("Endpoints".to_string(), "2 ready, 0 not ready".to_string())));
        // A Service whose selector matches nothing says why.
        let typo = inspect(c, &Target::new("Service", "default", "typo")).expect("typo");
        assert_eq!(typo.hints.len(), 1);
        assert_eq!(typo.hints[0].code, cluster::hints::HintCode::NoMatchingPods);
    }

    #[test]
    fn a_pod_shows_its_owner_services_node_and_events() {
        let sh = lab();
        let c = sh.cluster();
        let pod = c
            .store()
            .list("pods", Some("default"))
            .into_iter()
            .map(|p| name_of(p).to_string())
            .next()
            .expect("a pod");
        let i = inspect(c, &Target::new("Pod", "default", &pod)).expect("the pod");
        let labels: Vec<&str> = i.relations.iter().map(|r| r.label).collect();
        assert_eq!(labels, vec!["owner", "runs on", "selected by"]);
        assert_eq!(i.relations[0].target.kind, "ReplicaSet");
        let reasons: Vec<&str> = i.events.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(
            reasons,
            vec!["Scheduled", "Pulling", "Pulled", "Created", "Started"]
        );
        assert_eq!(i.status[0], ("Status".to_string(), "Running".to_string()));
        // The Deployment lists both pods through its ReplicaSet.
        let d = inspect(c, &Target::new("Deployment", "default", "nginx")).expect("deploy");
        assert_eq!(d.relations.iter().filter(|r| r.label == "pod").count(), 2);
        // Gone objects inspect to nothing.
        assert!(inspect(c, &Target::new("Pod", "default", "gone")).is_none());
    }

    #[test]
    fn elements_resolve_to_objects() {
        assert_eq!(
            resolve("NodePort", "default", "31045", "nginx-np"),
            Some(Target::new("Service", "default", "nginx-np"))
        );
        assert_eq!(
            resolve("Endpoint", "default", "nginx-1", ""),
            Some(Target::new("Pod", "default", "nginx-1"))
        );
        assert_eq!(resolve("Host", "", "localhost", ""), None);
        assert_eq!(resolve("Packet", "", "3", ""), None);
        assert_eq!(
            resolve("Node", "", "desktop-worker", ""),
            Some(Target::new("Node", "", "desktop-worker"))
        );
    }
}
