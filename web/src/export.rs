//! Export of the topology: the drawing as a standalone SVG document (the
//! page's stylesheet inlined, the whole scene in view, the current theme)
//! and as a PNG drawn from it on a canvas. Both download through a
//! `data:` URL, which the page's Content-Security-Policy already allows
//! for images (`img-src 'self' data:`); no `blob:` URL is needed.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// PNG pixels per scene unit (crisp on slides).
pub const PNG_SCALE: f64 = 2.0;

/// Every rule of the page's own stylesheets, as text.
fn page_css() -> String {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return String::new();
    };
    let sheets = doc.style_sheets();
    let mut out = String::new();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            if let Some(r) = rules.item(j) {
                out.push_str(&r.css_text());
                out.push('\n');
            }
        }
    }
    out
}

/// The scene's size as the drawing records it (`data-width`,
/// `data-height` on the `<svg>`).
pub fn scene_size(svg: &Element) -> (i32, i32) {
    let get = |k: &str| {
        svg.get_attribute(k)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    (get("data-width"), get("data-height"))
}

/// The topology under `root` (the `.topo-body` element, or any ancestor)
/// as a standalone SVG document showing the whole scene.
pub fn svg_text(root: &Element) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let svg = root.query_selector("svg.topo").ok()??;
    let copy = svg
        .clone_node_with_deep(true)
        .ok()?
        .dyn_into::<Element>()
        .ok()?;
    let (w, h) = scene_size(&svg);
    let set = |k: &str, v: &str| copy.set_attribute(k, v).ok();
    set("xmlns", SVG_NS)?;
    set("viewBox", &format!("0 0 {w} {h}"))?;
    set("width", &w.to_string())?;
    set("height", &h.to_string())?;
    set("style", "")?;
    if let Some(theme) = doc
        .document_element()
        .and_then(|r| r.get_attribute("data-theme"))
    {
        set("data-theme", &theme)?;
    }
    // The request in flight is not part of the picture.
    if let Ok(packets) = copy.query_selector_all("[data-kind=Packet]") {
        for i in 0..packets.length() {
            if let Some(n) = packets.item(i) {
                if let Some(parent) = n.parent_node() {
                    let _ = parent.remove_child(&n);
                }
            }
        }
    }
    let style = doc.create_element_ns(Some(SVG_NS), "style").ok()?;
    // Inside the document, `:root` is the <svg> itself: the page's colour
    // variables apply as they are.
    style.set_text_content(Some(&page_css()));
    let bg = doc.create_element_ns(Some(SVG_NS), "rect").ok()?;
    bg.set_attribute("width", &w.to_string()).ok()?;
    bg.set_attribute("height", &h.to_string()).ok()?;
    bg.set_attribute("style", "fill: var(--topo-bg)").ok()?;
    let first = copy.first_child();
    copy.insert_before(&bg, first.as_ref()).ok()?;
    copy.insert_before(&style, Some(&bg)).ok()?;
    let text = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()?;
    Some(text)
}

/// `data:image/svg+xml,...` for an SVG document's text.
pub fn svg_data_url(text: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

fn save(href: &str, filename: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let a = doc
        .create_element("a")
        .ok()?
        .dyn_into::<HtmlAnchorElement>()
        .ok()?;
    a.set_href(href);
    a.set_download(filename);
    a.click();
    Some(())
}

/// Draws an SVG document on a canvas `PNG_SCALE` times the scene's size
/// and hands the PNG's data URL to `done` (`None` when it fails).
pub fn png_data_url(text: &str, w: i32, h: i32, done: impl FnOnce(Option<String>) + 'static) {
    let Ok(img) = HtmlImageElement::new() else {
        done(None);
        return;
    };
    let image = img.clone();
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let on_error = {
        let done = done.clone();
        Closure::once_into_js(move || {
            if let Some(d) = done.borrow_mut().take() {
                d(None)
            }
        })
    };
    let on_load = Closure::once_into_js(move || {
        let url = (|| {
            let doc = web_sys::window()?.document()?;
            let canvas = doc
                .create_element("canvas")
                .ok()?
                .dyn_into::<HtmlCanvasElement>()
                .ok()?;
            canvas.set_width((w as f64 * PNG_SCALE) as u32);
            canvas.set_height((h as f64 * PNG_SCALE) as u32);
            let ctx = canvas
                .get_context("2d")
                .ok()??
                .dyn_into::<web_sys::CanvasRenderingContext2d>()
                .ok()?;
            ctx.scale(PNG_SCALE, PNG_SCALE).ok()?;
            ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &image, 0.0, 0.0, w as f64, h as f64,
            )
            .ok()?;
            canvas.to_data_url_with_type("image/png").ok()
        })();
        if let Some(d) = done.borrow_mut().take() {
            d(url)
        }
    });
    img.set_onload(Some(on_load.unchecked_ref()));
    img.set_onerror(Some(on_error.unchecked_ref()));
    img.set_src(&svg_data_url(text));
}

/// The download buttons: the topology as `kubeplay-topology.svg` or
/// `.png`.
pub fn download(root: &Element, png: bool) {
    let Some(text) = svg_text(root) else {
        return;
    };
    let Some(svg) = root.query_selector("svg.topo").ok().flatten() else {
        return;
    };
    let (w, h) = scene_size(&svg);
    if png {
        png_data_url(&text, w, h, |url| {
            if let Some(url) = url {
                save(&url, "kubeplay-topology.png");
            }
        });
    } else {
        save(&svg_data_url(&text), "kubeplay-topology.svg");
    }
}
