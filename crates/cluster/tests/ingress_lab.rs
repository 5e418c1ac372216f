//! The course notes' Ingress lab at the engine level, ingress-nginx's
//! rewrite documentation against the echo server, and the controller's
//! TLS, errors, logs, status and events.

mod common;

use cluster::{HttpRequest, Origin};
use common::*;
use serde_json::json;

const NOTES_DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:stable
";

const NOTES_SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  type: ClusterIP
";

const NOTES_INGRESS: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: nginx-ing
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  rules:
  - host: localhost
    http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: nginx
            port:
              number: 80
";

const NOT_FOUND: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

fn curl(c: &mut cluster::Cluster, args: &[&str]) -> cluster::ExecResult {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    c.curl(Origin::Host, &args, false)
}

#[test]
fn the_bundled_manifest_creates_what_the_real_one_does() {
    let c = with_ingress_nginx();
    let s = c.store();
    for (plural, ns, name) in [
        ("namespaces", "", "ingress-nginx"),
        ("serviceaccounts", "ingress-nginx", "ingress-nginx"),
        (
            "serviceaccounts",
            "ingress-nginx",
            "ingress-nginx-admission",
        ),
        ("roles", "ingress-nginx", "ingress-nginx"),
        ("roles", "ingress-nginx", "ingress-nginx-admission"),
        ("clusterroles", "", "ingress-nginx"),
        ("clusterroles", "", "ingress-nginx-admission"),
        ("rolebindings", "ingress-nginx", "ingress-nginx"),
        ("rolebindings", "ingress-nginx", "ingress-nginx-admission"),
        ("clusterrolebindings", "", "ingress-nginx"),
        ("clusterrolebindings", "", "ingress-nginx-admission"),
        ("configmaps", "ingress-nginx", "ingress-nginx-controller"),
        ("services", "ingress-nginx", "ingress-nginx-controller"),
        (
            "services",
            "ingress-nginx",
            "ingress-nginx-controller-admission",
        ),
        ("deployments", "ingress-nginx", "ingress-nginx-controller"),
        ("jobs", "ingress-nginx", "ingress-nginx-admission-create"),
        ("jobs", "ingress-nginx", "ingress-nginx-admission-patch"),
        ("ingressclasses", "", "nginx"),
        (
            "validatingwebhookconfigurations",
            "",
            "ingress-nginx-admission",
        ),
        ("secrets", "ingress-nginx", "ingress-nginx-admission"),
    ] {
        assert!(s.get(plural, ns, name).is_some(), "{plural} {ns}/{name}");
    }
    let svc = s
        .get("services", "ingress-nginx", "ingress-nginx-controller")
        .unwrap();
    assert_eq!(svc["spec"]["type"], "LoadBalancer");
    assert_eq!(svc["spec"]["externalTrafficPolicy"], "Local");
    assert_eq!(svc["spec"]["ports"][0]["targetPort"], "http");
    assert_eq!(svc["spec"]["ports"][1]["port"], 443);
    assert!(svc["spec"]["ports"][0]["nodePort"].as_i64().is_some());
    assert_eq!(
        svc["status"]["loadBalancer"]["ingress"][0]["hostname"],
        "localhost"
    );
    assert_eq!(
        svc["metadata"]["labels"]["app.kubernetes.io/version"],
        "1.5.1"
    );
    let dep = s
        .get("deployments", "ingress-nginx", "ingress-nginx-controller")
        .unwrap();
    let ctr = &dep["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        ctr["args"][1],
        "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller"
    );
    assert!(ctr["image"]
        .as_str()
        .unwrap()
        .starts_with("registry.k8s.io/ingress-nginx/controller:v1.5.1@sha256:"));
    assert_eq!(dep["status"]["readyReplicas"], 1, "{:#}", dep["status"]);
    for job in [
        "ingress-nginx-admission-create",
        "ingress-nginx-admission-patch",
    ] {
        let j = s.get("jobs", "ingress-nginx", job).unwrap();
        assert_eq!(j["status"]["succeeded"], 1, "{job}: {:#}", j["status"]);
    }
    let vwc = s
        .get(
            "validatingwebhookconfigurations",
            "",
            "ingress-nginx-admission",
        )
        .unwrap();
    assert!(vwc["webhooks"][0]["clientConfig"]["caBundle"].is_string());
    let ic = s.get("ingressclasses", "", "nginx").unwrap();
    assert_eq!(ic["spec"]["controller"], "k8s.io/ingress-nginx");
}

