//! Engine benchmarks (not tests: nothing here asserts a speed). Each case
//! runs the real shell and engine and prints its wall time and this
//! process's CPU time; see BENCHMARKS.md, section "Engine". The cases are
//! in `engine/cases.rs`, shared with the wasm run (web/tests/engine_bench.rs).
//!
//!     cargo bench -p kubeplay --bench engine            # every case
//!     cargo bench -p kubeplay --bench engine -- cron    # cases whose name contains "cron"

#[path = "engine/cases.rs"]
mod cases;

use std::time::Instant;

/// This process's CPU time (user + system) on Linux, from /proc; the wall
/// time of a shared machine includes waiting for a core.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // USER_HZ is 100 on Linux.
    Some((utime + stime) * 10.0)
}

struct Native {
    epoch: Instant,
    cpu_mark: Option<f64>,
    rows: usize,
}

impl cases::Sink for Native {
    fn now_ms(&self) -> f64 {
        self.epoch.elapsed().as_secs_f64() * 1000.0
    }
    fn start(&mut self) {
        self.cpu_mark = cpu_ms();
    }
    fn row(&mut self, case: &str, ms: f64, note: String) {
        let spent = match (cpu_ms(), self.cpu_mark) {
            (Some(now), Some(mark)) => format!("cpu {:.0} ms", now - mark),
            _ => String::new(),
        };
        println!(
            "{case:<44} {:>12}  {spent:>14}  {note}",
            format!("{ms:.1} ms")
        );
        self.rows += 1;
    }
    fn step_rows_over(&self) -> Option<f64> {
        std::env::var("KUBEPLAY_BENCH_STEPS").ok()?.parse().ok()
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
        rows: 0,
    };
    cases::block_on(cases::run_cases(&filter, &mut sink));
    if sink.rows == 0 {
        println!(
            "no case matches {filter:?} (cases: {})",
            cases::CASES.join(", ")
        );
    }
}
