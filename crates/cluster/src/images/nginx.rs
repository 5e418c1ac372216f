//! The official nginx image: the docker-entrypoint.sh start-up lines, the
//! welcome page, nginx's own error pages, its response headers and its
//! access and error log lines.

use super::catalog::NginxBuild;
use super::NGINX_LOG_TIME;
use crate::net::HttpResponse;
use crate::time::Time;

/// The welcome page the image ships as /usr/share/nginx/html/index.html
/// (1.21.2 and later; 615 bytes).
pub(crate) const WELCOME: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// The welcome page of releases before 1.21.2 (612 bytes).
const WELCOME_OLD: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// /usr/share/nginx/html/50x.html (1.21.2 and later).
const ERROR_50X: &str = "<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
";

const ERROR_50X_OLD: &str = "<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
";

/// The document root of the image's default server.
pub(crate) const HTML_ROOT: &str = "/usr/share/nginx/html";

/// The pid nginx's first worker gets in the container (the entrypoint's
/// scripts use the pids before it).
pub(crate) fn first_worker_pid(b: &NginxBuild) -> u32 {
    if !b.entrypoint {
        6
    } else if b.local_resolvers {
        29
    } else if b.tune_workers {
        28
    } else {
        21
    }
}

/// The worker processes nginx starts (`worker_processes auto` on a node
/// with this many CPUs).
pub(crate) const WORKERS: u32 = 4;

/// The files the image ships in its document root.
pub(crate) fn shipped_file(b: &NginxBuild, path: &str) -> Option<&'static str> {
    match path {
        "/usr/share/nginx/html/index.html" => {
            Some(if b.styled_pages { WELCOME } else { WELCOME_OLD })
        }
        "/usr/share/nginx/html/50x.html" => Some(if b.styled_pages {
            ERROR_50X
        } else {
            ERROR_50X_OLD
        }),
        _ => None,
    }
}

/// What the container prints when it starts: docker-entrypoint.sh's lines
/// and nginx's notices (the error log goes to the container's stderr).
/// Times in nginx's lines are [`NGINX_LOG_TIME`] placeholders that the
/// log store fills in.
pub(crate) fn startup_logs(b: &NginxBuild) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    if b.entrypoint {
        let e = "/docker-entrypoint.sh";
        let mut lines = vec![
            format!("{e}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
            format!("{e}: Looking for shell scripts in /docker-entrypoint.d/"),
            format!("{e}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf".to_string(),
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf".to_string(),
        ];
        if b.local_resolvers {
            lines.push(format!(
                "{e}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"
            ));
        }
        lines.push(format!(
            "{e}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"
        ));
        if b.tune_workers {
            lines.push(format!(
                "{e}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"
            ));
        }
        lines.push(format!("{e}: Configuration complete; ready for start up"));
        out.extend(lines.into_iter().map(|l| (0, l)));
        let notice = |text: String| format!("{NGINX_LOG_TIME} [notice] 1#1: {text}");
        let mut notices = vec![
            notice("using the \"epoll\" event method".into()),
            notice(format!("nginx/{}", b.version)),
            notice(format!("built by gcc {}", b.gcc)),
            notice("OS: Linux 6.10.14-linuxkit".into()),
            notice("getrlimit(RLIMIT_NOFILE): 1048576:1048576".into()),
            notice("start worker processes".into()),
        ];
        let first = first_worker_pid(b);
        notices.extend((0..WORKERS).map(|i| notice(format!("start worker process {}", first + i))));
        out.extend(notices.into_iter().map(|l| (30, l)));
    }
    out
}

/// One request as the server reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServerRequest {
    pub method: String,
    /// The request target as sent: `/`, `/index.html?x=1`.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The client's address as the server sees it.
    pub client_ip: String,
}

impl ServerRequest {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// RFC 1123 date as HTTP servers write it: `Mon, 05 Jan 2026 09:00:00 GMT`.
pub(crate) fn http_date(t: Time) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    let days = t.secs().div_euclid(86_400);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    format!(
        "{wd}, {d:02} {} {y} {h:02}:{mi:02}:{s:02} GMT",
        MONTHS[(mo as usize).saturating_sub(1) % 12]
    )
}

pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// nginx's `$time_local` in UTC: `05/Jan/2026:09:05:00 +0000`.
pub(crate) fn time_local(t: Time) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    format!(
        "{d:02}/{}/{y}:{h:02}:{mi:02}:{s:02} +0000",
        MONTHS[(mo as usize).saturating_sub(1) % 12]
    )
}

/// nginx's error-log time: `2026/01/05 09:05:00`.
pub(crate) fn error_log_time(t: Time) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}")
}

/// The reason phrase nginx puts in its status line.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Moved Temporarily",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Not Allowed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Temporarily Unavailable",
        504 => "Gateway Time-out",
        _ => "",
    }
}

/// nginx's built-in error page for `status`, with the version in its tail
/// (`server_tokens on`) or without (`None`).
pub(crate) fn error_page(status: u16, version: Option<&str>, msie_padding: bool) -> String {
    let title = format!("{status} {}", reason(status));
    let tail = match version {
        Some(v) => format!("nginx/{v}"),
        None => "nginx".to_string(),
    };
    let mut page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n\
         <hr><center>{tail}</center>\r\n</body>\r\n</html>\r\n"
    );
    if msie_padding {
        for _ in 0..6 {
            page.push_str("<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n");
        }
    }
    page
}

/// Removes `.` and `..` segments and duplicate slashes; `None` when the
/// path climbs above the root (nginx answers 400 then).
fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    let mut p = format!("/{}", out.join("/"));
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && p != "/" {
        p.push('/');
    }
    Some(p)
}

/// Decodes `%XX` escapes (invalid escapes are kept as they are).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What nginx finds at a path of the container's file system.
pub(crate) enum Found {
    /// A file: its content and mtime (Unix seconds).
    File(String, i64),
    Dir,
}

/// What one request did: the response and the lines nginx logged.
pub(crate) struct Served {
    pub response: HttpResponse,
    pub log: Vec<String>,
}

