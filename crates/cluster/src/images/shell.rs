//! A small POSIX-ish shell and the programs a container's `PATH` offers:
//! enough to run `sh -c '...'` command lines, container commands such as
//! `sleep infinity` or `echo hi; sleep 10`, and the everyday tools of
//! `kubectl exec` (cat, echo, env, hostname, ls, curl, nslookup, wget...).
//!
//! Time does not pass while a command runs: `sleep` only moves the
//! process's own clock, so that start-up output gets the right offsets.

#[cfg(test)]
use super::catalog::Base;
use super::catalog::{Image, Shell};
pub(crate) use super::fs::{Kind, Stat};
pub(crate) use crate::containerfs::Errno;
use crate::time::Time;
use crate::ExecResult;
use std::collections::{BTreeMap, BTreeSet};

/// What a process can see and reach.
pub(crate) trait Sys {
    fn image(&self) -> &Image;
    /// The environment the container started with, in order.
    fn env(&self) -> Vec<(String, String)>;
    /// Reads a file (absolute path).
    fn read(&self, path: &str) -> Result<String, Errno>;
    fn stat(&self, path: &str) -> Result<Stat, Errno>;
    /// A directory's entries, sorted by name.
    fn list(&self, path: &str) -> Result<Vec<(String, Stat)>, Errno>;
    /// Writes or appends to a file; `at` is the process clock (ms).
    fn write(&mut self, path: &str, text: &str, append: bool, at: i64) -> Result<(), Errno>;
    fn mkdir(&mut self, path: &str) -> Result<(), Errno>;
    /// Removes a file, or an empty directory with `dir`.
    fn remove(&mut self, path: &str, dir: bool) -> Result<(), Errno>;
    /// The working directory processes start in.
    fn workdir(&self) -> String {
        "/".to_string()
    }
    fn hostname(&self) -> String;
    fn ip(&self) -> String;
    fn now(&self) -> Time;
    /// The container's main command line (for `ps`).
    fn main_cmd(&self) -> String;
    /// The processes of another container whose process namespace this
    /// one shares (an ephemeral container's `targetContainerName`): PID,
    /// user and command line, for `ps`.
    fn shared_processes(&self) -> Vec<(u32, String, String)> {
        Vec::new()
    }
    fn curl(&mut self, args: &[String], tty: bool) -> ExecResult;
    fn nslookup(&mut self, args: &[String]) -> ExecResult;
    fn wget(&mut self, args: &[String], tty: bool) -> ExecResult;
    fn ping(&mut self, args: &[String]) -> ExecResult;
}

/// Output of a run, with the process clock (ms since it started) of each
/// piece.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Run {
    pub out: Vec<(i64, bool, String)>,
    pub code: i32,
    /// How long the run took on its own clock.
    pub elapsed: i64,
    /// It never ends (`sleep infinity`, an endless loop).
    pub forever: bool,
    /// The working directory when it ended.
    pub cwd: String,
}

impl Run {
    /// stdout and stderr apart, or merged for a terminal.
    pub(crate) fn result(&self, tty: bool) -> ExecResult {
        let mut r = ExecResult {
            exit_code: self.code,
            ..ExecResult::default()
        };
        for (_, err, text) in &self.out {
            if *err && !tty {
                r.stderr.push_str(text);
            } else {
                r.stdout.push_str(text);
            }
        }
        r
    }
}

/// How much work one run may do before it is considered endless.
const STEP_LIMIT: u32 = 20_000;
/// The longest value a variable may hold.
const MAX_VALUE: usize = 1 << 16;
/// The most output one run may produce.
const MAX_OUTPUT: usize = 1 << 20;
/// A process clock beyond this counts as running forever (a day).
const CLOCK_LIMIT: i64 = 86_400_000;

/// A running shell process.
pub(crate) struct Proc<'a> {
    pub(super) sys: &'a mut dyn Sys,
    vars: Vec<(String, String)>,
    exported: Vec<String>,
    pub(super) tty: bool,
    out: Vec<(i64, bool, String)>,
    pub(super) clock: i64,
    forever: bool,
    steps: u32,
    last: i32,
    /// The working directory.
    pub(super) cwd: String,
    /// `sh` (dash/ash) or `bash`, for error messages.
    pub(super) shell_name: String,
    exited: Option<i32>,
    /// >0 while output is captured (pipes, `$(...)`): not emitted yet.
    capture: u32,
    /// Nested shells and substitutions.
    nesting: u32,
    /// Bytes of output so far.
    emitted: usize,
    /// The shell's own input not read yet (`kubectl exec -i`): the first
    /// command that reads its standard input gets it.
    input: Option<String>,
    /// Loops `break` (or `continue`, with `skip`) still has to leave.
    breaking: u32,
    skip: bool,
}

/// A word of a command line, expanded when the command runs.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Lit(String),
    /// Quoted literal (no field splitting, no globbing).
    Quoted(String),
    Var(String, bool),
    Subst(String, bool),
}

type Word = Vec<Part>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(Word),
    Op(&'static str),
    Redir(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Simple {
        assigns: Vec<(String, Word)>,
        words: Vec<Word>,
        redirs: Vec<(String, Word)>,
    },
    Pipe(Vec<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Seq(Vec<Node>),
    If(Vec<(Node, Node)>, Option<Box<Node>>),
    For(String, Vec<Word>, Box<Node>),
    While(Box<Node>, Box<Node>, bool),
}

/// Splits a script into tokens; `Err` for an unterminated quote.
fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let mut word: Word = Vec::new();
    let mut lit = String::new();
    let mut in_word = false;
    let flush_lit = |lit: &mut String, word: &mut Word| {
        if !lit.is_empty() {
            word.push(Part::Lit(std::mem::take(lit)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => {
                if in_word {
                    flush_lit(&mut lit, &mut word);
                    toks.push(Tok::Word(std::mem::take(&mut word)));
                    in_word = false;
                }
                i += 1;
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\n' | ';' | '&' | '|' | '>' | '<' => {
                if c == '>' || c == '<' {
                    // `2>`, `2>&1`, `>>`, `>&2`: a number right before is part of it.
                    let mut fd = String::new();
                    if in_word && word.is_empty() && (lit == "1" || lit == "2") {
                        fd = std::mem::take(&mut lit);
                        in_word = false;
                    }
                    if in_word {
                        flush_lit(&mut lit, &mut word);
                        toks.push(Tok::Word(std::mem::take(&mut word)));
                        in_word = false;
                    }
                    let mut op = format!("{fd}{c}");
                    i += 1;
                    if c == '>' && chars.get(i) == Some(&'>') {
                        op.push('>');
                        i += 1;
                    }
                    if chars.get(i) == Some(&'&') {
                        op.push('&');
                        i += 1;
                        while let Some(d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                            op.push(*d);
                            i += 1;
                        }
                    }
                    toks.push(Tok::Redir(op));
                    continue;
                }
                if in_word {
                    flush_lit(&mut lit, &mut word);
                    toks.push(Tok::Word(std::mem::take(&mut word)));
                    in_word = false;
                }
                let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
                let op = match (c, two.as_str()) {
                    (_, "&&") => "&&",
                    (_, "||") => "||",
                    (_, ";;") => ";;",
                    ('|', _) => "|",
                    ('&', _) => "&",
                    ('\n', _) => "\n",
                    _ => ";",
                };
                i += op.len();
                toks.push(Tok::Op(op));
            }
            '\'' => {
                in_word = true;
                flush_lit(&mut lit, &mut word);
                let start = i + 1;
                let end = chars[start..]
                    .iter()
                    .position(|&x| x == '\'')
                    .ok_or("unterminated quoted string")?;
                word.push(Part::Quoted(chars[start..start + end].iter().collect()));
                i = start + end + 1;
            }
            '"' => {
                in_word = true;
                flush_lit(&mut lit, &mut word);
                i += 1;
                let mut q = String::new();
                loop {
                    let Some(&d) = chars.get(i) else {
                        return Err("unterminated quoted string".into());
                    };
                    match d {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            q.push(chars[i + 1]);
                            i += 2;
                        }
                        '$' => {
                            if !q.is_empty() {
                                word.push(Part::Quoted(std::mem::take(&mut q)));
                            }
                            let (part, n) = dollar(&chars, i, true)?;
                            word.push(part);
                            i += n;
                        }
                        _ => {
                            q.push(d);
                            i += 1;
                        }
                    }
                }
                word.push(Part::Quoted(q));
            }
            '\\' => {
                in_word = true;
                if let Some(&n) = chars.get(i + 1) {
                    if n != '\n' {
                        flush_lit(&mut lit, &mut word);
                        word.push(Part::Quoted(n.to_string()));
                    }
                }
                i += 2;
            }
            '$' => {
                in_word = true;
                flush_lit(&mut lit, &mut word);
                let (part, n) = dollar(&chars, i, false)?;
                word.push(part);
                i += n;
            }
            _ => {
                in_word = true;
                lit.push(c);
                i += 1;
            }
        }
    }
    if in_word {
        flush_lit(&mut lit, &mut word);
        toks.push(Tok::Word(word));
    }
    Ok(toks)
}

/// Parses `$NAME`, `${NAME}`, `$?`, `$(cmd)` at `chars[i]`; returns the part
/// and how many characters it took.
fn dollar(chars: &[char], i: usize, quoted: bool) -> Result<(Part, usize), String> {
    match chars.get(i + 1) {
        Some('{') => {
            let end = chars[i + 2..]
                .iter()
                .position(|&c| c == '}')
                .ok_or("bad substitution")?;
            Ok((
                Part::Var(chars[i + 2..i + 2 + end].iter().collect(), quoted),
                end + 3,
            ))
        }
        Some('(') => {
            let mut depth = 0;
            for (k, &c) in chars[i + 1..].iter().enumerate() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok((
                                Part::Subst(chars[i + 2..i + 1 + k].iter().collect(), quoted),
                                k + 2,
                            ));
                        }
                    }
                    _ => {}
                }
            }
            Err("unterminated command substitution".into())
        }
        Some(c) if matches!(c, '?' | '$' | '#' | '@' | '*' | '0'..='9') => {
            Ok((Part::Var(c.to_string(), quoted), 2))
        }
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
            let n = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .count();
            Ok((
                Part::Var(chars[i + 1..i + 1 + n].iter().collect(), quoted),
                n + 1,
            ))
        }
        _ => Ok((
            if quoted {
                Part::Quoted("$".into())
            } else {
                Part::Lit("$".into())
            },
            1,
        )),
    }
}

