//! The manifest path of `kubectl apply -f`: documents split at `---`,
//! go-yaml's reading, kubectl's decoding. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let stream = kubectl::manifest::parse("fuzz.yaml", &text);
    for doc in stream.docs.iter().flatten() {
        // What apply does next with a decoded object: print it back.
        let _ = kubectl::yaml::to_yaml(doc);
    }
    for doc in kubectl::manifest::split_documents(&text) {
        let _ = kubectl::manifest::yaml_to_json(&doc);
    }
});
