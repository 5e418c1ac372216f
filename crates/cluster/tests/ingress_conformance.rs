//! Every scenario of kubernetes-sigs/ingress-controller-conformance's five
//! features (default_backend, host_rules, ingress_class, load_balancing,
//! path_rules) as executable cases against the engine with the bundled
//! ingress-nginx. As in the conformance runner, `nginx` is the cluster's
//! default IngressClass (the features' Ingresses name no class), each
//! scenario gets a new namespace, backends are echo servers named after
//! their Service, and requests go to the address the Ingress status
//! publishes (`localhost`) with the scenario's Host.

mod common;

use cluster::Cluster;
use common::*;
use serde_json::{json, Value};

/// A new namespace with echo backends `services`, and the Ingress `yaml`
/// (a whole object, or only its spec under `name`).
fn scenario(ns: &str, services: &[&str], ingress: Value) -> Cluster {
    let mut c = with_ingress_nginx();
    make_default_class(&mut c);
    c.create(
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
        "default",
    )
    .unwrap();
    for s in services {
        echo_backend(&mut c, ns, s, 1);
    }
    c.advance(30_000);
    c.create(ingress, ns).unwrap();
    c.advance(61_000);
    c
}

fn with_spec(name: &str, spec: &str) -> Value {
    let spec = yaml_docs(spec).remove(0);
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name}, "spec": spec})
}

/// "The Ingress status shows the IP address or FQDN where it is exposed".
fn assert_exposed(c: &Cluster, ns: &str, name: &str) {
    assert_eq!(
        ingress_address(c, ns, name),
        Some(json!([{"hostname": "localhost"}]))
    );
}

// ---------------------------------------------------------------- default_backend.feature

const DEFAULT_BACKEND: &str = "defaultBackend:
  service:
    name: echo-service
    port:
      number: 8080
";

#[test]
fn default_backend_an_ingress_with_no_rules_sends_all_requests_to_the_default_backend() {
    let ns = "conformance-default-backend";
    let mut c = scenario(
        ns,
        &["echo-service"],
        with_spec("default-backend", DEFAULT_BACKEND),
    );
    assert_exposed(&c, ns, "default-backend");
    for (method, host, path) in [
        ("GET", "my-host", ""),
        ("GET", "my-host", "sub-path"),
        ("POST", "some-host", ""),
        ("PUT", "", "resource"),
        ("DELETE", "some-host", "resource"),
        ("PATCH", "my-host", "resource"),
    ] {
        let host_header = if host.is_empty() { None } else { Some(host) };
        let mut out = c.http(&cluster::HttpRequest {
            origin: cluster::Origin::Host,
            method: method.into(),
            url: format!("http://localhost/{path}"),
            headers: {
                let mut h = vec![("User-Agent".to_string(), "Go-http-client/1.1".to_string())];
                if let Some(hh) = host_header {
                    h.push(("Host".into(), hh.into()));
                }
                h
            },
            insecure: false,
        });
        let case = format!("{method} {host}/{path}");
        assert_eq!(status(&out), 200, "{case}");
        assert_eq!(served_by(&out).as_deref(), Some("echo-service"), "{case}");
        let resp = out.result.as_mut().unwrap();
        assert_eq!(resp.version, "HTTP/1.1", "{case}");
        for h in ["Content-Length", "Content-Type", "Date", "Server"] {
            assert!(resp.headers.iter().any(|(n, _)| n == h), "{case}: {h}");
        }
        let b = &resp.body;
        assert!(b.contains(&format!("\tmethod={method}\n")), "{case}: {b}");
        assert!(b.contains(&format!("\treal path=/{path}\n")), "{case}");
        assert!(b.contains("\trequest_version=1.1\n"), "{case}");
        assert!(b.contains("\tuser-agent=Go-http-client/1.1\n"), "{case}");
    }
}

// ---------------------------------------------------------------- host_rules.feature

const HOST_RULES: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: host-rules
spec:
  tls:
    - hosts:
        - foo.bar.com
      secretName: conformance-tls
  rules:
    - host: \"*.foo.com\"
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: wildcard-foo-com
                port:
                  number: 8080

    - host: foo.bar.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: foo-bar-com
                port:
                  name: http
";

