//! curl's command line, emulated closely enough that its output is byte for
//! byte what the real curl prints: the progress meter (stderr, when the
//! body does not go to a terminal), `-v` traces, `-i`/`-I` headers, `-w`
//! write-out variables and the error messages and exit codes of the
//! version in use.
//!
//! Two families are modelled, after their sources: curl 7.x (7.86.0 in
//! `curlimages/curl:7.86.0`, 7.88.1 in Debian bookworm images) and curl 8.x
//! (the host's curl is macOS's 8.7.1; newer images carry 8.14 to 8.17).
//!
//! Output for a terminal (`tty`) is one stream, as a terminal shows it:
//! everything goes to `stdout` in the order curl writes it. Without a
//! terminal, stdout and stderr are kept apart.

use super::http::{Failure, Outgoing, Transfer};
use super::topo::{parse_ipv4, str_at};
use super::url::{Url, UrlError};
use super::{HttpOutcome, HttpResponse, NetError, Origin};
use crate::{Cluster, ExecResult};

/// Which curl is running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Flavor {
    pub version: String,
    /// curl 8.x wording and traces.
    pub v8: bool,
    /// `* Mark bundle as not supporting multiuse` (before 7.88).
    pub mark_bundle: bool,
    /// macOS (the host): 75 s TCP connect timeout, LibreSSL; else Linux.
    pub macos: bool,
}

/// The host's curl (macOS's system curl).
pub(crate) const HOST_CURL: &str = "8.7.1";

impl Flavor {
    pub(crate) fn new(version: &str, macos: bool) -> Flavor {
        let mut it = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (it.next().unwrap_or(8), it.next().unwrap_or(0));
        Flavor {
            version: version.to_string(),
            v8: major >= 8,
            mark_bundle: major == 7 && minor < 88,
            macos,
        }
    }

    /// How long the OS waits for a SYN that is never answered.
    fn os_connect_timeout(&self) -> i64 {
        if self.macos {
            75_003
        } else {
            130_975
        }
    }

    fn closing(&self, conn: u32) -> String {
        if self.v8 {
            "* Closing connection\n".to_string()
        } else {
            format!("* Closing connection {conn}\n")
        }
    }

    fn try_help(&self) -> &'static str {
        "curl: try 'curl --help' or 'curl --manual' for more information\n"
    }

    /// The exit code and message for a failed connection, as `curl: (N) ...`
    /// prints them (for callers without curl's timeouts).
    pub(crate) fn failure_message(
        &self,
        f: &Failure,
        url: &Url,
        ip: &str,
        connect_timeout: Option<i64>,
        max_time: Option<i64>,
    ) -> (i32, String) {
        let t = self.fail_timeline(f, url, ip, "", 0, connect_timeout, max_time);
        (t.code, t.message)
    }

    /// What curl reports for a failure, with its timing and `-v` lines.
    #[allow(clippy::too_many_arguments)]
    fn fail_timeline(
        &self,
        f: &Failure,
        url: &Url,
        ip: &str,
        src_ip: &str,
        src_port: u16,
        connect_timeout: Option<i64>,
        max_time: Option<i64>,
    ) -> FailTimeline {
        let host = &url.host;
        let port = url.port;
        let from = if self.v8 {
            format!(" from {src_ip} port {src_port}")
        } else {
            String::new()
        };
        // curl 8 names its own error; curl 7 printed the OS's (strerror).
        let couldnt = |ms: i64, errno: &str| {
            let why = if self.v8 {
                "Couldn't connect to server"
            } else {
                errno
            };
            format!("Failed to connect to {host} port {port} after {ms} ms: {why}")
        };
        let near = if is_local(ip) { 0 } else { 1 };
        match f {
            Failure::Resolve => FailTimeline {
                code: 6,
                message: format!("Could not resolve host: {host}"),
                elapsed: 0,
                verbose: vec![],
                connected: false,
            },
            Failure::CertUntrusted => FailTimeline {
                code: 60,
                message: if self.macos {
                    // macOS's curl uses LibreSSL, which kept the old wording.
                    "SSL certificate problem: self signed certificate".to_string()
                } else {
                    "SSL certificate problem: self-signed certificate".to_string()
                },
                elapsed: near + 6,
                verbose: vec![],
                connected: true,
            },
            Failure::TlsWrongVersion => FailTimeline {
                code: 35,
                message: if self.macos {
                    "LibreSSL/3.3.6: error:1404B42E:SSL routines:ST_CONNECT:tlsv1 alert protocol version".to_string()
                } else {
                    "error:0A00010B:SSL routines::wrong version number".to_string()
                },
                elapsed: near,
                verbose: vec![],
                connected: true,
            },
            Failure::EmptyReply => FailTimeline {
                code: 52,
                message: "Empty reply from server".to_string(),
                elapsed: near + 1,
                verbose: vec![],
                connected: true,
            },
            Failure::Refused => FailTimeline {
                code: 7,
                message: couldnt(near, "Connection refused"),
                elapsed: near,
                verbose: vec![
                    format!("connect to {ip} port {port}{from} failed: Connection refused"),
                    couldnt(near, "Connection refused"),
                ],
                connected: false,
            },
            Failure::Unreachable | Failure::Blackhole => {
                let (os_ms, errno, os_code) = match f {
                    Failure::Unreachable => (3_069, "No route to host", 7),
                    _ => (self.os_connect_timeout(), "Connection timed out", 28),
                };
                let ct = connect_timeout.unwrap_or(300_000);
                let mt = max_time.unwrap_or(i64::MAX);
                let extra = if self.v8 { 2 } else { 1 };
                if os_ms < ct.min(mt) {
                    return FailTimeline {
                        code: os_code,
                        message: couldnt(os_ms, errno),
                        elapsed: os_ms,
                        verbose: vec![
                            format!("connect to {ip} port {port}{from} failed: {errno}"),
                            couldnt(os_ms, errno),
                        ],
                        connected: false,
                    };
                }
                if mt <= ct {
                    let msg = format!("Connection timed out after {} milliseconds", mt + extra);
                    return FailTimeline {
                        code: 28,
                        message: msg.clone(),
                        elapsed: mt + extra,
                        verbose: vec![msg],
                        connected: false,
                    };
                }
                if self.v8 {
                    let msg = format!(
                        "Failed to connect to {host} port {port} after {} ms: Timeout was reached",
                        ct + extra
                    );
                    FailTimeline {
                        code: 28,
                        message: msg.clone(),
                        elapsed: ct + extra,
                        verbose: vec![format!("ipv4 connect timeout after {ct}ms, move on!"), msg],
                        connected: false,
                    }
                } else {
                    let msg = format!("Connection timeout after {} ms", ct + extra);
                    FailTimeline {
                        code: 28,
                        message: msg.clone(),
                        elapsed: ct + extra,
                        verbose: vec![
                            format!("After {ct}ms connect time, move on!"),
                            format!("connect to {ip} port {port} failed: Connection timed out"),
                            msg,
                        ],
                        connected: false,
                    }
                }
            }
        }
    }
}

struct FailTimeline {
    code: i32,
    message: String,
    elapsed: i64,
    verbose: Vec<String>,
    connected: bool,
}

