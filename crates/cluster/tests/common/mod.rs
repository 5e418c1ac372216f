//! Shared helpers for the engine's integration tests: a reader for the
//! block-style YAML our manifests and the course notes use (the engine
//! itself takes JSON objects; the shell parses YAML), and the ingress lab.

#![allow(dead_code)]

use cluster::{Cluster, HttpOutcome, HttpRequest, Origin, Profile};
use serde_json::{json, Map, Value};

/// Parses a YAML stream of block mappings and sequences with plain,
/// quoted and flow-sequence scalars into JSON documents.
pub fn yaml_docs(text: &str) -> Vec<Value> {
    let mut docs = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines().chain(std::iter::once("---")) {
        if line.trim_end() == "---" {
            if !cur.is_empty() {
                let mut p = Yaml {
                    lines: std::mem::take(&mut cur),
                    i: 0,
                };
                let indent = p.lines[0].0;
                docs.push(p.block(indent));
            }
            continue;
        }
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        cur.push((line.len() - t.len(), t.trim_end().to_string()));
    }
    docs
}

struct Yaml {
    lines: Vec<(usize, String)>,
    i: usize,
}

fn split_key(t: &str) -> Option<(String, String)> {
    if t.starts_with('"') || t.starts_with('[') || t.starts_with('{') {
        return None;
    }
    let idx = t
        .find(": ")
        .or_else(|| t.strip_suffix(':').map(|s| s.len()))?;
    Some((t[..idx].trim().to_string(), t[idx + 1..].trim().to_string()))
}

fn scalar(s: &str) -> Value {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return json!(inner.replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    if let Some(inner) = s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return json!(inner.replace("''", "'"));
    }
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let mut items = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        for c in inner.chars() {
            match c {
                '"' => {
                    quoted = !quoted;
                    cur.push(c);
                }
                ',' if !quoted => items.push(scalar(&std::mem::take(&mut cur))),
                c => cur.push(c),
            }
        }
        if !cur.trim().is_empty() {
            items.push(scalar(&cur));
        }
        return Value::Array(items);
    }
    match s {
        "{}" => return json!({}),
        "true" => return json!(true),
        "false" => return json!(false),
        "null" | "~" | "" => return Value::Null,
        _ => {}
    }
    if let Ok(n) = s.parse::<i64>() {
        return json!(n);
    }
    json!(s)
}

impl Yaml {
    fn block(&mut self, indent: usize) -> Value {
        match self.lines.get(self.i) {
            Some((n, t)) if *n == indent && (t == "-" || t.starts_with("- ")) => self.seq(indent),
            Some((n, _)) if *n == indent => self.map(indent),
            _ => Value::Null,
        }
    }
    fn seq(&mut self, indent: usize) -> Value {
        let mut out = Vec::new();
        while let Some((n, t)) = self.lines.get(self.i).cloned() {
            if n != indent || !(t == "-" || t.starts_with("- ")) {
                break;
            }
            let rest = t[1..].trim_start().to_string();
            if rest.is_empty() {
                self.i += 1;
                let deeper = self.lines.get(self.i).map(|l| l.0).unwrap_or(0);
                out.push(if deeper > indent {
                    self.block(deeper)
                } else {
                    Value::Null
                });
            } else if split_key(&rest).is_some() {
                self.lines[self.i] = (indent + 2, rest);
                out.push(self.map(indent + 2));
            } else {
                self.i += 1;
                out.push(scalar(&rest));
            }
        }
        Value::Array(out)
    }
    fn map(&mut self, indent: usize) -> Value {
        let mut m = Map::new();
        while let Some((n, t)) = self.lines.get(self.i).cloned() {
            if n != indent {
                break;
            }
            let Some((k, v)) = split_key(&t) else { break };
            self.i += 1;
            let k = match scalar(&k) {
                Value::String(s) => s,
                other => other.to_string(),
            };
            let value = if v.is_empty() {
                match self.lines.get(self.i) {
                    Some((d, _)) if *d > indent => {
                        let d = *d;
                        self.block(d)
                    }
                    Some((d, t2)) if *d == indent && t2.starts_with("- ") => self.seq(indent),
                    _ => Value::Null,
                }
            } else {
                scalar(&v)
            };
            m.insert(k, value);
        }
        Value::Object(m)
    }
}

pub const SEED: u64 = 7;

/// A Docker Desktop cluster with the bundled cloud manifest created object
/// by object and given time to start (controller Running and Ready, the
/// admission Jobs complete).
pub fn with_ingress_nginx() -> Cluster {
    let mut c = Cluster::new(Profile::DockerDesktop, SEED);
    let text = cluster::bundled::manifest_for_url(cluster::bundled::INGRESS_NGINX_CLOUD_URL)
        .expect("bundled");
    for doc in yaml_docs(text) {
        c.create(doc, "default").expect("manifest object");
    }
    c.advance(60_000);
    c
}

/// Creates each document of `yaml` in `ns`.
pub fn create_yaml(c: &mut Cluster, yaml: &str, ns: &str) {
    for doc in yaml_docs(yaml) {
        if let Err(e) = c.create(doc, ns) {
            panic!("create failed: {}", e.message);
        }
    }
}

/// A Deployment of `registry.k8s.io/echoserver:1.10` and its Service
/// (port 8080, named http) in `ns`.
pub fn echo_backend(c: &mut Cluster, ns: &str, name: &str, replicas: i64) {
    let dep = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "echo", "image": "registry.k8s.io/echoserver:1.10",
                    "ports": [{"containerPort": 8080}]}]}}}
    });
    c.create(dep, ns).expect("deployment");
    let svc = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
        "spec": {"selector": {"app": name}, "ports": [{"name": "http", "port": 8080, "targetPort": 8080}]}
    });
    c.create(svc, ns).expect("service");
}

/// Sends `method url` from the host with a `Host` header override.
pub fn send(
    c: &mut Cluster,
    method: &str,
    url: &str,
    host: Option<&str>,
    insecure: bool,
) -> HttpOutcome {
    let headers = host
        .map(|h| vec![("Host".to_string(), h.to_string())])
        .unwrap_or_default();
    c.http(&HttpRequest {
        origin: Origin::Host,
        method: method.into(),
        url: url.into(),
        headers,
        insecure,
    })
}

pub fn status(out: &HttpOutcome) -> u16 {
    out.result.as_ref().map(|r| r.status).unwrap_or(0)
}

pub fn body(out: &HttpOutcome) -> String {
    out.result
        .as_ref()
        .map(|r| r.body.clone())
        .unwrap_or_default()
}

/// The Service whose endpoint answered (the last Service hop before the
/// answering pod, after the controller).
pub fn served_by(out: &HttpOutcome) -> Option<String> {
    out.hops
        .iter()
        .rev()
        .find(|h| h.kind == "Service" && h.namespace != "ingress-nginx")
        .map(|h| h.name.clone())
}

/// The Ingress's published addresses.
pub fn ingress_address(c: &Cluster, ns: &str, name: &str) -> Option<Value> {
    c.store()
        .get("ingresses", ns, name)
        .and_then(|i| i.pointer("/status/loadBalancer/ingress").cloned())
}

pub fn make_default_class(c: &mut Cluster) {
    let mut ic = c
        .store()
        .get("ingressclasses", "", "nginx")
        .cloned()
        .expect("IngressClass nginx");
    ic["metadata"]["annotations"] = json!({"ingressclass.kubernetes.io/is-default-class": "true"});
    c.update(ic).expect("update class");
}
