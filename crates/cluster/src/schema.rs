//! Strict field validation, as the API server decodes a request with
//! `fieldValidation=Strict` (kubectl's default): a value of the wrong JSON
//! type fails first (`json: cannot unmarshal string into Go struct field
//! DeploymentSpec.spec.replicas of type int32`), then every unknown field is
//! listed (`strict decoding error: unknown field "spec.replica"`). Both come
//! back as `BadRequest`: `<Kind> in version "v1" cannot be handled as a
//! <Kind>: ...`.
//!
//! The schema is a compact text table of the Go structs the engine knows
//! (field name and type per struct); `*` marks a subtree accepted as given.
//! Kinds without a table are checked at the top level only.

use crate::error::{ApiError, Reason};
use crate::resources::ResourceType;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `Struct{field:type ...}`; types: s string, i32, i64, b bool, f float,
/// ios IntOrString, q Quantity, t time, b64 base64 bytes, * anything,
/// [T] list, {T} map of T, or a struct name.
const SCHEMA: &str = r#"
ObjectMeta{name:s generateName:s namespace:s selfLink:s uid:s resourceVersion:s generation:i64 creationTimestamp:t deletionTimestamp:t deletionGracePeriodSeconds:i64 labels:{s} annotations:{s} ownerReferences:[OwnerReference] finalizers:[s] managedFields:[*]}
OwnerReference{apiVersion:s kind:s name:s uid:s controller:b blockOwnerDeletion:b}
LabelSelector{matchLabels:{s} matchExpressions:[LabelSelectorRequirement]}
LabelSelectorRequirement{key:s operator:s values:[s]}
PodTemplateSpec{metadata:ObjectMeta spec:PodSpec}
PodSpec{volumes:[Volume] initContainers:[Container] containers:[Container] ephemeralContainers:[*] restartPolicy:s terminationGracePeriodSeconds:i64 activeDeadlineSeconds:i64 dnsPolicy:s nodeSelector:{s} serviceAccountName:s serviceAccount:s automountServiceAccountToken:b nodeName:s hostNetwork:b hostPID:b hostIPC:b shareProcessNamespace:b securityContext:* imagePullSecrets:[LocalObjectReference] hostname:s subdomain:s affinity:* schedulerName:s tolerations:[Toleration] hostAliases:[HostAlias] priorityClassName:s priority:i32 dnsConfig:PodDNSConfig readinessGates:[*] runtimeClassName:s enableServiceLinks:b preemptionPolicy:s overhead:{q} topologySpreadConstraints:[*] setHostnameAsFQDN:b os:* hostUsers:b schedulingGates:[*] resourceClaims:[*] resources:ResourceRequirements}
Container{name:s image:s command:[s] args:[s] workingDir:s ports:[ContainerPort] envFrom:[EnvFromSource] env:[EnvVar] resources:ResourceRequirements resizePolicy:[*] restartPolicy:s volumeMounts:[VolumeMount] volumeDevices:[*] livenessProbe:Probe readinessProbe:Probe startupProbe:Probe lifecycle:* terminationMessagePath:s terminationMessagePolicy:s imagePullPolicy:s securityContext:* stdin:b stdinOnce:b tty:b}
ContainerPort{name:s hostPort:i32 containerPort:i32 protocol:s hostIP:s}
EnvVar{name:s value:s valueFrom:EnvVarSource}
EnvVarSource{fieldRef:ObjectFieldSelector resourceFieldRef:* configMapKeyRef:ConfigMapKeySelector secretKeyRef:SecretKeySelector}
ObjectFieldSelector{apiVersion:s fieldPath:s}
ConfigMapKeySelector{name:s key:s optional:b}
SecretKeySelector{name:s key:s optional:b}
EnvFromSource{prefix:s configMapRef:* secretRef:*}
ResourceRequirements{limits:{q} requests:{q} claims:[*]}
VolumeMount{name:s readOnly:b recursiveReadOnly:s mountPath:s subPath:s mountPropagation:s subPathExpr:s}
Probe{exec:ExecAction httpGet:HTTPGetAction tcpSocket:TCPSocketAction grpc:* initialDelaySeconds:i32 timeoutSeconds:i32 periodSeconds:i32 successThreshold:i32 failureThreshold:i32 terminationGracePeriodSeconds:i64}
ExecAction{command:[s]}
HTTPGetAction{path:s port:ios host:s scheme:s httpHeaders:[*]}
TCPSocketAction{port:ios host:s}
Volume{name:s hostPath:* emptyDir:* gcePersistentDisk:* awsElasticBlockStore:* gitRepo:* secret:* nfs:* iscsi:* glusterfs:* persistentVolumeClaim:* rbd:* flexVolume:* cinder:* cephfs:* flocker:* downwardAPI:* fc:* azureFile:* configMap:* vsphereVolume:* quobyte:* azureDisk:* photonPersistentDisk:* projected:* portworxVolume:* scaleIO:* storageos:* csi:* ephemeral:* image:*}
Toleration{key:s operator:s value:s effect:s tolerationSeconds:i64}
HostAlias{ip:s hostnames:[s]}
PodDNSConfig{nameservers:[s] searches:[s] options:[*]}
LocalObjectReference{name:s}
Pod{apiVersion:s kind:s metadata:ObjectMeta spec:PodSpec status:*}
Deployment{apiVersion:s kind:s metadata:ObjectMeta spec:DeploymentSpec status:*}
DeploymentSpec{replicas:i32 selector:LabelSelector template:PodTemplateSpec strategy:DeploymentStrategy minReadySeconds:i32 revisionHistoryLimit:i32 paused:b progressDeadlineSeconds:i32}
DeploymentStrategy{type:s rollingUpdate:RollingUpdateDeployment}
RollingUpdateDeployment{maxUnavailable:ios maxSurge:ios}
ReplicaSet{apiVersion:s kind:s metadata:ObjectMeta spec:ReplicaSetSpec status:*}
ReplicaSetSpec{replicas:i32 minReadySeconds:i32 selector:LabelSelector template:PodTemplateSpec}
DaemonSet{apiVersion:s kind:s metadata:ObjectMeta spec:DaemonSetSpec status:*}
DaemonSetSpec{selector:LabelSelector template:PodTemplateSpec updateStrategy:* minReadySeconds:i32 revisionHistoryLimit:i32}
StatefulSet{apiVersion:s kind:s metadata:ObjectMeta spec:StatefulSetSpec status:*}
StatefulSetSpec{replicas:i32 selector:LabelSelector template:PodTemplateSpec volumeClaimTemplates:[*] serviceName:s podManagementPolicy:s updateStrategy:* revisionHistoryLimit:i32 minReadySeconds:i32 persistentVolumeClaimRetentionPolicy:* ordinals:*}
Job{apiVersion:s kind:s metadata:ObjectMeta spec:JobSpec status:*}
JobSpec{parallelism:i32 completions:i32 activeDeadlineSeconds:i64 podFailurePolicy:* successPolicy:* backoffLimit:i32 backoffLimitPerIndex:i32 maxFailedIndexes:i32 selector:LabelSelector manualSelector:b template:PodTemplateSpec ttlSecondsAfterFinished:i32 completionMode:s suspend:b podReplacementPolicy:s managedBy:s}
CronJob{apiVersion:s kind:s metadata:ObjectMeta spec:CronJobSpec status:*}
CronJobSpec{schedule:s timeZone:s startingDeadlineSeconds:i64 concurrencyPolicy:s suspend:b jobTemplate:JobTemplateSpec successfulJobsHistoryLimit:i32 failedJobsHistoryLimit:i32}
JobTemplateSpec{metadata:ObjectMeta spec:JobSpec}
Service{apiVersion:s kind:s metadata:ObjectMeta spec:ServiceSpec status:*}
ServiceSpec{ports:[ServicePort] selector:{s} clusterIP:s clusterIPs:[s] type:s externalIPs:[s] sessionAffinity:s loadBalancerIP:s loadBalancerSourceRanges:[s] externalName:s externalTrafficPolicy:s healthCheckNodePort:i32 publishNotReadyAddresses:b sessionAffinityConfig:* ipFamilies:[s] ipFamilyPolicy:s allocateLoadBalancerNodePorts:b loadBalancerClass:s internalTrafficPolicy:s trafficDistribution:s}
ServicePort{name:s protocol:s appProtocol:s port:i32 targetPort:ios nodePort:i32}
ConfigMap{apiVersion:s kind:s metadata:ObjectMeta data:{s} binaryData:{b64} immutable:b}
Secret{apiVersion:s kind:s metadata:ObjectMeta data:{b64} stringData:{s} type:s immutable:b}
PersistentVolumeClaim{apiVersion:s kind:s metadata:ObjectMeta spec:PersistentVolumeClaimSpec status:*}
PersistentVolumeClaimSpec{accessModes:[s] selector:LabelSelector resources:VolumeResourceRequirements volumeName:s storageClassName:s volumeMode:s dataSource:* dataSourceRef:* volumeAttributesClassName:s}
VolumeResourceRequirements{limits:{q} requests:{q}}
Namespace{apiVersion:s kind:s metadata:ObjectMeta spec:NamespaceSpec status:*}
NamespaceSpec{finalizers:[s]}
Node{apiVersion:s kind:s metadata:ObjectMeta spec:NodeSpec status:*}
NodeSpec{podCIDR:s podCIDRs:[s] providerID:s unschedulable:b taints:[Taint] configSource:* externalID:s}
Taint{key:s value:s effect:s timeAdded:t}
Endpoints{apiVersion:s kind:s metadata:ObjectMeta subsets:[EndpointSubset]}
EndpointSubset{addresses:[EndpointAddress] notReadyAddresses:[EndpointAddress] ports:[EndpointPort]}
EndpointAddress{ip:s hostname:s nodeName:s targetRef:ObjectReference}
ObjectReference{kind:s namespace:s name:s uid:s apiVersion:s resourceVersion:s fieldPath:s}
EndpointPort{name:s port:i32 protocol:s appProtocol:s}
EndpointSlice{apiVersion:s kind:s metadata:ObjectMeta addressType:s endpoints:[Endpoint] ports:[EndpointSlicePort]}
Endpoint{addresses:[s] conditions:EndpointConditions hostname:s targetRef:ObjectReference nodeName:s zone:s hints:* deprecatedTopology:{s}}
EndpointConditions{ready:b serving:b terminating:b}
EndpointSlicePort{name:s protocol:s port:i32 appProtocol:s}
"#;

