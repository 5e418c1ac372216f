//! `kubectl debug`: an ephemeral container added to a running pod
//! (`debug POD --image=IMG`), a copy of a pod with a debug container or
//! changed images (`--copy-to`), or a pod in a node's host namespaces with
//! its root file system at /host (`debug node/NAME`). With `-it` kubectl
//! waits for the container and attaches to it: the container's shell is
//! the shell's session until `exit`. Messages, validation order and the
//! pods built follow kubectl v1.32's debug command and its profiles.

use super::K;
use crate::engine;
use crate::util::{a, s};
use cluster::resources;
use serde_json::{json, Map, Value};

const PROFILES: &[&str] = &[
    "legacy",
    "general",
    "baseline",
    "netadmin",
    "restricted",
    "sysadmin",
];

/// How long (simulated) kubectl waits for the debug container to start.
/// kubectl itself waits without a limit (until Ctrl+C); a pod that never
/// runs would otherwise hold the shell forever, so the playground gives up
/// after `kubectl run`'s default `--pod-running-timeout`.
const WAIT_LIMIT_MS: i64 = 60 * 1000;

/// Why a target could not be debugged: an API error (printed as kubectl
/// prints them) or kubectl's own.
enum Failure {
    Api(cluster::ApiError),
    Msg(String),
}

struct Opts {
    image: String,
    container: String,
    copy_to: String,
    target: String,
    profile: String,
    interactive: bool,
    tty: bool,
    quiet: bool,
    attach: bool,
    args_only: bool,
    args: Vec<String>,
    env: Vec<(String, String)>,
    pull_policy: String,
    set_images: Vec<(String, String)>,
    replace: bool,
    same_node: bool,
    share_processes: Option<bool>,
    keep_labels: bool,
    keep_annotations: bool,
    keep_liveness: bool,
    keep_readiness: bool,
    keep_startup: bool,
    keep_init: bool,
}

/// `K=V[,K=V]` pairs of a pflag stringToString flag, sorted by key.
fn string_to_string(k: &K<'_, '_, '_>, flag: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for item in k.flags.list(flag) {
        for part in item.split(',') {
            match part.split_once('=') {
                Some((key, v)) => {
                    out.retain(|(x, _)| x != key);
                    out.push((key.to_string(), v.to_string()));
                }
                None => {
                    return Err(format!(
                        "invalid argument \"{item}\" for \"--{flag}\" flag: {part} must be formatted as key=value"
                    ))
                }
            }
        }
    }
    cluster::sort::by(&mut out, |x, y| x.0.cmp(&y.0));
    Ok(out)
}

