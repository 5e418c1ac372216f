//! The same seed and script give the same bytes natively and in the browser:
//! the Service lab transcript, run through the shell inside wasm in headless
//! Chromium, must equal the `.out` file the native transcript test checks.

#![cfg(target_arch = "wasm32")]

use cluster::{Cluster, Profile};
use kubectl::{MemFiles, Shell};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCRIPT: &str = include_str!("../../tests/transcripts/service-lab.sh");
const EXPECTED: &str = include_str!("../../tests/transcripts/service-lab.out");

/// `$ ` before a command's first line, `> ` before continuation lines, as
/// `kubeplay run` echoes them.
fn echo(prompt: &str, command: &str) -> String {
    command
        .split('\n')
        .enumerate()
        .map(|(i, l)| format!("{}{l}\n", if i == 0 { prompt } else { "> " }))
        .collect()
}

#[wasm_bindgen_test]
fn service_lab_transcript_is_identical_in_the_browser() {
    let mut files = MemFiles::default();
    for (name, text) in [
        (
            "service-lab/nginx.yaml",
            include_str!("../../tests/transcripts/service-lab/nginx.yaml"),
        ),
        (
            "service-lab/curlpod.yaml",
            include_str!("../../tests/transcripts/service-lab/curlpod.yaml"),
        ),
        (
            "service-lab/nginx-np.yaml",
            include_str!("../../tests/transcripts/service-lab/nginx-np.yaml"),
        ),
    ] {
        files.files.insert(name.to_string(), text.to_string());
    }
    // The script's first line names its seed (`# seed: 1`).
    let seed = SCRIPT
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# seed:"))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    let mut shell = Shell::new(Cluster::new(Profile::DockerDesktop, seed), Box::new(files));
    let got: String = shell
        .run_script_prompted(SCRIPT)
        .into_iter()
        .map(|(prompt, command, output)| echo(&prompt, &command) + &output.text())
        .collect();
    if got != EXPECTED {
        let first = got
            .lines()
            .zip(EXPECTED.lines())
            .enumerate()
            .find(|(_, (g, w))| g != w)
            .map(|(i, (g, w))| format!("line {}: want {w:?}, got {g:?}", i + 1))
            .unwrap_or_else(|| "one text is a prefix of the other".to_string());
        panic!("browser transcript differs from the native one: {first}");
    }
}
