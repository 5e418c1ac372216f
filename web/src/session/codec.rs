//! The text form of a session, for share links (`#s=TEXT`) and
//! localStorage: `VERSION.PAYLOAD`, the schema version in decimal, then
//! the session as compact JSON, raw-deflate compressed, in unpadded
//! base64url. Everything here is a pure function of its input; decoding
//! checks every size and field and never panics (fuzzed).
//!
//! Version 1 JSON:
//! ```text
//! {"seed":7,"profile":"docker-desktop","lesson":["name",2]|null,
//!  "view":{"system":false,"speed":1,"playing":true,"side":"manifests","view":null},
//!  "tabs":[["nginx.yaml",null],["x.yaml","text"]],"active":0,
//!  "log":[["l",AT,"line"],["i",AT],["f",AT,"name","text"|null],
//!         ["a",AT,"tab"],["b",AT,"address",0|1],["t",MS,TIMES]]}
//! ```
//! A tab's text `null` is the bundled manifest of that name unchanged.
//!
//! Version 2 is version 1 where `lesson` may also be a lesson from
//! elsewhere than the built-in ones: `{"url":"lessons/x.yaml","step":2}`
//! (a file the page fetched) or `{"file":"pasted.yaml","text":"...",
//! "step":2}` (a pasted file, whole). [`encode`] writes version 1 whenever
//! that says it all (no lesson, or a built-in one), so pages of version 1
//! keep opening those links; version 2 only for the other lessons.
//!
//! Each later version gets its own decoder here, and old link strings stay
//! in the tests.

use super::{Entry, LessonSource, Log, Session};
use crate::model::{SideView, BUNDLED_MANIFESTS};
use serde_json::{json, Value};

/// The newest version [`encode`] writes (see the module's text).
pub const VERSION: u32 = 2;
/// Longest lesson text or address a session carries, in bytes.
pub const MAX_LESSON: usize = 1 << 20;
/// Longest text accepted (a URL fragment or a stored value), in bytes.
pub const MAX_TEXT: usize = 4 << 20;
/// Largest decompressed payload (a zip bomb stops here).
pub const MAX_JSON: usize = 16 << 20;
/// Most log entries.
pub const MAX_ENTRIES: usize = 200_000;
/// Most tabs.
pub const MAX_TABS: usize = 64;
/// Longest simulated time a session may advance (replay cost): 400 days.
pub const MAX_SIM_MS: i64 = 400 * 86_400_000;
/// Most clock steps a session may replay (about 28 hours at 1x, each a
/// `Cluster::advance`; a link beyond would freeze the page).
pub const MAX_STEPS: u64 = 1_000_000;

/// Why a text is not a session, in words for the page's banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not `VERSION.PAYLOAD` at all.
    Malformed(String),
    /// Made by a newer kubeplay than this one.
    FutureVersion(u32),
    /// The payload is damaged or not a session.
    Corrupt(String),
}

/// In the UI's language (the details after the colon are the decoder's
/// own words).
impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::{fill, t};
        let text = match self {
            DecodeError::Malformed(why) => fill(t("link.malformed"), &[why]),
            DecodeError::FutureVersion(v) => {
                fill(t("link.future"), &[&v.to_string(), &VERSION.to_string()])
            }
            DecodeError::Corrupt(why) => fill(t("link.corrupt"), &[why]),
        };
        f.write_str(&text)
    }
}

fn corrupt(why: impl Into<String>) -> DecodeError {
    DecodeError::Corrupt(why.into())
}

/// The session as link text (`1.` or `2.`, then base64url).
pub fn encode(s: &Session) -> String {
    let version = match &s.log.lesson {
        None | Some((LessonSource::Builtin(_), _)) => 1,
        Some(_) => 2,
    };
    let json = to_json(s).to_string();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{version}.{}", base64url_encode(&packed))
}