fn is_local(ip: &str) -> bool {
    super::topo::is_loopback(ip)
}

/// curl's options as parsed from its command line.
#[derive(Clone, Debug, Default)]
struct Opts {
    silent: bool,
    show_error: bool,
    verbose: bool,
    head: bool,
    include: bool,
    insecure: bool,
    location: bool,
    fail: bool,
    fail_with_body: bool,
    no_progress: bool,
    output: Option<String>,
    remote_name: bool,
    write_out: Option<String>,
    headers: Vec<String>,
    method: Option<String>,
    data: Option<String>,
    user_agent: Option<String>,
    referer: Option<String>,
    user: Option<String>,
    max_time: Option<i64>,
    connect_timeout: Option<i64>,
    max_redirs: Option<i64>,
    urls: Vec<String>,
    version: bool,
    help: bool,
}

/// Long options: (name, short letter, takes an argument).
const OPTIONS: &[(&str, char, bool)] = &[
    ("silent", 's', false),
    ("show-error", 'S', false),
    ("verbose", 'v', false),
    ("head", 'I', false),
    ("include", 'i', false),
    ("insecure", 'k', false),
    ("location", 'L', false),
    ("fail", 'f', false),
    ("fail-with-body", '\0', false),
    ("no-progress-meter", '\0', false),
    ("output", 'o', true),
    ("remote-name", 'O', false),
    ("write-out", 'w', true),
    ("header", 'H', true),
    ("request", 'X', true),
    ("data", 'd', true),
    ("data-raw", '\0', true),
    ("data-binary", '\0', true),
    ("data-ascii", '\0', true),
    ("user-agent", 'A', true),
    ("referer", 'e', true),
    ("user", 'u', true),
    ("max-time", 'm', true),
    ("connect-timeout", '\0', true),
    ("max-redirs", '\0', true),
    ("url", '\0', true),
    ("version", 'V', false),
    ("help", 'h', false),
    ("http1.1", '\0', false),
    ("http1.0", '0', false),
    ("http2", '\0', false),
    ("compressed", '\0', false),
    ("ipv4", '4', false),
    ("ipv6", '6', false),
    ("no-buffer", 'N', false),
    ("get", 'G', false),
    ("progress-bar", '#', false),
    ("retry", '\0', true),
    ("resolve", '\0', true),
    ("noproxy", '\0', true),
    ("proxy", 'x', true),
    ("cacert", '\0', true),
    ("cert", 'E', true),
    ("key", '\0', true),
    ("cookie", 'b', true),
    ("dump-header", 'D', true),
    ("stderr", '\0', true),
    ("trace-ascii", '\0', true),
    ("raw", '\0', false),
    ("tcp-nodelay", '\0', false),
];

enum ArgError {
    Unknown(String),
    NeedsParam(String),
    Blank(String),
    BadNumber(String),
}

/// Seconds (curl accepts decimals) as milliseconds.
fn secs_ms(v: &str) -> Option<i64> {
    let f: f64 = v.parse().ok()?;
    if !f.is_finite() || !(0.0..=1.0e9).contains(&f) {
        return None;
    }
    Some((f * 1000.0).round() as i64)
}

fn apply(o: &mut Opts, name: &str, value: Option<&str>, negate: bool) -> Result<(), ArgError> {
    let v = value.unwrap_or("");
    let on = !negate;
    match name {
        "silent" => o.silent = on,
        "show-error" => o.show_error = on,
        "verbose" => o.verbose = on,
        "head" => o.head = on,
        "include" => o.include = on,
        "insecure" => o.insecure = on,
        "location" => o.location = on,
        "fail" => o.fail = on,
        "fail-with-body" => o.fail_with_body = on,
        "no-progress-meter" => o.no_progress = on,
        "output" => o.output = Some(v.to_string()),
        "remote-name" => o.remote_name = on,
        "write-out" => o.write_out = Some(v.to_string()),
        "header" => o.headers.push(v.to_string()),
        "request" => o.method = Some(v.to_string()),
        "data" | "data-raw" | "data-binary" | "data-ascii" => {
            o.data = Some(match &o.data {
                Some(d) => format!("{d}&{v}"),
                None => v.to_string(),
            })
        }
        "user-agent" => o.user_agent = Some(v.to_string()),
        "referer" => o.referer = Some(v.to_string()),
        "user" => o.user = Some(v.to_string()),
        "max-time" => {
            o.max_time = Some(secs_ms(v).ok_or_else(|| ArgError::BadNumber(format!("--{name}")))?)
        }
        "connect-timeout" => {
            o.connect_timeout =
                Some(secs_ms(v).ok_or_else(|| ArgError::BadNumber(format!("--{name}")))?)
        }
        "max-redirs" => {
            o.max_redirs = Some(
                v.parse()
                    .map_err(|_| ArgError::BadNumber(format!("--{name}")))?,
            )
        }
        "url" => o.urls.push(v.to_string()),
        "version" => o.version = on,
        "help" => o.help = on,
        _ => {}
    }
    Ok(())
}

fn parse_args(args: &[String]) -> Result<Opts, ArgError> {
    let mut o = Opts::default();
    let mut i = 0;
    let mut only_urls = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if only_urls || !a.starts_with('-') || a == "-" {
            o.urls.push(a.clone());
            continue;
        }
        if a == "--" {
            only_urls = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, negate) = match OPTIONS.iter().find(|(n, _, _)| *n == long) {
                Some(_) => (long, false),
                None => match long.strip_prefix("no-") {
                    Some(n) if OPTIONS.iter().any(|(o, _, takes)| *o == n && !takes) => (n, true),
                    _ => return Err(ArgError::Unknown(a.clone())),
                },
            };
            let takes = OPTIONS
                .iter()
                .find(|(n, _, _)| *n == name)
                .is_some_and(|(_, _, t)| *t);
            let value = if takes {
                let Some(v) = args.get(i) else {
                    return Err(ArgError::NeedsParam(a.clone()));
                };
                i += 1;
                if v.is_empty() && name == "url" {
                    return Err(ArgError::Blank(String::new()));
                }
                Some(v.as_str())
            } else {
                None
            };
            apply(&mut o, name, value, negate)?;
            continue;
        }
        // A cluster of short options: -sSL, -o/dev/null, -w%{http_code}.
        let letters: Vec<char> = a.chars().skip(1).collect();
        let mut j = 0;
        while j < letters.len() {
            let c = letters[j];
            j += 1;
            let Some((name, _, takes)) = OPTIONS.iter().find(|(_, s, _)| *s == c && c != '\0')
            else {
                return Err(ArgError::Unknown(format!("-{c}")));
            };
            if *takes {
                let rest: String = letters[j..].iter().collect();
                let value = if !rest.is_empty() {
                    rest
                } else {
                    let Some(v) = args.get(i) else {
                        return Err(ArgError::NeedsParam(format!("-{c}")));
                    };
                    i += 1;
                    v.clone()
                };
                apply(&mut o, name, Some(&value), false)?;
                break;
            }
            apply(&mut o, name, None, false)?;
        }
    }
    Ok(o)
}

