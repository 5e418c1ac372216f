//! `kubectl version`, `cluster-info`, `api-resources`, `api-versions`.

use super::K;
use crate::util::{s, tabwrite};
use crate::yaml::to_yaml;
use cluster::resources::RESOURCES;
use serde_json::{json, Value};

/// The Kubernetes release the playground's client and server report.
const FALLBACK_VERSION: &str = "v1.32.2";
const KUSTOMIZE: &str = "v5.5.0";

fn server_version(k: &K<'_, '_, '_>) -> String {
    k.ctx
        .cluster
        .store()
        .list("nodes", None)
        .first()
        .map(|n| s(n, "/status/nodeInfo/kubeletVersion").to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| FALLBACK_VERSION.to_string())
}

fn version_info(v: &str, platform: &str) -> Value {
    let minor = v
        .trim_start_matches('v')
        .split('.')
        .nth(1)
        .unwrap_or("32")
        .to_string();
    json!({
        "major": "1",
        "minor": minor,
        "gitVersion": v,
        "gitCommit": "67a30c0adcf52bd3f56ff0893ce19966be12991f",
        "gitTreeState": "clean",
        "buildDate": "2025-02-12T21:19:47Z",
        "goVersion": "go1.23.6",
        "compiler": "gc",
        "platform": platform,
    })
}

/// Go's json.MarshalIndent with two spaces, keeping struct field order.
fn json_in_order(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push_str("{\n");
            let n = m.len();
            for (i, (key, val)) in m.iter().enumerate() {
                out.push_str(&"  ".repeat(indent + 1));
                out.push_str(&format!("\"{key}\": "));
                json_in_order(val, indent + 1, out);
                if i + 1 < n {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
        other => out.push_str(&crate::yaml::to_compact_json(other)),
    }
}

/// `kubectl version`'s client lines (what it prints before failing to
/// reach a server).
pub fn client_version_text(k: &K<'_, '_, '_>) -> String {
    let v = server_version(k);
    format!("Client Version: {v}\nKustomize Version: {KUSTOMIZE}\n")
}

pub fn version(k: &mut K<'_, '_, '_>) -> i32 {
    let out_fmt = k.flags.str("output");
    if !matches!(out_fmt.as_str(), "" | "yaml" | "json") {
        return k.fail("--output must be 'yaml' or 'json'");
    }
    let v = server_version(k);
    let client_only = k.flags.bool("client");
    let mut doc = serde_json::Map::new();
    doc.insert("clientVersion".into(), version_info(&v, "linux/amd64"));
    doc.insert("kustomizeVersion".into(), json!(KUSTOMIZE));
    if !client_only {
        doc.insert("serverVersion".into(), version_info(&v, "linux/amd64"));
    }
    match out_fmt.as_str() {
        "yaml" => {
            let text = to_yaml(&Value::Object(doc));
            k.out(&format!("{text}\n"));
        }
        "json" => {
            let mut text = String::new();
            json_in_order(&Value::Object(doc), 0, &mut text);
            k.out(&format!("{text}\n"));
        }
        _ => {
            let mut text = format!("Client Version: {v}\nKustomize Version: {KUSTOMIZE}\n");
            if !client_only {
                text.push_str(&format!("Server Version: {v}\n"));
            }
            k.out(&text);
        }
    }
    0
}

pub fn cluster_info(k: &mut K<'_, '_, '_>) -> i32 {
    if let Some(a) = k.flags.args.first() {
        if a == "dump" {
            return k.fail("\"kubectl cluster-info dump\" is not simulated in this playground");
        }
        let a = a.clone();
        return k.fail(&format!(
            "unknown command \"{a}\" for \"kubectl cluster-info\""
        ));
    }
    let server = k.ctx.cluster.profile().kubeconfig().server;
    let green = |t: &str| format!("\x1b[0;32m{t}\x1b[0m");
    let yellow = |t: &str| format!("\x1b[0;33m{t}\x1b[0m");
    let mut text = format!(
        "{} is running at {}\n",
        green("Kubernetes control plane"),
        yellow(server)
    );
    for svc in k.ctx.cluster.store().list("services", Some("kube-system")) {
        if s(svc, "/metadata/labels/kubernetes.io~1cluster-service") != "true" {
            continue;
        }
        let mut name = s(svc, "/metadata/labels/kubernetes.io~1name").to_string();
        if name.is_empty() {
            name = s(svc, "/metadata/name").to_string();
        }
        let svc_name = s(svc, "/metadata/name");
        let port = svc.pointer("/spec/ports/0");
        let port_name = port.map(|p| s(p, "/name")).unwrap_or("");
        let link = if port_name.is_empty() {
            format!("{server}/api/v1/namespaces/kube-system/services/{svc_name}/proxy")
        } else {
            format!("{server}/api/v1/namespaces/kube-system/services/{svc_name}:{port_name}/proxy")
        };
        text.push_str(&format!(
            "{} is running at {}\n",
            green(&name),
            yellow(&link)
        ));
    }
    text.push_str(
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    k.out(&text);
    0
}

/// The verbs a v1.32 API server's discovery lists for a resource.
pub fn verbs(r: &cluster::resources::ResourceType) -> &'static [&'static str] {
    const ALL: &[&str] = &[
        "create",
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "update",
        "watch",
    ];
    match (r.group, r.plural) {
        ("", "bindings") => &["create"],
        ("", "componentstatuses") => &["get", "list"],
        ("", "namespaces") => &[
            "create", "delete", "get", "list", "patch", "update", "watch",
        ],
        ("authentication.k8s.io" | "authorization.k8s.io", _) => &["create"],
        _ => ALL,
    }
}

/// The categories a resource belongs to (`kubectl get all`, and the
/// admission and extension kinds' `api-extensions`).
fn categories(r: &cluster::resources::ResourceType) -> &'static [&'static str] {
    if super::ALL_CATEGORY.contains(&r.plural) && r.group != "events.k8s.io" {
        return &["all"];
    }
    match r.plural {
        "customresourcedefinitions"
        | "apiservices"
        | "mutatingwebhookconfigurations"
        | "validatingwebhookconfigurations"
        | "validatingadmissionpolicies"
        | "validatingadmissionpolicybindings" => &["api-extensions"],
        _ => &[],
    }
}

