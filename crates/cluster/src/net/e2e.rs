//! The network and the images against the real engine: objects created
//! through the API, pods walked through their phases by the kubelet, and
//! endpoints written by the EndpointSlice controller.

use crate::images::nginx::WELCOME;
use crate::net::Origin;
use crate::{Cluster, Profile};
use serde_json::json;

fn argv(s: &[&str]) -> Vec<String> {
    s.iter().map(|a| a.to_string()).collect()
}

fn lab_cluster() -> Cluster {
    let mut c = Cluster::new(Profile::DockerDesktop, 7);
    let deploy = json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "nginx"}},
                 "template": {"metadata": {"labels": {"app": "nginx"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:stable"}]}}}
    });
    let svc = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx"},
        "spec": {"ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}],
                 "selector": {"app": "nginx"}, "type": "ClusterIP"}
    });
    let np = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx-np"},
        "spec": {"ports": [{"name": "http", "nodePort": 31045, "port": 80, "protocol": "TCP", "targetPort": 80}],
                 "selector": {"app": "nginx"}, "type": "NodePort"}
    });
    let curlpod = json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "curlpod"},
        "spec": {"containers": [{"name": "curl", "image": "docker.io/curlimages/curl:7.86.0",
                                 "command": ["sleep", "infinity"], "imagePullPolicy": "IfNotPresent"}],
                 "restartPolicy": "Always"}
    });
    for obj in [deploy, svc, np, curlpod] {
        if let Err(e) = c.apply(obj, "default") {
            panic!("apply: {e}");
        }
    }
    c.advance(60_000);
    c
}

#[test]
fn the_service_lab_end_to_end() {
    let mut c = lab_cluster();
    let ip = c
        .store
        .get("services", "default", "nginx")
        .map(|s| s["spec"]["clusterIP"].as_str().unwrap_or("").to_string());
    let ip = ip.unwrap_or_default();
    assert!(crate::net::topo::in_service_cidr(&ip), "cluster IP {ip}");
    for target in [ip.as_str(), "nginx.default.svc.cluster.local", "nginx"] {
        let r = c
            .exec("default", "curlpod", None, &argv(&["curl", target]), true)
            .unwrap();
        assert_eq!(
            (r.stdout.as_str(), r.exit_code),
            (WELCOME, 0),
            "curl {target}"
        );
    }
    let r = c.curl(Origin::Host, &argv(&["http://localhost:31045"]), true);
    assert_eq!((r.stdout.as_str(), r.exit_code), (WELCOME, 0));
    let r = c
        .exec(
            "default",
            "curlpod",
            None,
            &argv(&["cat", "/etc/resolv.conf"]),
            true,
        )
        .unwrap();
    assert_eq!(r.stdout, "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
    let r = c.curl(
        Origin::Host,
        &argv(&[
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &format!("http://{ip}"),
        ]),
        false,
    );
    assert_eq!(
        (r.stdout.as_str(), r.exit_code),
        ("000", 28),
        "cluster IPs are not reachable from the host"
    );

    // Every request was logged by one of the nginx pods.
    let pods: Vec<String> = c
        .store
        .list("pods", Some("default"))
        .iter()
        .map(|p| crate::name_of(p).to_string())
        .collect();
    let access_lines: usize = pods
        .iter()
        .filter(|p| p.starts_with("nginx-"))
        .map(|p| {
            c.logs("default", p, None)
                .map(|l| {
                    l.lines
                        .iter()
                        .filter(|(_, t)| t.contains("\"GET / HTTP/1.1\" 200 615"))
                        .count()
                })
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(access_lines, 4);
    let hops = c.drain_traces();
    assert!(hops.len() >= 5);
}

#[test]
fn a_new_seed_replays_byte_for_byte() {
    let run = || {
        let mut c = lab_cluster();
        let mut out = String::new();
        for _ in 0..4 {
            let r = c
                .exec(
                    "default",
                    "curlpod",
                    None,
                    &argv(&["curl", "-sv", "nginx"]),
                    false,
                )
                .unwrap();
            out.push_str(&r.stderr);
            for t in c.drain_traces() {
                out.push_str(&format!("{:?}\n", t.hops));
            }
        }
        out
    };
    assert_eq!(run(), run());
}

#[test]
fn nginx_start_up_lines_carry_their_times() {
    let c = lab_cluster();
    let pod = c
        .store
        .list("pods", Some("default"))
        .into_iter()
        .find(|p| crate::name_of(p).starts_with("nginx-"))
        .map(|p| crate::name_of(p).to_string());
    let logs = c
        .logs("default", &pod.unwrap_or_default(), None)
        .unwrap()
        .text(false);
    assert!(logs.starts_with("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n"));
    assert!(!logs.contains('\u{1}'));
    assert!(logs.contains(" [notice] 1#1: nginx/1.28.1\n"), "{logs}");
    assert!(logs.contains("2026/01/05 09:00:"), "{logs}");
}
