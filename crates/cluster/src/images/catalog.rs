//! Which images exist, and what is inside each: its base system, the
//! programs on its `PATH`, the versions of nginx, curl and BusyBox it
//! carries, and the environment its Dockerfile sets.
//!
//! Versions are those the public images carried in January 2026 (the
//! simulated date): `nginx:latest`/`mainline` is 1.29.4, `nginx:stable`
//! 1.28.1, `curlimages/curl:latest` 8.17.0, `busybox:latest` 1.37.0,
//! `alpine:latest` 3.23, `ubuntu:latest` 24.04.

use super::parse_ref;

/// The kinds of image the simulator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Nginx,
    Curl,
    Busybox,
    Alpine,
    Ubuntu,
    /// registry.k8s.io/ingress-nginx/controller (v1.5.1): nginx plus the
    /// controller that routes Ingresses (see `crate::net::ingress`).
    IngressNginx,
    /// registry.k8s.io/ingress-nginx/kube-webhook-certgen: creates the
    /// admission webhook's certificate Secret, patches the webhook, exits.
    Certgen,
    /// hashicorp/http-echo: answers every request with `-text`.
    HttpEcho,
    /// registry.k8s.io/echoserver: answers with the request it received.
    EchoServer,
    /// perl (Debian with perl on the PATH).
    Perl,
    /// The `bash` image: Alpine with bash as its command.
    Bash,
    /// registry.k8s.io/pause: sleeps forever, nothing else in it.
    Pause,
    /// redis (the guestbook's leader/follower), port 6379.
    Redis,
    /// gcr.io/google-samples/hello-app: "Hello, world!" on 8080.
    HelloApp,
    /// gcr.io/google-samples/hello-go-gke: `{"message":"Hello"}` on 80.
    HelloGo,
    /// The guestbook's PHP frontend (Apache) on 80.
    GbFrontend,
    /// fluentd-elasticsearch log shippers.
    Fluentd,
}

/// The base system an image's userland comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    /// Debian with dash as `sh`, bash and GNU coreutils.
    Debian(&'static str),
    /// Alpine: BusyBox ash as `sh`, BusyBox applets, musl.
    Alpine(&'static str),
    /// The `busybox` image: nothing but BusyBox.
    BusyboxOnly,
    /// Ubuntu: dash as `sh`, bash, GNU coreutils.
    Ubuntu(&'static str),
    /// A single static binary (distroless or scratch): no shell, no tools.
    Static,
}

/// An image reference resolved to what it contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Image {
    pub kind: Kind,
    pub repo: String,
    pub tag: String,
    pub base: Base,
    /// nginx's version (`1.29.4`) for nginx images.
    pub nginx: Option<NginxBuild>,
    /// The curl on the image's PATH (`7.86.0`), if any.
    pub curl: Option<&'static str>,
    /// The BusyBox version providing the applets, if any.
    pub busybox: Option<&'static str>,
}

/// One nginx release as packaged in the official image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NginxBuild {
    pub version: String,
    /// Unix seconds of the package build (the html files' mtime).
    pub built: i64,
    /// Whether the welcome and 50x pages have the 2021 style (1.21.2+).
    pub styled_pages: bool,
    /// Whether the image has /docker-entrypoint.sh (1.19.0+) and which of
    /// its scripts: 30-tune-worker-processes (1.19.5+), 15-local-resolvers
    /// (1.25.1+).
    pub entrypoint: bool,
    pub tune_workers: bool,
    pub local_resolvers: bool,
    /// `built by gcc ...` as nginx -V prints it.
    pub gcc: &'static str,
    /// The Debian (or Alpine) package release suffix, e.g. `1~trixie`.
    pub pkg_release: String,
    pub njs: &'static str,
}

