//! The garbage collector: an object whose owners are all gone is deleted
//! (background cascade); an owner being deleted in the foreground waits
//! until its dependents are gone.

use super::is_terminating;
use crate::meta::{arr_at, uid_of};
use crate::Cluster;
use serde_json::Value;
use std::collections::BTreeSet;

pub(crate) fn reconcile(c: &mut Cluster) {
    type Key = (&'static str, String, String);
    let (orphans, victims, finished): (Vec<Key>, Vec<Key>, Vec<Key>) = {
        let uids: BTreeSet<&str> = c.store.iter().map(|(_, v)| uid_of(v)).collect();
        let foreground_owners: BTreeSet<&str> = c
            .store
            .iter()
            .filter(|(_, v)| {
                is_terminating(v)
                    && arr_at(v, "/metadata/finalizers")
                        .iter()
                        .any(|f| f == "foregroundDeletion")
            })
            .map(|(_, v)| uid_of(v))
            .collect();
        let mut dependents_of: BTreeSet<&str> = BTreeSet::new();
        let mut orphans = Vec::new();
        let mut victims = Vec::new();
        for ((plural, ns, name), v) in c.store.iter() {
            let refs = arr_at(v, "/metadata/ownerReferences");
            if refs.is_empty() {
                continue;
            }
            let owner_uids: Vec<&str> = refs
                .iter()
                .filter_map(|r| r.get("uid").and_then(Value::as_str))
                .collect();
            dependents_of.extend(owner_uids.iter().copied());
            if owner_uids.iter().all(|u| !uids.contains(*u)) {
                orphans.push((*plural, ns.clone(), name.clone()));
            } else if owner_uids.iter().any(|u| foreground_owners.contains(*u))
                && !is_terminating(v)
            {
                victims.push((*plural, ns.clone(), name.clone()));
            }
        }
        let finished = c
            .store
            .iter()
            .filter(|(_, v)| {
                foreground_owners.contains(uid_of(v)) && !dependents_of.contains(uid_of(v))
            })
            .map(|((p, n, m), _)| (*p, n.clone(), m.clone()))
            .collect();
        (orphans, victims, finished)
    };
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