#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Str,
    I32,
    I64,
    Bool,
    Float,
    IntOrString,
    Quantity,
    Time,
    Base64,
    Any,
    List(Box<Ty>),
    Map(Box<Ty>),
    Struct(String),
}

type Table = BTreeMap<String, Vec<(String, Ty)>>;

fn parse_ty(s: &str) -> Ty {
    if let Some(inner) = s.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        return Ty::List(Box::new(parse_ty(inner)));
    }
    if let Some(inner) = s.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
        return Ty::Map(Box::new(parse_ty(inner)));
    }
    match s {
        "s" => Ty::Str,
        "i32" => Ty::I32,
        "i64" => Ty::I64,
        "b" => Ty::Bool,
        "f" => Ty::Float,
        "ios" => Ty::IntOrString,
        "q" => Ty::Quantity,
        "t" => Ty::Time,
        "b64" => Ty::Base64,
        "*" => Ty::Any,
        name => Ty::Struct(name.to_string()),
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table::new();
        for line in SCHEMA.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let Some((name, rest)) = line.split_once('{') else {
                continue;
            };
            let body = rest.strip_suffix('}').unwrap_or(rest);
            let fields = body
                .split_whitespace()
                .filter_map(|f| f.split_once(':').map(|(k, v)| (k.to_string(), parse_ty(v))))
                .collect();
            t.insert(name.to_string(), fields);
        }
        t
    })
}