/// nginx releases: (version, release date as days since the epoch of
/// the package build, debian codename, gcc).
const NGINX_RELEASES: &[(&str, &str, &str, &str)] = &[
    (
        "1.29.4",
        "2025-12-09",
        "trixie",
        "14.2.0 (Debian 14.2.0-19) ",
    ),
    (
        "1.29.3",
        "2025-10-28",
        "trixie",
        "14.2.0 (Debian 14.2.0-19) ",
    ),
    (
        "1.29.2",
        "2025-10-07",
        "trixie",
        "14.2.0 (Debian 14.2.0-19) ",
    ),
    (
        "1.29.1",
        "2025-08-13",
        "trixie",
        "14.2.0 (Debian 14.2.0-19) ",
    ),
    (
        "1.29.0",
        "2025-06-24",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14+deb12u1) ",
    ),
    (
        "1.28.1",
        "2025-12-23",
        "trixie",
        "14.2.0 (Debian 14.2.0-19) ",
    ),
    (
        "1.28.0",
        "2025-04-23",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14+deb12u1) ",
    ),
    (
        "1.27.5",
        "2025-04-16",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.27.4",
        "2025-02-05",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.27.3",
        "2024-11-26",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.27.2",
        "2024-10-02",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.27.1",
        "2024-08-14",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.27.0",
        "2024-05-29",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.26.3",
        "2025-02-05",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.26.2",
        "2024-08-14",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.26.1",
        "2024-05-29",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.26.0",
        "2024-04-23",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.25.5",
        "2024-04-16",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.25.4",
        "2024-02-14",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.25.3",
        "2023-10-24",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.25.2",
        "2023-08-15",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.25.1",
        "2023-06-13",
        "bookworm",
        "12.2.0 (Debian 12.2.0-14) ",
    ),
    (
        "1.25.0",
        "2023-05-23",
        "bullseye",
        "10.2.1 20210110 (Debian 10.2.1-6) ",
    ),
    (
        "1.24.0",
        "2023-04-11",
        "bullseye",
        "10.2.1 20210110 (Debian 10.2.1-6) ",
    ),
    (
        "1.23.4",
        "2023-03-28",
        "bullseye",
        "10.2.1 20210110 (Debian 10.2.1-6) ",
    ),
    (
        "1.22.1",
        "2022-10-19",
        "bullseye",
        "10.2.1 20210110 (Debian 10.2.1-6) ",
    ),
    (
        "1.21.6",
        "2022-01-25",
        "bullseye",
        "10.2.1 20210110 (Debian 10.2.1-6) ",
    ),
    (
        "1.20.2",
        "2021-11-16",
        "bullseye",
        "10.2.1 20210110 (Debian 10.2.1-6) ",
    ),
    ("1.19.10", "2021-04-13", "buster", "8.3.0 (Debian 8.3.0-6) "),
    ("1.18.0", "2020-04-21", "buster", "8.3.0 (Debian 8.3.0-6) "),
    ("1.17.10", "2020-04-14", "buster", "8.3.0 (Debian 8.3.0-6) "),
    ("1.16.1", "2019-08-13", "buster", "8.3.0 (Debian 8.3.0-6) "),
    (
        "1.15.12",
        "2019-04-16",
        "stretch",
        "6.3.0 20170516 (Debian 6.3.0-18+deb9u1) ",
    ),
    (
        "1.14.2",
        "2018-12-04",
        "stretch",
        "6.3.0 20170516 (Debian 6.3.0-18+deb9u1) ",
    ),
];

fn version_key(v: &str) -> Option<(u32, u32, u32)> {
    let mut it = v.split('.');
    let a = it.next()?.parse().ok()?;
    let b = it.next()?.parse().ok()?;
    let c = match it.next() {
        Some(c) => c.parse().ok()?,
        None => u32::MAX,
    };
    if it.next().is_some() {
        return None;
    }
    Some((a, b, c))
}

/// Finds the nginx release a tag names: `latest`, `mainline`, `stable`,
/// `1`, `1.29`, `1.29.4`, each optionally with `-alpine`, `-bookworm`,
/// `-perl`, ... A version that was never released fails to pull.
fn nginx_release(tag: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    let version = tag.split('-').next().unwrap_or("");
    let want = match version {
        "latest" | "mainline" | "alpine" | "perl" | "bookworm" | "trixie" | "alpine-slim" | "1" => {
            "1.29"
        }
        "stable" => "1.28",
        v => v,
    };
    let key = version_key(want)?;
    // Exact release, or the newest patch of a `1.x` series.
    let mut best: Option<(&str, &str, &str, &str)> = None;
    for r in NGINX_RELEASES {
        let rk = version_key(r.0)?;
        if (rk.0, rk.1) != (key.0, key.1) {
            continue;
        }
        if key.2 == u32::MAX {
            if best.is_none_or(|b| version_key(b.0) < Some(rk)) {
                best = Some(*r);
            }
        } else if rk.2 == key.2 {
            return Some(*r);
        }
    }
    if best.is_some() {
        return best;
    }
    // A patch release between two listed ones (e.g. 1.25.2): known series,
    // patch not above the newest we list.
    let newest = NGINX_RELEASES
        .iter()
        .filter(|r| version_key(r.0).is_some_and(|k| (k.0, k.1) == (key.0, key.1)))
        .max_by_key(|r| version_key(r.0))?;
    let nk = version_key(newest.0)?;
    if key.2 <= nk.2 {
        return Some(*newest);
    }
    None
}

