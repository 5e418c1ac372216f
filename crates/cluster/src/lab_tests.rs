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
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
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