fn word_text(w: &Word) -> Option<String> {
    let mut s = String::new();
    for p in w {
        match p {
            Part::Lit(t) => s.push_str(t),
            _ => return None,
        }
    }
    Some(s)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Nesting of compound commands, bounded so that no input can exhaust
    /// the stack.
    depth: u32,
}

/// How deeply compound commands, `$(...)` and nested shells may nest.
const MAX_DEPTH: u32 = 48;

impl Parser {
    fn peek_word(&self) -> Option<String> {
        match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => word_text(w),
            _ => None,
        }
    }
    fn skip_newlines(&mut self) {
        while matches!(self.toks.get(self.pos), Some(Tok::Op("\n" | ";"))) {
            self.pos += 1;
        }
    }
    fn expect(&mut self, kw: &str) -> Result<(), String> {
        self.skip_newlines();
        if self.peek_word().as_deref() == Some(kw) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!(
                "Syntax error: end of file unexpected (expecting \"{kw}\")"
            ))
        }
    }

    /// A list up to one of `stops` (reserved words) or the end.
    fn list(&mut self, stops: &[&str]) -> Result<Node, String> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            match self.toks.get(self.pos) {
                None => break,
                Some(Tok::Word(w)) if word_text(w).is_some_and(|t| stops.contains(&t.as_str())) => {
                    break
                }
                Some(Tok::Op(op)) => {
                    return Err(format!("Syntax error: \"{}\" unexpected", op.trim()))
                }
                _ => {}
            }
            items.push(self.and_or(stops)?);
            if matches!(self.toks.get(self.pos), Some(Tok::Op(";" | "\n" | "&"))) {
                self.pos += 1;
            }
        }
        Ok(Node::Seq(items))
    }

    fn and_or(&mut self, stops: &[&str]) -> Result<Node, String> {
        let mut left = self.pipeline(stops)?;
        loop {
            match self.toks.get(self.pos) {
                Some(Tok::Op("&&")) => {
                    self.pos += 1;
                    self.skip_newlines();
                    left = Node::And(Box::new(left), Box::new(self.pipeline(stops)?));
                }
                Some(Tok::Op("||")) => {
                    self.pos += 1;
                    self.skip_newlines();
                    left = Node::Or(Box::new(left), Box::new(self.pipeline(stops)?));
                }
                _ => return Ok(left),
            }
        }
    }

    fn pipeline(&mut self, stops: &[&str]) -> Result<Node, String> {
        let mut cmds = vec![self.command(stops)?];
        while matches!(self.toks.get(self.pos), Some(Tok::Op("|"))) {
            self.pos += 1;
            self.skip_newlines();
            cmds.push(self.command(stops)?);
        }
        Ok(if cmds.len() == 1 {
            cmds.remove(0)
        } else {
            Node::Pipe(cmds)
        })
    }

    fn command(&mut self, stops: &[&str]) -> Result<Node, String> {
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH {
            Err("Syntax error: nested too deeply".to_string())
        } else {
            self.command_inner(stops)
        };
        self.depth -= 1;
        r
    }

    fn command_inner(&mut self, stops: &[&str]) -> Result<Node, String> {
        match self.peek_word().as_deref() {
            Some("if") => {
                self.pos += 1;
                let mut arms = Vec::new();
                let mut els = None;
                loop {
                    let cond = self.list(&["then"])?;
                    self.expect("then")?;
                    let body = self.list(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match self.peek_word().as_deref() {
                        Some("elif") => self.pos += 1,
                        Some("else") => {
                            self.pos += 1;
                            els = Some(Box::new(self.list(&["fi"])?));
                            self.expect("fi")?;
                            break;
                        }
                        _ => {
                            self.expect("fi")?;
                            break;
                        }
                    }
                }
                return Ok(Node::If(arms, els));
            }
            Some(kw @ ("while" | "until")) => {
                let until = kw == "until";
                self.pos += 1;
                let cond = self.list(&["do"])?;
                self.expect("do")?;
                let body = self.list(&["done"])?;
                self.expect("done")?;
                return Ok(Node::While(Box::new(cond), Box::new(body), until));
            }
            Some("for") => {
                self.pos += 1;
                let var = self
                    .peek_word()
                    .ok_or("Syntax error: Bad for loop variable")?;
                self.pos += 1;
                let mut items = Vec::new();
                if self.peek_word().as_deref() == Some("in") {
                    self.pos += 1;
                    while let Some(Tok::Word(w)) = self.toks.get(self.pos) {
                        items.push(w.clone());
                        self.pos += 1;
                    }
                }
                self.expect("do")?;
                let body = self.list(&["done"])?;
                self.expect("done")?;
                return Ok(Node::For(var, items, Box::new(body)));
            }
            _ => {}
        }
        let mut assigns = Vec::new();
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        loop {
            match self.toks.get(self.pos).cloned() {
                Some(Tok::Word(w)) => {
                    if words.is_empty() {
                        if let Some(Part::Lit(first)) = w.first() {
                            if let Some((name, rest)) = first.split_once('=') {
                                if !name.is_empty()
                                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                                {
                                    let mut value: Word = vec![Part::Lit(rest.to_string())];
                                    value.extend(w[1..].iter().cloned());
                                    assigns.push((name.to_string(), value));
                                    self.pos += 1;
                                    continue;
                                }
                            }
                        }
                        if word_text(&w).is_some_and(|t| stops.contains(&t.as_str())) {
                            break;
                        }
                    }
                    words.push(w);
                    self.pos += 1;
                }
                Some(Tok::Redir(op)) => {
                    self.pos += 1;
                    if op.contains('&') {
                        redirs.push((op, Vec::new()));
                    } else {
                        match self.toks.get(self.pos).cloned() {
                            Some(Tok::Word(target)) => {
                                redirs.push((op, target));
                                self.pos += 1;
                            }
                            _ => return Err("Syntax error: newline unexpected".into()),
                        }
                    }
                }
                _ => break,
            }
        }
        if assigns.is_empty() && words.is_empty() && redirs.is_empty() {
            return Err(match self.toks.get(self.pos) {
                Some(Tok::Op(op)) => format!("Syntax error: \"{}\" unexpected", op.trim()),
                _ => "Syntax error: end of file unexpected".to_string(),
            });
        }
        Ok(Node::Simple {
            assigns,
            words,
            redirs,
        })
    }
}

fn parse(src: &str) -> Result<Node, String> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let node = p.list(&[])?;
    if p.pos < p.toks.len() {
        let what = match p.toks.get(p.pos) {
            Some(Tok::Word(w)) => word_text(w).unwrap_or_default(),
            Some(Tok::Op(o)) => o.to_string(),
            _ => String::new(),
        };
        return Err(format!("Syntax error: \"{what}\" unexpected"));
    }
    Ok(node)
}

