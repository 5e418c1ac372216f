//! `kubectl create deployment|namespace|service ...|configmap|secret
//! generic|job|cronjob|ingress`: the objects kubectl's generators build.

use super::get::{output_format, Format};
use super::{api_message, K};
use crate::engine;
use cluster::resources;
use serde_json::{json, Map, Value};

/// `NAME` for generators: exactly one.
fn one_name(k: &mut K<'_, '_, '_>) -> Result<String, i32> {
    let dash = k.flags.dash_at.unwrap_or(k.flags.args.len());
    let names: Vec<String> = k.flags.args[..dash].to_vec();
    if names.len() != 1 {
        let cmd = k.cmd;
        return Err(k.fail(&format!(
            "exactly one NAME is required, got {}\nSee 'kubectl {cmd} -h' for help and examples",
            names.len()
        )));
    }
    Ok(names[0].clone())
}

/// `--save-config`: the last-applied annotation holds the generated
/// object (`shown`, as the client holds it) in kubectl's JSON encoding of
/// the Go struct. kubectl sets it before the dry-run check, so `-o yaml`
/// shows it too.
pub fn save_config(obj: &mut Value, shown: &Value) {
    let text = format!(
        "{}\n",
        crate::yaml::to_compact_json_ordered(&super::go_order::typed(shown))
    );
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta
            .entry("annotations")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(a) = ann.as_object_mut() {
            a.insert(cluster::LAST_APPLIED.to_string(), Value::String(text));
        }
    }
}

/// Sends (or, with --dry-run, prints) a generated object.
fn finish(k: &mut K<'_, '_, '_>, mut obj: Value, mut shown: Value) -> i32 {
    if k.flags.bool("save-config") {
        let snapshot = shown.clone();
        save_config(&mut obj, &snapshot);
        save_config(&mut shown, &snapshot);
    }
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let kind = obj["kind"].as_str().unwrap_or("").to_string();
    let api_version = obj["apiVersion"].as_str().unwrap_or("").to_string();
    let Some(rt) = resources::by_kind(&api_version, &kind) else {
        return k.fail(&format!(
            "no matches for kind \"{kind}\" in version \"{api_version}\""
        ));
    };
    let name = crate::util::name(&obj).to_string();
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    if dry {
        if matches!(fmt, Format::Table | Format::Wide) {
            k.out(&format!(
                "{}/{name} created (dry run)\n",
                rt.qualified_kind_lower()
            ));
        } else {
            super::go_order::print_typed(k, &fmt, rt, shown);
        }
        return 0;
    }
    let ns = k.namespace();
    if matches!(fmt, Format::Table | Format::Wide) {
        // Only the name is printed: a page may run the controllers after.
        k.ctx.cluster.defer_next_settle();
    }
    match engine::create(k.ctx.cluster, obj, &ns) {
        Ok(created) => {
            if matches!(fmt, Format::Table | Format::Wide) {
                k.out(&format!("{}/{name} created\n", rt.qualified_kind_lower()));
            } else {
                super::go_order::print_typed(k, &fmt, rt, created);
            }
            0
        }
        Err(e) => {
            let msg = match generator_prefix(k.cmd) {
                Some(prefix) => format!("error: {prefix}{}", raw_status_message(&e, rt)),
                None => api_message(&e),
            };
            k.err(&format!("{msg}\n"));
            1
        }
    }
}

/// kubectl 1.32's generators wrap the server's error: `failed to create
/// deployment: ...` (create namespace returns it as it is).
fn generator_prefix(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "create deployment" => "failed to create deployment: ",
        "create service clusterip" => "failed to create ClusterIP service: ",
        "create service nodeport" => "failed to create NodePort service: ",
        "create service loadbalancer" => "failed to create LoadBalancer service: ",
        "create service externalname" => "failed to create ExternalName service: ",
        "create configmap" => "failed to create configmap: ",
        "create secret generic" | "create secret tls" | "create secret docker-registry" => {
            "failed to create secret "
        }
        "create job" => "failed to create job: ",
        "create cronjob" => "failed to create cronjob: ",
        "create ingress" => "failed to create ingress: ",
        "create serviceaccount" => "failed to create serviceaccount: ",
        "create role" => "failed to create role: ",
        "create clusterrole" => "failed to create clusterrole: ",
        "create rolebinding" => "failed to create rolebinding: ",
        "create clusterrolebinding" => "failed to create clusterrolebinding: ",
        "create quota" => "failed to create quota: ",
        "create poddisruptionbudget" => "failed to create poddisruptionbudget: ",
        "create priorityclass" => "failed to create priorityclass: ",
        _ => return None,
    })
}

