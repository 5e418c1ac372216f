//! End-to-end tests of the engine: the course's Service lab and the
//! behaviours around it, driven through the public API.

use crate::resources::by_plural;
use crate::{ApplyResult, Cluster, Profile};
use serde_json::{json, Value};

fn rt(p: &str) -> &'static crate::ResourceType {
    by_plural(p).expect("known resource")
}

fn nginx_deployment() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "nginx"},
        "spec": {
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx:stable"}]}}
        }
    })
}

fn pods_of(c: &Cluster, ns: &str) -> Vec<Value> {
    c.list(rt("pods"), Some(ns)).into_iter().cloned().collect()
}

#[test]
fn bootstrap_looks_like_a_kind_cluster() {
    let c = Cluster::new(Profile::DockerDesktop, 1);
    let nodes: Vec<&str> = c
        .list(rt("nodes"), None)
        .into_iter()
        .map(crate::name_of)
        .collect();
    assert_eq!(
        nodes,
        ["desktop-control-plane", "desktop-worker", "desktop-worker2"]
    );
    let ns: Vec<&str> = c
        .list(rt("namespaces"), None)
        .into_iter()
        .map(crate::name_of)
        .collect();
    assert_eq!(
        ns,
        [
            "default",
            "kube-node-lease",
            "kube-public",
            "kube-system",
            "local-path-storage"
        ]
    );
    // kind's default storage: the provisioner runs on the control plane,
    // after the two CoreDNS pods.
    let storage = pods_of(&c, "local-path-storage");
    assert_eq!(storage.len(), 1);
    assert_eq!(storage[0]["status"]["phase"], "Running");
    assert_eq!(storage[0]["spec"]["nodeName"], "desktop-control-plane");
    assert_eq!(storage[0]["status"]["podIP"], "10.244.0.4");
    assert!(c
        .get(rt("configmaps"), "local-path-storage", "local-path-config")
        .is_ok());
    let system = pods_of(&c, "kube-system");
    assert_eq!(
        system.len(),
        2 + 3 + 3 + 4,
        "coredns x2, kube-proxy x3, kindnet x3, 4 static pods"
    );
    for p in &system {
        assert_eq!(p["status"]["phase"], "Running", "{}", crate::name_of(p));
    }
    let dns = c.get(rt("services"), "kube-system", "kube-dns").unwrap();
    assert_eq!(dns["spec"]["clusterIP"], "10.96.0.10");
    let k = c.get(rt("services"), "default", "kubernetes").unwrap();
    assert_eq!(k["spec"]["clusterIP"], "10.96.0.1");
    let ep = c.get(rt("endpoints"), "kube-system", "kube-dns").unwrap();
    assert_eq!(ep["subsets"][0]["addresses"].as_array().unwrap().len(), 2);
    assert!(
        c.list(rt("events"), None).is_empty(),
        "bootstrap events have expired"
    );
    assert!(c
        .get(rt("configmaps"), "default", "kube-root-ca.crt")
        .is_ok());
    assert!(c.get(rt("serviceaccounts"), "default", "default").is_ok());
}

