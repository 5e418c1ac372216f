//! The ingress-nginx v1.5.1 controller: which Ingresses it owns, the nginx
//! servers and locations it would generate from them, and how that nginx
//! answers a request that reached the controller pod's port 80 or 443.
//!
//! The model follows what the controller renders into nginx.conf:
//! - ownership: `spec.ingressClassName` naming an IngressClass whose
//!   `spec.controller` is the controller's `--controller-class`
//!   (`k8s.io/ingress-nginx`), the legacy `kubernetes.io/ingress.class`
//!   annotation equal to `--ingress-class`, or no class at all when one of
//!   its IngressClasses is the default (what the API server's
//!   DefaultIngressClass admission would have filled in) or with
//!   `--watch-ingress-without-class`; anything else is ignored;
//! - one server per host (`*.foo.com` as the single-label regex
//!   `^[\w-]+\.foo\.com$`), the catch-all server `_` for rules without a
//!   host and for requests no server names; every server has a root
//!   location `/` going to the default backend (the built-in 404) unless an
//!   Ingress supplies `/` or a `defaultBackend`;
//! - locations: `Exact` is `location = /p`; `Prefix /p` becomes `location
//!   /p/` plus `location = /p` (trailing slash ignored), so matching is
//!   element-wise; `ImplementationSpecific` is a plain nginx prefix; the
//!   oldest Ingress wins a duplicate; locations are ordered by length,
//!   longest first;
//! - `rewrite-target` or `use-regex` on any Ingress of a host turns every
//!   location of that host into a case-insensitive regex `~* "^<path>"`,
//!   first match in that order wins; the rewrite is
//!   `rewrite "(?i)<path>" <target> break;` (captures `$1`..`$9`);
//! - TLS on 443 with the Secret of a matching `spec.tls` entry, else the
//!   self-signed "Kubernetes Ingress Controller Fake Certificate"; plain
//!   HTTP to a host with TLS is redirected (308) unless `ssl-redirect` is
//!   "false" (`force-ssl-redirect` redirects without TLS);
//! - upstreams `<namespace>-<service>-<port>` balanced over the Service's
//!   ready endpoints (directly to pod IPs, not through the cluster IP);
//!   none ready or no such Service: 503;
//! - one access-log line per request in the controller's
//!   `log-format-upstream`.

use super::http::{container_running, Outgoing, Target};
use super::regex::{expand, Regex};
use super::topo::{arr_at, port_of, str_at};
use super::url::Url;
use super::{Hop, HttpResponse};
use crate::images::nginx::{error_page, http_date, time_local};
use crate::Cluster;
use serde_json::{json, Value};

/// The controller class ingress-nginx implements.
pub const CONTROLLER_CLASS: &str = "k8s.io/ingress-nginx";
/// The subject of the certificate the controller serves when no Secret
/// matches.
pub const FAKE_CERT_SUBJECT: &str = "O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate";

const ANN: &str = "nginx.ingress.kubernetes.io/";
/// Seconds between the controller's status syncs.
const STATUS_SYNC_MS: i64 = 60_000;

fn hop(kind: &str, ns: &str, name: &str, note: impl Into<String>) -> Hop {
    Hop {
        kind: kind.into(),
        namespace: ns.into(),
        name: name.into(),
        note: note.into(),
    }
}

/// The controller's command-line flags that decide what it serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Flags {
    pub(crate) controller_class: String,
    pub(crate) ingress_class: String,
    pub(crate) watch_without_class: bool,
    publish_service: Option<(String, String)>,
    publish_status_address: Option<String>,
}

/// Whether `image` is the ingress-nginx controller image.
pub(crate) fn is_controller_image(image: &str) -> bool {
    crate::images::catalog::identify(image)
        .is_some_and(|i| i.kind == crate::images::catalog::Kind::IngressNginx)
}

/// The flags of the controller container of `pod`, if it runs one.
pub(crate) fn flags_of(pod: &Value) -> Option<Flags> {
    let ns = crate::namespace_of(pod);
    let c = arr_at(pod, "/spec/containers")
        .iter()
        .find(|c| is_controller_image(str_at(c, "/image")))?;
    let argv: Vec<String> = ["/command", "/args"]
        .iter()
        .flat_map(|p| arr_at(c, p).iter())
        .filter_map(Value::as_str)
        .map(|a| a.replace("$(POD_NAMESPACE)", ns))
        .collect();
    if !argv.iter().any(|a| a.ends_with("nginx-ingress-controller")) {
        return None;
    }
    let flag = |name: &str| {
        argv.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_string))
    };
    Some(Flags {
        controller_class: flag("controller-class").unwrap_or_else(|| CONTROLLER_CLASS.into()),
        ingress_class: flag("ingress-class").unwrap_or_else(|| "nginx".into()),
        watch_without_class: flag("watch-ingress-without-class").as_deref() == Some("true"),
        publish_service: flag("publish-service").and_then(|s| {
            s.split_once('/')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        }),
        publish_status_address: flag("publish-status-address"),
    })
}

