//! The API resource registry: kinds, groups, versions, plural/singular and
//! short names, as `kubectl api-resources` lists them for Kubernetes v1.32.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceType {
    /// `pods`, `deployments`, ...
    pub plural: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    /// "" for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
}

impl ResourceType {
    /// `v1` or `apps/v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
    /// `deployments.apps`, `pods`: how the API server names the resource in
    /// messages (`deployments.apps "x" not found`).
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
    /// `deployment.apps`, `pod`: how kubectl names an object in
    /// `deployment.apps/nginx created`.
    pub fn qualified_kind_lower(&self) -> String {
        let k = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            k
        } else {
            format!("{k}.{}", self.group)
        }
    }
}

macro_rules! rt {
    ($plural:literal, $singular:literal, $kind:literal, $group:literal, $version:literal, $ns:literal, [$($short:literal),*]) => {
        ResourceType {
            plural: $plural,
            singular: $singular,
            kind: $kind,
            group: $group,
            version: $version,
            namespaced: $ns,
            short_names: &[$($short),*],
        }
    };
}

/// Every resource type the engine serves, in `kubectl api-resources` order.
pub const RESOURCES: &[ResourceType] = &[
    rt!(
        "configmaps",
        "configmap",
        "ConfigMap",
        "",
        "v1",
        true,
        ["cm"]
    ),
    rt!(
        "endpoints",
        "endpoints",
        "Endpoints",
        "",
        "v1",
        true,
        ["ep"]
    ),
    rt!("events", "event", "Event", "", "v1", true, ["ev"]),
    rt!(
        "namespaces",
        "namespace",
        "Namespace",
        "",
        "v1",
        false,
        ["ns"]
    ),
    rt!("nodes", "node", "Node", "", "v1", false, ["no"]),
    rt!(
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        "PersistentVolumeClaim",
        "",
        "v1",
        true,
        ["pvc"]
    ),
    rt!(
        "persistentvolumes",
        "persistentvolume",
        "PersistentVolume",
        "",
        "v1",
        false,
        ["pv"]
    ),
    rt!("pods", "pod", "Pod", "", "v1", true, ["po"]),
    rt!("secrets", "secret", "Secret", "", "v1", true, []),
    rt!(
        "serviceaccounts",
        "serviceaccount",
        "ServiceAccount",
        "",
        "v1",
        true,
        ["sa"]
    ),
    rt!("services", "service", "Service", "", "v1", true, ["svc"]),
    rt!(
        "daemonsets",
        "daemonset",
        "DaemonSet",
        "apps",
        "v1",
        true,
        ["ds"]
    ),
    rt!(
        "deployments",
        "deployment",
        "Deployment",
        "apps",
        "v1",
        true,
        ["deploy"]
    ),
    rt!(
        "replicasets",
        "replicaset",
        "ReplicaSet",
        "apps",
        "v1",
        true,
        ["rs"]
    ),
    rt!(
        "statefulsets",
        "statefulset",
        "StatefulSet",
        "apps",
        "v1",
        true,
        ["sts"]
    ),
    rt!(
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        "HorizontalPodAutoscaler",
        "autoscaling",
        "v2",
        true,
        ["hpa"]
    ),
    rt!(
        "cronjobs",
        "cronjob",
        "CronJob",
        "batch",
        "v1",
        true,
        ["cj"]
    ),
    rt!("jobs", "job", "Job", "batch", "v1", true, []),
    rt!(
        "leases",
        "lease",
        "Lease",
        "coordination.k8s.io",
        "v1",
        true,
        []
    ),
    rt!(
        "endpointslices",
        "endpointslice",
        "EndpointSlice",
        "discovery.k8s.io",
        "v1",
        true,
        []
    ),
    rt!(
        "ingressclasses",
        "ingressclass",
        "IngressClass",
        "networking.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "ingresses",
        "ingress",
        "Ingress",
        "networking.k8s.io",
        "v1",
        true,
        ["ing"]
    ),
    rt!(
        "clusterrolebindings",
        "clusterrolebinding",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "clusterroles",
        "clusterrole",
        "ClusterRole",
        "rbac.authorization.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "rolebindings",
        "rolebinding",
        "RoleBinding",
        "rbac.authorization.k8s.io",
        "v1",
        true,
        []
    ),
    rt!(
        "roles",
        "role",
        "Role",
        "rbac.authorization.k8s.io",
        "v1",
        true,
        []
    ),
    rt!(
        "storageclasses",
        "storageclass",
        "StorageClass",
        "storage.k8s.io",
        "v1",
        false,
        ["sc"]
    ),
    rt!(
        "validatingwebhookconfigurations",
        "validatingwebhookconfiguration",
        "ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io",
        "v1",
        false,
        []
    ),
    // Kinds a v1.32 cluster serves that the simulation stores as given.
    rt!(
        "componentstatuses",
        "componentstatus",
        "ComponentStatus",
        "",
        "v1",
        false,
        ["cs"]
    ),
    rt!(
        "limitranges",
        "limitrange",
        "LimitRange",
        "",
        "v1",
        true,
        ["limits"]
    ),
    rt!(
        "podtemplates",
        "podtemplate",
        "PodTemplate",
        "",
        "v1",
        true,
        []
    ),
    rt!(
        "replicationcontrollers",
        "replicationcontroller",
        "ReplicationController",
        "",
        "v1",
        true,
        ["rc"]
    ),
    rt!(
        "resourcequotas",
        "resourcequota",
        "ResourceQuota",
        "",
        "v1",
        true,
        ["quota"]
    ),
    rt!(
        "controllerrevisions",
        "controllerrevision",
        "ControllerRevision",
        "apps",
        "v1",
        true,
        []
    ),
    rt!(
        "customresourcedefinitions",
        "customresourcedefinition",
        "CustomResourceDefinition",
        "apiextensions.k8s.io",
        "v1",
        false,
        ["crd", "crds"]
    ),
    rt!(
        "mutatingwebhookconfigurations",
        "mutatingwebhookconfiguration",
        "MutatingWebhookConfiguration",
        "admissionregistration.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "networkpolicies",
        "networkpolicy",
        "NetworkPolicy",
        "networking.k8s.io",
        "v1",
        true,
        ["netpol"]
    ),
    rt!(
        "runtimeclasses",
        "runtimeclass",
        "RuntimeClass",
        "node.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "poddisruptionbudgets",
        "poddisruptionbudget",
        "PodDisruptionBudget",
        "policy",
        "v1",
        true,
        ["pdb"]
    ),
    rt!(
        "priorityclasses",
        "priorityclass",
        "PriorityClass",
        "scheduling.k8s.io",
        "v1",
        false,
        ["pc"]
    ),
    rt!(
        "csidrivers",
        "csidriver",
        "CSIDriver",
        "storage.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "csinodes",
        "csinode",
        "CSINode",
        "storage.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "volumeattachments",
        "volumeattachment",
        "VolumeAttachment",
        "storage.k8s.io",
        "v1",
        false,
        []
    ),
    // The rest of a v1.32 (kind) API server's discovery: listed by
    // `kubectl api-resources`, stored as given (or, for the review kinds
    // and bindings, not listable), none made by the simulation.
    rt!("bindings", "binding", "Binding", "", "v1", true, []),
    rt!(
        "validatingadmissionpolicies",
        "validatingadmissionpolicy",
        "ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "validatingadmissionpolicybindings",
        "validatingadmissionpolicybinding",
        "ValidatingAdmissionPolicyBinding",
        "admissionregistration.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "apiservices",
        "apiservice",
        "APIService",
        "apiregistration.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "selfsubjectreviews",
        "selfsubjectreview",
        "SelfSubjectReview",
        "authentication.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "tokenreviews",
        "tokenreview",
        "TokenReview",
        "authentication.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "localsubjectaccessreviews",
        "localsubjectaccessreview",
        "LocalSubjectAccessReview",
        "authorization.k8s.io",
        "v1",
        true,
        []
    ),
    rt!(
        "selfsubjectaccessreviews",
        "selfsubjectaccessreview",
        "SelfSubjectAccessReview",
        "authorization.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "selfsubjectrulesreviews",
        "selfsubjectrulesreview",
        "SelfSubjectRulesReview",
        "authorization.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "subjectaccessreviews",
        "subjectaccessreview",
        "SubjectAccessReview",
        "authorization.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "certificatesigningrequests",
        "certificatesigningrequest",
        "CertificateSigningRequest",
        "certificates.k8s.io",
        "v1",
        false,
        ["csr"]
    ),
    rt!(
        "events",
        "event",
        "Event",
        "events.k8s.io",
        "v1",
        true,
        ["ev"]
    ),
    rt!(
        "flowschemas",
        "flowschema",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "prioritylevelconfigurations",
        "prioritylevelconfiguration",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io",
        "v1",
        false,
        []
    ),
    rt!(
        "csistoragecapacities",
        "csistoragecapacity",
        "CSIStorageCapacity",
        "storage.k8s.io",
        "v1",
        true,
        []
    ),
];

