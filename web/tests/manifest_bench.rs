//! Manifests at the size limit in wasm (a benchmark, not a test: every case
//! is `#[ignore]`d and nothing asserts a speed). The shapes are the native
//! bench's (`crates/cli/benches/manifests/shapes.rs`), created through the
//! same shell in headless Chromium and timed with `performance.now()`;
//! `paste` also times the page's own path for a pasted heredoc
//! (`Model::paste`: every line echoed to the terminal, then fed). Figures
//! go to the console; BENCHMARKS.md "Input limits" has them.
//!
//! ```text
//! source scripts/env.sh
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
//!   cargo test -p kubeplay-web --release --target wasm32-unknown-unknown \
//!   --test manifest_bench -- --include-ignored --nocapture
//! ```
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
#[path = "../../crates/cli/benches/manifests/shapes.rs"]
mod shapes;

use kubeplay_web::model::{Config, Model};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Browser;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

impl shapes::Sink for Browser {
    fn now_ms(&self) -> f64 {
        now()
    }
    fn row(&mut self, case: &str, ms: f64, note: String) {
        console_log!("wasm {case:<16} {:>10}  {note}", format!("{ms:.1} ms"));
    }
}

#[wasm_bindgen_test]
#[ignore]
fn shapes() {
    // Three rounds: the best is the figure.
    for _ in 0..3 {
        shapes::run_shapes(&[], &mut Browser);
    }
}

#[wasm_bindgen_test]
#[ignore]
fn paste() {
    let (_, text) = shapes::source("cm-heredoc");
    let pasted = format!("kubectl create -f - <<EOF\n{text}EOF\n");
    for _ in 0..3 {
        let mut m = Model::new(&Config {
            seed: 1,
            paused: true,
            ..Config::default()
        });
        let t = now();
        let rest = m.paste("", &pasted, "");
        let ms = now() - t;
        let ok = m
            .cluster()
            .store()
            .get("configmaps", "default", "big")
            .is_some();
        console_log!(
            "wasm paste (Model::paste) {:>10}  {} bytes; created: {ok}; left in the input: {rest:?}",
            format!("{ms:.1} ms"),
            pasted.len()
        );
    }
}
