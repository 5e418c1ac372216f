//! `kubectl cp`: files between the playground's host files and a
//! container, as kubectl v1.32 does it — `[[namespace/]pod:]file/path`
//! specs, `test -d` on the destination, `tar -xmf - -C DIR` in the
//! container to copy in, `tar cf - PATH` to copy out (tar's messages on
//! kubectl's stdout), symlinks skipped with kubectl's warning, and the
//! container's exit status as `command terminated with exit code N`.

use super::K;
use crate::engine;
use cluster::images::tar::TarEntry;

/// One side of the copy: a pod's file, or a local one.
struct Spec {
    namespace: String,
    pod: String,
    file: String,
}

/// Go's `path.Clean`.
fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            s => out.push(s),
        }
    }
    let body = out.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// Go's `path.Dir`.
fn dir(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => clean(&p[..=i]),
        None => ".".to_string(),
    }
}

/// Go's `path.Base`.
fn base(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() { "." } else { "/" }.to_string();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `path.Join` of two elements.
fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => clean(b),
        (false, true) => clean(a),
        (false, false) => clean(&format!("{a}/{b}")),
    }
}

fn strip_trailing_slash(f: &str) -> String {
    if f.len() > 1 && f.ends_with('/') {
        f[..f.len() - 1].to_string()
    } else {
        f.to_string()
    }
}

/// kubectl's stripPathShortcuts: leading `../` and a bare `.`/`..` go.
fn strip_shortcuts(p: &str) -> String {
    let mut s = p;
    while let Some(rest) = s.strip_prefix("../") {
        s = rest;
    }
    if s == "." || s == ".." {
        s = "";
    }
    s.strip_prefix('/').unwrap_or(s).to_string()
}

/// Go's `%q` of a plain string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const FORMAT: &str = "filespec must match the canonical format: [[namespace/]pod:]file/path";

fn file_spec(arg: &str) -> Result<Spec, String> {
    let Some(i) = arg.find(':') else {
        return Ok(Spec {
            namespace: String::new(),
            pod: String::new(),
            file: strip_trailing_slash(arg),
        });
    };
    if i == 0 {
        return Err(FORMAT.to_string());
    }
    let (pod, file) = (&arg[..i], &arg[i + 1..]);
    let pieces: Vec<&str> = pod.split('/').collect();
    let (namespace, pod) = match pieces.as_slice() {
        [p] => (String::new(), p.to_string()),
        [n, p] => (n.to_string(), p.to_string()),
        _ => return Err(FORMAT.to_string()),
    };
    Ok(Spec {
        namespace,
        pod,
        file: strip_trailing_slash(file),
    })
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    if args.len() != 2 {
        return k.fail("source and destination are required");
    }
    let (src, dest) = match (file_spec(&args[0]), file_spec(&args[1])) {
        (Ok(s), Ok(d)) => (s, d),
        (Err(e), _) | (_, Err(e)) => return k.fail(&e),
    };
    if !src.pod.is_empty() && !dest.pod.is_empty() {
        return k.fail("one of src or dest must be a local file specification");
    }
    if src.file.is_empty() || dest.file.is_empty() {
        return k.fail("filepath can not be empty");
    }
    if !src.pod.is_empty() {
        return from_pod(k, &src, &dest);
    }
    if !dest.pod.is_empty() {
        return to_pod(k, &src, &dest);
    }
    k.fail("one of src or dest must be a remote file specification")
}

fn container(k: &K<'_, '_, '_>) -> Option<String> {
    let c = k.flags.str("container");
    (!c.is_empty()).then_some(c)
}

fn namespace_of(k: &K<'_, '_, '_>, spec: &Spec) -> String {
    if spec.namespace.is_empty() {
        k.namespace()
    } else {
        spec.namespace.clone()
    }
}

/// A finished container command: its messages, and its status as kubectl
/// reports it.
fn finish(k: &mut K<'_, '_, '_>, r: &cluster::ExecResult) -> i32 {
    if r.exit_code != 0 {
        k.err(&format!(
            "command terminated with exit code {}\n",
            r.exit_code
        ));
    }
    r.exit_code
}

