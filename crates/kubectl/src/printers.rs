//! `kubectl get` tables: the columns the API server's printers produce for
//! each kind (kubernetes/pkg/printers/internalversion), computed from the
//! stored JSON, and kubectl's table decorations (NAMESPACE column, kind
//! prefixes, LABELS and label columns).

use crate::util::{
    a, age, b, format_label_selector, format_labels, i, name, namespace, obj_age, oi, s, smap,
};
use cluster::time::Time;
use serde_json::Value;

/// How a table is decorated.
#[derive(Clone, Debug, Default)]
pub struct TableOpts {
    pub wide: bool,
    /// Prefix names with `kind.group/` (several types, or `get all`).
    pub show_kind: bool,
    /// Add the NAMESPACE column (`-A`).
    pub with_namespace: bool,
    pub show_labels: bool,
    /// `-L key`: one column per key.
    pub label_columns: Vec<String>,
}

/// The headers and rows for objects of one resource.
pub fn table(
    plural: &str,
    kind_prefix: &str,
    objs: &[&Value],
    opts: &TableOpts,
    now: Time,
) -> (Vec<String>, Vec<Vec<String>>) {
    let (mut headers, wide_headers) = headers(plural);
    if opts.wide {
        headers.extend(wide_headers);
    }
    let mut rows = Vec::new();
    for o in objs {
        let mut cells = cells(plural, o, opts.wide, now);
        if opts.show_kind && !kind_prefix.is_empty() {
            if let Some(first) = cells.first_mut() {
                *first = format!("{kind_prefix}/{first}");
            }
        }
        rows.push(cells);
    }
    if opts.with_namespace {
        headers.insert(0, "NAMESPACE".to_string());
        for (r, o) in rows.iter_mut().zip(objs) {
            r.insert(0, namespace(o).to_string());
        }
    }
    for key in &opts.label_columns {
        headers.push(label_column_header(key));
        for (r, o) in rows.iter_mut().zip(objs) {
            let v = o
                .pointer("/metadata/labels")
                .and_then(|l| l.get(key.as_str()))
                .and_then(Value::as_str);
            r.push(v.unwrap_or("").to_string());
        }
    }
    if opts.show_labels {
        headers.push("LABELS".to_string());
        for (r, o) in rows.iter_mut().zip(objs) {
            r.push(format_labels(&smap(o, "/metadata/labels")));
        }
    }
    (headers, rows)
}

/// `-L app.kubernetes.io/name` gives the column `NAME`: the part after the
/// last `/`, upper-cased.
fn label_column_header(key: &str) -> String {
    key.rsplit('/').next().unwrap_or(key).to_uppercase()
}

