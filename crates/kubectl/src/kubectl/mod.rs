//! `kubectl`: finds the subcommand as cobra does, parses its flags (the
//! command's own and the global ones) with pflag's rules, and runs it.
//! Errors are printed as kubectl prints them (`error: ...` or
//! `Error from server (Reason): ...`) with exit status 1.

mod apply;
mod attach;
mod auth;
mod autoscale;
mod completion;
pub mod config;
pub(crate) mod cp;
mod create;
mod create_rbac;
mod debug;
mod delete;
mod diff;
mod edit;
mod events;
pub(crate) mod exec;
mod explain;
mod expose;
mod get;
mod go_order;
mod info;
mod label;
mod nodes;
mod patch;
pub mod port_forward;
mod rollout;
mod run;
mod scale;
mod set;
mod wait;

pub use apply::{read_sources as read_sources_pub, Info};
pub use get::for_output;
pub(crate) use run::{end_attached, RunEnd};

use crate::flags::{self, Parsed, Spec};
use crate::help;
use crate::shell::Ctx;
use cluster::resources::{self, ResourceType};
use cluster::ApiError;

/// A running kubectl command.
pub struct K<'x, 'a, 'b> {
    pub ctx: &'x mut Ctx<'a, 'b>,
    pub cmd: &'static str,
    pub flags: Parsed,
}

impl K<'_, '_, '_> {
    /// The namespace to work in (`-n`, else the context's).
    pub fn namespace(&self) -> String {
        let n = self.flags.str("namespace");
        if !n.is_empty() && !self.cmd.starts_with("config ") {
            n
        } else if self.ctx.namespace.is_empty() {
            "default".to_string()
        } else {
            self.ctx.namespace.to_string()
        }
    }
    pub fn all_namespaces(&self) -> bool {
        self.flags.bool("all-namespaces")
    }
    pub fn out(&mut self, s: &str) {
        self.ctx.io.out(s);
    }
    pub fn err(&mut self, s: &str) {
        self.ctx.io.err(s);
    }
    /// `error: <msg>` and status 1.
    pub fn fail(&mut self, msg: &str) -> i32 {
        self.ctx.io.err(&format!("error: {msg}\n"));
        1
    }
    /// An API error as kubectl prints a single error.
    pub fn api_fail(&mut self, e: &ApiError) -> i32 {
        self.ctx.io.err(&format!("{}\n", api_message(e)));
        1
    }
}

/// How kubectl prints one API error on its own line.
pub fn api_message(e: &ApiError) -> String {
    let s = e.to_string();
    if s.starts_with("error: ") || s.starts_with("Error from server") || s.starts_with("The ") {
        s
    } else {
        format!("error: {s}")
    }
}

/// An API error from a write of an object read from a file: `Error from
/// server (AlreadyExists): error when creating "nginx.yaml": ...`; Invalid
/// errors print their causes instead.
pub fn api_message_with_source(e: &ApiError, verb: &str, source: &str) -> String {
    match e.reason {
        cluster::Reason::Invalid | cluster::Reason::Client => api_message(e),
        r => format!(
            "Error from server ({}): error when {verb} \"{source}\": {}",
            r.as_str(),
            e.message
        ),
    }
}

/// Prints errors collected while working through several objects, as
/// kubectl's CheckErr does: one error keeps its `error: ` prefix, several
/// are printed one per line without it.
pub fn print_errors(k: &mut K<'_, '_, '_>, errs: &[String]) -> i32 {
    let (text, status) = errors_text(errs);
    k.err(&text);
    status
}

/// What [`print_errors`] writes, and the status.
pub fn errors_text(errs: &[String]) -> (String, i32) {
    match errs {
        [] => (String::new(), 0),
        [one] => {
            let line = if one.starts_with("Error from server")
                || one.starts_with("The ")
                || one.starts_with("error: ")
            {
                one.clone()
            } else {
                format!("error: {one}")
            };
            (format!("{line}\n"), 1)
        }
        many => {
            let mut text = String::new();
            for e in many {
                let line = e.strip_prefix("error: ").unwrap_or(e);
                text.push_str(line);
                text.push('\n');
            }
            (text, 1)
        }
    }
}