/// The result of one program run inside a pipeline.
pub(super) struct Io {
    pub(super) stdout: String,
    pub(super) code: i32,
}

impl<'a> Proc<'a> {
    pub(crate) fn new(sys: &'a mut dyn Sys, tty: bool) -> Proc<'a> {
        let mut vars = sys.env();
        if tty && !vars.iter().any(|(k, _)| k == "TERM") {
            vars.insert(2.min(vars.len()), ("TERM".into(), "xterm".into()));
        }
        let exported = vars.iter().map(|(k, _)| k.clone()).collect();
        let cwd = sys.workdir();
        let mut p = Proc {
            sys,
            vars,
            exported,
            tty,
            out: Vec::new(),
            clock: 0,
            forever: false,
            steps: 0,
            last: 0,
            cwd: String::new(),
            shell_name: "sh".into(),
            exited: None,
            capture: 0,
            nesting: 0,
            emitted: 0,
            breaking: 0,
            skip: false,
            input: None,
        };
        p.cwd = cwd;
        p
    }

    pub(crate) fn finish(self) -> Run {
        Run {
            out: self.out,
            code: self.exited.unwrap_or(self.last),
            elapsed: self.clock,
            forever: self.forever,
            cwd: self.cwd,
        }
    }

    pub(super) fn emit(&mut self, err: bool, text: impl Into<String>) {
        let text = text.into();
        self.emitted = self.emitted.saturating_add(text.len());
        if self.emitted > MAX_OUTPUT {
            // A runaway producer: stop it as if it never ended.
            self.forever = true;
            return;
        }
        if !text.is_empty() {
            self.out.push((self.clock, err, text));
        }
    }

    fn var(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.last.to_string()),
            "$" => Some("1".into()),
            "#" => Some("0".into()),
            "0" => Some(self.shell_name.clone()),
            "HOSTNAME" => Some(
                self.vars
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| self.sys.hostname()),
            ),
            "PWD" => Some(self.cwd.clone()),
            _ => self
                .vars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone()),
        }
    }

    fn set_var(&mut self, name: &str, mut value: String) {
        if value.len() > MAX_VALUE {
            let mut cut = MAX_VALUE;
            while !value.is_char_boundary(cut) {
                cut -= 1;
            }
            value.truncate(cut);
        }
        match self.vars.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name.to_string(), value)),
        }
    }

    /// Expands words into fields.
    fn expand(&mut self, words: &[Word]) -> Vec<String> {
        let mut fields = Vec::new();
        for w in words {
            let mut cur = String::new();
            let mut have = false;
            for (i, p) in w.iter().enumerate() {
                match p {
                    Part::Lit(t) if i == 0 && (t == "~" || t.starts_with("~/")) => {
                        // Tilde expansion: the home directory.
                        let home = self.var("HOME").unwrap_or_else(|| "/".into());
                        cur.push_str(&home);
                        cur.push_str(&t[1..]);
                        have = true;
                    }
                    Part::Lit(t) => {
                        cur.push_str(t);
                        have = true;
                    }
                    Part::Quoted(t) => {
                        cur.push_str(t);
                        have = true;
                    }
                    Part::Var(name, quoted) | Part::Subst(name, quoted) => {
                        let value = match p {
                            Part::Var(..) => self.var(name).unwrap_or_default(),
                            _ => self.substitute(name),
                        };
                        if *quoted {
                            cur.push_str(&value);
                            have = true;
                        } else {
                            let mut parts = value.split_whitespace().peekable();
                            let leading_space = value.starts_with(char::is_whitespace);
                            if leading_space && have {
                                fields.push(std::mem::take(&mut cur));
                            }
                            while let Some(piece) = parts.next() {
                                cur.push_str(piece);
                                have = true;
                                if parts.peek().is_some() {
                                    fields.push(std::mem::take(&mut cur));
                                }
                            }
                            if value.ends_with(char::is_whitespace) && have && !cur.is_empty() {
                                fields.push(std::mem::take(&mut cur));
                                have = false;
                            }
                        }
                    }
                }
            }
            if have {
                fields.push(cur);
            }
        }
        fields
    }

    /// Expands command words, then pathname patterns (`*`, `?`, `[...]`
    /// in their last component) that match files; others stay as typed.
    fn expand_glob(&mut self, words: &[Word]) -> Vec<String> {
        let mut out = Vec::new();
        for w in words {
            let fields = self.expand(std::slice::from_ref(w));
            let pattern = w
                .iter()
                .any(|p| matches!(p, Part::Lit(t) if t.contains(['*', '?', '['])));
            match fields.as_slice() {
                [f] if pattern => {
                    let found = self.glob(f);
                    if found.is_empty() {
                        out.push(f.clone());
                    } else {
                        out.extend(found);
                    }
                }
                _ => out.extend(fields),
            }
        }
        out
    }

    /// The paths matching `pattern` (a pattern in its last component only).
    fn glob(&self, pattern: &str) -> Vec<String> {
        let (dir, pat) = match pattern.rsplit_once('/') {
            Some((d, p)) => (Some(d), p),
            None => (None, pattern),
        };
        if dir.is_some_and(|d| d.contains(['*', '?', '['])) || pat.is_empty() {
            return Vec::new();
        }
        let listed = match dir {
            Some("") => "/".to_string(),
            Some(d) => self.abs(d),
            None => self.cwd.clone(),
        };
        let Ok(entries) = self.sys.list(&listed) else {
            return Vec::new();
        };
        entries
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| (!n.starts_with('.') || pat.starts_with('.')) && wildcard(pat, n))
            .map(|n| match dir {
                Some(d) => format!("{d}/{n}"),
                None => n,
            })
            .collect()
    }

    /// `$(cmd)`: its stdout without trailing newlines.
    fn substitute(&mut self, src: &str) -> String {
        if self.nesting >= MAX_DEPTH {
            return String::new();
        }
        match parse(src) {
            Ok(node) => {
                self.capture += 1;
                self.nesting += 1;
                let io = self.exec_node(&node, None);
                self.nesting -= 1;
                self.capture -= 1;
                io.stdout.trim_end_matches('\n').to_string()
            }
            Err(_) => String::new(),
        }
    }

    fn over_budget(&mut self) -> bool {
        self.steps += 1;
        if self.steps > STEP_LIMIT
            || self.clock > CLOCK_LIMIT
            || self.forever
            || self.exited.is_some()
        {
            if self.exited.is_none() && (self.steps > STEP_LIMIT || self.clock > CLOCK_LIMIT) {
                self.forever = true;
            }
            return true;
        }
        false
    }

    /// Runs a node; stdout is returned (for pipes and substitutions) and
    /// stderr emitted directly.
    fn exec_node(&mut self, node: &Node, stdin: Option<String>) -> Io {
        if self.over_budget() {
            return Io {
                stdout: String::new(),
                code: self.last,
            };
        }
        match node {
            Node::Seq(items) => {
                let mut out = String::new();
                for n in items {
                    let io = self.exec_node(n, None);
                    out.push_str(&io.stdout);
                    self.flush_into(&mut out);
                    self.last = io.code;
                    if self.exited.is_some() || self.forever || self.breaking > 0 {
                        break;
                    }
                }
                Io {
                    stdout: out,
                    code: self.last,
                }
            }
            Node::And(a, b) => {
                let mut io = self.exec_node(a, None);
                self.last = io.code;
                if io.code == 0 && self.breaking == 0 {
                    let more = self.exec_node(b, None);
                    io.stdout.push_str(&more.stdout);
                    io.code = more.code;
                }
                io
            }
            Node::Or(a, b) => {
                let mut io = self.exec_node(a, None);
                self.last = io.code;
                if io.code != 0 && self.breaking == 0 {
                    let more = self.exec_node(b, None);
                    io.stdout.push_str(&more.stdout);
                    io.code = more.code;
                }
                io
            }
            Node::Pipe(cmds) => {
                let mut input = stdin;
                let mut code = 0;
                self.capture += 1;
                for c in cmds {
                    let io = self.exec_node(c, Some(input.take().unwrap_or_default()));
                    input = Some(io.stdout);
                    code = io.code;
                }
                self.capture -= 1;
                Io {
                    stdout: input.unwrap_or_default(),
                    code,
                }
            }
            Node::If(arms, els) => {
                for (cond, body) in arms {
                    let c = self.exec_node(cond, None);
                    if c.code == 0 {
                        let mut io = self.exec_node(body, None);
                        io.stdout.insert_str(0, &c.stdout);
                        return io;
                    }
                }
                match els {
                    Some(e) => self.exec_node(e, None),
                    None => Io {
                        stdout: String::new(),
                        code: 0,
                    },
                }
            }
            Node::For(var, items, body) => {
                let values = self.expand_glob(items);
                let mut out = String::new();
                let mut code = 0;
                for v in values {
                    self.set_var(var, v);
                    let io = self.exec_node(body, None);
                    out.push_str(&io.stdout);
                    self.flush_into(&mut out);
                    code = io.code;
                    if self.exited.is_some() || self.forever || self.leave_loop() {
                        break;
                    }
                }
                Io { stdout: out, code }
            }
            Node::While(cond, body, until) => {
                let mut out = String::new();
                let mut code = 0;
                loop {
                    let c = self.exec_node(cond, None);
                    out.push_str(&c.stdout);
                    if (c.code == 0) == *until || self.forever || self.exited.is_some() {
                        break;
                    }
                    let io = self.exec_node(body, None);
                    out.push_str(&io.stdout);
                    self.flush_into(&mut out);
                    code = io.code;
                    if self.forever || self.exited.is_some() || self.leave_loop() {
                        break;
                    }
                }
                Io { stdout: out, code }
            }
            Node::Simple {
                assigns,
                words,
                redirs,
            } => self.exec_simple(assigns, words, redirs, stdin),
        }
    }

    /// After a loop's body: whether a `break` leaves this loop (a
    /// `continue` for this loop only ends the body).
    fn leave_loop(&mut self) -> bool {
        if self.breaking == 0 {
            return false;
        }
        self.breaking -= 1;
        if self.breaking == 0 && self.skip {
            self.skip = false;
            return false;
        }
        true
    }

    /// Output produced at top level is emitted as it happens, so that its
    /// clock offsets are right (`echo a; sleep 5; echo b`).
    fn flush_into(&mut self, pending: &mut String) {
        if pending.len() > MAX_OUTPUT {
            pending.truncate(0);
            self.forever = true;
        }
        if self.capture == 0 {
            let text = std::mem::take(pending);
            self.emit(false, text);
        }
    }

    fn exec_simple(
        &mut self,
        assigns: &[(String, Word)],
        words: &[Word],
        redirs: &[(String, Word)],
        stdin: Option<String>,
    ) -> Io {
        let argv = self.expand_glob(words);
        let mut values = Vec::new();
        for (name, w) in assigns {
            let v = self.expand(std::slice::from_ref(w)).join(" ");
            values.push((name.clone(), v));
        }
        if argv.is_empty() {
            for (n, v) in values {
                self.set_var(&n, v);
            }
            return Io {
                stdout: String::new(),
                code: 0,
            };
        }
        let saved = self.vars.clone();
        for (n, v) in &values {
            self.set_var(n, v.clone());
        }
        // Redirections: files are opened (created, truncated) before the
        // program runs; a failure to open keeps it from running.
        let mut stdin = stdin;
        let mut out_to: Option<String> = None;
        let mut err_to: Option<String> = None;
        let mut err_to_out = false;
        let mut out_to_err = false;
        for (op, target) in redirs {
            let t = self.expand(std::slice::from_ref(target)).join(" ");
            let opened = match op.as_str() {
                "<" => match self.read_path(&t) {
                    Ok(text) => {
                        stdin = Some(text);
                        Ok(())
                    }
                    Err(e) => Err((e, false)),
                },
                ">" | "1>" | ">>" | "1>>" | "2>" | "2>>" => {
                    let append = op.ends_with(">>");
                    let r = self.open_for_write(&t, append).map_err(|e| (e, true));
                    if op.starts_with('2') {
                        err_to = Some(t.clone());
                    } else {
                        out_to = Some(t.clone());
                    }
                    r
                }
                "2>&1" => {
                    err_to_out = true;
                    Ok(())
                }
                ">&2" | "1>&2" => {
                    out_to_err = true;
                    Ok(())
                }
                _ => Ok(()),
            };
            if let Err((e, create)) = opened {
                let msg = self.redirect_error(&t, e, create);
                self.emit(true, msg);
                self.vars = saved;
                let code = if self.shell_name != "bash"
                    && self.sys.image().shell_flavor() == Shell::Dash
                {
                    2
                } else {
                    1
                };
                return Io {
                    stdout: String::new(),
                    code,
                };
            }
        }
        if stdin.is_none() && self.input.is_some() && reads_stdin(&argv) {
            stdin = self.input.take();
        }
        let before = self.out.len();
        let io = self.run_program(&argv, stdin);
        let mut code = io.code;
        // Route what the program wrote to stderr.
        let mut stdout = io.stdout;
        if err_to.is_some() || err_to_out {
            let tail: Vec<(i64, bool, String)> = self.out.drain(before..).collect();
            let mut to_file = String::new();
            for (t, is_err, text) in tail {
                if is_err {
                    match &err_to {
                        Some(_) => to_file.push_str(&text),
                        None => stdout.push_str(&text),
                    }
                } else {
                    self.out.push((t, is_err, text));
                }
            }
            if let Some(f) = &err_to {
                if f != "/dev/null" {
                    let path = self.abs(f);
                    let _ = self.sys.write(&path, &to_file, true, self.clock);
                }
            }
        }
        if out_to_err {
            self.emit(true, std::mem::take(&mut stdout));
        }
        if let Some(file) = out_to {
            if file != "/dev/null" && !stdout.is_empty() {
                let path = self.abs(&file);
                if let Err(e) = self.sys.write(&path, &stdout, true, self.clock) {
                    let msg = self.write_error(argv.first().map(String::as_str).unwrap_or(""), e);
                    self.emit(true, msg);
                    code = 1;
                }
            }
            stdout.clear();
        }
        self.vars = saved_with(saved, &self.vars, &values);
        Io { stdout, code }
    }

    /// Opens a file for `>` (truncating it) or `>>`.
    fn open_for_write(&mut self, target: &str, append: bool) -> Result<(), Errno> {
        if target == "/dev/null" {
            return Ok(());
        }
        let path = self.abs(target);
        self.sys.write(&path, "", append, self.clock)
    }

    /// The shell's message when a redirection cannot open its file.
    fn redirect_error(&self, target: &str, e: Errno, create: bool) -> String {
        let musl = self.sys.image().busybox_userland();
        if self.shell_name == "bash" {
            return format!("bash: line 1: {target}: {}\n", e.text(musl));
        }
        match (self.sys.image().shell_flavor(), create) {
            (Shell::Dash, true) => {
                let why = if e == Errno::NoEnt {
                    "Directory nonexistent"
                } else {
                    e.text(false)
                };
                format!("sh: 1: cannot create {target}: {why}\n")
            }
            (Shell::Dash, false) => format!("sh: 1: cannot open {target}: No such file\n"),
            (Shell::Ash, true) => {
                let why = if e == Errno::NoEnt {
                    "nonexistent directory"
                } else {
                    e.text(musl)
                };
                format!("sh: can't create {target}: {why}\n")
            }
            (Shell::Ash, false) => {
                let why = if e == Errno::NoEnt {
                    "no such file"
                } else {
                    e.text(musl)
                };
                format!("sh: can't open {target}: {why}\n")
            }
        }
    }

    /// A program's message when its output cannot be written (a full disk).
    fn write_error(&self, prog: &str, e: Errno) -> String {
        let musl = self.sys.image().busybox_userland();
        let builtin = matches!(prog, "echo" | "printf" | "pwd");
        if !builtin {
            return format!("{prog}: write error: {}\n", e.text(musl));
        }
        if self.shell_name == "bash" {
            return format!("bash: line 1: {prog}: write error: {}\n", e.text(musl));
        }
        match self.sys.image().shell_flavor() {
            Shell::Dash => format!("sh: 1: {prog}: {prog}: I/O error\n"),
            Shell::Ash => format!("sh: write error: {}\n", e.text(musl)),
        }
    }

    pub(super) fn abs(&self, path: &str) -> String {
        if path.starts_with('/') {
            super::fs::normalize(path)
        } else {
            super::fs::normalize(&format!("{}/{path}", self.cwd))
        }
    }

    /// Reads a file (relative to the working directory).
    pub(super) fn read_path(&self, path: &str) -> Result<String, Errno> {
        let p = self.abs(path);
        match p.as_str() {
            "/dev/null" => Ok(String::new()),
            _ => self.sys.read(&p),
        }
    }

    pub(super) fn read_file(&self, path: &str) -> Option<String> {
        self.read_path(path).ok()
    }

    pub(super) fn stat_path(&self, path: &str) -> Result<Stat, Errno> {
        let p = self.abs(path);
        if p == "/dev/null" {
            return Ok(Stat {
                kind: Kind::File,
                size: 0,
                mtime: super::fs::IMAGE_TIME,
                link: None,
                mode: None,
            });
        }
        self.sys.stat(&p)
    }

    fn not_found_msg(&self, prog: &str) -> String {
        if self.shell_name == "bash" {
            return format!("bash: line 1: {prog}: command not found\n");
        }
        match self.sys.image().shell_flavor() {
            Shell::Dash => format!("{}: 1: {prog}: not found\n", self.shell_name),
            Shell::Ash => format!("{}: {prog}: not found\n", self.shell_name),
        }
    }

    /// Runs one program (a shell builtin or a file on the image's PATH).
    fn run_program(&mut self, argv: &[String], stdin: Option<String>) -> Io {
        let Some(prog) = argv.first() else {
            return Io {
                stdout: String::new(),
                code: 0,
            };
        };
        let args = &argv[1..];
        let name = prog.rsplit('/').next().unwrap_or(prog).to_string();
        // Builtins of sh.
        match name.as_str() {
            "exit" => {
                let code = args
                    .first()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(self.last);
                self.exited = Some(code);
                return Io {
                    stdout: String::new(),
                    code,
                };
            }
            "export" => {
                for a in args {
                    let (n, v) = a
                        .split_once('=')
                        .map_or((a.as_str(), None), |(n, v)| (n, Some(v)));
                    if let Some(v) = v {
                        self.set_var(n, v.to_string());
                    }
                    if !self.exported.iter().any(|e| e == n) {
                        self.exported.push(n.to_string());
                    }
                }
                return Io {
                    stdout: String::new(),
                    code: 0,
                };
            }
            "cd" => return self.cd(args),
            "break" | "continue" => {
                let n = args
                    .first()
                    .and_then(|a| a.parse::<u32>().ok())
                    .unwrap_or(1)
                    .max(1);
                self.breaking = n;
                self.skip = name == "continue";
                return Io {
                    stdout: String::new(),
                    code: 0,
                };
            }
            ":" => {
                return Io {
                    stdout: String::new(),
                    code: 0,
                }
            }
            "true" => {
                return Io {
                    stdout: String::new(),
                    code: 0,
                }
            }
            "false" => {
                return Io {
                    stdout: String::new(),
                    code: 1,
                }
            }
            "echo" if !prog.contains('/') => {
                return Io {
                    stdout: self.echo(args),
                    code: 0,
                }
            }
            "test" | "[" if !prog.contains('/') => {
                return Io {
                    stdout: String::new(),
                    code: self.test(&name, args),
                }
            }
            "pwd" if !prog.contains('/') => {
                return Io {
                    stdout: format!("{}\n", self.cwd),
                    code: 0,
                }
            }
            _ => {}
        }
        let img = self.sys.image().clone();
        if !img.has_program(prog) {
            let msg = if prog.contains('/')
                && img.shell_flavor() == Shell::Dash
                && self.shell_name != "bash"
            {
                format!("{}: 1: {prog}: not found\n", self.shell_name)
            } else {
                self.not_found_msg(prog)
            };
            self.emit(true, msg);
            return Io {
                stdout: String::new(),
                code: 127,
            };
        }
        self.program(&img, &name, args, stdin)
    }

    fn echo(&self, args: &[String]) -> String {
        let mut args = args;
        let mut newline = true;
        let mut escapes =
            self.shell_name != "bash" && self.sys.image().shell_flavor() == Shell::Dash;
        while let Some(a) = args.first() {
            match a.as_str() {
                "-n" => newline = false,
                "-e" => escapes = true,
                "-E" => escapes = false,
                "-ne" | "-en" => {
                    newline = false;
                    escapes = true;
                }
                _ => break,
            }
            args = &args[1..];
        }
        let mut s = args.join(" ");
        if escapes {
            if let Some(cut) = s.find("\\c") {
                s.truncate(cut);
                newline = false;
            }
            s = s
                .replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\\", "\\");
        }
        if newline {
            s.push('\n');
        }
        s
    }

    fn test(&self, name: &str, args: &[String]) -> i32 {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        if name == "[" {
            if a.last() != Some(&"]") {
                return 2;
            }
            a.pop();
        }
        let ok = match a.as_slice() {
            [] => false,
            ["!", rest @ ..] => {
                let inner: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
                return if self.test("test", &inner) == 0 { 1 } else { 0 };
            }
            [s] => !s.is_empty(),
            ["-n", s] => !s.is_empty(),
            ["-z", s] => s.is_empty(),
            ["-e", p] => self.stat_path(p).is_ok(),
            ["-f" | "-r", p] => self.stat_path(p).is_ok_and(|st| st.kind == Kind::File),
            ["-s", p] => self.stat_path(p).is_ok_and(|st| st.size > 0),
            ["-d", p] => self.stat_path(p).is_ok_and(|st| st.kind == Kind::Dir),
            [x, "=" | "==", y] => x == y,
            [x, "!=", y] => x != y,
            [x, op, y] => {
                let (Ok(x), Ok(y)) = (x.parse::<i64>(), y.parse::<i64>()) else {
                    return 2;
                };
                match *op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    "-ge" => x >= y,
                    _ => return 2,
                }
            }
            _ => return 2,
        };
        if ok {
            0
        } else {
            1
        }
    }

    fn environment(&self) -> String {
        let mut s = String::new();
        for (k, v) in &self.vars {
            if self.exported.iter().any(|e| e == k) {
                s.push_str(&format!("{k}={v}\n"));
            }
        }
        s
    }

    /// A program of the image.
    fn program(&mut self, img: &Image, name: &str, args: &[String], stdin: Option<String>) -> Io {
        let bb = img.busybox_userland();
        let ok = |stdout: String| Io { stdout, code: 0 };
        match name {
            "bash" if args.first().is_some_and(|a| a == "--version") => {
                let (v, platform) = img.bash_version().unwrap_or_default();
                let year = match v.get(..3) {
                    Some("5.3") => "2025",
                    Some("5.2") => "2022",
                    Some("5.1") => "2020",
                    Some("5.0") => "2019",
                    _ => "2016",
                };
                ok(format!("GNU bash, version {v} ({platform})\nCopyright (C) {year} Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\nThis is free software; you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n"))
            }
            "sh" | "ash" | "dash" | "bash" if self.nesting >= MAX_DEPTH => {
                self.emit(true, format!("{name}: nested too deeply\n"));
                Io { stdout: String::new(), code: 2 }
            }
            "sh" | "ash" | "dash" | "bash" => {
                self.nesting += 1;
                let saved = std::mem::replace(&mut self.shell_name, if name == "bash" { "bash".into() } else { "sh".into() });
                let io = match args.iter().position(|a| a == "-c") {
                    Some(i) => match args.get(i + 1) {
                        Some(script) => {
                            let node = parse(script);
                            match node {
                                Ok(n) => {
                                    let outer = std::mem::replace(&mut self.input, stdin);
                                    let io = self.exec_node(&n, None);
                                    self.input = outer;
                                    io
                                }
                                Err(e) => {
                                    let msg = if self.shell_name == "bash" {
                                        format!("bash: -c: line 1: {}\n", e.replace("Syntax error: ", "syntax error: "))
                                    } else {
                                        match img.shell_flavor() {
                                            Shell::Dash => format!("sh: 1: {e}\n"),
                                            Shell::Ash => format!("sh: {}\n", e.replace("Syntax error", "syntax error")),
                                        }
                                    };
                                    self.emit(true, msg);
                                    Io { stdout: String::new(), code: 2 }
                                }
                            }
                        }
                        None => {
                            let msg = match (self.shell_name.as_str(), img.shell_flavor()) {
                                ("bash", _) => "bash: -c: option requires an argument\n".to_string(),
                                (_, Shell::Dash) => "sh: 0: -c requires an argument\n".to_string(),
                                (_, Shell::Ash) => "sh: -c requires an argument\n".to_string(),
                            };
                            self.emit(true, msg);
                            Io { stdout: String::new(), code: 2 }
                        }
                    },
                    // An interactive shell without input ends at once.
                    None => match stdin {
                        Some(script) if !script.is_empty() => match parse(&script) {
                            Ok(n) => self.exec_node(&n, None),
                            Err(_) => Io { stdout: String::new(), code: 2 },
                        },
                        _ => ok(String::new()),
                    },
                };
                self.shell_name = saved;
                self.nesting -= 1;
                let code = self.exited.take().unwrap_or(io.code);
                Io { stdout: io.stdout, code }
            }
            "cat" => self.cat(args, stdin, bb),
            "echo" => ok(self.echo(args)),
            "env" | "printenv" => {
                if let Some(var) = args.iter().find(|a| !a.starts_with('-') && !a.contains('=')) {
                    if name == "printenv" {
                        return match self.var(var).filter(|_| self.exported.iter().any(|e| e == var)) {
                            Some(v) => ok(format!("{v}\n")),
                            None => Io { stdout: String::new(), code: 1 },
                        };
                    }
                    // `env CMD ...`
                    let pos = args.iter().position(|a| a == var).unwrap_or(0);
                    return self.run_program(&args[pos..], stdin);
                }
                ok(self.environment())
            }
            "hostname" => match args.first().map(String::as_str) {
                Some("-i" | "-I") => ok(format!("{}{}\n", self.sys.ip(), if args[0] == "-I" { " " } else { "" })),
                Some("-f") if !bb => ok(format!("{}\n", self.sys.hostname())),
                _ => ok(format!("{}\n", self.sys.hostname())),
            },
            "ls" => self.ls(args, bb),
            "pwd" => ok(format!("{}\n", self.cwd)),
            "sleep" => {
                let Some(arg) = args.first() else {
                    self.emit(true, if bb { "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: sleep [N]...\n".to_string() } else { "sleep: missing operand\nTry 'sleep --help' for more information.\n".to_string() });
                    return Io { stdout: String::new(), code: 1 };
                };
                if matches!(arg.as_str(), "infinity" | "inf") {
                    self.forever = true;
                    return ok(String::new());
                }
                match crate::time::parse_sleep_duration(arg) {
                    Some(ms) => {
                        self.clock = self.clock.saturating_add(ms);
                        if self.clock > CLOCK_LIMIT {
                            self.forever = true;
                        }
                        ok(String::new())
                    }
                    None => {
                        self.emit(true, if bb { format!("sleep: invalid number '{arg}'\n") } else { format!("sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n") });
                        Io { stdout: String::new(), code: 1 }
                    }
                }
            }
            "date" => ok(format!("{}\n", super::date_text(self.sys.now().plus_ms(self.clock)))),
            "id" => {
                let (user, uid, _) = img.user();
                let gid = if uid == 0 { "0(root)".to_string() } else { "101(curl_group)".to_string() };
                let groups = if uid == 0 && bb {
                    "0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)".to_string()
                } else {
                    gid.clone()
                };
                ok(format!("uid={uid}({user}) gid={gid} groups={groups}\n"))
            }
            "whoami" => ok(format!("{}\n", img.user().0)),
            "uname" => match args.first().map(String::as_str) {
                Some("-a") => ok(format!(
                    "Linux {} 6.10.14-linuxkit #1 SMP PREEMPT_DYNAMIC Fri Nov 29 17:24:06 UTC 2024 x86_64{}\n",
                    self.sys.hostname(),
                    if bb { " Linux" } else { " GNU/Linux" }
                )),
                Some("-r") => ok("6.10.14-linuxkit\n".into()),
                Some("-m") => ok("x86_64\n".into()),
                _ => ok("Linux\n".into()),
            },
            "head" | "tail" => {
                let mut n = 10usize;
                let mut files = Vec::new();
                let mut it = args.iter();
                while let Some(a) = it.next() {
                    if a == "-n" {
                        n = it.next().and_then(|v| v.parse().ok()).unwrap_or(10);
                    } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')) {
                        n = v.parse().unwrap_or(10);
                    } else {
                        files.push(a.clone());
                    }
                }
                let text = match files.first() {
                    Some(f) => self.read_file(f).unwrap_or_default(),
                    None => stdin.unwrap_or_default(),
                };
                let lines: Vec<&str> = text.lines().collect();
                let pick: Vec<&str> = if name == "head" {
                    lines.iter().take(n).copied().collect()
                } else {
                    lines.iter().skip(lines.len().saturating_sub(n)).copied().collect()
                };
                ok(pick.iter().map(|l| format!("{l}\n")).collect())
            }
            "wc" => {
                let file = args.iter().find(|a| !a.starts_with('-')).cloned();
                let text = match &file {
                    Some(f) => match self.read_path(f) {
                        Ok(t) => t,
                        Err(e) => {
                            self.emit(true, format!("wc: {f}: {}\n", e.text(bb)));
                            return Io { stdout: String::new(), code: 1 };
                        }
                    },
                    None => stdin.unwrap_or_default(),
                };
                let lines = text.matches('\n').count();
                let words = text.split_whitespace().count();
                let name = file.map(|f| format!(" {f}")).unwrap_or_default();
                let n = match args.first().map(String::as_str) {
                    Some("-l") => lines.to_string(),
                    Some("-w") => words.to_string(),
                    Some("-c") => text.len().to_string(),
                    _ => {
                        // GNU sizes the columns to a file's byte count
                        // (7 for a pipe); BusyBox always uses 9.
                        let w = if bb {
                            9
                        } else if name.is_empty() {
                            7
                        } else {
                            text.len().to_string().len()
                        };
                        format!("{lines:w$} {words:w$} {:w$}", text.len())
                    }
                };
                ok(format!("{n}{name}\n"))
            }
            "grep" => {
                let mut invert = false;
                let mut icase = false;
                let mut count = false;
                let mut pattern = None;
                let mut files = Vec::new();
                for a in args {
                    match a.as_str() {
                        "-v" => invert = true,
                        "-i" => icase = true,
                        "-c" => count = true,
                        "-vi" | "-iv" => {
                            invert = true;
                            icase = true;
                        }
                        _ if pattern.is_none() => pattern = Some(a.clone()),
                        _ => files.push(a.clone()),
                    }
                }
                let Some(pat) = pattern else {
                    self.emit(true, if bb { "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n".to_string() } else { "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n".to_string() });
                    return Io { stdout: String::new(), code: 2 };
                };
                let text = match files.first() {
                    Some(f) => match self.read_file(f) {
                        Some(t) => t,
                        None => {
                            self.emit(true, format!("grep: {f}: No such file or directory\n"));
                            return Io { stdout: String::new(), code: 2 };
                        }
                    },
                    None => stdin.unwrap_or_default(),
                };
                let matches = |l: &str| {
                    let hit = if icase { l.to_lowercase().contains(&pat.to_lowercase()) } else { l.contains(pat.as_str()) };
                    hit != invert
                };
                let hits: Vec<&str> = text.lines().filter(|l| matches(l)).collect();
                let code = if hits.is_empty() { 1 } else { 0 };
                let stdout = if count { format!("{}\n", hits.len()) } else { hits.iter().map(|l| format!("{l}\n")).collect() };
                Io { stdout, code }
            }
            "seq" => {
                let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
                let (a, b) = match nums.as_slice() {
                    [b] => (1, *b),
                    [a, b, ..] => (*a, *b),
                    _ => (1, 0),
                };
                let b = b.min(a.saturating_add(10_000));
                ok((a..=b).map(|n| format!("{n}\n")).collect())
            }
            "mkdir" => self.mkdir(args, bb),
            "touch" => self.touch(args, bb),
            "rm" => self.rm(args, bb),
            "rmdir" => self.rmdir(args, bb),
            "cp" => self.cp(args, bb, false),
            "mv" => self.cp(args, bb, true),
            "basename" => ok(format!("{}\n", args.first().map(|a| a.trim_end_matches('/').rsplit('/').next().unwrap_or("")).unwrap_or(""))),
            "dirname" => ok(format!(
                "{}\n",
                args.first().map(|a| match a.trim_end_matches('/').rsplit_once('/') {
                    Some(("", _)) => "/".to_string(),
                    Some((d, _)) => d.to_string(),
                    None => ".".to_string(),
                }).unwrap_or_default()
            )),
            "curl" => {
                let r = self.sys.curl(args, self.tty);
                self.emit_result(r)
            }
            "nslookup" => {
                let r = self.sys.nslookup(args);
                self.emit_result(r)
            }
            "wget" => {
                let r = self.sys.wget(args, self.tty);
                self.emit_result(r)
            }
            "ping" => {
                let r = self.sys.ping(args);
                let count = r.stdout.matches(" bytes from ").count().max(1) as i64;
                self.clock = self.clock.saturating_add((count - 1) * 1000);
                self.emit_result(r)
            }
            "nginx" => {
                let v = img.nginx.as_ref().map(|b| b.version.clone()).unwrap_or_default();
                match args.first().map(String::as_str) {
                    Some("-v") => {
                        self.emit(true, format!("nginx version: nginx/{v}\n"));
                        ok(String::new())
                    }
                    Some("-t") => {
                        self.emit(true, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n".to_string());
                        ok(String::new())
                    }
                    _ => {
                        self.emit(true, format!("{} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n", super::nginx::error_log_time(self.sys.now())));
                        Io { stdout: String::new(), code: 1 }
                    }
                }
            }
            "perl" => {
                let (out, err, code, ms) = super::apps::perl(args);
                self.clock = self.clock.saturating_add(ms);
                self.emit(true, err);
                Io { stdout: out, code }
            }
            "ps" if bb => {
                // BusyBox's default format: pid,user,time,args.
                let user = img.user().0.to_string();
                let mut rows = self.sys.shared_processes();
                let own = rows.last().map(|r| r.0 + 1).unwrap_or(1);
                rows.push((own, user.clone(), self.sys.main_cmd()));
                rows.push((own + 6, user, "ps".to_string()));
                let mut out = String::from("PID   USER     TIME  COMMAND\n");
                for (pid, user, cmd) in rows {
                    out.push_str(&format!("{pid:>5} {user:<8} {:>5} {cmd}\n", "0:00"));
                }
                ok(out)
            }
            "busybox" => match args.first() {
                Some(applet) => {
                    let rest = args[1..].to_vec();
                    let mut argv = vec![applet.clone()];
                    argv.extend(rest);
                    self.run_program(&argv, stdin)
                }
                None => ok(format!("BusyBox v{} multi-call binary.\n", img.busybox.unwrap_or("1.36.1"))),
            },
            other => {
                self.emit(true, format!("{other}: this program is not simulated by kubeplay\n"));
                Io { stdout: String::new(), code: 127 }
            }
        }
    }

    /// A program's output arrives on our stdout/stderr.
    fn emit_result(&mut self, r: ExecResult) -> Io {
        self.emit(true, r.stderr);
        Io {
            stdout: r.stdout,
            code: r.exit_code,
        }
    }
}

