//! End-to-end tests of the shell: what a user types, what kubectl (or
//! bash) would print. Expected strings come from kubectl v1.32 and bash.

use crate::{Feed, MemFiles, Shell, Stream};
use cluster::{Cluster, Profile};

fn shell() -> Shell {
    let mut files = MemFiles::default();
    files.files.insert("nginx.yaml".into(), NGINX.into());
    files.files.insert(
        "bad.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n".into(),
    );
    Shell::new(Cluster::new(Profile::DockerDesktop, 1), Box::new(files))
}

const NGINX: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:stable
";

/// (stdout, stderr, exit code)
fn run(sh: &mut Shell, line: &str) -> (String, String, i32) {
    let o = sh.run(line);
    (o.stdout(), o.stderr(), o.exit_code)
}

thread_local! {
    /// One cluster for the tests that only look at errors (bootstrapping a
    /// cluster for each line would be slow in debug builds).
    static ERR_SHELL: std::cell::RefCell<Shell> = std::cell::RefCell::new(shell());
}

fn err_of(line: &str) -> (String, i32) {
    ERR_SHELL.with(|sh| {
        let (_, e, c) = run(&mut sh.borrow_mut(), line);
        (e, c)
    })
}

#[test]
fn unknown_commands_and_flags_as_kubectl_rejects_them() {
    assert_eq!(
        err_of("kubectl foo"),
        (
            "error: unknown command \"foo\" for \"kubectl\"\n\nDid you mean this?\n\ttop\n".into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl gett pods"),
        (
            "error: unknown command \"gett\" for \"kubectl\"\n\nDid you mean this?\n\tset\n\tget\n"
                .into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl get --foo"),
        (
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n".into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl get -z"),
        (
            "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n"
                .into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl --foo"),
        (
            "error: unknown flag: --foo\nSee 'kubectl --help' for usage.\n".into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl get pods -o"),
        (
            "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n"
                .into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl logs --tail=abc x"),
        ("error: invalid argument \"abc\" for \"--tail\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl logs --help' for usage.\n".into(), 1)
    );
    assert_eq!(
        err_of("k get foo"),
        (
            "error: the server doesn't have a resource type \"foo\"\n".into(),
            1
        )
    );
    assert_eq!(
        err_of("kubectl get pods -o foo"),
        ("error: unable to match a printer suitable for the output format \"foo\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n".into(), 1)
    );
}

#[test]
fn argument_errors_as_kubectl_prints_them() {
    assert_eq!(
        err_of("kubectl get").0,
        "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl exec").0,
        "error: pod, type/name or --filename must be specified\n"
    );
    assert_eq!(
        err_of("kubectl exec x --").0,
        "error: you must specify at least one command for the container\n"
    );
    assert_eq!(
        err_of("kubectl exec x date").0,
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl run x").0,
        "error: required flag(s) \"image\" not set\n"
    );
    assert_eq!(
        err_of("kubectl run --image=x").0,
        "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl run x --image=nginx --restart=Foo").0,
        "error: invalid restart policy: Foo\nSee 'kubectl run -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl scale deploy x").0,
        "error: required flag(s) \"replicas\" not set\n"
    );
    assert_eq!(
        err_of("kubectl scale --replicas=-1 deploy x").0,
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
    );
    assert_eq!(
        err_of("kubectl apply").0,
        "error: must specify one of -f and -k\n"
    );
    assert_eq!(
        err_of("kubectl apply -f nope.yaml").0,
        "error: the path \"nope.yaml\" does not exist\n"
    );
    assert_eq!(
        err_of("kubectl apply -f nginx.yaml extra").0,
        "error: Unexpected args: [extra]\nSee 'kubectl apply -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl delete pods").0,
        "error: resource(s) were provided, but no name was specified\n"
    );
    assert_eq!(
        err_of("kubectl delete pods x --all").0,
        "error: name cannot be provided when a selector is specified\n"
    );
    assert_eq!(
        err_of("kubectl get pods x -l a=b").0,
        "error: name cannot be provided when a selector is specified\n"
    );
    assert_eq!(
        err_of("kubectl describe").0,
        "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n"
    );
    assert_eq!(
        err_of("kubectl logs").0,
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl version -o foo").0,
        "error: --output must be 'yaml' or 'json'\n"
    );
}

#[test]
fn yaml_syntax_errors_name_the_line() {
    assert_eq!(
        err_of("kubectl apply -f bad.yaml"),
        ("error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n".into(), 1)
    );
    let (e, c) =
        err_of("kubectl create -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: y\nEOF");
    assert_eq!(e, "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n");
    assert_eq!(c, 1);
    assert_eq!(
        err_of("kubectl create -f - <<EOF\n# nothing\nEOF").0,
        "error: no objects passed to create\n"
    );
    assert_eq!(
        err_of("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\nEOF").0,
        "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Foo\" in version \"v1\"\nensure CRDs are installed first\n"
    );
}

#[test]
fn dry_run_output_matches_kubectl() {
    let mut sh = shell();
    let (out, _, code) = run(
        &mut sh,
        "kubectl apply -f nginx.yaml --dry-run=client -o yaml",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"nginx\",\"namespace\":\"default\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:stable\",\"name\":\"nginx\"}]}}}}
  name: nginx
  namespace: default
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - image: nginx:stable
        name: nginx
"
    );
    assert_eq!(
        run(
            &mut sh,
            "cat nginx.yaml | kubectl create -f - --dry-run=client"
        )
        .0,
        "deployment.apps/nginx created (dry run)\n"
    );
    let (out, _, _) = run(
        &mut sh,
        "kubectl run nginx --image=nginx --dry-run=client -o yaml",
    );
    assert_eq!(
        out,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: nginx\n  name: nginx\nspec:\n  containers:\n  - image: nginx\n    name: nginx\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n"
    );
    let (out, _, _) = run(
        &mut sh,
        "kubectl run x --image=nginx -o yaml --dry-run=client --image-pull-policy=Never --annotations=a=b --env=X=1 -- arg1 \"arg two\"",
    );
    assert_eq!(
        out,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: b\n  creationTimestamp: null\n  labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - args:\n    - arg1\n    - arg two\n    env:\n    - name: X\n      value: \"1\"\n    image: nginx\n    imagePullPolicy: Never\n    name: x\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl run x --image=nginx --dry-run=client").0,
        "pod/x created (dry run)\n"
    );
}