pub fn api_resources(k: &mut K<'_, '_, '_>) -> i32 {
    if !k.flags.args.is_empty() {
        let args = k.flags.args.join(" ");
        return k.fail(&format!(
            "unexpected arguments: [{args}]\nSee 'kubectl api-resources -h' for help and examples"
        ));
    }
    let output = k.flags.str("output");
    if !matches!(output.as_str(), "" | "wide" | "name") {
        return k.fail(&format!("--output {output} is not available"));
    }
    let sort_by = k.flags.str("sort-by");
    if !matches!(sort_by.as_str(), "" | "name" | "kind") {
        return k.fail("--sort-by accepts only name or kind");
    }
    let namespaced_filter = if k.flags.has("namespaced") {
        Some(k.flags.bool("namespaced"))
    } else {
        None
    };
    let group = k.flags.str("api-group");
    let want_verbs = k.flags.list("verbs");
    let want_categories = k.flags.list("categories");
    let mut list: Vec<_> = RESOURCES
        .iter()
        .filter(|r| namespaced_filter.is_none_or(|n| r.namespaced == n))
        .filter(|r| !k.flags.has("api-group") || r.group == group)
        .filter(|r| want_verbs.iter().all(|v| verbs(r).contains(&v.as_str())))
        .filter(|r| {
            want_categories
                .iter()
                .all(|c| categories(r).contains(&c.as_str()))
        })
        .collect();
    // Discovery order (the core group first), then kubectl's stable sort
    // by group, name or kind, ties by name.
    cluster::sort::by(&mut list, |a, b| {
        let core = |r: &cluster::resources::ResourceType| !r.group.is_empty();
        core(a).cmp(&core(b)).then(a.group.cmp(b.group))
    });
    match sort_by.as_str() {
        "name" => cluster::sort::by(&mut list, |a, b| a.plural.cmp(b.plural)),
        "kind" => cluster::sort::by(&mut list, |a, b| {
            a.kind.cmp(b.kind).then(a.plural.cmp(b.plural))
        }),
        _ => cluster::sort::by(&mut list, |a, b| {
            a.group.cmp(b.group).then(a.plural.cmp(b.plural))
        }),
    }
    if output == "name" {
        let text: String = list
            .iter()
            .map(|r| {
                if r.group.is_empty() {
                    format!("{}\n", r.plural)
                } else {
                    format!("{}.{}\n", r.plural, r.group)
                }
            })
            .collect();
        k.out(&text);
        return 0;
    }
    let wide = output == "wide";
    let mut rows = Vec::new();
    if !k.flags.bool("no-headers") {
        let mut h = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
        if wide {
            h.extend(["VERBS", "CATEGORIES"]);
        }
        rows.push(h.into_iter().map(String::from).collect());
    }
    for r in list {
        let mut row = vec![
            r.plural.to_string(),
            r.short_names.join(","),
            r.api_version(),
            r.namespaced.to_string(),
            r.kind.to_string(),
        ];
        if wide {
            row.push(verbs(r).join(","));
            row.push(categories(r).join(","));
        }
        rows.push(row);
    }
    let text = tabwrite(&rows);
    k.out(&text);
    0
}

