//! Images as behaviours: what a container of a known image does (ports it
//! serves, what it logs, which commands `kubectl exec` finds in it, whether
//! it exits). An image the registry does not know fails to pull, as a real
//! pull of a missing image does.
//!
//! Contract with the kubelet (crate::kubelet): when a container starts it
//! calls [`start`]; `None` means the pull fails (ErrImagePull, then
//! ImagePullBackOff). The kubelet appends [`Started::logs`] to the
//! [`LogStore`] and, if [`Started::exit`] is set, ends the container after
//! that many milliseconds with that exit code.

pub(crate) mod apps;
pub(crate) mod catalog;
pub(crate) mod echo;
pub mod exec;
pub(crate) mod fs;
pub(crate) mod ingress_nginx;
pub(crate) mod nginx;
pub(crate) mod shell;
pub mod tar;
pub(crate) mod tools;

pub use exec::{PodError, PodLogs};

use crate::time::Time;
use std::collections::BTreeMap;

/// Placeholder in a [`Started::logs`] line for the time the line is
/// written, in nginx's error-log format (`2026/01/05 09:00:12`); the
/// [`LogStore`] fills it in when the line is appended.
pub const NGINX_LOG_TIME: &str = "\u{1}nginx-time\u{1}";
/// Placeholder for the time in `date`'s default format
/// (`Mon Jan  5 09:00:12 UTC 2026`).
pub const DATE_NOW: &str = "\u{1}date\u{1}";
/// Placeholder for klog's time (`0105 09:00:12.000000`, after the level letter).
pub const KLOG_TIME: &str = "\u{1}klog\u{1}";
/// Placeholder for an RFC 3339 time (`2026-01-05T09:00:12Z`).
pub const RFC3339_NOW: &str = "\u{1}rfc3339\u{1}";

/// Placeholder for redis' log time (`05 Jan 2026 09:00:12.000`).
pub const REDIS_TIME: &str = "\u{1}redis\u{1}";

/// Placeholder for fluentd's log time (`2026-01-05 09:00:12 +0000`).
pub const FLUENTD_TIME: &str = "\u{1}fluentd\u{1}";

/// Fills the time placeholders of a log line (each one's text is made only
/// when the line holds it: nginx writes a few such lines per pod start).
fn stamp(line: String, at: Time) -> String {
    if !line.contains('\u{1}') {
        return line;
    }
    let (y, mo, d, h, mi, sec) = at.civil();
    let ms = at.0.rem_euclid(1000);
    let fills: [(&str, &dyn Fn() -> String); 6] = [
        (NGINX_LOG_TIME, &|| nginx::error_log_time(at)),
        (DATE_NOW, &|| date_text(at)),
        (KLOG_TIME, &|| {
            format!("{mo:02}{d:02} {h:02}:{mi:02}:{sec:02}.{:06}", ms * 1000)
        }),
        (RFC3339_NOW, &|| at.rfc3339()),
        (FLUENTD_TIME, &|| {
            format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{sec:02} +0000")
        }),
        (REDIS_TIME, &|| {
            format!(
                "{d:02} {} {y} {h:02}:{mi:02}:{sec:02}.{ms:03}",
                nginx::MONTHS[(mo as usize).saturating_sub(1) % 12],
            )
        }),
    ];
    let mut line = line;
    for (placeholder, fill) in fills {
        if line.contains(placeholder) {
            line = line.replace(placeholder, &fill());
        }
    }
    line
}

/// `date`'s default output (GNU and BusyBox agree): `Mon Jan  5 09:00:12 UTC 2026`.
pub(crate) fn date_text(t: Time) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        [t.secs().div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{wd} {} {d:2} {h:02}:{mi:02}:{s:02} UTC {y}",
        nginx::MONTHS[(mo as usize).saturating_sub(1) % 12]
    )
}

/// The directory an image's processes start in (its `WORKDIR`).
pub(crate) fn workdir(img: &catalog::Image) -> String {
    match img.kind {
        catalog::Kind::Curl => img.user().2.to_string(),
        _ => "/".to_string(),
    }
}

