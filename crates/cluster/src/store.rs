//! The object store: every object is a JSON value, as the API server keeps
//! unstructured objects, keyed by resource, namespace and name. Iteration
//! order is deterministic (BTreeMap).
//!
//! Besides the objects the store keeps indexes that writes maintain, so
//! that controllers look at what changed instead of scanning everything:
//! objects by uid and by owner uid with the uids whose ownership facts
//! changed (for the garbage collector), events by when they were last seen
//! (for their TTL) and by what they say (for aggregation), the pods written
//! since the kubelets last looked, objects by controller uid and the
//! orphans of each namespace (for claims), and pods by node.

use crate::time::Time;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The kubelets' share of the pods-written log.
pub(crate) const PODS_KUBELET: usize = 0;
/// The scheduler's share of the pods-written log (removals included).
pub(crate) const PODS_SCHED: usize = 1;

/// (resource plural, namespace or "" for cluster-scoped, name)
pub type Key = (&'static str, String, String);

/// A key seen as three strings, so that a lookup by `(&str, &str, &str)`
/// needs no owned copy of the namespace and name.
trait KeyView {
    fn parts(&self) -> (&str, &str, &str);
}

impl KeyView for Key {
    fn parts(&self) -> (&str, &str, &str) {
        (self.0, &self.1, &self.2)
    }
}

impl KeyView for (&str, &str, &str) {
    fn parts(&self) -> (&str, &str, &str) {
        *self
    }
}

impl<'a> std::borrow::Borrow<dyn KeyView + 'a> for Key {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

// Ordered exactly as `Key` (tuples compare field by field).
impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}
impl Eq for dyn KeyView + '_ {}
impl PartialOrd for dyn KeyView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for dyn KeyView + '_ {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts().cmp(&other.parts())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    objects: BTreeMap<Key, Value>,
    /// The last resourceVersion handed out; each write takes the next.
    resource_version: u64,
    /// uid -> the objects carrying it.
    by_uid: BTreeMap<String, BTreeSet<Key>>,
    /// owner uid (from ownerReferences) -> its dependents.
    by_owner: BTreeMap<String, BTreeSet<Key>>,
    /// uids whose garbage-collection facts (the uid's existence, an
    /// object's owners, its deletion and foreground finalizer) changed
    /// since the garbage collector last took them.
    gc_touched: BTreeSet<String>,
    /// Events by the time they were last seen.
    events_by_time: BTreeSet<(Time, String, String)>,
    /// Pods written (created or modified; for [`PODS_SCHED`] also
    /// removed) since each consumer last took them ([`PODS_KUBELET`],
    /// [`PODS_SCHED`]).
    pods_written: [BTreeSet<(String, String)>; 2],
    /// Pods not bound to a node.
    unbound_pods: BTreeSet<(String, String)>,
    /// node name -> the pods bound to it.
    pods_by_node: BTreeMap<String, BTreeSet<(String, String)>>,
    /// Events by (involved object uid, reason, message), for aggregation.
    events_by_message: BTreeMap<(String, String, String), BTreeSet<(String, String)>>,
    /// Objects per resource.
    counts: BTreeMap<&'static str, usize>,
    /// (resource, controller uid) -> the (namespace, name) of the objects
    /// whose controller ownerReference names that uid (not Events).
    by_controller: BTreeMap<(&'static str, String), BTreeSet<(String, String)>>,
    /// (resource, namespace) -> the names of the objects without a
    /// controller ownerReference (not Events): what a controller may adopt.
    orphans: BTreeMap<(&'static str, String), BTreeSet<String>>,
}

/// What the garbage collector reads of an object.
#[derive(PartialEq, Eq)]
struct GcFacts<'a> {
    uid: &'a str,
    owners: Vec<&'a str>,
    terminating: bool,
    foreground: bool,
}

/// The uid of the controller ownerReference of `v`, if any (the first
/// reference with `controller: true`, as the controllers read it).
fn controller_of(v: &Value) -> Option<&str> {
    v.pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)?
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .and_then(|r| r.get("uid").and_then(Value::as_str))
}