#[test]
fn service_lab_end_to_end() {
    let mut c = Cluster::new(Profile::DockerDesktop, 7);
    let (d, res) = c.apply(nginx_deployment(), "default").unwrap();
    assert_eq!(res, ApplyResult::Created);
    assert_eq!(d["spec"]["replicas"], 1);
    let pods = pods_of(&c, "default");
    assert_eq!(pods.len(), 1);
    let pod = &pods[0];
    let name = crate::name_of(pod);
    let rs = c.list(rt("replicasets"), Some("default"))[0].clone();
    let rs_name = crate::name_of(&rs).to_string();
    assert!(rs_name.starts_with("nginx-"));
    assert!(name.starts_with(&format!("{rs_name}-")) && name.len() == rs_name.len() + 6);
    assert!(pod["spec"]["nodeName"]
        .as_str()
        .unwrap()
        .starts_with("desktop-worker"));
    assert_eq!(pod["status"]["phase"], "Pending");
    assert_eq!(
        pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ContainerCreating"
    );

    // Service (as `kubectl expose` builds it).
    let svc = json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "nginx"},
        "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}], "selector": {"app": "nginx"}}
    });
    let svc = c.create(svc, "default").unwrap();
    let ip = svc["spec"]["clusterIP"].as_str().unwrap().to_string();
    assert!(ip.starts_with("10.") && ip != "10.96.0.1");
    assert_eq!(svc["spec"]["type"], "ClusterIP");
    assert!(c
        .get(rt("endpoints"), "default", "nginx")
        .unwrap()
        .get("subsets")
        .is_none());

    c.advance(30_000);
    let pod = c.get(rt("pods"), "default", name).unwrap().clone();
    assert_eq!(pod["status"]["phase"], "Running");
    let pod_ip = pod["status"]["podIP"].as_str().unwrap().to_string();
    assert!(pod_ip.starts_with("10.244.1.") || pod_ip.starts_with("10.244.2."));
    let ep = c.get(rt("endpoints"), "default", "nginx").unwrap();
    assert_eq!(ep["subsets"][0]["addresses"][0]["ip"], pod_ip.as_str());
    let slices: Vec<Value> = c
        .list(rt("endpointslices"), Some("default"))
        .into_iter()
        .filter(|s| s["metadata"]["labels"]["kubernetes.io/service-name"] == "nginx")
        .cloned()
        .collect();
    assert_eq!(slices.len(), 1);
    assert_eq!(slices[0]["endpoints"][0]["conditions"]["ready"], true);
    let d = c.get(rt("deployments"), "default", "nginx").unwrap();
    assert_eq!(d["status"]["availableReplicas"], 1);
    assert_eq!(
        d["status"]["conditions"][1]["reason"],
        "NewReplicaSetAvailable"
    );

    // curlpod.
    let curl = json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "curlpod"},
        "spec": {"containers": [{"name": "curl", "image": "docker.io/curlimages/curl:7.86.0", "command": ["sleep", "infinity"], "imagePullPolicy": "IfNotPresent"}], "restartPolicy": "Always"}
    });
    c.apply(curl, "default").unwrap();
    c.advance(30_000);
    assert_eq!(
        c.get(rt("pods"), "default", "curlpod").unwrap()["status"]["phase"],
        "Running"
    );

    // NodePort with a fixed port, then the same port again.
    let np = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx-np"},
        "spec": {"ports": [{"name": "http", "nodePort": 31045, "port": 80, "protocol": "TCP", "targetPort": 80}], "selector": {"app": "nginx"}, "type": "NodePort"}
    });
    let s = c.create(np.clone(), "default").unwrap();
    assert_eq!(s["spec"]["ports"][0]["nodePort"], 31045);
    assert_eq!(s["spec"]["externalTrafficPolicy"], "Cluster");
    let mut again = np;
    again["metadata"]["name"] = json!("nginx-np2");
    let e = c.create(again, "default").unwrap_err();
    assert_eq!(e.message, "The Service \"nginx-np2\" is invalid: spec.ports[0].nodePort: Invalid value: 31045: provided port is already allocated");
    let (_, res) = c.apply(json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx-np"},
        "spec": {"ports": [{"name": "http", "nodePort": 31045, "port": 80, "protocol": "TCP", "targetPort": 80}], "selector": {"app": "nginx"}, "type": "NodePort"}
    }), "default").unwrap();
    // Applying over an object made by `create` adds the last-applied
    // annotation: Configured.
    assert_eq!(res, ApplyResult::Configured);
}

#[test]
fn determinism_same_seed_same_store() {
    let run = || {
        let mut c = Cluster::new(Profile::DockerDesktop, 42);
        c.apply(nginx_deployment(), "default").unwrap();
        c.advance(12_345);
        let mut d = c
            .get(rt("deployments"), "default", "nginx")
            .unwrap()
            .clone();
        d["spec"]["replicas"] = json!(3);
        c.update(d).unwrap();
        c.advance(60_000);
        let all: Vec<(String, Value)> = c
            .store()
            .iter()
            .map(|(k, v)| (format!("{k:?}"), v.clone()))
            .collect();
        serde_json::to_string(&all).unwrap()
    };
    assert_eq!(run(), run());
}

/// Odd shapes in every place a manifest can put them.
fn odd_values() -> Vec<Value> {
    vec![
        json!(null),
        json!("x"),
        json!(-1),
        json!(1.5),
        json!([1, "a", null]),
        json!({"a": {"b": [{}]}}),
    ]
}

