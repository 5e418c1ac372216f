//! The page embedded in slides: a postMessage API for the embedding page
//! (documented in `static/EMBED.md`) and the events sent back to it.
//!
//! Every incoming message is validated ([`parse`]: a JSON object with a
//! known `type` and fields of the right type and size, or reveal.js's
//! `slide:start`/`slide:stop` strings); anything else is ignored. Nothing
//! is ever evaluated: commands go to the simulated shell only. Events go
//! to `window.parent` (target origin `*`: the embedding page, whatever
//! its origin, may drive and hear the playground; it holds nothing but the
//! simulated cluster).

use crate::guide::{GuideEvent, Lessons};
use crate::model::{Line, Model};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The protocol's version, sent in `kubeplay:ready`.
pub const VERSION: u32 = 1;
/// Limits on what a message may carry.
const MAX_COMMAND: usize = 10_000;
const MAX_MANIFEST: usize = 200_000;
const MAX_ID: usize = 200;
const MAX_MESSAGE: usize = 256 * 1024;

/// A message from the embedding page.
#[derive(Clone, Debug, PartialEq)]
pub enum Inbound {
    /// Run shell lines as if typed.
    Run {
        command: String,
        id: Option<Value>,
    },
    /// Put a manifest in an editor tab and apply it.
    Apply {
        name: String,
        manifest: String,
        id: Option<Value>,
    },
    /// Open a built-in lesson (at a step, 0-based).
    Lesson {
        name: String,
        step: Option<usize>,
    },
    /// Show a step of the open lesson (0-based).
    Goto {
        step: usize,
    },
    /// A fresh cluster with the page's seed and profile; the lesson starts
    /// over.
    Reset,
    Speed {
        speed: u32,
    },
    Clock {
        playing: bool,
    },
    Autoplay {
        on: bool,
    },
    /// reveal.js: the slide holding the iframe is shown / left.
    SlideStart,
    SlideStop,
}

/// A message's request id: a short string or a number, echoed back.
fn id_of(v: &Value) -> Option<Value> {
    match v.get("id")? {
        Value::String(s) if s.chars().count() <= MAX_ID => Some(Value::String(s.clone())),
        Value::Number(n) => Some(Value::Number(n.clone())),
        _ => None,
    }
}

fn file_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Reads a message's data as the page received it: a string (reveal.js
/// sends `slide:start`) or the JSON text of an object. `None` for
/// anything not in the protocol.
pub fn parse(data: &str, is_string: bool) -> Option<Inbound> {
    if is_string {
        return match data {
            "slide:start" => Some(Inbound::SlideStart),
            "slide:stop" => Some(Inbound::SlideStop),
            _ => None,
        };
    }
    if data.len() > MAX_MESSAGE {
        return None;
    }
    let v: Value = serde_json::from_str(data).ok()?;
    let ty = v.get("type")?.as_str()?.strip_prefix("kubeplay:")?;
    let text = |key: &str, max: usize| {
        v.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty() && s.len() <= max)
            .map(str::to_string)
    };
    let index = |key: &str| {
        v.get(key)
            .and_then(Value::as_u64)
            .filter(|n| (1..=10_000).contains(n))
            .map(|n| n as usize - 1)
    };
    match ty {
        "run" => Some(Inbound::Run {
            command: text("command", MAX_COMMAND)?,
            id: id_of(&v),
        }),
        "apply" => {
            let name = match v.get("name") {
                None | Some(Value::Null) => "embedded.yaml".to_string(),
                Some(n) => n.as_str().filter(|n| file_name_ok(n))?.to_string(),
            };
            Some(Inbound::Apply {
                name,
                manifest: text("manifest", MAX_MANIFEST)?,
                id: id_of(&v),
            })
        }
        "lesson" => Some(Inbound::Lesson {
            name: text("name", 100)?,
            step: match v.get("step") {
                None | Some(Value::Null) => None,
                Some(_) => Some(index("step")?),
            },
        }),
        "goto" => Some(Inbound::Goto {
            step: index("step")?,
        }),
        "reset" => Some(Inbound::Reset),
        "speed" => Some(Inbound::Speed {
            speed: v
                .get("speed")?
                .as_u64()
                .filter(|s| (1..=3600).contains(s))? as u32,
        }),
        "clock" => Some(Inbound::Clock {
            playing: v.get("playing")?.as_bool()?,
        }),
        "autoplay" => Some(Inbound::Autoplay {
            on: v.get("on")?.as_bool()?,
        }),
        _ => None,
    }
}