#[test]
fn all_three_variants_parse_into_nineteen_objects() {
    for url in [
        cluster::bundled::INGRESS_NGINX_CLOUD_URL,
        cluster::bundled::INGRESS_NGINX_BAREMETAL_URL,
        cluster::bundled::INGRESS_NGINX_KIND_URL,
    ] {
        let docs = yaml_docs(cluster::bundled::manifest_for_url(url).unwrap());
        assert_eq!(docs.len(), 19, "{url}");
        let mut c = cluster::Cluster::new(cluster::Profile::DockerDesktop, 1);
        for d in docs {
            c.create(d, "default")
                .unwrap_or_else(|e| panic!("{url}: {}", e.message));
        }
    }
}

#[test]
fn the_notes_lab_end_to_end() {
    let mut c = with_ingress_nginx();
    // https://localhost: the controller's default server answers 404.
    let out = send(&mut c, "GET", "https://localhost", None, true);
    assert_eq!(status(&out), 404);
    assert_eq!(body(&out), NOT_FOUND);
    let kinds: Vec<&str> = out.hops.iter().map(|h| h.kind.as_str()).collect();
    assert_eq!(
        &kinds[..4],
        ["Host", "LoadBalancer", "NodePort", "Service"],
        "{:#?}",
        out.hops
    );
    // Without -k curl refuses the fake certificate.
    let r = curl(&mut c, &["https://localhost"]);
    assert_eq!(r.exit_code, 60);
    assert!(r.stderr.contains("curl: (60) SSL certificate problem: self signed certificate\nMore details here: https://curl.se/docs/sslcerts.html\n"), "{}", r.stderr);
    let r = curl(&mut c, &["-k", "https://localhost"]);
    assert_eq!((r.exit_code, r.stdout.as_str()), (0, NOT_FOUND));
    // The notes' nginx Deployment, its Service and Ingress.
    create_yaml(&mut c, NOTES_DEPLOYMENT, "default");
    create_yaml(&mut c, NOTES_SERVICE, "default");
    c.advance(30_000);
    create_yaml(&mut c, NOTES_INGRESS, "default");
    let r = curl(&mut c, &["-k", "https://localhost/testpath"]);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("<title>Welcome to nginx!</title>"),
        "{}",
        r.stdout
    );
    let out = send(&mut c, "GET", "https://localhost/testpath", None, true);
    assert!(
        out.hops.iter().any(|h| h.kind == "Ingress"
            && h.name == "nginx-ing"
            && h.note.contains("rewrite /testpath -> /")),
        "{:#?}",
        out.hops
    );
    assert_eq!(served_by(&out).as_deref(), Some("nginx"));
    assert_eq!(out.hops.last().map(|h| h.kind.as_str()), Some("Pod"));
    // Other paths still get the 404 page; so does http://localhost/.
    assert_eq!(
        status(&send(&mut c, "GET", "https://localhost/other", None, true)),
        404
    );
    assert_eq!(
        status(&send(&mut c, "GET", "http://localhost/", None, false)),
        404
    );
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "http://localhost/testpath/x",
            None,
            false
        )),
        200
    );
    // The Ingress gets the controller's address at its next status sync.
    assert_eq!(ingress_address(&c, "default", "nginx-ing"), None);
    c.advance(61_000);
    assert_eq!(
        ingress_address(&c, "default", "nginx-ing"),
        Some(json!([{"hostname": "localhost"}]))
    );
    let syncs: Vec<_> = c
        .store()
        .list("events", Some("default"))
        .into_iter()
        .filter(|e| e["reason"] == "Sync" && e["involvedObject"]["name"] == "nginx-ing")
        .cloned()
        .collect();
    assert_eq!(syncs.len(), 1);
    assert_eq!(syncs[0]["count"], 2);
    assert_eq!(syncs[0]["message"], "Scheduled for sync");
    assert_eq!(syncs[0]["source"]["component"], "nginx-ingress-controller");
    // The controller logged the requests in its format.
    let pod = c
        .store()
        .list("pods", Some("ingress-nginx"))
        .into_iter()
        .find(|p| {
            p["metadata"]["name"]
                .as_str()
                .unwrap_or("")
                .starts_with("ingress-nginx-controller-")
        })
        .map(|p| p["metadata"]["name"].as_str().unwrap_or("").to_string())
        .unwrap();
    let logs = c.logs("ingress-nginx", &pod, None).unwrap().text(false);
    assert!(
        logs.contains("NGINX Ingress controller\n  Release:       v1.5.1\n"),
        "{logs}"
    );
    let line = logs
        .lines()
        .find(|l| l.contains("\"GET /testpath HTTP/2.0\" 200 615"))
        .unwrap_or_else(|| panic!("{logs}"));
    assert!(
        line.contains("\"curl/8.7.1\"") && line.contains("[default-nginx-80] []"),
        "{line}"
    );
    assert!(
        logs.contains("\"GET / HTTP/2.0\" 404 146 \"-\" \"curl/8.7.1\""),
        "{logs}"
    );
    assert!(
        logs.contains("[upstream-default-backend] [] 127.0.0.1:8181 146 0.000 404"),
        "{logs}"
    );
    assert!(logs.contains("reason: 'Sync' Scheduled for sync"));
    // The notes' cleanup (what the engine sees of it).
    for (plural, name) in [
        ("deployments", "nginx"),
        ("services", "nginx"),
        ("ingresses", "nginx-ing"),
    ] {
        let rt = cluster::resources::by_plural(plural).unwrap();
        c.delete(rt, "default", name).unwrap();
    }
    c.advance(60_000);
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "https://localhost/testpath",
            None,
            true
        )),
        404
    );
}

