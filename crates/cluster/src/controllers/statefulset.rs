//! The StatefulSet controller (apps/v1): pods `<sts>-<ordinal>` with stable
//! hostnames under the governing Service, one claim per template and
//! ordinal (`<template>-<sts>-<ordinal>`, kept on scale-down), OrderedReady
//! (each ordinal waits for its predecessors to be Running and Ready;
//! scale-down from the highest ordinal, one at a time) or Parallel
//! management, and RollingUpdate from the highest ordinal down to the
//! partition.

use super::{controller_ref_to, is_terminating, pod_is_available, pod_is_ready};
use crate::events::Source;
use crate::meta::{arr_at, int_at, str_at, uid_of};
use crate::Cluster;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const COMPONENT: &str = "statefulset-controller";
const REVISION: &str = "controller-revision-hash";

pub(crate) fn reconcile(c: &mut Cluster) {
    for (ns, name) in c.store.keys("statefulsets") {
        c.memo_sync(
            "statefulset",
            "statefulsets",
            &ns,
            &name,
            &[("pods", &ns), ("persistentvolumeclaims", &ns)],
            |c| sync(c, &ns, &name),
        );
    }
}

/// The ordinal of a pod named `<sts>-<n>`.
fn ordinal(sts: &str, pod: &str) -> Option<i64> {
    pod.strip_prefix(sts)?.strip_prefix('-')?.parse().ok()
}

fn running_and_ready(p: &Value) -> bool {
    str_at(p, "/status/phase") == "Running" && pod_is_ready(p)
}

fn new_pod(sts: &Value, name: &str, i: i64, revision: &str) -> Value {
    let ns = crate::namespace_of(sts);
    let set = crate::name_of(sts);
    let pod_name = format!("{set}-{i}");
    let mut pod = super::replicaset::pod_from_template(sts, "");
    if let Some(meta) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("generateName");
        meta.insert("name".into(), json!(pod_name));
        meta.insert("namespace".into(), json!(ns));
        let labels = meta.entry("labels").or_insert_with(|| json!({}));
        if let Some(l) = labels.as_object_mut() {
            l.insert("apps.kubernetes.io/pod-index".into(), json!(i.to_string()));
            l.insert(REVISION.into(), json!(revision));
            l.insert("statefulset.kubernetes.io/pod-name".into(), json!(pod_name));
        }
    }
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert("hostname".into(), json!(pod_name));
        let service = str_at(sts, "/spec/serviceName");
        if !service.is_empty() {
            spec.insert("subdomain".into(), json!(service));
        }
        // One volume per claim template (replacing a same-named volume).
        let claims: Vec<String> = arr_at(sts, "/spec/volumeClaimTemplates")
            .iter()
            .map(|t| str_at(t, "/metadata/name").to_string())
            .collect();
        if !claims.is_empty() {
            let vols = spec.entry("volumes").or_insert_with(|| json!([]));
            if let Some(v) = vols.as_array_mut() {
                v.retain(|x| !claims.iter().any(|cl| str_at(x, "/name") == cl));
                for cl in &claims {
                    v.push(json!({"name": cl, "persistentVolumeClaim": {"claimName": format!("{cl}-{name}-{i}")}}));
                }
            }
        }
    }
    pod
}

