//! What the topology draws, read out of the cluster's object store.
//!
//! The store holds Kubernetes JSON objects; this module turns them into
//! small plain structs (nodes, pods, services with their endpoints) so the
//! layout can stay a pure function of plain data. Missing or malformed
//! fields never panic: they read as empty.

use serde_json::Value;

/// Namespaces hidden unless the user asks for system objects (kind's
/// `local-path-storage` too).
pub const SYSTEM_NAMESPACES: &[&str] = &[
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "local-path-storage",
];

/// True for objects that belong to the cluster's own machinery: system
/// namespaces and the API server's `default/kubernetes` Service.
pub fn is_system(namespace: &str, kind: &str, name: &str) -> bool {
    SYSTEM_NAMESPACES.contains(&namespace)
        || (kind == "Service" && namespace == "default" && name == "kubernetes")
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub nodes: Vec<NodeInfo>,
    pub pods: Vec<PodInfo>,
    pub services: Vec<ServiceInfo>,
    pub ingresses: Vec<IngressInfo>,
    /// Running ingress controllers (ingress-nginx), by their workload.
    pub controllers: Vec<ControllerInfo>,
    /// What stands between the host and the cluster in this profile.
    pub outer: OuterInfo,
    /// CronJobs with their Jobs, for their time lines.
    pub cronjobs: Vec<CronInfo>,
}

/// A CronJob's time line: its Jobs by scheduled time, and the next run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CronInfo {
    pub namespace: String,
    pub name: String,
    pub schedule: String,
    pub suspended: bool,
    /// (Job name, scheduled time in ms, `active`/`complete`/`failed`),
    /// oldest first.
    pub jobs: Vec<(String, i64, &'static str)>,
    /// The next activation after the last one (ms), if the schedule
    /// parses and the CronJob is not suspended.
    pub next: Option<i64>,
}

fn cron_info(cj: &Value, jobs: &[&Value]) -> CronInfo {
    let ns = s(cj, "/metadata/namespace");
    let name = s(cj, "/metadata/name");
    let parse = |t: &str| cluster::Time::parse_rfc3339(t).map(|t| t.0);
    let mut mine: Vec<(String, i64, &'static str)> = jobs
        .iter()
        .filter(|j| {
            s(j, "/metadata/namespace") == ns
                && arr(j, "/metadata/ownerReferences")
                    .iter()
                    .any(|o| s(o, "/kind") == "CronJob" && s(o, "/name") == name)
        })
        .map(|j| {
            let jn = s(j, "/metadata/name");
            let at = parse(s(
                j,
                "/metadata/annotations/batch.kubernetes.io~1cronjob-scheduled-timestamp",
            ))
            .or_else(|| {
                jn.rsplit_once('-')
                    .and_then(|(_, m)| m.parse::<i64>().ok())
                    .map(|m| m * 60_000)
            })
            .or_else(|| parse(s(j, "/metadata/creationTimestamp")))
            .unwrap_or(0);
            let cond = |t: &str| {
                arr(j, "/status/conditions")
                    .iter()
                    .any(|c| s(c, "/type") == t && s(c, "/status") == "True")
            };
            let state = if cond("Complete") {
                "complete"
            } else if cond("Failed") {
                "failed"
            } else {
                "active"
            };
            (jn.to_string(), at, state)
        })
        .collect();
    cluster::sort::by(&mut mine, |a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let schedule = s(cj, "/spec/schedule").to_string();
    let suspended = cj.pointer("/spec/suspend").and_then(Value::as_bool) == Some(true);
    let zone =
        cluster::cron::Zone::named(s(cj, "/spec/timeZone")).unwrap_or(cluster::cron::Zone::UTC);
    let from = parse(s(cj, "/status/lastScheduleTime"))
        .or_else(|| mine.last().map(|j| j.1))
        .or_else(|| parse(s(cj, "/metadata/creationTimestamp")));
    let next = match (suspended, from, cluster::cron::Schedule::parse(&schedule)) {
        (false, Some(from), Ok(sched)) => sched.next_after(cluster::Time(from), &zone).map(|t| t.0),
        _ => None,
    };
    CronInfo {
        namespace: ns.to_string(),
        name: name.to_string(),
        schedule,
        suspended,
        jobs: mine,
        next,
    }
}

/// The profile's outside layer: the on-prem HAProxy and its frontends,
/// minikube's tunnel, the cloud's load balancers (drawn on the
/// LoadBalancer pills).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OuterInfo {
    /// `docker-desktop`, `minikube`, `cloud`, `onprem`.
    pub profile: String,
    /// The HAProxy's address (on-prem only).
    pub haproxy_ip: String,
    /// HAProxy frontends: port, node port, servers UP, servers.
    pub frontends: Vec<(u16, u16, usize, usize)>,
    /// minikube: whether `minikube tunnel` runs.
    pub tunnel: Option<bool>,
    /// minikube: the tunnel's host route.
    pub tunnel_route: String,
}

impl OuterInfo {
    pub fn of(c: &cluster::Cluster) -> OuterInfo {
        let profile = c.profile();
        let mut o = OuterInfo {
            profile: profile.to_string(),
            ..OuterInfo::default()
        };
        match profile {
            cluster::Profile::OnPrem => {
                o.haproxy_ip = c.haproxy_ip().to_string();
                o.frontends = c
                    .haproxy_frontends()
                    .iter()
                    .map(|f| {
                        (
                            f.port,
                            f.node_port,
                            f.servers.iter().filter(|s| s.2).count(),
                            f.servers.len(),
                        )
                    })
                    .collect();
            }
            cluster::Profile::Minikube => {
                let t = c.tunnel_status();
                o.tunnel = Some(t.running);
                o.tunnel_route = t.route;
            }
            _ => {}
        }
        o
    }
}

/// An Ingress and its routing rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngressInfo {
    pub namespace: String,
    pub name: String,
    /// `spec.ingressClassName` (or the legacy annotation); empty when unset.
    pub class: String,
    /// `nginx.ingress.kubernetes.io/rewrite-target`.
    pub rewrite: Option<String>,
    pub rules: Vec<RuleInfo>,
    pub created: String,
}

