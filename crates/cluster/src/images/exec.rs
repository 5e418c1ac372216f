//! `kubectl exec` and `kubectl logs` against the simulated containers, with
//! the API server's, the kubelet's and the container runtime's errors; the
//! environment the kubelet gives a container (service links); and the
//! network tools inside images (BusyBox `nslookup` and `wget`).

use super::catalog::{identify, Image};
use super::shell::{oci_not_found, Errno, Stat, Sys};
use crate::net::dns::{search_candidates, Answer, QType, Record, Reply};
use crate::net::topo::{arr_at, parse_ipv4, pod_hostname, port_of, str_at};
use crate::net::Origin;
use crate::time::Time;
use crate::{ApiError, Cluster, ExecResult, Reason};
use serde_json::Value;
use std::fmt;

/// Why `kubectl exec` or `kubectl logs` could not run. Its `Display` is the
/// line kubectl prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodError {
    /// An error from the API server (`Error from server (NotFound): ...`).
    Api(ApiError),
    /// An error kubectl itself reports (`error: ...`).
    Client(String),
}

impl fmt::Display for PodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PodError::Api(e) => write!(f, "{e}"),
            PodError::Client(m) => write!(f, "error: {m}"),
        }
    }
}

impl std::error::Error for PodError {}

impl From<PodError> for ApiError {
    /// Client-side errors become [`Reason::Client`] with kubectl's `error: `
    /// prefix in the message, so that `Display` prints the same line.
    fn from(e: PodError) -> ApiError {
        match e {
            PodError::Api(a) => a,
            PodError::Client(m) => ApiError::new(Reason::Client, format!("error: {m}")),
        }
    }
}

/// A container's log as `kubectl logs` shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodLogs {
    /// What kubectl prints on stderr first (`Defaulted container "a" out
    /// of: a, b`), if anything.
    pub notice: Option<String>,
    pub lines: Vec<(Time, String)>,
}

impl PodLogs {
    /// The text kubectl prints: each line with a newline, prefixed by its
    /// RFC 3339 timestamp with nanoseconds for `--timestamps`.
    pub fn text(&self, timestamps: bool) -> String {
        let mut out = String::new();
        for (i, (t, line)) in self.lines.iter().enumerate() {
            if timestamps {
                out.push_str(&timestamp(*t, i));
                out.push(' ');
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// `2026-01-05T09:00:12.123456789Z` (the kubelet's RFC3339NanoFixed). The
/// digits below the millisecond are derived from the line's position so
/// that they look like a real clock's and stay deterministic.
fn timestamp(t: Time, index: usize) -> String {
    let base = t.rfc3339();
    let ms = t.0.rem_euclid(1000);
    let sub = (index as u64)
        .wrapping_mul(2_654_435_761)
        .wrapping_add(t.0 as u64)
        % 1_000_000;
    format!("{}.{ms:03}{sub:06}Z", base.trim_end_matches('Z'))
}

/// Which container of a pod, as kubectl and the API server choose it.
pub(crate) struct Chosen {
    pub(crate) name: String,
    /// kubectl's `Defaulted container` notice, if any.
    pub(crate) notice: Option<String>,
}

fn container_names(pod: &Value, key: &str) -> Vec<String> {
    arr_at(pod, key)
        .iter()
        .map(|c| str_at(c, "/name").to_string())
        .collect()
}

/// `a, b, c (init)` as kubectl lists a pod's containers.
fn all_container_names(pod: &Value) -> String {
    let mut names = container_names(pod, "/spec/containers");
    names.extend(
        container_names(pod, "/spec/ephemeralContainers")
            .into_iter()
            .map(|n| format!("{n} (ephem)")),
    );
    names.extend(
        container_names(pod, "/spec/initContainers")
            .into_iter()
            .map(|n| format!("{n} (init)")),
    );
    names.join(", ")
}

fn choose(pod: &Value, container: Option<&str>) -> Result<Chosen, PodError> {
    let name = crate::name_of(pod);
    if let Some(c) = container {
        let known = container_names(pod, "/spec/containers")
            .iter()
            .chain(container_names(pod, "/spec/initContainers").iter())
            .chain(container_names(pod, "/spec/ephemeralContainers").iter())
            .any(|n| n == c);
        if !known {
            return Err(PodError::Api(ApiError::new(
                Reason::BadRequest,
                format!("container {c} is not valid for pod {name}"),
            )));
        }
        return Ok(Chosen {
            name: c.to_string(),
            notice: None,
        });
    }
    let annotated = str_at(
        pod,
        "/metadata/annotations/kubectl.kubernetes.io~1default-container",
    );
    if !annotated.is_empty()
        && container_names(pod, "/spec/containers")
            .iter()
            .any(|n| n == annotated)
    {
        return Ok(Chosen {
            name: annotated.to_string(),
            notice: None,
        });
    }
    let names = container_names(pod, "/spec/containers");
    let Some(first) = names.first() else {
        return Err(PodError::Client(format!(
            "pod {}/{name} does not have any containers",
            crate::namespace_of(pod)
        )));
    };
    let many = names.len() > 1
        || !arr_at(pod, "/spec/initContainers").is_empty()
        || !arr_at(pod, "/spec/ephemeralContainers").is_empty();
    let notice = many.then(|| {
        format!(
            "Defaulted container \"{first}\" out of: {}\n",
            all_container_names(pod)
        )
    });
    Ok(Chosen {
        name: first.clone(),
        notice,
    })
}

fn container_spec<'a>(pod: &'a Value, name: &str) -> Option<&'a Value> {
    arr_at(pod, "/spec/containers")
        .iter()
        .chain(arr_at(pod, "/spec/initContainers"))
        .chain(arr_at(pod, "/spec/ephemeralContainers"))
        .find(|c| str_at(c, "/name") == name)
}

fn container_status<'a>(pod: &'a Value, name: &str) -> Option<&'a Value> {
    arr_at(pod, "/status/containerStatuses")
        .iter()
        .chain(arr_at(pod, "/status/initContainerStatuses"))
        .chain(arr_at(pod, "/status/ephemeralContainerStatuses"))
        .find(|s| str_at(s, "/name") == name)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    arr_at(v, key)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// A process inside a pod's container, with the cluster around it.
struct PodSys<'a> {
    cluster: &'a mut Cluster,
    pod: Value,
    container: Value,
    img: Image,
    env: Vec<(String, String)>,
    view: super::fs::View,
    /// The container's main process: its writes after it first sleeps
    /// are not kept (the process runs at start on its own clock).
    main: bool,
    cwd: String,
}

