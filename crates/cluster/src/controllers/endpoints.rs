//! The Endpoints and EndpointSlice controllers: for every Service with a
//! selector, the pods it selects that have an IP. Endpoints (named like the
//! Service) list ready addresses and notReadyAddresses; one EndpointSlice
//! per port set, `<svc>-<5 random>`, carries ready/serving/terminating
//! conditions, nodeName and targetRef.

use super::{controller_ref_to, is_terminating, pod_is_ready};
use crate::meta::{arr_at, str_at, uid_of};
use crate::selector::{map_of, Selector};
use crate::sort::VecMap;
use crate::Cluster;
use serde_json::{json, Map, Value};

const TRIGGER: &str = "endpoints.kubernetes.io/last-change-trigger-time";
const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
const SLICE_CONTROLLER: &str = "endpointslice-controller.k8s.io";
const SERVICE_NAME: &str = "kubernetes.io/service-name";

pub(crate) fn reconcile(c: &mut Cluster) {
    let keys = c.store.keys("services");
    // A step syncs Services until it has looked at STEP_OBJECTS pods, then
    // pauses; the next step continues with the next Service.
    let mut seen = 0usize;
    for i in super::resume_window(c, &keys, keys.len()) {
        if seen >= super::STEP_OBJECTS {
            super::pause_scan(c, &keys, i);
            return;
        }
        let Some((ns, name)) = keys.get(i) else {
            break;
        };
        c.memo_sync(
            "endpoints",
            "services",
            ns,
            name,
            &[("pods", ns), ("endpoints", ns), ("endpointslices", ns)],
            |c| seen += sync(c, ns, name),
        );
    }
    // Endpoints this controller maintained whose Service is gone go too
    // (EndpointSlices follow their owner through the garbage collector).
    let stale: Vec<(String, String)> = c
        .store
        .list("endpoints", None)
        .into_iter()
        .filter(|e| {
            e.pointer("/metadata/annotations")
                .and_then(|a| a.get(TRIGGER))
                .is_some()
                && !c
                    .store
                    .contains("services", crate::namespace_of(e), crate::name_of(e))
        })
        .map(|e| {
            (
                crate::namespace_of(e).to_string(),
                crate::name_of(e).to_string(),
            )
        })
        .collect();
    for (ns, name) in stale {
        c.remove("endpoints", &ns, &name);
    }
}

/// A service port resolved against one pod: (name, port, protocol).
type PortSet = Vec<(String, i64, String)>;

fn resolve_ports(svc: &Value, pod: &Value) -> PortSet {
    let mut out = Vec::new();
    for p in arr_at(svc, "/spec/ports") {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let proto = p
            .get("protocol")
            .and_then(Value::as_str)
            .unwrap_or("TCP")
            .to_string();
        let port = match p.get("targetPort") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => arr_at(pod, "/spec/containers")
                .iter()
                .flat_map(|c| arr_at(c, "/ports"))
                .find(|cp| cp.get("name").and_then(Value::as_str) == Some(s.as_str()))
                .and_then(|cp| cp.get("containerPort").and_then(Value::as_i64)),
            _ => p.get("port").and_then(Value::as_i64),
        };
        if let Some(port) = port {
            out.push((name, port, proto));
        }
    }
    out
}

fn ports_json(ports: &PortSet, with_empty_name: bool) -> Vec<Value> {
    ports
        .iter()
        .map(|(n, p, proto)| {
            let mut m = Map::new();
            if with_empty_name || !n.is_empty() {
                m.insert("name".into(), json!(n));
            }
            m.insert("port".into(), json!(p));
            m.insert("protocol".into(), json!(proto));
            Value::Object(m)
        })
        .collect()
}

fn without_trigger(v: &Value) -> Value {
    let mut c = v.clone();
    if let Some(a) = c
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        a.remove(TRIGGER);
    }
    if let Some(m) = c.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["resourceVersion", "uid", "creationTimestamp", "generation"] {
            m.remove(k);
        }
    }
    c
}

