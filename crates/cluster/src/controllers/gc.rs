//! The garbage collector: an object whose owners are all gone is deleted
//! (background cascade); an owner being deleted in the foreground waits
//! until its dependents are gone.

use super::is_terminating;
use crate::meta::{arr_at, uid_of};
use crate::Cluster;
use serde_json::Value;
use std::collections::BTreeSet;

/// Whether an object is being deleted in the foreground.
fn is_foreground(v: &Value) -> bool {
    is_terminating(v)
        && arr_at(v, "/metadata/finalizers")
            .iter()
            .any(|f| f == "foregroundDeletion")
}

pub(crate) fn reconcile(c: &mut Cluster) {
    type Key = (&'static str, String, String);
    // Only objects whose facts (or whose owners' or dependents' facts)
    // changed since the last run can have become orphans, victims or
    // finished owners; the store tracks those uids. What matched stays
    // marked, so it is looked at again next time exactly as a full scan
    // would.
    let touched = c.store.take_gc_touched();
    if touched.is_empty() {
        return;
    }
    let (orphans, victims, finished): (Vec<Key>, Vec<Key>, Vec<Key>) = {
        let store = &c.store;
        let mut candidates: BTreeSet<&Key> = BTreeSet::new();
        for uid in &touched {
            candidates.extend(store.with_uid(uid));
            candidates.extend(store.dependents_of(uid));
        }
        let foreground = |uid: &str| {
            store
                .with_uid(uid)
                .any(|(p, n, m)| store.get(p, n, m).is_some_and(is_foreground))
        };
        let mut orphans = Vec::new();
        let mut victims = Vec::new();
        let mut finished = Vec::new();
        for key in candidates {
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
                    orphans.push(key.clone());
                } else if owner_uids.iter().any(|u| foreground(u)) && !is_terminating(v) {
                    victims.push(key.clone());
                }
            }
            let uid = uid_of(v);
            if foreground(uid) && store.dependents_of(uid).next().is_none() {
                finished.push(key.clone());
            }
        }
        (orphans, victims, finished)
    };
    for (plural, ns, name) in orphans.iter().chain(&victims).chain(&finished) {
        if let Some(v) = c.store.get(plural, ns, name) {
            let uid = uid_of(v).to_string();
            c.store.touch_gc(&uid);
        }
    }
    for (plural, ns, name) in orphans.into_iter().chain(victims) {
        if c.store
            .get(plural, &ns, &name)
            .is_some_and(|v| !is_terminating(v) || plural == "pods")
        {
            c.delete_object(plural, &ns, &name, Default::default());
        }
    }
    // Foreground owners whose dependents are gone lose the finalizer.
    for (plural, ns, name) in finished {
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
