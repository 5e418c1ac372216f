//! Echo images, so that students can tell backends apart and see what a
//! backend receives after an Ingress rewrite:
//! - `hashicorp/http-echo`: `-text=...` answers every path with that text
//!   (and a newline) on `-listen` (default `:5678`);
//! - `registry.k8s.io/echoserver:1.10`: an OpenResty (nginx 1.13.3) that
//!   answers every path on 8080 with the request it received, in the
//!   image's own plain-text layout.

use super::nginx::{http_date, time_local, ServerRequest};
use crate::net::HttpResponse;
use crate::time::Time;

/// http-echo's release the tags resolve to.
const HTTP_ECHO_VERSION: &str = "0.2.3";

/// http-echo's flags from the container's command line: (`-text`,
/// `-listen` port). Go's flag package accepts `-flag=v`, `--flag=v`,
/// `-flag v`.
pub(crate) fn http_echo_flags(argv: &[String]) -> (Option<String>, u16) {
    let mut text = None;
    let mut listen = ":5678".to_string();
    let mut it = argv.iter().peekable();
    while let Some(a) = it.next() {
        let flag = a.trim_start_matches('-');
        if flag.len() == a.len() {
            continue;
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag, None),
        };
        if !matches!(name, "text" | "listen") {
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => match it.next() {
                Some(v) => v.clone(),
                None => continue,
            },
        };
        if name == "text" {
            text = Some(value);
        } else {
            listen = value;
        }
    }
    let port = listen
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or(5678);
    (text, port)
}

/// What http-echo writes when it starts and whether it keeps running.
pub(crate) fn http_echo_start(argv: &[String]) -> (Vec<(i64, String)>, Option<i32>, Vec<u16>) {
    let (text, port) = http_echo_flags(argv);
    match text {
        None => (
            vec![(0, "Missing -text option!".to_string())],
            Some(127),
            vec![],
        ),
        Some(_) => {
            let listen = argv
                .iter()
                .find_map(|a| {
                    a.trim_start_matches('-')
                        .strip_prefix("listen=")
                        .map(str::to_string)
                })
                .unwrap_or_else(|| ":5678".into());
            (
                vec![(
                    0,
                    format!(
                        "{} [INFO] server is listening on {listen}",
                        log_time_marker()
                    ),
                )],
                None,
                vec![port],
            )
        }
    }
}

/// Go's `log` timestamp placeholder (`2026/01/05 09:00:12`), filled in by
/// the log store like nginx's error-log time (same layout).
fn log_time_marker() -> &'static str {
    super::NGINX_LOG_TIME
}