fn host_rules() -> Cluster {
    let ns = "conformance-host-rules";
    let mut ing = yaml_docs(HOST_RULES).remove(0);
    ing["metadata"]["namespace"] = json!(ns);
    let mut c = with_ingress_nginx();
    make_default_class(&mut c);
    c.create(
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
        "default",
    )
    .unwrap();
    // "a self-signed TLS secret named conformance-tls for the foo.bar.com hostname"
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
        "metadata": {"name": "conformance-tls", "namespace": ns},
        "data": {"tls.crt": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==", "tls.key": "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg=="}});
    c.create(secret, ns).unwrap();
    for s in ["wildcard-foo-com", "foo-bar-com"] {
        echo_backend(&mut c, ns, s, 1);
    }
    c.advance(30_000);
    c.create(ing, ns).unwrap();
    c.advance(61_000);
    assert_exposed(&c, ns, "host-rules");
    c
}

#[test]
fn host_rules_tls_traffic_goes_to_the_matching_backend() {
    let mut c = host_rules();
    // foo.bar.com does not resolve on the host: the request goes to the
    // published address with the host's name, as the runner does. The
    // runner trusts the Secret's CA; here the client skips verification.
    let out = send(
        &mut c,
        "GET",
        "https://localhost/",
        Some("foo.bar.com"),
        true,
    );
    assert_eq!(status(&out), 200);
    assert_eq!(served_by(&out).as_deref(), Some("foo-bar-com"));
    assert!(body(&out).contains("\thost=foo.bar.com\n"));
}

#[test]
fn host_rules_traffic_goes_to_the_matching_backend() {
    let mut c = host_rules();
    let out = send(
        &mut c,
        "GET",
        "http://localhost/",
        Some("foo.bar.com"),
        false,
    );
    // foo.bar.com has TLS: ingress-nginx redirects plain HTTP first (308),
    // the runner's client follows it.
    assert_eq!(status(&out), 308);
    let out = send(
        &mut c,
        "GET",
        "https://localhost/",
        Some("foo.bar.com"),
        true,
    );
    assert_eq!(status(&out), 200);
    assert_eq!(served_by(&out).as_deref(), Some("foo-bar-com"));
    assert!(body(&out).contains("\thost=foo.bar.com\n"));
}

#[test]
fn host_rules_do_not_route_a_host_that_does_not_match() {
    let mut c = host_rules();
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "http://localhost/",
            Some("subdomain.bar.com"),
            false
        )),
        404
    );
}

#[test]
fn host_rules_wildcard_matches_one_label() {
    let mut c = host_rules();
    let out = send(
        &mut c,
        "GET",
        "http://localhost/",
        Some("bar.foo.com"),
        false,
    );
    assert_eq!(status(&out), 200);
    assert_eq!(served_by(&out).as_deref(), Some("wildcard-foo-com"));
    assert!(body(&out).contains("\thost=bar.foo.com\n"));
}

#[test]
fn host_rules_wildcard_does_not_match_more_than_one_label() {
    let mut c = host_rules();
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "http://localhost/",
            Some("baz.bar.foo.com"),
            false
        )),
        404
    );
}

#[test]
fn host_rules_wildcard_does_not_match_no_label() {
    let mut c = host_rules();
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "http://localhost/",
            Some("foo.com"),
            false
        )),
        404
    );
}

// ---------------------------------------------------------------- ingress_class.feature

#[test]
fn ingress_class_an_invalid_class_is_not_served() {
    let ns = "conformance-ingress-class";
    let ing = yaml_docs(
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: test-ingress-class
spec:
  ingressClassName: some-invalid-class-name
  rules:
    - host: \"ingress-class\"
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ingress-class-prefix
                port:
                  number: 8080
",
    )
    .remove(0);
    let mut c = scenario(ns, &["ingress-class-prefix"], ing);
    c.advance(120_000);
    assert_eq!(ingress_address(&c, ns, "test-ingress-class"), None);
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "http://localhost/",
            Some("ingress-class"),
            false
        )),
        404
    );
}

// ---------------------------------------------------------------- load_balancing.feature

#[test]
fn load_balancing_uses_all_the_pods() {
    let ns = "conformance-load-balancing";
    let mut c = scenario(
        ns,
        &["echo-service"],
        with_spec("load-balancing", DEFAULT_BACKEND),
    );
    assert_exposed(&c, ns, "load-balancing");
    let mut dep = c
        .store()
        .get("deployments", ns, "echo-service")
        .cloned()
        .unwrap();
    dep["spec"]["replicas"] = json!(10);
    c.update(dep).unwrap();
    c.advance(60_000);
    let mut pods = std::collections::BTreeSet::new();
    for _ in 0..100 {
        let out = send(
            &mut c,
            "GET",
            "http://localhost/",
            Some("load-balancing"),
            false,
        );
        assert_eq!(status(&out), 200);
        let b = body(&out);
        let host = b
            .lines()
            .find_map(|l| l.strip_prefix("Hostname: "))
            .unwrap_or("")
            .to_string();
        pods.insert(host);
    }
    assert_eq!(pods.len(), 10, "{pods:?}");
}

