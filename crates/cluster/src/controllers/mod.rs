//! Controllers as reconcile functions over the store, run in a fixed order
//! until nothing changes: namespaces, garbage collection, Deployments,
//! ReplicaSets, DaemonSets, node lifecycle, the scheduler, the kubelets,
//! Endpoints and EndpointSlices.

pub(crate) mod apiserver;
pub(crate) mod cronjob;
pub(crate) mod daemonset;
pub(crate) mod deployment;
pub(crate) mod disruption;
pub(crate) mod endpoints;
pub(crate) mod gc;
pub(crate) mod hpa;
pub(crate) mod job;
pub(crate) mod namespace;
pub(crate) mod nodes;
pub(crate) mod quota;
pub(crate) mod replicaset;
pub(crate) mod revisions;
pub(crate) mod service;
pub(crate) mod statefulset;
pub(crate) mod volumes;

use crate::meta::{arr_at, str_at};
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Upper bound on reconcile passes at one instant (a guard against a
/// controller that never settles; every controller is written to settle).
const MAX_PASSES: usize = 64;

/// One controller's run over the cluster (a step of a reconcile pass).
type Controller = fn(&mut Cluster);

/// The reconcile pass, in order: each entry is one step of pending work
/// ([`Work`]); the engine may pause between two of them. The name says
/// which controller a step is (benchmarks name a long step).
const PASS: [(&str, Controller); 20] = [
    ("namespace", namespace::reconcile),
    ("gc", gc::reconcile),
    ("hpa", hpa::reconcile),
    ("deployment", deployment::reconcile),
    ("replicaset", replicaset::reconcile),
    ("daemonset", daemonset::reconcile),
    ("statefulset", statefulset::reconcile),
    ("cronjob", cronjob::reconcile),
    ("job", job::reconcile),
    ("nodes", nodes::reconcile),
    ("scheduler", crate::scheduler::schedule),
    ("volumes", volumes::reconcile),
    ("kubelet", crate::kubelet::sync),
    ("endpoints", endpoints::reconcile),
    ("service", service::reconcile),
    ("resourcequota", quota::reconcile),
    ("disruption", disruption::reconcile),
    ("bundled", crate::bundled::reconcile),
    ("apiserver", apiserver::reconcile),
    ("event-expiry", |c| c.expire_events()),
];

/// Work the engine owes: a settle (the controllers at `now` until quiet)
/// or an advance of the clock to `target`, cut into steps — one
/// controller of one reconcile pass, one timer instant, the node leases —
/// so that a caller can run it a few steps at a time
/// ([`Cluster::work_step`]) and get exactly what running it at once gives:
/// nothing else touches the cluster in between (every other entry point
/// finishes pending work first), so where it pauses changes nothing.
#[derive(Clone, Debug)]
pub(crate) struct Work {
    /// Advancing the clock to this instant (`None`: settling at `now`).
    target: Option<Time>,
    /// The reconcile pass running at `now`: (pass number, next controller
    /// of [`PASS`], the store's resourceVersion when the pass began).
    pass: Option<(usize, usize, u64)>,
    /// In an advance: every timer up to `target` has run and the clock
    /// stands at `target`; the last reconcile (or event expiry) and the
    /// leases remain.
    tail: bool,
    /// Where the running controller paused its scan ([`pause_scan`]).
    resume: Option<(String, String)>,
}

impl Cluster {
    /// Runs every controller until a full pass writes nothing.
    pub(crate) fn reconcile(&mut self) {
        self.finish_pending();
        self.work = Some(Work {
            target: None,
            pass: Some((0, 0, self.store.resource_version())),
            tail: false,
            resume: None,
        });
        self.finish_pending();
    }

    /// Queues a settle instead of running it, when the caller asked for
    /// that ([`Cluster::defer_next_settle`]); otherwise settles now.
    pub(crate) fn settle_or_defer(&mut self) {
        if std::mem::take(&mut self.defer_once) {
            self.finish_pending();
            self.work = Some(Work {
                target: None,
                pass: Some((0, 0, self.store.resource_version())),
                tail: false,
                resume: None,
            });
        } else {
            self.reconcile();
        }
    }

    /// Queues an advance of the clock by `ms` (after finishing any
    /// pending work).
    pub(crate) fn queue_advance(&mut self, ms: i64) {
        self.finish_pending();
        self.work = Some(Work {
            target: Some(self.now.plus_ms(ms.max(0))),
            pass: None,
            tail: false,
            resume: None,
        });
    }

    /// Runs every pending step.
    pub fn finish_pending(&mut self) {
        while self.work.is_some() {
            self.work_unit();
        }
    }

    /// Whether work is pending (see [`Cluster::work_step`]).
    pub fn has_pending_work(&self) -> bool {
        self.work.is_some()
    }

    /// What the next step of pending work is (a controller's name, `timer`,
    /// `leases`), for benchmarks that attribute a long step; "" when no
    /// work is pending.
    pub fn next_step_name(&self) -> &'static str {
        match self.work.as_ref() {
            None => "",
            Some(Work {
                pass: Some((_, i, _)),
                ..
            }) => PASS.get(*i).map_or("", |(name, _)| name),
            Some(Work { tail: true, .. }) => "leases",
            Some(_) => "timer",
        }
    }

    /// Runs pending work until `budget` work units are spent (at least one
    /// step): a controller's run costs one unit plus one per object it
    /// wrote; a timer instant or the leases, one. Returns true while work
    /// remains. Any budget gives the same cluster, output and events as
    /// running the work at once.
    pub fn work_step(&mut self, budget: u64) -> bool {
        let mut spent = 0u64;
        while self.work.is_some() {
            spent = spent.saturating_add(self.work_unit());
            if spent >= budget {
                break;
            }
        }
        self.work.is_some()
    }

    /// One step of the pending work; returns the units it cost.
    fn work_unit(&mut self) -> u64 {
        let Some((target, pass, tail)) = self.work.as_ref().map(|w| (w.target, w.pass, w.tail))
        else {
            return 0;
        };
        if let Some((pass, i, rv0)) = pass {
            let before = self.store.resource_version();
            // Where this controller paused in its last step, if this step
            // continues it (a scan run outside pending work never leaves a
            // stale one behind).
            self.memo.resume = self.work.as_mut().and_then(|w| w.resume.take());
            if let Some((_, f)) = PASS.get(i) {
                f(self);
            }
            let after = self.store.resource_version();
            // A controller that paused in its scan (`resume` set) runs
            // again as the next step, from where it stopped.
            let next = if self.memo.resume.is_some() {
                Some((pass, i, rv0))
            } else if i + 1 < PASS.len() {
                Some((pass, i + 1, rv0))
            } else if after == rv0 || pass + 1 >= MAX_PASSES {
                self.settled_rv = after;
                None
            } else {
                Some((pass + 1, 0, after))
            };
            let resume = self.memo.resume.take();
            match (next, target) {
                (None, None) => self.work = None,
                _ => {
                    if let Some(w) = self.work.as_mut() {
                        w.pass = next;
                        w.resume = resume;
                    }
                }
            }
            return after.saturating_sub(before) + 1;
        }
        let Some(target) = target else {
            self.work = None;
            return 1;
        };
        if !tail {
            // The next timer due by the target: its instant's reconcile.
            let due = self.timers.iter().next().copied().filter(|t| *t <= target);
            let rv = self.store.resource_version();
            if let Some(t) = due {
                self.timers.remove(&t);
                if t > self.now {
                    self.now = t;
                }
                self.set_work(Some((0, 0, rv)), false);
                return 1;
            }
            self.now = target;
            // Controllers only act on changes and on the timers they set:
            // with neither since the last settle there is nothing to do
            // but let old events expire.
            if rv != self.settled_rv {
                self.set_work(Some((0, 0, rv)), true);
                return 1;
            }
            self.expire_events();
        }
        // Node leases follow the clock; no controller reads them.
        let quiet = self.store.resource_version() == self.settled_rv;
        self.renew_leases();
        if quiet {
            self.settled_rv = self.store.resource_version();
        }
        self.work = None;
        1
    }

    fn set_work(&mut self, pass: Option<(usize, usize, u64)>, tail: bool) {
        if let Some(w) = self.work.as_mut() {
            w.pass = pass;
            w.tail = tail;
        }
    }

    /// Asks for a reconcile pass at `t` (no-op for the past).
    pub(crate) fn wake_at(&mut self, t: Time) {
        if t > self.now {
            self.timers.insert(t);
            self.memo.pending_wake = Some(self.memo.pending_wake.map_or(t, |p| p.min(t)));
        }
    }

    /// Runs one controller's sync of one object, unless nothing it reads
    /// (the object itself and the listed kinds in their namespaces) was
    /// written since its last run and nothing it waits for is due. A sync
    /// that writes its own inputs runs again on the next pass, so the
    /// controllers still settle exactly as if they always ran.
    pub(crate) fn memo_sync(
        &mut self,
        controller: &'static str,
        own: &'static str,
        ns: &str,
        name: &str,
        inputs: &[(&'static str, &str)],
        f: impl FnOnce(&mut Cluster),
    ) {
        let own_rv = self
            .store
            .get(own, ns, name)
            .and_then(|o| str_at(o, "/metadata/resourceVersion").parse::<u64>().ok())
            .unwrap_or(0);
        let version = inputs
            .iter()
            .map(|(plural, ns)| self.memo.written(plural, ns))
            .fold(own_rv, u64::max);
        self.memo_sync_at(controller, ns, name, version, f);
    }

    /// Like [`Cluster::memo_sync`] for a sync that reads, besides its own
    /// object, only the objects of the `owned` kinds that it controls
    /// (their controller ownerReference names its uid).
    pub(crate) fn memo_sync_owned(
        &mut self,
        controller: &'static str,
        own: &'static str,
        ns: &str,
        name: &str,
        owned: &[&'static str],
        f: impl FnOnce(&mut Cluster),
    ) {
        let obj = self.store.get(own, ns, name);
        let own_rv = obj
            .and_then(|o| str_at(o, "/metadata/resourceVersion").parse::<u64>().ok())
            .unwrap_or(0);
        let uid = obj.map(crate::meta::uid_of).unwrap_or("");
        let version = owned
            .iter()
            .map(|plural| self.memo.owned_written(plural, uid))
            .fold(own_rv, u64::max);
        self.memo_sync_at(controller, ns, name, version, f);
    }

    /// Like [`Cluster::memo_sync_owned`] for a controller that also adopts
    /// orphans: it reads the `claimed` objects it controls and those of its
    /// namespace that nothing controls.
    pub(crate) fn memo_sync_claims(
        &mut self,
        controller: &'static str,
        own: &'static str,
        ns: &str,
        name: &str,
        claimed: &'static str,
        f: impl FnOnce(&mut Cluster),
    ) {
        let obj = self.store.get(own, ns, name);
        let own_rv = obj
            .and_then(|o| str_at(o, "/metadata/resourceVersion").parse::<u64>().ok())
            .unwrap_or(0);
        let uid = obj.map(crate::meta::uid_of).unwrap_or("");
        let version = own_rv
            .max(self.memo.owned_written(claimed, uid))
            .max(self.memo.orphan_written(claimed, ns));
        self.memo_sync_at(controller, ns, name, version, f);
    }

    /// Runs `f` unless the sync's inputs are still at `version` and
    /// nothing it waits for is due.
    pub(crate) fn memo_sync_at(
        &mut self,
        controller: &'static str,
        ns: &str,
        name: &str,
        version: u64,
        f: impl FnOnce(&mut Cluster),
    ) {
        let key = (controller, ns.to_string(), name.to_string());
        if let Some((seen, due)) = self.memo.seen.get(&key) {
            if *seen == version && due.is_none_or(|d| d > self.now) {
                return;
            }
        }
        let outer = self.memo.pending_wake.take();
        f(self);
        let due = self.memo.pending_wake.take();
        self.memo.pending_wake = match (outer, due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.memo.seen.insert(key, (version, due));
    }
}

/// A memo input namespace meaning "any namespace".
pub(crate) const ANY_NS: &str = "*";

/// What controller syncs saw, so that a sync with unchanged inputs can be
/// skipped (see [`Cluster::memo_sync`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct SyncMemo {
    /// (resource, namespace) -> the store's resourceVersion at its last write.
    writes: BTreeMap<(&'static str, String), u64>,
    /// resource -> its last write in any namespace.
    writes_any: BTreeMap<&'static str, u64>,
    /// (resource, controller uid) -> the last write of an object it
    /// controlled (before or after the write).
    owned_writes: BTreeMap<(&'static str, String), u64>,
    /// (resource, namespace) -> the last write of an object without a
    /// controller (before or after the write).
    orphan_writes: BTreeMap<(&'static str, String), u64>,
    /// (controller, namespace, name) -> (inputs' version, next due instant).
    seen: BTreeMap<(&'static str, String, String), (u64, Option<Time>)>,
    /// The earliest wake-up asked for during the running sync.
    pending_wake: Option<Time>,
    /// Workload controller uid -> (instant, pods it created or deleted
    /// then), for the burst limit per instant across batched syncs.
    pub(crate) burst: BTreeMap<String, (Time, usize)>,
    /// Where the running controller paused its scan (see
    /// [`resume_window`]): set, the same controller runs again as the
    /// next step of the pending work and continues from this key.
    pub(crate) resume: Option<(String, String)>,
    /// The scheduler's node index and what it last found unschedulable.
    pub(crate) sched: crate::scheduler::Cache,
    /// The garbage collector's look and actions in progress.
    pub(crate) gc: gc::Pending,
}

/// Objects a controller scan looks at in one step of pending work before
/// it pauses (see [`resume_window`]): what keeps one step short when a
/// cluster holds thousands of pods.
pub(crate) const STEP_OBJECTS: usize = 256;

/// The part of `keys` (sorted, as the store lists them) that the running
/// controller's scan takes in this step: from where its last step paused
/// (the first key at or after the one it stopped at) up to `limit` keys
/// further. Call [`pause_scan`] with the end when done with it.
pub(crate) fn resume_window(
    c: &mut Cluster,
    keys: &[(String, String)],
    limit: usize,
) -> std::ops::Range<usize> {
    let from = match c.memo.resume.take() {
        Some(k) => keys.partition_point(|x| *x < k),
        None => 0,
    };
    from..keys.len().min(from.saturating_add(limit.max(1)))
}

/// Ends a controller's step at index `end` of `keys`: if keys remain, the
/// controller runs again as the next step of pending work, from
/// `keys[end]` (the reconcile pass waits for it), exactly as if the scan
/// had gone on: nothing else touches the cluster in between.
pub(crate) fn pause_scan(c: &mut Cluster, keys: &[(String, String)], end: usize) {
    c.memo.resume = keys.get(end).cloned();
}

impl SyncMemo {
    pub(crate) fn note_write(&mut self, plural: &'static str, ns: &str, rv: u64) {
        self.writes.insert((plural, ns.to_string()), rv);
        self.writes_any.insert(plural, rv);
    }
    pub(crate) fn note_owned_write(&mut self, plural: &'static str, owner: &str, rv: u64) {
        self.owned_writes.insert((plural, owner.to_string()), rv);
    }
    /// The last write of a resource in namespace `ns` (`ANY_NS`: in any).
    pub(crate) fn written(&self, plural: &'static str, ns: &str) -> u64 {
        if ns == ANY_NS {
            return self.writes_any.get(plural).copied().unwrap_or(0);
        }
        self.writes
            .get(&(plural, ns.to_string()))
            .copied()
            .unwrap_or(0)
    }
    pub(crate) fn note_orphan_write(&mut self, plural: &'static str, ns: &str, rv: u64) {
        self.orphan_writes.insert((plural, ns.to_string()), rv);
    }
    fn orphan_written(&self, plural: &'static str, ns: &str) -> u64 {
        self.orphan_writes
            .get(&(plural, ns.to_string()))
            .copied()
            .unwrap_or(0)
    }
    fn owned_written(&self, plural: &'static str, owner: &str) -> u64 {
        self.owned_writes
            .get(&(plural, owner.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

/// The ownerReference that marks `obj` as a dependent's controller.
pub(crate) fn controller_ref_to(owner: &Value) -> Value {
    json!({
        "apiVersion": str_at(owner, "/apiVersion"),
        "blockOwnerDeletion": true,
        "controller": true,
        "kind": str_at(owner, "/kind"),
        "name": crate::name_of(owner),
        "uid": str_at(owner, "/metadata/uid"),
    })
}

/// The uid of the controller owner of `obj`, if any.
pub(crate) fn controller_uid(obj: &Value) -> Option<&str> {
    arr_at(obj, "/metadata/ownerReferences")
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .and_then(|r| r.get("uid").and_then(Value::as_str))
}

/// Whether an object is being deleted.
pub(crate) fn is_terminating(obj: &Value) -> bool {
    obj.pointer("/metadata/deletionTimestamp").is_some()
}

/// A pod that counts toward a controller's replicas: not being deleted,
/// not finished.
pub(crate) fn pod_is_active(pod: &Value) -> bool {
    let phase = str_at(pod, "/status/phase");
    !is_terminating(pod) && phase != "Succeeded" && phase != "Failed"
}

/// The status of a pod condition (`"True"`, `"False"`, ...), or "".
pub(crate) fn pod_condition<'a>(pod: &'a Value, ty: &str) -> &'a str {
    arr_at(pod, "/status/conditions")
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some(ty))
        .and_then(|c| c.get("status").and_then(Value::as_str))
        .unwrap_or("")
}

/// The Ready condition's lastTransitionTime.
pub(crate) fn ready_since(pod: &Value) -> Option<Time> {
    arr_at(pod, "/status/conditions")
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
        .and_then(|c| c.get("lastTransitionTime").and_then(Value::as_str))
        .and_then(Time::parse_rfc3339)
}

pub(crate) fn pod_is_ready(pod: &Value) -> bool {
    pod_condition(pod, "Ready") == "True"
}

/// Ready for at least `min_ready_seconds` at `now`.
pub(crate) fn pod_is_available(pod: &Value, min_ready_seconds: i64, now: Time) -> bool {
    if !pod_is_ready(pod) {
        return false;
    }
    if min_ready_seconds <= 0 {
        return true;
    }
    ready_since(pod).is_some_and(|t| t.plus_secs(min_ready_seconds) <= now)
}

/// Resolves an int-or-percent (`"25%"` or `1`) against `total`, rounding
/// up or down as the deployment controller does.
pub(crate) fn int_or_percent(v: Option<&Value>, total: i64, round_up: bool, default: i64) -> i64 {
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(default),
        Some(Value::String(s)) => {
            if let Some(p) = s.strip_suffix('%') {
                let p: i64 = p.parse().unwrap_or(0);
                if round_up {
                    p.saturating_mul(total).saturating_add(99) / 100
                } else {
                    p.saturating_mul(total) / 100
                }
            } else {
                s.parse().unwrap_or(default)
            }
        }
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_round_like_the_deployment_controller() {
        assert_eq!(int_or_percent(Some(&json!("25%")), 1, true, 0), 1);
        assert_eq!(int_or_percent(Some(&json!("25%")), 1, false, 0), 0);
        assert_eq!(int_or_percent(Some(&json!("25%")), 10, true, 0), 3);
        assert_eq!(int_or_percent(Some(&json!("25%")), 10, false, 0), 2);
        assert_eq!(int_or_percent(Some(&json!(2)), 10, false, 0), 2);
        assert_eq!(int_or_percent(None, 10, false, 7), 7);
    }
}