#[test]
fn help_texts() {
    let mut sh = shell();
    let (out, _, code) = run(&mut sh, "kubectl");
    assert_eq!(code, 0);
    assert!(out.starts_with("kubectl controls the Kubernetes cluster manager."));
    let (out, _, _) = run(&mut sh, "kubectl exec --help");
    assert!(out.starts_with("Execute a command in a container.\n"));
    assert!(out.ends_with("Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n"));
    assert_eq!(
        run(&mut sh, "kubectl get -h").0,
        crate::help::find("get").map(|c| c.help).unwrap_or_default()
    );
    let (_, e, c) = run(&mut sh, "kubectl proxy --port=8001");
    assert_eq!(c, 1);
    assert!(e.contains("not simulated"));
    let (out, _, c) = run(&mut sh, "kubectl debug --help");
    assert_eq!(c, 0);
    assert_eq!(out, include_str!("help/debug.txt"));
}

#[test]
fn host_programs() {
    let mut sh = shell();
    assert_eq!(
        run(&mut sh, "foo bar"),
        (String::new(), "bash: foo: command not found\n".into(), 127)
    );
    assert_eq!(
        run(&mut sh, "sleep x"),
        (
            String::new(),
            "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut sh, "sleep"),
        (
            String::new(),
            "sleep: missing operand\nTry 'sleep --help' for more information.\n".into(),
            1
        )
    );
    let before = sh.cluster().now();
    assert_eq!(run(&mut sh, "sleep 2m").2, 0);
    assert_eq!(sh.cluster().now().0 - before.0, 120_000);
    assert_eq!(run(&mut sh, "echo hello   world").0, "hello world\n");
    assert_eq!(run(&mut sh, "X=42; echo \"x=$X\" '$X'").0, "x=42 $X\n");
    assert_eq!(run(&mut sh, "ls").0, "bad.yaml  nginx.yaml\n");
    assert_eq!(
        run(&mut sh, "cat nope"),
        (
            String::new(),
            "cat: nope: No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut sh, "cat nginx.yaml | grep image").0,
        "        image: nginx:stable\n"
    );
    assert_eq!(
        run(&mut sh, "cat nginx.yaml | head -n 2").0,
        "apiVersion: apps/v1\nkind: Deployment\n"
    );
    assert_eq!(run(&mut sh, "false && echo no || echo yes").0, "yes\n");
    assert_eq!(run(&mut sh, "kubectl foo 2>/dev/null; echo $?").0, "1\n");
    assert_eq!(run(&mut sh, "cat <<EOF\na $X\nEOF").0, "a 42\n");
    assert_eq!(run(&mut sh, "cat <<'EOF'\na $X\nEOF").0, "a $X\n");
    assert_eq!(run(&mut sh, "echo 'unterminated").1, "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n");
    let o = sh.run("clear");
    assert!(o.chunks.is_empty());
}

#[test]
fn feed_line_waits_for_heredocs_and_continuations() {
    let mut sh = shell();
    assert_eq!(
        sh.feed_line("cat <<EOF | kubectl create -f - --dry-run=client"),
        Feed::More
    );
    assert!(sh.is_pending());
    assert_eq!(sh.prompt(), "> ");
    for line in NGINX.lines() {
        assert_eq!(sh.feed_line(line), Feed::More);
    }
    match sh.feed_line("EOF") {
        Feed::Ran { output, clear } => {
            assert!(!clear);
            assert_eq!(
                output.chunks,
                vec![(
                    Stream::Stdout,
                    "deployment.apps/nginx created (dry run)\n".to_string()
                )]
            );
        }
        Feed::More => panic!("heredoc should be complete"),
    }
    assert_eq!(sh.feed_line("echo a \\"), Feed::More);
    assert_eq!(
        sh.feed_line("  b"),
        Feed::Ran {
            output: crate::Output {
                chunks: vec![(Stream::Stdout, "a b\n".into())],
                exit_code: 0
            },
            clear: false
        }
    );
    assert!(matches!(
        sh.feed_line("clear"),
        Feed::Ran { clear: true, .. }
    ));
    assert_eq!(sh.history().len(), 3);
}

#[test]
fn scripts_split_like_typed_input() {
    let mut sh = shell();
    let script = "# comment\necho one\n\ncat <<EOF | kubectl create --dry-run=client -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\nEOF\necho two; echo three\n";
    let ran = sh.run_script(script);
    let cmds: Vec<&str> = ran.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        cmds,
        ["echo one", "cat <<EOF | kubectl create --dry-run=client -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\nEOF", "echo two; echo three"]
    );
    assert_eq!(ran[1].1.text(), "namespace/demo created (dry run)\n");
    assert_eq!(ran[2].1.text(), "two\nthree\n");
}

#[test]
fn random_input_never_panics() {
    let words = [
        "kubectl",
        "k",
        "get",
        "pods",
        "-o",
        "yaml",
        "-n",
        "--",
        "exec",
        "-it",
        "x",
        "apply",
        "-f",
        "-",
        "<<EOF",
        "EOF",
        "|",
        "&&",
        "'",
        "\"",
        "\\",
        "$X",
        "describe",
        "delete",
        "--all",
        "expose",
        "deploy",
        "--port",
        "80",
        "run",
        "--image=nginx",
        "logs",
        "scale",
        "--replicas=2",
        "sleep",
        "1",
        "curl",
        "echo",
        "cat",
        "grep",
        "head",
        "\n",
        "kubeplay",
        "node",
        "add",
        "-A",
        "-l",
        "app=x",
        "svc,po",
        "all",
        "--dry-run=client",
        "json",
        "name",
        "wide",
        "=",
        "#",
        "version",
        "api-resources",
    ];
    let mut sh = shell();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..2000 {
        let mut line = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for _ in 0..(state % 9) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            line.push_str(words[(state % words.len() as u64) as usize]);
            line.push(' ');
        }
        let o = sh.run(&line);
        assert!(o.exit_code >= 0, "{line}");
    }
}

