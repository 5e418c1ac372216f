//! kubeplay's shell: one code path for the browser terminal, the native CLI
//! and the tests. A line (with shell quoting, `\` continuations and
//! heredocs) goes in; text on stdout/stderr and an exit code come out.
//!
//! Commands: `kubectl` (alias `k`), host-side `curl`, `sleep DURATION`,
//! `ls`, `cat`, `echo`, `clear`, and simulator commands under `kubeplay`.

pub mod flags;
pub mod lexer;
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
    files: Box<dyn Files>,
    /// Lines of an incomplete command fed so far.
    pending: Vec<String>,
}

impl Shell {
    pub fn new(cluster: Cluster, files: Box<dyn Files>) -> Shell {
        Shell { cluster, files, pending: Vec::new() }
    }
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
    pub fn cluster_mut(&mut self) -> &mut Cluster {
        &mut self.cluster
    }
    pub fn files(&self) -> &dyn Files {
        self.files.as_ref()
    }
    pub fn set_files(&mut self, files: Box<dyn Files>) {
        self.files = files;
    }
    /// Feeds one physical line of interactive input (placeholder until the
    /// shell lands: echoes nothing and reports an unknown command).
    pub fn feed_line(&mut self, line: &str) -> Feed {
        let output = self.run(line);
        Feed::Ran { output, clear: false }
    }
    /// Runs one complete command (which may span several lines).
    pub fn run(&mut self, input: &str) -> Output {
        let word = input.split_whitespace().next().unwrap_or("");
        if word.is_empty() {
            return Output::default();
        }
        Output {
            chunks: vec![(Stream::Stderr, format!("{word}: command not found\n"))],
            exit_code: 127,
        }
    }
    /// Splits a script into commands and runs each: (command text, output).
    pub fn run_script(&mut self, script: &str) -> Vec<(String, Output)> {
        script
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| (l.to_string(), self.run(l)))
            .collect()
    }
    /// True while a multi-line command is being fed.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}