/// What a container does when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    /// How long pulling the image takes on a node that lacks it.
    pub pull_ms: i64,
    /// Lines the process writes at start (milliseconds after start, text).
    pub logs: Vec<(i64, String)>,
    /// `Some((after_ms, exit_code))` if the process ends by itself.
    pub exit: Option<(i64, i32)>,
    /// TCP ports the process listens on.
    pub listens: Vec<u16>,
}

/// Splits `repo/name:tag` into the image's short name (`nginx`,
/// `curlimages/curl`, `busybox`) and its tag. `docker.io/` and
/// `docker.io/library/` prefixes are dropped; a digest is ignored.
pub fn parse_ref(image: &str) -> (String, String) {
    let image = image.split('@').next().unwrap_or("");
    let (repo, tag) = match image.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (image, "latest"),
    };
    let repo = repo
        .strip_prefix("docker.io/")
        .unwrap_or(repo)
        .strip_prefix("library/")
        .unwrap_or(repo.strip_prefix("docker.io/").unwrap_or(repo));
    (repo.to_string(), tag.to_string())
}

/// What a container of `image` does when it starts with the pod's
/// `command` and `args` (either may be empty: the image's defaults apply).
/// `None`: the image does not exist in any registry we simulate.
///
/// Without the cluster around it the process cannot use the network or
/// know its pod; [`crate::Cluster::start_container`] runs it in its pod.
/// An exit code of 128 means the command could not be started at all (the
/// kubelet's `StartError`).
pub fn start(image: &str, command: &[String], args: &[String]) -> Option<Started> {
    let img = catalog::identify(image)?;
    let mut sys = Detached {
        env: img.env(),
        img,
        fs: shell::MemFs::default(),
    };
    Some(run_main(&mut sys, command, args))
}

/// Why pulling `image` fails, as containerd words it: a missing repository
/// (`pull access denied, repository does not exist ...`) or a missing tag
/// of a known repository (`...: not found`). `None` when the pull succeeds.
pub fn pull_error(image: &str) -> Option<String> {
    catalog::pull_failure(image)
}

/// How long pulling an image takes on a node that lacks it.
fn pull_ms(img: &catalog::Image) -> i64 {
    match img.kind {
        catalog::Kind::Nginx => 4_000,
        catalog::Kind::Ubuntu => 3_000,
        catalog::Kind::Perl => 12_000,
        catalog::Kind::Fluentd => 9_000,
        catalog::Kind::GbFrontend => 6_000,
        catalog::Kind::Pause => 500,
        _ => 2_000,
    }
}

/// The container's main process: the image's entrypoint and command as the
/// pod overrides them.
pub(crate) fn main_argv(img: &catalog::Image, command: &[String], args: &[String]) -> Vec<String> {
    if !command.is_empty() {
        return command.iter().chain(args).cloned().collect();
    }
    match img.kind {
        catalog::Kind::Curl => {
            // /entrypoint.sh: `curl` unless the first argument is a command.
            match args.first() {
                None => vec!["curl".into()],
                Some(a) if a.starts_with('-') || !img.has_program(a) => {
                    std::iter::once("curl".to_string())
                        .chain(args.iter().cloned())
                        .collect()
                }
                Some(_) => args.to_vec(),
            }
        }
        _ if !args.is_empty() => args.to_vec(),
        catalog::Kind::Nginx => vec!["nginx".into(), "-g".into(), "daemon off;".into()],
        catalog::Kind::Ubuntu => vec!["/bin/bash".into()],
        catalog::Kind::Perl => vec!["perl".into(), "-de0".into()],
        catalog::Kind::Bash => vec!["bash".into()],
        _ => vec!["sh".into()],
    }
}