/// The course notes' Service lab, end to end against the engine. Names and
/// IPs come from the engine's seeded RNG, so the assertions look at the
/// shape kubectl gives them.
#[test]
fn service_lab_from_the_course_notes() {
    let mut files = MemFiles::default();
    files.files.insert("nginx.yaml".into(), NGINX.into());
    let mut sh = Shell::new(Cluster::new(Profile::DockerDesktop, 7), Box::new(files));
    let heredoc = format!("kubectl apply -f - <<EOF\n{NGINX}EOF");
    assert_eq!(run(&mut sh, &heredoc).0, "deployment.apps/nginx created\n");
    assert_eq!(
        run(&mut sh, "kubectl apply -f nginx.yaml").0,
        "deployment.apps/nginx unchanged\n"
    );
    assert_eq!(run(&mut sh, "sleep 10").2, 0);
    assert_eq!(
        run(
            &mut sh,
            "kubectl expose deployment nginx --name nginx --port 80"
        )
        .0,
        "service/nginx exposed\n"
    );
    let (out, _, _) = run(&mut sh, "kubectl get service nginx");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("NAME    TYPE        CLUSTER-IP"),
        "{out}"
    );
    assert!(lines[0].ends_with("EXTERNAL-IP   PORT(S)   AGE"), "{out}");
    assert!(lines[1].starts_with("nginx   ClusterIP   10."), "{out}");
    assert!(lines[1].contains("<none>        80/TCP    0s"), "{out}");
    let ip = run(
        &mut sh,
        "kubectl get svc nginx -o jsonpath='{.spec.clusterIP}'",
    )
    .0;
    let curlpod = "kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: curlpod
