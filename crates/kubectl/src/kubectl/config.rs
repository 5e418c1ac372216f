//! `kubectl config`: the playground's kubeconfig. It starts as the
//! profile's (see `cluster::Profile::kubeconfig`: one cluster, user and
//! context; Docker Desktop's are all `docker-desktop`) and is the shell's
//! state (`KubeConfig`, kept in `shell::State`): every `config`
//! subcommand edits it as kubectl edits `~/.kube/config`. The current
//! context's namespace is mirrored into the shell's namespace, which
//! every command defaults to. A context whose cluster is not this
//! playground's server makes server commands fail as kubectl does when
//! the server cannot be reached (`unreachable`).

use super::K;
use crate::util::tabwrite;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Where kubectl reads and writes the kubeconfig on the playground host.
pub const PATH: &str = "/home/student/.kube/config";

/// Entries by name, each a JSON object of the v1 fields it has.
/// (`Value`, not `Map`, as the map's value type: that BTreeMap is compiled
/// once for the whole shell, a new value type would be another copy in
/// the wasm.)
pub type Entries = BTreeMap<String, Value>;

/// A kubeconfig as client-go holds it: entries by name, each the v1
/// fields it has (byte fields as base64, as in the file).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KubeConfig {
    pub clusters: Entries,
    pub users: Entries,
    pub contexts: Entries,
    pub current: String,
    pub preferences: Map<String, Value>,
}

/// Base64 of a PEM block whose body is deterministic bytes (what the
/// profile's certificates look like in `config view --raw`).
fn fake_pem(label: &str, seed: &str, len: usize) -> String {
    let mut x: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        x = (x ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    let mut body = Vec::with_capacity(len);
    // DER starts with a SEQUENCE header, as a real certificate's does.
    body.extend_from_slice(&[0x30, 0x82, (len >> 8) as u8, len as u8]);
    while body.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        body.push((x >> 24) as u8);
    }
    let b64 = super::create::base64(&body);
    let mut pem = format!("-----BEGIN {label}-----\n");
    let mut rest = b64.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        pem.push_str(line);
        pem.push('\n');
        rest = tail;
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    super::create::base64(pem.as_bytes())
}

impl KubeConfig {
    /// The kubeconfig a profile's cluster comes with; `namespace` is the
    /// context's (empty: none).
    pub fn initial(profile: cluster::Profile, namespace: &str) -> KubeConfig {
        let kc = profile.kubeconfig();
        let mut c = Map::new();
        c.insert(
            "certificate-authority-data".into(),
            json!(fake_pem("CERTIFICATE", &format!("{}-ca", kc.cluster), 1078)),
        );
        c.insert("server".into(), json!(kc.server));
        let mut u = Map::new();
        u.insert(
            "client-certificate-data".into(),
            json!(fake_pem(
                "CERTIFICATE",
                &format!("{}-client", kc.user),
                1142
            )),
        );
        u.insert(
            "client-key-data".into(),
            json!(fake_pem(
                "RSA PRIVATE KEY",
                &format!("{}-key", kc.user),
                1190
            )),
        );
        let mut x = Map::new();
        x.insert("cluster".into(), json!(kc.cluster));
        x.insert("user".into(), json!(kc.user));
        if !namespace.is_empty() {
            x.insert("namespace".into(), json!(namespace));
        }
        let one = |name: &str, fields: Map<String, Value>| {
            let mut e = Entries::new();
            e.insert(name.to_string(), Value::Object(fields));
            e
        };
        KubeConfig {
            clusters: one(kc.cluster, c),
            users: one(kc.user, u),
            contexts: one(kc.context, x),
            current: kc.context.to_string(),
            preferences: Map::new(),
        }
    }

