//! Every example manifest of the Kubernetes docs collected in
//! `../shared/oracles/k8s-examples` (when that folder is present) applies
//! to a fresh cluster and settles without an error or a panic. The
//! manifests are read in place, never copied into the repository.
//!
//! Exceptions are the ones a real v1.32 cluster refuses too: the
//! `batch/v1beta1` CronJob (removed in 1.25).
#![allow(clippy::disallowed_methods)] // test code may sort with std (clippy.toml)

use kubeplay::{new_shell, transcript, DirFiles, DEFAULT_SEED};
use std::path::{Path, PathBuf};

fn examples_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/oracles/k8s-examples/content/en/examples")
}

fn manifests(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            manifests(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

/// What a real cluster answers for the manifests it refuses.
fn expected_refusal(name: &str) -> Option<&'static str> {
    match name {
        "cronjob.yaml" => Some("no matches for kind \"CronJob\" in version \"batch/v1beta1\""),
        _ => None,
    }
}

#[test]
fn every_docs_example_applies_and_settles() {
    let root = examples_root();
    let mut files = Vec::new();
    manifests(&root, &mut files);
    if files.is_empty() {
        eprintln!("no examples at {} (skipped)", root.display());
        return;
    }
    let mut failures = Vec::new();
    for path in &files {
        let dir = path.parent().expect("a file has a folder").to_path_buf();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file has a name")
            .to_string();
        let mut shell = new_shell(DEFAULT_SEED, Box::new(DirFiles { root: dir }));
        let (applied, code) = transcript(&mut shell, &format!("kubectl apply -f {name}\n"));
        match expected_refusal(&name) {
            Some(msg) => {
                if !applied.contains(msg) {
                    failures.push(format!(
                        "{name}: expected a refusal with {msg:?}:\n{applied}"
                    ));
                }
                continue;
            }
            None if code != 0 => {
                failures.push(format!("{name}: apply failed:\n{applied}"));
                continue;
            }
            None => {}
        }
        // Let the controllers work for a while, then list everything.
        let (listed, code) = transcript(
            &mut shell,
            "sleep 10m\nkubectl get all,pvc,ingress -A\nkubectl get events -A\n",
        );
        if code != 0 || listed.contains("error:") || listed.contains("Error from server") {
            failures.push(format!("{name}: after 10 minutes:\n{listed}"));
        }
        // Deleting what was applied works as well.
        let (deleted, code) = transcript(&mut shell, &format!("kubectl delete -f {name}\n"));
        if code != 0 {
            failures.push(format!("{name}: delete failed:\n{deleted}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