pub fn global_specs() -> Vec<Spec> {
    flags::specs_from_help(help::GLOBAL_OPTIONS)
}

/// The index of the first argument that is neither a flag nor a flag's
/// value (how cobra finds a subcommand's name).
fn first_positional(args: &[String], specs: &[Spec]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            return None;
        }
        if let Some(body) = a.strip_prefix("--") {
            let name = body.split('=').next().unwrap_or("");
            let takes_value = specs
                .iter()
                .any(|s| s.long == name && s.kind != flags::Kind::Bool && s.no_opt.is_none());
            if takes_value && !body.contains('=') {
                i += 1;
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let c = a.chars().last().unwrap_or('-');
            let takes_value = specs
                .iter()
                .any(|s| s.short == Some(c) && s.kind != flags::Kind::Bool);
            if takes_value && !a.contains('=') && a.chars().count() == 2 {
                i += 1;
            }
        } else {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Runs `kubectl ARGS`.
pub fn run(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    ctx.print_failed = false;
    let status = run_command(ctx, args);
    if ctx.print_failed {
        status.max(1)
    } else {
        status
    }
}

fn run_command(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let global = global_specs();
    // Find the subcommand: the first word that is not a flag or a flag's value.
    let mut i = 0;
    let mut cmd_at = None;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let name = body.split('=').next().unwrap_or("");
            let takes_value = global
                .iter()
                .any(|s| s.long == name && s.kind != flags::Kind::Bool);
            if takes_value && !body.contains('=') {
                i += 1;
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let c = a.chars().nth(1).unwrap_or('-');
            let takes_value = global
                .iter()
                .any(|s| s.short == Some(c) && s.kind != flags::Kind::Bool);
            if takes_value && a.chars().count() == 2 {
                i += 1;
            }
        } else {
            cmd_at = Some(i);
            break;
        }
        i += 1;
    }
    let Some(at) = cmd_at else {
        // `kubectl`, `kubectl --help`, or only global flags.
        let rest: Vec<String> = args.to_vec();
        return match flags::parse(&rest, &global) {
            Err(e) => {
                ctx.io.err(&format!(
                    "error: {}\nSee 'kubectl --help' for usage.\n",
                    e.0
                ));
                1
            }
            Ok(_) => {
                ctx.io.out(&help::root_help());
                0
            }
        };
    };
    let name = args[at].as_str();
    let mut rest: Vec<String> = args[..at].to_vec();
    rest.extend(args[at + 1..].iter().cloned());
    if name == "help" {
        let topic: Vec<&String> = rest.iter().filter(|a| !a.starts_with('-')).collect();
        match topic.first() {
            None => ctx.io.out(&help::root_help()),
            Some(t) => match help::find(t) {
                Some(c) => ctx.io.out(c.help),
                None if help::KUBECTL_COMMANDS.contains(&t.as_str()) => {
                    return not_simulated(ctx, t);
                }
                None => ctx.io.out(&help::unknown_topic(t)),
            },
        }
        return 0;
    }
    if name == "__complete" {
        return completion::hidden_complete(ctx, &rest);
    }
    if name == "options" {
        ctx.io.out(help::GLOBAL_OPTIONS);
        return 0;
    }
    let Some(command) = help::find(name) else {
        if help::KUBECTL_COMMANDS.contains(&name) {
            return not_simulated(ctx, name);
        }
        ctx.io.err(&format!(
            "error: unknown command \"{name}\" for \"kubectl\"{}\n",
            suggestions(name)
        ));
        return 1;
    };
    // Descend into subcommands (`create service nodeport`) as cobra does.
    let mut path: &'static str = command.name;
    let mut help_text: &'static str = command.help;
    // `kubectl config` only holds subcommands.
    let mut group = matches!(path, "config" | "set" | "rollout" | "top" | "auth");
    let mut specs = flags::specs_from_help(help_text);
    specs.extend(global.iter().cloned());
    while let Some(pos) = first_positional(&rest, &specs) {
        let word = rest[pos].clone();
        if let Some(sub) = help::find_sub(path, &word) {
            rest.remove(pos);
            path = sub.path;
            help_text = sub.help;
            group = sub.group;
            specs = flags::specs_from_help(help_text);
            specs.extend(global.iter().cloned());
            continue;
        }
        if help::UNSIMULATED_SUBCOMMANDS.contains(&(path, word.as_str())) {
            return not_simulated(ctx, &format!("{path} {word}"));
        }
        if group {
            ctx.io.err(&format!("error: unknown command \"{word}\"\nSee 'kubectl {path} -h' for help and examples\n"));
            return 1;
        }
        break;
    }
    let parsed = match flags::parse(&rest, &specs) {
        Ok(p) => p,
        Err(e) if path == "diff" => {
            // diff's flag errors are usage errors, and its codes above 1
            // are kubectl's own (1 means "differences found").
            ctx.io.err(&format!(
                "error: {}\nSee 'kubectl diff -h' for help and examples\n",
                e.0
            ));
            return 2;
        }
        Err(e) => {
            ctx.io.err(&format!(
                "error: {}\nSee 'kubectl {path} --help' for usage.\n",
                e.0
            ));
            return 1;
        }
    };
    if parsed.help {
        ctx.io.out(help_text);
        return 0;
    }
    if group {
        ctx.io.err(help_text);
        return 1;
    }
    let mut k = K {
        ctx,
        cmd: path,
        flags: parsed,
    };
    config::with_kubeconfig(&mut k, |k| {
        if let Some(code) = config::unreachable(k) {
            return code;
        }
        dispatch(k, command.name, name)
    })
}

/// Runs the command found, with its flags parsed.
fn dispatch(k: &mut K<'_, '_, '_>, command: &'static str, name: &str) -> i32 {
    let path = k.cmd;
    if path.starts_with("create ") {
        return create::run(k);
    }
    if path.starts_with("config") {
        return config::run(k);
    }
    if path.starts_with("top ") {
        return nodes::run(k);
    }
    if path == "auth can-i" {
        return auth::can_i(k);
    }
    if path == "auth whoami" {
        return auth::whoami(k);
    }
    if path == "set env" {
        return set::env(k);
    }
    if path == "set resources" {
        return set::resources(k);
    }
    if path == "set serviceaccount" {
        return set::serviceaccount(k);
    }
    if path == "set selector" {
        return set::selector(k);
    }
    if path == "set subject" {
        return set::subject(k);
    }
    if path.starts_with("rollout ") || path == "set image" {
        return rollout::run(k);
    }
    match command {
        "get" => get::run(k),
        "explain" => explain::run(k),
        "describe" => crate::describe::run(k),
        "apply" => apply::run(k, true),
        "create" | "replace" => apply::run(k, false),
        "delete" => delete::run(k),
        "diff" => diff::run(k),
        "edit" => edit::run(k),
        "expose" => expose::run(k),
        "exec" => exec::exec(k),
        "cp" => cp::run(k),
        "attach" => attach::run(k),
        "debug" => debug::run(k),
        "logs" => exec::logs(k),
        "run" => run::run(k),
        "scale" => scale::run(k),
        "autoscale" => autoscale::run(k),
        "wait" => wait::run(k),
        "events" => events::run(k),
        "cordon" | "uncordon" | "drain" | "taint" | "top node" | "top pod" => nodes::run(k),
        "patch" => patch::run(k),
        "port-forward" => port_forward::run(k),
        "label" => label::run(k, "labels"),
        "annotate" => label::run(k, "annotations"),
        "version" => info::version(k),
        "completion" => completion::run(k),
        "cluster-info" if path == "cluster-info dump" => info::dump(k),
        "cluster-info" => info::cluster_info(k),
        "api-resources" => info::api_resources(k),
        "api-versions" => info::api_versions(k),
        _ => not_simulated(k.ctx, name),
    }
}

/// The resource builder's error when a command names no resources and no
/// file.
const NO_RESOURCES: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

fn not_simulated(ctx: &mut Ctx<'_, '_>, name: &str) -> i32 {
    ctx.io.err(&format!(
        "error: \"kubectl {name}\" is not simulated in this playground; \"kubectl help\" lists the commands it has\n"
    ));
    1
}

/// cobra's "Did you mean this?" block (Levenshtein distance up to 2, or a
/// prefix), in kubectl's command order.
fn suggestions(typed: &str) -> String {
    let lower = typed.to_lowercase();
    let found: Vec<&str> = help::KUBECTL_COMMANDS
        .iter()
        .copied()
        .filter(|c| crate::util::levenshtein(typed, c) <= 2 || c.starts_with(&lower))
        .collect();
    if found.is_empty() {
        return String::new();
    }
    let mut s = String::from("\n\nDid you mean this?\n");
    for f in found {
        s.push('\t');
        s.push_str(f);
        s.push('\n');
    }
    s.pop();
    s
}

/// A resource type from a user's word, or kubectl's error.
pub fn resolve_type(word: &str) -> Result<&'static ResourceType, String> {
    resources::resolve(word)
        .ok_or_else(|| format!("the server doesn't have a resource type \"{word}\""))
}

