//! The HorizontalPodAutoscaler controller (autoscaling/v2), as it behaves
//! on a cluster without metrics-server (Docker Desktop, kind): every 15 s
//! it reads the target's scale; replicas outside [minReplicas,
//! maxReplicas] are brought inside (`SuccessfulRescale`); otherwise the
//! resource metrics cannot be fetched, so it reports
//! `FailedGetResourceMetric` and `FailedComputeMetricsReplicas` and scales
//! nothing, and `kubectl get hpa` shows `cpu: <unknown>/80%`.
//!
//! Also the API server's defaults for the kind (`set_defaults`):
//! `minReplicas: 1` and, without metrics, 80% average CPU utilization.

use crate::events::Source;
use crate::meta::{arr_at, int_at, str_at};
use crate::Cluster;
use serde_json::{json, Value};

const COMPONENT: &str = "horizontal-pod-autoscaler";
/// The controller's resync period (--horizontal-pod-autoscaler-sync-period).
const SYNC_MS: i64 = 15_000;

const METRICS_API_ERROR: &str = "unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)";

/// SetDefaults_HorizontalPodAutoscaler for autoscaling/v2.
pub(crate) fn set_defaults(obj: &mut Value) {
    let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    if spec.get("minReplicas").is_none_or(Value::is_null) {
        spec.insert("minReplicas".into(), json!(1));
    }
    let empty = spec
        .get("metrics")
        .and_then(Value::as_array)
        .is_none_or(|m| m.is_empty());
    if empty {
        spec.insert(
            "metrics".into(),
            json!([{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]),
        );
    }
}

/// The resource a scaleTargetRef names.
fn target_plural(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Deployment" => "deployments",
        "ReplicaSet" => "replicasets",
        "StatefulSet" => "statefulsets",
        "ReplicationController" => "replicationcontrollers",
        _ => return None,
    })
}

pub(crate) fn reconcile(c: &mut Cluster) {
    let hpas: Vec<(String, String)> = c
        .store
        .list("horizontalpodautoscalers", None)
        .iter()
        .map(|h| {
            (
                crate::namespace_of(h).to_string(),
                crate::name_of(h).to_string(),
            )
        })
        .collect();
    for (ns, name) in hpas {
        c.memo_sync(
            "horizontalpodautoscaler",
            "horizontalpodautoscalers",
            &ns,
            &name,
            &[],
            |c| sync(c, &ns, &name),
        );
    }
}

/// Whether this HPA already got an event with this reason at this instant
/// (a sync may run several times while the controllers settle).
fn noted_now(c: &Cluster, hpa: &Value, reason: &str) -> bool {
    let uid = str_at(hpa, "/metadata/uid");
    let now = c.now.rfc3339();
    c.store
        .list("events", Some(crate::namespace_of(hpa)))
        .iter()
        .any(|e| {
            str_at(e, "/involvedObject/uid") == uid
                && str_at(e, "/reason") == reason
                && str_at(e, "/lastTimestamp") == now
        })
}

fn note(c: &mut Cluster, hpa: &Value, type_: &str, reason: &str, msg: &str) {
    if noted_now(c, hpa, reason) {
        return;
    }
    c.event(
        hpa,
        None,
        type_,
        reason,
        msg,
        Source {
            component: COMPONENT,
            host: "",
        },
    );
}