/// A docker reference as distribution's ReferenceRegexp accepts it
/// (lower-case repository path components, optional host and port, tag,
/// digest).
fn valid_reference(image: &str) -> bool {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let Some((alg, hex)) = d.split_once(':') else {
            return false;
        };
        if alg.is_empty() || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
    }
    let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        if !ok {
            return false;
        }
    }
    if name.is_empty() {
        return false;
    }
    let parts: Vec<&str> = name.split('/').collect();
    for (i, p) in parts.iter().enumerate() {
        let host =
            i == 0 && parts.len() > 1 && (p.contains('.') || p.contains(':') || *p == "localhost");
        if host {
            let (h, port) = match p.split_once(':') {
                Some((h, port)) => (h, Some(port)),
                None => (*p, None),
            };
            if h.is_empty()
                || !h
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                || port.is_some_and(|x| x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()))
            {
                return false;
            }
            continue;
        }
        if p.is_empty()
            || !p
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            || !p.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            || !p.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return false;
        }
    }
    true
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let all = k.flags.args.clone();
    let (targets, args) = match k.flags.dash_at {
        Some(d) if d <= all.len() => (all[..d].to_vec(), all[d..].to_vec()),
        _ => (all, Vec::new()),
    };
    let interactive = k.flags.bool("stdin");
    let attach_changed = k.flags.has("attach");
    let env = match string_to_string(k, "env") {
        Ok(e) => e,
        Err(e) => return k.fail(&e),
    };
    let set_images = match string_to_string(k, "set-image") {
        Ok(e) => e,
        Err(e) => return k.fail(&e),
    };
    let o = Opts {
        image: k.flags.str("image"),
        container: k.flags.str("container"),
        copy_to: k.flags.str("copy-to"),
        target: k.flags.str("target"),
        profile: k.flags.str("profile"),
        interactive,
        tty: k.flags.bool("tty"),
        quiet: k.flags.bool("quiet"),
        attach: if attach_changed {
            k.flags.bool("attach")
        } else {
            interactive
        },
        args_only: k.flags.bool("arguments-only"),
        args,
        env,
        pull_policy: k.flags.str("image-pull-policy"),
        set_images,
        replace: k.flags.bool("replace"),
        same_node: k.flags.bool("same-node"),
        share_processes: k
            .flags
            .has("share-processes")
            .then(|| k.flags.bool("share-processes")),
        keep_labels: k.flags.bool("keep-labels"),
        keep_annotations: k.flags.bool("keep-annotations"),
        keep_liveness: k.flags.bool("keep-liveness"),
        keep_readiness: k.flags.bool("keep-readiness"),
        keep_startup: k.flags.bool("keep-startup"),
        keep_init: k.flags.bool("keep-init-containers"),
    };
    // Complete: the profile, then the custom profile file.
    if !PROFILES.contains(&o.profile.as_str()) {
        return k.fail(&format!("unknown profile: {}", o.profile));
    }
    let custom_file = k.flags.str("custom");
    let custom = if custom_file.is_empty() {
        None
    } else {
        let text = match k.ctx.files.read(&custom_file) {
            Ok(t) => t,
            Err(_) => {
                return k.fail(&format!(
                    "must pass a container spec json file for custom profile: open {custom_file}: no such file or directory"
                ))
            }
        };
        match serde_json::from_str::<Value>(&text)
            .ok()
            .or_else(|| crate::goyaml::parse(&text).ok().and_then(|t| t.to_json().ok()))
            .filter(Value::is_object)
        {
            Some(v) => Some(v),
            None => {
                return k.fail(&format!(
                    "{custom_file} does not contain a valid container spec: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type v1.Container"
                ))
            }
        }
    };
    // Validate, in kubectl's order.
    if o.attach && attach_changed && o.image.is_empty() && o.container.is_empty() {
        return k.fail("you must specify --container or create a new container using --image in order to attach.");
    }
    if !o.copy_to.is_empty() {
        if o.image.is_empty() && o.set_images.is_empty() && o.args.is_empty() {
            return k.fail("you must specify --image, --set-image or command arguments.");
        }
        if !o.args.is_empty() && o.container.is_empty() && o.image.is_empty() {
            return k.fail(
                "you must specify an existing container or a new image when specifying args.",
            );
        }
    } else if o.replace {
        return k.fail("--replace may only be used with --copy-to.");
    } else if o.same_node {
        return k.fail("--same-node may only be used with --copy-to.");
    } else if !o.set_images.is_empty() {
        return k.fail("--set-image may only be used with --copy-to.");
    } else if o.image.is_empty() {
        return k.fail("you must specify --image when not using --copy-to.");
    }
    if !o.image.is_empty() && !valid_reference(&o.image) {
        return k.fail(&format!(
            "invalid image name \"{}\": invalid reference format",
            o.image
        ));
    }
    let files = k.flags.list("filename");
    if targets.is_empty() && files.is_empty() {
        return k.fail("NAME or filename is required for debug");
    }
    if !matches!(
        o.pull_policy.as_str(),
        "Always" | "IfNotPresent" | "Never" | ""
    ) {
        return k.fail(&format!("invalid image pull policy: {}", o.pull_policy));
    }
    for (name, image) in &o.set_images {
        if !valid_reference(image) {
            return k.fail(&format!(
                "invalid image name \"{image}\" for container \"{name}\": invalid reference format"
            ));
        }
    }
    if !o.target.is_empty() {
        if !o.copy_to.is_empty() {
            return k
                .fail("--target is incompatible with --copy-to. Use --share-processes instead.");
        }
        if !o.quiet {
            k.out(&format!("Targeting container \"{}\". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n", o.target));
        }
    }
    if o.tty && !o.interactive {
        return k.fail("-i/--stdin is required for containers with -t/--tty=true");
    }
    if let Some(c) = &custom {
        let forbidden = ["name", "command", "image", "lifecycle", "volumeDevices"]
            .iter()
            .any(|f| c.get(*f).is_some_and(|v| !v.is_null()));
        if forbidden {
            return k.fail("name, command, image, lifecycle and volume devices are not modifiable via custom profile");
        }
    }
    if o.profile == "legacy" {
        k.err("--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example \"--profile=general\".\n");
    }
    // Run: each target in turn.
    let ns = k.namespace();
    let mut objects: Vec<(&'static resources::ResourceType, String, String)> = Vec::new();
    if !files.is_empty() {
        let mut errs = Vec::new();
        let infos = super::apply::read_sources(k, &files, &mut errs);
        if !errs.is_empty() {
            return super::print_errors(k, &errs);
        }
        for i in infos {
            let obj_ns = match s(&i.obj, "/metadata/namespace") {
                "" => ns.clone(),
                n => n.to_string(),
            };
            objects.push((i.rt, obj_ns, s(&i.obj, "/metadata/name").to_string()));
        }
    }
    for t in &targets {
        let (rt, name) = match t.split_once('/') {
            Some((ty, n)) => match super::resolve_type(ty) {
                Ok(rt) => (rt, n.to_string()),
                Err(e) => return k.fail(&e),
            },
            None => match resources::resolve("pods") {
                Some(rt) => (rt, t.clone()),
                None => return 1,
            },
        };
        objects.push((rt, ns.clone(), name));
    }
    for (rt, obj_ns, name) in objects {
        let obj = match engine::get(k.ctx.cluster, rt, &obj_ns, &name) {
            Ok(o) => o,
            Err(e) => return k.api_fail(&e),
        };
        let made = match rt.plural {
            "nodes" => debug_node(k, &o, &ns, &obj, custom.as_ref()),
            "pods" if !o.copy_to.is_empty() => debug_by_copy(k, &o, &obj, custom.as_ref()),
            "pods" => debug_ephemeral(k, &o, &obj, custom.as_ref()),
            _ => {
                let gvk = if rt.group.is_empty() {
                    format!("/{}, Kind={}", rt.version, rt.kind)
                } else {
                    format!("{}/{}, Kind={}", rt.group, rt.version, rt.kind)
                };
                Err(Failure::Msg(format!("\"{gvk}\" not supported by debug")))
            }
        };
        let (pod_ns, pod, container) = match made {
            Ok(m) => m,
            Err(Failure::Api(e)) => return k.api_fail(&e),
            Err(Failure::Msg(e)) => return k.fail(&e),
        };
        if o.attach && !container.is_empty() {
            return attach(k, &o, &pod_ns, &pod, &container);
        }
    }
    0
}