/// A Service port as an Ingress backend names it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PortRef {
    Number(u16),
    Name(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Backend {
    ns: String,
    service: String,
    port: PortRef,
}

impl Backend {
    fn from(ns: &str, b: &Value) -> Option<Backend> {
        let svc = b.get("service")?;
        let port = match svc.pointer("/port/number").and_then(|n| port_of(Some(n))) {
            Some(n) => PortRef::Number(n),
            None => PortRef::Name(str_at(svc, "/port/name").to_string()),
        };
        Some(Backend {
            ns: ns.to_string(),
            service: str_at(svc, "/name").to_string(),
            port,
        })
    }
    /// The upstream's name in nginx.conf and the access log.
    fn upstream(&self) -> String {
        let port = match &self.port {
            PortRef::Number(n) => n.to_string(),
            PortRef::Name(n) => n.clone(),
        };
        format!("{}-{}-{port}", self.ns, self.service)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `location = /p`
    Exact,
    /// `location /p` (nginx string prefix)
    Prefix,
}

/// One nginx location.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Location {
    path: String,
    kind: Kind,
    /// The Ingress path and pathType it came from.
    ingress_path: String,
    path_type: String,
    /// The Ingress (namespace, name); `None` for the built-in root.
    ingress: Option<(String, String)>,
    /// `None`: the default backend (the built-in 404).
    backend: Option<Backend>,
    rewrite: Option<String>,
    use_regex: bool,
    ssl_redirect: bool,
    force_ssl_redirect: bool,
}

impl Location {
    fn root() -> Location {
        Location {
            path: "/".into(),
            kind: Kind::Prefix,
            ingress_path: "/".into(),
            path_type: "Prefix".into(),
            ingress: None,
            backend: None,
            rewrite: None,
            use_regex: false,
            ssl_redirect: true,
            force_ssl_redirect: false,
        }
    }
    fn needs_rewrite(&self) -> bool {
        self.rewrite
            .as_deref()
            .is_some_and(|t| !t.is_empty() && t != self.path)
    }
}

/// One nginx server block.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Server {
    /// `_` for the catch-all server.
    host: String,
    locations: Vec<Location>,
    /// The TLS Secret (namespace, name) a `spec.tls` entry names for this host.
    tls: Option<(String, String)>,
}

impl Server {
    fn new(host: &str) -> Server {
        Server {
            host: host.to_string(),
            locations: vec![Location::root()],
            tls: None,
        }
    }
    /// `rewrite-target` or `use-regex` on any location of the host.
    fn enforce_regex(&self) -> bool {
        self.locations
            .iter()
            .any(|l| l.use_regex || l.needs_rewrite())
    }
    fn matches_host(&self, host: &str) -> bool {
        match self.host.strip_prefix("*.") {
            Some(suffix) => host
                .strip_suffix(suffix)
                .and_then(|h| h.strip_suffix('.'))
                .is_some_and(|label| {
                    !label.is_empty()
                        && label
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                }),
            None => self.host.eq_ignore_ascii_case(host),
        }
    }
    /// The location nginx picks for `path` (the decoded URI, no query).
    fn select(&self, path: &str) -> Option<&Location> {
        if self.enforce_regex() {
            return self.locations.iter().find(|l| {
                Regex::new(&format!("^{}", l.path), true).is_ok_and(|re| re.is_match(path))
            });
        }
        if let Some(l) = self
            .locations
            .iter()
            .find(|l| l.kind == Kind::Exact && l.path == path)
        {
            return Some(l);
        }
        self.locations
            .iter()
            .filter(|l| l.kind == Kind::Prefix && path.starts_with(&l.path))
            .max_by_key(|l| l.path.len())
    }
}

/// The generated configuration: servers in the order nginx would hold
/// them, the catch-all `_` among them.
#[derive(Clone, Debug, Default)]
struct Config {
    servers: Vec<Server>,
}

impl Config {
    fn server_mut(&mut self, host: &str) -> &mut Server {
        let i = match self.servers.iter().position(|s| s.host == host) {
            Some(i) => i,
            None => {
                self.servers.push(Server::new(host));
                self.servers.len() - 1
            }
        };
        &mut self.servers[i]
    }
    /// The server for a request's host (exact names, then wildcards, then `_`).
    fn server_for(&self, host: &str) -> Option<&Server> {
        self.servers
            .iter()
            .find(|s| !s.host.starts_with("*.") && s.host != "_" && s.matches_host(host))
            .or_else(|| {
                self.servers
                    .iter()
                    .find(|s| s.host.starts_with("*.") && s.matches_host(host))
            })
            .or_else(|| self.servers.iter().find(|s| s.host == "_"))
    }
}

fn annotation<'a>(ing: &'a Value, key: &str) -> Option<&'a str> {
    ing.pointer("/metadata/annotations")
        .and_then(|a| a.get(key))
        .and_then(Value::as_str)
}

impl Cluster {
    /// The names of the IngressClasses `flags`' controller implements, and
    /// whether one of them is the cluster's default.
    fn classes_of(&self, flags: &Flags) -> (Vec<String>, bool) {
        let mut names = Vec::new();
        let mut default = false;
        for ic in self.store.list("ingressclasses", None) {
            if str_at(ic, "/spec/controller") == flags.controller_class {
                names.push(crate::name_of(ic).to_string());
                default |=
                    annotation(ic, "ingressclass.kubernetes.io/is-default-class") == Some("true");
            }
        }
        (names, default)
    }

