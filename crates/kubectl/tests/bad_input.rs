//! Issue 8 item 2: each class of bad input gives kubectl's or the API
//! server's words and leaves the cluster unchanged (client-side messages
//! checked against the real kubectl v1.32 client). The same classes, as a
//! user sees them, are in tests/transcripts/bad-*.sh.

mod support;

use kubectl::Shell;
use support::*;

/// A cluster with the nginx Deployment, its ClusterIP Service, the `web`
/// NodePort Service (30080) and a namespace `term` that is Terminating (a pod
/// in it keeps it there for its grace period).
fn setup() -> Shell {
    let mut sh = new_shell(1);
    for line in [
        "kubectl apply -f nginx.yaml",
        "kubectl apply -f svc.yaml",
        "kubectl apply -f nodeport.yaml",
        "kubectl create namespace term",
        "kubectl run p --image=nginx -n term",
        "sleep 10s",
        "kubectl delete namespace term --wait=false",
    ] {
        let out = sh.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.text());
    }
    sh
}

/// Applies `text` as step.yaml: (stdout, stderr, exit code); asserts the
/// store did not change.
fn apply_rejected(sh: &mut Shell, text: &str) -> (String, String, i32) {
    sh.set_files(Box::new(files_with(Some(text))));
    let before = store_json(sh.cluster());
    let out = run_guarded(sh, "kubectl apply -f step.yaml").expect("no panic");
    assert_eq!(
        store_json(sh.cluster()),
        before,
        "the store changed: {}",
        out.text()
    );
    assert_ne!(out.exit_code, 0, "{}", out.text());
    (out.stdout(), out.stderr(), out.exit_code)
}

fn err(sh: &mut Shell, text: &str) -> String {
    let (stdout, stderr, code) = apply_rejected(sh, text);
    assert_eq!((stdout.as_str(), code), ("", 1), "{stderr}");
    stderr
}

#[test]
fn yaml_syntax_and_document_shape() {
    let mut sh = setup();
    // Checked against the real kubectl v1.32 client.
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n"
        ),
        "error: error parsing step.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n"
    );
    assert_eq!(
        err(&mut sh, "- a\n- b\n"),
        "error: unable to decode \"step.yaml\": json: cannot unmarshal array into Go value of type unstructured.detector\n"
    );
    assert_eq!(
        err(&mut sh, "hello\n"),
        "error: unable to decode \"step.yaml\": json: cannot unmarshal string into Go value of type unstructured.detector\n"
    );
    assert_eq!(
        err(&mut sh, "apiVersion: v1\nmetadata:\n  name: c\n"),
        "error: unable to decode \"step.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"}}'\n"
    );
}

#[test]
fn unknown_api_version_or_kind() {
    let mut sh = setup();
    assert_eq!(
        err(&mut sh, "apiVersion: v1\nkind: Foo\nmetadata:\n  name: c\n"),
        "error: resource mapping not found for name: \"c\" namespace: \"\" from \"step.yaml\": no matches for kind \"Foo\" in version \"v1\"\nensure CRDs are installed first\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: apps/v9\nkind: Deployment\nmetadata:\n  name: c\n"
        ),
        "error: resource mapping not found for name: \"c\" namespace: \"\" from \"step.yaml\": no matches for kind \"Deployment\" in version \"apps/v9\"\nensure CRDs are installed first\n"
    );
}

#[test]
fn missing_required_fields() {
    let mut sh = setup();
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n"
        ),
        "The Pod \"p\" is invalid: spec.containers: Required value\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      labels:
        app: d
    spec:
      containers:
      - name: c
        image: nginx
"
        ),
        "The Deployment \"d\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"d\"}: `selector` does not match template `labels`\n"
    );
}

#[test]
fn invalid_names_and_label_values() {
    let mut sh = setup();
    assert_eq!(
        err(&mut sh, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n"),
        "The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app: \"-bad-\"\n"
        ),
        "The ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"-bad-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"
    );
}

#[test]
fn ports_out_of_range_and_node_port_taken() {
    let mut sh = setup();
    // targetPort defaults to port, so both are reported, as the API server does.
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: x\n  ports:\n  - port: 70000\n"
        ),
        "The Service \"s\" is invalid: \n* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  selector:\n    app: x\n  ports:\n  - port: 80\n    nodePort: 20000\n"
        ),
        "The Service \"s\" is invalid: spec.ports[0].nodePort: Invalid value: 20000: provided port is not in the valid range. The range of valid ports is 30000-32767\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s2\nspec:\n  type: NodePort\n  selector:\n    app: x\n  ports:\n  - port: 80\n    nodePort: 30080\n"
        ),
        "The Service \"s2\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n"
    );
}