fn days_from_iso(d: &str) -> i64 {
    let y = d.get(0..4).and_then(|s| s.parse().ok()).unwrap_or(1970);
    let m = d.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    let day = d.get(8..10).and_then(|s| s.parse().ok()).unwrap_or(1);
    crate::time::days_from_civil(y, m, day)
}

fn nginx_build(tag: &str) -> Option<NginxBuild> {
    let (listed, date, codename, gcc) = nginx_release(tag)?;
    let version = match tag.split('-').next().and_then(version_key) {
        Some((_, _, p)) if p != u32::MAX => tag.split('-').next().unwrap_or(listed).to_string(),
        _ => listed.to_string(),
    };
    let key = version_key(&version)?;
    let alpine = tag.contains("alpine");
    // Package builds land a few hours after the release, at a time derived
    // from the version so that every release has its own ETag.
    let seed = key.0 * 7919 + key.1 * 104_729 + key.2 * 1_299_709;
    let built = days_from_iso(date) * 86_400 + 13 * 3600 + i64::from(seed % 14_400);
    let release = if alpine {
        "1".to_string()
    } else {
        format!("1~{codename}")
    };
    Some(NginxBuild {
        version,
        built,
        styled_pages: key >= (1, 21, 2),
        entrypoint: key >= (1, 19, 0),
        tune_workers: key >= (1, 19, 5),
        local_resolvers: key >= (1, 25, 1),
        gcc: if alpine {
            "14.2.0 (Alpine 14.2.0) "
        } else {
            gcc
        },
        pkg_release: release,
        njs: if key >= (1, 29, 0) { "0.9.4" } else { "0.8.10" },
    })
}

/// Version strings of a tag that looks like `x.y.z` or `x.y`.
fn plain_version(tag: &str) -> Option<(u32, u32, u32)> {
    version_key(tag.split('-').next().unwrap_or(""))
}