#[test]
fn malformed_input_never_panics_nor_changes_the_store() {
    let mut c = Cluster::new(Profile::DockerDesktop, 3);
    let fields = [
        "/metadata",
        "/metadata/name",
        "/metadata/labels",
        "/metadata/ownerReferences",
        "/spec",
        "/spec/replicas",
        "/spec/selector",
        "/spec/template",
        "/spec/template/spec/containers",
        "/spec/containers",
        "/spec/containers/0",
        "/spec/containers/0/ports",
        "/spec/ports",
        "/spec/ports/0/nodePort",
        "/spec/ports/0/targetPort",
        "/spec/type",
        "/spec/clusterIP",
        "/spec/taints",
        "/spec/tolerations",
        "/spec/strategy",
        "/data",
        "/subsets",
        "/endpoints",
        "/status",
        "/spec/volumeClaimTemplates",
        "/spec/schedule",
        "/spec/jobTemplate",
        "/spec/accessModes",
        "/spec/resources",
        "/value",
    ];
    let kinds = [
        "pods",
        "deployments",
        "replicasets",
        "daemonsets",
        "services",
        "configmaps",
        "secrets",
        "endpoints",
        "endpointslices",
        "nodes",
        "namespaces",
        "jobs",
        "ingresses",
        "statefulsets",
        "cronjobs",
        "persistentvolumeclaims",
        "persistentvolumes",
        "priorityclasses",
    ];
    for rt in kinds.iter().map(|k| rt(k)) {
        for field in fields {
            for odd in odd_values() {
                let mut obj = json!({
                    "apiVersion": rt.api_version(), "kind": rt.kind,
                    "metadata": {"name": "odd"},
                    "spec": {"containers": [{"name": "a", "image": "nginx"}], "ports": [{"port": 80}],
                             "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "a", "image": "nginx"}]}},
                             "selector": {"matchLabels": {"a": "b"}}}
                });
                set(&mut obj, field, odd.clone());
                let rv = c.store().resource_version();
                match c.create(obj.clone(), "default") {
                    Ok(_) => {
                        let _ = c.apply(obj.clone(), "default");
                        let _ = c.update(obj.clone());
                        let _ = c.replace(obj.clone(), "default");
                        let _ = c.delete_with(
                            rt,
                            "default",
                            "odd",
                            crate::DeleteOptions {
                                grace_period_seconds: Some(0),
                                ..Default::default()
                            },
                        );
                    }
                    Err(e) => {
                        assert!(!e.message.is_empty());
                        assert_eq!(
                            c.store().resource_version(),
                            rv,
                            "{} {field} {odd}: {}",
                            rt.kind,
                            e.message
                        );
                    }
                }
            }
        }
    }
    for (v, ns) in [
        (json!(5), "default"),
        (json!({"kind": "Pod"}), "default"),
        (json!({"apiVersion": "v1"}), ""),
        (
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}),
            "",
        ),
    ] {
        assert!(c.create(v.clone(), ns).is_err());
        assert!(c.apply(v.clone(), ns).is_err());
        assert!(c.update(v).is_err());
    }
    c.advance(600_000);
}

/// Sets a JSON pointer path, creating objects (and array slots) on the way.
fn set(v: &mut Value, ptr: &str, value: Value) {
    let parts: Vec<&str> = ptr.trim_start_matches('/').split('/').collect();
    let mut cur = v;
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if let Ok(idx) = p.parse::<usize>() {
            if !cur.is_array() {
                *cur = json!([]);
            }
            let Some(a) = cur.as_array_mut() else { return };
            while a.len() <= idx {
                a.push(json!({}));
            }
            if last {
                a[idx] = value;
                return;
            }
            cur = &mut a[idx];
        } else {
            if !cur.is_object() {
                *cur = json!({});
            }
            let Some(m) = cur.as_object_mut() else { return };
            if last {
                m.insert(p.to_string(), value);
                return;
            }
            cur = m.entry(p.to_string()).or_insert(json!({}));
        }
    }
}

#[test]
fn a_rejected_request_does_not_shift_later_names() {
    let run = |with_error: bool| {
        let mut c = Cluster::new(Profile::DockerDesktop, 5);
        if with_error {
            let mut bad = nginx_deployment();
            bad["spec"]["template"]["metadata"]["labels"]["app"] = json!("other");
            assert!(c.create(bad, "default").is_err());
            assert!(c.create(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubernetes"}, "spec": {"ports": [{"port": 1}]}}), "default").is_err());
        }
        c.apply(nginx_deployment(), "default").unwrap();
        let s = c.create(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "nginx"}}}), "default").unwrap();
        let pods: Vec<String> = pods_of(&c, "default")
            .iter()
            .map(|p| crate::name_of(p).to_string())
            .collect();
        (pods, s["spec"]["clusterIP"].clone())
    };
    assert_eq!(run(false), run(true));
}