/// Answers one request like the image's default server (`root
/// /usr/share/nginx/html; index index.html index.htm;`). `lookup` finds a
/// path in the container (its writable layer and mounted volumes over the
/// image's own files); `conn` is the connection number nginx logs (`*N`).
pub(crate) fn serve(
    b: &NginxBuild,
    req: &ServerRequest,
    now: Time,
    conn: u64,
    lookup: &dyn Fn(&str) -> Option<Found>,
) -> Served {
    let file = |p: &str| match lookup(p) {
        Some(Found::File(text, mtime)) => Some((text, mtime)),
        _ => None,
    };
    let request_line = format!("{} {} HTTP/1.1", req.method, req.target);
    let host = req.header("Host").unwrap_or("").to_string();
    let path_part = req.target.split(['?', '#']).next().unwrap_or("/");
    let ua = req.header("User-Agent").unwrap_or("");
    let padding = ua.contains("MSIE ") || ua.contains("Chrome/");
    let mut log = Vec::new();
    let worker = first_worker_pid(b);
    let err_prefix = format!(
        "{} [error] {worker}#{worker}: *{conn} ",
        error_log_time(now)
    );
    let err_suffix = format!(
        ", client: {}, server: localhost, request: \"{request_line}\", host: \"{host}\"",
        req.client_ip
    );

    let decoded = percent_decode(path_part);
    let mut location = None;
    let (status, body, mtime) = match normalize(&decoded) {
        None => (400, None, None),
        Some(p)
            if !p.ends_with('/')
                && matches!(lookup(&format!("{HTML_ROOT}{p}")), Some(Found::Dir)) =>
        {
            // A directory asked for without its slash: redirected to it.
            let host = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
            location = Some(format!("http://{host}{p}/"));
            (301, None, None)
        }
        Some(p)
            if p.ends_with('/')
                && !matches!(lookup(&format!("{HTML_ROOT}{p}")), Some(Found::Dir)) =>
        {
            // No such directory: the index module finds no index file.
            log.push(format!(
                "{err_prefix}\"{HTML_ROOT}{p}index.html\" is not found (2: No such file or directory){err_suffix}"
            ));
            (404, None, None)
        }
        Some(p) => {
            let fs_path = if p.ends_with('/') {
                let idx = format!("{HTML_ROOT}{p}index.html");
                match file(&idx) {
                    Some(_) => idx,
                    None => {
                        if file(&format!("{HTML_ROOT}{p}index.htm")).is_some() {
                            format!("{HTML_ROOT}{p}index.htm")
                        } else {
                            // A directory without an index file.
                            log.push(format!(
                                "{err_prefix}directory index of \"{HTML_ROOT}{p}\" is forbidden{err_suffix}"
                            ));
                            String::new()
                        }
                    }
                }
            } else {
                format!("{HTML_ROOT}{p}")
            };
            if fs_path.is_empty() {
                (403, None, None)
            } else {
                match file(&fs_path) {
                    Some((content, mtime)) => match req.method.as_str() {
                        "GET" | "HEAD" => (200, Some(content), Some(mtime)),
                        "POST" => (405, None, None),
                        _ => (405, None, None),
                    },
                    None if !matches!(req.method.as_str(), "GET" | "HEAD" | "POST") => {
                        (405, None, None)
                    }
                    None => {
                        log.push(format!(
                            "{err_prefix}open() \"{fs_path}\" failed (2: No such file or directory){err_suffix}"
                        ));
                        (404, None, None)
                    }
                }
            }
        }
    };

    let mut headers = vec![
        ("Server".to_string(), format!("nginx/{}", b.version)),
        ("Date".to_string(), http_date(now)),
    ];
    let body = match (status, body) {
        (200, Some(content)) => {
            headers.push(("Content-Type".into(), content_type(path_part).into()));
            headers.push(("Content-Length".into(), content.len().to_string()));
            if let Some(m) = mtime {
                headers.push(("Last-Modified".into(), http_date(Time::from_secs(m))));
            }
            headers.push(("Connection".into(), "keep-alive".into()));
            if let Some(m) = mtime {
                headers.push(("ETag".into(), format!("\"{:x}-{:x}\"", m, content.len())));
            }
            headers.push(("Accept-Ranges".into(), "bytes".into()));
            content
        }
        (s, _) => {
            let page = error_page(s, Some(&b.version), padding);
            headers.push(("Content-Type".into(), "text/html".into()));
            headers.push(("Content-Length".into(), page.len().to_string()));
            if let Some(l) = &location {
                headers.push(("Location".into(), l.clone()));
            }
            headers.push((
                "Connection".into(),
                if s == 400 { "close" } else { "keep-alive" }.into(),
            ));
            page
        }
    };
    let sent = if req.method == "HEAD" { 0 } else { body.len() };
    let referer = req.header("Referer").unwrap_or("-");
    let xff = req.header("X-Forwarded-For").unwrap_or("-");
    log.push(format!(
        "{} - - [{}] \"{request_line}\" {status} {sent} \"{referer}\" \"{}\" \"{xff}\"",
        req.client_ip,
        time_local(now),
        if ua.is_empty() { "-" } else { ua },
    ));
    Served {
        response: HttpResponse {
            version: "HTTP/1.1".into(),
            status,
            reason: reason(status).into(),
            headers,
            body: if req.method == "HEAD" {
                String::new()
            } else {
                body
            },
        },
        log,
    }
}