fn h(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// (normal columns, extra columns with -o wide) for a resource.
pub fn headers(plural: &str) -> (Vec<String>, Vec<String>) {
    match plural {
        "pods" => (
            h(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
            h(&["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]),
        ),
        "deployments" => (
            h(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]),
            h(&["CONTAINERS", "IMAGES", "SELECTOR"]),
        ),
        "replicasets" => (
            h(&["NAME", "DESIRED", "CURRENT", "READY", "AGE"]),
            h(&["CONTAINERS", "IMAGES", "SELECTOR"]),
        ),
        "statefulsets" => (h(&["NAME", "READY", "AGE"]), h(&["CONTAINERS", "IMAGES"])),
        "daemonsets" => (
            h(&[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ]),
            h(&["CONTAINERS", "IMAGES", "SELECTOR"]),
        ),
        "jobs" => (
            h(&["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]),
            h(&["CONTAINERS", "IMAGES", "SELECTOR"]),
        ),
        "cronjobs" => (
            h(&[
                "NAME",
                "SCHEDULE",
                "TIMEZONE",
                "SUSPEND",
                "ACTIVE",
                "LAST SCHEDULE",
                "AGE",
            ]),
            h(&["CONTAINERS", "IMAGES", "SELECTOR"]),
        ),
        "services" => (
            h(&[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ]),
            h(&["SELECTOR"]),
        ),
        "endpoints" => (h(&["NAME", "ENDPOINTS", "AGE"]), vec![]),
        "endpointslices" => (
            h(&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]),
            vec![],
        ),
        "ingresses" => (
            h(&["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"]),
            vec![],
        ),
        "ingressclasses" => (h(&["NAME", "CONTROLLER", "PARAMETERS", "AGE"]), vec![]),
        "nodes" => (
            h(&["NAME", "STATUS", "ROLES", "AGE", "VERSION"]),
            h(&[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ]),
        ),
        "namespaces" => (h(&["NAME", "STATUS", "AGE"]), vec![]),
        "configmaps" => (h(&["NAME", "DATA", "AGE"]), vec![]),
        "secrets" => (h(&["NAME", "TYPE", "DATA", "AGE"]), vec![]),
        "serviceaccounts" => (h(&["NAME", "SECRETS", "AGE"]), vec![]),
        "events" => (
            h(&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]),
            vec![],
        ),
        "persistentvolumeclaims" => (
            h(&[
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ]),
            h(&["VOLUMEMODE"]),
        ),
        "persistentvolumes" => (
            h(&[
                "NAME",
                "CAPACITY",
                "ACCESS MODES",
                "RECLAIM POLICY",
                "STATUS",
                "CLAIM",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "REASON",
                "AGE",
            ]),
            h(&["VOLUMEMODE"]),
        ),
        "storageclasses" => (
            h(&[
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ]),
            vec![],
        ),
        "horizontalpodautoscalers" => (
            h(&[
                "NAME",
                "REFERENCE",
                "TARGETS",
                "MINPODS",
                "MAXPODS",
                "REPLICAS",
                "AGE",
            ]),
            vec![],
        ),
        "leases" => (h(&["NAME", "HOLDER", "AGE"]), vec![]),
        "resourcequotas" => (h(&["NAME", "AGE", "REQUEST", "LIMIT"]), vec![]),
        "poddisruptionbudgets" => (
            h(&[
                "NAME",
                "MIN AVAILABLE",
                "MAX UNAVAILABLE",
                "ALLOWED DISRUPTIONS",
                "AGE",
            ]),
            vec![],
        ),
        "limitranges" => (h(&["NAME", "CREATED AT"]), vec![]),
        "clusterroles" => (h(&["NAME", "CREATED AT"]), vec![]),
        "roles" => (h(&["NAME", "CREATED AT"]), vec![]),
        "clusterrolebindings" => (
            h(&["NAME", "ROLE", "AGE"]),
            h(&["USERS", "GROUPS", "SERVICEACCOUNTS"]),
        ),
        "rolebindings" => (
            h(&["NAME", "ROLE", "AGE"]),
            h(&["USERS", "GROUPS", "SERVICEACCOUNTS"]),
        ),
        "validatingwebhookconfigurations" => (h(&["NAME", "WEBHOOKS", "AGE"]), vec![]),
        "controllerrevisions" => (h(&["NAME", "CONTROLLER", "REVISION", "AGE"]), vec![]),
        "priorityclasses" => (
            h(&["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"]),
            vec![],
        ),
        _ => (h(&["NAME", "AGE"]), vec![]),
    }
}

/// The wide-only columns of events, which replace the normal ones.
pub fn event_wide_headers() -> Vec<String> {
    h(&[
        "LAST SEEN",
        "TYPE",
        "REASON",
        "OBJECT",
        "SUBOBJECT",
        "SOURCE",
        "MESSAGE",
        "FIRST SEEN",
        "COUNT",
        "NAME",
    ])
}

fn containers_images(spec: &Value) -> (String, String) {
    let cs = a(spec, "/containers");
    let names: Vec<&str> = cs.iter().map(|c| s(c, "/name")).collect();
    let images: Vec<&str> = cs.iter().map(|c| s(c, "/image")).collect();
    (names.join(","), images.join(","))
}

/// The cells of one row.
pub fn cells(plural: &str, o: &Value, wide: bool, now: Time) -> Vec<String> {
    if plural == "pods" {
        return pod_row(o, wide, now);
    }
    let n = name(o).to_string();
    let ag = obj_age(o, now);
    match plural {
        "deployments" => {
            let desired = oi(o, "/spec/replicas").unwrap_or(1);
            let mut r = vec![
                n,
                format!("{}/{}", i(o, "/status/readyReplicas"), desired),
                i(o, "/status/updatedReplicas").to_string(),
                i(o, "/status/availableReplicas").to_string(),
                ag,
            ];
            if wide {
                let (c, im) =
                    containers_images(o.pointer("/spec/template/spec").unwrap_or(&Value::Null));
                r.extend([c, im, format_label_selector(o.pointer("/spec/selector"))]);
            }
            r
        }
        "replicasets" => {
            let mut r = vec![
                n,
                oi(o, "/spec/replicas").unwrap_or(1).to_string(),
                i(o, "/status/replicas").to_string(),
                i(o, "/status/readyReplicas").to_string(),
                ag,
            ];
            if wide {
                let (c, im) =
                    containers_images(o.pointer("/spec/template/spec").unwrap_or(&Value::Null));
                r.extend([c, im, format_label_selector(o.pointer("/spec/selector"))]);
            }
            r
        }
        "statefulsets" => {
            let mut r = vec![
                n,
                format!(
                    "{}/{}",
                    i(o, "/status/readyReplicas"),
                    oi(o, "/spec/replicas").unwrap_or(1)
                ),
                ag,
            ];
            if wide {
                let (c, im) =
                    containers_images(o.pointer("/spec/template/spec").unwrap_or(&Value::Null));
                r.extend([c, im]);
            }
            r
        }
        "daemonsets" => {
            let node_sel = format_labels(&smap(o, "/spec/template/spec/nodeSelector"));
            let mut r = vec![
                n,
                i(o, "/status/desiredNumberScheduled").to_string(),
                i(o, "/status/currentNumberScheduled").to_string(),
                i(o, "/status/numberReady").to_string(),
                i(o, "/status/updatedNumberScheduled").to_string(),
                i(o, "/status/numberAvailable").to_string(),
                node_sel,
                ag,
            ];
            if wide {
                let (c, im) =
                    containers_images(o.pointer("/spec/template/spec").unwrap_or(&Value::Null));
                r.extend([c, im, format_label_selector(o.pointer("/spec/selector"))]);
            }
            r
        }
        "jobs" => job_row(o, wide, now),
        "cronjobs" => {
            let tz = match s(o, "/spec/timeZone") {
                "" => "<none>".to_string(),
                t => t.to_string(),
            };
            let last = match s(o, "/status/lastScheduleTime") {
                "" => "<none>".to_string(),
                t => age(t, now),
            };
            let mut r = vec![
                n,
                s(o, "/spec/schedule").to_string(),
                tz,
                if b(o, "/spec/suspend") {
                    "True"
                } else {
                    "False"
                }
                .to_string(),
                a(o, "/status/active").len().to_string(),
                last,
                ag,
            ];
            if wide {
                let (c, im) = containers_images(
                    o.pointer("/spec/jobTemplate/spec/template/spec")
                        .unwrap_or(&Value::Null),
                );
                r.extend([
                    c,
                    im,
                    format_label_selector(o.pointer("/spec/jobTemplate/spec/selector")),
                ]);
            }
            r
        }
        "services" => {
            let ty = s(o, "/spec/type").to_string();
            let ip = a(o, "/spec/clusterIPs")
                .first()
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| match s(o, "/spec/clusterIP") {
                    "" => "<none>".to_string(),
                    x => x.to_string(),
                });
            let ports = service_ports(o);
            let mut r = vec![n, ty, ip, service_external_ip(o, wide), ports, ag];
            if wide {
                r.push(format_labels(&smap(o, "/spec/selector")));
            }
            r
        }
        "endpoints" => vec![n, format_endpoints(o), ag],
        "endpointslices" => {
            let ports: Vec<String> = a(o, "/ports")
                .iter()
                .map(|p| match oi(p, "/port") {
                    Some(port) => port.to_string(),
                    None => match p.get("name").and_then(Value::as_str) {
                        Some(nm) => nm.to_string(),
                        None => "*".to_string(),
                    },
                })
                .collect();
            let addrs: Vec<String> = a(o, "/endpoints")
                .iter()
                .flat_map(|e| {
                    a(e, "/addresses")
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                })
                .collect();
            vec![
                n,
                s(o, "/addressType").to_string(),
                list_with_more(&ports),
                list_with_more(&addrs),
                ag,
            ]
        }
        "ingresses" => {
            let class = match s(o, "/spec/ingressClassName") {
                "" => "<none>".to_string(),
                c => c.to_string(),
            };
            let hosts: Vec<&str> = a(o, "/spec/rules")
                .iter()
                .map(|r| s(r, "/host"))
                .filter(|h| !h.is_empty())
                .collect();
            let hosts = if hosts.is_empty() {
                "*".to_string()
            } else {
                format_hosts(&hosts)
            };
            let addrs: Vec<String> = a(o, "/status/loadBalancer/ingress")
                .iter()
                .map(|x| {
                    if s(x, "/ip").is_empty() {
                        s(x, "/hostname").to_string()
                    } else {
                        s(x, "/ip").to_string()
                    }
                })
                .collect();
            let ports = if a(o, "/spec/tls").is_empty() {
                "80"
            } else {
                "80, 443"
            };
            vec![n, class, hosts, addrs.join(","), ports.to_string(), ag]
        }
        "ingressclasses" => {
            let params = match o.pointer("/spec/parameters") {
                Some(p) if p.is_object() => {
                    let g = s(p, "/apiGroup");
                    let kind = s(p, "/kind");
                    let k = if g.is_empty() {
                        kind.to_string()
                    } else {
                        format!("{kind}.{g}")
                    };
                    format!("{k}/{}", s(p, "/name"))
                }
                _ => "<none>".to_string(),
            };
            vec![n, s(o, "/spec/controller").to_string(), params, ag]
        }
        "nodes" => node_row(o, wide, now),
        "namespaces" => vec![n, s(o, "/status/phase").to_string(), ag],
        "configmaps" => {
            let count = o
                .get("data")
                .and_then(Value::as_object)
                .map_or(0, |m| m.len())
                + o.get("binaryData")
                    .and_then(Value::as_object)
                    .map_or(0, |m| m.len());
            vec![n, count.to_string(), ag]
        }
        "secrets" => {
            let count = o
                .get("data")
                .and_then(Value::as_object)
                .map_or(0, |m| m.len());
            vec![n, s(o, "/type").to_string(), count.to_string(), ag]
        }
        "serviceaccounts" => vec![n, a(o, "/secrets").len().to_string(), ag],
        "events" => event_row(o, wide, now),
        "persistentvolumeclaims" => {
            let (cap, modes) = if s(o, "/status/phase") == "Bound" {
                (
                    s(o, "/status/capacity/storage").to_string(),
                    access_modes(a(o, "/status/accessModes")),
                )
            } else {
                (String::new(), String::new())
            };
            let mut r = vec![
                n,
                s(o, "/status/phase").to_string(),
                s(o, "/spec/volumeName").to_string(),
                cap,
                modes,
                storage_class(o),
                or_unset(s(o, "/spec/volumeAttributesClassName")),
                ag,
            ];
            if wide {
                r.push(s(o, "/spec/volumeMode").to_string());
            }
            r
        }
        "persistentvolumes" => {
            let claim = match o.pointer("/spec/claimRef") {
                Some(c) if c.is_object() => format!("{}/{}", s(c, "/namespace"), s(c, "/name")),
                _ => String::new(),
            };
            let mut r = vec![
                n,
                s(o, "/spec/capacity/storage").to_string(),
                access_modes(a(o, "/spec/accessModes")),
                s(o, "/spec/persistentVolumeReclaimPolicy").to_string(),
                s(o, "/status/phase").to_string(),
                claim,
                storage_class(o),
                or_unset(s(o, "/spec/volumeAttributesClassName")),
                s(o, "/status/reason").to_string(),
                ag,
            ];
            if wide {
                r.push(s(o, "/spec/volumeMode").to_string());
            }
            r
        }
        "storageclasses" => {
            let mut nm = n;
            let default = s(
                o,
                "/metadata/annotations/storageclass.kubernetes.io~1is-default-class",
            ) == "true";
            if default {
                nm.push_str(" (default)");
            }
            let policy = match s(o, "/reclaimPolicy") {
                "" => "Delete",
                p => p,
            };
            let mode = match s(o, "/volumeBindingMode") {
                "" => "Immediate",
                m => m,
            };
            vec![
                nm,
                s(o, "/provisioner").to_string(),
                policy.to_string(),
                mode.to_string(),
                b(o, "/allowVolumeExpansion").to_string(),
                ag,
            ]
        }
        "leases" => {
            let holder = match s(o, "/spec/holderIdentity") {
                "" => "<none>",
                x => x,
            };
            vec![n, holder.to_string(), ag]
        }
        "clusterroles" | "roles" | "limitranges" => {
            vec![n, s(o, "/metadata/creationTimestamp").to_string()]
        }
        "resourcequotas" => {
            // printResourceQuota: `res: used/hard` for each hard resource
            // in name order, `limits.*` in the LIMIT column.
            let mut hard: Vec<(&String, &Value)> = o
                .pointer("/status/hard")
                .and_then(Value::as_object)
                .map(|m| m.iter().collect())
                .unwrap_or_default();
            cluster::sort::by(&mut hard, |x, y| x.0.cmp(y.0));
            let (mut request, mut limit) = (Vec::new(), Vec::new());
            for (res, h) in hard {
                let used = match o.pointer(&format!(
                    "/status/used/{}",
                    res.replace('~', "~0").replace('/', "~1")
                )) {
                    Some(Value::String(u)) => u.clone(),
                    Some(other) => other.to_string(),
                    None => "0".to_string(),
                };
                let hard = match h {
                    Value::String(x) => x.clone(),
                    other => other.to_string(),
                };
                let cell = format!("{res}: {used}/{hard}");
                if res.split('.').next() == Some("limits") && res.contains('.') {
                    limit.push(cell);
                } else {
                    request.push(cell);
                }
            }
            vec![n, ag, request.join(", "), limit.join(", ")]
        }
        "poddisruptionbudgets" => {
            let field = |p: &str| match o.pointer(p) {
                Some(Value::String(x)) => x.clone(),
                Some(Value::Number(x)) => x.to_string(),
                _ => "N/A".to_string(),
            };
            vec![
                n,
                field("/spec/minAvailable"),
                field("/spec/maxUnavailable"),
                i(o, "/status/disruptionsAllowed").to_string(),
                ag,
            ]
        }
        "clusterrolebindings" | "rolebindings" => {
            let mut r = vec![
                n,
                format!("{}/{}", s(o, "/roleRef/kind"), s(o, "/roleRef/name")),
                ag,
            ];
            if wide {
                let subj = |kind: &str, with_ns: bool| {
                    a(o, "/subjects")
                        .iter()
                        .filter(|x| s(x, "/kind") == kind)
                        .map(|x| {
                            if with_ns {
                                format!("{}/{}", s(x, "/namespace"), s(x, "/name"))
                            } else {
                                s(x, "/name").to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                r.extend([
                    subj("User", false),
                    subj("Group", false),
                    subj("ServiceAccount", true),
                ]);
            }
            r
        }
        "validatingwebhookconfigurations" => vec![n, a(o, "/webhooks").len().to_string(), ag],
        "horizontalpodautoscalers" => {
            let reference = format!(
                "{}/{}",
                s(o, "/spec/scaleTargetRef/kind"),
                s(o, "/spec/scaleTargetRef/name")
            );
            vec![
                n,
                reference,
                hpa_targets(o),
                oi(o, "/spec/minReplicas")
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "<unset>".to_string()),
                i(o, "/spec/maxReplicas").to_string(),
                i(o, "/status/currentReplicas").to_string(),
                ag,
            ]
        }
        "controllerrevisions" => {
            // formatResourceName of the controller's GroupKind.
            let controller = a(o, "/metadata/ownerReferences")
                .iter()
                .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
                .map(|r| {
                    let kind = s(r, "/kind").to_lowercase();
                    match s(r, "/apiVersion").split_once('/') {
                        Some((group, _)) => format!("{kind}.{group}/{}", s(r, "/name")),
                        None => format!("{kind}/{}", s(r, "/name")),
                    }
                })
                .unwrap_or_else(|| "<none>".to_string());
            vec![n, controller, i(o, "/revision").to_string(), ag]
        }
        // printPriorityClass: the value, globalDefault, age, policy.
        "priorityclasses" => vec![
            n,
            i(o, "/value").to_string(),
            o.get("globalDefault")
                .and_then(Value::as_bool)
                .unwrap_or(false)
                .to_string(),
            ag,
            s(o, "/preemptionPolicy").to_string(),
        ],
        _ => vec![n, ag],
    }
}

/// The TARGETS column of an HPA: `cpu: <unknown>/80%` per metric (current
/// from status.currentMetrics), at most two then `+ N more...`.
fn hpa_targets(o: &Value) -> String {
    let specs = a(o, "/spec/metrics");
    if specs.is_empty() {
        return "<none>".to_string();
    }
    let statuses = a(o, "/status/currentMetrics");
    let mut list: Vec<String> = Vec::new();
    for (idx, m) in specs.iter().enumerate() {
        let st = statuses.get(idx);
        let ty = s(m, "/type");
        let cur = |ptr: &str| -> Option<String> {
            st.and_then(|v| v.pointer(ptr)).map(|v| match v {
                Value::String(x) => x.clone(),
                other => other.to_string(),
            })
        };
        let entry = match ty {
            "Resource" | "ContainerResource" => {
                let key = if ty == "Resource" {
                    "resource"
                } else {
                    "containerResource"
                };
                let name = s(m, &format!("/{key}/name"));
                let tgt = format!("/{key}/target");
                if let Some(avg) = m.pointer(&format!("{tgt}/averageValue")) {
                    let current = cur(&format!("/{key}/current/averageValue"))
                        .unwrap_or_else(|| "<unknown>".to_string());
                    format!("{name}: {current}/{}", json_text(avg))
                } else {
                    let current = cur(&format!("/{key}/current/averageUtilization"))
                        .map(|u| format!("{u}%"))
                        .unwrap_or_else(|| "<unknown>".to_string());
                    let target = m
                        .pointer(&format!("{tgt}/averageUtilization"))
                        .map(|u| format!("{}%", json_text(u)))
                        .unwrap_or_else(|| "<auto>".to_string());
                    format!("{name}: {current}/{target}")
                }
            }
            "Pods" => {
                let current =
                    cur("/pods/current/averageValue").unwrap_or_else(|| "<unknown>".to_string());
                let target = m
                    .pointer("/pods/target/averageValue")
                    .map(json_text)
                    .unwrap_or_default();
                format!("{current}/{target}")
            }
            _ => "<unknown type>".to_string(),
        };
        list.push(entry);
    }
    if list.len() > 2 {
        let more = list.len() - 2;
        return format!("{} + {more} more...", list[..2].join(", "));
    }
    list.join(", ")
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        other => other.to_string(),
    }
}

fn or_unset(x: &str) -> String {
    if x.is_empty() {
        "<unset>".to_string()
    } else {
        x.to_string()
    }
}

fn storage_class(o: &Value) -> String {
    let sc = s(o, "/spec/storageClassName");
    if !sc.is_empty() {
        return sc.to_string();
    }
    s(
        o,
        "/metadata/annotations/volume.beta.kubernetes.io~1storage-class",
    )
    .to_string()
}

fn access_modes(modes: &[Value]) -> String {
    let mut out = Vec::new();
    for (full, short) in [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ] {
        if modes.iter().any(|m| m.as_str() == Some(full)) {
            out.push(short);
        }
    }
    out.join(",")
}

fn format_hosts(hosts: &[&str]) -> String {
    let max = 4;
    if hosts.len() > max {
        format!("{} + {} more...", hosts[..max].join(","), hosts.len() - max)
    } else {
        hosts.join(",")
    }
}

/// listWithMoreString: at most three, then `+ N more...`; `<unset>` if none.
fn list_with_more(list: &[String]) -> String {
    let max = 3;
    if list.len() > max {
        return format!("{} + {} more...", list[..max].join(","), list.len() - max);
    }
    if list.is_empty() {
        return "<unset>".to_string();
    }
    list.join(",")
}

/// PORT(S): `80/TCP`, `80:31045/TCP`, joined with commas, or `<none>`.
pub fn service_ports(o: &Value) -> String {
    let ports: Vec<String> = a(o, "/spec/ports")
        .iter()
        .map(|p| {
            let proto = match s(p, "/protocol") {
                "" => "TCP",
                x => x,
            };
            match oi(p, "/nodePort") {
                Some(np) if np > 0 => format!("{}:{}/{}", i(p, "/port"), np, proto),
                _ => format!("{}/{}", i(p, "/port"), proto),
            }
        })
        .collect();
    if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(",")
    }
}

fn service_external_ip(o: &Value, wide: bool) -> String {
    let external: Vec<String> = a(o, "/spec/externalIPs")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    match s(o, "/spec/type") {
        "ClusterIP" | "NodePort" | "" => {
            if external.is_empty() {
                "<none>".to_string()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            let lb: Vec<String> = a(o, "/status/loadBalancer/ingress")
                .iter()
                .map(|x| {
                    if s(x, "/ip").is_empty() {
                        s(x, "/hostname").to_string()
                    } else {
                        s(x, "/ip").to_string()
                    }
                })
                .filter(|x| !x.is_empty())
                .collect();
            let mut lbs = lb.join(",");
            if !wide && lbs.chars().count() > 16 {
                lbs = format!("{}...", lbs.chars().take(13).collect::<String>());
            }
            if !external.is_empty() {
                let mut all: Vec<String> = if lbs.is_empty() {
                    vec![]
                } else {
                    lbs.split(',').map(str::to_string).collect()
                };
                all.extend(external);
                return all.join(",");
            }
            if lbs.is_empty() {
                "<pending>".to_string()
            } else {
                lbs
            }
        }
        "ExternalName" => s(o, "/spec/externalName").to_string(),
        _ => "<unknown>".to_string(),
    }
}

/// The ENDPOINTS cell: up to three `ip:port`, then `+ N more...`.
pub fn format_endpoints(o: &Value) -> String {
    let subsets = a(o, "/subsets");
    if subsets.is_empty() {
        return "<none>".to_string();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for ss in subsets {
        let addrs = a(ss, "/addresses");
        let ports = a(ss, "/ports");
        if ports.is_empty() {
            count += addrs.len();
            for ad in addrs {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(s(ad, "/ip").to_string());
            }
            continue;
        }
        for p in ports {
            count += addrs.len();
            for ad in addrs {
                if list.len() == max {
                    more = true;
                    break;
                }
                let ip = s(ad, "/ip");
                let host = if ip.contains(':') {
                    format!("[{ip}]")
                } else {
                    ip.to_string()
                };
                list.push(format!("{host}:{}", i(p, "/port")));
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}

fn state_key(st: &Value) -> Option<&str> {
    ["waiting", "running", "terminated"]
        .into_iter()
        .find(|k| st.get(*k).is_some_and(Value::is_object))
}

/// READY, STATUS and RESTARTS of a pod as kubectl's printPod computes them.
pub fn pod_status(o: &Value, now: Time) -> (String, String, String) {
    let init_specs = a(o, "/spec/initContainers");
    let is_sidecar = |cname: &str| {
        init_specs
            .iter()
            .any(|c| s(c, "/name") == cname && s(c, "/restartPolicy") == "Always")
    };
    let mut total = a(o, "/spec/containers").len();
    total += init_specs
        .iter()
        .filter(|c| s(c, "/restartPolicy") == "Always")
        .count();
    let mut ready = 0;
    let mut restarts: i64 = 0;
    let mut sidecar_restarts: i64 = 0;
    let mut last_restart: Option<Time> = None;
    let mut last_sidecar_restart: Option<Time> = None;
    let phase = s(o, "/status/phase");
    let mut reason = if s(o, "/status/reason").is_empty() {
        phase.to_string()
    } else {
        s(o, "/status/reason").to_string()
    };
    for c in a(o, "/status/conditions") {
        if s(c, "/type") == "PodScheduled" && s(c, "/reason") == "SchedulingGated" {
            reason = "SchedulingGated".to_string();
        }
    }
    let finished = |st: &Value| Time::parse_rfc3339(s(st, "/lastState/terminated/finishedAt"));
    let later = |cur: Option<Time>, t: Option<Time>| match (cur, t) {
        (Some(c), Some(t)) if t > c => Some(t),
        (None, t) => t,
        (c, _) => c,
    };
    let init_statuses = a(o, "/status/initContainerStatuses");
    let mut initializing = false;
    for (idx, st) in init_statuses.iter().enumerate() {
        restarts += i(st, "/restartCount");
        last_restart = later(last_restart, finished(st));
        let cname = s(st, "/name");
        if is_sidecar(cname) {
            sidecar_restarts += i(st, "/restartCount");
            last_sidecar_restart = later(last_sidecar_restart, finished(st));
        }
        let term = st.pointer("/state/terminated").filter(|t| t.is_object());
        let waiting_reason = s(st, "/state/waiting/reason");
        if term.is_some_and(|t| i(t, "/exitCode") == 0) {
            continue;
        }
        if is_sidecar(cname) && b(st, "/started") {
            if b(st, "/ready") {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = term {
            reason = if s(t, "/reason").is_empty() {
                if i(t, "/signal") != 0 {
                    format!("Init:Signal:{}", i(t, "/signal"))
                } else {
                    format!("Init:ExitCode:{}", i(t, "/exitCode"))
                }
            } else {
                format!("Init:{}", s(t, "/reason"))
            };
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            reason = format!("Init:{waiting_reason}");
        } else {
            reason = format!("Init:{}/{}", idx, init_specs.len());
        }
        initializing = true;
        break;
    }
    let initialized_true = a(o, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "Initialized" && s(c, "/status") == "True");
    if !initializing || initialized_true {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for st in a(o, "/status/containerStatuses").iter().rev() {
            restarts += i(st, "/restartCount");
            last_restart = later(last_restart, finished(st));
            let state = st.get("state").unwrap_or(&Value::Null);
            let key = state_key(state);
            let w_reason = s(state, "/waiting/reason");
            let t_reason = s(state, "/terminated/reason");
            if key == Some("waiting") && !w_reason.is_empty() {
                reason = w_reason.to_string();
            } else if key == Some("terminated") && !t_reason.is_empty() {
                reason = t_reason.to_string();
            } else if key == Some("terminated") {
                reason = if i(state, "/terminated/signal") != 0 {
                    format!("Signal:{}", i(state, "/terminated/signal"))
                } else {
                    format!("ExitCode:{}", i(state, "/terminated/exitCode"))
                };
            } else if b(st, "/ready") && key == Some("running") {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let ready_cond = a(o, "/status/conditions")
                .iter()
                .any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True");
            reason = if ready_cond { "Running" } else { "NotReady" }.to_string();
        }
    }
    let deleting = !s(o, "/metadata/deletionTimestamp").is_empty();
    if deleting && s(o, "/status/reason") == "NodeLost" {
        reason = "Unknown".to_string();
    } else if deleting && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".to_string();
    }
    let restarts_str = match last_restart {
        Some(t) if restarts != 0 => format!(
            "{restarts} ({} ago)",
            cluster::time::human_duration(now.0 - t.0)
        ),
        _ => restarts.to_string(),
    };
    (format!("{ready}/{total}"), reason, restarts_str)
}

fn pod_row(o: &Value, wide: bool, now: Time) -> Vec<String> {
    let (ready, status, restarts) = pod_status(o, now);
    let mut r = vec![
        name(o).to_string(),
        ready,
        status,
        restarts,
        obj_age(o, now),
    ];
    if wide {
        let ip = a(o, "/status/podIPs")
            .first()
            .map(|p| s(p, "/ip"))
            .unwrap_or("");
        let ip = if ip.is_empty() {
            s(o, "/status/podIP")
        } else {
            ip
        };
        let none = |x: &str| {
            if x.is_empty() {
                "<none>".to_string()
            } else {
                x.to_string()
            }
        };
        let gates = a(o, "/spec/readinessGates");
        let gates_str = if gates.is_empty() {
            "<none>".to_string()
        } else {
            let conds = a(o, "/status/conditions");
            let t = gates
                .iter()
                .filter(|g| {
                    conds
                        .iter()
                        .find(|c| s(c, "/type") == s(g, "/conditionType"))
                        .is_some_and(|c| s(c, "/status") == "True")
                })
                .count();
            format!("{t}/{}", gates.len())
        };
        r.extend([
            none(ip),
            none(s(o, "/spec/nodeName")),
            none(s(o, "/status/nominatedNodeName")),
            gates_str,
        ]);
    }
    r
}

fn job_row(o: &Value, wide: bool, now: Time) -> Vec<String> {
    let completions = oi(o, "/spec/completions");
    let parallelism = oi(o, "/spec/parallelism").unwrap_or(1);
    let succeeded = i(o, "/status/succeeded");
    let comp = match completions {
        Some(c) => format!("{succeeded}/{c}"),
        None if parallelism > 1 => format!("{succeeded}/1 of {parallelism}"),
        None => format!("{succeeded}/1"),
    };
    let start = Time::parse_rfc3339(s(o, "/status/startTime"));
    let done = Time::parse_rfc3339(s(o, "/status/completionTime"));
    let duration = match (start, done) {
        (Some(st), Some(d)) => cluster::time::human_duration(d.0 - st.0),
        (Some(st), None) => cluster::time::human_duration(now.0 - st.0),
        _ => String::new(),
    };
    let conds = a(o, "/status/conditions");
    let has = |t: &str| {
        conds
            .iter()
            .any(|c| s(c, "/type") == t && s(c, "/status") == "True")
    };
    let status = if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if !s(o, "/metadata/deletionTimestamp").is_empty() {
        "Terminating"
    } else if has("SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    };
    let mut r = vec![
        name(o).to_string(),
        status.to_string(),
        comp,
        duration,
        obj_age(o, now),
    ];
    if wide {
        let (c, im) = containers_images(o.pointer("/spec/template/spec").unwrap_or(&Value::Null));
        r.extend([c, im, format_label_selector(o.pointer("/spec/selector"))]);
    }
    r
}

/// Roles from `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`.
pub fn node_roles(o: &Value) -> String {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in smap(o, "/metadata/labels") {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.push(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v);
        }
    }
    cluster::sort::sort(&mut roles);
    roles.dedup();
    if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    }
}

/// STATUS of a node: Ready / NotReady / Unknown, plus SchedulingDisabled.
pub fn node_status(o: &Value) -> String {
    let mut status: Vec<String> = Vec::new();
    if let Some(c) = a(o, "/status/conditions")
        .iter()
        .find(|c| s(c, "/type") == "Ready")
    {
        status.push(if s(c, "/status") == "True" {
            "Ready".into()
        } else {
            "NotReady".into()
        });
    }
    if status.is_empty() {
        status.push("Unknown".into());
    }
    if b(o, "/spec/unschedulable") {
        status.push("SchedulingDisabled".into());
    }
    status.join(",")
}

pub fn node_address(o: &Value, ty: &str) -> String {
    a(o, "/status/addresses")
        .iter()
        .find(|x| s(x, "/type") == ty)
        .map(|x| s(x, "/address").to_string())
        .unwrap_or_else(|| "<none>".to_string())
}

fn node_row(o: &Value, wide: bool, now: Time) -> Vec<String> {
    let mut r = vec![
        name(o).to_string(),
        node_status(o),
        node_roles(o),
        obj_age(o, now),
        s(o, "/status/nodeInfo/kubeletVersion").to_string(),
    ];
    if wide {
        let unknown = |x: &str| {
            if x.is_empty() {
                "<unknown>".to_string()
            } else {
                x.to_string()
            }
        };
        r.extend([
            node_address(o, "InternalIP"),
            node_address(o, "ExternalIP"),
            unknown(s(o, "/status/nodeInfo/osImage")),
            unknown(s(o, "/status/nodeInfo/kernelVersion")),
            unknown(s(o, "/status/nodeInfo/containerRuntimeVersion")),
        ]);
    }
    r
}

fn event_row(o: &Value, wide: bool, now: Time) -> Vec<String> {
    let first = match s(o, "/firstTimestamp") {
        "" => micro_age(s(o, "/eventTime"), now),
        t => age(t, now),
    };
    let mut last = match s(o, "/lastTimestamp") {
        "" => first.clone(),
        t => age(t, now),
    };
    let mut count = i(o, "/count");
    if o.pointer("/series").is_some_and(Value::is_object) {
        last = micro_age(s(o, "/series/lastObservedTime"), now);
        count = i(o, "/series/count");
    } else if count == 0 {
        count = 1;
    }
    let kind = s(o, "/involvedObject/kind").to_lowercase();
    let target = match s(o, "/involvedObject/name") {
        "" => kind,
        n => format!("{kind}/{n}"),
    };
    let msg = s(o, "/message").trim().to_string();
    if wide {
        let src = {
            let comp = s(o, "/source/component");
            let host = s(o, "/source/host");
            if comp.is_empty() && host.is_empty() {
                let rc = s(o, "/reportingComponent");
                let ri = s(o, "/reportingInstance");
                if ri.is_empty() {
                    rc.to_string()
                } else {
                    format!("{rc}, {ri}")
                }
            } else if host.is_empty() {
                comp.to_string()
            } else {
                format!("{comp}, {host}")
            }
        };
        vec![
            last,
            s(o, "/type").to_string(),
            s(o, "/reason").to_string(),
            target,
            s(o, "/involvedObject/fieldPath").to_string(),
            src,
            msg,
            first,
            count.to_string(),
            name(o).to_string(),
        ]
    } else {
        vec![
            last,
            s(o, "/type").to_string(),
            s(o, "/reason").to_string(),
            target,
            msg,
        ]
    }
}

/// MicroTime values carry fractions (`2026-01-05T09:00:00.000000Z`).
fn micro_age(ts: &str, now: Time) -> String {
    if ts.is_empty() {
        return "<unknown>".to_string();
    }
    let base = match ts.find('.') {
        Some(p) => format!("{}Z", &ts[..p]),
        None => ts.to_string(),
    };
    age(&base, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::tabwrite;
    use serde_json::json;

    fn now() -> Time {
        Time::parse_rfc3339("2026-01-05T09:10:00Z").unwrap()
    }

    fn render(plural: &str, objs: &[Value], opts: &TableOpts) -> String {
        let refs: Vec<&Value> = objs.iter().collect();
        let (hd, rows) = table(plural, "", &refs, opts, now());
        let mut all = vec![hd];
        all.extend(rows);
        tabwrite(&all)
    }

    fn pod(name: &str, status: Value) -> Value {
        json!({"metadata": {"name": name, "namespace": "default", "creationTimestamp": "2026-01-05T09:00:00Z",
                "labels": {"app": "nginx", "pod-template-hash": "7c5ddbdf54"}},
               "spec": {"containers": [{"name": "nginx", "image": "nginx:stable"}], "nodeName": "docker-desktop"},
               "status": status})
    }

    #[test]
    fn pod_statuses_like_print_pod() {
        let running = json!({"phase": "Running", "podIP": "10.1.0.6", "podIPs": [{"ip": "10.1.0.6"}],
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-01-05T09:00:05Z"}}}]});
        let creating = json!({"phase": "Pending", "containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "ContainerCreating"}}}]});
        let backoff = json!({"phase": "Running", "containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 3,
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2026-01-05T09:05:00Z"}},
            "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]});
        let completed = json!({"phase": "Succeeded", "containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 0,
            "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]});
        let mut terminating = pod("d", running.clone());
        terminating["metadata"]["deletionTimestamp"] = json!("2026-01-05T09:09:00Z");
        let init = json!({"phase": "Pending", "initContainerStatuses": [{"name": "init", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "PodInitializing"}}}]});
        let mut init_pod = pod("f", init);
        init_pod["spec"]["initContainers"] = json!([{"name": "init", "image": "busybox"}]);
        let pending = pod("g", json!({"phase": "Pending"}));
        let objs = vec![
            pod("a", running),
            pod("b", creating),
            pod("c", backoff),
            terminating,
            pod("e", completed),
            init_pod,
            pending,
        ];
        assert_eq!(
            render("pods", &objs, &TableOpts::default()),
            "NAME   READY   STATUS              RESTARTS     AGE
a      1/1     Running             0            10m
b      0/1     ContainerCreating   0            10m
c      0/1     CrashLoopBackOff    3 (5m ago)   10m
d      1/1     Terminating         0            10m
e      0/1     Completed           0            10m
f      0/1     Init:0/1            0            10m
g      0/1     Pending             0            10m
"
        );
        let wide = render(
            "pods",
            &objs[..2],
            &TableOpts {
                wide: true,
                ..Default::default()
            },
        );
        assert_eq!(
            wide,
            "NAME   READY   STATUS              RESTARTS   AGE   IP         NODE             NOMINATED NODE   READINESS GATES
a      1/1     Running             0          10m   10.1.0.6   docker-desktop   <none>           <none>
b      0/1     ContainerCreating   0          10m   <none>     docker-desktop   <none>           <none>
"
        );
        let labels = render(
            "pods",
            &objs[..1],
            &TableOpts {
                show_labels: true,
                with_namespace: true,
                ..Default::default()
            },
        );
        assert_eq!(
            labels,
            "NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   LABELS
default     a      1/1     Running   0          10m   app=nginx,pod-template-hash=7c5ddbdf54
"
        );
    }

    #[test]
    fn services_and_endpoints() {
        let svc = |name: &str, ty: &str, ports: Value| {
            json!({"metadata": {"name": name, "creationTimestamp": "2026-01-05T09:05:58Z"},
                   "spec": {"type": ty, "clusterIP": "10.105.103.161", "clusterIPs": ["10.105.103.161"], "ports": ports, "selector": {"app": "nginx"}}})
        };
        let objs = vec![
            svc(
                "nginx",
                "ClusterIP",
                json!([{"port": 80, "protocol": "TCP", "targetPort": 80}]),
            ),
            svc(
                "nginx-np",
                "NodePort",
                json!([{"name": "http", "port": 80, "protocol": "TCP", "nodePort": 31045}]),
            ),
            svc(
                "lb",
                "LoadBalancer",
                json!([{"port": 80, "protocol": "TCP", "nodePort": 30001}, {"port": 443, "protocol": "TCP", "nodePort": 30002}]),
            ),
        ];
        assert_eq!(
            render("services", &objs, &TableOpts { wide: true, ..Default::default() }),
            "NAME       TYPE           CLUSTER-IP       EXTERNAL-IP   PORT(S)                      AGE    SELECTOR
nginx      ClusterIP      10.105.103.161   <none>        80/TCP                       4m2s   app=nginx
nginx-np   NodePort       10.105.103.161   <none>        80:31045/TCP                 4m2s   app=nginx
lb         LoadBalancer   10.105.103.161   <pending>     80:30001/TCP,443:30002/TCP   4m2s   app=nginx
"
        );
        let ep = json!({"metadata": {"name": "nginx", "creationTimestamp": "2026-01-05T09:05:58Z"},
            "subsets": [{"addresses": [{"ip": "10.1.0.6"}, {"ip": "10.1.0.7"}, {"ip": "10.1.0.8"}, {"ip": "10.1.0.9"}], "ports": [{"port": 80, "protocol": "TCP"}]}]});
        let empty =
            json!({"metadata": {"name": "none", "creationTimestamp": "2026-01-05T09:05:58Z"}});
        assert_eq!(
            render("endpoints", &[ep, empty], &TableOpts::default()),
            "NAME    ENDPOINTS                                         AGE\nnginx   10.1.0.6:80,10.1.0.7:80,10.1.0.8:80 + 1 more...   4m2s\nnone    <none>                                            4m2s\n"
        );
    }

    #[test]
    fn deployments_replicasets_nodes() {
        let d = json!({"metadata": {"name": "nginx", "creationTimestamp": "2026-01-05T09:00:00Z"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}}, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:stable"}]}}},
            "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2, "replicas": 3}});
        assert_eq!(
            render("deployments", std::slice::from_ref(&d), &TableOpts { wide: true, ..Default::default() }),
            "NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR\nnginx   2/3     3            2           10m   nginx        nginx:stable   app=nginx\n"
        );
        assert_eq!(
            render("replicasets", &[d], &TableOpts::default()),
            "NAME    DESIRED   CURRENT   READY   AGE\nnginx   3         3         2       10m\n"
        );
        let node = json!({"metadata": {"name": "desktop-control-plane", "creationTimestamp": "2026-01-05T09:00:00Z",
            "labels": {"node-role.kubernetes.io/control-plane": ""}},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "True"}], "nodeInfo": {"kubeletVersion": "v1.32.2"},
                       "addresses": [{"type": "InternalIP", "address": "192.168.65.3"}]}});
        assert_eq!(
            render("nodes", &[node], &TableOpts::default()),
            "NAME                    STATUS                     ROLES           AGE   VERSION\ndesktop-control-plane   Ready,SchedulingDisabled   control-plane   10m   v1.32.2\n"
        );
    }
}
