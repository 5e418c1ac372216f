//! `kubectl edit (TYPE NAME | TYPE/NAME | -f FILE)`: kubectl fetches the
//! objects, then opens them in `$KUBE_EDITOR`, `$EDITOR` or `vi`. The
//! playground's host has no text editor: in the CLI, after the objects are
//! found it fails as kubectl does when the editor cannot be started
//! (`unable to launch the editor "vi"`); in a UI with a manifest pane
//! (`Shell::set_edit_in_pane`) the objects' YAML, under kubectl's header
//! comment, is handed to the UI (`Shell::take_edit_request`), which opens it
//! as a tab whose Apply sends it back.

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
    let mut objs: Vec<(&'static cluster::ResourceType, serde_json::Value)> = Vec::new();
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
            match engine::get(k.ctx.cluster, i.rt, &ns, crate::util::name(&i.obj)) {
                Ok(o) => objs.push((i.rt, o)),
                Err(e) => return k.api_fail(&e),
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
                    match engine::get(k.ctx.cluster, rt, &ns, &n) {
                        Ok(o) => objs.push((rt, o)),
                        Err(e) => return k.api_fail(&e),
                    }
                    found += 1;
                }
                None => {
                    let ns_opt = (!k.all_namespaces()).then_some(ns.as_str());
                    for o in engine::list(k.ctx.cluster, rt, ns_opt) {
                        objs.push((rt, o));
                        found += 1;
                    }
                }
            }
        }
    }
    if found == 0 {
        return k.fail("edit cancelled, no objects found");
    }
    if k.ctx.edit_in_pane {
        let doc = match objs.as_slice() {
            [(_, one)] => super::get::for_output(one),
            many => serde_json::json!({
                "apiVersion": "v1",
                "items": many.iter().map(|(_, o)| super::get::for_output(o)).collect::<Vec<_>>(),
                "kind": "List",
                "metadata": {"resourceVersion": ""},
            }),
        };
        let file = match objs.as_slice() {
            [(rt, one)] => format!("edit-{}-{}.yaml", rt.singular, crate::util::name(one)),
            _ => "edit-list.yaml".to_string(),
        };
        let text = format!(
            "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n{}",
            crate::yaml::to_yaml(&doc)
        );
        *k.ctx.edit_request = Some((file, text));
        return 0;
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
