//! The browser pane's logic: what a Chromium-like browser on the user's
//! machine does with an address (normalise it, send the request from the
//! host through the cluster's network, follow redirects, stop at a
//! certificate it does not trust) and which page it shows. Pure: the
//! request goes through a caller-supplied function, so this is tested
//! natively. The component shows HTML only inside a sandboxed iframe.

use cluster::{HttpOutcome, HttpRequest, HttpResponse, NetError, Origin};
use std::collections::BTreeSet;

/// Redirects followed before giving up (Chromium's limit is 20).
const MAX_REDIRECTS: usize = 10;

const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

/// What the pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// An HTTP response (any status).
    Loaded {
        url: String,
        status: u16,
        reason: String,
        content_type: String,
        body: String,
    },
    /// The interstitial for a certificate the browser does not trust.
    CertWarning {
        url: String,
        host: String,
        /// `NET::ERR_CERT_AUTHORITY_INVALID`, ...
        code: &'static str,
    },
    /// Chromium's error page for a request that got no response.
    Failed {
        url: String,
        host: String,
        /// `ERR_CONNECTION_REFUSED`, ...
        code: &'static str,
        headline: &'static str,
        detail: String,
    },
}

impl Page {
    pub fn url(&self) -> &str {
        match self {
            Page::Loaded { url, .. } | Page::CertWarning { url, .. } | Page::Failed { url, .. } => {
                url
            }
        }
    }

    /// True for a response whose body is HTML (shown in the sandboxed iframe).
    pub fn is_html(&self) -> bool {
        matches!(self, Page::Loaded { content_type, .. }
            if content_type.to_ascii_lowercase().starts_with("text/html"))
    }
}

/// The browser's state: the certificate exceptions the user accepted
/// ("Proceed to localhost (unsafe)" holds for that host until reload).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browser {
    pub page: Option<Page>,
    trusted: BTreeSet<String>,
}

/// What the address bar makes of what was typed: a scheme is added when
/// missing (`localhost:31045` -> `http://localhost:31045`).
pub fn normalize(address: &str) -> String {
    let a = address.trim();
    if a.is_empty() || a.contains("://") {
        a.to_string()
    } else {
        format!("http://{a}")
    }
}

/// The host of a URL (`https://localhost:8443/x` -> `localhost`).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or("");
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("").to_string();
    }
    authority
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Where a redirect's `Location` points, resolved against `base`.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else {
        format!("{scheme}://{authority}/{location}")
    }
}

fn header<'a>(r: &'a HttpResponse, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The request a browser on the host sends for `url`.
pub fn request(url: &str, insecure: bool) -> HttpRequest {
    HttpRequest {
        origin: Origin::Host,
        method: "GET".to_string(),
        url: url.to_string(),
        headers: vec![
            ("User-Agent".to_string(), USER_AGENT.to_string()),
            ("Accept".to_string(), ACCEPT.to_string()),
        ],
        insecure,
    }
}

impl Browser {
    /// Loads `address`: each request (redirects too) goes through `send`.
    /// `proceed` accepts the host's untrusted certificate first.
    pub fn navigate(
        &mut self,
        address: &str,
        proceed: bool,
        send: &mut dyn FnMut(&HttpRequest) -> HttpOutcome,
    ) -> &Page {
        let mut url = normalize(address);
        if proceed {
            self.trusted.insert(host_of(&url));
        }
        let mut hops = 0;
        let page = loop {
            let host = host_of(&url);
            let insecure = self.trusted.contains(&host);
            let outcome = send(&request(&url, insecure));
            match outcome.result {
                Ok(r) => {
                    let location = header(&r, "Location").map(str::to_string);
                    match location {
                        Some(loc)
                            if matches!(r.status, 301 | 302 | 303 | 307 | 308)
                                && hops < MAX_REDIRECTS =>
                        {
                            hops += 1;
                            url = resolve(&url, &loc);
                        }
                        Some(_) if matches!(r.status, 301 | 302 | 303 | 307 | 308) => {
                            break Page::Failed {
                                url,
                                host: host.clone(),
                                code: "ERR_TOO_MANY_REDIRECTS",
                                headline: "This page isn’t working",
                                detail: format!("{host} redirected you too many times."),
                            };
                        }
                        _ => {
                            break Page::Loaded {
                                content_type: header(&r, "Content-Type").unwrap_or("").to_string(),
                                url,
                                status: r.status,
                                reason: r.reason,
                                body: r.body,
                            }
                        }
                    }
                }
                Err(e) => break failure(url, host, &e),
            }
        };
        self.page.insert(page)
    }
}

/// Chromium's name for a request's failure: `ERR_CONNECTION_REFUSED`,
/// `NET::ERR_CERT_AUTHORITY_INVALID`, ...
pub fn error_code(e: &NetError) -> &'static str {
    match failure(String::new(), String::new(), e) {
        Page::CertWarning { code, .. } | Page::Failed { code, .. } => code,
        Page::Loaded { .. } => "ERR_FAILED",
    }
}

