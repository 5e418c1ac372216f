//! Helpers for the engine's tests.

use crate::resources::by_plural;
use crate::{Cluster, Profile, ResourceType};
use serde_json::{json, Value};

pub fn cluster() -> Cluster {
    Cluster::new(Profile::DockerDesktop, 11)
}

pub fn rt(p: &str) -> &'static ResourceType {
    by_plural(p).expect("known resource")
}

pub fn deployment(name: &str, image: &str, replicas: i64) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": name, "image": image}]}}
        }
    })
}

pub fn pod(name: &str, image: &str, command: &[&str]) -> Value {
    let mut c = json!({"name": "main", "image": image});
    if !command.is_empty() {
        c["command"] = json!(command);
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": {"containers": [c]}})
}

pub fn service(name: &str, app: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
        "spec": {"ports": [{"port": 80, "targetPort": 80}], "selector": {"app": app}}
    })
}

/// Pods in a namespace (owned by anything).
pub fn pods(c: &Cluster, ns: &str) -> Vec<Value> {
    c.list(rt("pods"), Some(ns)).into_iter().cloned().collect()
}

pub fn get(c: &Cluster, plural: &str, ns: &str, name: &str) -> Value {
    c.get(rt(plural), ns, name).cloned().unwrap_or(Value::Null)
}

/// Reasons of the events about one object, oldest first.
pub fn event_reasons(c: &Cluster, ns: &str, name: &str) -> Vec<String> {
    let mut evs: Vec<(Option<crate::Time>, String)> = c
        .list(rt("events"), Some(ns))
        .into_iter()
        .filter(|e| e["involvedObject"]["name"] == name)
        .map(|e| {
            (
                crate::events::event_times(e).0,
                e["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    crate::sort::by_key(&mut evs, |(t, _)| *t);
    evs.into_iter().map(|(_, r)| r).collect()
}

pub fn messages(c: &Cluster, ns: &str, name: &str) -> Vec<String> {
    c.list(rt("events"), Some(ns))
        .into_iter()
        .filter(|e| e["involvedObject"]["name"] == name)
        .map(|e| e["message"].as_str().unwrap_or("").to_string())
        .collect()
}
