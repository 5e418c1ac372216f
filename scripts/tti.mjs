// Time to interactive: navigation start to the first paint of the
// topology, from the Performance API, in headless Chromium (issue 8 item 5;
// BENCHMARKS.md "Time to interactive"). Driven by scripts/tti.sh.
//
//   node --experimental-websocket scripts/tti.mjs URL RUNS
//
// Before the page's own scripts run, an observer is added through the
// DevTools protocol (so the page's Content-Security-Policy is untouched):
// when the topology SVG first holds a drawn node, the next animation frame
// (the frame that paints it) records performance.now(), which counts from
// navigation start. Each run uses a fresh page with the cache disabled.
import { launch } from "./cdp.mjs";

const [url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const { send, close } = await launch({ prefix: "tti-", windowSize: "1280,720" });

const OBSERVER = `
(() => {
  const done = () => {
    const svg = document.querySelector("svg[aria-label='cluster topology']");
    return svg && svg.querySelector("[data-kind='Node']");
  };
  const mark = () => requestAnimationFrame(() => {
    window.__tti = performance.now();
    performance.mark("kubeplay-topology-painted");
  });
  const obs = new MutationObserver(() => {
    if (done()) { obs.disconnect(); mark(); }
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

const results = [];
for (let i = 0; i < runs; i++) {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  await send("Network.enable", {}, sessionId);
  await send("Network.setCacheDisabled", { cacheDisabled: true }, sessionId);
  await send("Page.addScriptToEvaluateOnNewDocument", { source: OBSERVER }, sessionId);
  await send("Page.navigate", { url }, sessionId);
  let tti = null;
  for (let t = 0; t < 300 && tti === null; t++) {
    await new Promise((r) => setTimeout(r, 50));
    const { result } = await send("Runtime.evaluate", {
      expression: "window.__tti ?? null", returnByValue: true,
    }, sessionId);
    tti = result.value;
  }
  const { result: nav } = await send("Runtime.evaluate", {
    expression: "JSON.stringify((() => { const n = performance.getEntriesByType('navigation')[0]; const d = performance.getEntriesByName('kubeplay-decode')[0]; return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, decode: d ? d.duration : null }; })())",
    returnByValue: true,
  }, sessionId);
  results.push({ tti, ...JSON.parse(nav.value) });
  await send("Target.closeTarget", { targetId });
}
await close();

const ttis = results.map((r) => r.tti).filter((x) => x !== null).sort((a, b) => a - b);
for (const [i, r] of results.entries()) {
  console.log(`run ${i + 1}: topology painted ${r.tti === null ? "never (15 s)" : r.tti.toFixed(0) + " ms"}, DOMContentLoaded ${r.dcl.toFixed(0)} ms, load ${r.load.toFixed(0)} ms${r.decode === null ? "" : `, LZMA decode ${r.decode.toFixed(0)} ms`}`);
}
if (ttis.length === 0) {
  console.log("time to interactive: the topology was never painted");
  process.exit(1);
}
const median = ttis[Math.floor(ttis.length / 2)];
console.log(`time to interactive (median of ${ttis.length}): ${median.toFixed(0)} ms (min ${ttis[0].toFixed(0)}, max ${ttis[ttis.length - 1].toFixed(0)})`);
