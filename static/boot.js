// Starts kubeplay. Trunk names the wasm-bindgen module and the wasm file
// with a content hash and passes them in this script's data attributes
// (Trunk.toml's pattern_script); loading them from here, rather than from
// an inline script, lets the page's Content-Security-Policy forbid inline
// scripts.
//
// Release builds ship the wasm LZMA-compressed (`*_bg.wasm.lzma`, made by
// scripts/pack-wasm.py): it is fetched and decoded here with lzma.js, and
// the bytes handed to wasm-bindgen. Debug builds ship the plain wasm, which
// wasm-bindgen fetches and compiles as it streams in.
const me = document.querySelector("script[data-kubeplay-js]");
const wasmUrl = me.dataset.kubeplayWasm;
const packed = wasmUrl.endsWith(".lzma");
// The glue module, the decoder and the wasm are requested together.
const glue = import(me.dataset.kubeplayJs);
const decoder = packed ? import("./lzma.js") : null;
const wasm = packed ? fetchBytes(wasmUrl) : null;

async function fetchBytes(url) {
  // The same integrity as Trunk's preload of the file (pack-wasm.py sets
  // it), so that the browser hands over the preloaded response.
  const href = new URL(url, document.baseURI).href;
  const preload = [...document.querySelectorAll("link[rel=preload][integrity]")].find((l) => l.href === href);
  const response = await fetch(url, preload ? { integrity: preload.integrity } : {});
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// WebAssembly's magic number: a server that already decompressed the file
// (or a plain file under the packed name) needs no decoding.
function isWasm(bytes) {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

try {
  const { default: init } = await glue;
  let moduleOrPath = wasmUrl;
  if (packed) {
    const bytes = await wasm;
    const { decodeLzma } = await decoder;
    performance.mark("kubeplay-decode-start");
    moduleOrPath = isWasm(bytes) ? bytes : decodeLzma(bytes);
    performance.measure("kubeplay-decode", "kubeplay-decode-start");
  }
  await init({ module_or_path: moduleOrPath });
} catch (error) {
  // Plain text only: the message may quote the server or the data.
  const app = document.getElementById("app");
  if (app && app.childElementCount === 0) {
    app.textContent = `kubeplay could not start: ${error && error.message ? error.message : error}`;
  }
  throw error;
}