impl Sys for PodSys<'_> {
    fn image(&self) -> &Image {
        &self.img
    }
    fn env(&self) -> Vec<(String, String)> {
        self.env.clone()
    }
    fn read(&self, path: &str) -> Result<String, Errno> {
        self.cluster.fs_read(&self.view, path)
    }
    fn stat(&self, path: &str) -> Result<Stat, Errno> {
        self.cluster.fs_stat(&self.view, path)
    }
    fn list(&self, path: &str) -> Result<Vec<(String, Stat)>, Errno> {
        self.cluster.fs_list(&self.view, path)
    }
    fn write(&mut self, path: &str, text: &str, append: bool, at: i64) -> Result<(), Errno> {
        if self.main && at > 0 {
            return self
                .cluster
                .fs_write_later(&self.view, path, text, append, at);
        }
        self.cluster.fs_write(&self.view, path, text, append)
    }
    fn mkdir(&mut self, path: &str) -> Result<(), Errno> {
        self.cluster.fs_mkdir(&self.view, path)
    }
    fn remove(&mut self, path: &str, dir: bool) -> Result<(), Errno> {
        self.cluster.fs_remove(&self.view, path, dir)
    }
    fn workdir(&self) -> String {
        self.cwd.clone()
    }
    fn hostname(&self) -> String {
        pod_hostname(&self.pod)
    }
    fn ip(&self) -> String {
        str_at(&self.pod, "/status/podIP").to_string()
    }
    fn now(&self) -> Time {
        self.cluster.now
    }
    fn main_cmd(&self) -> String {
        let mut argv = strings(&self.container, "/command");
        argv.extend(strings(&self.container, "/args"));
        if argv.is_empty() {
            argv.push("sh".into());
        }
        argv.join(" ")
    }
    fn shared_processes(&self) -> Vec<(u32, String, String)> {
        let target = str_at(&self.container, "/targetContainerName");
        if target.is_empty() {
            return Vec::new();
        }
        let running = container_status(&self.pod, target)
            .is_some_and(|st| st.pointer("/state/running").is_some());
        let Some(spec) = container_spec(&self.pod, target).filter(|_| running) else {
            return Vec::new();
        };
        let Some(img) = identify(str_at(spec, "/image")) else {
            return Vec::new();
        };
        let command = strings(spec, "/command");
        let args = strings(spec, "/args");
        let user = img.user().0.to_string();
        if super::runs_nginx(&img, &command, &args) {
            if let Some(b) = img.nginx.as_ref() {
                let first = super::nginx::first_worker_pid(b);
                let mut rows = vec![(
                    1,
                    user,
                    "nginx: master process nginx -g daemon off;".to_string(),
                )];
                rows.extend((0..super::nginx::WORKERS).map(|i| {
                    (
                        first + i,
                        "101".to_string(),
                        "nginx: worker process".to_string(),
                    )
                }));
                return rows;
            }
        }
        let argv = super::main_argv(&img, &command, &args);
        vec![(1, user, argv.join(" "))]
    }
    fn curl(&mut self, args: &[String], tty: bool) -> ExecResult {
        let origin = origin_of(&self.pod);
        let flavor = crate::net::curl::Flavor::new(self.img.curl.unwrap_or("8.17.0"), false);
        self.cluster.curl_with(&flavor, &origin, args, tty)
    }
    fn nslookup(&mut self, args: &[String]) -> ExecResult {
        if self.img.busybox.is_some_and(|v| v.starts_with("1.28")) {
            return self.cluster.nslookup_1_28(&self.pod, args);
        }
        self.cluster.nslookup(&self.pod, args)
    }
    fn wget(&mut self, args: &[String], tty: bool) -> ExecResult {
        self.cluster.wget(&self.pod, &self.img, args, tty)
    }
    fn ping(&mut self, args: &[String]) -> ExecResult {
        self.cluster.ping(&self.pod, args)
    }
}

fn origin_of(pod: &Value) -> Origin {
    Origin::Pod {
        namespace: crate::namespace_of(pod).to_string(),
        name: crate::name_of(pod).to_string(),
    }
}

/// The service-link variable prefix of a service name: `NGINX_NP`.
fn env_name(svc: &str) -> String {
    svc.to_ascii_uppercase().replace('-', "_")
}

impl Cluster {
    /// Runs `argv` in a container of a pod, like `kubectl exec [-t] POD
    /// [-c CONTAINER] -- ARGV...`. With `tty`, stdout and stderr arrive as
    /// one stream (in `stdout`). A non-zero `exit_code` is what kubectl
    /// reports as `command terminated with exit code N`. kubectl's own
    /// notice for a defaulted container is the first line of `stderr`.
    pub fn exec(
        &mut self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
        tty: bool,
    ) -> Result<ExecResult, PodError> {
        self.exec_in(ns, pod, container, argv, tty, None)
            .map(|(r, _)| r)
    }

    /// [`Cluster::exec`] in a working directory (`None`: the image's), as
    /// an interactive shell runs each line; also returns the working
    /// directory the command left (after `cd`).
    pub fn exec_in(
        &mut self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
        tty: bool,
        cwd: Option<&str>,
    ) -> Result<(ExecResult, String), PodError> {
        self.exec_full(ns, pod, container, argv, tty, cwd, None)
    }

    /// [`Cluster::exec`] with `stdin` as the process's input, like
    /// `... | kubectl exec -i POD -- CMD`.
    pub fn exec_input(
        &mut self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
        stdin: &str,
    ) -> Result<ExecResult, PodError> {
        self.exec_full(
            ns,
            pod,
            container,
            argv,
            false,
            None,
            Some(stdin.to_string()),
        )
        .map(|(r, _)| r)
    }

    #[allow(clippy::too_many_arguments)]
    fn exec_full(
        &mut self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
        tty: bool,
        cwd: Option<&str>,
        stdin: Option<String>,
    ) -> Result<(ExecResult, String), PodError> {
        self.finish_pending();
        if self.pod_obj(ns, pod).is_some() && argv.is_empty() {
            return Err(PodError::Client(
                "you must specify at least one command for the container".into(),
            ));
        }
        let (p, spec, img, chosen) = self.exec_target(ns, pod, container)?;
        let default_cwd = match str_at(&spec, "/workingDir") {
            "" => super::workdir(&img),
            w => super::fs::normalize(w),
        };
        let mut cwd_after = cwd.unwrap_or(&default_cwd).to_string();
        let mut result = match argv.first() {
            Some(prog) if !img.has_program(prog) => {
                let msg = oci_not_found(prog);
                if tty {
                    ExecResult {
                        stdout: msg,
                        stderr: String::new(),
                        exit_code: 126,
                    }
                } else {
                    ExecResult {
                        stdout: String::new(),
                        stderr: msg,
                        exit_code: 126,
                    }
                }
            }
            _ => {
                let env = self.container_env(&p, &spec, &img);
                let view = self.fs_view(&p, &spec, &img);
                let mut sys = PodSys {
                    cluster: self,
                    pod: p.clone(),
                    container: spec.clone(),
                    img,
                    env,
                    view,
                    main: false,
                    cwd: cwd_after.clone(),
                };
                let run = super::shell::run_argv_input(&mut sys, argv, tty, stdin);
                cwd_after = run.cwd.clone();
                run.result(tty)
            }
        };
        if let Some(n) = chosen.notice {
            result.stderr.insert_str(0, &n);
        }
        Ok((result, cwd_after))
    }

