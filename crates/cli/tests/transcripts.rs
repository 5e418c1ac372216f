//! Transcript (golden) tests: every `tests/transcripts/*.sh` at the
//! repository root is run through the same code as `kubeplay run`, and its
//! transcript must equal the `.out` file beside it, byte for byte.
//!
//! A script may start with `# seed: N` (default 1), optionally followed by
//! `# profile: NAME` (default docker-desktop). Files the script names
//! (`kubectl apply -f nginx.yaml`) are looked up beside it.
//!
//! To write the `.out` files after an intended change, run with
//! `KUBEPLAY_BLESS=1` and review the diff before committing.
#![allow(clippy::disallowed_methods)] // test code may sort with std (clippy.toml)

use kubeplay::{new_shell_with, script_header, transcript, DirFiles, DEFAULT_SEED};
use std::path::{Path, PathBuf};

fn transcripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/transcripts")
}

fn run(path: &Path) -> String {
    let script = std::fs::read_to_string(path).expect("script is readable");
    let root = path.parent().expect("script has a folder").to_path_buf();
    let (seed, profile) = script_header(&script).expect("the script's header is valid");
    let mut shell = new_shell_with(
        profile.unwrap_or_default(),
        seed.unwrap_or(DEFAULT_SEED),
        Box::new(DirFiles { root }),
    );
    transcript(&mut shell, &script).0
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            return format!(
                "line {}:\n  want: {:?}\n  got:  {:?}",
                i + 1,
                a.unwrap_or(&"<end>"),
                b.unwrap_or(&"<end>")
            );
        }
    }
    "texts differ only in trailing newlines".to_string()
}

#[test]
fn transcripts_match() {
    let bless = std::env::var_os("KUBEPLAY_BLESS").is_some();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(transcripts_dir())
        .expect("tests/transcripts exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no transcripts found");
    let mut failures = Vec::new();
    for script in &scripts {
        let got = run(script);
        let out = script.with_extension("out");
        if bless {
            std::fs::write(&out, &got).expect("write .out");
            continue;
        }
        let want = std::fs::read_to_string(&out).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}: {}",
                script.file_name().unwrap_or_default().to_string_lossy(),
                first_difference(&want, &got)
            ));
        }
        // Determinism: the same seed and script give the same bytes.
        assert_eq!(
            got,
            run(script),
            "{} is not deterministic",
            script.display()
        );
    }
    println!("{} transcripts checked", scripts.len());
    assert!(
        failures.is_empty(),
        "transcripts differ:\n{}",
        failures.join("\n")
    );
}