/// What `all` means: kubectl's "all" category, in its order.
pub const ALL_CATEGORY: &[&str] = &[
    "pods",
    "replicationcontrollers",
    "services",
    "daemonsets",
    "deployments",
    "replicasets",
    "statefulsets",
    "horizontalpodautoscalers",
    "cronjobs",
    "jobs",
];

/// Types named in an argument like `deploy,rs,pods` or `all`.
pub fn resolve_types(arg: &str) -> Result<Vec<&'static ResourceType>, String> {
    let mut out = Vec::new();
    for w in arg.split(',').filter(|w| !w.is_empty()) {
        if w == "all" {
            for p in ALL_CATEGORY {
                if let Some(rt) = resources::RESOURCES.iter().find(|r| r.plural == *p) {
                    out.push(rt);
                }
            }
            continue;
        }
        out.push(resolve_type(w)?);
    }
    Ok(out)
}

/// Objects named on a command line: `TYPE NAME...`, `TYPE/NAME...`.
pub struct Targets {
    /// (type, Some(name)) for named objects, (type, None) for "all of this type".
    pub items: Vec<(&'static ResourceType, Option<String>)>,
    /// More than one type was asked for (kubectl then shows kinds).
    pub multiple_types: bool,
}

/// Parses the resource arguments of get/describe/delete.
pub fn targets(args: &[String]) -> Result<Targets, String> {
    let mut items = Vec::new();
    if args.is_empty() {
        return Ok(Targets {
            items,
            multiple_types: false,
        });
    }
    if args[0].contains('/') {
        let mut seen: Vec<&str> = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            if n.is_empty() {
                return Err(
                    "arguments in resource/name form must have a single resource and name"
                        .to_string(),
                );
            }
            let rt = resolve_type(t)?;
            if !seen.contains(&rt.plural) {
                seen.push(rt.plural);
            }
            items.push((rt, Some(n.to_string())));
        }
        return Ok(Targets {
            multiple_types: seen.len() > 1,
            items,
        });
    }
    if args[1..].iter().any(|a| a.contains('/')) {
        return Err("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
    }
    let types = resolve_types(&args[0])?;
    let multiple_types = args[0] == "all" || args[0].contains(',');
    for rt in &types {
        if args.len() == 1 {
            items.push((*rt, None));
        } else {
            for n in &args[1..] {
                items.push((*rt, Some(n.clone())));
            }
        }
    }
    Ok(Targets {
        items,
        multiple_types,
    })
}

/// Completion candidates after `kubectl`.
pub fn complete(cluster: &cluster::Cluster, done: &[&str], prefix: &str) -> Vec<String> {
    if prefix.starts_with('-') {
        let cmd = done
            .iter()
            .find(|w| !w.starts_with('-'))
            .and_then(|w| help::find(w));
        let mut specs = cmd
            .map(|c| flags::specs_from_help(c.help))
            .unwrap_or_default();
        specs.extend(global_specs());
        return specs.iter().map(|s| format!("--{}", s.long)).collect();
    }
    // Positional words only: flags and the values of flags that take one
    // (`-n kube-system`) are skipped.
    let mut specs = global_specs();
    if let Some(c) = done
        .iter()
        .find(|w| !w.starts_with('-'))
        .and_then(|w| help::find(w))
    {
        specs.extend(flags::specs_from_help(c.help));
    }
    let owned: Vec<String> = done.iter().map(|w| w.to_string()).collect();
    let mut words: Vec<&str> = Vec::new();
    let mut rest: &[String] = &owned;
    while let Some(pos) = first_positional(rest, &specs) {
        words.push(rest[pos].as_str());
        rest = &rest[pos + 1..];
    }
    match words.as_slice() {
        [] => help::COMMANDS
            .iter()
            .map(|c| c.name.to_string())
            .chain(["help".to_string()])
            .collect(),
        [cmd]
            if matches!(
                *cmd,
                "get"
                    | "describe"
                    | "delete"
                    | "explain"
                    | "expose"
                    | "scale"
                    | "edit"
                    | "autoscale"
            ) =>
        {
            let mut v: Vec<String> = resources::RESOURCES
                .iter()
                .map(|r| r.plural.to_string())
                .collect();
            v.extend(
                resources::RESOURCES
                    .iter()
                    .flat_map(|r| r.short_names.iter().map(|s| s.to_string())),
            );
            if *cmd == "get" {
                v.push("all".to_string());
            }
            // `events` is served by two groups.
            let mut seen = std::collections::BTreeSet::new();
            v.retain(|w| seen.insert(w.clone()));
            v
        }
        ["completion"] => ["bash", "fish", "powershell", "zsh"]
            .map(String::from)
            .to_vec(),
        [cmd] if help::SUBCOMMANDS.iter().any(|s| s.parent == *cmd) => {
            // A command of subcommands (`config`, `create`, `rollout`...).
            let mut v: Vec<String> = help::SUBCOMMANDS
                .iter()
                .filter(|s| s.parent == *cmd)
                .map(|s| s.names[0].to_string())
                .collect();
            cluster::sort::sort(&mut v);
            v
        }
        [cmd] if matches!(*cmd, "exec" | "logs" | "attach" | "port-forward" | "debug") => cluster
            .store()
            .list("pods", None)
            .iter()
            .map(|p| crate::util::name(p).to_string())
            .collect(),
        [_, ty] => match resources::resolve(ty) {
            Some(rt) => cluster
                .store()
                .list(rt.plural, None)
                .iter()
                .map(|o| crate::util::name(o).to_string())
                .collect(),
            None => vec![],
        },
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_like_cobra() {
        assert_eq!(suggestions("gett"), "\n\nDid you mean this?\n\tset\n\tget");
        assert_eq!(
            suggestions("api"),
            "\n\nDid you mean this?\n\tcp\n\tapi-versions\n\tapi-resources"
        );
        assert_eq!(
            suggestions("co"),
            "\n\nDid you mean this?\n\ttop\n\tcordon\n\tcp\n\tcompletion\n\tconfig"
        );
        assert_eq!(
            suggestions("de"),
            "\n\nDid you mean this?\n\tset\n\tget\n\tdelete\n\tdescribe\n\tcp\n\tdebug"
        );
        assert_eq!(suggestions("alph"), "\n\nDid you mean this?\n\tauth");
        assert_eq!(suggestions("zzzzzz"), "");
    }

    #[test]
    fn target_forms() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let t = targets(&s(&["deploy,rs,pods"])).unwrap();
        assert!(t.multiple_types);
        assert_eq!(
            t.items.iter().map(|(r, _)| r.plural).collect::<Vec<_>>(),
            ["deployments", "replicasets", "pods"]
        );
        let t = targets(&s(&["pod/a", "svc/b"])).unwrap();
        assert!(t.multiple_types);
        assert_eq!(t.items[1].1.as_deref(), Some("b"));
        assert!(!targets(&s(&["po", "a", "b"])).unwrap().multiple_types);
        assert_eq!(
            targets(&s(&["foo"])).err().unwrap(),
            "the server doesn't have a resource type \"foo\""
        );
        assert!(targets(&s(&["pod/x", "svc"]))
            .err()
            .unwrap()
            .starts_with("there is no need"));
    }
}