    /// The running container an exec reaches (pod, container spec,
    /// image, kubectl's choice of container), or the error kubectl prints.
    pub(crate) fn exec_target(
        &self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
    ) -> Result<(Value, Value, Image, Chosen), PodError> {
        let Some(p) = self.pod_obj(ns, pod).cloned() else {
            return Err(PodError::Api(ApiError::not_found("pods", pod)));
        };
        let phase = str_at(&p, "/status/phase");
        if matches!(phase, "Succeeded" | "Failed") {
            return Err(PodError::Client(format!(
                "cannot exec into a container in a completed pod; current phase is {phase}"
            )));
        }
        let chosen = choose(&p, container)?;
        if str_at(&p, "/spec/nodeName").is_empty() {
            return Err(PodError::Api(ApiError::new(
                Reason::BadRequest,
                format!("pod {pod} does not have a host assigned"),
            )));
        }
        let running = match container_status(&p, &chosen.name) {
            Some(s) => s.pointer("/state/running").is_some(),
            None => phase == "Running" && arr_at(&p, "/status/containerStatuses").is_empty(),
        };
        if !running {
            return Err(PodError::Client(format!(
                "unable to upgrade connection: container not found (\"{}\")",
                chosen.name
            )));
        }
        let Some(spec) = container_spec(&p, &chosen.name).cloned() else {
            return Err(PodError::Client(format!(
                "unable to upgrade connection: container not found (\"{}\")",
                chosen.name
            )));
        };
        let Some(img) = identify(str_at(&spec, "/image")) else {
            return Err(PodError::Client(format!(
                "unable to upgrade connection: container not found (\"{}\")",
                chosen.name
            )));
        };
        Ok((p, spec, img, chosen))
    }

    /// What a container of a pod does when it starts, run inside its pod
    /// (its hostname, environment, files and network): the same as
    /// [`crate::images::start`] with the pod around it. `None` when the pod
    /// or container does not exist or the image cannot be pulled.
    pub fn start_container(
        &mut self,
        ns: &str,
        pod: &str,
        container: &str,
    ) -> Option<super::Started> {
        let p = self.pod_obj(ns, pod)?.clone();
        let spec = container_spec(&p, container)?.clone();
        let img = identify(str_at(&spec, "/image"))?;
        let env = self.container_env(&p, &spec, &img);
        let command = strings(&spec, "/command");
        let args = strings(&spec, "/args");
        let view = self.fs_view(&p, &spec, &img);
        let cwd = super::workdir(&img);
        let mut sys = PodSys {
            cluster: self,
            pod: p,
            container: spec,
            img,
            env,
            view,
            main: true,
            cwd,
        };
        let argv = super::main_argv(&sys.img, &command, &args);
        let mut started = super::run_main(&mut sys, &command, &args);
        // A shell with a standard input to read (`stdin: true`, as `kubectl
        // run -it` asks) waits for its first line instead of ending at once.
        if sys.container.get("stdin").and_then(Value::as_bool) == Some(true)
            && reads_terminal(&argv)
            && sys
                .img
                .has_program(argv.first().map(String::as_str).unwrap_or(""))
        {
            started.exit = None;
            started.logs.clear();
        }
        Some(started)
    }

    /// The argv of a container's main process (the image's entrypoint and
    /// command as the pod overrides them), and whether it is a shell that
    /// waits on its standard input (`stdin: true` and an interactive
    /// shell): what `kubectl run -it` and `kubectl attach -i` talk to.
    pub fn main_process(
        &self,
        ns: &str,
        pod: &str,
        container: &str,
    ) -> Option<(Vec<String>, bool)> {
        let p = self.pod_obj(ns, pod)?;
        let spec = container_spec(p, container)?;
        let img = identify(str_at(spec, "/image"))?;
        let argv = super::main_argv(&img, &strings(spec, "/command"), &strings(spec, "/args"));
        let waits = spec.get("stdin").and_then(Value::as_bool) == Some(true)
            && reads_terminal(&argv)
            && img.has_program(argv.first().map(String::as_str).unwrap_or(""));
        Some((argv, waits))
    }

    /// A container's log, like `kubectl logs POD [-c CONTAINER]`.
    pub fn logs(&self, ns: &str, pod: &str, container: Option<&str>) -> Result<PodLogs, PodError> {
        let Some(p) = self.pod_obj(ns, pod) else {
            return Err(PodError::Client(format!(
                "error from server (NotFound): pods \"{pod}\" not found in namespace \"{ns}\""
            )));
        };
        let chosen = match choose(p, container) {
            Ok(c) => c,
            Err(PodError::Api(e)) if e.reason == Reason::BadRequest => {
                return Err(PodError::Client(e.message))
            }
            Err(e) => return Err(e),
        };
        if str_at(p, "/spec/nodeName").is_empty() {
            // The API server has nowhere to fetch logs from: nothing is printed.
            return Ok(PodLogs {
                notice: chosen.notice,
                lines: vec![],
            });
        }
        let lines = self.logs.get(ns, pod, &chosen.name).to_vec();
        if let Some(st) = container_status(p, &chosen.name) {
            let waiting = str_at(st, "/state/waiting/reason");
            let has_run = st.pointer("/lastState/terminated").is_some();
            if st.pointer("/state/waiting").is_some() && !has_run {
                let why = match waiting {
                    "ErrImagePull" => "image can't be pulled".to_string(),
                    "ImagePullBackOff" => "trying and failing to pull image".to_string(),
                    "" => "ContainerCreating".to_string(),
                    w => w.to_string(),
                };
                return Err(PodError::Api(ApiError::new(
                    Reason::BadRequest,
                    format!(
                        "container \"{}\" in pod \"{pod}\" is waiting to start: {why}",
                        chosen.name
                    ),
                )));
            }
        } else if str_at(p, "/status/phase") == "Pending" {
            return Err(PodError::Api(ApiError::new(
                Reason::BadRequest,
                format!(
                    "container \"{}\" in pod \"{pod}\" is waiting to start: ContainerCreating",
                    chosen.name
                ),
            )));
        }
        Ok(PodLogs {
            notice: chosen.notice,
            lines,
        })
    }