/// The progress meter's 5-character number (curl's max5data).
fn max5(bytes: i64) -> String {
    const K: i64 = 1024;
    const M: i64 = 1024 * 1024;
    if bytes < 100_000 {
        format!("{bytes:5}")
    } else if bytes < 10_000 * K {
        format!("{:4}k", bytes / K)
    } else if bytes < 100 * M {
        format!("{:2}.{}M", bytes / M, (bytes % M) / (M / 10))
    } else {
        format!("{:4}M", bytes / M)
    }
}

/// curl's time2str for whole seconds.
fn time2str(secs: i64) -> String {
    if secs <= 0 {
        return "--:--:--".to_string();
    }
    let h = secs / 3600;
    if h <= 99 {
        format!("{h:2}:{:02}:{:02}", (secs % 3600) / 60, secs % 60)
    } else {
        format!("{:3}d {:02}h", secs / 86400, (secs % 86400) / 3600)
    }
}

/// The numbers of one progress-meter line.
#[derive(Clone, Copy, Default)]
struct Progress {
    /// Expected download size (Content-Length) and bytes received.
    dl_total: i64,
    dl: i64,
    /// Bytes uploaded (a request body).
    ul: i64,
    dl_speed: i64,
    ul_speed: i64,
    spent_s: i64,
}

fn pct(part: i64, whole: i64) -> i64 {
    if whole > 10_000 {
        part / (whole / 100)
    } else if whole > 0 {
        part * 100 / whole
    } else {
        0
    }
}

/// One line of the progress meter (with its leading `\r`).
fn meter_line(p: Progress) -> String {
    let total = p.dl_total + p.ul;
    let done = p.dl + p.ul;
    let dl_pct = if p.dl_speed > 0 {
        pct(p.dl, p.dl_total)
    } else {
        0
    };
    let ul_pct = if p.ul_speed > 0 { 100 } else { 0 };
    let current = if p.dl_speed > 0 || p.ul_speed > 0 {
        done * 1000
    } else {
        0
    };
    format!(
        "\r{:3} {}  {:3} {}  {:3} {}  {}  {} {} {} {} {}",
        pct(done, total),
        max5(total),
        dl_pct,
        max5(p.dl),
        ul_pct,
        max5(p.ul),
        max5(p.dl_speed),
        max5(p.ul_speed),
        time2str(0),
        time2str(p.spent_s),
        time2str(0),
        max5(current)
    )
}

/// A meter line while nothing has moved yet, `spent_s` seconds in.
fn idle_line(spent_s: i64) -> String {
    meter_line(Progress {
        spent_s,
        ..Progress::default()
    })
}

const METER_HEADER: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

/// Output in the order curl writes it.
#[derive(Default)]
struct Sink {
    parts: Vec<(bool, String)>,
}

impl Sink {
    fn out(&mut self, s: impl Into<String>) {
        self.parts.push((false, s.into()));
    }
    fn err(&mut self, s: impl Into<String>) {
        self.parts.push((true, s.into()));
    }
    fn into_result(self, tty: bool, exit_code: i32) -> ExecResult {
        let mut r = ExecResult {
            exit_code,
            ..ExecResult::default()
        };
        for (is_err, s) in self.parts {
            if is_err && !tty {
                r.stderr.push_str(&s);
            } else {
                r.stdout.push_str(&s);
            }
        }
        r
    }
}

/// A small deterministic hash (FNV-1a) for ephemeral ports and timings.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What `-w` may print about one transfer.
struct WriteOutInfo<'a> {
    url: Option<&'a Url>,
    status: u16,
    remote_ip: String,
    remote_port: u16,
    local_ip: String,
    size_download: i64,
    size_header: i64,
    content_type: String,
    exit_code: i32,
    errormsg: String,
    time_total: f64,
    time_connect: f64,
    method: String,
    num_redirects: u32,
    headers: Vec<(String, String)>,
}

/// Expands a `-w` format; unknown variables are reported on stderr.
fn write_out(fmt: &str, w: &WriteOutInfo<'_>, sink: &mut Sink, v8: bool) {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            },
            '%' => {
                if chars.peek() == Some(&'%') {
                    chars.next();
                    out.push('%');
                    continue;
                }
                let rest: String = chars.clone().collect();
                if let Some(body) = rest.strip_prefix('{') {
                    if let Some(end) = body.find('}') {
                        let var = &body[..end];
                        for _ in 0..var.chars().count() + 2 {
                            chars.next();
                        }
                        match var_value(var, w, v8) {
                            Some(v) => out.push_str(&v),
                            None => {
                                sink.out(std::mem::take(&mut out));
                                sink.err(format!("curl: unknown --write-out variable: '{var}'\n"));
                            }
                        }
                        continue;
                    }
                }
                if v8 {
                    if let Some(body) = rest.strip_prefix("header{") {
                        if let Some(end) = body.find('}') {
                            let name = &body[..end];
                            for _ in 0..name.chars().count() + 8 {
                                chars.next();
                            }
                            if let Some((_, v)) =
                                w.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
                            {
                                out.push_str(v);
                            }
                            continue;
                        }
                    }
                }
                out.push('%');
            }
            c => out.push(c),
        }
    }
    sink.out(out);
}

fn var_value(var: &str, w: &WriteOutInfo<'_>, v8: bool) -> Option<String> {
    let secs = |f: f64| format!("{f:.6}");
    Some(match var {
        "http_code" | "response_code" => format!("{:03}", w.status),
        "remote_ip" => w.remote_ip.clone(),
        "remote_port" => {
            if w.remote_ip.is_empty() {
                "0".into()
            } else {
                w.remote_port.to_string()
            }
        }
        "local_ip" => w.local_ip.clone(),
        "local_port" => {
            if w.local_ip.is_empty() {
                "0".into()
            } else {
                "41234".into()
            }
        }
        "size_download" => w.size_download.to_string(),
        "size_header" => w.size_header.to_string(),
        "size_request" | "size_upload" => "0".into(),
        "content_type" => w.content_type.clone(),
        "url_effective" => w.url.map(Url::effective).unwrap_or_default(),
        "url" if v8 => w.url.map(Url::effective).unwrap_or_default(),
        "exitcode" => w.exit_code.to_string(),
        "errormsg" => w.errormsg.clone(),
        "method" if v8 => w.method.clone(),
        "scheme" => w
            .url
            .map(|u| u.scheme.to_ascii_uppercase())
            .unwrap_or_default(),
        "http_version" => {
            if w.status == 0 {
                "0".into()
            } else {
                "1.1".into()
            }
        }
        "num_connects" => {
            if w.remote_ip.is_empty() {
                "0".into()
            } else {
                "1".into()
            }
        }
        "num_redirects" => w.num_redirects.to_string(),
        "redirect_url" => String::new(),
        "ssl_verify_result" | "proxy_ssl_verify_result" => "0".into(),
        "time_total" => secs(w.time_total),
        "time_connect" => secs(w.time_connect),
        "time_namelookup" => secs(w.time_connect / 2.0),
        "time_appconnect" | "time_redirect" => secs(0.0),
        "time_pretransfer" => secs(w.time_connect + 0.000_05),
        "time_starttransfer" => secs(w.time_total - 0.000_02),
        "speed_download" => {
            let s = if w.time_total > 0.0 {
                (w.size_download as f64 / w.time_total) as i64
            } else {
                0
            };
            if v8 {
                s.to_string()
            } else {
                format!("{s}.000")
            }
        }
        "speed_upload" => {
            if v8 {
                "0".into()
            } else {
                "0.000".into()
            }
        }
        _ => return None,
    })
}

