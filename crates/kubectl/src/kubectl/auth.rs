//! `kubectl auth can-i VERB (TYPE[/NAME] | NONRESOURCEURL)`: the answer of
//! a SelfSubjectAccessReview. The kubeconfig's user is the cluster's admin
//! (group system:masters, bound to cluster-admin), so every question gets
//! `yes`, as on a fresh kind or Docker Desktop cluster; impersonating
//! anyone else (`--as`) gets `no`, since the playground has no RBAC
//! objects that could grant them anything. `--list` prints the admin's
//! rules (cluster-admin, system:basic-user, system:discovery and
//! system:public-info-viewer).

use super::K;
use cluster::resources;

/// The verbs the API server knows (others get kubectl's warning).
const VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "impersonate",
    "*",
    "approve",
    "sign",
    "escalate",
    "attest",
];

fn admin(k: &K<'_, '_, '_>) -> bool {
    k.flags.str("as").is_empty() && k.flags.list("as-group").is_empty()
}

pub fn can_i(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let quiet = k.flags.bool("quiet");
    if k.flags.bool("list") {
        if !args.is_empty() {
            return k.fail("list option must be specified with no arguments");
        }
        return list(k);
    }
    if args.len() != 2 {
        k.err("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n");
        return 1;
    }
    let verb = args[0].as_str();
    let what = args[1].as_str();
    let mut warnings = String::new();
    if what.starts_with('/') {
        // A non-resource URL: only get, post, put, patch, delete, head,
        // options make sense there.
        if !matches!(
            verb,
            "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "*"
        ) {
            warnings.push_str(&format!("Warning: verb '{verb}' is not a known verb\n"));
        }
    } else {
        if !VERBS.contains(&verb) {
            warnings.push_str(&format!("Warning: verb '{verb}' is not a known verb\n"));
        }
        let ty = what.split('/').next().unwrap_or(what);
        let ty = ty.split('.').next().unwrap_or(ty);
        if ty != "*" && resources::resolve(ty).is_none() {
            warnings.push_str(&format!(
                "Warning: the server doesn't have a resource type '{ty}'\n"
            ));
        }
    }
    if !quiet {
        k.err(&warnings);
    }
    let allowed = admin(k);
    if !quiet {
        k.out(if allowed { "yes\n" } else { "no\n" });
    }
    if allowed {
        0
    } else {
        1
    }
}

fn list(k: &mut K<'_, '_, '_>) -> i32 {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let row = |r: &str, u: &str, v: &str| {
        [
            r.to_string(),
            u.to_string(),
            "[]".to_string(),
            v.to_string(),
        ]
    };
    if admin(k) {
        rows.push(row("*.*", "[]", "[*]"));
        rows.push(row("", "[*]", "[*]"));
    }
    for r in [
        "selfsubjectreviews.authentication.k8s.io",
        "selfsubjectaccessreviews.authorization.k8s.io",
        "selfsubjectrulesreviews.authorization.k8s.io",
    ] {
        rows.push(row(r, "[]", "[create]"));
    }
    for u in [
        "/api/*",
        "/api",
        "/apis/*",
        "/apis",
        "/healthz",
        "/healthz",
        "/livez",
        "/livez",
        "/openapi/*",
        "/openapi",
        "/readyz",
        "/readyz",
        "/version/",
        "/version/",
        "/version",
        "/version",
    ] {
        rows.push(row("", &format!("[{u}]"), "[get]"));
    }
    let mut table: Vec<Vec<String>> = Vec::new();
    if !k.flags.bool("no-headers") {
        table.push(
            ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
    }
    for r in rows {
        table.push(r.to_vec());
    }
    let text = crate::util::tabwrite(&table);
    k.out(&text);
    0
}