    /// The environment of a container: the image's, the kubelet's service
    /// links for services that existed when the container started, and the
    /// container's own `env`.
    pub(crate) fn container_env(
        &self,
        pod: &Value,
        spec: &Value,
        img: &Image,
    ) -> Vec<(String, String)> {
        let mut env = img.env();
        let host = pod_hostname(pod);
        env.insert(1.min(env.len()), ("HOSTNAME".to_string(), host));
        let ns = crate::namespace_of(pod);
        // envFrom: every key of the ConfigMap or Secret, with the prefix.
        for from in arr_at(spec, "/envFrom") {
            let prefix = str_at(from, "/prefix");
            let (resource, r, secret) = match (from.get("configMapRef"), from.get("secretRef")) {
                (Some(r), _) => ("configmaps", r, false),
                (None, Some(r)) => ("secrets", r, true),
                _ => continue,
            };
            let Some(obj) = self.store.get(resource, ns, str_at(r, "/name")) else {
                continue;
            };
            if let Some(data) = obj.get("data").and_then(Value::as_object) {
                for (k, v) in data {
                    let v = v.as_str().unwrap_or("");
                    let value = if secret {
                        let bytes = super::fs::base64_decode(v).unwrap_or_default();
                        String::from_utf8_lossy(&bytes).into_owned()
                    } else {
                        v.to_string()
                    };
                    let name = format!("{prefix}{k}");
                    env.retain(|(n, _)| *n != name);
                    env.push((name, value));
                }
            }
        }
        for e in arr_at(spec, "/env") {
            let name = str_at(e, "/name");
            if name.is_empty() {
                continue;
            }
            let value = if let Some(v) = e.get("value").and_then(Value::as_str) {
                v.to_string()
            } else if let Some(r) = e.pointer("/valueFrom/configMapKeyRef") {
                // An optional reference to a missing object or key sets nothing.
                let Some(v) = self
                    .store
                    .get("configmaps", ns, str_at(r, "/name"))
                    .and_then(|c| c.get("data"))
                    .and_then(|d| d.get(str_at(r, "/key")))
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                v.to_string()
            } else if let Some(r) = e.pointer("/valueFrom/secretKeyRef") {
                let Some(data) = self
                    .store
                    .get("secrets", ns, str_at(r, "/name"))
                    .and_then(|c| c.get("data"))
                    .and_then(|d| d.get(str_at(r, "/key")))
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                let data = super::fs::base64_decode(data).unwrap_or_default();
                String::from_utf8_lossy(&data).into_owned()
            } else if let Some(r) = e.pointer("/valueFrom/fieldRef") {
                match str_at(r, "/fieldPath") {
                    "metadata.name" => crate::name_of(pod).to_string(),
                    "metadata.namespace" => ns.to_string(),
                    "status.podIP" => str_at(pod, "/status/podIP").to_string(),
                    "spec.nodeName" => str_at(pod, "/spec/nodeName").to_string(),
                    "spec.serviceAccountName" => {
                        str_at(pod, "/spec/serviceAccountName").to_string()
                    }
                    "metadata.uid" => str_at(pod, "/metadata/uid").to_string(),
                    "status.hostIP" => str_at(pod, "/status/hostIP").to_string(),
                    path => {
                        // metadata.labels['KEY'] / metadata.annotations['KEY']
                        let keyed = |prefix: &str| {
                            path.strip_prefix(prefix)?
                                .strip_prefix("['")?
                                .strip_suffix("']")
                        };
                        let (map, key) =
                            match (keyed("metadata.labels"), keyed("metadata.annotations")) {
                                (Some(k), _) => ("labels", k),
                                (_, Some(k)) => ("annotations", k),
                                _ => ("", ""),
                            };
                        pod.pointer(&format!("/metadata/{map}"))
                            .and_then(|m| m.get(key))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string()
                    }
                }
            } else {
                String::new()
            };
            env.retain(|(k, _)| k != name);
            env.push((name.to_string(), value));
        }
        let links = pod
            .pointer("/spec/enableServiceLinks")
            .and_then(Value::as_bool)
            != Some(false);
        let started = self.container_started_at(pod, str_at(spec, "/name"));
        let mut svc_vars = Vec::new();
        let mut services: Vec<&Value> = Vec::new();
        if links {
            services.extend(self.store.list("services", Some(ns)));
        }
        if ns != "default" {
            services.extend(self.store.get("services", "default", "kubernetes"));
        }
        for s in services {
            let created =
                Time::parse_rfc3339(str_at(s, "/metadata/creationTimestamp")).unwrap_or(Time(0));
            if created > started {
                continue;
            }
            let ip = str_at(s, "/spec/clusterIP");
            if parse_ipv4(ip).is_none() {
                continue;
            }
            let prefix = env_name(crate::name_of(s));
            let ports = arr_at(s, "/spec/ports");
            let Some(first) = ports.first() else { continue };
            let first_port = port_of(first.get("port")).unwrap_or(0);
            let proto = |p: &Value| match str_at(p, "/protocol") {
                "" => "TCP".to_string(),
                x => x.to_string(),
            };
            svc_vars.push((format!("{prefix}_SERVICE_HOST"), ip.to_string()));
            svc_vars.push((format!("{prefix}_SERVICE_PORT"), first_port.to_string()));
            for p in ports {
                let pname = str_at(p, "/name");
                if !pname.is_empty() {
                    svc_vars.push((
                        format!("{prefix}_SERVICE_PORT_{}", env_name(pname)),
                        port_of(p.get("port")).unwrap_or(0).to_string(),
                    ));
                }
            }
            svc_vars.push((
                format!("{prefix}_PORT"),
                format!("{}://{ip}:{first_port}", proto(first).to_lowercase()),
            ));
            for p in ports {
                let port = port_of(p.get("port")).unwrap_or(0);
                let pr = proto(p);
                let base = format!("{prefix}_PORT_{port}_{pr}");
                svc_vars.push((base.clone(), format!("{}://{ip}:{port}", pr.to_lowercase())));
                svc_vars.push((format!("{base}_PROTO"), pr.to_lowercase()));
                svc_vars.push((format!("{base}_PORT"), port.to_string()));
                svc_vars.push((format!("{base}_ADDR"), ip.to_string()));
            }
        }
        for (k, v) in svc_vars {
            if !env.iter().any(|(n, _)| *n == k) {
                env.push((k, v));
            }
        }
        let (_, _, home) = img.user();
        env.push(("HOME".to_string(), home.to_string()));
        env
    }

    /// When a container started (its running state, or the pod's creation).
    fn container_started_at(&self, pod: &Value, container: &str) -> Time {
        container_status(pod, container)
            .and_then(|s| Time::parse_rfc3339(str_at(s, "/state/running/startedAt")))
            .or_else(|| Time::parse_rfc3339(str_at(pod, "/metadata/creationTimestamp")))
            .unwrap_or(self.now)
    }

    /// BusyBox 1.28's `nslookup NAME [SERVER]`: the older applet resolves
    /// through the libc resolver (search list, ndots) and prints each
    /// address with its reverse name.
    pub(crate) fn nslookup_1_28(&mut self, pod: &Value, args: &[String]) -> ExecResult {
        let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let Some(name) = rest.first() else {
            return ExecResult {
                stdout: String::new(),
                stderr: "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n".into(),
                exit_code: 1,
            };
        };
        let conf = self.resolver_of(pod);
        let server = rest
            .get(1)
            .map(|s| s.to_string())
            .or_else(|| conf.nameservers.first().cloned())
            .unwrap_or_else(|| "127.0.0.1".into());
        let addr_line = |c: &Self, n: usize, ip: &str| match c.ptr_name(ip) {
            Some(rev) => format!("Address {n}: {ip} {rev}\n"),
            None => format!("Address {n}: {ip}\n"),
        };
        if server != self.dns_server_ip() {
            return ExecResult {
                stdout: String::new(),
                stderr: format!("nslookup: can't resolve '{server}'\n"),
                exit_code: 1,
            };
        }
        let mut out = format!(
            "{:<10} {server}\n{}\n",
            "Server:",
            addr_line(self, 1, &server)
        );
        let ips: Vec<String> = if parse_ipv4(name).is_some() {
            vec![name.to_string()]
        } else {
            search_candidates(name, &conf)
                .into_iter()
                .find_map(|q| match self.coredns(&q) {
                    Answer::A(ips) if !ips.is_empty() => Some(ips),
                    _ => None,
                })
                .unwrap_or_default()
        };
        if ips.is_empty() {
            return ExecResult {
                stdout: out,
                stderr: format!("nslookup: can't resolve '{name}'\n"),
                exit_code: 1,
            };
        }
        out.push_str(&format!("{:<10} {name}\n", "Name:"));
        for (i, ip) in ips.iter().enumerate() {
            out.push_str(&addr_line(self, i + 1, ip));
        }
        ExecResult {
            stdout: out,
            stderr: String::new(),
            exit_code: 0,
        }
    }