/// The page Chromium shows for a request that failed below HTTP.
pub fn failure(url: String, host: String, e: &NetError) -> Page {
    let reached = "This site can’t be reached";
    let (code, headline, detail) = match e.curl_code {
        60 | 51 => {
            let m = e.message.to_ascii_lowercase();
            let code = if m.contains("subject name") || m.contains("does not match") {
                "NET::ERR_CERT_COMMON_NAME_INVALID"
            } else if m.contains("expired") {
                "NET::ERR_CERT_DATE_INVALID"
            } else {
                "NET::ERR_CERT_AUTHORITY_INVALID"
            };
            return Page::CertWarning { url, host, code };
        }
        6 => (
            "ERR_NAME_NOT_RESOLVED",
            reached,
            format!("{host}’s server IP address could not be found."),
        ),
        7 => (
            "ERR_CONNECTION_REFUSED",
            reached,
            format!("{host} refused to connect."),
        ),
        28 => (
            "ERR_CONNECTION_TIMED_OUT",
            reached,
            format!("{host} took too long to respond."),
        ),
        52 => (
            "ERR_EMPTY_RESPONSE",
            "This page isn’t working",
            format!("{host} didn’t send any data."),
        ),
        56 => (
            "ERR_CONNECTION_RESET",
            reached,
            "The connection was reset.".to_string(),
        ),
        35 => (
            "ERR_SSL_PROTOCOL_ERROR",
            "This site can’t provide a secure connection",
            format!("{host} sent an invalid response."),
        ),
        1 | 3 => (
            "ERR_INVALID_URL",
            reached,
            format!("The webpage at {url} might be temporarily down or it may have moved permanently to a new web address."),
        ),
        _ => (
            "ERR_FAILED",
            reached,
            format!("The webpage at {url} might be temporarily down or it may have moved permanently to a new web address."),
        ),
    };
    Page::Failed {
        url,
        host,
        code,
        headline,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cluster::{Cluster, Profile};

    #[test]
    fn addresses_get_a_scheme_and_hosts_are_found() {
        assert_eq!(normalize(" localhost:31045 "), "http://localhost:31045");
        assert_eq!(normalize("https://localhost/x"), "https://localhost/x");
        assert_eq!(host_of("https://LocalHost:8443/x?y"), "localhost");
        assert_eq!(host_of("http://[::1]:80/"), "::1");
        assert_eq!(host_of("nginx"), "nginx");
        assert_eq!(resolve("http://a:1/x/y", "https://b/"), "https://b/");
        assert_eq!(resolve("http://a:1/x/y", "/z"), "http://a:1/z");
    }

    fn outcome(result: Result<HttpResponse, NetError>) -> HttpOutcome {
        HttpOutcome {
            result,
            hops: Vec::new(),
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            version: "HTTP/1.1".into(),
            status,
            reason: "X".into(),
            headers: headers
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            body: body.into(),
        }
    }

    #[test]
    fn an_untrusted_certificate_stops_until_the_user_proceeds() {
        let mut b = Browser::default();
        let mut sent = Vec::new();
        let mut send = |r: &HttpRequest| {
            sent.push((r.url.clone(), r.insecure));
            if r.insecure {
                outcome(Ok(response(
                    200,
                    &[("Content-Type", "text/html")],
                    "<h1>hi</h1>",
                )))
            } else {
                outcome(Err(NetError {
                    curl_code: 60,
                    message: "SSL certificate problem: self signed certificate".into(),
                }))
            }
        };
        let p = b
            .navigate("https://localhost/testpath", false, &mut send)
            .clone();
        assert!(matches!(
            p,
            Page::CertWarning {
                code: "NET::ERR_CERT_AUTHORITY_INVALID",
                ..
            }
        ));
        let p = b
            .navigate("https://localhost/testpath", true, &mut send)
            .clone();
        assert!(p.is_html());
        // The exception holds for the host.
        b.navigate("https://localhost/other", false, &mut send);
        assert_eq!(
            sent,
            [
                ("https://localhost/testpath".to_string(), false),
                ("https://localhost/testpath".to_string(), true),
                ("https://localhost/other".to_string(), true),
            ]
        );
    }

    #[test]
    fn redirects_are_followed() {
        let mut b = Browser::default();
        let mut send = |r: &HttpRequest| {
            if r.url.starts_with("http://") {
                outcome(Ok(response(308, &[("Location", "https://h/p")], "")))
            } else {
                outcome(Ok(response(200, &[("Content-Type", "text/plain")], "ok")))
            }
        };
        let p = b.navigate("h/p", false, &mut send);
        assert_eq!(p.url(), "https://h/p");
        assert!(!p.is_html());
        let mut lp = |_: &HttpRequest| outcome(Ok(response(302, &[("Location", "/again")], "")));
        let p = b.navigate("http://h/", false, &mut lp);
        assert!(matches!(
            p,
            Page::Failed {
                code: "ERR_TOO_MANY_REDIRECTS",
                ..
            }
        ));
    }

    #[test]
    fn failures_read_like_chromium() {
        let mut c = Cluster::new(Profile::DockerDesktop, 1);
        let mut b = Browser::default();
        let mut send = |r: &HttpRequest| c.http(r);
        let p = b.navigate("http://localhost:31045", false, &mut send);
        assert!(
            matches!(
                p,
                Page::Failed {
                    code: "ERR_CONNECTION_REFUSED",
                    ..
                }
            ),
            "{p:?}"
        );
        let p = b.navigate("http://nosuch.example/", false, &mut send);
        assert!(
            matches!(
                p,
                Page::Failed {
                    code: "ERR_NAME_NOT_RESOLVED",
                    ..
                }
            ),
            "{p:?}"
        );
        let e = NetError {
            curl_code: 28,
            message: "timeout".into(),
        };
        assert!(matches!(
            failure("http://x".into(), "x".into(), &e),
            Page::Failed {
                code: "ERR_CONNECTION_TIMED_OUT",
                ..
            }
        ));
    }
}
