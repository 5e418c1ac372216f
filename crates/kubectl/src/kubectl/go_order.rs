//! The key order of `-o json` for objects kubectl holds as Go structs (what
//! its generators build: `create deployment`, `run`, `autoscale`, `set
//! env`, ... with or without `--dry-run=client`). encoding/json writes a
//! struct's fields in declaration order (`kind` and `apiVersion` first,
//! then `metadata`, `spec`, `status`) and a map's keys sorted; objects read
//! back from the server as unstructured maps stay sorted (`get -o json`).
//!
//! The tables follow the field order of the k8s.io/api v1.32 types; fields
//! not listed keep sorted order after the listed ones.

use serde_json::{Map, Value};

/// (field, type of its value or of each element; "" for scalars and maps).
type Fields = &'static [(&'static str, &'static str)];

const OBJECT_META: Fields = &[
    ("name", ""),
    ("generateName", ""),
    ("namespace", ""),
    ("selfLink", ""),
    ("uid", ""),
    ("resourceVersion", ""),
    ("generation", ""),
    ("creationTimestamp", ""),
    ("deletionTimestamp", ""),
    ("deletionGracePeriodSeconds", ""),
    ("labels", ""),
    ("annotations", ""),
    ("ownerReferences", "OwnerReference"),
    ("finalizers", ""),
    ("managedFields", ""),
];