    /// BusyBox `nslookup NAME [SERVER]` in a pod.
    pub(crate) fn nslookup(&mut self, pod: &Value, args: &[String]) -> ExecResult {
        let mut debug = false;
        let mut rest = Vec::new();
        let mut qtype = "A+AAAA".to_string();
        for a in args {
            if a == "-debug" {
                debug = true;
            } else if let Some(t) = a
                .strip_prefix("-type=")
                .or_else(|| a.strip_prefix("-query="))
            {
                qtype = t.to_ascii_uppercase();
            } else if a.starts_with('-') {
                continue;
            } else {
                rest.push(a.clone());
            }
        }
        let _ = debug;
        let Some(name) = rest.first() else {
            return ExecResult {
                stdout: String::new(),
                stderr: "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n".into(),
                exit_code: 1,
            };
        };
        let conf = self.resolver_of(pod);
        let server = rest
            .get(1)
            .cloned()
            .or_else(|| conf.nameservers.first().cloned())
            .unwrap_or_else(|| "127.0.0.1".into());
        let dns_ip = self.dns_server_ip();
        if server != dns_ip {
            return ExecResult {
                stdout: ";; connection timed out; no servers could be reached\n\n".into(),
                stderr: String::new(),
                exit_code: 1,
            };
        }
        let mut out = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n");
        let mut failed = false;
        if parse_ipv4(name).is_some() {
            let ptr = {
                let o: Vec<&str> = name.split('.').rev().collect();
                format!("{}.in-addr.arpa", o.join("."))
            };
            match self.ptr_name(name) {
                Some(n) => out.push_str(&format!("{ptr}\tname = {n}\n\n")),
                None => {
                    out.push_str(&format!("** server can't find {ptr}: NXDOMAIN\n\n"));
                    failed = true;
                }
            }
            return ExecResult {
                stdout: out,
                stderr: String::new(),
                exit_code: i32::from(failed),
            };
        }
        // BusyBox only applies the search list to names without a dot.
        let names: Vec<String> = if name.contains('.') {
            vec![name.trim_end_matches('.').to_string()]
        } else {
            let mut c = conf.clone();
            c.ndots = 1;
            search_candidates(name, &c)
                .into_iter()
                .filter(|n| n != name)
                .collect()
        };
        let names = if names.is_empty() {
            vec![name.clone()]
        } else {
            names
        };
        let types = match qtype.as_str() {
            "A" => vec![QType::A],
            "AAAA" => vec![QType::Aaaa],
            "CNAME" => vec![QType::Cname],
            _ => vec![QType::A, QType::Aaaa],
        };
        for t in types {
            for q in &names {
                match self.coredns_reply(q, t) {
                    Reply::NxDomain => {
                        out.push_str(&format!("** server can't find {q}: NXDOMAIN\n\n"));
                        failed = true;
                    }
                    Reply::Records(records) => {
                        for r in records {
                            match r {
                                Record::Cname { owner, target } => {
                                    out.push_str(&format!("{owner}\tcanonical name = {target}\n"))
                                }
                                Record::A { owner, ip } => {
                                    out.push_str(&format!("Name:\t{owner}\nAddress: {ip}\n"))
                                }
                            }
                        }
                        out.push('\n');
                    }
                }
            }
        }
        ExecResult {
            stdout: out,
            stderr: String::new(),
            exit_code: i32::from(failed),
        }
    }

    /// The PTR name CoreDNS gives an address: a service's cluster IP or an
    /// endpoint of a service.
    fn ptr_name(&self, ip: &str) -> Option<String> {
        if let Some(s) = self.service_by_ip(ip) {
            return Some(format!(
                "{}.{}.svc.cluster.local",
                crate::name_of(s),
                crate::namespace_of(s)
            ));
        }
        for slice in self.store.list("endpointslices", None) {
            for ep in arr_at(slice, "/endpoints") {
                if arr_at(ep, "/addresses")
                    .iter()
                    .any(|a| a.as_str() == Some(ip))
                {
                    let svc = str_at(slice, "/metadata/labels/kubernetes.io~1service-name");
                    let host = match str_at(ep, "/hostname") {
                        "" => ip.replace('.', "-"),
                        h => h.to_string(),
                    };
                    return Some(format!(
                        "{host}.{svc}.{}.svc.cluster.local",
                        crate::namespace_of(slice)
                    ));
                }
            }
        }
        None
    }