/// One host/path of an Ingress and the Service it routes to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleInfo {
    /// Empty for a rule without a host (any host).
    pub host: String,
    pub path: String,
    pub path_type: String,
    pub service: String,
    /// The backend port, a number or a name.
    pub port: String,
}

impl RuleInfo {
    /// `localhost/testpath (Prefix)`.
    pub fn matcher(&self) -> String {
        let host = if self.host.is_empty() {
            "*"
        } else {
            &self.host
        };
        if self.path_type.is_empty() {
            format!("{host}{}", self.path)
        } else {
            format!("{host}{} ({})", self.path, self.path_type)
        }
    }
}

/// An ingress controller: the workload running the ingress-nginx
/// controller image, its pods, and the IngressClasses it implements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ControllerInfo {
    pub namespace: String,
    /// The owning workload (`ingress-nginx-controller`), else the pod.
    pub name: String,
    pub pods: Vec<String>,
    pub classes: Vec<String>,
    pub created: String,
}

/// The controller name in IngressClasses that ingress-nginx implements.
pub const INGRESS_NGINX_CLASS_CONTROLLER: &str = "k8s.io/ingress-nginx";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeInfo {
    pub name: String,
    /// `control-plane` or `worker`.
    pub role: String,
    pub ip: String,
    pub ready: bool,
    /// Effects of the node's taints (`NoSchedule`, ...).
    pub taints: Vec<String>,
    pub created: String,
}

/// How a pod's status is drawn; the text is kubectl's STATUS column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusClass {
    Running,
    Pending,
    Completed,
    Failed,
    Terminating,
}

impl StatusClass {
    pub fn css(self) -> &'static str {
        match self {
            StatusClass::Running => "running",
            StatusClass::Pending => "pending",
            StatusClass::Completed => "completed",
            StatusClass::Failed => "failed",
            StatusClass::Terminating => "terminating",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodInfo {
    pub namespace: String,
    pub name: String,
    /// `spec.nodeName`, empty while unscheduled.
    pub node: String,
    pub status: String,
    pub class: StatusClass,
    pub ip: String,
    pub owner: Option<Owner>,
    pub created: String,
    /// The PersistentVolumeClaims its volumes mount, in volume order.
    pub claims: Vec<ClaimInfo>,
}

/// A PersistentVolumeClaim a pod mounts, drawn under the pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimInfo {
    pub name: String,
    /// The claim's `status.phase` (`Bound`, `Pending`, `Lost`); `Pending`
    /// while the claim does not exist yet.
    pub phase: String,
}

/// The controller that owns a pod, and the controller above it (a
/// ReplicaSet's Deployment, a Job's CronJob) when there is one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Owner {
    pub kind: String,
    pub name: String,
    pub top_kind: String,
    pub top_name: String,
    /// A CronJob's `spec.schedule` when the top owner is a CronJob.
    pub schedule: String,
}