/// Resolves an image reference; `None` when no registry has it.
pub(crate) fn identify(image: &str) -> Option<Image> {
    let (repo, tag) = parse_ref(image);
    let mk = |kind, base, curl, busybox| Image {
        kind,
        repo: repo.clone(),
        tag: tag.clone(),
        base,
        nginx: None,
        curl,
        busybox,
    };
    match repo.as_str() {
        "nginx" => {
            let build = nginx_build(&tag)?;
            let alpine = tag.contains("alpine");
            let base = if alpine {
                Base::Alpine("3.23")
            } else {
                Base::Debian(codename_of(&build))
            };
            let curl = if alpine {
                Some("8.17.0")
            } else {
                match codename_of(&build) {
                    "trixie" => Some("8.14.1"),
                    "bookworm" => Some("7.88.1"),
                    "bullseye" => Some("7.74.0"),
                    _ => None,
                }
            };
            let mut img = mk(
                Kind::Nginx,
                base,
                curl,
                if alpine { Some("1.37.0") } else { None },
            );
            img.nginx = Some(build);
            Some(img)
        }
        "curlimages/curl" => {
            let curl: &'static str = match tag.as_str() {
                "latest" => "8.17.0",
                "7.86.0" => "7.86.0",
                "7.88.1" => "7.88.1",
                "8.7.1" => "8.7.1",
                t => match plain_version(t) {
                    // Any other published 7.x/8.x release behaves like the
                    // nearest one we model.
                    Some((7, m, _)) if m >= 72 => "7.86.0",
                    Some((8, m, _)) if m <= 17 => "8.17.0",
                    _ => return None,
                },
            };
            let busybox = if curl.starts_with('7') {
                "1.35.0"
            } else {
                "1.37.0"
            };
            Some(mk(
                Kind::Curl,
                Base::Alpine("3.17"),
                Some(curl),
                Some(busybox),
            ))
        }
        "busybox" => {
            let ok = matches!(
                tag.as_str(),
                "latest" | "stable" | "musl" | "glibc" | "uclibc"
            ) || matches!(plain_version(&tag), Some((1, 20..=37, _)));
            let v = if tag.starts_with("1.28") {
                "1.28.4"
            } else if tag.starts_with("1.") {
                "1.36.1"
            } else {
                "1.37.0"
            };
            ok.then(|| mk(Kind::Busybox, Base::BusyboxOnly, None, Some(v)))
        }
        "alpine" => {
            let ok = matches!(tag.as_str(), "latest" | "edge")
                || matches!(plain_version(&tag), Some((3, 0..=23, _)));
            ok.then(|| mk(Kind::Alpine, Base::Alpine("3.23"), None, Some("1.37.0")))
        }
        "ubuntu" => {
            let release = match tag.as_str() {
                "latest" | "24.04" | "noble" => "24.04",
                "22.04" | "jammy" => "22.04",
                "20.04" | "focal" => "20.04",
                "25.10" | "rolling" | "questing" => "25.10",
                _ => return None,
            };
            Some(mk(Kind::Ubuntu, Base::Ubuntu(release), None, None))
        }
        "registry.k8s.io/ingress-nginx/controller" | "k8s.gcr.io/ingress-nginx/controller"
            if tag == "v1.5.1" =>
        {
            Some(mk(
                Kind::IngressNginx,
                Base::Alpine("3.16"),
                Some("7.83.1"),
                Some("1.35.0"),
            ))
        }
        "registry.k8s.io/ingress-nginx/kube-webhook-certgen"
        | "k8s.gcr.io/ingress-nginx/kube-webhook-certgen"
            if matches!(tag.as_str(), "v20220916-gd32f8c343" | "v1.3.0" | "v1.1.1") =>
        {
            Some(mk(Kind::Certgen, Base::Static, None, None))
        }
        "hashicorp/http-echo" => {
            matches!(tag.as_str(), "latest" | "0.2.3" | "0.2.1" | "1.0" | "1.0.0")
                .then(|| mk(Kind::HttpEcho, Base::Static, None, None))
        }
        "registry.k8s.io/echoserver"
        | "k8s.gcr.io/echoserver"
        | "gcr.io/google_containers/echoserver"
            if matches!(tag.as_str(), "1.10" | "1.4") =>
        {
            Some(mk(Kind::EchoServer, Base::Debian("stretch"), None, None))
        }
        "registry.k8s.io/nginx-slim"
        | "k8s.gcr.io/nginx-slim"
        | "gcr.io/google_containers/nginx-slim" => {
            // Built from source on ubuntu-slim; stock html pages.
            let (version, date) = match tag.as_str() {
                "0.8" => ("1.11.1", "2016-06-10"),
                "0.24" => ("1.13.5", "2017-09-20"),
                _ => return None,
            };
            let key = version_key(version)?;
            let seed = key.1 * 104_729 + key.2 * 1_299_709;
            let mut img = mk(Kind::Nginx, Base::Ubuntu("16.04"), None, None);
            img.nginx = Some(NginxBuild {
                version: version.into(),
                built: days_from_iso(date) * 86_400 + i64::from(seed % 14_400),
                styled_pages: false,
                entrypoint: false,
                tune_workers: false,
                local_resolvers: false,
                gcc: "5.4.0 20160609 (Ubuntu 5.4.0-6ubuntu1~16.04.4) ",
                pkg_release: String::new(),
                njs: "",
            });
            Some(img)
        }
        "perl" => {
            let ok = matches!(tag.as_str(), "latest" | "slim" | "stable" | "threaded")
                || matches!(plain_version(&tag), Some((5, 8..=42, _)));
            ok.then(|| mk(Kind::Perl, Base::Debian("trixie"), Some("8.14.1"), None))
        }
        "bash" => {
            let ok = matches!(tag.as_str(), "latest" | "devel")
                || matches!(plain_version(&tag), Some((3..=5, _, _)));
            ok.then(|| mk(Kind::Bash, Base::Alpine("3.23"), None, Some("1.37.0")))
        }
        "registry.k8s.io/pause" | "k8s.gcr.io/pause" | "gcr.io/google_containers/pause" => {
            let ok = tag == "latest"
                || matches!(plain_version(&tag), Some((3, 0..=10, _)) | Some((2, 0, _)));
            ok.then(|| mk(Kind::Pause, Base::Static, None, None))
        }
        "registry.k8s.io/redis" | "k8s.gcr.io/redis" | "redis" => {
            // registry.k8s.io/redis is pulled by digest in the guestbook.
            let ok = tag == "latest"
                || image.contains('@')
                || matches!(tag.as_str(), "alpine" | "bookworm")
                || matches!(plain_version(&tag), Some((2..=8, _, _)));
            ok.then(|| mk(Kind::Redis, Base::Debian("bookworm"), None, None))
        }
        "gcr.io/google-samples/hello-app"
        | "us-docker.pkg.dev/google-samples/containers/gke/hello-app" => {
            matches!(tag.as_str(), "1.0" | "2.0")
                .then(|| mk(Kind::HelloApp, Base::Static, None, None))
        }
        "gcr.io/google-samples/hello-go-gke" => {
            (tag == "1.0").then(|| mk(Kind::HelloGo, Base::Static, None, None))
        }
        "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend"
        | "gcr.io/google-samples/gb-frontend" => {
            matches!(tag.as_str(), "v4" | "v5" | "v6").then(|| {
                mk(
                    Kind::GbFrontend,
                    Base::Debian("buster"),
                    Some("7.64.0"),
                    None,
                )
            })
        }
        "k8s.gcr.io/fluentd-elasticsearch"
        | "gcr.io/google_containers/fluentd-elasticsearch"
        | "quay.io/fluentd_elasticsearch/fluentd" => matches!(
            tag.as_str(),
            "1.20" | "1.22" | "v2.5.2" | "v3.0.1" | "v4.1.1"
        )
        .then(|| mk(Kind::Fluentd, Base::Debian("stretch"), None, None)),
        _ => None,
    }
}