    /// BusyBox `ping [-c N] HOST` in a pod. Cluster IPs are virtual and
    /// never answer ICMP; pods, nodes and the pod itself do. Without `-c`
    /// the run stops after four packets, as if interrupted.
    pub(crate) fn ping(&mut self, pod: &Value, args: &[String]) -> ExecResult {
        let mut count = 4u32;
        let mut quiet = false;
        let mut host = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-c" => count = it.next().and_then(|v| v.parse().ok()).unwrap_or(4),
                "-q" => quiet = true,
                "-W" | "-w" | "-i" | "-s" | "-I" | "-t" => {
                    it.next();
                }
                s if s.starts_with("-c") => count = s[2..].parse().unwrap_or(4),
                s if s.starts_with('-') => {}
                s => host = Some(s.to_string()),
            }
        }
        let count = count.clamp(1, 100);
        let Some(host) = host else {
            return ExecResult {
                stdout: String::new(),
                stderr: "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n".into(),
                exit_code: 1,
            };
        };
        let origin = origin_of(pod);
        let Ok(look) = self.lookup(&origin, &host) else {
            return ExecResult {
                stdout: String::new(),
                stderr: format!("ping: bad address '{host}'\n"),
                exit_code: 1,
            };
        };
        let ip = look.addrs.first().cloned().unwrap_or_default();
        let me = str_at(pod, "/status/podIP");
        let my_node = str_at(pod, "/spec/nodeName");
        let (answers, ttl) = if crate::net::topo::is_loopback(&ip) || ip == me {
            (true, 64)
        } else if let Some(p) = self.pod_by_ip(&ip) {
            (
                true,
                if str_at(p, "/spec/nodeName") == my_node {
                    64
                } else {
                    62
                },
            )
        } else if let Some(n) = self.node_by_ip(&ip) {
            (true, if n.name == my_node { 64 } else { 63 })
        } else {
            (false, 0)
        };
        let mut out = format!("PING {host} ({ip}): 56 data bytes\n");
        let mut times = Vec::new();
        if answers {
            for seq in 0..count {
                let h = (seq as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.now.0 as u64;
                let base = if ttl == 64 { 60 } else { 140 };
                let us = base + (h >> 40) % 120;
                times.push(us);
                if !quiet {
                    out.push_str(&format!(
                        "64 bytes from {ip}: seq={seq} ttl={ttl} time={}.{:03} ms\n",
                        us / 1000,
                        us % 1000
                    ));
                }
            }
        }
        let got = times.len();
        let loss = 100 - got * 100 / count as usize;
        out.push_str(&format!("\n--- {host} ping statistics ---\n{count} packets transmitted, {got} packets received, {loss}% packet loss\n"));
        if let (Some(min), Some(max)) = (times.iter().min(), times.iter().max()) {
            let avg = times.iter().sum::<u64>() / got as u64;
            let ms = |u: u64| format!("{}.{:03}", u / 1000, u % 1000);
            out.push_str(&format!(
                "round-trip min/avg/max = {}/{}/{} ms\n",
                ms(*min),
                ms(avg),
                ms(*max)
            ));
        }
        ExecResult {
            stdout: out,
            stderr: String::new(),
            exit_code: if got > 0 { 0 } else { 1 },
        }
    }

    /// BusyBox `wget` in a pod: `-O FILE` (`-` for stdout), `-q`, `-S`,
    /// `-T SECS`, `--spider`.
    pub(crate) fn wget(
        &mut self,
        pod: &Value,
        _img: &Image,
        args: &[String],
        tty: bool,
    ) -> ExecResult {
        let mut quiet = false;
        let mut out_file: Option<String> = None;
        let mut spider = false;
        let mut show_headers = false;
        let mut urls = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-q" | "--quiet" => quiet = true,
                "-O" | "--output-document" => out_file = it.next().cloned(),
                "-S" | "--server-response" => show_headers = true,
                "--spider" => spider = true,
                "-T" | "--timeout" | "-U" | "--user-agent" | "--header" | "-Y" => {
                    it.next();
                }
                "-qO-" | "-qO" => {
                    quiet = true;
                    out_file = Some(if a == "-qO-" {
                        "-".into()
                    } else {
                        it.next().cloned().unwrap_or_default()
                    });
                }
                s if s.starts_with("-O") => out_file = Some(s[2..].to_string()),
                s if s.starts_with('-') => {}
                s => urls.push(s.to_string()),
            }
        }
        let mut r = ExecResult::default();
        let Some(raw) = urls.first() else {
            r.stderr = "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n".into();
            r.exit_code = 1;
            return r;
        };
        let origin = origin_of(pod);
        let url = match crate::net::url::Url::parse(raw) {
            Ok(u) if u.scheme == "http" => u,
            Ok(_) => {
                r.stderr = "wget: note: TLS certificate validation not implemented\nwget: error getting response: Connection reset by peer\n".into();
                r.exit_code = 1;
                return r;
            }
            Err(_) => {
                r.stderr = format!("wget: not an http or ftp url: {raw}\n");
                r.exit_code = 1;
                return r;
            }
        };
        let headers = vec![
            ("Host".to_string(), url.host_header()),
            ("User-Agent".to_string(), "Wget".to_string()),
            ("Connection".to_string(), "close".to_string()),
        ];
        let method = if spider { "HEAD" } else { "GET" };
        let out = crate::net::http::Outgoing {
            method,
            url: &url,
            headers: &headers,
            body: "",
            caption: format!("wget {}", url.effective()),
        };
        let t = self.transfer(&origin, &out, false);
        let result = t.result.clone();
        self.traces.push(crate::net::HttpOutcome {
            result: result.clone().map_err(|_| crate::net::NetError {
                curl_code: 0,
                message: "wget failed".into(),
            }),
            hops: t.hops.clone(),
        });
        let host = &url.host;
        // BusyBox names the server as the URL wrote it, port included.
        let shown = if url.explicit_port {
            format!("{host}:{}", url.port)
        } else {
            host.clone()
        };
        let resp = match result {
            Ok(resp) => resp,
            Err(f) => {
                use crate::net::http::Failure;
                r.stderr = match f {
                    Failure::Resolve => format!("wget: bad address '{host}'\n"),
                    Failure::Refused => {
                        format!(
                            "{}wget: can't connect to remote host ({}): Connection refused\n",
                            connecting(quiet, &shown, &t.ip, url.port),
                            t.ip
                        )
                    }
                    Failure::Unreachable => {
                        format!(
                            "{}wget: can't connect to remote host ({}): Host is unreachable\n",
                            connecting(quiet, &shown, &t.ip, url.port),
                            t.ip
                        )
                    }
                    _ => format!(
                        "{}wget: can't connect to remote host ({}): Connection timed out\n",
                        connecting(quiet, &shown, &t.ip, url.port),
                        t.ip
                    ),
                };
                r.exit_code = 1;
                return r;
            }
        };
        let mut err = connecting(quiet, &shown, &t.ip, url.port);
        if show_headers {
            err.push_str(&format!(
                "  {} {} {}\n",
                resp.version, resp.status, resp.reason
            ));
            for (n, v) in &resp.headers {
                err.push_str(&format!("  {n}: {v}\n"));
            }
        }
        if resp.status >= 400 {
            err.push_str(&format!(
                "wget: server returned error: {} {} {}\n",
                resp.version, resp.status, resp.reason
            ));
            r.stderr = err;
            r.exit_code = 1;
            return r;
        }
        if spider {
            if !quiet {
                err.push_str("remote file exists\n");
            }
            r.stderr = err;
            return r;
        }
        let file = out_file.unwrap_or_else(|| {
            let last = url
                .path
                .split('?')
                .next()
                .unwrap_or("/")
                .rsplit('/')
                .next()
                .unwrap_or("");
            if last.is_empty() {
                "index.html".into()
            } else {
                last.to_string()
            }
        });
        let to_stdout = file == "-";
        if !quiet {
            if to_stdout {
                err.push_str("writing to stdout\n");
            } else {
                err.push_str(&format!("saving to '{file}'\n"));
            }
            let name = if to_stdout {
                "-".to_string()
            } else {
                file.rsplit('/').next().unwrap_or(&file).to_string()
            };
            let size = resp.body.len();
            let bar = "*".repeat(32);
            if tty {
                err.push_str(&format!(
                    "\r{name:<20.20} 100% |{bar}| {size:>5}  0:00:00 ETA\n"
                ));
            } else {
                err.push_str(&format!(
                    "{name:<20.20} 100% |{bar}| {size:>5}  0:00:00 ETA\n"
                ));
            }
            if to_stdout {
                err.push_str("written to stdout\n");
            } else {
                err.push_str(&format!("'{file}' saved\n"));
            }
        }
        if to_stdout {
            r.stdout = resp.body;
        }
        r.stderr = err;
        r
    }
}

fn connecting(quiet: bool, host: &str, ip: &str, port: u16) -> String {
    if quiet {
        String::new()
    } else {
        format!("Connecting to {host} ({ip}:{port})\n")
    }
}

/// `sh`, `/bin/bash`, `ash -l`...: a shell that reads its commands from
/// standard input (no `-c`, no script file).
pub(crate) fn reads_terminal(argv: &[String]) -> bool {
    const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh"];
    let Some((prog, rest)) = argv.split_first() else {
        return false;
    };
    let base = prog.rsplit('/').next().unwrap_or("");
    SHELLS.contains(&base) && rest.iter().all(|a| a.starts_with('-') && !a.contains('c'))
}

#[cfg(test)]
mod tests {
    use crate::images::nginx::WELCOME;
    use crate::net::testing::lab;
    use crate::ApiError;

