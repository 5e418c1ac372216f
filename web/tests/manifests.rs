//! Manifests at kubectl's nesting limits in the browser, where the stack is
//! 1 MiB: JSON 10,000 levels deep is read, created, printed and dropped
//! without overflowing it; 10,001 levels are refused as kubectl refuses
//! them.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kubeplay-web --target wasm32-unknown-unknown --test manifests`
#![cfg(target_arch = "wasm32")]

use cluster::{Cluster, Profile};
use kubectl::{MemFiles, Shell};
use std::collections::BTreeMap;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A ControllerRevision whose `data` nests `levels - 1` arrays (the
/// object itself is the first level).
fn revision(levels: usize) -> String {
    let d = levels - 1;
    format!(
        "{{\"apiVersion\":\"apps/v1\",\"kind\":\"ControllerRevision\",\"metadata\":{{\"name\":\"deep\"}},\"revision\":1,\"data\":{}{}}}",
        "[".repeat(d),
        "]".repeat(d)
    )
}

#[wasm_bindgen_test]
fn json_ten_thousand_levels_deep() {
    let mut files = BTreeMap::new();
    files.insert("deep.json".to_string(), revision(10000));
    files.insert("deeper.json".to_string(), revision(10001));
    let mut sh = Shell::new(
        Cluster::new(Profile::DockerDesktop, 1),
        Box::new(MemFiles { files }),
    );
    let out = sh.run("kubectl create -f deeper.json");
    assert_eq!(
        out.text(),
        "error: error parsing deeper.json: json: offset 10099: invalid character '[' exceeded max depth\n"
    );
    let out = sh.run("kubectl create -f deep.json");
    assert_eq!(out.text(), "controllerrevision.apps/deep created\n");
    for line in [
        "kubectl get controllerrevision deep -o json",
        "kubectl get controllerrevision deep -o yaml",
        "kubectl apply -f deep.json",
        "kubectl delete -f deep.json",
    ] {
        let out = sh.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.text());
    }
    // Piped, and as a document of a YAML stream.
    let yaml = format!(
        "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n---\n{}\n",
        revision(5000)
    );
    let out = sh.run(&format!("kubectl create -f - <<'EOF'\n{yaml}EOF"));
    assert_eq!(
        out.text(),
        "configmap/a created\ncontrollerrevision.apps/deep created\n"
    );
}
