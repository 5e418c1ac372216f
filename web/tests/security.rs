//! Issue 8 item 4 in headless Chromium: text from manifests, commands,
//! logs and HTTP responses never becomes markup in the page; served HTML
//! renders only in a sandboxed iframe without scripts or the page's
//! origin; the Content-Security-Policy allows only what the app needs.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kubeplay-web --target
//! wasm32-unknown-unknown --test security`

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Script that would run if any of the attempts below became markup.
const IMG: &str = "<img src=x onerror=window.pwned=1>";

fn pwned() -> bool {
    let window = web_sys::window().expect("a window");
    js_sys::Reflect::get(&window, &JsValue::from_str("pwned"))
        .map(|v| !v.is_undefined())
        .unwrap_or(true)
}

/// Nothing in the whole document came from the attempts: no element they
/// would create, no event-handler attribute, no script but the runner's.
fn no_injected_markup() {
    let doc = document();
    for selector in [
        "img[src='x']",
        "[onerror]",
        "[onload]",
        "[onclick]",
        "b.injected",
        "iframe:not([sandbox])",
    ] {
        let found = doc.query_selector_all(selector).expect("valid selector");
        assert_eq!(found.length(), 0, "{selector} found in the page");
    }
    let scripts = doc.query_selector_all("script").expect("valid selector");
    for i in 0..scripts.length() {
        let text = scripts
            .item(i)
            .and_then(|s| s.text_content())
            .unwrap_or_default();
        assert!(!text.contains("pwned"), "an injected script: {text}");
    }
    assert!(!pwned(), "injected script ran");
}

#[wasm_bindgen_test]
async fn markup_in_names_annotations_commands_and_logs_stays_text() {
    let page = Page::open(1).await;
    // A name the API server refuses: its error quotes the name.
    page.type_line("kubectl run '<b class=injected>x</b>' --image=nginx")
        .await;
    assert!(page
        .terminal()
        .contains("The Pod \"<b class=injected>x</b>\" is invalid"));
    // An annotation, shown by describe; a pod whose log line is markup.
    page.type_line(&format!(
        "kubectl run web --image=nginx:1.27 --labels=app=web --annotations='note={IMG}'"
    ))
    .await;
    page.type_line(&format!(
        "kubectl run talker --image=busybox:1.36 -- sh -c 'echo \"{IMG}\"; sleep 3600'"
    ))
    .await;
    page.type_line("kubectl expose pod web --port=80").await;
    // An Ingress whose path and rewrite-target are markup: both are drawn
    // in the topology's routing table.
    page.type_line(&format!(
        "kubectl create ingress evil --class=nginx --rule='/<script>window.pwned()</script>=web:80' --annotation='nginx.ingress.kubernetes.io/rewrite-target={IMG}'"
    ))
    .await;
    page.type_line("sleep 20").await;
    page.type_line("kubectl describe pod web").await;
    assert!(page.terminal().contains(&format!("note: {IMG}")));
    page.type_line("kubectl logs talker").await;
    assert!(page.last_output().contains(IMG), "{}", page.last_output());
    page.type_line(&format!("echo '{IMG}' \"<b class=injected>b</b>\""))
        .await;
    page.type_line(&format!("curl -s http://localhost/'{IMG}'"))
        .await;
    pause(300).await;
    let row = page
        .find("[data-kind='Ingress'][data-name='evil']")
        .expect("the Ingress rule is drawn");
    assert_eq!(
        row.get_attribute("data-path").as_deref(),
        Some("/<script>window.pwned()</script>")
    );
    let drawn = page
        .find("svg.topo[aria-label='cluster topology']")
        .and_then(|s| s.text_content())
        .unwrap_or_default();
    assert!(drawn.contains("<script>window.pwned()</script>"), "{drawn}");
    no_injected_markup();
}

