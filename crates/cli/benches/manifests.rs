//! Manifests at the size limit (not a test: nothing asserts a speed). Each
//! shape of `manifests/shapes.rs` (shared with web/tests/manifest_bench.rs)
//! is created through the shell; prints its wall time and this thread's
//! CPU time. See
//! BENCHMARKS.md, "Input limits".
//!
//!     cargo bench -p kubeplay --bench manifests            # every shape
//!     cargo bench -p kubeplay --bench manifests -- flow    # shapes named *flow*

#[path = "manifests/shapes.rs"]
mod shapes;

use std::time::Instant;

/// This thread's time on a CPU, in ms (Linux's schedstat, nanoseconds):
/// on a shared machine the wall time includes waiting for a core.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

struct Native {
    epoch: Instant,
    cpu_mark: Option<f64>,
}

impl shapes::Sink for Native {
    fn now_ms(&self) -> f64 {
        self.epoch.elapsed().as_secs_f64() * 1000.0
    }
    fn start(&mut self) {
        self.cpu_mark = cpu_ms();
    }
    fn row(&mut self, case: &str, ms: f64, note: String) {
        let spent = match (cpu_ms(), self.cpu_mark) {
            (Some(now), Some(mark)) => format!("cpu {:.1} ms", now - mark),
            _ => String::new(),
        };
        println!(
            "{case:<16} {:>10}  {spent:>12}  {note}",
            format!("{ms:.1} ms")
        );
    }
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut sink = Native {
        epoch: Instant::now(),
        cpu_mark: None,
    };
    // Three rounds: the best is the figure (the machine is shared).
    for _ in 0..3 {
        shapes::run_shapes(&filter, &mut sink);
    }
}
