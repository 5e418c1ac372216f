//! Engine benchmarks in wasm (benchmarks, not tests: every case is
//! `#[ignore]`d, so the normal test command only compiles this file, and
//! nothing asserts a speed). The cases are the native bench's own
//! (`crates/cli/benches/engine/cases.rs`), run through the same shell and
//! engine inside headless Chromium, timed with `performance.now()`; each
//! figure goes to the console, and the scale case also prints wasm linear
//! memory after the 10,000-pod run. BENCHMARKS.md "Engine" has the figures
//! and their wasm/native ratios.
//!
//! Release profile (the workspace's: opt-level z, LTO, as the page ships):
//!
//! ```text
//! source scripts/env.sh
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=3600 \
//!   cargo test -p kubeplay-web --release --target wasm32-unknown-unknown \
//!   --test engine_bench -- --include-ignored --nocapture [CASE]
//! ```
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
#[path = "../../crates/cli/benches/engine/cases.rs"]
mod cases;
mod common;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Browser;

impl cases::Sink for Browser {
    fn now_ms(&self) -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0)
    }
    fn row(&mut self, case: &str, ms: f64, note: String) {
        console_log!("wasm {case:<44} {:>12}  {note}", format!("{ms:.1} ms"));
    }
    fn pause(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(common::pause(0))
    }
}

/// wasm linear memory now, in bytes (it only grows).
fn linear_memory() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map(|b| b.byte_length() as f64)
        .unwrap_or(0.0)
}

async fn case(name: &str) {
    let before = linear_memory();
    cases::run_cases(&[name.to_string()], &mut Browser).await;
    console_log!(
        "wasm {name}: linear memory {:.1} MiB (was {:.1} MiB before the case)",
        linear_memory() / 1048576.0,
        before / 1048576.0
    );
}

#[wasm_bindgen_test]
#[ignore]
async fn notes() {
    case("notes").await;
}

#[wasm_bindgen_test]
#[ignore]
async fn replicas() {
    case("replicas").await;
}

#[wasm_bindgen_test]
#[ignore]
async fn cron() {
    case("cron").await;
}

#[wasm_bindgen_test]
#[ignore]
async fn limits() {
    case("limits").await;
}

#[wasm_bindgen_test]
#[ignore]
async fn scale() {
    case("scale").await;
}

#[wasm_bindgen_test]
#[ignore]
async fn ingress() {
    case("ingress").await;
}

#[wasm_bindgen_test]
#[ignore]
async fn getpods() {
    case("getpods").await;
}