/// Every group version a v1.32 kind cluster serves (`autoscaling/v1`
/// besides the preferred `v2`), sorted as kubectl sorts them.
pub fn api_versions(k: &mut K<'_, '_, '_>) -> i32 {
    if !k.flags.args.is_empty() {
        let args = k.flags.args.join(" ");
        return k.fail(&format!(
            "unexpected arguments: [{args}]\nSee 'kubectl api-versions -h' for help and examples"
        ));
    }
    let mut versions: Vec<String> = RESOURCES.iter().map(|r| r.api_version()).collect();
    versions.push("autoscaling/v1".to_string());
    cluster::sort::sort(&mut versions);
    versions.dedup();
    let text: String = versions.iter().map(|v| format!("{v}\n")).collect();
    k.out(&text);
    0
}

/// `kubectl cluster-info dump`: the nodes, then per namespace (kube-system
/// and the context's, `--namespaces`, or all with `-A`) its events,
/// replication controllers, services, daemon sets, deployments, replica
/// sets and pods as typed lists (items without kind, struct field
/// order), and each pod's container logs between kubectl's START/END
/// markers; to stdout, or as files under `--output-directory`.
pub fn dump(k: &mut K<'_, '_, '_>) -> i32 {
    if let Some(a) = k.flags.args.first() {
        let a = a.clone();
        return k.fail(&format!(
            "unknown command \"{a}\" for \"kubectl cluster-info dump\""
        ));
    }
    let format = k.flags.str("output");
    let format = if format.is_empty() {
        "json".to_string()
    } else {
        format
    };
    let ext = match format.as_str() {
        "json" => ".json",
        "yaml" => ".yaml",
        "name" => ".txt",
        other if other.starts_with("jsonpath=") => ".txt",
        other => {
            let o = other.to_string();
            let known = [
                "go-template",
                "go-template-file",
                "jsonpath",
                "jsonpath-as-json",
                "jsonpath-file",
                "template",
                "templatefile",
            ];
            if known
                .iter()
                .any(|f| o == *f || o.starts_with(&format!("{f}=")))
            {
                return k.fail(&format!(
                    "--output={o} is not simulated for \"kubectl cluster-info dump\" in this playground (json, yaml, name and jsonpath=... are)"
                ));
            }
            return k.fail(&format!(
                "unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
            ));
        }
    };
    let dir = k.flags.str("output-directory");
    let to_files = !dir.is_empty() && dir != "-";
    let namespaces: Vec<String> = if k.all_namespaces() {
        k.ctx
            .cluster
            .store()
            .list("namespaces", None)
            .iter()
            .map(|n| s(n, "/metadata/name").to_string())
            .collect()
    } else {
        let given: Vec<String> = k
            .flags
            .list("namespaces")
            .iter()
            .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .collect();
        if given.is_empty() {
            vec!["kube-system".to_string(), k.namespace()]
        } else {
            given
        }
    };
    let rv = k.ctx.cluster.store().resource_version().to_string();
    let mut printed = 0usize;
    // (file name without extension, text) in the order kubectl writes.
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut list =
        |k: &K<'_, '_, '_>, plural: &'static str, ns: Option<&str>, kind: &str, api: &str| {
            let text = dump_list(k, plural, ns, kind, api, &format, &rv, printed);
            printed += 1;
            text
        };
    let text = list(k, "nodes", None, "NodeList", "v1");
    outputs.push((format!("nodes{ext}"), text));
    for ns in &namespaces {
        let lists = [
            ("events", "EventList", "v1", "events"),
            (
                "replicationcontrollers",
                "ReplicationControllerList",
                "v1",
                "replication-controllers",
            ),
            ("services", "ServiceList", "v1", "services"),
            ("daemonsets", "DaemonSetList", "apps/v1", "daemonsets"),
            ("deployments", "DeploymentList", "apps/v1", "deployments"),
            ("replicasets", "ReplicaSetList", "apps/v1", "replicasets"),
            ("pods", "PodList", "v1", "pods"),
        ];
        for (plural, kind, api, file) in lists {
            let text = list(k, plural, Some(ns), kind, api);
            outputs.push((format!("{ns}/{file}{ext}"), text));
        }
        let pods: Vec<Value> = k
            .ctx
            .cluster
            .store()
            .list("pods", Some(ns))
            .into_iter()
            .cloned()
            .collect();
        for pod in &pods {
            let name = s(pod, "/metadata/name");
            let mut text = String::new();
            let containers = crate::util::a(pod, "/spec/initContainers")
                .iter()
                .chain(crate::util::a(pod, "/spec/containers"));
            for c in containers {
                let cname = s(c, "/name");
                text.push_str(&format!(
                    "==== START logs for container {cname} of pod {ns}/{name} ====\n"
                ));
                match crate::engine::logs(k.ctx.cluster, ns, name, Some(cname)) {
                    Ok(mut logs) => {
                        if let Some(from) = super::exec::current_start(k, ns, name, Some(cname)) {
                            logs.lines.retain(|(t, _)| *t >= from);
                        }
                        text.push_str(&logs.text(false));
                    }
                    Err(e) => {
                        let msg = e
                            .split_once("): ")
                            .filter(|_| e.starts_with("Error from server ("))
                            .map(|(_, m)| m.to_string())
                            .unwrap_or(e.clone());
                        text.push_str(&format!("Request log error: {msg}\n"));
                    }
                }
                text.push_str(&format!(
                    "==== END logs for container {cname} of pod {ns}/{name} ====\n"
                ));
            }
            outputs.push((format!("{ns}/{name}/logs.txt"), text));
        }
    }
    if !to_files {
        let all: String = outputs.iter().map(|(_, t)| t.as_str()).collect();
        k.out(&all);
        return 0;
    }
    let dir = dir.trim_end_matches('/').to_string();
    for (file, text) in &outputs {
        let path = format!("{dir}/{file}");
        if let Err(e) = k.ctx.files.write(&path, text) {
            return k.fail(&e);
        }
    }
    k.out(&format!("Cluster info dumped to {dir}\n"));
    0
}