/// The API status message itself (what Go's `err.Error()` gives), not the
/// way kubectl prints a bare status error: `CronJob.batch "x" is invalid:
/// <cause>` (several causes as `[a, b]`), `deployments.apps "x" already
/// exists`.
fn raw_status_message(e: &cluster::ApiError, rt: &cluster::ResourceType) -> String {
    if e.reason != cluster::Reason::Invalid {
        return e.message.clone();
    }
    let Some(rest) = e.message.strip_prefix("The ") else {
        return e.message.clone();
    };
    let Some((_, after_kind)) = rest.split_once(' ') else {
        return e.message.clone();
    };
    let qualified = if rt.group.is_empty() {
        rt.kind.to_string()
    } else {
        format!("{}.{}", rt.kind, rt.group)
    };
    let Some((name, body)) = after_kind.split_once(" is invalid: ") else {
        return e.message.clone();
    };
    let body = match body.strip_prefix('\n') {
        Some(list) => format!(
            "[{}]",
            list.lines()
                .map(|l| l.strip_prefix("* ").unwrap_or(l))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => body.to_string(),
    };
    format!("{qualified} {name} is invalid: {body}")
}

/// The object as `--dry-run -o yaml` shows it: with `creationTimestamp:
/// null` (and `status` where the generator sets one).
pub(super) fn shown(obj: &Value, status: Option<Value>) -> Value {
    let mut s = obj.clone();
    s["metadata"]["creationTimestamp"] = Value::Null;
    if let Some(st) = status {
        s["status"] = st;
    }
    s
}

/// Adds the namespace when `-n` was given (kubectl's EnforceNamespace).
fn enforce_namespace(k: &K<'_, '_, '_>, obj: &mut Value) {
    let n = k.flags.str("namespace");
    if !n.is_empty() {
        obj["metadata"]["namespace"] = json!(n);
    }
}

/// A container name from an image, as kubectl's deployment generator makes
/// it (last path element, no tag or digest, `_`/`.` replaced, then a
/// suffix to keep it unique; ours is derived from the name).
fn container_name(image: &str) -> String {
    let mut name = image.rsplit('/').next().unwrap_or(image).to_string();
    if let Some((n, _)) = name.split_once(':') {
        name = n.to_string();
    }
    if let Some((n, _)) = name.split_once('@') {
        name = n.to_string();
    }
    if name.contains(['_', '.']) {
        name = name.replace(['_', '.'], "-");
        let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
        let mut h: u32 = 2_166_136_261;
        for b in image.bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
        }
        let suffix: String = (0..5)
            .map(|i| alphabet[((h >> (i * 5)) as usize) % alphabet.len()] as char)
            .collect();
        name = format!("{name}-{suffix}");
    }
    name
}

fn deployment(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let images = k.flags.list("image");
    if images.is_empty() {
        return k.fail("required flag(s) \"image\" not set");
    }
    let command: Vec<String> = match k.flags.dash_at {
        Some(d) => k.flags.args[d..].to_vec(),
        None => vec![],
    };
    if images.len() > 1 && !command.is_empty() {
        return k.fail("cannot specify multiple --image options and command");
    }
    let mut containers: Vec<Value> = images
        .iter()
        .map(|img| {
            let mut c = Map::new();
            c.insert("image".into(), json!(img));
            c.insert("name".into(), json!(container_name(img)));
            c.insert("resources".into(), json!({}));
            Value::Object(c)
        })
        .collect();
    let port = k.flags.int("port");
    if port >= 0 {
        containers[0]["ports"] = json!([{"containerPort": port}]);
    }
    if !command.is_empty() {
        containers[0]["command"] = json!(command);
    }
    let replicas = k.flags.int("replicas");
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"$0"},"name":"$0"},"spec":{"replicas":"$1","selector":{"matchLabels":{"app":"$0"}},"strategy":{},"template":{"metadata":{"labels":{"app":"$0"}},"spec":{"containers":"$2"}}}}"#,
        &[
            Value::from(name),
            Value::from(replicas),
            Value::from(containers),
        ],
    );
    enforce_namespace(k, &mut obj);
    let mut show = shown(&obj, Some(json!({})));
    show["spec"]["template"]["metadata"]["creationTimestamp"] = Value::Null;
    finish(k, obj, show)
}

