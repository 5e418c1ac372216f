//! The API server: create, apply, replace, update, get, list and delete
//! with the API server's validation, defaulting, allocation and errors. Every
//! write records a [`Change`] and then runs the controllers at the current
//! instant until the cluster is quiet.

use crate::error::{ApiError, Reason};
use crate::meta::{go_json, int_at, str_at};
use crate::resources::{self, ResourceType};
use crate::validation::{go_quote, go_string_slice};
use crate::{alloc, defaults, schema, validation};
use crate::{ApplyResult, Change, ChangeOp, Cluster};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// The annotation kubectl's client-side apply keeps the last applied
/// manifest in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The playground's size limits (see BENCHMARKS.md, "Engine"), chosen so
/// that a command at a limit stays interactive in the browser. Counts are
/// enforced like a ResourceQuota named `kubeplay` (`Forbidden ... exceeded
/// quota`), field values like validation (`Invalid value ... must be less
/// than or equal to`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Nodes in the cluster (`kubeplay node add`).
    pub nodes: usize,
    /// Pods in the cluster.
    pub pods: usize,
    /// Objects of every kind but Events (which expire after an hour).
    pub objects: usize,
    /// `spec.replicas` of a Deployment, ReplicaSet, StatefulSet or
    /// ReplicationController.
    pub replicas: i64,
}

impl Default for Limits {
    /// 100 nodes; 11,000 pods (100 nodes of 110 pods); 25,000 objects;
    /// 1,000 replicas per workload.
    fn default() -> Limits {
        Limits {
            nodes: 100,
            pods: 11_000,
            objects: 25_000,
            replicas: 1_000,
        }
    }
}

/// The name the quota errors give.
pub(crate) const QUOTA: &str = "kubeplay";

/// `spec.replicas` over the playground's limit, as a validation error.
fn limit_errors(limits: &Limits, obj: &Value, plural: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if matches!(
        plural,
        "deployments" | "replicasets" | "statefulsets" | "replicationcontrollers"
    ) {
        if let Some(n) = int_at(obj, "/spec/replicas") {
            if n > limits.replicas {
                errs.push(format!(
                    "spec.replicas: Invalid value: {n}: must be less than or equal to {}",
                    limits.replicas
                ));
            }
        }
    }
    errs
}

/// How dependents of a deleted object are treated (`kubectl delete --cascade`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Propagation {
    /// The owner goes at once; the garbage collector deletes dependents
    /// afterwards (kubectl's default).
    #[default]
    Background,
    /// Dependents go first; the owner waits with a `foregroundDeletion`
    /// finalizer until they are gone.
    Foreground,
    /// Dependents stay, their ownerReferences to the owner removed.
    Orphan,
}

/// Options of a delete (`--grace-period`, `--force`, `--cascade`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// Overrides the pod's terminationGracePeriodSeconds; `Some(0)` with
    /// `--force` removes a pod at once.
    pub grace_period_seconds: Option<i64>,
    pub propagation: Propagation,
}

/// Resources whose `status` a user cannot set through the main resource.
fn has_status_subresource(plural: &str) -> bool {
    matches!(
        plural,
        "pods"
            | "services"
            | "namespaces"
            | "nodes"
            | "deployments"
            | "replicasets"
            | "daemonsets"
            | "statefulsets"
            | "jobs"
            | "cronjobs"
            | "persistentvolumeclaims"
            | "persistentvolumes"
            | "ingresses"
            | "horizontalpodautoscalers"
            | "resourcequotas"
            | "poddisruptionbudgets"
    )
}

/// Resources that carry `metadata.generation`.
fn has_generation(plural: &str) -> bool {
    matches!(
        plural,
        "deployments"
            | "replicasets"
            | "daemonsets"
            | "statefulsets"
            | "jobs"
            | "cronjobs"
            | "ingresses"
            | "ingressclasses"
            | "endpointslices"
            | "horizontalpodautoscalers"
            | "validatingwebhookconfigurations"
            | "poddisruptionbudgets"
    )
}

fn static_rt(rt: &ResourceType) -> &'static ResourceType {
    resources::RESOURCES
        .iter()
        .find(|r| r.plural == rt.plural && r.group == rt.group)
        .unwrap_or(&resources::RESOURCES[0])
}

/// `metadata` without the server-managed fields that may differ between
/// two writes of the same content.
/// Whether two versions of an object are the same apart from the
/// server-managed `resourceVersion` and `managedFields`.
fn same_content(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    let skip = |k: &str| k == "resourceVersion" || k == "managedFields";
    let meta_eq = match (
        a.get("metadata").and_then(Value::as_object),
        b.get("metadata").and_then(Value::as_object),
    ) {
        (Some(ma), Some(mb)) => {
            ma.iter().filter(|(k, _)| !skip(k)).count()
                == mb.iter().filter(|(k, _)| !skip(k)).count()
                && ma
                    .iter()
                    .filter(|(k, _)| !skip(k))
                    .all(|(k, v)| mb.get(k) == Some(v))
        }
        (x, y) => x == y,
    };
    meta_eq
        && a.iter().filter(|(k, _)| *k != "metadata").count()
            == b.iter().filter(|(k, _)| *k != "metadata").count()
        && a.iter()
            .filter(|(k, _)| *k != "metadata")
            .all(|(k, v)| b.get(k) == Some(v))
}

impl Cluster {
    // ----- reads -----

    /// One object, or `NotFound` with the API server's wording
    /// (`deployments.apps "x" not found`). For cluster-scoped resources `ns`
    /// is ignored.
    pub fn get(&self, rt: &ResourceType, ns: &str, name: &str) -> Result<&Value, ApiError> {
        let ns = if rt.namespaced { ns } else { "" };
        self.store
            .get(rt.plural, ns, name)
            .ok_or_else(|| ApiError::not_found(&rt.qualified_plural(), name))
    }

    /// All objects of a resource in one namespace (`Some`) or in all
    /// (`None`), sorted by namespace then name. Cluster-scoped resources
    /// ignore the namespace.
    pub fn list(&self, rt: &ResourceType, ns: Option<&str>) -> Vec<&Value> {
        let ns = if rt.namespaced { ns } else { None };
        self.store.list(rt.plural, ns)
    }

    // ----- writes -----

    /// Runs one write request. A rejected request leaves no trace, not even
    /// in the RNGs: on error both streams go back to where they were.
    fn rejected_leaves_no_trace<T>(
        &mut self,
        request: impl FnOnce(&mut Self) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let saved = (self.rng.clone(), self.ids.clone());
        let result = request(self);
        if result.is_err() {
            (self.rng, self.ids) = saved;
        }
        result
    }

    /// `kubectl create`: validates (strict field validation, names, kind
    /// rules), defaults, allocates (Service IPs and node ports), and stores
    /// a new object. `default_ns` applies when the manifest names no
    /// namespace. Errors: `NotFound` (`namespaces "x" not found`),
    /// `AlreadyExists`, `Invalid`, `BadRequest`, `Forbidden`, or `Client` for
    /// kinds the server does not serve. On error nothing changes.
    pub fn create(&mut self, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
        self.finish_pending();
        self.rejected_leaves_no_trace(|c| c.create_inner(obj, default_ns))
    }

    fn create_inner(&mut self, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
        let rt = self.resolve_kind(&obj)?;
        schema::check(&obj, rt)?;
        let out = self.create_object(rt, obj, default_ns)?;
        self.settle();
        let ns = crate::namespace_of(&out).to_string();
        Ok(self
            .store
            .get(rt.plural, &ns, crate::name_of(&out))
            .cloned()
            .unwrap_or(out))
    }

    /// `kubectl apply` (client-side): creates the object if missing, else
    /// three-way merges the manifest with the live object and the
    /// `kubectl.kubernetes.io/last-applied-configuration` annotation, as
    /// kubectl does; reports Created, Configured or Unchanged.
    pub fn apply(
        &mut self,
        obj: Value,
        default_ns: &str,
    ) -> Result<(Value, ApplyResult), ApiError> {
        self.finish_pending();
        self.rejected_leaves_no_trace(|c| c.apply_inner(obj, default_ns, false))
    }

    /// What `kubectl diff` asks the server with `dryRun=All`: a create of
    /// the manifest as it is when the object is missing, else the
    /// client-side apply patch without the last-applied annotation
    /// (kubectl diff does not annotate). The object after defaulting,
    /// validation and the generation bump, before any controller sees it;
    /// nothing changes. A dry-run create has no resourceVersion yet, a
    /// dry-run patch keeps the live one.
    pub fn apply_dry_run(&mut self, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
        self.finish_pending();
        self.probe(|c| {
            let live_rv = c
                .resolve_kind(&obj)
                .ok()
                .map(|rt| {
                    let ns = c.target_namespace(rt, &obj, default_ns);
                    let ns = if rt.namespaced { ns } else { String::new() };
                    c.store
                        .get(rt.plural, &ns, crate::name_of(&obj))
                        .map(|l| str_at(l, "/metadata/resourceVersion").to_string())
                })
                .unwrap_or_default();
            let (mut out, _) = c.apply_inner(obj, default_ns, true)?;
            if let Some(meta) = out.get_mut("metadata").and_then(Value::as_object_mut) {
                // The server's typed object drops an empty map (omitempty).
                for key in ["annotations", "labels"] {
                    if meta
                        .get(key)
                        .and_then(Value::as_object)
                        .is_some_and(|m| m.is_empty())
                    {
                        meta.remove(key);
                    }
                }
                match live_rv {
                    Some(rv) => {
                        meta.insert("resourceVersion".into(), json!(rv));
                    }
                    None => {
                        meta.remove("resourceVersion");
                    }
                }
            }
            Ok(out)
        })
    }