/// Reads link text of any known version.
pub fn decode(text: &str) -> Result<Session, DecodeError> {
    let text = text.trim();
    if text.len() > MAX_TEXT {
        return Err(DecodeError::Malformed(format!(
            "{} bytes, more than {MAX_TEXT}",
            text.len()
        )));
    }
    let (version, payload) = text
        .split_once('.')
        .ok_or_else(|| DecodeError::Malformed("no version".into()))?;
    if version.is_empty() || version.len() > 9 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::Malformed("no version".into()));
    }
    let version: u32 = version
        .parse()
        .map_err(|_| DecodeError::Malformed("no version".into()))?;
    match version {
        1 => decode_payload(payload, 1),
        2 => decode_payload(payload, 2),
        0 => Err(DecodeError::Malformed("version 0".into())),
        v => Err(DecodeError::FutureVersion(v)),
    }
}

/// The `s=` value of a URL fragment (`#s=...`, possibly among other
/// `&`-separated fields), if any.
pub fn from_fragment(hash: &str) -> Option<&str> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("s="))
        .filter(|v| !v.is_empty())
}

// ---- version 1 ------------------------------------------------------------

fn side_name(s: SideView) -> &'static str {
    match s {
        SideView::Manifests => "manifests",
        SideView::Browser => "browser",
    }
}

/// A lesson slot as JSON: `[name, step]` for a built-in lesson (version
/// 1's form), an object for the others (version 2).
fn lesson_json(source: &LessonSource, step: usize) -> Value {
    match source {
        LessonSource::Builtin(name) => json!([name, step]),
        LessonSource::Url(url) => json!({"url": url, "step": step}),
        LessonSource::Text { name, text } => cluster::bootstrap::tmpl(
            r#"{"file":"$0","text":"$1","step":"$2"}"#,
            &[
                Value::from(name.as_str()),
                Value::from(text.as_str()),
                Value::from(step),
            ],
        ),
    }
}

fn to_json(s: &Session) -> Value {
    let log: Vec<Value> = s
        .log
        .entries
        .iter()
        .map(|e| match e {
            Entry::Line { at, text } => json!(["l", at, text]),
            Entry::Interrupt { at } => json!(["i", at]),
            Entry::File { at, name, text } => json!(["f", at, name, text]),
            Entry::Apply { at, tab } => json!(["a", at, tab]),
            Entry::Browse {
                at,
                address,
                proceed,
            } => json!(["b", at, address, u8::from(*proceed)]),
            Entry::Advance { ms, times } => json!(["t", ms, times]),
        })
        .collect();
    let tabs: Vec<Value> = s
        .tabs
        .iter()
        .map(|(name, text)| {
            let bundled = BUNDLED_MANIFESTS
                .iter()
                .any(|(n, t)| n == name && t == text);
            if bundled {
                json!([name, null])
            } else {
                json!([name, text])
            }
        })
        .collect();
    cluster::bootstrap::tmpl(
        r#"{"seed":"$0","profile":"$1","lesson":"$2","view":{"system":"$3","speed":"$4","playing":"$5","side":"$6","view":"$7"},"tabs":"$8","active":"$9","log":"$10"}"#,
        &[
            Value::from(s.log.seed),
            Value::from(s.log.profile.name()),
            Value::from(s.log.lesson.as_ref().map(|(l, step)| lesson_json(l, *step))),
            Value::from(s.show_system),
            Value::from(s.speed),
            Value::from(s.playing),
            Value::from(side_name(s.side)),
            Value::from(s.view.clone()),
            Value::from(tabs),
            Value::from(s.active),
            Value::from(log),
        ],
    )
}

fn decode_payload(payload: &str, version: u32) -> Result<Session, DecodeError> {
    let packed = base64url_decode(payload).ok_or_else(|| corrupt("not base64url"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                corrupt(format!("expands past {MAX_JSON} bytes"))
            }
            _ => corrupt("not deflate data"),
        },
    )?;
    let json = String::from_utf8(json).map_err(|_| corrupt("not UTF-8"))?;
    let v: Value = serde_json::from_str(&json).map_err(|e| corrupt(format!("JSON: {e}")))?;
    session_json(&v, version)
}

fn str_of<'a>(v: &'a Value, what: &str) -> Result<&'a str, DecodeError> {
    v.as_str()
        .ok_or_else(|| corrupt(format!("{what}: not a string")))
}

fn int_of(v: &Value, what: &str, max: i64) -> Result<i64, DecodeError> {
    v.as_i64()
        .filter(|n| (0..=max).contains(n))
        .ok_or_else(|| corrupt(format!("{what}: not a number from 0 to {max}")))
}