/// Syncs one Service's Endpoints and EndpointSlices; returns how many
/// pods it looked at.
fn sync(c: &mut Cluster, ns: &str, name: &str) -> usize {
    let Some(svc) = c.store.get("services", ns, name).cloned() else {
        return 0;
    };
    let selector = map_of(svc.pointer("/spec/selector"));
    if selector.is_empty() || str_at(&svc, "/spec/type") == "ExternalName" || is_terminating(&svc) {
        return 0;
    }
    let sel = Selector::from_map(&selector);
    let selected = |p: &&Value| {
        let phase = str_at(p, "/status/phase");
        sel.matches_obj(p)
            && !str_at(p, "/status/podIP").is_empty()
            && phase != "Succeeded"
            && phase != "Failed"
    };
    // The sync reads the Service, the pods it selects, its Endpoints and
    // the namespace's EndpointSlices: when none of them was written since
    // its last run (the selected pods: none newer than that run and as many
    // as then), it would write nothing.
    let mut seen = 0usize;
    let (mut newest, mut count) = (0u64, 0u64);
    for p in c.store.list("pods", Some(ns)).iter().filter(|p| {
        seen += 1;
        selected(p)
    }) {
        newest = newest.max(resource_version(p));
        count += 1;
    }
    let newest = [
        resource_version(&svc),
        c.memo.written("endpoints", ns),
        c.memo.written("endpointslices", ns),
    ]
    .into_iter()
    .fold(newest, u64::max);
    let version = (newest << 16) | count.min(0xffff);
    c.memo_sync_at("endpoints-pods", ns, name, version, |c| {
        write_endpoints(c, &svc, &sel);
    });
    seen
}

fn resource_version(obj: &Value) -> u64 {
    str_at(obj, "/metadata/resourceVersion")
        .parse()
        .unwrap_or(0)
}