    /// The current context's namespace (empty: none or no context).
    pub fn namespace(&self) -> String {
        self.contexts
            .get(&self.current)
            .and_then(|c| c.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    }

    /// The internal tree `config set`/`unset` walk: maps by name.
    fn to_tree(&self) -> Value {
        let m = |e: &Entries| {
            let mut o = Map::new();
            for (k, v) in e {
                o.insert(k.clone(), v.clone());
            }
            Value::Object(o)
        };
        let mut t = Map::new();
        t.insert(
            "preferences".into(),
            Value::Object(self.preferences.clone()),
        );
        t.insert("clusters".into(), m(&self.clusters));
        t.insert("users".into(), m(&self.users));
        t.insert("contexts".into(), m(&self.contexts));
        t.insert("current-context".into(), json!(self.current));
        Value::Object(t)
    }

    fn from_tree(t: &Value) -> KubeConfig {
        let m = |key: &str| -> Entries {
            let mut out = Entries::new();
            if let Some(o) = t.get(key).and_then(Value::as_object) {
                for (k, v) in o {
                    let v = if v.is_object() { v.clone() } else { json!({}) };
                    out.insert(k.clone(), v);
                }
            }
            out
        };
        KubeConfig {
            clusters: m("clusters"),
            users: m("users"),
            contexts: m("contexts"),
            current: t
                .get("current-context")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            preferences: t
                .get("preferences")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// The v1 document `config view` prints. `raw`: byte data and
    /// secrets as they are (else DATA+OMITTED / REDACTED).
    fn document(&self, raw: bool) -> Value {
        let list = |e: &Entries, key: &str, fix: &dyn Fn(&mut Map<String, Value>)| {
            if e.is_empty() {
                return Value::Null;
            }
            Value::Array(
                e.iter()
                    .map(|(name, fields)| {
                        let mut f = fields.as_object().cloned().unwrap_or_default();
                        f.retain(|_, v| *v != Value::Bool(false));
                        fix(&mut f);
                        let mut item = Map::new();
                        item.insert(key.into(), Value::Object(f));
                        item.insert("name".into(), json!(name));
                        Value::Object(item)
                    })
                    .collect(),
            )
        };
        let omit = |f: &mut Map<String, Value>, keys: &[&str], with: &str| {
            for k in keys {
                if let Some(v) = f.get_mut(*k) {
                    *v = json!(with);
                }
            }
        };
        let cluster_fix = |f: &mut Map<String, Value>| {
            f.entry("server").or_insert(json!(""));
            if !raw {
                omit(f, &["certificate-authority-data"], "DATA+OMITTED");
            }
        };
        let user_fix = |f: &mut Map<String, Value>| {
            if let Some(e) = f.get_mut("exec").and_then(Value::as_object_mut) {
                e.entry("provideClusterInfo").or_insert(json!(false));
            }
            if !raw {
                omit(
                    f,
                    &["client-certificate-data", "client-key-data"],
                    "DATA+OMITTED",
                );
                omit(f, &["token", "password"], "REDACTED");
            }
        };
        let context_fix = |f: &mut Map<String, Value>| {
            f.entry("cluster").or_insert(json!(""));
            f.entry("user").or_insert(json!(""));
        };
        json!({
            "apiVersion": "v1",
            "clusters": list(&self.clusters, "cluster", &cluster_fix),
            "contexts": list(&self.contexts, "context", &context_fix),
            "current-context": self.current,
            "kind": "Config",
            "preferences": self.preferences,
            "users": list(&self.users, "user", &user_fix),
        })
    }
}

/// Where a command's kubeconfig comes from (client-go's loading rules).
#[derive(Clone, Debug, PartialEq)]
enum Source {
    /// The playground's own `~/.kube/config` (the shell's state).
    Default,
    /// `--kubeconfig FILE`: that file alone, which need not exist yet.
    Explicit(String),
    /// `$KUBECONFIG`: its files in order, missing ones skipped.
    Env(Vec<String>),
}

/// Whether a path names the playground's own kubeconfig (the shell's
/// working directory is the home).
fn is_default_path(p: &str) -> bool {
    let p = p.strip_prefix("./").unwrap_or(p);
    p == PATH || p == ".kube/config"
}

fn source(k: &K<'_, '_, '_>) -> Source {
    let explicit = k.flags.str("kubeconfig");
    if !explicit.is_empty() {
        return if is_default_path(&explicit) {
            Source::Default
        } else {
            Source::Explicit(explicit)
        };
    }
    let Some(env) = k.ctx.vars.get("KUBECONFIG") else {
        return Source::Default;
    };
    let mut files: Vec<String> = Vec::new();
    for f in env.split(':') {
        if !f.is_empty() && !files.iter().any(|x| x == f) {
            files.push(f.to_string());
        }
    }
    match files.as_slice() {
        [] => Source::Default,
        [one] if is_default_path(one) => Source::Default,
        _ => Source::Env(files),
    }
}

/// Whether a file exists for the loading rules.
fn exists(k: &K<'_, '_, '_>, path: &str) -> bool {
    is_default_path(path) || k.ctx.files.read(path).is_ok()
}

/// The file kubectl writes new entries to and names in its messages
/// (client-go's `GetDefaultFilename`).
fn file_label(k: &K<'_, '_, '_>) -> String {
    match source(k) {
        Source::Default => PATH.to_string(),
        Source::Explicit(p) => p,
        Source::Env(list) => default_of(&list, |p| exists(k, p)),
    }
}

/// `$KUBECONFIG`'s file for new entries: the only one, else the first
/// that exists, else the last.
fn default_of(list: &[String], exists: impl Fn(&str) -> bool) -> String {
    if let [one] = list {
        return one.clone();
    }
    list.iter()
        .find(|p| exists(p))
        .or(list.last())
        .cloned()
        .unwrap_or_else(|| PATH.to_string())
}

/// Go's name for a JSON value's kind in unmarshal errors.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl KubeConfig {
    /// A kubeconfig file's text as client-go loads it: empty is an empty
    /// config; otherwise a v1 `Config` (kind and version default to it).
    pub fn parse(text: &str) -> Result<KubeConfig, String> {
        let v = crate::manifest::yaml_to_json(text)?;
        let o = match &v {
            Value::Null => return Ok(KubeConfig::default()),
            Value::Object(o) => o,
            other => {
                let t = json_kind(other);
                return Err(format!("couldn't get version/kind; json parse error: json: cannot unmarshal {t} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}"));
            }
        };
        let text_of = |key: &str| o.get(key).and_then(Value::as_str).unwrap_or("");
        let (version, kind) = (text_of("apiVersion"), text_of("kind"));
        let version = if version.is_empty() { "v1" } else { version };
        let kind = if kind.is_empty() { "Config" } else { kind };
        if version != "v1" || kind != "Config" {
            return Err(format!("no kind \"{kind}\" is registered for version \"{version}\" in scheme \"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\""));
        }
        let bad = |t: &Value, strukt: &str, field: &str, ty: &str| {
            format!(
                "json: cannot unmarshal {} into Go struct field {strukt}.{field} of type {ty}",
                json_kind(t)
            )
        };
        let mut kc = KubeConfig::default();
        for (field, body, named, inner) in [
            ("clusters", "cluster", "NamedCluster", "Cluster"),
            ("contexts", "context", "NamedContext", "Context"),
            ("users", "user", "NamedAuthInfo", "AuthInfo"),
        ] {
            let items = match o.get(field) {
                None | Some(Value::Null) => continue,
                Some(Value::Array(a)) => a,
                Some(t) => return Err(bad(t, "Config", field, &format!("[]v1.{named}"))),
            };
            let mut entries = Entries::new();
            for item in items {
                let Value::Object(item) = item else {
                    if item.is_null() {
                        continue;
                    }
                    return Err(bad(item, "Config", field, &format!("v1.{named}")));
                };
                let name = match item.get("name") {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(n)) => n.clone(),
                    Some(t) => return Err(bad(t, named, &format!("{field}.name"), "string")),
                };
                let fields = match item.get(body) {
                    None | Some(Value::Null) => Map::new(),
                    Some(Value::Object(f)) => f.clone(),
                    Some(t) => {
                        return Err(bad(
                            t,
                            named,
                            &format!("{field}.{body}"),
                            &format!("v1.{inner}"),
                        ))
                    }
                };
                entries.entry(name).or_insert(Value::Object(fields));
            }
            match field {
                "clusters" => kc.clusters = entries,
                "contexts" => kc.contexts = entries,
                _ => kc.users = entries,
            }
        }
        kc.current = match o.get("current-context") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(c)) => c.clone(),
            Some(t) => return Err(bad(t, "Config", "current-context", "string")),
        };
        if let Some(Value::Object(p)) = o.get("preferences") {
            kc.preferences = p.clone();
        }
        Ok(kc)
    }

    /// The file kubectl writes: the v1 document, secrets as they are.
    pub fn file_text(&self) -> String {
        crate::yaml::to_yaml(&self.document(true))
    }

    fn entries(&self, kind: usize) -> &Entries {
        match kind {
            0 => &self.clusters,
            1 => &self.contexts,
            _ => &self.users,
        }
    }

    fn entries_mut(&mut self, kind: usize) -> &mut Entries {
        match kind {
            0 => &mut self.clusters,
            1 => &mut self.contexts,
            _ => &mut self.users,
        }
    }
}

/// One file of the loading chain: its path and what it holds (`None`:
/// it does not exist).
type Loaded = (String, Option<KubeConfig>);

fn load_file(k: &mut K<'_, '_, '_>, path: &str) -> Result<Option<KubeConfig>, String> {
    if is_default_path(path) {
        return Ok(Some(config(k).clone()));
    }
    match k.ctx.files.read(path) {
        Ok(text) => KubeConfig::parse(&text)
            .map(Some)
            .map_err(|e| format!("error loading config file \"{path}\": {e}")),
        Err(e) if e.starts_with("read ") => {
            Err(format!("error loading config file \"{path}\": {e}"))
        }
        Err(_) => Ok(None),
    }
}

/// client-go's merge: the first file to name a cluster, user or context
/// wins it whole; the first non-empty current context wins.
fn merge(files: &[Loaded]) -> KubeConfig {
    let mut out = KubeConfig::default();
    for c in files.iter().filter_map(|(_, c)| c.as_ref()) {
        for kind in 0..3 {
            for (n, v) in c.entries(kind) {
                out.entries_mut(kind)
                    .entry(n.clone())
                    .or_insert_with(|| v.clone());
            }
        }
        if out.current.is_empty() {
            out.current = c.current.clone();
        }
        for (key, v) in &c.preferences {
            out.preferences
                .entry(key.clone())
                .or_insert_with(|| v.clone());
        }
    }
    out
}

/// Runs a kubectl command with the kubeconfig that `--kubeconfig` or
/// `$KUBECONFIG` names (the playground's own otherwise): the merged
/// config stands in for the shell's while it runs, and what a `config`
/// subcommand changed is written back where client-go writes it — an
/// entry to the file it came from (a new one to the default file), the
/// current context to the first file that sets one.
pub fn with_kubeconfig(k: &mut K<'_, '_, '_>, run: impl FnOnce(&mut K<'_, '_, '_>) -> i32) -> i32 {
    let src = source(k);
    let paths = match &src {
        Source::Default => return run(k),
        Source::Explicit(p) => vec![p.clone()],
        Source::Env(list) => list.clone(),
    };
    let mut files: Vec<Loaded> = Vec::new();
    for p in &paths {
        match load_file(k, p) {
            Ok(c) => files.push((p.clone(), c)),
            Err(e) => return k.fail(&e),
        }
    }
    let tolerant = k.cmd.starts_with("config")
        || k.cmd == "completion"
        || (k.cmd == "version" && k.flags.bool("client"));
    if let (Source::Explicit(p), Some((_, None))) = (&src, files.first()) {
        if !tolerant {
            let p = p.clone();
            return k.fail(&format!("stat {p}: no such file or directory"));
        }
    }
    let before = merge(&files);
    let saved = k.ctx.kubeconfig.replace(before.clone());
    let saved_ns = std::mem::replace(k.ctx.namespace, before.namespace());
    // What the command prints waits for the write: kubectl reports a
    // change only once the file has it.
    let earlier = std::mem::take(&mut k.ctx.io.chunks);
    let code = run(k);
    let printed = std::mem::replace(&mut k.ctx.io.chunks, earlier);
    let after = std::mem::replace(k.ctx.kubeconfig, saved);
    *k.ctx.namespace = saved_ns;
    let written = match after {
        Some(after) if after != before => write_back(k, &src, &files, &before, &after),
        _ => Ok(()),
    };
    for (stream, text) in printed {
        match stream {
            crate::Stream::Stdout if written.is_ok() => k.out(&text),
            crate::Stream::Stdout => {}
            _ => k.err(&text),
        }
    }
    match written {
        Ok(()) => code,
        Err(e) => k.fail(&e),
    }
}