fn go_type(t: &Ty) -> String {
    match t {
        Ty::Str | Ty::Time => "string".into(),
        Ty::I32 => "int32".into(),
        Ty::I64 => "int64".into(),
        Ty::Bool => "bool".into(),
        Ty::Float => "float64".into(),
        Ty::IntOrString => "intstr.IntOrString".into(),
        Ty::Quantity => "resource.Quantity".into(),
        Ty::Base64 => "[]uint8".into(),
        Ty::Any => "interface {}".into(),
        Ty::List(inner) => format!("[]{}", go_type(inner)),
        Ty::Map(inner) => format!("map[string]{}", go_type(inner)),
        Ty::Struct(n) => format!("v1.{n}"),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

const QUANTITY_MSG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

fn is_quantity(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let start = i;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i == start {
        return false;
    }
    let num = &s[start..i];
    if num.matches('.').count() > 1 {
        return false;
    }
    let suffix = &s[i..];
    matches!(
        suffix,
        "" | "Ki"
            | "Mi"
            | "Gi"
            | "Ti"
            | "Pi"
            | "Ei"
            | "n"
            | "u"
            | "m"
            | "k"
            | "M"
            | "G"
            | "T"
            | "P"
            | "E"
    ) || (suffix.starts_with(['e', 'E'])
        && suffix[1..]
            .trim_start_matches(['+', '-'])
            .bytes()
            .all(|c| c.is_ascii_digit())
        && suffix.len() > 1)
}

fn base64_error(s: &str) -> Option<String> {
    let b = s.as_bytes();
    for (i, c) in b.iter().enumerate() {
        let ok = c.is_ascii_alphanumeric()
            || *c == b'+'
            || *c == b'/'
            || (*c == b'=' && i + 2 >= b.len());
        if !ok {
            return Some(format!("illegal base64 data at input byte {i}"));
        }
    }
    if !b.len().is_multiple_of(4) {
        return Some(format!(
            "illegal base64 data at input byte {}",
            b.len() - b.len() % 4
        ));
    }
    None
}

struct Walk {
    /// The first decoding (type) error.
    type_error: Option<String>,
    unknown: Vec<String>,
}

impl Walk {
    fn type_err(&mut self, v: &Value, owner: &str, go_path: &str, ty: &Ty) {
        if self.type_error.is_some() {
            return;
        }
        let what = match (v, ty) {
            (Value::Number(n), Ty::I32 | Ty::I64) if n.as_i64().is_none() => format!("number {n}"),
            _ => json_kind(v).to_string(),
        };
        self.type_error = Some(format!(
            "json: cannot unmarshal {what} into Go struct field {owner}.{go_path} of type {}",
            go_type(ty)
        ));
    }

    /// `path`: the strict path with indices; `go_path`: without indices.
    fn check(&mut self, v: &Value, ty: &Ty, path: &str, go_path: &str, owner: &str) {
        if v.is_null() {
            return;
        }
        match ty {
            Ty::Any => {}
            Ty::Str | Ty::Time => {
                if !v.is_string() {
                    self.type_err(v, owner, go_path, ty);
                }
            }
            Ty::I32 | Ty::I64 => {
                let ok = v.as_i64().is_some_and(|n| {
                    *ty == Ty::I64 || (i32::MIN as i64..=i32::MAX as i64).contains(&n)
                });
                if !ok {
                    self.type_err(v, owner, go_path, ty);
                }
            }
            Ty::Float => {
                if !v.is_number() {
                    self.type_err(v, owner, go_path, ty);
                }
            }
            Ty::Bool => {
                if !v.is_boolean() {
                    self.type_err(v, owner, go_path, ty);
                }
            }
            Ty::IntOrString => {
                if !(v.is_string() || v.as_i64().is_some()) {
                    self.type_err(v, owner, go_path, ty);
                }
            }
            Ty::Quantity => match v {
                Value::String(s) if is_quantity(s) => {}
                Value::Number(_) => {}
                _ => {
                    if self.type_error.is_none() {
                        self.type_error = Some(QUANTITY_MSG.to_string());
                    }
                }
            },
            Ty::Base64 => match v {
                Value::String(s) => {
                    if let Some(e) = base64_error(s) {
                        if self.type_error.is_none() {
                            self.type_error = Some(e);
                        }
                    }
                }
                _ => self.type_err(v, owner, go_path, &Ty::Str),
            },
            Ty::List(inner) => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, inner, &format!("{path}[{i}]"), go_path, owner);
                    }
                }
                None => self.type_err(v, owner, go_path, ty),
            },
            Ty::Map(inner) => match v.as_object() {
                Some(m) => {
                    for (k, item) in m {
                        self.check(item, inner, &format!("{path}.{k}"), go_path, owner);
                    }
                }
                None => self.type_err(v, owner, go_path, ty),
            },
            Ty::Struct(name) => {
                let Some(m) = v.as_object() else {
                    self.type_err(v, owner, go_path, ty);
                    return;
                };
                let Some(fields) = table().get(name) else {
                    return;
                };
                for (k, item) in m {
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    let child_go = if go_path.is_empty() {
                        k.clone()
                    } else {
                        format!("{go_path}.{k}")
                    };
                    match fields.iter().find(|(f, _)| f == k) {
                        Some((_, fty)) => self.check(item, fty, &child, &child_go, name),
                        None => self.unknown.push(format!("unknown field \"{child}\"")),
                    }
                }
            }
        }
    }
}