/// kubectl's computeDebugContainerName: `-c`, else `debugger-` and five
/// random characters not naming a container of the pod.
fn debug_container_name(k: &mut K<'_, '_, '_>, o: &Opts, pod: &Value) -> String {
    if !o.container.is_empty() {
        return o.container.clone();
    }
    let taken = |n: &str| {
        [
            "/spec/containers",
            "/spec/initContainers",
            "/spec/ephemeralContainers",
        ]
        .iter()
        .any(|p| a(pod, p).iter().any(|c| s(c, "/name") == n))
    };
    let mut name = String::new();
    for _ in 0..100 {
        name = format!("debugger-{}", engine::name_suffix(k.ctx.cluster));
        if !taken(&name) {
            break;
        }
    }
    if !o.quiet {
        k.out(&format!("Defaulting debug container name to {name}.\n"));
    }
    name
}

/// The debug container's fields common to every kind of target, in the
/// Go struct's field order.
fn debug_container(o: &Opts, name: &str) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("name".into(), json!(name));
    c.insert("image".into(), json!(o.image));
    if !o.args.is_empty() {
        let key = if o.args_only { "args" } else { "command" };
        c.insert(key.into(), json!(o.args));
    }
    if !o.env.is_empty() {
        let env: Vec<Value> = o
            .env
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect();
        c.insert("env".into(), Value::Array(env));
    }
    c.insert("resources".into(), json!({}));
    c.insert("terminationMessagePolicy".into(), json!("File"));
    if !o.pull_policy.is_empty() {
        c.insert("imagePullPolicy".into(), json!(o.pull_policy));
    }
    if o.interactive {
        c.insert("stdin".into(), json!(true));
    }
    if o.tty {
        c.insert("tty".into(), json!(true));
    }
    c
}

