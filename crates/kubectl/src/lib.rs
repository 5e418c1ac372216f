//! kubeplay's shell: one code path for the browser terminal, the native CLI
//! and the tests. A line (with shell quoting, `\` continuations and
//! heredocs) goes in; text on stdout/stderr and an exit code come out.
//!
//! Commands: `kubectl` (alias `k`), host-side `curl`, `sleep DURATION`,
//! `ls`, `cat`, `echo`, `clear`, `history`, and simulator commands under
//! `kubeplay`. Module map: `lexer` (words, operators, heredocs), `shell`
//! (pipelines, expansion, redirections, the host programs), `flags` (pflag
//! rules), `kubectl` (the commands), `printers` and `describe` (tables and
//! describe layouts), `yaml` (go-yaml/Go-JSON output), `manifest` (YAML
//! input with kubectl's errors), `engine` (the calls into the cluster).

pub mod ansi;
pub mod coreutils;
pub mod describe;
pub mod engine;
pub mod flags;
pub mod gotemplate;
pub mod goyaml;
pub mod help;
pub mod jsonpath;
pub mod kubectl;
pub mod lexer;
pub mod manifest;
pub mod printers;
mod probe;
pub mod shell;
pub mod simulator;
pub mod support;
pub mod util;
pub mod watch;
pub mod yaml;

use cluster::Cluster;
use std::collections::BTreeMap;

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The output of one command, stdout and stderr in the order written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
}

/// The shell's answer to a command over [`lexer::MAX_COMMAND_BYTES`].
fn too_long_output(len: usize) -> Output {
    Output {
        chunks: vec![(Stream::Stderr, format!("bash: {}\n", lexer::too_long(len)))],
        exit_code: 1,
    }
}

impl Output {
    /// Everything written, both streams interleaved, as a terminal shows it.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, s)| s.as_str()).collect()
    }
    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter(|(k, _)| *k == Stream::Stdout)
            .map(|(_, s)| s.as_str())
            .collect()
    }
    pub fn stderr(&self) -> String {
        self.chunks
            .iter()
            .filter(|(k, _)| *k == Stream::Stderr)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// What the shell says after one physical line of interactive input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feed {
    /// The command is not complete yet (open quote, trailing `\`, heredoc
    /// body): show the continuation prompt `> ` and feed the next line.
    More,
    /// The command ran. `clear` is true when the terminal should be cleared.
    Ran { output: Output, clear: bool },
}

/// The files the shell sees (`kubectl apply -f nginx.yaml`, `ls`, `cat`).
/// In the browser these are the manifest pane's tabs; in the CLI, real files
/// relative to the script.
pub trait Files {
    fn read(&self, path: &str) -> Result<String, String>;
    fn list(&self) -> Vec<String>;
    /// Writes a file (`kubectl cp POD:FILE LOCAL`). The shell keeps what
    /// commands write over the files it was given (see
    /// [`Shell::written_files`]), so implementations need not.
    fn write(&self, path: &str, _text: &str) -> Result<(), String> {
        Err(format!("open {path}: read-only file system"))
    }
}

/// The host's files as commands see them: the files the shell was given,
/// and over them what commands wrote.
struct HostFiles {
    base: Box<dyn Files>,
    written: std::cell::RefCell<BTreeMap<String, String>>,
}

fn host_key(path: &str) -> &str {
    path.strip_prefix("./").unwrap_or(path)
}

impl Files for HostFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        if let Some(t) = self.written.borrow().get(host_key(path)) {
            return Ok(t.clone());
        }
        self.base.read(path)
    }
    fn list(&self) -> Vec<String> {
        let mut names = self.base.list();
        names.extend(self.written.borrow().keys().cloned());
        cluster::sort::sort(&mut names);
        names.dedup();
        names
    }
    fn write(&self, path: &str, text: &str) -> Result<(), String> {
        self.written
            .borrow_mut()
            .insert(host_key(path).to_string(), text.to_string());
        Ok(())
    }
}