    /// The Ingresses the controller with `flags` serves, oldest first.
    fn owned_ingresses(&self, flags: &Flags) -> Vec<Value> {
        let (classes, default) = self.classes_of(flags);
        let mut out: Vec<Value> = self
            .store
            .list("ingresses", None)
            .into_iter()
            .filter(|ing| {
                if ing.pointer("/metadata/deletionTimestamp").is_some() {
                    return false;
                }
                if let Some(legacy) = annotation(ing, "kubernetes.io/ingress.class") {
                    return legacy == flags.ingress_class;
                }
                match ing
                    .pointer("/spec/ingressClassName")
                    .and_then(Value::as_str)
                {
                    Some(name) => classes.iter().any(|c| c == name),
                    None => default || flags.watch_without_class,
                }
            })
            .cloned()
            .collect();
        crate::sort::by(&mut out, |a, b| {
            let key = |v: &Value| {
                (
                    str_at(v, "/metadata/creationTimestamp").to_string(),
                    crate::namespace_of(v).to_string(),
                    crate::name_of(v).to_string(),
                )
            };
            key(a).cmp(&key(b))
        });
        out
    }

    /// The nginx configuration the controller renders from its Ingresses.
    fn ingress_config(&self, flags: &Flags) -> Config {
        let mut cfg = Config::default();
        cfg.server_mut("_");
        for ing in self.owned_ingresses(flags) {
            let ns = crate::namespace_of(&ing).to_string();
            let name = crate::name_of(&ing).to_string();
            let rewrite = annotation(&ing, &format!("{ANN}rewrite-target")).map(str::to_string);
            let use_regex = annotation(&ing, &format!("{ANN}use-regex")) == Some("true");
            let ssl_redirect = annotation(&ing, &format!("{ANN}ssl-redirect")) != Some("false");
            let force_ssl_redirect =
                annotation(&ing, &format!("{ANN}force-ssl-redirect")) == Some("true");
            let default_backend = ing
                .pointer("/spec/defaultBackend")
                .and_then(|b| Backend::from(&ns, b));
            let rules = arr_at(&ing, "/spec/rules");
            let make =
                |path: &str, path_type: &str, kind: Kind, backend: Option<Backend>| Location {
                    path: path.to_string(),
                    kind,
                    ingress_path: path.to_string(),
                    path_type: path_type.to_string(),
                    ingress: Some((ns.clone(), name.clone())),
                    backend,
                    rewrite: rewrite.clone(),
                    use_regex,
                    ssl_redirect,
                    force_ssl_redirect,
                };
            if rules.is_empty() {
                if let Some(b) = &default_backend {
                    let root = &mut cfg.server_mut("_").locations[0];
                    if root.ingress.is_none() {
                        *root = Location {
                            path: "/".into(),
                            ..make("/", "Prefix", Kind::Prefix, Some(b.clone()))
                        };
                    }
                }
            }
            for tls in arr_at(&ing, "/spec/tls") {
                let secret = str_at(tls, "/secretName").to_string();
                for h in arr_at(tls, "/hosts").iter().filter_map(Value::as_str) {
                    let s = cfg.server_mut(h);
                    if s.tls.is_none() {
                        s.tls = Some((ns.clone(), secret.clone()));
                    }
                }
            }
            for rule in rules {
                let host = match str_at(rule, "/host") {
                    "" => "_",
                    h => h,
                };
                let server = cfg.server_mut(host);
                if let Some(b) = &default_backend {
                    if server.locations[0].ingress.is_none() && host != "_" {
                        server.locations[0] = make("/", "Prefix", Kind::Prefix, Some(b.clone()));
                    }
                }
                for p in arr_at(rule, "/http/paths") {
                    let path = match str_at(p, "/path") {
                        "" => "/",
                        p => p,
                    };
                    let path_type = match str_at(p, "/pathType") {
                        "" => "ImplementationSpecific",
                        t => t,
                    };
                    let backend = p.get("backend").and_then(|b| Backend::from(&ns, b));
                    let kind = if path_type == "Exact" {
                        Kind::Exact
                    } else {
                        Kind::Prefix
                    };
                    // A Prefix path ignores its trailing slash.
                    let path = if path_type == "Prefix" && path.len() > 1 {
                        path.trim_end_matches('/').to_string()
                    } else {
                        path.to_string()
                    };
                    let path = if path.is_empty() {
                        "/".to_string()
                    } else {
                        path
                    };
                    let loc = Location {
                        ingress_path: str_at(p, "/path").to_string(),
                        ..make(&path, path_type, kind, backend)
                    };
                    if path == "/" && kind == Kind::Prefix {
                        if server.locations[0].ingress.is_none()
                            || server.locations[0].path_type != path_type
                                && server.locations[0].backend == default_backend
                        {
                            server.locations[0] = loc;
                        }
                        continue;
                    }
                    let dup = server
                        .locations
                        .iter()
                        .any(|l| l.ingress_path == loc.ingress_path && l.path_type == path_type);
                    if !dup {
                        server.locations.push(loc);
                    }
                }
            }
        }
        for s in &mut cfg.servers {
            s.locations = split_prefix_locations(std::mem::take(&mut s.locations));
            crate::sort::by_key(&mut s.locations, |l| std::cmp::Reverse(l.path.len()));
        }
        cfg
    }
}