#[test]
fn https_responses_are_http2_with_nginx_headers() {
    let mut c = with_ingress_nginx();
    let out = send(&mut c, "GET", "https://localhost/", None, true);
    let r = out.result.unwrap();
    assert_eq!(
        (r.version.as_str(), r.status, r.reason.as_str()),
        ("HTTP/2", 404, "")
    );
    assert_eq!(r.headers[0], ("server".to_string(), "nginx".to_string()));
    let r = send(&mut c, "GET", "http://localhost/", None, false)
        .result
        .unwrap();
    assert_eq!(r.version, "HTTP/1.1");
    let names: Vec<&str> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
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
}

const REWRITE_DOCS: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  namespace: default
  annotations:
    nginx.ingress.kubernetes.io/use-regex: \"true\"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
  - host: rewrite.bar.com
    http:
      paths:
      - path: /something(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: http-svc
            port:
              number: 8080
";

#[test]
fn rewrite_with_capture_groups_as_the_docs_show() {
    let mut c = with_ingress_nginx();
    echo_backend(&mut c, "default", "http-svc", 1);
    c.advance(30_000);
    create_yaml(&mut c, REWRITE_DOCS, "default");
    for (path, real) in [
        ("/something", "/"),
        ("/something/", "/"),
        ("/something/new", "/new"),
        ("/SOMETHING/new?x=1", "/new?x=1"),
    ] {
        let out = send(
            &mut c,
            "GET",
            &format!("http://localhost{path}"),
            Some("rewrite.bar.com"),
            false,
        );
        assert_eq!(status(&out), 200, "{path}");
        let b = body(&out);
        assert!(b.contains(&format!("\treal path={real}\n")), "{path}: {b}");
        assert!(b.contains("\thost=rewrite.bar.com\n"));
        assert!(b.contains("\tx-forwarded-host=rewrite.bar.com\n\tx-forwarded-port=80\n\tx-forwarded-proto=http\n"), "{b}");
        assert!(b.contains("\tx-real-ip=192.168.65.1\n"), "{b}");
    }
    assert_eq!(
        status(&send(
            &mut c,
            "GET",
            "http://localhost/somethingelse",
            Some("rewrite.bar.com"),
            false
        )),
        404
    );
}

#[test]
fn missing_services_and_services_without_endpoints_give_503() {
    let mut c = with_ingress_nginx();
    let ing = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: broken
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - path: /missing
        pathType: Prefix
        backend:
          service:
            name: nope
            port:
              number: 80
      - path: /empty
        pathType: Prefix
        backend:
          service:
            name: empty
            port:
              number: 80
";
    create_yaml(&mut c, ing, "default");
    let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "empty"},
        "spec": {"selector": {"app": "none"}, "ports": [{"port": 80}]}});
    c.create(svc, "default").unwrap();
    for path in ["/missing", "/empty/x"] {
        let out = send(
            &mut c,
            "GET",
            &format!("http://localhost{path}"),
            None,
            false,
        );
        assert_eq!(status(&out), 503, "{path}");
        assert!(body(&out).contains("<title>503 Service Temporarily Unavailable</title>"));
    }
}