/// A condition, keeping its transition time when its status is unchanged.
fn condition(old: &Value, ty: &str, status: &str, reason: &str, msg: &str, now: &str) -> Value {
    let prev = arr_at(old, "/status/conditions")
        .iter()
        .find(|c| str_at(c, "/type") == ty);
    let since = match prev {
        Some(p) if str_at(p, "/status") == status => str_at(p, "/lastTransitionTime").to_string(),
        _ => now.to_string(),
    };
    json!({"type": ty, "status": status, "reason": reason, "message": msg, "lastTransitionTime": since})
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let Some(hpa) = c.store.get("horizontalpodautoscalers", ns, name).cloned() else {
        return;
    };
    c.wake_at(c.now.plus_ms(SYNC_MS));
    let now = c.now.rfc3339();
    let kind = str_at(&hpa, "/spec/scaleTargetRef/kind").to_string();
    let target_name = str_at(&hpa, "/spec/scaleTargetRef/name").to_string();
    let min = int_at(&hpa, "/spec/minReplicas").unwrap_or(1);
    let max = int_at(&hpa, "/spec/maxReplicas").unwrap_or(0);
    let target = target_plural(&kind)
        .and_then(|p| c.store.get(p, ns, &target_name).cloned().map(|t| (p, t)));
    let mut status = hpa.get("status").cloned().unwrap_or_else(|| json!({}));
    let Some((plural, target)) = target else {
        let group = if kind == "ReplicationController" {
            ""
        } else {
            ".apps"
        };
        let what = target_plural(&kind).unwrap_or("deployments");
        let msg = format!("{what}/scale{group} \"{target_name}\" not found");
        note(c, &hpa, "Warning", "FailedGetScale", &msg);
        let cond = condition(
            &hpa,
            "AbleToScale",
            "False",
            "FailedGetScale",
            &format!("the HPA controller was unable to get the target's current scale: {msg}"),
            &now,
        );
        status["conditions"] = json!([cond]);
        if status.get("currentReplicas").is_none() {
            status["currentReplicas"] = json!(0);
        }
        if status.get("desiredReplicas").is_none() {
            status["desiredReplicas"] = json!(0);
        }
        write_status(c, &hpa, status);
        return;
    };
    let current = int_at(&target, "/spec/replicas").unwrap_or(1);
    let able = condition(
        &hpa,
        "AbleToScale",
        "True",
        "SucceededGetScale",
        "the HPA controller was able to get the target's current scale",
        &now,
    );
    status["currentReplicas"] = json!(current);
    if current == 0 && min != 0 {
        let active = condition(
            &hpa,
            "ScalingActive",
            "False",
            "ScalingDisabled",
            "scaling is disabled since the replica count of the target is zero",
            &now,
        );
        status["conditions"] = json!([able, active]);
        status["desiredReplicas"] = json!(0);
        write_status(c, &hpa, status);
        return;
    }
    let bound = if current > max {
        Some((max, "Current number of replicas above Spec.MaxReplicas"))
    } else if current < min {
        Some((min, "Current number of replicas below Spec.MinReplicas"))
    } else {
        None
    };
    if let Some((desired, why)) = bound {
        let mut t = target.clone();
        t["spec"]["replicas"] = json!(desired);
        if c.put_if_changed(plural, t) {
            note(
                c,
                &hpa,
                "Normal",
                "SuccessfulRescale",
                &format!("New size: {desired}; reason: {why}"),
            );
            status["lastScaleTime"] = json!(now);
        }
        // Outside the bounds the controller does not look at the metrics:
        // the other conditions stay as they were.
        let mut conds: Vec<Value> = arr_at(&hpa, "/status/conditions").to_vec();
        match conds
            .iter_mut()
            .find(|c| str_at(c, "/type") == "AbleToScale")
        {
            Some(c) => *c = able,
            None => conds.insert(0, able),
        }
        status["conditions"] = Value::Array(conds);
        status["desiredReplicas"] = json!(desired);
        write_status(c, &hpa, status);
        return;
    }
    // Rescaled at this instant: the next look at the metrics is a sync
    // period away.
    if str_at(&status, "/lastScaleTime") == now {
        return;
    }
    // In range: the replica count comes from the metrics, which no
    // metrics-server serves.
    let metrics = arr_at(&hpa, "/spec/metrics").to_vec();
    let first = metrics.first();
    let resource = first
        .map(|m| str_at(m, "/resource/name"))
        .filter(|r| !r.is_empty())
        .unwrap_or("cpu")
        .to_string();
    let utilization = first.is_some_and(|m| {
        str_at(m, "/resource/target/type") == "Utilization"
            || m.pointer("/resource/target/averageUtilization").is_some()
    });
    let what = if utilization { "utilization" } else { "value" };
    let fetch = format!("unable to get metrics for resource {resource}: {METRICS_API_ERROR}");
    let get_err = format!("failed to get {resource} {what}: {fetch}");
    note(c, &hpa, "Warning", "FailedGetResourceMetric", &get_err);
    note(
        c,
        &hpa,
        "Warning",
        "FailedComputeMetricsReplicas",
        &format!(
            "invalid metrics ({n} invalid out of {n}), first error is: failed to get {resource} resource metric value: {get_err}",
            n = metrics.len().max(1)
        ),
    );
    let active = condition(
        &hpa,
        "ScalingActive",
        "False",
        "FailedGetResourceMetric",
        &format!("the HPA was unable to compute the replica count: {get_err}"),
        &now,
    );
    status["conditions"] = json!([able, active]);
    status["currentMetrics"] = Value::Array(metrics.iter().map(|_| json!({"type": ""})).collect());
    if status.get("desiredReplicas").is_none() {
        status["desiredReplicas"] = json!(0);
    }
    write_status(c, &hpa, status);
}

fn write_status(c: &mut Cluster, hpa: &Value, status: Value) {
    let mut h = hpa.clone();
    h["status"] = status;
    c.put_if_changed("horizontalpodautoscalers", h);
}