    fn apply_inner(
        &mut self,
        obj: Value,
        default_ns: &str,
        dry_run: bool,
    ) -> Result<(Value, ApplyResult), ApiError> {
        let rt = self.resolve_kind(&obj)?;
        schema::check(&obj, rt)?;
        let mut obj = obj;
        let ns = self.target_namespace(rt, &obj, default_ns);
        if rt.namespaced {
            crate::meta::set_path(&mut obj, &["metadata", "namespace"], json!(ns));
        }
        let name = crate::name_of(&obj).to_string();
        if name.is_empty() {
            let msg = if str_at(&obj, "/metadata/generateName").is_empty() {
                "resource name may not be empty"
            } else {
                "cannot use generate name with apply"
            };
            return Err(ApiError::new(Reason::Client, msg));
        }
        let applied = last_applied_of(&obj);
        match self.store.get(rt.plural, &ns, &name).cloned() {
            None => {
                if !dry_run {
                    crate::meta::set_path(
                        &mut obj,
                        &["metadata", "annotations", LAST_APPLIED],
                        json!(applied),
                    );
                }
                let out = self.create_object(rt, obj, default_ns)?;
                if dry_run {
                    return Ok((out, ApplyResult::Created));
                }
                self.settle();
                let cur = self
                    .store
                    .get(rt.plural, &ns, &name)
                    .cloned()
                    .unwrap_or(out);
                Ok((cur, ApplyResult::Created))
            }
            Some(live) => {
                let last: Value = live
                    .pointer(&format!(
                        "/metadata/annotations/{}",
                        LAST_APPLIED.replace('/', "~1")
                    ))
                    .and_then(Value::as_str)
                    .and_then(|s| serde_json::from_str(s).ok())
                    .unwrap_or(Value::Null);
                if dry_run {
                    // kubectl diff's patch does not carry the annotation.
                    strip_last_applied(&mut obj);
                } else {
                    crate::meta::set_path(
                        &mut obj,
                        &["metadata", "annotations", LAST_APPLIED],
                        json!(applied),
                    );
                }
                let merged = three_way(&live, &last, &obj, "");
                let out = self.update_object(rt, merged, true)?;
                match out {
                    None => Ok((live, ApplyResult::Unchanged)),
                    Some(v) if dry_run => Ok((v, ApplyResult::Configured)),
                    Some(v) => {
                        self.settle();
                        let cur = self.store.get(rt.plural, &ns, &name).cloned().unwrap_or(v);
                        Ok((cur, ApplyResult::Configured))
                    }
                }
            }
        }
    }

    /// `kubectl replace -f`: replaces the whole object (server-set fields
    /// such as uid, creationTimestamp, status, a Service's clusterIP and
    /// node ports are kept). `NotFound` if it does not exist.
    pub fn replace(&mut self, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
        self.finish_pending();
        self.rejected_leaves_no_trace(|c| c.replace_inner(obj, default_ns))
    }

    fn replace_inner(&mut self, obj: Value, default_ns: &str) -> Result<Value, ApiError> {
        let rt = self.resolve_kind(&obj)?;
        schema::check(&obj, rt)?;
        let mut obj = obj;
        let ns = self.target_namespace(rt, &obj, default_ns);
        if rt.namespaced {
            crate::meta::set_path(&mut obj, &["metadata", "namespace"], json!(ns));
        }
        let out = self.update_object(rt, obj.clone(), false)?;
        self.settle();
        let name = crate::name_of(&obj);
        Ok(self
            .store
            .get(rt.plural, &ns, name)
            .cloned()
            .or(out)
            .unwrap_or(obj))
    }

    /// An update (PUT) of an object the caller read and modified (scale,
    /// label, annotate, set image, edit). If `metadata.resourceVersion` is
    /// set and stale the write fails with `Conflict`, as the API server's
    /// optimistic concurrency does.
    pub fn update(&mut self, obj: Value) -> Result<Value, ApiError> {
        self.finish_pending();
        self.rejected_leaves_no_trace(|c| c.update_inner(obj))
    }

    fn update_inner(&mut self, obj: Value) -> Result<Value, ApiError> {
        let rt = self.resolve_kind(&obj)?;
        schema::check(&obj, rt)?;
        let ns = crate::namespace_of(&obj).to_string();
        let name = crate::name_of(&obj).to_string();
        let out = self.update_object(rt, obj.clone(), false)?;
        self.settle();
        Ok(self
            .store
            .get(rt.plural, &ns, &name)
            .cloned()
            .or(out)
            .unwrap_or(obj))
    }

    /// `kubectl delete` with default options: pods are deleted gracefully
    /// (Terminating for up to their grace period), namespaces go
    /// Terminating until their content is gone, other objects go at once;
    /// dependents follow through the garbage collector. Returns the object
    /// as it was when the delete was accepted.
    pub fn delete(&mut self, rt: &ResourceType, ns: &str, name: &str) -> Result<Value, ApiError> {
        self.delete_with(rt, ns, name, DeleteOptions::default())
    }

    /// `kubectl delete` with options (`--grace-period`, `--force`,
    /// `--cascade=background|foreground|orphan`).
    pub fn delete_with(
        &mut self,
        rt: &ResourceType,
        ns: &str,
        name: &str,
        opts: DeleteOptions,
    ) -> Result<Value, ApiError> {
        self.finish_pending();
        let rt = static_rt(rt);
        let ns = if rt.namespaced { ns } else { "" };
        let obj = self
            .store
            .get(rt.plural, ns, name)
            .cloned()
            .ok_or_else(|| ApiError::not_found(&rt.qualified_plural(), name))?;
        if rt.plural == "namespaces" && ["default", "kube-system", "kube-public"].contains(&name) {
            return Err(ApiError::new(
                Reason::Forbidden,
                format!("namespaces \"{name}\" is forbidden: this namespace may not be deleted"),
            ));
        }
        let out = self.delete_object(rt.plural, ns, name, opts);
        self.settle();
        Ok(out.unwrap_or(obj))
    }

    /// Runs controllers, the scheduler and the kubelets at the current
    /// instant until nothing changes any more.
    pub fn settle(&mut self) {
        self.settle_or_defer();
    }

    // ----- internals -----