/// Whether a command reads its standard input (a filter given no file).
fn reads_stdin(argv: &[String]) -> bool {
    let Some(prog) = argv.first() else {
        return false;
    };
    let name = prog.rsplit('/').next().unwrap_or(prog);
    let operands = argv[1..]
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-");
    match name {
        "cat" | "wc" | "sort" | "base64" => operands.clone().all(|a| a == "-"),
        "head" | "tail" => operands.count() == 0,
        "grep" => operands.count() <= 1,
        "sh" | "ash" | "dash" | "bash" => !argv.iter().any(|a| a == "-c"),
        "tr" | "tee" | "cut" | "uniq" => true,
        _ => false,
    }
}

/// fnmatch: `*`, `?` and `[...]` (with ranges and `!`/`^`) over a name.
fn wildcard(pat: &str, name: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matching with backtracking to the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => Some(pi + 1),
            Some('[') => class(&p, pi, n[ni]),
            Some(c) if *c == n[ni] => Some(pi + 1),
            _ => None,
        };
        match step {
            Some(next) => {
                pi = next;
                ni += 1;
            }
            None => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A `[...]` class at `p[at]` against `c`: the index after it if `c`
/// matches; a `[` without its `]` matches itself.
fn class(p: &[char], at: usize, c: char) -> Option<usize> {
    let mut i = at + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let start = i;
    let mut hit = false;
    while let Some(&x) = p.get(i) {
        if x == ']' && i > start {
            return (hit != negate).then_some(i + 1);
        }
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
            let hi = p[i + 2];
            if x <= c && c <= hi {
                hit = true;
            }
            i += 3;
        } else {
            if x == c {
                hit = true;
            }
            i += 1;
        }
    }
    (c == '[').then_some(at + 1)
}