/// Writes what a `config` subcommand changed into the files it belongs
/// to, as client-go's `ModifyConfig` does.
fn write_back(
    k: &mut K<'_, '_, '_>,
    src: &Source,
    files: &[Loaded],
    before: &KubeConfig,
    after: &KubeConfig,
) -> Result<(), String> {
    let mut out: Vec<(String, KubeConfig, bool)> = files
        .iter()
        .map(|(p, c)| (p.clone(), c.clone().unwrap_or_default(), false))
        .collect();
    if out.is_empty() {
        return Ok(());
    }
    let explicit = matches!(src, Source::Explicit(_));
    let default_idx = if explicit || out.len() == 1 {
        0
    } else {
        files
            .iter()
            .position(|(_, c)| c.is_some())
            .unwrap_or(out.len() - 1)
    };
    if before.current != after.current {
        let idx = if explicit || after.current.is_empty() {
            default_idx
        } else {
            files
                .iter()
                .position(|(_, c)| c.as_ref().is_some_and(|c| !c.current.is_empty()))
                .unwrap_or(default_idx)
        };
        out[idx].1.current = after.current.clone();
        out[idx].2 = true;
    }
    if before.preferences != after.preferences {
        out[default_idx].1.preferences = after.preferences.clone();
        out[default_idx].2 = true;
    }
    let origin = |kind: usize, name: &str| {
        files
            .iter()
            .position(|(_, c)| {
                c.as_ref()
                    .is_some_and(|c| c.entries(kind).contains_key(name))
            })
            .unwrap_or(default_idx)
    };
    for kind in 0..3 {
        for (name, v) in after.entries(kind) {
            if before.entries(kind).get(name) != Some(v) {
                let idx = origin(kind, name);
                out[idx].1.entries_mut(kind).insert(name.clone(), v.clone());
                out[idx].2 = true;
            }
        }
        for name in before.entries(kind).keys() {
            if !after.entries(kind).contains_key(name) {
                let idx = origin(kind, name);
                out[idx].1.entries_mut(kind).remove(name);
                out[idx].2 = true;
            }
        }
    }
    for (path, kc, touched) in out {
        if !touched {
            continue;
        }
        if is_default_path(&path) {
            *k.ctx.namespace = kc.namespace();
            *k.ctx.kubeconfig = Some(kc);
            continue;
        }
        let writable = !path.starts_with('/')
            || path.starts_with("/home/student/")
            || path.starts_with("/tmp/");
        if !writable {
            return Err(format!("open {path}: permission denied"));
        }
        k.ctx
            .files
            .write(&path, &kc.file_text())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The shell's kubeconfig, made from the profile's on first use.
fn config<'k>(k: &'k mut K<'_, '_, '_>) -> &'k mut KubeConfig {
    let profile = k.ctx.cluster.profile();
    let ns = k.ctx.namespace.clone();
    k.ctx
        .kubeconfig
        .get_or_insert_with(|| KubeConfig::initial(profile, &ns))
}

/// The user entry whose credentials a command sends: its context's user
/// (`--context`, `--user` override), `None` when the kubeconfig has none.
pub(crate) fn user_entry(k: &mut K<'_, '_, '_>) -> Option<Value> {
    let (ctx_flag, user_flag) = (k.flags.str("context"), k.flags.str("user"));
    let kc = config(k);
    let user = if user_flag.is_empty() {
        let ctx = if ctx_flag.is_empty() {
            kc.current.clone()
        } else {
            ctx_flag
        };
        kc.contexts.get(&ctx)?.get("user")?.as_str()?.to_string()
    } else {
        user_flag
    };
    kc.users.get(&user).cloned()
}

/// cobra's helpErrorf: the command's help on stdout, then the error.
fn help_error(k: &mut K<'_, '_, '_>, msg: &str) -> i32 {
    let help = crate::help::find_sub("config", k.cmd.trim_start_matches("config "))
        .map(|s| s.help)
        .unwrap_or("");
    k.out(help);
    k.fail(msg)
}

fn unexpected(args: &[String]) -> String {
    format!("Unexpected args: [{}]", args.join(" "))
}

fn view(k: &mut K<'_, '_, '_>) -> i32 {
    let out = super::get::requested_output(k);
    let raw = k.flags.bool("raw");
    let flatten = k.flags.bool("flatten");
    let minify = k.flags.bool("minify");
    let files = k.ctx.files;
    let mut kc = config(k).clone();
    if minify {
        if kc.current.is_empty() {
            return k.fail("current-context must exist in order to minify");
        }
        let Some(ctx) = kc.contexts.get(&kc.current).cloned() else {
            let c = kc.current.clone();
            return k.fail(&format!("cannot locate context {c}"));
        };
        let field = |f: &str| ctx.get(f).and_then(Value::as_str).unwrap_or("").to_string();
        let (cl, us) = (field("cluster"), field("user"));
        kc.clusters.retain(|n, _| *n == cl);
        kc.users.retain(|n, _| *n == us);
        let cur = kc.current.clone();
        kc.contexts.retain(|n, _| *n == cur);
    }
    if flatten {
        let embed = |f: &mut Map<String, Value>, path: &str, data: &str| {
            if let Some(p) = f.get(path).and_then(Value::as_str).map(str::to_string) {
                if let Ok(text) = files.read(&p) {
                    f.remove(path);
                    f.insert(data.into(), json!(super::create::base64(text.as_bytes())));
                }
            }
        };
        for c in kc.clusters.values_mut().filter_map(Value::as_object_mut) {
            embed(c, "certificate-authority", "certificate-authority-data");
        }
        for u in kc.users.values_mut().filter_map(Value::as_object_mut) {
            embed(u, "client-certificate", "client-certificate-data");
            embed(u, "client-key", "client-key-data");
        }
    }
    let doc = kc.document(raw || flatten);
    match out.as_str() {
        "yaml" | "" => k.out(&crate::yaml::to_yaml(&doc)),
        "json" => k.out(&crate::yaml::to_json(&doc)),
        other => {
            // Go templates (and their files) as `kubectl get` has them.
            match super::get::output_format(other) {
                Ok(super::get::Format::GoTemplate(t)) => {
                    let raw = crate::yaml::to_compact_json(&doc);
                    return i32::from(!super::get::print_template(k, &t, &doc, &raw));
                }
                Err(e) if other.contains("template") || other.starts_with('\0') => {
                    return k.fail(&e)
                }
                _ => {}
            }
            if let Some(t) = other.strip_prefix("jsonpath=") {
                match crate::jsonpath::render(t, &doc) {
                    Ok(text) => k.out(&text),
                    Err(e) => return k.fail(&e),
                }
            } else {
                let o = other.to_string();
                return k.fail(&format!(
                    "unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
                ));
            }
        }
    }
    0
}

/// kubectl makes file paths in the kubeconfig absolute.
fn absolute(p: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/home/student/{}", p.trim_start_matches("./"))
    }
}

/// Reads a file to embed (`--embed-certs`) as base64.
fn embed(k: &K<'_, '_, '_>, what: &str, path: &str) -> Result<String, String> {
    let p = absolute(path);
    match k.ctx.files.read(path) {
        Ok(text) => Ok(super::create::base64(text.as_bytes())),
        Err(_) => Err(format!(
            "could not stat {what} file {p}: stat {p}: no such file or directory"
        )),
    }
}

fn set_cluster(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let [name] = args.as_slice() else {
        return help_error(k, &unexpected(&args));
    };
    let embed_certs = k.flags.bool("embed-certs");
    let ca = k.flags.str("certificate-authority");
    if embed_certs && ca.is_empty() {
        return k.fail("you must specify a --certificate-authority to embed");
    }
    let ca_data = if embed_certs {
        match embed(k, "certificate-authority", &ca) {
            Ok(d) => Some(d),
            Err(e) => return k.fail(&e),
        }
    } else {
        None
    };
    let insecure = k
        .flags
        .has("insecure-skip-tls-verify")
        .then(|| k.flags.bool("insecure-skip-tls-verify"));
    let strs: Vec<(&str, Option<String>)> = ["server", "tls-server-name", "proxy-url"]
        .iter()
        .map(|f| (*f, k.flags.has(f).then(|| k.flags.str(f))))
        .collect();
    let Some(c) = config(k)
        .clusters
        .entry(name.clone())
        .or_insert_with(|| json!({}))
        .as_object_mut()
    else {
        // Entries are always objects (see `Entries`).
        return 1;
    };
    for (f, v) in strs {
        if let Some(v) = v {
            if v.is_empty() {
                c.remove(f);
            } else {
                c.insert(f.into(), json!(v));
            }
        }
    }
    if let Some(ins) = insecure {
        if ins {
            c.insert("insecure-skip-tls-verify".into(), json!(true));
            c.remove("certificate-authority");
            c.remove("certificate-authority-data");
        } else {
            c.remove("insecure-skip-tls-verify");
        }
    }
    if !ca.is_empty() {
        match ca_data {
            Some(d) => {
                c.insert("certificate-authority-data".into(), json!(d));
                c.remove("certificate-authority");
            }
            None => {
                c.insert("certificate-authority".into(), json!(absolute(&ca)));
                c.remove("certificate-authority-data");
            }
        }
        c.remove("insecure-skip-tls-verify");
    }
    k.out(&format!("Cluster \"{name}\" set.\n"));
    0
}

fn set_credentials(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let [name] = args.as_slice() else {
        return help_error(k, &format!("unexpected args: [{}]", args.join(" ")));
    };
    let f = |k: &K<'_, '_, '_>, n: &str| k.flags.has(n).then(|| k.flags.str(n));
    let token = f(k, "token");
    let username = f(k, "username");
    let password = f(k, "password");
    let set_token = token.as_deref().is_some_and(|t| !t.is_empty());
    let set_basic = username.as_deref().is_some_and(|t| !t.is_empty())
        || password.as_deref().is_some_and(|t| !t.is_empty());
    if set_token && set_basic {
        return k.fail("you cannot specify more than one authentication method at the same time: --token, --username/--password");
    }
    let mode = k.flags.str("exec-interactive-mode");
    if !mode.is_empty() && !matches!(mode.as_str(), "Never" | "IfAvailable" | "Always") {
        return k.fail(&format!(
            "invalid interactive mode: {mode}, valid modes are: Never, IfAvailable, Always"
        ));
    }
    let embed_certs = k.flags.bool("embed-certs");
    let mut files: Vec<(&str, &str, String, Option<String>)> = Vec::new();
    for (flag, what, data) in [
        (
            "client-certificate",
            "client-certificate",
            "client-certificate-data",
        ),
        ("client-key", "client-key", "client-key-data"),
    ] {
        let p = k.flags.str(flag);
        if p.is_empty() {
            continue;
        }
        let d = if embed_certs {
            match embed(k, what, &p) {
                Ok(d) => Some(d),
                Err(e) => return k.fail(&e),
            }
        } else {
            None
        };
        files.push((flag, data, p, d));
    }
    let provider = f(k, "auth-provider");
    let provider_args = k.flags.list("auth-provider-arg");
    let exec_command = f(k, "exec-command");
    let exec_api = f(k, "exec-api-version");
    let exec_args = k.flags.has("exec-arg").then(|| k.flags.list("exec-arg"));
    let exec_env = k.flags.list("exec-env");
    let provide = k
        .flags
        .has("exec-provide-cluster-info")
        .then(|| k.flags.bool("exec-provide-cluster-info"));
    let Some(u) = config(k)
        .users
        .entry(name.clone())
        .or_insert_with(|| json!({}))
        .as_object_mut()
    else {
        // Entries are always objects (see `Entries`).
        return 1;
    };
    for (flag, data, p, d) in files {
        match d {
            Some(d) => {
                u.insert(data.into(), json!(d));
                u.remove(flag);
            }
            None => {
                u.insert(flag.into(), json!(absolute(&p)));
                u.remove(data);
            }
        }
    }
    let mut put = |key: &str, v: &Option<String>| {
        if let Some(v) = v {
            if v.is_empty() {
                u.remove(key);
            } else {
                u.insert(key.into(), json!(v));
            }
        }
    };
    put("token", &token);
    put("username", &username);
    put("password", &password);
    if let Some(p) = provider {
        let same = u
            .get("auth-provider")
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str)
            == Some(p.as_str());
        if !same {
            u.insert("auth-provider".into(), json!({"name": p}));
        }
    }
    if let Some(ap) = u.get_mut("auth-provider").and_then(Value::as_object_mut) {
        for a in &provider_args {
            let conf = ap.entry("config").or_insert(json!({}));
            if let Some(key) = a.strip_suffix('-').filter(|_| !a.contains('=')) {
                if let Some(o) = conf.as_object_mut() {
                    o.remove(key);
                }
            } else if let Some((key, val)) = a.split_once('=') {
                conf[key] = json!(val);
            }
        }
    }
    if let Some(cmd) = exec_command {
        let e = u
            .entry("exec")
            .or_insert(json!({"interactiveMode": "IfAvailable"}));
        e["command"] = json!(cmd);
    }
    if let Some(e) = u.get_mut("exec").and_then(Value::as_object_mut) {
        if let Some(v) = exec_api {
            e.insert("apiVersion".into(), json!(v));
        }
        if let Some(a) = exec_args {
            e.insert("args".into(), json!(a));
        }
        if !mode.is_empty() {
            e.insert("interactiveMode".into(), json!(mode));
        }
        if let Some(p) = provide {
            e.insert("provideClusterInfo".into(), json!(p));
        }
        for kv in &exec_env {
            let mut env: Vec<Value> = e
                .get("env")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if let Some(key) = kv.strip_suffix('-').filter(|_| !kv.contains('=')) {
                env.retain(|x| x.get("name").and_then(Value::as_str) != Some(key));
            } else if let Some((key, val)) = kv.split_once('=') {
                match env
                    .iter_mut()
                    .find(|x| x.get("name").and_then(Value::as_str) == Some(key))
                {
                    Some(x) => x["value"] = json!(val),
                    None => env.push(json!({"name": key, "value": val})),
                }
            }
            if env.is_empty() {
                e.remove("env");
            } else {
                e.insert("env".into(), Value::Array(env));
            }
        }
    }
    if set_token {
        u.remove("username");
        u.remove("password");
    }
    if set_basic {
        u.remove("token");
    }
    k.out(&format!("User \"{name}\" set.\n"));
    0
}