/// Why a pull of `image` fails: a repository nobody has, or a tag (or
/// digest) a known repository does not have. `None` when it pulls.
pub(crate) fn pull_failure(image: &str) -> Option<String> {
    if identify(image).is_some() {
        return None;
    }
    let full = crate::kubelet::normalize_image(image);
    let repo_known = {
        let (repo, _) = parse_ref(image);
        ["latest", "1.0", "v1.5.1", "1.10", "0.8", "1.20"]
            .iter()
            .any(|t| identify(&format!("{repo}:{t}")).is_some())
    };
    Some(if repo_known {
        format!("failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found")
    } else {
        format!("failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed")
    })
}

fn codename_of(build: &NginxBuild) -> &'static str {
    match build.pkg_release.split('~').nth(1) {
        Some("trixie") => "trixie",
        Some("bookworm") => "bookworm",
        Some("bullseye") => "bullseye",
        Some("buster") => "buster",
        Some("stretch") => "stretch",
        _ => "bookworm",
    }
}

impl Image {
    /// Whether `prog` (a bare name or an absolute path) is on the image.
    pub(crate) fn has_program(&self, prog: &str) -> bool {
        let name = prog.rsplit('/').next().unwrap_or(prog);
        let in_dir = |dirs: &[&str]| {
            !prog.starts_with('/') || dirs.iter().any(|d| prog == format!("{d}/{name}"))
        };
        let coreutils = [
            "cat", "echo", "env", "printenv", "hostname", "ls", "pwd", "sleep", "true", "false",
            "date", "id", "whoami", "uname", "head", "tail", "wc", "grep", "mkdir", "touch", "rm",
            "test", "[", "seq", "tr", "sort", "expr", "basename", "dirname", "cut", "cp", "mv",
            "rmdir", "tar",
        ];
        let busybox_extra = [
            "nslookup", "wget", "ping", "ps", "nc", "vi", "top", "ip", "ifconfig", "netstat", "sh",
            "ash",
        ];
        let have = match self.base {
            Base::Debian(_) | Base::Ubuntu(_) => {
                coreutils.contains(&name)
                    || matches!(name, "sh" | "bash" | "dash")
                    || (name == "curl" && self.curl.is_some())
                    || (name == "nginx" && self.kind == Kind::Nginx)
                    || (name == "perl" && self.kind == Kind::Perl)
            }
            Base::Alpine(_) | Base::BusyboxOnly => {
                coreutils.contains(&name)
                    || busybox_extra.contains(&name)
                    || name == "busybox"
                    || (name == "bash" && self.kind == Kind::Bash)
                    || (name == "curl" && self.curl.is_some())
                    || (name == "nginx" && self.kind == Kind::Nginx)
            }
            Base::Static => false,
        };
        let dirs: &[&str] = match (self.base, name) {
            (_, "curl") if self.kind == Kind::Curl => &["/usr/bin"],
            (_, "nginx") => &["/usr/sbin"],
            (_, "bash") if self.kind == Kind::Bash => &["/usr/local/bin", "/bin"],
            (Base::BusyboxOnly, _) => &["/bin"],
            (
                Base::Alpine(_),
                "sh" | "ash" | "busybox" | "cat" | "echo" | "ls" | "hostname" | "sleep" | "date",
            ) => &["/bin"],
            (Base::Alpine(_), _) => &["/bin", "/usr/bin", "/sbin"],
            (
                _,
                "sh" | "bash" | "dash" | "cat" | "echo" | "ls" | "hostname" | "sleep" | "date"
                | "pwd" | "true" | "false",
            ) => &["/bin", "/usr/bin"],
            _ => &["/usr/bin", "/bin"],
        };
        have && in_dir(dirs)
    }