/// In-memory files, as the browser keeps them.
#[derive(Clone, Debug, Default)]
pub struct MemFiles {
    pub files: BTreeMap<String, String>,
}

impl Files for MemFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let key = path.strip_prefix("./").unwrap_or(path);
        self.files
            .get(key)
            .cloned()
            .ok_or_else(|| format!("open {path}: no such file or directory"))
    }
    fn list(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }
}

/// The shell over one cluster.
pub struct Shell {
    cluster: Cluster,
    files: HostFiles,
    /// Lines of an incomplete command fed so far.
    pending: Vec<String>,
    /// Bytes in `pending`, and what is open in it (lines that cannot close
    /// it are not lexed again, see `lexer::stays_open`).
    pending_len: usize,
    pending_open: Option<lexer::Open>,
    state: shell::State,
}

impl Shell {
    pub fn new(cluster: Cluster, files: Box<dyn Files>) -> Shell {
        Shell {
            cluster,
            files: HostFiles {
                base: files,
                written: Default::default(),
            },
            pending: Vec::new(),
            pending_len: 0,
            pending_open: None,
            state: shell::State::new(),
        }
    }
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
    pub fn cluster_mut(&mut self) -> &mut Cluster {
        &mut self.cluster
    }
    /// The files commands see: the given ones and what commands wrote.
    pub fn files(&self) -> &dyn Files {
        &self.files
    }
    /// Replaces the given files (what commands wrote stays over them).
    pub fn set_files(&mut self, files: Box<dyn Files>) {
        self.files.base = files;
    }
    /// The files commands wrote on the host (`kubectl cp POD:FILE LOCAL`),
    /// by name; a UI may show them as its own files.
    pub fn written_files(&self) -> BTreeMap<String, String> {
        self.files.written.borrow().clone()
    }

    /// Feeds one physical line of interactive input. Returns
    /// [`Feed::More`] while a quote, a `\` continuation, a trailing `|` or
    /// `&&`, or a heredoc is open; then runs the whole command.
    pub fn feed_line(&mut self, line: &str) -> Feed {
        self.cluster.finish_pending();
        if self.state.session.is_some() {
            // A container's shell reads whole lines.
            let (output, clear) = self.exec(line);
            return Feed::Ran { output, clear };
        }
        self.pending.push(line.to_string());
        self.pending_len += line.len() + 1;
        if self.pending_len > lexer::MAX_COMMAND_BYTES {
            let len = self.pending_len - 1;
            self.cancel_pending();
            return Feed::Ran {
                output: too_long_output(len),
                clear: false,
            };
        }
        if self
            .pending_open
            .as_ref()
            .is_some_and(|o| lexer::stays_open(o, line))
        {
            return Feed::More;
        }
        let text = self.pending.join("\n");
        // A complete command's tokens are what running it lexes (the end
        // of input only matters to what is still open), so they are kept
        // rather than lexed again: a pasted heredoc is read once.
        let toks = match lexer::lex(&text, false) {
            lexer::Lexed::Incomplete(open) => {
                self.pending_open = Some(open);
                return Feed::More;
            }
            lexer::Lexed::Complete(toks) => Some(toks),
            lexer::Lexed::Error(_) => None,
        };
        self.cancel_pending();
        let (output, clear) = self.exec_lexed(&text, toks);
        Feed::Ran { output, clear }
    }

    /// Drops a command being fed (Ctrl+C at the continuation prompt).
    pub fn cancel_pending(&mut self) {
        self.pending.clear();
        self.pending_len = 0;
        self.pending_open = None;
    }

    /// Runs one complete command (which may span several lines).
    pub fn run(&mut self, input: &str) -> Output {
        let mut out = self.exec(input).0;
        // All of it, also when the cluster steps.
        if self.is_printing() {
            let (rest, clear) = self.finish_printing();
            if clear {
                out.chunks.clear();
            }
            out.chunks.extend(rest.chunks);
            out.exit_code = rest.exit_code;
        }
        out
    }

