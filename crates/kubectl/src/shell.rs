//! The shell around kubectl: lists (`;`, `&&`, `||`), pipelines, `$VAR`
//! expansion, redirections, heredocs, aliases, and the host programs a
//! course uses (`curl`, `sleep`, `ls`, `cat`, `echo`, `grep`, `head`,
//! `tail`, `wc`, `clear`, `history`, `kubeplay`).

use crate::lexer::{self, Lexed, Op, Part, Redir, Tok, Word};
use crate::{Files, Output, Stream};
use cluster::Cluster;
use std::collections::BTreeMap;

/// What a command can reach: the cluster and the files.
pub struct Env<'a> {
    pub cluster: &'a mut Cluster,
    pub files: &'a dyn Files,
}

/// Output being written by one command.
#[derive(Debug, Default)]
pub struct Io {
    pub chunks: Vec<(Stream, String)>,
    pub clear: bool,
}

impl Io {
    fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((k, text)) if *k == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }
    pub fn out(&mut self, s: &str) {
        self.push(Stream::Stdout, s);
    }
    pub fn err(&mut self, s: &str) {
        self.push(Stream::Stderr, s);
    }
    fn stdout_text(&self) -> String {
        self.chunks
            .iter()
            .filter(|(k, _)| *k == Stream::Stdout)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// Everything a program gets.
pub struct Ctx<'a, 'b> {
    pub cluster: &'a mut Cluster,
    pub files: &'a dyn Files,
    pub io: &'b mut Io,
    /// Piped or redirected input (`None`: the terminal, which has none).
    pub stdin: Option<String>,
    pub history: &'b [String],
    /// The namespace of the current kubeconfig context (`kubectl config
    /// set-context --current --namespace=...` changes it).
    pub namespace: &'b mut String,
    /// The kubeconfig once `kubectl config` has touched it (`None`: the
    /// profile's, with `namespace`).
    pub kubeconfig: &'b mut Option<crate::kubectl::config::KubeConfig>,
    /// A `kubectl get -w` in progress.
    pub watch: &'b mut Option<crate::watch::Live>,
    /// An interactive shell opened by `kubectl exec -it POD -- sh`.
    pub session: &'b mut Option<Session>,
    /// The shell's variables (`export EDITOR=nano`).
    pub vars: &'b BTreeMap<String, String>,
    /// Whether `kubectl edit` opens the UI's manifest pane, and its request.
    pub edit_in_pane: bool,
    pub edit_request: &'b mut Option<(String, String)>,
    /// A printer failed after writing (a Go template's execution error):
    /// kubectl exits 1 then whatever the command otherwise returned.
    pub print_failed: bool,
    /// The command may leave its output to be made in steps
    /// ([`start_stepped`]): the page, at a command line's top level.
    pub may_pause: bool,
    /// The output it left so.
    pub stepped: Option<Box<dyn Stepped>>,
}

/// Output a command makes in steps (`kubectl get`'s tables, issue 8 item
/// 3): the page runs it between frames, a budget of rows at a time
/// ([`crate::Shell::print_step`]); anywhere else it runs to its end at
/// once. What it prints does not depend on the steps. It reads the
/// cluster as each step runs, so nothing may change the cluster while it
/// is unfinished: the shell finishes it before it runs anything else, and
/// the page before anything it does to the cluster.
pub trait Stepped {
    /// Makes up to `budget` rows more, written into `io`; the command's
    /// exit status once it is done.
    fn step(&mut self, cluster: &Cluster, budget: usize, io: &mut Io) -> Option<i32>;
}

/// Rows a stepped command makes before the page gets control back.
pub const FIRST_STEP_ROWS: usize = 100;

/// Runs a command's stepped output: to its end at once, or, when the
/// command may pause, its first [`FIRST_STEP_ROWS`] rows, leaving the rest
/// in `ctx.stepped` for the shell (the status returned is then not yet
/// the command's).
pub fn start_stepped(ctx: &mut Ctx<'_, '_>, mut job: Box<dyn Stepped>) -> i32 {
    let budget = if ctx.may_pause {
        FIRST_STEP_ROWS
    } else {
        usize::MAX
    };
    loop {
        if let Some(status) = job.step(ctx.cluster, budget, ctx.io) {
            return status;
        }
        if ctx.may_pause {
            ctx.stepped = Some(job);
            return 0;
        }
    }
}

/// A command line being run, stopped in a command's stepped output.
pub struct Running {
    list: Vec<(Conn, Vec<Simple>)>,
    /// The pipeline and the command in it that run next.
    li: usize,
    pi: usize,
    /// The previous pipeline stage's stdout.
    piped: Option<String>,
    /// The last pipeline's status.
    status: i32,
    /// The line's output not yet handed out.
    io: Io,
    paused: Option<Box<Paused>>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("li", &self.li)
            .field("pi", &self.pi)
            .field("paused", &self.paused.is_some())
            .finish()
    }
}

/// A simple command whose output is being made in steps.
struct Paused {
    job: Box<dyn Stepped>,
    /// The pipeline stage's output so far, and the command's own.
    stage: Io,
    sub: Io,
    out_sink: Sink,
    err_sink: Sink,
    /// Its stdout goes to the terminal: handed out as it comes.
    direct: bool,
    last: bool,
}

impl Io {
    /// Appends another Io's output (and its clear).
    fn absorb(&mut self, other: &mut Io) {
        for (k, s) in std::mem::take(&mut other.chunks) {
            self.push(k, &s);
        }
        self.clear |= std::mem::take(&mut other.clear);
    }
}

/// A shell inside a container (`kubectl exec -it POD -- sh`): each line
/// typed runs there until `exit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    /// `sh`, `bash`, ...
    pub shell: String,
    /// The container shell's prompt (empty without a tty).
    pub prompt: String,
    pub tty: bool,
    /// The container's image (its shell's prompt) and the shell's working
    /// directory (`cd` moves it).
    pub image: String,
    pub cwd: String,
    /// Set when the shell is the container's main process (`kubectl run
    /// -it`, `kubectl attach -it`, `kubectl debug -it`) rather than one
    /// `kubectl exec` started: `exit` then ends the container.
    pub attached: Option<Attached>,
}

