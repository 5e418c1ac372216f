//! The API server's own bootstrap controller: every 10 s it makes sure
//! the `default/kubernetes` Service (ClusterIP 10.96.0.1, port 443 to the
//! control plane's 6443) exists, and its endpoint reconciler keeps the
//! `kubernetes` Endpoints and EndpointSlice pointing at the control-plane
//! node. So `kubectl delete svc kubernetes` (or `--all`) is undone within
//! ten seconds, as on a real cluster.

use crate::bootstrap::tmpl;
use crate::time::{Time, SIM_START};
use crate::Cluster;
use serde_json::Value;

/// The bootstrap controller's period (kube-apiserver's EndpointInterval).
const INTERVAL_MS: i64 = 10_000;
/// Where in each period its runs fall (the API server started at some
/// instant; this one is fixed so runs are deterministic).
const PHASE_MS: i64 = 6_400;

pub(crate) fn service() -> Value {
    tmpl(
        r##"{"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes","namespace":"default","labels":{"component":"apiserver","provider":"kubernetes"}},"spec":{"clusterIP":"10.96.0.1","ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}],"type":"ClusterIP"}}"##,
        &[],
    )
}

pub(crate) fn endpoints(cp_ip: &str) -> Value {
    tmpl(
        r##"{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"kubernetes","namespace":"default","labels":{"endpointslice.kubernetes.io/skip-mirror":"true"}},"subsets":[{"addresses":[{"ip":"$0"}],"ports":[{"name":"https","port":6443,"protocol":"TCP"}]}]}"##,
        &[Value::from(cp_ip)],
    )
}

pub(crate) fn endpoint_slice(cp_ip: &str) -> Value {
    tmpl(
        r##"{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4","metadata":{"name":"kubernetes","namespace":"default","labels":{"kubernetes.io/service-name":"kubernetes"}},"endpoints":[{"addresses":["$0"],"conditions":{"ready":true}}],"ports":[{"name":"https","port":6443,"protocol":"TCP"}]}"##,
        &[Value::from(cp_ip)],
    )
}

pub(crate) fn reconcile(c: &mut Cluster) {
    // The bootstrap makes these itself (the clock reaches SIM_START at
    // its end).
    if c.now < SIM_START {
        return;
    }
    let missing: Vec<&'static str> = ["services", "endpoints", "endpointslices"]
        .into_iter()
        .filter(|p| c.store.get(p, "default", "kubernetes").is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let active = c
        .store
        .get("namespaces", "", "default")
        .is_some_and(|n| n.pointer("/metadata/deletionTimestamp").is_none());
    if !active {
        return;
    }
    let phase = (c.now.0 - PHASE_MS).rem_euclid(INTERVAL_MS);
    if phase != 0 {
        c.wake_at(Time(c.now.0 - phase + INTERVAL_MS));
        return;
    }
    let cp_ip = c.profile.node_ip(0);
    for plural in missing {
        let obj = match plural {
            "services" => service(),
            "endpoints" => endpoints(&cp_ip),
            _ => endpoint_slice(&cp_ip),
        };
        let kind = crate::meta::str_at(&obj, "/kind").to_string();
        let api = crate::meta::str_at(&obj, "/apiVersion").to_string();
        if let Some(rt) = crate::resources::by_kind(&api, &kind) {
            let _ = c.create_object(rt, obj, "default");
        }
    }
}
