//! The cluster a fresh [`crate::Cluster`] starts with: a kind-style v1.32
//! cluster as Docker Desktop's Kubernetes (kind provisioner) creates it —
//! a tainted control-plane node and two workers, the four system
//! namespaces, the `kubernetes` and `kube-dns` Services, CoreDNS, kube-proxy
//! and kindnet, the static control-plane pods, and the `standard`
//! StorageClass — all real objects, created two weeks before the
//! simulation starts and Running by then.

use crate::kubelet::NodeRt;
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Value};
use std::collections::BTreeSet;

pub const CONTROL_PLANE: &str = "desktop-control-plane";
pub const KUBERNETES_VERSION: &str = "v1.32.2";
const CONTAINERD: &str = "containerd://2.0.2";
const KERNEL: &str = "6.10.14-linuxkit";
const OS_IMAGE: &str = "Debian GNU/Linux 12 (bookworm)";
const LOCAL_PATH_IMAGE: &str = "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a";
const COREDNS_IMAGE: &str = "registry.k8s.io/coredns/coredns:v1.11.3";
const KINDNET_IMAGE: &str = "docker.io/kindest/kindnetd:v20250214-acbabc1a";
const ETCD_IMAGE: &str = "registry.k8s.io/etcd:3.5.16-0";
/// How long before the simulation start the cluster was created.
const AGE_MS: i64 = 14 * 86_400_000 + 2 * 3_600_000;

/// A fixed object from its JSON text, with each string `"$N"` replaced by
/// `vars[N]`: one parser call instead of the thousands of inlined map
/// inserts `json!` literals compile to (BENCHMARKS.md, "Bundle"). Key
/// order is the text's (serde_json's `preserve_order`), as with `json!`.
pub fn tmpl(text: &str, vars: &[Value]) -> Value {
    fn fill(v: &mut Value, vars: &[Value]) {
        match v {
            Value::String(s) => {
                let var = s
                    .strip_prefix('$')
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| vars.get(n));
                if let Some(var) = var {
                    *v = var.clone();
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| fill(i, vars)),
            Value::Object(map) => map.values_mut().for_each(|i| fill(i, vars)),
            _ => {}
        }
    }
    let mut v = serde_json::from_str(text).unwrap_or(Value::Null);
    fill(&mut v, vars);
    v
}

/// The machines a profile's cluster runs on.
pub struct Layout {
    pub control_plane: &'static str,
    pub workers: &'static [&'static str],
    /// kubeadm's clusterName.
    pub cluster_name: &'static str,
    /// Whether the control-plane node keeps kubeadm's NoSchedule taint
    /// (minikube's single node does not have it).
    pub taint_control_plane: bool,
    pub kernel: &'static str,
    pub os_image: &'static str,
    pub runtime: &'static str,
}

impl crate::Profile {
    /// The nodes and machine facts of this profile's cluster.
    pub fn layout(self) -> Layout {
        const UBUNTU: &str = "Ubuntu 22.04.5 LTS";
        match self {
            crate::Profile::DockerDesktop => Layout {
                control_plane: CONTROL_PLANE,
                workers: &["desktop-worker", "desktop-worker2"],
                cluster_name: "desktop",
                taint_control_plane: true,
                kernel: KERNEL,
                os_image: OS_IMAGE,
                runtime: CONTAINERD,
            },
            crate::Profile::Minikube => Layout {
                control_plane: "minikube",
                workers: &[],
                cluster_name: "mk",
                taint_control_plane: false,
                kernel: "6.8.0-49-generic",
                os_image: UBUNTU,
                runtime: "docker://27.4.1",
            },
            crate::Profile::Cloud => Layout {
                control_plane: "control-plane-1",
                workers: &["worker-1", "worker-2"],
                cluster_name: "kubernetes",
                taint_control_plane: true,
                kernel: "6.8.0-1019-gcp",
                os_image: UBUNTU,
                runtime: "containerd://1.7.24",
            },
            crate::Profile::OnPrem => Layout {
                control_plane: "k8s-master",
                workers: &["k8s-worker1", "k8s-worker2"],
                cluster_name: "kubernetes",
                taint_control_plane: true,
                kernel: "5.15.0-126-generic",
                os_image: UBUNTU,
                runtime: "containerd://1.7.24",
            },
        }
    }

