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

pub fn create(c: &mut Cluster, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
    c.create(obj, default_ns)
}

pub fn apply(
    c: &mut Cluster,
    obj: Value,
    default_ns: &str,
) -> Result<(Value, ApplyResult), ApiError> {
    c.apply(obj, default_ns)
}

pub fn replace(c: &mut Cluster, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
    c.replace(obj, default_ns)
}

pub fn update(c: &mut Cluster, obj: Value) -> Result<Value, ApiError> {
    c.update(obj)
}

/// Deletes an object; `grace` overrides a pod's grace period (`Some(0)`
/// removes it at once, as `--force` does).
pub fn delete(
    c: &mut Cluster,
    rt: &ResourceType,
    ns: &str,
    name: &str,
    grace: Option<i64>,
) -> Result<Value, ApiError> {
    let opts = cluster::DeleteOptions {
        grace_period_seconds: grace,
        ..Default::default()
    };
    c.delete_with(rt, ns, name, opts)
}

/// Runs a command in a container (`kubectl exec`). `container`: `-c`, or
/// `None` for the default (the engine adds kubectl's "Defaulted container"
/// notice to stderr). The error is the line kubectl prints.
pub fn exec(
    c: &mut Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    argv: &[String],
    tty: bool,
) -> Result<ExecResult, String> {
    c.exec(ns, pod, container, argv, tty)
        .map_err(|e| e.to_string())
}

/// `... | kubectl exec -i POD -- CMD`: the command reads `stdin`.
pub fn exec_input(
    c: &mut Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    argv: &[String],
    stdin: &str,
) -> Result<ExecResult, String> {
    c.exec_input(ns, pod, container, argv, stdin)
        .map_err(|e| e.to_string())
}

/// A line of an interactive container shell, run in its working
/// directory (`None`: the image's); also the directory it leaves (after
/// `cd`).
pub fn exec_in(
    c: &mut Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    argv: &[String],
    tty: bool,
    cwd: Option<&str>,
) -> Result<(ExecResult, String), String> {
    c.exec_in(ns, pod, container, argv, tty, cwd)
        .map_err(|e| e.to_string())
}

/// `tar cf - PATH` in a container (`kubectl cp POD:PATH LOCAL`).
pub fn tar_create(
    c: &mut Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    path: &str,
) -> Result<(ExecResult, Vec<cluster::images::tar::TarEntry>), String> {
    c.tar_create(ns, pod, container, path)
        .map_err(|e| e.to_string())
}

/// `tar -xmf - -C DIR` in a container (`kubectl cp LOCAL POD:PATH`).
pub fn tar_extract(
    c: &mut Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    dir: &str,
    entries: &[cluster::images::tar::TarEntry],
) -> Result<ExecResult, String> {
    c.tar_extract(ns, pod, container, dir, entries)
        .map_err(|e| e.to_string())
}

/// A container's log (`kubectl logs`); the error is the line kubectl prints.
pub fn logs(
    c: &Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
) -> Result<cluster::images::PodLogs, String> {
    c.logs(ns, pod, container).map_err(|e| e.to_string())
}

/// `curl ARGS` typed at the host prompt (a terminal).
pub fn host_curl(c: &mut Cluster, args: &[String]) -> ExecResult {
    c.curl(cluster::Origin::Host, args, true)
}

/// `kubeplay node add|fail|recover|remove NAME`: the message printed on
/// success, or the error.
pub fn node_op(c: &mut Cluster, op: &str, name: &str) -> Result<String, String> {
    let r = match op {
        "add" => c.node_add(name),
        "fail" => c.node_fail(name),
        "recover" => c.node_recover(name),
        "remove" => c.node_remove(name),
        other => Err(format!("unknown node operation \"{other}\"")),
    };
    let done = match op {
        "add" => "added",
        "fail" => "failed",
        "recover" => "recovered",
        _ => "removed",
    };
    r.map(|()| format!("node/{name} {done}\n"))
        .map_err(|e| format!("kubeplay: {e}"))
}

/// A parsed `-l` label selector (apimachinery's syntax and errors).
#[derive(Clone, Debug, Default)]
pub struct Selector(cluster::Selector);

impl Selector {
    pub fn parse(s: &str) -> Result<Selector, String> {
        cluster::Selector::parse(s).map(Selector)
    }
    pub fn matches(&self, obj: &Value) -> bool {
        self.0.matches_obj(obj)
    }
}

/// The argv of a container's main process and whether it is a shell
/// waiting on its standard input (`kubectl run -it`, `attach -i`).
pub fn main_process(
    c: &Cluster,
    ns: &str,
    pod: &str,
    container: &str,
) -> Option<(Vec<String>, bool)> {
    c.main_process(ns, pod, container)
}

/// `exit` typed into a session attached to a container's main process:
/// the process ends with `code`.
pub fn end_main_process(c: &mut Cluster, ns: &str, pod: &str, container: &str, code: i32) -> bool {
    c.end_main_process(ns, pod, container, code)
}

/// `kubectl debug POD --image=...`: a patch of the pod's
/// `ephemeralcontainers` subresource adding `container`.
pub fn add_ephemeral_container(
    c: &mut Cluster,
    ns: &str,
    pod: &str,
    container: Value,
) -> Result<Value, ApiError> {
    c.add_ephemeral_container(ns, pod, container)
}

/// A random name suffix as kubectl makes one (`debugger-xxxxx`).
pub fn name_suffix(c: &mut Cluster) -> String {
    c.name_suffix()
}

/// Output of a container's main process while a session is attached to
/// it, kept in the container's log.
pub fn main_process_output(c: &mut Cluster, ns: &str, pod: &str, container: &str, text: &str) {
    c.main_process_output(ns, pod, container, text);
}