/// A strategic merge of the custom profile's partial container over the
/// container (maps merged, lists keyed by name replaced or appended).
fn apply_custom(container: &mut Map<String, Value>, custom: Option<&Value>) {
    let Some(Value::Object(custom)) = custom else {
        return;
    };
    for (key, v) in custom {
        match (container.get_mut(key), v) {
            (Some(Value::Object(cur)), Value::Object(new)) => {
                for (k2, v2) in new {
                    cur.insert(k2.clone(), v2.clone());
                }
            }
            (Some(Value::Array(cur)), Value::Array(new)) => {
                for item in new {
                    let name = s(item, "/name");
                    let at = cur
                        .iter()
                        .position(|x| !name.is_empty() && s(x, "/name") == name);
                    match at {
                        Some(i) => cur[i] = item.clone(),
                        None => cur.push(item.clone()),
                    }
                }
            }
            _ => {
                container.insert(key.clone(), v.clone());
            }
        }
    }
}

fn add_capability(c: &mut Map<String, Value>, cap: &str) {
    let sc = c.entry("securityContext").or_insert_with(|| json!({}));
    if !sc.is_object() {
        *sc = json!({});
    }
    if let Some(sc) = sc.as_object_mut() {
        let caps = sc.entry("capabilities").or_insert_with(|| json!({}));
        if let Some(caps) = caps.as_object_mut() {
            let add = caps.entry("add").or_insert_with(|| json!([]));
            if let Some(list) = add.as_array_mut() {
                list.push(json!(cap));
            }
        }
    }
}