    /// The InternalIP of the `index`-th node ever registered: kind's
    /// docker network, minikube's (192.168.49.2 first), a cloud VPC
    /// subnet, an on-premises LAN.
    pub fn node_ip(self, index: usize) -> String {
        match self {
            crate::Profile::DockerDesktop => format!("172.18.0.{}", index + 2),
            crate::Profile::Minikube => format!("192.168.49.{}", index + 2),
            crate::Profile::Cloud => format!("10.128.0.{}", index + 10),
            crate::Profile::OnPrem => format!("192.168.56.{}", index + 10),
        }
    }

    /// The node's spec.providerID (kind's, or the cloud's instance path).
    fn provider_id(self, name: &str) -> Option<String> {
        match self {
            crate::Profile::DockerDesktop => Some(format!("kind://docker/desktop/{name}")),
            crate::Profile::Cloud => Some(format!("gce://kubeplay/us-central1-a/{name}")),
            crate::Profile::Minikube | crate::Profile::OnPrem => None,
        }
    }
}

/// Images a kind node image carries.
fn preloaded_images() -> BTreeSet<String> {
    crate::sort::set([
        COREDNS_IMAGE.to_string(),
        ETCD_IMAGE.to_string(),
        KINDNET_IMAGE.to_string(),
        format!("registry.k8s.io/kube-apiserver:{KUBERNETES_VERSION}"),
        format!("registry.k8s.io/kube-controller-manager:{KUBERNETES_VERSION}"),
        format!("registry.k8s.io/kube-proxy:{KUBERNETES_VERSION}"),
        format!("registry.k8s.io/kube-scheduler:{KUBERNETES_VERSION}"),
        "registry.k8s.io/pause:3.10".to_string(),
        LOCAL_PATH_IMAGE.to_string(),
        "docker.io/kindest/local-path-helper:v20241212-8ac705d0".to_string(),
    ])
}

