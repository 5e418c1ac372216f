//! The share link as the page reads it: the URL fragment (`#s=...`)
//! through `codec::from_fragment`, then `session::boot`, which decodes it
//! (`codec::decode`: version, base64url, inflate with its size limit,
//! JSON, every field checked) and replays a valid session on a fresh
//! model, as the app does on load. Must never panic; a session that
//! decodes must replay in bounded time.
#![no_main]

mod common;

use kubeplay_web::model::Config;
use kubeplay_web::session::{self, codec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The base64url layer on its own (every input, not only well-formed
    // links, reaches it this way).
    if let Some(bytes) = codec::base64url_decode(&text) {
        let again = codec::base64url_encode(&bytes);
        assert_eq!(codec::base64url_decode(&again).as_deref(), Some(&bytes[..]));
    }
    let link = codec::from_fragment(&text).unwrap_or(&text);
    let decoded = codec::decode(link);
    if let Ok(s) = &decoded {
        // A decoded session encodes to a link that decodes to it again.
        let again = codec::decode(&codec::encode(s));
        assert_eq!(again.as_ref().ok(), Some(s));
        if !common::replayable(s) {
            return;
        }
    }
    let config = Config {
        paused: true,
        ..Config::default()
    };
    let b = session::boot(&config, Some(link), None, false);
    // What the banner shows.
    if let Some(n) = &b.notice {
        let _ = n.text();
    }
    assert_eq!(b.replayed, decoded.is_ok());
});