#[test]
fn selector_mismatch_and_immutable_fields() {
    let mut sh = setup();
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        app: b
    spec:
      containers:
      - name: c
        image: nginx
"
        ),
        "The Deployment \"d\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  selector:
    matchLabels:
      app: other
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: nginx
        image: nginx:stable
"
        ),
        "The Deployment \"nginx\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: 10.96.200.200
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
"
        ),
        "The Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.200.200\"}: may not change once set\n"
    );
}

#[test]
fn namespace_missing_or_terminating() {
    let mut sh = setup();
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: nope\n"
        ),
        "Error from server (NotFound): error when creating \"step.yaml\": namespaces \"nope\" not found\n"
    );
    assert_eq!(
        err(
            &mut sh,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: term\n"
        ),
        "Error from server (Forbidden): error when creating \"step.yaml\": configmaps \"c\" is forbidden: unable to create new content in namespace term because it is being terminated\n"
    );
}

fn deep_config_map(depth: usize) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: {}1{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

#[test]
fn huge_deep_bombs_and_binary_are_refused_without_a_change() {
    let mut sh = setup();
    // Nesting the YAML reader accepts reaches the API server's decoder.
    assert_eq!(
        err(&mut sh, &deep_config_map(100)),
        "Error from server (BadRequest): error when creating \"step.yaml\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type string\n"
    );
    // Each checked against the real kubectl v1.32 client (go-yaml v2's
    // limits) or the API server's request limit.
    let pre = "error: error parsing step.yaml: error converting YAML to JSON: yaml: ";
    assert_eq!(
        err(&mut sh, &deep_config_map(1000)),
        err(&mut sh, &deep_config_map(100))
    );
    // Flow collections (`[`, `{`) nest at most 1000 deep in kubeplay (its
    // libyaml scanner is quadratic in them; go-yaml allows 10000).
    let flow = format!(
        "{pre}line 6: exceeded kubeplay's max depth of 1000 for [ ] and {{ }} (go-yaml's is 10000)\n"
    );
    assert_eq!(err(&mut sh, &deep_config_map(1001)), flow);
    assert_eq!(err(&mut sh, &deep_config_map(10001)), flow);
    // Block collections keep go-yaml's limit (the root and `data` maps
    // count; the sequence at `a:`'s column does not, as in its scanner).
    let block = |depth: usize| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a:\n  {}x\n",
            "- ".repeat(depth)
        )
    };
    // kubectl v1.32: go-yaml passes 9999 levels here, but the JSON it
    // converts to nests 10001 deep for encoding/json.
    assert_eq!(
        err(&mut sh, &block(9999)),
        "error: error parsing step.yaml: error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth\n"
    );
    assert_eq!(
        err(&mut sh, &block(9998)),
        "Error from server (BadRequest): error when creating \"step.yaml\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type string\n"
    );
    assert_eq!(
        err(&mut sh, &block(10000)),
        format!("{pre}line 7: exceeded max depth of 10000\n")
    );
    let mut bomb = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        bomb.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    assert_eq!(
        err(&mut sh, &bomb),
        format!("{pre}document contains excessive aliasing\n")
    );
    let binary =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"\u{0}\u{1}\"\n";
    assert_eq!(
        err(&mut sh, binary),
        format!("{pre}control characters are not allowed\n")
    );
    let big = |n: usize| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  a: \"{}\"\n",
            "x".repeat(n)
        )
    };
    // Aliases the reader accepts can still make a request too large: the
    // API server's 413.
    let mut expanded = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  a0: &x \"{}\"\n",
        "x".repeat(300_000)
    );
    for i in 1..12 {
        expanded.push_str(&format!("  a{i}: *x\n"));
    }
    assert_eq!(
        err(&mut sh, &expanded),
        "Error from server (RequestEntityTooLarge): error when creating \"step.yaml\": Request entity too large: limit is 3145728\n"
    );
    assert_eq!(
        err(&mut sh, &big(1 << 20)),
        "error: error reading step.yaml: input of 1048644 bytes is too long: manifests are limited to 1048576 bytes (1 MiB)\n"
    );
}

