//! The garbage collector: an object whose owners are all gone is deleted
//! (background cascade); an owner being deleted in the foreground waits
//! until its dependents are gone.

use super::is_terminating;
use crate::meta::{arr_at, uid_of};
use crate::Cluster;
use serde_json::Value;
use std::collections::BTreeSet;

pub(crate) fn reconcile(c: &mut Cluster) {
    let uids: BTreeSet<String> = c.store.iter().map(|(_, v)| uid_of(v).to_string()).collect();
    let mut orphans = Vec::new();
    let mut dependents_of: BTreeSet<String> = BTreeSet::new();
    let mut foreground_victims = Vec::new();
    let foreground_owners: BTreeSet<String> = c
        .store
        .iter()
        .filter(|(_, v)| {
            is_terminating(v)
                && arr_at(v, "/metadata/finalizers")
                    .iter()
                    .any(|f| f == "foregroundDeletion")
        })
        .map(|(_, v)| uid_of(v).to_string())
        .collect();
    for ((plural, ns, name), v) in c.store.iter() {
        let refs = arr_at(v, "/metadata/ownerReferences");
        if refs.is_empty() {
            continue;
        }
        let owner_uids: Vec<&str> = refs
            .iter()
            .filter_map(|r| r.get("uid").and_then(Value::as_str))
            .collect();
        for u in &owner_uids {
            dependents_of.insert(u.to_string());
        }
        if owner_uids.iter().all(|u| !uids.contains(*u)) {
            orphans.push((*plural, ns.clone(), name.clone()));
        } else if owner_uids.iter().any(|u| foreground_owners.contains(*u)) && !is_terminating(v) {
            foreground_victims.push((*plural, ns.clone(), name.clone()));
        }
    }
    for (plural, ns, name) in orphans.into_iter().chain(foreground_victims) {
        if c.store
            .get(plural, &ns, &name)
            .is_some_and(|v| !is_terminating(v) || plural == "pods")
        {
            c.delete_object(plural, &ns, &name, Default::default());
        }
    }
    // Foreground owners whose dependents are gone lose the finalizer.
    for ((plural, ns, name), v) in c
        .store
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect::<Vec<_>>()
    {
        if !foreground_owners.contains(uid_of(&v)) || dependents_of.contains(uid_of(&v)) {
            continue;
        }
        let mut o = v;
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
