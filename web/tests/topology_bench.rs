//! Frame-time benchmark of the topology (a benchmark, not a test: it is
//! `#[ignore]`d and asserts nothing about speed). It builds 10 nodes and
//! 300 pods, then for a few seconds sends 20 requests a second from the
//! terminal while the clock runs, and prints:
//! - the p50/p95/max of requestAnimationFrame intervals;
//! - the time from typing a command that adds one pod (one engine event)
//!   to the frame where the new pod is drawn, p50/p95 over a series.
//!
//! Run (figures go to BENCHMARKS.md, "Topology frame times"):
//! `cargo test -p kubeplay-web --release --target wasm32-unknown-unknown --test topology_bench -- --include-ignored --nocapture`
#![allow(clippy::disallowed_methods)] // test code may sort with std (clippy.toml)
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::model::Config;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Records requestAnimationFrame timestamps until dropped.
struct Frames {
    times: Rc<RefCell<Vec<f64>>>,
    stop: Rc<RefCell<bool>>,
}

impl Frames {
    fn start() -> Frames {
        let times: Rc<RefCell<Vec<f64>>> = Rc::default();
        let stop: Rc<RefCell<bool>> = Rc::default();
        type Cb = Closure<dyn FnMut(f64)>;
        let cb: Rc<RefCell<Option<Cb>>> = Rc::default();
        let again = cb.clone();
        let (t, s) = (times.clone(), stop.clone());
        *cb.borrow_mut() = Some(Closure::new(move |ts: f64| {
            t.borrow_mut().push(ts);
            if *s.borrow() {
                again.borrow_mut().take();
                return;
            }
            if let (Some(w), Some(c)) = (web_sys::window(), again.borrow().as_ref()) {
                let _ = w.request_animation_frame(c.as_ref().unchecked_ref());
            }
        }));
        if let (Some(w), Some(c)) = (web_sys::window(), cb.borrow().as_ref()) {
            let _ = w.request_animation_frame(c.as_ref().unchecked_ref());
        }
        Frames { times, stop }
    }

    fn intervals(&self) -> Vec<f64> {
        *self.stop.borrow_mut() = true;
        let t = self.times.borrow();
        t.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

/// The next animation frame.
async fn next_frame() {
    let done: Rc<RefCell<bool>> = Rc::default();
    let d = done.clone();
    let cb = Closure::once_into_js(move || *d.borrow_mut() = true);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
    while !*done.borrow() {
        pause(1).await;
    }
}

#[wasm_bindgen_test]
#[ignore]
async fn topology_frame_times_300_pods_20_requests_per_second() {
    let page = Page::open_with(Config {
        seed: 1,
        paused: true,
        ..Config::default()
    })
    .await;
    // Docker Desktop starts with 3 nodes: 7 more make 10.
    for i in 3..=9 {
        page.type_line(&format!("kubeplay node add desktop-worker{i}"))
            .await;
    }
    for d in 0..6 {
        page.type_line(&format!(
            "kubectl create deployment app{d} --image=nginx --replicas=50"
        ))
        .await;
    }
    page.type_line("kubectl create service nodeport app0 --tcp=80:80 --node-port=30080")
        .await;
    // In steps, so the page answers the test driver in between.
    for _ in 0..12 {
        page.type_line("sleep 5").await;
        pause(50).await;
    }
    pause(300).await;
    let pods = page.all("svg [data-kind='Pod']").len();
    let nodes = page.all("svg [data-kind='Node']").len();
    let stacks = page.all("svg .stack[data-count]");
    let stacked: usize = stacks
        .iter()
        .filter_map(|s| s.get_attribute("data-count"))
        .filter_map(|c| c.parse::<usize>().ok())
        .sum();
    console_log!(
        "scene: {nodes} nodes, {pods} pods drawn one by one, {stacked} in {} counted stacks",
        stacks.len()
    );

    // Requests at 20 per second with the clock running, for 5 s.
    page.click(".topbar .play");
    let frames = Frames::start();
    let start = now();
    let mut sent = 0;
    while now() - start < 5000.0 {
        page.type_line("curl -s localhost:30080 -o /dev/null").await;
        sent += 1;
        let due = start + sent as f64 * 50.0;
        let wait = (due - now()).max(0.0);
        pause(wait as u32).await;
    }
    let mut iv = frames.intervals();
    let n = iv.len();
    let (p50, p95) = (percentile(&mut iv, 0.5), percentile(&mut iv, 0.95));
    let max = iv.iter().cloned().fold(0.0, f64::max);
    console_log!(
        "rAF intervals over {n} frames with {sent} requests in {:.1} s: p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms",
        (now() - start) / 1000.0
    );

    // One engine event (a pod more) to the frame that draws it.
    page.click(".topbar .play");
    let mut lat = Vec::new();
    for k in 0..12 {
        let before = page.all("svg [data-kind='Pod']").len();
        let t0 = now();
        page.input().set_value(&format!(
            "kubectl scale deployment app1 --replicas={}",
            51 + k
        ));
        page.key("Enter", false);
        loop {
            next_frame().await;
            if page.all("svg [data-kind='Pod']").len() > before || now() - t0 > 3000.0 {
                break;
            }
        }
        lat.push(now() - t0);
    }
    let (l50, l95) = (percentile(&mut lat, 0.5), percentile(&mut lat, 0.95));
    console_log!("one engine event to the drawing: p50 {l50:.1} ms, p95 {l95:.1} ms");
}