pub(crate) fn run_main(sys: &mut dyn shell::Sys, command: &[String], args: &[String]) -> Started {
    let img = sys.image().clone();
    let pull_ms = pull_ms(&img);
    if let Some(started) = run_special(&img, command, args, pull_ms) {
        return started;
    }
    if runs_nginx(&img, command, args) {
        let logs = img
            .nginx
            .as_ref()
            .map(nginx::startup_logs)
            .unwrap_or_default();
        return Started {
            pull_ms,
            logs,
            exit: None,
            listens: vec![80],
        };
    }
    let argv = main_argv(&img, command, args);
    let Some(prog) = argv.first() else {
        return Started {
            pull_ms,
            logs: vec![],
            exit: Some((0, 128)),
            listens: vec![],
        };
    };
    if !img.has_program(prog) {
        return Started {
            pull_ms,
            logs: vec![],
            exit: Some((0, 128)),
            listens: vec![],
        };
    }
    let run = shell::run_argv(sys, &argv, false);
    let mut logs = Vec::new();
    let mut pending = String::new();
    let mut at = 0;
    for (t, _, text) in &run.out {
        for piece in text.split_inclusive('\n') {
            if pending.is_empty() {
                at = *t;
            }
            pending.push_str(piece);
            if pending.ends_with('\n') {
                pending.pop();
                logs.push((at, std::mem::take(&mut pending)));
            }
        }
    }
    if !pending.is_empty() {
        logs.push((at, pending));
    }
    let exit = if run.forever {
        None
    } else {
        Some((run.elapsed.max(20), run.code))
    };
    Started {
        pull_ms,
        logs,
        exit,
        listens: vec![],
    }
}

/// The images whose main process is not a shell program: the ingress-nginx
/// controller, kube-webhook-certgen and the echo servers.
fn run_special(
    img: &catalog::Image,
    command: &[String],
    args: &[String],
    pull_ms: i64,
) -> Option<Started> {
    let argv: Vec<String> = command.iter().chain(args).cloned().collect();
    let started = |logs, exit, listens| Started {
        pull_ms,
        logs,
        exit,
        listens,
    };
    match img.kind {
        catalog::Kind::IngressNginx if !command.is_empty() && !is_controller(&argv) => None,
        catalog::Kind::IngressNginx => Some(started(
            ingress_nginx::controller_start_logs(&argv),
            None,
            ingress_nginx::CONTROLLER_PORTS.to_vec(),
        )),
        catalog::Kind::Certgen => {
            let (logs, after, code) = ingress_nginx::certgen_start(&argv);
            Some(started(logs, Some((after, code)), vec![]))
        }
        catalog::Kind::HttpEcho => {
            let (logs, exit, listens) = echo::http_echo_start(&argv);
            Some(started(logs, exit.map(|c| (20, c)), listens))
        }
        catalog::Kind::Pause => Some(started(vec![], None, vec![])),
        catalog::Kind::HelloApp => Some(started(apps::hello_app_start_logs(), None, vec![8080])),
        catalog::Kind::HelloGo => Some(started(vec![], None, vec![80])),
        catalog::Kind::Redis if command.is_empty() && args.is_empty() => Some(started(
            apps::redis_start_logs(&redis_version(img)),
            None,
            vec![6379],
        )),
        catalog::Kind::GbFrontend if command.is_empty() => {
            Some(started(apps::guestbook_start_logs(), None, vec![80]))
        }
        catalog::Kind::Fluentd if command.is_empty() => Some(started(
            apps::fluentd_start_logs(if img.tag.starts_with('v') {
                "1.4.2"
            } else {
                "0.12.29"
            }),
            None,
            vec![24231],
        )),
        catalog::Kind::EchoServer if command.is_empty() => Some(started(
            vec![
                (0, "Generating self-signed cert".into()),
                (300, "Starting nginx".into()),
            ],
            None,
            echo::ECHOSERVER_PORTS.to_vec(),
        )),
        _ => None,
    }
}

/// The redis release an image carries: the guestbook's registry.k8s.io
/// mirror is 6.0.5; Docker Hub's `redis` follows its tag.
fn redis_version(img: &catalog::Image) -> String {
    if img.repo.contains("k8s") {
        return "6.0.5".into();
    }
    let t = img.tag.split('-').next().unwrap_or("");
    match t.split('.').count() {
        3 => t.to_string(),
        _ => match t {
            "7" | "7.4" => "7.4.7".into(),
            "7.2" => "7.2.12".into(),
            "6" | "6.2" => "6.2.21".into(),
            "8.2" => "8.2.3".into(),
            _ => "8.4.0".into(),
        },
    }
}

/// Whether the controller image runs its controller (the image's
/// entrypoint `/usr/bin/dumb-init -- /nginx-ingress-controller` with the
/// manifest's args).
fn is_controller(argv: &[String]) -> bool {
    argv.iter()
        .any(|a| a.ends_with("/nginx-ingress-controller") || a == "nginx-ingress-controller")
}