    /// `bash --version`'s release (`5.2.37(1)-release`) and platform, when
    /// the image has bash.
    pub(crate) fn bash_version(&self) -> Option<(String, &'static str)> {
        let gnu = "x86_64-pc-linux-gnu";
        let v = match (self.kind, self.base) {
            (Kind::Bash, _) => {
                let v = match plain_version(&self.tag) {
                    Some((5, 2, _)) => "5.2.37",
                    Some((5, 1, _)) => "5.1.16",
                    Some((5, 0, _)) => "5.0.18",
                    Some((4, _, _)) => "4.4.23",
                    Some((3, _, _)) => "3.2.57",
                    _ => "5.3.3",
                };
                return Some((format!("{v}(1)-release"), "x86_64-pc-linux-musl"));
            }
            (_, Base::Debian("trixie")) => "5.2.37",
            (_, Base::Debian("bookworm")) => "5.2.15",
            (_, Base::Debian("bullseye")) => "5.1.4",
            (_, Base::Debian(_)) => "5.0.3",
            (_, Base::Ubuntu("24.04")) => "5.2.21",
            (_, Base::Ubuntu("22.04")) => "5.1.16",
            (_, Base::Ubuntu(_)) => "5.0.17",
            _ => return None,
        };
        Some((format!("{v}(1)-release"), gnu))
    }

    /// The shell `sh` is on this image.
    pub(crate) fn shell_flavor(&self) -> Shell {
        match self.base {
            Base::Debian(_) | Base::Ubuntu(_) => Shell::Dash,
            Base::Alpine(_) | Base::BusyboxOnly | Base::Static => Shell::Ash,
        }
    }

    /// True when the userland is BusyBox (error messages in its style).
    pub(crate) fn busybox_userland(&self) -> bool {
        matches!(self.base, Base::Alpine(_) | Base::BusyboxOnly)
    }

    /// The user processes run as (curlimages/curl runs as `curl_user`).
    pub(crate) fn user(&self) -> (&'static str, u32, &'static str) {
        match self.kind {
            Kind::Curl => ("curl_user", 100, "/home/curl_user"),
            _ => ("root", 0, "/root"),
        }
    }

    /// The environment the image's Dockerfile sets, in order.
    pub(crate) fn env(&self) -> Vec<(String, String)> {
        let path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        let mut env = vec![("PATH".to_string(), path.to_string())];
        if let Some(b) = &self.nginx {
            env.push(("NGINX_VERSION".into(), b.version.clone()));
            if version_key(&b.version) >= Some((1, 19, 0)) {
                env.push(("NJS_VERSION".into(), b.njs.into()));
                if version_key(&b.version) >= Some((1, 27, 0)) {
                    env.push(("NJS_RELEASE".into(), b.pkg_release.clone()));
                }
            }
            env.push(("PKG_RELEASE".into(), b.pkg_release.clone()));
            if version_key(&b.version) >= Some((1, 27, 0)) {
                env.push(("DYNPKG_RELEASE".into(), b.pkg_release.clone()));
            }
        }
        if self.kind == Kind::Curl {
            env.push(("CURL_CA_BUNDLE".into(), "/cacert.pem".into()));
            env.push(("CURL_VERSION".into(), self.curl.unwrap_or("").into()));
        }
        env
    }