/// One list of `cluster-info dump` as kubectl's printer writes it.
#[allow(clippy::too_many_arguments)]
fn dump_list(
    k: &K<'_, '_, '_>,
    plural: &'static str,
    ns: Option<&str>,
    list_kind: &str,
    api: &str,
    format: &str,
    rv: &str,
    printed: usize,
) -> String {
    let items: Vec<Value> = k
        .ctx
        .cluster
        .store()
        .list(plural, ns)
        .iter()
        .map(|o| {
            let mut o = struct_order(&super::go_order::typed(o), plural);
            if let Some(m) = o.as_object_mut() {
                m.shift_remove("kind");
                m.shift_remove("apiVersion");
            }
            if let Some(md) = o.get_mut("metadata").and_then(Value::as_object_mut) {
                md.shift_remove("managedFields");
            }
            o
        })
        .collect();
    let text = match format {
        "name" => {
            let prefix = match plural {
                "daemonsets" | "deployments" | "replicasets" => {
                    format!("{}.apps", &plural[..plural.len() - 1])
                }
                p => p[..p.len() - 1].to_string(),
            };
            items
                .iter()
                .map(|o| format!("{prefix}/{}\n", s(o, "/metadata/name")))
                .collect::<String>()
        }
        _ => {
            let mut doc = serde_json::Map::new();
            doc.insert("kind".into(), json!(list_kind));
            doc.insert("apiVersion".into(), json!(api));
            doc.insert("metadata".into(), json!({"resourceVersion": rv}));
            doc.insert("items".into(), Value::Array(items));
            let doc = Value::Object(doc);
            if let Some(t) = format.strip_prefix("jsonpath=") {
                crate::jsonpath::render(t, &doc).unwrap_or_else(|e| format!("error: {e}\n"))
            } else if format == "yaml" {
                let sep = if printed > 0 { "---\n" } else { "" };
                format!("{sep}{}", to_yaml(&doc))
            } else {
                crate::yaml::to_json_ordered(&doc)
            }
        }
    };
    text
}