/// http-echo's answer: the text and a newline, whatever the path.
pub(crate) fn http_echo_serve(
    argv: &[String],
    req: &ServerRequest,
    now: Time,
) -> (HttpResponse, Vec<String>) {
    let (text, _) = http_echo_flags(argv);
    let body = format!("{}\n", text.unwrap_or_default());
    let host = req.header("Host").unwrap_or("");
    let resp = HttpResponse {
        version: "HTTP/1.1".into(),
        status: 200,
        reason: "OK".into(),
        headers: vec![
            ("X-App-Name".into(), "http-echo".into()),
            ("X-App-Version".into(), HTTP_ECHO_VERSION.into()),
            ("Date".into(), http_date(now)),
            ("Content-Length".into(), body.len().to_string()),
            ("Content-Type".into(), "text/plain; charset=utf-8".into()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body
        },
    };
    let line = format!(
        "{} {} {} \"{} {} HTTP/1.1\" 200 {}",
        super::NGINX_LOG_TIME,
        host,
        req.client_ip,
        req.method,
        req.target,
        resp.body.len()
    );
    (resp, vec![line])
}

/// The ports echoserver listens on (HTTP 8080, HTTPS 8443).
pub(crate) const ECHOSERVER_PORTS: [u16; 2] = [8080, 8443];

/// echoserver's answer: the request it received, as its Lua handler
/// prints it. `hostname` is the pod's hostname, `port` the port the
/// request came in on, `scheme` `http` or `https`.
pub(crate) fn echoserver_serve(
    hostname: &str,
    port: u16,
    scheme: &str,
    req: &ServerRequest,
    now: Time,
) -> (HttpResponse, Vec<String>) {
    let host_header = req.header("Host").unwrap_or("");
    // nginx's $host: the Host header without its port, lowercased.
    let host = host_header
        .rsplit_once(':')
        .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        .map_or(host_header, |(h, _)| h)
        .to_ascii_lowercase();
    let query = req.target.split_once('?').map_or("", |(_, q)| q);
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    crate::sort::sort(&mut headers);
    let mut body = String::from("\n\n");
    body.push_str(&format!("Hostname: {hostname}\n\n"));
    body.push_str("Pod Information:\n\t-no pod information available-\n\n");
    body.push_str("Server values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n");
    body.push_str("Request Information:\n");
    body.push_str(&format!("\tclient_address={}\n", req.client_ip));
    body.push_str(&format!("\tmethod={}\n", req.method));
    body.push_str(&format!("\treal path={}\n", req.target));
    body.push_str(&format!("\tquery={query}\n"));
    body.push_str("\trequest_version=1.1\n");
    body.push_str(&format!("\trequest_scheme={scheme}\n"));
    body.push_str(&format!(
        "\trequest_uri={scheme}://{host}:{port}{}\n\n",
        req.target
    ));
    body.push_str("Request Headers:\n");
    for (n, v) in &headers {
        body.push_str(&format!("\t{n}={v}\n"));
    }
    body.push_str("\nRequest Body:\n");
    if req.body.is_empty() {
        body.push_str("\t-no body in request-\n");
    } else {
        body.push_str(&req.body);
        body.push('\n');
    }
    let len = body.len();
    let resp = HttpResponse {
        version: "HTTP/1.1".into(),
        status: 200,
        reason: "OK".into(),
        headers: vec![
            ("Server".into(), "echoserver".into()),
            ("Date".into(), http_date(now)),
            ("Content-Type".into(), "text/plain".into()),
            ("Transfer-Encoding".into(), "chunked".into()),
            ("Connection".into(), "keep-alive".into()),
            ("Vary".into(), "Accept-Encoding".into()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body
        },
    };
    let ua = req.header("User-Agent").unwrap_or("-");
    let line = format!(
        "{} - - [{}] \"{} {} HTTP/1.1\" 200 {len} \"-\" \"{ua}\"",
        req.client_ip,
        time_local(now),
        req.method,
        req.target
    );
    (resp, vec![line])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn http_echo_flags_in_go_forms() {
        assert_eq!(
            http_echo_flags(&v(&["-text=foo"])),
            (Some("foo".into()), 5678)
        );
        assert_eq!(
            http_echo_flags(&v(&["--text", "a b", "-listen=:8080"])),
            (Some("a b".into()), 8080)
        );
        assert_eq!(http_echo_flags(&v(&[])), (None, 5678));
        let (_, exit, ports) = http_echo_start(&v(&[]));
        assert_eq!((exit, ports), (Some(127), vec![]));
    }

    #[test]
    fn echoserver_prints_the_request() {
        let req = ServerRequest {
            method: "GET".into(),
            target: "/new?x=1".into(),
            headers: vec![
                ("Host".into(), "foo.bar.com".into()),
                ("User-Agent".into(), "curl/8.7.1".into()),
                ("Accept".into(), "*/*".into()),
            ],
            body: String::new(),
            client_ip: "10.1.0.7".into(),
        };
        let (resp, log) = echoserver_serve("echo-1", 8080, "http", &req, crate::time::SIM_START);
        assert!(resp
            .body
            .starts_with("\n\nHostname: echo-1\n\nPod Information:\n"));
        assert!(resp.body.contains("\treal path=/new?x=1\n\tquery=x=1\n"));
        assert!(resp
            .body
            .contains("\trequest_uri=http://foo.bar.com:8080/new?x=1\n"));
        assert!(resp.body.contains(
            "Request Headers:\n\taccept=*/*\n\thost=foo.bar.com\n\tuser-agent=curl/8.7.1\n"
        ));
        assert!(resp
            .body
            .ends_with("Request Body:\n\t-no body in request-\n"));
        assert_eq!(log.len(), 1);
    }
}