#[wasm_bindgen_test]
async fn served_html_renders_only_in_a_sandbox_without_scripts_or_origin() {
    let page = Page::open(1).await;
    page.type_line(
        r#"kubectl create configmap page --from-literal=index.html='<html><body><h1 class=injected>served</h1><script>window.parent.pwned=1;window.top.pwned=1</script><img src=x onerror=parent.pwned=1></body></html>'"#,
    )
    .await;
    page.paste(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: site\n  labels:\n    app: site\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    volumeMounts:\n    - name: page\n      mountPath: /usr/share/nginx/html\n  volumes:\n  - name: page\n    configMap:\n      name: page\nEOF\n",
    )
    .await;
    page.paste("kubectl create service nodeport site --tcp=80:80 --node-port=31888\n")
        .await;
    page.type_line("sleep 30").await;
    page.browse("http://localhost:31888").await;
    pause(300).await;
    let frame = page.frame();
    let sandbox = frame.get_attribute("sandbox").expect("a sandbox attribute");
    for token in [
        "allow-scripts",
        "allow-same-origin",
        "allow-top-navigation",
        "allow-popups",
    ] {
        assert!(!sandbox.contains(token), "sandbox={sandbox:?}");
    }
    let doc = frame.get_attribute("srcdoc").unwrap_or_default();
    assert!(doc.contains("<h1 class=injected>served</h1>"), "{doc}");
    // An opaque origin: the page cannot be reached from here, nor we from it.
    assert!(frame.content_document().is_none());
    assert!(page.find(".browser h1").is_none());
    assert!(document().query_selector("h1.injected").unwrap().is_none());
    no_injected_markup();
}

/// The Content-Security-Policy of index.html, directive by directive.
fn csp() -> Vec<(String, Vec<String>)> {
    let html = include_str!("../../index.html");
    let start = html
        .find("http-equiv=\"Content-Security-Policy\"")
        .expect("index.html has a CSP meta tag");
    let rest = &html[start..];
    let content = rest
        .split("content=\"")
        .nth(1)
        .and_then(|c| c.split('"').next())
        .expect("the CSP has content");
    content
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            let name = words.next().unwrap_or_default();
            (name, words.collect())
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_content_security_policy_is_minimal() {
    let policy = csp();
    let get = |name: &str| -> Vec<String> {
        policy
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name} directive"))
    };
    // Everything not named is forbidden.
    assert_eq!(get("default-src"), ["'none'"]);
    // Our own scripts (boot.js and the wasm-bindgen module) and compiling
    // our WebAssembly; no inline script, no eval.
    assert_eq!(get("script-src"), ["'self'", "'wasm-unsafe-eval'"]);
    // The stylesheet, plus inline style attributes (Yew sets `style`, and
    // a served page's own <style> renders in its sandboxed frame).
    assert_eq!(get("style-src"), ["'self'", "'unsafe-inline'"]);
    // The favicon; `data:` for the topology's PNG export, which draws the
    // SVG (a `data:image/svg+xml` URL) on a canvas. Images cannot run script.
    assert_eq!(get("img-src"), ["'self'", "data:"]);
    assert_eq!(get("connect-src"), ["'self'"]);
    assert_eq!(get("base-uri"), ["'none'"]);
    assert_eq!(get("form-action"), ["'none'"]);
    let names: Vec<&str> = policy.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "default-src",
            "script-src",
            "style-src",
            "img-src",
            "connect-src",
            "base-uri",
            "form-action"
        ]
    );
    for (name, sources) in &policy {
        for s in sources {
            // `data:` images only: the PNG export (checked above).
            let image_data = name == "img-src" && s == "data:";
            assert!(
                image_data
                    || !matches!(
                        s.as_str(),
                        "*" | "'unsafe-eval'" | "http:" | "https:" | "data:" | "blob:"
                    ),
                "{name} allows {s}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn no_component_writes_html() {
    // The components render text through Yew's virtual DOM (text nodes and
    // attributes); none of them hands a string to the HTML parser.
    for (file, src) in [
        ("app.rs", include_str!("../src/components/app.rs")),
        ("browser.rs", include_str!("../src/components/browser.rs")),
        ("editor.rs", include_str!("../src/components/editor.rs")),
        ("terminal.rs", include_str!("../src/components/terminal.rs")),
        ("topbar.rs", include_str!("../src/components/topbar.rs")),
        ("topology.rs", include_str!("../src/components/topology.rs")),
        ("lib.rs", include_str!("../src/lib.rs")),
    ] {
        for needle in [
            "inner_html",
            "outer_html",
            "from_html_unchecked",
            "insert_adjacent_html",
            "innerHTML",
            "document.write",
            "create_contextual_fragment",
        ] {
            assert!(!src.contains(needle), "{file} uses {needle}");
        }
    }
}
