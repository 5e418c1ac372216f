//! "Why" hints: the common beginner mistakes, read out of the store.
//!
//! Pure functions of the objects (no clock, no writes), so a UI can ask
//! them after every change: a Service whose selector matches no pod, a
//! targetPort no container of the selected pods listens on, an Ingress no
//! running controller serves (or whose backend Service is missing), a pod
//! the scheduler could not place (its own `PodScheduled` message, taint or
//! no matching node), a PersistentVolumeClaim left Pending. Each hint names
//! the object it belongs to and says what is wrong in words.

use crate::net::ingress::{flags_of, CONTROLLER_CLASS};
use crate::net::topo::{arr_at, port_of, str_at};
use crate::selector::{map_of, Selector};
use crate::store::Store;
use crate::{name_of, namespace_of};
use serde_json::Value;

/// Which mistake a hint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HintCode {
    /// A Service's selector matches no pod in its namespace.
    NoMatchingPods,
    /// A Service selects pods, but none of them is Ready.
    NoReadyPods,
    /// A Service's targetPort is a port none of the selected containers
    /// listens on (or a port name none of them declares).
    TargetPortNotListening,
    /// No running ingress controller owns the Ingress's class.
    IngressClassUnowned,
    /// An Ingress rule's backend Service does not exist.
    IngressBackendMissing,
    /// A pod is Pending because a node's taint is not tolerated.
    PodTaint,
    /// A pod is Pending because no node fits (selector, affinity,
    /// resources, ports, no nodes at all).
    PodNoMatchingNode,
    /// A PersistentVolumeClaim is Pending.
    ClaimPending,
}

impl HintCode {
    /// A short label for a badge.
    pub fn title(self) -> &'static str {
        match self {
            HintCode::NoMatchingPods => "selector matches no pods",
            HintCode::NoReadyPods => "no ready pods",
            HintCode::TargetPortNotListening => "targetPort not listening",
            HintCode::IngressClassUnowned => "no controller for this class",
            HintCode::IngressBackendMissing => "backend Service missing",
            HintCode::PodTaint => "untolerated taint",
            HintCode::PodNoMatchingNode => "no node fits",
            HintCode::ClaimPending => "claim Pending",
        }
    }
}

/// One hint about one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The object's kind (`Service`, `Ingress`, `Pod`,
    /// `PersistentVolumeClaim`).
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
    pub code: HintCode,
    /// What is wrong and what to look at, in one or two sentences.
    pub message: String,
}

/// Every hint in the store, by kind then namespace and name (the store's
/// order), so the same objects always give the same list.
pub fn all(store: &Store) -> Vec<Hint> {
    let mut out = Vec::new();
    for svc in store.list("services", None) {
        out.extend(service_hints(store, svc));
    }
    for ing in store.list("ingresses", None) {
        out.extend(ingress_hints(store, ing));
    }
    for pod in store.list("pods", None) {
        out.extend(pod_hints(pod));
    }
    for pvc in store.list("persistentvolumeclaims", None) {
        out.extend(claim_hints(store, pvc));
    }
    out
}

/// The hints about one object (`kind` as in [`Hint::kind`]).
pub fn for_object(store: &Store, kind: &str, namespace: &str, name: &str) -> Vec<Hint> {
    let plural = match kind {
        "Service" => "services",
        "Ingress" => "ingresses",
        "Pod" => "pods",
        "PersistentVolumeClaim" => "persistentvolumeclaims",
        _ => return Vec::new(),
    };
    let Some(obj) = store.get(plural, namespace, name) else {
        return Vec::new();
    };
    match plural {
        "services" => service_hints(store, obj),
        "ingresses" => ingress_hints(store, obj),
        "pods" => pod_hints(obj),
        _ => claim_hints(store, obj),
    }
}

fn hint(kind: &'static str, obj: &Value, code: HintCode, message: String) -> Hint {
    Hint {
        kind,
        namespace: namespace_of(obj).to_string(),
        name: name_of(obj).to_string(),
        code,
        message,
    }
}