/// The security context the profiles give a debug container.
fn profile_security(o: &Opts, c: &mut Map<String, Value>, node: bool) {
    match o.profile.as_str() {
        "general" if !node => add_capability(c, "SYS_PTRACE"),
        "baseline" => {
            c.remove("securityContext");
        }
        "restricted" => {
            c.insert(
                "securityContext".into(),
                json!({"capabilities": {"drop": ["ALL"]}, "runAsNonRoot": true}),
            );
        }
        "netadmin" => {
            c.insert(
                "securityContext".into(),
                json!({"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}}),
            );
        }
        "sysadmin" => {
            c.insert("securityContext".into(), json!({"privileged": true}));
        }
        _ => {}
    }
}

fn debug_ephemeral(
    k: &mut K<'_, '_, '_>,
    o: &Opts,
    pod: &Value,
    custom: Option<&Value>,
) -> Result<(String, String, String), Failure> {
    let name = debug_container_name(k, o, pod);
    let mut c = debug_container(o, &name);
    if !o.target.is_empty() {
        c.insert("targetContainerName".into(), json!(o.target));
    }
    profile_security(o, &mut c, false);
    apply_custom(&mut c, custom);
    let ns = s(pod, "/metadata/namespace").to_string();
    let pod_name = s(pod, "/metadata/name").to_string();
    match engine::add_ephemeral_container(k.ctx.cluster, &ns, &pod_name, Value::Object(c)) {
        Ok(_) => Ok((ns, pod_name, name)),
        Err(e) => Err(Failure::Api(e)),
    }
}

fn debug_node(
    k: &mut K<'_, '_, '_>,
    o: &Opts,
    ns: &str,
    node: &Value,
    custom: Option<&Value>,
) -> Result<(String, String, String), Failure> {
    let cn = if o.container.is_empty() {
        "debugger".to_string()
    } else {
        o.container.clone()
    };
    let node_name = s(node, "/metadata/name").to_string();
    let pod_name = format!(
        "node-debugger-{node_name}-{}",
        engine::name_suffix(k.ctx.cluster)
    );
    if !o.quiet {
        k.out(&format!(
            "Creating debugging pod {pod_name} with container {cn} on node {node_name}.\n"
        ));
    }
    let mut c = debug_container(o, &cn);
    let host = matches!(
        o.profile.as_str(),
        "legacy" | "general" | "sysadmin" | "netadmin"
    );
    let mount_root = matches!(o.profile.as_str(), "legacy" | "general" | "sysadmin");
    if mount_root {
        c.insert(
            "volumeMounts".into(),
            json!([{"mountPath": "/host", "name": "host-root"}]),
        );
    }
    profile_security(o, &mut c, true);
    apply_custom(&mut c, custom);
    let mut spec = Map::new();
    spec.insert("containers".into(), json!([Value::Object(c)]));
    if host {
        spec.insert("hostIPC".into(), json!(true));
        spec.insert("hostNetwork".into(), json!(true));
        spec.insert("hostPID".into(), json!(true));
    }
    spec.insert("nodeName".into(), json!(node_name));
    spec.insert("restartPolicy".into(), json!("Never"));
    spec.insert("tolerations".into(), json!([{"operator": "Exists"}]));
    if mount_root {
        spec.insert(
            "volumes".into(),
            json!([{"hostPath": {"path": "/"}, "name": "host-root"}]),
        );
    }
    let pod = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "labels": {"app.kubernetes.io/managed-by": "kubectl-debug"},
            "name": pod_name,
        },
        "spec": Value::Object(spec),
    });
    match engine::create(k.ctx.cluster, pod, ns) {
        Ok(_) => Ok((ns.to_string(), pod_name, cn)),
        Err(e) => Err(Failure::Api(e)),
    }
}