/// A process started without its pod (see [`start`]).
struct Detached {
    img: catalog::Image,
    env: Vec<(String, String)>,
    fs: shell::MemFs,
}

impl Detached {
    fn base(&self, path: &str) -> Option<String> {
        match path {
            "/etc/os-release" => self.img.os_release(),
            p => self
                .img
                .nginx
                .as_ref()
                .and_then(|b| nginx::shipped_file(b, p))
                .map(str::to_string),
        }
    }
}

impl shell::Sys for Detached {
    fn image(&self) -> &catalog::Image {
        &self.img
    }
    fn env(&self) -> Vec<(String, String)> {
        self.env.clone()
    }
    fn read(&self, path: &str) -> Result<String, shell::Errno> {
        self.fs.read(path, self.base(path))
    }
    fn stat(&self, path: &str) -> Result<shell::Stat, shell::Errno> {
        self.fs.stat(path, self.base(path), false)
    }
    fn list(&self, path: &str) -> Result<Vec<(String, shell::Stat)>, shell::Errno> {
        self.fs.list(path, Vec::new())
    }
    fn write(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        _at: i64,
    ) -> Result<(), shell::Errno> {
        let base = self.base(path);
        self.fs.write(path, text, append, base)
    }
    fn mkdir(&mut self, path: &str) -> Result<(), shell::Errno> {
        self.fs.mkdir(path)
    }
    fn remove(&mut self, path: &str, _dir: bool) -> Result<(), shell::Errno> {
        let exists = self.base(path).is_some();
        self.fs.remove(path, exists)
    }
    fn workdir(&self) -> String {
        workdir(&self.img)
    }
    fn hostname(&self) -> String {
        "localhost".into()
    }
    fn ip(&self) -> String {
        String::new()
    }
    fn now(&self) -> Time {
        crate::time::SIM_START
    }
    fn main_cmd(&self) -> String {
        String::new()
    }
    fn curl(&mut self, args: &[String], tty: bool) -> crate::ExecResult {
        // A cluster of its own, where no name resolves and nothing answers.
        let mut alone = crate::Cluster::new(crate::Profile::default(), 0);
        let flavor = crate::net::curl::Flavor::new(self.img.curl.unwrap_or("8.17.0"), false);
        let origin = crate::net::Origin::Pod {
            namespace: String::new(),
            name: String::new(),
        };
        alone.curl_with(&flavor, &origin, args, tty)
    }
    fn nslookup(&mut self, _args: &[String]) -> crate::ExecResult {
        crate::ExecResult {
            stdout: ";; connection timed out; no servers could be reached\n\n".into(),
            stderr: String::new(),
            exit_code: 1,
        }
    }
    fn ping(&mut self, args: &[String]) -> crate::ExecResult {
        let host = args
            .iter()
            .rev()
            .find(|a| !a.starts_with('-'))
            .cloned()
            .unwrap_or_default();
        crate::ExecResult {
            stdout: String::new(),
            stderr: format!("ping: bad address '{host}'\n"),
            exit_code: 1,
        }
    }
    fn wget(&mut self, args: &[String], _tty: bool) -> crate::ExecResult {
        let host = args
            .iter()
            .find(|a| !a.starts_with('-'))
            .cloned()
            .unwrap_or_default();
        crate::ExecResult {
            stdout: String::new(),
            stderr: format!("wget: bad address '{host}'\n"),
            exit_code: 1,
        }
    }
}

/// Whether the container's main process is nginx (the image's default, or
/// `nginx ...` through the entrypoint).
fn runs_nginx(img: &catalog::Image, command: &[String], args: &[String]) -> bool {
    if img.kind != catalog::Kind::Nginx {
        return false;
    }
    let is_nginx = |a: &String| matches!(a.as_str(), "nginx" | "nginx-debug" | "/usr/sbin/nginx");
    match command.first() {
        None => args.first().is_none_or(is_nginx),
        Some(c) if c == "/docker-entrypoint.sh" => args.first().is_none_or(is_nginx),
        Some(c) => is_nginx(c),
    }
}