/// The text printed by the terminal blocks after block `after`.
fn output_since(m: &Model, after: u64) -> String {
    let mut out = String::new();
    for b in m.term.blocks.iter().filter(|b| b.id > after) {
        for l in &b.lines {
            if let Line::Out { text, .. } = l {
                out.push_str(&kubectl::ansi::strip(text));
            }
        }
    }
    out
}

fn last_block(m: &Model) -> u64 {
    m.term.blocks.last().map(|b| b.id).unwrap_or(0)
}

/// Carries out a message; returns the reply to send, if any.
pub fn handle(msg: Inbound, m: &mut Model, l: &mut Lessons) -> Option<Value> {
    match msg {
        Inbound::Run { command, id } => {
            // The slide's command runs now and answers with its output,
            // not queued behind the work of the one before.
            m.finish_work();
            let before = last_block(m);
            Lessons::run_command(m, &command);
            Some(json!({
                "type": "kubeplay:output",
                "id": id,
                "command": command,
                "output": output_since(m, before),
            }))
        }
        Inbound::Apply { name, manifest, id } => {
            m.finish_work();
            m.open_file(&name, &manifest, true, true);
            let before = last_block(m);
            m.apply_active();
            Some(json!({
                "type": "kubeplay:output",
                "id": id,
                "command": format!("kubectl apply -f {name}"),
                "output": output_since(m, before),
            }))
        }
        Inbound::Lesson { name, step } => {
            if !l.open_builtin(m, &name, step) {
                return Some(json!({
                    "type": "kubeplay:error",
                    "message": l.error.clone().unwrap_or_default(),
                }));
            }
            None
        }
        Inbound::Goto { step } => {
            l.goto(m, step);
            None
        }
        Inbound::Reset => {
            // The top bar's Reset: the session's seed and profile, a new
            // log (autosave and links follow), revisions moved on, the
            // tabs, clock speed and play state kept.
            let seed = m.log.seed;
            crate::session::reset(m, seed);
            l.restart(m);
            Some(json!({"type": "kubeplay:reset"}))
        }
        Inbound::Speed { speed } => {
            m.set_speed(speed);
            None
        }
        Inbound::Clock { playing } => {
            m.set_playing(playing);
            None
        }
        Inbound::Autoplay { on } => {
            l.set_autoplay(on);
            None
        }
        Inbound::SlideStart => {
            m.set_playing(true);
            if l.guide.as_ref().is_some_and(|g| g.autoplay.is_some()) {
                l.set_autoplay(true);
            }
            None
        }
        Inbound::SlideStop => {
            m.set_playing(false);
            if l.autoplaying() {
                l.set_autoplay(false);
            }
            None
        }
    }
}

/// A guide event as sent to the embedding page (steps count from 1).
pub fn event_json(e: &GuideEvent) -> Value {
    match e {
        GuideEvent::Opened { lesson, steps } => {
            json!({"type": "kubeplay:lesson", "lesson": lesson, "steps": steps})
        }
        GuideEvent::Step { lesson, index, id } => {
            json!({"type": "kubeplay:step", "lesson": lesson, "step": index + 1, "id": id})
        }
        GuideEvent::StepDone { lesson, index, id } => {
            json!({"type": "kubeplay:stepdone", "lesson": lesson, "step": index + 1, "id": id})
        }
        GuideEvent::Complete { lesson } => json!({"type": "kubeplay:complete", "lesson": lesson}),
    }
}

/// `kubeplay:ready`, with the lesson open, if any.
pub fn ready_json(l: &Lessons) -> Value {
    let g = l.guide.as_ref();
    json!({
        "type": "kubeplay:ready",
        "version": VERSION,
        "lesson": g.map(|g| g.lesson.id.clone()),
        "step": g.map(|g| g.current() + 1),
        "steps": g.map(|g| g.total()),
    })
}

thread_local! {
    /// The window that last sent a valid message (the embedding page, or
    /// a frame of it): it hears the events too.
    static CONTROLLER: std::cell::RefCell<Option<wasm_bindgen::JsValue>> =
        const { std::cell::RefCell::new(None) };
}