spec:
  containers:
  - name: curl
    image: docker.io/curlimages/curl:7.86.0
    command:
      - sleep
      - \"infinity\"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
EOF";
    assert_eq!(run(&mut sh, curlpod).0, "pod/curlpod created\n");
    run(&mut sh, "sleep 5");
    for target in [ip.as_str(), "nginx.default.svc.cluster.local"] {
        let (out, err, code) = run(
            &mut sh,
            &format!("kubectl exec -it curlpod -- curl {target}"),
        );
        assert_eq!((err.as_str(), code), ("", 0));
        assert!(out.contains("<title>Welcome to nginx!</title>"), "{out}");
    }
    assert_eq!(
        run(&mut sh, "kubectl exec -it curlpod -- cat /etc/resolv.conf").0,
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    );
    let np = "cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: nginx-np
spec:
  ports:
  - name: http
    nodePort: 31045
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  type: NodePort
EOF";
    assert_eq!(run(&mut sh, np).0, "service/nginx-np created\n");
    let (out, _, _) = run(&mut sh, "kubectl get service nginx-np");
    assert!(out.starts_with("NAME       TYPE       CLUSTER-IP"), "{out}");
    assert!(
        out.contains("   <none>        80:31045/TCP   0s\n"),
        "{out}"
    );
    let (out, _, code) = run(&mut sh, "curl http://localhost:31045");
    assert_eq!(code, 0);
    assert!(out.contains("<h1>Welcome to nginx!</h1>"), "{out}");
    // A second Service on the same node port gets the API server's error.
    let (_, err, code) = run(&mut sh, &np.replace("name: nginx-np", "name: nginx-np2"));
    assert_eq!(code, 1);
    assert!(err.starts_with("The Service \"nginx-np2\" is invalid: spec.ports[0].nodePort: Invalid value: 31045: provided port is already allocated"), "{err}");
    let (_, err, code) = run(&mut sh, "kubectl exec -it curlpod -- curl nope");
    assert_eq!(code, 6);
    assert!(
        err.ends_with("command terminated with exit code 6\n"),
        "{err}"
    );
    assert_eq!(
        run(&mut sh, "kubectl delete service nginx-np").0,
        "service \"nginx-np\" deleted\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl delete pod curlutils").1,
        "Error from server (NotFound): pods \"curlutils\" not found\n"
    );
}