impl Cluster {
    /// Runs curl's command line from the host (macOS's curl 8.7.1) or from
    /// a pod (the curl of its first container that has one). `tty`: stdout
    /// is a terminal (`kubectl exec -t`, or the shell's host prompt).
    pub fn curl(&mut self, origin: Origin, args: &[String], tty: bool) -> ExecResult {
        self.finish_pending();
        let flavor = self.curl_flavor(&origin, None);
        self.curl_with(&flavor, &origin, args, tty)
    }

    /// The curl a process at `origin` runs (in `container`, or the pod's
    /// first container with curl).
    pub(crate) fn curl_flavor(&self, origin: &Origin, container: Option<&str>) -> Flavor {
        let Origin::Pod { namespace, name } = origin else {
            return Flavor::new(HOST_CURL, true);
        };
        let version = self.pod_obj(namespace, name).and_then(|p| {
            crate::net::topo::arr_at(p, "/spec/containers")
                .iter()
                .filter(|c| container.is_none_or(|n| str_at(c, "/name") == n))
                .find_map(|c| {
                    crate::images::catalog::identify(str_at(c, "/image")).and_then(|i| i.curl)
                })
        });
        Flavor::new(version.unwrap_or("8.17.0"), false)
    }

    pub(crate) fn curl_with(
        &mut self,
        flavor: &Flavor,
        origin: &Origin,
        args: &[String],
        tty: bool,
    ) -> ExecResult {
        let mut sink = Sink::default();
        let opts = match parse_args(args) {
            Ok(o) => o,
            Err(e) => {
                let line = match e {
                    ArgError::Unknown(o) => format!("curl: option {o}: is unknown\n"),
                    ArgError::NeedsParam(o) => format!("curl: option {o}: requires parameter\n"),
                    ArgError::Blank(o) => {
                        format!("curl: option {o}: blank argument where content is expected\n")
                    }
                    ArgError::BadNumber(o) => {
                        format!("curl: option {o}: expected a proper numerical parameter\n")
                    }
                };
                sink.err(line);
                sink.err(flavor.try_help());
                return sink.into_result(tty, 2);
            }
        };
        if opts.help {
            sink.out("Usage: curl [options...] <url>\n");
            sink.out(" -d, --data <data>          HTTP POST data\n -f, --fail                 Fail fast with no output on HTTP errors\n -h, --help <category>      Get help for commands\n -i, --include              Include protocol response headers in the output\n -o, --output <file>        Write to file instead of stdout\n -O, --remote-name          Write output to a file named as the remote file\n -s, --silent               Silent mode\n -T, --upload-file <file>   Transfer local FILE to destination\n -u, --user <user:password> Server user and password\n -A, --user-agent <name>    Send User-Agent <name> to server\n -v, --verbose              Make the operation more talkative\n -V, --version              Show version number and quit\n\nThis is not the full help, this menu is stripped into categories.\nUse \"--help category\" to get an overview of all categories.\nFor all options use the manual or \"--help all\".\n");
            return sink.into_result(tty, 0);
        }
        if opts.version {
            sink.out(version_text(flavor));
            return sink.into_result(tty, 0);
        }
        if opts.urls.is_empty() {
            if !args.is_empty() {
                sink.err(if flavor.v8 {
                    "curl: (2) no URL specified\n"
                } else {
                    "curl: no URL specified!\n"
                });
            }
            sink.err(flavor.try_help());
            return sink.into_result(tty, 2);
        }
        if flavor.v8 && opts.urls.iter().any(String::is_empty) {
            sink.err("curl: option : blank argument where content is expected\n");
            sink.err(flavor.try_help());
            return sink.into_result(tty, 2);
        }
        let mut code = 0;
        for (n, raw) in opts.urls.iter().enumerate() {
            code = self.curl_one(flavor, origin, &opts, raw, n as u32, tty, &mut sink);
        }
        sink.into_result(tty, code)
    }

    /// One URL of a curl command line; returns its exit code.
    #[allow(clippy::too_many_arguments)]
    fn curl_one(
        &mut self,
        flavor: &Flavor,
        origin: &Origin,
        opts: &Opts,
        raw: &str,
        conn: u32,
        tty: bool,
        sink: &mut Sink,
    ) -> i32 {
        let show_errors = !opts.silent || opts.show_error;
        let to_stdout = opts.output.as_deref().is_none_or(|o| o == "-") && !opts.remote_name;
        let meter = !(opts.silent || opts.no_progress || tty && to_stdout);
        let body_tty = tty && to_stdout;
        let mut url = match Url::parse(raw) {
            Ok(u) => u,
            Err(e) => {
                let (code, msg) = e.curl_error(flavor);
                if opts.verbose {
                    if flavor.v8 || matches!(e, UrlError::Protocol(_)) {
                        sink.err(format!("* {msg}\n"));
                    }
                    sink.err(if flavor.v8 {
                        "* Closing connection\n"
                    } else {
                        "* Closing connection -1\n"
                    });
                }
                if show_errors {
                    sink.err(format!("curl: ({code}) {msg}\n"));
                }
                if let Some(w) = &opts.write_out {
                    let info = empty_info(None, code, &msg, opts);
                    write_out(w, &info, sink, flavor.v8);
                }
                let outcome = HttpOutcome {
                    result: Err(NetError {
                        curl_code: code,
                        message: msg,
                    }),
                    hops: vec![self.origin_hop(origin, format!("curl {raw}"))],
                };
                self.traces.push(outcome);
                return code;
            }
        };
        let mut redirects = 0u32;
        loop {
            let method = match (&opts.method, opts.head, &opts.data) {
                (Some(m), _, _) => m.clone(),
                (None, true, _) => "HEAD".to_string(),
                (None, false, Some(_)) => "POST".to_string(),
                _ => "GET".to_string(),
            };
            let headers = request_headers(flavor, opts, &url);
            let body = opts.data.clone().unwrap_or_default();
            let out = Outgoing {
                method: &method,
                url: &url,
                headers: &headers,
                body: &body,
                caption: format!("curl {} {}", method, url.effective()),
            };
            let t = self.transfer(origin, &out, opts.insecure);
            let src_ip = self.source_ip(origin, &t.ip);
            let src_port = 32768 + (fnv(&format!("{}{}{}", raw, self.now.0, conn)) % 28000) as u16;
            let report = self.curl_report(
                flavor, origin, opts, &url, &method, &headers, &t, conn, meter, body_tty, &src_ip,
                src_port, sink,
            );
            // A connection that waits for a timeout (a blackholed address,
            // --connect-timeout, --max-time) takes that long on the
            // simulated clock too.
            if let Err(f @ (Failure::Blackhole | Failure::Unreachable)) = &t.result {
                let waited = flavor
                    .fail_timeline(
                        f,
                        &url,
                        &t.ip,
                        &src_ip,
                        src_port,
                        opts.connect_timeout,
                        opts.max_time,
                    )
                    .elapsed;
                if waited >= 1_000 {
                    self.advance(waited);
                }
            }
            match report {
                Next::Done(code) => {
                    self.record(&t);
                    return code;
                }
                Next::Redirect(next) => {
                    self.record(&t);
                    redirects += 1;
                    let max = opts.max_redirs.unwrap_or(50);
                    if (max >= 0 && i64::from(redirects) > max) || redirects > 1000 {
                        let msg = format!("Maximum ({max}) redirects followed");
                        if show_errors {
                            sink.err(format!("curl: (47) {msg}\n"));
                        }
                        return 47;
                    }
                    if opts.verbose {
                        sink.err(format!(
                            "* Issue another request to this URL: '{}'\n",
                            next.effective()
                        ));
                    }
                    url = next;
                }
            }
        }
    }