/// The MIME type nginx's mime.types gives a file name.
fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        None | Some("html" | "htm" | "shtml") => "text/html",
        Some("css") => "text/css",
        Some("js") => "application/javascript",
        Some("json") => "application/json",
        Some("txt") => "text/plain",
        Some("xml") => "text/xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg" | "svgz") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::catalog::identify;

    fn build(tag: &str) -> NginxBuild {
        identify(&format!("nginx:{tag}"))
            .and_then(|i| i.nginx)
            .unwrap()
    }

    fn get(b: &NginxBuild, method: &str, target: &str) -> Served {
        let req = ServerRequest {
            method: method.into(),
            target: target.into(),
            headers: vec![
                ("Host".into(), "10.105.103.161".into()),
                ("User-Agent".into(), "curl/7.86.0".into()),
            ],
            body: String::new(),
            client_ip: "10.244.1.3".into(),
        };
        let now = Time::parse_rfc3339("2026-01-05T09:05:00Z").unwrap();
        serve(b, &req, now, 1, &|p| {
            if p.trim_end_matches('/') == HTML_ROOT {
                return Some(Found::Dir);
            }
            shipped_file(b, p).map(|t| Found::File(t.to_string(), b.built))
        })
    }

    #[test]
    fn the_welcome_page_is_615_bytes() {
        assert_eq!(WELCOME.len(), 615);
        assert_eq!(WELCOME_OLD.len(), 612);
    }

    #[test]
    fn get_root_serves_the_welcome_page_with_nginx_headers() {
        let b = build("stable");
        let s = get(&b, "GET", "/");
        assert_eq!(s.response.status, 200);
        assert_eq!(s.response.body, WELCOME);
        let names: Vec<&str> = s.response.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Server",
                "Date",
                "Content-Type",
                "Content-Length",
                "Last-Modified",
                "Connection",
                "ETag",
                "Accept-Ranges"
            ]
        );
        assert_eq!(s.response.headers[0].1, "nginx/1.28.1");
        assert_eq!(s.response.headers[1].1, "Mon, 05 Jan 2026 09:05:00 GMT");
        assert_eq!(s.response.headers[3].1, "615");
        assert!(s.response.headers[6].1.ends_with("-267\""));
        assert_eq!(
            s.log,
            ["10.244.1.3 - - [05/Jan/2026:09:05:00 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/7.86.0\" \"-\""]
        );
        assert_eq!(get(&b, "GET", "/index.html").response.body, WELCOME);
        assert_eq!(get(&b, "GET", "/./index.html?x=1").response.status, 200);
    }

    #[test]
    fn unknown_paths_get_nginx_404_page_and_an_error_log_line() {
        let b = build("1.22.1");
        let s = get(&b, "GET", "/nope");
        assert_eq!(s.response.status, 404);
        assert_eq!(
            s.response.body,
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n\
             <hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
        );
        assert_eq!(s.response.body.len(), 153);
        let names: Vec<&str> = s.response.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Server",
                "Date",
                "Content-Type",
                "Content-Length",
                "Connection"
            ]
        );
        assert_eq!(
            s.log[0],
            "2026/01/05 09:05:00 [error] 28#28: *1 open() \"/usr/share/nginx/html/nope\" failed \
             (2: No such file or directory), client: 10.244.1.3, server: localhost, request: \"GET /nope HTTP/1.1\", \
             host: \"10.105.103.161\""
        );
        assert!(s.log[1].ends_with("\"GET /nope HTTP/1.1\" 404 153 \"-\" \"curl/7.86.0\" \"-\""));
    }

    #[test]
    fn head_and_other_methods() {
        let b = build("latest");
        let s = get(&b, "HEAD", "/");
        assert_eq!((s.response.status, s.response.body.as_str()), (200, ""));
        assert!(s.log[0].contains("\"HEAD / HTTP/1.1\" 200 0 "));
        assert_eq!(get(&b, "DELETE", "/").response.status, 405);
        assert_eq!(
            get(&b, "POST", "/index.html").response.reason,
            "Not Allowed"
        );
        assert_eq!(get(&b, "GET", "/../x").response.status, 400);
    }

    #[test]
    fn old_releases_serve_the_old_page_and_log_nothing_at_start() {
        let b = build("1.14.2");
        assert_eq!(get(&b, "GET", "/").response.body, WELCOME_OLD);
        assert!(startup_logs(&b).is_empty());
        let b = build("latest");
        let logs = startup_logs(&b);
        assert_eq!(logs[0].1, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
        assert!(logs
            .iter()
            .any(|(_, l)| l.ends_with("[notice] 1#1: nginx/1.29.4")));
        assert!(logs
            .iter()
            .any(|(_, l)| l.ends_with("start worker process 29")));
    }

    #[test]
    fn dates_are_rfc_1123() {
        assert_eq!(http_date(Time(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            time_local(crate::time::SIM_START),
            "05/Jan/2026:09:00:00 +0000"
        );
        assert_eq!(
            error_log_time(crate::time::SIM_START),
            "2026/01/05 09:00:00"
        );
    }
}