fn set_context(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let current = k.flags.bool("current");
    let fields: Vec<(&str, Option<String>)> = ["cluster", "user", "namespace"]
        .iter()
        .map(|f| (*f, k.flags.has(f).then(|| k.flags.str(f))))
        .collect();
    if args.len() > 1 {
        return help_error(k, &unexpected(&args));
    }
    let kc = config(k);
    let name = if current {
        if !args.is_empty() {
            return k.fail("you cannot specify both a context name and --current");
        }
        if kc.current.is_empty() {
            return k.fail("no current context is set");
        }
        kc.current.clone()
    } else {
        match args.first() {
            Some(n) => n.clone(),
            None => return k.fail("you must specify a non-empty context name or --current"),
        }
    };
    let exists = kc.contexts.contains_key(&name);
    let Some(c) = kc
        .contexts
        .entry(name.clone())
        .or_insert_with(|| json!({}))
        .as_object_mut()
    else {
        // Entries are always objects (see `Entries`).
        return 1;
    };
    for (f, v) in fields {
        if let Some(v) = v {
            if v.is_empty() {
                c.remove(f);
            } else {
                c.insert(f.into(), json!(v));
            }
        }
    }
    let verb = if exists { "modified" } else { "created" };
    k.out(&format!("Context \"{name}\" {verb}.\n"));
    0
}