    fn exec(&mut self, text: &str) -> (Output, bool) {
        self.exec_lexed(text, None)
    }

    /// Runs `text`, whose tokens are `toks` when already lexed.
    fn exec_lexed(&mut self, text: &str, toks: Option<Vec<lexer::Tok>>) -> (Output, bool) {
        // A line still printing in steps ends first; its output comes
        // before this one's.
        let (mut before, mut clear_before) = self.finish_printing();
        if text.len() > lexer::MAX_COMMAND_BYTES {
            before.chunks.extend(too_long_output(text.len()).chunks);
            before.exit_code = 1;
            return (before, clear_before);
        }
        let mut env = shell::Env {
            cluster: &mut self.cluster,
            files: &self.files,
        };
        let (out, clear) = self.state.run_lexed(&mut env, text, toks);
        if clear {
            before.chunks.clear();
            clear_before = true;
        }
        before.chunks.extend(out.chunks);
        before.exit_code = out.exit_code;
        (before, clear_before)
    }

    /// True while a command line is stopped in a command's output made in
    /// steps (the page, with `Cluster::set_stepping` on: `kubectl get`
    /// over many objects); [`Shell::print_step`] runs it on. Nothing may
    /// change the cluster meanwhile (the shell's own entry points finish
    /// it first; a UI finishes it before it changes the cluster itself).
    pub fn is_printing(&self) -> bool {
        self.state.running.is_some()
    }

    /// Runs the stopped command line on by up to `rows` rows of output
    /// (then the rest of its commands, which may stop it again). Returns
    /// what it printed since, whether the screen is to be cleared first,
    /// and whether the line has ended (the output's exit code is then its
    /// status).
    pub fn print_step(&mut self, rows: usize) -> (Output, bool, bool) {
        let mut env = shell::Env {
            cluster: &mut self.cluster,
            files: &self.files,
        };
        self.state.step_running(&mut env, rows)
    }

    /// Runs a stopped command line to its end; its output and clear.
    pub fn finish_printing(&mut self) -> (Output, bool) {
        let mut out = Output::default();
        let mut clear = false;
        while self.is_printing() {
            let (o, c, _) = self.print_step(usize::MAX);
            if c {
                out.chunks.clear();
                clear = true;
            }
            out.chunks.extend(o.chunks);
            out.exit_code = o.exit_code;
        }
        (out, clear)
    }

    /// Splits a script into commands the way [`Shell::feed_line`] would
    /// (heredoc bodies and continuation lines belong to their command) and
    /// runs each: (command text as typed, output). Blank and comment-only
    /// lines are skipped.
    pub fn run_script(&mut self, script: &str) -> Vec<(String, Output)> {
        self.run_script_prompted(script)
            .into_iter()
            .map(|(_, c, o)| (c, o))
            .collect()
    }

    /// Like [`Shell::run_script`], with the prompt each command was typed
    /// at (`$ `, or a container shell's `/ # ` after `kubectl exec -it POD
    /// -- sh`), for transcripts that show what a terminal shows.
    pub fn run_script_prompted(&mut self, script: &str) -> Vec<(String, String, Output)> {
        let mut out = Vec::new();
        let mut acc: Vec<&str> = Vec::new();
        let mut open: Option<lexer::Open> = None;
        let mut acc_start = 1;
        for (no, line) in script.split('\n').enumerate() {
            if self.state.session.is_some() && acc.is_empty() {
                // Inside a container's shell each line is one command.
                if !line.trim().is_empty() {
                    let prompt = self.prompt().to_string();
                    let output = self.run(line);
                    out.push((prompt, line.to_string(), output));
                }
                continue;
            }
            if acc.is_empty() {
                acc_start = no + 1;
            }
            acc.push(line);
            if open.as_ref().is_some_and(|o| lexer::stays_open(o, line)) {
                continue;
            }
            let text = acc.join("\n");
            let lexed = lexer::lex(&text, false);
            open = match &lexed {
                lexer::Lexed::Incomplete(o) => Some(o.clone()),
                _ => None,
            };
            if !matches!(lexed, lexer::Lexed::Incomplete(_)) {
                acc.clear();
                if !shell::is_blank(&text) {
                    let prompt = self.prompt().to_string();
                    let output = self.run(&text);
                    out.push((prompt, text, output));
                }
            }
        }
        let mut rest = acc.join("\n");
        while rest.ends_with('\n') {
            rest.pop();
        }
        if !rest.is_empty() && !shell::is_blank(&rest) {
            let prompt = self.prompt().to_string();
            // bash warns when the script ends inside a heredoc, then runs
            // the command with the body read so far.
            let warning = lexer::unterminated_heredoc(&rest)
                .map(|(line, delim)| lexer::heredoc_eof_warning(acc_start + line - 1, &delim));
            let mut output = self.run(&rest);
            if let Some(w) = warning {
                output.chunks.insert(0, (Stream::Stderr, w));
            }
            out.push((prompt, rest, output));
        }
        out
    }