#[test]
fn create_generators_match_kubectl_dry_run() {
    // Each expectation is kubectl v1.32's `--dry-run=client -o yaml` output.
    let mut sh = shell();
    let mut out = |line: &str| run(&mut sh, line).0;
    assert_eq!(
        out("kubectl create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        ports:\n        - containerPort: 80\n        resources: {}\nstatus: {}\n"
    );
    assert_eq!(
        out("kubectl create namespace demo --dry-run=client -o yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: demo\nspec: {}\nstatus: {}\n"
    );
    assert_eq!(
        out("kubectl create service clusterip my-svc --tcp=80:8080 --dry-run=client -o yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: my-svc\n  name: my-svc\nspec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: my-svc\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n"
    );
    assert_eq!(
        out("kubectl create svc nodeport np --tcp=80:80 --node-port=30080 --dry-run=client -o yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: np\n  name: np\nspec:\n  ports:\n  - name: 80-80\n    nodePort: 30080\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: np\n  type: NodePort\nstatus:\n  loadBalancer: {}\n"
    );
    assert_eq!(
        out("kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two --dry-run=client -o yaml"),
        "apiVersion: v1\ndata:\n  a: \"1\"\n  b: two\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cfg\n"
    );
    assert_eq!(
        out("kubectl create secret generic s --from-literal=password=secret --dry-run=client -o yaml"),
        "apiVersion: v1\ndata:\n  password: c2VjcmV0\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n"
    );
    assert_eq!(out("kubectl create ns demo"), "namespace/demo created\n");
    assert_eq!(
        out("kubectl create deployment nginx --image=nginx"),
        "deployment.apps/nginx created\n"
    );
    assert_eq!(
        out("kubectl create service nodeport nginx --tcp=80"),
        "service/nginx created\n"
    );
    assert_eq!(
        err_of("kubectl create deployment nginx").0,
        "error: required flag(s) \"image\" not set\n"
    );
    assert_eq!(
        err_of("kubectl create deployment a b --image=x").0,
        "error: exactly one NAME is required, got 2\nSee 'kubectl create deployment -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl create service clusterip x").0,
        "error: at least one tcp port specifier must be provided\n"
    );
    assert_eq!(
        err_of("kubectl create configmap c --from-literal=novalue").0,
        "error: invalid literal source novalue, expected key=value\n"
    );
    assert_eq!(
        err_of("kubectl create service foo").0,
        "error: unknown command \"foo\"\nSee 'kubectl create service -h' for help and examples\n"
    );
    assert_eq!(
        err_of("kubectl create foo").0,
        "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n"
    );
    let (e, c) = err_of("kubectl create service");
    assert_eq!(c, 1);
    assert!(e.starts_with("Create a service using a specified subcommand.\n"));
    assert_eq!(
        out("kubectl create role r --verb=get --resource=pods"),
        "role.rbac.authorization.k8s.io/r created\n"
    );
}

#[test]
fn kubeconfig_context_namespace() {
    let mut sh = shell();
    assert_eq!(
        run(&mut sh, "kubectl config current-context").0,
        "docker-desktop\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl config get-contexts").0,
        "CURRENT   NAME             CLUSTER          AUTHINFO         NAMESPACE\n*         docker-desktop   docker-desktop   docker-desktop   \n"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl config set-context --current --namespace=kube-system"
        )
        .0,
        "Context \"docker-desktop\" modified.\n"
    );
    assert!(run(&mut sh, "kubectl get svc").0.contains("kube-dns"));
    assert!(run(&mut sh, "kubectl config view")
        .0
        .contains("    namespace: kube-system\n"));
    assert_eq!(
        run(&mut sh, "kubectl config use-context nope").1,
        "error: no context exists with the name: \"nope\"\n"
    );
    let (out, err, code) = run(&mut sh, "kubectl config");
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(err.starts_with("Modify kubeconfig files"));
}

#[test]
fn label_and_annotate() {
    let mut sh = shell();
    run(&mut sh, "kubectl run web --image=nginx --labels=app=web");
    assert_eq!(
        run(&mut sh, "kubectl label pod web tier=front").0,
        "pod/web labeled\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl label pod web tier=back").1,
        "error: 'tier' already has a value (front), and --overwrite is false\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl label pod web tier=back --overwrite").0,
        "pod/web labeled\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl label pod web tier=back").0,
        "pod/web not labeled\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl get pods -l tier=back -o name").0,
        "pod/web\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl label pods/web tier-").0,
        "pod/web unlabeled\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl get pod web --show-labels --no-headers")
            .0
            .split_whitespace()
            .last(),
        Some("app=web")
    );
    assert_eq!(
        run(&mut sh, "kubectl annotate pod web note=hello").0,
        "pod/web annotated\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl label pods").1,
        "error: at least one label update is required\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl label a=b").1,
        "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
    );
}

