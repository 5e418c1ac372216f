//! Property tests of issue 8 item 1: no input panics the shell, the store's
//! invariants hold after every step, the same seed and input give the same
//! bytes, and a rejected command leaves the store as it was.
//!
//! Case counts are fixed in each `ProptestConfig` so the suite stays bounded
//! (a cluster is bootstrapped per case, which is what costs in debug).

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use support::*;

/// Fixed seeds keep CI deterministic; change `SEED` (or run with a random
/// one locally) to explore other cases.
const SEED: u64 = 0x6b75_6265_706c_6179;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(SEED),
        max_shrink_iters: 512,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// (a) No shell line panics: run as one command, and fed line by line
    /// as a terminal feeds it.
    #[test]
    fn no_line_panics(lines in proptest::collection::vec(shell_line(), 1..6)) {
        let mut sh = shared_shell();
        for line in &lines {
            let r = run_guarded(&mut sh, line);
            prop_assert!(r.is_ok(), "{}", r.unwrap_err());
            let r = feed_guarded(&mut sh, line);
            prop_assert!(r.is_ok(), "{}", r.unwrap_err());
        }
        // A container shell left open by `exec -it` is closed for the next case.
        let _ = run_guarded(&mut sh, "exit");
        put_back(sh);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// (a) and (d): no manifest panics `apply`, `create -f` or `replace -f`;
    /// one that is rejected outright (non-zero exit, nothing written to
    /// stdout) leaves the store byte for byte as it was.
    #[test]
    fn no_manifest_panics_and_rejects_change_nothing(text in manifest_text()) {
        let mut sh = shared_shell();
        for cmd in ["kubectl apply -f step.yaml", "kubectl create -f step.yaml", "kubectl replace -f step.yaml"] {
            sh.set_files(Box::new(files_with(Some(&text))));
            let before = store_json(sh.cluster());
            let out = run_guarded(&mut sh, cmd);
            prop_assert!(out.is_ok(), "{}\nmanifest:\n{}", out.unwrap_err(), text);
            let out = out.unwrap();
            if out.exit_code != 0 && out.stdout().is_empty() {
                let after = store_json(sh.cluster());
                prop_assert!(
                    before == after,
                    "{cmd} failed ({}) but changed the store\nmanifest:\n{}",
                    out.text(),
                    text
                );
            }
        }
        // Leave the shared cluster as it was found: delete what was made.
        let _ = run_guarded(&mut sh, "kubectl delete -f step.yaml --wait=false");
        put_back(sh);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// (a), (b): random sessions (apply, delete, scale, sleep, node
    /// add/fail/recover/remove, exec, curl, any line) never panic and the
    /// store's invariants hold after every step.
    #[test]
    fn invariants_hold_after_every_step(
        profile in profile(),
        steps in proptest::collection::vec(step(), 1..12),
    ) {
        let mut sh = new_shell_on(profile, 7);
        let init = check_invariants(sh.cluster());
        prop_assert!(init.is_ok(), "fresh cluster: {}", init.unwrap_err());
        let mut missing_nodes = PodsOnMissingNodes::default();
        let mut done = Vec::new();
        for s in &steps {
            let before = rv_snapshot(sh.cluster());
            let (json, now) = (store_json(sh.cluster()), sh.cluster().now());
            let out = run_step(&mut sh, s);
            prop_assert!(out.is_ok(), "{}\nafter {:?}", out.unwrap_err(), done);
            let out = out.unwrap();
            done.push(s.clone());
            // (d) A command that failed outright (nothing on stdout) without
            // moving the clock changed nothing. Lists (`|`, `&&`, `;`) are
            // left out: their exit status is their last command's.
            let simple = match s {
                Step::Apply(_) => true,
                Step::Line(l) => !l.contains(['|', '&', ';', '\n', '$', '`']),
            };
            if simple && out.exit_code != 0 && out.stdout().is_empty() && sh.cluster().now() == now {
                prop_assert!(
                    store_json(sh.cluster()) == json,
                    "rejected ({}) yet the store changed\nafter {:#?}",
                    out.text(),
                    done
                );
            }
            let inv = check_invariants(sh.cluster());
            prop_assert!(inv.is_ok(), "{}\nafter {:#?}", inv.unwrap_err(), done);
            let gone = missing_nodes.check(sh.cluster());
            prop_assert!(gone.is_ok(), "{}\nafter {:#?}", gone.unwrap_err(), done);
            let rv = check_rv(&before, sh.cluster());
            prop_assert!(rv.is_ok(), "{}\nafter {:#?}", rv.unwrap_err(), done);
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// (c) Determinism: the same seed and steps give byte-identical outputs
    /// and the same store.
    #[test]
    fn same_seed_same_bytes(
        profile in profile(),
        seed in 0u64..1000,
        steps in proptest::collection::vec(step(), 1..8),
    ) {
        let play = || -> Result<(Vec<String>, String), String> {
            let mut sh = new_shell_on(profile, seed);
            let mut outs = Vec::new();
            for s in &steps {
                let o = run_step(&mut sh, s)?;
                outs.push(format!("{}\n{:?}", o.exit_code, o.chunks));
            }
            Ok((outs, store_json(sh.cluster())))
        };
        let a = play();
        prop_assert!(a.is_ok(), "{}", a.clone().unwrap_err());
        let b = play();
        prop_assert_eq!(a, b);
    }
}

// One bootstrapped cluster per test thread for the properties that only need
// "some cluster" (bootstrapping per case is what costs in debug builds).
thread_local! {
    static SHARED: std::cell::RefCell<Option<kubectl::Shell>> = const { std::cell::RefCell::new(None) };
}

fn shared_shell() -> kubectl::Shell {
    SHARED
        .with(|s| s.borrow_mut().take())
        .unwrap_or_else(|| new_shell(1))
}

/// Returns the shell for the next case (a case that failed does not, so the
/// next one starts from a fresh cluster).
fn put_back(sh: kubectl::Shell) {
    SHARED.with(|s| *s.borrow_mut() = Some(sh));
}

#[test]
fn base_manifests_apply_cleanly_and_keep_invariants() {
    // Not a property: every base manifest, unmutated, applies without a
    // panic and keeps the invariants (so mutations start from valid input).
    let mut sh = new_shell(3);
    for (i, text) in all_manifests().iter().enumerate() {
        let out = run_step(&mut sh, &Step::Apply(text.clone())).expect("no panic");
        assert!(
            !out.text().contains("panic"),
            "manifest {i}: {}",
            out.text()
        );
        check_invariants(sh.cluster()).unwrap_or_else(|e| panic!("manifest {i}: {e}"));
    }
}

/// A jsonpath template: kubectl's template language with odd indices,
/// slices, filters, ranges and unbalanced braces.
fn jsonpath_template() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just(".items".to_string()),
        Just("[*]".to_string()),
        Just(".metadata.name".to_string()),
        Just("..name".to_string()),
        Just("[0]".to_string()),
        any::<i64>().prop_map(|i| format!("[{i}]")),
        (any::<i64>(), any::<i64>(), any::<i64>()).prop_map(|(a, b, c)| format!("[{a}:{b}:{c}]")),
        (-3i64..3, -3i64..3, -3i64..3).prop_map(|(a, b, c)| format!("[{a}:{b}:{c}]")),
        Just("[?(@.status.phase==\"Running\")]".to_string()),
        Just("[?(@.x)]".to_string()),
        Just("[?(@.a<".to_string()),
        Just("{range .items[*]}".to_string()),
        Just("{end}".to_string()),
        Just("{\"\\n\"}".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("['a.b']".to_string()),
        Just("@".to_string()),
        Just("$".to_string()),
        "\\PC{0,4}",
    ];
    proptest::collection::vec(part, 0..8).prop_map(|ps| format!("{{{}}}", ps.concat()))
}

proptest! {
    #![proptest_config(config(256))]

    /// (a) The other entry points the UI calls with untrusted text never
    /// panic: tab completion, the prompt, watch polling, ANSI spans, the
    /// YAML/JSON emitters, jsonpath over a cluster's objects.
    #[test]
    fn ui_entry_points_never_panic(
        line in shell_line(),
        template in jsonpath_template(),
        text in any::<String>(),
    ) {
        let mut sh = shared_shell();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = sh.completions(&line);
            let _ = sh.prompt().len();
            let _ = kubectl::ansi::spans(&text);
            let _ = kubectl::ansi::strip(&text);
            let _ = kubectl::lexer::split_script(&line);
            let pods = sh.run("kubectl get pods -A -o json").stdout();
            let list: serde_json::Value = serde_json::from_str(&pods).unwrap_or_default();
            let _ = kubectl::jsonpath::render(&template, &list);
            let _ = kubectl::jsonpath::values(&template, &list);
            let _ = kubectl::yaml::to_yaml(&serde_json::Value::String(text.clone()));
            let _ = sh.run(&format!("kubectl get pods -o jsonpath='{}'", template.replace('\'', "")));
            let _ = sh.run("kubectl get pods -w");
            let _ = sh.poll_watch();
            sh.cancel_watch();
        }));
        prop_assert!(r.is_ok(), "panic: line {:?} template {:?} text {:?}", line, template, text);
        put_back(sh);
    }
}