/// After a command with `NAME=value` prefixes, the prefixes are dropped
/// again but assignments made by the command itself stay.
fn saved_with(
    saved: Vec<(String, String)>,
    now: &[(String, String)],
    prefixes: &[(String, String)],
) -> Vec<(String, String)> {
    let mut out = saved;
    for (k, v) in now {
        if prefixes.iter().any(|(p, _)| p == k) {
            continue;
        }
        match out.iter_mut().find(|(n, _)| n == k) {
            Some(slot) => slot.1 = v.clone(),
            None => out.push((k.clone(), v.clone())),
        }
    }
    out
}

/// Files written by a process that runs outside any pod (and by tests):
/// kept in memory over what `base` reads.
#[derive(Clone, Debug, Default)]
pub(crate) struct MemFs {
    files: BTreeMap<String, String>,
    dirs: BTreeSet<String>,
    gone: BTreeSet<String>,
}

impl MemFs {
    pub(crate) fn read(&self, path: &str, base: Option<String>) -> Result<String, Errno> {
        if let Some(t) = self.files.get(path) {
            return Ok(t.clone());
        }
        if self.dirs.contains(path) {
            return Err(Errno::IsDir);
        }
        base.filter(|_| !self.gone.contains(path))
            .ok_or(Errno::NoEnt)
    }
    pub(crate) fn stat(
        &self,
        path: &str,
        base: Option<String>,
        base_dir: bool,
    ) -> Result<Stat, Errno> {
        let file = |n: usize| Stat {
            kind: Kind::File,
            size: n,
            mtime: super::fs::IMAGE_TIME,
            link: None,
            mode: None,
        };
        if self.dirs.contains(path)
            || (base_dir && !self.gone.contains(path))
            || path == "/"
            || path == "/tmp"
        {
            return Ok(Stat {
                kind: Kind::Dir,
                size: 4096,
                mtime: super::fs::IMAGE_TIME,
                link: None,
                mode: None,
            });
        }
        self.read(path, base).map(|t| file(t.len()))
    }
    pub(crate) fn list(&self, path: &str, base: Vec<String>) -> Result<Vec<(String, Stat)>, Errno> {
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        let mut names: BTreeSet<String> = crate::sort::set(base);
        for p in self.files.keys().chain(self.dirs.iter()) {
            if let Some(rest) = p.strip_prefix(&prefix) {
                if !rest.contains('/') {
                    names.insert(rest.to_string());
                }
            }
        }
        Ok(names
            .into_iter()
            .filter(|n| !self.gone.contains(&format!("{prefix}{n}")))
            .map(|n| {
                let full = format!("{prefix}{n}");
                let st = self
                    .stat(
                        &full,
                        self.files.get(&full).cloned(),
                        self.dirs.contains(&full),
                    )
                    .unwrap_or(Stat {
                        kind: Kind::File,
                        size: 0,
                        mtime: super::fs::IMAGE_TIME,
                        link: None,
                        mode: None,
                    });
                (n, st)
            })
            .collect())
    }
    pub(crate) fn write(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        base: Option<String>,
    ) -> Result<(), Errno> {
        if self.dirs.contains(path) {
            return Err(Errno::IsDir);
        }
        let mut cur = if append {
            self.read(path, base).unwrap_or_default()
        } else {
            String::new()
        };
        cur.push_str(text);
        self.gone.remove(path);
        self.files.insert(path.to_string(), cur);
        Ok(())
    }
    pub(crate) fn mkdir(&mut self, path: &str) -> Result<(), Errno> {
        if self.files.contains_key(path) || !self.dirs.insert(path.to_string()) {
            return Err(Errno::Exist);
        }
        Ok(())
    }
    pub(crate) fn remove(&mut self, path: &str, exists: bool) -> Result<(), Errno> {
        let had = self.files.remove(path).is_some() | self.dirs.remove(path);
        if !had && !exists {
            return Err(Errno::NoEnt);
        }
        self.gone.insert(path.to_string());
        Ok(())
    }
}

