//! Headless-browser test of the browser pane under the dark theme: a
//! served page renders as a browser shows a page that sets no colours
//! (light: white canvas, black text), whatever the playground's theme.
//! The test page gets the app's real stylesheet (static/kubeplay.css).
//!
//! Run: `cargo test -p kubeplay-web --target wasm32-unknown-unknown --test theme`
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::model::Config;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CSS: &str = include_str!("../../static/kubeplay.css");

/// `getComputedStyle(el).getPropertyValue(property)` (called through
/// js_sys: the crate enables no CSSOM bindings of web-sys).
fn computed(el: &web_sys::Element, property: &str) -> String {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let window: JsValue = web_sys::window().unwrap().into();
    let get_style: Function = Reflect::get(&window, &"getComputedStyle".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let style = get_style.call1(&window, el).unwrap();
    let get_value: Function = Reflect::get(&style, &"getPropertyValue".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    get_value
        .call1(&style, &property.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_served_page_stays_light_in_the_dark_theme() {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(CSS));
    document().head().unwrap().append_child(&style).unwrap();
    let page = Page::open_with(Config {
        seed: 1,
        paused: true,
        theme: Some("dark".to_string()),
        ..Config::default()
    })
    .await;
    pause(50).await;
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(computed(&root, "color-scheme"), "dark");

    // nginx behind the bundled NodePort Service, opened in the browser pane.
    page.type_line("kubectl apply -f nginx.yaml").await;
    page.type_line("kubectl apply -f nginx-np.yaml").await;
    page.type_line("sleep 20s").await;
    page.browse("http://localhost:31045").await;
    let frame = page.frame();
    assert!(
        frame
            .get_attribute("srcdoc")
            .unwrap_or_default()
            .contains("Welcome to nginx!"),
        "{}",
        page.browser_text()
    );
    // The frame, and the pane around it, are light: a page that sets no
    // colours gets a white canvas and black text, as in a browser. (Left
    // to inherit the theme's dark color-scheme, Chromium would draw the
    // framed page's text light on the white background.)
    assert_eq!(computed(&frame, "color-scheme"), "light");
    assert_eq!(computed(&frame, "background-color"), "rgb(255, 255, 255)");
    let pane = page.find(".browser .page").unwrap();
    assert_eq!(computed(&pane, "color-scheme"), "light");
    // The rest of the pane follows the theme.
    let bar = page.find(".address-bar").unwrap();
    assert_eq!(computed(&bar, "color-scheme"), "dark");

    drop(page);
    root.remove_attribute("data-theme").unwrap();
    style.remove();
}
