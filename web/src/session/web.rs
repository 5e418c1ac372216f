//! The DOM side of sessions: localStorage, the clipboard, the page URL and
//! downloads. Everything that decides something lives in the pure modules.

use super::{codec, Notice, Session};
use crate::i18n::{self, Lang};
use crate::model::Model;
use gloo::timers::callback::Interval;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or_else(|| "no localStorage".to_string())?;
    s.set_item(key, value).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "storage full".to_string())
    })
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The language: a stored choice, else the browser's.
pub fn init_lang() -> Lang {
    let stored = load(i18n::STORAGE_KEY).and_then(|c| Lang::from_code(&c));
    let lang = stored.unwrap_or_else(|| {
        let tag = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        Lang::from_tag(&tag)
    });
    i18n::set_lang(lang);
    lang
}

/// Whether the user picked a language on this site (kept).
pub fn lang_chosen() -> bool {
    load(i18n::STORAGE_KEY)
        .and_then(|c| Lang::from_code(&c))
        .is_some()
}

/// The user picked a language: use and keep it.
pub fn choose_lang(lang: Lang) {
    i18n::set_lang(lang);
    let _ = save(i18n::STORAGE_KEY, lang.code());
}

/// What autosave last wrote, to skip unchanged sessions.
type Fingerprint = (u64, u64, u32, bool, bool, crate::model::SideView);
type Saved = Rc<RefCell<Option<Fingerprint>>>;

fn fingerprint(m: &Model) -> Fingerprint {
    (
        m.log.rev,
        m.rev.tabs,
        m.clock.speed,
        m.clock.playing,
        m.show_system,
        m.side,
    )
}

/// Saves the model's session under `key` if it changed since the last
/// save. A refusal (quota, private mode) becomes the banner's notice once.
pub fn save_session(model: &Rc<RefCell<Model>>, key: &str, saved: &Saved) -> bool {
    let Ok(mut m) = model.try_borrow_mut() else {
        return false;
    };
    let fp = fingerprint(&m);
    if saved.borrow().as_ref() == Some(&fp) {
        return false;
    }
    *saved.borrow_mut() = Some(fp);
    let text = codec::encode(&Session::of(&m));
    match save(key, &text) {
        Ok(()) => false,
        Err(why) => {
            if !matches!(m.notice, Some(Notice::SaveFailed(_))) {
                m.notice = Some(Notice::SaveFailed(why));
                return true;
            }
            false
        }
    }
}

/// Saves every second while something changed; the returned guard saves
/// once more when dropped (unmount, page hide).
pub struct Autosave {
    _timer: Interval,
    model: Rc<RefCell<Model>>,
    key: String,
    saved: Saved,
}

impl Drop for Autosave {
    fn drop(&mut self) {
        save_session(&self.model, &self.key, &self.saved);
    }
}

pub fn autosave(model: Rc<RefCell<Model>>, key: String, refresh: yew::Callback<()>) -> Autosave {
    let saved: Saved = Rc::default();
    let timer = {
        let (model, key, saved) = (model.clone(), key.clone(), saved.clone());
        Interval::new(1000, move || {
            if save_session(&model, &key, &saved) {
                refresh.emit(());
            }
        })
    };
    Autosave {
        _timer: timer,
        model,
        key,
        saved,
    }
}

/// The page's address without its fragment, plus `#s=` and the session.
pub fn share_url(m: &Model) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = base.split('#').next().unwrap_or("");
    format!("{base}#s={}", codec::encode(&Session::of(m)))
}

/// Reads the `#s=` link of the page's URL and removes it from the address
/// bar (a reload then restores the saved session, with the user's work
/// since, rather than the link again).
pub fn take_link_from_url() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let link = codec::from_fragment(&hash)?.to_string();
    let url = window.location().href().ok()?;
    let without = url.split('#').next().unwrap_or("").to_string();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&without));
    }
    Some(link)
}

/// A share link pasted into the address bar of an open page only changes
/// the fragment (no reload): load the page again so the link is opened.
pub fn reload_on_link() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let target = window.clone();
    gloo::events::EventListener::new(&target, "hashchange", move |_| {
        let hash = window.location().hash().unwrap_or_default();
        if codec::from_fragment(&hash).is_some() {
            let _ = window.location().reload();
        }
    })
    .forget();
}

/// Copies `text` to the clipboard; `done(true)` once it is there,
/// `done(false)` when the browser refuses (no permission, insecure page).
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let clipboard = window.navigator().clipboard();
    // `navigator.clipboard` is undefined on insecure origins.
    if JsValue::from(clipboard.clone()).is_undefined() {
        done(false);
        return;
    }
    let promise = clipboard.write_text(text);
    let done = Rc::new(RefCell::new(Some(done)));
    let ok = {
        let done = done.clone();
        Closure::once(move |_: JsValue| {
            if let Some(f) = done.borrow_mut().take() {
                f(true);
            }
        })
    };
    let err = Closure::once(move |_: JsValue| {
        if let Some(f) = done.borrow_mut().take() {
            f(false);
        }
    });
    let _ = promise.then2(&ok, &err);
    ok.forget();
    err.forget();
}

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| "the browser refused the download".to_string();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoked once the browser has surely started the download.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