/// The TCP ports a container of `image` run with `command`/`args` listens on.
pub fn listens(image: &str, command: &[String], args: &[String]) -> Vec<u16> {
    match catalog::identify(image) {
        Some(img) if runs_nginx(&img, command, args) => vec![80],
        Some(img) => run_special(&img, command, args, 0)
            .map(|s| s.listens)
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

impl crate::Cluster {
    /// Answers a request that reached `t` (a container that listens on the
    /// port): the response and the lines the server logs.
    pub(crate) fn serve_in_container(
        &self,
        t: &crate::net::http::Target,
        req: &nginx::ServerRequest,
    ) -> (crate::net::HttpResponse, Vec<String>) {
        let pod = self.pod_obj(&t.ns, &t.pod);
        let container = pod.and_then(|p| {
            crate::net::topo::arr_at(p, "/spec/containers")
                .iter()
                .find(|c| crate::net::topo::str_at(c, "/name") == t.container)
        });
        let img = catalog::identify(&t.image);
        if let (Some(pod), Some(container), Some(i)) = (pod, container, img.as_ref()) {
            let argv: Vec<String> = ["/command", "/args"]
                .iter()
                .flat_map(|p| crate::net::topo::arr_at(container, p).iter())
                .filter_map(serde_json::Value::as_str)
                .map(str::to_string)
                .collect();
            match i.kind {
                catalog::Kind::HttpEcho => return echo::http_echo_serve(&argv, req, self.now),
                catalog::Kind::HelloApp => {
                    let version = if i.tag == "1.0" { "1.0.0" } else { "2.0.0" };
                    return apps::hello_app_serve(version, &t.pod, &req.target);
                }
                catalog::Kind::HelloGo => return apps::hello_go_serve(),
                catalog::Kind::GbFrontend => {
                    return apps::guestbook_serve(&req.target, &req.client_ip)
                }
                catalog::Kind::EchoServer => {
                    let scheme = if t.port == 8443 { "https" } else { "http" };
                    let hostname = crate::net::topo::str_at(pod, "/spec/hostname");
                    let hostname = if hostname.is_empty() {
                        t.pod.as_str()
                    } else {
                        hostname
                    };
                    return echo::echoserver_serve(hostname, t.port, scheme, req, self.now);
                }
                _ => {}
            }
        }
        let build = img.as_ref().and_then(|i| i.nginx.clone());
        match (pod, container, img, build) {
            (Some(pod), Some(container), Some(img), Some(build)) => {
                let conn = self
                    .logs
                    .get(&t.ns, &t.pod, &t.container)
                    .iter()
                    .filter(|(_, l)| l.contains(" HTTP/1.1\" "))
                    .count() as u64
                    + 1;
                let view = self.fs_view(pod, container, &img);
                let lookup = |path: &str| {
                    let st = self.fs_stat(&view, path).ok()?;
                    Some(match st.kind {
                        fs::Kind::Dir => nginx::Found::Dir,
                        fs::Kind::File => {
                            nginx::Found::File(self.fs_read(&view, path).ok()?, st.mtime.secs())
                        }
                    })
                };
                let served = nginx::serve(&build, req, self.now, conn, &lookup);
                (served.response, served.log)
            }
            _ => (
                crate::net::HttpResponse {
                    version: "HTTP/1.1".into(),
                    status: 502,
                    reason: "Bad Gateway".into(),
                    headers: vec![],
                    body: String::new(),
                },
                vec![],
            ),
        }
    }
}

/// Container logs, kept per (namespace, pod, container).
#[derive(Clone, Debug, Default)]
pub struct LogStore {
    lines: BTreeMap<(String, String, String), Vec<(Time, String)>>,
    /// Bytes in each container's current log file.
    bytes: BTreeMap<(String, String, String), usize>,
}

/// The kubelet's `containerLogMaxSize` (10Mi): the log file is rotated
/// when it would grow past this, and `kubectl logs` reads only the current
/// file, so the lines before the rotation are no longer shown.
pub const CONTAINER_LOG_MAX_BYTES: usize = 10 * 1024 * 1024;

impl LogStore {
    pub fn append(
        &mut self,
        ns: &str,
        pod: &str,
        container: &str,
        at: Time,
        line: impl Into<String>,
    ) {
        let key = (ns.to_string(), pod.to_string(), container.to_string());
        let line = stamp(line.into(), at);
        let size = self.bytes.entry(key.clone()).or_default();
        let lines = self.lines.entry(key).or_default();
        if *size + line.len() + 1 > CONTAINER_LOG_MAX_BYTES {
            lines.clear();
            *size = 0;
        }
        *size += line.len() + 1;
        lines.push((at, line));
    }
    pub fn get(&self, ns: &str, pod: &str, container: &str) -> &[(Time, String)] {
        self.lines
            .get(&(ns.to_string(), pod.to_string(), container.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Forgets a pod's logs (when the pod is deleted).
    pub fn remove_pod(&mut self, ns: &str, pod: &str) {
        self.lines.retain(|(n, p, _), _| !(n == ns && p == pod));
        self.bytes.retain(|(n, p, _), _| !(n == ns && p == pod));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_rotate_at_the_kubelet_limit() {
        let mut logs = LogStore::default();
        let line = "x".repeat(1023);
        for _ in 0..10 * 1024 {
            logs.append("ns", "p", "c", Time(0), line.clone());
        }
        assert_eq!(logs.get("ns", "p", "c").len(), 10 * 1024);
        logs.append("ns", "p", "c", Time(0), "after");
        assert_eq!(logs.get("ns", "p", "c").len(), 1);
        logs.remove_pod("ns", "p");
        assert!(logs.get("ns", "p", "c").is_empty());
    }

    #[test]
    fn image_refs() {
        assert_eq!(parse_ref("nginx:stable"), ("nginx".into(), "stable".into()));
        assert_eq!(
            parse_ref("docker.io/curlimages/curl:7.86.0"),
            ("curlimages/curl".into(), "7.86.0".into())
        );
        assert_eq!(
            parse_ref("docker.io/library/nginx"),
            ("nginx".into(), "latest".into())
        );
        assert_eq!(
            parse_ref("localhost:5000/x"),
            ("localhost:5000/x".into(), "latest".into())
        );
    }

    #[test]
    fn unknown_images_fail_to_pull() {
        assert!(start("nginx", &[], &[]).is_some());
        assert!(start("nginxx:nope", &[], &[]).is_none());
        assert!(start("nginx:1.99.9", &[], &[]).is_none());
        assert!(start("nginx:doesnotexist", &[], &[]).is_none());
        assert_eq!(
            pull_error("nginx:doesnotexist").as_deref(),
            Some("failed to pull and unpack image \"docker.io/library/nginx:doesnotexist\": failed to resolve reference \"docker.io/library/nginx:doesnotexist\": docker.io/library/nginx:doesnotexist: not found")
        );
        assert!(pull_error("nginxx:nope")
            .unwrap()
            .ends_with("pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"));
        assert!(pull_error("registry.k8s.io/nginx-slim:0.9")
            .unwrap()
            .ends_with(": not found"));
        assert_eq!(pull_error("nginx"), None);
    }

    #[test]
    fn docs_example_images_start() {
        let forever = |image: &str, ports: &[u16]| {
            let s = start(image, &[], &[]).unwrap_or_else(|| panic!("{image} pulls"));
            assert_eq!((s.exit, s.listens.as_slice()), (None, ports), "{image}");
            s
        };
        let s = forever("registry.k8s.io/nginx-slim:0.8", &[80]);
        assert!(s.logs.is_empty() || !s.logs[0].1.contains("docker-entrypoint"));
        forever("registry.k8s.io/nginx-slim:0.24", &[80]);
        forever("registry.k8s.io/pause", &[]);
        let s = forever(
            "registry.k8s.io/redis@sha256:cb111d1bd870a6a471385a4a69ad17469d326e9dd91e0e455350cacf36e1b3ee",
            &[6379],
        );
        assert!(s
            .logs
            .iter()
            .any(|(_, l)| l.ends_with("Ready to accept connections")));
        let s = forever("redis:7.2.4", &[6379]);
        assert!(s.logs[1].1.contains("Redis version=7.2.4,"));
        let s = forever("gcr.io/google-samples/hello-app:2.0", &[8080]);
        assert!(s.logs[0].1.ends_with("Server listening on port 8080"));
        forever("gcr.io/google-samples/hello-go-gke:1.0", &[80]);
        forever(
            "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5",
            &[80],
        );
        forever("k8s.gcr.io/fluentd-elasticsearch:1.20", &[24231]);
        forever("quay.io/fluentd_elasticsearch/fluentd:v2.5.2", &[24231]);
        assert!(start("gcr.io/google-samples/hello-app:9.9", &[], &[]).is_none());

        // The pi Job: several seconds of work, then 2000 digits.
        let s = start(
            "perl:5.34.0",
            &v(&["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]),
            &[],
        )
        .unwrap();
        let (after, code) = s.exit.unwrap();
        assert_eq!(code, 0);
        assert!(after >= 3_000, "{after}");
        assert_eq!(s.logs.len(), 1);
        assert!(s.logs[0].1.starts_with("3.14159265358979"));
        let s = start("perl", &v(&["perl", "-e", "print \"x\\n\""]), &[]).unwrap();
        assert_eq!(
            (s.logs, s.exit),
            (vec![(30, "x".to_string())], Some((30, 0)))
        );
        let s = start("perl", &v(&["perl", "-e", "nonsense here"]), &[]).unwrap();
        assert_eq!(s.exit.map(|e| e.1), Some(255));

        // bash: `bash -c` and the sh programs.
        let s = start(
            "docker.io/library/bash",
            &v(&["bash", "-c"]),
            &v(&["echo $((1+2))"]),
        )
        .unwrap();
        assert_eq!(s.exit.map(|e| e.1), Some(0));
        let s = start("bash", &v(&["bash", "--version"]), &[]).unwrap();
        assert!(s.logs[0]
            .1
            .starts_with("GNU bash, version 5.3.3(1)-release (x86_64-pc-linux-musl)"));
        let s = start("bash:5.2", &v(&["sh", "-c", "echo hi"]), &[]).unwrap();
        assert_eq!(s.logs, vec![(0, "hi".to_string())]);
        let s = start("busybox:1.28", &v(&["/bin/sh", "-c", "echo Hello"]), &[]).unwrap();
        assert_eq!(s.exit, Some((20, 0)));
    }

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn main_processes_run_their_commands() {
        let s = start("nginx:stable", &[], &[]).unwrap();
        assert_eq!((s.exit, s.listens.as_slice()), (None, &[80u16][..]));
        assert!(s
            .logs
            .iter()
            .any(|(_, l)| l.contains("Configuration complete; ready for start up")));
        let s = start(
            "docker.io/curlimages/curl:7.86.0",
            &v(&["sleep", "infinity"]),
            &[],
        )
        .unwrap();
        assert_eq!((s.exit, s.logs.len()), (None, 0));
        let s = start("curlimages/curl:7.86.0", &[], &[]).unwrap();
        assert_eq!(s.exit, Some((20, 2)));
        assert_eq!(
            s.logs,
            vec![(
                0,
                "curl: try 'curl --help' or 'curl --manual' for more information".to_string()
            )]
        );
        let s = start("busybox", &[], &[]).unwrap();
        assert_eq!(s.exit, Some((20, 0)), "sh without input exits at once");
        let s = start(
            "busybox",
            &v(&["sh", "-c"]),
            &v(&["echo hello; sleep 5; echo bye; exit 3"]),
        )
        .unwrap();
        assert_eq!(
            s.logs,
            vec![(0, "hello".to_string()), (5000, "bye".to_string())]
        );
        assert_eq!(s.exit, Some((5000, 3)));
        let s = start("busybox", &v(&["bash"]), &[]).unwrap();
        assert_eq!(s.exit, Some((0, 128)));
    }

    #[test]
    fn log_lines_get_their_times_filled_in() {
        let mut l = LogStore::default();
        l.append(
            "d",
            "p",
            "c",
            crate::time::SIM_START,
            format!("{NGINX_LOG_TIME} [notice] 1#1: x"),
        );
        l.append("d", "p", "c", crate::time::SIM_START, DATE_NOW.to_string());
        let got: Vec<&str> = l
            .get("d", "p", "c")
            .iter()
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(
            got,
            [
                "2026/01/05 09:00:00 [notice] 1#1: x",
                "Mon Jan  5 09:00:00 UTC 2026"
            ]
        );
        l.remove_pod("d", "p");
        assert!(l.get("d", "p", "c").is_empty());
    }
}
