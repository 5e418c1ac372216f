//! kubeplay's cluster engine: a deterministic, sans-IO simulation of a
//! Kubernetes v1.32 cluster. No wall clock, no global RNG, no threads: the
//! caller owns time ([`Cluster::advance`]) and every random choice comes
//! from one seeded [`rng::Rng`].
//!
//! Objects live in a [`store::Store`] as JSON values, as the API server keeps
//! unstructured objects; controllers read slim typed views of the fields
//! they use. See ARCHITECTURE.md for the module map.

mod alloc;
pub mod api;
pub mod bootstrap;
pub mod bundled;
pub mod containerfs;
mod controllers;
pub mod cron;
pub mod defaults;
pub mod error;
pub mod events;
pub mod hints;
pub mod images;
pub mod kubelet;
mod meta;
pub mod net;
mod probe;
pub mod resources;
pub mod rng;
pub mod scheduler;
mod schema;
pub mod selector;
pub mod sort;
pub mod store;
pub mod time;
pub mod validation;

pub use api::{DeleteOptions, Limits, Propagation, LAST_APPLIED};
pub use error::{ApiError, Reason};
pub use net::{Hop, HttpOutcome, HttpRequest, HttpResponse, NetError, Origin};
pub use resources::ResourceType;
pub use selector::Selector;
pub use time::Time;

use serde_json::Value;

/// The kind of cluster being simulated; it decides the nodes the cluster
/// starts with and how LoadBalancer Services and node ports are reached
/// from the host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// Like Docker Desktop's Kubernetes (kind provisioner), as the course
    /// notes assume: LoadBalancer Services get EXTERNAL-IP `localhost` at
    /// once and answer on `localhost:<port>`.
    #[default]
    DockerDesktop,
    /// Like minikube with the docker driver: one node `minikube` at
    /// 192.168.49.2; LoadBalancer Services stay `<pending>` until
    /// `kubeplay minikube tunnel` runs, then get their ClusterIP as
    /// EXTERNAL-IP, routed from the host through the node.
    Minikube,
    /// Like a cluster on a cloud with a cloud controller manager: a
    /// LoadBalancer Service gets a public address (203.0.113.0/24) after the
    /// cloud has provisioned its load balancer (30-60 s).
    Cloud,
    /// An on-premises kubeadm cluster: no load-balancer implementation, so
    /// LoadBalancer Services stay `<pending>`; `kubeplay haproxy add`
    /// puts an external HAProxy in front of a node port on every node.
    OnPrem,
}

impl Profile {
    /// Every profile, the default first.
    pub const ALL: [Profile; 4] = [
        Profile::DockerDesktop,
        Profile::Minikube,
        Profile::Cloud,
        Profile::OnPrem,
    ];

    /// The name `--profile` and `kubeplay profile` use.
    pub fn name(self) -> &'static str {
        match self {
            Profile::DockerDesktop => "docker-desktop",
            Profile::Minikube => "minikube",
            Profile::Cloud => "cloud",
            Profile::OnPrem => "onprem",
        }
    }

    /// One line on what the profile simulates.
    pub fn description(self) -> &'static str {
        match self {
            Profile::DockerDesktop => {
                "Docker Desktop's Kubernetes: LoadBalancer Services answer on localhost"
            }
            Profile::Minikube => {
                "minikube (docker driver): LoadBalancer Services wait for `minikube tunnel`"
            }
            Profile::Cloud => {
                "a cloud cluster: the cloud provisions a load balancer with a public IP"
            }
            Profile::OnPrem => {
                "an on-premises kubeadm cluster: no load balancer; put HAProxy in front of a node port"
            }
        }
    }
}

/// The kubeconfig a profile's cluster comes with (what `kubectl config
/// view` and `kubectl cluster-info` show).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kubeconfig {
    /// The API server URL.
    pub server: &'static str,
    pub cluster: &'static str,
    pub user: &'static str,
    pub context: &'static str,
}