    fn resolve_kind(&self, obj: &Value) -> Result<&'static ResourceType, ApiError> {
        if !obj.is_object() {
            return Err(ApiError::new(
                Reason::BadRequest,
                "the object provided is not a JSON object",
            ));
        }
        let api_version = str_at(obj, "/apiVersion");
        let kind = str_at(obj, "/kind");
        if kind.is_empty() {
            return Err(ApiError::new(
                Reason::Client,
                format!("Object 'Kind' is missing in '{}'", go_json(obj)),
            ));
        }
        if api_version.is_empty() {
            return Err(ApiError::new(
                Reason::Client,
                format!("Object 'apiVersion' is missing in '{}'", go_json(obj)),
            ));
        }
        resources::by_kind(api_version, kind).ok_or_else(|| {
            ApiError::new(
                Reason::Client,
                format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
            )
        })
    }

    fn target_namespace(&self, rt: &ResourceType, obj: &Value, default_ns: &str) -> String {
        if !rt.namespaced {
            return String::new();
        }
        let ns = crate::namespace_of(obj);
        if ns.is_empty() {
            if default_ns.is_empty() {
                "default".to_string()
            } else {
                default_ns.to_string()
            }
        } else {
            ns.to_string()
        }
    }

    /// The whole create path without settling; used by the API and by
    /// controllers (which create pods, ReplicaSets, slices, events).
    pub(crate) fn create_object(
        &mut self,
        rt: &'static ResourceType,
        mut obj: Value,
        default_ns: &str,
    ) -> Result<Value, ApiError> {
        let ns = self.target_namespace(rt, &obj, default_ns);
        let meta = crate::meta::obj_mut(&mut obj, "metadata")
            .ok_or_else(|| ApiError::new(Reason::BadRequest, "metadata must be an object"))?;
        if rt.namespaced {
            meta.insert("namespace".into(), json!(ns));
        } else {
            meta.remove("namespace");
        }
        for k in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
            "selfLink",
            "managedFields",
        ] {
            meta.remove(k);
        }
        if rt.namespaced {
            match self.store.get("namespaces", "", &ns) {
                None => return Err(ApiError::not_found("namespaces", &ns)),
                Some(n) if n.pointer("/metadata/deletionTimestamp").is_some() => {
                    let name = crate::name_of(&obj);
                    return Err(ApiError::new(
                        Reason::Forbidden,
                        format!(
                            "{} \"{}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                            rt.qualified_plural(),
                            name
                        ),
                    ));
                }
                _ => {}
            }
        }
        // generateName
        let generate = str_at(&obj, "/metadata/generateName").to_string();
        if crate::name_of(&obj).is_empty() && !generate.is_empty() {
            let prefix: String = if generate.len() > 58 {
                generate.chars().take(58).collect()
            } else {
                generate.clone()
            };
            let mut name = format!("{prefix}{}", self.rng.name_suffix(5));
            for _ in 0..8 {
                if !self.store.contains(rt.plural, &ns, &name) {
                    break;
                }
                name = format!("{prefix}{}", self.rng.name_suffix(5));
            }
            crate::meta::set_path(&mut obj, &["metadata", "name"], json!(name));
        }
        if has_status_subresource(rt.plural) && rt.plural != "nodes" {
            if let Some(m) = obj.as_object_mut() {
                m.remove("status");
            }
        }
        // Defaulting.
        defaults::default_object(&mut obj, rt.plural);
        if rt.plural == "nodes" {
            stamp_taints(&mut obj, self.now);
        }
        if rt.plural == "pods" {
            defaults::default_pod(&mut obj, &mut self.rng);
            self.admit_priority(&mut obj)?;
            self.limit_ranger_defaults(&mut obj);
        }
        if rt.plural == "persistentvolumeclaims" {
            self.admit_claim(&mut obj);
        }
        // Validation.
        let mut errs = validation::validate(&obj, rt.plural);
        errs.extend(limit_errors(&self.limits, &obj, rt.plural));
        let name = crate::name_of(&obj).to_string();
        if !errs.is_empty() {
            return Err(ApiError::invalid(rt.kind, &name, &errs));
        }
        self.admit_quota(rt, &name)?;
        self.limit_ranger_validate(rt, &obj)?;
        let reserved = self.admit_resource_quotas(rt, &obj)?;
        // Allocation.
        if rt.plural == "services" {
            self.allocate_service(&mut obj, None)?;
        }
        if self.store.contains(rt.plural, &ns, &name) {
            return Err(ApiError::already_exists(&rt.qualified_plural(), &name));
        }
        let uid = self.ids.uuid();
        let now = self.now.rfc3339();
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            // Keep the API server's field order: name, generateName,
            // namespace, uid, resourceVersion, generation, creationTimestamp.
            let mut m = Map::new();
            for k in ["name", "generateName", "namespace"] {
                if let Some(v) = meta.remove(k) {
                    m.insert(k.into(), v);
                }
            }
            m.insert("uid".into(), json!(uid));
            m.insert("resourceVersion".into(), json!(""));
            if has_generation(rt.plural) {
                m.insert("generation".into(), json!(1));
            }
            m.insert("creationTimestamp".into(), json!(now));
            for (k, v) in std::mem::take(meta) {
                m.insert(k, v);
            }
            *meta = m;
        }
        if rt.plural == "jobs" {
            generate_job_selector(&mut obj, &uid, &name);
        }
        // The quotas' usage the admission counted this object into.
        for q in reserved {
            self.put("resourcequotas", q);
        }
        let obj = reorder_top(obj);
        Ok(self.put_get(rt.plural, obj))
    }

    /// The playground's object counts, enforced like a ResourceQuota
    /// named `kubeplay`: pods, and objects of every kind but Events.
    fn admit_quota(&self, rt: &ResourceType, name: &str) -> Result<(), ApiError> {
        if rt.plural == "events" {
            return Ok(());
        }
        let objects = self.store.len() - self.store.count("events");
        let pods = self.store.count("pods");
        let exceeded = if rt.plural == "pods" && pods >= self.limits.pods {
            Some(("pods", pods, self.limits.pods))
        } else if objects >= self.limits.objects {
            Some(("count/objects", objects, self.limits.objects))
        } else {
            None
        };
        match exceeded {
            Some((what, used, limit)) => Err(ApiError::new(
                Reason::Forbidden,
                format!(
                    "{} \"{name}\" is forbidden: exceeded quota: {}, requested: {what}=1, used: {what}={used}, limited: {what}={limit}",
                    rt.qualified_plural(),
                    QUOTA
                ),
            )),
            None => Ok(()),
        }
    }

    /// LimitRanger's mutation of a new pod: a container without a request
    /// or limit for a resource gets the default of the namespace's
    /// LimitRanges (type Container), and the pod the
    /// `kubernetes.io/limit-ranger` annotation saying what was set. A
    /// limit without a request first makes the request (pod defaulting).
    fn limit_ranger_defaults(&mut self, pod: &mut Value) {
        for key in ["containers", "initContainers"] {
            if let Some(cs) = pod
                .pointer_mut(&format!("/spec/{key}"))
                .and_then(Value::as_array_mut)
            {
                for c in cs.iter_mut() {
                    let limits = c
                        .pointer("/resources/limits")
                        .and_then(Value::as_object)
                        .cloned();
                    let Some(limits) = limits.filter(|l| !l.is_empty()) else {
                        continue;
                    };
                    if let Some(req) = crate::meta::path_mut(c, &["resources", "requests"]) {
                        for (k, v) in limits {
                            req.entry(k).or_insert(v);
                        }
                    }
                }
            }
        }
        let ns = crate::namespace_of(pod).to_string();
        if self.store.count("limitranges") == 0 {
            return;
        }
        let ranges: Vec<Value> = self
            .store
            .list("limitranges", Some(&ns))
            .into_iter()
            .cloned()
            .collect();
        let mut notes: Vec<String> = Vec::new();
        for lr in &ranges {
            // defaultContainerResourceRequirements: the last Container item wins.
            let mut requests = Map::new();
            let mut limits = Map::new();
            for item in crate::meta::arr_at(lr, "/spec/limits") {
                if str_at(item, "/type") != "Container" {
                    continue;
                }
                if let Some(m) = item.get("defaultRequest").and_then(Value::as_object) {
                    requests.extend(m.clone());
                }
                if let Some(m) = item.get("default").and_then(Value::as_object) {
                    limits.extend(m.clone());
                }
            }
            if requests.is_empty() && limits.is_empty() {
                continue;
            }
            notes.clear();
            for (key, what) in [
                ("containers", "container"),
                ("initContainers", "init container"),
            ] {
                let Some(cs) = pod
                    .pointer_mut(&format!("/spec/{key}"))
                    .and_then(Value::as_array_mut)
                else {
                    continue;
                };
                for c in cs.iter_mut() {
                    let cname = str_at(c, "/name").to_string();
                    let mut set_req: Vec<String> = Vec::new();
                    let mut set_lim: Vec<String> = Vec::new();
                    if let Some(l) = crate::meta::path_mut(c, &["resources", "limits"]) {
                        for (k, v) in &limits {
                            if !l.contains_key(k) {
                                l.insert(k.clone(), v.clone());
                                set_lim.push(k.clone());
                            }
                        }
                    }
                    if let Some(r) = crate::meta::path_mut(c, &["resources", "requests"]) {
                        for (k, v) in &requests {
                            if !r.contains_key(k) {
                                r.insert(k.clone(), v.clone());
                                set_req.push(k.clone());
                            }
                        }
                    }
                    crate::sort::sort(&mut set_req);
                    crate::sort::sort(&mut set_lim);
                    if !set_req.is_empty() {
                        notes.push(format!("{} request for {what} {cname}", set_req.join(", ")));
                    }
                    if !set_lim.is_empty() {
                        notes.push(format!("{} limit for {what} {cname}", set_lim.join(", ")));
                    }
                }
            }
            if !notes.is_empty() {
                crate::meta::set_path(
                    pod,
                    &["metadata", "annotations", "kubernetes.io/limit-ranger"],
                    json!(format!("LimitRanger plugin set: {}", notes.join("; "))),
                );
            }
        }
        // Empty maps the defaulting made but left empty go again.
        for key in ["containers", "initContainers"] {
            if let Some(cs) = pod
                .pointer_mut(&format!("/spec/{key}"))
                .and_then(Value::as_array_mut)
            {
                for c in cs.iter_mut() {
                    if let Some(res) = c.get_mut("resources").and_then(Value::as_object_mut) {
                        for f in ["limits", "requests"] {
                            if res
                                .get(f)
                                .and_then(Value::as_object)
                                .is_some_and(|m| m.is_empty())
                            {
                                res.remove(f);
                            }
                        }
                    }
                }
            }
        }
        let qos = defaults::qos_class(pod.get("spec").unwrap_or(&Value::Null));
        if let Some(st) = pod.get_mut("status").and_then(Value::as_object_mut) {
            st.insert("qosClass".into(), json!(qos));
        }
    }

    /// LimitRanger's validation: each min, max and maxLimitRequestRatio of
    /// the namespace's LimitRanges against a new pod's containers (type
    /// Container), the pod's sums (type Pod) or a claim's storage request
    /// (type PersistentVolumeClaim); `Forbidden` with every violation.
    fn limit_ranger_validate(&self, rt: &ResourceType, obj: &Value) -> Result<(), ApiError> {
        if !matches!(rt.plural, "pods" | "persistentvolumeclaims")
            || self.store.count("limitranges") == 0
        {
            return Ok(());
        }
        use crate::controllers::quota::{resource_list, Qty, Usage};
        let ns = crate::namespace_of(obj);
        for lr in self.store.list("limitranges", Some(ns)) {
            let mut errs: Vec<String> = Vec::new();
            for item in crate::meta::arr_at(lr, "/spec/limits") {
                let ty = str_at(item, "/type");
                let min = resource_list(item.get("min"));
                let max = resource_list(item.get("max"));
                let ratio = resource_list(item.get("maxLimitRequestRatio"));
                let mut check = |req: &Usage, lim: &Usage, pvc: bool| {
                    for (k, v) in &min {
                        if let Some(e) = limit_min(ty, k, *v, req, lim) {
                            errs.push(e);
                        }
                    }
                    for (k, v) in &max {
                        let e = if pvc {
                            limit_max_request(ty, k, *v, req)
                        } else {
                            limit_max(ty, k, *v, req, lim)
                        };
                        if let Some(e) = e {
                            errs.push(e);
                        }
                    }
                    if !pvc {
                        for (k, v) in &ratio {
                            if let Some(e) = limit_ratio(ty, k, *v, req, lim) {
                                errs.push(e);
                            }
                        }
                    }
                };
                match (rt.plural, ty) {
                    ("pods", "Container") => {
                        for key in ["/spec/containers", "/spec/initContainers"] {
                            for c in crate::meta::arr_at(obj, key) {
                                check(
                                    &resource_list(c.pointer("/resources/requests")),
                                    &resource_list(c.pointer("/resources/limits")),
                                    false,
                                );
                            }
                        }
                    }
                    ("pods", "Pod") => {
                        let sum = |which: &str| {
                            let mut out = Usage::new();
                            let cs = crate::meta::arr_at(obj, "/spec/containers");
                            for c in cs {
                                for (k, q) in
                                    resource_list(c.pointer(&format!("/resources/{which}")))
                                {
                                    let cur = out.get(&k).copied();
                                    out.insert(k, cur.map_or(q, |x: Qty| x.add(q)));
                                }
                            }
                            // A resource some container leaves unset has no pod total.
                            out.retain(|k, _| {
                                cs.iter().all(|c| {
                                    c.pointer(&format!("/resources/{which}/{k}")).is_some()
                                })
                            });
                            out
                        };
                        check(&sum("requests"), &sum("limits"), false);
                    }
                    ("persistentvolumeclaims", "PersistentVolumeClaim") => {
                        check(
                            &resource_list(obj.pointer("/spec/resources/requests")),
                            &Usage::new(),
                            true,
                        );
                    }
                    _ => {}
                }
            }
            if !errs.is_empty() {
                let body = if errs.len() == 1 {
                    errs.remove(0)
                } else {
                    format!("[{}]", errs.join(", "))
                };
                return Err(ApiError::new(
                    Reason::Forbidden,
                    format!(
                        "{} \"{}\" is forbidden: {body}",
                        rt.qualified_plural(),
                        crate::name_of(obj)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// ResourceQuota admission of a create: every quota of the namespace
    /// that tracks what the object counts for must have room for it
    /// (`exceeded quota: q, requested: ..., used: ..., limited: ...`), and
    /// a pod must state each compute resource a quota tracks (`failed
    /// quota: q: must specify ...`). Returns the quotas with their usage
    /// raised, to store once the object is.
    fn admit_resource_quotas(
        &self,
        rt: &ResourceType,
        obj: &Value,
    ) -> Result<Vec<Value>, ApiError> {
        use crate::controllers::quota;
        if self.store.count("resourcequotas") == 0 {
            return Ok(Vec::new());
        }
        let ns = crate::namespace_of(obj);
        let delta = quota::object_usage(rt.plural, obj);
        let forbidden = |msg: String| {
            ApiError::new(
                Reason::Forbidden,
                format!(
                    "{} \"{}\" is forbidden: {msg}",
                    rt.qualified_plural(),
                    crate::name_of(obj)
                ),
            )
        };
        let mut out = Vec::new();
        let mut checks = Vec::new();
        for q in self.store.list("resourcequotas", Some(ns)) {
            if !quota::in_scope(q, rt.plural, obj) {
                continue;
            }
            let mut hard = quota::resource_list(q.pointer("/status/hard"));
            if hard.is_empty() {
                hard = quota::resource_list(q.pointer("/spec/hard"));
            }
            let tracked: quota::Usage = crate::sort::map(
                hard.iter()
                    .filter(|(k, _)| quota::tracked_plural(k) == Some(rt.plural))
                    .map(|(k, v)| (k.clone(), *v)),
            );
            if tracked.is_empty() {
                continue;
            }
            if rt.plural == "pods" {
                if let Some(e) = quota::pod_constraints(obj, &tracked) {
                    return Err(forbidden(format!(
                        "failed quota: {}: {e}",
                        crate::name_of(q)
                    )));
                }
            }
            checks.push((q, hard));
        }
        for (q, hard) in checks {
            let used = match q.pointer("/status/used") {
                Some(u) => quota::resource_list(Some(u)),
                None => quota::namespace_usage(self, q, &hard),
            };
            let requested: quota::Usage = crate::sort::map(
                delta
                    .iter()
                    .filter(|(k, _)| hard.contains_key(*k))
                    .map(|(k, v)| (k.clone(), *v)),
            );
            if requested.values().all(|v| v.nanos == 0) {
                continue;
            }
            let mut new_used = used.clone();
            for (k, v) in &requested {
                let cur = new_used.get(k).copied().unwrap_or(quota::Qty::count(0));
                new_used.insert(k.clone(), cur.add(*v));
            }
            let exceeded: Vec<&String> = requested
                .keys()
                .filter(|k| {
                    matches!((new_used.get(*k), hard.get(*k)), (Some(n), Some(h)) if n.nanos > h.nanos)
                })
                .collect();
            if !exceeded.is_empty() {
                let mask = |u: &quota::Usage| -> quota::Usage {
                    crate::sort::map(
                        u.iter()
                            .filter(|(k, _)| exceeded.contains(k))
                            .map(|(k, v)| (k.clone(), *v)),
                    )
                };
                return Err(forbidden(format!(
                    "exceeded quota: {}, requested: {}, used: {}, limited: {}",
                    crate::name_of(q),
                    quota::pretty(&mask(&requested)),
                    quota::pretty(&mask(&used)),
                    quota::pretty(&mask(&hard))
                )));
            }
            let mut nq = q.clone();
            nq["status"] =
                json!({"hard": quota::to_json(&hard), "used": quota::to_json(&new_used)});
            out.push(nq);
        }
        Ok(out)
    }

    /// Priority admission: `priorityClassName` must name a PriorityClass,
    /// whose value and preemption policy the pod takes; without one the
    /// global default class (if any) applies, else priority 0.
    fn admit_priority(&mut self, pod: &mut Value) -> Result<(), ApiError> {
        let class = str_at(pod, "/spec/priorityClassName").to_string();
        let found = if class.is_empty() {
            self.store
                .list("priorityclasses", None)
                .into_iter()
                .find(|pc| pc.get("globalDefault").and_then(Value::as_bool) == Some(true))
                .cloned()
        } else {
            match self.store.get("priorityclasses", "", &class) {
                Some(pc) => Some(pc.clone()),
                None => {
                    return Err(ApiError::new(
                        Reason::Forbidden,
                        format!(
                        "pods \"{}\" is forbidden: no PriorityClass with name {class} was found",
                        crate::name_of(pod)
                    ),
                    ))
                }
            }
        };
        if let (Some(pc), Some(spec)) = (found, pod.get_mut("spec").and_then(Value::as_object_mut))
        {
            if class.is_empty() {
                spec.insert("priorityClassName".into(), json!(crate::name_of(&pc)));
            }
            spec.insert(
                "priority".into(),
                pc.get("value").cloned().unwrap_or(json!(0)),
            );
            let policy = pc
                .get("preemptionPolicy")
                .cloned()
                .unwrap_or(json!("PreemptLowerPriority"));
            spec.insert("preemptionPolicy".into(), policy);
        }
        Ok(())
    }

    /// DefaultStorageClass and StorageObjectInUseProtection admission: a
    /// claim without a class gets the default one, and every claim the
    /// pvc-protection finalizer.
    fn admit_claim(&mut self, obj: &mut Value) {
        let default_class = self
            .store
            .list("storageclasses", None)
            .into_iter()
            .find(|sc| {
                sc.pointer("/metadata/annotations/storageclass.kubernetes.io~1is-default-class")
                    .and_then(Value::as_str)
                    == Some("true")
            })
            .map(|sc| crate::name_of(sc).to_string());
        if let (Some(class), Some(spec)) = (default_class, crate::meta::obj_mut(obj, "spec")) {
            if !spec.contains_key("storageClassName") {
                spec.insert("storageClassName".into(), json!(class));
            }
        }
        if let Some(meta) = crate::meta::obj_mut(obj, "metadata") {
            let f = meta.entry("finalizers").or_insert_with(|| json!([]));
            if let Some(a) = f.as_array_mut() {
                if !a.iter().any(|x| x == "kubernetes.io/pvc-protection") {
                    a.push(json!("kubernetes.io/pvc-protection"));
                }
            }
        }
    }

    /// The update path: `obj` replaces the live object. `Ok(None)` when the
    /// result equals the live object (nothing written). `from_apply`
    /// skips the resourceVersion check (kubectl apply patches).
    pub(crate) fn update_object(
        &mut self,
        rt: &'static ResourceType,
        mut obj: Value,
        from_apply: bool,
    ) -> Result<Option<Value>, ApiError> {
        let ns = if rt.namespaced {
            crate::namespace_of(&obj).to_string()
        } else {
            String::new()
        };
        let name = crate::name_of(&obj).to_string();
        let old = self
            .store
            .get(rt.plural, &ns, &name)
            .cloned()
            .ok_or_else(|| ApiError::not_found(&rt.qualified_plural(), &name))?;
        let rv = str_at(&obj, "/metadata/resourceVersion");
        if !from_apply && !rv.is_empty() && rv != str_at(&old, "/metadata/resourceVersion") {
            return Err(ApiError::new(
                Reason::Conflict,
                format!(
                    "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                    rt.qualified_plural()
                ),
            ));
        }
        // Server-owned metadata comes from the live object.
        if let (Some(meta), Some(old_meta)) = (
            obj.get_mut("metadata").and_then(Value::as_object_mut),
            old.get("metadata").and_then(Value::as_object),
        ) {
            for k in [
                "uid",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "generation",
                "resourceVersion",
            ] {
                match old_meta.get(k) {
                    Some(v) => {
                        meta.insert(k.into(), v.clone());
                    }
                    None => {
                        meta.remove(k);
                    }
                }
            }
            if rt.namespaced {
                meta.insert("namespace".into(), json!(ns));
            } else {
                meta.remove("namespace");
            }
        }
        if has_status_subresource(rt.plural) {
            if let Some(m) = obj.as_object_mut() {
                match old.get("status") {
                    Some(s) => {
                        m.insert("status".into(), s.clone());
                    }
                    None => {
                        m.remove("status");
                    }
                }
            }
        }
        defaults::default_object(&mut obj, rt.plural);
        if rt.plural == "nodes" {
            stamp_taints(&mut obj, self.now);
        }
        if rt.plural == "pods" {
            if let Some(spec) = obj.get_mut("spec") {
                defaults::default_pod_spec(spec);
            }
        }
        if rt.plural == "services" {
            drop_type_dependent_fields(&old, &mut obj);
        }
        let mut errs = validation::validate(&obj, rt.plural);
        errs.extend(limit_errors(&self.limits, &obj, rt.plural));
        errs.extend(immutable_errors(rt.plural, &old, &obj));
        if !errs.is_empty() {
            return Err(ApiError::invalid(rt.kind, &name, &errs));
        }
        if rt.plural == "services" {
            self.allocate_service(&mut obj, Some(&old))?;
        }
        if has_generation(rt.plural) {
            let spec_changed = strip_for_generation(&old) != strip_for_generation(&obj);
            if spec_changed {
                let g = int_at(&old, "/metadata/generation").unwrap_or(0) + 1;
                crate::meta::set_path(&mut obj, &["metadata", "generation"], json!(g));
            }
        }
        if same_content(&old, &obj) {
            return Ok(None);
        }
        Ok(Some(self.put_get(rt.plural, obj)))
    }

    /// Allocates (or checks) a Service's clusterIP(s) and node ports.
    fn allocate_service(&mut self, obj: &mut Value, old: Option<&Value>) -> Result<(), ApiError> {
        let name = crate::name_of(obj).to_string();
        let ns = crate::namespace_of(obj).to_string();
        let ty = str_at(obj, "/spec/type").to_string();
        let mut used_ips = BTreeSet::new();
        let mut used_ports = BTreeSet::new();
        for s in self.store.list("services", None) {
            if crate::name_of(s) == name && crate::namespace_of(s) == ns {
                continue;
            }
            for ip in crate::meta::arr_at(s, "/spec/clusterIPs")
                .iter()
                .filter_map(Value::as_str)
            {
                if let Some(v) = alloc::parse_ipv4(ip) {
                    used_ips.insert(v);
                }
            }
            if let Some(v) = alloc::parse_ipv4(str_at(s, "/spec/clusterIP")) {
                used_ips.insert(v);
            }
            for p in crate::meta::arr_at(s, "/spec/ports") {
                if let Some(np) = p.get("nodePort").and_then(Value::as_i64) {
                    used_ports.insert(np as u16);
                }
            }
        }
        // Keep what the old object had when the new one leaves it out.
        if let Some(old) = old {
            let want = str_at(obj, "/spec/clusterIP").to_string();
            let had = str_at(old, "/spec/clusterIP").to_string();
            if want.is_empty() && !had.is_empty() && ty != "ExternalName" {
                crate::meta::set_path(obj, &["spec", "clusterIP"], json!(had));
                if let Some(ips) = old.pointer("/spec/clusterIPs") {
                    crate::meta::set_path(obj, &["spec", "clusterIPs"], ips.clone());
                }
            } else if !want.is_empty() && !had.is_empty() && want != had {
                return Err(ApiError::invalid(
                    "Service",
                    &name,
                    &[format!(
                        "spec.clusterIPs[0]: Invalid value: {}: may not change once set",
                        go_string_slice(&[want])
                    )],
                ));
            }
            let old_ports = crate::meta::arr_at(old, "/spec/ports").to_vec();
            if ty == "NodePort" || ty == "LoadBalancer" {
                if let Some(ports) = obj.pointer_mut("/spec/ports").and_then(Value::as_array_mut) {
                    for p in ports.iter_mut() {
                        if p.get("nodePort").and_then(Value::as_i64).unwrap_or(0) != 0 {
                            continue;
                        }
                        let port = p.get("port").and_then(Value::as_i64);
                        let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                        let prev = old_ports.iter().find(|o| {
                            o.get("port").and_then(Value::as_i64) == port
                                && o.get("protocol").and_then(Value::as_str).unwrap_or("TCP")
                                    == proto
                        });
                        if let Some(np) =
                            prev.and_then(|o| o.get("nodePort")).and_then(Value::as_i64)
                        {
                            if let Some(pm) = p.as_object_mut() {
                                pm.insert("nodePort".into(), json!(np));
                            }
                        }
                    }
                }
            }
        }
        let spec = obj.get_mut("spec").and_then(Value::as_object_mut);
        let Some(spec) = spec else { return Ok(()) };
        if ty == "ExternalName" {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
            return Ok(());
        }
        let requested = spec
            .get("clusterIP")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let ip = if requested == "None" {
            "None".to_string()
        } else if requested.is_empty() {
            let v = alloc::allocate_cluster_ip(&mut self.rng, &used_ips).ok_or_else(|| {
                ApiError::new(
                    Reason::Invalid,
                    "Internal error occurred: failed to allocate a serviceIP: range is full",
                )
            })?;
            alloc::fmt_ipv4(v)
        } else {
            let unchanged = old.is_some_and(|o| str_at(o, "/spec/clusterIP") == requested);
            if !unchanged {
                if let Err(e) = alloc::check_cluster_ip(&requested, &used_ips) {
                    return Err(ApiError::invalid(
                        "Service",
                        &name,
                        &[format!(
                            "spec.clusterIPs: Invalid value: {}: failed to allocate IP {requested}: {e}",
                            go_string_slice(std::slice::from_ref(&requested))
                        )],
                    ));
                }
            }
            requested
        };
        spec.insert("clusterIP".into(), json!(ip));
        spec.insert("clusterIPs".into(), json!([ip]));
        crate::meta::default_key(spec, "ipFamilies", json!(["IPv4"]));
        crate::meta::default_key(spec, "ipFamilyPolicy", json!("SingleStack"));
        let wants_node_ports = ty == "NodePort"
            || (ty == "LoadBalancer"
                && spec
                    .get("allocateLoadBalancerNodePorts")
                    .and_then(Value::as_bool)
                    != Some(false));
        let old_node_ports: BTreeSet<u16> = old
            .map(|o| {
                crate::sort::set(
                    crate::meta::arr_at(o, "/spec/ports")
                        .iter()
                        .filter_map(|p| p.get("nodePort").and_then(Value::as_i64))
                        .map(|p| p as u16),
                )
            })
            .unwrap_or_default();
        let local = spec.get("externalTrafficPolicy").and_then(Value::as_str) == Some("Local");
        if ty == "LoadBalancer" && local {
            let hc = spec
                .get("healthCheckNodePort")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let kept = old
                .and_then(|o| o.pointer("/spec/healthCheckNodePort"))
                .and_then(Value::as_i64);
            if hc == 0 {
                let v = match kept {
                    Some(k) => Some(k as u16),
                    None => alloc::allocate_node_port(&mut self.rng, &used_ports),
                };
                if let Some(v) = v {
                    spec.insert("healthCheckNodePort".into(), json!(v));
                    used_ports.insert(v);
                }
            } else if kept != Some(hc) {
                match alloc::check_node_port(hc, &used_ports) {
                    Ok(v) => {
                        used_ports.insert(v);
                    }
                    Err(e) => {
                        return Err(ApiError::invalid(
                            "Service",
                            &name,
                            &[format!(
                                "spec.healthCheckNodePort: Invalid value: {hc}: {e}"
                            )],
                        ))
                    }
                }
            }
        } else if ty != "LoadBalancer" || !local {
            spec.remove("healthCheckNodePort");
        }
        if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
            let mut errs = Vec::new();
            let mut taken_here: BTreeSet<u16> = BTreeSet::new();
            for (i, p) in ports.iter_mut().enumerate() {
                let Some(pm) = p.as_object_mut() else {
                    continue;
                };
                let np = pm.get("nodePort").and_then(Value::as_i64).unwrap_or(0);
                if !wants_node_ports {
                    if np == 0 {
                        pm.remove("nodePort");
                    }
                    continue;
                }
                if np == 0 {
                    let mut used = used_ports.clone();
                    used.extend(taken_here.iter().copied());
                    if let Some(v) = alloc::allocate_node_port(&mut self.rng, &used) {
                        pm.insert("nodePort".into(), json!(v));
                        taken_here.insert(v);
                    }
                } else if old_node_ports.contains(&(np as u16))
                    && !taken_here.contains(&(np as u16))
                {
                    taken_here.insert(np as u16);
                } else {
                    let mut used = used_ports.clone();
                    used.extend(taken_here.iter().copied());
                    match alloc::check_node_port(np, &used) {
                        Ok(v) => {
                            taken_here.insert(v);
                        }
                        Err(e) => errs.push(format!(
                            "spec.ports[{i}].nodePort: Invalid value: {np}: {e}"
                        )),
                    }
                }
            }
            if !errs.is_empty() {
                return Err(ApiError::invalid("Service", &name, &errs));
            }
        }
        Ok(())
    }

    /// Deletes (or marks for deletion) one object; no settle. Returns the
    /// object as it is after the call (marked) or as it was (removed).
    pub(crate) fn delete_object(
        &mut self,
        plural: &'static str,
        ns: &str,
        name: &str,
        opts: DeleteOptions,
    ) -> Option<Value> {
        let obj = self.store.get(plural, ns, name)?.clone();
        let now = self.now;
        let already = obj.pointer("/metadata/deletionTimestamp").is_some();
        let has_finalizers = !crate::meta::arr_at(&obj, "/metadata/finalizers").is_empty();
        if opts.propagation == Propagation::Orphan {
            self.orphan_dependents(&obj);
        }
        match plural {
            "namespaces" => {
                if already {
                    return Some(obj);
                }
                let mut o = obj;
                crate::meta::set_path(
                    &mut o,
                    &["metadata", "deletionTimestamp"],
                    json!(now.rfc3339()),
                );
                crate::meta::set_path(&mut o, &["status", "phase"], json!("Terminating"));
                Some(self.put_get(plural, o))
            }
            "pods" => {
                let node = str_at(&obj, "/spec/nodeName").to_string();
                let phase = str_at(&obj, "/status/phase");
                let spec_grace = int_at(&obj, "/spec/terminationGracePeriodSeconds").unwrap_or(30);
                let mut grace = opts.grace_period_seconds.unwrap_or(spec_grace).max(0);
                if node.is_empty()
                    || phase == "Succeeded"
                    || phase == "Failed"
                    || !self.store.contains("nodes", "", &node)
                {
                    grace = 0;
                }
                if grace == 0 {
                    if has_finalizers {
                        let mut o = obj;
                        crate::meta::set_path(
                            &mut o,
                            &["metadata", "deletionTimestamp"],
                            json!(now.rfc3339()),
                        );
                        crate::meta::set_path(
                            &mut o,
                            &["metadata", "deletionGracePeriodSeconds"],
                            json!(0),
                        );
                        return Some(self.put_get(plural, o));
                    }
                    return self.remove(plural, ns, name);
                }
                if already {
                    // A shorter grace period may shorten a running termination.
                    let cur = int_at(&obj, "/metadata/deletionGracePeriodSeconds").unwrap_or(grace);
                    if grace >= cur {
                        return Some(obj);
                    }
                }
                let mut o = obj;
                let at = now.plus_secs(grace);
                crate::meta::set_path(
                    &mut o,
                    &["metadata", "deletionTimestamp"],
                    json!(at.rfc3339()),
                );
                crate::meta::set_path(
                    &mut o,
                    &["metadata", "deletionGracePeriodSeconds"],
                    json!(grace),
                );
                self.wake_at(at);
                Some(self.put_get(plural, o))
            }
            _ => {
                if opts.propagation == Propagation::Foreground && !already {
                    let mut o = obj;
                    crate::meta::set_path(
                        &mut o,
                        &["metadata", "deletionTimestamp"],
                        json!(now.rfc3339()),
                    );
                    crate::meta::set_path(
                        &mut o,
                        &["metadata", "deletionGracePeriodSeconds"],
                        json!(0),
                    );
                    if let Some(meta) = o.get_mut("metadata").and_then(Value::as_object_mut) {
                        let f = meta.entry("finalizers").or_insert_with(|| json!([]));
                        if let Some(a) = f.as_array_mut() {
                            if !a.iter().any(|x| x == "foregroundDeletion") {
                                a.push(json!("foregroundDeletion"));
                            }
                        }
                    }
                    return Some(self.put_get(plural, o));
                }
                if has_finalizers {
                    if already {
                        return Some(obj);
                    }
                    let mut o = obj;
                    crate::meta::set_path(
                        &mut o,
                        &["metadata", "deletionTimestamp"],
                        json!(now.rfc3339()),
                    );
                    crate::meta::set_path(
                        &mut o,
                        &["metadata", "deletionGracePeriodSeconds"],
                        json!(0),
                    );
                    return Some(self.put_get(plural, o));
                }
                self.remove(plural, ns, name)
            }
        }
    }

    /// Removes the owner's uid from every dependent's ownerReferences.
    fn orphan_dependents(&mut self, owner: &Value) {
        let uid = crate::meta::uid_of(owner).to_string();
        let mut changed = Vec::new();
        for ((plural, _, _), v) in self.store.iter() {
            let refs = crate::meta::arr_at(v, "/metadata/ownerReferences");
            if refs
                .iter()
                .any(|r| r.get("uid").and_then(Value::as_str) == Some(&uid))
            {
                let mut o = v.clone();
                if let Some(a) = o
                    .pointer_mut("/metadata/ownerReferences")
                    .and_then(Value::as_array_mut)
                {
                    a.retain(|r| r.get("uid").and_then(Value::as_str) != Some(&uid));
                    if a.is_empty() {
                        if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
                            m.remove("ownerReferences");
                        }
                    }
                }
                changed.push((*plural, o));
            }
        }
        for (plural, o) in changed {
            self.put(plural, o);
        }
    }

    /// Stores an object (stamping resourceVersion), records the change and
    /// returns a copy of what was stored (see [`Cluster::put`]).
    pub(crate) fn put_get(&mut self, plural: &'static str, obj: Value) -> Value {
        let ns = crate::namespace_of(&obj).to_string();
        let name = crate::name_of(&obj).to_string();
        self.put(plural, obj);
        self.store
            .get(plural, &ns, &name)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Stores an object (stamping resourceVersion) and records the change.
    pub(crate) fn put(&mut self, plural: &'static str, obj: Value) {
        let ns = crate::namespace_of(&obj).to_string();
        let name = crate::name_of(&obj).to_string();
        let new_owner = crate::controllers::controller_uid(&obj).map(str::to_string);
        let old = self.store.put(plural, &ns, &name, obj);
        let existed = old.is_some();
        let rv = self.store.resource_version();
        self.memo.note_write(plural, &ns, rv);
        let old_owner = old.as_ref().map(crate::controllers::controller_uid);
        for owner in [old_owner, Some(new_owner.as_deref())]
            .into_iter()
            .flatten()
        {
            match owner {
                Some(owner) => self.memo.note_owned_write(plural, owner, rv),
                None => self.memo.note_orphan_write(plural, &ns, rv),
            }
        }
        self.record_change(Change {
            op: if existed {
                ChangeOp::Modified
            } else {
                ChangeOp::Added
            },
            resource: plural,
            namespace: ns.clone(),
            name: name.clone(),
        });
    }

    /// Stores `obj` only if it differs from the stored one (ignoring
    /// resourceVersion); returns whether it wrote.
    pub(crate) fn put_if_changed(&mut self, plural: &'static str, obj: Value) -> bool {
        let ns = crate::namespace_of(&obj);
        let name = crate::name_of(&obj);
        if let Some(cur) = self.store.get(plural, ns, name) {
            if same_content(cur, &obj) {
                return false;
            }
        }
        self.put(plural, obj);
        true
    }

    /// Removes an object and records the change.
    pub(crate) fn remove(&mut self, plural: &'static str, ns: &str, name: &str) -> Option<Value> {
        let v = self.store.remove(plural, ns, name)?;
        let rv = self.store.resource_version();
        self.memo.note_write(plural, ns, rv);
        match crate::controllers::controller_uid(&v) {
            Some(owner) => self.memo.note_owned_write(plural, owner, rv),
            None => self.memo.note_orphan_write(plural, ns, rv),
        }
        self.record_change(Change {
            op: ChangeOp::Deleted,
            resource: plural,
            namespace: ns.to_string(),
            name: name.to_string(),
        });
        if plural == "pods" {
            self.logs.remove_pod(ns, name);
            self.kubelet.forget(crate::meta::uid_of(&v));
        }
        Some(v)
    }
}

/// LimitRanger's min check of one resource (minConstraint).
fn limit_min(
    ty: &str,
    res: &str,
    enforced: crate::controllers::quota::Qty,
    req: &crate::controllers::quota::Usage,
    lim: &crate::controllers::quota::Usage,
) -> Option<String> {
    let e = enforced.canonical();
    let Some(r) = req.get(res) else {
        return Some(format!(
            "minimum {res} usage per {ty} is {e}.  No request is specified"
        ));
    };
    if r.milli() < enforced.milli() {
        return Some(format!(
            "minimum {res} usage per {ty} is {e}, but request is {}",
            r.canonical()
        ));
    }
    match lim.get(res) {
        Some(l) if l.milli() < enforced.milli() => Some(format!(
            "minimum {res} usage per {ty} is {e}, but limit is {}",
            l.canonical()
        )),
        _ => None,
    }
}

/// LimitRanger's max check of one resource (maxConstraint).
fn limit_max(
    ty: &str,
    res: &str,
    enforced: crate::controllers::quota::Qty,
    req: &crate::controllers::quota::Usage,
    lim: &crate::controllers::quota::Usage,
) -> Option<String> {
    let e = enforced.canonical();
    let Some(l) = lim.get(res) else {
        return Some(format!(
            "maximum {res} usage per {ty} is {e}.  No limit is specified"
        ));
    };
    if l.milli() > enforced.milli() {
        return Some(format!(
            "maximum {res} usage per {ty} is {e}, but limit is {}",
            l.canonical()
        ));
    }
    match req.get(res) {
        Some(r) if r.milli() > enforced.milli() => Some(format!(
            "maximum {res} usage per {ty} is {e}, but request is {}",
            r.canonical()
        )),
        _ => None,
    }
}

/// LimitRanger's max check of a claim's request (maxRequestConstraint).
fn limit_max_request(
    ty: &str,
    res: &str,
    enforced: crate::controllers::quota::Qty,
    req: &crate::controllers::quota::Usage,
) -> Option<String> {
    let e = enforced.canonical();
    match req.get(res) {
        None => Some(format!(
            "maximum {res} usage per {ty} is {e}.  No request is specified"
        )),
        Some(r) if r.milli() > enforced.milli() => Some(format!(
            "maximum {res} usage per {ty} is {e}, but request is {}",
            r.canonical()
        )),
        _ => None,
    }
}

/// LimitRanger's limit/request ratio check (limitRequestRatioConstraint).
fn limit_ratio(
    ty: &str,
    res: &str,
    enforced: crate::controllers::quota::Qty,
    req: &crate::controllers::quota::Usage,
    lim: &crate::controllers::quota::Usage,
) -> Option<String> {
    let e = enforced.canonical();
    let r = req.get(res).map(|q| q.milli()).unwrap_or(0);
    if r == 0 {
        return Some(format!(
            "{res} max limit to request ratio per {ty} is {e}, but no request is specified or request is 0"
        ));
    }
    let l = lim.get(res).map(|q| q.milli()).unwrap_or(0);
    if l == 0 {
        return Some(format!(
            "{res} max limit to request ratio per {ty} is {e}, but no limit is specified or limit is 0"
        ));
    }
    let observed = l as f64 / r as f64;
    if observed * 1000.0 > enforced.milli() as f64 {
        return Some(format!(
            "{res} max limit to request ratio per {ty} is {e}, but provided ratio is {observed:.6}"
        ));
    }
    None
}

/// When a Service changes type, fields only the old type used and that the
/// update left as they were are dropped (node ports when leaving
/// NodePort/LoadBalancer, the external traffic policy, the health check
/// port), as the Service strategy does.
fn drop_type_dependent_fields(old: &Value, new: &mut Value) {
    let old_ty = str_at(old, "/spec/type").to_string();
    let new_ty = str_at(new, "/spec/type").to_string();
    if old_ty == new_ty {
        return;
    }
    let had_node_ports = old_ty == "NodePort" || old_ty == "LoadBalancer";
    let needs_node_ports = new_ty == "NodePort" || new_ty == "LoadBalancer";
    let old_ports = crate::meta::arr_at(old, "/spec/ports").to_vec();
    let Some(spec) = new.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    if had_node_ports && !needs_node_ports {
        if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
            for p in ports.iter_mut().filter_map(Value::as_object_mut) {
                let np = p.get("nodePort").cloned();
                if np.is_some() && old_ports.iter().any(|o| o.get("nodePort") == np.as_ref()) {
                    p.remove("nodePort");
                }
            }
        }
        for f in ["externalTrafficPolicy", "healthCheckNodePort"] {
            if spec.get(f) == old.pointer(&format!("/spec/{f}")) {
                spec.remove(f);
            }
        }
    }
    if old_ty == "LoadBalancer" && new_ty != "LoadBalancer" {
        for f in [
            "allocateLoadBalancerNodePorts",
            "loadBalancerClass",
            "healthCheckNodePort",
        ] {
            if spec.get(f) == old.pointer(&format!("/spec/{f}")) {
                spec.remove(f);
            }
        }
    }
}

/// NoExecute taints get `timeAdded` when they are added (the API server
/// stamps it; the taint manager counts tolerationSeconds from it).
fn stamp_taints(node: &mut Value, now: crate::time::Time) {
    if let Some(taints) = node
        .pointer_mut("/spec/taints")
        .and_then(Value::as_array_mut)
    {
        for t in taints.iter_mut().filter_map(Value::as_object_mut) {
            if t.get("effect").and_then(Value::as_str) == Some("NoExecute")
                && t.get("timeAdded").is_none_or(Value::is_null)
            {
                t.insert("timeAdded".into(), json!(now.rfc3339()));
            }
        }
    }
}

/// A Job without `manualSelector` gets a selector on its own uid and the
/// matching labels on its pod template (the Job strategy's PrepareForCreate).
fn generate_job_selector(obj: &mut Value, uid: &str, name: &str) {
    if obj.pointer("/spec/manualSelector").and_then(Value::as_bool) == Some(true) {
        return;
    }
    crate::meta::set_path(
        obj,
        &["spec", "selector"],
        json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
    );
    if let Some(labels) = crate::meta::path_mut(obj, &["spec", "template", "metadata", "labels"]) {
        labels.insert("batch.kubernetes.io/controller-uid".into(), json!(uid));
        labels.insert("batch.kubernetes.io/job-name".into(), json!(name));
        labels.insert("controller-uid".into(), json!(uid));
        labels.insert("job-name".into(), json!(name));
    }
}

/// apiVersion, kind, metadata first (as the API server writes objects).
fn reorder_top(obj: Value) -> Value {
    let Value::Object(mut m) = obj else {
        return obj;
    };
    let mut out = Map::new();
    for k in ["apiVersion", "kind", "metadata"] {
        if let Some(v) = m.remove(k) {
            out.insert(k.into(), v);
        }
    }
    out.extend(m);
    Value::Object(out)
}

/// What kubectl stores in the last-applied annotation: the manifest as
/// given (with namespace), minus that annotation, as Go's json.Marshal
/// writes it, with a trailing newline.
/// The object with an empty annotation map in place of the last-applied
/// annotation, as kubectl's GetModifiedConfiguration gives it when not
/// annotating.
fn strip_last_applied(obj: &mut Value) {
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta.entry("annotations").or_insert_with(|| json!({}));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED);
        } else {
            *ann = json!({});
        }
    }
}