/// Found by `no_line_panics`: an alias to nothing (`alias a=`) left no
/// program name, and running it indexed an empty argv. Bash runs nothing and
/// exits 0; with more words, the next word is the program.
#[test]
fn alias_to_nothing_runs_nothing() {
    let mut sh = new_shell(1);
    for line in ["alias a=", "alias --=''"] {
        assert_eq!(run_guarded(&mut sh, line).expect("no panic").exit_code, 0);
    }
    let out = run_guarded(&mut sh, "a").expect("no panic");
    assert_eq!((out.text().as_str(), out.exit_code), ("", 0));
    let out = run_guarded(&mut sh, "-- &").expect("no panic");
    assert_eq!((out.text().as_str(), out.exit_code), ("", 0));
    let out = run_guarded(&mut sh, "a echo hi").expect("no panic");
    assert_eq!((out.text().as_str(), out.exit_code), ("hi\n", 0));
}

/// A JSON value as an object's fields hold them: strings that YAML 1.1
/// would read as something else, numbers, booleans, nulls, nesting.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let tricky = prop_oneof![
        Just("yes"),
        Just("No"),
        Just("on"),
        Just("OFF"),
        Just("y"),
        Just("n"),
        Just("~"),
        Just("null"),
        Just(""),
        Just("017"),
        Just("0x1F"),
        Just("1e3"),
        Just("1_000"),
        Just(".5"),
        Just("-.inf"),
        Just(".nan"),
        Just("<<"),
        Just("2001-12-14"),
        Just("08"),
        Just("+1"),
        Just("- a"),
        Just("a: b"),
        Just("#x"),
        Just("&a"),
        Just("*a"),
        Just("!x"),
        Just("|"),
        Just(">"),
        Just("'q'"),
        Just("\"d\""),
        Just("x\ny"),
        Just(" lead"),
        Just("trail "),
        Just("%x"),
        Just("@x"),
        Just("`x"),
        Just("{a}"),
        Just("[a]"),
        Just("a,b"),
    ]
    .prop_map(|s| Value::String(s.to_string()));
    let leaf = prop_oneof![
        tricky,
        "\\PC{0,12}".prop_map(Value::String),
        any::<i64>().prop_map(|i| Value::Number(i.into())),
        any::<u64>().prop_map(|u| Value::Number(u.into())),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec(("[a-z<~0-9][a-zA-Z0-9./-]{0,8}", inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(512))]

    /// What `kubectl get -o yaml` prints reads back as the same object
    /// through the manifest reader (go-yaml v2's YAML 1.1 rules): a string
    /// like `yes`, `017` or `~` must have been quoted.
    #[test]
    fn printed_yaml_reads_back_the_same(fields in proptest::collection::vec(("[a-z][a-zA-Z0-9]{0,8}", json_value()), 0..6)) {
        let obj = serde_json::Value::Object(fields.into_iter().collect());
        let text = kubectl::yaml::to_yaml(&obj);
        let back = kubectl::manifest::yaml_to_json(&text);
        prop_assert_eq!(back.as_ref(), Ok(&obj), "printed:\n{}", text);
    }
}