fn fields(ty: &str) -> Fields {
    match ty {
        "ObjectMeta" => OBJECT_META,
        "OwnerReference" => &[
            ("apiVersion", ""),
            ("kind", ""),
            ("name", ""),
            ("uid", ""),
            ("controller", ""),
            ("blockOwnerDeletion", ""),
        ],
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "CronJob"
        | "Pod"
        | "Service"
        | "Namespace"
        | "Ingress"
        | "HorizontalPodAutoscaler"
        | "PersistentVolumeClaim"
        | "ServiceAccount"
        | "Role"
        | "ClusterRole"
        | "RoleBinding"
        | "ClusterRoleBinding"
        | "ResourceQuota"
        | "PodDisruptionBudget"
        | "PriorityClass" => KIND_FIELDS
            .iter()
            .find(|(k, _)| *k == ty)
            .map(|(_, f)| *f)
            .unwrap_or(&[]),
        "ConfigMap" => &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("immutable", ""),
            ("data", ""),
            ("binaryData", ""),
        ],
        "Secret" => &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("immutable", ""),
            ("data", ""),
            ("stringData", ""),
            ("type", ""),
        ],
        "LabelSelector" => &[
            ("matchLabels", ""),
            ("matchExpressions", "LabelSelectorRequirement"),
        ],
        "PolicyRule" => &[
            ("verbs", ""),
            ("apiGroups", ""),
            ("resources", ""),
            ("resourceNames", ""),
            ("nonResourceURLs", ""),
        ],
        "AggregationRule" => &[("clusterRoleSelectors", "LabelSelector")],
        "RoleRef" => &[("apiGroup", ""), ("kind", ""), ("name", "")],
        "Subject" => &[
            ("kind", ""),
            ("apiGroup", ""),
            ("name", ""),
            ("namespace", ""),
        ],
        "ResourceQuotaSpec" => &[("hard", ""), ("scopes", ""), ("scopeSelector", "")],
        "PDBSpec" => &[
            ("minAvailable", ""),
            ("selector", "LabelSelector"),
            ("maxUnavailable", ""),
            ("unhealthyPodEvictionPolicy", ""),
        ],
        "PDBStatus" => &[
            ("observedGeneration", ""),
            ("disruptedPods", ""),
            ("disruptionsAllowed", ""),
            ("currentHealthy", ""),
            ("desiredHealthy", ""),
            ("expectedPods", ""),
            ("conditions", "Condition"),
        ],
        "LabelSelectorRequirement" => &[("key", ""), ("operator", ""), ("values", "")],
        "PodTemplateSpec" => &[("metadata", "ObjectMeta"), ("spec", "PodSpec")],
        "DeploymentSpec" => &[
            ("replicas", ""),
            ("selector", "LabelSelector"),
            ("template", "PodTemplateSpec"),
            ("strategy", "DeploymentStrategy"),
            ("minReadySeconds", ""),
            ("revisionHistoryLimit", ""),
            ("paused", ""),
            ("progressDeadlineSeconds", ""),
        ],
        "DeploymentStrategy" => &[("type", ""), ("rollingUpdate", "RollingUpdate")],
        "RollingUpdate" => &[("partition", ""), ("maxUnavailable", ""), ("maxSurge", "")],
        "DeploymentStatus" => &[
            ("observedGeneration", ""),
            ("replicas", ""),
            ("updatedReplicas", ""),
            ("readyReplicas", ""),
            ("availableReplicas", ""),
            ("unavailableReplicas", ""),
            ("terminatingReplicas", ""),
            ("conditions", "Condition"),
            ("collisionCount", ""),
        ],
        "Condition" => &[
            ("type", ""),
            ("status", ""),
            ("observedGeneration", ""),
            ("lastProbeTime", ""),
            ("lastUpdateTime", ""),
            ("lastHeartbeatTime", ""),
            ("lastTransitionTime", ""),
            ("reason", ""),
            ("message", ""),
        ],
        "ReplicaSetSpec" => &[
            ("replicas", ""),
            ("minReadySeconds", ""),
            ("selector", "LabelSelector"),
            ("template", "PodTemplateSpec"),
        ],
        "StatefulSetSpec" => &[
            ("replicas", ""),
            ("selector", "LabelSelector"),
            ("template", "PodTemplateSpec"),
            ("volumeClaimTemplates", "PersistentVolumeClaim"),
            ("serviceName", ""),
            ("podManagementPolicy", ""),
            ("updateStrategy", "DeploymentStrategy"),
            ("revisionHistoryLimit", ""),
            ("minReadySeconds", ""),
            ("persistentVolumeClaimRetentionPolicy", ""),
            ("ordinals", ""),
        ],
        "DaemonSetSpec" => &[
            ("selector", "LabelSelector"),
            ("template", "PodTemplateSpec"),
            ("updateStrategy", "DeploymentStrategy"),
            ("minReadySeconds", ""),
            ("revisionHistoryLimit", ""),
        ],
        "PodSpec" => &[
            ("volumes", "Volume"),
            ("initContainers", "Container"),
            ("containers", "Container"),
            ("ephemeralContainers", "Container"),
            ("restartPolicy", ""),
            ("terminationGracePeriodSeconds", ""),
            ("activeDeadlineSeconds", ""),
            ("dnsPolicy", ""),
            ("nodeSelector", ""),
            ("serviceAccountName", ""),
            ("serviceAccount", ""),
            ("automountServiceAccountToken", ""),
            ("nodeName", ""),
            ("hostNetwork", ""),
            ("hostPID", ""),
            ("hostIPC", ""),
            ("shareProcessNamespace", ""),
            ("securityContext", ""),
            ("imagePullSecrets", ""),
            ("hostname", ""),
            ("subdomain", ""),
            ("affinity", ""),
            ("schedulerName", ""),
            ("tolerations", "Toleration"),
            ("hostAliases", ""),
            ("priorityClassName", ""),
            ("priority", ""),
            ("dnsConfig", ""),
            ("readinessGates", ""),
            ("runtimeClassName", ""),
            ("enableServiceLinks", ""),
            ("preemptionPolicy", ""),
            ("overhead", ""),
            ("topologySpreadConstraints", ""),
            ("setHostnameAsFQDN", ""),
            ("os", ""),
            ("hostUsers", ""),
            ("schedulingGates", ""),
            ("resourceClaims", ""),
            ("resources", "ResourceRequirements"),
        ],
        "Container" => &[
            ("name", ""),
            ("image", ""),
            ("command", ""),
            ("args", ""),
            ("workingDir", ""),
            ("ports", "ContainerPort"),
            ("envFrom", "EnvFromSource"),
            ("env", "EnvVar"),
            ("resources", "ResourceRequirements"),
            ("resizePolicy", ""),
            ("restartPolicy", ""),
            ("volumeMounts", "VolumeMount"),
            ("volumeDevices", ""),
            ("livenessProbe", "Probe"),
            ("readinessProbe", "Probe"),
            ("startupProbe", "Probe"),
            ("lifecycle", ""),
            ("terminationMessagePath", ""),
            ("terminationMessagePolicy", ""),
            ("imagePullPolicy", ""),
            ("securityContext", ""),
            ("stdin", ""),
            ("stdinOnce", ""),
            ("tty", ""),
        ],
        "ContainerPort" => &[
            ("name", ""),
            ("hostPort", ""),
            ("containerPort", ""),
            ("protocol", ""),
            ("hostIP", ""),
        ],
        "EnvVar" => &[("name", ""), ("value", ""), ("valueFrom", "EnvVarSource")],
        "EnvVarSource" => &[
            ("fieldRef", ""),
            ("resourceFieldRef", ""),
            ("configMapKeyRef", "KeySelector"),
            ("secretKeyRef", "KeySelector"),
        ],
        "KeySelector" => &[("name", ""), ("key", ""), ("optional", "")],
        "EnvFromSource" => &[
            ("prefix", ""),
            ("configMapRef", "KeySelector"),
            ("secretRef", "KeySelector"),
        ],
        "ResourceRequirements" => &[("limits", ""), ("requests", ""), ("claims", "")],
        "VolumeMount" => &[
            ("name", ""),
            ("readOnly", ""),
            ("recursiveReadOnly", ""),
            ("mountPath", ""),
            ("subPath", ""),
            ("mountPropagation", ""),
            ("subPathExpr", ""),
        ],
        "Volume" => &[
            ("name", ""),
            ("hostPath", ""),
            ("emptyDir", ""),
            ("secret", ""),
            ("nfs", ""),
            ("persistentVolumeClaim", ""),
            ("downwardAPI", ""),
            ("configMap", ""),
            ("projected", ""),
            ("csi", ""),
            ("ephemeral", ""),
            ("image", ""),
        ],
        "Probe" => &[
            ("exec", ""),
            ("httpGet", "HTTPGetAction"),
            ("tcpSocket", ""),
            ("grpc", ""),
            ("initialDelaySeconds", ""),
            ("timeoutSeconds", ""),
            ("periodSeconds", ""),
            ("successThreshold", ""),
            ("failureThreshold", ""),
            ("terminationGracePeriodSeconds", ""),
        ],
        "HTTPGetAction" => &[
            ("path", ""),
            ("port", ""),
            ("host", ""),
            ("scheme", ""),
            ("httpHeaders", ""),
        ],
        "Toleration" => &[
            ("key", ""),
            ("operator", ""),
            ("value", ""),
            ("effect", ""),
            ("tolerationSeconds", ""),
        ],
        "PodStatus" => &[
            ("observedGeneration", ""),
            ("phase", ""),
            ("conditions", "Condition"),
            ("message", ""),
            ("reason", ""),
            ("nominatedNodeName", ""),
            ("hostIP", ""),
            ("hostIPs", ""),
            ("podIP", ""),
            ("podIPs", ""),
            ("startTime", ""),
            ("initContainerStatuses", ""),
            ("containerStatuses", ""),
            ("qosClass", ""),
            ("ephemeralContainerStatuses", ""),
            ("resize", ""),
            ("resourceClaimStatuses", ""),
        ],
        "ServiceSpec" => &[
            ("ports", "ServicePort"),
            ("selector", ""),
            ("clusterIP", ""),
            ("clusterIPs", ""),
            ("type", ""),
            ("externalIPs", ""),
            ("sessionAffinity", ""),
            ("loadBalancerIP", ""),
            ("loadBalancerSourceRanges", ""),
            ("externalName", ""),
            ("externalTrafficPolicy", ""),
            ("healthCheckNodePort", ""),
            ("publishNotReadyAddresses", ""),
            ("sessionAffinityConfig", ""),
            ("ipFamilies", ""),
            ("ipFamilyPolicy", ""),
            ("allocateLoadBalancerNodePorts", ""),
            ("loadBalancerClass", ""),
            ("internalTrafficPolicy", ""),
            ("trafficDistribution", ""),
        ],
        "ServicePort" => &[
            ("name", ""),
            ("protocol", ""),
            ("appProtocol", ""),
            ("port", ""),
            ("targetPort", ""),
            ("nodePort", ""),
        ],
        "LoadBalancerHolder" => &[
            ("loadBalancer", "LoadBalancerStatus"),
            ("conditions", "Condition"),
        ],
        "LoadBalancerStatus" => &[("ingress", "LoadBalancerIngress")],
        "LoadBalancerIngress" => &[("ip", ""), ("hostname", ""), ("ipMode", ""), ("ports", "")],
        "NamespaceSpec" => &[("finalizers", "")],
        "NamespaceStatus" => &[("phase", ""), ("conditions", "Condition")],
        "JobSpec" => &[
            ("parallelism", ""),
            ("completions", ""),
            ("activeDeadlineSeconds", ""),
            ("podFailurePolicy", ""),
            ("successPolicy", ""),
            ("backoffLimit", ""),
            ("backoffLimitPerIndex", ""),
            ("maxFailedIndexes", ""),
            ("selector", "LabelSelector"),
            ("manualSelector", ""),
            ("template", "PodTemplateSpec"),
            ("ttlSecondsAfterFinished", ""),
            ("completionMode", ""),
            ("suspend", ""),
            ("podReplacementPolicy", ""),
            ("managedBy", ""),
        ],
        "JobStatus" => &[
            ("conditions", "Condition"),
            ("startTime", ""),
            ("completionTime", ""),
            ("active", ""),
            ("succeeded", ""),
            ("failed", ""),
            ("terminating", ""),
            ("completedIndexes", ""),
            ("failedIndexes", ""),
            ("uncountedTerminatedPods", ""),
            ("ready", ""),
        ],
        "CronJobSpec" => &[
            ("schedule", ""),
            ("timeZone", ""),
            ("startingDeadlineSeconds", ""),
            ("concurrencyPolicy", ""),
            ("suspend", ""),
            ("jobTemplate", "JobTemplateSpec"),
            ("successfulJobsHistoryLimit", ""),
            ("failedJobsHistoryLimit", ""),
        ],
        "JobTemplateSpec" => &[("metadata", "ObjectMeta"), ("spec", "JobSpec")],
        "CronJobStatus" => &[
            ("active", ""),
            ("lastScheduleTime", ""),
            ("lastSuccessfulTime", ""),
        ],
        "IngressSpec" => &[
            ("ingressClassName", ""),
            ("defaultBackend", "IngressBackend"),
            ("tls", "IngressTLS"),
            ("rules", "IngressRule"),
        ],
        "IngressTLS" => &[("hosts", ""), ("secretName", "")],
        "IngressRule" => &[("host", ""), ("http", "HTTPIngressRuleValue")],
        "HTTPIngressRuleValue" => &[("paths", "HTTPIngressPath")],
        "HTTPIngressPath" => &[
            ("path", ""),
            ("pathType", ""),
            ("backend", "IngressBackend"),
        ],
        "IngressBackend" => &[("service", "IngressServiceBackend"), ("resource", "")],
        "IngressServiceBackend" => &[("name", ""), ("port", "ServiceBackendPort")],
        "ServiceBackendPort" => &[("name", ""), ("number", "")],
        "IngressStatus" => &[("loadBalancer", "LoadBalancerStatus")],
        "HPASpec" => &[
            ("scaleTargetRef", "CrossVersionObjectReference"),
            ("minReplicas", ""),
            ("maxReplicas", ""),
            ("metrics", "MetricSpec"),
            ("behavior", ""),
        ],
        "CrossVersionObjectReference" => &[("kind", ""), ("name", ""), ("apiVersion", "")],
        "MetricSpec" => &[
            ("type", ""),
            ("object", ""),
            ("pods", ""),
            ("resource", "ResourceMetricSource"),
            ("containerResource", ""),
            ("external", ""),
        ],
        "ResourceMetricSource" => &[("name", ""), ("target", "MetricTarget")],
        "MetricTarget" => &[
            ("type", ""),
            ("value", ""),
            ("averageValue", ""),
            ("averageUtilization", ""),
        ],
        "HPAStatus" => &[
            ("observedGeneration", ""),
            ("lastScaleTime", ""),
            ("currentReplicas", ""),
            ("desiredReplicas", ""),
            ("currentMetrics", ""),
            ("conditions", "Condition"),
        ],
        "PersistentVolumeClaimSpec" => &[
            ("accessModes", ""),
            ("selector", "LabelSelector"),
            ("resources", "ResourceRequirements"),
            ("volumeName", ""),
            ("storageClassName", ""),
            ("volumeMode", ""),
            ("dataSource", ""),
            ("dataSourceRef", ""),
            ("volumeAttributesClassName", ""),
        ],
        _ => &[],
    }
}