/// What ends with a session attached to a container's main process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attached {
    /// The container whose main process the shell is.
    pub container: String,
    /// kubectl's `Session ended, ...` line (stdout), if it prints one.
    pub reattach: Option<String>,
    /// `kubectl run`'s ending (exit code wait, `--rm`); `None` for attach
    /// and debug.
    pub run: Option<crate::kubectl::RunEnd>,
}

/// The shell's own state across commands.
#[derive(Debug)]
pub struct State {
    pub vars: BTreeMap<String, String>,
    pub aliases: BTreeMap<String, String>,
    pub history: Vec<String>,
    pub last_status: i32,
    /// The current context's namespace; empty means unset (`default`).
    pub namespace: String,
    /// The kubeconfig once `kubectl config` has touched it (its current
    /// context's namespace is mirrored in `namespace`).
    pub kubeconfig: Option<crate::kubectl::config::KubeConfig>,
    /// A `kubectl get -w` in progress (ends at the next command that is
    /// not `sleep`).
    pub watch: Option<crate::watch::Live>,
    /// A shell open in a container; lines go there until `exit`.
    pub session: Option<Session>,
    /// `kubectl edit` opens objects in the UI's manifest pane (the
    /// browser) instead of failing for want of an editor (the CLI).
    pub edit_in_pane: bool,
    /// What `kubectl edit` asked the UI to open: (file name, text).
    pub edit_request: Option<(String, String)>,
    /// A command line stopped in a command's stepped output (the page).
    pub running: Option<Running>,
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

/// True for text with nothing to run (blank lines, comments).
pub fn is_blank(text: &str) -> bool {
    match lexer::lex(text, true) {
        Lexed::Complete(toks) => toks.iter().all(|t| *t == Tok::Op(Op::Newline)),
        _ => false,
    }
}

#[derive(Debug, Default)]
struct Simple {
    assigns: Vec<(String, Word)>,
    words: Vec<Word>,
    redirs: Vec<Redir>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Conn {
    Always,
    And,
    Or,
}

fn parse(toks: Vec<Tok>) -> Result<Vec<(Conn, Vec<Simple>)>, String> {
    let mut list: Vec<(Conn, Vec<Simple>)> = Vec::new();
    let mut pipeline: Vec<Simple> = Vec::new();
    let mut cur = Simple::default();
    let mut conn = Conn::Always;
    let empty = |s: &Simple| s.words.is_empty() && s.assigns.is_empty() && s.redirs.is_empty();
    let unexpected = |t: &str| format!("syntax error near unexpected token `{t}'");
    for t in toks {
        match t {
            Tok::Word(w) => {
                if cur.words.is_empty() {
                    if let Some(a) = w.assignment() {
                        cur.assigns.push(a);
                        continue;
                    }
                }
                cur.words.push(w);
            }
            Tok::Redir(r) => cur.redirs.push(r),
            Tok::Op(op) => {
                let sym = match op {
                    Op::Pipe => "|",
                    Op::And => "&&",
                    Op::Or => "||",
                    Op::Semi => ";",
                    Op::Newline => "newline",
                };
                if empty(&cur) {
                    if op == Op::Newline && pipeline.is_empty() {
                        continue;
                    }
                    if op == Op::Newline {
                        // `a |` newline `b`: the pipeline goes on.
                        continue;
                    }
                    return Err(unexpected(sym));
                }
                pipeline.push(std::mem::take(&mut cur));
                if op == Op::Pipe {
                    continue;
                }
                list.push((conn, std::mem::take(&mut pipeline)));
                conn = match op {
                    Op::And => Conn::And,
                    Op::Or => Conn::Or,
                    _ => Conn::Always,
                };
            }
        }
    }
    if !empty(&cur) {
        pipeline.push(cur);
    }
    if !pipeline.is_empty() {
        list.push((conn, pipeline));
    }
    Ok(list)
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Sink {
    Keep,
    Null,
    /// Into a host file (`> f`, `>> f`): its path.
    File(String),
    /// Into the other stream (`2>&1`, `>&2`).
    Swap,
}

impl State {
    pub fn new() -> State {
        let mut aliases = BTreeMap::new();
        aliases.insert("k".to_string(), "kubectl".to_string());
        State {
            vars: BTreeMap::new(),
            aliases,
            history: Vec::new(),
            last_status: 0,
            namespace: String::new(),
            kubeconfig: None,
            watch: None,
            session: None,
            edit_in_pane: false,
            edit_request: None,
            running: None,
        }
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.last_status.to_string(),
            "$" => "1".to_string(),
            "#" => "0".to_string(),
            "0" => "bash".to_string(),
            n => self.vars.get(n).cloned().unwrap_or_default(),
        }
    }

    /// Expands a word into fields (unquoted expansions split at blanks; an
    /// unquoted `*` matches file names).
    /// Runs the `$(...)` command substitutions of an unquoted heredoc's
    /// body (their errors reach the terminal, as in bash) and puts their
    /// output in, escaped so that the variable pass leaves it as it is.
    fn heredoc_commands(&mut self, env: &mut Env<'_>, io: &mut Io, body: &str) -> String {
        let chars: Vec<char> = body.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
                continue;
            }
            if c == '$' && chars.get(i + 1) == Some(&'(') && chars.get(i + 2) != Some(&'(') {
                let mut depth = 0usize;
                let mut end = None;
                for (j, &d) in chars.iter().enumerate().skip(i + 1) {
                    match d {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(end) = end {
                    let text: String = chars[i + 2..end].iter().collect();
                    let v = self.capture(env, io, &text);
                    for ch in v.chars() {
                        if matches!(ch, '\\' | '$' | '`') {
                            out.push('\\');
                        }
                        out.push(ch);
                    }
                    i = end + 1;
                    continue;
                }
            }
            out.push(c);
            i += 1;
        }
        out
    }

    fn expand(&mut self, w: &Word, env: &mut Env<'_>, io: &mut Io) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut has = false;
        let mut glob = false;
        for (i, p) in w.parts.iter().enumerate() {
            match p {
                Part::Lit { text, quoted } => {
                    // Tilde expansion: a word's unquoted leading `~`.
                    let home = i == 0 && !quoted && (text == "~" || text.starts_with("~/"));
                    if home {
                        cur.push_str("/home/student");
                        cur.push_str(&text[1..]);
                        has = true;
                        continue;
                    }
                    cur.push_str(text);
                    has = true;
                    if !quoted && (text.contains('*') || text.contains('?')) {
                        glob = true;
                    }
                }
                Part::Var { name, quoted: true } => {
                    cur.push_str(&self.var(name));
                    has = true;
                }
                Part::Cmd { text, quoted: true } => {
                    let v = self.capture(env, io, text);
                    cur.push_str(&v);
                    has = true;
                }
                Part::Proc { text } => {
                    // bash names the pipe /dev/fd/63; here it is a file
                    // holding the command's output.
                    let mut sub = Io::default();
                    self.exec_text(env, &mut sub, text);
                    for (k, t) in &sub.chunks {
                        if *k == Stream::Stderr {
                            io.err(t);
                        }
                    }
                    let path = "/dev/fd/63";
                    let _ = env.files.write(path, &sub.stdout_text());
                    cur.push_str(path);
                    has = true;
                }
                Part::Var { .. } | Part::Cmd { .. } => {
                    let v = match p {
                        Part::Var { name, .. } => self.var(name),
                        Part::Cmd { text, .. } => self.capture(env, io, text),
                        Part::Lit { text, .. } | Part::Proc { text } => text.clone(),
                    };
                    let mut pieces = v.split_whitespace();
                    if v.starts_with(char::is_whitespace) && has {
                        fields.push(std::mem::take(&mut cur));
                        has = false;
                    }
                    if let Some(first) = pieces.next() {
                        cur.push_str(first);
                        has = true;
                    }
                    for piece in pieces {
                        fields.push(std::mem::take(&mut cur));
                        cur.push_str(piece);
                    }
                    if v.ends_with(char::is_whitespace) && has {
                        fields.push(std::mem::take(&mut cur));
                        has = false;
                    }
                }
            }
        }
        if has {
            fields.push(cur);
        }
        if glob && fields.len() == 1 {
            let pattern = fields[0].clone();
            let mut matches: Vec<String> = env
                .files
                .list()
                .into_iter()
                .filter(|f| glob_match(&pattern, f))
                .collect();
            if !matches.is_empty() {
                cluster::sort::sort(&mut matches);
                return matches;
            }
        }
        fields
    }

    /// Runs a complete command text (what one Enter, or one script unit,
    /// submits). Returns the output and whether the screen is to be cleared.
    pub fn run_text(&mut self, env: &mut Env<'_>, text: &str) -> (Output, bool) {
        self.run_lexed(env, text, None)
    }

    /// [`State::run_text`] with `text`'s tokens when the caller has lexed
    /// it already (a complete command, as `lexer::lex` returned them).
    pub fn run_lexed(
        &mut self,
        env: &mut Env<'_>,
        text: &str,
        toks: Option<Vec<Tok>>,
    ) -> (Output, bool) {
        if self.session.is_some() {
            return self.session_line(env, text);
        }
        let mut io = Io::default();
        let blank = match &toks {
            Some(toks) => toks.iter().all(|t| *t == Tok::Op(Op::Newline)),
            None => is_blank(text),
        };
        if !blank {
            self.history.push(text.to_string());
            // A watch runs only through the `sleep`s that follow it.
            if text.split_whitespace().next() != Some("sleep") {
                self.watch = None;
            }
        }
        let lexed = match toks {
            Some(toks) => Lexed::Complete(toks),
            None => lexer::lex(text, true),
        };
        // The page (stepping) lets a command's long output go on between
        // frames: the line stops there, kept in `running`.
        let pause = env.cluster.is_stepping();
        let status = match self.begin(&mut io, lexed) {
            None => self.last_status,
            Some(mut run) => {
                let done = self.drive(env, &mut run, pause, usize::MAX);
                io.absorb(&mut run.io);
                let status = run.status;
                if !done {
                    self.running = Some(run);
                }
                status
            }
        };
        let clear = io.clear;
        (
            Output {
                chunks: io.chunks,
                exit_code: status,
            },
            clear,
        )
    }

    /// Runs the stopped command line on: its stepped output by up to
    /// `budget` rows, then the rest of the line (which may stop again).
    /// Returns the output since the last call, whether the screen is to
    /// be cleared, and whether the line has ended (the output's exit code
    /// is then its status).
    pub fn step_running(&mut self, env: &mut Env<'_>, budget: usize) -> (Output, bool, bool) {
        let Some(mut run) = self.running.take() else {
            return (
                Output {
                    chunks: Vec::new(),
                    exit_code: self.last_status,
                },
                false,
                true,
            );
        };
        let done = self.drive(env, &mut run, true, budget);
        let out = Output {
            chunks: std::mem::take(&mut run.io.chunks),
            exit_code: run.status,
        };
        let clear = std::mem::take(&mut run.io.clear);
        if !done {
            self.running = Some(run);
        }
        (out, clear, done)
    }

    /// A line typed into a container's shell.
    fn session_line(&mut self, env: &mut Env<'_>, text: &str) -> (Output, bool) {
        let mut io = Io::default();
        let Some(sess) = self.session.clone() else {
            return (Output::default(), false);
        };
        if !text.trim().is_empty() {
            self.history.push(text.to_string());
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut status = 0;
        match words.as_slice() {
            [] => {}
            ["exit"] | ["exit", _] | ["logout"] => {
                let code: i32 = words.get(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                // The shell's `exit N` keeps the low 8 bits, as a process
                // exit status does.
                let code = code & 0xff;
                if sess.shell == "bash" && sess.tty {
                    io.out("exit\n");
                }
                if let Some(att) = &sess.attached {
                    if sess.tty {
                        let echo = if sess.shell == "bash" { "exit\n" } else { "" };
                        let typed = format!("{}{}\n{echo}", sess.prompt, text.trim());
                        crate::engine::main_process_output(
                            env.cluster,
                            &sess.namespace,
                            &sess.pod,
                            &att.container,
                            &typed,
                        );
                    }
                }
                self.session = None;
                status = match &sess.attached {
                    Some(att) => {
                        crate::kubectl::end_attached(env.cluster, &mut io, &sess, att, code)
                    }
                    None => {
                        if code != 0 {
                            io.err(&format!("command terminated with exit code {code}\n"));
                        }
                        code
                    }
                };
            }
            ["clear"] => io.clear = true,
            _ => {
                let argv = vec![sess.shell.clone(), "-c".to_string(), text.to_string()];
                match crate::engine::exec_in(
                    env.cluster,
                    &sess.namespace,
                    &sess.pod,
                    sess.container.as_deref(),
                    &argv,
                    sess.tty,
                    Some(&sess.cwd),
                ) {
                    Ok((r, cwd)) => {
                        io.out(&r.stdout);
                        io.err(&r.stderr);
                        status = r.exit_code;
                        if let Some(att) = &sess.attached {
                            // The main process's terminal (or stdout and
                            // stderr) goes to the container's log.
                            let mut shown = String::new();
                            if sess.tty {
                                shown.push_str(&sess.prompt);
                                shown.push_str(text);
                                shown.push('\n');
                            }
                            shown.push_str(&r.stdout);
                            shown.push_str(&r.stderr);
                            crate::engine::main_process_output(
                                env.cluster,
                                &sess.namespace,
                                &sess.pod,
                                &att.container,
                                &shown,
                            );
                        }
                        if let Some(open) = self.session.as_mut() {
                            if sess.tty {
                                open.prompt = crate::kubectl::exec::shell_prompt(
                                    &sess.image,
                                    &sess.shell,
                                    &sess.pod,
                                    &cwd,
                                );
                            }
                            open.cwd = cwd;
                        }
                    }
                    Err(line) => {
                        // The pod went away under the session.
                        io.err(&format!("{line}\n"));
                        self.session = None;
                        status = 1;
                    }
                }
            }
        }
        self.last_status = status;
        (
            Output {
                chunks: io.chunks,
                exit_code: status,
            },
            io.clear,
        )
    }

    /// `$(command)`: runs it and returns its stdout without trailing
    /// newlines; its stderr goes to the terminal.
    fn capture(&mut self, env: &mut Env<'_>, io: &mut Io, text: &str) -> String {
        let mut sub = Io::default();
        self.exec_text(env, &mut sub, text);
        for (k, t) in &sub.chunks {
            if *k == Stream::Stderr {
                io.err(t);
            }
        }
        let mut out = sub.stdout_text();
        while out.ends_with('\n') {
            out.pop();
        }
        out
    }

    fn exec_text(&mut self, env: &mut Env<'_>, io: &mut Io, text: &str) -> i32 {
        self.exec_lexed(env, io, lexer::lex(text, true))
    }

    fn exec_lexed(&mut self, env: &mut Env<'_>, io: &mut Io, lexed: Lexed) -> i32 {
        match self.begin(io, lexed) {
            None => self.last_status,
            Some(mut run) => {
                self.drive(env, &mut run, false, usize::MAX);
                io.absorb(&mut run.io);
                run.status
            }
        }
    }

    /// A command line parsed, ready to run; `None` after a syntax error
    /// (printed, `$?` 2).
    fn begin(&mut self, io: &mut Io, lexed: Lexed) -> Option<Running> {
        let toks = match lexed {
            Lexed::Complete(t) => t,
            Lexed::Error(e) => {
                io.err(&format!("bash: {e}\n"));
                self.last_status = 2;
                return None;
            }
            Lexed::Incomplete(_) => Vec::new(),
        };
        let list = match parse(toks) {
            Ok(l) => l,
            Err(e) => {
                io.err(&format!("bash: {e}\n"));
                self.last_status = 2;
                return None;
            }
        };
        Some(Running {
            list,
            li: 0,
            pi: 0,
            piped: None,
            status: self.last_status,
            io: Io::default(),
            paused: None,
        })
    }

    /// Runs a command line on (lists, pipelines: stdout piped, stderr
    /// passed through) until it ends (true) or, when `pause`, a command
    /// leaves output to be made in steps (false). `budget`: the rows a
    /// paused command makes now.
    fn drive(&mut self, env: &mut Env<'_>, run: &mut Running, pause: bool, budget: usize) -> bool {
        let list = std::mem::take(&mut run.list);
        let done = self.drive_list(env, &list, run, pause, budget);
        run.list = list;
        done
    }

    fn drive_list(
        &mut self,
        env: &mut Env<'_>,
        list: &[(Conn, Vec<Simple>)],
        run: &mut Running,
        pause: bool,
        budget: usize,
    ) -> bool {
        loop {
            if let Some(p) = run.paused.as_mut() {
                let done = p.job.step(env.cluster, budget, &mut p.sub);
                if p.direct {
                    // Stdout on its way to the terminal is handed out
                    // as it comes (the job writes stderr only at its end).
                    while p
                        .sub
                        .chunks
                        .first()
                        .is_some_and(|(k, _)| *k == Stream::Stdout)
                    {
                        let (k, t) = p.sub.chunks.remove(0);
                        run.io.push(k, &t);
                    }
                }
                let Some(status) = done else {
                    return false;
                };
                if let Some(mut p) = run.paused.take() {
                    self.route(env, &mut p.stage, p.sub, &p.out_sink, &p.err_sink);
                    self.end_stage(run, p.stage, status, p.last);
                }
            }
            let Some((conn, pipeline)) = list.get(run.li) else {
                return true;
            };
            if run.pi == 0 {
                let go = match conn {
                    Conn::Always => true,
                    Conn::And => run.status == 0,
                    Conn::Or => run.status != 0,
                };
                if !go {
                    run.li += 1;
                    continue;
                }
            }
            let Some(cmd) = pipeline.get(run.pi) else {
                run.li += 1;
                run.pi = 0;
                continue;
            };
            let last = run.pi + 1 == pipeline.len();
            let mut stage = Io::default();
            match self.run_simple(env, &mut stage, cmd, run.piped.take(), pause) {
                Ok(status) => self.end_stage(run, stage, status, last),
                Err(mut p) => {
                    p.last = last;
                    p.direct = last && p.out_sink == Sink::Keep;
                    if p.direct {
                        run.io.absorb(&mut stage);
                        // What the command printed before its steps.
                        while p
                            .sub
                            .chunks
                            .first()
                            .is_some_and(|(k, _)| *k == Stream::Stdout)
                        {
                            let (k, t) = p.sub.chunks.remove(0);
                            run.io.push(k, &t);
                        }
                    }
                    p.stage = stage;
                    run.paused = Some(p);
                    return false;
                }
            }
        }
    }

    /// A pipeline stage ended: its output goes on to the next stage (stdout;
    /// stderr to the terminal) or, for the last, out; the pipeline's
    /// status is the last stage's.
    fn end_stage(&mut self, run: &mut Running, mut stage: Io, status: i32, last: bool) {
        if stage.clear {
            run.io.clear = true;
        }
        if last {
            run.io.absorb(&mut stage);
            run.status = status;
            self.last_status = status;
            run.li += 1;
            run.pi = 0;
            run.piped = None;
        } else {
            run.piped = Some(stage.stdout_text());
            for (k, s) in stage.chunks {
                if k == Stream::Stderr {
                    run.io.err(&s);
                }
            }
            run.pi += 1;
        }
    }

    /// A command's output into its stage, where its redirections say.
    fn route(&mut self, env: &mut Env<'_>, io: &mut Io, sub: Io, out_sink: &Sink, err_sink: &Sink) {
        if sub.clear {
            io.clear = true;
        }
        for (k, s) in sub.chunks {
            let sink = if k == Stream::Stdout {
                out_sink
            } else {
                err_sink
            };
            match sink {
                Sink::Keep => io.push(k, &s),
                Sink::Null => {}
                Sink::File(path) => {
                    let mut text = env.files.read(path).unwrap_or_default();
                    text.push_str(&s);
                    let _ = env.files.write(path, &text);
                }
                Sink::Swap => io.push(
                    if k == Stream::Stdout {
                        Stream::Stderr
                    } else {
                        Stream::Stdout
                    },
                    &s,
                ),
            }
        }
    }

    /// Runs a simple command into its pipeline stage's `io`: its status,
    /// or, when `pause` let it leave its output to be made in steps, where
    /// it stands.
    fn run_simple(
        &mut self,
        env: &mut Env<'_>,
        io: &mut Io,
        cmd: &Simple,
        piped: Option<String>,
        pause: bool,
    ) -> Result<i32, Box<Paused>> {
        // Work a command before this one left pending (a page runs it
        // between frames) is done before this one starts.
        env.cluster.finish_pending();
        let mut argv: Vec<String> = Vec::new();
        for w in &cmd.words {
            argv.extend(self.expand(w, env, io));
        }
        // Redirections.
        let mut stdin = piped;
        let (mut out_sink, mut err_sink) = (Sink::Keep, Sink::Keep);
        for r in &cmd.redirs {
            match r {
                Redir::Heredoc { body, expand } => {
                    stdin = Some(if *expand {
                        let body = self.heredoc_commands(env, io, body);
                        lexer::expand_heredoc(&body, &|n| self.var(n))
                    } else {
                        body.clone()
                    });
                }
                Redir::HereString(w) => {
                    stdin = Some(format!("{}\n", self.expand(w, env, io).join(" ")))
                }
                Redir::In(w) => {
                    let f = self.expand(w, env, io).join(" ");
                    match env.files.read(&f) {
                        Ok(t) => stdin = Some(t),
                        Err(_) => {
                            io.err(&format!("bash: {f}: No such file or directory\n"));
                            return Ok(1);
                        }
                    }
                }
                Redir::Out { fd, target, append } => {
                    let f = self.expand(target, env, io).join(" ");
                    let sink = if f == "/dev/null" {
                        Sink::Null
                    } else {
                        // The student's home and /tmp are writable; the
                        // file is kept with what commands wrote.
                        let path = f.clone();
                        let writable = !path.starts_with('/')
                            || path.starts_with("/home/student/")
                            || path.starts_with("/tmp/");
                        if !writable {
                            io.err(&format!("bash: {f}: Read-only file system\n"));
                            return Ok(1);
                        }
                        let old = if *append {
                            env.files.read(&path).unwrap_or_default()
                        } else {
                            String::new()
                        };
                        if let Err(e) = env.files.write(&path, &old) {
                            io.err(&format!("bash: {f}: {e}\n"));
                            return Ok(1);
                        }
                        Sink::File(path)
                    };
                    if *fd == 2 {
                        err_sink = sink;
                    } else {
                        out_sink = sink;
                    }
                }
                Redir::Dup { fd, to } => {
                    if fd != to {
                        let sink = if (*to == 1 && out_sink == Sink::Null)
                            || (*to == 2 && err_sink == Sink::Null)
                        {
                            Sink::Null
                        } else {
                            Sink::Swap
                        };
                        if *fd == 2 {
                            err_sink = sink;
                        } else {
                            out_sink = sink;
                        }
                    }
                }
                Redir::Both(target) => {
                    let f = self.expand(target, env, io).join(" ");
                    if f != "/dev/null" {
                        io.err(&format!("bash: {f}: Read-only file system\n"));
                        return Ok(1);
                    }
                    out_sink = Sink::Null;
                    err_sink = Sink::Null;
                }
            }
        }
        if argv.is_empty() {
            for (name, w) in &cmd.assigns {
                let v = self.expand(w, env, io).join(" ");
                self.vars.insert(name.clone(), v);
            }
            return Ok(0);
        }
        // Aliases apply to the first word.
        if let Some(a) = cmd
            .words
            .first()
            .filter(|w| !w.is_quoted())
            .and_then(|_| self.aliases.get(&argv[0]))
        {
            let mut words: Vec<String> = a.split_whitespace().map(str::to_string).collect();
            words.extend(argv.drain(1..));
            argv = words;
            if argv.is_empty() {
                // An alias to nothing (`alias a=`): bash runs nothing.
                return Ok(0);
            }
        }
        // `NAME=value cmd`: the variables are the command's environment
        // only (`KUBECONFIG=... kubectl ...`).
        let mut restore = Vec::new();
        for (name, w) in &cmd.assigns {
            let v = self.expand(w, env, io).join(" ");
            restore.push((name.clone(), self.vars.insert(name.clone(), v)));
        }
        let mut sub = Io::default();
        let (status, stepped) = self.dispatch(env, &mut sub, &argv, stdin, pause);
        for (name, old) in restore.into_iter().rev() {
            match old {
                Some(v) => self.vars.insert(name, v),
                None => self.vars.remove(&name),
            };
        }
        env.cluster.cancel_deferral();
        if let Some(job) = stepped {
            return Err(Box::new(Paused {
                job,
                stage: Io::default(),
                sub,
                out_sink,
                err_sink,
                direct: false,
                last: false,
            }));
        }
        self.route(env, io, sub, &out_sink, &err_sink);
        Ok(status)
    }

    /// Runs a command; a command that left output to be made in steps
    /// (only when `pause`) gives it back.
    fn dispatch(
        &mut self,
        env: &mut Env<'_>,
        io: &mut Io,
        argv: &[String],
        stdin: Option<String>,
        pause: bool,
    ) -> (i32, Option<Box<dyn Stepped>>) {
        if let [prog, ..] = argv {
            if !matches!(
                prog.as_str(),
                "source" | "." | "export" | "unset" | "alias" | "unalias"
            ) {
                let mut ctx = Ctx {
                    cluster: env.cluster,
                    files: env.files,
                    io,
                    stdin,
                    history: &self.history,
                    namespace: &mut self.namespace,
                    kubeconfig: &mut self.kubeconfig,
                    watch: &mut self.watch,
                    session: &mut self.session,
                    vars: &self.vars,
                    edit_in_pane: self.edit_in_pane,
                    edit_request: &mut self.edit_request,
                    print_failed: false,
                    may_pause: pause,
                    stepped: None,
                };
                let status = run_program(&mut ctx, prog, &argv[1..]);
                return (status, ctx.stepped.take());
            }
        }
        (self.builtin(env, io, argv), None)
    }

    /// The shell's own builtins.
    fn builtin(&mut self, env: &mut Env<'_>, io: &mut Io, argv: &[String]) -> i32 {
        let Some(prog) = argv.first().map(String::as_str) else {
            return 0;
        };
        let args = &argv[1..];
        match prog {
            "source" | "." => {
                let Some(file) = args.first() else {
                    io.err(&format!("bash: {prog}: filename argument required\n{prog}: usage: {prog} filename [arguments]\n"));
                    return 2;
                };
                let Ok(text) = env.files.read(file) else {
                    io.err(&format!("bash: {file}: No such file or directory\n"));
                    return 1;
                };
                if text.contains("__start_kubectl") {
                    // kubectl's completion script: this terminal already
                    // completes kubectl words on Tab.
                    return 0;
                }
                self.exec_text(env, io, &text)
            }
            "export" => {
                for a in args {
                    if let Some((k, v)) = a.split_once('=') {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                0
            }
            "unset" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    self.vars.remove(a.as_str());
                }
                0
            }
            "alias" => {
                if args.is_empty() {
                    for (k, v) in &self.aliases {
                        io.out(&format!("alias {k}='{v}'\n"));
                    }
                    return 0;
                }
                let mut status = 0;
                for a in args {
                    match a.split_once('=') {
                        Some((k, v)) => {
                            self.aliases.insert(k.to_string(), v.to_string());
                        }
                        None => match self.aliases.get(a.as_str()) {
                            Some(v) => io.out(&format!("alias {a}='{v}'\n")),
                            None => {
                                io.err(&format!("bash: alias: {a}: not found\n"));
                                status = 1;
                            }
                        },
                    }
                }
                status
            }
            "unalias" => {
                let mut status = 0;
                for a in args {
                    if self.aliases.remove(a.as_str()).is_none() {
                        io.err(&format!("bash: unalias: {a}: not found\n"));
                        status = 1;
                    }
                }
                status
            }
            _ => 0,
        }
    }
}

/// The programs on the simulated host.
pub const PROGRAMS: &[&str] = &[
    ".", "alias", "base64", "cat", "cd", "clear", "curl", "cut", "echo", "exit", "export", "false",
    "grep", "head", "history", "k", "kubectl", "kubeplay", "ls", "pwd", "sleep", "sort", "source",
    "tail", "tr", "true", "unalias", "uniq", "wc",
];

/// Runs one of the `coreutils` text tools with the shell's input.
fn text_tool(
    ctx: &mut Ctx<'_, '_>,
    prog: &str,
    args: &[String],
    tool: fn(&[String], &mut crate::coreutils::Reader<'_>) -> crate::coreutils::Output,
) -> i32 {
    let o = {
        let mut read = |files: &[String]| {
            input_of(ctx, files, prog).map_err(|_| crate::coreutils::Output {
                code: if prog == "sort" { 2 } else { 1 },
                ..Default::default()
            })
        };
        tool(args, &mut read)
    };
    ctx.io.out(&o.out);
    ctx.io.err(&o.err);
    o.code
}

fn run_program(ctx: &mut Ctx<'_, '_>, prog: &str, args: &[String]) -> i32 {
    match prog {
        "kubectl" => crate::kubectl::run(ctx, args),
        "curl" => {
            // kubectl port-forwards running in the background write the
            // connections they accept to the terminal (not into curl's
            // pipe) before curl prints the answer.
            ctx.cluster.port_forward_drain_notes();
            let r = crate::engine::host_curl(ctx.cluster, args);
            let all: Vec<u16> = ctx
                .cluster
                .port_forwards()
                .iter()
                .map(|f| f.local_port)
                .collect();
            ctx.io
                .err(&crate::kubectl::port_forward::handling(ctx.cluster, &all));
            ctx.io.out(&r.stdout);
            ctx.io.err(&r.stderr);
            r.exit_code
        }
        "sleep" => sleep(ctx, args),
        "echo" => echo(ctx, args),
        "cat" => cat(ctx, args),
        "ls" => ls(ctx, args),
        "clear" => {
            ctx.io.clear = true;
            0
        }
        "history" => {
            for (n, h) in ctx.history.iter().enumerate() {
                ctx.io.out(&format!("{:5}  {h}\n", n + 1));
            }
            0
        }
        "kubeplay" => kubeplay(ctx, args),
        "grep" => grep(ctx, args),
        "head" | "tail" => head_tail(ctx, prog, args),
        "wc" => wc(ctx, args),
        "base64" => text_tool(ctx, prog, args, crate::coreutils::base64),
        "sort" => text_tool(ctx, prog, args, crate::coreutils::sort),
        "uniq" => text_tool(ctx, prog, args, crate::coreutils::uniq),
        "cut" => text_tool(ctx, prog, args, crate::coreutils::cut),
        "tr" => text_tool(ctx, prog, args, crate::coreutils::tr),
        "true" | "cd" | "exit" => 0,
        "false" => 1,
        "pwd" => {
            ctx.io.out("/home/student\n");
            0
        }
        _ => {
            let shown = crate::lexer::bash_quote_nonprintable(prog);
            ctx.io.err(&format!("bash: {shown}: command not found\n"));
            127
        }
    }
}

fn sleep(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    if args.is_empty() {
        ctx.io
            .err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        return 1;
    }
    let mut total: i64 = 0;
    for a in args {
        if a == "infinity" || a == "inf" {
            ctx.io.err("sleep: sleeping forever would stop the playground's clock; give a duration such as 30s or 5m\n");
            return 1;
        }
        match cluster::time::parse_sleep_duration(a) {
            Some(ms) => total = total.saturating_add(ms),
            None => {
                ctx.io.err(&format!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information.\n"));
                return 1;
            }
        }
    }
    match ctx.watch.as_mut() {
        Some(w) => {
            let rows = crate::watch::sleep_watching(ctx.cluster, w, total);
            ctx.io.out(&rows);
        }
        // A page runs the time in steps between frames.
        None => ctx.cluster.advance_stepped(total),
    }
    0
}

fn echo(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'))
        {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    let mut text = args[i..].join(" ");
    if escapes {
        text = text
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\\", "\\");
    }
    if newline {
        text.push('\n');
    }
    ctx.io.out(&text);
    0
}

fn cat(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    if args.is_empty() {
        let input = ctx.stdin.take().unwrap_or_default();
        ctx.io.out(&input);
        return 0;
    }
    let mut status = 0;
    for a in args {
        if a == "-" {
            let input = ctx.stdin.take().unwrap_or_default();
            ctx.io.out(&input);
            continue;
        }
        if a.starts_with('-') {
            continue;
        }
        match ctx.files.read(a) {
            Ok(t) => ctx.io.out(&t),
            Err(e) if e.ends_with("is a directory") => {
                ctx.io.err(&format!("cat: {a}: Is a directory\n"));
                status = 1;
            }
            Err(_) => {
                ctx.io
                    .err(&format!("cat: {a}: No such file or directory\n"));
                status = 1;
            }
        }
    }
    status
}

fn ls(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let names = ctx.files.list();
    let wanted: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let mut status = 0;
    let mut shown: Vec<String> = Vec::new();
    if wanted.is_empty() {
        shown = names;
    } else {
        for w in wanted {
            let w = w.strip_prefix("./").unwrap_or(w);
            if w == "." {
                shown.extend(names.iter().cloned());
            } else if names.iter().any(|n| n == w) {
                shown.push(w.to_string());
            } else {
                ctx.io.err(&format!(
                    "ls: cannot access '{w}': No such file or directory\n"
                ));
                status = 2;
            }
        }
    }
    if shown.is_empty() {
        return status;
    }
    if long || shown.iter().map(|n| n.chars().count() + 2).sum::<usize>() > 80 {
        for n in shown {
            ctx.io.out(&format!("{n}\n"));
        }
    } else {
        ctx.io.out(&format!("{}\n", shown.join("  ")));
    }
    status
}

fn input_of(ctx: &mut Ctx<'_, '_>, files: &[String], prog: &str) -> Result<String, i32> {
    if files.is_empty() {
        return Ok(ctx.stdin.take().unwrap_or_default());
    }
    let mut text = String::new();
    for f in files {
        match ctx.files.read(f) {
            Ok(t) => text.push_str(&t),
            Err(_) => {
                ctx.io
                    .err(&format!("{prog}: {f}: No such file or directory\n"));
                return Err(2);
            }
        }
    }
    Ok(text)
}

fn grep(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let (mut invert, mut icase, mut count, mut number, mut extended) =
        (false, false, false, false, false);
    let mut pattern: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            pattern = args.get(i + 1).cloned();
            i += 2;
            continue;
        }
        if a.len() > 1 && a.starts_with('-') && pattern.is_none() {
            for c in a[1..].chars() {
                match c {
                    'v' => invert = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'n' => number = true,
                    'E' => extended = true,
                    'F' | 'w' | 's' | 'q' => {}
                    other => {
                        ctx.io.err(&format!(
                            "grep: invalid option -- '{other}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
                        ));
                        return 2;
                    }
                }
            }
        } else if pattern.is_none() {
            pattern = Some(a.clone());
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(pattern) = pattern else {
        ctx.io.err(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        );
        return 2;
    };
    let text = match input_of(ctx, &files, "grep") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let re = crate::util::Pattern::new(&pattern, extended, icase);
    let mut hits = 0;
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        if re.is_match(line) != invert {
            hits += 1;
            if number {
                out.push_str(&format!("{}:", n + 1));
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    if count {
        ctx.io.out(&format!("{hits}\n"));
    } else {
        ctx.io.out(&out);
    }
    if hits > 0 {
        0
    } else {
        1
    }
}

fn head_tail(ctx: &mut Ctx<'_, '_>, prog: &str, args: &[String]) -> i32 {
    let mut n: usize = 10;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-n" {
            match args
                .get(i + 1)
                .and_then(|v| v.trim_start_matches('+').parse().ok())
            {
                Some(v) => n = v,
                None => {
                    ctx.io.err(&format!(
                        "{prog}: invalid number of lines: ‘{}’\n",
                        args.get(i + 1).map(String::as_str).unwrap_or("")
                    ));
                    return 1;
                }
            }
            i += 2;
            continue;
        }
        if let Some(v) = a
            .strip_prefix("-n")
            .or_else(|| a.strip_prefix('-'))
            .filter(|_| a.len() > 1)
        {
            match v.parse() {
                Ok(v) => n = v,
                Err(_) => {
                    ctx.io
                        .err(&format!("{prog}: invalid number of lines: ‘{v}’\n"));
                    return 1;
                }
            }
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let text = match input_of(ctx, &files, prog) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let pick: Vec<&str> = if prog == "head" {
        lines.iter().take(n).copied().collect()
    } else {
        lines
            .iter()
            .skip(lines.len().saturating_sub(n))
            .copied()
            .collect()
    };
    ctx.io.out(&pick.concat());
    0
}

fn wc(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a[1..].to_string())
        .collect();
    let text = match input_of(ctx, &files, "wc") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let l = text.matches('\n').count();
    let w = text.split_whitespace().count();
    let c = text.len();
    let out = match flags.as_str() {
        "l" => format!("{l}\n"),
        "w" => format!("{w}\n"),
        "c" => format!("{c}\n"),
        _ => format!("{l:7} {w:7} {c:7}\n"),
    };
    ctx.io.out(&out);
    0
}

pub const KUBEPLAY_HELP: &str =
    "kubeplay: commands of the simulator itself (not part of a real cluster)

Usage:
  kubeplay node add NAME        add a worker node to the cluster
  kubeplay node fail NAME       make a node stop responding (it goes NotReady)
  kubeplay node recover NAME    bring a failed node back
  kubeplay node remove NAME     delete a node (its pods are evicted)
  kubeplay profile              show the cluster's profile (kubeplay profile list: all of them)
  kubeplay minikube tunnel      (minikube) run `minikube tunnel`: LoadBalancers get their ClusterIP
  kubeplay minikube tunnel stop (minikube) stop the tunnel
  kubeplay minikube ip          (minikube) the node's address
  kubeplay haproxy add PORT:NODEPORT
                                (onprem) HAProxy forwards PORT to NODEPORT on every node
  kubeplay haproxy list         (onprem) frontends and their servers' health checks
  kubeplay haproxy config       (onprem) the frontends as haproxy.cfg
  kubeplay haproxy remove PORT  (onprem) remove a frontend
  kubeplay trace URL            a request from your machine, hop by hop (-k implied)
  kubeplay help                 show this help

Other commands of this shell:
  kubectl (alias k)             the Kubernetes command line (see `kubectl help`)
  curl URL                      a request from your machine (localhost reaches node ports)
  sleep DURATION                let simulated time pass (30, 30s, 2m, 1h)
  ls, cat FILE, echo, grep, head, tail, wc, sort, uniq, cut, tr, base64,
  clear, history, alias
";

fn kubeplay(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["help"] | ["--help"] | ["-h"] => {
            ctx.io.out(KUBEPLAY_HELP);
            0
        }
        ["node", op @ ("add" | "fail" | "recover" | "remove"), name] => {
            match crate::engine::node_op(ctx.cluster, op, name) {
                Ok(msg) => {
                    ctx.io.out(&msg);
                    0
                }
                Err(e) => {
                    ctx.io.err(&format!("{e}\n"));
                    1
                }
            }
        }
        ["node", "add" | "fail" | "recover" | "remove"] => {
            ctx.io.err(&format!(
                "kubeplay: node {}: a node name is required\n",
                words[1]
            ));
            1
        }
        _ => {
            if let Some(o) = crate::simulator::run(ctx.cluster, &words) {
                ctx.io.out(&o.stdout);
                ctx.io.err(&o.stderr);
                return o.code;
            }
            ctx.io.err(&format!(
                "kubeplay: unknown command \"{}\"\nRun 'kubeplay help' for usage.\n",
                words.join(" ")
            ));
            1
        }
    }
}

/// Shell glob: `*` and `?`.
fn glob_match(p: &str, s: &str) -> bool {
    let p: Vec<char> = p.chars().collect();
    let s: Vec<char> = s.chars().collect();
    let (mut pi, mut si) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Completion candidates for the last word of `line`.
pub fn completions(cluster: &Cluster, files: &dyn Files, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let ends_blank = line.is_empty() || line.ends_with(' ');
    let (done, prefix): (Vec<&str>, &str) = if ends_blank {
        (words.clone(), "")
    } else {
        (
            words[..words.len().saturating_sub(1)].to_vec(),
            words.last().copied().unwrap_or(""),
        )
    };
    let mut cands: Vec<String> = Vec::new();
    if done.is_empty() {
        cands = PROGRAMS.iter().map(|s| s.to_string()).collect();
    } else if matches!(done[0], "kubectl" | "k") {
        cands = crate::kubectl::complete(cluster, &done[1..], prefix);
    } else if matches!(
        done[0],
        "cat" | "ls" | "grep" | "head" | "tail" | "wc" | "sort" | "uniq" | "cut" | "base64"
    ) {
        cands = files.list();
    } else if done[0] == "kubeplay" {
        cands = match done.len() {
            1 => vec![
                "haproxy".into(),
                "help".into(),
                "minikube".into(),
                "node".into(),
                "profile".into(),
                "trace".into(),
            ],
            2 if done[1] == "haproxy" => vec![
                "add".into(),
                "config".into(),
                "list".into(),
                "remove".into(),
            ],
            2 if done[1] == "minikube" => vec!["ip".into(), "tunnel".into()],
            2 if done[1] == "profile" => vec!["list".into()],
            2 if done[1] == "node" => vec![
                "add".into(),
                "fail".into(),
                "recover".into(),
                "remove".into(),
            ],
            3 if done[1] == "node" => cluster
                .store()
                .list("nodes", None)
                .iter()
                .map(|n| crate::util::name(n).to_string())
                .collect(),
            _ => vec![],
        };
    }
    cands.retain(|c| c.starts_with(prefix));
    cluster::sort::sort(&mut cands);
    cands.dedup();
    cands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.yaml", "nginx.yaml"));
        assert!(glob_match("n?inx*", "nginx.yaml"));
        assert!(!glob_match("*.yml", "nginx.yaml"));
    }

    #[test]
    fn parses_lists_and_pipelines() {
        let toks = match lexer::lex("a | b && c; d\n", true) {
            Lexed::Complete(t) => t,
            other => panic!("{other:?}"),
        };
        let list = parse(toks).unwrap();
        let shape: Vec<(Conn, usize)> = list.iter().map(|(c, p)| (*c, p.len())).collect();
        assert_eq!(
            shape,
            [(Conn::Always, 2), (Conn::And, 1), (Conn::Always, 1)]
        );
        let toks = match lexer::lex("| a", true) {
            Lexed::Complete(t) => t,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            parse(toks).unwrap_err(),
            "syntax error near unexpected token `|'"
        );
    }
}
