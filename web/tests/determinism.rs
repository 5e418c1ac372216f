//! The same seed and script give the same bytes natively and in the browser:
//! the Service lab transcript, run through the shell inside wasm in headless
//! Chromium, must equal the `.out` file the native transcript test checks;
//! and the cluster's event log (every change the engine made, in order,
//! and the Events it recorded) hashes to the same value natively
//! (`cargo test -p kubeplay-web --test determinism`) and in wasm.

use cluster::{ChangeOp, Cluster, Profile};
use kubectl::{MemFiles, Shell};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

/// Commands that make the engine schedule, pull, probe, restart, roll
/// out, route, allocate and garbage-collect, with the clock moving.
const LOG_SCRIPT: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl expose deployment web --port=80 --type=NodePort
kubectl create deployment bad --image=nginx:no-such-tag
kubectl run once --image=busybox --restart=Never -- sh -c 'exit 3'
sleep 30
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl scale deployment web --replicas=1
kubectl delete pod -l app=bad
kubeplay node add extra
kubectl create job pi --image=perl -- perl -Mbignum=bpi -wle 'print bpi(20)'
sleep 90
curl -s localhost:80 -o /dev/null
kubectl delete deployment bad
sleep 600
";

/// The pinned hash of [`event_log`] for `LOG_SCRIPT` on seed 11 (320
/// changes). Native and wasm builds must both give it; an intended change
/// to the engine that moves it updates it here, from the native test's
/// message.
const LOG_HASH: u64 = 0x7710_e869_7b59_5ef0;

/// FNV-1a 64 over the change log after each command and the Events at
/// the end, as text.
fn event_log() -> (u64, usize) {
    let mut shell = Shell::new(
        Cluster::new(Profile::DockerDesktop, 11),
        Box::new(MemFiles::default()),
    );
    let mut text = String::new();
    let mut changes = 0;
    shell.cluster_mut().drain_changes();
    for line in LOG_SCRIPT.lines() {
        let out = shell.run(line);
        text.push_str(&format!("$ {line}\n{}", out.text()));
        for c in shell.cluster_mut().drain_changes() {
            let op = match c.op {
                ChangeOp::Added => "ADDED",
                ChangeOp::Modified => "MODIFIED",
                ChangeOp::Deleted => "DELETED",
            };
            text.push_str(&format!("{op} {} {}/{}\n", c.resource, c.namespace, c.name));
            changes += 1;
        }
    }
    text.push_str(&shell.run("kubectl get events -A -o yaml").text());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h, changes)
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn event_log_hash_natively() {
    let (hash, changes) = event_log();
    assert!(
        changes > 100,
        "only {changes} changes: the script did little"
    );
    assert_eq!(
        hash, LOG_HASH,
        "event log hash {hash:#x} over {changes} changes; LOG_HASH pins {LOG_HASH:#x} (if the engine changed on purpose, pin the new value)"
    );
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn event_log_hash_in_the_browser() {
    let (hash, changes) = event_log();
    assert_eq!(
        hash, LOG_HASH,
        "event log hash {hash:#x} over {changes} changes in wasm; native gives LOG_HASH {LOG_HASH:#x}"
    );
}

#[cfg(target_arch = "wasm32")]
const SCRIPT: &str = include_str!("../../tests/transcripts/service-lab.sh");
#[cfg(target_arch = "wasm32")]
const EXPECTED: &str = include_str!("../../tests/transcripts/service-lab.out");

/// `$ ` before a command's first line, `> ` before continuation lines, as
/// `kubeplay run` echoes them.
#[cfg(target_arch = "wasm32")]
fn echo(prompt: &str, command: &str) -> String {
    command
        .split('\n')
        .enumerate()
        .map(|(i, l)| format!("{}{l}\n", if i == 0 { prompt } else { "> " }))
        .collect()
}

#[cfg(target_arch = "wasm32")]
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