#[test]
fn get_watch_prints_changes_during_sleep() {
    let mut sh = shell();
    run(&mut sh, "kubectl apply -f nginx.yaml");
    let (out, _, code) = run(&mut sh, "kubectl get pods -w");
    assert_eq!(code, 0);
    assert!(out.starts_with("NAME "), "{out}");
    assert!(sh.is_watching());
    let rows = run(&mut sh, "sleep 10").0;
    let last = rows.lines().last().unwrap_or("");
    assert!(last.contains("1/1     Running"), "{rows}");
    // Columns stay aligned with the first table.
    let header_status = out.find("STATUS").unwrap_or(0);
    assert_eq!(last.find("Running"), Some(header_status), "{out}{rows}");
    // Any other command ends the watch, as Ctrl+C would.
    run(&mut sh, "kubectl get deploy");
    assert!(!sh.is_watching());
    assert_eq!(run(&mut sh, "sleep 1").0, "");
    assert_eq!(
        run(&mut sh, "kubectl get pods,svc -w").1,
        "error: watch is only supported on individual resources and resource collections, but 2 resources were found\n"
    );
}

#[test]
fn logs_follow_prints_new_lines_during_sleep() {
    let mut sh = shell();
    run(
        &mut sh,
        "kubectl run c --image=busybox --restart=Never -- sh -c 'echo one; sleep 60; echo two'",
    );
    run(&mut sh, "sleep 20");
    assert_eq!(run(&mut sh, "kubectl logs -f c").0, "one\n");
    assert_eq!(run(&mut sh, "sleep 60").0, "two\n");
}

#[test]
fn rollouts_of_a_deployment() {
    let mut sh = shell();
    run(
        &mut sh,
        "kubectl create deployment nginx --image=nginx:1.24 --replicas=2",
    );
    let status = run(&mut sh, "kubectl rollout status deployment/nginx").0;
    assert!(
        status.ends_with("deployment \"nginx\" successfully rolled out\n"),
        "{status}"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl set image deployment/nginx nginx=nginx:1.25"
        )
        .0,
        "deployment.apps/nginx image updated\n"
    );
    let status = run(&mut sh, "kubectl rollout status deploy nginx").0;
    assert!(
        status.starts_with("Waiting for deployment \"nginx\" rollout to finish: "),
        "{status}"
    );
    assert!(
        status.ends_with("deployment \"nginx\" successfully rolled out\n"),
        "{status}"
    );
    assert_eq!(
        run(&mut sh, "kubectl rollout history deployment/nginx").0,
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl rollout undo deployment/nginx").0,
        "deployment.apps/nginx rolled back\n"
    );
    run(&mut sh, "kubectl rollout status deployment/nginx");
    assert_eq!(
        run(
            &mut sh,
            "kubectl get deploy nginx -o jsonpath='{.spec.template.spec.containers[0].image}'"
        )
        .0,
        "nginx:1.24"
    );
    assert_eq!(
        run(&mut sh, "kubectl rollout restart deployment/nginx").0,
        "deployment.apps/nginx restarted\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl set image deployment/nginx foo=bar").1,
        "error: unable to find container named \"foo\"\n"
    );
}