impl Owner {
    /// A short label for the group outline: `deploy nginx`, `sts web`.
    pub fn label(&self) -> String {
        if self.top_kind == "Node" {
            return "static pods".to_string();
        }
        let abbrev = match self.top_kind.as_str() {
            "Deployment" => "deploy",
            "ReplicaSet" => "rs",
            "StatefulSet" => "sts",
            "DaemonSet" => "ds",
            "Job" => "job",
            "CronJob" => "cronjob",
            "ReplicationController" => "rc",
            other => other,
        };
        format!("{abbrev} {}", self.top_name)
    }

    /// The full description, for a tooltip.
    pub fn describe(&self) -> String {
        if !self.schedule.is_empty() {
            return format!(
                "{} {} (owned by {} {}, schedule {})",
                self.kind, self.name, self.top_kind, self.top_name, self.schedule
            );
        }
        if self.kind == self.top_kind && self.name == self.top_name {
            format!("{} {}", self.kind, self.name)
        } else {
            format!(
                "{} {} (owned by {} {})",
                self.kind, self.name, self.top_kind, self.top_name
            )
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceInfo {
    pub namespace: String,
    pub name: String,
    /// `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`.
    pub type_: String,
    pub cluster_ip: String,
    pub ports: Vec<PortInfo>,
    pub endpoints: Vec<Endpoint>,
    /// `status.loadBalancer.ingress[]` addresses (hostname or IP).
    pub lb_addresses: Vec<String>,
    pub created: String,
}

impl ServiceInfo {
    /// The ports a LoadBalancer opens on its address: `80,443`.
    pub fn lb_ports(&self) -> String {
        self.ports
            .iter()
            .map(|p| p.port.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Ports as kubectl's PORT(S) column prints them: `80/TCP`, `80:31045/TCP`.
    pub fn ports_text(&self) -> String {
        if self.ports.is_empty() {
            return "<none>".to_string();
        }
        self.ports
            .iter()
            .map(|p| match p.node_port {
                Some(np) => format!("{}:{}/{}", p.port, np, p.protocol),
                None => format!("{}/{}", p.port, p.protocol),
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortInfo {
    pub name: String,
    pub port: i64,
    pub node_port: Option<i64>,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The pod behind the endpoint (same namespace as the Service).
    pub pod: String,
    pub ready: bool,
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

/// The raw objects a snapshot is built from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Objects<'a> {
    pub nodes: &'a [&'a Value],
    pub pods: &'a [&'a Value],
    pub services: &'a [&'a Value],
    pub endpoint_slices: &'a [&'a Value],
    pub endpoints: &'a [&'a Value],
    pub replica_sets: &'a [&'a Value],
    pub jobs: &'a [&'a Value],
    pub ingresses: &'a [&'a Value],
    pub ingress_classes: &'a [&'a Value],
}

impl Snapshot {
    /// Reads the objects the topology draws from the cluster's store.
    pub fn from_store(store: &cluster::store::Store) -> Snapshot {
        let nodes = store.list("nodes", None);
        let pods = store.list("pods", None);
        let services = store.list("services", None);
        let slices = store.list("endpointslices", None);
        let endpoints = store.list("endpoints", None);
        let rs = store.list("replicasets", None);
        let jobs = store.list("jobs", None);
        let ingresses = store.list("ingresses", None);
        let classes = store.list("ingressclasses", None);
        let claims = store.list("persistentvolumeclaims", None);
        let cronjobs = store.list("cronjobs", None);
        let mut snap = Snapshot::from_objects(Objects {
            ingresses: &ingresses,
            ingress_classes: &classes,
            nodes: &nodes,
            pods: &pods,
            services: &services,
            endpoint_slices: &slices,
            endpoints: &endpoints,
            replica_sets: &rs,
            jobs: &jobs,
        });
        snap.attach(&claims, &cronjobs);
        snap.cronjobs = cronjobs.iter().map(|cj| cron_info(cj, &jobs)).collect();
        snap
    }

