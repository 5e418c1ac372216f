//! Defaulting as the API server writes it (SetDefaults_* of k8s.io/api and
//! the admission plugins that run on every pod: ServiceAccount,
//! DefaultTolerationSeconds, Priority). Never drops a field the user wrote.

use crate::meta::{default_key, obj_mut, path_mut};
use crate::rng::Rng;
use serde_json::{json, Map, Value};

/// The image pull policy the API server picks: `Always` for `:latest` or
/// no tag (without a digest), otherwise `IfNotPresent`.
pub fn pull_policy_for(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) | None => "Always",
        Some(_) => "IfNotPresent",
    }
}

fn default_probe(p: &mut Value) {
    if let Some(m) = p.as_object_mut() {
        default_key(m, "timeoutSeconds", json!(1));
        default_key(m, "periodSeconds", json!(10));
        default_key(m, "successThreshold", json!(1));
        default_key(m, "failureThreshold", json!(3));
        if let Some(h) = m.get_mut("httpGet").and_then(Value::as_object_mut) {
            default_key(h, "path", json!("/"));
            default_key(h, "scheme", json!("HTTP"));
        }
    }
}

fn default_container(c: &mut Value, host_network: bool) {
    let Some(m) = c.as_object_mut() else { return };
    let image = m
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    default_key(m, "imagePullPolicy", json!(pull_policy_for(&image)));
    default_key(m, "resources", json!({}));
    default_key(m, "terminationMessagePath", json!("/dev/termination-log"));
    default_key(m, "terminationMessagePolicy", json!("File"));
    if let Some(ports) = m.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports {
            if let Some(pm) = p.as_object_mut() {
                default_key(pm, "protocol", json!("TCP"));
                if host_network {
                    if let Some(cp) = pm.get("containerPort").cloned() {
                        default_key(pm, "hostPort", cp);
                    }
                }
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = m.get_mut(probe) {
            default_probe(p);
        }
    }
    if let Some(env) = m.get_mut("env").and_then(Value::as_array_mut) {
        for e in env {
            if let Some(fr) = e
                .pointer_mut("/valueFrom/fieldRef")
                .and_then(Value::as_object_mut)
            {
                default_key(fr, "apiVersion", json!("v1"));
            }
        }
    }
}

/// SetDefaults_PodSpec (pods and pod templates).
pub fn default_pod_spec(spec: &mut Value) {
    let Some(m) = spec.as_object_mut() else {
        return;
    };
    let host_network = m
        .get("hostNetwork")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    default_key(m, "dnsPolicy", json!("ClusterFirst"));
    default_key(m, "restartPolicy", json!("Always"));
    default_key(m, "schedulerName", json!("default-scheduler"));
    default_key(m, "securityContext", json!({}));
    default_key(m, "terminationGracePeriodSeconds", json!(30));
    for key in ["initContainers", "containers"] {
        if let Some(list) = m.get_mut(key).and_then(Value::as_array_mut) {
            for c in list {
                default_container(c, host_network);
            }
        }
    }
    if let Some(vols) = m.get_mut("volumes").and_then(Value::as_array_mut) {
        for v in vols {
            let Some(vm) = v.as_object_mut() else {
                continue;
            };
            for (src, mode) in [
                ("configMap", true),
                ("secret", true),
                ("projected", true),
                ("downwardAPI", true),
                ("emptyDir", false),
                ("hostPath", false),
            ] {
                if let Some(s) = vm.get_mut(src).and_then(Value::as_object_mut) {
                    if mode {
                        default_key(s, "defaultMode", json!(420));
                    }
                    if src == "hostPath" {
                        default_key(s, "type", json!(""));
                    }
                }
            }
            if vm.get("emptyDir").is_some_and(Value::is_null) {
                vm.insert("emptyDir".into(), json!({}));
            }
        }
    }
}

/// Pod template defaults (`spec.template` of workloads).
pub fn default_template(tmpl: &mut Value) {
    if let Some(meta) = obj_mut(tmpl, "metadata") {
        if !meta.contains_key("creationTimestamp") {
            meta.insert("creationTimestamp".into(), Value::Null);
        }
    }
    if let Some(spec) = tmpl.get_mut("spec") {
        default_pod_spec(spec);
    }
}

/// The priority a well-known priority class gives.
pub fn priority_of_class(class: &str) -> i64 {
    match class {
        "system-node-critical" => 2_000_001_000,
        "system-cluster-critical" => 2_000_000_000,
        _ => 0,
    }
}

/// Pod defaults and the admission plugins that fill a new pod: service
/// account and its token volume, default not-ready/unreachable
/// tolerations, priority, and status.phase Pending with its QoS class.
pub fn default_pod(pod: &mut Value, rng: &mut Rng) {
    let pod_is_mirror = pod
        .pointer("/metadata/annotations/kubernetes.io~1config.mirror")
        .is_some();
    let Some(spec) = pod.get_mut("spec") else {
        return;
    };
    default_pod_spec(spec);
    let Some(m) = spec.as_object_mut() else {
        return;
    };
    default_key(m, "enableServiceLinks", json!(true));
    let class = m
        .get("priorityClassName")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    default_key(m, "priority", json!(priority_of_class(&class)));
    default_key(m, "preemptionPolicy", json!("PreemptLowerPriority"));
    // ServiceAccount admission.
    let sa = m
        .get("serviceAccountName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            m.get("serviceAccount")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or("default")
        .to_string();
    if !pod_is_mirror {
        m.insert("serviceAccountName".into(), json!(sa));
        m.insert("serviceAccount".into(), json!(sa));
    }
    let mirror = pod_is_mirror;
    let automount = !mirror
        && m.get("automountServiceAccountToken")
            .and_then(Value::as_bool)
            .unwrap_or(true);
    const SA_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
    if automount {
        let vol_name = format!("kube-api-access-{}", rng.name_suffix(5));
        let has_mount = |c: &Value| {
            c.get("volumeMounts")
                .and_then(Value::as_array)
                .is_some_and(|ms| {
                    ms.iter()
                        .any(|x| x.get("mountPath").and_then(Value::as_str) == Some(SA_PATH))
                })
        };
        let mut added = false;
        for key in ["initContainers", "containers"] {
            if let Some(list) = m.get_mut(key).and_then(Value::as_array_mut) {
                for c in list.iter_mut() {
                    if has_mount(c) {
                        continue;
                    }
                    if let Some(cm) = c.as_object_mut() {
                        let mounts = cm.entry("volumeMounts").or_insert_with(|| json!([]));
                        if let Some(a) = mounts.as_array_mut() {
                            a.push(
                                json!({"mountPath": SA_PATH, "name": vol_name, "readOnly": true}),
                            );
                            added = true;
                        }
                    }
                }
            }
        }
        if added {
            let vols = m.entry("volumes").or_insert_with(|| json!([]));
            if vols.is_null() {
                *vols = json!([]);
            }
            if let Some(a) = vols.as_array_mut() {
                a.push(json!({
                    "name": vol_name,
                    "projected": {
                        "defaultMode": 420,
                        "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
                        ]
                    }
                }));
            }
        }
    }
    // DefaultTolerationSeconds admission.
    let tols = m.entry("tolerations").or_insert_with(|| json!([]));
    if tols.is_null() {
        *tols = json!([]);
    }
    if let Some(t) = tols.as_array_mut() {
        for key in [
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
        ] {
            let present = t.iter().any(|x| {
                let k = x.get("key").and_then(Value::as_str).unwrap_or("");
                let op = x.get("operator").and_then(Value::as_str).unwrap_or("Equal");
                let eff = x.get("effect").and_then(Value::as_str).unwrap_or("");
                (k == key || (k.is_empty() && op == "Exists"))
                    && (eff.is_empty() || eff == "NoExecute")
            });
            if !present {
                t.push(json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300}));
            }
        }
    }
    let qos = qos_class(spec);
    if let Some(status) = obj_mut(pod, "status") {
        default_key(status, "phase", json!("Pending"));
        status.insert("qosClass".into(), json!(qos));
    }
}