fn bool_of(v: &Value, what: &str) -> Result<bool, DecodeError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Null => Ok(false),
        _ => Err(corrupt(format!("{what}: not true or false"))),
    }
}

/// A lesson slot of a version-2 session: a built-in name as in version 1,
/// or an object naming a fetched file's address or a pasted file's text.
fn lesson_v2(v: &Value) -> Result<(LessonSource, usize), DecodeError> {
    let o = v
        .as_object()
        .ok_or_else(|| corrupt("lesson: not [name, step] or an object"))?;
    let step = int_of(o.get("step").unwrap_or(&Value::Null), "lesson step", 10_000)? as usize;
    let text = |k: &str| -> Result<String, DecodeError> {
        let t = str_of(o.get(k).unwrap_or(&Value::Null), &format!("lesson {k}"))?;
        if t.len() > MAX_LESSON {
            return Err(corrupt(format!("lesson {k}: more than {MAX_LESSON} bytes")));
        }
        Ok(t.to_string())
    };
    let source = match (o.get("url"), o.get("file")) {
        (Some(_), None) => {
            let url = text("url")?;
            if !crate::components::lesson::is_url(&url) {
                return Err(corrupt("lesson url: not a lesson file's address"));
            }
            LessonSource::Url(url)
        }
        (None, Some(_)) => LessonSource::Text {
            name: text("file")?,
            text: text("text")?,
        },
        _ => return Err(corrupt("lesson: neither a url nor a file")),
    };
    Ok((source, step))
}

fn session_json(v: &Value, version: u32) -> Result<Session, DecodeError> {
    let o = v.as_object().ok_or_else(|| corrupt("not an object"))?;
    let get = |k: &str| o.get(k).unwrap_or(&Value::Null);
    let seed = get("seed")
        .as_u64()
        .ok_or_else(|| corrupt("seed: not a number"))?;
    let profile: cluster::Profile = str_of(get("profile"), "profile")?
        .parse()
        .map_err(|_| corrupt("profile: unknown"))?;
    let lesson = match get("lesson") {
        Value::Null => None,
        Value::Array(a) if a.len() == 2 => Some((
            LessonSource::Builtin(str_of(&a[0], "lesson")?.to_string()),
            int_of(&a[1], "lesson step", 10_000)? as usize,
        )),
        o @ Value::Object(_) if version >= 2 => Some(lesson_v2(o)?),
        _ => return Err(corrupt("lesson: not [name, step]")),
    };
    let view = get("view");
    let field = |k: &str| view.get(k).unwrap_or(&Value::Null);
    let show_system = bool_of(field("system"), "view.system")?;
    let speed = match field("speed") {
        Value::Null => 1,
        s => int_of(s, "view.speed", 3600)?.max(1) as u32,
    };
    let playing = match field("playing") {
        Value::Null => true,
        p => bool_of(p, "view.playing")?,
    };
    let side = match field("side") {
        Value::Null => SideView::Manifests,
        s => match str_of(s, "view.side")? {
            "manifests" => SideView::Manifests,
            "browser" => SideView::Browser,
            _ => return Err(corrupt("view.side: unknown")),
        },
    };
    let view_name = match field("view") {
        Value::Null => None,
        s => Some(str_of(s, "view.view")?.to_string()),
    };
    let tabs_v = match get("tabs") {
        Value::Array(a) => a.as_slice(),
        Value::Null => &[],
        _ => return Err(corrupt("tabs: not a list")),
    };
    if tabs_v.len() > MAX_TABS {
        return Err(corrupt(format!("more than {MAX_TABS} tabs")));
    }
    let mut tabs = Vec::new();
    for t in tabs_v {
        let (name, text) = match t.as_array().map(Vec::as_slice) {
            Some([n, t]) => (str_of(n, "tab name")?, t),
            _ => return Err(corrupt("tab: not [name, text]")),
        };
        let text = match text {
            Value::Null => BUNDLED_MANIFESTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string())
                .ok_or_else(|| corrupt(format!("tab {name}: no bundled text")))?,
            t => str_of(t, "tab text")?.to_string(),
        };
        tabs.push((name.to_string(), text));
    }
    let active = match get("active") {
        Value::Null => 0,
        a => int_of(a, "active", MAX_TABS as i64)? as usize,
    };
    let log_v = match get("log") {
        Value::Array(a) => a.as_slice(),
        Value::Null => &[],
        _ => return Err(corrupt("log: not a list")),
    };
    if log_v.len() > MAX_ENTRIES {
        return Err(corrupt(format!("more than {MAX_ENTRIES} entries")));
    }
    let mut log = Log::new(seed, profile);
    log.lesson = lesson;
    let mut last_at = 0;
    let mut advanced: i64 = 0;
    let mut steps: u64 = 0;
    for (i, e) in log_v.iter().enumerate() {
        let entry = entry_v1(e).map_err(|e| match e {
            DecodeError::Corrupt(w) => corrupt(format!("entry {}: {w}", i + 1)),
            other => other,
        })?;
        match &entry {
            Entry::Advance { ms, times } => {
                advanced = advanced.saturating_add(ms.saturating_mul(*times as i64));
                if advanced > MAX_SIM_MS {
                    return Err(corrupt("more than 400 days of clock"));
                }
                steps = steps.saturating_add(u64::from(*times));
                if steps > MAX_STEPS {
                    return Err(corrupt(format!(
                        "more than {MAX_STEPS} clock steps to replay"
                    )));
                }
            }
            Entry::Line { at, .. }
            | Entry::Interrupt { at }
            | Entry::File { at, .. }
            | Entry::Apply { at, .. }
            | Entry::Browse { at, .. } => {
                if *at < last_at {
                    return Err(corrupt(format!("entry {}: time goes back", i + 1)));
                }
                last_at = *at;
            }
        }
        if let Entry::File { name, text, .. } = &entry {
            apply_file(&mut log.files, name, text.as_deref());
        }
        log.entries.push(entry);
    }
    log.rev = log.entries.len() as u64;
    Ok(Session {
        log,
        show_system,
        speed,
        playing,
        side,
        view: view_name,
        tabs,
        active,
    })
}