/// Writes the Endpoints and EndpointSlices of `svc` (whose selector is
/// `sel`) for the pods it selects now.
fn write_endpoints(c: &mut Cluster, svc: &Value, sel: &Selector) {
    let ns = crate::namespace_of(svc);
    let name = crate::name_of(svc);
    let publish_not_ready = svc
        .pointer("/spec/publishNotReadyAddresses")
        .and_then(Value::as_bool)
        == Some(true);
    let mut pods: Vec<&Value> = c
        .store
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| {
            let phase = str_at(p, "/status/phase");
            sel.matches_obj(p)
                && !str_at(p, "/status/podIP").is_empty()
                && phase != "Succeeded"
                && phase != "Failed"
        })
        .collect();
    crate::sort::by(&mut pods, |a, b| {
        str_at(a, "/status/podIP")
            .cmp(str_at(b, "/status/podIP"))
            .then(crate::name_of(a).cmp(crate::name_of(b)))
    });
    let svc_labels = svc
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();

    // Endpoints: subsets grouped by resolved ports.
    let mut subsets: VecMap<PortSet, (Vec<Value>, Vec<Value>)> = VecMap::new();
    for p in &pods {
        if is_terminating(p) && !publish_not_ready {
            continue;
        }
        let addr = address_json(p);
        let entry = subsets.get_or_default(resolve_ports(svc, p));
        if pod_is_ready(p) || publish_not_ready {
            entry.0.push(addr);
        } else {
            entry.1.push(addr);
        }
    }
    let mut ep_meta = Map::new();
    ep_meta.insert("name".into(), json!(name));
    ep_meta.insert("namespace".into(), json!(ns));
    if !svc_labels.is_empty() {
        ep_meta.insert("labels".into(), Value::Object(svc_labels.clone()));
    }
    let mut ep =
        json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": Value::Object(ep_meta)});
    let subsets_json: Vec<Value> = subsets
        .into_iter()
        .filter(|(_, (r, n))| !r.is_empty() || !n.is_empty())
        .map(|(ports, (ready, not_ready))| {
            let mut s = Map::new();
            if !ready.is_empty() {
                s.insert("addresses".into(), Value::Array(ready));
            }
            if !not_ready.is_empty() {
                s.insert("notReadyAddresses".into(), Value::Array(not_ready));
            }
            s.insert("ports".into(), Value::Array(ports_json(&ports, false)));
            Value::Object(s)
        })
        .collect();
    if !subsets_json.is_empty() {
        ep["subsets"] = Value::Array(subsets_json);
    }

    // EndpointSlices: one per port set; a placeholder when there are no pods.
    let mut groups: VecMap<PortSet, Vec<Value>> = VecMap::new();
    for p in &pods {
        let ready = pod_is_ready(p) && !is_terminating(p);
        let serving = pod_is_ready(p);
        let mut e = Map::new();
        e.insert("addresses".into(), json!([str_at(p, "/status/podIP")]));
        e.insert(
            "conditions".into(),
            json!({"ready": ready || (publish_not_ready && !is_terminating(p)), "serving": serving, "terminating": is_terminating(p)}),
        );
        let hostname = str_at(p, "/spec/hostname");
        if !hostname.is_empty() && str_at(p, "/spec/subdomain") == name {
            e.insert("hostname".into(), json!(hostname));
        }
        let node = str_at(p, "/spec/nodeName");
        if !node.is_empty() {
            e.insert("nodeName".into(), json!(node));
        }
        e.insert(
            "targetRef".into(),
            json!({"kind": "Pod", "name": crate::name_of(p), "namespace": ns, "uid": uid_of(p)}),
        );
        groups
            .get_or_default(resolve_ports(svc, p))
            .push(Value::Object(e));
    }
    // The Service's slices: (name, generateName).
    let existing: Vec<(String, Option<Value>)> = c
        .store
        .list("endpointslices", Some(ns))
        .into_iter()
        .filter(|s| {
            crate::selector::labels_of(s)
                .get(SERVICE_NAME)
                .map(String::as_str)
                == Some(name)
                && crate::selector::labels_of(s)
                    .get(MANAGED_BY)
                    .map(String::as_str)
                    == Some(SLICE_CONTROLLER)
        })
        .map(|s| {
            (
                crate::name_of(s).to_string(),
                s.pointer("/metadata/generateName").cloned(),
            )
        })
        .collect();
    let (ns, name) = (ns.to_string(), name.to_string());
    let (ns, name) = (ns.as_str(), name.as_str());
    write_with_trigger(c, "endpoints", ns, name, ep);
    let mut labels = svc_labels.clone();
    labels.insert(MANAGED_BY.into(), json!(SLICE_CONTROLLER));
    labels.insert(SERVICE_NAME.into(), json!(name));
    let desired: Vec<(Value, Value)> = if groups.is_empty() {
        vec![(Value::Null, Value::Null)]
    } else {
        groups
            .into_iter()
            .map(|(ports, eps)| (Value::Array(ports_json(&ports, true)), Value::Array(eps)))
            .collect()
    };
    let mut reuse = existing.into_iter();
    for (ports, endpoints) in desired {
        let base = reuse.next();
        let mut meta = Map::new();
        match &base {
            Some((b, _)) => {
                meta.insert("name".into(), json!(b));
            }
            None => {
                meta.insert("generateName".into(), json!(format!("{name}-")));
            }
        }
        meta.insert("namespace".into(), json!(ns));
        if let Some((_, Some(gn))) = &base {
            meta.insert("generateName".into(), gn.clone());
        }
        meta.insert("labels".into(), Value::Object(labels.clone()));
        meta.insert("ownerReferences".into(), json!([controller_ref_to(svc)]));
        let slice = json!({
            "addressType": "IPv4",
            "apiVersion": "discovery.k8s.io/v1",
            "endpoints": endpoints,
            "kind": "EndpointSlice",
            "metadata": Value::Object(meta),
            "ports": ports,
        });
        match base {
            Some((slice_name, _)) => {
                write_with_trigger(c, "endpointslices", ns, &slice_name, slice);
            }
            None => {
                let mut slice = slice;
                let now = c.now.rfc3339();
                crate::meta::set_path(
                    &mut slice,
                    &["metadata", "annotations", TRIGGER],
                    json!(now),
                );
                if let Some(rt) = crate::resources::by_plural("endpointslices") {
                    let _ = c.create_object(rt, slice, ns);
                }
            }
        }
    }
    for (extra, _) in reuse {
        c.remove("endpointslices", ns, &extra);
    }
}

