//! `kubectl auth can-i VERB (TYPE[/NAME] | NONRESOURCEURL)`: the answer of
//! a SelfSubjectAccessReview. The kubeconfig's user is the cluster's admin
//! (group system:masters, bound to cluster-admin), so every question gets
//! `yes`, as on a fresh kind or Docker Desktop cluster; impersonating
//! anyone else (`--as`) gets `no`, since the playground has no RBAC
//! objects that could grant them anything. `--list` prints the admin's
//! rules (cluster-admin, system:basic-user, system:discovery and
//! system:public-info-viewer).
//!
//! `kubectl auth whoami`: the SelfSubjectReview the API server answers.
//! The playground's admin certificate is kubeadm's (`kubernetes-admin` in
//! `kubeadm:cluster-admins`, as kind and kubeadm v1.29+ issue it;
//! minikube's `minikube-user` in `system:masters`), with v1.32's
//! `X509SHA256=` credential id: the SHA-256 of the certificate in the
//! kubeconfig. A service account token from `kubectl create token` is that
//! account (its uid, its groups, `JTI=` credential id); `--as` and
//! `--as-group` are who is impersonated.

use super::K;
use cluster::resources;
use serde_json::{json, Map, Value};

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

/// A SelfSubjectReview's `status.userInfo`.
struct UserInfo {
    username: String,
    uid: String,
    groups: Vec<String>,
    /// Extra attributes by key (sorted).
    extra: Vec<(String, Vec<String>)>,
}

const CREDENTIAL_ID: &str = "authentication.kubernetes.io/credential-id";
const UNAUTHORIZED: &str = "You must be logged in to the server (Unauthorized)";

/// The groups the API server gives a service account.
fn sa_groups(ns: &str) -> Vec<String> {
    vec![
        "system:serviceaccounts".to_string(),
        format!("system:serviceaccounts:{ns}"),
    ]
}

/// Who the API server takes the caller for, or kubectl's error.
fn user_info(k: &mut K<'_, '_, '_>) -> Result<UserInfo, String> {
    let me = authenticated(k)?;
    let as_user = k.flags.str("as");
    if as_user.is_empty() {
        return Ok(me);
    }
    // Impersonation: the user and groups asked for; a service account's
    // groups when none are given; everyone is authenticated.
    let mut groups = k.flags.list("as-group");
    if groups.is_empty() {
        if let Some((ns, _)) = as_user
            .strip_prefix("system:serviceaccount:")
            .and_then(|r| r.split_once(':'))
        {
            groups = sa_groups(ns);
        }
    }
    if as_user != "system:anonymous" && !groups.iter().any(|g| g == "system:authenticated") {
        groups.push("system:authenticated".to_string());
    }
    Ok(UserInfo {
        username: as_user,
        uid: k.flags.str("as-uid"),
        groups,
        extra: vec![],
    })
}