impl Profile {
    /// Docker Desktop's `docker-desktop` entries, minikube's `minikube`
    /// ones, kubeadm's admin.conf (`kubernetes-admin@kubernetes`) for the
    /// cloud and on-premises clusters.
    pub fn kubeconfig(self) -> Kubeconfig {
        let kubeadm = |server| Kubeconfig {
            server,
            cluster: "kubernetes",
            user: "kubernetes-admin",
            context: "kubernetes-admin@kubernetes",
        };
        match self {
            Profile::DockerDesktop => Kubeconfig {
                server: "https://kubernetes.docker.internal:6443",
                cluster: "docker-desktop",
                user: "docker-desktop",
                context: "docker-desktop",
            },
            Profile::Minikube => Kubeconfig {
                server: "https://192.168.49.2:8443",
                cluster: "minikube",
                user: "minikube",
                context: "minikube",
            },
            Profile::Cloud => kubeadm("https://203.0.113.10:6443"),
            Profile::OnPrem => kubeadm("https://192.168.56.10:6443"),
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Profile {
    type Err = String;

    /// Parses a profile name (`docker-desktop`, `minikube`, `cloud`,
    /// `onprem`; case-insensitive, `_` for `-`, `on-prem` too).
    fn from_str(s: &str) -> Result<Profile, String> {
        let k = s.trim().to_ascii_lowercase().replace('_', "-");
        let found = match k.as_str() {
            "docker-desktop" | "dockerdesktop" | "desktop" => Some(Profile::DockerDesktop),
            "minikube" => Some(Profile::Minikube),
            "cloud" => Some(Profile::Cloud),
            "onprem" | "on-prem" | "on-premises" => Some(Profile::OnPrem),
            _ => None,
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
            format!(
                "unknown profile \"{s}\" (known profiles: {})",
                names.join(", ")
            )
        })
    }
}

/// What `kubectl apply` reports for one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyResult {
    Created,
    Configured,
    Unchanged,
}

/// The changes kept for [`Cluster::drain_changes`] at most.
pub const CHANGE_LOG_MAX: usize = 20_000;

/// One change to the store, like a watch event; the UI animates these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub op: ChangeOp,
    /// Resource plural: `pods`, `services`, ...
    pub resource: &'static str,
    pub namespace: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeOp {
    Added,
    Modified,
    Deleted,
}

/// The result of running a command in a container (exec) or on the host.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecResult {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// The simulated cluster.
pub struct Cluster {
    pub(crate) profile: Profile,
    pub(crate) seed: u64,
    pub(crate) now: Time,
    pub(crate) rng: rng::Rng,
    pub(crate) store: store::Store,
    pub(crate) changes: Vec<Change>,
    /// Changes were dropped from `changes` unread (see `record_change`).
    pub(crate) changes_lost: bool,
    /// Container logs (written by the kubelet and by image behaviours).
    pub(crate) logs: images::LogStore,
    /// Requests traced since the last [`Cluster::drain_traces`].
    pub(crate) traces: Vec<HttpOutcome>,
    /// Instants at which something is due (pull done, grace period over, ...).
    pub(crate) timers: std::collections::BTreeSet<Time>,
    /// The kubelets' runtime state (containers, IPs, images per node).
    pub(crate) kubelet: kubelet::Kubelet,
    /// Nodes removed so far (new nodes never reuse an IP or pod CIDR).
    pub(crate) removed_nodes: usize,
    /// Names of nodes removed through `node_remove` (their pods go at once).
    pub(crate) removed_node_names: std::collections::BTreeSet<String>,
    /// The last event name's nanoseconds (names grow like the clock).
    pub(crate) event_nanos: u64,
    /// A second seeded stream for values nobody types or reads back (uids,
    /// container IDs, event names, pull-time jitter), so that adding one
    /// does not shift the names, IPs and ports lessons quote.
    pub(crate) ids: rng::Rng,
    /// The store's resourceVersion when the controllers last went quiet.
    pub(crate) settled_rv: u64,
    /// What controller syncs last saw (to skip syncs with unchanged inputs).
    pub(crate) memo: controllers::SyncMemo,
    /// Load balancers outside the cluster: minikube's tunnel, the cloud's
    /// provisioned load balancers, the on-premises HAProxy.
    pub(crate) lb: net::lb::LbState,
    /// `kubectl port-forward` listeners on the host's localhost.
    pub(crate) port_forwards: net::port_forward::Forwards,
    /// The playground's size limits.
    pub(crate) limits: Limits,
    /// Files written in containers and volumes.
    pub(crate) files: containerfs::Files,
    /// Work owed (a settle or an advance), run in steps by
    /// [`Cluster::work_step`] or at once by any other entry point.
    pub(crate) work: Option<controllers::Work>,
    /// The next settle is queued as [`Cluster::work`] instead of run.
    pub(crate) defer_once: bool,
    /// The caller runs pending work in steps ([`Cluster::set_stepping`]).
    pub(crate) stepping: bool,
}

impl Cluster {
    /// A fresh cluster of the given profile; every random choice derives
    /// from `seed`. The cluster is bootstrapped (see [`bootstrap`]): nodes,
    /// system namespaces, Services and pods exist and are Running, created
    /// two weeks before [`time::SIM_START`], which is where the clock stands.
    pub fn new(profile: Profile, seed: u64) -> Cluster {
        let mut c = Cluster {
            profile,
            seed,
            now: time::SIM_START,
            rng: rng::Rng::new(seed),
            store: store::Store::new(),
            changes: Vec::new(),
            changes_lost: false,
            logs: images::LogStore::default(),
            traces: Vec::new(),
            timers: Default::default(),
            kubelet: Default::default(),
            removed_nodes: 0,
            removed_node_names: Default::default(),
            event_nanos: 0,
            ids: rng::Rng::new(seed ^ 0x6964_7300_0000_0001),
            settled_rv: u64::MAX,
            memo: Default::default(),
            lb: Default::default(),
            port_forwards: Default::default(),
            limits: Limits::default(),
            files: Default::default(),
            work: None,
            defer_once: false,
            stepping: false,
        };
        c.bootstrap();
        c
    }