fn get_contexts(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let out = k.flags.str("output");
    if !matches!(out.as_str(), "" | "name") {
        return k.fail(&format!("output must be one of '' or 'name': {out}"));
    }
    let no_headers = k.flags.bool("no-headers");
    let kc = config(k).clone();
    let mut names: Vec<&String> = Vec::new();
    let mut errs = Vec::new();
    if args.is_empty() {
        names.extend(kc.contexts.keys());
    } else {
        for a in &args {
            match kc.contexts.get_key_value(a) {
                Some((n, _)) => names.push(n),
                None => errs.push(format!("context {a} not found")),
            }
        }
    }
    if out == "name" {
        let mut text = String::new();
        for n in &names {
            text.push_str(n);
            text.push('\n');
        }
        k.out(&text);
    } else {
        let mut rows = Vec::new();
        if !no_headers {
            rows.push(
                ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
                    .map(String::from)
                    .to_vec(),
            );
        }
        for n in &names {
            let c = &kc.contexts[*n];
            let f = |key: &str| c.get(key).and_then(Value::as_str).unwrap_or("").to_string();
            let mark = if **n == kc.current { "*" } else { "" };
            rows.push(vec![
                mark.into(),
                (*n).clone(),
                f("cluster"),
                f("user"),
                f("namespace"),
            ]);
        }
        let text = tabwrite(&rows);
        k.out(&text);
    }
    super::print_errors(k, &errs)
}

/// `config set` and `config unset`.
fn set_or_unset(k: &mut K<'_, '_, '_>, unset: bool) -> i32 {
    let args = k.flags.args.clone();
    let want = if unset { 1 } else { 2 };
    if args.len() != want {
        return help_error(k, &unexpected(&args));
    }
    let property = args[0].clone();
    let value = args.get(1).cloned().unwrap_or_default();
    if !unset && value.is_empty() {
        return k.fail("you cannot use set to unset a property");
    }
    if property.is_empty() {
        return k.fail("you must specify a property");
    }
    let raw = k.flags.bool("set-raw-bytes");
    let kc = config(k);
    let mut tree = kc.to_tree();
    let result = nav::steps(&property)
        .and_then(|steps| nav::modify(&mut tree, nav::Ty::Config, &steps, 0, &value, unset, raw));
    if let Err(e) = result {
        return k.fail(&e);
    }
    *kc = KubeConfig::from_tree(&tree);
    let verb = if unset { "unset" } else { "set" };
    k.out(&format!("Property \"{property}\" {verb}.\n"));
    0
}

/// The walk `config set`/`unset` make through client-go's `api.Config`
/// types, with the errors kubectl's reflection gives.
pub(crate) mod nav {
    use serde_json::{json, Value};

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Ty {
        Config,
        Prefs,
        Cluster,
        User,
        Context,
        ClusterMap,
        UserMap,
        ContextMap,
        Str,
        Bool,
        Bytes,
        StrSlice,
        StrSliceMap,
        Ext,
        AuthProvider,
        Exec,
    }