fn apply_file(files: &mut Vec<(String, String)>, name: &str, text: Option<&str>) {
    match text {
        None => files.retain(|(n, _)| n != name),
        Some(t) => match files.iter_mut().find(|(n, _)| n == name) {
            Some((_, old)) => *old = t.to_string(),
            None => files.push((name.to_string(), t.to_string())),
        },
    }
}

fn entry_v1(e: &Value) -> Result<Entry, DecodeError> {
    let a = e
        .as_array()
        .ok_or_else(|| corrupt("not a list"))?
        .as_slice();
    let (kind, rest) = a.split_first().ok_or_else(|| corrupt("empty"))?;
    let at = |v: &Value| int_of(v, "time", MAX_SIM_MS);
    Ok(match (str_of(kind, "kind")?, rest) {
        ("l", [t, text]) => Entry::Line {
            at: at(t)?,
            text: str_of(text, "line")?.to_string(),
        },
        ("i", [t]) => Entry::Interrupt { at: at(t)? },
        ("f", [t, name, text]) => Entry::File {
            at: at(t)?,
            name: str_of(name, "file name")?.to_string(),
            text: match text {
                Value::Null => None,
                x => Some(str_of(x, "file text")?.to_string()),
            },
        },
        ("a", [t, tab]) => Entry::Apply {
            at: at(t)?,
            tab: str_of(tab, "tab")?.to_string(),
        },
        ("b", [t, address, proceed]) => Entry::Browse {
            at: at(t)?,
            address: str_of(address, "address")?.to_string(),
            proceed: int_of(proceed, "proceed", 1)? == 1,
        },
        ("t", [ms, times]) => Entry::Advance {
            ms: int_of(ms, "advance", 86_400_000)?.max(1),
            times: int_of(times, "times", u32::MAX as i64)? as u32,
        },
        (k, _) => return Err(corrupt(format!("unknown entry {k:?} or wrong fields"))),
    })
}

// ---- base64url (RFC 4648 section 5, no padding) ----------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(B64[idx]));
        }
    }
    out
}

/// Decodes unpadded base64url (a trailing `=` padding is tolerated, as
/// some mail clients add it); `None` for any other character or a length
/// no encoder makes.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