    fn record(&mut self, t: &Transfer) {
        let result = match &t.result {
            Ok(r) => Ok(r.clone()),
            Err(f) => {
                let message = match f {
                    Failure::Resolve => "could not resolve host".to_string(),
                    Failure::Refused => "connection refused".to_string(),
                    Failure::Blackhole => "connection timed out".to_string(),
                    Failure::Unreachable => "no route to host".to_string(),
                    Failure::TlsWrongVersion => "TLS handshake failed".to_string(),
                    Failure::CertUntrusted => "certificate not trusted".to_string(),
                    Failure::EmptyReply => "empty reply from server".to_string(),
                };
                let code = match f {
                    Failure::Resolve => 6,
                    Failure::Blackhole => 28,
                    Failure::TlsWrongVersion => 35,
                    Failure::CertUntrusted => 60,
                    Failure::EmptyReply => 52,
                    _ => 7,
                };
                Err(NetError {
                    curl_code: code,
                    message,
                })
            }
        };
        self.traces.push(HttpOutcome {
            result,
            hops: t.hops.clone(),
        });
    }

    /// The address a connection from `origin` to `dst` leaves from.
    fn source_ip(&self, origin: &Origin, dst: &str) -> String {
        if dst == "::1" {
            return "::1".into();
        }
        if is_local(dst) {
            return "127.0.0.1".into();
        }
        match origin {
            Origin::Host => "192.168.1.23".into(),
            Origin::Pod { namespace, name } => self
                .pod_obj(namespace, name)
                .map(|p| str_at(p, "/status/podIP").to_string())
                .unwrap_or_default(),
        }
    }