#[test]
fn tls_hosts_redirect_http_with_308() {
    let mut c = with_ingress_nginx();
    echo_backend(&mut c, "default", "web", 1);
    c.advance(30_000);
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-tls"},
        "type": "kubernetes.io/tls", "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}});
    c.create(secret, "default").unwrap();
    let ing = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: secure
spec:
  ingressClassName: nginx
  tls:
  - hosts: [secure.example.com]
    secretName: web-tls
  rules:
  - host: secure.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: http
";
    create_yaml(&mut c, ing, "default");
    let out = send(
        &mut c,
        "GET",
        "http://localhost/a?b=1",
        Some("secure.example.com"),
        false,
    );
    let r = out.result.unwrap();
    assert_eq!((r.status, r.reason.as_str()), (308, "Permanent Redirect"));
    assert!(r.headers.contains(&(
        "Location".to_string(),
        "https://secure.example.com/a?b=1".to_string()
    )));
    assert!(r.body.contains("<title>308 Permanent Redirect</title>"));
    let out = send(
        &mut c,
        "GET",
        "https://localhost/a",
        Some("secure.example.com"),
        true,
    );
    assert_eq!(status(&out), 200);
    assert!(body(&out).contains("\tx-forwarded-proto=https\n"));
    assert_eq!(served_by(&out).as_deref(), Some("web"));
}

#[test]
fn echo_images_answer_from_a_pod() {
    let mut c = with_ingress_nginx();
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "echo", "labels": {"app": "echo"}},
        "spec": {"containers": [{"name": "echo", "image": "hashicorp/http-echo", "args": ["-text=apple", "-listen=:8081"]}]}});
    c.create(pod, "default").unwrap();
    let curlpod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "curlpod"},
        "spec": {"containers": [{"name": "curl", "image": "curlimages/curl:8.7.1", "command": ["sleep", "infinity"]}]}});
    c.create(curlpod, "default").unwrap();
    c.advance(30_000);
    let ip = c.store().get("pods", "default", "echo").unwrap()["status"]["podIP"]
        .as_str()
        .unwrap()
        .to_string();
    let out = c.http(&HttpRequest {
        origin: Origin::Pod {
            namespace: "default".into(),
            name: "curlpod".into(),
        },
        method: "GET".into(),
        url: format!("http://{ip}:8081/any/path"),
        headers: vec![],
        insecure: false,
    });
    assert_eq!(body(&out), "apple\n");
}

#[test]
fn ingresses_of_other_classes_are_ignored() {
    let mut c = with_ingress_nginx();
    echo_backend(&mut c, "default", "web", 1);
    c.advance(30_000);
    let ing = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: other
spec:
  ingressClassName: traefik
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
";
    create_yaml(&mut c, ing, "default");
    c.advance(120_000);
    assert_eq!(
        status(&send(&mut c, "GET", "http://localhost/", None, false)),
        404
    );
    assert_eq!(ingress_address(&c, "default", "other"), None);
    // The same Ingress without a class: ignored until nginx is the default.
    let mut o = c
        .store()
        .get("ingresses", "default", "other")
        .cloned()
        .unwrap();
    o["spec"]
        .as_object_mut()
        .unwrap()
        .remove("ingressClassName");
    c.update(o).unwrap();
    assert_eq!(
        status(&send(&mut c, "GET", "http://localhost/", None, false)),
        404
    );
    make_default_class(&mut c);
    assert_eq!(
        status(&send(&mut c, "GET", "http://localhost/", None, false)),
        200
    );
}