fn debug_by_copy(
    k: &mut K<'_, '_, '_>,
    o: &Opts,
    pod: &Value,
    custom: Option<&Value>,
) -> Result<(String, String, String), Failure> {
    let ns = s(pod, "/metadata/namespace").to_string();
    let mut spec = pod.get("spec").cloned().unwrap_or_else(|| json!({}));
    let Some(m) = spec.as_object_mut() else {
        return Err(Failure::Msg("the pod has no spec".to_string()));
    };
    m.remove("ephemeralContainers");
    if let Some(share) = o.share_processes {
        m.insert("shareProcessNamespace".into(), json!(share));
    }
    if !o.same_node {
        m.remove("nodeName");
    }
    let legacy = o.profile == "legacy";
    if !legacy && !o.keep_init {
        m.remove("initContainers");
    }
    let mut containers: Vec<Value> = m
        .get("containers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let star = o
        .set_images
        .iter()
        .find(|(n, _)| n == "*")
        .map(|(_, i)| i.clone());
    for c in containers.iter_mut() {
        let cname = s(c, "/name").to_string();
        let image = o
            .set_images
            .iter()
            .find(|(n, _)| *n == cname)
            .map(|(_, i)| i.clone())
            .or_else(|| star.clone());
        if let Some(img) = image {
            c["image"] = json!(img);
        }
        if !legacy {
            if let Some(cm) = c.as_object_mut() {
                if !o.keep_liveness {
                    cm.remove("livenessProbe");
                }
                if !o.keep_readiness {
                    cm.remove("readinessProbe");
                }
                if !o.keep_startup {
                    cm.remove("startupProbe");
                }
            }
        }
    }
    let existing = containers
        .iter()
        .position(|c| !o.container.is_empty() && s(c, "/name") == o.container);
    let debug_name;
    match existing {
        Some(i) => {
            debug_name = o.container.clone();
            if let Some(c) = containers.get_mut(i).and_then(Value::as_object_mut) {
                if !o.args.is_empty() {
                    if o.args_only {
                        c.insert("args".into(), json!(o.args));
                    } else {
                        c.insert("command".into(), json!(o.args));
                        c.remove("args");
                    }
                }
                if !o.env.is_empty() {
                    let env: Vec<Value> = o
                        .env
                        .iter()
                        .map(|(n, v)| json!({"name": n, "value": v}))
                        .collect();
                    c.insert("env".into(), Value::Array(env));
                }
                if !o.image.is_empty() {
                    c.insert("image".into(), json!(o.image));
                }
                if !o.pull_policy.is_empty() {
                    c.insert("imagePullPolicy".into(), json!(o.pull_policy));
                }
                c.insert("stdin".into(), json!(o.interactive));
                c.insert("tty".into(), json!(o.tty));
                profile_security(o, c, false);
                apply_custom(c, custom);
            }
        }
        None if o.image.is_empty() => {
            if o.set_images.is_empty() {
                return Err(Failure::Msg(
                    "you must specify image when creating new container".to_string(),
                ));
            }
            debug_name = String::new();
        }
        None => {
            // kubectl names the new container against the copy's containers.
            let mut probe = pod.clone();
            probe["spec"]["containers"] = Value::Array(containers.clone());
            debug_name = debug_container_name(k, o, &probe);
            let mut c = debug_container(o, &debug_name);
            profile_security(o, &mut c, false);
            apply_custom(&mut c, custom);
            containers.push(Value::Object(c));
        }
    }
    m.insert("containers".into(), Value::Array(containers));
    if !legacy {
        m.insert("shareProcessNamespace".into(), json!(true));
        if matches!(o.profile.as_str(), "baseline" | "restricted") {
            m.remove("securityContext");
            m.remove("hostNetwork");
            m.remove("hostPID");
            m.remove("hostIPC");
        }
    }
    // The server assigns these again.
    m.remove("serviceAccount");
    let mut meta = Map::new();
    let annotations = pod.pointer("/metadata/annotations").cloned();
    let labels = pod.pointer("/metadata/labels").cloned();
    if let Some(an) = annotations.filter(|_| legacy || o.keep_annotations) {
        meta.insert("annotations".into(), an);
    }
    if let Some(l) = labels.filter(|_| legacy || o.keep_labels) {
        meta.insert("labels".into(), l);
    }
    meta.insert("name".into(), json!(o.copy_to));
    meta.insert("namespace".into(), json!(ns));
    // The copy does not keep the original's generated volumes' service
    // account token name: the API server adds its own.
    if let Some(vols) = spec.get_mut("volumes").and_then(Value::as_array_mut) {
        vols.retain(|v| !s(v, "/name").starts_with("kube-api-access-"));
    }
    if let Some(cs) = spec.get_mut("containers").and_then(Value::as_array_mut) {
        for c in cs {
            if let Some(mounts) = c.get_mut("volumeMounts").and_then(Value::as_array_mut) {
                mounts.retain(|v| !s(v, "/name").starts_with("kube-api-access-"));
            }
        }
    }
    let copy = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": Value::Object(meta),
        "spec": spec,
    });
    if let Err(e) = engine::create(k.ctx.cluster, copy, &ns) {
        return Err(Failure::Api(e));
    }
    if o.replace {
        let pod_name = s(pod, "/metadata/name").to_string();
        if let Some(rt) = resources::resolve("pods") {
            if let Err(e) = engine::delete(k.ctx.cluster, rt, &ns, &pod_name, Some(0)) {
                return Err(Failure::Api(e));
            }
        }
    }
    Ok((ns, o.copy_to.clone(), debug_name))
}

/// The status of a container of any kind in a pod.
fn status_of<'a>(pod: &'a Value, name: &str) -> Option<&'a Value> {
    [
        "/status/initContainerStatuses",
        "/status/containerStatuses",
        "/status/ephemeralContainerStatuses",
    ]
    .iter()
    .flat_map(|p| a(pod, p).iter())
    .find(|st| s(st, "/name") == name)
}