/// `kubectl cp LOCAL POD:PATH`.
fn to_pod(k: &mut K<'_, '_, '_>, src: &Spec, dest: &Spec) -> i32 {
    let local = src.file.strip_prefix("./").unwrap_or(&src.file).to_string();
    // A file, or a folder: the files under it.
    let mut files: Vec<(String, String)> = Vec::new();
    if let Ok(text) = k.ctx.files.read(&src.file) {
        files.push((String::new(), text));
    } else {
        let prefix = if local == "." {
            String::new()
        } else {
            format!("{}/", local.trim_end_matches('/'))
        };
        for name in k.ctx.files.list() {
            if let Some(rest) = name.strip_prefix(&prefix) {
                if let Ok(text) = k.ctx.files.read(&name) {
                    files.push((rest.to_string(), text));
                }
            }
        }
        if files.is_empty() {
            return k.fail(&format!("{} doesn't exist in local filesystem", src.file));
        }
    }
    let ns = namespace_of(k, dest);
    let c = container(k);
    let mut dest_file = dest.file.clone();
    let probe = vec!["test".to_string(), "-d".to_string(), dest.file.clone()];
    if let Ok(r) = engine::exec(k.ctx.cluster, &ns, &dest.pod, c.as_deref(), &probe, false) {
        if r.exit_code == 0 {
            dest_file = join(&dest_file, &base(&clean(&local)));
        }
    }
    let dest_clean = clean(&dest_file);
    let dest_base = base(&dest_clean);
    let entries: Vec<TarEntry> = files
        .into_iter()
        .map(|(rel, text)| {
            let name = if rel.is_empty() {
                dest_base.clone()
            } else {
                format!("{dest_base}/{rel}")
            };
            TarEntry::File(name, text)
        })
        .collect();
    let target_dir = dir(&dest_file);
    match engine::tar_extract(
        k.ctx.cluster,
        &ns,
        &dest.pod,
        c.as_deref(),
        &target_dir,
        &entries,
    ) {
        Ok(r) => {
            k.out(&r.stdout);
            k.err(&r.stderr);
            finish(k, &r)
        }
        Err(line) => {
            k.err(&format!("{line}\n"));
            1
        }
    }
}

/// `kubectl cp POD:PATH LOCAL`.
fn from_pod(k: &mut K<'_, '_, '_>, src: &Spec, dest: &Spec) -> i32 {
    let ns = namespace_of(k, src);
    let c = container(k);
    let (r, entries) =
        match engine::tar_create(k.ctx.cluster, &ns, &src.pod, c.as_deref(), &src.file) {
            Ok(x) => x,
            Err(line) => {
                k.err(&format!("{line}\n"));
                return 1;
            }
        };
    // The container's stderr is written to kubectl's stdout.
    k.out(&r.stdout);
    k.out(&r.stderr);
    if r.exit_code != 0 {
        return finish(k, &r);
    }
    let prefix = strip_shortcuts(&clean(src.file.trim_start_matches('/')));
    let mut warned = false;
    for entry in &entries {
        let Some(rest) = entry.name().strip_prefix(&prefix) else {
            return k.fail("tar contents corrupted");
        };
        let target = join(&dest.file, rest.trim_start_matches('/'));
        let target = if target.is_empty() {
            dest.file.clone()
        } else {
            target
        };
        match entry {
            TarEntry::Dir(_) => {}
            TarEntry::Link(_, to) => {
                if !warned {
                    k.err(&format!(
                        "warning: skipping symlink: {} -> {} (consider using \"kubectl exec -n {} {} -- tar cf - {} | tar xf -\")\n",
                        quote(&target),
                        quote(to),
                        quote(&ns),
                        quote(&src.pod),
                        quote(&src.file)
                    ));
                    warned = true;
                } else {
                    k.err(&format!(
                        "warning: skipping symlink: {} -> {}\n",
                        quote(&target),
                        quote(to)
                    ));
                }
            }
            TarEntry::File(_, text) => {
                if let Err(e) = k.ctx.files.write(&target, text) {
                    return k.fail(&e);
                }
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_paths() {
        assert_eq!(clean("/tmp//a/../b/"), "/tmp/b");
        assert_eq!(clean("./x"), "x");
        assert_eq!(clean(""), ".");
        assert_eq!(dir("bar"), ".");
        assert_eq!(dir("/tmp/bar"), "/tmp");
        assert_eq!(dir("/bar"), "/");
        assert_eq!(base("/tmp/bar/"), "bar");
        assert_eq!(join("/tmp", "a"), "/tmp/a");
        assert_eq!(join("out", ""), "out");
        assert_eq!(strip_shortcuts("../../etc"), "etc");
        assert!(file_spec(":x").is_err());
        assert!(file_spec("a/b/c:x").is_err());
        let s = file_spec("ns/p:/tmp/x/").unwrap();
        assert_eq!(
            (s.namespace.as_str(), s.pod.as_str(), s.file.as_str()),
            ("ns", "p", "/tmp/x")
        );
    }
}