/// Template text made of Go template tokens, good and bad, and odd bytes.
fn template_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(vec![
            "{{", "}}", "{{- ", " -}}", " ", "\n", ".", ".a", ".b.c", ".metadata.name", "$", "$x",
            "$x := ", "$x = ", "$i, $e := ", "|", "(", ")", "\"s\"", "\"%d %s %v\"", "`r`", "'c'",
            "1", "-2", "1.5e3", "0x1F", "true", "nil", "if ", "else", "else if ", "end", "range ",
            "with ", "define \"t\"", "template \"t\" .", "block \"b\" .", "break", "continue",
            "and", "or", "not", "len", "index", "slice", "printf", "print", "println", "eq", "lt",
            "html", "js", "urlquery", "call", "exists", "base64decode", "/* c */", ",", ":", "=",
        ]).prop_map(String::from),
        1 => "\\PC{0,4}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(2048))]

    /// No template text panics the Go template engine, parsing or running
    /// over any JSON (with and without missingkey=error), and a run gives
    /// the same bytes twice.
    #[test]
    fn no_go_template_panics(text in template_text(), data in json_value(), strict in any::<bool>()) {
        let first = std::panic::catch_unwind(|| {
            kubectl::gotemplate::parse(&text).map(|t| t.execute(&data, strict))
        });
        prop_assert!(first.is_ok(), "template {:?} panicked", text);
        let again = kubectl::gotemplate::parse(&text).map(|t| t.execute(&data, strict));
        prop_assert_eq!(first.ok(), Some(again), "template {:?} is not deterministic", text);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Through the shell: `-o go-template=` with any text never panics and
    /// either prints or fails with kubectl's errors.
    #[test]
    fn no_go_template_panics_the_shell(text in template_text()) {
        let mut sh = shared_shell();
        let quoted = format!("'{}'", text.replace('\'', "'\\''"));
        let out = run_guarded(&mut sh, &format!("kubectl get pods -A -o go-template={quoted}"));
        prop_assert!(out.is_ok(), "{}", out.unwrap_err());
        put_back(sh);
    }
}