    /// Moves the simulated clock forward by `ms` milliseconds (negative is
    /// treated as 0), running every controller, the scheduler and the
    /// kubelets at each instant something is due, in time order, and once
    /// more at the end.
    pub fn advance(&mut self, ms: i64) {
        self.queue_advance(ms);
        self.finish_pending();
    }

    /// Says that the caller runs pending work in steps between frames
    /// ([`Cluster::work_step`]), as the page does: then
    /// [`Cluster::advance_stepped`] and [`Cluster::defer_next_settle`]
    /// queue their work instead of running it. Off by default (the CLI,
    /// tests): everything runs at once.
    pub fn set_stepping(&mut self, on: bool) {
        self.stepping = on;
        if !on {
            self.defer_once = false;
        }
    }

    /// Whether [`Cluster::set_stepping`] is on.
    pub fn is_stepping(&self) -> bool {
        self.stepping
    }

    /// [`Cluster::advance`], queued as pending work when stepping: the
    /// caller runs it with [`Cluster::work_step`], or the next other call
    /// into the cluster runs it at once.
    pub fn advance_stepped(&mut self, ms: i64) {
        self.queue_advance(ms);
        if !self.stepping {
            self.finish_pending();
        }
    }

    /// When stepping, makes the settle of the next API write (the
    /// controllers, the scheduler and the kubelets running until quiet)
    /// pending work instead of part of the write. The write then returns
    /// the object before any controller saw it, so only a caller that
    /// prints nothing of it, and reads nothing after it, asks for this.
    /// [`Cluster::cancel_deferral`] drops it if no write came.
    pub fn defer_next_settle(&mut self) {
        self.defer_once = self.stepping;
    }

    /// Drops a [`Cluster::defer_next_settle`] that no write used.
    pub fn cancel_deferral(&mut self) {
        self.defer_once = false;
    }

    /// The next instant something is due, if any (for a UI that wants to
    /// skip idle time).
    pub fn next_due(&self) -> Option<Time> {
        self.timers.iter().next().copied()
    }

