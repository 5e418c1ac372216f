//! Small application images from the Kubernetes docs' examples: perl (the
//! pi Job), the pause container, redis, Google's hello-app and
//! hello-go-gke, the guestbook PHP frontend and fluentd.

use super::NGINX_LOG_TIME;

/// Big natural number in base 10^9, least significant limb first.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

const BASE: u64 = 1_000_000_000;

impl Big {
    fn pow10(n: usize) -> Big {
        let mut v = vec![0u32; n / 9];
        v.push(10u32.pow((n % 9) as u32));
        Big(v)
    }
    fn is_zero(&self) -> bool {
        self.0.iter().all(|&d| d == 0)
    }
    fn div_small(&self, d: u32) -> Big {
        let mut out = vec![0u32; self.0.len()];
        let mut rem = 0u64;
        for i in (0..self.0.len()).rev() {
            let cur = rem * BASE + u64::from(self.0[i]);
            out[i] = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        Big(out)
    }
    fn mul_small(&self, m: u32) -> Big {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = 0u64;
        for &x in &self.0 {
            let cur = u64::from(x) * u64::from(m) + carry;
            out.push((cur % BASE) as u32);
            carry = cur / BASE;
        }
        while carry > 0 {
            out.push((carry % BASE) as u32);
            carry /= BASE;
        }
        Big(out)
    }
    fn add(&self, o: &Big) -> Big {
        let n = self.0.len().max(o.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let cur = u64::from(*self.0.get(i).unwrap_or(&0))
                + u64::from(*o.0.get(i).unwrap_or(&0))
                + carry;
            out.push((cur % BASE) as u32);
            carry = cur / BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Big(out)
    }
    /// `self - o`, where `self >= o`.
    fn sub(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let mut cur = i64::from(self.0[i]) - i64::from(*o.0.get(i).unwrap_or(&0)) - borrow;
            borrow = 0;
            if cur < 0 {
                cur += BASE as i64;
                borrow = 1;
            }
            out.push(cur as u32);
        }
        Big(out)
    }
    fn decimal(&self) -> String {
        let mut limbs = self.0.clone();
        while limbs.len() > 1 && limbs.last() == Some(&0) {
            limbs.pop();
        }
        let mut s = limbs.last().map(u32::to_string).unwrap_or_default();
        for d in limbs.iter().rev().skip(1) {
            s.push_str(&format!("{d:09}"));
        }
        s
    }
}

/// `scale * arctan(1/x)` by its Taylor series, truncated at each term.
fn arctan_inv(x: u32, scale: &Big) -> Big {
    let x2 = x * x;
    let mut term = scale.div_small(x);
    let mut sum = term.clone();
    let mut neg = Big(vec![0]);
    let mut k = 1u32;
    while !term.is_zero() {
        term = term.div_small(x2);
        let t = term.div_small(2 * k + 1);
        if k % 2 == 1 {
            neg = neg.add(&t);
        } else {
            sum = sum.add(&t);
        }
        k += 1;
    }
    sum.sub(&neg)
}

/// π to `digits` significant digits, rounded half to even as Perl's
/// Math::BigFloat rounds (`bpi(N)`), by Machin's formula
/// π = 16·arctan(1/5) − 4·arctan(1/239).
pub(crate) fn pi_digits(digits: usize) -> String {
    let digits = digits.max(1);
    let guard = 12;
    let scale = Big::pow10(digits - 1 + guard);
    let pi = arctan_inv(5, &scale)
        .mul_small(16)
        .sub(&arctan_inv(239, &scale).mul_small(4));
    let all = pi.decimal();
    round_sig(&all, digits)
}

/// Rounds the digit string `all` (leading digit = the units of π) to `n`
/// digits, half to even, and places the decimal point after the first.
fn round_sig(all: &str, n: usize) -> String {
    let mut kept: Vec<u8> = all.bytes().take(n).map(|b| b - b'0').collect();
    let rest = &all.as_bytes()[n.min(all.len())..];
    let first = rest.first().map_or(0, |b| b - b'0');
    let tail_nonzero = rest.iter().skip(1).any(|&b| b != b'0');
    let up = first > 5 || (first == 5 && (tail_nonzero || kept.last().is_some_and(|d| d % 2 == 1)));
    if up {
        let mut i = kept.len();
        while i > 0 {
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let mut s: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
    if s.len() > 1 {
        s.insert(1, '.');
    }
    s
}

/// What `perl ARGS` does: (stdout, stderr, exit code, run time in ms).
/// Handles `-e`/`-le`/`-wle` one-liners that print strings or `bpi(N)`
/// (with `-Mbignum=bpi`); other scripts fail as perl fails on them.
pub(crate) fn perl(args: &[String]) -> (String, String, i32, i64) {
    let mut newline = false;
    let mut warn = false;
    let mut bignum = false;
    let mut code = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(m) = a.strip_prefix("-M") {
            bignum |= m.starts_with("bignum") || m.starts_with("bigint") || m.starts_with("bigrat");
            continue;
        }
        if a == "-v" {
            let out = "\nThis is perl 5, version 40, subversion 0 (v5.40.0) built for x86_64-linux-gnu\n\n\
                       Copyright 1987-2024, Larry Wall\n";
            return (out.into(), String::new(), 0, 30);
        }
        if let Some(flags) = a.strip_prefix('-') {
            newline |= flags.contains('l');
            warn |= flags.contains('w');
            if flags.ends_with('e') {
                code = it.next().cloned();
                break;
            }
            continue;
        }
        // A script file: none exists in the image.
        return (
            String::new(),
            format!("Can't open perl script \"{a}\": No such file or directory\n"),
            2,
            20,
        );
    }
    let Some(code) = code else {
        // perl reading its program from stdin, which is empty.
        return (String::new(), String::new(), 0, 20);
    };
    let src = code.trim().trim_end_matches(';').trim();
    let nl = if newline { "\n" } else { "" };
    // A quoted string alone: a constant in void context.
    if let Some(inner) = src
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| src.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
    {
        let err = if warn {
            format!("Useless use of a constant (\"{inner}\") in void context at -e line 1.\n")
        } else {
            String::new()
        };
        return (String::new(), err, 0, 30);
    }
    if let Some(arg) = src.strip_prefix("print") {
        let arg = arg.trim();
        if let Some(n) = arg
            .strip_prefix("bpi(")
            .and_then(|s| s.strip_suffix(')'))
            .and_then(|n| n.trim().parse::<usize>().ok())
        {
            if !bignum {
                return (
                    String::new(),
                    "Undefined subroutine &main::bpi called at -e line 1.\n".into(),
                    255,
                    20,
                );
            }
            let n = n.clamp(1, 20_000);
            // Math::BigFloat is slow: about 7 s for 2000 digits on one core.
            let ms = 300 + (n as i64) * (n as i64) * 17 / 10_000;
            return (format!("{}{nl}", pi_digits(n)), String::new(), 0, ms);
        }
        let lit = arg
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .map(|s| s.replace("\\n", "\n").replace("\\t", "\t"))
            .or_else(|| {
                arg.strip_prefix('\'')
                    .and_then(|s| s.strip_suffix('\''))
                    .map(str::to_string)
            });
        if let Some(text) = lit {
            return (format!("{text}{nl}"), String::new(), 0, 30);
        }
    }
    let word = src
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    let err = if word.is_empty() {
        "syntax error at -e line 1, near \"".to_string()
            + src
            + "\"\nExecution of -e aborted due to compilation errors.\n"
    } else {
        format!("Bareword found where operator expected at -e line 1, near \"{src}\"\nsyntax error at -e line 1, near \"{src}\"\nExecution of -e aborted due to compilation errors.\n")
    };
    (String::new(), err, 255, 20)
}

/// redis-server's start-up lines (redis 5/6 style, as the guestbook's
/// registry.k8s.io/redis image logs them), then it serves 6379.
pub(crate) fn redis_start_logs(version: &str) -> Vec<(i64, String)> {
    let stamp = format!("1:C {}", super::REDIS_TIME);
    let m = format!("1:M {}", super::REDIS_TIME);
    vec![
        (0, format!("{stamp} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")),
        (0, format!("{stamp} # Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started")),
        (0, format!("{stamp} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf")),
        (1, format!("{m} * Running mode=standalone, port=6379.")),
        (1, format!("{m} # Server initialized")),
        (2, format!("{m} * Ready to accept connections")),
    ]
}

/// fluentd's start-up lines (fluentd-elasticsearch images).
pub(crate) fn fluentd_start_logs(fluentd: &str) -> Vec<(i64, String)> {
    let at = super::FLUENTD_TIME;
    vec![
        (0, format!("{at} [info]: parsing config file is succeeded path=\"/etc/fluent/fluent.conf\"")),
        (400, format!("{at} [info]: using configuration file: <ROOT>")),
        (600, format!("{at} [info]: starting fluentd-{fluentd} pid=1 ruby=\"2.6.3\"")),
        (700, format!("{at} [info]: spawn command to main:  cmdline=[\"/usr/local/bin/ruby\", \"-Eascii-8bit:ascii-8bit\", \"/usr/local/bin/fluentd\", \"--under-supervisor\"]")),
        (1500, format!("{at} [info]: adding match pattern=\"**\" type=\"elasticsearch\"")),
        (1800, format!("{at} [info]: #0 starting fluentd worker pid=9 ppid=1 worker=0")),
        (1900, format!("{at} [info]: #0 fluentd worker is now running worker=0")),
    ]
}

/// gcr.io/google-samples/hello-app's start-up line (Go's `log` format).
pub(crate) fn hello_app_start_logs() -> Vec<(i64, String)> {
    vec![(0, format!("{NGINX_LOG_TIME} Server listening on port 8080"))]
}

fn text_response(status: u16, reason: &str, ctype: &str, body: String) -> crate::net::HttpResponse {
    crate::net::HttpResponse {
        version: "HTTP/1.1".into(),
        status,
        reason: reason.into(),
        headers: vec![
            ("Content-Type".into(), ctype.into()),
            ("Content-Length".into(), body.len().to_string()),
        ],
        body,
    }
}

/// hello-app answers every path with its greeting and logs the path.
pub(crate) fn hello_app_serve(
    version: &str,
    hostname: &str,
    path: &str,
) -> (crate::net::HttpResponse, Vec<String>) {
    let body = format!("Hello, world!\nVersion: {version}\nHostname: {hostname}\n");
    (
        text_response(200, "OK", "text/plain; charset=utf-8", body),
        vec![format!("{NGINX_LOG_TIME} Serving request: {path}")],
    )
}

/// hello-go-gke (the "hello" backend of the docs' frontend/backend
/// tutorial) answers with a JSON greeting on port 80.
pub(crate) fn hello_go_serve() -> (crate::net::HttpResponse, Vec<String>) {
    (
        text_response(
            200,
            "OK",
            "application/json",
            "{\"message\":\"Hello\"}".into(),
        ),
        vec![],
    )
}

/// The guestbook's PHP frontend (Apache on port 80): its single page.
pub(crate) fn guestbook_serve(path: &str, client: &str) -> (crate::net::HttpResponse, Vec<String>) {
    let body = "<html ng-app=\"redis\">\n  <head>\n    <title>Guestbook</title>\n    \
<link rel=\"stylesheet\" href=\"//netdna.bootstrapcdn.com/bootstrap/3.1.1/css/bootstrap.min.css\">\n    \
<script src=\"https://ajax.googleapis.com/ajax/libs/angularjs/1.2.12/angular.min.js\"></script>\n    \
<script src=\"controllers.js\"></script>\n    \
<script src=\"https://cdnjs.cloudflare.com/ajax/libs/angular-ui-bootstrap/0.13.0/ui-bootstrap-tpls.js\"></script>\n  \
</head>\n  <body ng-controller=\"RedisCtrl\">\n    <div style=\"width: 50%; margin-left: 20px\">\n      \
<h2>Guestbook</h2>\n    <form>\n    <fieldset>\n    \
<input ng-model=\"msg\" placeholder=\"Messages\" class=\"form-control\" type=\"text\" name=\"input\"><br>\n    \
<button type=\"button\" class=\"btn btn-primary\" ng-click=\"controller.onRedis()\">Submit</button>\n    \
</fieldset>\n    </form>\n    <div>\n      <div ng-repeat=\"msg in messages track by $index\">\n        \
{{msg}}\n      </div>\n    </div>\n    </div>\n  </body>\n</html>\n"
        .to_string();
    let len = body.len();
    let mut r = text_response(200, "OK", "text/html; charset=UTF-8", body);
    r.headers
        .insert(0, ("Server".into(), "Apache/2.4.38 (Debian)".into()));
    (
        r,
        vec![format!("{client} - - [05/Jan/2026:09:00:00 +0000] \"GET {path} HTTP/1.1\" 200 {len} \"-\" \"curl\"")],
    )
}

/// Apache's start-up lines for the guestbook frontend.
pub(crate) fn guestbook_start_logs() -> Vec<(i64, String)> {
    vec![
        (0, "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 127.0.1.1. Set the 'ServerName' directive globally to suppress this message".into()),
        (0, "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 127.0.1.1. Set the 'ServerName' directive globally to suppress this message".into()),
        (100, "[Mon Jan 05 09:00:00.000000 2026] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.38 (Debian) PHP/7.4.33 configured -- resuming normal operations".into()),
        (100, "[Mon Jan 05 09:00:00.000000 2026] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// π by Gauss's formula 48·atan(1/18) + 32·atan(1/57) − 20·atan(1/239),
    /// independent of the Machin formula the image uses.
    fn pi_gauss(digits: usize) -> String {
        let scale = Big::pow10(digits - 1 + 12);
        let all = arctan_inv(18, &scale)
            .mul_small(48)
            .add(&arctan_inv(57, &scale).mul_small(32))
            .sub(&arctan_inv(239, &scale).mul_small(20))
            .decimal();
        round_sig(&all, digits)
    }

    #[test]
    fn bpi_2000_matches_two_computations_and_a_reference() {
        let pi = pi_digits(2000);
        assert_eq!(pi.len(), 2001);
        // Reference: Chudnovsky series in Python's decimal module.
        assert!(pi.starts_with("3.141592653589793238462643383279502884197169399375"));
        assert!(pi.ends_with("4780275901"));
        assert_eq!(pi, pi_gauss(2000));
        assert_eq!(pi_digits(5), "3.1416");
        assert_eq!(pi_digits(1), "3");
    }

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn perl_one_liners() {
        let (out, err, code, ms) = perl(&v(&["-Mbignum=bpi", "-wle", "print bpi(2000)"]));
        assert_eq!((err.as_str(), code), ("", 0));
        assert_eq!(out.len(), 2002);
        assert!((3_000..15_000).contains(&ms), "{ms}");
        // The docs' job.yaml quotes the program: a constant in void context.
        let (out, err, code, _) = perl(&v(&["-Mbignum=bpi", "-wle", "\"print bpi(2000)\""]));
        assert_eq!(out, "");
        assert_eq!(
            err,
            "Useless use of a constant (\"print bpi(2000)\") in void context at -e line 1.\n"
        );
        assert_eq!(code, 0);
        assert_eq!(perl(&v(&["-e", "print \"x\\n\""])).0, "x\n");
        assert_eq!(perl(&v(&["-le", "print 'hi'"])).0, "hi\n");
        assert_eq!(perl(&v(&["-e", "foo bar"])).2, 255);
        assert_eq!(perl(&v(&["script.pl"])).2, 2);
    }

    #[test]
    fn hello_app_answers() {
        let (r, logs) = hello_app_serve("2.0.0", "hello-world-abc", "/");
        assert_eq!(
            r.body,
            "Hello, world!\nVersion: 2.0.0\nHostname: hello-world-abc\n"
        );
        assert!(logs[0].ends_with(" Serving request: /"));
        assert!(hello_app_start_logs()[0]
            .1
            .ends_with(" Server listening on port 8080"));
    }
}