    fn argv(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn the_lab_commands_in_the_curl_pod() {
        let mut c = lab();
        let r = c
            .exec(
                "default",
                "curlpod",
                None,
                &argv(&["curl", "10.105.103.161"]),
                true,
            )
            .unwrap();
        assert_eq!((r.stdout.as_str(), r.exit_code), (WELCOME, 0));
        let r = c
            .exec(
                "default",
                "curlpod",
                None,
                &argv(&["cat", "/etc/resolv.conf"]),
                true,
            )
            .unwrap();
        assert_eq!(r.stdout, "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
        let r = c
            .exec("default", "curlpod", None, &argv(&["hostname"]), false)
            .unwrap();
        assert_eq!(r.stdout, "curlpod\n");
        let r = c
            .exec(
                "default",
                "curlpod",
                None,
                &argv(&["sh", "-c", "curl -s nginx | head -4"]),
                false,
            )
            .unwrap();
        assert_eq!(
            r.stdout,
            "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
        );
    }

    fn set_image(c: &mut crate::Cluster, pod: &str, image: &str) {
        let mut p = c.store.get("pods", "default", pod).cloned().unwrap();
        p["spec"]["containers"][0]["image"] = serde_json::json!(image);
        c.store.put("pods", "default", pod, p);
    }

    #[test]
    fn busybox_1_28_nslookup_has_the_old_format() {
        let mut c = lab();
        set_image(&mut c, "bb", "busybox:1.28");
        let r = c
            .exec("default", "bb", None, &argv(&["nslookup", "nginx"]), false)
            .unwrap();
        assert_eq!(
            r.stdout,
            "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n\
             Name:      nginx\nAddress 1: 10.105.103.161 nginx.default.svc.cluster.local\n"
        );
        assert_eq!(r.exit_code, 0);
        let r = c
            .exec("default", "bb", None, &argv(&["nslookup", "nope"]), false)
            .unwrap();
        assert_eq!(r.stderr, "nslookup: can't resolve 'nope'\n");
        assert_eq!(r.exit_code, 1);
    }

    #[test]
    fn hello_app_and_nginx_slim_answer_curl() {
        let mut c = lab();
        for (name, ip, image) in [
            (
                "hello-1",
                "10.244.1.50",
                "gcr.io/google-samples/hello-app:2.0",
            ),
            ("web-0", "10.244.1.51", "registry.k8s.io/nginx-slim:0.8"),
            (
                "backend-1",
                "10.244.1.52",
                "gcr.io/google-samples/hello-go-gke:1.0",
            ),
        ] {
            let p = crate::net::testing::pod(name, ip, "desktop-worker", &[("c", image, &[])]);
            c.store.put("pods", "default", name, p);
        }
        let curl = |c: &mut crate::Cluster, url: &str| {
            c.exec(
                "default",
                "curlpod",
                None,
                &argv(&["curl", "-si", url]),
                false,
            )
            .unwrap()
        };
        let r = curl(&mut c, "http://10.244.1.50:8080/");
        assert!(
            r.stdout
                .ends_with("\r\n\r\nHello, world!\nVersion: 2.0.0\nHostname: hello-1\n"),
            "{}",
            r.stdout
        );
        let r = curl(&mut c, "http://10.244.1.51/");
        assert!(
            r.stdout.contains("Server: nginx/1.11.1\r\n"),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("<title>Welcome to nginx!</title>"));
        let r = curl(&mut c, "http://10.244.1.52/");
        assert!(
            r.stdout.ends_with("{\"message\":\"Hello\"}"),
            "{}",
            r.stdout
        );
    }

    #[test]
    fn exec_in_pause_finds_nothing() {
        let mut c = lab();
        set_image(&mut c, "bb", "registry.k8s.io/pause:3.10");
        for prog in ["sh", "ls"] {
            let r = c
                .exec("default", "bb", None, &argv(&[prog]), false)
                .unwrap();
            assert_eq!(r.exit_code, 126);
            assert!(r.stderr.contains(&format!(
                "exec: \"{prog}\": executable file not found in $PATH"
            )));
        }
    }

    #[test]
    fn missing_binaries_fail_like_the_runtime() {
        let mut c = lab();
        let r = c
            .exec("default", "curlpod", None, &argv(&["bash"]), true)
            .unwrap();
        assert_eq!(
            r.stdout,
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": executable file not found in $PATH: unknown\n"
        );
        assert_eq!(r.exit_code, 126);
        let r = c
            .exec("default", "bb", None, &argv(&["curl", "nginx"]), false)
            .unwrap();
        assert_eq!(r.exit_code, 126);
        assert!(r
            .stderr
            .contains("exec: \"curl\": executable file not found in $PATH"));
        let r = c
            .exec(
                "default",
                "nginx-76769d88f7-gsmjb",
                None,
                &argv(&["nslookup", "nginx"]),
                false,
            )
            .unwrap();
        assert_eq!(r.exit_code, 126);
        let r = c
            .exec(
                "default",
                "nginx-76769d88f7-gsmjb",
                None,
                &argv(&["/bin/bashx"]),
                false,
            )
            .unwrap();
        assert!(r
            .stderr
            .contains("exec: \"/bin/bashx\": stat /bin/bashx: no such file or directory: unknown"));
    }

    #[test]
    fn exec_errors_have_kubectls_words() {
        let mut c = lab();
        let e = c
            .exec("default", "nope", None, &argv(&["ls"]), false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): pods \"nope\" not found"
        );
        let e = c
            .exec("default", "curlpod", Some("x"), &argv(&["ls"]), false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Error from server (BadRequest): container x is not valid for pod curlpod"
        );
        let mut p = c.store.get("pods", "default", "curlpod").cloned().unwrap();
        p["status"]["phase"] = serde_json::json!("Pending");
        p["status"]["containerStatuses"][0]["state"] =
            serde_json::json!({"waiting": {"reason": "ContainerCreating"}});
        c.store.put("pods", "default", "curlpod", p.clone());
        let e = c
            .exec("default", "curlpod", None, &argv(&["ls"]), false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: unable to upgrade connection: container not found (\"curl\")"
        );
        let e = c.logs("default", "curlpod", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Error from server (BadRequest): container \"curl\" in pod \"curlpod\" is waiting to start: ContainerCreating"
        );
        p["status"]["phase"] = serde_json::json!("Succeeded");
        c.store.put("pods", "default", "curlpod", p);
        let e = c
            .exec("default", "curlpod", None, &argv(&["ls"]), false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: cannot exec into a container in a completed pod; current phase is Succeeded"
        );
    }

    #[test]
    fn nslookup_prints_like_busybox() {
        let mut c = lab();
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["nslookup", "nginx.default.svc.cluster.local"]),
                false,
            )
            .unwrap();
        assert_eq!(
            r.stdout,
            "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tnginx.default.svc.cluster.local\nAddress: 10.105.103.161\n\n\n"
        );
        assert_eq!(r.exit_code, 0);
        let r = c
            .exec("default", "bb", None, &argv(&["nslookup", "nginx"]), false)
            .unwrap();
        assert_eq!(
            r.stdout,
            "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n\
             Name:\tnginx.default.svc.cluster.local\nAddress: 10.105.103.161\n\n\
             ** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n\
             ** server can't find nginx.cluster.local: NXDOMAIN\n\n\
             \n\
             ** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n\
             ** server can't find nginx.cluster.local: NXDOMAIN\n\n"
        );
        assert_eq!(r.exit_code, 1);
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["nslookup", "x.example"]),
                false,
            )
            .unwrap();
        assert_eq!(
            r.stdout,
            "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find x.example: NXDOMAIN\n\n** server can't find x.example: NXDOMAIN\n\n"
        );
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["nslookup", "10.96.0.10"]),
                false,
            )
            .unwrap();
        assert!(r.stdout.ends_with(
            "10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n"
        ));
    }

    #[test]
    fn env_has_service_links() {
        let mut c = lab();
        let r = c
            .exec(
                "default",
                "nginx-76769d88f7-gsmjb",
                None,
                &argv(&["env"]),
                false,
            )
            .unwrap();
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(
            lines[0],
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        );
        assert_eq!(lines[1], "HOSTNAME=nginx-76769d88f7-gsmjb");
        assert!(lines.contains(&"NGINX_VERSION=1.28.1"));
        assert!(lines.contains(&"KUBERNETES_SERVICE_HOST=10.96.0.1"));
        assert!(lines.contains(&"KUBERNETES_SERVICE_PORT_HTTPS=443"));
        assert!(lines.contains(&"KUBERNETES_PORT=tcp://10.96.0.1:443"));
        assert!(lines.contains(&"NGINX_NP_SERVICE_HOST=10.110.201.171"));
        assert!(lines.contains(&"NGINX_PORT_80_TCP_ADDR=10.105.103.161"));
        assert!(
            !r.stdout.contains("WEB_SERVICE_HOST"),
            "headless services get no links"
        );
        assert_eq!(lines.last(), Some(&"HOME=/root"));
    }

    #[test]
    fn wget_in_busybox() {
        let mut c = lab();
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["wget", "-O", "-", "http://nginx"]),
                false,
            )
            .unwrap();
        assert_eq!(r.stdout, WELCOME);
        assert_eq!(
            r.stderr,
            "Connecting to nginx (10.105.103.161:80)\nwriting to stdout\n\
             -                    100% |********************************|   615  0:00:00 ETA\nwritten to stdout\n"
        );
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["wget", "-qO-", "http://nope"]),
                false,
            )
            .unwrap();
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            ("wget: bad address 'nope'\n", 1)
        );
    }

    #[test]
    fn logs_of_nginx_show_requests() {
        let mut c = lab();
        c.exec(
            "default",
            "curlpod",
            None,
            &argv(&["curl", "-s", "http://10.244.1.3/"]),
            false,
        )
        .unwrap();
        let l = c.logs("default", "nginx-76769d88f7-gsmjb", None).unwrap();
        assert_eq!(
            l.text(false),
            "10.244.2.9 - - [05/Jan/2026:09:05:00 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/7.86.0\" \"-\"\n"
        );
        assert!(l.text(true).starts_with("2026-01-05T09:05:00.000"));
        let e = c.logs("default", "nope", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: error from server (NotFound): pods \"nope\" not found in namespace \"default\""
        );
        let e = c.logs("default", "curlpod", Some("x")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: container x is not valid for pod curlpod"
        );
        assert_eq!(
            ApiError::from(e).to_string(),
            "error: container x is not valid for pod curlpod"
        );
    }

    #[test]
    fn several_containers_default_to_the_first_with_a_notice() {
        let mut c = lab();
        let p = crate::net::testing::pod(
            "two",
            "10.244.1.20",
            "desktop-worker",
            &[
                ("a", "busybox", &["sleep", "infinity"]),
                ("b", "nginx", &[]),
            ],
        );
        c.store.put("pods", "default", "two", p);
        let r = c
            .exec("default", "two", None, &argv(&["hostname"]), false)
            .unwrap();
        assert_eq!(
            (r.stdout.as_str(), r.stderr.as_str()),
            ("two\n", "Defaulted container \"a\" out of: a, b\n")
        );
        let l = c.logs("default", "two", None).unwrap();
        assert_eq!(
            l.notice.as_deref(),
            Some("Defaulted container \"a\" out of: a, b\n")
        );
    }

    #[test]
    fn wget_names_the_server_as_the_url_does() {
        let mut c = lab();
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["wget", "-O", "/dev/null", "http://10.244.1.3:81/"]),
                false,
            )
            .unwrap();
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            ("Connecting to 10.244.1.3:81 (10.244.1.3:81)\nwget: can't connect to remote host (10.244.1.3): Connection refused\n", 1)
        );
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["wget", "http://nginx/nope"]),
                false,
            )
            .unwrap();
        assert_eq!(
            r.stderr,
            "Connecting to nginx (10.105.103.161:80)\nwget: server returned error: HTTP/1.1 404 Not Found\n"
        );
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["wget", "http://nginx/"]),
                false,
            )
            .unwrap();
        assert!(r.stderr.ends_with("saving to 'index.html'\nindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\n"));
    }

    #[test]
    fn ping_reaches_pods_but_not_cluster_ips() {
        let mut c = lab();
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["ping", "-c", "2", "nginx"]),
                false,
            )
            .unwrap();
        assert_eq!(
            (r.stdout.as_str(), r.exit_code),
            (
                "PING nginx (10.105.103.161): 56 data bytes\n\n--- nginx ping statistics ---\n\
                 2 packets transmitted, 0 packets received, 100% packet loss\n",
                1
            )
        );
        let r = c
            .exec(
                "default",
                "bb",
                None,
                &argv(&["ping", "-c", "2", "10.244.2.4"]),
                false,
            )
            .unwrap();
        assert_eq!(r.exit_code, 0);
        assert!(
            r.stdout
                .contains("64 bytes from 10.244.2.4: seq=1 ttl=62 time=0."),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains(
            "2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = "
        ));
        let r = c
            .exec("default", "bb", None, &argv(&["ping", "nope"]), false)
            .unwrap();
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            ("ping: bad address 'nope'\n", 1)
        );
    }

    #[test]
    fn nginx_serves_a_mounted_config_map() {
        let mut c = lab();
        c.store.put(
            "configmaps",
            "default",
            "site",
            serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "site", "namespace": "default"},
                               "data": {"index.html": "<h1>hello</h1>\n", "about.txt": "about\n"}}),
        );
        let mut p = crate::net::testing::pod(
            "site",
            "10.244.1.30",
            "desktop-worker",
            &[("nginx", "nginx:1.29.4", &[])],
        );
        p["spec"]["volumes"] = serde_json::json!([{"name": "html", "configMap": {"name": "site"}}]);
        p["spec"]["containers"][0]["volumeMounts"] =
            serde_json::json!([{"name": "html", "mountPath": "/usr/share/nginx/html"}]);
        c.store.put("pods", "default", "site", p);
        let r = c
            .exec(
                "default",
                "curlpod",
                None,
                &argv(&["curl", "-s", "10.244.1.30"]),
                false,
            )
            .unwrap();
        assert_eq!(r.stdout, "<h1>hello</h1>\n");
        let r = c
            .exec(
                "default",
                "curlpod",
                None,
                &argv(&[
                    "curl",
                    "-s",
                    "-w",
                    " %{content_type}",
                    "10.244.1.30/about.txt",
                ]),
                false,
            )
            .unwrap();
        assert_eq!(r.stdout, "about\n text/plain");
        let r = c
            .exec(
                "default",
                "curlpod",
                None,
                &argv(&[
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "10.244.1.30/50x.html",
                ]),
                false,
            )
            .unwrap();
        assert_eq!(r.stdout, "404", "the mount hides the image's own files");
        let r = c
            .exec(
                "default",
                "site",
                None,
                &argv(&["ls", "/usr/share/nginx/html"]),
                false,
            )
            .unwrap();
        assert_eq!(r.stdout, "about.txt\nindex.html\n");
    }
}