    /// Adds a worker node (simulator: `kubeplay node add NAME`). It joins
    /// NotReady and turns Ready a few seconds later; DaemonSets put their
    /// pods on it.
    pub fn node_add(&mut self, name: &str) -> Result<(), String> {
        self.finish_pending();
        if let Some(e) = validation::dns1123_subdomain_errors(name).first() {
            return Err(format!("invalid node name \"{name}\": {e}"));
        }
        if self.store.contains("nodes", "", name) {
            return Err(format!("nodes \"{name}\" already exists"));
        }
        let nodes = self.store.count("nodes");
        if nodes >= self.limits.nodes {
            let max = self.limits.nodes;
            return Err(format!(
                "nodes \"{name}\" is forbidden: exceeded quota: {}, requested: nodes=1, used: nodes={nodes}, limited: nodes={max}",
                api::QUOTA
            ));
        }
        self.register_node(name, false, false)?;
        self.removed_node_names.remove(name);
        self.settle();
        Ok(())
    }

    /// Fails a node (simulator: `kubeplay node fail NAME`): its kubelet
    /// stops posting status. After the node-monitor grace period (50s) the
    /// node is NotReady (Unknown) and tainted unreachable; its pods are
    /// evicted when their 300s default toleration runs out.
    pub fn node_fail(&mut self, name: &str) -> Result<(), String> {
        self.finish_pending();
        let now = self.now;
        let rt = self
            .kubelet
            .node_mut(name)
            .ok_or_else(|| format!("nodes \"{name}\" not found"))?;
        if rt.down_since.is_none() {
            rt.down_since = Some(now);
        }
        self.wake_at(now.plus_ms(controllers::nodes::NODE_MONITOR_GRACE_MS));
        self.settle();
        Ok(())
    }

    /// Brings a failed node back (simulator: `kubeplay node recover NAME`).
    pub fn node_recover(&mut self, name: &str) -> Result<(), String> {
        self.finish_pending();
        let now = self.now;
        let rt = self
            .kubelet
            .node_mut(name)
            .ok_or_else(|| format!("nodes \"{name}\" not found"))?;
        rt.down_since = None;
        rt.ready_at = now;
        self.settle();
        Ok(())
    }

    /// Removes a node (simulator: `kubeplay node remove NAME`): the Node
    /// object goes and its pods are garbage-collected; controllers replace
    /// them elsewhere.
    pub fn node_remove(&mut self, name: &str) -> Result<(), String> {
        self.finish_pending();
        if !self.store.contains("nodes", "", name) {
            return Err(format!("nodes \"{name}\" not found"));
        }
        self.remove("nodes", "", name);
        self.kubelet.remove_node(name);
        self.removed_nodes += 1;
        self.removed_node_names.insert(name.to_string());
        self.settle();
        Ok(())
    }
    pub fn profile(&self) -> Profile {
        self.profile
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The playground's size limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }
    /// Changes the size limits (for tests and embedders; objects already
    /// over a new limit stay).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }
    /// The simulated time now.
    pub fn now(&self) -> Time {
        self.now
    }
    /// Read access to every object, for printers and views.
    pub fn store(&self) -> &store::Store {
        &self.store
    }
    /// Takes the request traces recorded since the last call (every HTTP
    /// request made by host curl, exec'd curl, or [`Cluster::http`]).
    pub fn drain_traces(&mut self) -> Vec<HttpOutcome> {
        std::mem::take(&mut self.traces)
    }
    /// Takes the changes recorded since the last call.
    pub fn drain_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }
    /// Whether changes were dropped unread since the last call (the log
    /// keeps the newest [`CHANGE_LOG_MAX`]): a reader must then assume
    /// that anything may have changed.
    pub fn take_changes_lost(&mut self) -> bool {
        std::mem::take(&mut self.changes_lost)
    }
    /// Records one change for [`Cluster::drain_changes`]. A reader that
    /// never drains (the CLI, which draws nothing) must not make the log
    /// grow without end: past [`CHANGE_LOG_MAX`] the older half goes.
    pub(crate) fn record_change(&mut self, change: Change) {
        if self.changes.len() >= CHANGE_LOG_MAX {
            self.changes.drain(..CHANGE_LOG_MAX / 2);
            self.changes_lost = true;
        }
        self.changes.push(change);
    }
}

/// Reads `metadata.name` (or "").
pub fn name_of(obj: &Value) -> &str {
    obj.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Reads `metadata.namespace` (or "").
pub fn namespace_of(obj: &Value) -> &str {
    obj.pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod lab_tests;
#[cfg(test)]
mod testutil;