    /// `/etc/os-release` of the base system.
    pub(crate) fn os_release(&self) -> Option<String> {
        Some(match self.base {
            Base::Debian(code) => {
                let (num, name) = match code {
                    "trixie" => ("13", "13 (trixie)"),
                    "bookworm" => ("12", "12 (bookworm)"),
                    "bullseye" => ("11", "11 (bullseye)"),
                    "buster" => ("10", "10 (buster)"),
                    _ => ("9", "9 (stretch)"),
                };
                format!(
                    "PRETTY_NAME=\"Debian GNU/Linux {name}\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"{num}\"\n\
                     VERSION=\"{name}\"\nVERSION_CODENAME={code}\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n\
                     SUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n"
                )
            }
            Base::Alpine(v) => {
                let full = match v {
                    "3.17" => "3.17.0",
                    _ => "3.23.2",
                };
                format!(
                    "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={full}\nPRETTY_NAME=\"Alpine Linux v{v}\"\n\
                     HOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n"
                )
            }
            Base::Ubuntu(v) => {
                let (full, code, name) = match v {
                    "16.04" => ("16.04.7 LTS", "xenial", "Xenial Xerus"),
                    "22.04" => ("22.04.5 LTS", "jammy", "Jammy Jellyfish"),
                    "20.04" => ("20.04.6 LTS", "focal", "Focal Fossa"),
                    "25.10" => ("25.10", "questing", "Questing Quokka"),
                    _ => ("24.04.3 LTS", "noble", "Noble Numbat"),
                };
                format!(
                    "PRETTY_NAME=\"Ubuntu {full}\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"{v}\"\nVERSION=\"{full} ({name})\"\n\
                     VERSION_CODENAME={code}\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\n\
                     SUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n\
                     PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n\
                     UBUNTU_CODENAME={code}\nLOGO=ubuntu-logo\n"
                )
            }
            Base::BusyboxOnly | Base::Static => return None,
        })
    }
}

/// The flavour of `/bin/sh`, which decides its error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shell {
    /// Debian's dash: `sh: 1: foo: not found`.
    Dash,
    /// BusyBox ash: `sh: foo: not found`.
    Ash,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_tags_map_to_releases() {
        let v = |t: &str| {
            identify(&format!("nginx:{t}"))
                .and_then(|i| i.nginx)
                .map(|b| b.version)
        };
        assert_eq!(v("latest").as_deref(), Some("1.29.4"));
        assert_eq!(v("mainline").as_deref(), Some("1.29.4"));
        assert_eq!(v("stable").as_deref(), Some("1.28.1"));
        assert_eq!(v("stable-alpine").as_deref(), Some("1.28.1"));
        assert_eq!(v("1.14.2").as_deref(), Some("1.14.2"));
        assert_eq!(v("1.25").as_deref(), Some("1.25.5"));
        assert_eq!(v("1.25.2").as_deref(), Some("1.25.2"));
        assert_eq!(v("1.99"), None);
        assert_eq!(v("1.29.9"), None);
        assert_eq!(v("nonsense"), None);
        assert!(identify("nginx").is_some());
    }

    #[test]
    fn programs_per_image() {
        let nginx = identify("nginx:stable").unwrap();
        assert!(
            nginx.has_program("bash")
                && nginx.has_program("curl")
                && nginx.has_program("/bin/bash")
        );
        assert!(!nginx.has_program("nslookup") && !nginx.has_program("ps"));
        let curl = identify("docker.io/curlimages/curl:7.86.0").unwrap();
        assert_eq!(curl.curl, Some("7.86.0"));
        assert!(curl.has_program("curl") && curl.has_program("nslookup") && curl.has_program("sh"));
        assert!(!curl.has_program("bash"));
        let bb = identify("busybox").unwrap();
        assert!(bb.has_program("wget") && bb.has_program("/bin/sh") && !bb.has_program("curl"));
        assert!(identify("busybox:9.9").is_none());
        let ub = identify("ubuntu").unwrap();
        assert!(ub.has_program("bash") && !ub.has_program("curl") && !ub.has_program("nslookup"));
        assert!(identify("nginxx").is_none());
    }
}