/// `Prefix /p` becomes the string prefix `/p/` plus the exact `/p` (unless
/// an Exact `/p` exists); locations with a rewrite or a regex stay as they
/// are.
fn split_prefix_locations(locs: Vec<Location>) -> Vec<Location> {
    let exact: Vec<String> = locs
        .iter()
        .filter(|l| l.path_type == "Exact")
        .map(|l| l.path.clone())
        .collect();
    let mut out = Vec::new();
    for mut l in locs {
        if l.path == "/" || l.path_type != "Prefix" || l.needs_rewrite() || l.use_regex {
            out.push(l);
            continue;
        }
        let plain = l.path.clone();
        l.path = format!("{plain}/");
        let add_exact = !exact.contains(&plain);
        let mut e = l.clone();
        out.push(l);
        if add_exact {
            e.path = plain;
            e.kind = Kind::Exact;
            out.push(e);
        }
    }
    out
}

/// The request as the controller's nginx sees it.
pub(crate) struct Incoming<'a> {
    pub out: &'a Outgoing<'a>,
    pub https: bool,
}

fn response(status: u16, headers: Vec<(String, String)>, body: String) -> HttpResponse {
    HttpResponse {
        version: "HTTP/1.1".into(),
        status,
        reason: reason(status).into(),
        headers,
        body,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        308 => "Permanent Redirect",
        s => crate::images::nginx::reason(s),
    }
}

/// nginx's own page for `status` (no version: server_tokens is off).
fn own_page(status: u16, head_only: bool, now: crate::time::Time) -> HttpResponse {
    let body = if status == 308 {
        "<html>\r\n<head><title>308 Permanent Redirect</title></head>\r\n<body>\r\n<center><h1>308 Permanent Redirect</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n".to_string()
    } else {
        error_page(status, None, false)
    };
    let len = body.len();
    response(
        status,
        vec![
            ("Date".into(), http_date(now)),
            ("Content-Type".into(), "text/html".into()),
            ("Content-Length".into(), len.to_string()),
            ("Connection".into(), "keep-alive".into()),
        ],
        if head_only { String::new() } else { body },
    )
}

/// What the access log needs about the upstream leg.
struct Upstream {
    name: String,
    addr: String,
    status: String,
    length: String,
}

impl Cluster {
    /// Whether the listener at `t` speaks TLS (the controller's 443 and
    /// webhook port, echoserver's 8443).
    pub(crate) fn speaks_tls(&self, t: &Target) -> bool {
        match crate::images::catalog::identify(&t.image).map(|i| i.kind) {
            Some(crate::images::catalog::Kind::IngressNginx) => matches!(t.port, 443 | 8443),
            Some(crate::images::catalog::Kind::EchoServer) => t.port == 8443,
            _ => false,
        }
    }

    /// The certificate the controller at `t` presents for `sni`: a TLS
    /// Secret's name, or `None` for the fake certificate.
    pub(crate) fn ingress_certificate(&self, t: &Target, sni: &str) -> Option<(String, String)> {
        let pod = self.pod_obj(&t.ns, &t.pod)?;
        let flags = flags_of(pod)?;
        let cfg = self.ingress_config(&flags);
        let server = cfg
            .servers
            .iter()
            .find(|s| s.host != "_" && s.matches_host(&sni.to_ascii_lowercase()))?;
        let (ns, name) = server.tls.clone()?;
        let secret = self.store.get("secrets", &ns, &name)?;
        secret.pointer("/data/tls.crt")?;
        Some((ns, name))
    }

