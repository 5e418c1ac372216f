//! kubeplay's cluster engine: a deterministic, sans-IO simulation of a
//! Kubernetes v1.32 cluster. No wall clock, no global RNG, no threads: the
//! caller owns time ([`Cluster::advance`]) and every random choice comes
//! from one seeded [`rng::Rng`].
//!
//! Objects live in a [`store::Store`] as JSON values, as the API server keeps
//! unstructured objects; controllers read slim typed views of the fields
//! they use. See ARCHITECTURE.md for the module map.

pub mod error;
pub mod images;
pub mod net;
pub mod resources;
pub mod rng;
pub mod store;
pub mod time;

pub use error::{ApiError, Reason};
pub use net::{Hop, HttpOutcome, HttpRequest, HttpResponse, NetError, Origin};
pub use resources::ResourceType;
pub use time::Time;

use serde_json::Value;

/// The kind of cluster being simulated; it decides node names and how
/// LoadBalancer Services and node ports are reached from the host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    /// Like Docker Desktop's Kubernetes, as the course notes assume: node
    /// ports and LoadBalancer ports answer on `localhost`.
    #[default]
    DockerDesktop,
}

/// What `kubectl apply` reports for one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyResult {
    Created,
    Configured,
    Unchanged,
}

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
    /// Container logs (written by the kubelet and by image behaviours).
    pub(crate) logs: images::LogStore,
    /// Requests traced since the last [`Cluster::drain_traces`].
    pub(crate) traces: Vec<HttpOutcome>,
}

impl Cluster {
    /// A fresh cluster of the given profile; every random choice derives
    /// from `seed`. (Bootstrap of nodes and system objects: crate::bootstrap.)
    pub fn new(profile: Profile, seed: u64) -> Cluster {
        Cluster {
            profile,
            seed,
            now: time::SIM_START,
            rng: rng::Rng::new(seed),
            store: store::Store::new(),
            changes: Vec::new(),
            logs: images::LogStore::default(),
            traces: Vec::new(),
        }
    }
    /// Moves the simulated clock forward by `ms` milliseconds, running every
    /// controller, the scheduler and the kubelets at each instant something
    /// is due.
    pub fn advance(&mut self, ms: i64) {
        self.now = self.now.plus_ms(ms.max(0));
    }
    pub fn profile(&self) -> Profile {
        self.profile
    }
    pub fn seed(&self) -> u64 {
        self.seed
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
}

/// Reads `metadata.name` (or "").
pub fn name_of(obj: &Value) -> &str {
    obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("")
}

/// Reads `metadata.namespace` (or "").
pub fn namespace_of(obj: &Value) -> &str {
    obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("")
}
