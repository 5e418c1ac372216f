//! `kubectl edit (TYPE NAME | TYPE/NAME | -f FILE)`: kubectl fetches the
//! objects, then opens them in `$KUBE_EDITOR`, `$EDITOR` or `vi`. The
//! playground's host has no text editor, so after the objects are found it
//! fails as kubectl does when the editor cannot be started (`unable to
//! launch the editor "vi"`). Manifests are edited in the browser's
//! manifest pane and sent with `kubectl apply -f`.

use super::{targets, K};
use crate::engine;

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let files = k.flags.list("filename");
    if args.is_empty() && files.is_empty() {
        return k.fail("you must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    let ns = k.namespace();
    let mut found = 0;
    if !files.is_empty() {
        let mut errs = Vec::new();
        let infos = super::apply::read_sources(k, &files, &mut errs);
        if !errs.is_empty() {
            return super::print_errors(k, &errs);
        }
        for i in infos {
            let ns = match crate::util::namespace(&i.obj) {
                "" => ns.clone(),
                n => n.to_string(),
            };
            if let Err(e) = engine::get(k.ctx.cluster, i.rt, &ns, crate::util::name(&i.obj)) {
                return k.api_fail(&e);
            }
            found += 1;
        }
    } else {
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, n) in t.items {
            match n {
                Some(n) => {
                    if let Err(e) = engine::get(k.ctx.cluster, rt, &ns, &n) {
                        return k.api_fail(&e);
                    }
                    found += 1;
                }
                None => {
                    let ns_opt = (!k.all_namespaces()).then_some(ns.as_str());
                    found += engine::list(k.ctx.cluster, rt, ns_opt).len();
                }
            }
        }
    }
    if found == 0 {
        return k.fail("edit cancelled, no objects found");
    }
    let editor = ["KUBE_EDITOR", "EDITOR"]
        .iter()
        .filter_map(|v| k.ctx.vars.get(*v))
        .find(|e| !e.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| "vi".to_string());
    // An editor value with spaces is run through the shell, which exists;
    // the editor inside it does not, so the shell fails instead.
    if editor.trim().contains(' ') {
        return k.fail(&format!(
            "there was a problem with the editor \"/bin/bash -c {}\"",
            editor.trim()
        ));
    }
    k.fail(&format!(
        "unable to launch the editor \"{}\"",
        editor.trim()
    ))
}