/// Go struct field order of the kinds `go_order` has no table for (Node,
/// Event), by JSON path suffix: (object path, its fields in order).
const DUMP_ORDER: &[(&str, &[&str])] = &[
    (
        "events",
        &[
            "metadata",
            "involvedObject",
            "reason",
            "message",
            "source",
            "firstTimestamp",
            "lastTimestamp",
            "count",
            "type",
            "eventTime",
            "series",
            "action",
            "related",
            "reportingComponent",
            "reportingInstance",
        ],
    ),
    (
        "events/involvedObject",
        &[
            "kind",
            "namespace",
            "name",
            "uid",
            "apiVersion",
            "resourceVersion",
            "fieldPath",
        ],
    ),
    (
        "nodes/spec",
        &[
            "podCIDR",
            "podCIDRs",
            "providerID",
            "unschedulable",
            "taints",
        ],
    ),
    (
        "nodes/spec/taints",
        &["key", "value", "effect", "timeAdded"],
    ),
    (
        "nodes/status",
        &[
            "capacity",
            "allocatable",
            "phase",
            "conditions",
            "addresses",
            "daemonEndpoints",
            "nodeInfo",
            "images",
            "volumesInUse",
            "volumesAttached",
            "config",
            "runtimeHandlers",
            "features",
        ],
    ),
    (
        "nodes/status/conditions",
        &[
            "type",
            "status",
            "lastHeartbeatTime",
            "lastTransitionTime",
            "reason",
            "message",
        ],
    ),
    ("nodes/status/addresses", &["type", "address"]),
    (
        "nodes/status/nodeInfo",
        &[
            "machineID",
            "systemUUID",
            "bootID",
            "kernelVersion",
            "osImage",
            "containerRuntimeVersion",
            "kubeletVersion",
            "kubeProxyVersion",
            "operatingSystem",
            "architecture",
        ],
    ),
    ("nodes/status/images", &["names", "sizeBytes"]),
];

/// Puts the fields `DUMP_ORDER` knows first, in order (the rest stay
/// sorted after them, as `go_order` left them).
fn struct_order(v: &Value, path: &str) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| struct_order(i, path)).collect()),
        Value::Object(m) => {
            let table = DUMP_ORDER
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, f)| *f)
                .unwrap_or(&[]);
            let mut out = serde_json::Map::new();
            // metadata/spec/status lead every object (TypeMeta is gone).
            let lead: &[&str] = if path.contains('/') {
                &[]
            } else {
                &["metadata", "spec", "status"]
            };
            for key in lead.iter().chain(table.iter()) {
                if let Some(x) = m.get(*key) {
                    if !out.contains_key(*key) {
                        out.insert(
                            (*key).to_string(),
                            struct_order(x, &format!("{path}/{key}")),
                        );
                    }
                }
            }
            for (key, x) in m {
                if !out.contains_key(key) {
                    out.insert(key.clone(), struct_order(x, &format!("{path}/{key}")));
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}