/// SetDefaults_LimitRangeItem: a Container item's default limit is its
/// max, its default request its default limit, else its min.
fn default_limit_range(obj: &mut Value) {
    let Some(items) = obj
        .pointer_mut("/spec/limits")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for item in items.iter_mut().filter_map(Value::as_object_mut) {
        if item.get("type").and_then(Value::as_str) != Some("Container") {
            continue;
        }
        let get = |item: &Map<String, Value>, k: &str| {
            item.get(k)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (max, min) = (get(item, "max"), get(item, "min"));
        let mut default = get(item, "default");
        for (k, v) in max {
            default.entry(k).or_insert(v);
        }
        let mut request = get(item, "defaultRequest");
        for (k, v) in default
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(min)
        {
            request.entry(k).or_insert(v);
        }
        if !default.is_empty() {
            item.insert("default".into(), Value::Object(default));
        }
        if !request.is_empty() {
            item.insert("defaultRequest".into(), Value::Object(request));
        }
    }
}

/// The pod's QoS class from its containers' requests and limits.
pub fn qos_class(spec: &Value) -> &'static str {
    let containers = spec
        .get("containers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut any = false;
    let mut guaranteed = true;
    for c in containers {
        let req = c.pointer("/resources/requests").and_then(Value::as_object);
        let lim = c.pointer("/resources/limits").and_then(Value::as_object);
        if req.is_some_and(|r| !r.is_empty()) || lim.is_some_and(|l| !l.is_empty()) {
            any = true;
        }
        let lim_cpu = lim.and_then(|l| l.get("cpu"));
        let lim_mem = lim.and_then(|l| l.get("memory"));
        if lim_cpu.is_none() || lim_mem.is_none() {
            guaranteed = false;
        }
        for (k, v) in req.into_iter().flatten() {
            if lim.and_then(|l| l.get(k)) != Some(v) {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// Object defaults by resource (everything but Service allocation and
/// pod admission, which need the cluster).
pub fn default_object(obj: &mut Value, plural: &str) {
    match plural {
        "limitranges" => default_limit_range(obj),
        "deployments" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "replicas", json!(1));
                default_key(spec, "revisionHistoryLimit", json!(10));
                default_key(spec, "progressDeadlineSeconds", json!(600));
                let strategy = spec.entry("strategy").or_insert_with(|| json!({}));
                if let Some(st) = strategy.as_object_mut() {
                    default_key(st, "type", json!("RollingUpdate"));
                    if st.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                        let ru = st.entry("rollingUpdate").or_insert_with(|| json!({}));
                        if let Some(ru) = ru.as_object_mut() {
                            default_key(ru, "maxSurge", json!("25%"));
                            default_key(ru, "maxUnavailable", json!("25%"));
                        }
                    }
                }
            }
            template(obj);
        }
        "replicasets" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "replicas", json!(1));
            }
            template(obj);
        }
        "daemonsets" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "revisionHistoryLimit", json!(10));
                let us = spec.entry("updateStrategy").or_insert_with(|| json!({}));
                if let Some(us) = us.as_object_mut() {
                    default_key(us, "type", json!("RollingUpdate"));
                    if us.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                        let ru = us.entry("rollingUpdate").or_insert_with(|| json!({}));
                        if let Some(ru) = ru.as_object_mut() {
                            default_key(ru, "maxSurge", json!(0));
                            default_key(ru, "maxUnavailable", json!(1));
                        }
                    }
                }
            }
            template(obj);
        }
        "statefulsets" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "replicas", json!(1));
                default_key(spec, "podManagementPolicy", json!("OrderedReady"));
                default_key(spec, "revisionHistoryLimit", json!(10));
                default_key(
                    spec,
                    "persistentVolumeClaimRetentionPolicy",
                    json!({"whenDeleted": "Retain", "whenScaled": "Retain"}),
                );
                let us = spec.entry("updateStrategy").or_insert_with(|| json!({}));
                if let Some(us) = us.as_object_mut() {
                    default_key(us, "type", json!("RollingUpdate"));
                    if us.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                        let ru = us.entry("rollingUpdate").or_insert_with(|| json!({}));
                        if let Some(ru) = ru.as_object_mut() {
                            default_key(ru, "partition", json!(0));
                        }
                    }
                }
            }
            template(obj);
        }
        "jobs" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                let both_unset =
                    spec.get("completions").is_none() && spec.get("parallelism").is_none();
                if both_unset {
                    spec.insert("completions".into(), json!(1));
                }
                default_key(spec, "parallelism", json!(1));
                default_key(spec, "backoffLimit", json!(6));
                default_key(spec, "completionMode", json!("NonIndexed"));
                default_key(spec, "suspend", json!(false));
                default_key(spec, "podReplacementPolicy", json!("TerminatingOrFailed"));
            }
            // SetDefaults_Job: a Job without labels takes its template's.
            let tmpl_labels = obj.pointer("/spec/template/metadata/labels").cloned();
            if let (Some(l), Some(meta)) = (tmpl_labels, obj_mut(obj, "metadata")) {
                if meta
                    .get("labels")
                    .and_then(Value::as_object)
                    .is_none_or(|m| m.is_empty())
                    && l.as_object().is_some_and(|m| !m.is_empty())
                {
                    meta.insert("labels".into(), l);
                }
            }
            template(obj);
        }
        "cronjobs" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "concurrencyPolicy", json!("Allow"));
                default_key(spec, "suspend", json!(false));
                default_key(spec, "successfulJobsHistoryLimit", json!(3));
                default_key(spec, "failedJobsHistoryLimit", json!(1));
            }
            if let Some(jt) = obj.pointer_mut("/spec/jobTemplate") {
                if let Some(meta) = obj_mut(jt, "metadata") {
                    default_key(meta, "creationTimestamp", Value::Null);
                }
                if let Some(t) = jt.pointer_mut("/spec/template") {
                    default_template(t);
                }
            }
        }
        "services" => default_service(obj),
        "horizontalpodautoscalers" => crate::controllers::hpa::set_defaults(obj),
        "persistentvolumeclaims" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "volumeMode", json!("Filesystem"));
            }
            if let Some(status) = obj_mut(obj, "status") {
                default_key(status, "phase", json!("Pending"));
            }
        }
        "persistentvolumes" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "persistentVolumeReclaimPolicy", json!("Retain"));
                default_key(spec, "volumeMode", json!("Filesystem"));
            }
            if let Some(status) = obj_mut(obj, "status") {
                default_key(status, "phase", json!("Pending"));
            }
        }
        "namespaces" => {
            let name = obj
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if let Some(labels) = path_mut(obj, &["metadata", "labels"]) {
                labels.insert("kubernetes.io/metadata.name".into(), json!(name));
            }
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "finalizers", json!(["kubernetes"]));
            }
            if let Some(status) = obj_mut(obj, "status") {
                default_key(status, "phase", json!("Active"));
            }
        }
        "secrets" => {
            if let Some(m) = obj.as_object_mut() {
                default_key(m, "type", json!("Opaque"));
                if let Some(Value::Object(sd)) = m.remove("stringData") {
                    let data = m.entry("data").or_insert_with(|| json!({}));
                    if data.is_null() {
                        *data = json!({});
                    }
                    if let Some(d) = data.as_object_mut() {
                        for (k, v) in sd {
                            let s = v.as_str().unwrap_or("").to_string();
                            d.insert(k, json!(crate::meta::base64_encode(s.as_bytes())));
                        }
                    }
                }
            }
        }
        "endpoints" => {
            if let Some(subsets) = obj.get_mut("subsets").and_then(Value::as_array_mut) {
                for s in subsets {
                    if let Some(ports) = s.get_mut("ports").and_then(Value::as_array_mut) {
                        for p in ports {
                            if let Some(pm) = p.as_object_mut() {
                                default_key(pm, "protocol", json!("TCP"));
                            }
                        }
                    }
                }
            }
        }
        "endpointslices" => {
            if let Some(ports) = obj.get_mut("ports").and_then(Value::as_array_mut) {
                for p in ports {
                    if let Some(pm) = p.as_object_mut() {
                        default_key(pm, "protocol", json!("TCP"));
                    }
                }
            }
        }
        _ => {}
    }
}

