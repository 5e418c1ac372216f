//! PersistentVolumeClaims and PersistentVolumes as a kind cluster runs
//! them: the default StorageClass `standard` (rancher.io/local-path,
//! WaitForFirstConsumer) provisions a hostPath PV `pvc-<uid>` pinned to the
//! node of the first pod that uses the claim; claims bind to it; the
//! pvc-protection finalizer keeps a claim in use; a released PV with the
//! Delete policy goes with its claim.

use super::is_terminating;
use crate::events::Source;
use crate::meta::{arr_at, str_at, uid_of};
use crate::Cluster;
use serde_json::{json, Value};

const PROVISIONER: &str = "rancher.io/local-path";
const PV_CONTROLLER: &str = "persistentvolume-controller";

pub(crate) fn reconcile(c: &mut Cluster) {
    for (ns, name) in c.store.keys("persistentvolumeclaims") {
        sync_claim(c, &ns, &name);
    }
    release_volumes(c);
}

/// The claims a pod mounts.
pub(crate) fn claims_of(pod: &Value) -> Vec<String> {
    arr_at(pod, "/spec/volumes")
        .iter()
        .filter_map(|v| {
            v.pointer("/persistentVolumeClaim/claimName")
                .and_then(Value::as_str)
        })
        .map(String::from)
        .collect()
}

/// The pods of namespace `ns` that mount `claim`.
fn pods_using<'a>(c: &'a Cluster, ns: &str, claim: &'a str) -> impl Iterator<Item = &'a Value> {
    c.store.list("pods", Some(ns)).into_iter().filter(move |p| {
        arr_at(p, "/spec/volumes").iter().any(|v| {
            v.pointer("/persistentVolumeClaim/claimName")
                .and_then(Value::as_str)
                == Some(claim)
        })
    })
}

