//! Shared helpers for the headless-browser test binaries: mount the app in
//! its own div, type into the terminal, click, and read what is drawn.
//! Each test file does `mod common;` and uses what it needs.
#![allow(dead_code, clippy::disallowed_methods)]

use gloo::timers::callback::Timeout;
use kubeplay_web::model::Config;
use kubeplay_web::{mount, App, AppProps};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::AppHandle;

/// Polls `ready` every 10 ms of wall time until it holds or `ms` have
/// passed; returns whether it held. For UI changes that land after a render
/// whose timing depends on the machine's load.
pub async fn until(mut ready: impl FnMut() -> bool, ms: u32) -> bool {
    let mut waited = 0;
    while !ready() {
        if waited >= ms {
            return false;
        }
        pause(10).await;
        waited += 10;
    }
    true
}

/// Waits `ms` of wall time (lets Yew render and animation frames run).
pub fn pause(ms: u32) -> impl Future<Output = ()> {
    let done = Rc::new(Cell::new(false));
    let waker: Rc<RefCell<Option<Waker>>> = Rc::default();
    let timeout = {
        let (done, waker) = (done.clone(), waker.clone());
        Timeout::new(ms, move || {
            done.set(true);
            if let Some(w) = waker.borrow_mut().take() {
                w.wake();
            }
        })
    };
    std::future::poll_fn(move |cx| {
        let _keep = &timeout;
        if done.get() {
            Poll::Ready(())
        } else {
            *waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    })
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// One mounted app in its own div.
pub struct Page {
    pub root: Element,
    pub app: Option<AppHandle<App>>,
}

impl Page {
    pub async fn open(seed: u64) -> Page {
        Page::open_with(Config {
            seed,
            paused: true,
            ..Config::default()
        })
        .await
    }

    pub async fn open_with(config: Config) -> Page {
        let root = document().create_element("div").unwrap();
        root.set_attribute("style", "width:1280px;height:720px;position:relative")
            .unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let app = mount(
            root.clone(),
            AppProps {
                config,
                ..AppProps::default()
            },
        );
        pause(50).await;
        Page {
            root,
            app: Some(app),
        }
    }

    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    pub fn input(&self) -> HtmlInputElement {
        self.find("input[aria-label='kubectl shell']")
            .expect("the terminal input is named 'kubectl shell'")
            .dyn_into()
            .unwrap()
    }

    pub fn terminal(&self) -> String {
        self.find(".scrollback")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    pub fn key(&self, key: &str, ctrl: bool) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_ctrl_key(ctrl);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.input().dispatch_event(&ev).unwrap();
    }

    /// Types a line and presses Enter.
    pub async fn type_line(&self, line: &str) {
        self.input().set_value(line);
        self.key("Enter", false);
        pause(30).await;
    }

    /// Waits until the terminal shows its prompt again: a command's engine
    /// work (a `sleep`, a large create) runs between frames after Enter.
    pub async fn until_prompt(&self) {
        until(|| !self.prompt().is_empty(), 30_000).await;
    }

    /// Pastes `text` into the terminal input.
    pub async fn paste(&self, text: &str) {
        let data = web_sys::DataTransfer::new().unwrap();
        data.set_data("text", text).unwrap();
        let init = web_sys::ClipboardEventInit::new();
        init.set_clipboard_data(Some(&data));
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
        self.input().dispatch_event(&ev).unwrap();
        pause(30).await;
    }

    pub fn prompt(&self) -> String {
        self.find(".prompt-line .ps")
            .and_then(|p| p.text_content())
            .unwrap_or_default()
    }

    /// The output of the last command in the terminal.
    pub fn last_output(&self) -> String {
        self.all(".scrollback .blk")
            .last()
            .and_then(|b| b.text_content())
            .unwrap_or_default()
    }

    pub fn click(&self, selector: &str) {
        self.find(selector)
            .unwrap_or_else(|| panic!("{selector} not found"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    pub fn drawn(&self, kind: &str, name: &str) -> Option<Element> {
        self.find(&format!(
            "svg.topo[aria-label='cluster topology'] [data-kind='{kind}'][data-name='{name}']"
        ))
    }

    pub fn drawn_names(&self, kind: &str) -> Vec<String> {
        self.all(&format!("svg [data-kind='{kind}']"))
            .iter()
            .filter_map(|e| e.get_attribute("data-name"))
            .collect()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

/// The cluster IP in `kubectl get service NAME` output.
pub fn cluster_ip(table: &str, name: &str) -> Option<String> {
    table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .and_then(|l| l.split_whitespace().nth(2))
        .map(str::to_string)
}

impl Page {
    /// Types `address` into the browser pane's address bar and presses Go.
    pub async fn browse(&self, address: &str) {
        if self.find("input[aria-label='address bar']").is_none() {
            self.click(".view-switch .view:nth-child(2)");
            pause(30).await;
        }
        let bar: HtmlInputElement = self
            .find("input[aria-label='address bar']")
            .expect("the browser pane has an address bar")
            .dyn_into()
            .unwrap();
        bar.set_value(address);
        self.click(".address-bar .go");
        pause(50).await;
    }

    pub fn frame(&self) -> web_sys::HtmlIFrameElement {
        self.find(".browser iframe")
            .expect("the page is in an iframe")
            .dyn_into()
            .unwrap()
    }

    pub fn browser_text(&self) -> String {
        self.find(".browser .page")
            .and_then(|p| p.text_content())
            .unwrap_or_default()
    }
}

/// The pods drawn whose names start with `prefix`, sorted (pods on
/// different nodes are drawn node by node).
pub fn named(page: &Page, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = page
        .drawn_names("Pod")
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}
