//! Probes: running something against the cluster (an HTTP request, a
//! read-only command) and then putting everything back as it was, so that
//! a lesson's check or any other look from outside the session leaves no
//! trace: not in the RNG streams (kube-proxy's endpoint choice), the
//! container logs (access logs), the traces, the events, the store or
//! the clock. A session replayed without the probes reaches the same
//! cluster.

use crate::Cluster;

/// Everything a request or command may change, as it was when taken.
pub struct Snapshot {
    now: crate::time::Time,
    rng: crate::rng::Rng,
    store: crate::store::Store,
    changes: Vec<crate::Change>,
    changes_lost: bool,
    logs: crate::images::LogStore,
    traces: Vec<crate::net::HttpOutcome>,
    timers: std::collections::BTreeSet<crate::time::Time>,
    kubelet: crate::kubelet::Kubelet,
    removed_nodes: usize,
    removed_node_names: std::collections::BTreeSet<String>,
    event_nanos: u64,
    ids: crate::rng::Rng,
    settled_rv: u64,
    memo: crate::controllers::SyncMemo,
    lb: crate::net::lb::LbState,
    port_forwards: crate::net::port_forward::Forwards,
    files: crate::containerfs::Files,
}

impl Cluster {
    /// Takes the cluster's whole mutable state, for [`Cluster::restore`].
    pub fn snapshot(&self) -> Snapshot {
        // No `..`: a new field must be added here (or stated immutable).
        let Cluster {
            profile: _,
            seed: _,
            // Changed only by `set_limits`, never by a command or a check.
            limits: _,
            // Taken with no work pending (`probe` finishes it first; a
            // caller of `snapshot` must too) and no deferral armed.
            work: _,
            defer_once: _,
            // The caller's mode, not the cluster's state.
            stepping: _,
            now,
            rng,
            store,
            changes,
            changes_lost,
            logs,
            traces,
            timers,
            kubelet,
            removed_nodes,
            removed_node_names,
            event_nanos,
            ids,
            settled_rv,
            memo,
            lb,
            port_forwards,
            files,
        } = self;
        Snapshot {
            now: *now,
            rng: rng.clone(),
            store: store.clone(),
            changes: changes.clone(),
            changes_lost: *changes_lost,
            logs: logs.clone(),
            traces: traces.clone(),
            timers: timers.clone(),
            kubelet: kubelet.clone(),
            removed_nodes: *removed_nodes,
            removed_node_names: removed_node_names.clone(),
            event_nanos: *event_nanos,
            ids: ids.clone(),
            settled_rv: *settled_rv,
            memo: memo.clone(),
            lb: lb.clone(),
            port_forwards: port_forwards.clone(),
            files: files.clone(),
        }
    }

    /// Puts the cluster back exactly as it was at `s`.
    pub fn restore(&mut self, s: Snapshot) {
        self.now = s.now;
        self.rng = s.rng;
        self.store = s.store;
        self.changes = s.changes;
        self.changes_lost = s.changes_lost;
        self.logs = s.logs;
        self.traces = s.traces;
        self.timers = s.timers;
        self.kubelet = s.kubelet;
        self.removed_nodes = s.removed_nodes;
        self.removed_node_names = s.removed_node_names;
        self.event_nanos = s.event_nanos;
        self.ids = s.ids;
        self.settled_rv = s.settled_rv;
        self.memo = s.memo;
        self.lb = s.lb;
        self.port_forwards = s.port_forwards;
        self.files = s.files;
    }

    /// Runs `f` and then undoes whatever it did to the cluster; returns
    /// what `f` found.
    pub fn probe<T>(&mut self, f: impl FnOnce(&mut Cluster) -> T) -> T {
        self.finish_pending();
        let saved = self.snapshot();
        let found = f(self);
        self.restore(saved);
        found
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cluster, HttpRequest, Origin, Profile};

    fn pods_and_logs(c: &Cluster) -> String {
        let mut s = String::new();
        for p in c.store().list("pods", None) {
            let ns = p["metadata"]["namespace"].as_str().unwrap_or("");
            let name = p["metadata"]["name"].as_str().unwrap_or("");
            s.push_str(&format!("{p}\n"));
            for ctr in p["spec"]["containers"].as_array().into_iter().flatten() {
                let cn = ctr["name"].as_str().unwrap_or("");
                for (_, line) in c.logs.get(ns, name, cn) {
                    s.push_str(line);
                    s.push('\n');
                }
            }
        }
        s
    }

    #[test]
    fn a_probe_leaves_no_trace() {
        let mut c = Cluster::new(Profile::default(), 7);
        let before = pods_and_logs(&c);
        let (rng, ids) = (c.rng.clone(), c.ids.clone());
        let req = HttpRequest {
            origin: Origin::Host,
            method: "GET".into(),
            url: "http://localhost/".into(),
            headers: Vec::new(),
            insecure: false,
        };
        c.probe(|c| {
            c.http(&req);
            c.advance(60_000);
        });
        assert_eq!(pods_and_logs(&c), before);
        assert!(c.traces.is_empty());
        assert_eq!(c.now, crate::time::SIM_START);
        // The streams continue where they were.
        let mut after = c.rng.clone();
        let mut was = rng;
        assert_eq!(after.next_u64(), was.next_u64());
        let (mut a, mut b) = (c.ids.clone(), ids);
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
