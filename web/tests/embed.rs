//! Headless-browser test of the postMessage API (static/EMBED.md), driven
//! from a cross-origin sandboxed frame.
//!
//! The test runner serves only the test bundle, not the built app, so the
//! app is mounted in the test page itself (as `?embed=1` would show it)
//! and a child `<iframe sandbox="allow-scripts" srcdoc=...>` (an opaque
//! origin: cross-origin to the app) sends the messages to the app's
//! window. The child relays what the app answers back to the test as
//! `test:echo`. This tests the app's window-level message handling, with
//! a cross-origin sender, rather than the app inside a frame.
//!
//! Run: `cargo test -p kubeplay-web --target wasm32-unknown-unknown --test embed`
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::guide::STORAGE_KEY;
use kubeplay_web::model::Config;
use kubeplay_web::query::GuideOptions;
use kubeplay_web::{mount, AppProps};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlIFrameElement;

wasm_bindgen_test_configure!(run_in_browser);

const CHILD: &str = r#"<!doctype html><script>
window.addEventListener('message', function (e) {
  var d = e.data;
  if (d && typeof d === 'object' && d.send !== undefined) {
    parent.postMessage(d.send, '*');
  } else if (d && typeof d === 'object' && typeof d.type === 'string' && d.type.indexOf('kubeplay:') === 0) {
    parent.postMessage({ type: 'test:echo', data: d }, '*');
  }
});
parent.postMessage({ type: 'test:child-ready' }, '*');
</script>"#;

struct Harness {
    page: Page,
    frame: HtmlIFrameElement,
    heard: Rc<RefCell<Vec<Value>>>,
    _listener: gloo::events::EventListener,
}

impl Harness {
    async fn new() -> Harness {
        web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .remove_item(STORAGE_KEY)
            .unwrap();
        let heard: Rc<RefCell<Vec<Value>>> = Rc::default();
        let listener = {
            let heard = heard.clone();
            gloo::events::EventListener::new(&web_sys::window().unwrap(), "message", move |e| {
                let e: &web_sys::MessageEvent = e.unchecked_ref();
                let text = js_sys::JSON::stringify(&e.data())
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default();
                if let Ok(v) = serde_json::from_str::<Value>(&text) {
                    if v["type"].as_str().is_some_and(|t| t.starts_with("test:")) {
                        heard.borrow_mut().push(v);
                    }
                }
            })
        };
        let root = document().create_element("div").unwrap();
        root.set_attribute("style", "width:960px;height:540px;position:relative")
            .unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let app = mount(
            root.clone(),
            AppProps {
                config: Config {
                    seed: 5,
                    paused: true,
                    ..Config::default()
                },
                embed: true,
                guide: GuideOptions {
                    lesson: Some("k8s-workloads-and-networking".into()),
                    ..GuideOptions::default()
                },
                ..AppProps::default()
            },
        );
        let frame: HtmlIFrameElement = document()
            .create_element("iframe")
            .unwrap()
            .dyn_into()
            .unwrap();
        frame.set_attribute("sandbox", "allow-scripts").unwrap();
        frame.set_srcdoc(CHILD);
        document().body().unwrap().append_child(&frame).unwrap();
        let h = Harness {
            page: Page {
                root,
                app: Some(app),
            },
            frame,
            heard,
            _listener: listener,
        };
        for _ in 0..50 {
            if h.heard
                .borrow()
                .iter()
                .any(|v| v["type"] == "test:child-ready")
            {
                break;
            }
            pause(20).await;
        }
        assert!(
            h.heard
                .borrow()
                .iter()
                .any(|v| v["type"] == "test:child-ready"),
            "the sandboxed frame did not start"
        );
        h
    }

    /// Has the child frame post `msg` to the app's window.
    async fn send(&self, msg: Value) {
        let data = js_sys::JSON::parse(&json!({ "send": msg }).to_string()).unwrap();
        self.frame
            .content_window()
            .unwrap()
            .post_message(&data, "*")
            .unwrap();
        pause(60).await;
    }

    /// What the app said back, through the child, oldest first.
    fn replies(&self, ty: &str) -> Vec<Value> {
        self.heard
            .borrow()
            .iter()
            .filter(|v| v["type"] == "test:echo" && v["data"]["type"] == ty)
            .map(|v| v["data"].clone())
            .collect()
    }

    async fn wait_reply(&self, ty: &str, n: usize) -> Vec<Value> {
        for _ in 0..50 {
            if self.replies(ty).len() >= n {
                break;
            }
            pause(20).await;
        }
        self.replies(ty)
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.frame.remove();
    }
}