// ---------------------------------------------------------------- path_rules.feature

const PATH_RULES: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: path-rules
spec:
  rules:
    - host: \"exact-path-rules\"
      http:
        paths:
          - path: /foo
            pathType: Exact
            backend:
              service:
                name: foo-exact
                port:
                  number: 8080

    - host: \"prefix-path-rules\"
      http:
        paths:
          - path: /foo
            pathType: Prefix
            backend:
              service:
                name: foo-prefix
                port:
                  number: 8080

          - path: /aaa/bbb
            pathType: Prefix
            backend:
              service:
                name: aaa-slash-bbb-prefix
                port:
                  number: 8080

          - path: /aaa
            pathType: Prefix
            backend:
              service:
                name: aaa-prefix
                port:
                  number: 8080

    - host: \"mixed-path-rules\"
      http:
        paths:
          - path: /foo
            pathType: Prefix
            backend:
              service:
                name: foo-prefix
                port:
                  number: 8080

          - path: /foo
            pathType: Exact
            backend:
              service:
                name: foo-exact
                port:
                  number: 8080

    - host: \"trailing-slash-path-rules\"
      http:
        paths:
          - path: /aaa/bbb/
            pathType: Prefix
            backend:
              service:
                name: aaa-slash-bbb-slash-prefix
                port:
                  number: 8080

          - path: /foo/
            pathType: Exact
            backend:
              service:
                name: foo-slash-exact
                port:
                  number: 8080
";

#[test]
fn path_rules_every_scenario() {
    let ns = "conformance-path-rules";
    let services = [
        "foo-exact",
        "foo-prefix",
        "aaa-slash-bbb-prefix",
        "aaa-prefix",
        "aaa-slash-bbb-slash-prefix",
        "foo-slash-exact",
    ];
    let mut c = scenario(ns, &services, yaml_docs(PATH_RULES).remove(0));
    assert_exposed(&c, ns, "path-rules");
    // (host, path, Some(service) for 200 or None for 404), in the feature's order.
    let cases: [(&str, &str, Option<&str>); 17] = [
        ("exact-path-rules", "/foo", Some("foo-exact")),
        ("exact-path-rules", "/foo/", None),
        ("exact-path-rules", "/FOO", None),
        ("exact-path-rules", "/bar", None),
        ("prefix-path-rules", "/foo", Some("foo-prefix")),
        ("prefix-path-rules", "/foo/", Some("foo-prefix")),
        ("prefix-path-rules", "/FOO", None),
        (
            "prefix-path-rules",
            "/aaa/bbb",
            Some("aaa-slash-bbb-prefix"),
        ),
        (
            "prefix-path-rules",
            "/aaa/bbb/ccc",
            Some("aaa-slash-bbb-prefix"),
        ),
        ("prefix-path-rules", "/aaa/ccc", Some("aaa-prefix")),
        ("prefix-path-rules", "/aaaccc", None),
        ("prefix-path-rules", "/foo/", Some("foo-prefix")),
        ("mixed-path-rules", "/foo", Some("foo-exact")),
        (
            "trailing-slash-path-rules",
            "/aaa/bbb",
            Some("aaa-slash-bbb-slash-prefix"),
        ),
        (
            "trailing-slash-path-rules",
            "/aaa/bbb/",
            Some("aaa-slash-bbb-slash-prefix"),
        ),
        ("trailing-slash-path-rules", "/foo", None),
        ("exact-path-rules", "/foo", Some("foo-exact")),
    ];
    for (host, path, want) in cases {
        let out = send(
            &mut c,
            "GET",
            &format!("http://localhost{path}"),
            Some(host),
            false,
        );
        match want {
            Some(svc) => {
                assert_eq!(status(&out), 200, "{host}{path}");
                assert_eq!(served_by(&out).as_deref(), Some(svc), "{host}{path}");
            }
            None => assert_eq!(status(&out), 404, "{host}{path}"),
        }
    }
}