/// The OCI runtime's error when a program is missing from the image.
pub(crate) fn oci_not_found(prog: &str) -> String {
    if prog.contains('/') {
        format!(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{prog}\": stat {prog}: no such file or directory: unknown\n"
        )
    } else {
        format!(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{prog}\": executable file not found in $PATH: unknown\n"
        )
    }
}

/// Runs `argv` directly as a container process (exec or the container's
/// main process); the caller has checked that `argv[0]` exists.
pub(crate) fn run_argv(sys: &mut dyn Sys, argv: &[String], tty: bool) -> Run {
    run_argv_input(sys, argv, tty, None)
}

/// [`run_argv`] with `stdin` on the process's input (`kubectl exec -i`).
pub(crate) fn run_argv_input(
    sys: &mut dyn Sys,
    argv: &[String],
    tty: bool,
    stdin: Option<String>,
) -> Run {
    let mut p = Proc::new(sys, tty);
    let io = p.run_program(argv, stdin);
    p.emit(false, io.stdout);
    p.last = p.exited.take().unwrap_or(io.code);
    p.finish()
}

/// Whether `Base` has a BusyBox `sh` (used by tests).
#[cfg(test)]
fn is_busybox(b: Base) -> bool {
    matches!(b, Base::Alpine(_) | Base::BusyboxOnly)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::catalog::identify;

    struct Fake {
        img: Image,
        fs: MemFs,
    }

    impl Sys for Fake {
        fn image(&self) -> &Image {
            &self.img
        }
        fn env(&self) -> Vec<(String, String)> {
            vec![
                ("PATH".into(), "/usr/bin:/bin".into()),
                ("HOSTNAME".into(), "p".into()),
                ("HOME".into(), "/root".into()),
            ]
        }
        fn read(&self, path: &str) -> Result<String, Errno> {
            self.fs
                .read(path, (path == "/etc/hostname").then(|| "p\n".to_string()))
        }
        fn stat(&self, path: &str) -> Result<Stat, Errno> {
            self.fs.stat(
                path,
                (path == "/etc/hostname").then(|| "p\n".to_string()),
                path == "/etc",
            )
        }
        fn list(&self, path: &str) -> Result<Vec<(String, Stat)>, Errno> {
            let base = if path == "/etc" {
                vec!["hostname".to_string()]
            } else {
                vec![]
            };
            self.fs.list(path, base)
        }
        fn write(&mut self, path: &str, text: &str, append: bool, _: i64) -> Result<(), Errno> {
            let base = self.read(path).ok();
            self.fs.write(path, text, append, base)
        }
        fn mkdir(&mut self, path: &str) -> Result<(), Errno> {
            self.fs.mkdir(path)
        }
        fn remove(&mut self, path: &str, _: bool) -> Result<(), Errno> {
            let exists = self.stat(path).is_ok();
            self.fs.remove(path, exists)
        }
        fn hostname(&self) -> String {
            "p".into()
        }
        fn ip(&self) -> String {
            "10.244.1.9".into()
        }
        fn now(&self) -> Time {
            crate::time::SIM_START
        }
        fn main_cmd(&self) -> String {
            "sleep 3600".into()
        }
        fn curl(&mut self, _: &[String], _: bool) -> ExecResult {
            ExecResult::default()
        }
        fn nslookup(&mut self, _: &[String]) -> ExecResult {
            ExecResult::default()
        }
        fn wget(&mut self, _: &[String], _: bool) -> ExecResult {
            ExecResult::default()
        }
        fn ping(&mut self, _: &[String]) -> ExecResult {
            ExecResult::default()
        }
    }

    fn sh(image: &str, script: &str) -> Run {
        let mut f = Fake {
            img: identify(image).unwrap(),
            fs: MemFs::default(),
        };
        run_argv(
            &mut f,
            &["sh".to_string(), "-c".to_string(), script.to_string()],
            false,
        )
    }

    #[test]
    fn scripts_run_with_variables_pipes_and_conditions() {
        let r = sh(
            "busybox",
            "X=world; echo \"hello $X\" && echo $HOSTNAME | cat; false || echo fallback",
        );
        assert_eq!(r.result(false).stdout, "hello world\np\nfallback\n");
        let r = sh("busybox", "for i in 1 2 3; do echo -n $i; done; echo; if [ -f /etc/hostname ]; then cat /etc/hostname; fi");
        assert_eq!(r.result(false).stdout, "123\np\n");
        let r = sh("busybox", "echo $(hostname)-x; grep -c host /etc/hostname");
        assert_eq!(r.result(false).stdout, "p-x\n0\n");
        assert_eq!(r.code, 1);
    }

    #[test]
    fn sleeping_moves_the_process_clock_and_infinity_never_ends() {
        let r = sh("busybox", "echo a; sleep 5; echo b; sleep 1m");
        assert_eq!(
            r.out,
            vec![
                (0, false, "a\n".to_string()),
                (5000, false, "b\n".to_string())
            ]
        );
        assert_eq!((r.elapsed, r.forever, r.code), (65_000, false, 0));
        let r = sh("busybox", "while true; do echo tick; sleep 10; done");
        assert!(r.forever);
        assert_eq!(r.out.get(1).map(|o| o.0), Some(10_000));
        assert!(sh("busybox", "sleep infinity").forever);
    }

    #[test]
    fn missing_commands_and_syntax_errors_per_shell() {
        let r = sh("busybox", "nope");
        assert_eq!(
            (r.result(false).stderr.as_str(), r.code),
            ("sh: nope: not found\n", 127)
        );
        let r = sh("nginx", "nope");
        assert_eq!(r.result(false).stderr, "sh: 1: nope: not found\n");
        let r = sh("nginx", "if true; then echo x");
        assert_eq!(
            r.result(false).stderr,
            "sh: 1: Syntax error: end of file unexpected (expecting \"fi\")\n"
        );
        assert_eq!(r.code, 2);
        let r = sh("busybox", "echo 'unterminated");
        assert_eq!(r.code, 2);
        assert!(is_busybox(identify("busybox").unwrap().base));
    }

    #[test]
    fn redirections() {
        let r = sh(
            "busybox",
            "echo hi > /tmp/x; cat /tmp/x; cat /nope 2>/dev/null; echo $?; cat /nope 2>&1 | wc -l",
        );
        assert_eq!(r.result(false).stdout, "hi\n1\n1\n");
        assert_eq!(r.result(false).stderr, "");
        let r = sh("nginx", "cat /nope");
        assert_eq!(
            r.result(false).stderr,
            "cat: /nope: No such file or directory\n"
        );
    }

    #[test]
    fn globs_and_tilde() {
        assert!(wildcard("*.txt", "a.txt") && !wildcard("*.txt", "a.txtx"));
        assert!(wildcard("a?c", "abc") && wildcard("[a-c]x", "bx") && !wildcard("[!a-c]x", "bx"));
        assert!(wildcard("*", "") && wildcard("a*b*c", "aXbYc") && !wildcard("a*b", "ac"));
        let r = sh(
            "busybox",
            "touch /tmp/a.txt /tmp/b.txt /tmp/c.log; echo /tmp/*.txt; echo /tmp/*.none; cd /tmp; echo *.log; echo ~",
        );
        assert_eq!(
            r.result(false).stdout,
            "/tmp/a.txt /tmp/b.txt\n/tmp/*.none\nc.log\n/root\n"
        );
    }

    #[test]
    fn env_exit_and_echo_escapes() {
        let r = sh("busybox", "export A=1; env | grep A=; exit 3; echo never");
        assert_eq!((r.result(false).stdout.as_str(), r.code), ("A=1\n", 3));
        assert_eq!(sh("nginx", "echo 'a\\tb'").result(false).stdout, "a\tb\n");
        assert_eq!(
            sh("busybox", "echo 'a\\tb'").result(false).stdout,
            "a\\tb\n"
        );
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for s in [
            "",
            ";",
            "&&",
            "|",
            "$(",
            "${",
            "a >",
            "for",
            "if",
            "while true",
            "echo $",
            "\\",
            "'",
            "\"",
            "2>&",
            "x=",
            "((",
            "for x in; do done",
        ] {
            let r = sh("busybox", s);
            assert!([0, 1, 2, 127].contains(&r.code), "{s:?} -> {}", r.code);
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep_if = "if true; then ".repeat(500) + "echo x" + &"; fi".repeat(500);
        assert_eq!(sh("busybox", &deep_if).code, 2);
        let deep_subst = "echo ".to_string() + &"$(echo ".repeat(300) + "x" + &")".repeat(300);
        assert_eq!(sh("busybox", &deep_subst).code, 0);
        // A shell that runs itself forever stops at the nesting bound.
        let r = sh("busybox", "export X='sh -c \"$X\"'; sh -c \"$X\"");
        assert_eq!(r.code, 2);
        assert!(r.result(false).stderr.ends_with("sh: nested too deeply\n"));
    }

    #[test]
    fn runaway_growth_is_bounded() {
        let r = sh(
            "busybox",
            "X=ab; while true; do X=$X$X; echo $X; done | wc -c",
        );
        assert!(r.forever);
        let r = sh("busybox", "X=ab; while true; do X=$X$X; echo $X; done");
        assert!(r.forever);
        assert!(r.out.iter().map(|(_, _, t)| t.len()).sum::<usize>() <= MAX_OUTPUT);
    }
}