fn create_claims(c: &mut Cluster, sts: &Value, i: i64) {
    let ns = crate::namespace_of(sts).to_string();
    let set = crate::name_of(sts).to_string();
    let selector_labels = sts
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for t in arr_at(sts, "/spec/volumeClaimTemplates").to_vec() {
        let tmpl_name = str_at(&t, "/metadata/name").to_string();
        let claim = format!("{tmpl_name}-{set}-{i}");
        if c.store.contains("persistentvolumeclaims", &ns, &claim) {
            continue;
        }
        let mut labels = t
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (k, v) in &selector_labels {
            labels.insert(k.clone(), v.clone());
        }
        let mut meta = Map::new();
        meta.insert("name".into(), json!(claim));
        meta.insert("namespace".into(), json!(ns));
        meta.insert("labels".into(), Value::Object(labels));
        if let Some(a) = t.pointer("/metadata/annotations") {
            meta.insert("annotations".into(), a.clone());
        }
        if str_at(
            sts,
            "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted",
        ) == "Delete"
        {
            meta.insert("ownerReferences".into(), json!([controller_ref_to(sts)]));
        }
        let pvc = json!({
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": Value::Object(meta),
            "spec": t.get("spec").cloned().unwrap_or(json!({})),
        });
        let Some(rt) = crate::resources::by_plural("persistentvolumeclaims") else {
            return;
        };
        match c.create_object(rt, pvc, &ns) {
            Ok(_) => {
                let msg =
                    format!("create Claim {claim} Pod {set}-{i} in StatefulSet {set} success");
                c.event(
                    sts,
                    None,
                    "Normal",
                    "SuccessfulCreate",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            }
            Err(e) => {
                let msg = format!(
                    "create Claim {claim} for Pod {set}-{i} in StatefulSet {set} failed error: {}",
                    e.message
                );
                c.event(
                    sts,
                    None,
                    "Warning",
                    "FailedCreate",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            }
        }
    }
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let Some(sts) = c.store.get("statefulsets", ns, name).cloned() else {
        return;
    };
    if is_terminating(&sts) {
        return;
    }
    let uid = uid_of(&sts).to_string();
    let replicas = int_at(&sts, "/spec/replicas").unwrap_or(1).max(0);
    let parallel = str_at(&sts, "/spec/podManagementPolicy") == "Parallel";
    let Some(hist) = history(c, &sts) else {
        return;
    };
    let revision = crate::name_of(&hist.update).to_string();
    let current_name = crate::name_of(&hist.current).to_string();
    // The set as of its current revision: pods below the partition are
    // (re)created from it.
    let mut current_set = sts.clone();
    current_set["spec"]["template"] = super::revisions::template(&hist.current);
    let rolling = str_at(&sts, "/spec/updateStrategy/type") != "OnDelete";
    let below_current = |i: i64| -> bool {
        if !rolling {
            return false;
        }
        match sts.pointer("/spec/updateStrategy/rollingUpdate") {
            Some(ru) if ru.is_object() => {
                i < ru.get("partition").and_then(Value::as_i64).unwrap_or(0)
            }
            _ => i < int_at(&sts, "/status/currentReplicas").unwrap_or(0),
        }
    };
    let min_ready = int_at(&sts, "/spec/minReadySeconds").unwrap_or(0);
    let now = c.now;
    // The pods it controls (the store's index, not the namespace).
    let owned = |c: &Cluster| -> BTreeMap<i64, Value> {
        crate::sort::map(
            c.store
                .controlled_by("pods", &uid)
                .filter(|(pns, _)| pns == ns)
                .filter_map(|(pns, pname)| c.store.get("pods", pns, pname))
                .filter_map(|p| ordinal(name, crate::name_of(p)).map(|i| (i, p.clone()))),
        )
    };
    let pods = owned(c);
    // Create missing ordinals below `replicas`.
    for i in 0..replicas {
        if pods.contains_key(&i) {
            let p = &pods[&i];
            if str_at(p, "/status/phase") == "Failed" && !is_terminating(p) {
                // A failed pod is deleted and recreated.
                c.delete_object("pods", ns, crate::name_of(p), Default::default());
            }
            if !parallel && !running_and_ready(p) {
                break;
            }
            continue;
        }
        // OrderedReady: every predecessor must be Running and Ready.
        if !parallel
            && (0..i).any(|j| {
                pods.get(&j)
                    .is_none_or(|p| !running_and_ready(p) || is_terminating(p))
            })
        {
            break;
        }
        create_claims(c, &sts, i);
        let pod = if below_current(i) {
            new_pod(&current_set, name, i, &current_name)
        } else {
            new_pod(&sts, name, i, &revision)
        };
        let pod_name = format!("{name}-{i}");
        let Some(rt) = crate::resources::by_plural("pods") else {
            return;
        };
        match c.create_object(rt, pod, ns) {
            Ok(_) => {
                let msg = format!("create Pod {pod_name} in StatefulSet {name} successful");
                c.event(
                    &sts,
                    None,
                    "Normal",
                    "SuccessfulCreate",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            }
            Err(e) => {
                let msg = format!(
                    "create Pod {pod_name} in StatefulSet {name} failed error: {}",
                    e.message
                );
                c.event(
                    &sts,
                    None,
                    "Warning",
                    "FailedCreate",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
                break;
            }
        }
        if !parallel {
            break;
        }
    }
    // Scale down: highest ordinal first (one at a time unless Parallel).
    let pods = owned(c);
    // persistentVolumeClaimRetentionPolicy.whenScaled: Delete hands the
    // claims of condemned ordinals to their pods, so the garbage
    // collector removes them with the pod; claims back in range lose it.
    if str_at(
        &sts,
        "/spec/persistentVolumeClaimRetentionPolicy/whenScaled",
    ) == "Delete"
    {
        for (i, p) in &pods {
            claim_owner_for_scale(c, &sts, *i, p, *i >= replicas);
        }
    }
    let extra: Vec<i64> = pods
        .keys()
        .copied()
        .filter(|i| *i >= replicas)
        .rev()
        .collect();
    let any_terminating = pods.values().any(is_terminating);
    for i in extra {
        let p = &pods[&i];
        if is_terminating(p) {
            if !parallel {
                break;
            }
            continue;
        }
        if !parallel && any_terminating {
            break;
        }
        let pod_name = crate::name_of(p).to_string();
        if c.delete_object("pods", ns, &pod_name, Default::default())
            .is_some()
        {
            let msg = format!("delete Pod {pod_name} in StatefulSet {name} successful");
            c.event(
                &sts,
                None,
                "Normal",
                "SuccessfulDelete",
                &msg,
                Source {
                    component: COMPONENT,
                    host: "",
                },
            );
        }
        if !parallel {
            break;
        }
    }
    // Rolling update: from the highest ordinal down to the partition, one
    // pod at a time, each after the rest are Running and Ready.
    let pods = owned(c);
    if str_at(&sts, "/spec/updateStrategy/type") != "OnDelete" {
        let partition = int_at(&sts, "/spec/updateStrategy/rollingUpdate/partition").unwrap_or(0);
        let all_ready = (0..replicas).all(|i| {
            pods.get(&i)
                .is_some_and(|p| running_and_ready(p) && !is_terminating(p))
        });
        if all_ready {
            if let Some((_, p)) = pods
                .iter()
                .rev()
                .filter(|(i, _)| **i >= partition && **i < replicas)
                .find(|(_, p)| crate::selector::labels_of(p).get(REVISION) != Some(&revision))
            {
                let pod_name = crate::name_of(p).to_string();
                if c.delete_object("pods", ns, &pod_name, Default::default())
                    .is_some()
                {
                    let msg = format!("delete Pod {pod_name} in StatefulSet {name} successful");
                    c.event(
                        &sts,
                        None,
                        "Normal",
                        "SuccessfulDelete",
                        &msg,
                        Source {
                            component: COMPONENT,
                            host: "",
                        },
                    );
                }
            }
        }
    }
    // Status: computed from the pods as this sync found them before the
    // rolling update's deletion, as the controller's status is (the next
    // sync sees the deleted pod terminating).
    // computeReplicaStatus: every pod with a phase counts as a replica and
    // every running, ready one as ready (terminating or not); current and
    // updated count the pods not being deleted, by revision label.
    let created = pods
        .values()
        .filter(|p| !str_at(p, "/status/phase").is_empty())
        .count();
    let ready = pods.values().filter(|p| running_and_ready(p)).count();
    let available = pods
        .values()
        .filter(|p| running_and_ready(p) && pod_is_available(p, min_ready, now))
        .count();
    let live: Vec<&Value> = pods
        .values()
        .filter(|p| !str_at(p, "/status/phase").is_empty() && !is_terminating(p))
        .collect();
    let updated = live
        .iter()
        .filter(|p| crate::selector::labels_of(p).get(REVISION) == Some(&revision))
        .count();
    // completeRollingUpdate: the current revision becomes the update
    // revision once every wanted pod runs it and is ready.
    let complete =
        updated as i64 == replicas && ready as i64 == replicas && created as i64 == replicas;
    let current_revision = if rolling && complete {
        revision.clone()
    } else {
        current_name
    };
    let current = live
        .iter()
        .filter(|p| {
            crate::selector::labels_of(p)
                .get(REVISION)
                .map(String::as_str)
                == Some(current_revision.as_str())
        })
        .count();
    let Some(sts) = c.store.get("statefulsets", ns, name).cloned() else {
        return;
    };
    let mut status = Map::new();
    status.insert("availableReplicas".into(), json!(available));
    status.insert("collisionCount".into(), json!(hist.collision_count));
    if current > 0 {
        status.insert("currentReplicas".into(), json!(current));
    }
    status.insert("currentRevision".into(), json!(current_revision));
    status.insert(
        "observedGeneration".into(),
        json!(int_at(&sts, "/metadata/generation").unwrap_or(1)),
    );
    if ready > 0 {
        status.insert("readyReplicas".into(), json!(ready));
    }
    status.insert("replicas".into(), json!(created));
    status.insert("updateRevision".into(), json!(revision));
    if updated > 0 {
        status.insert("updatedReplicas".into(), json!(updated));
    }
    let limit = int_at(&sts, "/spec/revisionHistoryLimit").unwrap_or(10);
    let mut s2 = sts;
    s2["status"] = Value::Object(status);
    c.put_if_changed("statefulsets", s2);
    // truncateHistory: keep the revisions pods run, the current and the
    // update revision, and at most revisionHistoryLimit others.
    let mut live: BTreeSet<String> = crate::sort::set(
        pods.values()
            .filter_map(|p| crate::selector::labels_of(p).get(REVISION).cloned()),
    );
    live.insert(current_revision);
    live.insert(revision);
    if let Some(s) = c.store.get("statefulsets", ns, name).cloned() {
        let all = super::revisions::controlled(c, &s);
        super::revisions::prune(c, &all, &live, limit);
    }
}

/// Points the claims of ordinal `i` at its pod when it is condemned by a
/// scale-down (`whenScaled: Delete`), or back at the set when it is not.
fn claim_owner_for_scale(c: &mut Cluster, sts: &Value, i: i64, pod: &Value, condemned: bool) {
    let ns = crate::namespace_of(sts).to_string();
    let set = crate::name_of(sts);
    let set_uid = uid_of(sts);
    let pod_uid = uid_of(pod);
    let when_deleted = str_at(
        sts,
        "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted",
    ) == "Delete";
    for t in arr_at(sts, "/spec/volumeClaimTemplates").to_vec() {
        let claim = format!("{}-{set}-{i}", str_at(&t, "/metadata/name"));
        let Some(pvc) = c.store.get("persistentvolumeclaims", &ns, &claim).cloned() else {
            continue;
        };
        let mut refs: Vec<Value> = arr_at(&pvc, "/metadata/ownerReferences").to_vec();
        let before = refs.clone();
        let has = |refs: &[Value], uid: &str| refs.iter().any(|r| str_at(r, "/uid") == uid);
        if condemned {
            refs.retain(|r| str_at(r, "/uid") != set_uid);
            if !has(&refs, pod_uid) {
                refs.push(json!({
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "name": crate::name_of(pod),
                    "uid": pod_uid,
                }));
            }
        } else {
            refs.retain(|r| str_at(r, "/uid") != pod_uid);
            if when_deleted && !has(&refs, set_uid) {
                refs.push(controller_ref_to(sts));
            }
        }
        if refs != before {
            let mut p2 = pvc;
            if refs.is_empty() {
                if let Some(m) = p2.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.remove("ownerReferences");
                }
            } else {
                p2["metadata"]["ownerReferences"] = Value::Array(refs);
            }
            c.put_if_changed("persistentvolumeclaims", p2);
        }
    }
}

/// A StatefulSet's current and update revisions.
struct History {
    current: Value,
    update: Value,
    collision_count: i64,
}

/// getStatefulSetRevisions: the revision of the set's template (the last
/// one if unchanged; an older equal one renumbered, which is a rollback;
/// else a new one named `<set>-<hash>`) and the revision
/// `status.currentRevision` names (the update revision at first).
fn history(c: &mut Cluster, sts: &Value) -> Option<History> {
    let revs = super::revisions::controlled(c, sts);
    let mut collision_count = int_at(sts, "/status/collisionCount").unwrap_or(0);
    let data = super::revisions::patch(sts);
    let next = revs.last().map_or(0, super::revisions::number) + 1;
    let last_equal = revs.iter().rev().find(|r| r.get("data") == Some(&data));
    let update = match last_equal {
        Some(r) if revs.last().map(crate::name_of) == Some(crate::name_of(r)) => r.clone(),
        Some(r) => super::revisions::renumber(c, r, next),
        None => {
            let ns = crate::namespace_of(sts).to_string();
            let set = crate::name_of(sts);
            let labels = sts
                .pointer("/spec/template/metadata/labels")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let mut made = None;
            // A name taken by other data is a hash collision: count it
            // and try the next hash.
            for _ in 0..16 {
                let hash = super::revisions::hash(&data, Some(collision_count));
                let rname = format!("{set}-{hash}");
                if let Some(existing) = c.store.get("controllerrevisions", &ns, &rname) {
                    if existing.get("data") == Some(&data) {
                        made = Some(existing.clone());
                        break;
                    }
                    collision_count += 1;
                    continue;
                }
                let mut l = labels.clone();
                l.insert(super::revisions::HASH_LABEL.into(), json!(hash));
                made = super::revisions::create(c, sts, &rname, l, data.clone(), next);
                break;
            }
            made?
        }
    };
    let current = revs
        .iter()
        .find(|r| crate::name_of(r) == str_at(sts, "/status/currentRevision"))
        .cloned()
        .unwrap_or_else(|| update.clone());
    Some(History {
        current,
        update,
        collision_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    fn web(replicas: i64, image: &str) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
            "spec": {
                "serviceName": "nginx", "replicas": replicas,
                "selector": {"matchLabels": {"app": "nginx"}},
                "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name": "nginx", "image": image,
                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
                "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
            }
        })
    }

    fn names(c: &Cluster) -> Vec<String> {
        let mut n: Vec<String> = pods(c, "default")
            .iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
            .map(|p| crate::name_of(p).to_string())
            .collect();
        crate::sort::sort(&mut n);
        n
    }

    #[test]
    fn ordered_creation_claims_and_scale_down() {
        let mut c = cluster();
        c.apply(web(3, "nginx:1.27"), "default").unwrap();
        assert_eq!(
            names(&c),
            ["web-0"],
            "web-1 waits for web-0 to be Running and Ready"
        );
        let p0 = get(&c, "pods", "default", "web-0");
        assert_eq!(p0["spec"]["hostname"], "web-0");
        assert_eq!(p0["spec"]["subdomain"], "nginx");
        assert_eq!(
            p0["metadata"]["labels"]["apps.kubernetes.io/pod-index"],
            "0"
        );
        assert_eq!(
            p0["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"],
            "web-0"
        );
        assert_eq!(
            get(&c, "persistentvolumeclaims", "default", "www-web-0")["status"]["phase"],
            "Bound"
        );
        c.advance(60_000);
        assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
        let s = get(&c, "statefulsets", "default", "web");
        assert_eq!(s["status"]["readyReplicas"], 3);
        assert_eq!(
            s["status"]["currentRevision"],
            s["status"]["updateRevision"]
        );
        assert!(messages(&c, "default", "web")
            .contains(&"create Claim www-web-1 Pod web-1 in StatefulSet web success".to_string()));
        // A deleted pod comes back under the same name.
        c.delete(rt("pods"), "default", "web-1").unwrap();
        c.advance(20_000);
        assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
        // Scale down: highest first; claims stay.
        let mut s = get(&c, "statefulsets", "default", "web");
        s["spec"]["replicas"] = json!(1);
        c.update(s).unwrap();
        assert!(get(&c, "pods", "default", "web-2")["metadata"]["deletionTimestamp"].is_string());
        assert!(
            get(&c, "pods", "default", "web-1")["metadata"]["deletionTimestamp"].is_null(),
            "one at a time"
        );
        c.advance(30_000);
        assert_eq!(names(&c), ["web-0"]);
        assert!(
            !get(&c, "persistentvolumeclaims", "default", "www-web-2").is_null(),
            "Retain"
        );
    }

    #[test]
    fn rolling_update_goes_from_the_highest_ordinal() {
        let mut c = cluster();
        c.apply(web(3, "nginx:1.27"), "default").unwrap();
        c.advance(60_000);
        c.apply(web(3, "nginx:1.28"), "default").unwrap();
        assert!(get(&c, "pods", "default", "web-2")["metadata"]["deletionTimestamp"].is_string());
        assert!(get(&c, "pods", "default", "web-0")["metadata"]["deletionTimestamp"].is_null());
        c.advance(120_000);
        for i in 0..3 {
            assert_eq!(
                get(&c, "pods", "default", &format!("web-{i}"))["spec"]["containers"][0]["image"],
                "nginx:1.28"
            );
        }
        let s = get(&c, "statefulsets", "default", "web");
        assert_eq!(s["status"]["updatedReplicas"], 3);
        assert_eq!(
            s["status"]["currentRevision"],
            s["status"]["updateRevision"]
        );
    }

    #[test]
    fn pods_keep_their_revision_once_status_is_written() {
        let mut c = cluster();
        c.apply(web(3, "nginx:1.27"), "default").unwrap();
        let uid0 = get(&c, "pods", "default", "web-0")["metadata"]["uid"].clone();
        c.advance(120_000);
        assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
        assert_eq!(
            get(&c, "pods", "default", "web-0")["metadata"]["uid"],
            uid0,
            "web-0 is not replaced by a rolling update of an unchanged template"
        );
        let s = get(&c, "statefulsets", "default", "web");
        assert_eq!(
            s["status"]["currentRevision"],
            s["status"]["updateRevision"]
        );
    }

    /// (name, revision) of the set's ControllerRevisions, by name.
    fn revisions(c: &Cluster) -> Vec<(String, i64)> {
        let mut v: Vec<(String, i64)> = c
            .list(rt("controllerrevisions"), Some("default"))
            .into_iter()
            .map(|r| {
                (
                    crate::name_of(r).to_string(),
                    r["revision"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        crate::sort::sort(&mut v);
        v
    }

    fn image_of(c: &Cluster, pod: &str) -> Value {
        get(c, "pods", "default", pod)["spec"]["containers"][0]["image"].clone()
    }

    #[test]
    fn revisions_record_templates_and_rollbacks_renumber_them() {
        let mut c = cluster();
        c.apply(web(2, "nginx:1.27"), "default").unwrap();
        c.advance(60_000);
        let revs = revisions(&c);
        assert_eq!(revs.len(), 1);
        let (first, n) = revs[0].clone();
        assert_eq!(n, 1);
        let hash = first.strip_prefix("web-").unwrap();
        assert!(hash.len() <= 10 && hash.bytes().all(|b| crate::rng::NAME_ALPHABET.contains(&b)));
        let cr = get(&c, "controllerrevisions", "default", &first);
        assert_eq!(cr["metadata"]["labels"]["controller-revision-hash"], hash);
        assert_eq!(cr["metadata"]["labels"]["app"], "nginx");
        assert_eq!(cr["metadata"]["ownerReferences"][0]["kind"], "StatefulSet");
        assert_eq!(cr["data"]["spec"]["template"]["$patch"], "replace");
        assert_eq!(
            get(&c, "pods", "default", "web-0")["metadata"]["labels"][REVISION],
            first.as_str()
        );
        c.apply(web(2, "nginx:1.28"), "default").unwrap();
        c.advance(120_000);
        let revs = revisions(&c);
        assert_eq!(revs.len(), 2);
        let second = revs.iter().find(|(n, _)| *n != first).unwrap().0.clone();
        let s = get(&c, "statefulsets", "default", "web");
        assert_eq!(s["status"]["currentRevision"], second.as_str());
        assert_eq!(s["status"]["updateRevision"], second.as_str());
        // Back to the first template: its revision becomes number 3.
        c.apply(web(2, "nginx:1.27"), "default").unwrap();
        c.advance(120_000);
        let revs = revisions(&c);
        assert_eq!(revs.len(), 2, "no new revision for a known template");
        assert!(revs.contains(&(first.clone(), 3)));
        assert!(revs.contains(&(second, 2)));
        assert_eq!(image_of(&c, "web-0"), "nginx:1.27");
        // The garbage collector deletes them with the set.
        c.delete(rt("statefulsets"), "default", "web").unwrap();
        c.advance(60_000);
        assert!(revisions(&c).is_empty());
    }

    #[test]
    fn a_pod_below_the_partition_comes_back_at_the_current_revision() {
        let mut c = cluster();
        c.apply(web(3, "nginx:1.27"), "default").unwrap();
        c.advance(60_000);
        let mut s = web(3, "nginx:1.28");
        s["spec"]["updateStrategy"] =
            json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 2}});
        c.apply(s, "default").unwrap();
        c.advance(60_000);
        assert_eq!(image_of(&c, "web-2"), "nginx:1.28");
        assert_eq!(image_of(&c, "web-1"), "nginx:1.27");
        let st = get(&c, "statefulsets", "default", "web");
        assert_eq!(st["status"]["updatedReplicas"], 1);
        assert_eq!(st["status"]["currentReplicas"], 2);
        assert_ne!(
            st["status"]["currentRevision"],
            st["status"]["updateRevision"]
        );
        c.delete(rt("pods"), "default", "web-0").unwrap();
        c.advance(60_000);
        assert_eq!(image_of(&c, "web-0"), "nginx:1.27", "below the partition");
        assert_eq!(
            get(&c, "pods", "default", "web-0")["metadata"]["labels"][REVISION],
            st["status"]["currentRevision"]
        );
    }

    #[test]
    fn on_delete_replaces_only_deleted_pods() {
        let mut c = cluster();
        let mut s = web(2, "nginx:1.27");
        s["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
        c.apply(s.clone(), "default").unwrap();
        c.advance(60_000);
        s["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.28");
        c.apply(s, "default").unwrap();
        c.advance(120_000);
        assert_eq!(image_of(&c, "web-0"), "nginx:1.27");
        assert_eq!(image_of(&c, "web-1"), "nginx:1.27");
        c.delete(rt("pods"), "default", "web-1").unwrap();
        c.advance(60_000);
        assert_eq!(image_of(&c, "web-1"), "nginx:1.28");
        let st = get(&c, "statefulsets", "default", "web");
        assert_eq!(st["status"]["updatedReplicas"], 1);
        assert_eq!(st["status"]["currentReplicas"], 1);
    }

    #[test]
    fn revision_history_limit_prunes_the_oldest_unused_revisions() {
        let mut c = cluster();
        for (i, tag) in ["1.25", "1.26", "1.27", "1.28"].iter().enumerate() {
            let mut s = web(1, &format!("nginx:{tag}"));
            s["spec"]["revisionHistoryLimit"] = json!(1);
            c.apply(s, "default").unwrap();
            c.advance(90_000);
            assert_eq!(image_of(&c, "web-0"), format!("nginx:{tag}").as_str());
            let nums: Vec<i64> = revisions(&c).iter().map(|r| r.1).collect();
            assert_eq!(nums.len(), (i + 1).min(2), "live revision + 1 old");
            assert!(nums.contains(&(i as i64 + 1)));
        }
    }

    #[test]
    fn when_scaled_delete_removes_the_claims_of_removed_pods() {
        let mut c = cluster();
        let mut s = web(3, "nginx:1.27");
        s["spec"]["podManagementPolicy"] = json!("Parallel");
        s["spec"]["persistentVolumeClaimRetentionPolicy"] =
            json!({"whenScaled": "Delete", "whenDeleted": "Retain"});
        c.apply(s.clone(), "default").unwrap();
        assert_eq!(
            names(&c),
            ["web-0", "web-1", "web-2"],
            "Parallel: all at once"
        );
        c.advance(30_000);
        s["spec"]["replicas"] = json!(1);
        c.apply(s, "default").unwrap();
        let claim = get(&c, "persistentvolumeclaims", "default", "www-web-2");
        assert_eq!(claim["metadata"]["ownerReferences"][0]["kind"], "Pod");
        assert_eq!(claim["metadata"]["ownerReferences"][0]["name"], "web-2");
        c.advance(60_000);
        assert_eq!(names(&c), ["web-0"]);
        assert!(get(&c, "persistentvolumeclaims", "default", "www-web-2").is_null());
        assert!(get(&c, "persistentvolumeclaims", "default", "www-web-1").is_null());
        let kept = get(&c, "persistentvolumeclaims", "default", "www-web-0");
        assert!(
            kept["metadata"]["ownerReferences"].is_null(),
            "whenDeleted: Retain"
        );
    }
}
