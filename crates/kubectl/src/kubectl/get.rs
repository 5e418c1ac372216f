//! `kubectl get`.

use super::{api_message, targets, K};
use crate::engine::Selector;
use crate::printers::{self, TableOpts};
use crate::util::tabwrite;
use crate::yaml::{to_json, to_yaml};
use cluster::ResourceType;
use serde_json::Value;

pub const OUTPUT_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

/// What `-o` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    JsonPath(String),
    /// `-o jsonpath-as-json=...`: each node's results as a JSON array.
    JsonPathAsJson(String),
    /// A Go template (`-o go-template=`, `template=`, `--template`, or a
    /// `go-template-file=`'s text), checked to parse.
    GoTemplate(String),
    /// (header, path) pairs.
    CustomColumns(Vec<(String, String)>),
}

/// The output format asked for, as kubectl's printer flags resolve it:
/// `--template` alone implies `go-template`, and gives the template of a
/// bare `-o go-template|template|jsonpath|...-file`; the `*-file=FILE`
/// forms are read from the playground's files here, so that
/// [`output_format`] sees `go-template=TEXT`, `jsonpath=TEXT` or
/// `custom-columns=...`. A file that cannot be read or used comes back as
/// its error after a NUL, for [`output_format`] to return.
pub fn requested_output(k: &K<'_, '_, '_>) -> String {
    let mut o = k.flags.str("output");
    let t = k.flags.str("template");
    if !t.is_empty() {
        // --template without an explicit -o (config view's -o defaults to
        // yaml) means go-template.
        if !k.flags.has("output") {
            o = "go-template".into();
        }
        let templated = [
            "go-template",
            "template",
            "go-template-file",
            "templatefile",
            "jsonpath",
            "jsonpath-file",
            "jsonpath-as-json",
        ];
        if templated.contains(&o.as_str()) {
            o = format!("{o}={t}");
        } else if templated.iter().any(|f| o.starts_with(&format!("{f}="))) {
            // kubectl reads --template as the whole format then.
            let allowed = if k.cmd == "get" {
                OUTPUT_FORMATS
            } else {
                PRINTER_FORMATS
            };
            return format!(
                "\0unable to match a printer suitable for the output format \"{o}\", allowed formats are: {allowed}"
            );
        }
    }
    let Some((kind, path)) = o.split_once('=') else {
        return o;
    };
    let target = match kind {
        "go-template-file" | "templatefile" => "go-template",
        "jsonpath-file" => "jsonpath",
        "custom-columns-file" => "custom-columns",
        _ => return o,
    };
    if path.is_empty() {
        return o;
    }
    let text = match k.ctx.files.read(path) {
        Ok(text) => text,
        Err(e) if target == "custom-columns" => {
            return format!("\0error reading template {path}, {e}")
        }
        Err(e) => return format!("\0error reading --template {path}, {e}"),
    };
    if target != "custom-columns" {
        return format!("{target}={text}");
    }
    // One line of headers, one of column specs, split at white space.
    let guide = "Expected format is one line of space separated headers, one line of space separated column specs.";
    let mut lines = text.lines();
    let (Some(heads), Some(specs)) = (lines.next(), lines.next()) else {
        let which = if text.lines().next().is_none() {
            "header"
        } else {
            "spec"
        };
        return format!("\0invalid template, missing {which} line. {guide}");
    };
    let heads: Vec<&str> = heads.split_whitespace().collect();
    let specs: Vec<&str> = specs.split_whitespace().collect();
    if heads.len() != specs.len() {
        return format!(
            "\0number of headers ({}) and field specifications ({}) don't match",
            heads.len(),
            specs.len()
        );
    }
    let cols: Vec<String> = heads
        .iter()
        .zip(&specs)
        .map(|(h, s)| format!("{h}:{s}"))
        .collect();
    format!("custom-columns={}", cols.join(","))
}

/// The formats kubectl names when a non-table printer is asked for.
const PRINTER_FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