/// Checks `obj` against the schema of its kind.
pub(crate) fn check(obj: &Value, rt: &ResourceType) -> Result<(), ApiError> {
    let mut w = Walk {
        type_error: None,
        unknown: Vec::new(),
    };
    if table().contains_key(rt.kind) {
        w.check(obj, &Ty::Struct(rt.kind.to_string()), "", "", rt.kind);
    } else if let Some(m) = obj.as_object() {
        if let Some(meta) = m.get("metadata") {
            w.check(
                meta,
                &Ty::Struct("ObjectMeta".into()),
                "metadata",
                "metadata",
                rt.kind,
            );
        }
    }
    let detail = match (w.type_error, w.unknown.is_empty()) {
        (Some(e), _) => e,
        (None, false) => format!("strict decoding error: {}", w.unknown.join(", ")),
        (None, true) => return Ok(()),
    };
    Err(ApiError::new(
        Reason::BadRequest,
        format!(
            "{kind} in version \"{v}\" cannot be handled as a {kind}: {detail}",
            kind = rt.kind,
            v = rt.version
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::by_plural;
    use serde_json::json;

    fn err(plural: &str, v: Value) -> String {
        check(&v, by_plural(plural).unwrap()).unwrap_err().message
    }

    #[test]
    fn every_struct_named_in_the_table_exists() {
        fn walk(t: &Ty, table: &Table) {
            match t {
                Ty::List(i) | Ty::Map(i) => walk(i, table),
                Ty::Struct(n) => assert!(table.contains_key(n), "missing struct {n}"),
                _ => {}
            }
        }
        let t = table();
        for fields in t.values() {
            for (_, ty) in fields {
                walk(ty, t);
            }
        }
    }

    #[test]
    fn unknown_fields_are_listed_with_paths() {
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"replica": 2, "template": {"spec": {"containers": [{"name": "a", "imagee": "x"}]}}}});
        assert_eq!(
            err("deployments", d),
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagee\""
        );
    }

    #[test]
    fn type_errors_come_first() {
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"replicas": "3", "bogus": 1}});
        assert_eq!(
            err("deployments", d),
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
        );
        let p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "labels": {"a": 1}}, "spec": {"containers": [{"name": "a", "image": "x"}]}});
        assert_eq!(
            err("pods", p),
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
        );
        let p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80.5}]}]}});
        assert!(err("pods", p).ends_with("json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"));
    }

    #[test]
    fn quantities_and_base64() {
        let p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "a", "image": "x", "resources": {"limits": {"cpu": "lots"}}}]}});
        assert!(err("pods", p).ends_with(QUANTITY_MSG));
        assert!(
            is_quantity("100m")
                && is_quantity("1.5Gi")
                && is_quantity("1e3")
                && !is_quantity("1.2.3")
        );
        let s = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}, "data": {"k": "not base64!"}});
        assert_eq!(err("secrets", s), "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3");
        let ok = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}, "data": {"k": "YWRtaW4="}});
        assert!(check(&ok, by_plural("secrets").unwrap()).is_ok());
    }

    #[test]
    fn the_seed_manifests_pass() {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx-np"}, "spec": {"ports": [{"name": "http", "nodePort": 31045, "port": 80, "protocol": "TCP", "targetPort": 80}], "selector": {"app": "nginx"}, "type": "NodePort"}});
        assert!(check(&svc, by_plural("services").unwrap()).is_ok());
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "curlpod"}, "spec": {"containers": [{"name": "curl", "image": "docker.io/curlimages/curl:7.86.0", "command": ["sleep", "infinity"], "imagePullPolicy": "IfNotPresent"}], "restartPolicy": "Always"}});
        assert!(check(&pod, by_plural("pods").unwrap()).is_ok());
    }
}