fn namespace(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"$0"},"spec":{}}"#,
        &[Value::from(name)],
    );
    let show = shown(&obj, Some(json!({})));
    finish(k, obj, show)
}

fn service(k: &mut K<'_, '_, '_>, ty: &str) -> i32 {
    if ty == "ExternalName" && !k.flags.has("external-name") {
        // cobra checks required flags before the command runs.
        return k.fail("required flag(s) \"external-name\" not set");
    }
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let tcp = k.flags.list("tcp");
    let cluster_ip = k.flags.str("clusterip");
    let external_name = k.flags.str("external-name");
    if ty == "ExternalName" {
        if !cluster::validation::dns1123_subdomain_errors(&external_name).is_empty() {
            return k.fail(&format!("invalid service external name {external_name}"));
        }
    } else if tcp.is_empty() && cluster_ip != "None" {
        return k.fail("at least one tcp port specifier must be provided");
    }
    let node_port = if ty == "NodePort" {
        k.flags.int("node-port")
    } else {
        0
    };
    let mut ports = Vec::new();
    for spec in &tcp {
        let (p, t) = match spec.split_once(':') {
            Some((p, t)) => (p, t),
            None => (spec.as_str(), spec.as_str()),
        };
        let port: i64 = match p.parse() {
            Ok(v) => v,
            Err(_) => return k.fail(&format!("strconv.Atoi: parsing \"{p}\": invalid syntax")),
        };
        let target = match t.parse::<i64>() {
            Ok(v) => json!(v),
            Err(_) => json!(t),
        };
        let mut m = Map::new();
        m.insert("name".into(), json!(spec.replace(':', "-")));
        if node_port > 0 {
            m.insert("nodePort".into(), json!(node_port));
        }
        m.insert("port".into(), json!(port));
        m.insert("protocol".into(), json!("TCP"));
        m.insert("targetPort".into(), target);
        ports.push(Value::Object(m));
    }
    let mut spec = cluster::bootstrap::tmpl(
        r#"{"selector":{"app":"$0"},"type":"$1"}"#,
        &[Value::from(name.as_str()), Value::from(ty)],
    );
    if !ports.is_empty() {
        spec["ports"] = Value::Array(ports);
    }
    if !cluster_ip.is_empty() {
        spec["clusterIP"] = json!(cluster_ip);
    }
    if ty == "ExternalName" {
        spec["externalName"] = json!(external_name);
    }
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Service","metadata":{"labels":{"app":"$0"},"name":"$0"},"spec":"$1"}"#,
        &[Value::from(name), spec],
    );
    enforce_namespace(k, &mut obj);
    let show = shown(&obj, Some(json!({"loadBalancer": {}})));
    finish(k, obj, show)
}

/// `--from-literal`, `--from-file` and `--from-env-file` into (key, value).
fn sources(k: &mut K<'_, '_, '_>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for lit in k.flags.list("from-literal") {
        match lit.split_once('=') {
            Some((key, v)) if !key.is_empty() => out.push((key.to_string(), v.to_string())),
            _ => return Err(format!("invalid literal source {lit}, expected key=value")),
        }
    }
    for f in k.flags.list("from-file") {
        let (key, path) = match f.split_once('=') {
            Some((key, p)) => (key.to_string(), p.to_string()),
            None => (f.rsplit('/').next().unwrap_or(&f).to_string(), f.clone()),
        };
        let text = k
            .ctx
            .files
            .read(&path)
            .map_err(|_| format!("error reading {path}: no such file or directory"))?;
        out.push((key, text));
    }
    for f in k.flags.list("from-env-file") {
        let text = k
            .ctx
            .files
            .read(&f)
            .map_err(|_| format!("open {f}: no such file or directory"))?;
        for line in text.lines() {
            let l = line.trim_start();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            match l.split_once('=') {
                Some((key, v)) => out.push((key.to_string(), v.to_string())),
                None => out.push((l.to_string(), String::new())),
            }
        }
    }
    Ok(out)
}