pub fn output_format(o: &str) -> Result<Format, String> {
    if let Some(e) = o.strip_prefix('\0') {
        return Err(e.to_string());
    }
    let template = |t: &str| {
        if t.is_empty() {
            return Err("template format specified but no template given".to_string());
        }
        match crate::gotemplate::parse(t) {
            Ok(_) => Ok(Format::GoTemplate(t.to_string())),
            Err(e) => Err(format!("error parsing template {t}, {e}")),
        }
    };
    match o {
        "" => Ok(Format::Table),
        "go-template" | "template" | "go-template-file" | "templatefile" => {
            Err("template format specified but no template given".into())
        }
        other if other.starts_with("go-template=") => template(&other["go-template=".len()..]),
        other if other.starts_with("template=") => template(&other["template=".len()..]),
        "go-template-file=" | "templatefile=" | "jsonpath-file=" => {
            Err("template format specified but no template given".into())
        }
        "wide" => Ok(Format::Wide),
        "yaml" => Ok(Format::Yaml),
        "json" => Ok(Format::Json),
        "name" => Ok(Format::Name),
        "jsonpath" | "jsonpath=" | "jsonpath-as-json" | "jsonpath-as-json=" => {
            Err("template format specified but no template given".into())
        }
        other if other.starts_with("jsonpath=") => {
            Ok(Format::JsonPath(other["jsonpath=".len()..].to_string()))
        }
        other if other.starts_with("jsonpath-as-json=") => Ok(Format::JsonPathAsJson(
            other["jsonpath-as-json=".len()..].to_string(),
        )),
        other if other.starts_with("custom-columns=") => {
            let spec = &other["custom-columns=".len()..];
            let mut cols = Vec::new();
            for part in spec.split(',') {
                match part.split_once(':') {
                    Some((h, p)) => cols.push((h.to_string(), p.to_string())),
                    None => {
                        return Err(format!(
                            "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
                        ))
                    }
                }
            }
            Ok(Format::CustomColumns(cols))
        }
        other => {
            let base = other.split('=').next().unwrap_or("");
            if OUTPUT_FORMATS.split(',').any(|f| f == base) {
                Err(format!(
                    "output format \"{base}\" is not simulated in this playground; use -o wide, yaml, json, name, jsonpath=... or custom-columns=..."
                ))
            } else {
                Err(format!(
                    "unable to match a printer suitable for the output format \"{other}\", allowed formats are: {OUTPUT_FORMATS}"
                ))
            }
        }
    }
}

/// An object as `-o yaml|json` prints it (no managedFields).
pub fn for_output(obj: &Value) -> Value {
    let mut o = obj.clone();
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
    }
    o
}