    /// Fills in each pod's claims' phases (from PersistentVolumeClaims)
    /// and a CronJob owner's schedule.
    pub fn attach(&mut self, claims: &[&Value], cronjobs: &[&Value]) {
        for p in &mut self.pods {
            for c in &mut p.claims {
                if let Some(pvc) = find(claims, &p.namespace, &c.name) {
                    let phase = s(pvc, "/status/phase");
                    c.phase = if phase.is_empty() { "Pending" } else { phase }.to_string();
                }
            }
            if let Some(o) = &mut p.owner {
                if o.top_kind == "CronJob" {
                    if let Some(cj) = find(cronjobs, &p.namespace, &o.top_name) {
                        o.schedule = s(cj, "/spec/schedule").to_string();
                    }
                }
            }
        }
    }

    pub fn from_objects(o: Objects<'_>) -> Snapshot {
        let pods: Vec<PodInfo> = o
            .pods
            .iter()
            .map(|p| pod_info(p, o.replica_sets, o.jobs))
            .collect();
        Snapshot {
            nodes: o.nodes.iter().map(|n| node_info(n)).collect(),
            controllers: controllers(o.pods, &pods, o.ingress_classes),
            ingresses: o.ingresses.iter().map(|i| ingress_info(i)).collect(),
            pods,
            services: o
                .services
                .iter()
                .map(|svc| service_info(svc, o.endpoint_slices, o.endpoints))
                .collect(),
            outer: OuterInfo::default(),
            cronjobs: Vec::new(),
        }
    }

    /// Drops system objects (see [`is_system`]).
    pub fn without_system(mut self) -> Snapshot {
        self.pods
            .retain(|p| !is_system(&p.namespace, "Pod", &p.name));
        self.services
            .retain(|s| !is_system(&s.namespace, "Service", &s.name));
        self.ingresses
            .retain(|i| !is_system(&i.namespace, "Ingress", &i.name));
        self.controllers
            .retain(|c| !is_system(&c.namespace, "Deployment", &c.name));
        self.cronjobs
            .retain(|c| !is_system(&c.namespace, "CronJob", &c.name));
        self
    }

    /// Only the objects of one namespace (nodes stay: they hold them).
    pub fn in_namespace(mut self, ns: &str) -> Snapshot {
        self.pods.retain(|p| p.namespace == ns);
        self.services.retain(|s| s.namespace == ns);
        self.ingresses.retain(|i| i.namespace == ns);
        self.controllers.retain(|c| c.namespace == ns);
        self.cronjobs.retain(|c| c.namespace == ns);
        self
    }

    /// The cluster IP of a Service, if it exists and has one.
    pub fn cluster_ip(&self, namespace: &str, name: &str) -> Option<&str> {
        self.services
            .iter()
            .find(|s| s.namespace == namespace && s.name == name)
            .map(|s| s.cluster_ip.as_str())
            .filter(|ip| !ip.is_empty() && *ip != "None")
    }
}

/// Whether a container image is the ingress-nginx controller's.
fn is_ingress_nginx_image(image: &str) -> bool {
    image.contains("ingress-nginx/controller")
}

/// The ingress controllers among the pods, grouped by owning workload,
/// in the order their pods come.
fn controllers(raw: &[&Value], pods: &[PodInfo], classes: &[&Value]) -> Vec<ControllerInfo> {
    let class_names: Vec<String> = classes
        .iter()
        .filter(|c| s(c, "/spec/controller") == INGRESS_NGINX_CLASS_CONTROLLER)
        .map(|c| s(c, "/metadata/name").to_string())
        .collect();
    let mut out: Vec<ControllerInfo> = Vec::new();
    for (v, p) in raw.iter().zip(pods) {
        let runs_controller = arr(v, "/spec/containers")
            .iter()
            .any(|c| is_ingress_nginx_image(s(c, "/image")));
        if !runs_controller {
            continue;
        }
        let name = p
            .owner
            .as_ref()
            .map(|o| o.top_name.clone())
            .unwrap_or_else(|| p.name.clone());
        match out
            .iter_mut()
            .find(|c| c.namespace == p.namespace && c.name == name)
        {
            Some(c) => c.pods.push(p.name.clone()),
            None => out.push(ControllerInfo {
                namespace: p.namespace.clone(),
                name,
                pods: vec![p.name.clone()],
                classes: class_names.clone(),
                created: p.created.clone(),
            }),
        }
    }
    out
}