fn configmap(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let data = match sources(k) {
        Ok(d) => d,
        Err(e) => return k.fail(&e),
    };
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"$0"}}"#,
        &[Value::from(name)],
    );
    if !data.is_empty() {
        let m: Map<String, Value> = data
            .into_iter()
            .map(|(a, b)| (a, Value::String(b)))
            .collect();
        obj["data"] = Value::Object(m);
    }
    enforce_namespace(k, &mut obj);
    let show = shown(&obj, None);
    finish(k, obj, show)
}

fn secret_generic(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let data = match sources(k) {
        Ok(d) => d,
        Err(e) => return k.fail(&e),
    };
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"$0"}}"#,
        &[Value::from(name)],
    );
    if !data.is_empty() {
        let m: Map<String, Value> = data
            .into_iter()
            .map(|(a, b)| (a, Value::String(base64(b.as_bytes()))))
            .collect();
        obj["data"] = Value::Object(m);
    }
    let ty = k.flags.str("type");
    if !ty.is_empty() {
        obj["type"] = json!(ty);
    }
    enforce_namespace(k, &mut obj);
    let show = shown(&obj, None);
    finish(k, obj, show)
}

/// Whether `text` holds a PEM block whose type ends with `kind`
/// (`CERTIFICATE`, `PRIVATE KEY`).
fn has_pem_block(text: &str, kind: &str) -> bool {
    text.lines().any(|l| {
        l.trim()
            .strip_prefix("-----BEGIN ")
            .and_then(|r| r.strip_suffix("-----"))
            .is_some_and(|t| t.ends_with(kind))
    })
}

/// `kubectl create secret tls NAME --cert=FILE --key=FILE`. The PEM blocks
/// are checked as Go's tls.X509KeyPair first does; whether the key matches
/// the certificate is not (the playground has no X.509 parser).
fn secret_tls(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let cert_path = k.flags.str("cert");
    let key_path = k.flags.str("key");
    if cert_path.is_empty() || key_path.is_empty() {
        return k.fail("key and cert must be specified");
    }
    let read = |path: &str| {
        k.ctx
            .files
            .read(path)
            .map_err(|_| format!("Cannot read file {path}, open {path}: no such file or directory"))
    };
    let cert = match read(&cert_path) {
        Ok(t) => t,
        Err(e) => return k.fail(&e),
    };
    let key = match read(&key_path) {
        Ok(t) => t,
        Err(e) => return k.fail(&e),
    };
    if !has_pem_block(&cert, "CERTIFICATE") {
        return k.fail("tls: failed to find any PEM data in certificate input");
    }
    if !has_pem_block(&key, "PRIVATE KEY") {
        return k.fail("tls: failed to find any PEM data in key input");
    }
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"$0"},"data":{"tls.crt":"$1","tls.key":"$2"},"type":"kubernetes.io/tls"}"#,
        &[
            Value::from(name),
            Value::from(base64(cert.as_bytes())),
            Value::from(base64(key.as_bytes())),
        ],
    );
    enforce_namespace(k, &mut obj);
    let show = shown(&obj, None);
    finish(k, obj, show)
}

