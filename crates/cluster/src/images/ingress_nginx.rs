//! The ingress-nginx v1.5.1 images: the controller (nginx plus the Go
//! process that turns Ingresses into its configuration; the routing itself
//! is in `crate::net::ingress`) and kube-webhook-certgen, which the two
//! admission Jobs run to make the webhook's certificate and exit.

use super::{KLOG_TIME, RFC3339_NOW};

/// The controller's release, its nginx and the commit it was built from.
pub(crate) const RELEASE: &str = "v1.5.1";
pub(crate) const NGINX_VERSION: &str = "1.21.6";
const BUILD: &str = "63dbbdbb3a099417f411fbd1d684fa2a287c96cd";

/// Ports the controller listens on: HTTP, HTTPS, the admission webhook,
/// the health/metrics endpoint, and its internal default server.
pub(crate) const CONTROLLER_PORTS: [u16; 5] = [80, 443, 8443, 10254, 8181];

/// A klog line (`I0105 09:00:12.000000       7 file.go:12] msg`).
fn klog(level: char, file: &str, msg: &str) -> String {
    format!("{level}{KLOG_TIME}       7 {file}] {msg}")
}

/// What the controller writes as it starts (`--publish-service` and the
/// other flags as given), at milliseconds after start.
pub(crate) fn controller_start_logs(argv: &[String]) -> Vec<(i64, String)> {
    let flag = |name: &str| {
        argv.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_string))
    };
    let election = flag("election-id").unwrap_or_else(|| "ingress-controller-leader".into());
    let webhook = flag("validating-webhook");
    let mut out: Vec<(i64, String)> = vec![
        "-------------------------------------------------------------------------------".into(),
        "NGINX Ingress controller".into(),
        format!("  Release:       {RELEASE}"),
        format!("  Build:         {BUILD}"),
        "  Repository:    https://github.com/kubernetes/ingress-nginx".into(),
        format!("  nginx version: nginx/{NGINX_VERSION}"),
        String::new(),
        "-------------------------------------------------------------------------------".into(),
        String::new(),
    ]
    .into_iter()
    .map(|l| (0, l))
    .collect();
    out.push((0, klog('W', "client_config.go:617", "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.")));
    out.push((
        0,
        klog(
            'I',
            "main.go:209",
            "\"Creating API client\" host=\"https://10.96.0.1:443\"",
        ),
    ));
    out.push((40, klog('I', "main.go:253", "\"Running in Kubernetes cluster\" major=\"1\" minor=\"32\" git=\"v1.32.2\" state=\"clean\" platform=\"linux/amd64\"")));
    out.push((300, klog('I', "main.go:104", "\"SSL fake certificate created\" file=\"/etc/ingress-controller/ssl/default-fake-certificate.pem\"")));
    if webhook.is_some() {
        out.push((320, klog('I', "ssl.go:533", "\"loading tls certificate\" path=\"/usr/local/certificates/cert\" key=\"/usr/local/certificates/key\"")));
    }
    out.push((
        340,
        klog('I', "nginx.go:260", "\"Starting NGINX Ingress controller\""),
    ));
    out.push((500, klog('I', "nginx.go:303", "\"Starting NGINX process\"")));
    out.push((
        500,
        klog(
            'I',
            "leaderelection.go:248",
            &format!("attempting to acquire leader lease ingress-nginx/{election}..."),
        ),
    ));
    if let Some(addr) = webhook {
        out.push((500, klog('I', "nginx.go:323", &format!("\"Starting validation webhook\" address=\"{addr}\" certPath=\"/usr/local/certificates/cert\" keyPath=\"/usr/local/certificates/key\""))));
    }
    out.push((
        510,
        klog(
            'I',
            "controller.go:168",
            "\"Configuration changes detected, backend reload required\"",
        ),
    ));
    out.push((
        520,
        klog(
            'I',
            "leaderelection.go:258",
            &format!("successfully acquired lease ingress-nginx/{election}"),
        ),
    ));
    out.push((
        600,
        klog(
            'I',
            "controller.go:185",
            "\"Backend successfully reloaded\"",
        ),
    ));
    out.push((
        600,
        klog(
            'I',
            "controller.go:196",
            "\"Initial sync, sleeping for 1 second\"",
        ),
    ));
    out
}

/// A klog line the controller writes while it runs (syncs, reloads).
pub(crate) fn controller_log(file: &str, msg: &str) -> String {
    klog('I', file, msg)
}

/// kube-webhook-certgen's run: its log lines, and how long it takes.
pub(crate) fn certgen_start(argv: &[String]) -> (Vec<(i64, String)>, i64, i32) {
    let json = |src: &str, msg: &str| {
        format!("{{\"level\":\"info\",\"msg\":\"{msg}\",\"source\":\"{src}\",\"time\":\"{RFC3339_NOW}\"}}")
    };
    let flag = |name: &str| {
        argv.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_string))
            .unwrap_or_default()
    };
    let warn = klog('W', "client_config.go:618", "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.");
    match argv.iter().find(|a| !a.starts_with('-')).map(String::as_str) {
        Some("create") => (
            vec![
                (0, warn),
                (
                    300,
                    format!(
                        "{{\"err\":\"secrets \\\"{}\\\" not found\",\"level\":\"info\",\"msg\":\"no secret found\",\"source\":\"k8s/k8s.go:229\",\"time\":\"{RFC3339_NOW}\"}}",
                        flag("secret-name")
                    ),
                ),
                (300, json("cmd/create.go:28", "creating new secret")),
            ],
            1_200,
            0,
        ),
        Some("patch") => {
            let mutating = flag("patch-mutating") != "false";
            let policy = flag("patch-failure-policy");
            let msg = format!(
                "patching webhook configurations '{}' mutating={mutating}, validating=true, failurePolicy={policy}",
                flag("webhook-name")
            );
            (
                vec![
                    (0, warn),
                    (300, json("k8s/k8s.go:118", &msg)),
                    (400, json("k8s/k8s.go:138", "Patched hook(s)")),
                ],
                1_100,
                0,
            )
        }
        _ => (
            vec![(0, "Error: required flag(s) \"host\" not set".to_string())],
            20,
            1,
        ),
    }
}