    /// The controller's nginx answering one request that reached it.
    pub(crate) fn ingress_exchange(
        &mut self,
        t: &Target,
        req: &Incoming<'_>,
        hops: &mut Vec<Hop>,
    ) -> HttpResponse {
        let now = self.now;
        let out = req.out;
        let flags = self.pod_obj(&t.ns, &t.pod).and_then(flags_of);
        let head_only = out.method == "HEAD";
        let host_header = out
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let host = host_header
            .rsplit_once(':')
            .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
            .map_or(host_header.as_str(), |(h, _)| h)
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let target = out.url.path.clone();
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.clone(), None),
        };
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            path
        };
        let scheme = if req.https { "https" } else { "http" };
        let Some(flags) = flags else {
            let resp = own_page(404, head_only, now);
            return self.finish(t, req, resp, None, hops);
        };
        if !req.https && t.port == 443 {
            let mut resp = own_page(400, head_only, now);
            if !head_only {
                resp.body = resp.body.replace(
                    "<center><h1>400 Bad Request</h1></center>\r\n",
                    "<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n",
                );
                let len = resp.body.len().to_string();
                set_header(&mut resp.headers, "Content-Length", &len);
            }
            hops.push(hop(
                "Pod",
                &t.ns,
                &t.pod,
                "plain HTTP sent to the HTTPS port: 400",
            ));
            return self.finish(t, req, resp, None, hops);
        }
        let cfg = self.ingress_config(&flags);
        let server = cfg
            .server_for(&host)
            .cloned()
            .unwrap_or_else(|| Server::new("_"));
        let loc = server.select(&path).cloned().unwrap_or_else(Location::root);
        let shown_server = if server.host == "_" {
            "the default server".to_string()
        } else {
            format!("server {}", server.host)
        };
        let Some(backend) = loc.backend.clone() else {
            hops.push(hop(
                "Pod",
                &t.ns,
                &t.pod,
                format!(
                    "ingress-nginx: no rule for {host}{path} ({shown_server}): default backend 404"
                ),
            ));
            let resp = own_page(404, head_only, now);
            let up = Upstream {
                name: "upstream-default-backend".into(),
                addr: "127.0.0.1:8181".into(),
                status: "404".into(),
                length: resp.body.len().to_string(),
            };
            return self.finish(t, req, resp, Some(up), hops);
        };
        let (ing_ns, ing_name) = loc.ingress.clone().unwrap_or_default();
        let redirect =
            !req.https && ((server.tls.is_some() && loc.ssl_redirect) || loc.force_ssl_redirect);
        if redirect {
            let location = format!("https://{host}{target}");
            hops.push(hop(
                "Ingress",
                &ing_ns,
                &ing_name,
                format!("host {host} has TLS: 308 redirect to {location}"),
            ));
            let mut resp = own_page(308, head_only, now);
            resp.headers.push(("Location".into(), location));
            return self.finish(t, req, resp, None, hops);
        }
        // The rewrite, as `rewrite "(?i)<path>" <target> break;`.
        let mut new_path = path.clone();
        let mut note = format!(
            "host {}, path {} ({}) -> service {}:{}",
            if server.host == "_" {
                "*"
            } else {
                server.host.as_str()
            },
            loc.ingress_path,
            loc.path_type,
            backend.service,
            match &backend.port {
                PortRef::Number(n) => n.to_string(),
                PortRef::Name(n) => n.clone(),
            }
        );
        if loc.needs_rewrite() {
            if let (Ok(re), Some(t)) =
                (Regex::new(&format!("(?i){}", loc.path), true), &loc.rewrite)
            {
                if let Some(caps) = re.captures(&path) {
                    new_path = expand(t, &caps);
                    note.push_str(&format!("; rewrite {path} -> {new_path}"));
                }
            }
        }
        hops.push(hop(
            "Pod",
            &t.ns,
            &t.pod,
            format!("ingress-nginx ({shown_server}) routes {host}{path}"),
        ));
        hops.push(hop("Ingress", &ing_ns, &ing_name, note));
        let new_target = match &query {
            Some(q) => format!("{new_path}?{q}"),
            None => new_path,
        };
        let upstream = backend.upstream();
        // The Service's endpoints for the backend port.
        let svc = self
            .store
            .get("services", &backend.ns, &backend.service)
            .cloned();
        let port_spec = svc.as_ref().and_then(|s| {
            arr_at(s, "/spec/ports")
                .iter()
                .find(|p| match &backend.port {
                    PortRef::Number(n) => port_of(p.get("port")) == Some(*n),
                    PortRef::Name(n) => str_at(p, "/name") == n,
                })
                .cloned()
        });
        let eps: Vec<_> = match &port_spec {
            Some(p) => self
                .service_endpoints(&backend.ns, &backend.service, str_at(p, "/name"))
                .into_iter()
                .filter(|e| e.ready)
                .collect(),
            None => vec![],
        };
        if eps.is_empty() {
            let why = if svc.is_none() {
                format!("service {}/{} does not exist", backend.ns, backend.service)
            } else if port_spec.is_none() {
                format!("service {} has no such port", backend.service)
            } else {
                format!("service {} has no ready endpoints", backend.service)
            };
            hops.push(hop(
                "Service",
                &backend.ns,
                &backend.service,
                format!("upstream {upstream}: {why}: 503"),
            ));
            let resp = own_page(503, head_only, now);
            let up = Upstream {
                name: upstream,
                addr: "-".into(),
                status: "-".into(),
                length: "-".into(),
            };
            return self.finish(t, req, resp, Some(up), hops);
        }
        let pick = self.rng.below(eps.len() as u64) as usize;
        let ep = eps[pick.min(eps.len() - 1)].clone();
        let of = if eps.len() > 1 {
            format!(" (1 of {} endpoints)", eps.len())
        } else {
            String::new()
        };
        hops.push(hop(
            "Service",
            &backend.ns,
            &backend.service,
            format!("upstream {upstream} -> {}:{}{of}", ep.ip, ep.port),
        ));
        let my_ip = self
            .pod_obj(&t.ns, &t.pod)
            .map(|p| str_at(p, "/status/podIP").to_string())
            .unwrap_or_default();
        let backend_target = self.pod_by_ip(&ep.ip).cloned().and_then(|pod| {
            match self.reach_pod(&pod, ep.port, my_ip.clone(), hops) {
                super::http::Reach::Open(bt) => Some(bt),
                _ => None,
            }
        });
        let Some(bt) = backend_target else {
            let resp = own_page(502, head_only, now);
            let up = Upstream {
                name: upstream,
                addr: format!("{}:{}", ep.ip, ep.port),
                status: "502".into(),
                length: "0".into(),
            };
            return self.finish(t, req, resp, Some(up), hops);
        };
        // The proxied request: nginx's proxy_set_header lines, then the
        // client's own headers.
        let client = t.client_ip.clone();
        let xff = match out
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-forwarded-for"))
        {
            Some((_, v)) => format!("{v}, {client}"),
            None => client.clone(),
        };
        let port = if req.https { "443" } else { "80" };
        let req_id = self.request_id();
        let mut headers: Vec<(String, String)> = vec![
            ("Host".into(), host_header.clone()),
            ("X-Request-ID".into(), req_id.clone()),
            ("X-Real-IP".into(), client.clone()),
            ("X-Forwarded-For".into(), xff),
            ("X-Forwarded-Host".into(), host_header.clone()),
            ("X-Forwarded-Port".into(), port.into()),
            ("X-Forwarded-Proto".into(), scheme.into()),
            ("X-Forwarded-Scheme".into(), scheme.into()),
            ("X-Scheme".into(), scheme.into()),
        ];
        for (n, v) in out.headers {
            let lower = n.to_ascii_lowercase();
            if lower == "host" || lower.starts_with("x-forwarded-") || lower == "x-real-ip" {
                continue;
            }
            headers.push((n.clone(), v.clone()));
        }
        let url = Url {
            scheme: "http".into(),
            host: ep.ip.clone(),
            port: ep.port,
            explicit_port: true,
            path: new_target,
            fragment: String::new(),
        };
        let proxied = Outgoing {
            method: out.method,
            url: &url,
            headers: &headers,
            body: out.body,
            caption: String::new(),
        };
        let mut resp = self.exchange(&bt, &proxied, hops);
        let up = Upstream {
            name: upstream,
            addr: format!("{}:{}", ep.ip, ep.port),
            status: resp.status.to_string(),
            length: resp.body.len().to_string(),
        };
        // nginx replaces Server and Date, drops hop-by-hop headers.
        resp.headers.retain(|(n, _)| {
            !matches!(
                n.to_ascii_lowercase().as_str(),
                "server" | "date" | "connection" | "keep-alive" | "transfer-encoding"
            )
        });
        let mut hs = vec![("Date".to_string(), http_date(now))];
        let (ct, rest): (Vec<_>, Vec<_>) = resp
            .headers
            .into_iter()
            .partition(|(n, _)| n.eq_ignore_ascii_case("content-type"));
        hs.extend(ct);
        if !rest
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        {
            hs.push(("Content-Length".into(), resp.body.len().to_string()));
        }
        hs.push(("Connection".into(), "keep-alive".into()));
        hs.extend(rest);
        if req.https {
            hs.push((
                "Strict-Transport-Security".into(),
                "max-age=15724800; includeSubDomains".into(),
            ));
        }
        resp.headers = hs;
        resp.version = "HTTP/1.1".into();
        resp.reason = reason(resp.status).into();
        self.finish_with_id(t, req, resp, Some(up), hops, req_id)
    }

    fn request_id(&mut self) -> String {
        format!("{:016x}{:016x}", self.ids.next_u64(), self.ids.next_u64())
    }

    fn finish(
        &mut self,
        t: &Target,
        req: &Incoming<'_>,
        resp: HttpResponse,
        up: Option<Upstream>,
        hops: &mut Vec<Hop>,
    ) -> HttpResponse {
        let id = self.request_id();
        self.finish_with_id(t, req, resp, up, hops, id)
    }

    /// Logs the request in the controller's format, adds the answer's hop,
    /// and turns the response into HTTP/2 for TLS clients (ALPN h2).
    fn finish_with_id(
        &mut self,
        t: &Target,
        req: &Incoming<'_>,
        mut resp: HttpResponse,
        up: Option<Upstream>,
        hops: &mut Vec<Hop>,
        req_id: String,
    ) -> HttpResponse {
        let out = req.out;
        let proto = if req.https { "HTTP/2.0" } else { "HTTP/1.1" };
        let header = |name: &str| {
            out.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
                .unwrap_or("-")
        };
        let request_length = out.method.len()
            + out.url.path.len()
            + proto.len()
            + 4
            + out
                .headers
                .iter()
                .map(|(n, v)| n.len() + v.len() + 4)
                .sum::<usize>()
            + 2
            + out.body.len();
        let (up_name, up_addr, up_len, up_time, up_status) = match &up {
            Some(u) if u.addr == "-" => {
                (u.name.clone(), "-".into(), "-".into(), "-", "-".to_string())
            }
            Some(u) => (
                u.name.clone(),
                u.addr.clone(),
                u.length.clone(),
                if u.name == "upstream-default-backend" {
                    "0.000"
                } else {
                    "0.002"
                },
                u.status.clone(),
            ),
            None => (String::new(), "-".into(), "-".into(), "-", "-".into()),
        };
        let request_time = match &up {
            Some(u) if u.addr != "-" && u.name != "upstream-default-backend" => "0.002",
            _ => "0.000",
        };
        let line = format!(
            "{} - - [{}] \"{} {} {proto}\" {} {} \"{}\" \"{}\" {request_length} {request_time} [{up_name}] [] {up_addr} {up_len} {up_time} {up_status} {req_id}",
            t.client_ip,
            time_local(self.now),
            out.method,
            out.url.path,
            resp.status,
            if out.method == "HEAD" { 0 } else { resp.body.len() },
            header("Referer"),
            header("User-Agent"),
        );
        let now = self.now;
        self.logs.append(&t.ns, &t.pod, &t.container, now, line);
        if up.as_ref().is_some_and(|u| u.addr == "-") {
            if let Some(u) = &up {
                let msg = format!(
                    "{} [error] 31#31: *{} no live upstreams while connecting to upstream, client: {}, server: _, request: \"{} {} {proto}\", upstream: \"http://{}\"",
                    crate::images::NGINX_LOG_TIME,
                    self.logs.get(&t.ns, &t.pod, &t.container).len(),
                    t.client_ip,
                    out.method,
                    out.url.path,
                    u.name
                );
                self.logs.append(&t.ns, &t.pod, &t.container, now, msg);
            }
        }
        hops.push(hop(
            "Pod",
            &t.ns,
            &t.pod,
            format!("ingress-nginx answers {} {}", resp.status, resp.reason),
        ));
        resp.headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case("server"));
        resp.headers.insert(0, ("Server".into(), "nginx".into()));
        if req.https {
            resp.version = "HTTP/2".into();
            resp.reason = String::new();
            resp.headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case("connection"));
            for (n, _) in &mut resp.headers {
                *n = n.to_ascii_lowercase();
            }
        }
        resp
    }
}