/// Looks a resource up the way kubectl's RESTMapper does from a user's word:
/// plural, singular, short name, kind (case-insensitive), or any of those
/// qualified with the group (`deployments.apps`, `deploy.apps`) or with
/// version and group (`deployments.v1.apps`).
pub fn resolve(word: &str) -> Option<&'static ResourceType> {
    let w = word.to_ascii_lowercase();
    let (name, qual) = match w.split_once('.') {
        Some((n, q)) => (n.to_string(), Some(q.to_string())),
        None => (w.clone(), None),
    };
    RESOURCES.iter().find(|r| {
        let name_ok = r.plural == name
            || r.singular == name
            || r.kind.eq_ignore_ascii_case(&name)
            || r.short_names.contains(&name.as_str());
        let qual_ok = match &qual {
            None => true,
            Some(q) => {
                q == r.group || *q == format!("{}.{}", r.version, r.group).trim_end_matches('.')
            }
        };
        name_ok && qual_ok
    })
}

/// The resource with this plural (`pods`, `deployments`).
pub fn by_plural(plural: &str) -> Option<&'static ResourceType> {
    RESOURCES.iter().find(|r| r.plural == plural)
}

/// The resource for a manifest's `apiVersion` and `kind`.
pub fn by_kind(api_version: &str, kind: &str) -> Option<&'static ResourceType> {
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    RESOURCES
        .iter()
        .find(|r| r.kind == kind && r.group == group && r.version == version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_kubectl_words() {
        for w in ["po", "pod", "pods", "Pod", "pods."] {
            if w.ends_with('.') {
                continue;
            }
            assert_eq!(resolve(w).unwrap().plural, "pods", "{w}");
        }
        assert_eq!(resolve("deploy").unwrap().kind, "Deployment");
        assert_eq!(resolve("deployments.apps").unwrap().kind, "Deployment");
        assert_eq!(resolve("deployments.v1.apps").unwrap().kind, "Deployment");
        assert_eq!(resolve("svc").unwrap().qualified_plural(), "services");
        assert_eq!(
            resolve("ing").unwrap().qualified_kind_lower(),
            "ingress.networking.k8s.io"
        );
        assert!(resolve("pods.apps").is_none());
        assert!(resolve("nope").is_none());
        assert_eq!(resolve("pc").unwrap().kind, "PriorityClass");
        assert_eq!(resolve("crds").unwrap().group, "apiextensions.k8s.io");
        assert_eq!(resolve("pdb").unwrap().api_version(), "policy/v1");
        assert_eq!(
            by_kind("apps/v1", "Deployment").unwrap().plural,
            "deployments"
        );
        assert!(by_kind("apps/v1beta1", "Deployment").is_none());
    }
}
