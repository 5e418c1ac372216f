//! A hand-made cluster for the network and image tests: objects put into
//! the store in the shape the controllers write them, so these tests do not
//! depend on the controllers.

use crate::{Cluster, Profile};
use serde_json::{json, Value};

fn node(name: &str, ip: &str, cidr: &str, control_plane: bool) -> Value {
    let mut labels = json!({"kubernetes.io/hostname": name});
    if control_plane {
        labels["node-role.kubernetes.io/control-plane"] = json!("");
    }
    json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "spec": {"podCIDR": cidr},
        "status": {"addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}]}
    })
}

/// A running pod with one container per (name, image, command).
pub(crate) fn pod(name: &str, ip: &str, node: &str, containers: &[(&str, &str, &[&str])]) -> Value {
    let specs: Vec<Value> = containers
        .iter()
        .map(|(n, image, cmd)| {
            let mut c = json!({"name": n, "image": image});
            if !cmd.is_empty() {
                c["command"] = json!(cmd);
            }
            c
        })
        .collect();
    let statuses: Vec<Value> = containers
        .iter()
        .map(|(n, image, _)| {
            json!({"name": n, "image": image, "ready": true, "restartCount": 0,
                   "state": {"running": {"startedAt": "2026-01-05T09:01:00Z"}}})
        })
        .collect();
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": name.split('-').next().unwrap_or(name)},
                     "creationTimestamp": "2026-01-05T09:00:30Z"},
        "spec": {"nodeName": node, "containers": specs},
        "status": {"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
                   "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": statuses}
    })
}

fn service(ns: &str, name: &str, ip: &str, ports: Value, extra: Value) -> Value {
    let mut spec =
        json!({"clusterIP": ip, "clusterIPs": [ip], "type": "ClusterIP", "ports": ports});
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            s.insert(k.clone(), v.clone());
        }
    }
    json!({"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": name, "namespace": ns, "creationTimestamp": "2026-01-05T09:00:00Z"},
           "spec": spec})
}

fn slice(
    ns: &str,
    svc: &str,
    ports: Value,
    endpoints: &[(&str, &str, &str, Option<&str>)],
) -> Value {
    let eps: Vec<Value> = endpoints
        .iter()
        .map(|(ip, pod, node, host)| {
            let mut e = json!({"addresses": [ip], "conditions": {"ready": true, "serving": true, "terminating": false},
                               "nodeName": node,
                               "targetRef": {"kind": "Pod", "namespace": ns, "name": pod}});
            if let Some(h) = host {
                e["hostname"] = json!(h);
            }
            e
        })
        .collect();
    json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
           "metadata": {"name": format!("{svc}-abcde"), "namespace": ns,
                        "labels": {"kubernetes.io/service-name": svc}},
           "ports": ports, "endpoints": eps})
}

pub(crate) fn lab() -> Cluster {
    lab_with_seed(1)
}