/// `kubectl create secret docker-registry NAME --docker-username=U
/// --docker-password=P [--docker-server=S] [--docker-email=E]`: a
/// `.dockerconfigjson` as kubectl writes it (`auth` is base64 of
/// `U:P`), or `--from-file` (key defaults to the file name).
fn secret_docker_registry(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let files = k.flags.list("from-file");
    let data: Map<String, Value> = if files.is_empty() {
        let user = k.flags.str("docker-username");
        let pass = k.flags.str("docker-password");
        let server = k.flags.str("docker-server");
        if user.is_empty() || pass.is_empty() || server.is_empty() {
            return k.fail("either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
        }
        let email = k.flags.str("docker-email");
        let auth = base64(format!("{user}:{pass}").as_bytes());
        let mut entry = Map::new();
        entry.insert("username".into(), json!(user));
        entry.insert("password".into(), json!(pass));
        if !email.is_empty() {
            entry.insert("email".into(), json!(email));
        }
        entry.insert("auth".into(), json!(auth));
        let mut auths = Map::new();
        auths.insert(server, Value::Object(entry));
        let config = json!({ "auths": Value::Object(auths) });
        // json.Marshal: compact, in the struct's field order.
        let compact = crate::yaml::to_compact_json_ordered(&config);
        let mut m = Map::new();
        m.insert(
            ".dockerconfigjson".into(),
            json!(base64(compact.as_bytes())),
        );
        m
    } else {
        let mut m = Map::new();
        for f in files {
            let (key, path) = match f.split_once('=') {
                Some((key, p)) => (key.to_string(), p.to_string()),
                None => (f.rsplit('/').next().unwrap_or(&f).to_string(), f.clone()),
            };
            let text = match k.ctx.files.read(&path) {
                Ok(t) => t,
                Err(_) => {
                    return k.fail(&format!("error reading {path}: no such file or directory"))
                }
            };
            m.insert(key, json!(base64(text.as_bytes())));
        }
        m
    };
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"$0"},"data":"$1","type":"kubernetes.io/dockerconfigjson"}"#,
        &[Value::from(name), Value::Object(data)],
    );
    enforce_namespace(k, &mut obj);
    let show = shown(&obj, None);
    finish(k, obj, show)
}

/// The words after `--` (a container's command).
fn command_after_dash(k: &K<'_, '_, '_>) -> Vec<String> {
    match k.flags.dash_at {
        Some(d) => k.flags.args[d..].to_vec(),
        None => vec![],
    }
}

/// A one-container pod template as kubectl's job and cronjob generators
/// build it (the container is named after the object).
fn pod_template(name: &str, image: &str, command: &[String], restart: &str) -> Value {
    let mut c = Map::new();
    if !command.is_empty() {
        c.insert("command".into(), json!(command));
    }
    c.insert("image".into(), json!(image));
    c.insert("name".into(), json!(name));
    c.insert("resources".into(), json!({}));
    cluster::bootstrap::tmpl(
        r#"{"metadata":{},"spec":{"containers":["$0"],"restartPolicy":"$1"}}"#,
        &[Value::Object(c), Value::from(restart)],
    )
}

/// `creationTimestamp: null` at a nested ObjectMeta, as a typed object
/// prints it.
fn null_timestamp(v: &mut Value, pointer: &str) {
    if let Some(m) = v.pointer_mut(pointer).and_then(Value::as_object_mut) {
        m.insert("creationTimestamp".into(), Value::Null);
    }
}

