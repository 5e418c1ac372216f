//! `kubectl config`: the playground's kubeconfig, the profile's (see
//! `cluster::Profile::kubeconfig`): one cluster, user and context (Docker
//! Desktop's are all `docker-desktop`); `set-context --current
//! --namespace` changes the namespace commands default to.

use super::K;
use crate::util::tabwrite;
use serde_json::json;

fn view(k: &mut K<'_, '_, '_>) -> i32 {
    let out = super::get::requested_output(k);
    let kc = k.ctx.cluster.profile().kubeconfig();
    let mut context = json!({"cluster": kc.cluster, "user": kc.user});
    if !k.ctx.namespace.is_empty() {
        context["namespace"] = json!(k.ctx.namespace.clone());
    }
    let data = if k.flags.bool("raw") {
        "REDACTED"
    } else {
        "DATA+OMITTED"
    };
    let doc = json!({
        "apiVersion": "v1",
        "clusters": [{"cluster": {"certificate-authority-data": data, "server": kc.server}, "name": kc.cluster}],
        "contexts": [{"context": context, "name": kc.context}],
        "current-context": kc.context,
        "kind": "Config",
        "preferences": {},
        "users": [{"name": kc.user, "user": {"client-certificate-data": data, "client-key-data": data}}],
    });
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

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let kc = k.ctx.cluster.profile().kubeconfig();
    let context = kc.context;
    match k.cmd {
        "config current-context" => {
            k.out(&format!("{context}\n"));
            0
        }
        "config view" => view(k),
        "config get-contexts" => {
            if let Some(n) = args.first().filter(|n| n.as_str() != context) {
                let n = n.clone();
                return k.fail(&format!("context {n} not found"));
            }
            if k.flags.str("output") == "name" {
                k.out(&format!("{context}\n"));
                return 0;
            }
            let mut rows = Vec::new();
            if !k.flags.bool("no-headers") {
                rows.push(
                    ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
                        .map(String::from)
                        .to_vec(),
                );
            }
            rows.push(vec![
                "*".into(),
                kc.context.into(),
                kc.cluster.into(),
                kc.user.into(),
                k.ctx.namespace.clone(),
            ]);
            let text = tabwrite(&rows);
            k.out(&text);
            0
        }
        "config use-context" => match args.first() {
            None => k.fail(
                "Unexpected args: []\nSee 'kubectl config use-context -h' for help and examples",
            ),
            Some(n) if n == context => {
                k.out(&format!("Switched to context \"{context}\".\n"));
                0
            }
            Some(n) => {
                let n = n.clone();
                k.fail(&format!("no context exists with the name: \"{n}\""))
            }
        },
        "config set-context" => {
            let current = k.flags.bool("current");
            let name = if current {
                if !args.is_empty() {
                    return k.fail("you cannot specify a context name and --current");
                }
                context.to_string()
            } else {
                match args.first() {
                    Some(n) => n.clone(),
                    None => {
                        return k.fail("you must specify a non-empty context name or --current")
                    }
                }
            };
            if name != context {
                return k.fail(&format!(
                    "only the \"{context}\" context exists in this playground; use kubectl config set-context --current --namespace=NAME"
                ));
            }
            if k.flags.has("namespace") {
                *k.ctx.namespace = k.flags.str("namespace");
            }
            k.out(&format!("Context \"{context}\" modified.\n"));
            0
        }
        other => {
            let o = other.to_string();
            k.fail(&format!(
                "\"kubectl {o}\" is not simulated in this playground"
            ))
        }
    }
}