fn terminating(obj: &Value) -> bool {
    obj.pointer("/metadata/deletionTimestamp").is_some()
}

fn pod_ready(pod: &Value) -> bool {
    arr_at(pod, "/status/conditions")
        .iter()
        .any(|c| str_at(c, "/type") == "Ready" && str_at(c, "/status") == "True")
}

fn finished(pod: &Value) -> bool {
    matches!(str_at(pod, "/status/phase"), "Succeeded" | "Failed")
}

/// The pods a Service's selector picks (not finished, not deleting), in
/// name order.
fn selected_pods<'a>(store: &'a Store, svc: &Value, selector: &Selector) -> Vec<&'a Value> {
    store
        .list("pods", Some(namespace_of(svc)))
        .into_iter()
        .filter(|p| !terminating(p) && !finished(p) && selector.matches_obj(p))
        .collect()
}

fn strings(v: &Value, ptr: &str) -> Vec<String> {
    arr_at(v, ptr)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn service_hints(store: &Store, svc: &Value) -> Vec<Hint> {
    let mut out = Vec::new();
    if str_at(svc, "/spec/type") == "ExternalName" || terminating(svc) {
        return out;
    }
    let map = map_of(svc.pointer("/spec/selector"));
    if map.is_empty() {
        // Without a selector the user manages the endpoints.
        return out;
    }
    let selector = Selector::from_map(&map);
    let ns = namespace_of(svc);
    let pods = selected_pods(store, svc, &selector);
    if pods.is_empty() {
        out.push(hint(
            "Service",
            svc,
            HintCode::NoMatchingPods,
            format!(
                "Its selector {selector} matches no pod in namespace {ns}, so it has no endpoints: compare it with the pods' labels (kubectl get pods --show-labels)."
            ),
        ));
        return out;
    }
    for port in arr_at(svc, "/spec/ports") {
        let target = port.get("targetPort").or_else(|| port.get("port"));
        let svc_port = port_of(port.get("port")).map(|p| p.to_string());
        let svc_port = svc_port.as_deref().unwrap_or("?");
        match target {
            Some(Value::String(name)) if name.parse::<u16>().is_err() => {
                let declared = pods.iter().any(|p| {
                    arr_at(p, "/spec/containers").iter().any(|c| {
                        arr_at(c, "/ports")
                            .iter()
                            .any(|cp| str_at(cp, "/name") == name)
                    })
                });
                if !declared {
                    out.push(hint(
                        "Service",
                        svc,
                        HintCode::TargetPortNotListening,
                        format!(
                            "Port {svc_port} sends to the named targetPort {name:?}, but no container of the selected pods declares a port with that name."
                        ),
                    ));
                }
            }
            t => {
                let Some(target) = port_of(t) else { continue };
                // Only images the simulator knows say what they listen on.
                let mut known = false;
                let mut listening: Vec<(String, u16)> = Vec::new();
                for p in &pods {
                    for c in arr_at(p, "/spec/containers") {
                        let image = str_at(c, "/image");
                        if crate::images::catalog::identify(image).is_none() {
                            continue;
                        }
                        known = true;
                        let ports = crate::images::listens(
                            image,
                            &strings(c, "/command"),
                            &strings(c, "/args"),
                        );
                        for l in ports {
                            let cname = str_at(c, "/name").to_string();
                            if !listening.iter().any(|(n, x)| *n == cname && *x == l) {
                                listening.push((cname, l));
                            }
                        }
                    }
                }
                if known && !listening.iter().any(|(_, l)| *l == target) {
                    let heard = if listening.is_empty() {
                        "their containers listen on no port".to_string()
                    } else {
                        let list: Vec<String> = listening
                            .iter()
                            .map(|(n, l)| format!("{n} listens on {l}"))
                            .collect();
                        list.join(", ")
                    };
                    out.push(hint(
                        "Service",
                        svc,
                        HintCode::TargetPortNotListening,
                        format!(
                            "Port {svc_port} sends to targetPort {target}, but no container of the selected pods listens there ({heard}): requests get connection refused."
                        ),
                    ));
                }
            }
        }
    }
    if !pods.iter().any(|p| pod_ready(p)) {
        let n = pods.len();
        out.push(hint(
            "Service",
            svc,
            HintCode::NoReadyPods,
            format!(
                "Its selector {selector} matches {n} pod{}, but none is Ready yet: requests have no endpoint to go to.",
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    let _ = ns;
    out
}

fn annotation<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.pointer("/metadata/annotations")
        .and_then(|a| a.get(key))
        .and_then(Value::as_str)
}

/// Whether a running ingress controller serves `ing`, as the controller
/// decides it: the legacy class annotation, else `spec.ingressClassName`
/// among the IngressClasses of its controller class, else a default class
/// (or `--watch-ingress-without-class`).
fn served(store: &Store, ing: &Value) -> bool {
    store.list("pods", None).into_iter().any(|pod| {
        if terminating(pod) || str_at(pod, "/status/phase") != "Running" {
            return false;
        }
        let Some(flags) = flags_of(pod) else {
            return false;
        };
        if let Some(legacy) = annotation(ing, "kubernetes.io/ingress.class") {
            return legacy == flags.ingress_class;
        }
        let classes: Vec<&Value> = store
            .list("ingressclasses", None)
            .into_iter()
            .filter(|ic| str_at(ic, "/spec/controller") == flags.controller_class)
            .collect();
        match ing
            .pointer("/spec/ingressClassName")
            .and_then(Value::as_str)
        {
            Some(name) => classes.iter().any(|ic| name_of(ic) == name),
            None => {
                flags.watch_without_class
                    || classes.iter().any(|ic| {
                        annotation(ic, "ingressclass.kubernetes.io/is-default-class")
                            == Some("true")
                    })
            }
        }
    })
}

fn ingress_hints(store: &Store, ing: &Value) -> Vec<Hint> {
    let mut out = Vec::new();
    if terminating(ing) {
        return out;
    }
    if !served(store, ing) {
        let any_controller = store
            .list("pods", None)
            .into_iter()
            .any(|p| str_at(p, "/status/phase") == "Running" && flags_of(p).is_some());
        let class = annotation(ing, "kubernetes.io/ingress.class").or_else(|| {
            ing.pointer("/spec/ingressClassName")
                .and_then(Value::as_str)
        });
        let message = match (any_controller, class) {
            (false, _) => "No ingress controller is running, so nothing reads this Ingress: install one (ingress-nginx) and its rules take effect.".to_string(),
            (true, Some(c)) => {
                let known = store.get("ingressclasses", "", c);
                match known {
                    None => format!("Its class {c:?} is not an IngressClass of this cluster, so no controller serves it: kubectl get ingressclass lists the classes."),
                    Some(ic) => format!(
                        "Its class {c:?} belongs to the controller {:?}, which is not running here, so no controller serves it.",
                        str_at(ic, "/spec/controller")
                    ),
                }
            }
            (true, None) => format!(
                "It names no ingressClassName and no IngressClass is marked default, so the running controller ({CONTROLLER_CLASS}) ignores it: set spec.ingressClassName."
            ),
        };
        out.push(hint("Ingress", ing, HintCode::IngressClassUnowned, message));
    }
    let ns = namespace_of(ing);
    let mut missing: Vec<String> = Vec::new();
    let mut backends: Vec<&Value> = Vec::new();
    if let Some(b) = ing.pointer("/spec/defaultBackend") {
        backends.push(b);
    }
    for rule in arr_at(ing, "/spec/rules") {
        for path in arr_at(rule, "/http/paths") {
            if let Some(b) = path.get("backend") {
                backends.push(b);
            }
        }
    }
    for b in backends {
        let svc = str_at(b, "/service/name");
        if svc.is_empty() || missing.iter().any(|m| m == svc) {
            continue;
        }
        if store.get("services", ns, svc).is_none() {
            missing.push(svc.to_string());
        }
    }
    for svc in missing {
        out.push(hint(
            "Ingress",
            ing,
            HintCode::IngressBackendMissing,
            format!("Its backend Service {svc:?} does not exist in namespace {ns}: requests for its paths get 503 Service Temporarily Unavailable."),
        ));
    }
    out
}

fn pod_hints(pod: &Value) -> Vec<Hint> {
    if terminating(pod) || str_at(pod, "/status/phase") != "Pending" {
        return Vec::new();
    }
    let Some(cond) = arr_at(pod, "/status/conditions").iter().find(|c| {
        str_at(c, "/type") == "PodScheduled"
            && str_at(c, "/status") == "False"
            && str_at(c, "/reason") == "Unschedulable"
    }) else {
        return Vec::new();
    };
    let msg = str_at(cond, "/message");
    // A selector no node matches is the user's to fix first; a taint
    // otherwise.
    let code = if msg.contains("untolerated taint") && !msg.contains("node affinity/selector") {
        HintCode::PodTaint
    } else {
        HintCode::PodNoMatchingNode
    };
    let advice = match code {
        HintCode::PodTaint => {
            "a node's taint repels it: add a matching toleration, or remove the taint (kubectl taint nodes NODE KEY-)"
        }
        _ if msg.contains("node affinity/selector") => {
            "no node has the labels its nodeSelector or affinity asks for: compare with kubectl get nodes --show-labels"
        }
        _ if msg.contains("Insufficient") => {
            "its resource requests are more than any node has free: lower them or add a node"
        }
        _ if msg.contains("unschedulable") => {
            "the nodes are cordoned: kubectl uncordon NODE"
        }
        _ => "the scheduler found no node for it",
    };
    vec![hint(
        "Pod",
        pod,
        code,
        format!("Pending, not scheduled: {advice}. The scheduler says: {msg}"),
    )]
}

fn claim_hints(store: &Store, pvc: &Value) -> Vec<Hint> {
    if terminating(pvc) || str_at(pvc, "/status/phase") == "Bound" {
        return Vec::new();
    }
    let ns = namespace_of(pvc);
    let name = name_of(pvc);
    let class = str_at(pvc, "/spec/storageClassName");
    let message = if !str_at(pvc, "/spec/volumeName").is_empty() {
        format!(
            "Pending: it asks for the PersistentVolume {:?}, which is not bound to it yet.",
            str_at(pvc, "/spec/volumeName")
        )
    } else if class.is_empty() {
        "Pending: it names no storageClassName and the cluster has no default StorageClass, so nothing provisions a volume for it.".to_string()
    } else {
        match store.get("storageclasses", "", class) {
            None => format!(
                "Pending: its StorageClass {class:?} does not exist (kubectl get storageclass lists them), so no volume is provisioned."
            ),
            Some(sc) if str_at(sc, "/volumeBindingMode") == "WaitForFirstConsumer" => {
                let used = store.list("pods", Some(ns)).into_iter().any(|p| {
                    arr_at(p, "/spec/volumes").iter().any(|v| {
                        str_at(v, "/persistentVolumeClaim/claimName") == name
                    })
                });
                if used {
                    format!("Pending: StorageClass {class:?} binds when a pod using the claim is scheduled; that pod is not on a node yet.")
                } else {
                    format!("Pending: StorageClass {class:?} waits for the first pod that uses this claim before it provisions a volume (WaitForFirstConsumer); no pod uses it yet.")
                }
            }
            Some(sc) => format!(
                "Pending: waiting for the provisioner {:?} of StorageClass {class:?} to create a volume.",
                str_at(sc, "/provisioner")
            ),
        }
    };
    vec![hint(
        "PersistentVolumeClaim",
        pvc,
        HintCode::ClaimPending,
        message,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{cluster, deployment, service};
    use serde_json::json;

    fn codes(c: &crate::Cluster, kind: &str, ns: &str, name: &str) -> Vec<HintCode> {
        for_object(c.store(), kind, ns, name)
            .into_iter()
            .map(|h| h.code)
            .collect()
    }

    #[test]
    fn a_service_whose_selector_matches_nothing() {
        let mut c = cluster();
        c.create(service("web", "webapp"), "default").unwrap();
        c.create(deployment("web", "nginx", 2), "default").unwrap();
        c.advance(30_000);
        let hints = for_object(c.store(), "Service", "default", "web");
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0].code, HintCode::NoMatchingPods);
        assert!(
            hints[0]
                .message
                .contains("selector app=webapp matches no pod in namespace default"),
            "{}",
            hints[0].message
        );
        // The same Service with the right selector has nothing to say.
        c.create(service("good", "web"), "default").unwrap();
        assert!(codes(&c, "Service", "default", "good").is_empty());
        // And `all` lists the hint once, under the Service.
        let all = all(c.store());
        assert_eq!(
            all.iter()
                .filter(|h| h.kind == "Service" && h.name == "web")
                .count(),
            1
        );
    }

    #[test]
    fn a_target_port_nothing_listens_on() {
        let mut c = cluster();
        c.create(deployment("web", "nginx", 1), "default").unwrap();
        let mut svc = service("web", "web");
        svc["spec"]["ports"][0]["targetPort"] = json!(8080);
        c.create(svc, "default").unwrap();
        c.advance(30_000);
        let hints = for_object(c.store(), "Service", "default", "web");
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert_eq!(hints[0].code, HintCode::TargetPortNotListening);
        assert!(
            hints[0]
                .message
                .contains("targetPort 8080, but no container of the selected pods listens there (web listens on 80)"),
            "{}",
            hints[0].message
        );
        // A port name no container declares.
        let mut named = service("named", "web");
        named["spec"]["ports"][0]["targetPort"] = json!("http");
        c.create(named, "default").unwrap();
        assert_eq!(
            codes(&c, "Service", "default", "named"),
            vec![HintCode::TargetPortNotListening]
        );
    }

    #[test]
    fn pods_not_ready_yet() {
        let mut c = cluster();
        c.create(deployment("web", "nginx", 1), "default").unwrap();
        c.create(service("web", "web"), "default").unwrap();
        // Just created: the image is still being pulled.
        assert_eq!(
            codes(&c, "Service", "default", "web"),
            vec![HintCode::NoReadyPods]
        );
        c.advance(60_000);
        assert!(codes(&c, "Service", "default", "web").is_empty());
    }

    fn ingress(name: &str, class: Option<&str>, backend: &str) -> Value {
        let mut ing = json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": name},
            "spec": {"rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix",
                "backend": {"service": {"name": backend, "port": {"number": 80}}}}]}}]}
        });
        if let Some(class) = class {
            ing["spec"]["ingressClassName"] = json!(class);
        }
        ing
    }

    #[test]
    fn an_ingress_no_controller_serves() {
        let mut c = cluster();
        c.create(service("web", "web"), "default").unwrap();
        c.create(ingress("ing", Some("nginx"), "web"), "default")
            .unwrap();
        let hints = for_object(c.store(), "Ingress", "default", "ing");
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0].code, HintCode::IngressClassUnowned);
        assert!(hints[0]
            .message
            .starts_with("No ingress controller is running"));
        // A backend Service that does not exist.
        c.create(ingress("typo", Some("nginx"), "wbe"), "default")
            .unwrap();
        let codes = codes(&c, "Ingress", "default", "typo");
        assert_eq!(
            codes,
            vec![
                HintCode::IngressClassUnowned,
                HintCode::IngressBackendMissing
            ]
        );
    }

    #[test]
    fn an_ingress_served_by_the_installed_controller_has_no_hint() {
        let mut c = cluster();
        c.create(service("web", "web"), "default").unwrap();
        c.create(ingress("ing", Some("nginx"), "web"), "default")
            .unwrap();
        c.create(ingress("other", Some("traefik"), "web"), "default")
            .unwrap();
        c.create(ingress("noclass", None, "web"), "default")
            .unwrap();
        // Then a running ingress-nginx controller pod and its IngressClass, put
        // as the controllers would leave them.
        let ctl = crate::net::testing::pod(
            "ingress-nginx-controller-abc12",
            "10.244.1.9",
            "desktop-worker",
            &[(
                "controller",
                "registry.k8s.io/ingress-nginx/controller:v1.5.1",
                &["/nginx-ingress-controller"],
            )],
        );
        c.store
            .put("pods", "default", "ingress-nginx-controller-abc12", ctl);
        c.store.put(
            "ingressclasses",
            "",
            "nginx",
            json!({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                   "metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx"}}),
        );
        assert!(
            codes(&c, "Ingress", "default", "ing").is_empty(),
            "{:?} {:?}",
            for_object(c.store(), "Ingress", "default", "ing"),
            c.store()
                .get("pods", "default", "ingress-nginx-controller-abc12")
        );
        let other = for_object(c.store(), "Ingress", "default", "other");
        assert_eq!(other.len(), 1);
        assert!(
            other[0]
                .message
                .contains("class \"traefik\" is not an IngressClass of this cluster"),
            "{}",
            other[0].message
        );
        assert_eq!(
            codes(&c, "Ingress", "default", "noclass"),
            vec![HintCode::IngressClassUnowned]
        );
    }

    #[test]
    fn a_pod_pending_on_a_taint_or_a_selector() {
        let mut c = crate::Cluster::new(crate::Profile::OnPrem, 3);
        let mut p = crate::testutil::pod("pinned", "nginx", &[]);
        p["spec"]["nodeSelector"] = json!({"disk": "ssd"});
        c.create(p, "default").unwrap();
        c.advance(5_000);
        let pinned = for_object(c.store(), "Pod", "default", "pinned");
        assert_eq!(pinned.len(), 1);
        assert_eq!(pinned[0].code, HintCode::PodNoMatchingNode);
        assert!(pinned[0].message.contains("nodeSelector"));
        assert!(pinned[0].message.contains("0/3 nodes are available"));
        // Every node tainted: the taint is the reason.
        for node in ["k8s-worker1", "k8s-worker2"] {
            if let Some(mut n) = c.store.get("nodes", "", node).cloned() {
                n["spec"]["taints"] =
                    json!([{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]);
                c.store.put("nodes", "", node, n);
            }
        }
        c.create(crate::testutil::pod("plain", "nginx", &[]), "default")
            .unwrap();
        c.advance(5_000);
        let plain = for_object(c.store(), "Pod", "default", "plain");
        assert_eq!(plain.len(), 1, "{plain:?}");
        assert_eq!(plain[0].code, HintCode::PodTaint);
        assert!(plain[0]
            .message
            .contains("untolerated taint {dedicated: gpu}"));
        // A scheduled pod has nothing to say.
        c.store.put(
            "pods",
            "default",
            "placed",
            crate::net::testing::pod(
                "placed",
                "10.244.1.7",
                "k8s-worker1",
                &[("c", "nginx", &[])],
            ),
        );
        assert!(codes(&c, "Pod", "default", "placed").is_empty());
    }

    #[test]
    fn a_claim_pending() {
        let mut c = cluster();
        let pvc = |name: &str, class: Option<&str>| {
            let mut v = json!({
                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
            });
            if let Some(class) = class {
                v["spec"]["storageClassName"] = json!(class);
            }
            v
        };
        c.create(pvc("data", None), "default").unwrap();
        c.create(pvc("fast", Some("fast")), "default").unwrap();
        c.advance(5_000);
        let data = for_object(c.store(), "PersistentVolumeClaim", "default", "data");
        assert_eq!(data.len(), 1);
        assert!(
            data[0].message.contains("WaitForFirstConsumer"),
            "{}",
            data[0].message
        );
        let fast = for_object(c.store(), "PersistentVolumeClaim", "default", "fast");
        assert!(fast[0]
            .message
            .contains("StorageClass \"fast\" does not exist"));
        // A pod using the claim binds it: the hint goes.
        let mut p = crate::testutil::pod("user", "nginx", &[]);
        p["spec"]["volumes"] =
            json!([{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]);
        c.create(p, "default").unwrap();
        c.advance(30_000);
        assert!(codes(&c, "PersistentVolumeClaim", "default", "data").is_empty());
    }
}