fn set_header(headers: &mut [(String, String)], name: &str, value: &str) {
    if let Some(h) = headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        h.1 = value.to_string();
    }
}

// ------------------------------------------------------------ status

/// A running, ready controller pod and its flags.
fn ready_controllers(c: &Cluster) -> Vec<(Value, Flags)> {
    c.store
        .list("pods", None)
        .into_iter()
        .filter(|p| crate::controllers::pod_is_ready(p))
        .filter(|p| {
            arr_at(p, "/spec/containers").iter().any(|ct| {
                is_controller_image(str_at(ct, "/image"))
                    && container_running(p, str_at(ct, "/name"))
            })
        })
        .filter_map(|p| flags_of(p).map(|f| (p.clone(), f)))
        .collect()
}

/// The address the controller publishes in Ingress status.
fn published_address(c: &Cluster, pod: &Value, flags: &Flags) -> Option<Value> {
    if let Some(addr) = &flags.publish_status_address {
        let entries: Vec<Value> = addr
            .split(',')
            .filter(|a| !a.is_empty())
            .map(|a| {
                if super::topo::parse_ipv4(a).is_some() {
                    json!({"ip": a})
                } else {
                    json!({"hostname": a})
                }
            })
            .collect();
        return Some(Value::Array(entries));
    }
    if let Some((ns, name)) = &flags.publish_service {
        let svc = c.store.get("services", ns, name)?;
        let ing = svc.pointer("/status/loadBalancer/ingress")?.as_array()?;
        if ing.is_empty() {
            return None;
        }
        return Some(Value::Array(ing.clone()));
    }
    // Without a published Service: the addresses of the nodes that run
    // controller pods.
    let node = str_at(pod, "/spec/nodeName");
    let n = c.store.get("nodes", "", node)?;
    let ip = arr_at(n, "/status/addresses")
        .iter()
        .find(|a| str_at(a, "/type") == "InternalIP")
        .map(|a| str_at(a, "/address").to_string())?;
    Some(json!([{"ip": ip}]))
}