#[wasm_bindgen_test]
async fn a_cross_origin_frame_drives_the_playground_by_post_message() {
    let h = Harness::new().await;
    // Embedded: no top bar, and nothing took the keyboard focus.
    assert!(h.page.find(".topbar").is_none());
    assert!(!js_sys::Object::is(
        &document()
            .active_element()
            .map(Into::into)
            .unwrap_or(wasm_bindgen::JsValue::NULL),
        &h.page.input()
    ));
    // Slide tools' keys are left alone.
    for key in ["ArrowRight", "ArrowLeft", " ", "PageDown", "PageUp"] {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        document().body().unwrap().dispatch_event(&ev).unwrap();
        assert!(!ev.default_prevented(), "{key:?} was captured");
    }

    // Run a command: its output comes back with the request's id.
    h.send(json!({"type": "kubeplay:run", "command": "kubectl create namespace demo", "id": 1}))
        .await;
    let out = h.wait_reply("kubeplay:output", 1).await;
    assert_eq!(out.len(), 1, "{:?}", h.heard.borrow());
    assert_eq!(out[0]["id"], 1);
    assert_eq!(out[0]["output"], "namespace/demo created\n");
    assert!(h
        .page
        .terminal()
        .contains("$ kubectl create namespace demo"));

    // Apply a manifest.
    h.send(json!({
        "type": "kubeplay:apply",
        "name": "cm.yaml",
        "manifest": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: slides\n",
        "id": "a"
    }))
    .await;
    let out = h.wait_reply("kubeplay:output", 2).await;
    assert_eq!(out[1]["id"], "a");
    assert_eq!(out[1]["output"], "configmap/slides created\n");

    // Malformed messages are ignored: no reply, nothing run.
    for bad in [
        json!({"type": "kubeplay:run"}),
        json!({"type": "kubeplay:run", "command": 5}),
        json!({"type": "kubeplay:eval", "code": "alert(1)"}),
        json!({"type": "kubeplay:goto", "step": "x"}),
        json!("kubeplay:reset"),
        json!(null),
    ] {
        h.send(bad).await;
    }
    assert_eq!(h.replies("kubeplay:output").len(), 2);
    assert!(h.replies("kubeplay:reset").is_empty());

    // Go to a step: the pane shows it and the event comes back.
    h.send(json!({"type": "kubeplay:goto", "step": 5})).await;
    let steps = h.wait_reply("kubeplay:step", 1).await;
    assert_eq!(steps.last().map(|s| s["step"].clone()), Some(json!(5)));
    assert!(h
        .page
        .find(".step-title")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .contains("5/12"));
    // Do the step by messages: it is done, and the page hears so.
    h.send(json!({"type": "kubeplay:run", "command": "kubectl apply -f nginx.yaml"}))
        .await;
    h.send(json!({"type": "kubeplay:run", "command": "sleep 30s"}))
        .await;
    let done = h.wait_reply("kubeplay:stepdone", 1).await;
    assert_eq!(done.len(), 1, "{:?}", h.heard.borrow());
    assert_eq!(done[0]["step"], 5);
    assert_eq!(done[0]["id"], "networking");

    // reveal.js's slide:start / slide:stop start and pause the clock;
    // speed sets its pace.
    h.send(json!({"type": "kubeplay:speed", "speed": 3600}))
        .await;
    h.send(json!("slide:start")).await;
    pause(700).await;
    h.send(json!("slide:stop")).await;
    h.send(json!({"type": "kubeplay:run", "command": "kubectl get namespace demo -o jsonpath={.metadata.name}", "id": 9}))
        .await;
    h.send(json!({"type": "kubeplay:run", "command": "kubectl get namespace demo --no-headers", "id": 10}))
        .await;
    let out = h.wait_reply("kubeplay:output", 6).await;
    let age = out
        .iter()
        .find(|o| o["id"] == 10)
        .and_then(|o| o["output"].as_str())
        .and_then(|s| s.split_whitespace().last())
        .unwrap_or("")
        .to_string();
    assert!(
        age.ends_with('m') || age.contains('h'),
        "AGE {age}: the clock did not run at 3600x"
    );
    let frozen = age.clone();
    pause(400).await;
    h.send(json!({"type": "kubeplay:run", "command": "kubectl get namespace demo --no-headers", "id": 11}))
        .await;
    let out = h.wait_reply("kubeplay:output", 7).await;
    let again = out
        .iter()
        .find(|o| o["id"] == 11)
        .and_then(|o| o["output"].as_str())
        .and_then(|s| s.split_whitespace().last())
        .unwrap_or("")
        .to_string();
    assert_eq!(again, frozen, "slide:stop paused the clock");

    // Reset: a fresh cluster, the lesson from its first step.
    h.send(json!({"type": "kubeplay:reset"})).await;
    assert_eq!(h.wait_reply("kubeplay:reset", 1).await.len(), 1);
    h.send(json!({"type": "kubeplay:run", "command": "kubectl get namespace demo", "id": 12}))
        .await;
    let out = h.wait_reply("kubeplay:output", 8).await;
    let last = out
        .iter()
        .find(|o| o["id"] == 12)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        last["output"],
        "Error from server (NotFound): namespaces \"demo\" not found\n"
    );
    assert!(h
        .page
        .find(".step-title")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .contains("1/12"));
}