pub(crate) fn last_applied_of(obj: &Value) -> String {
    let mut c = obj.clone();
    if let Some(meta) = c.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta.entry("annotations").or_insert_with(|| json!({}));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED);
        } else {
            *ann = json!({});
        }
    }
    format!("{}\n", go_json(&c))
}

/// The merge key of list items under a field, for kubectl's strategic
/// merge (None: the list is replaced).
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "ports" => {
            if items.iter().any(|i| i.get("containerPort").is_some()) {
                Some("containerPort")
            } else {
                Some("port")
            }
        }
        _ => None,
    }
}

/// kubectl apply's three-way merge: fields in `last` but not in `new`
/// are deleted from `live`; fields in `new` win; everything else in `live`
/// (server defaults, status, other writers' fields) is kept.
fn three_way(live: &Value, last: &Value, new: &Value, field: &str) -> Value {
    match (live, new) {
        (Value::Object(l), Value::Object(n)) => {
            let mut out = l.clone();
            if let Some(last_m) = last.as_object() {
                for k in last_m.keys() {
                    if !n.contains_key(k) {
                        out.remove(k);
                    }
                }
            }
            for (k, v) in n {
                if v.is_null() {
                    out.remove(k);
                    continue;
                }
                let merged = match l.get(k) {
                    Some(lv) => three_way(lv, last.get(k).unwrap_or(&Value::Null), v, k),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(l), Value::Array(n)) => {
            let Some(key) = merge_key(field, n) else {
                return new.clone();
            };
            if !n.iter().all(|i| i.get(key).is_some()) {
                return new.clone();
            }
            let last_items = last.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let mut out = Vec::new();
            for item in n {
                let k = item.get(key);
                let live_item = l.iter().find(|x| x.get(key) == k);
                let last_item = last_items
                    .iter()
                    .find(|x| x.get(key) == k)
                    .unwrap_or(&Value::Null);
                out.push(match live_item {
                    Some(li) => three_way(li, last_item, item, ""),
                    None => item.clone(),
                });
            }
            // Items in live that the user never applied are kept.
            for li in l {
                let k = li.get(key);
                let in_new = n.iter().any(|x| x.get(key) == k);
                let in_last = last_items.iter().any(|x| x.get(key) == k);
                if !in_new && !in_last {
                    out.push(li.clone());
                }
            }
            Value::Array(out)
        }
        _ => new.clone(),
    }
}

/// The object without metadata and status: a change here bumps generation.
fn strip_for_generation(v: &Value) -> Value {
    let mut c = v.clone();
    if let Some(m) = c.as_object_mut() {
        m.remove("metadata");
        m.remove("status");
    }
    c
}

/// Immutable-field errors of an update.
fn immutable_errors(plural: &str, old: &Value, new: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    match plural {
        "deployments" | "replicasets" | "daemonsets" | "statefulsets" => {
            let (a, b) = (old.pointer("/spec/selector"), new.pointer("/spec/selector"));
            if a != b {
                errs.push(format!(
                    "spec.selector: Invalid value: {}: field is immutable",
                    validation::go_label_selector(b.unwrap_or(&Value::Null))
                ));
            }
        }
        "pods" => {
            // Only image, activeDeadlineSeconds, terminationGracePeriodSeconds
            // and added tolerations may change.
            let mut a = old.get("spec").cloned().unwrap_or(Value::Null);
            let mut b = new.get("spec").cloned().unwrap_or(Value::Null);
            for s in [&mut a, &mut b] {
                if let Some(m) = s.as_object_mut() {
                    m.remove("activeDeadlineSeconds");
                    m.remove("terminationGracePeriodSeconds");
                    m.remove("tolerations");
                    for key in ["containers", "initContainers"] {
                        if let Some(cs) = m.get_mut(key).and_then(Value::as_array_mut) {
                            for c in cs {
                                if let Some(cm) = c.as_object_mut() {
                                    cm.remove("image");
                                }
                            }
                        }
                    }
                }
            }
            if a != b {
                errs.push("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".to_string());
            }
        }
        "configmaps" | "secrets" => {
            if old.get("immutable").and_then(Value::as_bool) == Some(true) {
                for f in ["data", "binaryData"] {
                    if old.get(f) != new.get(f) {
                        errs.push(format!(
                            "{f}: Forbidden: field is immutable when `immutable` is set"
                        ));
                    }
                }
            }
            if plural == "secrets" && old.get("type") != new.get("type") {
                errs.push(format!(
                    "type: Invalid value: {}: field is immutable",
                    go_quote(str_at(new, "/type"))
                ));
            }
        }
        _ => {}
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    #[test]
    fn limits_reject_like_quota_and_validation_and_change_nothing() {
        let mut c = cluster();
        let base = c.store().count("pods");
        c.set_limits(Limits {
            pods: base + 2,
            replicas: 5,
            ..Limits::default()
        });
        let err = c
            .create(deployment("big", "nginx", 6), "default")
            .unwrap_err();
        assert_eq!(err.reason, Reason::Invalid);
        assert_eq!(
            err.message,
            "The Deployment \"big\" is invalid: spec.replicas: Invalid value: 6: must be less than or equal to 5"
        );
        assert!(c.store().get("deployments", "default", "big").is_none());
        c.create(deployment("web", "nginx", 3), "default").unwrap();
        // The third pod is refused; the ReplicaSet says why.
        assert_eq!(c.store().count("pods"), base + 2);
        let rs = crate::name_of(c.list(rt("replicasets"), Some("default"))[0]).to_string();
        let quota = format!(
            "is forbidden: exceeded quota: kubeplay, requested: pods=1, used: pods={n}, limited: pods={n}",
            n = base + 2
        );
        let msgs = messages(&c, "default", &rs);
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("Error creating: pods \"web-") && m.ends_with(&quota)),
            "{msgs:?}"
        );
        let err = c
            .create(pod("one-more", "nginx", &[]), "default")
            .unwrap_err();
        assert_eq!(err.reason, Reason::Forbidden);
        assert_eq!(
            err.message,
            format!(
                "pods \"one-more\" is forbidden: exceeded quota: kubeplay, requested: pods=1, used: pods={n}, limited: pods={n}",
                n = base + 2
            )
        );
        let nodes = c.store().count("nodes");
        c.set_limits(Limits {
            nodes,
            ..Limits::default()
        });
        assert_eq!(
            c.node_add("extra"),
            Err(format!("nodes \"extra\" is forbidden: exceeded quota: kubeplay, requested: nodes=1, used: nodes={nodes}, limited: nodes={nodes}"))
        );
        assert_eq!(c.store().count("nodes"), nodes);
    }

    #[test]
    fn three_way_merge_keeps_server_fields_and_deletes_removed_ones() {
        let live = json!({"spec": {"replicas": 3, "x": 1, "template": {"spec": {"containers": [{"name": "a", "image": "n:1", "imagePullPolicy": "IfNotPresent"}]}}}});
        let last = json!({"spec": {"replicas": 3, "x": 1, "template": {"spec": {"containers": [{"name": "a", "image": "n:1"}]}}}});
        let new = json!({"spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "a", "image": "n:2"}]}}}});
        let m = three_way(&live, &last, &new, "");
        assert_eq!(m["spec"]["replicas"], 2);
        assert!(m["spec"].get("x").is_none());
        assert_eq!(
            m["spec"]["template"]["spec"]["containers"][0]["image"],
            "n:2"
        );
        assert_eq!(
            m["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
            "IfNotPresent"
        );
    }

    #[test]
    fn last_applied_is_go_json_with_empty_annotations() {
        let obj = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}});
        assert_eq!(
            last_applied_of(&obj),
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"name\":\"p\",\"namespace\":\"default\"}}\n"
        );
    }

    #[test]
    fn create_errors_leave_the_store_untouched() {
        let mut c = cluster();
        let rv = c.store().resource_version();
        let e = c.create(pod("p", "nginx", &[]), "nope").unwrap_err();
        assert_eq!(
            (e.reason, e.message.as_str()),
            (Reason::NotFound, "namespaces \"nope\" not found")
        );
        let e = c
            .create(
                json!({"apiVersion": "v1", "kind": "Bogus", "metadata": {"name": "x"}}),
                "default",
            )
            .unwrap_err();
        assert_eq!(e.message, "no matches for kind \"Bogus\" in version \"v1\"");
        let e = c
            .create(pod("Bad_Name", "nginx", &[]), "default")
            .unwrap_err();
        assert_eq!(e.reason, Reason::Invalid);
        assert!(e.message.starts_with("The Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
        let mut d = deployment("web", "nginx", 1);
        d["spec"]["replica"] = json!(2);
        let e = c.create(d, "default").unwrap_err();
        assert_eq!(e.reason, Reason::BadRequest);
        assert_eq!(e.to_string(), "Error from server (BadRequest): Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\"");
        assert_eq!(c.store().resource_version(), rv);
        c.create(pod("p", "nginx", &[]), "default").unwrap();
        let e = c.create(pod("p", "nginx", &[]), "default").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Error from server (AlreadyExists): pods \"p\" already exists"
        );
        let e = c.get(rt("deployments"), "default", "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): deployments.apps \"x\" not found"
        );
    }

    #[test]
    fn several_causes_print_as_kubectl_lists_them() {
        let mut c = cluster();
        let e = c.create(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "A"}]}}), "default").unwrap_err();
        assert!(
            e.message.starts_with(
                "The Pod \"p\" is invalid: \n* spec.containers[0].name: Invalid value: \"A\""
            ),
            "{}",
            e.message
        );
        assert!(e
            .message
            .contains("\n* spec.containers[0].image: Required value"));
    }

    #[test]
    fn priority_classes_admit_pods() {
        let mut c = cluster();
        let mut p = pod("crit", "nginx", &[]);
        p["spec"]["priorityClassName"] = json!("system-node-critical");
        let p = c.create(p, "default").unwrap();
        assert_eq!(p["spec"]["priority"], 2_000_001_000);
        let mut p = pod("nope", "nginx", &[]);
        p["spec"]["priorityClassName"] = json!("gold");
        let e = c.create(p, "default").unwrap_err();
        assert_eq!(e.to_string(), "Error from server (Forbidden): pods \"nope\" is forbidden: no PriorityClass with name gold was found");
        assert_eq!(c.list(rt("priorityclasses"), None).len(), 2);
    }

    #[test]
    fn generate_name() {
        let mut c = cluster();
        let p = c.create(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": "job-"}, "spec": {"containers": [{"name": "a", "image": "busybox"}]}}), "default").unwrap();
        let name = crate::name_of(&p);
        assert!(name.starts_with("job-") && name.len() == 9);
        assert!(name[4..]
            .bytes()
            .all(|b| crate::rng::NAME_ALPHABET.contains(&b)));
    }

    #[test]
    fn apply_created_configured_unchanged() {
        let mut c = cluster();
        let (d, r) = c
            .apply(deployment("web", "nginx:stable", 1), "default")
            .unwrap();
        assert_eq!(r, ApplyResult::Created);
        let ann = d["metadata"]["annotations"][LAST_APPLIED].as_str().unwrap();
        assert!(ann.starts_with("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"}"));
        let (_, r) = c
            .apply(deployment("web", "nginx:stable", 1), "default")
            .unwrap();
        assert_eq!(r, ApplyResult::Unchanged);
        let (d, r) = c
            .apply(deployment("web", "nginx:stable", 3), "default")
            .unwrap();
        assert_eq!(r, ApplyResult::Configured);
        assert_eq!(d["spec"]["replicas"], 3);
        assert_eq!(d["metadata"]["generation"], 2);
        // A field dropped from the manifest is removed from the object.
        let mut with_min = deployment("web", "nginx:stable", 3);
        with_min["spec"]["minReadySeconds"] = json!(5);
        c.apply(with_min, "default").unwrap();
        let (d, _) = c
            .apply(deployment("web", "nginx:stable", 3), "default")
            .unwrap();
        assert!(d["spec"].get("minReadySeconds").is_none());
        assert_eq!(
            d["spec"]["revisionHistoryLimit"], 10,
            "server defaults stay"
        );
    }

    #[test]
    fn update_conflicts_on_stale_resource_version() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 1), "default").unwrap();
        let stale = get(&c, "deployments", "default", "web");
        let mut fresh = stale.clone();
        fresh["spec"]["replicas"] = json!(2);
        c.update(fresh).unwrap();
        let mut again = stale;
        again["spec"]["replicas"] = json!(4);
        let e = c.update(again).unwrap_err();
        assert_eq!(e.reason, Reason::Conflict);
        assert_eq!(e.message, "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again");
    }

    #[test]
    fn selector_is_immutable() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 1), "default").unwrap();
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["selector"]["matchLabels"]["tier"] = json!("x");
        d["spec"]["template"]["metadata"]["labels"]["tier"] = json!("x");
        let e = c.update(d).unwrap_err();
        assert!(e.message.ends_with("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"x\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"), "{}", e.message);
    }

    #[test]
    fn cluster_ips_honoured_or_refused() {
        let mut c = cluster();
        let mut s = service("a", "a");
        s["spec"]["clusterIP"] = json!("10.96.0.10");
        let e = c.create(s, "default").unwrap_err();
        assert_eq!(e.message, "The Service \"a\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated");
        let mut s = service("a", "a");
        s["spec"]["clusterIP"] = json!("10.100.0.5");
        let s = c.create(s, "default").unwrap();
        assert_eq!(s["spec"]["clusterIPs"], json!(["10.100.0.5"]));
        assert_eq!(s["spec"]["ipFamilies"], json!(["IPv4"]));
        assert_eq!(s["spec"]["ipFamilyPolicy"], "SingleStack");
        assert_eq!(s["spec"]["internalTrafficPolicy"], "Cluster");
        let mut np = service("b", "a");
        np["spec"]["type"] = json!("NodePort");
        np["spec"]["ports"][0]["nodePort"] = json!(29999);
        let e = c.create(np, "default").unwrap_err();
        assert_eq!(e.message, "The Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767");
        let mut np = service("b", "a");
        np["spec"]["type"] = json!("NodePort");
        let np = c.create(np, "default").unwrap();
        let port = np["spec"]["ports"][0]["nodePort"].as_i64().unwrap();
        assert!((30000..=32767).contains(&port));
        // Replacing without clusterIP/nodePort keeps them.
        let mut r = service("b", "a");
        r["spec"]["type"] = json!("NodePort");
        let r = c.replace(r, "default").unwrap();
        assert_eq!(r["spec"]["ports"][0]["nodePort"], port);
        assert_eq!(r["spec"]["clusterIP"], np["spec"]["clusterIP"]);
    }

    #[test]
    fn graceful_pod_deletion() {
        let mut c = cluster();
        c.create(pod("web", "nginx:stable", &[]), "default")
            .unwrap();
        c.create(pod("sleeper", "busybox", &["sleep", "infinity"]), "default")
            .unwrap();
        c.advance(20_000);
        let d = c.delete(rt("pods"), "default", "web").unwrap();
        assert!(d["metadata"]["deletionTimestamp"].is_string());
        assert_eq!(d["metadata"]["deletionGracePeriodSeconds"], 30);
        c.delete(rt("pods"), "default", "sleeper").unwrap();
        assert!(
            c.get(rt("pods"), "default", "web").is_ok(),
            "still Terminating"
        );
        c.advance(1_000);
        assert!(
            c.get(rt("pods"), "default", "web").is_err(),
            "nginx exits on SIGTERM"
        );
        c.advance(20_000);
        assert!(
            c.get(rt("pods"), "default", "sleeper").is_ok(),
            "sleep ignores SIGTERM"
        );
        c.advance(10_000);
        assert!(
            c.get(rt("pods"), "default", "sleeper").is_err(),
            "killed after 30s"
        );
        assert!(event_reasons(&c, "default", "sleeper").contains(&"Killing".to_string()));
        assert!(messages(&c, "default", "web").contains(&"Stopping container main".to_string()));
        // An unscheduled pod goes at once.
        let mut p = pod("nowhere", "nginx", &[]);
        p["spec"]["nodeSelector"] = json!({"disk": "none"});
        c.create(p, "default").unwrap();
        c.delete(rt("pods"), "default", "nowhere").unwrap();
        assert!(c.get(rt("pods"), "default", "nowhere").is_err());
    }

    #[test]
    fn deleting_a_deployment_cascades() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 2), "default").unwrap();
        c.advance(20_000);
        c.delete(rt("deployments"), "default", "web").unwrap();
        assert!(c.list(rt("replicasets"), Some("default")).is_empty());
        assert!(pods(&c, "default")
            .iter()
            .all(|p| p["metadata"]["deletionTimestamp"].is_string()));
        c.advance(2_000);
        assert!(pods(&c, "default").is_empty());
    }

    #[test]
    fn orphan_cascade_keeps_dependents() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 1), "default").unwrap();
        let opts = DeleteOptions {
            grace_period_seconds: None,
            propagation: Propagation::Orphan,
        };
        c.delete_with(rt("deployments"), "default", "web", opts)
            .unwrap();
        let rs = c.list(rt("replicasets"), Some("default"));
        assert_eq!(rs.len(), 1);
        assert!(rs[0]["metadata"].get("ownerReferences").is_none());
    }

    #[test]
    fn namespaces_terminate_then_go() {
        let mut c = cluster();
        c.create(
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "lab"}}),
            "",
        )
        .unwrap();
        assert!(c.get(rt("serviceaccounts"), "lab", "default").is_ok());
        c.create(pod("web", "nginx", &[]), "lab").unwrap();
        c.advance(10_000);
        let ns = c.delete(rt("namespaces"), "", "lab").unwrap();
        assert_eq!(
            get(&c, "namespaces", "", "lab")["status"]["phase"],
            "Terminating"
        );
        assert!(ns["metadata"]["name"] == "lab");
        let e = c.create(pod("late", "nginx", &[]), "lab").unwrap_err();
        assert_eq!(e.message, "pods \"late\" is forbidden: unable to create new content in namespace lab because it is being terminated");
        c.advance(5_000);
        assert!(c.get(rt("namespaces"), "", "lab").is_err());
        let e = c.delete(rt("namespaces"), "", "default").unwrap_err();
        assert_eq!(e.to_string(), "Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted");
    }

    #[test]
    fn every_write_is_recorded_as_a_change() {
        let mut c = cluster();
        assert!(c.drain_changes().is_empty());
        c.create(pod("web", "nginx", &[]), "default").unwrap();
        let ch = c.drain_changes();
        assert_eq!(
            (ch[0].op, ch[0].resource, ch[0].name.as_str()),
            (ChangeOp::Added, "pods", "web")
        );
        assert!(ch
            .iter()
            .any(|x| x.op == ChangeOp::Modified && x.resource == "pods"));
        c.delete_with(
            rt("pods"),
            "default",
            "web",
            DeleteOptions {
                grace_period_seconds: Some(0),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(c
            .drain_changes()
            .iter()
            .any(|x| x.op == ChangeOp::Deleted && x.name == "web"));
    }

    #[test]
    fn an_undrained_change_log_keeps_its_newest_entries_and_says_it_lost_some() {
        let mut c = cluster();
        c.create(pod("web", "nginx", &[]), "default").unwrap();
        assert!(!c.take_changes_lost());
        let n = crate::CHANGE_LOG_MAX + 10;
        for i in 0..n {
            c.record_change(Change {
                op: ChangeOp::Modified,
                resource: "configmaps",
                namespace: "default".into(),
                name: format!("cm{i}"),
            });
        }
        let ch = c.drain_changes();
        assert!(ch.len() <= crate::CHANGE_LOG_MAX && ch.len() > crate::CHANGE_LOG_MAX / 2);
        assert_eq!(
            ch.last().map(|x| x.name.clone()),
            Some(format!("cm{}", n - 1))
        );
        assert!(c.take_changes_lost());
        assert!(!c.take_changes_lost());
    }
}