/// Status, reason and message of a healthy node condition.
pub(crate) fn healthy_condition(ty: &str) -> (&'static str, &'static str, &'static str) {
    match ty {
        "MemoryPressure" => (
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        "DiskPressure" => (
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        "PIDPressure" => (
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        _ => ("True", "KubeletReady", "kubelet is posting ready status"),
    }
}

/// A Node object as a kind node registers it. `ready: false` gives a
/// freshly joined node (NotReady, not-ready taint) that turns Ready shortly.
pub(crate) fn node_object(
    c: &mut Cluster,
    name: &str,
    ip: &str,
    cidr: &str,
    control_plane: bool,
    ready: bool,
) -> Value {
    let now = c.now.rfc3339();
    let mut labels = tmpl(
        r##"{"beta.kubernetes.io/arch":"amd64","beta.kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","kubernetes.io/hostname":"$0","kubernetes.io/os":"linux"}"##,
        &[Value::from(name)],
    );
    let mut taints = Vec::new();
    let layout = c.profile.layout();
    if control_plane {
        labels["node-role.kubernetes.io/control-plane"] = json!("");
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = json!("");
        if layout.taint_control_plane {
            taints.push(tmpl(
                r##"{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}"##,
                &[],
            ));
        }
    }
    if c.profile == crate::Profile::Minikube {
        labels["minikube.k8s.io/name"] = json!("minikube");
        labels["minikube.k8s.io/primary"] = json!(if control_plane { "true" } else { "false" });
        labels["minikube.k8s.io/version"] = json!("v1.35.0");
    }
    if !ready {
        taints.push(tmpl(
            r##"{"effect":"NoSchedule","key":"node.kubernetes.io/not-ready"}"##,
            &[],
        ));
    }
    let conditions: Vec<Value> = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
        .iter()
        .map(|ty| {
            let (mut status, mut reason, mut message) = healthy_condition(ty);
            if !ready && *ty == "Ready" {
                status = "False";
                reason = "KubeletNotReady";
                message = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
            }
            tmpl(r##"{"lastHeartbeatTime":"$0","lastTransitionTime":"$0","message":"$1","reason":"$2","status":"$3","type":"$4"}"##, &[Value::from(now.as_str()), Value::from(message), Value::from(reason), Value::from(status), Value::from(*ty)])
        })
        .collect();
    let capacity = tmpl(
        r##"{"cpu":"8","ephemeral-storage":"1055762868Ki","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"8024436Ki","pods":"110"}"##,
        &[],
    );
    let boot_id = c.ids.uuid();
    let system_uuid = c.ids.uuid();
    let machine_id = format!("{:016x}{:016x}", c.ids.next_u64(), c.ids.next_u64());
    let mut spec = json!({
        "podCIDR": cidr,
        "podCIDRs": [cidr],
    });
    if let Some(id) = c.profile.provider_id(name) {
        spec["providerID"] = json!(id);
    }
    if !taints.is_empty() {
        spec["taints"] = Value::Array(taints);
    }
    tmpl(
        r##"{"apiVersion":"v1","kind":"Node","metadata":{"name":"$0","annotations":{"kubeadm.alpha.kubernetes.io/cri-socket":"unix:///run/containerd/containerd.sock","node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"},"labels":"$1"},"spec":"$2","status":{"addresses":[{"address":"$3","type":"InternalIP"},{"address":"$0","type":"Hostname"}],"allocatable":"$4","capacity":"$5","conditions":"$6","daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},"nodeInfo":{"architecture":"amd64","bootID":"$7","containerRuntimeVersion":"$8","kernelVersion":"$9","kubeProxyVersion":"","kubeletVersion":"$10","machineID":"$11","operatingSystem":"linux","osImage":"$12","systemUUID":"$13"}}}"##,
        &[
            Value::from(name),
            labels,
            spec,
            Value::from(ip),
            capacity.clone(),
            capacity,
            Value::from(conditions),
            Value::from(boot_id),
            Value::from(layout.runtime),
            Value::from(layout.kernel),
            Value::from(KUBERNETES_VERSION),
            Value::from(machine_id),
            Value::from(layout.os_image),
            Value::from(system_uuid),
        ],
    )
}

impl Cluster {
    /// Kubelets renew their node Lease every 10 seconds; renewTime is the
    /// last 10-second mark (per node) at or before now. Nodes whose kubelet
    /// is down stop renewing.
    pub(crate) fn renew_leases(&mut self) {
        const EVERY_MS: i64 = 10_000;
        // Names only: a node is copied when its heartbeat is due, not at
        // every advance of the clock.
        let up: Vec<String> = self
            .store
            .list("nodes", None)
            .into_iter()
            .map(crate::name_of)
            .filter(|n| self.kubelet.node(n).is_some_and(|k| k.down_since.is_none()))
            .map(str::to_string)
            .collect();
        for node in &up {
            crate::controllers::nodes::heartbeat(self, node);
        }
        // Heartbeats change neither the nodes nor their kubelets: the same
        // nodes renew their leases.
        for name in up {
            let Some(lease) = self.store.get("leases", "kube-node-lease", &name) else {
                continue;
            };
            // Each node renews at its own phase within the period.
            let phase = (crate::meta::fnv32a(name.as_bytes()) % 10_000) as i64;
            let mark =
                crate::time::Time((self.now.0 - phase).div_euclid(EVERY_MS) * EVERY_MS + phase);
            let renew = crate::events::micro_time(mark, 0);
            if crate::meta::str_at(lease, "/spec/renewTime") != renew {
                let mut l = lease.clone();
                crate::meta::set_path(&mut l, &["spec", "renewTime"], json!(renew));
                self.put("leases", l);
            }
        }
    }

    /// Registers a node (object and kubelet). Used by bootstrap and
    /// `node_add`.
    pub(crate) fn register_node(
        &mut self,
        name: &str,
        control_plane: bool,
        ready: bool,
    ) -> Result<(), String> {
        let index = self.store.list("nodes", None).len() + self.removed_nodes;
        let ip = self.profile.node_ip(index);
        let cidr = format!("10.244.{index}.0/24");
        let node = node_object(self, name, &ip, &cidr, control_plane, ready);
        let Some(rt) = crate::resources::by_plural("nodes") else {
            return Err("no node resource".to_string());
        };
        let node = self.create_object(rt, node, "").map_err(|e| e.message)?;
        // The node's heartbeat Lease in kube-node-lease.
        if let Some(lease_rt) = crate::resources::by_plural("leases") {
            let lease = tmpl(
                r##"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"$0","namespace":"kube-node-lease","ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"$0","uid":"$1"}]},"spec":{"holderIdentity":"$0","leaseDurationSeconds":40,"renewTime":"$2"}}"##,
                &[
                    Value::from(name),
                    Value::from(crate::meta::uid_of(&node)),
                    Value::from(crate::events::micro_time(self.now, 0)),
                ],
            );
            let _ = self.create_object(lease_rt, lease, "kube-node-lease");
        }
        let ready_at = if ready {
            self.now
        } else {
            self.now.plus_secs(5)
        };
        self.kubelet.add_node(
            name,
            NodeRt {
                down_since: None,
                ready_at,
                last_ip: 1,
                images: preloaded_images(),
                pull_busy_until: self.now,
            },
        );
        self.wake_at(ready_at);
        Ok(())
    }

    pub(crate) fn bootstrap(&mut self) {
        let start = self.now;
        self.now = Time(start.0 - AGE_MS);
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            self.bootstrap_create(
                tmpl(
                    r##"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"$0"}}"##,
                    &[Value::from(ns)],
                ),
                "",
            );
        }
        let layout = self.profile.layout();
        let _ = self.register_node(layout.control_plane, true, true);
        let cp_ip = self.profile.node_ip(0);
        let cp_ip = cp_ip.as_str();
        use crate::controllers::apiserver;
        self.bootstrap_create(apiserver::service(), "default");
        self.bootstrap_create(apiserver::endpoints(cp_ip), "default");
        self.bootstrap_create(apiserver::endpoint_slice(cp_ip), "default");
        for (name, value, description) in [
            ("system-cluster-critical", 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
            ("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
        ] {
            self.bootstrap_create(
                tmpl(r##"{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"$0"},"value":"$1","globalDefault":false,"description":"$2","preemptionPolicy":"PreemptLowerPriority"}"##, &[Value::from(name), Value::from(value), Value::from(description)]),
                "",
            );
        }
        self.bootstrap_create(
            tmpl(r##"{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}"##, &[]),
            "",
        );
        self.bootstrap_system_workloads(cp_ip);
        self.settle();
        if self.profile == crate::Profile::DockerDesktop {
            // On streams of its own, so the other system objects keep the
            // names and ids they had before kind's storage was added.
            let rng = std::mem::replace(
                &mut self.rng,
                crate::rng::Rng::new(self.seed ^ 0x6c6f_6361_6c2d_7061),
            );
            let ids = std::mem::replace(
                &mut self.ids,
                crate::rng::Rng::new(self.seed ^ 0x6c6f_6361_6c2d_6964),
            );
            self.bootstrap_local_path_storage();
            self.settle();
            self.rng = rng;
            self.ids = ids;
        }
        self.run_until(self.now.plus_secs(20));
        for w in layout.workers {
            let _ = self.register_node(w, false, true);
        }
        self.settle();
        self.run_until(self.now.plus_secs(60));
        // Two weeks pass; nothing is pending, events have expired.
        self.timers.clear();
        self.now = start;
        self.settle();
        self.renew_leases();
        self.settled_rv = self.store.resource_version();
        self.changes.clear();
        // From here on, randomness does not depend on what the bootstrap
        // created: adding a system object never shifts the names, IPs and
        // ports that lessons and transcripts quote.
        self.rng = crate::rng::Rng::new(self.seed ^ 0x7573_6572_5f72_6e67);
        self.ids = crate::rng::Rng::new(self.seed ^ 0x7573_6572_5f69_6473);
    }

    /// kind's default storage (its node image's `default-storage.yaml`,
    /// applied with `kubectl apply` when the cluster is created): the
    /// `local-path-storage` namespace with rancher's local-path-provisioner
    /// and its configuration. The provisioner's Deployment lands on the
    /// control plane, the only node yet.
    fn bootstrap_local_path_storage(&mut self) {
        const NS: &str = "local-path-storage";
        const SA: &str = "local-path-provisioner-service-account";
        const HELPER_IMAGE: &str = "docker.io/kindest/local-path-helper:v20241212-8ac705d0";
        let subject = tmpl(
            r##"[{"kind":"ServiceAccount","name":"$0","namespace":"$1"}]"##,
            &[Value::from(SA), Value::from(NS)],
        );
        let objects = [
            tmpl(r##"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"$0"}}"##, &[Value::from(NS)]),
            tmpl(r##"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"$0","namespace":"$1"}}"##, &[Value::from(SA), Value::from(NS)]),
            tmpl(r##"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"local-path-provisioner-role","namespace":"$0"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list","watch","create","patch","update","delete"]}]}"##, &[Value::from(NS)]),
            tmpl(r##"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"local-path-provisioner-role"},"rules":[{"apiGroups":[""],"resources":["nodes","persistentvolumeclaims","configmaps","pods","pods/log"],"verbs":["get","list","watch"]},{"apiGroups":[""],"resources":["persistentvolumes"],"verbs":["get","list","watch","create","patch","update","delete"]},{"apiGroups":[""],"resources":["events"],"verbs":["create","patch"]},{"apiGroups":["storage.k8s.io"],"resources":["storageclasses"],"verbs":["get","list","watch"]}]}"##, &[]),
            tmpl(r##"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"local-path-provisioner-bind","namespace":"$0"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"local-path-provisioner-role"},"subjects":"$1"}"##, &[Value::from(NS), subject.clone()]),
            tmpl(r##"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"local-path-provisioner-bind"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"local-path-provisioner-role"},"subjects":"$0"}"##, std::slice::from_ref(&subject)),
            tmpl(r##"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"local-path-provisioner","namespace":"$0"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"local-path-provisioner"}},"template":{"metadata":{"labels":{"app":"local-path-provisioner"}},"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"tolerations":[{"key":"node-role.kubernetes.io/control-plane","operator":"Equal","effect":"NoSchedule"},{"key":"node-role.kubernetes.io/master","operator":"Equal","effect":"NoSchedule"}],"serviceAccountName":"$1","containers":[{"name":"local-path-provisioner","image":"$2","imagePullPolicy":"IfNotPresent","command":["local-path-provisioner","--debug","start","--helper-image","$3","--config","/etc/config/config.json"],"volumeMounts":[{"name":"config-volume","mountPath":"/etc/config/"}],"env":[{"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}},{"name":"CONFIG_MOUNT_PATH","value":"/etc/config/"}]}],"volumes":[{"name":"config-volume","configMap":{"name":"local-path-config"}}]}}}}"##, &[Value::from(NS), Value::from(SA), Value::from(LOCAL_PATH_IMAGE), Value::from(HELPER_IMAGE)]),
            tmpl(r##"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"local-path-config","namespace":"$0"},"data":{"config.json":"{\n        \"nodePathMap\":[\n        {\n                \"node\":\"DEFAULT_PATH_FOR_NON_LISTED_NODES\",\n                \"paths\":[\"/var/local-path-provisioner\"]\n        }\n        ]\n}","setup":"#!/bin/sh\nset -eu\nmkdir -m 0777 -p \"$VOL_DIR\"","teardown":"#!/bin/sh\nset -eu\nrm -rf \"$VOL_DIR\"","helperPod.yaml":"$1"}}"##, &[Value::from(NS), Value::from(format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  priorityClassName: system-node-critical\n  tolerations:\n    - key: node.kubernetes.io/disk-pressure\n      operator: Exists\n      effect: NoSchedule\n  containers:\n  - name: helper-pod\n    image: {HELPER_IMAGE}\n    imagePullPolicy: IfNotPresent"))]),
        ];
        for mut obj in objects {
            // Applied by kind with kubectl apply: each keeps its
            // last-applied configuration.
            let applied = crate::api::last_applied_of(&obj);
            crate::meta::set_path(
                &mut obj,
                &["metadata", "annotations", crate::LAST_APPLIED],
                json!(applied),
            );
            self.bootstrap_create(obj, NS);
        }
    }

    /// kind's CNI DaemonSet.
    fn bootstrap_kindnet(&mut self) {
        self.bootstrap_create(
            tmpl(r##"{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"kindnet","namespace":"kube-system","labels":{"app":"kindnet","k8s-app":"kindnet","tier":"node"}},"spec":{"selector":{"matchLabels":{"app":"kindnet"}},"template":{"metadata":{"labels":{"app":"kindnet","k8s-app":"kindnet","tier":"node"}},"spec":{"containers":[{"name":"kindnet-cni","image":"$0","resources":{"limits":{"cpu":"100m","memory":"50Mi"},"requests":{"cpu":"100m","memory":"50Mi"}},"securityContext":{"capabilities":{"add":["NET_RAW","NET_ADMIN"]},"privileged":false}}],"hostNetwork":true,"serviceAccountName":"kindnet","tolerations":[{"operator":"Exists"}]}}}}"##, &[Value::from(KINDNET_IMAGE)]),
            "kube-system",
        );
    }

    fn bootstrap_create(&mut self, obj: Value, ns: &str) {
        if let Some(rt) = crate::resources::by_kind(
            crate::meta::str_at(&obj, "/apiVersion"),
            crate::meta::str_at(&obj, "/kind"),
        ) {
            let _ = self.create_object(rt, obj, ns);
        }
    }

    /// Runs timers up to `t` (bootstrap only; the public path is `advance`).
    fn run_until(&mut self, t: Time) {
        let ms = t.0 - self.now.0;
        self.advance(ms);
    }

    fn bootstrap_system_workloads(&mut self, cp_ip: &str) {
        let layout = self.profile.layout();
        let cp = layout.control_plane;
        let cluster_name = layout.cluster_name;
        let v = KUBERNETES_VERSION;
        // The ServiceAccounts kube-controller-manager and kubeadm create.
        for sa in [
            "attachdetach-controller",
            "bootstrap-signer",
            "certificate-controller",
            "clusterrole-aggregation-controller",
            "coredns",
            "cronjob-controller",
            "daemon-set-controller",
            "default",
            "deployment-controller",
            "disruption-controller",
            "endpoint-controller",
            "endpointslice-controller",
            "endpointslicemirroring-controller",
            "ephemeral-volume-controller",
            "expand-controller",
            "generic-garbage-collector",
            "horizontal-pod-autoscaler",
            "job-controller",
            "kindnet",
            "kube-proxy",
            "legacy-service-account-token-cleaner",
            "namespace-controller",
            "node-controller",
            "persistent-volume-binder",
            "pod-garbage-collector",
            "pv-protection-controller",
            "pvc-protection-controller",
            "replicaset-controller",
            "replication-controller",
            "resourcequota-controller",
            "root-ca-cert-publisher",
            "service-account-controller",
            "service-cidrs-controller",
            "statefulset-controller",
            "token-cleaner",
            "ttl-after-finished-controller",
            "ttl-controller",
            "validatingadmissionpolicy-status-controller",
        ] {
            self.bootstrap_create(tmpl(r##"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"$0","namespace":"kube-system"}}"##, &[Value::from(sa)]), "kube-system");
        }
        let corefile = ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30 {\n       disable success cluster.local\n       disable denial cluster.local\n    }\n    loop\n    reload\n    loadbalance\n}\n";
        self.bootstrap_create(
            tmpl(r##"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"coredns","namespace":"kube-system"},"data":{"Corefile":"$0"}}"##, &[Value::from(corefile)]),
            "kube-system",
        );
        let kubeadm_config = format!(
            "apiServer:\n  certSANs:\n  - localhost\n  - {cp_ip}\napiVersion: kubeadm.k8s.io/v1beta4\ncaCertificateValidityPeriod: 87600h0m0s\ncertificateValidityPeriod: 8760h0m0s\ncertificatesDir: /etc/kubernetes/pki\nclusterName: {cluster_name}\ncontrolPlaneEndpoint: {cp}:6443\ncontrollerManager:\n  extraArgs:\n  - name: enable-hostpath-provisioner\n    value: \"true\"\ndns: {{}}\nencryptionAlgorithm: RSA-2048\netcd:\n  local:\n    dataDir: /var/lib/etcd\nimageRepository: registry.k8s.io\nkind: ClusterConfiguration\nkubernetesVersion: {KUBERNETES_VERSION}\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\nproxy: {{}}\nscheduler: {{}}\n"
        );
        let kube_proxy_conf = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: 0.0.0.0\nclientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\nclusterCIDR: 10.244.0.0/16\nconntrack:\n  maxPerCore: 0\nkind: KubeProxyConfiguration\nmode: iptables\n";
        let kubelet_conf = "apiVersion: kubelet.config.k8s.io/v1beta1\ncgroupDriver: systemd\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\nevictionHard:\n  imagefs.available: 0%\n  nodefs.available: 0%\n  nodefs.inodesFree: 0%\nimageGCHighThresholdPercent: 100\nkind: KubeletConfiguration\nstaticPodPath: /etc/kubernetes/manifests\n";
        let kubeconfig = format!(
            "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: {}\n    server: https://{cp}:6443\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\npreferences: {{}}\nusers: null\n",
            crate::meta::base64_encode(crate::controllers::namespace::ROOT_CA.as_bytes())
        );
        for (name, ns, data) in [
            (
                "kubeadm-config",
                "kube-system",
                json!({"ClusterConfiguration": kubeadm_config}),
            ),
            (
                "kubelet-config",
                "kube-system",
                json!({"kubelet": kubelet_conf}),
            ),
            (
                "kube-proxy",
                "kube-system",
                json!({"config.conf": kube_proxy_conf, "kubeconfig.conf": format!("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://{cp}:6443\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n")}),
            ),
            (
                "kube-apiserver-legacy-service-account-token-tracking",
                "kube-system",
                json!({"since": "2025-12-22"}),
            ),
            (
                "cluster-info",
                "kube-public",
                json!({"kubeconfig": kubeconfig}),
            ),
        ] {
            self.bootstrap_create(tmpl(r##"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"$0","namespace":"$1"},"data":"$2"}"##, &[Value::from(name), Value::from(ns), data]), ns);
        }
        self.bootstrap_create(
            tmpl(r##"{"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-dns","namespace":"kube-system","annotations":{"prometheus.io/port":"9153","prometheus.io/scrape":"true"},"labels":{"k8s-app":"kube-dns","kubernetes.io/cluster-service":"true","kubernetes.io/name":"CoreDNS"}},"spec":{"clusterIP":"10.96.0.10","ports":[{"name":"dns","port":53,"protocol":"UDP","targetPort":53},{"name":"dns-tcp","port":53,"protocol":"TCP","targetPort":53},{"name":"metrics","port":9153,"protocol":"TCP","targetPort":9153}],"selector":{"k8s-app":"kube-dns"},"type":"ClusterIP"}}"##, &[]),
            "kube-system",
        );
        self.bootstrap_create(
            tmpl(r##"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"coredns","namespace":"kube-system","labels":{"k8s-app":"kube-dns"}},"spec":{"replicas":"$0","selector":{"matchLabels":{"k8s-app":"kube-dns"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},"template":{"metadata":{"labels":{"k8s-app":"kube-dns"}},"spec":{"containers":[{"name":"coredns","image":"$1","imagePullPolicy":"IfNotPresent","args":["-conf","/etc/coredns/Corefile"],"ports":[{"containerPort":53,"name":"dns","protocol":"UDP"},{"containerPort":53,"name":"dns-tcp","protocol":"TCP"},{"containerPort":9153,"name":"metrics","protocol":"TCP"}],"livenessProbe":{"failureThreshold":5,"httpGet":{"path":"/health","port":8080,"scheme":"HTTP"},"initialDelaySeconds":60,"periodSeconds":10,"successThreshold":1,"timeoutSeconds":5},"readinessProbe":{"failureThreshold":3,"httpGet":{"path":"/ready","port":8181,"scheme":"HTTP"},"periodSeconds":10,"successThreshold":1,"timeoutSeconds":1},"resources":{"limits":{"memory":"170Mi"},"requests":{"cpu":"100m","memory":"70Mi"}},"securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"add":["NET_BIND_SERVICE"],"drop":["ALL"]},"readOnlyRootFilesystem":true},"volumeMounts":[{"mountPath":"/etc/coredns","name":"config-volume","readOnly":true}]}],"dnsPolicy":"Default","nodeSelector":{"kubernetes.io/os":"linux"},"priorityClassName":"system-cluster-critical","serviceAccountName":"coredns","tolerations":[{"key":"CriticalAddonsOnly","operator":"Exists"},{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}],"volumes":[{"configMap":{"items":[{"key":"Corefile","path":"Corefile"}],"name":"coredns"},"name":"config-volume"}]}}}}"##, &[Value::from(if self.profile == crate::Profile::Minikube { 1 } else { 2 }), Value::from(COREDNS_IMAGE)]),
            "kube-system",
        );
        self.bootstrap_create(
            tmpl(r##"{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"kube-proxy","namespace":"kube-system","labels":{"k8s-app":"kube-proxy"}},"spec":{"selector":{"matchLabels":{"k8s-app":"kube-proxy"}},"template":{"metadata":{"labels":{"k8s-app":"kube-proxy"}},"spec":{"containers":[{"name":"kube-proxy","image":"$0","imagePullPolicy":"IfNotPresent","command":["/usr/local/bin/kube-proxy","--config=/var/lib/kube-proxy/config.conf","--hostname-override=$(NODE_NAME)"],"env":[{"name":"NODE_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"spec.nodeName"}}}],"securityContext":{"privileged":true}}],"hostNetwork":true,"nodeSelector":{"kubernetes.io/os":"linux"},"priorityClassName":"system-node-critical","serviceAccountName":"kube-proxy","tolerations":[{"operator":"Exists"}]}}}}"##, &[Value::from(format!("registry.k8s.io/kube-proxy:{v}"))]),
            "kube-system",
        );
        // minikube with the docker runtime on one node uses the bridge CNI
        // (no pods); the other profiles run kindnet.
        if self.profile != crate::Profile::Minikube {
            self.bootstrap_kindnet();
        }
        let node_uid = self
            .store
            .get("nodes", "", cp)
            .map(|n| crate::meta::uid_of(n).to_string())
            .unwrap_or_default();
        let statics = [
            (
                "etcd",
                ETCD_IMAGE.to_string(),
                vec![
                    "etcd".to_string(),
                    format!("--advertise-client-urls=https://{cp_ip}:2379"),
                    "--data-dir=/var/lib/etcd".to_string(),
                ],
                Some((
                    "kubeadm.kubernetes.io/etcd.advertise-client-urls",
                    format!("https://{cp_ip}:2379"),
                )),
            ),
            (
                "kube-apiserver",
                format!("registry.k8s.io/kube-apiserver:{v}"),
                vec![
                    "kube-apiserver".to_string(),
                    format!("--advertise-address={cp_ip}"),
                    "--service-cluster-ip-range=10.96.0.0/12".to_string(),
                ],
                Some((
                    "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint",
                    format!("{cp_ip}:6443"),
                )),
            ),
            (
                "kube-controller-manager",
                format!("registry.k8s.io/kube-controller-manager:{v}"),
                vec![
                    "kube-controller-manager".to_string(),
                    "--cluster-cidr=10.244.0.0/16".to_string(),
                    "--leader-elect=true".to_string(),
                ],
                None,
            ),
            (
                "kube-scheduler",
                format!("registry.k8s.io/kube-scheduler:{v}"),
                vec![
                    "kube-scheduler".to_string(),
                    "--leader-elect=true".to_string(),
                ],
                None,
            ),
        ];
        for (component, image, command, extra) in statics {
            let hash = crate::meta::hex64(&format!("{component}{image}"));
            let hash = &hash[..32];
            let mut annotations = tmpl(
                r##"{"kubernetes.io/config.hash":"$0","kubernetes.io/config.mirror":"$0","kubernetes.io/config.seen":"$1","kubernetes.io/config.source":"file"}"##,
                &[
                    Value::from(hash),
                    Value::from(crate::events::micro_time(self.now, 0)),
                ],
            );
            if let Some((k, val)) = extra {
                annotations[k] = json!(val);
            }
            let pod = tmpl(
                r##"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$0","namespace":"kube-system","annotations":"$1","labels":{"component":"$2","tier":"control-plane"},"ownerReferences":[{"apiVersion":"v1","controller":true,"kind":"Node","name":"$3","uid":"$4"}]},"spec":{"containers":[{"name":"$2","image":"$5","imagePullPolicy":"IfNotPresent","command":"$6","resources":{"requests":{"cpu":"$7"}}}],"hostNetwork":true,"nodeName":"$3","priorityClassName":"system-node-critical","securityContext":{"seccompProfile":{"type":"RuntimeDefault"}},"tolerations":[{"effect":"NoExecute","operator":"Exists"}]}}"##,
                &[
                    Value::from(format!("{component}-{cp}")),
                    annotations,
                    Value::from(component),
                    Value::from(cp),
                    Value::from(node_uid.as_str()),
                    Value::from(image),
                    Value::from(command),
                    Value::from(if component == "kube-apiserver" {
                        "250m"
                    } else {
                        "100m"
                    }),
                ],
            );
            self.bootstrap_create(pod, "kube-system");
        }
    }
}