fn address_json(p: &Value) -> Value {
    let mut a = Map::new();
    let hostname = str_at(p, "/spec/hostname");
    a.insert("ip".into(), json!(str_at(p, "/status/podIP")));
    if !hostname.is_empty() && !str_at(p, "/spec/subdomain").is_empty() {
        a.insert("hostname".into(), json!(hostname));
    }
    let node = str_at(p, "/spec/nodeName");
    if !node.is_empty() {
        a.insert("nodeName".into(), json!(node));
    }
    a.insert(
        "targetRef".into(),
        json!({"kind": "Pod", "name": crate::name_of(p), "namespace": crate::namespace_of(p), "uid": uid_of(p)}),
    );
    Value::Object(a)
}

/// Writes an Endpoints or EndpointSlice if its content changed, stamping
/// the last-change-trigger-time annotation; creates it when missing.
fn write_with_trigger(c: &mut Cluster, plural: &'static str, ns: &str, name: &str, mut obj: Value) {
    let now = c.now.rfc3339();
    match c.store.get(plural, ns, name).cloned() {
        Some(cur) => {
            let mut cmp = obj.clone();
            if let (Some(m), Some(cm)) = (
                cmp.get_mut("metadata").and_then(Value::as_object_mut),
                cur.get("metadata"),
            ) {
                if let Some(a) = cm.get("annotations") {
                    m.insert("annotations".into(), a.clone());
                }
            }
            if without_trigger(&cmp) == without_trigger(&cur) {
                return;
            }
            let mut meta = cur.get("metadata").cloned().unwrap_or(json!({}));
            if let (Some(m), Some(nm)) = (
                meta.as_object_mut(),
                obj.get("metadata").and_then(Value::as_object),
            ) {
                for (k, v) in nm {
                    m.insert(k.clone(), v.clone());
                }
                if plural == "endpointslices" {
                    let g = m.get("generation").and_then(Value::as_i64).unwrap_or(1) + 1;
                    m.insert("generation".into(), json!(g));
                }
            }
            obj["metadata"] = meta;
            crate::meta::set_path(&mut obj, &["metadata", "annotations", TRIGGER], json!(now));
            c.put(plural, obj);
        }
        None => {
            crate::meta::set_path(&mut obj, &["metadata", "annotations", TRIGGER], json!(now));
            if let Some(rt) = crate::resources::by_plural(plural) {
                let _ = c.create_object(rt, obj, ns);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::{json, Value};

    fn slice_for(c: &crate::Cluster, svc: &str) -> Value {
        c.list(rt("endpointslices"), Some("default"))
            .into_iter()
            .find(|s| s["metadata"]["labels"]["kubernetes.io/service-name"] == svc)
            .cloned()
            .unwrap_or(Value::Null)
    }

    #[test]
    fn endpoints_follow_readiness() {
        let mut c = cluster();
        let mut d = deployment("web", "nginx", 2);
        d["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] =
            json!({"httpGet": {"path": "/", "port": 8080}});
        c.apply(d, "default").unwrap();
        let mut s = service("web", "web");
        s["metadata"]["labels"] = json!({"team": "a"});
        c.create(s, "default").unwrap();
        let slice = slice_for(&c, "web");
        let slice_name = crate::name_of(&slice).to_string();
        assert!(slice_name.starts_with("web-") && slice_name.len() == 9);
        assert!(
            slice["endpoints"].is_null(),
            "placeholder slice before pods have IPs"
        );
        assert_eq!(
            slice["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"],
            "endpointslice-controller.k8s.io"
        );
        assert_eq!(slice["metadata"]["labels"]["team"], "a");
        assert_eq!(slice["metadata"]["ownerReferences"][0]["kind"], "Service");
        c.advance(15_000);
        // Running but never ready (nothing listens on 8080).
        let ep = get(&c, "endpoints", "default", "web");
        assert!(ep["subsets"][0].get("addresses").is_none());
        assert_eq!(
            ep["subsets"][0]["notReadyAddresses"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let slice = slice_for(&c, "web");
        assert_eq!(
            crate::name_of(&slice),
            slice_name,
            "the slice keeps its name"
        );
        assert_eq!(
            slice["endpoints"][0]["conditions"],
            json!({"ready": false, "serving": false, "terminating": false})
        );
        assert_eq!(
            slice["ports"],
            json!([{"name": "", "port": 80, "protocol": "TCP"}])
        );
        let pod = pods(&c, "default")[0].clone();
        assert!(messages(&c, "default", crate::name_of(&pod))
            .iter()
            .any(|m| m.starts_with("Readiness probe failed: Get \"http://10.244.")));
        // Fix the probe: a new rollout, and the endpoints become ready.
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] =
            json!({"httpGet": {"path": "/", "port": 80}});
        c.update(d).unwrap();
        c.advance(120_000);
        let ep = get(&c, "endpoints", "default", "web");
        let ready = ep["subsets"][0]["addresses"].as_array().unwrap();
        assert_eq!(ready.len(), 2);
        assert_eq!(ready[0]["targetRef"]["kind"], "Pod");
        assert!(ready[0]["nodeName"]
            .as_str()
            .unwrap()
            .starts_with("desktop-worker"));
        assert!(
            ep["metadata"]["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"]
                .is_string()
        );
        let slice = slice_for(&c, "web");
        assert_eq!(slice["endpoints"].as_array().unwrap().len(), 2);
        assert_eq!(slice["endpoints"][0]["conditions"]["ready"], true);
    }

    #[test]
    fn terminating_pods_leave_endpoints_but_stay_in_slices() {
        let mut c = cluster();
        let mut p = pod("sleeper", "busybox", &["sleep", "infinity"]);
        p["metadata"]["labels"] = json!({"app": "s"});
        c.create(p, "default").unwrap();
        c.create(service("s", "s"), "default").unwrap();
        c.advance(10_000);
        assert_eq!(
            get(&c, "endpoints", "default", "s")["subsets"][0]["addresses"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        c.delete(rt("pods"), "default", "sleeper").unwrap();
        assert!(get(&c, "endpoints", "default", "s")
            .get("subsets")
            .is_none());
        let slice = slice_for(&c, "s");
        assert_eq!(
            slice["endpoints"][0]["conditions"],
            json!({"ready": false, "serving": true, "terminating": true})
        );
        c.advance(31_000);
        assert!(slice_for(&c, "s")["endpoints"].is_null());
    }

    #[test]
    fn deleting_a_service_removes_its_endpoints() {
        let mut c = cluster();
        c.create(service("web", "web"), "default").unwrap();
        assert!(!get(&c, "endpoints", "default", "web").is_null());
        assert!(!slice_for(&c, "web").is_null());
        c.delete(rt("services"), "default", "web").unwrap();
        assert!(get(&c, "endpoints", "default", "web").is_null());
        assert!(slice_for(&c, "web").is_null());
        assert!(!get(&c, "endpoints", "default", "kubernetes").is_null());
    }

    #[test]
    fn reapplying_a_service_is_unchanged() {
        let mut c = cluster();
        let mut s = service("np", "web");
        s["spec"]["type"] = json!("NodePort");
        s["spec"]["ports"][0]["nodePort"] = json!(31045);
        let (_, r) = c.apply(s.clone(), "default").unwrap();
        assert_eq!(r, crate::ApplyResult::Created);
        let (_, r) = c.apply(s, "default").unwrap();
        assert_eq!(r, crate::ApplyResult::Unchanged);
    }

    #[test]
    fn a_node_port_service_turned_cluster_ip_drops_its_ports() {
        let mut c = cluster();
        let mut s = service("np", "web");
        s["spec"]["type"] = json!("NodePort");
        c.apply(s, "default").unwrap();
        let (svc, _) = c.apply(service("np", "web"), "default").unwrap();
        assert_eq!(svc["spec"]["type"], "ClusterIP");
        assert!(svc["spec"]["ports"][0].get("nodePort").is_none());
        assert!(svc["spec"].get("externalTrafficPolicy").is_none());
    }

    #[test]
    fn named_target_ports_resolve_per_pod() {
        let mut c = cluster();
        let mut d = deployment("web", "nginx", 1);
        d["spec"]["template"]["spec"]["containers"][0]["ports"] =
            json!([{"name": "http", "containerPort": 80}]);
        c.apply(d, "default").unwrap();
        let mut s = service("web", "web");
        s["spec"]["ports"] = json!([{"name": "web", "port": 8080, "targetPort": "http"}]);
        c.create(s, "default").unwrap();
        c.advance(10_000);
        let ep = get(&c, "endpoints", "default", "web");
        assert_eq!(
            ep["subsets"][0]["ports"],
            json!([{"name": "web", "port": 80, "protocol": "TCP"}])
        );
    }
}