    impl Ty {
        fn go(self) -> &'static str {
            match self {
                Ty::Config => "api.Config",
                Ty::Prefs => "api.Preferences",
                Ty::Cluster => "api.Cluster",
                Ty::User => "api.AuthInfo",
                Ty::Context => "api.Context",
                Ty::ClusterMap => "map[string]*api.Cluster",
                Ty::UserMap => "map[string]*api.AuthInfo",
                Ty::ContextMap => "map[string]*api.Context",
                Ty::Str => "string",
                Ty::Bool => "bool",
                Ty::Bytes => "[]uint8",
                Ty::StrSlice => "[]string",
                Ty::StrSliceMap => "map[string][]string",
                Ty::Ext => "map[string]runtime.Object",
                Ty::AuthProvider => "*api.AuthProviderConfig",
                Ty::Exec => "*api.ExecConfig",
            }
        }
        fn fields(self) -> &'static [(&'static str, Ty)] {
            match self {
                Ty::Config => &[
                    ("kind", Ty::Str),
                    ("apiVersion", Ty::Str),
                    ("preferences", Ty::Prefs),
                    ("clusters", Ty::ClusterMap),
                    ("users", Ty::UserMap),
                    ("contexts", Ty::ContextMap),
                    ("current-context", Ty::Str),
                    ("extensions", Ty::Ext),
                ],
                Ty::Prefs => &[("colors", Ty::Bool), ("extensions", Ty::Ext)],
                Ty::Cluster => &[
                    ("server", Ty::Str),
                    ("tls-server-name", Ty::Str),
                    ("insecure-skip-tls-verify", Ty::Bool),
                    ("certificate-authority", Ty::Str),
                    ("certificate-authority-data", Ty::Bytes),
                    ("proxy-url", Ty::Str),
                    ("disable-compression", Ty::Bool),
                    ("extensions", Ty::Ext),
                ],
                Ty::User => &[
                    ("client-certificate", Ty::Str),
                    ("client-certificate-data", Ty::Bytes),
                    ("client-key", Ty::Str),
                    ("client-key-data", Ty::Bytes),
                    ("token", Ty::Str),
                    ("tokenFile", Ty::Str),
                    // client-go's internal type names impersonation
                    // `act-as*`; the file (v1) says `as*`.
                    ("act-as", Ty::Str),
                    ("act-as-uid", Ty::Str),
                    ("act-as-groups", Ty::StrSlice),
                    ("act-as-user-extra", Ty::StrSliceMap),
                    ("username", Ty::Str),
                    ("password", Ty::Str),
                    ("auth-provider", Ty::AuthProvider),
                    ("exec", Ty::Exec),
                    ("extensions", Ty::Ext),
                ],
                Ty::Context => &[
                    ("cluster", Ty::Str),
                    ("user", Ty::Str),
                    ("namespace", Ty::Str),
                    ("extensions", Ty::Ext),
                ],
                _ => &[],
            }
        }
        fn map_elem(self) -> Option<Ty> {
            match self {
                Ty::ClusterMap => Some(Ty::Cluster),
                Ty::UserMap => Some(Ty::User),
                Ty::ContextMap => Some(Ty::Context),
                _ => None,
            }
        }
    }

    pub type Steps = Vec<(String, Ty)>;

    /// Where the v1 file keeps an internal field.
    pub fn v1_key(field: &str) -> &str {
        field.strip_prefix("act-").unwrap_or(field)
    }

    /// The steps as Go's `%v` prints them: a reflect.Type inside a struct
    /// shows as its address (fixed per type here).
    fn show(steps: &[(String, Ty)]) -> String {
        let parts: Vec<String> = steps
            .iter()
            .map(|(v, t)| format!("{{{v} 0x{:x}}}", 0x203_aae0 + (*t as usize) * 0x1e0))
            .collect();
        format!("[{}]", parts.join(" "))
    }

    /// newNavigationSteps: map keys may contain dots, up to the first
    /// part that names a field of the map's value type.
    pub fn steps(path: &str) -> Result<Steps, String> {
        let parts: Vec<&str> = path.split('.').collect();
        let mut steps: Steps = Vec::new();
        let mut ty = Ty::Config;
        let mut i = 0;
        while i < parts.len() {
            if let Some(elem) = ty.map_elem() {
                let rest = &parts[i..];
                let n = rest
                    .iter()
                    .skip(1)
                    .position(|p| elem.fields().iter().any(|(f, _)| f == p))
                    .map(|p| p + 1)
                    .unwrap_or(rest.len());
                steps.push((rest[..n].join("."), elem));
                i += n;
                ty = elem;
                continue;
            }
            match ty {
                Ty::Config | Ty::Prefs | Ty::Cluster | Ty::User | Ty::Context => {
                    let part = parts[i];
                    match ty.fields().iter().find(|(f, _)| *f == part) {
                        Some((_, t)) => {
                            steps.push((part.to_string(), *t));
                            i += 1;
                            ty = *t;
                        }
                        None => {
                            return Err(format!(
                                "unable to parse {path} after {} at {}",
                                show(&steps),
                                ty.go()
                            ))
                        }
                    }
                }
                _ => {
                    return Err(format!(
                        "unable to parse one or more field values of {path}"
                    ))
                }
            }
        }
        Ok(steps)
    }

    /// A Go map of pointers as `%v` prints it.
    fn go_map(v: &Value) -> String {
        let keys: Vec<String> = v
            .as_object()
            .map(|o| {
                o.keys()
                    .enumerate()
                    .map(|(i, k)| format!("{k}:0xc000{:06x}", 0x69da00 + i * 0x80))
                    .collect()
            })
            .unwrap_or_default();
        format!("map[{}]", keys.join(" "))
    }

    pub(crate) fn b64_decode(s: &str) -> Result<Vec<u8>, String> {
        let bad = |i: usize| {
            Err(format!(
                "error decoding input value: illegal base64 data at input byte {i}"
            ))
        };
        let b = s.as_bytes();
        if !b.len().is_multiple_of(4) {
            let at = b.len() - b.len() % 4;
            // Go reports the first invalid byte or where the input ends.
            for (i, c) in b.iter().enumerate() {
                if !(c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/' || *c == b'=') {
                    return bad(i);
                }
            }
            return bad(at);
        }
        let mut out = Vec::new();
        for (ci, chunk) in b.chunks(4).enumerate() {
            let mut n: u32 = 0;
            let mut pad = 0;
            for (j, c) in chunk.iter().enumerate() {
                let v = match c {
                    b'A'..=b'Z' => c - b'A',
                    b'a'..=b'z' => c - b'a' + 26,
                    b'0'..=b'9' => c - b'0' + 52,
                    b'+' => 62,
                    b'/' => 63,
                    b'=' if j >= 2 && ci * 4 + 4 == b.len() => {
                        pad += 1;
                        0
                    }
                    _ => return bad(ci * 4 + j),
                };
                if pad > 0 && *c != b'=' {
                    return bad(ci * 4 + j);
                }
                n = (n << 6) | v as u32;
            }
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..3 - pad]);
        }
        Ok(out)
    }

    fn to_bool(s: &str) -> Result<bool, String> {
        match s {
            "" | "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
            _ => Err(format!(
                "strconv.ParseBool: parsing \"{s}\": invalid syntax"
            )),
        }
    }

    /// modifyConfig over the tree (`KubeConfig::to_tree`).
    pub fn modify(
        curr: &mut Value,
        ty: Ty,
        steps: &Steps,
        at: usize,
        value: &str,
        unset: bool,
        raw: bool,
    ) -> Result<(), String> {
        let step = steps.get(at).map(|(s, _)| s.as_str()).unwrap_or("");
        let more = at + 1 < steps.len();
        if ty.map_elem().is_some() {
            if !more && !unset {
                return Err(format!("can't set a map to a value: {}", go_map(curr)));
            }
            if !curr.is_object() {
                *curr = json!({});
            }
            let Some(m) = curr.as_object_mut() else {
                return Ok(());
            };
            if !more {
                m.remove(step);
                return Ok(());
            }
            if !m.contains_key(step) {
                if unset {
                    return Err(format!("current map key `{step}` is invalid"));
                }
                m.insert(step.to_string(), json!({}));
            }
            let elem = ty.map_elem().unwrap_or(Ty::Cluster);
            let Some(next) = m.get_mut(step) else {
                return Ok(());
            };
            return modify(next, elem, steps, at + 1, value, unset, raw);
        }
        match ty {
            Ty::Config | Ty::Prefs | Ty::Cluster | Ty::User | Ty::Context => {
                // The step names one of this struct's fields (navigation
                // checked it); here `at` is that field's step.
                let Some((_, fty)) = ty.fields().iter().find(|(f, _)| *f == step) else {
                    return Err(format!("unable to locate path {step} under {}", ty.go()));
                };
                let step = v1_key(step);
                if !curr.is_object() {
                    *curr = json!({});
                }
                let Some(m) = curr.as_object_mut() else {
                    return Ok(());
                };
                if !more && unset {
                    if fty.map_elem().is_some() {
                        m.insert(step.to_string(), json!({}));
                    } else {
                        m.remove(step);
                    }
                    return Ok(());
                }
                if fty.map_elem().is_some() {
                    // The next step is the map key: it is this map's.
                    let entry = m.entry(step.to_string()).or_insert(json!({}));
                    return modify(entry, *fty, steps, at + 1, value, unset, raw);
                }
                match fty {
                    Ty::Str => {
                        m.insert(step.to_string(), json!(value));
                        Ok(())
                    }
                    Ty::Bool => {
                        let b = to_bool(value)?;
                        if b {
                            m.insert(step.to_string(), json!(true));
                        } else {
                            m.remove(step);
                        }
                        Ok(())
                    }
                    Ty::Bytes => {
                        let data = if raw {
                            value.as_bytes().to_vec()
                        } else {
                            b64_decode(value)?
                        };
                        m.insert(
                            step.to_string(),
                            json!(crate::kubectl::create::base64(&data)),
                        );
                        Ok(())
                    }
                    Ty::StrSlice => Err("unrecognized slice type. string".to_string()),
                    Ty::Prefs | Ty::Cluster | Ty::User | Ty::Context | Ty::Config => {
                        let entry = m.entry(step.to_string()).or_insert(json!({}));
                        modify(entry, *fty, steps, at + 1, value, unset, raw)
                    }
                    _ => Err(format!(
                        "can't set a map to a value: {}",
                        go_map(m.get(step).unwrap_or(&Value::Null))
                    )),
                }
            }
            _ => Err(format!("unrecognized type: {}", ty.go())),
        }
    }
}

fn delete_entry(k: &mut K<'_, '_, '_>, what: &str) -> i32 {
    let args = k.flags.args.clone();
    let Some(name) = args.first().cloned() else {
        if what == "user" {
            return k.fail("user to delete is required\nSee 'kubectl config delete-user -h' for help and examples");
        }
        let help = crate::help::find_sub("config", k.cmd.trim_start_matches("config "))
            .map(|s| s.help)
            .unwrap_or("");
        k.out(help);
        return 0;
    };
    let kc = config(k);
    let map = match what {
        "context" => &mut kc.contexts,
        "cluster" => &mut kc.clusters,
        _ => &mut kc.users,
    };
    if map.remove(&name).is_none() {
        let file = file_label(k);
        return k.fail(&format!("cannot delete {what} {name}, not in {file}"));
    }
    if what == "context" && kc.current == name {
        k.err("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n");
    }
    let file = file_label(k);
    k.out(&format!("deleted {what} {name} from {file}\n"));
    0
}