fn template(obj: &mut Value) {
    if let Some(t) = obj.pointer_mut("/spec/template") {
        default_template(t);
    }
}

/// Service defaults that need no allocation.
pub fn default_service(obj: &mut Value) {
    let Some(spec) = obj_mut(obj, "spec") else {
        return;
    };
    default_key(spec, "type", json!("ClusterIP"));
    let ty = spec
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("ClusterIP")
        .to_string();
    if ty != "ExternalName" {
        default_key(spec, "sessionAffinity", json!("None"));
        default_key(spec, "internalTrafficPolicy", json!("Cluster"));
    } else {
        default_key(spec, "sessionAffinity", json!("None"));
    }
    if ty == "NodePort" || ty == "LoadBalancer" {
        default_key(spec, "externalTrafficPolicy", json!("Cluster"));
    }
    if ty == "LoadBalancer" {
        default_key(spec, "allocateLoadBalancerNodePorts", json!(true));
    }
    if spec.get("sessionAffinity").and_then(Value::as_str) == Some("ClientIP") {
        let cfg = spec
            .entry("sessionAffinityConfig")
            .or_insert_with(|| json!({}));
        if let Some(cfg) = cfg.as_object_mut() {
            let client = cfg.entry("clientIP").or_insert_with(|| json!({}));
            if let Some(client) = client.as_object_mut() {
                default_key(client, "timeoutSeconds", json!(10800));
            }
        }
    }
    if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports {
            if let Some(pm) = p.as_object_mut() {
                default_key(pm, "protocol", json!("TCP"));
                if let Some(port) = pm.get("port").cloned() {
                    let tp_missing = match pm.get("targetPort") {
                        None | Some(Value::Null) => true,
                        Some(Value::Number(n)) => n.as_i64() == Some(0),
                        Some(Value::String(s)) => s.is_empty(),
                        _ => false,
                    };
                    if tp_missing {
                        pm.insert("targetPort".into(), port);
                    }
                }
            }
        }
    }
    if let Some(status) = obj_mut(obj, "status") {
        default_key(status, "loadBalancer", json!({}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policies() {
        assert_eq!(pull_policy_for("nginx"), "Always");
        assert_eq!(pull_policy_for("nginx:latest"), "Always");
        assert_eq!(pull_policy_for("nginx:stable"), "IfNotPresent");
        assert_eq!(pull_policy_for("localhost:5000/nginx"), "Always");
        assert_eq!(pull_policy_for("nginx@sha256:abc"), "IfNotPresent");
    }

    #[test]
    fn pod_defaults_like_the_api_server() {
        let mut rng = Rng::new(1);
        let mut pod = json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "curlpod"},
            "spec": {"containers": [{"name": "curl", "image": "docker.io/curlimages/curl:7.86.0", "command": ["sleep", "infinity"], "imagePullPolicy": "IfNotPresent"}], "restartPolicy": "Always"}
        });
        default_pod(&mut pod, &mut rng);
        let spec = &pod["spec"];
        assert_eq!(spec["dnsPolicy"], "ClusterFirst");
        assert_eq!(spec["schedulerName"], "default-scheduler");
        assert_eq!(spec["terminationGracePeriodSeconds"], 30);
        assert_eq!(spec["serviceAccountName"], "default");
        assert_eq!(spec["priority"], 0);
        assert_eq!(spec["enableServiceLinks"], true);
        assert_eq!(spec["tolerations"].as_array().unwrap().len(), 2);
        let vol = spec["volumes"][0]["name"].as_str().unwrap();
        assert!(vol.starts_with("kube-api-access-") && vol.len() == 21);
        assert_eq!(spec["containers"][0]["volumeMounts"][0]["name"], vol);
        assert_eq!(spec["containers"][0]["terminationMessagePolicy"], "File");
        assert_eq!(pod["status"]["phase"], "Pending");
        assert_eq!(pod["status"]["qosClass"], "BestEffort");
        // Defaulting again adds nothing.
        let before = pod.clone();
        default_pod(&mut pod, &mut rng);
        assert_eq!(pod["spec"]["volumes"], before["spec"]["volumes"]);
        assert_eq!(pod["spec"]["tolerations"], before["spec"]["tolerations"]);
    }

    #[test]
    fn service_defaults() {
        let mut s =
            json!({"spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 31045}]}});
        default_service(&mut s);
        assert_eq!(s["spec"]["ports"][0]["targetPort"], 80);
        assert_eq!(s["spec"]["ports"][0]["protocol"], "TCP");
        assert_eq!(s["spec"]["externalTrafficPolicy"], "Cluster");
        assert_eq!(s["spec"]["sessionAffinity"], "None");
    }

    #[test]
    fn client_ip_affinity_gets_its_timeout() {
        let mut s = json!({"spec": {"sessionAffinity": "ClientIP", "ports": [{"port": 80}]}});
        default_service(&mut s);
        assert_eq!(
            s["spec"]["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"],
            10800
        );
    }

    #[test]
    fn deployment_defaults() {
        let mut d = json!({"spec": {"template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "x", "image": "nginx"}]}}}});
        default_object(&mut d, "deployments");
        assert_eq!(d["spec"]["replicas"], 1);
        assert_eq!(d["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
            "Always"
        );
        assert!(d["spec"]["template"]["metadata"]["creationTimestamp"].is_null());
        assert!(d["spec"]["template"]["spec"].get("tolerations").is_none());
    }

    #[test]
    fn qos() {
        let g = json!({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}}]});
        assert_eq!(qos_class(&g), "Guaranteed");
        let b = json!({"containers": [{"resources": {"requests": {"cpu": "1"}}}]});
        assert_eq!(qos_class(&b), "Burstable");
    }
}