    /// Prints one transfer's traces and output; says whether to follow a
    /// redirect.
    #[allow(clippy::too_many_arguments)]
    fn curl_report(
        &mut self,
        f: &Flavor,
        origin: &Origin,
        opts: &Opts,
        url: &Url,
        method: &str,
        headers: &[(String, String)],
        t: &Transfer,
        conn: u32,
        meter: bool,
        body_tty: bool,
        src_ip: &str,
        src_port: u16,
        sink: &mut Sink,
    ) -> Next {
        let v = opts.verbose;
        let show_errors = !opts.silent || opts.show_error;
        let literal = parse_ipv4(&url.host).is_some() || url.host.contains(':');
        let localhost = url.host.eq_ignore_ascii_case("localhost");
        // The addresses curl tries, in order.
        let mut addrs = t.addrs.clone();
        if localhost {
            addrs = if f.v8 {
                vec!["::1".into(), "127.0.0.1".into()]
            } else {
                vec!["127.0.0.1".into(), "::1".into()]
            };
            if matches!(origin, Origin::Host) && !f.v8 {
                addrs.truncate(1);
            }
        }
        let first = addrs.first().cloned().unwrap_or_default();
        let show = |ip: &str| {
            if ip.contains(':') {
                format!("[{ip}]")
            } else {
                ip.to_string()
            }
        };
        let trying = |ip: &str| format!("*   Trying {}:{}...\n", show(ip), url.port);
        let start_meter = |sink: &mut Sink| {
            if meter {
                sink.err(METER_HEADER);
                sink.err(idle_line(0));
            }
        };

        let failure = match &t.result {
            Ok(_) => None,
            Err(e) => Some(f.fail_timeline(
                e,
                url,
                &t.ip,
                src_ip,
                src_port,
                opts.connect_timeout,
                opts.max_time,
            )),
        };

        // Name resolution and the start of the meter.
        let resolved = !matches!(t.result, Err(Failure::Resolve));
        if v && f.v8 && resolved && !literal {
            let v6: Vec<&str> = addrs
                .iter()
                .filter(|a| a.contains(':'))
                .map(String::as_str)
                .collect();
            let v4: Vec<&str> = addrs
                .iter()
                .filter(|a| !a.contains(':'))
                .map(String::as_str)
                .collect();
            sink.err(format!("* Host {}:{} was resolved.\n", url.host, url.port));
            sink.err(format!(
                "* IPv6: {}\n",
                if v6.is_empty() {
                    "(none)".to_string()
                } else {
                    v6.join(", ")
                }
            ));
            sink.err(format!(
                "* IPv4: {}\n",
                if v4.is_empty() {
                    "(none)".to_string()
                } else {
                    v4.join(", ")
                }
            ));
        }
        if !resolved {
            start_meter(sink);
            let Some(fl) = failure else {
                return Next::Done(0);
            };
            if v {
                sink.err(format!("* {}\n", fl.message));
                sink.err(f.closing(conn));
            }
            return self.finish_failure(f, opts, url, method, fl, sink, show_errors);
        }
        if f.v8 {
            start_meter(sink);
            if v {
                sink.err(trying(&first));
            }
        } else {
            if v {
                sink.err(trying(&first));
            }
            start_meter(sink);
        }

        if let Some(fl) = failure {
            if !fl.connected {
                if v {
                    // Every address of localhost is tried before giving up.
                    if addrs.len() > 1 && matches!(t.result, Err(Failure::Refused)) {
                        let from = |ip: &str| {
                            if f.v8 {
                                format!(" from {ip} port {}", src_port.wrapping_add(1))
                            } else {
                                String::new()
                            }
                        };
                        sink.err(format!(
                            "* connect to {first} port {}{} failed: Connection refused\n",
                            url.port,
                            from(&first)
                        ));
                        for other in &addrs[1..] {
                            sink.err(trying(other));
                            sink.err(format!(
                                "* connect to {other} port {}{} failed: Connection refused\n",
                                url.port,
                                from(other)
                            ));
                        }
                        sink.err(format!(
                            "* {}\n",
                            fl.verbose.last().cloned().unwrap_or_default()
                        ));
                    } else {
                        // The meter ticks once a second while curl waits.
                        let secs = fl.elapsed / 1000;
                        for s in 1..secs {
                            if meter {
                                sink.err(idle_line(s));
                            }
                        }
                        for l in &fl.verbose {
                            sink.err(format!("* {l}\n"));
                        }
                    }
                } else if meter {
                    for s in 1..fl.elapsed / 1000 {
                        sink.err(idle_line(s));
                    }
                }
                if meter {
                    sink.err(idle_line(fl.elapsed / 1000));
                    sink.err("\n");
                }
                if v {
                    sink.err(f.closing(conn));
                }
                return self.finish_failure(f, opts, url, method, fl, sink, show_errors);
            }
            // Connected, then the TLS handshake failed.
            if v {
                sink.err(connected_line(f, url, &first, conn));
            }
            if meter {
                sink.err(idle_line(0));
                sink.err("\n");
            }
            if v {
                sink.err(f.closing(conn));
            }
            return self.finish_failure(f, opts, url, method, fl, sink, show_errors);
        }

        let Ok(resp) = &t.result else {
            return Next::Done(0);
        };
        let remote_ip = if localhost {
            first.clone()
        } else {
            t.ip.clone()
        };
        if v {
            sink.err(connected_line(f, url, &remote_ip, conn));
            let mut req = format!("> {method} {} HTTP/1.1\r\n", url.path);
            for (n, val) in headers {
                req.push_str(&format!("> {n}: {val}\r\n"));
            }
            req.push_str("> \r\n");
            sink.err(req);
            if let Some(d) = &opts.data {
                if !body_tty {
                    sink.err(format!("}} [{} bytes data]\n", d.len()));
                }
            }
            if f.v8 {
                match &opts.data {
                    Some(d) => {
                        sink.err(format!("* upload completely sent off: {} bytes\n", d.len()))
                    }
                    None => sink.err("* Request completely sent off\n"),
                }
            }
            if f.mark_bundle {
                sink.err("* Mark bundle as not supporting multiuse\n");
            }
        }
        let failed = (opts.fail || opts.fail_with_body) && resp.status >= 400;
        let head_text = response_head(resp);
        if v {
            let mut lines = format!("< {} {} {}\r\n", resp.version, resp.status, resp.reason);
            for (n, val) in &resp.headers {
                lines.push_str(&format!("< {n}: {val}\r\n"));
            }
            sink.err(lines);
            if failed && !f.v8 {
                sink.err(format!(
                    "* The requested URL returned error: {}\n",
                    resp.status
                ));
            } else {
                sink.err("< \r\n");
                if failed {
                    sink.err(format!(
                        "* The requested URL returned error: {}\n",
                        resp.status
                    ));
                }
            }
        }
        let content_length = resp
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse::<i64>().ok());
        let is_head = method == "HEAD";
        let got = if is_head || (failed && !opts.fail_with_body) {
            0
        } else {
            resp.body.len() as i64
        };
        let total = content_length.unwrap_or(got);
        let redirect = if opts.location && (300..400).contains(&resp.status) && !failed {
            resp.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Location"))
                .and_then(|(_, l)| Url::parse(&absolute(url, l)).ok())
        } else {
            None
        };
        // Headers (-i, -I) and the body go to stdout (or the -o file).
        let mut stdout = String::new();
        if (opts.include || opts.head) && !failed {
            stdout.push_str(&head_text);
        }
        if !is_head && (!failed || opts.fail_with_body) {
            stdout.push_str(&resp.body);
        }
        if !body_tty && got > 0 && v {
            sink.err(format!("{{ [{got} bytes data]\n"));
        }
        let elapsed_us = 300 + resp.body.len() as i64 / 4;
        if opts.output.as_deref().is_none_or(|o| o == "-") && !opts.remote_name {
            sink.out(stdout);
        }
        if meter {
            let ul = opts.data.as_ref().map_or(0, |d| d.len() as i64);
            sink.err(meter_line(Progress {
                dl_total: total,
                dl: got,
                ul,
                dl_speed: if got > 0 {
                    got * 1_000_000 / elapsed_us
                } else {
                    0
                },
                ul_speed: ul * 1_000_000 / elapsed_us,
                spent_s: 0,
            }));
            sink.err("\n");
        }
        let code = if failed { 22 } else { 0 };
        if v {
            if failed {
                sink.err(f.closing(conn));
            } else {
                sink.err(format!(
                    "* Connection #{conn} to host {} left intact\n",
                    url.host
                ));
            }
        }
        if failed && show_errors {
            sink.err(format!(
                "curl: (22) The requested URL returned error: {}\n",
                resp.status
            ));
        }
        if let Some(next) = redirect {
            return Next::Redirect(next);
        }
        if let Some(w) = &opts.write_out {
            let info = WriteOutInfo {
                url: Some(url),
                status: resp.status,
                remote_ip,
                remote_port: url.port,
                local_ip: src_ip.to_string(),
                size_download: got,
                size_header: head_text.len() as i64,
                content_type: resp
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                exit_code: code,
                errormsg: if failed {
                    format!("The requested URL returned error: {}", resp.status)
                } else {
                    String::new()
                },
                time_total: (elapsed_us + 700) as f64 / 1e6,
                time_connect: 0.000_4,
                method: method.to_string(),
                num_redirects: 0,
                headers: resp.headers.clone(),
            };
            write_out(w, &info, sink, f.v8);
        }
        Next::Done(code)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_failure(
        &self,
        f: &Flavor,
        opts: &Opts,
        url: &Url,
        method: &str,
        fl: FailTimeline,
        sink: &mut Sink,
        show_errors: bool,
    ) -> Next {
        if show_errors {
            sink.err(format!("curl: ({}) {}\n", fl.code, fl.message));
            if fl.code == 60 {
                sink.err(CERT_HELP);
            }
        }
        if let Some(w) = &opts.write_out {
            let mut info = empty_info(Some(url), fl.code, &fl.message, opts);
            info.method = method.to_string();
            info.time_total = fl.elapsed as f64 / 1000.0;
            write_out(w, &info, sink, f.v8);
        }
        Next::Done(fl.code)
    }
}

/// What curl adds after a certificate problem.
const CERT_HELP: &str = "More details here: https://curl.se/docs/sslcerts.html\n\n\
curl failed to verify the legitimacy of the server and therefore could not\n\
establish a secure connection to it. To learn more about this situation and\n\
how to fix it, please visit the web page mentioned above.\n";

enum Next {
    Done(i32),
    Redirect(Url),
}

fn empty_info<'a>(url: Option<&'a Url>, code: i32, msg: &str, opts: &Opts) -> WriteOutInfo<'a> {
    WriteOutInfo {
        url,
        status: 0,
        remote_ip: String::new(),
        remote_port: 0,
        local_ip: String::new(),
        size_download: 0,
        size_header: 0,
        content_type: String::new(),
        exit_code: code,
        errormsg: msg.to_string(),
        time_total: 0.0,
        time_connect: 0.0,
        method: opts.method.clone().unwrap_or_else(|| "GET".into()),
        num_redirects: 0,
        headers: vec![],
    }
}

fn connected_line(f: &Flavor, url: &Url, ip: &str, conn: u32) -> String {
    if f.v8 {
        format!("* Connected to {} ({ip}) port {}\n", url.host, url.port)
    } else {
        format!(
            "* Connected to {} ({ip}) port {} (#{conn})\n",
            url.host, url.port
        )
    }
}

