//! The object store: every object is a JSON value, as the API server keeps
//! unstructured objects, keyed by resource, namespace and name. Iteration
//! order is deterministic (BTreeMap).

use serde_json::Value;
use std::collections::BTreeMap;

/// (resource plural, namespace or "" for cluster-scoped, name)
pub type Key = (&'static str, String, String);

#[derive(Clone, Debug, Default)]
pub struct Store {
    objects: BTreeMap<Key, Value>,
    /// The last resourceVersion handed out; each write takes the next.
    resource_version: u64,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    pub fn get(&self, plural: &'static str, ns: &str, name: &str) -> Option<&Value> {
        self.objects
            .get(&(plural, ns.to_string(), name.to_string()))
    }

    pub fn get_mut(&mut self, plural: &'static str, ns: &str, name: &str) -> Option<&mut Value> {
        self.objects
            .get_mut(&(plural, ns.to_string(), name.to_string()))
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
        self.objects
            .insert((plural, ns.to_string(), name.to_string()), obj)
    }

    /// Removes an object. Like a delete in etcd, this takes a
    /// resourceVersion (the store's version moves on).
    pub fn remove(&mut self, plural: &'static str, ns: &str, name: &str) -> Option<Value> {
        let v = self
            .objects
            .remove(&(plural, ns.to_string(), name.to_string()));
        if v.is_some() {
            self.resource_version += 1;
        }
        v
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