fn job(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let image = k.flags.str("image");
    let from = k.flags.str("from");
    if image.is_empty() == from.is_empty() {
        return k.fail("either --image or --from must be specified");
    }
    let command = command_after_dash(k);
    if !command.is_empty() && !from.is_empty() {
        return k.fail("cannot specify --from and command");
    }
    let mut obj = if from.is_empty() {
        cluster::bootstrap::tmpl(
            r#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"$0"},"spec":{"template":"$1"}}"#,
            &[
                Value::from(name.as_str()),
                pod_template(&name, &image, &command, "Never"),
            ],
        )
    } else {
        let t = match super::targets(std::slice::from_ref(&from)) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        let Some((rt, Some(cj_name))) = t.items.first().cloned() else {
            return k.fail(&format!(
                "from must be an existing cronjob: {from} is not a resource/name"
            ));
        };
        if rt.plural != "cronjobs" {
            return k.fail(&format!(
                "from must be an existing cronjob: {} \"{cj_name}\" is a {}",
                rt.plural, rt.kind
            ));
        }
        let ns = k.namespace();
        let cj = match engine::get(k.ctx.cluster, rt, &ns, &cj_name) {
            Ok(o) => o,
            Err(e) => {
                let msg = api_message(&e);
                k.err(&format!("{msg}\n"));
                return 1;
            }
        };
        let mut annotations = Map::new();
        annotations.insert("cronjob.kubernetes.io/instantiate".into(), json!("manual"));
        if let Some(a) = cj
            .pointer("/spec/jobTemplate/metadata/annotations")
            .and_then(Value::as_object)
        {
            annotations.extend(a.clone());
        }
        let mut meta = Map::new();
        meta.insert("annotations".into(), Value::Object(annotations));
        if let Some(l) = cj
            .pointer("/spec/jobTemplate/metadata/labels")
            .filter(|l| l.as_object().is_some_and(|m| !m.is_empty()))
        {
            meta.insert("labels".into(), l.clone());
        }
        meta.insert("name".into(), json!(name));
        meta.insert(
            "ownerReferences".into(),
            cluster::bootstrap::tmpl(r#"[{"apiVersion":"batch/v1","controller":true,"kind":"CronJob","name":"$0","uid":"$1"}]"#, &[Value::from(cj_name), Value::from(cj.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or(""))]),
        );
        let spec = cj
            .pointer("/spec/jobTemplate/spec")
            .cloned()
            .unwrap_or_else(|| json!({}));
        cluster::bootstrap::tmpl(
            r#"{"apiVersion":"batch/v1","kind":"Job","metadata":"$0","spec":"$1"}"#,
            &[Value::from(meta), spec],
        )
    };
    enforce_namespace(k, &mut obj);
    let mut show = shown(&obj, Some(json!({})));
    null_timestamp(&mut show, "/spec/template/metadata");
    finish(k, obj, show)
}

fn cronjob(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let image = k.flags.str("image");
    let schedule = k.flags.str("schedule");
    if image.is_empty() {
        return k.fail("required flag(s) \"image\" not set");
    }
    if schedule.is_empty() {
        return k.fail("required flag(s) \"schedule\" not set");
    }
    let restart = match k.flags.str("restart") {
        r if r.is_empty() => "OnFailure".to_string(),
        r => r,
    };
    let command = command_after_dash(k);
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"$0"},"spec":{"jobTemplate":{"metadata":{"name":"$0"},"spec":{"template":"$1"}},"schedule":"$2"}}"#,
        &[
            Value::from(name.as_str()),
            pod_template(&name, &image, &command, &restart),
            Value::from(schedule),
        ],
    );
    enforce_namespace(k, &mut obj);
    let mut show = shown(&obj, Some(json!({})));
    null_timestamp(&mut show, "/spec/jobTemplate/metadata");
    null_timestamp(&mut show, "/spec/jobTemplate/spec/template/metadata");
    finish(k, obj, show)
}

/// kubectl's check of `--rule` (its regular expression
/// `^[\w*.-]*/.*=SERVICE:[\w-]+...`, unanchored at the end).
fn ingress_rule_ok(rule: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let Some(slash) = rule.find('/') else {
        return false;
    };
    if !rule[..slash]
        .chars()
        .all(|c| word(c) || c == '*' || c == '.')
    {
        return false;
    }
    // Some `=` after the slash is followed by `service:port`.
    rule[slash..].match_indices('=').any(|(i, _)| {
        let rest = &rule[slash + i + 1..];
        let Some((svc, port)) = rest.split_once(':') else {
            return false;
        };
        !svc.is_empty()
            && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && port.chars().next().is_some_and(word)
    })
}

/// `svc:port` into an IngressBackend (a number or a port name).
fn ingress_backend(text: &str) -> Value {
    let mut parts = text.split(':');
    let svc = parts.next().unwrap_or("");
    let port = parts.next().unwrap_or("");
    let port = match port.parse::<i32>() {
        Ok(n) => json!({"number": n}),
        Err(_) => json!({"name": port}),
    };
    cluster::bootstrap::tmpl(
        r#"{"service":{"name":"$0","port":"$1"}}"#,
        &[Value::from(svc), port],
    )
}