fn gc_facts(v: &Value) -> GcFacts<'_> {
    let meta = v.get("metadata");
    let field = |k: &str| meta.and_then(|m| m.get(k));
    GcFacts {
        uid: field("uid").and_then(Value::as_str).unwrap_or(""),
        owners: field("ownerReferences")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.get("uid").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default(),
        terminating: field("deletionTimestamp").is_some(),
        foreground: field("finalizers")
            .and_then(Value::as_array)
            .is_some_and(|f| f.iter().any(|x| x == "foregroundDeletion")),
    }
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    pub fn get(&self, plural: &'static str, ns: &str, name: &str) -> Option<&Value> {
        self.objects.get(&(plural, ns, name) as &dyn KeyView)
    }

    pub fn contains(&self, plural: &'static str, ns: &str, name: &str) -> bool {
        self.get(plural, ns, name).is_some()
    }

    /// All objects of a resource, in one namespace (`Some`) or all (`None`),
    /// sorted by namespace then name.
    pub fn list(&self, plural: &'static str, ns: Option<&str>) -> Vec<&Value> {
        let lo = (plural, ns.unwrap_or("").to_string(), String::new());
        self.objects
            .range(lo..)
            .take_while(|((p, n, _), _)| *p == plural && ns.is_none_or(|ns| n == ns))
            .map(|(_, v)| v)
            .collect()
    }

    /// Like [`Store::list`], each object with its namespace ("" for a
    /// cluster-scoped one) and name as the store keys it.
    pub fn list_keyed(&self, plural: &'static str, ns: Option<&str>) -> Vec<(&str, &str, &Value)> {
        let lo = (plural, ns.unwrap_or("").to_string(), String::new());
        self.objects
            .range(lo..)
            .take_while(|((p, n, _), _)| *p == plural && ns.is_none_or(|ns| n == ns))
            .map(|((_, n, m), v)| (n.as_str(), m.as_str(), v))
            .collect()
    }

    /// Names (namespace, name) of all objects of a resource.
    pub fn keys(&self, plural: &'static str) -> Vec<(String, String)> {
        let lo = (plural, String::new(), String::new());
        self.objects
            .range(lo..)
            .take_while(|((p, _, _), _)| *p == plural)
            .map(|((_, n, m), _)| (n.clone(), m.clone()))
            .collect()
    }

    /// Stores `obj`, stamping the next `metadata.resourceVersion`. Returns
    /// the previous value, if any.
    pub fn put(
        &mut self,
        plural: &'static str,
        ns: &str,
        name: &str,
        mut obj: Value,
    ) -> Option<Value> {
        self.resource_version += 1;
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert(
                "resourceVersion".to_string(),
                Value::String(self.resource_version.to_string()),
            );
        }
        let key: Key = (plural, ns.to_string(), name.to_string());
        let old = self.objects.remove(&key);
        if old.is_none() {
            *self.counts.entry(plural).or_default() += 1;
        }
        self.reindex(&key, old.as_ref(), Some(&obj));
        self.objects.insert(key, obj);
        old
    }

    /// Removes an object. Like a delete in etcd, this takes a
    /// resourceVersion (the store's version moves on).
    pub fn remove(&mut self, plural: &'static str, ns: &str, name: &str) -> Option<Value> {
        let key: Key = (plural, ns.to_string(), name.to_string());
        let v = self.objects.remove(&key);
        if v.is_some() {
            self.resource_version += 1;
            if let Some(n) = self.counts.get_mut(plural) {
                *n = n.saturating_sub(1);
            }
            self.reindex(&key, v.as_ref(), None);
        }
        v
    }

    /// Moves the indexes from `old` to `new` for the object at `key`.
    fn reindex(&mut self, key: &Key, old: Option<&Value>, new: Option<&Value>) {
        let (fo, fnew) = (old.map(gc_facts), new.map(gc_facts));
        if fo != fnew {
            if let Some(f) = &fo {
                remove_from(&mut self.by_uid, f.uid, key);
                for o in &f.owners {
                    remove_from(&mut self.by_owner, o, key);
                }
                self.gc_touched.insert(f.uid.to_string());
                self.gc_touched
                    .extend(f.owners.iter().map(|o| o.to_string()));
            }
            if let Some(f) = &fnew {
                self.by_uid
                    .entry(f.uid.to_string())
                    .or_default()
                    .insert(key.clone());
                for o in &f.owners {
                    self.by_owner
                        .entry(o.to_string())
                        .or_default()
                        .insert(key.clone());
                }
                self.gc_touched.insert(f.uid.to_string());
                self.gc_touched
                    .extend(f.owners.iter().map(|o| o.to_string()));
            }
        }
        let nsn = || (key.1.clone(), key.2.clone());
        if key.0 != "events" {
            let (co, cn) = (old.map(controller_of), new.map(controller_of));
            if co != cn {
                match co {
                    Some(Some(u)) => {
                        let k = (key.0, u.to_string());
                        if let Some(set) = self.by_controller.get_mut(&k) {
                            set.remove(&nsn());
                            if set.is_empty() {
                                self.by_controller.remove(&k);
                            }
                        }
                    }
                    Some(None) => {
                        let k = (key.0, key.1.clone());
                        if let Some(set) = self.orphans.get_mut(&k) {
                            set.remove(&key.2);
                            if set.is_empty() {
                                self.orphans.remove(&k);
                            }
                        }
                    }
                    None => {}
                }
                match cn {
                    Some(Some(u)) => {
                        self.by_controller
                            .entry((key.0, u.to_string()))
                            .or_default()
                            .insert(nsn());
                    }
                    Some(None) => {
                        self.orphans
                            .entry((key.0, key.1.clone()))
                            .or_default()
                            .insert(key.2.clone());
                    }
                    None => {}
                }
            }
        }
        match key.0 {
            "events" => {
                let seen = |v: Option<&Value>| v.and_then(|v| crate::events::event_times(v).1);
                if let Some(t) = seen(old) {
                    self.events_by_time
                        .remove(&(t, key.1.clone(), key.2.clone()));
                }
                if let Some(t) = seen(new) {
                    self.events_by_time
                        .insert((t, key.1.clone(), key.2.clone()));
                }
                let said = |v: Option<&Value>| {
                    v.map(|v| {
                        let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or("");
                        (
                            s("/involvedObject/uid").to_string(),
                            s("/reason").to_string(),
                            s("/message").to_string(),
                        )
                    })
                };
                let (said_old, said_new) = (said(old), said(new));
                if said_old != said_new {
                    if let Some(k) = said_old {
                        if let Some(set) = self.events_by_message.get_mut(&k) {
                            set.remove(&nsn());
                            if set.is_empty() {
                                self.events_by_message.remove(&k);
                            }
                        }
                    }
                    if let Some(k) = said_new {
                        self.events_by_message.entry(k).or_default().insert(nsn());
                    }
                }
            }
            "pods" => {
                let node_of = |v: Option<&Value>| {
                    v.and_then(|v| v.pointer("/spec/nodeName"))
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                };
                let (node_old, node_new) = (node_of(old), node_of(new));
                let bound = node_new.is_some();
                if node_old != node_new {
                    if let Some(n) = &node_old {
                        if let Some(set) = self.pods_by_node.get_mut(n) {
                            set.remove(&nsn());
                            if set.is_empty() {
                                self.pods_by_node.remove(n);
                            }
                        }
                    }
                    if let Some(n) = node_new {
                        self.pods_by_node.entry(n).or_default().insert(nsn());
                    }
                }
                for (i, set) in self.pods_written.iter_mut().enumerate() {
                    if new.is_some() || i == PODS_SCHED {
                        set.insert(nsn());
                    }
                }
                if new.is_none() || bound {
                    self.unbound_pods.remove(&nsn());
                } else {
                    self.unbound_pods.insert(nsn());
                }
            }
            _ => {}
        }
    }

    /// The objects carrying `uid`.
    pub(crate) fn with_uid(&self, uid: &str) -> impl Iterator<Item = &Key> {
        self.by_uid.get(uid).into_iter().flatten()
    }

    /// Whether some object carries `uid`.
    pub(crate) fn has_uid(&self, uid: &str) -> bool {
        self.by_uid.get(uid).is_some_and(|s| !s.is_empty())
    }

    /// The objects naming `uid` in their ownerReferences.
    pub(crate) fn dependents_of(&self, uid: &str) -> impl Iterator<Item = &Key> {
        self.by_owner.get(uid).into_iter().flatten()
    }

    /// The (namespace, name) of the objects of `plural` whose controller
    /// ownerReference names `uid`, sorted.
    pub(crate) fn controlled_by(
        &self,
        plural: &'static str,
        uid: &str,
    ) -> impl Iterator<Item = &(String, String)> {
        self.by_controller
            .get(&(plural, uid.to_string()))
            .into_iter()
            .flatten()
    }

    /// The names of the objects of `plural` in `ns` that have no controller
    /// ownerReference, sorted.
    pub(crate) fn orphans(&self, plural: &'static str, ns: &str) -> impl Iterator<Item = &String> {
        self.orphans
            .get(&(plural, ns.to_string()))
            .into_iter()
            .flatten()
    }

    /// Takes the uids whose garbage-collection facts changed.
    pub(crate) fn take_gc_touched(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.gc_touched)
    }

    /// Marks a uid for the garbage collector's next look.
    pub(crate) fn touch_gc(&mut self, uid: &str) {
        self.gc_touched.insert(uid.to_string());
    }

    /// Events last seen before `t`, as (namespace, name) sorted.
    pub(crate) fn events_seen_before(&self, t: Time) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .events_by_time
            .iter()
            .take_while(|(seen, _, _)| *seen < t)
            .map(|(_, ns, name)| (ns.clone(), name.clone()))
            .collect();
        crate::sort::sort(&mut out);
        out
    }

    /// Pods without a node, sorted by namespace and name.
    pub(crate) fn unbound_pods(&self) -> impl Iterator<Item = &(String, String)> {
        self.unbound_pods.iter()
    }

    /// The node names that pods are bound to (existing nodes or not),
    /// sorted.
    pub(crate) fn pod_nodes(&self) -> impl Iterator<Item = &String> {
        self.pods_by_node.keys()
    }

    /// The pods (namespace, name) bound to `node`, sorted.
    pub(crate) fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &(String, String)> {
        self.pods_by_node.get(node).into_iter().flatten()
    }

    /// Events (namespace, name) about `uid` with this reason and message,
    /// sorted.
    pub(crate) fn events_saying(
        &self,
        uid: &str,
        reason: &str,
        message: &str,
    ) -> impl Iterator<Item = &(String, String)> {
        self.events_by_message
            .get(&(uid.to_string(), reason.to_string(), message.to_string()))
            .into_iter()
            .flatten()
    }

    /// Takes the pods written since `consumer` last took them, sorted.
    pub(crate) fn take_pods_written(&mut self, consumer: usize) -> BTreeSet<(String, String)> {
        self.pods_written
            .get_mut(consumer)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// How many objects of a resource there are.
    pub fn count(&self, plural: &str) -> usize {
        self.counts.get(plural).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value)> {
        self.objects.iter()
    }
}

