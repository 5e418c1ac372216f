//! The garbage collector: an object whose owners are all gone is deleted
//! (background cascade); an owner being deleted in the foreground waits
//! until its dependents are gone.

use super::is_terminating;
use crate::meta::{arr_at, uid_of};
use crate::Cluster;
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};

/// Whether an object is being deleted in the foreground.
fn is_foreground(v: &Value) -> bool {
    is_terminating(v)
        && arr_at(v, "/metadata/finalizers")
            .iter()
            .any(|f| f == "foregroundDeletion")
}

type Key = (&'static str, String, String);

/// Touched uids the garbage collector looks at in one step of pending
/// work (each with its objects and dependents); few in tests, so that
/// they pause it.
const STEP_UIDS: usize = if cfg!(test) { 8 } else { 1_000 };
/// Deletions (and finalizer removals) in one step of pending work (a
/// pod's graceful deletion costs about 0.2 ms natively).
const STEP_ACTIONS: usize = if cfg!(test) { 5 } else { 50 };

/// The garbage collector's run in progress, kept across the steps of
/// pending work it is cut into: first a look at every object whose facts
/// (or whose owners' or dependents' facts) changed — reads only, so
/// looking in several steps sees what looking at once sees —, then the
/// deletions it decided, in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pending {
    /// Touched uids still to look at.
    uids: BTreeSet<String>,
    /// What the look found so far: objects whose owners are all gone,
    /// dependents of owners deleted in the foreground, foreground owners
    /// whose dependents are gone.
    orphans: BTreeSet<Key>,
    victims: BTreeSet<Key>,
    finished: BTreeSet<Key>,
    /// The look is over: what is left to do, in order (`true`: delete,
    /// `false`: drop the foregroundDeletion finalizer).
    actions: VecDeque<(bool, Key)>,
}

impl Pending {
    fn idle(&self) -> bool {
        self.uids.is_empty() && self.actions.is_empty()
    }
}

pub(crate) fn reconcile(c: &mut Cluster) {
    let mut run = std::mem::take(&mut c.memo.gc);
    // A run paused in the last step goes on (nothing else ran since).
    c.memo.resume = None;
    if run.idle() {
        // Only objects whose facts (or whose owners' or dependents'
        // facts) changed since the last run can have become orphans,
        // victims or finished owners; the store tracks those uids. What
        // matched stays marked, so it is looked at again next time
        // exactly as a full scan would.
        run.uids = c.store.take_gc_touched();
    }
    if !run.uids.is_empty() {
        look(c, &mut run);
    }
    if run.uids.is_empty() {
        act(c, &mut run);
    }
    if !run.idle() {
        // The rest is the next step.
        c.memo.resume = Some(Default::default());
    }
    c.memo.gc = run;
}

/// Looks at up to [`STEP_UIDS`] touched uids; when none is left, marks
/// what matched for the next run and queues the actions.
fn look(c: &mut Cluster, run: &mut Pending) {
    let store = &c.store;
    let foreground = |uid: &str| {
        store
            .with_uid(uid)
            .any(|(p, n, m)| store.get(p, n, m).is_some_and(is_foreground))
    };
    for _ in 0..STEP_UIDS {
        let Some(touched) = run.uids.pop_first() else {
            break;
        };
        for key in store
            .with_uid(&touched)
            .chain(store.dependents_of(&touched))
        {
            let (plural, ns, name) = key;
            let Some(v) = store.get(plural, ns, name) else {
                continue;
            };
            let owner_uids: Vec<&str> = arr_at(v, "/metadata/ownerReferences")
                .iter()
                .filter_map(|r| r.get("uid").and_then(Value::as_str))
                .collect();
            if !owner_uids.is_empty() {
                if owner_uids.iter().all(|u| !store.has_uid(u)) {
                    run.orphans.insert(key.clone());
                } else if owner_uids.iter().any(|u| foreground(u)) && !is_terminating(v) {
                    run.victims.insert(key.clone());
                }
            }
            let uid = uid_of(v);
            if foreground(uid) && store.dependents_of(uid).next().is_none() {
                run.finished.insert(key.clone());
            }
        }
    }
    if !run.uids.is_empty() {
        return;
    }
    let (orphans, victims, finished) = (
        std::mem::take(&mut run.orphans),
        std::mem::take(&mut run.victims),
        std::mem::take(&mut run.finished),
    );
    for (plural, ns, name) in orphans.iter().chain(&victims).chain(&finished) {
        if let Some(v) = c.store.get(plural, ns, name) {
            let uid = uid_of(v).to_string();
            c.store.touch_gc(&uid);
        }
    }
    run.actions.extend(
        orphans
            .into_iter()
            .chain(victims)
            .map(|k| (true, k))
            .chain(finished.into_iter().map(|k| (false, k))),
    );
}

/// Runs up to [`STEP_ACTIONS`] of the queued actions.
fn act(c: &mut Cluster, run: &mut Pending) {
    for _ in 0..STEP_ACTIONS {
        let Some((delete, (plural, ns, name))) = run.actions.pop_front() else {
            return;
        };
        if delete {
            if c.store
                .get(plural, &ns, &name)
                .is_some_and(|v| !is_terminating(v) || plural == "pods")
            {
                c.delete_object(plural, &ns, &name, Default::default());
            }
            continue;
        }
        // A foreground owner whose dependents are gone loses the finalizer.
        let Some(mut o) = c.store.get(plural, &ns, &name).cloned() else {
            continue;
        };
        if let Some(f) = o
            .pointer_mut("/metadata/finalizers")
            .and_then(Value::as_array_mut)
        {
            f.retain(|x| x != "foregroundDeletion");
            if f.is_empty() {
                c.remove(plural, &ns, &name);
                continue;
            }
        }
        c.put(plural, o);
    }
}
