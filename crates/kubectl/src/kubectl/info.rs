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