/// kind, apiVersion, metadata, spec, status with each kind's spec/status types.
const KIND_FIELDS: &[(&str, Fields)] = &[
    (
        "ServiceAccount",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("secrets", ""),
            ("imagePullSecrets", ""),
            ("automountServiceAccountToken", ""),
        ],
    ),
    (
        "Role",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("rules", "PolicyRule"),
        ],
    ),
    (
        "ClusterRole",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("rules", "PolicyRule"),
            ("aggregationRule", "AggregationRule"),
        ],
    ),
    (
        "RoleBinding",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("subjects", "Subject"),
            ("roleRef", "RoleRef"),
        ],
    ),
    (
        "ClusterRoleBinding",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("subjects", "Subject"),
            ("roleRef", "RoleRef"),
        ],
    ),
    (
        "ResourceQuota",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "ResourceQuotaSpec"),
            ("status", ""),
        ],
    ),
    (
        "PodDisruptionBudget",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "PDBSpec"),
            ("status", "PDBStatus"),
        ],
    ),
    (
        "PriorityClass",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("value", ""),
            ("globalDefault", ""),
            ("description", ""),
            ("preemptionPolicy", ""),
        ],
    ),
    (
        "Deployment",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "DeploymentSpec"),
            ("status", "DeploymentStatus"),
        ],
    ),
    (
        "ReplicaSet",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "ReplicaSetSpec"),
            ("status", ""),
        ],
    ),
    (
        "StatefulSet",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "StatefulSetSpec"),
            ("status", ""),
        ],
    ),
    (
        "DaemonSet",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "DaemonSetSpec"),
            ("status", ""),
        ],
    ),
    (
        "Job",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "JobSpec"),
            ("status", "JobStatus"),
        ],
    ),
    (
        "CronJob",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "CronJobSpec"),
            ("status", "CronJobStatus"),
        ],
    ),
    (
        "Pod",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "PodSpec"),
            ("status", "PodStatus"),
        ],
    ),
    (
        "Service",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "ServiceSpec"),
            ("status", "LoadBalancerHolder"),
        ],
    ),
    (
        "Namespace",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "NamespaceSpec"),
            ("status", "NamespaceStatus"),
        ],
    ),
    (
        "Ingress",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "IngressSpec"),
            ("status", "IngressStatus"),
        ],
    ),
    (
        "HorizontalPodAutoscaler",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "HPASpec"),
            ("status", "HPAStatus"),
        ],
    ),
    (
        "PersistentVolumeClaim",
        &[
            ("kind", ""),
            ("apiVersion", ""),
            ("metadata", "ObjectMeta"),
            ("spec", "PersistentVolumeClaimSpec"),
            ("status", ""),
        ],
    ),
];