/// The course's Service lab: nginx (2 replicas) behind `nginx` (ClusterIP
/// 10.105.103.161) and `nginx-np` (NodePort 31045), a `curlpod`, a busybox
/// pod, a headless `web` service with two StatefulSet-style pods, and a
/// service `empty` without endpoints. The clock is at 09:05.
pub(crate) fn lab_with_seed(seed: u64) -> Cluster {
    let mut c = Cluster::new(Profile::DockerDesktop, seed);
    c.now = crate::time::Time::parse_rfc3339("2026-01-05T09:05:00Z").unwrap_or(c.now);
    let s = &mut c.store;
    for ns in ["default", "kube-system"] {
        s.put(
            "namespaces",
            "",
            ns,
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
        );
    }
    s.put(
        "nodes",
        "",
        "desktop-control-plane",
        node("desktop-control-plane", "172.18.0.2", "10.244.0.0/24", true),
    );
    s.put(
        "nodes",
        "",
        "desktop-worker",
        node("desktop-worker", "172.18.0.3", "10.244.1.0/24", false),
    );
    s.put(
        "nodes",
        "",
        "desktop-worker2",
        node("desktop-worker2", "172.18.0.4", "10.244.2.0/24", false),
    );

    let a = "nginx-76769d88f7-gsmjb";
    let b = "nginx-76769d88f7-x2kqp";
    s.put(
        "pods",
        "default",
        a,
        pod(
            a,
            "10.244.1.3",
            "desktop-worker",
            &[("nginx", "nginx:stable", &[])],
        ),
    );
    s.put(
        "pods",
        "default",
        b,
        pod(
            b,
            "10.244.2.4",
            "desktop-worker2",
            &[("nginx", "nginx:stable", &[])],
        ),
    );
    s.put(
        "pods",
        "default",
        "curlpod",
        pod(
            "curlpod",
            "10.244.2.9",
            "desktop-worker2",
            &[(
                "curl",
                "docker.io/curlimages/curl:7.86.0",
                &["sleep", "infinity"],
            )],
        ),
    );
    s.put(
        "pods",
        "default",
        "bb",
        pod(
            "bb",
            "10.244.1.8",
            "desktop-worker",
            &[("busybox", "busybox", &["sleep", "3600"])],
        ),
    );
    for (name, ip, node) in [
        ("web-0", "10.244.1.5", "desktop-worker"),
        ("web-1", "10.244.2.7", "desktop-worker2"),
    ] {
        let mut p = pod(name, ip, node, &[("nginx", "nginx:1.22.1", &[])]);
        p["spec"]["hostname"] = json!(name);
        p["spec"]["subdomain"] = json!("web");
        s.put("pods", "default", name, p);
    }

    let http = json!([{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}]);
    s.put(
        "services",
        "default",
        "kubernetes",
        service(
            "default",
            "kubernetes",
            "10.96.0.1",
            json!([{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]),
            json!({}),
        ),
    );
    s.put("services", "kube-system", "kube-dns", service("kube-system", "kube-dns", "10.96.0.10",
        json!([{"name": "dns", "port": 53, "protocol": "UDP"}, {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
               {"name": "metrics", "port": 9153, "protocol": "TCP"}]), json!({})));
    s.put(
        "services",
        "default",
        "nginx",
        service(
            "default",
            "nginx",
            "10.105.103.161",
            http.clone(),
            json!({"selector": {"app": "nginx"}}),
        ),
    );
    s.put("services", "default", "nginx-np", service("default", "nginx-np", "10.110.201.171",
        json!([{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 31045}]),
        json!({"type": "NodePort", "selector": {"app": "nginx"}, "externalTrafficPolicy": "Cluster"})));
    s.put(
        "services",
        "default",
        "web",
        service(
            "default",
            "web",
            "None",
            http.clone(),
            json!({"selector": {"app": "web"}}),
        ),
    );
    s.put(
        "services",
        "default",
        "empty",
        service(
            "default",
            "empty",
            "10.100.9.9",
            http.clone(),
            json!({"selector": {"app": "none"}}),
        ),
    );

    let slice_ports = json!([{"name": "http", "port": 80, "protocol": "TCP"}]);
    let nginx_eps = [
        (("10.244.1.3"), a, "desktop-worker", None),
        ("10.244.2.4", b, "desktop-worker2", None),
    ];
    s.put(
        "endpointslices",
        "default",
        "nginx-abcde",
        slice("default", "nginx", slice_ports.clone(), &nginx_eps),
    );
    s.put(
        "endpointslices",
        "default",
        "nginx-np-abcde",
        slice("default", "nginx-np", slice_ports.clone(), &nginx_eps),
    );
    s.put(
        "endpointslices",
        "default",
        "web-abcde",
        slice(
            "default",
            "web",
            slice_ports.clone(),
            &[
                ("10.244.1.5", "web-0", "desktop-worker", Some("web-0")),
                ("10.244.2.7", "web-1", "desktop-worker2", Some("web-1")),
            ],
        ),
    );
    s.put(
        "endpointslices",
        "default",
        "empty-abcde",
        slice("default", "empty", slice_ports, &[]),
    );
    s.put(
        "endpointslices",
        "default",
        "kubernetes",
        slice(
            "default",
            "kubernetes",
            json!([{"name": "https", "port": 6443, "protocol": "TCP"}]),
            &[],
        ),
    );
    c
}