/// Looks at a claim; a bound one that is not being deleted is left as it
/// is without reading the pods (what keeps a pass cheap with many claims
/// and many pods).
fn sync_claim(c: &mut Cluster, ns: &str, name: &str) {
    let Some(pvc) = c.store.get("persistentvolumeclaims", ns, name) else {
        return;
    };
    // pvc-protection: a claim being deleted goes when no pod uses it.
    if is_terminating(pvc) {
        let in_use = pods_using(c, ns, name).any(|p| {
            str_at(p, "/status/phase") != "Succeeded" && str_at(p, "/status/phase") != "Failed"
        });
        if !in_use {
            c.remove("persistentvolumeclaims", ns, name);
        }
        return;
    }
    if str_at(pvc, "/status/phase") == "Bound" {
        return;
    }
    let pvc = pvc.clone();
    let class_name = str_at(&pvc, "/spec/storageClassName").to_string();
    let Some(class) = c.store.get("storageclasses", "", &class_name).cloned() else {
        if !class_name.is_empty() {
            let msg = format!("storageclass.storage.k8s.io \"{class_name}\" not found");
            c.event(
                &pvc,
                None,
                "Warning",
                "ProvisioningFailed",
                &msg,
                Source {
                    component: PV_CONTROLLER,
                    host: "",
                },
            );
        }
        return;
    };
    let wait = str_at(&class, "/volumeBindingMode") == "WaitForFirstConsumer";
    let node = pods_using(c, ns, name)
        .map(|p| str_at(p, "/spec/nodeName"))
        .find(|n| !n.is_empty())
        .map(String::from);
    let node = match (wait, node) {
        (_, Some(n)) => n,
        (false, None) => c
            .store
            .list("nodes", None)
            .into_iter()
            .map(crate::name_of)
            .find(|n| *n != crate::bootstrap::CONTROL_PLANE)
            .unwrap_or(crate::bootstrap::CONTROL_PLANE)
            .to_string(),
        (true, None) => {
            c.event(
                &pvc,
                None,
                "Normal",
                "WaitForFirstConsumer",
                "waiting for first consumer to be created before binding",
                Source {
                    component: PV_CONTROLLER,
                    host: "",
                },
            );
            return;
        }
    };
    if str_at(&class, "/provisioner") != PROVISIONER {
        let msg = format!(
            "Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
            str_at(&class, "/provisioner")
        );
        c.event(
            &pvc,
            None,
            "Normal",
            "ExternalProvisioning",
            &msg,
            Source {
                component: PV_CONTROLLER,
                host: "",
            },
        );
        return;
    }
    // Provision and bind.
    let pv_name = format!("pvc-{}", uid_of(&pvc));
    let storage = pvc
        .pointer("/spec/resources/requests/storage")
        .cloned()
        .unwrap_or(json!("1Gi"));
    let modes = pvc
        .pointer("/spec/accessModes")
        .cloned()
        .unwrap_or(json!(["ReadWriteOnce"]));
    let reclaim = class
        .get("reclaimPolicy")
        .cloned()
        .unwrap_or(json!("Delete"));
    let pv = json!({
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {
            "name": pv_name,
            "annotations": {"local.path.provisioner/selected-node": node, "pv.kubernetes.io/provisioned-by": PROVISIONER},
            "finalizers": ["kubernetes.io/pv-protection"],
        },
        "spec": {
            "accessModes": modes,
            "capacity": {"storage": storage},
            "claimRef": {
                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": name, "namespace": ns,
                "resourceVersion": str_at(&pvc, "/metadata/resourceVersion"), "uid": uid_of(&pvc),
            },
            "hostPath": {"path": format!("/var/local-path-provisioner/{pv_name}_{ns}_{name}"), "type": "DirectoryOrCreate"},
            "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}},
            "persistentVolumeReclaimPolicy": reclaim,
            "storageClassName": class_name,
            "volumeMode": "Filesystem",
        },
        "status": {"phase": "Bound"},
    });
    let Some(rt) = crate::resources::by_plural("persistentvolumes") else {
        return;
    };
    if !c.store.contains("persistentvolumes", "", &pv_name) {
        let Ok(mut created) = c.create_object(rt, pv, "") else {
            return;
        };
        crate::meta::set_path(&mut created, &["status", "phase"], json!("Bound"));
        c.put("persistentvolumes", created);
        let msg = format!("Successfully provisioned volume {pv_name}");
        let source = format!("{PROVISIONER}_local-path-provisioner");
        c.event(
            &pvc,
            None,
            "Normal",
            "ProvisioningSucceeded",
            &msg,
            Source {
                component: &source,
                host: "",
            },
        );
    }
    let mut bound = pvc.clone();
    if let Some(ann) = crate::meta::path_mut(&mut bound, &["metadata", "annotations"]) {
        ann.insert("pv.kubernetes.io/bind-completed".into(), json!("yes"));
        ann.insert("pv.kubernetes.io/bound-by-controller".into(), json!("yes"));
        ann.insert(
            "volume.beta.kubernetes.io/storage-provisioner".into(),
            json!(PROVISIONER),
        );
        ann.insert("volume.kubernetes.io/selected-node".into(), json!(node));
        ann.insert(
            "volume.kubernetes.io/storage-provisioner".into(),
            json!(PROVISIONER),
        );
    }
    crate::meta::set_path(&mut bound, &["spec", "volumeName"], json!(pv_name));
    crate::meta::set_path(
        &mut bound,
        &["status"],
        json!({"accessModes": pvc.pointer("/spec/accessModes").cloned().unwrap_or(json!(["ReadWriteOnce"])), "capacity": {"storage": pvc.pointer("/spec/resources/requests/storage").cloned().unwrap_or(json!("1Gi"))}, "phase": "Bound"}),
    );
    c.put("persistentvolumeclaims", bound);
}

/// PVs whose claim is gone: Delete removes them, Retain marks them Released.
fn release_volumes(c: &mut Cluster) {
    for (_, pv_name) in c.store.keys("persistentvolumes") {
        let Some(pv) = c.store.get("persistentvolumes", "", &pv_name) else {
            continue;
        };
        let claim_ns = str_at(pv, "/spec/claimRef/namespace");
        let bound_claim_alive = c
            .store
            .get(
                "persistentvolumeclaims",
                claim_ns,
                str_at(pv, "/spec/claimRef/name"),
            )
            .is_some_and(|pvc| uid_of(pvc) == str_at(pv, "/spec/claimRef/uid"));
        if is_terminating(pv) && !bound_claim_alive {
            // pv-protection lets go of a volume no claim is bound to.
            c.remove("persistentvolumes", "", &pv_name);
            continue;
        }
        let claim = str_at(pv, "/spec/claimRef/name");
        let claim_uid = str_at(pv, "/spec/claimRef/uid");
        if claim.is_empty() || str_at(pv, "/status/phase") == "Released" {
            continue;
        }
        let alive = c
            .store
            .get("persistentvolumeclaims", claim_ns, claim)
            .is_some_and(|pvc| uid_of(pvc) == claim_uid);
        if alive {
            continue;
        }
        if str_at(pv, "/spec/persistentVolumeReclaimPolicy") == "Delete" {
            c.remove("persistentvolumes", "", &pv_name);
        } else {
            let mut p = pv.clone();
            crate::meta::set_path(&mut p, &["status", "phase"], json!("Released"));
            c.put("persistentvolumes", p);
        }
    }
}