/// The identity the kubeconfig's credentials authenticate as.
fn authenticated(k: &mut K<'_, '_, '_>) -> Result<UserInfo, String> {
    let user = super::config::user_entry(k).unwrap_or(Value::Null);
    let field = |f: &str| {
        user.get(f)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let token = match k.flags.str("token") {
        t if !t.is_empty() => t,
        _ => field("token"),
    };
    if !token.is_empty() {
        return service_account(k, &token).ok_or_else(|| UNAUTHORIZED.to_string());
    }
    let cert = field("client-certificate-data");
    if cert.is_empty() {
        return Err(UNAUTHORIZED.to_string());
    }
    let der = super::config::nav::b64_decode(&cert)
        .ok()
        .map(|pem| {
            let text = String::from_utf8_lossy(&pem).into_owned();
            let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
            super::config::nav::b64_decode(&body).unwrap_or_else(|_| pem.clone())
        })
        .ok_or_else(|| UNAUTHORIZED.to_string())?;
    let hex: String = sha256(&der).iter().map(|b| format!("{b:02x}")).collect();
    let (name, group) = match k.ctx.cluster.profile() {
        cluster::Profile::Minikube => ("minikube-user", "system:masters"),
        _ => ("kubernetes-admin", "kubeadm:cluster-admins"),
    };
    Ok(UserInfo {
        username: name.to_string(),
        uid: String::new(),
        groups: vec![group.to_string(), "system:authenticated".to_string()],
        extra: vec![(CREDENTIAL_ID.to_string(), vec![format!("X509SHA256={hex}")])],
    })
}

/// A token `kubectl create token` made, while it is valid and its
/// service account exists with the uid it names.
fn service_account(k: &K<'_, '_, '_>, token: &str) -> Option<UserInfo> {
    let payload = token.split('.').nth(1)?;
    let std_b64: String = payload
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let padded = format!("{std_b64}{}", "=".repeat((4 - std_b64.len() % 4) % 4));
    let bytes = super::config::nav::b64_decode(&padded).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let now = k.ctx.cluster.now().secs();
    let exp = claims.get("exp").and_then(Value::as_i64)?;
    let nbf = claims.get("nbf").and_then(Value::as_i64).unwrap_or(0);
    if now >= exp || now < nbf {
        return None;
    }
    let ns = claims.pointer("/kubernetes.io/namespace")?.as_str()?;
    let name = claims
        .pointer("/kubernetes.io/serviceaccount/name")?
        .as_str()?;
    let uid = claims
        .pointer("/kubernetes.io/serviceaccount/uid")?
        .as_str()?;
    let sa = k.ctx.cluster.store().get("serviceaccounts", ns, name)?;
    if crate::util::s(sa, "/metadata/uid") != uid {
        return None;
    }
    let mut groups = sa_groups(ns);
    groups.push("system:authenticated".to_string());
    let mut extra = vec![];
    if let Some(jti) = claims.get("jti").and_then(Value::as_str) {
        extra.push((CREDENTIAL_ID.to_string(), vec![format!("JTI={jti}")]));
    }
    Some(UserInfo {
        username: format!("system:serviceaccount:{ns}:{name}"),
        uid: uid.to_string(),
        groups,
        extra,
    })
}

/// `kubectl auth whoami [-o FORMAT]`.
pub fn whoami(k: &mut K<'_, '_, '_>) -> i32 {
    use super::get::{output_format, print_generic, requested_output, Format};
    let fmt = match output_format(&requested_output(k)) {
        Ok(Format::Wide) | Ok(Format::CustomColumns(_)) => {
            let o = k.flags.str("output");
            return k.fail(&format!("unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"));
        }
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let ui = match user_info(k) {
        Ok(ui) => ui,
        Err(e) => return k.fail(&e),
    };
    if fmt == Format::Table {
        let mut rows = vec![vec!["ATTRIBUTE".to_string(), "VALUE".to_string()]];
        if !ui.username.is_empty() {
            rows.push(vec!["Username".into(), ui.username.clone()]);
        }
        if !ui.uid.is_empty() {
            rows.push(vec!["UID".into(), ui.uid.clone()]);
        }
        if !ui.groups.is_empty() {
            rows.push(vec!["Groups".into(), format!("[{}]", ui.groups.join(" "))]);
        }
        for (key, v) in &ui.extra {
            rows.push(vec![format!("Extra: {key}"), format!("[{}]", v.join(" "))]);
        }
        k.out(&crate::util::tabwrite(&rows));
        return 0;
    }
    let mut info = Map::new();
    if !ui.extra.is_empty() {
        let mut extra = Map::new();
        for (key, v) in &ui.extra {
            extra.insert(key.clone(), json!(v));
        }
        info.insert("extra".into(), Value::Object(extra));
    }
    if !ui.groups.is_empty() {
        info.insert("groups".into(), json!(ui.groups));
    }
    if !ui.uid.is_empty() {
        info.insert("uid".into(), json!(ui.uid));
    }
    if !ui.username.is_empty() {
        info.insert("username".into(), json!(ui.username));
    }
    let review = json!({
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {"creationTimestamp": k.ctx.cluster.now().rfc3339()},
        "status": {"userInfo": Value::Object(info)},
    });
    if fmt == Format::Name {
        // The review has no name: kubectl's name printer says so.
        k.out("selfsubjectreview.authentication.k8s.io/<unknown>\n");
        return 0;
    }
    let Some(rt) = resources::resolve("selfsubjectreviews") else {
        return k.fail("the server doesn't have a resource type \"selfsubjectreviews\"");
    };
    i32::from(!print_generic(k, &fmt, &[(rt, review)], true))
}

/// SHA-256 (FIPS 180-4) of `data`.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_matches_the_standard_vectors() {
        let hex = |d: &[u8]| -> String {
            super::sha256(d)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        assert_eq!(
            hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }
}