fn ingress_info(i: &Value) -> IngressInfo {
    let annotation = |k: &str| {
        i.pointer("/metadata/annotations")
            .and_then(|a| a.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let class = match s(i, "/spec/ingressClassName") {
        "" => annotation("kubernetes.io/ingress.class").unwrap_or_default(),
        c => c.to_string(),
    };
    let backend = |b: &Value| {
        let port = match b.pointer("/service/port/number").and_then(Value::as_i64) {
            Some(n) => n.to_string(),
            None => s(b, "/service/port/name").to_string(),
        };
        (s(b, "/service/name").to_string(), port)
    };
    let mut rules = Vec::new();
    for r in arr(i, "/spec/rules") {
        for p in arr(r, "/http/paths") {
            let (service, port) = p.get("backend").map(backend).unwrap_or_default();
            rules.push(RuleInfo {
                host: s(r, "/host").to_string(),
                path: match s(p, "/path") {
                    "" => "/".to_string(),
                    path => path.to_string(),
                },
                path_type: s(p, "/pathType").to_string(),
                service,
                port,
            });
        }
    }
    if let Some(b) = i.pointer("/spec/defaultBackend") {
        let (service, port) = backend(b);
        rules.push(RuleInfo {
            host: String::new(),
            path: "(default backend)".to_string(),
            path_type: String::new(),
            service,
            port,
        });
    }
    IngressInfo {
        namespace: s(i, "/metadata/namespace").to_string(),
        name: s(i, "/metadata/name").to_string(),
        class,
        rewrite: annotation("nginx.ingress.kubernetes.io/rewrite-target"),
        rules,
        created: s(i, "/metadata/creationTimestamp").to_string(),
    }
}

fn node_info(n: &Value) -> NodeInfo {
    let labels = n.pointer("/metadata/labels").and_then(Value::as_object);
    let control_plane = labels.is_some_and(|l| {
        l.contains_key("node-role.kubernetes.io/control-plane")
            || l.contains_key("node-role.kubernetes.io/master")
    });
    let ip = arr(n, "/status/addresses")
        .iter()
        .find(|a| s(a, "/type") == "InternalIP")
        .map(|a| s(a, "/address").to_string())
        .unwrap_or_default();
    let ready = arr(n, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True");
    NodeInfo {
        name: s(n, "/metadata/name").to_string(),
        role: if control_plane {
            "control-plane"
        } else {
            "worker"
        }
        .to_string(),
        ip,
        ready,
        taints: arr(n, "/spec/taints")
            .iter()
            .map(|t| s(t, "/effect").to_string())
            .filter(|e| !e.is_empty())
            .collect(),
        created: s(n, "/metadata/creationTimestamp").to_string(),
    }
}

/// The controller reference of an object: the one marked `controller`,
/// else the first.
fn controller_ref(obj: &Value) -> Option<(&str, &str)> {
    let refs = arr(obj, "/metadata/ownerReferences");
    let r = refs
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .or_else(|| refs.first())?;
    let (kind, name) = (s(r, "/kind"), s(r, "/name"));
    (!kind.is_empty() && !name.is_empty()).then_some((kind, name))
}

fn find<'a>(objs: &[&'a Value], ns: &str, name: &str) -> Option<&'a Value> {
    objs.iter()
        .copied()
        .find(|o| s(o, "/metadata/namespace") == ns && s(o, "/metadata/name") == name)
}