/// The controller's sync of Ingresses it owns: a `Sync` event when it
/// first sees one, and at its next status sync (every 60 s from the
/// moment it became ready) `status.loadBalancer` with its published
/// address, and the second `Sync` event that update triggers.
pub(crate) fn reconcile(c: &mut Cluster) {
    let controllers = ready_controllers(c);
    let Some((pod, flags)) = controllers.into_iter().next() else {
        return;
    };
    let ready = crate::controllers::ready_since(&pod).unwrap_or(c.now);
    let owned = c.owned_ingresses(&flags);
    let address = published_address(c, &pod, &flags);
    let ctrl_ns = crate::namespace_of(&pod).to_string();
    let ctrl_pod = crate::name_of(&pod).to_string();
    let ctrl_container = arr_at(&pod, "/spec/containers")
        .iter()
        .find(|ct| is_controller_image(str_at(ct, "/image")))
        .map(|ct| str_at(ct, "/name").to_string())
        .unwrap_or_default();
    for ing in owned {
        let ns = crate::namespace_of(&ing).to_string();
        let name = crate::name_of(&ing).to_string();
        let uid = str_at(&ing, "/metadata/uid").to_string();
        let syncs = sync_count(c, &ns, &uid);
        let now = c.now;
        if syncs == 0 {
            let class = ing
                .pointer("/spec/ingressClassName")
                .and_then(Value::as_str)
                .unwrap_or("nginx")
                .to_string();
            sync_event(c, &ing);
            let log = [
                crate::images::ingress_nginx::controller_log(
                    "main.go:100",
                    &format!("\"successfully validated configuration, accepting\" ingress=\"{ns}/{name}\""),
                ),
                crate::images::ingress_nginx::controller_log(
                    "store.go:433",
                    &format!("\"Found valid IngressClass\" ingress=\"{ns}/{name}\" ingressclass=\"{class}\""),
                ),
                crate::images::ingress_nginx::controller_log(
                    "event.go:285",
                    &format!("Event(v1.ObjectReference{{Kind:\"Ingress\", Namespace:\"{ns}\", Name:\"{name}\", UID:\"{uid}\", APIVersion:\"networking.k8s.io/v1\", ResourceVersion:\"{}\", FieldPath:\"\"}}): type: 'Normal' reason: 'Sync' Scheduled for sync", str_at(&ing, "/metadata/resourceVersion")),
                ),
                crate::images::ingress_nginx::controller_log(
                    "controller.go:168",
                    "\"Configuration changes detected, backend reload required\"",
                ),
                crate::images::ingress_nginx::controller_log(
                    "controller.go:185",
                    "\"Backend successfully reloaded\"",
                ),
            ];
            for l in log {
                c.logs.append(&ctrl_ns, &ctrl_pod, &ctrl_container, now, l);
            }
        }
        let Some(addr) = address.clone() else {
            continue;
        };
        let want = json!({"ingress": addr});
        if ing.pointer("/status/loadBalancer") == Some(&want) {
            continue;
        }
        // The first status sync at or after the Ingress was first seen.
        let seen = first_sync_time(c, &ns, &uid).unwrap_or(now).max(ready);
        let ticks = (seen.0 - ready.0 + STATUS_SYNC_MS - 1).div_euclid(STATUS_SYNC_MS);
        let due = ready.plus_ms(ticks * STATUS_SYNC_MS);
        if now < due {
            c.wake_at(due);
            continue;
        }
        let mut updated = ing.clone();
        crate::meta::set_path(&mut updated, &["status", "loadBalancer"], want);
        let updated = c.put_get("ingresses", updated);
        sync_event(c, &updated);
    }
}