#[test]
fn exec_it_shell_session() {
    let mut sh = shell();
    run(
        &mut sh,
        "kubectl run box --image=busybox --command -- sleep infinity",
    );
    run(&mut sh, "sleep 20");
    assert_eq!(
        sh.feed_line("kubectl exec -it box -- sh"),
        Feed::Ran {
            output: crate::Output::default(),
            clear: false
        }
    );
    assert_eq!(sh.prompt(), "/ # ");
    match sh.feed_line("hostname") {
        Feed::Ran { output, .. } => assert_eq!(output.text(), "box\n"),
        Feed::More => panic!("a container shell reads whole lines"),
    }
    match sh.feed_line("exit 2") {
        Feed::Ran { output, .. } => {
            assert_eq!(output.stderr(), "command terminated with exit code 2\n");
            assert_eq!(output.exit_code, 2);
        }
        Feed::More => panic!("exit ends the session"),
    }
    assert_eq!(sh.prompt(), "$ ");
    // In a script the lines after `exec -it ... -- sh` run in the container.
    let ran = sh.run_script("kubectl exec -it box -- sh\necho 'it''s'\nexit\necho host\n");
    let texts: Vec<(&str, String)> = ran.iter().map(|(c, o)| (c.as_str(), o.text())).collect();
    assert_eq!(
        texts,
        [
            ("kubectl exec -it box -- sh", String::new()),
            ("echo 'it''s'", "its\n".to_string()),
            ("exit", String::new()),
            ("echo host", "host\n".to_string())
        ]
    );
    let prompts: Vec<String> = sh
        .run_script_prompted("kubectl exec -it box -- sh\nhostname\nexit\n")
        .into_iter()
        .map(|(p, _, _)| p)
        .collect();
    assert_eq!(prompts, ["$ ", "/ # ", "/ # "]);
    let (_, err, code) = run(&mut sh, "kubectl exec -it box -- bash");
    assert_eq!(code, 126);
    assert!(
        err.ends_with("command terminated with exit code 126\n"),
        "{err}"
    );
    assert!(sh.session().is_none());
}

#[test]
fn wait_for_conditions_on_the_simulated_clock() {
    let mut sh = shell();
    run(&mut sh, "kubectl apply -f nginx.yaml");
    assert_eq!(
        run(
            &mut sh,
            "kubectl wait --for=condition=Available deployment/nginx --timeout=2m"
        )
        .0,
        "deployment.apps/nginx condition met\n"
    );
    let (out, _, _) = run(
        &mut sh,
        "kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=nginx",
    );
    assert!(
        out.starts_with("pod/nginx-") && out.ends_with(" condition met\n"),
        "{out}"
    );
    run(&mut sh, "kubectl run bad --image=nginxx:nope");
    assert_eq!(
        run(
            &mut sh,
            "kubectl wait --for=condition=Ready pod/bad --timeout=10s"
        ),
        (
            String::new(),
            "error: timed out waiting for the condition on pods/bad\n".to_string(),
            1
        )
    );
    assert_eq!(
        run(&mut sh, "kubectl wait --for=foo pod/x").1,
        "error: unrecognized condition: \"foo\"\n"
    );
}

