//! The Deployment controller: one ReplicaSet per pod template, named
//! `<deployment>-<pod-template-hash>`; RollingUpdate (maxSurge /
//! maxUnavailable) and Recreate; scaling; revision annotations; status with
//! the Available and Progressing conditions and their real reasons.

use super::{controller_ref_to, controller_uid, int_or_percent, is_terminating};
use crate::events::Source;
use crate::meta::{fnv32a, go_json, int_at, str_at, uid_of};
use crate::rng::NAME_ALPHABET;
use crate::selector::Selector;
use crate::Cluster;
use serde_json::{json, Map, Value};

const COMPONENT: &str = "deployment-controller";
const REVISION: &str = "deployment.kubernetes.io/revision";
const DESIRED: &str = "deployment.kubernetes.io/desired-replicas";
const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
const HASH_LABEL: &str = "pod-template-hash";

/// Maps a string's bytes into the name alphabet (`rand.SafeEncodeString`).
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| NAME_ALPHABET[b as usize % NAME_ALPHABET.len()] as char)
        .collect()
}

/// The pod-template-hash: FNV-32a over the template (as canonical JSON)
/// and, if set, the collision count (4 little-endian bytes padded to 8),
/// printed in decimal and safe-encoded.
pub fn pod_template_hash(template: &Value, collision_count: Option<i64>) -> String {
    let mut bytes = go_json(template).into_bytes();
    if let Some(cc) = collision_count {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&(cc as u32).to_le_bytes());
        bytes.extend_from_slice(&b);
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

/// Whether a ReplicaSet's template is the deployment's, ignoring the
/// pod-template-hash label the controller added (without copying either).
fn same_template(rs_tmpl: &Value, tmpl: &Value) -> bool {
    let (Some(a), Some(b)) = (rs_tmpl.as_object(), tmpl.as_object()) else {
        return rs_tmpl == tmpl;
    };
    let others_eq = a.iter().filter(|(k, _)| *k != "metadata").count()
        == b.iter().filter(|(k, _)| *k != "metadata").count()
        && a.iter()
            .filter(|(k, _)| *k != "metadata")
            .all(|(k, v)| b.get(k) == Some(v));
    if !others_eq {
        return false;
    }
    let empty = serde_json::Map::new();
    let ma = a
        .get("metadata")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mb = b
        .get("metadata")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let meta_eq = ma.iter().filter(|(k, _)| *k != "labels").count()
        == mb.iter().filter(|(k, _)| *k != "labels").count()
        && ma
            .iter()
            .filter(|(k, _)| *k != "labels")
            .all(|(k, v)| mb.get(k) == Some(v));
    let la = ma
        .get("labels")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let lb = mb
        .get("labels")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let labels_eq = la.iter().filter(|(k, _)| *k != HASH_LABEL).count()
        == lb.iter().filter(|(k, _)| *k != HASH_LABEL).count()
        && la
            .iter()
            .filter(|(k, _)| *k != HASH_LABEL)
            .all(|(k, v)| lb.get(k) == Some(v));
    meta_eq && labels_eq
}

fn annotation<'a>(obj: &'a Value, key: &str) -> &'a str {
    obj.pointer("/metadata/annotations")
        .and_then(|a| a.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn revision_of(rs: &Value) -> i64 {
    annotation(rs, REVISION).parse().unwrap_or(0)
}

fn spec_replicas(rs: &Value) -> i64 {
    int_at(rs, "/spec/replicas").unwrap_or(0)
}

fn status_int(rs: &Value, field: &str) -> i64 {
    int_at(rs, &format!("/status/{field}")).unwrap_or(0)
}

pub(crate) fn reconcile(c: &mut Cluster) {
    let keys = c.store.keys("deployments");
    // A step syncs Deployments until it has looked at STEP_OBJECTS objects
    // (each Deployment and its ReplicaSets), then pauses; the next step
    // continues with the next Deployment.
    let mut seen = 0usize;
    for i in super::resume_window(c, &keys, keys.len()) {
        if seen >= super::STEP_OBJECTS {
            super::pause_scan(c, &keys, i);
            return;
        }
        let Some((ns, name)) = keys.get(i) else {
            break;
        };
        let Some(d) = c.store.get("deployments", ns, name) else {
            continue;
        };
        let uid = uid_of(d).to_string();
        // What a sync looks at: the Deployment and its ReplicaSets.
        let sync = |c: &mut Cluster| {
            sync(c, ns, name);
            seen += 1 + c.store.controlled_by("replicasets", &uid).count();
        };
        // The Recreate strategy reads pods (it waits for the old ones to
        // be gone). A rolling update reads the ReplicaSets it controls and
        // the orphans it may adopt; while it has none of its template yet
        // it also reads every ReplicaSet name of the namespace (a hash
        // collision) and retries a failed create on any change there.
        if str_at(d, "/spec/strategy/type") == "Recreate" {
            let inputs = [("replicasets", ns.as_str()), ("pods", ns.as_str())];
            c.memo_sync("deployment", "deployments", ns, name, &inputs, sync);
        } else if has_current_replica_set(c, d) {
            c.memo_sync_claims("deployment", "deployments", ns, name, "replicasets", sync);
        } else {
            let inputs = [("replicasets", ns.as_str())];
            c.memo_sync("deployment", "deployments", ns, name, &inputs, sync);
        }
    }
}

/// Whether a ReplicaSet the Deployment controls has its pod template.
fn has_current_replica_set(c: &Cluster, d: &Value) -> bool {
    let ns = crate::namespace_of(d);
    let tmpl = d.pointer("/spec/template").unwrap_or(&Value::Null);
    c.store
        .controlled_by("replicasets", uid_of(d))
        .filter(|(n, _)| n == ns)
        .filter_map(|(n, name)| c.store.get("replicasets", n, name))
        .any(|rs| same_template(rs.pointer("/spec/template").unwrap_or(&Value::Null), tmpl))
}

/// ReplicaSets the deployment controls (adopting matching orphans), oldest
/// first. Only the ones it controls and the namespace's orphans are read.
fn claim_replica_sets(c: &mut Cluster, d: &Value, sel: &Selector) -> Vec<Value> {
    let ns = crate::namespace_of(d).to_string();
    let uid = uid_of(d).to_string();
    // In name order, as a list of the namespace gives them.
    let mut names: Vec<String> = c
        .store
        .controlled_by("replicasets", &uid)
        .filter(|(n, _)| *n == ns)
        .map(|(_, name)| name.clone())
        .chain(c.store.orphans("replicasets", &ns).cloned())
        .collect();
    crate::sort::sort(&mut names);
    let mut out = Vec::new();
    for name in names {
        let Some(rs) = c.store.get("replicasets", &ns, &name) else {
            continue;
        };
        match controller_uid(rs) {
            Some(u) if u == uid => out.push(rs.clone()),
            None if !sel.is_empty() && sel.matches_obj(rs) && !is_terminating(rs) => {
                let mut r = rs.clone();
                if let Some(meta) = r.get_mut("metadata").and_then(Value::as_object_mut) {
                    let refs = meta.entry("ownerReferences").or_insert_with(|| json!([]));
                    if let Some(a) = refs.as_array_mut() {
                        a.push(controller_ref_to(d));
                    }
                }
                out.push(c.put_get("replicasets", r));
            }
            _ => {}
        }
    }
    crate::sort::by(&mut out, |a, b| {
        (str_at(a, "/metadata/creationTimestamp"), crate::name_of(a))
            .cmp(&(str_at(b, "/metadata/creationTimestamp"), crate::name_of(b)))
    });
    out
}

/// Scales one ReplicaSet, updating the replica annotations, with the
/// ScalingReplicaSet event.
fn scale_rs(
    c: &mut Cluster,
    d: &Value,
    rs: &Value,
    new_scale: i64,
    replicas: i64,
    max_surge: i64,
) -> Value {
    let old_scale = spec_replicas(rs);
    let mut r = rs.clone();
    r["spec"]["replicas"] = json!(new_scale);
    if let Some(ann) = crate::meta::path_mut(&mut r, &["metadata", "annotations"]) {
        ann.insert(DESIRED.into(), json!(replicas.to_string()));
        ann.insert(
            MAX_REPLICAS.into(),
            json!((replicas + max_surge).to_string()),
        );
    }
    let changed = c.put_if_changed("replicasets", r.clone());
    if changed && old_scale != new_scale {
        let op = if new_scale > old_scale { "up" } else { "down" };
        let msg = format!(
            "Scaled {op} replica set {} from {old_scale} to {new_scale}",
            crate::name_of(rs)
        );
        c.event(
            d,
            None,
            "Normal",
            "ScalingReplicaSet",
            &msg,
            Source {
                component: COMPONENT,
                host: "",
            },
        );
    }
    c.store
        .get("replicasets", crate::namespace_of(rs), crate::name_of(rs))
        .cloned()
        .unwrap_or(r)
}

/// Pods of a ReplicaSet that are running or may still be (terminating
/// pods included), as the Recreate strategy waits for.
fn running_pods_of(c: &Cluster, rs: &Value) -> usize {
    let ns = crate::namespace_of(rs);
    c.store
        .controlled_by("pods", uid_of(rs))
        .filter(|(n, _)| n == ns)
        .filter_map(|(n, name)| c.store.get("pods", n, name))
        .filter(|p| {
            let phase = str_at(p, "/status/phase");
            phase != "Succeeded" && phase != "Failed"
        })
        .count()
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let Some(d) = c.store.get("deployments", ns, name).cloned() else {
        return;
    };
    if is_terminating(&d) {
        return;
    }
    let sel = d
        .pointer("/spec/selector")
        .and_then(|s| Selector::from_label_selector(s).ok())
        .unwrap_or_default();
    let mut all = claim_replica_sets(c, &d, &sel);
    let tmpl = d.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    let replicas = int_at(&d, "/spec/replicas").unwrap_or(1).max(0);
    let recreate = str_at(&d, "/spec/strategy/type") == "Recreate";
    let (max_surge, max_unavailable) = if recreate {
        (0, 0)
    } else {
        let surge = int_or_percent(
            d.pointer("/spec/strategy/rollingUpdate/maxSurge"),
            replicas,
            true,
            0,
        );
        let mut unavail = int_or_percent(
            d.pointer("/spec/strategy/rollingUpdate/maxUnavailable"),
            replicas,
            false,
            0,
        );
        if surge == 0 && unavail == 0 {
            unavail = 1;
        }
        (surge, unavail.min(replicas))
    };
    let paused = d.pointer("/spec/paused").and_then(Value::as_bool) == Some(true);
    let mut conditions: Vec<Value> = crate::meta::arr_at(&d, "/status/conditions").to_vec();
    let mut collision = int_at(&d, "/status/collisionCount");
    let max_old_revision = all.iter().map(revision_of).max().unwrap_or(0);
    let mut new_rs = all
        .iter()
        .find(|rs| same_template(rs.pointer("/spec/template").unwrap_or(&Value::Null), &tmpl))
        .cloned();

    if new_rs.is_none() && !paused {
        let hash = pod_template_hash(&tmpl, collision);
        let rs_name = format!("{name}-{hash}");
        if c.store.contains("replicasets", ns, &rs_name) {
            // Hash collision with a different template: bump and retry.
            collision = Some(collision.unwrap_or(0) + 1);
            let mut d2 = d.clone();
            d2["status"]["collisionCount"] = json!(collision);
            c.put_if_changed("deployments", d2);
            return;
        }
        let old_active: i64 = all.iter().map(spec_replicas).sum();
        let initial = if recreate {
            if all.iter().any(|rs| running_pods_of(c, rs) > 0) {
                0
            } else {
                replicas
            }
        } else if old_active == 0 {
            replicas
        } else {
            let max_total = replicas + max_surge;
            if old_active >= max_total {
                0
            } else {
                (max_total - old_active).min(replicas)
            }
        };
        let mut labels = crate::selector::map_of(tmpl.pointer("/metadata/labels"));
        labels.insert(HASH_LABEL.into(), hash.clone());
        let mut rs_tmpl = tmpl.clone();
        crate::meta::set_path(
            &mut rs_tmpl,
            &["metadata", "labels", HASH_LABEL],
            json!(hash),
        );
        let mut selector = d.pointer("/spec/selector").cloned().unwrap_or(json!({}));
        crate::meta::set_path(&mut selector, &["matchLabels", HASH_LABEL], json!(hash));
        let mut ann = Map::new();
        if let Some(da) = d
            .pointer("/metadata/annotations")
            .and_then(Value::as_object)
        {
            for (k, v) in da {
                if k != crate::api::LAST_APPLIED
                    && k != REVISION
                    && k != REVISION_HISTORY
                    && k != DESIRED
                    && k != MAX_REPLICAS
                {
                    ann.insert(k.clone(), v.clone());
                }
            }
        }
        ann.insert(DESIRED.into(), json!(replicas.to_string()));
        ann.insert(
            MAX_REPLICAS.into(),
            json!((replicas + max_surge).to_string()),
        );
        ann.insert(REVISION.into(), json!((max_old_revision + 1).to_string()));
        let mut spec = Map::new();
        spec.insert("replicas".into(), json!(initial));
        if let Some(m) = d.pointer("/spec/minReadySeconds") {
            spec.insert("minReadySeconds".into(), m.clone());
        }
        spec.insert("selector".into(), selector);
        spec.insert("template".into(), rs_tmpl);
        let rs = json!({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": rs_name,
                "namespace": ns,
                "labels": labels,
                "annotations": ann,
                "ownerReferences": [controller_ref_to(&d)],
            },
            "spec": spec,
        });
        let Some(rt) = crate::resources::by_plural("replicasets") else {
            return;
        };
        match c.create_object(rt, rs, ns) {
            Ok(created) => {
                if initial > 0 {
                    let msg = format!("Scaled up replica set {rs_name} from 0 to {initial}");
                    c.event(
                        &d,
                        None,
                        "Normal",
                        "ScalingReplicaSet",
                        &msg,
                        Source {
                            component: COMPONENT,
                            host: "",
                        },
                    );
                }
                set_condition(
                    &mut conditions,
                    "Progressing",
                    "True",
                    "NewReplicaSetCreated",
                    &format!("Created new replica set \"{rs_name}\""),
                    c.now.rfc3339(),
                );
                all.push(created.clone());
                new_rs = Some(created);
            }
            Err(e) => {
                let msg = format!(
                    "Failed to create new replica set \"{rs_name}\": {}",
                    e.message
                );
                c.event(
                    &d,
                    None,
                    "Warning",
                    "ReplicaSetCreateError",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
                return;
            }
        }
    } else if let Some(rs) = new_rs.clone() {
        let rs = &rs;
        // The deployment's own annotations (kubernetes.io/change-cause, ...)
        // are copied to the new ReplicaSet on every sync, as the
        // controller's SetNewReplicaSetAnnotations does.
        let copied: Vec<(String, Value)> = d
            .pointer("/metadata/annotations")
            .and_then(Value::as_object)
            .map(|da| {
                da.iter()
                    .filter(|(k, _)| {
                        *k != crate::api::LAST_APPLIED
                            && *k != REVISION
                            && *k != REVISION_HISTORY
                            && *k != DESIRED
                            && *k != MAX_REPLICAS
                    })
                    .filter(|(k, v)| {
                        rs.pointer("/metadata/annotations")
                            .and_then(|a| a.get(k.as_str()))
                            != Some(*v)
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if !copied.is_empty() {
            let mut r = rs.clone();
            if r.pointer("/metadata/annotations")
                .is_none_or(|a| !a.is_object())
            {
                r["metadata"]["annotations"] = json!({});
            }
            if let Some(ann) = crate::meta::path_mut(&mut r, &["metadata", "annotations"]) {
                for (k, v) in copied {
                    ann.insert(k, v);
                }
            }
            new_rs = Some(c.put_get("replicasets", r));
        }
        let rs = new_rs.clone().unwrap_or_else(|| rs.clone());
        let rs = &rs;
        // A rollback to an older template makes it the newest revision.
        if revision_of(rs) < max_old_revision || annotation(rs, REVISION).is_empty() {
            let mut r = rs.clone();
            let old_rev = annotation(rs, REVISION).to_string();
            let history = annotation(rs, REVISION_HISTORY).to_string();
            if let Some(ann) = crate::meta::path_mut(&mut r, &["metadata", "annotations"]) {
                ann.insert(REVISION.into(), json!((max_old_revision + 1).to_string()));
                if !old_rev.is_empty() {
                    let h = if history.is_empty() {
                        old_rev
                    } else {
                        format!("{history},{old_rev}")
                    };
                    ann.insert(REVISION_HISTORY.into(), json!(h));
                }
            }
            new_rs = Some(c.put_get("replicasets", r));
        }
    }
    let new_uid = new_rs
        .as_ref()
        .map(|r| uid_of(r).to_string())
        .unwrap_or_default();
    let refresh = |c: &Cluster, list: &mut Vec<Value>| {
        for rs in list.iter_mut() {
            if let Some(cur) =
                c.store
                    .get("replicasets", crate::namespace_of(rs), crate::name_of(rs))
            {
                *rs = cur.clone();
            }
        }
    };
    refresh(c, &mut all);

    let scaling_event = all.iter().any(|rs| {
        spec_replicas(rs) > 0
            && annotation(rs, DESIRED)
                .parse::<i64>()
                .ok()
                .is_some_and(|d| d != replicas)
    });
    if paused && scaling_event {
        // A paused Deployment still scales; it only stops rolling out.
        scale(c, &d, &all, new_rs.as_ref(), replicas, max_surge, !recreate);
        refresh(c, &mut all);
    }
    if !paused {
        let is_new = |rs: &Value| uid_of(rs) == new_uid;
        if recreate {
            let mut old_running = false;
            for rs in all
                .iter()
                .filter(|r| !is_new(r))
                .cloned()
                .collect::<Vec<_>>()
            {
                if spec_replicas(&rs) > 0 {
                    scale_rs(c, &d, &rs, 0, replicas, 0);
                }
                if running_pods_of(c, &rs) > 0 {
                    old_running = true;
                }
            }
            if let Some(nrs) = &new_rs {
                if !old_running && spec_replicas(nrs) != replicas {
                    scale_rs(c, &d, nrs, replicas, replicas, 0);
                }
            }
        } else if scaling_event {
            scale(c, &d, &all, new_rs.as_ref(), replicas, max_surge, true);
        } else if let Some(nrs) = new_rs.clone() {
            // reconcileNewReplicaSet
            let cur_new = spec_replicas(&nrs);
            if cur_new > replicas {
                scale_rs(c, &d, &nrs, replicas, replicas, max_surge);
            } else if cur_new < replicas {
                let total: i64 = all.iter().map(spec_replicas).sum();
                let max_total = replicas + max_surge;
                if total < max_total {
                    let up = (max_total - total).min(replicas - cur_new);
                    scale_rs(c, &d, &nrs, cur_new + up, replicas, max_surge);
                }
            } else if annotation(&nrs, DESIRED) != replicas.to_string() {
                scale_rs(c, &d, &nrs, cur_new, replicas, max_surge);
            }
            refresh(c, &mut all);
            // reconcileOldReplicaSets
            let nrs = all.iter().find(|r| is_new(r)).cloned().unwrap_or(nrs);
            let olds: Vec<Value> = all.iter().filter(|r| !is_new(r)).cloned().collect();
            let old_count: i64 = olds.iter().map(spec_replicas).sum();
            if old_count > 0 {
                let all_count: i64 = all.iter().map(spec_replicas).sum();
                let min_available = replicas - max_unavailable;
                let new_unavailable = spec_replicas(&nrs) - status_int(&nrs, "availableReplicas");
                let max_scaled_down = all_count - min_available - new_unavailable;
                if max_scaled_down > 0 {
                    let mut cleaned = 0;
                    for rs in &olds {
                        if cleaned >= max_scaled_down {
                            break;
                        }
                        let unhealthy = spec_replicas(rs) - status_int(rs, "availableReplicas");
                        if unhealthy <= 0 {
                            continue;
                        }
                        let n = unhealthy.min(max_scaled_down - cleaned);
                        scale_rs(c, &d, rs, spec_replicas(rs) - n, replicas, max_surge);
                        cleaned += n;
                    }
                    refresh(c, &mut all);
                    let available: i64 =
                        all.iter().map(|r| status_int(r, "availableReplicas")).sum();
                    if available > min_available {
                        let mut budget = available - min_available;
                        for rs in all
                            .iter()
                            .filter(|r| !is_new(r))
                            .cloned()
                            .collect::<Vec<_>>()
                        {
                            if budget <= 0 {
                                break;
                            }
                            let n = spec_replicas(&rs).min(budget);
                            if n > 0 {
                                scale_rs(c, &d, &rs, spec_replicas(&rs) - n, replicas, max_surge);
                                budget -= n;
                            }
                        }
                    }
                }
            }
        }
        refresh(c, &mut all);
        // Old ReplicaSets beyond revisionHistoryLimit go.
        let limit = int_at(&d, "/spec/revisionHistoryLimit")
            .unwrap_or(10)
            .max(0) as usize;
        let mut cleanable: Vec<Value> = all
            .iter()
            .filter(|r| !is_new(r) && !is_terminating(r))
            .cloned()
            .collect();
        if cleanable.len() > limit {
            crate::sort::by_key(&mut cleanable, revision_of);
            let excess = cleanable.len() - limit;
            for rs in cleanable.into_iter().take(excess) {
                if spec_replicas(&rs) == 0 && status_int(&rs, "replicas") == 0 {
                    c.delete_object("replicasets", ns, crate::name_of(&rs), Default::default());
                }
            }
        }
    }
    refresh(c, &mut all);
    all.retain(|r| c.store.contains("replicasets", ns, crate::name_of(r)));

    // Status.
    let Some(d) = c.store.get("deployments", ns, name).cloned() else {
        return;
    };
    let new_rs = all.iter().find(|r| uid_of(r) == new_uid).cloned();
    let sum = |f: &str| -> i64 { all.iter().map(|r| status_int(r, f)).sum() };
    let total_status = sum("replicas");
    let updated = new_rs
        .as_ref()
        .map(|r| status_int(r, "replicas"))
        .unwrap_or(0);
    let ready = sum("readyReplicas");
    let available = sum("availableReplicas");
    let spec_total: i64 = all.iter().map(spec_replicas).sum();
    let unavailable = (spec_total - available).max(0);
    let generation = int_at(&d, "/metadata/generation").unwrap_or(1);
    let now = c.now.rfc3339();
    let progressing_reason = conditions
        .iter()
        .find(|x| str_at(x, "/type") == "Progressing")
        .map(|x| str_at(x, "/reason").to_string())
        .unwrap_or_default();
    if paused && progressing_reason != "DeploymentPaused" {
        set_condition(
            &mut conditions,
            "Progressing",
            "Unknown",
            "DeploymentPaused",
            "Deployment is paused",
            now.clone(),
        );
    } else if !paused && progressing_reason == "DeploymentPaused" {
        set_condition(
            &mut conditions,
            "Progressing",
            "Unknown",
            "DeploymentResumed",
            "Deployment is resumed",
            now.clone(),
        );
    }
    if available >= replicas - max_unavailable {
        set_condition(
            &mut conditions,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
            now.clone(),
        );
    } else {
        set_condition(
            &mut conditions,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.",
            now.clone(),
        );
    }
    let old_status = d.get("status").cloned().unwrap_or(json!({}));
    let old = |f: &str| int_at(&old_status, &format!("/{f}")).unwrap_or(0);
    let cur = conditions
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("Progressing"))
        .cloned();
    let complete_already = cur
        .as_ref()
        .is_some_and(|c| str_at(c, "/reason") == "NewReplicaSetAvailable")
        && total_status == updated;
    let deadline = int_at(&d, "/spec/progressDeadlineSeconds");
    if let (Some(deadline), false, false) = (deadline, complete_already, paused) {
        let rs_name = new_rs
            .as_ref()
            .map(|r| crate::name_of(r).to_string())
            .unwrap_or_default();
        let complete = updated == replicas && total_status == replicas && available == replicas;
        let progressing = updated > old("updatedReplicas")
            || (total_status - updated) < (old("replicas") - old("updatedReplicas"))
            || ready > old("readyReplicas")
            || available > old("availableReplicas");
        if complete {
            set_condition(
                &mut conditions,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                &format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
                now.clone(),
            );
        } else if progressing {
            let transition = cur
                .as_ref()
                .filter(|c| str_at(c, "/status") == "True")
                .map(|c| str_at(c, "/lastTransitionTime").to_string())
                .unwrap_or_else(|| now.clone());
            conditions.retain(|c| c.get("type").and_then(Value::as_str) != Some("Progressing"));
            conditions.push(json!({
                "lastTransitionTime": transition,
                "lastUpdateTime": now,
                "message": format!("ReplicaSet \"{rs_name}\" is progressing."),
                "reason": "ReplicaSetUpdated",
                "status": "True",
                "type": "Progressing",
            }));
            c.wake_at(c.now.plus_secs(deadline));
        } else if let Some(cur) = &cur {
            let from = crate::time::Time::parse_rfc3339(str_at(cur, "/lastUpdateTime"));
            if str_at(cur, "/reason") != "ProgressDeadlineExceeded" {
                if let Some(from) = from {
                    let due = from.plus_secs(deadline);
                    if c.now > due {
                        set_condition(
                            &mut conditions,
                            "Progressing",
                            "False",
                            "ProgressDeadlineExceeded",
                            &format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
                            now.clone(),
                        );
                    } else {
                        c.wake_at(due.plus_ms(1));
                    }
                }
            }
        }
    }
    // The ReplicaSets' ReplicaFailure, the new one's first
    // (getReplicaFailures).
    let failure = new_rs
        .iter()
        .chain(all.iter().filter(|r| uid_of(r) != new_uid))
        .flat_map(|r| crate::meta::arr_at(r, "/status/conditions").iter())
        .find(|x| str_at(x, "/type") == "ReplicaFailure")
        .cloned();
    match failure {
        Some(f) => {
            let cur = conditions
                .iter()
                .find(|x| str_at(x, "/type") == "ReplicaFailure")
                .cloned();
            let same = cur.as_ref().is_some_and(|x| {
                str_at(x, "/status") == str_at(&f, "/status")
                    && str_at(x, "/reason") == str_at(&f, "/reason")
            });
            if !same {
                conditions.retain(|x| str_at(x, "/type") != "ReplicaFailure");
                let at = str_at(&f, "/lastTransitionTime").to_string();
                conditions.push(json!({
                    "lastTransitionTime": at,
                    "lastUpdateTime": at,
                    "message": str_at(&f, "/message"),
                    "reason": str_at(&f, "/reason"),
                    "status": str_at(&f, "/status"),
                    "type": "ReplicaFailure",
                }));
            }
        }
        None => conditions.retain(|x| str_at(x, "/type") != "ReplicaFailure"),
    }
    let mut status = Map::new();
    if available > 0 {
        status.insert("availableReplicas".into(), json!(available));
    }
    if let Some(cc) = collision {
        status.insert("collisionCount".into(), json!(cc));
    }
    status.insert("conditions".into(), Value::Array(conditions));
    status.insert("observedGeneration".into(), json!(generation));
    if ready > 0 {
        status.insert("readyReplicas".into(), json!(ready));
    }
    if total_status > 0 {
        status.insert("replicas".into(), json!(total_status));
    }
    if unavailable > 0 {
        status.insert("unavailableReplicas".into(), json!(unavailable));
    }
    if updated > 0 {
        status.insert("updatedReplicas".into(), json!(updated));
    }
    let mut d2 = d.clone();
    d2["status"] = Value::Object(status);
    if let Some(nrs) = &new_rs {
        let rev = annotation(nrs, REVISION).to_string();
        if !rev.is_empty() {
            if let Some(ann) = crate::meta::path_mut(&mut d2, &["metadata", "annotations"]) {
                ann.insert(REVISION.into(), json!(rev));
            }
        }
    }
    c.put_if_changed("deployments", d2);
}

/// The deployment controller's `scale`: one active (or the latest)
/// ReplicaSet takes the whole size; a saturated new set lets the old ones
/// go; otherwise, in a rolling update, the difference is shared in
/// proportion to each set's size (GetProportion), leftovers to the largest.
fn scale(
    c: &mut Cluster,
    d: &Value,
    all: &[Value],
    new_rs: Option<&Value>,
    replicas: i64,
    max_surge: i64,
    rolling: bool,
) {
    let new_uid = new_rs.map(uid_of).unwrap_or("");
    let active: Vec<&Value> = all.iter().filter(|r| spec_replicas(r) > 0).collect();
    let active_or_latest = match active.len() {
        0 => new_rs.or_else(|| {
            all.iter().max_by(|a, b| {
                str_at(a, "/metadata/creationTimestamp")
                    .cmp(str_at(b, "/metadata/creationTimestamp"))
            })
        }),
        1 => active.first().copied(),
        _ => None,
    };
    if let Some(rs) = active_or_latest {
        if spec_replicas(rs) != replicas {
            let rs = rs.clone();
            scale_rs(c, d, &rs, replicas, replicas, max_surge);
        }
        return;
    }
    let saturated = new_rs.is_some_and(|n| {
        spec_replicas(n) == replicas
            && annotation(n, DESIRED) == replicas.to_string()
            && status_int(n, "availableReplicas") == replicas
    });
    if saturated {
        for rs in active
            .iter()
            .filter(|r| uid_of(r) != new_uid)
            .map(|r| (*r).clone())
            .collect::<Vec<_>>()
        {
            scale_rs(c, d, &rs, 0, replicas, max_surge);
        }
        return;
    }
    if !rolling {
        return;
    }
    let total: i64 = active.iter().map(|r| spec_replicas(r)).sum();
    let allowed = if replicas > 0 {
        replicas + max_surge
    } else {
        0
    };
    let to_add = allowed - total;
    let mut sets: Vec<Value> = active.iter().map(|r| (*r).clone()).collect();
    let created = |r: &Value| str_at(r, "/metadata/creationTimestamp").to_string();
    if to_add > 0 {
        // Larger first; newer first among equals.
        crate::sort::by(&mut sets, |a, b| {
            spec_replicas(b)
                .cmp(&spec_replicas(a))
                .then(created(b).cmp(&created(a)))
        });
    } else {
        // Larger first; older first among equals.
        crate::sort::by(&mut sets, |a, b| {
            spec_replicas(b)
                .cmp(&spec_replicas(a))
                .then(created(a).cmp(&created(b)))
        });
    }
    let status_replicas = int_at(d, "/status/replicas").unwrap_or(0);
    let mut added = 0;
    let mut sizes: Vec<i64> = Vec::new();
    for rs in &sets {
        let mut proportion = 0;
        if to_add != 0 && to_add != added && spec_replicas(rs) > 0 {
            let fraction = if replicas == 0 {
                -spec_replicas(rs)
            } else {
                let annotated = annotation(rs, MAX_REPLICAS)
                    .parse::<i64>()
                    .unwrap_or(status_replicas)
                    .max(1);
                let size = (spec_replicas(rs) * (replicas + max_surge)) as f64 / annotated as f64;
                size.round() as i64 - spec_replicas(rs)
            };
            let allowed_left = to_add - added;
            proportion = if to_add > 0 {
                fraction.min(allowed_left)
            } else {
                fraction.max(allowed_left)
            };
        }
        added += proportion;
        sizes.push(spec_replicas(rs) + proportion);
    }
    if let Some(first) = sizes.first_mut() {
        if to_add != 0 {
            *first = (*first + to_add - added).max(0);
        }
    }
    for (rs, size) in sets.iter().zip(sizes) {
        scale_rs(c, d, rs, size, replicas, max_surge);
    }
}

/// SetDeploymentCondition: unchanged status+reason is a no-op; a changed
/// reason with the same status keeps lastTransitionTime; the condition
/// moves to the end of the list.
fn set_condition(
    conds: &mut Vec<Value>,
    ty: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: String,
) {
    let cur = conds
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some(ty))
        .cloned();
    if let Some(cur) = &cur {
        if str_at(cur, "/status") == status && str_at(cur, "/reason") == reason {
            return;
        }
    }
    let transition = match &cur {
        Some(c) if str_at(c, "/status") == status => str_at(c, "/lastTransitionTime").to_string(),
        _ => now.clone(),
    };
    conds.retain(|c| c.get("type").and_then(Value::as_str) != Some(ty));
    conds.push(json!({
        "lastTransitionTime": transition,
        "lastUpdateTime": now,
        "message": message,
        "reason": reason,
        "status": status,
        "type": ty,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encoding_maps_digits_like_kubernetes() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        let h = pod_template_hash(&json!({"metadata": {"labels": {"app": "nginx"}}}), None);
        assert!(!h.is_empty() && h.len() <= 10);
        assert!(h.bytes().all(|b| b"456789bcdf".contains(&b)));
        assert_ne!(
            h,
            pod_template_hash(&json!({"metadata": {"labels": {"app": "nginx"}}}), Some(1))
        );
        assert_eq!(
            h,
            pod_template_hash(&json!({"metadata": {"labels": {"app": "nginx"}}}), None)
        );
    }

    #[test]
    fn templates_compare_without_the_hash_label() {
        let d = json!({"metadata": {"labels": {"app": "x"}, "creationTimestamp": null}, "spec": {"containers": []}});
        let rs = json!({"metadata": {"labels": {"app": "x", "pod-template-hash": "abc"}, "creationTimestamp": null}, "spec": {"containers": []}});
        assert!(same_template(&rs, &d));
        let other = json!({"metadata": {"labels": {"app": "y", "pod-template-hash": "abc"}, "creationTimestamp": null}, "spec": {"containers": []}});
        assert!(!same_template(&other, &d));
        let spec = json!({"metadata": {"labels": {"app": "x"}, "creationTimestamp": null}, "spec": {"containers": [1]}});
        assert!(!same_template(&rs, &spec));
    }

    #[test]
    fn conditions_move_to_the_end_on_change() {
        let mut conds = Vec::new();
        set_condition(
            &mut conds,
            "Progressing",
            "True",
            "NewReplicaSetCreated",
            "m",
            "t0".into(),
        );
        set_condition(
            &mut conds,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "m",
            "t0".into(),
        );
        set_condition(
            &mut conds,
            "Progressing",
            "True",
            "NewReplicaSetAvailable",
            "m",
            "t1".into(),
        );
        assert_eq!(conds[1]["type"], "Progressing");
        assert_eq!(conds[1]["lastTransitionTime"], "t0");
        assert_eq!(conds[1]["lastUpdateTime"], "t1");
        set_condition(
            &mut conds,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "m",
            "t2".into(),
        );
        assert_eq!(conds[1]["type"], "Available");
        assert_eq!(conds[1]["lastTransitionTime"], "t2");
    }
}

#[cfg(test)]
mod cluster_tests {
    use crate::testutil::*;
    use serde_json::json;

    #[test]
    fn names_status_and_events() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx:stable", 1), "default")
            .unwrap();
        let rs = c.list(rt("replicasets"), Some("default"))[0].clone();
        let rs_name = crate::name_of(&rs).to_string();
        let hash = rs["metadata"]["labels"]["pod-template-hash"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(rs_name, format!("web-{hash}"));
        assert_eq!(
            rs["spec"]["selector"]["matchLabels"]["pod-template-hash"],
            hash.as_str()
        );
        assert_eq!(
            rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
            "1"
        );
        assert_eq!(
            rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"],
            "2"
        );
        assert_eq!(rs["metadata"]["ownerReferences"][0]["kind"], "Deployment");
        assert!(messages(&c, "default", "web")
            .contains(&format!("Scaled up replica set {rs_name} from 0 to 1")));
        let d = get(&c, "deployments", "default", "web");
        assert_eq!(d["status"]["unavailableReplicas"], 1);
        assert_eq!(d["status"]["conditions"][0]["type"], "Available");
        assert_eq!(d["status"]["conditions"][0]["status"], "False");
        assert_eq!(d["status"]["conditions"][1]["reason"], "ReplicaSetUpdated");
        c.advance(10_000);
        let d = get(&c, "deployments", "default", "web");
        assert_eq!(d["status"]["readyReplicas"], 1);
        assert_eq!(d["status"]["updatedReplicas"], 1);
        assert!(d["status"].get("unavailableReplicas").is_none());
        assert_eq!(
            d["status"]["conditions"][0]["message"],
            "Deployment has minimum availability."
        );
        assert_eq!(
            d["status"]["conditions"][1]["message"],
            format!("ReplicaSet \"{rs_name}\" has successfully progressed.")
        );
        assert_eq!(
            d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
            "1"
        );
    }

    #[test]
    fn change_cause_set_after_the_rollout_starts_reaches_the_new_replica_set() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx:1.27", 2), "default")
            .unwrap();
        c.advance(20_000);
        c.apply(deployment("web", "nginx:1.28", 2), "default")
            .unwrap();
        let mut d = get(&c, "deployments", "default", "web");
        d["metadata"]["annotations"]["kubernetes.io/change-cause"] = json!("nginx 1.28");
        c.update(d).unwrap();
        c.advance(60_000);
        let new_rs = c
            .list(rt("replicasets"), Some("default"))
            .into_iter()
            .find(|r| r["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2")
            .cloned()
            .unwrap();
        assert_eq!(
            new_rs["metadata"]["annotations"]["kubernetes.io/change-cause"],
            "nginx 1.28"
        );
    }

    #[test]
    fn a_template_change_rolls_out_a_new_replica_set() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx:1.27", 4), "default")
            .unwrap();
        c.advance(20_000);
        let old_rs =
            crate::name_of(&c.list(rt("replicasets"), Some("default"))[0].clone()).to_string();
        c.apply(deployment("web", "nginx:1.28", 4), "default")
            .unwrap();
        let rss: Vec<serde_json::Value> = c
            .list(rt("replicasets"), Some("default"))
            .into_iter()
            .cloned()
            .collect();
        assert_eq!(rss.len(), 2);
        let new_rs = rss.iter().find(|r| crate::name_of(r) != old_rs).unwrap();
        assert_eq!(new_rs["spec"]["replicas"], 2, "4 - 1 unavailable + 1 surge");
        assert_eq!(
            new_rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
            "2"
        );
        let old = get(&c, "replicasets", "default", &old_rs);
        assert_eq!(old["spec"]["replicas"], 3, "maxUnavailable 25% of 4");
        c.advance(120_000);
        let old = get(&c, "replicasets", "default", &old_rs);
        assert_eq!(old["spec"]["replicas"], 0);
        let live: Vec<serde_json::Value> = pods(&c, "default");
        assert_eq!(live.len(), 4);
        let hash = new_rs["metadata"]["labels"]["pod-template-hash"].clone();
        assert!(live
            .iter()
            .all(|p| p["metadata"]["labels"]["pod-template-hash"] == hash));
        let d = get(&c, "deployments", "default", "web");
        assert_eq!(d["status"]["updatedReplicas"], 4);
        assert_eq!(d["status"]["availableReplicas"], 4);
        assert_eq!(d["metadata"]["generation"], 2);
        assert_eq!(d["status"]["observedGeneration"], 2);
        assert!(messages(&c, "default", "web")
            .iter()
            .any(|m| m == &format!("Scaled down replica set {old_rs} from 1 to 0")));
    }

    #[test]
    fn recreate_stops_old_pods_first() {
        let mut c = cluster();
        let mut d = deployment("web", "nginx:1.27", 2);
        d["spec"]["strategy"] = json!({"type": "Recreate"});
        c.apply(d.clone(), "default").unwrap();
        c.advance(20_000);
        d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.28");
        c.apply(d, "default").unwrap();
        let rss: Vec<serde_json::Value> = c
            .list(rt("replicasets"), Some("default"))
            .into_iter()
            .cloned()
            .collect();
        assert!(
            rss.iter().all(|r| r["spec"]["replicas"] == 0),
            "new set waits for old pods to go"
        );
        c.advance(30_000);
        let total: i64 = c
            .list(rt("replicasets"), Some("default"))
            .iter()
            .map(|r| r["spec"]["replicas"].as_i64().unwrap())
            .sum();
        assert_eq!(total, 2);
    }

    #[test]
    fn paused_deployments_scale_but_do_not_roll_out_and_rollbacks_renumber() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx:1.27", 2), "default")
            .unwrap();
        c.advance(20_000);
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["paused"] = json!(true);
        d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.28");
        d["spec"]["replicas"] = json!(4);
        c.update(d).unwrap();
        assert_eq!(
            c.list(rt("replicasets"), Some("default")).len(),
            1,
            "no rollout while paused"
        );
        assert_eq!(
            c.list(rt("replicasets"), Some("default"))[0]["spec"]["replicas"],
            4,
            "but scaling"
        );
        let d = get(&c, "deployments", "default", "web");
        let prog = d["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["type"] == "Progressing")
            .unwrap()
            .clone();
        assert_eq!(
            (prog["status"].as_str(), prog["reason"].as_str()),
            (Some("Unknown"), Some("DeploymentPaused"))
        );
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["paused"] = json!(false);
        c.update(d).unwrap();
        c.advance(120_000);
        assert_eq!(c.list(rt("replicasets"), Some("default")).len(), 2);
        // Roll back to the first template: its ReplicaSet becomes revision 3.
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.27");
        c.update(d).unwrap();
        c.advance(120_000);
        let first = c
            .list(rt("replicasets"), Some("default"))
            .into_iter()
            .find(|r| r["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27")
            .unwrap()
            .clone();
        assert_eq!(
            first["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
            "3"
        );
        assert_eq!(
            first["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"],
            "1"
        );
        assert_eq!(first["spec"]["replicas"], 4);
    }

    #[test]
    fn scaling_mid_rollout_is_proportional() {
        let mut c = cluster();
        let mut d = deployment("web", "nginx:1.27", 10);
        d["spec"]["strategy"] =
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}});
        c.apply(d.clone(), "default").unwrap();
        c.advance(60_000);
        d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginxx:broken");
        c.apply(d.clone(), "default").unwrap();
        c.advance(5_000);
        // The broken rollout is stuck at old 8 + new 5 (surge 3).
        let sizes = |c: &crate::Cluster| -> Vec<i64> {
            let mut v: Vec<(String, i64)> = c
                .list(rt("replicasets"), Some("default"))
                .iter()
                .map(|r| {
                    (
                        r["spec"]["template"]["spec"]["containers"][0]["image"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                        r["spec"]["replicas"].as_i64().unwrap(),
                    )
                })
                .collect();
            crate::sort::sort(&mut v);
            v.into_iter().map(|x| x.1).collect()
        };
        assert_eq!(sizes(&c), [8, 5]);
        d["spec"]["replicas"] = json!(20);
        c.apply(d, "default").unwrap();
        let s = sizes(&c);
        assert_eq!(s.iter().sum::<i64>(), 23, "20 + surge 3");
        assert!(s[0] > 8 && s[1] > 5, "both grow in proportion: {s:?}");
    }

    #[test]
    fn progress_deadline() {
        let mut c = cluster();
        let mut d = deployment("bad", "nginxx:nope", 1);
        d["spec"]["progressDeadlineSeconds"] = json!(60);
        c.apply(d, "default").unwrap();
        c.advance(90_000);
        let d = get(&c, "deployments", "default", "bad");
        let p = d["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["type"] == "Progressing")
            .unwrap()
            .clone();
        assert_eq!(p["status"], "False");
        assert_eq!(p["reason"], "ProgressDeadlineExceeded");
        assert!(p["message"]
            .as_str()
            .unwrap()
            .ends_with("has timed out progressing."));
    }
}