fn post_to(target: &wasm_bindgen::JsValue, data: &wasm_bindgen::JsValue) {
    use wasm_bindgen::JsCast;
    // A cross-origin window is not `instanceof Window` here; postMessage
    // is the one method it offers.
    let w: &web_sys::Window = target.unchecked_ref();
    let _ = w.post_message(data, "*");
}

/// Posts `v` to the embedding page (when framed) and to the window that
/// last sent a message, if another.
pub fn post(v: &Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(data) = js_sys::JSON::parse(&v.to_string()) else {
        return;
    };
    let parent = window
        .parent()
        .ok()
        .flatten()
        .filter(|p| !js_sys::Object::is(p, &window))
        .map(wasm_bindgen::JsValue::from);
    if let Some(p) = &parent {
        post_to(p, &data);
    }
    let controller = CONTROLLER.with(|c| c.borrow().clone());
    if let Some(c) = controller {
        if parent.as_ref().is_none_or(|p| !js_sys::Object::is(p, &c)) {
            post_to(&c, &data);
        }
    }
}

/// Listens for the embedding page's messages while the app lives, and
/// says `kubeplay:ready` once.
#[hook]
pub fn use_embed(model: Rc<RefCell<Model>>, lessons: Rc<RefCell<Lessons>>, refresh: Callback<()>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            let (model, lessons) = (model.clone(), lessons.clone());
            gloo::events::EventListener::new(&window, "message", move |ev| {
                let Some(ev) = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(ev) else {
                    return;
                };
                let data = ev.data();
                let msg = match data.as_string() {
                    Some(s) => parse(&s, true),
                    None if data.is_object() => js_sys::JSON::stringify(&data)
                        .ok()
                        .and_then(|s| s.as_string())
                        .and_then(|s| parse(&s, false)),
                    None => None,
                };
                let Some(msg) = msg else {
                    return;
                };
                if let Some(source) = ev.source() {
                    let source = wasm_bindgen::JsValue::from(source);
                    if !source.is_null() && !source.is_undefined() {
                        CONTROLLER.with(|c| *c.borrow_mut() = Some(source));
                    }
                }
                let reset = msg == Inbound::Reset;
                let reply = {
                    let (Ok(mut m), Ok(mut l)) = (model.try_borrow_mut(), lessons.try_borrow_mut())
                    else {
                        return;
                    };
                    let reply = handle(msg, &mut m, &mut l);
                    crate::components::lesson::persist(&mut l);
                    reply
                };
                if let Some(r) = reply {
                    post(&r);
                }
                refresh.emit(());
                if reset {
                    // The new model has not measured the topology pane.
                    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new("resize")) {
                        let _ = w.dispatch_event(&e);
                    }
                }
            })
        });
        post(&ready_json(&lessons.borrow()));
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Config;

    #[test]
    fn messages_are_validated() {
        assert_eq!(parse("slide:start", true), Some(Inbound::SlideStart));
        assert_eq!(parse("slide:stop", true), Some(Inbound::SlideStop));
        assert_eq!(parse("{\"type\":\"kubeplay:reset\"}", true), None);
        assert_eq!(
            parse(
                r#"{"type":"kubeplay:run","command":"kubectl get pods","id":7}"#,
                false
            ),
            Some(Inbound::Run {
                command: "kubectl get pods".into(),
                id: Some(json!(7))
            })
        );
        for bad in [
            "",
            "[]",
            "null",
            r#"{"type":"run","command":"ls"}"#,
            r#"{"type":"kubeplay:run"}"#,
            r#"{"type":"kubeplay:run","command":"  "}"#,
            r#"{"type":"kubeplay:run","command":42}"#,
            r#"{"type":"kubeplay:eval","code":"alert(1)"}"#,
            r#"{"type":"kubeplay:goto","step":0}"#,
            r#"{"type":"kubeplay:goto","step":-1}"#,
            r#"{"type":"kubeplay:goto","step":"2"}"#,
            r#"{"type":"kubeplay:speed","speed":0}"#,
            r#"{"type":"kubeplay:speed","speed":99999}"#,
            r#"{"type":"kubeplay:clock","playing":"yes"}"#,
            r#"{"type":"kubeplay:apply","manifest":"a: b","name":"../etc/passwd"}"#,
            r#"{"type":"kubeplay:apply","name":"x.yaml"}"#,
            r#"{"type":["kubeplay:reset"]}"#,
        ] {
            assert_eq!(parse(bad, false), None, "{bad}");
        }
        let long = format!(
            r#"{{"type":"kubeplay:run","command":"{}"}}"#,
            "x".repeat(MAX_COMMAND + 1)
        );
        assert_eq!(parse(&long, false), None);
        assert_eq!(
            parse(r#"{"type":"kubeplay:goto","step":3}"#, false),
            Some(Inbound::Goto { step: 2 })
        );
        assert_eq!(
            parse(r#"{"type":"kubeplay:apply","manifest":"a: b"}"#, false),
            Some(Inbound::Apply {
                name: "embedded.yaml".into(),
                manifest: "a: b".into(),
                id: None
            })
        );
        // An id too long is dropped, not the message.
        let m = parse(
            &format!(
                r#"{{"type":"kubeplay:run","command":"ls","id":"{}"}}"#,
                "i".repeat(300)
            ),
            false,
        );
        assert_eq!(
            m,
            Some(Inbound::Run {
                command: "ls".into(),
                id: None
            })
        );
    }

    #[test]
    fn run_apply_goto_and_reset() {
        let config = Config {
            seed: 7,
            paused: true,
            ..Config::default()
        };
        let mut m = Model::new(&config);
        let mut l = Lessons::new(None);
        let r = handle(
            Inbound::Run {
                command: "kubectl get ns default".into(),
                id: Some(json!("a")),
            },
            &mut m,
            &mut l,
        )
        .expect("a reply");
        assert_eq!(r["type"], "kubeplay:output");
        assert_eq!(r["id"], "a");
        let out = r["output"].as_str().unwrap_or("");
        assert!(
            out.starts_with("NAME      STATUS   AGE\ndefault   Active"),
            "{out}"
        );
        let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n";
        let r = handle(
            Inbound::Apply {
                name: "demo.yaml".into(),
                manifest: manifest.into(),
                id: None,
            },
            &mut m,
            &mut l,
        )
        .expect("a reply");
        assert_eq!(r["output"], "configmap/demo created\n");
        assert!(m.tabs.iter().any(|t| t.name == "demo.yaml"));

        handle(
            Inbound::Lesson {
                name: "k8s-workloads-and-networking".into(),
                step: Some(4),
            },
            &mut m,
            &mut l,
        );
        assert_eq!(l.guide.as_ref().map(|g| g.current()), Some(4));
        handle(Inbound::Goto { step: 1 }, &mut m, &mut l);
        assert_eq!(l.guide.as_ref().map(|g| g.current()), Some(1));
        let events: Vec<Value> = l.drain_events().iter().map(event_json).collect();
        assert_eq!(events.last().map(|e| e["step"].clone()), Some(json!(2)));

        m.set_speed(60);
        let (rev, log_rev) = (m.rev, m.log.rev);
        handle(Inbound::Reset, &mut m, &mut l);
        // The session's reset: a fresh log on the same seed, the lesson's
        // first step in it, every revision moved on, tabs and speed kept.
        assert!(m.log.entries.is_empty(), "{:?}", m.log.entries);
        assert_eq!(m.log.seed, 7);
        assert!(m.log.rev > log_rev);
        assert_eq!(
            m.log.lesson,
            Some((
                crate::session::LessonSource::builtin("k8s-workloads-and-networking"),
                0
            ))
        );
        assert!(m.rev.term > rev.term && m.rev.tabs > rev.tabs && m.rev.scene > rev.scene);
        assert!(m.tabs.iter().any(|t| t.name == "demo.yaml"));
        assert_eq!(m.clock.speed, 60);
        let r = handle(
            Inbound::Run {
                command: "kubectl get configmap demo".into(),
                id: None,
            },
            &mut m,
            &mut l,
        )
        .expect("a reply");
        assert_eq!(
            r["output"],
            "Error from server (NotFound): configmaps \"demo\" not found\n"
        );
        assert_eq!(l.guide.as_ref().map(|g| g.current()), Some(0));
        handle(Inbound::SlideStart, &mut m, &mut l);
        assert!(m.clock.playing);
        handle(Inbound::SlideStop, &mut m, &mut l);
        assert!(!m.clock.playing);
    }
}