fn names(k: &mut K<'_, '_, '_>, what: &str) -> i32 {
    let kc = config(k);
    let map = if what == "clusters" {
        &kc.clusters
    } else {
        &kc.users
    };
    let mut text = String::from("NAME\n");
    for n in map.keys() {
        text.push_str(n);
        text.push('\n');
    }
    k.out(&text);
    0
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let code = match k.cmd {
        "config current-context" => {
            let cur = config(k).current.clone();
            if cur.is_empty() {
                k.fail("current-context is not set")
            } else {
                k.out(&format!("{cur}\n"));
                0
            }
        }
        "config view" => view(k),
        "config get-contexts" => get_contexts(k),
        "config get-clusters" => names(k, "clusters"),
        "config get-users" => names(k, "users"),
        "config use-context" => match args.as_slice() {
            [n] => {
                let kc = config(k);
                if !kc.contexts.contains_key(n) {
                    let n = n.clone();
                    k.fail(&format!("no context exists with the name: \"{n}\""))
                } else {
                    kc.current = n.clone();
                    k.out(&format!("Switched to context \"{n}\".\n"));
                    0
                }
            }
            _ => help_error(k, &unexpected(&args)),
        },
        "config set-context" => set_context(k),
        "config set-cluster" => set_cluster(k),
        "config set-credentials" => set_credentials(k),
        "config set" => set_or_unset(k, false),
        "config unset" => set_or_unset(k, true),
        "config delete-context" => delete_entry(k, "context"),
        "config delete-cluster" => delete_entry(k, "cluster"),
        "config delete-user" => delete_entry(k, "user"),
        "config rename-context" => match args.as_slice() {
            [old, new] => {
                let file = file_label(k);
                let kc = config(k);
                if !kc.contexts.contains_key(old) {
                    let old = old.clone();
                    k.fail(&format!(
                        "cannot rename the context \"{old}\", it's not in {file}"
                    ))
                } else if kc.contexts.contains_key(new) {
                    let (old, new) = (old.clone(), new.clone());
                    k.fail(&format!("cannot rename the context \"{old}\", the context \"{new}\" already exists in {file}"))
                } else {
                    if let Some(c) = kc.contexts.remove(old) {
                        kc.contexts.insert(new.clone(), c);
                    }
                    if kc.current == *old {
                        kc.current = new.clone();
                    }
                    k.out(&format!("Context \"{old}\" renamed to \"{new}\".\n"));
                    0
                }
            }
            _ => help_error(k, &unexpected(&args)),
        },
        other => {
            let o = other.to_string();
            k.fail(&format!(
                "\"kubectl {o}\" is not simulated in this playground"
            ))
        }
    };
    if let Some(kc) = k.ctx.kubeconfig.as_ref() {
        *k.ctx.namespace = kc.namespace();
    }
    code
}

/// Where a command's requests would go.
enum Server {
    /// This playground's API server.
    Ours,
    /// Elsewhere: the error kubectl ends with and the dial error.
    Elsewhere {
        url: String,
        host: String,
        dial: String,
    },
    /// The kubeconfig names a context that is not there.
    NoContext(String),
}

fn server_of(k: &K<'_, '_, '_>) -> Server {
    let flag = |n: &str| k.flags.str(n);
    let ours = k.ctx.cluster.profile().kubeconfig().server;
    let (ctx_flag, cluster_flag, server_flag) = (flag("context"), flag("cluster"), flag("server"));
    let mut server = String::new();
    match k.ctx.kubeconfig.as_ref() {
        None => {
            if ctx_flag.is_empty() || ctx_flag == k.ctx.cluster.profile().kubeconfig().context {
                server = ours.to_string();
            } else {
                return Server::NoContext(ctx_flag);
            }
            if !cluster_flag.is_empty()
                && cluster_flag != k.ctx.cluster.profile().kubeconfig().cluster
            {
                server.clear();
            }
        }
        Some(kc) => {
            let name = if ctx_flag.is_empty() {
                kc.current.clone()
            } else {
                ctx_flag
            };
            let mut cluster_name = cluster_flag.clone();
            if !name.is_empty() {
                let Some(c) = kc.contexts.get(&name) else {
                    return Server::NoContext(name);
                };
                if cluster_name.is_empty() {
                    cluster_name = c
                        .get("cluster")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                }
            }
            if let Some(c) = kc.clusters.get(&cluster_name) {
                server = c
                    .get("server")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
            }
        }
    }
    if !server_flag.is_empty() {
        server = server_flag;
    }
    if server.trim_end_matches('/') == ours {
        return Server::Ours;
    }
    if server.is_empty() {
        server = "http://localhost:8080".to_string();
    }
    let (scheme, rest) = server
        .split_once("://")
        .unwrap_or(("https", server.as_str()));
    let host = rest.split('/').next().unwrap_or("").to_string();
    let (name, port) = match host.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            (h.to_string(), p.to_string())
        }
        _ => (
            host.clone(),
            if scheme == "http" {
                "80".into()
            } else {
                "443".into()
            },
        ),
    };
    let is_ip = name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok());
    let dial = if is_ip || name == "localhost" {
        let ip = if is_ip {
            name.clone()
        } else {
            "127.0.0.1".to_string()
        };
        format!("dial tcp {ip}:{port}: connect: connection refused")
    } else {
        format!("dial tcp: lookup {name} on 127.0.0.53:53: no such host")
    };
    let url = format!("{scheme}://{host}");
    Server::Elsewhere { url, host, dial }
}

/// Commands that never talk to the server.
fn client_only(k: &K<'_, '_, '_>) -> bool {
    let dry_client = k.flags.str("dry-run") == "client";
    k.cmd.starts_with("config")
        || k.cmd == "completion"
        || (k.cmd.starts_with("create ")
            && dry_client
            && k.cmd != "create token"
            // role rules name resources, which kubectl maps through discovery
            && (!matches!(k.cmd, "create role" | "create clusterrole")
                || k.flags.list("resource").is_empty()))
        || (k.cmd == "version" && k.flags.bool("client"))
}