fn remove_from(index: &mut BTreeMap<String, BTreeSet<Key>>, k: &str, key: &Key) {
    if let Some(set) = index.get_mut(k) {
        set.remove(key);
        if set.is_empty() {
            index.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn put_get_list_remove() {
        let mut s = Store::new();
        s.put("pods", "default", "b", json!({"metadata": {"name": "b"}}));
        s.put("pods", "default", "a", json!({"metadata": {"name": "a"}}));
        s.put(
            "pods",
            "kube-system",
            "c",
            json!({"metadata": {"name": "c"}}),
        );
        s.put(
            "services",
            "default",
            "a",
            json!({"metadata": {"name": "a"}}),
        );
        let names = |v: Vec<&Value>| -> Vec<String> {
            v.iter()
                .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(names(s.list("pods", Some("default"))), ["a", "b"]);
        assert_eq!(names(s.list("pods", None)), ["a", "b", "c"]);
        assert_eq!(
            s.get("pods", "default", "a").unwrap()["metadata"]["resourceVersion"],
            "2"
        );
        assert!(s.remove("pods", "default", "a").is_some());
        assert_eq!(names(s.list("pods", None)), ["b", "c"]);
        assert_eq!(
            s.keys("services"),
            [("default".to_string(), "a".to_string())]
        );
    }
}