#[test]
fn commands_longer_than_the_limit_are_refused() {
    let mut sh = setup();
    let before = store_json(sh.cluster());
    let line = format!("echo {}", "x".repeat(kubectl::lexer::MAX_COMMAND_BYTES));
    let out = run_guarded(&mut sh, &line).expect("no panic");
    assert_eq!(
        (out.stderr().as_str(), out.exit_code),
        (
            "bash: input of 1048581 bytes is too long: commands are limited to 1048576 bytes (1 MiB)\n",
            1
        )
    );
    // Fed line by line (a paste into a heredoc), the limit counts every line.
    assert_eq!(
        sh.feed_line("kubectl apply -f - <<EOF"),
        kubectl::Feed::More
    );
    let chunk = "x".repeat(1 << 18);
    let mut refused = None;
    for _ in 0..5 {
        if let kubectl::Feed::Ran { output, .. } = sh.feed_line(&chunk) {
            refused = Some(output);
            break;
        }
    }
    let out = refused.expect("the paste is refused");
    assert!(
        out.stderr()
            .contains("commands are limited to 1048576 bytes"),
        "{}",
        out.text()
    );
    assert!(!sh.is_pending());
    assert_eq!(store_json(sh.cluster()), before);
    // A line just under the limit still runs.
    let ok = format!("echo {}", "x".repeat((1 << 20) - 100));
    assert_eq!(run_guarded(&mut sh, &ok).expect("no panic").exit_code, 0);
}

#[test]
fn binary_paste_on_the_command_line() {
    let mut sh = setup();
    let before = store_json(sh.cluster());
    let junk: Vec<u8> = (0u8..=255).collect();
    let line = String::from_utf8_lossy(&junk).into_owned();
    let out = run_guarded(&mut sh, &line).expect("no panic");
    assert_ne!(out.exit_code, 0);
    feed_guarded(&mut sh, &line).expect("no panic");
    assert_eq!(store_json(sh.cluster()), before);
}

#[test]
fn endless_heredoc() {
    let mut sh = setup();
    // Typed: the terminal keeps asking for more, as bash does, and Ctrl+C
    // drops it without running anything.
    let before = store_json(sh.cluster());
    for line in [
        "kubectl apply -f - <<EOF",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: hd",
    ] {
        assert_eq!(sh.feed_line(line), kubectl::Feed::More);
    }
    sh.cancel_pending();
    assert!(!sh.is_pending());
    assert_eq!(store_json(sh.cluster()), before);
    // In a script, bash warns, then runs the command with the body read up
    // to the end of the file.
    let ran = sh.run_script(
        "kubectl get cm hd\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hd\n",
    );
    assert_eq!(ran.len(), 2);
    assert_eq!(
        ran[1].1.text(),
        "bash: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')\nconfigmap/hd created\n"
    );
}

#[test]
fn too_many_values_and_deep_json_are_refused_without_a_change() {
    let mut sh = setup();
    // kubeplay's own limit on what one manifest may hold (so that reading
    // and creating it stays within 100 ms in the browser): 1 MiB of short
    // ConfigMap entries is 175,000 keys and values.
    let mut tiny =
        String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tiny\ndata:\n");
    let mut i = 0;
    while tiny.len() < 1_000_000 {
        tiny.push_str(&format!("  k{i}: v\n"));
        i += 1;
    }
    assert_eq!(
        err(&mut sh, &tiny),
        format!(
            "error: error parsing step.yaml: error converting YAML to JSON: yaml: line {}: too many values for kubeplay to read: a manifest may hold at most {} (keys, values and collections)\n",
            // 11 values before the first entry (on line 6), 2 per entry.
            (kubectl::goyaml::MAX_VALUES - 11) / 2 + 6,
            kubectl::goyaml::MAX_VALUES
        )
    );
    // JSON: kubectl v1.32 reads 10000 levels and refuses the 10001st.
    let json = |levels: usize| {
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"x\"}},\"data\":{}{}}}",
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    assert_eq!(
        err(&mut sh, &json(10001)),
        "error: error parsing step.yaml: json: offset 10069: invalid character '[' exceeded max depth\n"
    );
    assert_eq!(
        err(&mut sh, &json(10000)),
        "Error from server (BadRequest): error when creating \"step.yaml\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string\n"
    );
}
