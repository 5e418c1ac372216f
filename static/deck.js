// The example deck's script (a file, so the page's CSP forbids inline
// scripts). It shows one slide at a time, tells the playgrounds on the
// slide shown "slide:start" and the others "slide:stop" (as reveal.js
// does), sends the buttons' messages (EMBED.md) and prints the events the
// playgrounds send back.
"use strict";

const slides = Array.from(document.querySelectorAll(".slide"));
const where = document.getElementById("where");
const log = document.getElementById("log");
let current = 0;

// Where the playground lives: beside the deck by default, or the site named
// by deck.html?app=URL (e.g. ?app=https://USER.github.io/kubeplay/). The
// frames' addresses (data-src) are read relative to it, so the same deck
// can embed a playground published on another origin.
function appBase() {
  const param = new URLSearchParams(location.search).get("app");
  if (param) {
    try {
      const u = new URL(param, location.href);
      if (u.protocol === "https:" || u.protocol === "http:") {
        if (!u.pathname.endsWith("/")) u.pathname += "/";
        u.search = "";
        u.hash = "";
        return u;
      }
    } catch {
      // Not a URL: the playground beside the deck.
    }
  }
  return new URL("./", location.href);
}
const base = appBase();

// The deck's language: ?lang=ko|en, else the browser's. The page holds
// every text in both (lang="en" / lang="ko"; deck.css hides the other), and
// the playgrounds get the same language.
const lang = (() => {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "ko" || asked === "en") return asked;
  return (navigator.language || "").toLowerCase().startsWith("ko") ? "ko" : "en";
})();
document.documentElement.lang = lang;
if (lang === "ko") {
  document.querySelectorAll("[data-label-ko]").forEach((e) => e.setAttribute("aria-label", e.dataset.labelKo));
  document.querySelectorAll("iframe[data-title-ko]").forEach((e) => { e.title = e.dataset.titleKo; });
}
const title = (slide) => (lang === "ko" && slide.dataset.titleKo) || slide.dataset.title;

document.querySelectorAll("iframe.play[data-src]").forEach((f) => {
  const url = new URL(f.dataset.src, base);
  url.searchParams.set("lang", lang);
  f.src = url.href;
});

function frames(slide) {
  return Array.from(slide.querySelectorAll("iframe.play"));
}

function send(frame, message) {
  if (frame.contentWindow) {
    // The frames are sandboxed without allow-same-origin (an opaque
    // origin), so the target origin can only be "*".
    frame.contentWindow.postMessage(message, "*");
  }
}

function show(i) {
  current = Math.max(0, Math.min(slides.length - 1, i));
  slides.forEach((s, n) => {
    s.hidden = n !== current;
    frames(s).forEach((f) => send(f, n === current ? "slide:start" : "slide:stop"));
  });
  where.textContent = `${current + 1} / ${slides.length}: ${title(slides[current])}`;
  history.replaceState(null, "", `#${current + 1}`);
}

document.addEventListener("keydown", (e) => {
  if (e.target instanceof HTMLElement && e.target.closest("button, input, textarea")) return;
  if (e.key === "ArrowRight" || e.key === "PageDown" || e.key === " ") {
    show(current + 1);
    e.preventDefault();
  } else if (e.key === "ArrowLeft" || e.key === "PageUp") {
    show(current - 1);
    e.preventDefault();
  }
});
document.getElementById("prev").addEventListener("click", () => show(current - 1));
document.getElementById("next").addEventListener("click", () => show(current + 1));

let nextId = 1;
document.querySelectorAll(".controls button").forEach((b) => {
  b.addEventListener("click", () => {
    const frame = b.closest(".row").querySelector("iframe.play");
    const d = b.dataset;
    if (d.run !== undefined) send(frame, { type: "kubeplay:run", command: d.run, id: nextId++ });
    if (d.apply !== undefined) send(frame, { type: "kubeplay:apply", name: "slide.yaml", manifest: d.apply, id: nextId++ });
    if (d.goto !== undefined) send(frame, { type: "kubeplay:goto", step: Number(d.goto) });
    if (d.speed !== undefined) send(frame, { type: "kubeplay:speed", speed: Number(d.speed) });
    if (d.autoplay !== undefined) send(frame, { type: "kubeplay:autoplay", on: d.autoplay === "true" });
    if (d.reset !== undefined) send(frame, { type: "kubeplay:reset" });
  });
});

// Only the playgrounds' own messages, and never as code: their fields are
// shown as text.
window.addEventListener("message", (e) => {
  const d = e.data;
  if (!d || typeof d !== "object" || typeof d.type !== "string" || !d.type.startsWith("kubeplay:")) return;
  if (!frames(document).some((f) => f.contentWindow === e.source)) return;
  let line = d.type.slice("kubeplay:".length);
  if (d.type === "kubeplay:ready") {
    // A playground that loads after its slide was shown starts now; one on
    // another slide waits (the first slide:stop came before it listened).
    const frame = frames(document).find((f) => f.contentWindow === e.source);
    if (frame) send(frame, frame.closest(".slide").hidden ? "slide:stop" : "slide:start");
  }
  if (typeof d.step === "number") line += ` ${d.step}`;
  if (typeof d.id === "string" && d.type !== "kubeplay:output") line += ` (${d.id})`;
  if (typeof d.output === "string") line += `: ${d.output.split("\n")[0]}`;
  log.textContent = line;
});

// deck.html#3 opens the third slide.
show(Number(location.hash.slice(1) || 1) - 1 || 0);