/// The status line and headers as `-i` prints them.
fn response_head(r: &HttpResponse) -> String {
    let mut s = format!("{} {} {}\r\n", r.version, r.status, r.reason);
    for (n, v) in &r.headers {
        s.push_str(&format!("{n}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s
}

/// A Location header made absolute against the request URL.
fn absolute(base: &Url, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let root = format!("{}://{}", base.scheme, base.host_header());
    if location.starts_with('/') {
        format!("{root}{location}")
    } else {
        let dir = base.path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{root}{dir}/{location}")
    }
}

/// The request headers curl sends, in wire order.
fn request_headers(f: &Flavor, o: &Opts, url: &Url) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = vec![("Host".into(), url.host_header())];
    if let Some(u) = &o.user {
        h.push((
            "Authorization".into(),
            format!("Basic {}", base64(u.as_bytes())),
        ));
    }
    h.push((
        "User-Agent".into(),
        o.user_agent
            .clone()
            .unwrap_or_else(|| format!("curl/{}", f.version)),
    ));
    h.push(("Accept".into(), "*/*".into()));
    if let Some(r) = &o.referer {
        h.push(("Referer".into(), r.clone()));
    }
    for raw in &o.headers {
        let (name, value, remove) = match raw.split_once(':') {
            Some((n, v)) => (n.trim(), v.trim(), v.trim().is_empty()),
            None => match raw.strip_suffix(';') {
                Some(n) => (n.trim(), "", false),
                None => continue,
            },
        };
        if name.is_empty() {
            continue;
        }
        match h.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(i) if remove => {
                h.remove(i);
            }
            Some(i) => h[i] = (name.to_string(), value.to_string()),
            None if remove => {}
            None => h.push((name.to_string(), value.to_string())),
        }
    }
    if let Some(d) = &o.data {
        if !h
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        {
            h.push(("Content-Length".into(), d.len().to_string()));
        }
        if !h
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
        {
            h.push((
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
        }
    }
    h
}

fn version_text(f: &Flavor) -> String {
    if f.macos {
        format!(
            "curl {v} (x86_64-apple-darwin24.0) libcurl/{v} (SecureTransport) LibreSSL/3.3.6 zlib/1.2.12 nghttp2/1.63.0\n\
             Release-Date: 2024-03-27\n\
             Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns ldap ldaps mqtt pop3 pop3s rtsp smb smbs smtp smtps telnet tftp\n\
             Features: alt-svc AsynchDNS GSS-API HSTS HTTP2 HTTPS-proxy IPv6 Kerberos Largefile libz MultiSSL NTLM SPNEGO SSL threadsafe UnixSockets\n",
            v = f.version
        )
    } else {
        format!(
            "curl {v} (x86_64-pc-linux-musl) libcurl/{v} OpenSSL/3.0.7 zlib/1.2.13 brotli/1.0.9 libidn2/2.3.4 libssh2/1.10.0 nghttp2/1.51.0\n\
             Protocols: dict file ftp ftps gopher gophers http https imap imaps mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp\n\
             Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM NTLM_WB SSL threadsafe TLS-SRP UnixSockets\n",
            v = f.version
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::nginx::WELCOME;
    use crate::net::testing::lab;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    fn curlpod() -> Origin {
        Origin::Pod {
            namespace: "default".into(),
            name: "curlpod".into(),
        }
    }

    #[test]
    fn the_lab_gets_the_welcome_page_in_a_terminal() {
        let mut c = lab();
        for url in ["10.105.103.161", "nginx.default.svc.cluster.local"] {
            let r = c.curl(curlpod(), &args(&[url]), true);
            assert_eq!(
                r,
                ExecResult {
                    stdout: WELCOME.into(),
                    stderr: String::new(),
                    exit_code: 0
                }
            );
        }
        let r = c.curl(Origin::Host, &args(&["http://localhost:31045"]), true);
        assert_eq!(r.stdout, WELCOME);
        assert_eq!(r.exit_code, 0);
    }

    #[test]
    fn without_a_terminal_the_progress_meter_goes_to_stderr() {
        let mut c = lab();
        let r = c.curl(curlpod(), &args(&["nginx"]), false);
        assert_eq!(r.stdout, WELCOME);
        assert_eq!(
            r.stderr,
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n\
             \x20                                Dload  Upload   Total   Spent    Left  Speed\n\
             \r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\
             \r100   615  100   615    0     0  1325k      0 --:--:-- --:--:-- --:--:--  600k\n"
        );
    }

    #[test]
    fn silent_head_and_write_out() {
        let mut c = lab();
        let r = c.curl(
            curlpod(),
            &args(&["-s", "-o", "/dev/null", "-w", "%{http_code}", "nginx"]),
            false,
        );
        assert_eq!(
            (r.stdout.as_str(), r.stderr.as_str(), r.exit_code),
            ("200", "", 0)
        );
        let r = c.curl(curlpod(), &args(&["-sI", "nginx/nope"]), true);
        assert_eq!(r.exit_code, 0);
        assert!(r.stdout.starts_with("HTTP/1.1 404 Not Found\r\nServer: nginx/1.28.1\r\nDate: Mon, 05 Jan 2026 09:05:00 GMT\r\n"));
        assert!(r
            .stdout
            .ends_with("Content-Length: 153\r\nConnection: keep-alive\r\n\r\n"));
        let r = c.curl(curlpod(), &args(&["-I", "nginx"]), true);
        assert!(r.stdout.contains("\r\nAccept-Ranges: bytes\r\n\r\n"));
        let r = c.curl(
            curlpod(),
            &args(&[
                "-s",
                "-w",
                "%{http_code} %{remote_ip}\\n",
                "-o",
                "/dev/null",
                "http://nope/",
            ]),
            false,
        );
        assert_eq!((r.stdout.as_str(), r.exit_code), ("000 \n", 6));
    }

    #[test]
    fn verbose_7_86_output_is_exact() {
        let mut c = lab();
        let r = c.curl(curlpod(), &args(&["-sv", "10.105.103.161"]), true);
        let head = "*   Trying 10.105.103.161:80...\n\
                    * Connected to 10.105.103.161 (10.105.103.161) port 80 (#0)\n\
                    > GET / HTTP/1.1\r\n> Host: 10.105.103.161\r\n> User-Agent: curl/7.86.0\r\n> Accept: */*\r\n> \r\n\
                    * Mark bundle as not supporting multiuse\n\
                    < HTTP/1.1 200 OK\r\n< Server: nginx/1.28.1\r\n< Date: Mon, 05 Jan 2026 09:05:00 GMT\r\n\
                    < Content-Type: text/html\r\n< Content-Length: 615\r\n";
        assert!(r.stdout.starts_with(head), "{}", r.stdout);
        assert!(r.stdout.ends_with(&format!(
            "< \r\n{WELCOME}* Connection #0 to host 10.105.103.161 left intact\n"
        )));
    }

    #[test]
    fn verbose_8_x_from_the_host() {
        let mut c = lab();
        let r = c.curl(
            Origin::Host,
            &args(&["-sv", "-o", "/dev/null", "http://localhost:31045/"]),
            false,
        );
        assert!(r.stderr.starts_with(
            "* Host localhost:31045 was resolved.\n* IPv6: ::1\n* IPv4: 127.0.0.1\n*   Trying [::1]:31045...\n\
             * Connected to localhost (::1) port 31045\n> GET / HTTP/1.1\r\n> Host: localhost:31045\r\n\
             > User-Agent: curl/8.7.1\r\n> Accept: */*\r\n> \r\n* Request completely sent off\n< HTTP/1.1 200 OK\r\n"
        ));
        assert!(r.stderr.ends_with(
            "< \r\n{ [615 bytes data]\n* Connection #0 to host localhost left intact\n"
        ));
        assert_eq!(r.stdout, "");
    }

    #[test]
    fn errors_have_curls_words_and_codes() {
        let mut c = lab();
        let r = c.curl(Origin::Host, &args(&["http://localhost:31046"]), true);
        assert_eq!(r.stdout, "curl: (7) Failed to connect to localhost port 31046 after 0 ms: Couldn't connect to server\n");
        assert_eq!(r.exit_code, 7);
        let r = c.curl(curlpod(), &args(&["nope"]), false);
        assert_eq!(
            r.stderr,
            format!("{METER_HEADER}\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0curl: (6) Could not resolve host: nope\n")
        );
        let r = c.curl(curlpod(), &args(&["-s", "nope"]), false);
        assert_eq!((r.stderr.as_str(), r.exit_code), ("", 6));
        let r = c.curl(curlpod(), &args(&["-sS", "http://"]), false);
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            ("curl: (3) URL using bad/illegal format or missing URL\n", 3)
        );
        let r = c.curl(Origin::Host, &args(&["-sS", "http://"]), false);
        assert_eq!(
            r.stderr,
            "curl: (3) URL rejected: No host part in the URL\n"
        );
        let r = c.curl(curlpod(), &args(&["-s"]), false);
        assert_eq!(r.stderr, "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        let r = c.curl(Origin::Host, &args(&["-s"]), false);
        assert_eq!(r.stderr, "curl: (2) no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        let r = c.curl(Origin::Host, &args(&[]), false);
        assert_eq!(
            r.stderr,
            "curl: try 'curl --help' or 'curl --manual' for more information\n"
        );
        assert_eq!(r.exit_code, 2);
        let r = c.curl(curlpod(), &args(&["--nope", "x"]), false);
        assert_eq!(r.stderr, "curl: option --nope: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        let r = c.curl(curlpod(), &args(&["-o"]), false);
        assert_eq!(r.stderr, "curl: option -o: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        let r = c.curl(curlpod(), &args(&["-sS", "htp://x"]), false);
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            (
                "curl: (1) Protocol \"htp\" not supported or disabled in libcurl\n",
                1
            )
        );
        let r = c.curl(curlpod(), &args(&["-f", "-s", "-S", "nginx/nope"]), false);
        assert_eq!(
            (r.stdout.as_str(), r.stderr.as_str(), r.exit_code),
            ("", "curl: (22) The requested URL returned error: 404\n", 22)
        );
    }

    #[test]
    fn refused_with_the_meter_and_verbose() {
        let mut c = lab();
        let r = c.curl(curlpod(), &args(&["-v", "http://10.244.1.3:81/"]), false);
        assert_eq!(
            r.stderr,
            format!(
                "*   Trying 10.244.1.3:81...\n{METER_HEADER}\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\
                 * connect to 10.244.1.3 port 81 failed: Connection refused\n\
                 * Failed to connect to 10.244.1.3 port 81 after 1 ms: Connection refused\n\
                 \r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n\
                 * Closing connection 0\n\
                 curl: (7) Failed to connect to 10.244.1.3 port 81 after 1 ms: Connection refused\n"
            )
        );
    }

    #[test]
    fn timeouts_from_the_host_and_with_limits() {
        let mut c = lab();
        let r = c.curl(Origin::Host, &args(&["-sS", "10.105.103.161"]), false);
        assert_eq!(
            (r.stderr.as_str(), r.exit_code),
            ("curl: (28) Failed to connect to 10.105.103.161 port 80 after 75003 ms: Couldn't connect to server\n", 28)
        );
        let r = c.curl(
            Origin::Host,
            &args(&["-sS", "--connect-timeout", "2", "10.105.103.161"]),
            false,
        );
        assert_eq!(r.stderr, "curl: (28) Failed to connect to 10.105.103.161 port 80 after 2002 ms: Timeout was reached\n");
        let r = c.curl(
            Origin::Host,
            &args(&["-sS", "-m", "2", "10.105.103.161"]),
            false,
        );
        assert_eq!(
            r.stderr,
            "curl: (28) Connection timed out after 2002 milliseconds\n"
        );
        let r = c.curl(
            curlpod(),
            &args(&["-sS", "--connect-timeout", "2", "nginx:8080"]),
            false,
        );
        assert_eq!(r.stderr, "curl: (28) Connection timeout after 2001 ms\n");
        let r = c.curl(curlpod(), &args(&["-m", "2", "nginx:8080"]), false);
        assert_eq!(
            r.stderr,
            format!(
                "{METER_HEADER}\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\
                 \r  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0\
                 \r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0\n\
                 curl: (28) Connection timed out after 2001 milliseconds\n"
            )
        );
    }

    #[test]
    fn meter_numbers() {
        assert_eq!(max5(615), "  615");
        assert_eq!(max5(1_390_000), "1357k");
        assert_eq!(max5(50 * 1024 * 1024), "50.0M");
        assert_eq!(time2str(0), "--:--:--");
        assert_eq!(time2str(61), " 0:01:01");
    }

    #[test]
    fn short_option_clusters_and_values() {
        let o = parse_args(&args(&[
            "-sSLo/dev/null",
            "-w%{http_code}",
            "--max-time",
            "1.5",
            "x",
        ]))
        .ok()
        .unwrap();
        assert!(o.silent && o.show_error && o.location);
        assert_eq!(o.output.as_deref(), Some("/dev/null"));
        assert_eq!(o.write_out.as_deref(), Some("%{http_code}"));
        assert_eq!(o.max_time, Some(1500));
        assert_eq!(o.urls, ["x"]);
        assert_eq!(base64(b"user:pw"), "dXNlcjpwdw==");
    }

    #[test]
    fn odd_command_lines_do_not_panic() {
        let mut c = lab();
        let odd: &[&[&str]] = &[
            &["-"],
            &["--"],
            &["-w"],
            &["-w", "%{", "nginx"],
            &["-w", "%", "nginx"],
            &["-w", "\\", "nginx"],
            &["-w", "%{é}%header{ü}", "nginx"],
            &["-H", ":", "nginx"],
            &["-H", "", "nginx"],
            &["-X", "", "nginx"],
            &["-m", "-1", "nginx"],
            &["-m", "abc", "nginx"],
            &["--connect-timeout", "1e400", "nginx"],
            &["http://[::1"],
            &["http://:80"],
            &["http://a:b:c/"],
            &["http://é/"],
            &["http://nginx/%zz%"],
            &[
                "-sSLIfikv",
                "-o",
                "-",
                "--max-redirs",
                "-1",
                "nginx",
                "nope",
                "10.244.1.3:81",
            ],
            &["-d", "", "-u", ":", "-e", "", "-A", "", "nginx"],
            &["ftp://x"],
            &["https://nginx"],
            &["--no-silent", "--no-nope"],
        ];
        for args in odd {
            for origin in [Origin::Host, curlpod()] {
                let r = c.curl(
                    origin,
                    &args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
                    false,
                );
                assert!(
                    [0, 1, 2, 3, 6, 7, 22, 28, 35, 47].contains(&r.exit_code),
                    "{args:?}: {}",
                    r.exit_code
                );
            }
        }
    }
}