/// When the kubeconfig points away from this playground's cluster, a
/// server command fails as kubectl fails without a server: client-go's
/// discovery errors (klog lines on stderr, stamped with the simulated
/// clock) and then kubectl's last word. `None`: go ahead.
pub fn unreachable(k: &mut K<'_, '_, '_>) -> Option<i32> {
    if client_only(k) {
        return None;
    }
    let (url, host, dial) = match server_of(k) {
        Server::Ours => return None,
        Server::NoContext(n) => {
            if k.cmd == "version" {
                let v = super::info::client_version_text(k);
                k.out(&v);
            }
            k.err(&format!(
                "Error in configuration: context was not found for specified context: {n}\n"
            ));
            return Some(1);
        }
        Server::Elsewhere { url, host, dial } => (url, host, dial),
    };
    let refused = dial.ends_with("connection refused");
    let last = if refused {
        format!("The connection to the server {host} was refused - did you specify the right host or port?\n")
    } else {
        format!("Unable to connect to the server: {}\n", dial)
    };
    let cmd = k.cmd;
    let lines = match cmd {
        "version" | "top node" | "top pod" | "events" | "cp" | "auth whoami" => 0,
        "api-resources" | "run" | "api-versions" => 1,
        "auth can-i" | "explain" | "create role" | "create clusterrole" => 2,
        "logs" | "exec" | "wait" | "port-forward" | "attach" | "set image" | "cordon"
        | "uncordon" | "drain" | "taint" => 4,
        _ => 5,
    };
    let now = k.ctx.cluster.now();
    let (_, mo, d, h, mi, s) = now.civil();
    let mut text = String::new();
    for i in 0..lines {
        let micros = (now.0.rem_euclid(1000) * 1000) as u64 + 1371 * i as u64 + 417;
        text.push_str(&format!(
            "E{mo:02}{d:02} {h:02}:{mi:02}:{s:02}.{micros:06}    4242 memcache.go:265] \"Unhandled Error\" err=\"couldn't get current server API group list: Get \\\"{url}/api?timeout=32s\\\": {dial}\"\n"
        ));
    }
    if cmd == "version" {
        let v = super::info::client_version_text(k);
        k.out(&v);
    }
    if cmd == "cluster-info" {
        k.err(&text);
        k.out(
            "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        );
        k.err(&last);
        return Some(1);
    }
    if matches!(cmd, "apply" | "create" | "replace") && !k.flags.list("filename").is_empty() {
        let f = k
            .flags
            .list("filename")
            .first()
            .cloned()
            .unwrap_or_default();
        k.err(&format!("error: error validating \"{f}\": error validating data: failed to download openapi: Get \"{url}/openapi/v2?timeout=32s\": {dial}; if you choose to ignore these errors, turn validation off with --validate=false\n"));
        return Some(1);
    }
    if cmd == "api-versions" {
        k.err(&text);
        k.err(&format!("error: couldn't get available api versions from server: Get \"{url}/api?timeout=32s\": {dial}\n"));
        return Some(1);
    }
    k.err(&text);
    k.err(&last);
    Some(1)
}

/// Tab completion of kubeconfig names: contexts after `kubectl config
/// use-context|delete-context|rename-context|get-contexts|set-context`,
/// clusters after `delete-cluster|set-cluster`, users after
/// `delete-user|set-credentials`.
pub fn complete_names(
    kc: Option<&KubeConfig>,
    profile: cluster::Profile,
    line: &str,
) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (done, prefix) = if line.ends_with(' ') || line.is_empty() {
        (words.as_slice(), "")
    } else {
        match words.split_last() {
            Some((last, rest)) => (rest, *last),
            None => return Vec::new(),
        }
    };
    let [kubectl, "config", sub] = done else {
        return Vec::new();
    };
    if !matches!(*kubectl, "kubectl" | "k") {
        return Vec::new();
    }
    let initial;
    let kc = match kc {
        Some(kc) => kc,
        None => {
            initial = KubeConfig::initial(profile, "");
            &initial
        }
    };
    let names = match *sub {
        "use-context" | "use" | "delete-context" | "rename-context" | "get-contexts"
        | "set-context" => &kc.contexts,
        "delete-cluster" | "set-cluster" => &kc.clusters,
        "delete-user" | "set-credentials" => &kc.users,
        _ => return Vec::new(),
    };
    names
        .keys()
        .filter(|n| n.starts_with(prefix))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{MemFiles, Shell};
    use cluster::{Cluster, Profile};

    fn shell() -> Shell {
        Shell::new(
            Cluster::new(Profile::default(), 1),
            Box::new(MemFiles::default()),
        )
    }

    #[test]
    fn tab_completes_kubeconfig_names() {
        let mut sh = shell();
        assert_eq!(
            sh.completions("kubectl config use-context "),
            ["docker-desktop"]
        );
        sh.run("kubectl config set-context dev --cluster=docker-desktop");
        sh.run("kubectl config set-cluster staging --server=https://10.0.0.5:6443");
        assert_eq!(
            sh.completions("kubectl config use-context d"),
            ["dev", "docker-desktop"]
        );
        assert_eq!(sh.completions("k config delete-cluster s"), ["staging"]);
        assert!(sh.completions("kubectl config view ").is_empty());
    }

    #[test]
    fn kubeconfig_files_load_and_merge_as_client_go_does() {
        use super::{merge, KubeConfig};
        let a = KubeConfig::parse(
            "contexts:\n- name: x1\n  context:\n    cluster: ca\ncurrent-context: x1\n",
        )
        .unwrap_or_default();
        let b = KubeConfig::parse(
            "apiVersion: v1\nkind: Config\ncontexts:\n- name: x1\n  context:\n    cluster: cb\n- name: y1\n  context: {cluster: cb}\ncurrent-context: y1\n",
        )
        .unwrap_or_default();
        let m = merge(&[
            ("a".into(), Some(a.clone())),
            ("gone".into(), None),
            ("b".into(), Some(b)),
        ]);
        assert_eq!(m.current, "x1");
        assert_eq!(m.contexts.len(), 2);
        assert_eq!(m.contexts["x1"]["cluster"], "ca", "the first file wins");
        // The file kubectl writes reads back the same.
        let text = a.file_text();
        assert_eq!(KubeConfig::parse(&text).map(|c| c.file_text()), Ok(text));
        assert_eq!(KubeConfig::parse(""), Ok(KubeConfig::default()));
        for (text, err) in [
            ("kind: Pod\n", "no kind \"Pod\" is registered for version \"v1\""),
            ("- a\n", "cannot unmarshal array into Go value"),
            ("users: {}\n", "cannot unmarshal object into Go struct field Config.users of type []v1.NamedAuthInfo"),
            ("contexts:\n- name: y\n", "cannot unmarshal bool into Go struct field NamedContext.contexts.name of type string"),
            ("clusters:\n- name: c\n  cluster: 3\n", "Go struct field NamedCluster.clusters.cluster of type v1.Cluster"),
            ("current-context: [a]\n", "Config.current-context of type string"),
        ] {
            let e = KubeConfig::parse(text).err().unwrap_or_default();
            assert!(e.contains(err), "{text:?}: {e}");
        }
    }

    #[test]
    fn kubeconfig_flag_and_env_choose_the_file() {
        let mut sh = shell();
        let out = sh.run("kubectl --kubeconfig /tmp/none get pods");
        assert_eq!(
            out.stderr(),
            "error: stat /tmp/none: no such file or directory\n"
        );
        sh.run("kubectl config view --raw > /tmp/k.yaml");
        sh.run(
            "kubectl --kubeconfig /tmp/k.yaml config set-context --current --namespace=kube-system",
        );
        let out = sh.run("kubectl --kubeconfig=/tmp/k.yaml get pods -l component=etcd -o name");
        assert_eq!(out.stdout(), "pod/etcd-desktop-control-plane\n");
        // The playground's own kubeconfig is untouched.
        assert_eq!(
            sh.run("kubectl get pods -l component=etcd -o name")
                .stdout(),
            ""
        );
        sh.run("export KUBECONFIG=/tmp/k.yaml:/home/student/.kube/config");
        let out = sh.run("kubectl get pods -l component=etcd -o name");
        assert_eq!(out.stdout(), "pod/etcd-desktop-control-plane\n");
        sh.run("unset KUBECONFIG");
        assert_eq!(
            sh.run("kubectl get pods -l component=etcd -o name")
                .stdout(),
            ""
        );
    }

    #[test]
    fn property_paths_as_kubectl_reads_them() {
        // A map key may hold dots, up to the first known field after it.
        let steps =
            super::nav::steps("clusters.10.0.0.5.insecure-skip-tls-verify").unwrap_or_default();
        let names: Vec<&str> = steps.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["clusters", "10.0.0.5", "insecure-skip-tls-verify"]);
        assert_eq!(
            super::nav::steps("users.bob.token.x").err(),
            Some("unable to parse one or more field values of users.bob.token.x".to_string())
        );
        assert_eq!(
            super::nav::steps("preferences.nope").err(),
            Some("unable to parse preferences.nope after [{preferences 0x203acc0}] at api.Preferences".to_string())
        );
    }

    #[test]
    fn the_namespace_follows_the_current_context() {
        let mut sh = shell();
        sh.run("kubectl create namespace team-a");
        sh.run("kubectl config set-context team --cluster=docker-desktop --user=docker-desktop --namespace=team-a");
        sh.run("kubectl config use-context team");
        assert_eq!(
            sh.run("kubectl get pods").text(),
            "No resources found in team-a namespace.\n"
        );
        sh.run("kubectl config use-context docker-desktop");
        assert_eq!(
            sh.run("kubectl get pods").text(),
            "No resources found in default namespace.\n"
        );
        // A probe sees the kubeconfig and leaves it as it was.
        sh.probe("kubectl config use-context team");
        assert_eq!(
            sh.run("kubectl config current-context").text(),
            "docker-desktop\n"
        );
    }
}
