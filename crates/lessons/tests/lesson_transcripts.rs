//! Every built-in lesson as a transcript: each step's commands run through
//! the CLI's script runner (`kubeplay::transcript`, what `kubeplay run`
//! prints), with the step's files beside them, its `wait` slept, and then
//! its check, whose result is written into the transcript. The transcript
//! must equal `tests/transcripts/NAME.out` byte for byte and every check
//! must pass, so a change in the engine that alters what a lesson shows is
//! seen in review. `KUBEPLAY_BLESS=1` rewrites the files (review the diff).

use kubectl::MemFiles;
use lessons::{Lesson, Progress};
use std::path::PathBuf;

const SEED: u64 = 42;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/transcripts")
        .join(format!("{name}.out"))
}

/// The lesson run step by step; the second value lists the steps whose
/// check did not pass.
fn run_lesson(lesson: &Lesson) -> (String, Vec<String>) {
    let mut shell = kubeplay::new_shell_with(
        cluster::Profile::DockerDesktop,
        SEED,
        Box::new(MemFiles::default()),
    );
    let mut files = MemFiles::default();
    let mut progress = Progress::new(lesson);
    let mut out = format!("# lesson {} (seed {SEED})\n", lesson.id);
    let mut failed = Vec::new();
    for (i, step) in lesson.steps().iter().enumerate() {
        out.push_str(&format!(
            "\n# step {}/{}: {} ({})\n",
            i + 1,
            lesson.steps().len(),
            step.title.get("en"),
            step.id
        ));
        for m in &step.manifests {
            files.files.insert(m.name.clone(), m.content.clone());
            out.push_str(&format!("# file {}\n", m.name));
        }
        shell.set_files(Box::new(files.clone()));
        let mut script = step.commands.join("\n");
        if let Some(w) = &step.wait {
            script.push_str(&format!("\nsleep {w}"));
        }
        out.push_str(&kubeplay::transcript(&mut shell, &script).0);
        progress.current = i;
        match progress.check_current(lesson, &mut shell) {
            Some(r) if r.done => out.push_str(&format!("# check: done ({})\n", r.detail)),
            Some(r) => {
                out.push_str(&format!("# check: NOT DONE ({})\n", r.detail));
                failed.push(format!("step {} ({}): {}", i + 1, step.id, r.detail));
            }
            None => failed.push(format!("step {}: no current step", i + 1)),
        }
    }
    out.push_str(&format!(
        "\n# progress: {}/{} steps done\n",
        progress.done.len(),
        lesson.steps().len()
    ));
    (out, failed)
}

#[test]
fn lesson_transcripts_match_and_every_check_passes() {
    let bless = std::env::var_os("KUBEPLAY_BLESS").is_some();
    for name in lessons::builtin_names() {
        let lesson = match lessons::builtin_lesson(name) {
            Some(Ok(l)) => l,
            Some(Err(e)) => panic!("{e}"),
            None => panic!("{name} is not built in"),
        };
        let (got, failed) = run_lesson(&lesson);
        assert!(failed.is_empty(), "lesson {name}: {failed:?}\n\n{got}");
        // Determinism: the same seed and steps give the same bytes.
        assert_eq!(
            got,
            run_lesson(&lesson).0,
            "lesson {name} is not deterministic"
        );
        let path = golden(name);
        if bless {
            std::fs::write(&path, &got).expect("write the transcript");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .map(|i| i + 1)
                .unwrap_or(want.lines().count().min(got.lines().count()) + 1);
            panic!(
                "lesson {name}: the transcript differs from {} at line {line}\n\
                 (KUBEPLAY_BLESS=1 rewrites it; review the diff)",
                path.display()
            );
        }
    }
}
