// The example deck driving cross-origin playgrounds by postMessage, in
// headless Chromium over the DevTools protocol (no npm packages). Run by
// scripts/e2e-embed.sh, which serves the release build on two origins:
//
//   node --experimental-websocket scripts/e2e-embed.mjs DECK_ORIGIN APP_ORIGIN
//
// Everything is done from the deck page (the parent): its buttons, its
// postMessage calls, and a listener added before its own script that keeps
// every message the playgrounds send (with the origin the browser gives
// it). The playgrounds' documents are never read: they are cross-origin
// and sandboxed, and the test checks that the parent cannot reach them.
// Frames: 0 the topology slide, 1 the read-only terminal slide, 2 the
// lesson slide (deck.html).
import { launch } from "./cdp.mjs";

const [deckOrigin, appOrigin] = process.argv.slice(2);
const LESSON = "k8s-workloads-and-networking";

const started = Date.now();
const problems = []; // exceptions and console errors, shown on failure
let cdp;

async function finish(code) {
  await cdp?.close();
  process.exit(code);
}

function fail(message) {
  console.error(`e2e-embed: FAIL: ${message}`);
  for (const p of problems.slice(-20)) console.error(`  page said: ${p}`);
  return finish(1);
}

function ok(message) {
  console.log(`ok - ${message}`);
}

cdp = await launch({ prefix: "e2e-embed-", windowSize: "1280,800" }).catch((e) => fail(e.message));
const { send } = cdp;
cdp.onEvent((msg) => {
  if (msg.method === "Target.attachedToTarget") {
    // The playgrounds' out-of-process frames: only listened to, for the
    // failure report.
    const sid = msg.params.sessionId;
    send("Runtime.enable", {}, sid).catch(() => {});
    send("Log.enable", {}, sid).catch(() => {});
    send("Runtime.runIfWaitingForDebugger", {}, sid).catch(() => {});
  } else if (msg.method === "Runtime.exceptionThrown") {
    const d = msg.params.exceptionDetails;
    problems.push(`exception: ${d.exception?.description || d.text}`);
  } else if (msg.method === "Log.entryAdded") {
    const e = msg.params.entry;
    if (e.level === "error" && !(e.url || "").endsWith("/favicon.ico")) problems.push(`${e.source}: ${e.text}${e.url ? ` (${e.url})` : ""}`);
  } else if (msg.method === "Runtime.consoleAPICalled" && msg.params.type === "error") {
    problems.push(`console.error: ${msg.params.args.map((a) => a.value ?? a.description).join(" ")}`);
  }
});

// Kept before the deck's own script runs: every message a playground
// posts, with its frame's index and the sender's origin.
const LISTENER = `
window.__heard = [];
window.addEventListener("message", (e) => {
  const frames = Array.from(document.querySelectorAll("iframe.play"));
  let data;
  try { data = JSON.parse(JSON.stringify(e.data)); } catch { data = null; }
  window.__heard.push({ frame: frames.findIndex((f) => f.contentWindow === e.source), origin: e.origin, data });
});`;

const { targetId } = await send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
await send("Page.enable", {}, sessionId);
await send("Runtime.enable", {}, sessionId);
await send("Log.enable", {}, sessionId);
await send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
await send("Page.addScriptToEvaluateOnNewDocument", { source: LISTENER }, sessionId);