fn pod_info(p: &Value, replica_sets: &[&Value], jobs: &[&Value]) -> PodInfo {
    let namespace = s(p, "/metadata/namespace").to_string();
    let owner = controller_ref(p).map(|(kind, name)| {
        let parent = match kind {
            "ReplicaSet" => find(replica_sets, &namespace, name),
            "Job" => find(jobs, &namespace, name),
            _ => None,
        };
        let (top_kind, top_name) = parent.and_then(controller_ref).unwrap_or((kind, name));
        Owner {
            kind: kind.to_string(),
            name: name.to_string(),
            top_kind: top_kind.to_string(),
            top_name: top_name.to_string(),
            schedule: String::new(),
        }
    });
    let claims = p
        .pointer("/spec/volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.pointer("/persistentVolumeClaim/claimName"))
        .filter_map(Value::as_str)
        .map(|name| ClaimInfo {
            name: name.to_string(),
            phase: "Pending".to_string(),
        })
        .collect();
    let status = pod_status(p);
    PodInfo {
        class: classify(&status, s(p, "/status/phase")),
        status,
        namespace,
        name: s(p, "/metadata/name").to_string(),
        node: s(p, "/spec/nodeName").to_string(),
        ip: s(p, "/status/podIP").to_string(),
        owner,
        created: s(p, "/metadata/creationTimestamp").to_string(),
        claims,
    }
}

/// kubectl's STATUS column for a pod (the printer's reasoning, without
/// init containers' fine detail).
pub fn pod_status(p: &Value) -> String {
    let mut reason = s(p, "/status/phase").to_string();
    let pod_reason = s(p, "/status/reason");
    if !pod_reason.is_empty() {
        reason = pod_reason.to_string();
    }
    // Init containers that have not finished decide the status first.
    let inits = arr(p, "/status/initContainerStatuses");
    for (i, c) in inits.iter().enumerate() {
        let waiting = s(c, "/state/waiting/reason");
        let term_reason = s(c, "/state/terminated/reason");
        let exit = c
            .pointer("/state/terminated/exitCode")
            .and_then(Value::as_i64);
        if exit == Some(0) {
            continue;
        }
        if !term_reason.is_empty() {
            return format!("Init:{term_reason}");
        }
        if !waiting.is_empty() && waiting != "PodInitializing" {
            return format!("Init:{waiting}");
        }
        return format!("Init:{i}/{}", inits.len());
    }
    let mut has_running = false;
    for c in arr(p, "/status/containerStatuses").iter().rev() {
        let waiting = s(c, "/state/waiting/reason");
        let term_reason = s(c, "/state/terminated/reason");
        if !waiting.is_empty() {
            reason = waiting.to_string();
        } else if !term_reason.is_empty() {
            reason = term_reason.to_string();
        } else if c.pointer("/state/terminated").is_some() {
            let code = c
                .pointer("/state/terminated/exitCode")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            reason = format!("ExitCode:{code}");
        } else if c.pointer("/state/running").is_some()
            && c.get("ready").and_then(Value::as_bool) == Some(true)
        {
            has_running = true;
        }
    }
    if reason == "Completed" && has_running {
        reason = "Running".to_string();
    }
    if p.pointer("/metadata/deletionTimestamp").is_some() {
        reason = if pod_reason == "NodeLost" {
            "Unknown".to_string()
        } else {
            "Terminating".to_string()
        };
    }
    if reason.is_empty() {
        reason = "Pending".to_string();
    }
    reason
}

/// Maps a STATUS text (and the phase, for unknown reasons) to how it is drawn.
pub fn classify(status: &str, phase: &str) -> StatusClass {
    match status {
        "Running" => StatusClass::Running,
        "Terminating" => StatusClass::Terminating,
        "Completed" | "Succeeded" => StatusClass::Completed,
        "Pending" | "ContainerCreating" | "PodInitializing" => StatusClass::Pending,
        "Error"
        | "CrashLoopBackOff"
        | "ErrImagePull"
        | "ImagePullBackOff"
        | "InvalidImageName"
        | "CreateContainerConfigError"
        | "CreateContainerError"
        | "RunContainerError"
        | "OOMKilled"
        | "Failed"
        | "Unknown"
        | "Evicted"
        | "ContainerStatusUnknown" => StatusClass::Failed,
        s if s.starts_with("Init:") => {
            if s.contains("Err") || s.contains("BackOff") || s == "Init:Error" {
                StatusClass::Failed
            } else {
                StatusClass::Pending
            }
        }
        s if s.starts_with("ExitCode:") || s.starts_with("Signal:") => StatusClass::Failed,
        _ => match phase {
            "Running" => StatusClass::Running,
            "Succeeded" => StatusClass::Completed,
            "Failed" => StatusClass::Failed,
            _ => StatusClass::Pending,
        },
    }
}

fn service_info(svc: &Value, slices: &[&Value], endpoints: &[&Value]) -> ServiceInfo {
    let namespace = s(svc, "/metadata/namespace").to_string();
    let name = s(svc, "/metadata/name").to_string();
    let ports = arr(svc, "/spec/ports")
        .iter()
        .map(|p| PortInfo {
            name: s(p, "/name").to_string(),
            port: p.get("port").and_then(Value::as_i64).unwrap_or(0),
            node_port: p.get("nodePort").and_then(Value::as_i64),
            protocol: match s(p, "/protocol") {
                "" => "TCP".to_string(),
                proto => proto.to_string(),
            },
        })
        .collect();
    let mut eps: Vec<Endpoint> = Vec::new();
    let mut push = |pod: &str, ready: bool| {
        if pod.is_empty() {
            return;
        }
        match eps.iter_mut().find(|e| e.pod == pod) {
            Some(e) => e.ready |= ready,
            None => eps.push(Endpoint {
                pod: pod.to_string(),
                ready,
            }),
        }
    };
    let mine: Vec<&&Value> = slices
        .iter()
        .filter(|sl| {
            s(sl, "/metadata/namespace") == namespace
                && s(sl, "/metadata/labels/kubernetes.io~1service-name") == name
        })
        .collect();
    if !mine.is_empty() {
        for sl in mine {
            for e in arr(sl, "/endpoints") {
                if s(e, "/targetRef/kind") != "Pod" && !s(e, "/targetRef/kind").is_empty() {
                    continue;
                }
                // A missing `ready` condition means ready (as kube-proxy reads it).
                let ready = e
                    .pointer("/conditions/ready")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                push(s(e, "/targetRef/name"), ready);
            }
        }
    } else if let Some(ep) = find(endpoints, &namespace, &name) {
        for subset in arr(ep, "/subsets") {
            for a in arr(subset, "/addresses") {
                push(s(a, "/targetRef/name"), true);
            }
            for a in arr(subset, "/notReadyAddresses") {
                push(s(a, "/targetRef/name"), false);
            }
        }
    }
    let lb_addresses = arr(svc, "/status/loadBalancer/ingress")
        .iter()
        .map(|a| match s(a, "/hostname") {
            "" => s(a, "/ip").to_string(),
            h => h.to_string(),
        })
        .filter(|a| !a.is_empty())
        .collect();
    ServiceInfo {
        lb_addresses,
        namespace,
        name,
        type_: match s(svc, "/spec/type") {
            "" => "ClusterIP".to_string(),
            t => t.to_string(),
        },
        cluster_ip: s(svc, "/spec/clusterIP").to_string(),
        ports,
        endpoints: eps,
        created: s(svc, "/metadata/creationTimestamp").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(status: Value) -> Value {
        json!({"metadata": {"name": "p", "namespace": "default"}, "status": status})
    }

    #[test]
    fn statuses_follow_kubectl() {
        let cases = [
            (json!({"phase": "Pending"}), "Pending", StatusClass::Pending),
            (
                json!({"phase": "Pending", "containerStatuses": [{"state": {"waiting": {"reason": "ContainerCreating"}}}]}),
                "ContainerCreating",
                StatusClass::Pending,
            ),
            (
                json!({"phase": "Running", "containerStatuses": [{"ready": true, "state": {"running": {}}}]}),
                "Running",
                StatusClass::Running,
            ),
            (
                json!({"phase": "Pending", "containerStatuses": [{"state": {"waiting": {"reason": "ErrImagePull"}}}]}),
                "ErrImagePull",
                StatusClass::Failed,
            ),
            (
                json!({"phase": "Running", "containerStatuses": [{"state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}),
                "CrashLoopBackOff",
                StatusClass::Failed,
            ),
            (
                json!({"phase": "Succeeded", "containerStatuses": [{"state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}),
                "Completed",
                StatusClass::Completed,
            ),
            (
                json!({"phase": "Failed", "containerStatuses": [{"state": {"terminated": {"reason": "Error", "exitCode": 1}}}]}),
                "Error",
                StatusClass::Failed,
            ),
            (json!({}), "Pending", StatusClass::Pending),
        ];
        for (st, text, class) in cases {
            let p = pod(st);
            let status = pod_status(&p);
            assert_eq!(status, text);
            assert_eq!(classify(&status, s(&p, "/status/phase")), class, "{text}");
        }
        let mut p = pod(json!({"phase": "Running"}));
        p["metadata"]["deletionTimestamp"] = json!("2026-01-05T09:00:00Z");
        assert_eq!(pod_status(&p), "Terminating");
        assert_eq!(classify("Terminating", "Running"), StatusClass::Terminating);
    }

    #[test]
    fn owners_resolve_through_replica_sets() {
        let rs = json!({"metadata": {"name": "nginx-76769d88f7", "namespace": "default",
            "ownerReferences": [{"kind": "Deployment", "name": "nginx", "controller": true}]}});
        let p = json!({"metadata": {"name": "nginx-76769d88f7-gsmjb", "namespace": "default",
            "ownerReferences": [{"kind": "ReplicaSet", "name": "nginx-76769d88f7", "controller": true}]},
            "spec": {"nodeName": "worker-1"}});
        let info = pod_info(&p, &[&rs], &[]);
        let owner = info.owner.unwrap();
        assert_eq!(owner.label(), "deploy nginx");
        assert_eq!(
            owner.describe(),
            "ReplicaSet nginx-76769d88f7 (owned by Deployment nginx)"
        );
        assert_eq!(info.node, "worker-1");
    }

    #[test]
    fn services_read_ports_and_endpoints() {
        let svc = json!({"metadata": {"name": "nginx-np", "namespace": "default"},
            "spec": {"type": "NodePort", "clusterIP": "10.110.201.171",
                     "ports": [{"port": 80, "nodePort": 31045, "protocol": "TCP"}]}});
        let slice = json!({"metadata": {"name": "nginx-np-abcde", "namespace": "default",
        "labels": {"kubernetes.io/service-name": "nginx-np"}},
        "endpoints": [
            {"targetRef": {"kind": "Pod", "name": "a"}, "conditions": {"ready": true}},
            {"targetRef": {"kind": "Pod", "name": "b"}, "conditions": {"ready": false}},
            {"targetRef": {"kind": "Pod", "name": "c"}}
        ]});
        let info = service_info(&svc, &[&slice], &[]);
        assert_eq!(info.ports_text(), "80:31045/TCP");
        assert_eq!(
            info.endpoints,
            vec![
                Endpoint {
                    pod: "a".into(),
                    ready: true
                },
                Endpoint {
                    pod: "b".into(),
                    ready: false
                },
                Endpoint {
                    pod: "c".into(),
                    ready: true
                },
            ]
        );
        // Fallback to Endpoints when there are no slices.
        let ep = json!({"metadata": {"name": "nginx-np", "namespace": "default"},
            "subsets": [{"addresses": [{"targetRef": {"name": "a"}}],
                         "notReadyAddresses": [{"targetRef": {"name": "b"}}]}]});
        let info = service_info(&svc, &[], &[&ep]);
        assert_eq!(info.endpoints.len(), 2);
        assert!(!info.endpoints[1].ready);
    }

    #[test]
    fn garbage_reads_as_empty() {
        let junk = json!({"metadata": 7, "spec": [1, 2], "status": "x"});
        let snap = Snapshot::from_objects(Objects {
            nodes: &[&junk],
            pods: &[&junk],
            services: &[&junk],
            ..Objects::default()
        });
        assert_eq!(snap.nodes[0].name, "");
        assert_eq!(snap.pods[0].status, "Pending");
        assert_eq!(snap.services[0].ports_text(), "<none>");
    }

    #[test]
    fn system_objects_are_filtered() {
        assert!(is_system("kube-system", "Pod", "coredns-x"));
        assert!(is_system("default", "Service", "kubernetes"));
        assert!(!is_system("default", "Service", "nginx"));
        assert!(!is_system("ingress-nginx", "Pod", "x"));
    }
}