fn sync_event(c: &mut Cluster, ing: &Value) {
    c.event(
        ing,
        None,
        "Normal",
        "Sync",
        "Scheduled for sync",
        crate::events::Source {
            component: "nginx-ingress-controller",
            host: "",
        },
    );
}

fn sync_events<'a>(c: &'a Cluster, ns: &str, uid: &str) -> Vec<&'a Value> {
    c.store
        .list("events", Some(ns))
        .into_iter()
        .filter(|e| str_at(e, "/involvedObject/uid") == uid && str_at(e, "/reason") == "Sync")
        .collect()
}

fn sync_count(c: &Cluster, ns: &str, uid: &str) -> i64 {
    sync_events(c, ns, uid)
        .iter()
        .map(|e| e.get("count").and_then(Value::as_i64).unwrap_or(1))
        .sum()
}

fn first_sync_time(c: &Cluster, ns: &str, uid: &str) -> Option<crate::time::Time> {
    sync_events(c, ns, uid)
        .iter()
        .filter_map(|e| crate::time::Time::parse_rfc3339(str_at(e, "/firstTimestamp")))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(path: &str, path_type: &str) -> Location {
        Location {
            path: path.into(),
            kind: if path_type == "Exact" {
                Kind::Exact
            } else {
                Kind::Prefix
            },
            ingress_path: path.into(),
            path_type: path_type.into(),
            ingress: Some(("default".into(), path.into())),
            backend: Some(Backend {
                ns: "default".into(),
                service: format!("{path_type}{path}"),
                port: PortRef::Number(80),
            }),
            ..Location::root()
        }
    }

    fn server(locs: Vec<Location>) -> Server {
        let mut s = Server::new("h");
        s.locations.extend(locs);
        s.locations = split_prefix_locations(std::mem::take(&mut s.locations));
        crate::sort::by_key(&mut s.locations, |l| std::cmp::Reverse(l.path.len()));
        s
    }

    fn pick(s: &Server, path: &str) -> String {
        s.select(path)
            .and_then(|l| l.backend.as_ref())
            .map(|b| b.service.clone())
            .unwrap_or_else(|| "404".into())
    }

    #[test]
    fn prefix_matches_element_wise_and_longest_first() {
        let s = server(vec![
            loc("/foo", "Prefix"),
            loc("/aaa/bbb", "Prefix"),
            loc("/aaa", "Prefix"),
        ]);
        assert_eq!(pick(&s, "/foo"), "Prefix/foo");
        assert_eq!(pick(&s, "/foo/"), "Prefix/foo");
        assert_eq!(pick(&s, "/foo/x"), "Prefix/foo");
        assert_eq!(pick(&s, "/FOO"), "404");
        assert_eq!(pick(&s, "/foox"), "404");
        assert_eq!(pick(&s, "/aaa/bbb/ccc"), "Prefix/aaa/bbb");
        assert_eq!(pick(&s, "/aaa/ccc"), "Prefix/aaa");
        assert_eq!(pick(&s, "/aaaccc"), "404");
    }

    #[test]
    fn exact_is_exact_and_beats_prefix() {
        let s = server(vec![
            loc("/foo", "Prefix"),
            loc("/foo", "Exact"),
            loc("/bar/", "Exact"),
        ]);
        assert_eq!(pick(&s, "/foo"), "Exact/foo");
        assert_eq!(pick(&s, "/foo/"), "Prefix/foo");
        assert_eq!(pick(&s, "/bar"), "404");
        assert_eq!(pick(&s, "/bar/"), "Exact/bar/");
    }

    #[test]
    fn implementation_specific_is_a_string_prefix() {
        let s = server(vec![loc("/app", "ImplementationSpecific")]);
        assert_eq!(pick(&s, "/application"), "ImplementationSpecific/app");
        assert_eq!(pick(&s, "/ap"), "404");
    }

    #[test]
    fn regex_mode_is_case_insensitive_and_ordered_by_length() {
        let mut rw = loc("/something(/|$)(.*)", "ImplementationSpecific");
        rw.rewrite = Some("/$2".into());
        let s = server(vec![rw, loc("/foo", "Exact")]);
        assert!(s.enforce_regex());
        assert_eq!(
            pick(&s, "/SOMETHING/new"),
            "ImplementationSpecific/something(/|$)(.*)"
        );
        // Exact turns into a prefix regex on a regex host.
        assert_eq!(pick(&s, "/FOO/bar"), "Exact/foo");
        assert_eq!(pick(&s, "/other"), "404");
    }

    #[test]
    fn wildcard_hosts_cover_one_label() {
        let s = Server::new("*.foo.com");
        assert!(s.matches_host("bar.foo.com"));
        assert!(!s.matches_host("baz.bar.foo.com"));
        assert!(!s.matches_host("foo.com"));
    }
}
