// Headless Chromium over the DevTools protocol, with node's own WebSocket
// (node >= 20 with --experimental-websocket; no npm packages). Shared by
// scripts/tti.mjs and scripts/e2e-embed.mjs.
//
//   const cdp = await launch({ prefix: "tti-", windowSize: "1280,720" });
//   cdp.onEvent((msg) => ...);            // every message that is not a reply
//   await cdp.send(method, params, sessionId);
//   await cdp.close();                    // ends Chromium, removes its profile
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function launch({ prefix, windowSize }) {
  const chromium = process.env.CHROMIUM || "chromium";
  const profile = mkdtempSync(join(tmpdir(), prefix));
  const browser = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", `--user-data-dir=${profile}`, `--window-size=${windowSize}`,
    "--remote-debugging-port=0", "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let exited = false;
  const exit = new Promise((r) => browser.on("exit", () => { exited = true; r(); }));
  let ws;

  async function close() {
    try {
      ws?.close();
    } catch {
      // already closed
    }
    if (!exited) {
      browser.kill();
      await exit;
    }
    try {
      rmSync(profile, { recursive: true, force: true });
    } catch {
      // Chromium's helpers may still hold the profile; it is in the temp dir.
    }
  }

  let wsUrl;
  try {
    wsUrl = await new Promise((resolve, reject) => {
      let err = "";
      browser.stderr.on("data", (d) => {
        err += d;
        const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
        if (m) resolve(m[1]);
      });
      browser.on("exit", () => reject(new Error("chromium exited: " + err)));
    });
  } catch (e) {
    await close();
    throw e;
  }

  ws = new WebSocket(wsUrl);
  await new Promise((r) => ws.addEventListener("open", r, { once: true }));
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    } else {
      for (const l of listeners) l(msg);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  return { send, onEvent: (l) => listeners.push(l), close };
}
