//! Issue 8 item 3 in the page: a command whose engine work is large runs
//! it between animation frames instead of blocking the page. While
//! `kubectl create deployment big --image=nginx --replicas=1000` drains,
//! requestAnimationFrame keeps firing, the prompt is hidden, a line typed
//! meanwhile waits and runs after it, and the result is the whole work's.
//! (How long each frame's slice takes is measured in
//! `engine_bench.rs`, not asserted here.)
//!
//! Run: `cargo test -p kubeplay-web --target wasm32-unknown-unknown --test stepping`
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

type FrameClosure = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Counts animation frames until dropped.
struct FrameCounter {
    frames: Rc<Cell<u32>>,
    stop: Rc<Cell<bool>>,
}

impl FrameCounter {
    fn start() -> FrameCounter {
        let frames = Rc::new(Cell::new(0u32));
        let stop = Rc::new(Cell::new(false));
        let cb: FrameClosure = Rc::default();
        let again = cb.clone();
        let (f, s) = (frames.clone(), stop.clone());
        *cb.borrow_mut() = Some(Closure::new(move |_t: f64| {
            f.set(f.get() + 1);
            if s.get() {
                again.borrow_mut().take();
                return;
            }
            if let Some(c) = again.borrow().as_ref() {
                let _ = web_sys::window()
                    .unwrap()
                    .request_animation_frame(c.as_ref().unchecked_ref());
            }
        }));
        if let Some(c) = cb.borrow().as_ref() {
            let _ = web_sys::window()
                .unwrap()
                .request_animation_frame(c.as_ref().unchecked_ref());
        }
        FrameCounter { frames, stop }
    }
}

impl Drop for FrameCounter {
    fn drop(&mut self) {
        self.stop.set(true);
    }
}

#[wasm_bindgen_test]
async fn a_thousand_replicas_drain_between_frames() {
    let page = Page::open(3).await;
    assert_eq!(page.prompt(), "$ ");
    let counter = FrameCounter::start();
    page.input()
        .set_value("kubectl create deployment big --image=nginx --replicas=1000");
    page.key("Enter", false);
    let at_enter = counter.frames.get();
    // The command prints its line at once; its work goes on.
    assert!(
        until(
            || page.terminal().contains("deployment.apps/big created"),
            10_000
        )
        .await,
        "{}",
        page.terminal()
    );
    // Typed ahead: waits for the work.
    page.input()
        .set_value("kubectl get deployment big --no-headers");
    page.key("Enter", false);
    let mut frames_while_busy = 0;
    let done = until(
        || {
            if page.prompt().is_empty() {
                frames_while_busy = counter.frames.get() - at_enter;
                false
            } else {
                true
            }
        },
        120_000,
    )
    .await;
    assert!(done, "the work never finished");
    assert!(
        frames_while_busy >= 2,
        "only {frames_while_busy} animation frames ran while the work drained"
    );
    // The typed-ahead line ran after the work, on the settled cluster:
    // 500 pods at once (the burst), none ready yet.
    assert!(
        until(
            || page.terminal().contains("$ kubectl get deployment big"),
            5_000
        )
        .await,
        "{}",
        page.terminal()
    );
    let out = page.last_output();
    assert!(out.contains("big   0/1000   500"), "{out}");
}