fn ingress(k: &mut K<'_, '_, '_>) -> i32 {
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let rules = k.flags.list("rule");
    let annotations = k.flags.list("annotation");
    let default_backend = k.flags.str("default-backend");
    let class = k.flags.str("class");
    if default_backend.is_empty() && rules.is_empty() {
        return k.fail("not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)");
    }
    for r in &rules {
        if !ingress_rule_ok(r) {
            return k.fail(&format!("rule {r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"));
        }
    }
    let mut ann = Map::new();
    for a in &annotations {
        match a.split_once('=') {
            Some((key, v)) => {
                ann.insert(key.to_string(), json!(v));
            }
            None => {
                return k.fail(&format!(
                    "annotation {a} is invalid and should be in format key=[value]"
                ))
            }
        }
    }
    if !default_backend.is_empty() && default_backend.split(':').count() != 2 {
        return k.fail("default-backend should be in format servicename:serviceport");
    }
    let mut spec = Map::new();
    if !default_backend.is_empty() {
        spec.insert("defaultBackend".into(), ingress_backend(&default_backend));
    }
    if !class.is_empty() {
        spec.insert("ingressClassName".into(), json!(class));
    }
    // Rules: paths of the same host go into one rule, in order.
    let mut out_rules: Vec<(String, Vec<Value>)> = Vec::new();
    for r in &rules {
        let no_tls = r.split(',').next().unwrap_or("");
        let (host, pathsvc) = no_tls.split_once('/').unwrap_or((no_tls, ""));
        let mut ps = pathsvc.split('=');
        let mut path = format!("/{}", ps.next().unwrap_or(""));
        let backend = ingress_backend(ps.next().unwrap_or(""));
        let mut path_type = "Exact";
        if path.ends_with('*') {
            path_type = "Prefix";
            path.pop();
        }
        let p = cluster::bootstrap::tmpl(
            r#"{"backend":"$0","path":"$1","pathType":"$2"}"#,
            &[backend, Value::from(path), Value::from(path_type)],
        );
        match out_rules.iter_mut().find(|(h, _)| h == host) {
            Some((_, paths)) => paths.push(p),
            None => out_rules.push((host.to_string(), vec![p])),
        }
    }
    // TLS: one entry per secret, each host once; rules without a host
    // get none.
    let mut seen: Vec<String> = Vec::new();
    let mut tls: Vec<(String, Vec<String>)> = Vec::new();
    for r in &rules {
        let parts: Vec<&str> = r.split(',').collect();
        if parts.len() == 1 {
            continue;
        }
        let host = r.split('/').next().unwrap_or("");
        if host.is_empty() || seen.iter().any(|h| h == host) {
            continue;
        }
        seen.push(host.to_string());
        let secret = parts[1].split('=').nth(1).unwrap_or("").to_string();
        match tls.iter_mut().find(|(s, _)| *s == secret) {
            Some((_, hosts)) => hosts.push(host.to_string()),
            None => tls.push((secret, vec![host.to_string()])),
        }
    }
    if !out_rules.is_empty() {
        let v: Vec<Value> = out_rules
            .into_iter()
            .map(|(h, paths)| {
                let mut m = Map::new();
                if !h.is_empty() {
                    m.insert("host".into(), json!(h));
                }
                m.insert("http".into(), json!({"paths": paths}));
                Value::Object(m)
            })
            .collect();
        spec.insert("rules".into(), Value::Array(v));
    }
    if !tls.is_empty() {
        let v: Vec<Value> = tls
            .into_iter()
            .map(|(secret, hosts)| {
                let mut m = Map::new();
                m.insert("hosts".into(), json!(hosts));
                if !secret.is_empty() {
                    m.insert("secretName".into(), json!(secret));
                }
                Value::Object(m)
            })
            .collect();
        spec.insert("tls".into(), Value::Array(v));
    }
    let mut meta = Map::new();
    if !ann.is_empty() {
        meta.insert("annotations".into(), Value::Object(ann));
    }
    meta.insert("name".into(), json!(name));
    let mut obj = cluster::bootstrap::tmpl(
        r#"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":"$0","spec":"$1"}"#,
        &[Value::from(meta), Value::from(spec)],
    );
    enforce_namespace(k, &mut obj);
    let show = shown(&obj, Some(json!({"loadBalancer": {}})));
    finish(k, obj, show)
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            A[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            A[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    // cobra checks a command's required flags before the command runs, so
    // this comes before any check of NAME.
    let required: &[&str] = match k.cmd {
        "create deployment" => &["image"],
        "create cronjob" => &["image", "schedule"],
        "create clusterrolebinding" => &["clusterrole"],
        _ => &[],
    };
    let missing: Vec<String> = required
        .iter()
        .filter(|f| !k.flags.has(f))
        .map(|f| format!("\"{f}\""))
        .collect();
    if !missing.is_empty() {
        return k.fail(&format!("required flag(s) {} not set", missing.join(", ")));
    }
    match k.cmd {
        "create deployment" => deployment(k),
        "create namespace" => namespace(k),
        "create service clusterip" => service(k, "ClusterIP"),
        "create service externalname" => service(k, "ExternalName"),
        "create service nodeport" => service(k, "NodePort"),
        "create service loadbalancer" => service(k, "LoadBalancer"),
        "create configmap" => configmap(k),
        "create secret generic" => secret_generic(k),
        "create secret tls" => secret_tls(k),
        "create secret docker-registry" => secret_docker_registry(k),
        "create job" => job(k),
        "create cronjob" => cronjob(k),
        "create ingress" => ingress(k),
        "create serviceaccount"
        | "create role"
        | "create clusterrole"
        | "create rolebinding"
        | "create clusterrolebinding"
        | "create quota"
        | "create poddisruptionbudget"
        | "create priorityclass"
        | "create token" => more(k),
        other => {
            let o = other.to_string();
            k.fail(&format!(
                "\"kubectl {o}\" is not simulated in this playground"
            ))
        }
    }
}

/// The generators of `create_rbac`: NAME, the object, then as the others.
fn more(k: &mut K<'_, '_, '_>) -> i32 {
    use super::create_rbac as g;
    let name = match one_name(k) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let built = match k.cmd {
        "create serviceaccount" => Ok(g::serviceaccount(k, name)),
        "create role" => g::role(k, name, false),
        "create clusterrole" => g::role(k, name, true),
        "create rolebinding" => g::binding(k, name, false),
        "create clusterrolebinding" => g::binding(k, name, true),
        "create quota" => g::quota(k, name),
        "create poddisruptionbudget" => g::pdb(k, name),
        "create priorityclass" => g::priorityclass(k, name),
        _ => return g::token(k, name),
    };
    let mut obj = match built {
        Ok(o) => o,
        Err(e) => return k.fail(&e),
    };
    let cluster_scoped = matches!(
        k.cmd,
        "create clusterrole" | "create clusterrolebinding" | "create priorityclass"
    );
    if !cluster_scoped {
        enforce_namespace(k, &mut obj);
    }
    let show = shown(&obj, None);
    finish(k, obj, show)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_and_base64() {
        assert_eq!(container_name("nginx"), "nginx");
        assert_eq!(container_name("docker.io/curlimages/curl:7.86.0"), "curl");
        assert_eq!(container_name("nginx@sha256:abc"), "nginx");
        assert!(container_name("a_b/c_d:1").starts_with("c-d-"));
        assert_eq!(base64(b"secret"), "c2VjcmV0");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
    }

    #[test]
    fn server_errors_are_wrapped_with_the_raw_status_message() {
        let cj = resources::resolve("cronjobs").unwrap();
        let one = cluster::ApiError::invalid("CronJob", "bad", &["spec.schedule: x".into()]);
        assert_eq!(
            raw_status_message(&one, cj),
            "CronJob.batch \"bad\" is invalid: spec.schedule: x"
        );
        let two = cluster::ApiError::invalid("CronJob", "bad", &["a".into(), "b".into()]);
        assert_eq!(
            raw_status_message(&two, cj),
            "CronJob.batch \"bad\" is invalid: [a, b]"
        );
        let dep = resources::resolve("deployments").unwrap();
        let exists = cluster::ApiError::already_exists("deployments.apps", "web");
        assert_eq!(
            raw_status_message(&exists, dep),
            "deployments.apps \"web\" already exists"
        );
        assert_eq!(
            generator_prefix("create service nodeport"),
            Some("failed to create NodePort service: ")
        );
        assert_eq!(generator_prefix("create namespace"), None);
    }
}