/// Whether every claim the pod mounts exists and is bound (the kubelet
/// waits for this before starting containers).
pub(crate) fn claims_bound(c: &Cluster, pod: &Value) -> bool {
    let ns = crate::namespace_of(pod);
    claims_of(pod).iter().all(|cl| {
        c.store
            .get("persistentvolumeclaims", ns, cl)
            .is_some_and(|p| str_at(p, "/status/phase") == "Bound")
    })
}

/// The node a pod's bound claims pin it to, if any; `Err(claim)` if a claim
/// does not exist.
pub(crate) fn claim_node(c: &Cluster, pod: &Value) -> Result<Option<String>, String> {
    let ns = crate::namespace_of(pod);
    let mut node = None;
    for cl in claims_of(pod) {
        let Some(pvc) = c.store.get("persistentvolumeclaims", ns, &cl) else {
            return Err(cl);
        };
        let pv = str_at(pvc, "/spec/volumeName");
        if let Some(pv) = c.store.get("persistentvolumes", "", pv) {
            let pinned = arr_at(pv, "/spec/nodeAffinity/required/nodeSelectorTerms")
                .iter()
                .flat_map(|t| arr_at(t, "/matchExpressions"))
                .find(|e| str_at(e, "/key") == "kubernetes.io/hostname")
                .and_then(|e| e.pointer("/values/0"))
                .and_then(Value::as_str)
                .map(String::from);
            if pinned.is_some() {
                node = pinned;
            }
        }
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::json;

    fn claim(name: &str) -> serde_json::Value {
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
    }

    #[test]
    fn claims_wait_for_their_first_consumer_then_bind() {
        let mut c = cluster();
        let pvc = c.create(claim("data"), "default").unwrap();
        assert_eq!(pvc["spec"]["storageClassName"], "standard");
        assert_eq!(pvc["spec"]["volumeMode"], "Filesystem");
        assert_eq!(
            get(&c, "persistentvolumeclaims", "default", "data")["status"]["phase"],
            "Pending"
        );
        assert!(messages(&c, "default", "data")
            .contains(&"waiting for first consumer to be created before binding".to_string()));
        let mut p = pod("user", "nginx", &[]);
        p["spec"]["volumes"] =
            json!([{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]);
        p["spec"]["containers"][0]["volumeMounts"] = json!([{"name": "d", "mountPath": "/data"}]);
        c.create(p, "default").unwrap();
        let pvc = get(&c, "persistentvolumeclaims", "default", "data");
        assert_eq!(pvc["status"]["phase"], "Bound");
        let pv_name = pvc["spec"]["volumeName"].as_str().unwrap().to_string();
        assert_eq!(
            pv_name,
            format!("pvc-{}", pvc["metadata"]["uid"].as_str().unwrap())
        );
        let pv = get(&c, "persistentvolumes", "", &pv_name);
        let node = get(&c, "pods", "default", "user")["spec"]["nodeName"].clone();
        assert_eq!(
            pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]
                ["values"][0],
            node
        );
        c.advance(10_000);
        assert_eq!(
            get(&c, "pods", "default", "user")["status"]["phase"],
            "Running"
        );
        // In use: deleting the claim waits for the pod.
        c.delete(rt("persistentvolumeclaims"), "default", "data")
            .unwrap();
        assert!(
            get(&c, "persistentvolumeclaims", "default", "data")["metadata"]["deletionTimestamp"]
                .is_string()
        );
        c.delete(rt("pods"), "default", "user").unwrap();
        c.advance(2_000);
        assert!(get(&c, "persistentvolumeclaims", "default", "data").is_null());
        assert!(
            get(&c, "persistentvolumes", "", &pv_name).is_null(),
            "reclaim policy Delete"
        );
    }

    #[test]
    fn claim_validation() {
        let mut c = cluster();
        let e = c
            .create(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "x"}, "spec": {}}), "default")
            .unwrap_err();
        assert_eq!(
            e.message,
            "The PersistentVolumeClaim \"x\" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is required\n* spec.resources[storage]: Required value"
        );
    }

    #[test]
    fn pods_follow_their_volumes_node_and_missing_claims_block_scheduling() {
        let mut c = cluster();
        let mut p = pod("lost", "nginx", &[]);
        p["spec"]["volumes"] =
            json!([{"name": "d", "persistentVolumeClaim": {"claimName": "nope"}}]);
        c.create(p, "default").unwrap();
        let st = get(&c, "pods", "default", "lost");
        assert_eq!(
            st["status"]["conditions"][0]["message"],
            "0/3 nodes are available: persistentvolumeclaim \"nope\" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
        );
    }
}