#[test]
fn completions_skip_flag_values() {
    let sh = shell();
    assert!(sh
        .completions("kubectl -n kube-system get po")
        .contains(&"pods".to_string()));
    assert!(sh
        .completions("k get pods -n kube-system core")
        .iter()
        .any(|c| c.starts_with("coredns-")));
    assert_eq!(sh.completions("kubectl desc"), ["describe"]);
    assert!(sh
        .completions("kubectl get --no-h")
        .contains(&"--no-headers".to_string()));
    assert_eq!(sh.completions("kubep"), ["kubeplay"]);
    assert_eq!(sh.completions("kubectl port-f"), ["port-forward"]);
    assert!(sh
        .completions("kubectl explain deploy")
        .contains(&"deployments".to_string()));
    assert!(sh
        .completions("kubectl autoscale deploy")
        .contains(&"deployments".to_string()));
    assert!(sh
        .completions("kubectl -n kube-system port-forward etcd")
        .iter()
        .any(|c| c.starts_with("etcd-")));
    assert!(sh
        .completions("kubectl -n kube-system debug etcd")
        .iter()
        .any(|c| c.starts_with("etcd-")));
}

#[test]
fn patch_kinds() {
    let mut sh = shell();
    run(&mut sh, "kubectl apply -f nginx.yaml");
    run(&mut sh, "kubectl expose deploy nginx --port 80");
    assert_eq!(
        run(
            &mut sh,
            "kubectl patch svc nginx -p '{\"spec\":{\"type\":\"NodePort\"}}'"
        )
        .0,
        "service/nginx patched\n"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl patch svc nginx -p '{\"spec\":{\"type\":\"NodePort\"}}'"
        )
        .0,
        "service/nginx patched (no change)\n"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl patch deploy nginx --type=merge -p 'spec: {replicas: 2}'"
        )
        .0,
        "deployment.apps/nginx patched\n"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl get deploy nginx -o jsonpath='{.spec.replicas}'"
        )
        .0,
        "2"
    );
    assert_eq!(
        run(&mut sh, "kubectl patch deploy nginx -p nope").1,
        "error: invalid JSON document\n"
    );
}

#[test]
fn replace_from_files() {
    let mut sh = shell();
    assert_eq!(
        run(&mut sh, "kubectl replace -f nginx.yaml").1,
        "Error from server (NotFound): error when replacing \"nginx.yaml\": deployments.apps \"nginx\" not found\n"
    );
    run(&mut sh, "kubectl create -f nginx.yaml");
    assert_eq!(
        run(&mut sh, "kubectl replace -f nginx.yaml").0,
        "deployment.apps/nginx replaced\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl replace --force -f nginx.yaml").0,
        "deployment.apps \"nginx\" deleted\ndeployment.apps/nginx replaced\n"
    );
}

#[test]
fn node_maintenance_and_top() {
    let mut sh = shell();
    assert_eq!(
        run(&mut sh, "kubectl cordon desktop-worker").0,
        "node/desktop-worker cordoned\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl cordon desktop-worker").0,
        "node/desktop-worker already cordoned\n"
    );
    assert!(run(&mut sh, "kubectl get node desktop-worker")
        .0
        .contains("Ready,SchedulingDisabled"));
    assert_eq!(
        run(&mut sh, "kubectl uncordon desktop-worker").0,
        "node/desktop-worker uncordoned\n"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl taint nodes desktop-worker gpu=yes:NoSchedule"
        )
        .0,
        "node/desktop-worker tainted\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl taint nodes desktop-worker gpu=no:NoSchedule").1,
        "error: node desktop-worker already has gpu taint(s) with same effect(s) and --overwrite is false\n"
    );
    assert_eq!(
        run(
            &mut sh,
            "kubectl taint nodes desktop-worker gpu:NoSchedule-"
        )
        .0,
        "node/desktop-worker untainted\n"
    );
    assert_eq!(
        run(&mut sh, "kubectl top pods").1,
        "error: Metrics API not available\n"
    );
}

#[test]
fn events_command() {
    let mut sh = shell();
    assert_eq!(
        run(&mut sh, "kubectl events").1,
        "No events found in default namespace.\n"
    );
    run(&mut sh, "kubectl apply -f nginx.yaml");
    run(&mut sh, "sleep 10");
    let out = run(&mut sh, "kubectl events --for deploy/nginx").0;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "LAST SEEN   TYPE     REASON              OBJECT             MESSAGE"
    );
    assert!(
        lines[1].contains("ScalingReplicaSet   Deployment/nginx   Scaled up replica set nginx-"),
        "{out}"
    );
}