/// Rebuilds `v` (of Go type `ty`) with its keys in encoding/json's order.
fn order(v: &Value, ty: &str) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| order(i, ty)).collect()),
        Value::Object(m) => {
            let table = fields(ty);
            if table.is_empty() {
                // A Go map (labels, data, limits) or a type not in the
                // tables: sorted keys.
                let mut keys: Vec<&String> = m.keys().collect();
                cluster::sort::sort(&mut keys);
                let mut out = Map::new();
                for k in keys {
                    out.insert(k.clone(), order(&m[k], ""));
                }
                return Value::Object(out);
            }
            let mut out = Map::new();
            for (name, child) in table {
                if let Some(x) = m.get(*name) {
                    out.insert((*name).to_string(), order(x, child));
                }
            }
            let mut rest: Vec<&String> = m
                .keys()
                .filter(|k| !table.iter().any(|(n, _)| n == k))
                .collect();
            cluster::sort::sort(&mut rest);
            for k in rest {
                out.insert(k.clone(), order(&m[k], ""));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// The object with its keys in the order kubectl's typed JSON has them.
pub fn typed(obj: &Value) -> Value {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    order(obj, kind)
}

/// `-o json` of a typed object (one object, or a List of them).
pub fn to_json(obj: &Value) -> String {
    crate::yaml::to_json_ordered(&typed(obj))
}

/// Prints an object kubectl holds as a Go struct: `-o json` in struct
/// order, the other formats as for any object.
pub fn print_typed(
    k: &mut super::K<'_, '_, '_>,
    fmt: &super::get::Format,
    rt: &'static cluster::ResourceType,
    obj: Value,
) {
    if *fmt == super::get::Format::Json {
        let text = to_json(&super::get::for_output(&obj));
        k.out(&text);
    } else if let super::get::Format::GoTemplate(t) = fmt {
        // The template's debugging text shows json.Marshal of the struct.
        let doc = super::get::for_output(&obj);
        let raw = crate::yaml::to_compact_json_ordered(&typed(&doc));
        super::get::print_template(k, t, &doc, &raw);
    } else {
        super::get::print_generic(k, fmt, &[(rt, obj)], true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn struct_fields_in_declaration_order_maps_sorted() {
        let d = json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"creationTimestamp": null, "labels": {"b": "1", "a": "2"}, "name": "web"},
            "spec": {"strategy": {}, "template": {"spec": {"containers": [{"resources": {}, "name": "n", "image": "i"}]}}, "selector": {"matchLabels": {"app": "web"}}, "replicas": 1},
            "status": {}
        });
        let t = to_json(&d);
        let keys: Vec<&str> = t
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"'))
            .filter_map(|l| l.split('"').next())
            .collect();
        assert_eq!(
            keys,
            [
                "kind",
                "apiVersion",
                "metadata",
                "name",
                "creationTimestamp",
                "labels",
                "a",
                "b",
                "spec",
                "replicas",
                "selector",
                "matchLabels",
                "app",
                "template",
                "spec",
                "containers",
                "name",
                "image",
                "resources",
                "strategy",
                "status"
            ]
        );
    }
}