    /// True while a multi-line command is being fed.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The prompt for the next line: `$ `, `> ` inside a command, or the
    /// prompt of a container's shell opened by `kubectl exec -it`.
    pub fn prompt(&self) -> &str {
        if let Some(s) = &self.state.session {
            return &s.prompt;
        }
        if self.is_pending() {
            "> "
        } else {
            "$ "
        }
    }

    /// The container shell open (`kubectl exec -it POD -- sh`), if any.
    pub fn session(&self) -> Option<&shell::Session> {
        self.state.session.as_ref()
    }

    /// True while `kubectl get -w` is watching (a terminal shows no prompt
    /// and calls [`Shell::poll_watch`] as the clock moves, until Ctrl+C:
    /// [`Shell::cancel_watch`]).
    pub fn is_watching(&self) -> bool {
        self.state.watch.is_some()
    }

    /// The rows a running watch prints for what changed since the last
    /// call (empty when nothing changed or no watch runs).
    pub fn poll_watch(&mut self) -> Output {
        let (mut out, _) = self.finish_printing();
        self.cluster.finish_pending();
        if let Some(crate::watch::Live::PortForward(ports)) = self.state.watch.as_ref() {
            let text = kubectl::port_forward::handling(&mut self.cluster, ports);
            if !text.is_empty() {
                out.chunks.push((Stream::Stdout, text));
            }
        } else if let Some(w) = self.state.watch.as_mut() {
            let text = w.poll(&self.cluster);
            if !text.is_empty() {
                out.chunks.push((Stream::Stdout, text));
            }
        }
        out
    }

    /// In a UI with a manifest pane, `kubectl edit` hands the objects'
    /// YAML to [`Shell::take_edit_request`] instead of looking for an editor.
    pub fn set_edit_in_pane(&mut self, on: bool) {
        self.state.edit_in_pane = on;
    }

    /// The (file name, text) `kubectl edit` asked the UI to open, once.
    pub fn take_edit_request(&mut self) -> Option<(String, String)> {
        self.state.edit_request.take()
    }

    /// Ends a watch (Ctrl+C).
    pub fn cancel_watch(&mut self) {
        // Ctrl+C stops a port-forward in the foreground.
        if let Some(crate::watch::Live::PortForward(ports)) = self.state.watch.take() {
            for p in ports {
                self.cluster.port_forward_remove(p);
            }
        }
        self.state.watch = None;
    }

    /// Commands run so far, oldest first (what `history` lists).
    pub fn history(&self) -> &[String] {
        &self.state.history
    }

    /// Tab completion: the candidates that could replace the last word of
    /// `line` (commands, kubectl subcommands, flags, resource types and
    /// object names).
    pub fn completions(&self, line: &str) -> Vec<String> {
        let mut c = shell::completions(&self.cluster, &self.files, line);
        c.extend(kubectl::config::complete_names(
            self.state.kubeconfig.as_ref(),
            self.cluster.profile(),
            line,
        ));
        c
    }
}

#[cfg(test)]
mod tests;
