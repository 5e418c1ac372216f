//! The one place the shell calls the cluster engine. Reads go through the
//! store; writes, exec, logs and requests through the engine's API. Keeping
//! the calls here keeps the rest of the shell independent of the engine's
//! signatures.

use cluster::{ApiError, ApplyResult, Cluster, ExecResult, ResourceType};
use serde_json::Value;

/// One object, or the API server's NotFound.
pub fn get(c: &Cluster, rt: &ResourceType, ns: &str, name: &str) -> Result<Value, ApiError> {
    let ns = if rt.namespaced { ns } else { "" };
    c.store()
        .get(rt.plural, ns, name)
        .cloned()
        .ok_or_else(|| ApiError::not_found(&rt.qualified_plural(), name))
}

/// Objects of a resource in one namespace or all, by namespace then name.
pub fn list(c: &Cluster, rt: &ResourceType, ns: Option<&str>) -> Vec<Value> {
    let ns = if rt.namespaced { ns } else { None };
    c.store().list(rt.plural, ns).into_iter().cloned().collect()
}

fn unavailable(what: &str) -> ApiError {
    ApiError::new(
        cluster::Reason::Client,
        format!("error: the simulated cluster cannot {what} yet"),
    )
}

pub fn create(_c: &mut Cluster, _obj: Value, _default_ns: &str) -> Result<Value, ApiError> {
    Err(unavailable("create objects"))
}

pub fn apply(
    _c: &mut Cluster,
    _obj: Value,
    _default_ns: &str,
) -> Result<(Value, ApplyResult), ApiError> {
    Err(unavailable("apply objects"))
}

pub fn update(_c: &mut Cluster, _obj: Value) -> Result<Value, ApiError> {
    Err(unavailable("update objects"))
}

/// Deletes an object; `grace` overrides a pod's grace period (`Some(0)`
/// removes it at once, as `--force` does).
pub fn delete(
    _c: &mut Cluster,
    _rt: &ResourceType,
    _ns: &str,
    _name: &str,
    _grace: Option<i64>,
) -> Result<Value, ApiError> {
    Err(unavailable("delete objects"))
}

pub fn exec(
    _c: &mut Cluster,
    _ns: &str,
    _pod: &str,
    _container: &str,
    _argv: &[String],
    _tty: bool,
) -> Result<ExecResult, ApiError> {
    Err(unavailable("run commands in containers"))
}

pub fn logs(
    _c: &Cluster,
    _ns: &str,
    _pod: &str,
    _container: &str,
) -> Result<Vec<(cluster::Time, String)>, ApiError> {
    Err(unavailable("read logs"))
}

pub fn host_curl(_c: &mut Cluster, _args: &[String]) -> ExecResult {
    ExecResult {
        stdout: String::new(),
        stderr: "curl: the simulated network is not available yet\n".into(),
        exit_code: 7,
    }
}

/// `kubeplay node add|fail|recover|remove NAME`.
pub fn node_op(_c: &mut Cluster, op: &str, _name: &str) -> Result<String, String> {
    Err(format!(
        "kubeplay: node {op}: the simulated cluster cannot do this yet"
    ))
}

/// A parsed `-l` label selector.
#[derive(Clone, Debug, Default)]
pub struct Selector {
    reqs: Vec<(String, String, Vec<String>)>,
}

impl Selector {
    /// kubectl's selector syntax: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
    /// `a in (x,y)`, `a notin (x,y)`, joined with commas.
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for c in s.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        parts.push(cur);
        for p in parts {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            let set = |rest: &str| -> Result<Vec<String>, String> {
                let inner = rest
                    .trim()
                    .strip_prefix('(')
                    .and_then(|r| r.strip_suffix(')'));
                match inner {
                    Some(i) => Ok(i.split(',').map(|v| v.trim().to_string()).collect()),
                    None => Err(format!(
                        "unable to parse requirement: found '{rest}', expected: '('"
                    )),
                }
            };
            if let Some((k, v)) = p.split_once("!=") {
                reqs.push((
                    k.trim().to_string(),
                    "!=".to_string(),
                    vec![v.trim().to_string()],
                ));
            } else if let Some((k, v)) = p.split_once("==").or_else(|| p.split_once('=')) {
                reqs.push((
                    k.trim().to_string(),
                    "=".to_string(),
                    vec![v.trim().to_string()],
                ));
            } else if let Some((k, rest)) = p.split_once(" notin ") {
                reqs.push((k.trim().to_string(), "notin".to_string(), set(rest)?));
            } else if let Some((k, rest)) = p.split_once(" in ") {
                reqs.push((k.trim().to_string(), "in".to_string(), set(rest)?));
            } else if let Some(k) = p.strip_prefix('!') {
                reqs.push((k.trim().to_string(), "!".to_string(), vec![]));
            } else {
                reqs.push((p.to_string(), "exists".to_string(), vec![]));
            }
        }
        Ok(Selector { reqs })
    }

    pub fn matches(&self, obj: &Value) -> bool {
        let labels = obj.pointer("/metadata/labels");
        let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        self.reqs.iter().all(|(k, op, vals)| match op.as_str() {
            "=" | "in" => get(k).is_some_and(|v| vals.iter().any(|x| x == v)),
            "!=" | "notin" => get(k).is_none_or(|v| !vals.iter().any(|x| x == v)),
            "!" => get(k).is_none(),
            _ => get(k).is_some(),
        })
    }
}
