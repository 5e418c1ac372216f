//! URLs as curl takes them: the scheme may be left out (`http://` is
//! assumed), user info is dropped, dot segments are removed, and malformed
//! input is rejected with curl's error for its version.

use super::curl::Flavor;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    /// Lowercase: `http` or `https`.
    pub scheme: String,
    /// The host as typed (IPv6 without brackets).
    pub host: String,
    pub port: u16,
    /// The port was written in the URL.
    pub explicit_port: bool,
    /// Path and query, starting with `/`, dot segments removed.
    pub path: String,
    /// `#fragment` as typed (kept for `%{url_effective}` only).
    pub fragment: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UrlError {
    /// Nothing usable (an empty string, `http://` without a host).
    NoHost,
    /// Spaces or control characters.
    Malformed,
    BadPort,
    BadHostname,
    /// A scheme curl (as simulated) does not speak.
    Protocol(String),
}

impl UrlError {
    /// curl's exit code and message for this error.
    pub(crate) fn curl_error(&self, f: &Flavor) -> (i32, String) {
        if !f.v8 {
            return match self {
                UrlError::Protocol(p) => (
                    1,
                    format!("Protocol \"{p}\" not supported or disabled in libcurl"),
                ),
                _ => (3, "URL using bad/illegal format or missing URL".to_string()),
            };
        }
        match self {
            UrlError::Protocol(p) => (1, format!("Protocol \"{p}\" not supported")),
            UrlError::NoHost => (3, "URL rejected: No host part in the URL".to_string()),
            UrlError::Malformed => (
                3,
                "URL rejected: Malformed input to a URL function".to_string(),
            ),
            UrlError::BadPort => (
                3,
                "URL rejected: Port number was not a decimal number between 0 and 65535"
                    .to_string(),
            ),
            UrlError::BadHostname => (3, "URL rejected: Bad hostname".to_string()),
        }
    }
}

/// Removes `.` and `..` segments (RFC 3986 5.2.4), as curl does.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let n = segs.len();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == n;
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

impl Url {
    pub(crate) fn parse(input: &str) -> Result<Url, UrlError> {
        if input.is_empty() {
            return Err(UrlError::NoHost);
        }
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError::Malformed);
        }
        let (scheme, rest) = match input.find("://") {
            Some(i) => {
                let s = &input[..i];
                if s.is_empty()
                    || !s
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                {
                    return Err(UrlError::Malformed);
                }
                (s.to_ascii_lowercase(), &input[i + 3..])
            }
            None => ("http".to_string(), input),
        };
        if scheme != "http" && scheme != "https" {
            return Err(UrlError::Protocol(
                input[..input.find("://").unwrap_or(0)].to_string(),
            ));
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port_text) = if let Some(v6) = authority.strip_prefix('[') {
            let Some((h, after)) = v6.split_once(']') else {
                return Err(UrlError::BadHostname);
            };
            match after {
                "" => (h, None),
                p => match p.strip_prefix(':') {
                    Some(p) => (h, Some(p)),
                    None => return Err(UrlError::BadPort),
                },
            }
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(UrlError::NoHost);
        }
        let v6 = authority.starts_with('[');
        let host_ok = if v6 {
            host.chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        } else {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        if !host_ok {
            return Err(UrlError::BadHostname);
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        let (port, explicit_port) = match port_text {
            None | Some("") => (default_port, false),
            Some(p) => {
                if !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 5 {
                    return Err(UrlError::BadPort);
                }
                match p.parse::<u32>() {
                    Ok(n) if n <= 65535 => (n as u16, true),
                    _ => return Err(UrlError::BadPort),
                }
            }
        };
        let (before_frag, fragment) = match tail.split_once('#') {
            Some((a, f)) => (a, format!("#{f}")),
            None => (tail, String::new()),
        };
        let (path, query) = match before_frag.split_once('?') {
            Some((p, q)) => (p, format!("?{q}")),
            None => (before_frag, String::new()),
        };
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            remove_dot_segments(path)
        };
        Ok(Url {
            scheme,
            host: host.to_string(),
            port,
            explicit_port,
            path: format!("{path}{query}"),
            fragment,
        })
    }

    /// The `Host:` header curl sends.
    pub(crate) fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let default_port = if self.scheme == "https" { 443 } else { 80 };
        if self.explicit_port && self.port != default_port {
            format!("{host}:{}", self.port)
        } else {
            host
        }
    }

    /// `%{url_effective}`: the URL as curl normalized it.
    pub(crate) fn effective(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let port = if self.explicit_port {
            format!(":{}", self.port)
        } else {
            String::new()
        };
        format!(
            "{}://{host}{port}{}{}",
            self.scheme, self.path, self.fragment
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_like_curl() {
        let u = Url::parse("10.105.103.161").unwrap();
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str(), u.port, u.path.as_str()),
            ("http", "10.105.103.161", 80, "/")
        );
        assert_eq!(u.effective(), "http://10.105.103.161/");
        let u = Url::parse("http://LOCALHOST:18080/./a/../index.html?x#frag").unwrap();
        assert_eq!(u.path, "/index.html?x");
        assert_eq!(u.host_header(), "LOCALHOST:18080");
        assert_eq!(u.effective(), "http://LOCALHOST:18080/index.html?x#frag");
        let u = Url::parse("https://user:pw@[::1]:8443/x").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 8443));
        assert_eq!(
            Url::parse("http://localhost:80/").unwrap().host_header(),
            "localhost"
        );
    }

    #[test]
    fn bad_urls_are_rejected() {
        assert_eq!(Url::parse(""), Err(UrlError::NoHost));
        assert_eq!(Url::parse("http://"), Err(UrlError::NoHost));
        assert_eq!(Url::parse("http://exa mple.com"), Err(UrlError::Malformed));
        assert_eq!(
            Url::parse("http://localhost:99999/"),
            Err(UrlError::BadPort)
        );
        assert_eq!(
            Url::parse("http://exa$mple.com/"),
            Err(UrlError::BadHostname)
        );
        assert_eq!(Url::parse("htp://x"), Err(UrlError::Protocol("htp".into())));
    }
}