async function evaluate(expression) {
  const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId);
  if (r.exceptionDetails) {
    throw new Error(`in the deck: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
  }
  return r.result.value;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const heard = () => evaluate("window.__heard");

// Waits until an event from `frame` satisfies `pred`, among those heard
// after `since` (an index into the heard list).
async function waitEvent(frame, pred, what, since = 0, timeout = 20000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const all = await heard();
    const found = all.slice(since).find((h) => h.frame === frame && h.data && pred(h.data));
    if (found) return found;
    await sleep(50);
  }
  const all = await heard();
  const got = all.slice(since).filter((h) => h.frame === frame).map((h) => JSON.stringify(h.data).slice(0, 200));
  await fail(`frame ${frame}: no ${what} within ${timeout / 1000} s; heard: ${got.join(" | ") || "nothing"}`);
}

// Posts `message` to frame `i` from the deck, as its buttons do.
const post = (i, message) =>
  evaluate(`document.querySelectorAll("iframe.play")[${i}].contentWindow.postMessage(${JSON.stringify(message)}, "*")`);
const click = (selector) => evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);

let runId = 0;
// Runs a command in frame `i` and returns its output event's text.
async function run(i, command) {
  const id = `e2e-${++runId}`;
  const since = (await heard()).length;
  await post(i, { type: "kubeplay:run", command, id });
  const e = await waitEvent(i, (d) => d.type === "kubeplay:output" && d.id === id, `output of ${command}`, since);
  return e.data.output;
}
// Clicks a deck button (they number their requests) and returns the
// output event it brings.
async function clickRun(i, selector, what) {
  const since = (await heard()).length;
  await click(selector);
  const e = await waitEvent(i, (d) => d.type === "kubeplay:output", `output of ${what}`, since);
  return e.data.output;
}
function expect(cond, message) {
  if (!cond) return fail(message);
  ok(message);
}

// kubectl's AGE (HumanDuration: 45s, 2m30s, 3h, 2d5h, ...) in seconds.
function ageSeconds(output, name) {
  const line = output.split("\n").find((l) => l.startsWith(`${name} `));
  const age = line?.trim().split(/\s+/).pop();
  const parts = age?.match(/^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/);
  if (!parts || age === "") return null;
  const [y, d, h, m, s] = parts.slice(1).map((x) => Number(x || 0));
  return (((y * 365 + d) * 24 + h) * 60 + m) * 60 + s;
}
// How far frame `i`'s clock moves in `ms` of wall time, read from the AGE
// of Deployment `name`.
async function clockMoves(i, name, ms) {
  const a = ageSeconds(await run(i, `kubectl get deployment ${name}`), name);
  await sleep(ms);
  const b = ageSeconds(await run(i, `kubectl get deployment ${name}`), name);
  if (a === null || b === null) await fail(`frame ${i}: no AGE for deployment ${name}`);
  return b - a;
}

const deckUrl = `${deckOrigin}/deck.html?app=${encodeURIComponent(appOrigin + "/")}#2`;
await send("Page.navigate", { url: deckUrl }, sessionId);

// 1. Three playgrounds start, each in an opaque origin on origin B.
{
  const end = Date.now() + 45000;
  let ready = [];
  while (Date.now() < end) {
    const all = await heard().catch(() => []);
    ready = all.filter((h) => h.data?.type === "kubeplay:ready");
    if (new Set(ready.map((h) => h.frame)).size === 3) break;
    await sleep(100);
  }
  const frames = new Set(ready.map((h) => h.frame));
  await expect(frames.has(0) && frames.has(1) && frames.has(2), `three playgrounds said kubeplay:ready (got frames ${[...frames].join(",") || "none"})`);
  await expect(ready.every((h) => h.origin === "null"), `their messages come from an opaque origin ("null"; got ${[...new Set(ready.map((h) => h.origin))].join(", ")})`);
  const lesson = ready.find((h) => h.frame === 2).data;
  await expect(lesson.lesson === LESSON && lesson.step === 5 && lesson.version === 1 && lesson.steps > 6, `the lesson slide's playground is at step 5 of ${LESSON} (${JSON.stringify(lesson)})`);
}

// 2. The frames are sandboxed and cross-origin to the deck.
{
  const facts = await evaluate(`Array.from(document.querySelectorAll("iframe.play")).map((f) => {
    let reachable;
    try { reachable = f.contentWindow.document !== undefined; } catch (e) { reachable = e.name; }
    let href;
    try { href = f.contentWindow.location.href; } catch (e) { href = e.name; }
    return { sandbox: Array.from(f.sandbox), origin: new URL(f.src).origin, deck: location.origin, reachable, href };
  })`);
  await expect(facts.length === 3, "the deck has three playground frames");
  for (const [i, f] of facts.entries()) {
    await expect(f.sandbox.length === 1 && f.sandbox[0] === "allow-scripts", `frame ${i} is sandboxed with allow-scripts only (${f.sandbox.join(" ")})`);
    await expect(f.origin === appOrigin && f.origin !== f.deck, `frame ${i} is served from ${f.origin}, not the deck's ${f.deck}`);
    await expect(f.reachable === "SecurityError" && f.href === "SecurityError", `frame ${i}'s document and location are out of the deck's reach (${f.reachable}, ${f.href})`);
  }
}

// 3. The topology slide (shown): the deck's buttons run commands; the
// clock follows speed and slide:start / slide:stop.
{
  let out = await clickRun(0, "button[data-run='kubectl apply -f nginx.yaml']", "the apply button");
  await expect(out === "deployment.apps/nginx created\n", `apply button: ${JSON.stringify(out)}`);
  out = await clickRun(0, "button[data-run^='kubectl expose']", "the expose button");
  await expect(out === "service/nginx exposed\n", `expose button: ${JSON.stringify(out)}`);
  await click("button[data-speed='60']");
  let moved = await clockMoves(0, "nginx", 2000);
  await expect(moved >= 60, `after the 60x button and slide:start the clock runs fast (${moved} s simulated in 2 s)`);
  await post(0, "slide:stop");
  moved = await clockMoves(0, "nginx", 1500);
  await expect(moved === 0, `slide:stop pauses the clock (${moved} s simulated in 1.5 s)`);
  await post(0, { type: "kubeplay:speed", speed: 600 });
  await post(0, "slide:start");
  moved = await clockMoves(0, "nginx", 1500);
  await expect(moved >= 300, `slide:start resumes it, at the speed set by kubeplay:speed 600 (${moved} s simulated in 1.5 s)`);
  const since = (await heard()).length;
  await click("button[data-reset]");
  await waitEvent(0, (d) => d.type === "kubeplay:reset", "kubeplay:reset after the reset button", since);
  out = await run(0, "kubectl get deployments");
  await expect(out === "No resources found in default namespace.\n", `after reset the cluster is fresh: ${JSON.stringify(out)}`);
}

// 4. The read-only terminal slide, reached with the deck's arrow.
{
  await click("#next");
  const where = await evaluate(`document.getElementById("where").textContent`);
  await expect(where.startsWith("3 / 4"), `the deck shows slide 3 (${where})`);
  let out = await clickRun(1, "button[data-run='kubectl get pods -o wide']", "the get pods button");
  await expect(out === "No resources found in default namespace.\n", `read-only terminal, get pods button: ${JSON.stringify(out)}`);
  out = await clickRun(1, "button[data-apply]", "the ConfigMap button");
  await expect(out === "configmap/from-the-slide created\n", `apply message: ${JSON.stringify(out)}`);
  out = await run(1, "kubectl get configmap from-the-slide -o jsonpath='{.data.greeting}'");
  await expect(out === "hello", `the applied manifest is in the cluster: ${JSON.stringify(out)}`);
}

// 5. The lesson slide: a step done by messages, another step by the
// deck's button.
{
  await click("#next");
  let since = (await heard()).length;
  const manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\nspec:\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:stable\n";
  await post(2, { type: "kubeplay:apply", name: "nginx.yaml", manifest, id: 99 });
  let e = await waitEvent(2, (d) => d.type === "kubeplay:output" && d.id === 99, "output of the apply message", since);
  await expect(e.data.output === "deployment.apps/nginx created\n" && e.data.command === "kubectl apply -f nginx.yaml", `apply message: ${JSON.stringify(e.data)}`);
  await run(2, "sleep 10s");
  e = await waitEvent(2, (d) => d.type === "kubeplay:stepdone", "kubeplay:stepdone for step 5", since);
  await expect(e.data.step === 5 && e.data.id === "networking" && e.data.lesson === LESSON, `step 5 done: ${JSON.stringify(e.data)}`);
  since = (await heard()).length;
  await click("button[data-goto='6']");
  e = await waitEvent(2, (d) => d.type === "kubeplay:step", "kubeplay:step after the step 6 button", since);
  await expect(e.data.step === 6 && e.data.id === "service", `the step 6 button shows step 6: ${JSON.stringify(e.data)}`);
  await run(2, "kubectl expose deployment nginx --name nginx --port 80");
  e = await waitEvent(2, (d) => d.type === "kubeplay:stepdone" && d.step === 6, "kubeplay:stepdone for step 6", since);
  await expect(e.data.id === "service", `step 6 done: ${JSON.stringify(e.data)}`);
  since = (await heard()).length;
  await post(2, { type: "kubeplay:goto", step: 2 });
  e = await waitEvent(2, (d) => d.type === "kubeplay:step", "kubeplay:step after a goto message", since);
  await expect(e.data.step === 2 && e.data.id === "daemonset", `kubeplay:goto 2 shows step 2: ${JSON.stringify(e.data)}`);
}

// 6. Nothing went wrong on the way (in English).
{
  const all = await heard();
  const errors = all.filter((h) => h.data?.type === "kubeplay:error");
  await expect(errors.length === 0, `no kubeplay:error events (${errors.length})`);
  const strangers = all.filter((h) => h.frame < 0 && typeof h.data?.type === "string" && h.data.type.startsWith("kubeplay:"));
  await expect(strangers.length === 0, `every kubeplay event came from one of the frames (${strangers.length} did not)`);
}

// 7. The deck's language reaches its playgrounds: the deck in Korean,
// and a playground's answer in Korean too.
{
  await send("Page.navigate", { url: `${deckOrigin}/deck.html?lang=ko&app=${encodeURIComponent(appOrigin + "/")}#4` }, sessionId);
  const end = Date.now() + 45000;
  let ready = 0;
  while (Date.now() < end && ready < 3) {
    const all = await heard().catch(() => []);
    ready = new Set(all.filter((h) => h.data?.type === "kubeplay:ready").map((h) => h.frame)).size;
    await sleep(100);
  }
  await expect(ready === 3, `in Korean, three playgrounds said kubeplay:ready again (${ready})`);
  const where = await evaluate(`document.getElementById("where").textContent`);
  await expect(where === "4 / 4: 수업", `the deck speaks Korean (${where})`);
  const srcs = await evaluate(`Array.from(document.querySelectorAll("iframe.play")).map((f) => new URL(f.src).searchParams.get("lang"))`);
  await expect(srcs.every((l) => l === "ko"), `the frames are asked for Korean (${srcs.join(",")})`);
  const since = (await heard()).length;
  await post(2, { type: "kubeplay:lesson", name: "no-such-lesson" });
  const e = await waitEvent(2, (d) => d.type === "kubeplay:error", "kubeplay:error for an unknown lesson", since);
  await expect(e.data.message.includes("내장 수업은 없습니다"), `the playground answers in Korean: ${JSON.stringify(e.data.message)}`);
}

// 8. Without ?app= the deck embeds the playground beside it (the deck
// served from the playground's own site).
{
  await send("Page.navigate", { url: `${appOrigin}/deck.html?lang=en#2` }, sessionId);
  const end = Date.now() + 45000;
  let ready = [];
  while (Date.now() < end && new Set(ready.map((h) => h.frame)).size < 3) {
    const all = await heard().catch(() => []);
    ready = all.filter((h) => h.data?.type === "kubeplay:ready");
    await sleep(100);
  }
  await expect(new Set(ready.map((h) => h.frame)).size === 3, "without ?app=, the playgrounds beside the deck start");
  const origins = await evaluate(`Array.from(document.querySelectorAll("iframe.play")).map((f) => new URL(f.src).origin)`);
  await expect(origins.every((o) => o === appOrigin), `they are the deck's neighbours (${[...new Set(origins)].join(", ")})`);
  const out = await run(0, "kubectl get nodes -o name");
  await expect(out.startsWith("node/desktop-control-plane\n"), `and answer: ${JSON.stringify(out)}`);
}

console.log(`e2e-embed: all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await finish(0);
