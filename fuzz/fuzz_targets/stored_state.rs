//! The saved session (localStorage `kubeplay.session`), read at start-up
//! by `session::boot`'s stored path. The stored value is `1.` + deflated
//! JSON in base64url; so that mutations reach the session fields rather
//! than the compression, an input that is not already `N.PAYLOAD` is
//! taken as the JSON and packed as the page would have stored it. Both
//! the pinned (the URL names a seed) and the unpinned start are run.
//! Must never panic; a session that decodes must replay in bounded time.
#![no_main]

mod common;

use kubeplay_web::model::Config;
use kubeplay_web::session::{self, codec};
use libfuzzer_sys::fuzz_target;

fn stored_form(json: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json, 1);
    format!("1.{}", codec::base64url_encode(&packed))
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body);
    let looks_encoded = text
        .split_once('.')
        .is_some_and(|(v, _)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
    let stored = if looks_encoded {
        text.into_owned()
    } else {
        stored_form(body)
    };
    let config = Config {
        paused: true,
        seed: u64::from(flags >> 1),
        ..Config::default()
    };
    let pinned = flags & 1 == 1;
    let decoded = codec::decode(&stored);
    if decoded.as_ref().is_ok_and(|s| !common::replayable(s)) {
        return;
    }
    let b = session::boot(&config, None, Some(&stored), pinned);
    if let Some(n) = &b.notice {
        let _ = n.text();
    }
    // An unreadable value is removed, a readable one kept.
    assert_eq!(b.clear_stored, decoded.is_err());
});