/// kubectl's List of the objects printed, or the one object itself.
fn printed_doc(objs: &[(&'static ResourceType, Value)], single: bool) -> Value {
    if single && objs.len() == 1 {
        for_output(&objs[0].1)
    } else {
        cluster::bootstrap::tmpl(
            r#"{"apiVersion":"v1","items":"$0","kind":"List","metadata":{"resourceVersion":""}}"#,
            &[Value::from(
                objs.iter().map(|(_, o)| for_output(o)).collect::<Vec<_>>(),
            )],
        )
    }
}

/// Runs a Go template over `doc` as kubectl's template printer does:
/// what it wrote so far, and when execution fails its debugging text on
/// stdout and the error; false then. `raw` is the object's JSON as kubectl
/// marshals it.
pub fn print_template(k: &mut K<'_, '_, '_>, t: &str, doc: &Value, raw: &str) -> bool {
    let tmpl = match crate::gotemplate::parse(t) {
        Ok(p) => p,
        Err(e) => {
            k.fail(&format!("error parsing template {t}, {e}"));
            return false;
        }
    };
    let strict = !k.flags.bool("allow-missing-template-keys");
    match tmpl.execute(doc, strict) {
        Ok(text) => {
            k.out(&text);
            true
        }
        Err((partial, e)) => {
            let obj = crate::gotemplate::go_value(doc);
            k.out(&format!(
                "{partial}Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{t}\n\traw data was:\n\t\t{raw}\n\tobject given to template engine was:\n\t\t{obj}\n\n"
            ));
            k.fail(&format!(
                "error executing template {}: {e}",
                crate::gotemplate::go_quote(t)
            ));
            k.ctx.print_failed = true;
            false
        }
    }
}

/// Prints objects as yaml/json/name (kubectl's generic printers); false
/// when a template failed (its error already printed).
pub fn print_generic(
    k: &mut K<'_, '_, '_>,
    fmt: &Format,
    objs: &[(&'static ResourceType, Value)],
    single: bool,
) -> bool {
    match fmt {
        Format::GoTemplate(t) => {
            let doc = printed_doc(objs, single);
            let raw = crate::yaml::to_compact_json(&doc);
            return print_template(k, t, &doc, &raw);
        }
        Format::Name => {
            for (rt, o) in objs {
                k.out(&format!(
                    "{}/{}\n",
                    rt.qualified_kind_lower(),
                    crate::util::name(o)
                ));
            }
        }
        Format::Yaml | Format::Json => {
            let doc = printed_doc(objs, single);
            let text = if *fmt == Format::Yaml {
                to_yaml(&doc)
            } else {
                to_json(&doc)
            };
            k.out(&text);
        }
        Format::JsonPath(t) => {
            let doc = printed_doc(objs, single);
            match crate::jsonpath::render(t, &doc) {
                Ok(text) => k.out(&text),
                Err(e) => {
                    k.err(&format!("error: error parsing jsonpath {t}, {e}\n"));
                }
            }
        }
        Format::JsonPathAsJson(t) => {
            let doc = printed_doc(objs, single);
            match crate::jsonpath::render_as_json(t, &doc) {
                Ok(text) => k.out(&text),
                Err(e) => {
                    k.err(&format!("error: error parsing jsonpath {t}, {e}\n"));
                }
            }
        }
        Format::CustomColumns(cols) => {
            let mut rows: Vec<Vec<String>> = Vec::new();
            if !k.flags.bool("no-headers") {
                rows.push(cols.iter().map(|(h, _)| h.clone()).collect());
            }
            for (_, o) in objs {
                let mut row = Vec::new();
                for (_, path) in cols {
                    let vals = crate::jsonpath::values(path, o).unwrap_or_default();
                    let cell = if vals.is_empty() {
                        "<none>".to_string()
                    } else {
                        vals.iter()
                            .map(crate::jsonpath::text_of)
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    row.push(cell);
                }
                rows.push(row);
            }
            let text = crate::util::tabwrite(&rows);
            k.out(&text);
        }
        Format::Table | Format::Wide => {}
    }
    true
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let fmt = match output_format(&requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    if args.is_empty() && k.flags.list("filename").is_empty() {
        k.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
        return 1;
    }
    let watching = k.flags.bool("watch") || k.flags.bool("watch-only");
    let selector_text = k.flags.str("selector");
    let selector = match Selector::parse(&selector_text) {
        Ok(s) => s,
        Err(e) => return k.fail(&e),
    };
    let field_text = k.flags.str("field-selector");
    let fields = match parse_field_selector(&field_text) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let files = k.flags.list("filename");
    // Objects named in files: (type, name, namespace) as their manifests say.
    let mut from_files: Vec<(&'static ResourceType, String, String)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let t = if files.is_empty() {
        match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        }
    } else {
        let default_ns = k.namespace();
        for info in super::apply::read_sources(k, &files, &mut errors) {
            let ns = match crate::util::namespace(&info.obj) {
                "" => default_ns.clone(),
                n => n.to_string(),
            };
            from_files.push((info.rt, crate::util::name(&info.obj).to_string(), ns));
        }
        super::Targets {
            items: from_files
                .iter()
                .map(|(rt, n, _)| (*rt, Some(n.clone())))
                .collect(),
            multiple_types: from_files
                .windows(2)
                .any(|w| w[0].0.plural != w[1].0.plural),
        }
    };
    let named = t.items.iter().any(|(_, n)| n.is_some());
    if named && !selector_text.is_empty() {
        let msg = if args[0].contains('/') {
            "selectors and the all flag cannot be used when passing resource/name arguments"
        } else {
            "name cannot be provided when a selector is specified"
        };
        return k.fail(msg);
    }
    let all_ns = k.all_namespaces();
    let ns = k.namespace();
    if watching {
        return watch(k, &t, selector, &fmt, all_ns, &ns);
    }
    let now = k.ctx.cluster.now();
    let sort_by = k.flags.str("sort-by");
    let ignore_not_found = k.flags.bool("ignore-not-found");
    // Fetch, keeping kubectl's order: by argument, lists sorted by the
    // server. Objects are named by their keys (namespace, name), not
    // copied: a table reads them from the store as it prints.
    let mut groups: Vec<(&'static ResourceType, Vec<ObjKey>)> = Vec::new();
    let mut all_namespaced = !all_ns;
    let mut sort_error = None;
    {
        let store = k.ctx.cluster.store();
        for (idx, (rt, name)) in t.items.iter().enumerate() {
            let ns = from_files
                .get(idx)
                .map(|f| f.2.clone())
                .unwrap_or_else(|| ns.clone());
            if !rt.namespaced {
                all_namespaced = false;
            }
            // Kinds that are only created (bindings, the review kinds) cannot be
            // read back.
            let verb = if name.is_some() { "get" } else { "list" };
            if !super::info::verbs(rt).contains(&verb) {
                errors.push(
                    "Error from server (MethodNotAllowed): the server does not allow this method on the requested resource"
                        .to_string(),
                );
                continue;
            }
            // Each object with its store key (namespace, name).
            let found: Vec<(&str, &str, &Value)> = match name {
                Some(n) => {
                    let key_ns = if rt.namespaced { ns.as_str() } else { "" };
                    match store.get(rt.plural, key_ns, n) {
                        Some(o) => vec![(key_ns, n.as_str(), o)],
                        None => {
                            if !ignore_not_found {
                                let e = cluster::ApiError::not_found(&rt.qualified_plural(), n);
                                errors.push(api_message(&e));
                            }
                            vec![]
                        }
                    }
                }
                None => {
                    if let Some(bad) = fields.iter().find(|f| !field_supported(rt.plural, &f.0)) {
                        let group = if rt.group.is_empty() {
                            String::new()
                        } else {
                            rt.group.to_string()
                        };
                        errors.push(format!(
                            "Error from server (BadRequest): Unable to find \"{group}/{}, Resource={}\" that match label selector \"{selector_text}\", field selector \"{field_text}\": field label not supported: {}",
                            rt.version, rt.plural, bad.0
                        ));
                        continue;
                    }
                    let scope = if all_ns || !rt.namespaced {
                        None
                    } else {
                        Some(ns.as_str())
                    };
                    store
                        .list_keyed(rt.plural, scope)
                        .into_iter()
                        .filter(|(_, _, o)| selector.matches(o))
                        .filter(|(_, _, o)| fields.iter().all(|f| field_matches(o, f)))
                        .collect()
                }
            };
            let keys: Vec<ObjKey> = if !sort_by.is_empty() && sort_error.is_none() {
                let mut objs: Vec<&Value> = found.iter().map(|(_, _, o)| *o).collect();
                if let Err(e) = sort_refs(&mut objs, &sort_by) {
                    sort_error = Some(e);
                }
                objs.iter().map(|o| key_of(rt, o)).collect()
            } else {
                // The store's own keys: no lookups in the objects.
                found
                    .iter()
                    .map(|(n, m, _)| (n.to_string(), m.to_string()))
                    .collect()
            };
            match groups.last_mut() {
                Some((last, objs)) if last.plural == rt.plural => objs.extend(keys),
                _ => groups.push((rt, keys)),
            }
        }
    }
    if let Some(e) = sort_error {
        return k.fail(&e);
    }
    let total: usize = groups.iter().map(|(_, v)| v.len()).sum();
    if fmt == Format::Name {
        let mut text = String::new();
        for (rt, keys) in &groups {
            let kind = rt.qualified_kind_lower();
            for (_, name) in keys {
                text.push_str(&kind);
                text.push('/');
                text.push_str(name);
                text.push('\n');
            }
        }
        k.out(&text);
        return finish(k, errors);
    }
    if fmt != Format::Table && fmt != Format::Wide {
        let store = k.ctx.cluster.store();
        let objs: Vec<(&'static ResourceType, Value)> = groups
            .iter()
            .flat_map(|(rt, keys)| {
                keys.iter().filter_map(move |(ns, n)| {
                    store.get(rt.plural, ns, n).map(|o| (*rt, o.clone()))
                })
            })
            .collect();
        let single = t.items.len() == 1 && t.items[0].1.is_some();
        // A single named object that is missing prints only the error.
        let skip = single && !errors.is_empty();
        if !skip && !print_generic(k, &fmt, &objs, single) {
            finish(k, errors);
            return 1;
        }
        return finish(k, errors);
    }
    let show_kind = t.multiple_types || k.flags.bool("show-kind");
    let mut tables = Vec::new();
    for (rt, keys) in groups {
        if keys.is_empty() {
            continue;
        }
        let opts = TableOpts {
            wide: fmt == Format::Wide,
            show_kind,
            with_namespace: all_ns && rt.namespaced,
            show_labels: k.flags.bool("show-labels"),
            label_columns: k.flags.list("label-columns"),
        };
        tables.push(Table {
            rt,
            keys,
            opts,
            next: 0,
            rows: Vec::new(),
            widths: None,
            written: 0,
        });
    }
    let mut trailer = Vec::new();
    if total == 0 && errors.is_empty() {
        trailer.push(if all_namespaced {
            format!("No resources found in {ns} namespace.\n")
        } else {
            "No resources found\n".to_string()
        });
    }
    let (errs, status) = super::errors_text(&errors);
    trailer.push(errs);
    let job = TableJob {
        now,
        tables,
        at: 0,
        no_headers: k.flags.bool("no-headers"),
        trailer: trailer.concat(),
        status,
    };
    crate::shell::start_stepped(k.ctx, Box::new(job))
}

/// An object by its store key: (namespace, name).
type ObjKey = (String, String);

fn key_of(rt: &ResourceType, o: &Value) -> ObjKey {
    let ns = if rt.namespaced {
        crate::util::namespace(o)
    } else {
        ""
    };
    (ns.to_string(), crate::util::name(o).to_string())
}

/// One table of `kubectl get`: one resource's objects.
struct Table {
    rt: &'static ResourceType,
    keys: Vec<ObjKey>,
    opts: TableOpts,
    /// Keys whose rows are made.
    next: usize,
    /// The header (unless `--no-headers`) and the rows made so far.
    rows: Vec<Vec<String>>,
    /// The columns' widths, once every row is made.
    widths: Option<Vec<usize>>,
    /// Rows written as text so far.
    written: usize,
}

/// `kubectl get`'s tables, printed in steps (issue 8 item 3: no command
/// blocks the page for long): each step makes at most a budget of rows'
/// cells, reading the objects from the store by key; once a table's cells
/// are all known its column widths are, and its text is written, again a
/// budget of rows a step. What it prints does not depend on the budget
/// (the CLI runs it to its end at once); the shell keeps the cluster from
/// changing under it (see `shell::Stepped`).
struct TableJob {
    now: cluster::time::Time,
    tables: Vec<Table>,
    /// The table being made.
    at: usize,
    no_headers: bool,
    /// What follows on stderr ("No resources found", errors) and the
    /// exit status.
    trailer: String,
    status: i32,
}

impl crate::shell::Stepped for TableJob {
    fn step(
        &mut self,
        cluster: &cluster::Cluster,
        budget: usize,
        io: &mut crate::shell::Io,
    ) -> Option<i32> {
        let mut left = budget.max(1);
        let mut text = String::new();
        while left > 0 {
            let Some(t) = self.tables.get_mut(self.at) else {
                break;
            };
            let Some(widths) = &t.widths else {
                // The cells of the next rows.
                if t.next == 0 && !self.no_headers {
                    t.rows.push(table_headers(t.rt, &t.opts));
                }
                let end = t.next.saturating_add(left).min(t.keys.len());
                let store = cluster.store();
                // An object gone since the list (never: the shell keeps
                // the cluster still while this prints) is left out.
                let objs: Vec<&Value> = t.keys[t.next..end]
                    .iter()
                    .filter_map(|(ns, n)| store.get(t.rt.plural, ns, n))
                    .collect();
                let (_, body) = printers::table(
                    t.rt.plural,
                    &t.rt.qualified_kind_lower(),
                    &objs,
                    &t.opts,
                    self.now,
                );
                t.rows.extend(body);
                left -= end - t.next;
                t.next = end;
                if t.next == t.keys.len() {
                    if self.at > 0 && !self.no_headers {
                        // kubectl flushes its tabwriter between types: each
                        // table aligns on its own, separated by a blank
                        // line when it has headers.
                        text.push('\n');
                    }
                    t.widths = match crate::util::tab_widths(&t.rows) {
                        Some(w) => Some(w),
                        None => {
                            // Rows of unequal length: the whole table
                            // at once.
                            text.push_str(&tabwrite(&t.rows));
                            t.written = t.rows.len();
                            Some(Vec::new())
                        }
                    };
                }
                continue;
            };
            let end = t.written.saturating_add(left).min(t.rows.len());
            crate::util::tab_lines(&t.rows[t.written..end], widths, &mut text);
            left -= end - t.written;
            t.written = end;
            if t.written == t.rows.len() {
                t.rows = Vec::new();
                self.at += 1;
            }
        }
        io.out(&text);
        if self.at < self.tables.len() {
            return None;
        }
        io.err(&std::mem::take(&mut self.trailer));
        Some(self.status)
    }
}

/// The header row of a table.
fn table_headers(rt: &'static ResourceType, opts: &TableOpts) -> Vec<String> {
    let (mut headers, _) = printers::table(rt.plural, "", &[], opts, cluster::time::Time(0));
    if rt.plural == "events" && opts.wide {
        headers = printers::event_wide_headers();
        if opts.with_namespace {
            headers.insert(0, "NAMESPACE".to_string());
        }
    }
    headers
}

/// One `--field-selector` requirement: (field, value, equal).
type FieldReq = (String, String, bool);

fn parse_field_selector(text: &str) -> Result<Vec<FieldReq>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, value, eq) = if let Some((f, v)) = part.split_once("!=") {
            (f, v, false)
        } else if let Some((f, v)) = part.split_once("==") {
            (f, v, true)
        } else if let Some((f, v)) = part.split_once('=') {
            (f, v, true)
        } else {
            return Err(format!(
                "invalid selector: '{text}'; can't understand '{part}'"
            ));
        };
        out.push((field.trim().to_string(), value.trim().to_string(), eq));
    }
    Ok(out)
}

/// The fields the API server indexes for field selectors, by resource.
fn field_supported(plural: &str, field: &str) -> bool {
    if matches!(field, "metadata.name" | "metadata.namespace") {
        return true;
    }
    let extra: &[&str] = match plural {
        "pods" => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
        ],
        "events" => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        "nodes" => &["spec.unschedulable"],
        "secrets" => &["type"],
        "namespaces" => &["status.phase"],
        "jobs" => &["status.successful"],
        "replicasets" => &["status.replicas"],
        _ => &[],
    };
    extra.contains(&field)
}

fn field_value(o: &Value, field: &str) -> String {
    let path = match field {
        "source" => "/source/component".to_string(),
        "status.podIPs" => "/status/podIP".to_string(),
        f => format!("/{}", f.replace('.', "/")),
    };
    match o.pointer(&path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ if field == "spec.unschedulable" || field == "spec.hostNetwork" => "false".into(),
        _ => String::new(),
    }
}

fn field_matches(o: &Value, f: &FieldReq) -> bool {
    (field_value(o, &f.0) == f.1) == f.2
}

/// `--sort-by`: a field path (`.metadata.name`, `{.status.podIP}`,
/// `.status.containerStatuses[0].restartCount`); numbers sort as numbers.
pub fn sort_refs(objs: &mut Vec<&Value>, spec: &str) -> Result<(), String> {
    let keyed: Vec<Option<Value>> = objs
        .iter()
        .map(|o| {
            crate::jsonpath::values(spec, o)
                .ok()
                .and_then(|v| v.into_iter().next())
        })
        .collect();
    if !objs.is_empty() && keyed.iter().all(Option::is_none) {
        let p = spec.trim().trim_start_matches('{').trim_end_matches('}');
        return Err(format!(
            "couldn't find any field with path \"{{{p}}}\" in the list of objects"
        ));
    }
    let mut idx: Vec<usize> = (0..objs.len()).collect();
    cluster::sort::by(&mut idx, |&a, &b| match (&keyed[a], &keyed[b]) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
        (None, None) => std::cmp::Ordering::Equal,
    });
    *objs = idx.iter().map(|&i| objs[i]).collect();
    Ok(())
}

fn finish(k: &mut K<'_, '_, '_>, errors: Vec<String>) -> i32 {
    super::print_errors(k, &errors)
}

/// `kubectl get -w`: prints what is there now (not with `--watch-only`),
/// then leaves a watch in the shell (see `crate::watch`).
fn watch(
    k: &mut K<'_, '_, '_>,
    t: &super::Targets,
    selector: Selector,
    fmt: &Format,
    all_ns: bool,
    ns: &str,
) -> i32 {
    use crate::watch::{Watch, WatchFormat};
    let mut types: Vec<&'static ResourceType> = Vec::new();
    for (rt, _) in &t.items {
        if !types.iter().any(|x| x.plural == rt.plural) {
            types.push(rt);
        }
    }
    if types.len() != 1 || t.items.len() > 1 {
        return k.fail(&format!(
            "watch is only supported on individual resources and resource collections, but {} resources were found",
            t.items.len()
        ));
    }
    let rt = types[0];
    let format = match fmt {
        Format::Table | Format::Wide => WatchFormat::Table,
        Format::Name => WatchFormat::Name,
        Format::Yaml => WatchFormat::Yaml,
        Format::Json => WatchFormat::Json,
        Format::JsonPath(t) => WatchFormat::JsonPath(t.clone()),
        Format::JsonPathAsJson(t) => WatchFormat::JsonPathAsJson(t.clone()),
        Format::GoTemplate(t) => WatchFormat::GoTemplate {
            text: t.clone(),
            strict: !k.flags.bool("allow-missing-template-keys"),
        },
        _ => return k.fail("watching with -o custom-columns is not simulated in this playground"),
    };
    let events = k.flags.bool("output-watch-events");
    let opts = TableOpts {
        wide: *fmt == Format::Wide,
        show_kind: k.flags.bool("show-kind"),
        with_namespace: all_ns && rt.namespaced,
        show_labels: k.flags.bool("show-labels"),
        label_columns: k.flags.list("label-columns"),
    };
    let mut w = Watch {
        rt,
        namespace: if all_ns { None } else { Some(ns.to_string()) },
        name: t.items[0].1.clone(),
        selector,
        opts,
        format,
        widths: Vec::new(),
        seen: Default::default(),
        events,
        pending_header: None,
    };
    let objs = w.current(k.ctx.cluster);
    if let Some(n) = &w.name {
        if objs.is_empty() {
            let e = cluster::ApiError::not_found(&rt.qualified_plural(), n);
            return k.api_fail(&e);
        }
    }
    let now = k.ctx.cluster.now();
    let refs: Vec<&Value> = objs.iter().collect();
    let (mut headers, mut body) =
        printers::table(rt.plural, &rt.qualified_kind_lower(), &refs, &w.opts, now);
    if events {
        headers.insert(0, "EVENT".to_string());
        for r in &mut body {
            r.insert(0, "ADDED".to_string());
        }
    }
    let no_headers = k.flags.bool("no-headers");
    let watch_only = k.flags.bool("watch-only");
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !watch_only {
        rows.extend(body);
    }
    // kubectl prints no header over a table without rows (nothing at all
    // for an empty list, or for --watch-only): the header comes with the
    // first row the watch prints.
    if !no_headers {
        if rows.is_empty() {
            w.pending_header = Some(headers);
        } else {
            rows.insert(0, headers);
        }
    }
    w.fit(&rows);
    match w.format {
        WatchFormat::Table if !rows.is_empty() => {
            let mut text = String::new();
            for row in &rows {
                let n = row.len();
                for (i, cell) in row.iter().enumerate() {
                    text.push_str(cell);
                    if i + 1 < n {
                        for _ in cell.chars().count()..w.widths[i] {
                            text.push(' ');
                        }
                    }
                }
                text.push('\n');
            }
            k.out(&text);
        }
        WatchFormat::Table => {}
        _ if !watch_only => {
            // Templates see each object, or its WatchEvent with
            // --output-watch-events.
            let templated = matches!(
                fmt,
                Format::JsonPath(_) | Format::JsonPathAsJson(_) | Format::GoTemplate(_)
            );
            let list: Vec<(&'static ResourceType, Value)> = objs
                .iter()
                .map(|o| match (events && templated, o.clone()) {
                    (true, o) => (rt, crate::watch::watch_event("ADDED", for_output(&o))),
                    (false, o) => (rt, o),
                })
                .collect();
            for (r, o) in &list {
                print_generic(k, fmt, &[(r, o.clone())], true);
            }
        }
        _ => {}
    }
    w.remember(&objs);
    *k.ctx.watch = Some(crate::watch::Live::Get(w));
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_selectors_like_the_api_server() {
        let f = parse_field_selector("status.phase=Running,spec.nodeName!=a").unwrap();
        assert_eq!(f.len(), 2);
        let p = json!({"status": {"phase": "Running"}, "spec": {"nodeName": "b"}});
        assert!(f.iter().all(|r| field_matches(&p, r)));
        let q = json!({"status": {"phase": "Running"}, "spec": {"nodeName": "a"}});
        assert!(!f.iter().all(|r| field_matches(&q, r)));
        assert!(parse_field_selector("nonsense").is_err());
        assert!(field_supported("events", "involvedObject.kind"));
        assert!(field_supported("deployments", "metadata.name"));
        assert!(!field_supported("deployments", "spec.replicas"));
        let node = json!({"spec": {}});
        assert!(field_matches(
            &node,
            &("spec.unschedulable".into(), "false".into(), true)
        ));
    }
}