/// kubectl's waitForContainer and handleAttachPod: the clock moves until
/// the container runs or has ended (the waiting reasons' messages are
/// printed as warnings), then kubectl attaches — a shell reading its
/// standard input becomes the session — or prints the log of a container
/// that already ended.
fn attach(k: &mut K<'_, '_, '_>, o: &Opts, ns: &str, pod: &str, container: &str) -> i32 {
    let deadline = k.ctx.cluster.now().plus_ms(WAIT_LIMIT_MS);
    let mut last_msg = String::new();
    let current = loop {
        let Some(p) = k.ctx.cluster.store().get("pods", ns, pod).cloned() else {
            k.err(&format!(
                "Error from server (NotFound): pods \"{pod}\" not found\n"
            ));
            return 1;
        };
        if let Some(st) = status_of(&p, container) {
            if st.pointer("/state/running").is_some() || st.pointer("/state/terminated").is_some() {
                break p;
            }
            let msg = s(st, "/state/waiting/message");
            if !o.quiet && !msg.is_empty() && msg != last_msg {
                k.err(&format!("Warning: container {container}: {msg}\n"));
                last_msg = msg.to_string();
            }
        }
        let now = k.ctx.cluster.now();
        match k.ctx.cluster.next_due() {
            Some(t) if t <= deadline => k.ctx.cluster.advance((t.0 - now.0).max(1)),
            _ => return k.fail("timed out waiting for the condition"),
        }
    };
    let terminated =
        status_of(&current, container).is_some_and(|st| st.pointer("/state/terminated").is_some());
    if terminated {
        if let Ok(logs) = engine::logs(k.ctx.cluster, ns, pod, Some(container)) {
            let text = logs.text(false);
            k.out(&text);
        }
        return 0;
    }
    if !o.quiet {
        k.err("If you don't see a command prompt, try pressing enter.\n");
    }
    let ephemeral = a(&current, "/spec/ephemeralContainers")
        .iter()
        .any(|c| s(c, "/name") == container);
    let restarts = s(&current, "/spec/restartPolicy") == "Always";
    let reattach = if o.quiet || !o.interactive || !o.tty || !restarts {
        None
    } else if ephemeral {
        Some(format!("Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach {pod} -c {container} -i -t' if it is still running\n"))
    } else {
        Some(format!("Session ended, resume using 'kubectl attach {pod} -c {container} -i -t' command when the pod is running\n"))
    };
    let main = engine::main_process(k.ctx.cluster, ns, pod, container);
    if let Some((argv, true)) = main.filter(|_| o.interactive) {
        let attached = crate::shell::Attached {
            container: container.to_string(),
            reattach,
            run: None,
        };
        let shell = argv.into_iter().take(1).collect::<Vec<_>>();
        return super::exec::open_session(
            k,
            ns,
            pod,
            Some(container),
            &shell,
            o.tty,
            Some(attached),
        );
    }
    // A command: its output as it comes, as `kubectl attach` shows it.
    let printed = match engine::logs(k.ctx.cluster, ns, pod, Some(container)) {
        Ok(l) => {
            let text = l.text(false);
            k.out(&text);
            l.lines.len()
        }
        Err(_) => 0,
    };
    *k.ctx.watch = Some(crate::watch::Live::Logs(crate::watch::LogFollow {
        namespace: ns.to_string(),
        pod: pod.to_string(),
        container: Some(container.to_string()),
        printed,
        timestamps: false,
    }));
    0
}

#[cfg(test)]
mod tests {
    use super::valid_reference;

    #[test]
    fn image_references_as_distribution_reads_them() {
        for ok in [
            "busybox",
            "busybox:1.28",
            "docker.io/library/busybox:latest",
            "localhost:5000/team/app_v2:1.0-rc.1",
            "registry.k8s.io/e2e-test-images/agnhost:2.39",
            "nicolaka/netshoot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(valid_reference(ok), "{ok}");
        }
        for bad in [
            "Busybox",
            "Bad::",
            "busybox:",
            ":1.0",
            "a//b",
            "-x",
            "x:-1",
            "x@sha256:12",
        ] {
            assert!(!valid_reference(bad), "{bad}");
        }
    }
}
