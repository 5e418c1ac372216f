// Starts kubeplay. Trunk names the wasm-bindgen module and the wasm file
// with a content hash and passes them in this script's data attributes
// (Trunk.toml's pattern_script); loading them from here, rather than from
// an inline script, lets the page's Content-Security-Policy forbid inline
// scripts.
const me = document.querySelector("script[data-kubeplay-js]");
const { default: init } = await import(me.dataset.kubeplayJs);
await init({ module_or_path: me.dataset.kubeplayWasm });
