//! Go's text/template as kubectl's `-o go-template` printer runs it:
//! the template is named `output`, has kubectl's two extra functions
//! `exists` and `base64decode`, and runs over the object as apimachinery's
//! JSON decoding gives it (integers int64, other numbers float64, objects
//! `map[string]interface {}`, arrays `[]interface {}`). Lexing, parsing,
//! execution and Go's error texts follow text/template (Go 1.23): trim
//! markers, comments, variables, pipelines, `if`/`else if`/`with`/
//! `else with`/`range` (maps in key order, `break`, `continue`),
//! `define`/`template`/`block`, and the builtins with `fmt`'s printing.
//! Nesting and execution are bounded so no input can exhaust the stack.

use serde_json::{Map, Value};
use std::fmt::Write as _;

/// Deepest nesting of parentheses and control structures accepted.
const MAX_DEPTH: usize = 100;
/// Control structures and template calls (`{{template}}`) may nest this
/// deep during execution, all together (Go allows 100000 calls on its
/// growable stacks; a fixed stack must stop far sooner).
const MAX_CALLS: usize = 100;
/// Nodes executed, and bytes written, before execution is cut off.
const MAX_STEPS: usize = 2_000_000;
const MAX_OUT: usize = 16 << 20;

// ---------------------------------------------------------------- lexer

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    Error,
    Bool,
    Char,
    CharConst,
    Assign,
    Declare,
    Eof,
    Field,
    Ident,
    LDelim,
    LParen,
    Number,
    Pipe,
    RawStr,
    RDelim,
    RParen,
    Space,
    Str,
    Text,
    Var,
    // keywords
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

/// A token: its text is `pos..end` of the template (an error's message
/// is the lexer's `err`).
#[derive(Clone, Copy, Debug)]
struct Item {
    t: T,
    pos: usize,
    end: usize,
    line: usize,
}

fn keyword(w: &str) -> Option<T> {
    Some(match w {
        "block" => T::Block,
        "break" => T::Break,
        "continue" => T::Continue,
        "define" => T::Define,
        "else" => T::Else,
        "end" => T::End,
        "if" => T::If,
        "nil" => T::Nil,
        "range" => T::Range,
        "template" => T::Template,
        "with" => T::With,
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}
fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// `U+007D '}'` as Go's `%#U` writes it.
fn go_u(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
    start: usize,
    paren: usize,
    items: Vec<Item>,
    err: String,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos..).and_then(|r| r.chars().next())
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
        }
    }
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }
    fn emit(&mut self, t: T) {
        self.items.push(Item {
            t,
            pos: self.start,
            end: self.pos,
            line: 0,
        });
        self.start = self.pos;
    }
    fn ignore(&mut self) {
        self.start = self.pos;
    }
    fn error(&mut self, msg: String) -> bool {
        self.err = msg;
        self.items.push(Item {
            t: T::Error,
            pos: self.start,
            end: self.start,
            line: 0,
        });
        false
    }
    /// At ` -}}` (true, true) or `}}` (true, false).
    fn at_right_delim(&self) -> (bool, bool) {
        let r = self.rest().as_bytes();
        if r.len() >= 4 && is_space(r[0] as char) && r[1] == b'-' && &r[2..4] == b"}}" {
            return (true, true);
        }
        (r.starts_with(b"}}"), false)
    }
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) => {
                is_space(c)
                    || matches!(c, '.' | ',' | '|' | ':' | ')' | '(')
                    || self.rest().starts_with("}}")
            }
        }
    }

    fn run(mut self) -> (Vec<Item>, String) {
        self.lex();
        // Each item's line, from its position.
        let (mut line, mut at) = (1, 0);
        for it in &mut self.items {
            line += self
                .s
                .get(at..it.pos)
                .map_or(0, |t| t.matches('\n').count());
            at = at.max(it.pos);
            it.line = line;
        }
        (self.items, self.err)
    }

    fn lex(&mut self) {
        loop {
            // Text up to the next action.
            let rest = self.rest();
            let Some(x) = rest.find("{{") else {
                self.pos = self.s.len();
                if self.pos > self.start {
                    self.emit(T::Text);
                }
                self.emit(T::Eof);
                return;
            };
            let left_trim = {
                let b = rest.as_bytes();
                b.len() >= x + 4 && b[x + 2] == b'-' && is_space(b[x + 3] as char)
            };
            if x > 0 {
                let text = &rest[..x];
                let kept = if left_trim {
                    text.trim_end_matches(is_space)
                } else {
                    text
                };
                if !kept.is_empty() {
                    self.items.push(Item {
                        t: T::Text,
                        pos: self.start,
                        end: self.start + kept.len(),
                        line: 0,
                    });
                }
                self.pos += x;
                self.ignore();
            }
            // The left delimiter.
            self.pos += 2;
            let after = if left_trim { 2 } else { 0 };
            if self
                .rest()
                .get(after..)
                .is_some_and(|r| r.starts_with("/*"))
            {
                self.pos += after;
                self.ignore();
                if !self.comment() {
                    return;
                }
                continue;
            }
            self.emit(T::LDelim);
            self.pos += after;
            self.ignore();
            self.paren = 0;
            if !self.inside_action() {
                return;
            }
        }
    }

    fn comment(&mut self) -> bool {
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            return self.error("unclosed comment".into());
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.error("comment ends before closing delimiter".into());
        }
        self.pos += if trim { 4 } else { 2 };
        if trim {
            self.pos += self.rest().len() - self.rest().trim_start_matches(is_space).len();
        }
        self.ignore();
        true
    }

    /// Lexes one action up to its right delimiter; false after an error.
    fn inside_action(&mut self) -> bool {
        loop {
            let (delim, trim) = self.at_right_delim();
            if delim {
                if self.paren > 0 {
                    return self.error("unclosed left paren".into());
                }
                if trim {
                    self.pos += 2;
                    self.ignore();
                }
                self.pos += 2;
                self.emit(T::RDelim);
                if trim {
                    self.pos += self.rest().len() - self.rest().trim_start_matches(is_space).len();
                    self.ignore();
                }
                return true;
            }
            let Some(c) = self.next() else {
                return self.error("unclosed action".into());
            };
            match c {
                c if is_space(c) => {
                    self.backup(Some(c));
                    let mut n = 0;
                    while self.peek().is_some_and(is_space) {
                        self.next();
                        n += 1;
                    }
                    // A trim-marked right delimiter after the spaces: the
                    // last space belongs to it.
                    let b = self.s.as_bytes().get(self.pos - 1..).unwrap_or(&[]);
                    if b.len() >= 4 && b[1] == b'-' && &b[2..4] == b"}}" {
                        self.pos -= 1;
                        if n == 1 {
                            continue;
                        }
                    }
                    self.emit(T::Space);
                }
                '=' => self.emit(T::Assign),
                ':' => {
                    if self.next() != Some('=') {
                        return self.error("expected :=".into());
                    }
                    self.emit(T::Declare);
                }
                '|' => self.emit(T::Pipe),
                '"' => {
                    if !self.quote('"', true, "unterminated quoted string") {
                        return false;
                    }
                    self.emit(T::Str);
                }
                '`' => {
                    if !self.quote('`', false, "unterminated raw quoted string") {
                        return false;
                    }
                    self.emit(T::RawStr);
                }
                '\'' => {
                    if !self.quote('\'', true, "unterminated character constant") {
                        return false;
                    }
                    self.emit(T::CharConst);
                }
                '$' => {
                    if self.at_terminator() {
                        self.emit(T::Var);
                    } else if !self.field_or_var(T::Var) {
                        return false;
                    }
                }
                '.' if self
                    .s
                    .as_bytes()
                    .get(self.pos)
                    .is_some_and(|b| !b.is_ascii_digit()) =>
                {
                    if self.at_terminator() {
                        self.emit(T::Dot);
                    } else if !self.field_or_var(T::Field) {
                        return false;
                    }
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.backup(Some(c));
                    if !self.scan_number() {
                        let t = self.s.get(self.start..self.pos).unwrap_or("").to_string();
                        return self.error(format!("bad number syntax: {}", go_quote(&t)));
                    }
                    if matches!(self.peek(), Some('+' | '-')) {
                        // Complex constants (1+2i) are not simulated: Go
                        // would accept them; they fail as bad syntax here.
                        self.next();
                        let t = self.s.get(self.start..self.pos).unwrap_or("").to_string();
                        return self.error(format!("bad number syntax: {}", go_quote(&t)));
                    }
                    self.emit(T::Number);
                }
                c if is_alnum(c) => {
                    let mut last = None;
                    while let Some(c) = self.next() {
                        if !is_alnum(c) {
                            last = Some(c);
                            break;
                        }
                    }
                    self.backup(last);
                    if !self.at_terminator() {
                        let r = self.peek().unwrap_or('\0');
                        return self.error(format!("bad character {}", go_u(r)));
                    }
                    let word = &self.s[self.start..self.pos];
                    let t = match keyword(word) {
                        Some(k) => k,
                        None if word == "true" || word == "false" => T::Bool,
                        None => T::Ident,
                    };
                    self.emit(t);
                }
                '(' => {
                    self.emit(T::LParen);
                    self.paren += 1;
                }
                ')' => {
                    if self.paren == 0 {
                        return self.error("unexpected right paren".into());
                    }
                    self.emit(T::RParen);
                    self.paren -= 1;
                }
                c if c.is_ascii() && !c.is_ascii_control() => self.emit(T::Char),
                c => return self.error(format!("unrecognized character in action: {}", go_u(c))),
            }
        }
    }

    /// `.name` or `$name` (the `.`/`$` already read).
    fn field_or_var(&mut self, t: T) -> bool {
        let mut last = None;
        while let Some(c) = self.next() {
            if !is_alnum(c) {
                last = Some(c);
                break;
            }
        }
        self.backup(last);
        if !self.at_terminator() {
            let r = self.peek().unwrap_or('\0');
            return self.error(format!("bad character {}", go_u(r)));
        }
        self.emit(t);
        true
    }

    fn quote(&mut self, q: char, escapes: bool, msg: &str) -> bool {
        loop {
            match self.next() {
                Some('\\') if escapes => {
                    if matches!(self.next(), None | Some('\n')) {
                        return self.error(msg.into());
                    }
                }
                Some('\n') if escapes => return self.error(msg.into()),
                None => return self.error(msg.into()),
                Some(c) if c == q => return true,
                _ => {}
            }
        }
    }

    fn accept(&mut self, set: &str) -> bool {
        match self.peek() {
            Some(c) if set.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }
    fn accept_run(&mut self, set: &str) {
        while self.accept(set) {}
    }
    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alnum) {
            self.next();
            return false;
        }
        true
    }
}

// ---------------------------------------------------------------- syntax

#[derive(Debug)]
enum Arg {
    Field(usize, Vec<String>),
    Var(usize, Vec<String>),
    Chain(usize, Box<Arg>, Vec<String>),
    Ident(usize, String),
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Num(usize, String, Num),
    Str(usize, String, String),
    Pipe(Pipe),
}

#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
    /// An integer beyond int64 that fits uint64: Go's `overflows int`.
    Big,
}

#[derive(Debug)]
struct Cmd {
    pos: usize,
    args: Vec<Arg>,
}

#[derive(Debug)]
struct Pipe {
    pos: usize,
    decl: Vec<String>,
    assign: bool,
    cmds: Vec<Cmd>,
}

#[derive(Debug)]
enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    Template(usize, String, Option<Pipe>),
    Break,
    Continue,
}

impl Arg {
    fn pos(&self) -> usize {
        match self {
            Arg::Field(p, _)
            | Arg::Var(p, _)
            | Arg::Chain(p, ..)
            | Arg::Ident(p, _)
            | Arg::Dot(p)
            | Arg::Nil(p)
            | Arg::Bool(p, _)
            | Arg::Num(p, ..)
            | Arg::Str(p, ..) => *p,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Field(_, id) => write!(f, ".{}", id.join(".")),
            Arg::Var(_, id) => f.write_str(&id.join(".")),
            Arg::Chain(_, n, fields) => {
                match &**n {
                    Arg::Pipe(p) => write!(f, "({p})")?,
                    n => write!(f, "{n}")?,
                }
                write!(f, ".{}", fields.join("."))
            }
            Arg::Ident(_, s) | Arg::Num(_, s, _) | Arg::Str(_, s, _) => f.write_str(s),
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match a {
                Arg::Pipe(p) => write!(f, "({p})")?,
                a => write!(f, "{a}")?,
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            let op = if self.assign { "=" } else { ":=" };
            write!(f, "{} {op} ", self.decl.join(", "))?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A parsed template: `output` and the templates it defines.
#[derive(Debug)]
pub struct Template {
    text: String,
    trees: Vec<(String, Vec<Node>)>,
}

/// What ends an item list.
enum Stop {
    End,
    Else(bool),
}

const FUNCS: [&str; 21] = [
    "and",
    "base64decode",
    "call",
    "eq",
    "exists",
    "ge",
    "gt",
    "html",
    "index",
    "js",
    "le",
    "len",
    "lt",
    "ne",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "slice",
    "urlquery",
];

struct Parser<'s> {
    text: &'s str,
    err: String,
    items: Vec<Item>,
    i: usize,
    hi: usize,
    vars: Vec<String>,
    range_depth: usize,
    depth: usize,
    action_line: usize,
    trees: Vec<(String, Vec<Node>)>,
}

type P<X> = Result<X, String>;

impl<'s> Parser<'s> {
    fn get(&self, i: usize) -> Item {
        self.items.get(i).copied().unwrap_or(Item {
            t: T::Eof,
            pos: 0,
            end: 0,
            line: 1,
        })
    }
    fn val(&self, it: &Item) -> &'s str {
        self.text.get(it.pos..it.end).unwrap_or("")
    }
    /// How Go's parser names a token in its errors.
    fn desc(&self, it: &Item) -> String {
        let v = self.val(it);
        match it.t {
            T::Eof => "EOF".into(),
            T::Error => self.err.clone(),
            t if t as u8 >= T::Block as u8 => format!("<{v}>"),
            _ if v.chars().count() > 10 => {
                let s: String = v.chars().take(10).collect();
                go_quote(&s) + "..."
            }
            _ => go_quote(v),
        }
    }
    fn next(&mut self) -> Item {
        let it = self.get(self.i);
        self.hi = self.hi.max(self.i);
        if self.i < self.items.len() {
            self.i += 1;
        }
        it
    }
    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }
    fn peek(&mut self) -> Item {
        let it = self.next();
        self.backup();
        it
    }
    fn next_non_space(&mut self) -> Item {
        loop {
            let it = self.next();
            if it.t != T::Space {
                return it;
            }
        }
    }
    fn peek_non_space(&mut self) -> Item {
        let it = self.next_non_space();
        self.backup();
        it
    }
    fn errorf(&self, msg: String) -> String {
        format!("template: output:{}: {msg}", self.get(self.hi).line)
    }
    fn unexpected(&self, it: &Item, context: &str) -> String {
        if it.t == T::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != it.line {
                extra = format!(" in {context}");
                if self.err.ends_with(" action") {
                    extra = extra[3..].to_string();
                }
            }
            return self.errorf(format!("{}{extra}", self.err));
        }
        self.errorf(format!("unexpected {} in {context}", self.desc(it)))
    }
    fn expect(&mut self, t: T, context: &str) -> P<Item> {
        let it = self.next_non_space();
        if it.t != t {
            return Err(self.unexpected(&it, context));
        }
        Ok(it)
    }

    fn parse(&mut self) -> P<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().t != T::Eof {
            if self.peek().t == T::LDelim {
                let save = self.i;
                self.next();
                if self.next_non_space().t == T::Define {
                    self.definition()?;
                    continue;
                }
                self.i = save;
            }
            match self.text_or_action()? {
                Ok(n) => root.push(n),
                Err(Stop::End) => return Err(self.errorf("unexpected {{end}}".into())),
                Err(Stop::Else(_)) => return Err(self.errorf("unexpected {{else}}".into())),
            }
        }
        Ok(root)
    }

    fn definition(&mut self) -> P<()> {
        let context = "define clause";
        let it = self.next_non_space();
        if !matches!(it.t, T::Str | T::RawStr) {
            return Err(self.unexpected(&it, context));
        }
        let name = unquote(self.val(&it)).map_err(|e| self.errorf(e))?;
        self.expect(T::RDelim, context)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let (list, stop) = self.item_list()?;
        self.vars = saved;
        if let Stop::Else(_) = stop {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.add(name, list)
    }

    fn add(&mut self, name: String, list: Vec<Node>) -> P<()> {
        let empty = |l: &[Node]| {
            l.iter()
                .all(|n| matches!(n, Node::Text(t) if t.trim_matches(is_space).is_empty()))
        };
        match self.trees.iter().position(|(n, _)| *n == name) {
            Some(i) if !empty(&self.trees[i].1) && !empty(&list) => Err(self.errorf(format!(
                "template: multiple definition of template {}",
                go_quote(&name)
            ))),
            Some(i) if !empty(&self.trees[i].1) => Ok(()),
            Some(i) => {
                self.trees[i].1 = list;
                Ok(())
            }
            None => {
                self.trees.push((name, list));
                Ok(())
            }
        }
    }

    fn item_list(&mut self) -> P<(Vec<Node>, Stop)> {
        let mut list = Vec::new();
        while self.peek_non_space().t != T::Eof {
            match self.text_or_action()? {
                Ok(n) => list.push(n),
                Err(stop) => return Ok((list, stop)),
            }
        }
        Err(self.errorf("unexpected EOF".into()))
    }

    fn text_or_action(&mut self) -> P<Result<Node, Stop>> {
        let it = self.next_non_space();
        match it.t {
            T::Text => Ok(Ok(Node::Text(self.val(&it).to_string()))),
            T::LDelim => {
                self.action_line = it.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(&it, "input")),
        }
    }

    fn action(&mut self) -> P<Result<Node, Stop>> {
        let it = self.next_non_space();
        Ok(Ok(match it.t {
            T::Block => return self.block().map(Ok),
            T::Break | T::Continue => {
                let word = if it.t == T::Break {
                    "break"
                } else {
                    "continue"
                };
                let next = self.next_non_space();
                if next.t != T::RDelim {
                    return Err(self.unexpected(&next, &format!("{{{{{word}}}}}")));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{{{{{word}}}}} outside {{{{range}}}}")));
                }
                if it.t == T::Break {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            T::Else => {
                let p = self.peek_non_space();
                if matches!(p.t, T::If | T::With) {
                    return Ok(Err(Stop::Else(true)));
                }
                self.expect(T::RDelim, "else")?;
                return Ok(Err(Stop::Else(false)));
            }
            T::End => {
                self.expect(T::RDelim, "end")?;
                return Ok(Err(Stop::End));
            }
            T::If | T::With | T::Range => return self.control(it.t).map(Ok),
            T::Template => {
                let context = "template clause";
                let tok = self.next_non_space();
                if !matches!(tok.t, T::Str | T::RawStr) {
                    return Err(self.unexpected(&tok, context));
                }
                let name = unquote(self.val(&tok)).map_err(|e| self.errorf(e))?;
                let pipe = if self.next_non_space().t != T::RDelim {
                    self.backup();
                    Some(self.pipeline(context, T::RDelim)?)
                } else {
                    None
                };
                Node::Template(tok.pos, name, pipe)
            }
            _ => {
                self.backup();
                Node::Action(self.pipeline("command", T::RDelim)?)
            }
        }))
    }

    fn block(&mut self) -> P<Node> {
        let context = "block clause";
        let tok = self.next_non_space();
        if !matches!(tok.t, T::Str | T::RawStr) {
            return Err(self.unexpected(&tok, context));
        }
        let name = unquote(self.val(&tok)).map_err(|e| self.errorf(e))?;
        let pipe = Some(self.pipeline(context, T::RDelim)?);
        let saved = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let ranges = std::mem::take(&mut self.range_depth);
        let (list, stop) = self.item_list()?;
        self.vars = saved;
        self.range_depth = ranges;
        if let Stop::Else(_) = stop {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.add(name.clone(), list)?;
        Ok(Node::Template(tok.pos, name, pipe))
    }

    fn control(&mut self, t: T) -> P<Node> {
        let context = match t {
            T::If => "if",
            T::With => "with",
            _ => "range",
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.errorf("max expression depth exceeded".into()));
        }
        let nvars = self.vars.len();
        let pipe = self.pipeline(context, T::RDelim)?;
        if t == T::Range {
            self.range_depth += 1;
        }
        let (list, stop) = self.item_list()?;
        if t == T::Range {
            self.range_depth -= 1;
        }
        let mut else_list = Vec::new();
        match stop {
            Stop::End => {}
            Stop::Else(chained) => {
                let p = self.peek_non_space();
                if chained && ((t == T::If && p.t == T::If) || (t == T::With && p.t == T::With)) {
                    self.next_non_space();
                    else_list.push(self.control(t)?);
                } else {
                    let (l, stop) = self.item_list()?;
                    if let Stop::Else(_) = stop {
                        return Err(self.errorf("expected end; found {{else}}".into()));
                    }
                    else_list = l;
                }
            }
        }
        self.vars.truncate(nvars);
        self.depth -= 1;
        Ok(match t {
            T::If => Node::If(pipe, list, else_list),
            T::With => Node::With(pipe, list, else_list),
            _ => Node::Range(pipe, list, else_list),
        })
    }

    fn pipeline(&mut self, context: &str, end: T) -> P<Pipe> {
        let start = self.peek_non_space();
        let mut pipe = Pipe {
            pos: start.pos,
            decl: Vec::new(),
            assign: false,
            cmds: Vec::new(),
        };
        loop {
            let v = self.peek_non_space();
            if v.t != T::Var {
                break;
            }
            let save = self.i;
            self.next_non_space();
            let next = self.peek_non_space();
            if matches!(next.t, T::Assign | T::Declare) {
                pipe.assign = next.t == T::Assign;
                self.next_non_space();
                let name = self.val(&v).to_string();
                pipe.decl.push(name.clone());
                self.vars.push(name);
                break;
            } else if next.t == T::Char && self.val(&next) == "," {
                self.next_non_space();
                let name = self.val(&v).to_string();
                pipe.decl.push(name.clone());
                self.vars.push(name);
                if context == "range" && pipe.decl.len() < 2 {
                    if matches!(self.peek_non_space().t, T::Var | T::RDelim | T::RParen) {
                        continue;
                    }
                    return Err(self.errorf("range can only initialize variables".into()));
                }
                return Err(self.errorf(format!("too many declarations in {context}")));
            } else {
                self.i = save;
                break;
            }
        }
        loop {
            let it = self.next_non_space();
            match it.t {
                t if t == end => {
                    if pipe.cmds.is_empty() {
                        return Err(self.errorf(format!("missing value for {context}")));
                    }
                    for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
                        if matches!(
                            c.args.first(),
                            Some(
                                Arg::Bool(..)
                                    | Arg::Dot(_)
                                    | Arg::Nil(_)
                                    | Arg::Num(..)
                                    | Arg::Str(..)
                            )
                        ) {
                            return Err(self.errorf(format!(
                                "non executable command in pipeline stage {}",
                                i + 1
                            )));
                        }
                    }
                    return Ok(pipe);
                }
                T::Bool
                | T::CharConst
                | T::Dot
                | T::Field
                | T::Ident
                | T::Number
                | T::Nil
                | T::RawStr
                | T::Str
                | T::Var
                | T::LParen => {
                    self.backup();
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return Err(self.unexpected(&it, context)),
            }
        }
    }

    fn command(&mut self) -> P<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Cmd {
            pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(a) = self.operand()? {
                cmd.args.push(a);
            }
            let it = self.next();
            match it.t {
                T::Space => continue,
                T::RDelim | T::RParen => self.backup(),
                T::Pipe => {}
                _ => return Err(self.unexpected(&it, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command".into()));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> P<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().t != T::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().t == T::Field {
            let f = self.next();
            fields.push(self.val(&f)[1..].to_string());
        }
        Ok(Some(match node {
            Arg::Field(_, mut id) => {
                id.extend(fields);
                Arg::Field(pos, id)
            }
            Arg::Var(_, mut id) => {
                id.extend(fields);
                Arg::Var(pos, id)
            }
            Arg::Bool(..) | Arg::Str(..) | Arg::Num(..) | Arg::Nil(_) | Arg::Dot(_) => {
                return Err(self.errorf(format!(
                    "unexpected . after term {}",
                    go_quote(&node.to_string())
                )))
            }
            n => Arg::Chain(pos, Box::new(n), fields),
        }))
    }

    fn term(&mut self) -> P<Option<Arg>> {
        let it = self.next_non_space();
        let val = self.val(&it);
        Ok(Some(match it.t {
            T::Ident => {
                if !FUNCS.contains(&val) {
                    return Err(self.errorf(format!("function {} not defined", go_quote(val))));
                }
                Arg::Ident(it.pos, val.to_string())
            }
            T::Dot => Arg::Dot(it.pos),
            T::Nil => Arg::Nil(it.pos),
            T::Var => {
                let id: Vec<String> = vec![val.to_string()];
                if !self.vars.iter().any(|v| Some(v) == id.first()) {
                    return Err(self.errorf(format!(
                        "undefined variable {}",
                        go_quote(id.first().map_or("", |s| s))
                    )));
                }
                Arg::Var(it.pos, id)
            }
            T::Field => Arg::Field(it.pos, vec![val[1..].to_string()]),
            T::Bool => Arg::Bool(it.pos, val == "true"),
            T::CharConst | T::Number => {
                let n = number(val, it.t == T::CharConst).map_err(|e| self.errorf(e))?;
                Arg::Num(it.pos, val.to_string(), n)
            }
            T::LParen => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.errorf("max expression depth exceeded".into()));
                }
                let p = self.pipeline("parenthesized pipeline", T::RParen)?;
                self.depth -= 1;
                Arg::Pipe(p)
            }
            T::Str | T::RawStr => {
                let s = unquote(val).map_err(|e| self.errorf(e))?;
                Arg::Str(it.pos, val.to_string(), s)
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// A number constant as text/template's parser reads it.
fn number(text: &str, is_char: bool) -> Result<Num, String> {
    if is_char {
        let (c, rest) = unquote_char(&text[1..], '\'').ok_or("invalid syntax")?;
        if rest != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        return Ok(Num::Int(c as i64));
    }
    let illegal = || format!("illegal number syntax: {}", go_quote(text));
    if text.ends_with('i') {
        return Err(illegal());
    }
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let clean: String = body
        .to_ascii_lowercase()
        .chars()
        .filter(|c| *c != '_')
        .collect();
    let (radix, digits) = if let Some(d) = clean.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = clean.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = clean.strip_prefix("0b") {
        (2, d)
    } else if clean.len() > 1 && clean.starts_with('0') {
        (8, &clean[1..])
    } else {
        (10, clean.as_str())
    };
    if let Ok(u) = u64::from_str_radix(digits, radix) {
        let i = if neg {
            0i64.checked_sub_unsigned(u)
        } else {
            i64::try_from(u).ok()
        };
        return match i {
            Some(i) => Ok(Num::Int(i)),
            None if neg => Err(format!("integer overflow: {}", go_quote(text))),
            None => Ok(Num::Big),
        };
    }
    let decimal = clean
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'+' || b == b'-');
    if decimal && clean.bytes().any(|b| b.is_ascii_digit()) {
        if let Ok(f) = clean.parse::<f64>() {
            if f.is_finite() {
                if !clean.contains(['.', 'e']) {
                    return Err(format!("integer overflow: {}", go_quote(text)));
                }
                return Ok(Num::Float(if neg { -f } else { f }));
            }
        }
    }
    Err(illegal())
}

/// One character of a Go quoted literal (strconv.UnquoteChar).
fn unquote_char(s: &str, q: char) -> Option<(char, &str)> {
    let mut it = s.chars();
    let c = it.next()?;
    if c == q && q == '\'' {
        return None;
    }
    if c != '\\' {
        return Some((c, it.as_str()));
    }
    let e = it.next()?;
    let simple = match e {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0b'),
        '\\' => Some('\\'),
        '\'' | '"' if e == q => Some(e),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, it.as_str()));
    }
    let rest = it.as_str();
    let (n, radix) = match e {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => (2, 8),
        _ => return None,
    };
    let digits = rest.get(..n)?;
    let v = if radix == 8 {
        u32::from_str_radix(&format!("{e}{digits}"), 8).ok()?
    } else {
        u32::from_str_radix(digits, 16).ok()?
    };
    if radix == 8 && v > 255 {
        return None;
    }
    // \x and octal escapes are bytes; in strings they may form UTF-8, here
    // one char per byte value below 0x80 and Latin-1 otherwise.
    Some((char::from_u32(v)?, &rest[n..]))
}

/// strconv.Unquote for "..." and `...`; the error is Go's `invalid syntax`.
fn unquote(q: &str) -> Result<String, String> {
    let bad = || "invalid syntax".to_string();
    if let Some(raw) = q.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let mut body = q
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(bad)?;
    let mut bytes: Vec<u8> = Vec::new();
    while !body.is_empty() {
        // \x and octal escapes give single bytes.
        let b = body.as_bytes();
        if b[0] == b'\\' && b.len() >= 4 && (b[1] == b'x' || (b'0'..=b'7').contains(&b[1])) {
            let (c, rest) = unquote_char(body, '"').ok_or_else(bad)?;
            bytes.push(c as u32 as u8);
            body = rest;
            continue;
        }
        let (c, rest) = unquote_char(body, '"').ok_or_else(bad)?;
        let mut buf = [0u8; 4];
        bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        body = rest;
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// strconv.Quote: Go's double-quoted form of a string.
pub fn go_quote(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\x07' => o.push_str("\\a"),
            '\x08' => o.push_str("\\b"),
            '\x0c' => o.push_str("\\f"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            '\x0b' => o.push_str("\\v"),
            '\u{fffd}' => o.push('\u{fffd}'),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(o, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Parses `text` as the template `output`; the error is Go's
/// (`template: output:1: ...`).
pub fn parse(text: &str) -> Result<Template, String> {
    let (items, err) = Lexer {
        s: text,
        pos: 0,
        start: 0,
        paren: 0,
        items: Vec::new(),
        err: String::new(),
    }
    .run();
    let mut p = Parser {
        text,
        err,
        items,
        i: 0,
        hi: 0,
        vars: vec!["$".into()],
        range_depth: 0,
        depth: 0,
        action_line: 0,
        trees: Vec::new(),
    };
    let root = p.parse()?;
    p.add("output".into(), root)?;
    Ok(Template {
        text: text.to_string(),
        trees: p.trees,
    })
}

// ---------------------------------------------------------------- values

/// A value as reflect sees it during execution.
#[derive(Clone, Debug)]
enum V<'a> {
    /// The invalid reflect.Value (`<no value>`).
    Missing,
    /// An `interface {}` holding a JSON value (nil for null).
    Boxed(&'a Value),
    Bool(bool),
    /// Go `int` (constants, `len`).
    Int(i64),
    I64(i64),
    U8(u8),
    F64(f64),
    Str(String),
    Arr(&'a [Value]),
    Map(&'a Map<String, Value>),
}

fn unbox<'a>(v: &V<'a>) -> V<'a> {
    match v {
        V::Boxed(j) => match j {
            Value::Null => V::Missing,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => V::I64(i),
                None => V::F64(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => V::Str(s.clone()),
            Value::Array(a) => V::Arr(a),
            Value::Object(m) => V::Map(m),
        },
        v => v.clone(),
    }
}

fn type_name(v: &V<'_>) -> &'static str {
    match v {
        V::Missing => "<nil>",
        V::Boxed(_) => "interface {}",
        V::Bool(_) => "bool",
        V::Int(_) => "int",
        V::I64(_) => "int64",
        V::U8(_) => "uint8",
        V::F64(_) => "float64",
        V::Str(_) => "string",
        V::Arr(_) => "[]interface {}",
        V::Map(_) => "map[string]interface {}",
    }
}

fn truth(v: &V<'_>) -> bool {
    match unbox(v) {
        V::Missing | V::Boxed(_) => false,
        V::Bool(b) => b,
        V::Int(i) | V::I64(i) => i != 0,
        V::U8(u) => u != 0,
        V::F64(f) => f != 0.0,
        V::Str(s) => !s.is_empty(),
        V::Arr(a) => !a.is_empty(),
        V::Map(m) => !m.is_empty(),
    }
}

fn sorted_keys(m: &Map<String, Value>) -> Vec<&String> {
    let mut k: Vec<&String> = m.keys().collect();
    cluster::sort::sort(&mut k);
    k
}

/// strconv.FormatFloat(f, 'g', -1, 64), as `%v` prints a float64.
fn fmt_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        return go_exp(mant, exp);
    }
    format!("{f}")
}

/// Go's %e shape: mantissa, `e`, sign, at least two exponent digits.
fn go_exp(mant: &str, exp: i32) -> String {
    format!(
        "{mant}e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    )
}

/// `fmt.Sprint`'s `%v` of one value.
fn fmt_v(v: &V<'_>, o: &mut String) {
    o.push_str(&fmt_arg(v, 'v', &Spec::default()));
}

// ---------------------------------------------------------------- printf

#[derive(Clone, Copy, Default)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

fn pad(s: String, sp: &Spec, _numeric: bool) -> String {
    let w = sp.width.unwrap_or(0);
    let n = s.chars().count();
    if n >= w {
        return s;
    }
    let fill = w - n;
    if sp.minus {
        return s + &" ".repeat(fill);
    }
    if sp.zero {
        let (sign, digits) = match s.strip_prefix(['-', '+']) {
            Some(d) => (&s[..1], d),
            None => ("", s.as_str()),
        };
        return format!("{sign}{}{digits}", "0".repeat(fill));
    }
    " ".repeat(fill) + &s
}

fn fmt_int(i: i64, verb: char, sp: &Spec) -> Option<String> {
    let neg = i < 0;
    let u = i.unsigned_abs();
    let mut digits = match verb {
        'd' | 'v' => u.to_string(),
        'b' => format!("{u:b}"),
        'o' | 'O' => format!("{u:o}"),
        'x' => format!("{u:x}"),
        'X' => format!("{u:X}"),
        'c' => {
            return Some(pad(
                char::from_u32(i as u32).unwrap_or('\u{fffd}').into(),
                sp,
                false,
            ))
        }
        'q' => {
            let c = char::from_u32(i as u32).unwrap_or('\u{fffd}');
            let q = go_quote(&c.to_string());
            let inner = &q[1..q.len() - 1];
            let inner = if inner == "'" { "\\'" } else { inner };
            let inner = if inner == "\\\"" { "\"" } else { inner };
            return Some(pad(format!("'{inner}'"), sp, false));
        }
        'U' => return Some(pad(format!("U+{u:04X}"), sp, false)),
        _ => return None,
    };
    if let Some(p) = sp.prec {
        while digits.len() < p {
            digits.insert(0, '0');
        }
        if p == 0 && u == 0 {
            digits.clear();
        }
    }
    if sp.sharp {
        match verb {
            'x' => digits.insert_str(0, "0x"),
            'X' => digits.insert_str(0, "0X"),
            'o' if !digits.starts_with('0') => digits.insert(0, '0'),
            'b' => digits.insert_str(0, "0b"),
            _ => {}
        }
    }
    if verb == 'O' {
        digits.insert_str(0, "0o");
    }
    let sign = if neg {
        "-"
    } else if sp.plus {
        "+"
    } else if sp.space {
        " "
    } else {
        ""
    };
    let zero_ok = sp.prec.is_none();
    let spec = Spec {
        zero: sp.zero && zero_ok,
        ..*sp
    };
    Some(pad(format!("{sign}{digits}"), &spec, true))
}

/// The exact decimal digits of |f| (a binary fraction has a finite
/// decimal expansion, at most 767 significant digits) and where the point
/// goes: |f| = 0.DIGITS × 10^point. Rounding these as strconv does gives
/// Go's `%.Nf`, `%.Ne`, `%.Ng`.
fn float_digits(f: f64) -> (Vec<u8>, i32) {
    let e = format!("{:.767e}", f.abs());
    let (m, x) = e.split_once('e').unwrap_or((&e, "0"));
    let mut d: Vec<u8> = m.bytes().filter(|c| *c != b'.').collect();
    let n = d.iter().rposition(|c| *c != b'0').map_or(1, |i| i + 1);
    d.truncate(n);
    (d, x.parse::<i32>().unwrap_or(0) + 1)
}

/// `d` rounded to `n` digits, half to even; the point moves by one when a
/// carry adds a digit.
fn round_digits(d: &[u8], n: i32, point: &mut i32) -> Vec<u8> {
    let Ok(n) = usize::try_from(n) else {
        return Vec::new();
    };
    let mut v = d.get(..n).unwrap_or(d).to_vec();
    let rest = d.get(n..).unwrap_or(&[]);
    let odd = v.last().is_some_and(|c| (c - b'0') % 2 == 1);
    let up = match rest.split_first() {
        Some((&c, tail)) => c > b'5' || (c == b'5' && (tail.iter().any(|c| *c != b'0') || odd)),
        None => false,
    };
    if up {
        let mut i = v.len();
        loop {
            if i == 0 {
                v.insert(0, b'1');
                v.truncate(n.max(1));
                *point += 1;
                break;
            }
            i -= 1;
            if v[i] == b'9' {
                v[i] = b'0';
            } else {
                v[i] += 1;
                break;
            }
        }
    }
    v.resize(n.max(v.len()), b'0');
    v
}

/// Digits with the point after `int` of them (zeros added either side).
fn place(v: &[u8], int: i32, frac: usize) -> String {
    let mut o = String::new();
    if int <= 0 {
        o.push('0');
    }
    for k in 0..int.max(0) as usize {
        o.push(*v.get(k).unwrap_or(&b'0') as char);
    }
    if frac > 0 {
        o.push('.');
        for k in 0..frac as i64 {
            let at = int as i64 + k;
            let c = usize::try_from(at)
                .ok()
                .and_then(|a| v.get(a))
                .unwrap_or(&b'0');
            o.push(*c as char);
        }
    }
    o
}

fn fmt_float(f: f64, verb: char, sp: &Spec) -> Option<String> {
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let (d, mut point) = float_digits(f);
    let exp_form = |v: &[u8], point: i32, keep_zeros: bool| {
        let mut m = String::new();
        m.push(*v.first().unwrap_or(&b'0') as char);
        let rest = v.get(1..).unwrap_or(&[]);
        let rest = if keep_zeros {
            rest
        } else {
            let n = rest.iter().rposition(|c| *c != b'0').map_or(0, |i| i + 1);
            &rest[..n]
        };
        if !rest.is_empty() {
            m.push('.');
            m.extend(rest.iter().map(|c| *c as char));
        }
        go_exp(&format!("{sign}{m}"), point - 1)
    };
    let mut s = if !f.is_finite() {
        fmt_g(f)
    } else {
        match (verb, sp.prec) {
            ('v' | 'g' | 'G', None) => fmt_g(f),
            ('v' | 'g' | 'G', Some(p)) => {
                let p = p.clamp(1, 800) as i32;
                let v = round_digits(&d, p, &mut point);
                if point < -3 || point > p {
                    exp_form(&v, point, false)
                } else {
                    let n = v.iter().rposition(|c| *c != b'0').map_or(0, |i| i + 1) as i32;
                    format!("{sign}{}", place(&v, point, (n - point).max(0) as usize))
                }
            }
            ('e' | 'E', p) => {
                let p = p.unwrap_or(6).min(800) as i32;
                let v = round_digits(&d, p + 1, &mut point);
                if f == 0.0 {
                    point = 1;
                }
                exp_form(&v, point, true)
            }
            ('f' | 'F', p) => {
                let p = p.unwrap_or(6).min(800);
                let v = round_digits(&d, point + p as i32, &mut point);
                format!("{sign}{}", place(&v, point, p))
            }
            _ => return None,
        }
    };
    if verb == 'G' || verb == 'E' {
        s = s.to_ascii_uppercase();
    }
    if !s.starts_with('-') {
        if sp.plus {
            s.insert(0, '+');
        } else if sp.space {
            s.insert(0, ' ');
        }
    }
    Some(pad(s, sp, f.is_finite()))
}

fn fmt_str(s: &str, verb: char, sp: &Spec) -> Option<String> {
    let s: String = match sp.prec {
        Some(p) if verb != 'x' && verb != 'X' => s.chars().take(p).collect(),
        _ => s.to_string(),
    };
    Some(pad(
        match verb {
            's' | 'v' => s,
            'q' => {
                if sp.sharp && !s.contains('`') {
                    format!("`{s}`")
                } else {
                    go_quote(&s)
                }
            }
            'x' | 'X' => {
                let mut o = String::new();
                for (i, b) in s.bytes().enumerate() {
                    if sp.space && i > 0 {
                        o.push(' ');
                    }
                    if sp.sharp && (sp.space || i == 0) {
                        o.push_str(if verb == 'x' { "0x" } else { "0X" });
                    }
                    let _ = if verb == 'x' {
                        write!(o, "{b:02x}")
                    } else {
                        write!(o, "{b:02X}")
                    };
                }
                o
            }
            _ => return None,
        },
        sp,
        false,
    ))
}

/// An element inside a map or slice: a nil one is `<nil>` whatever the verb.
fn fmt_elem(x: &Value, verb: char, sp: &Spec) -> String {
    match x {
        Value::Null => pad("<nil>".into(), sp, false),
        x => fmt_arg(&V::Boxed(x), verb, sp),
    }
}

/// One operand of `printf`, with Go's `%!verb(type=value)` for a verb
/// that does not fit.
fn fmt_arg(v: &V<'_>, verb: char, sp: &Spec) -> String {
    let u = unbox(v);
    if verb == 'T' {
        let t = match u {
            V::Missing => "<nil>",
            ref x => type_name(x),
        };
        return pad(t.to_string(), sp, false);
    }
    if verb == 'v' && sp.sharp {
        return pad(go_syntax(&u), sp, false);
    }
    let got = match &u {
        V::Missing | V::Boxed(_) => (verb == 'v').then(|| pad("<nil>".into(), sp, false)),
        V::Bool(b) => matches!(verb, 't' | 'v').then(|| pad(b.to_string(), sp, false)),
        V::Int(i) | V::I64(i) => fmt_int(*i, verb, sp),
        V::U8(b) => fmt_int(i64::from(*b), verb, sp),
        V::F64(f) => fmt_float(*f, verb, sp),
        V::Str(s) => fmt_str(s, verb, sp),
        V::Arr(a) => {
            let mut o = String::from("[");
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    o.push(' ');
                }
                o.push_str(&fmt_elem(x, verb, sp));
            }
            o.push(']');
            Some(o)
        }
        V::Map(m) => {
            let mut o = String::from("map[");
            for (i, k) in sorted_keys(m).into_iter().enumerate() {
                if i > 0 {
                    o.push(' ');
                }
                o.push_str(&fmt_arg(&V::Str(k.clone()), verb, sp));
                o.push(':');
                if let Some(x) = m.get(k) {
                    o.push_str(&fmt_elem(x, verb, sp));
                }
            }
            o.push(']');
            Some(o)
        }
    };
    got.unwrap_or_else(|| {
        let mut o = format!("%!{verb}(");
        match u {
            V::Missing | V::Boxed(_) => o.push_str("<nil>"),
            ref x => {
                o.push_str(type_name(x));
                o.push('=');
                fmt_v(x, &mut o);
            }
        }
        o.push(')');
        o
    })
}

/// `%#v`: the value in Go syntax.
fn go_syntax(v: &V<'_>) -> String {
    match unbox(v) {
        V::Missing => "<nil>".into(),
        V::Boxed(_) => "interface {}(nil)".into(),
        V::Str(s) => go_quote(&s),
        V::Arr(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| match x {
                    Value::Null => "interface {}(nil)".into(),
                    x => go_syntax(&V::Boxed(x)),
                })
                .collect();
            format!("[]interface {{}}{{{}}}", items.join(", "))
        }
        V::Map(m) => {
            let items: Vec<String> = sorted_keys(m)
                .into_iter()
                .map(|k| {
                    let x = match m.get(k) {
                        Some(Value::Null) | None => "interface {}(nil)".into(),
                        Some(x) => go_syntax(&V::Boxed(x)),
                    };
                    format!("{}:{x}", go_quote(k))
                })
                .collect();
            format!("map[string]interface {{}}{{{}}}", items.join(", "))
        }
        V::U8(b) => format!("0x{b:x}"),
        other => {
            let mut o = String::new();
            fmt_v(&other, &mut o);
            o
        }
    }
}

/// fmt.Sprintf.
fn sprintf(format: &str, args: &[V<'_>]) -> String {
    let mut o = String::new();
    let mut ai = 0;
    let mut reordered = false;
    let mut it = format.chars().peekable();
    while let Some(c) = it.next() {
        if c != '%' {
            o.push(c);
            continue;
        }
        let mut sp = Spec {
            minus: false,
            plus: false,
            sharp: false,
            space: false,
            zero: false,
            width: None,
            prec: None,
        };
        while let Some(&f) = it.peek() {
            match f {
                '-' => sp.minus = true,
                '+' => sp.plus = true,
                '#' => sp.sharp = true,
                ' ' => sp.space = true,
                '0' => sp.zero = !sp.minus,
                _ => break,
            }
            it.next();
        }
        let num = |it: &mut std::iter::Peekable<std::str::Chars<'_>>, ai: &mut usize| {
            if it.peek() == Some(&'*') {
                it.next();
                let n = match args.get(*ai).map(unbox) {
                    Some(V::Int(i) | V::I64(i)) => Some(i.clamp(0, 1_000_000) as usize),
                    _ => None,
                };
                *ai += 1;
                return n;
            }
            let mut n: Option<usize> = None;
            while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
                n = Some((n.unwrap_or(0) * 10 + d as usize).min(1_000_000));
                it.next();
            }
            n
        };
        // An explicit argument index, `%[2]d`.
        let mut bad_index = false;
        let mut arg_index = |it: &mut std::iter::Peekable<std::str::Chars<'_>>, ai: &mut usize| {
            if it.peek() != Some(&'[') {
                return;
            }
            it.next();
            reordered = true;
            let mut n = String::new();
            while let Some(c) = it.next_if(|c| *c != ']') {
                n.push(c);
            }
            match (it.next(), n.parse::<usize>()) {
                (Some(']'), Ok(i)) if (1..=args.len()).contains(&i) => *ai = i - 1,
                _ => bad_index = true,
            }
        };
        arg_index(&mut it, &mut ai);
        sp.width = num(&mut it, &mut ai);
        if it.peek() == Some(&'.') {
            it.next();
            arg_index(&mut it, &mut ai);
            sp.prec = Some(num(&mut it, &mut ai).unwrap_or(0));
        }
        arg_index(&mut it, &mut ai);
        let Some(verb) = it.next() else {
            o.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            o.push('%');
            continue;
        }
        if bad_index {
            let _ = write!(o, "%!{verb}(BADINDEX)");
            continue;
        }
        match args.get(ai) {
            None => {
                let _ = write!(o, "%!{verb}(MISSING)");
            }
            Some(a) => o.push_str(&fmt_arg(a, verb, &sp)),
        }
        ai += 1;
    }
    if !reordered && ai < args.len() {
        o.push_str("%!(EXTRA ");
        for (i, a) in args[ai..].iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            match unbox(a) {
                V::Missing | V::Boxed(_) => o.push_str("<nil>"),
                x => {
                    o.push_str(type_name(&x));
                    o.push('=');
                    fmt_v(&x, &mut o);
                }
            }
        }
        o.push(')');
    }
    o
}

fn is_str(v: &V<'_>) -> bool {
    matches!(unbox(v), V::Str(_))
}

/// fmt.Sprint: spaces between operands when neither is a string.
fn sprint(args: &[V<'_>]) -> String {
    let mut o = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            o.push(' ');
        }
        fmt_v(a, &mut o);
    }
    o
}

fn html_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            '"' => o.push_str("&#34;"),
            '\'' => o.push_str("&#39;"),
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\0' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

fn js_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\'' => o.push_str("\\'"),
            '"' => o.push_str("\\\""),
            '<' => o.push_str("\\u003C"),
            '>' => o.push_str("\\u003E"),
            '&' => o.push_str("\\u0026"),
            '=' => o.push_str("\\u003D"),
            c if (c as u32) < 0x20
                || c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{200b}'..='\u{200f}' | '\u{feff}'
                ) =>
            {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

fn url_query(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                o.push(b as char)
            }
            b' ' => o.push('+'),
            b => {
                let _ = write!(o, "%{b:02X}");
            }
        }
    }
    o
}

/// base64.StdEncoding.DecodeString, with its CorruptInputError offsets.
fn base64_decode(s: &str) -> Result<Vec<u8>, usize> {
    let src = s.as_bytes();
    let val = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let nl = |b: u8| b == b'\n' || b == b'\r';
    let mut out = Vec::new();
    let mut si = 0;
    loop {
        let mut buf = [0u32; 4];
        let mut dlen = 4;
        let mut j = 0;
        let mut trailing = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = val(c) {
                buf[j] = v;
                j += 1;
                continue;
            }
            if nl(c) {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    while si < src.len() && nl(src[si]) {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && nl(src[si]) {
                si += 1;
            }
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let v = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
        let bytes = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(t) = trailing {
            return Err(t);
        }
        if dlen < 4 {
            return Ok(out);
        }
    }
}

// ---------------------------------------------------------------- exec

/// The node execution is at, for error locations.
#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Arg(&'t Arg),
    Cmd(&'t Cmd),
    Pipe(&'t Pipe),
    Tmpl(usize, &'t str, Option<&'t Pipe>),
}

enum Flow {
    Err(String),
    Break,
    Continue,
}

type R<X> = Result<X, Flow>;

struct Exec<'t, 'a> {
    tmpl: &'t Template,
    name: &'t str,
    out: String,
    vars: Vec<(String, V<'a>)>,
    at: At<'t>,
    strict: bool,
    calls: usize,
    steps: usize,
}

impl<'t, 'a> Exec<'t, 'a> {
    fn errorf(&self, msg: String) -> Flow {
        let (pos, ctx) = match self.at {
            At::None => return Flow::Err(format!("template: {}: {msg}", self.name)),
            At::Arg(a) => (a.pos(), a.to_string()),
            At::Cmd(c) => (c.pos, c.to_string()),
            At::Pipe(p) => (p.pos, p.to_string()),
            At::Tmpl(pos, name, pipe) => (
                pos,
                match pipe {
                    Some(p) => format!("{{{{template {} {p}}}}}", go_quote(name)),
                    None => format!("{{{{template {}}}}}", go_quote(name)),
                },
            ),
        };
        let text = self.tmpl.text.get(..pos).unwrap_or("");
        let line = 1 + text.matches('\n').count();
        let col = match text.rfind('\n') {
            None => pos,
            Some(n) => pos - n - 1,
        };
        Flow::Err(format!(
            "template: output:{line}:{col}: executing {} at <{ctx}>: {msg}",
            go_quote(self.name)
        ))
    }

    fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.out.len() > MAX_OUT {
            return Err(self.errorf("exceeded maximum template depth (100000)".into()));
        }
        Ok(())
    }

    fn walk(&mut self, dot: &V<'a>, list: &'t [Node]) -> R<()> {
        if self.calls >= MAX_CALLS {
            return Err(self.errorf("exceeded maximum template depth (100000)".into()));
        }
        self.calls += 1;
        let r = self.walk_list(dot, list);
        self.calls -= 1;
        r
    }

    fn walk_list(&mut self, dot: &V<'a>, list: &'t [Node]) -> R<()> {
        for n in list {
            self.step()?;
            match n {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipeline(dot, p)?;
                    if p.decl.is_empty() {
                        match v {
                            V::Missing => self.out.push_str("<no value>"),
                            v => {
                                let mut o = std::mem::take(&mut self.out);
                                fmt_v(&v, &mut o);
                                self.out = o;
                            }
                        }
                    }
                }
                Node::If(p, list, else_list) | Node::With(p, list, else_list) => {
                    let mark = self.vars.len();
                    let v = self.pipeline(dot, p)?;
                    let r = if truth(&v) {
                        let d = if matches!(n, Node::With(..)) {
                            v
                        } else {
                            dot.clone()
                        };
                        self.walk(&d, list)
                    } else {
                        self.walk(dot, else_list)
                    };
                    self.vars.truncate(mark);
                    r?;
                }
                Node::Range(p, list, else_list) => {
                    self.at = At::Pipe(p);
                    let mark = self.vars.len();
                    let r = self.range(dot, p, list, else_list);
                    self.vars.truncate(mark);
                    r?;
                }
                Node::Template(pos, name, pipe) => {
                    self.at = At::Tmpl(*pos, name, pipe.as_ref());
                    let Some(tree) = self.tmpl.tree(name) else {
                        return Err(self.errorf(format!("template {} not defined", go_quote(name))));
                    };
                    let d = match pipe {
                        Some(p) => self.pipeline(dot, p)?,
                        None => V::Missing,
                    };
                    let saved_vars =
                        std::mem::replace(&mut self.vars, vec![("$".into(), d.clone())]);
                    let saved_name = std::mem::replace(&mut self.name, name);
                    let r = self.walk(&d, tree);
                    self.name = saved_name;
                    self.vars = saved_vars;
                    r?;
                }
                Node::Break => return Err(Flow::Break),
                Node::Continue => return Err(Flow::Continue),
            }
        }
        Ok(())
    }

    fn range(
        &mut self,
        dot: &V<'a>,
        p: &'t Pipe,
        list: &'t [Node],
        else_list: &'t [Node],
    ) -> R<()> {
        let v = unbox(&self.pipeline(dot, p)?);
        let mut items: Vec<(V<'a>, V<'a>)> = Vec::new();
        match &v {
            V::Missing => {}
            V::Arr(a) => {
                for (i, x) in a.iter().enumerate() {
                    items.push((V::Int(i as i64), V::Boxed(x)));
                }
            }
            V::Map(m) => {
                for k in sorted_keys(m) {
                    if let Some(x) = m.get(k) {
                        items.push((V::Str(k.clone()), V::Boxed(x)));
                    }
                }
            }
            other => {
                let mut s = String::new();
                fmt_v(other, &mut s);
                return Err(self.errorf(format!("range can't iterate over {s}")));
            }
        }
        if items.is_empty() {
            return self.walk(dot, else_list);
        }
        let mark = self.vars.len();
        for (index, elem) in items {
            self.step()?;
            let n = self.vars.len();
            if !p.decl.is_empty() {
                if p.assign {
                    let first = if p.decl.len() > 1 {
                        index.clone()
                    } else {
                        elem.clone()
                    };
                    self.set_var(&p.decl[0], first)?;
                    if p.decl.len() > 1 {
                        self.set_var(&p.decl[1], elem.clone())?;
                    }
                } else if let Some(top) = n.checked_sub(1) {
                    self.vars[top].1 = elem.clone();
                    if p.decl.len() > 1 {
                        if let Some(second) = n.checked_sub(2) {
                            self.vars[second].1 = index.clone();
                        }
                    }
                }
            }
            let r = self.walk(&elem, list);
            self.vars.truncate(mark.max(n));
            match r {
                Ok(()) | Err(Flow::Continue) => {}
                Err(Flow::Break) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn set_var(&mut self, name: &str, v: V<'a>) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = v;
                Ok(())
            }
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    fn pipeline(&mut self, dot: &V<'a>, p: &'t Pipe) -> R<V<'a>> {
        self.at = At::Pipe(p);
        let mut val: Option<V<'a>> = None;
        for c in &p.cmds {
            let v = self.command(dot, c, val.take())?;
            val = Some(unbox(&v));
        }
        let v = val.unwrap_or(V::Missing);
        for name in &p.decl {
            if p.assign {
                self.set_var(name, v.clone())?;
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn not_a_function(&mut self, c: &'t Cmd, final_: &Option<V<'a>>) -> R<()> {
        if c.args.len() > 1 || final_.is_some() {
            let first = c.args.first().map(|a| a.to_string()).unwrap_or_default();
            return Err(self.errorf(format!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn command(&mut self, dot: &V<'a>, c: &'t Cmd, final_: Option<V<'a>>) -> R<V<'a>> {
        let Some(first) = c.args.first() else {
            return Ok(V::Missing);
        };
        let rest = &c.args[1..];
        match first {
            Arg::Field(_, id) => {
                self.at = At::Arg(first);
                self.field_chain(dot.clone(), id, rest, final_)
            }
            Arg::Chain(_, node, fields) => {
                self.at = At::Arg(first);
                if let Arg::Nil(_) = **node {
                    return Err(self.errorf(format!("indirection through explicit nil in {first}")));
                }
                let v = self.arg(dot, node)?;
                self.field_chain(v, fields, rest, final_)
            }
            Arg::Ident(_, name) => self.call(dot, c, name, rest, final_),
            Arg::Pipe(p) => {
                self.not_a_function(c, &final_)?;
                self.pipeline(dot, p)
            }
            Arg::Var(_, id) => {
                self.at = At::Arg(first);
                let v = self.var(&id[0])?;
                if id.len() == 1 {
                    self.not_a_function(c, &final_)?;
                    return Ok(v);
                }
                self.field_chain(v, &id[1..], rest, final_)
            }
            _ => {
                self.at = At::Arg(first);
                self.not_a_function(c, &final_)?;
                match first {
                    Arg::Bool(_, b) => Ok(V::Bool(*b)),
                    Arg::Dot(_) => Ok(dot.clone()),
                    Arg::Nil(_) => Err(self.errorf("nil is not a command".into())),
                    Arg::Num(_, text, n) => self.constant(text, *n),
                    Arg::Str(_, _, s) => Ok(V::Str(s.clone())),
                    _ => Ok(V::Missing),
                }
            }
        }
    }

    fn constant(&mut self, text: &str, n: Num) -> R<V<'a>> {
        Ok(match n {
            Num::Float(f) => V::F64(f),
            Num::Big => return Err(self.errorf(format!("{text} overflows int"))),
            Num::Int(i) => {
                let float_text = !text.starts_with('\'')
                    && !text.to_ascii_lowercase().contains("0x")
                    && text.contains(['.', 'e', 'E', 'p', 'P']);
                if float_text {
                    V::F64(i as f64)
                } else {
                    V::Int(i)
                }
            }
        })
    }

    fn var(&mut self, name: &str) -> R<V<'a>> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    fn field_chain(
        &mut self,
        mut recv: V<'a>,
        id: &'t [String],
        rest: &'t [Arg],
        final_: Option<V<'a>>,
    ) -> R<V<'a>> {
        let has_args = !rest.is_empty() || final_.is_some();
        for (i, name) in id.iter().enumerate() {
            let last = i + 1 == id.len();
            recv = self.field(recv, name, last && has_args)?;
        }
        Ok(recv)
    }

    fn field(&mut self, recv: V<'a>, name: &str, has_args: bool) -> R<V<'a>> {
        let map = match &recv {
            V::Missing => {
                if self.strict {
                    return Err(
                        self.errorf(format!("nil data; no entry for key {}", go_quote(name)))
                    );
                }
                return Ok(V::Missing);
            }
            V::Boxed(Value::Null) => {
                return Err(self.errorf(format!("nil pointer evaluating interface {{}}.{name}")))
            }
            V::Boxed(Value::Object(m)) => m,
            V::Map(m) => *m,
            other => {
                return Err(self.errorf(format!(
                    "can't evaluate field {name} in type {}",
                    type_name(other)
                )))
            }
        };
        if has_args {
            return Err(self.errorf(format!("{name} is not a method but has arguments")));
        }
        match map.get(name) {
            Some(v) => Ok(V::Boxed(v)),
            None if self.strict => {
                Err(self.errorf(format!("map has no entry for key {}", go_quote(name))))
            }
            None => Ok(V::Missing),
        }
    }

    /// An argument of a function, as `evalArg` gives it for an
    /// `interface {}` or `reflect.Value` parameter.
    fn arg(&mut self, dot: &V<'a>, a: &'t Arg) -> R<V<'a>> {
        self.at = At::Arg(a);
        match a {
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Ok(V::Missing),
            Arg::Field(_, id) => self.field_chain(dot.clone(), id, &[], None),
            Arg::Var(_, id) => {
                let v = self.var(&id[0])?;
                if id.len() == 1 {
                    return Ok(v);
                }
                self.field_chain(v, &id[1..], &[], None)
            }
            Arg::Pipe(p) => self.pipeline(dot, p),
            // A function named alone as an argument is called without any.
            Arg::Ident(_, name) => self.call_with(dot, None, a, name, &[], None),
            Arg::Chain(_, node, fields) => {
                if let Arg::Nil(_) = **node {
                    return Err(self.errorf(format!("indirection through explicit nil in {a}")));
                }
                let v = self.arg(dot, node)?;
                self.field_chain(v, fields, &[], None)
            }
            Arg::Bool(_, b) => Ok(V::Bool(*b)),
            Arg::Num(_, text, n) => self.constant(text, *n),
            Arg::Str(_, _, s) => Ok(V::Str(s.clone())),
        }
    }

    fn call(
        &mut self,
        dot: &V<'a>,
        c: &'t Cmd,
        name: &'t str,
        rest: &'t [Arg],
        final_: Option<V<'a>>,
    ) -> R<V<'a>> {
        let first = c.args.first();
        match first {
            Some(f) => self.call_with(dot, Some(c), f, name, rest, final_),
            None => Ok(V::Missing),
        }
    }

    /// A string parameter (`printf`'s format, `base64decode`'s input).
    fn string_arg(&mut self, dot: &V<'a>, a: &'t Arg) -> R<String> {
        self.at = At::Arg(a);
        match a {
            Arg::Str(_, _, s) => Ok(s.clone()),
            Arg::Bool(..) | Arg::Num(..) | Arg::Nil(_) => {
                if let Arg::Nil(_) = a {
                    return Err(self.errorf("cannot assign nil to string".into()));
                }
                Err(self.errorf(format!("expected string; found {a}")))
            }
            _ => {
                let v = self.arg(dot, a)?;
                self.string_value(v)
            }
        }
    }

    fn string_value(&mut self, v: V<'a>) -> R<String> {
        match v {
            V::Missing => Err(self.errorf("invalid value; expected string".into())),
            V::Str(s) => Ok(s),
            V::Boxed(Value::String(s)) => Ok(s.clone()),
            V::Boxed(Value::Null) => {
                Err(self.errorf("wrong type for value; expected string; got interface {}".into()))
            }
            other => {
                let u = unbox(&other);
                Err(self.errorf(format!(
                    "wrong type for value; expected string; got {}",
                    type_name(&u)
                )))
            }
        }
    }

    fn call_with(
        &mut self,
        dot: &V<'a>,
        cmd: Option<&'t Cmd>,
        ident: &'t Arg,
        name: &'t str,
        args: &'t [Arg],
        final_: Option<V<'a>>,
    ) -> R<V<'a>> {
        self.at = At::Arg(ident);
        let n = args.len() + usize::from(final_.is_some());
        // (fixed parameters, variadic)
        let (fixed, variadic) = match name {
            "and" | "or" | "index" | "slice" | "eq" | "exists" | "call" | "printf" => (1, true),
            "html" | "js" | "print" | "println" | "urlquery" => (0, true),
            "not" | "len" | "base64decode" => (1, false),
            _ => (2, false),
        };
        if variadic && n < fixed {
            return Err(self.errorf(format!(
                "wrong number of args for {name}: want at least {fixed} got {}",
                args.len()
            )));
        }
        if !variadic && n != fixed {
            return Err(self.errorf(format!(
                "wrong number of args for {name}: want {fixed} got {n}"
            )));
        }
        // and/or evaluate their arguments only as far as needed.
        if name == "and" || name == "or" {
            let mut v = V::Missing;
            for a in args {
                v = self.arg(dot, a)?;
                if truth(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(f) = final_ {
                v = f;
            }
            return Ok(v);
        }
        let mut vals: Vec<V<'a>> = Vec::new();
        let mut format = String::new();
        for (i, a) in args.iter().enumerate() {
            if i == 0 && (name == "printf" || name == "base64decode") {
                format = self.string_arg(dot, a)?;
                continue;
            }
            let v = self.arg(dot, a)?;
            vals.push(v);
        }
        if let Some(f) = final_ {
            if args.is_empty() && (name == "printf" || name == "base64decode") {
                format = self.string_value(f)?;
            } else {
                vals.push(f);
            }
        }
        if let Some(c) = cmd {
            self.at = At::Cmd(c);
        }
        let result = builtin(name, &format, &vals, cmd, args);
        result.map_err(|e| self.errorf(format!("error calling {name}: {e}")))
    }
}

fn basic(v: &V<'_>) -> Option<u8> {
    Some(match v {
        V::Bool(_) => 0,
        V::Int(_) | V::I64(_) => 1,
        V::U8(_) => 2,
        V::F64(_) => 3,
        V::Str(_) => 4,
        _ => return None,
    })
}

fn num_i(v: &V<'_>) -> i64 {
    match v {
        V::Int(i) | V::I64(i) => *i,
        V::U8(u) => i64::from(*u),
        _ => 0,
    }
}

fn eq2(a: &V<'_>, b: &V<'_>) -> Result<bool, String> {
    let (ka, kb) = (basic(a), basic(b));
    if ka != kb {
        let ints = matches!((ka, kb), (Some(1), Some(2)) | (Some(2), Some(1)));
        if ints {
            return Ok(num_i(a) == num_i(b));
        }
        let valid = |v: &V<'_>| !matches!(v, V::Missing);
        if valid(a) && valid(b) {
            return Err("incompatible types for comparison".into());
        }
        return Ok(false);
    }
    Ok(match (a, b) {
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::F64(x), V::F64(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Missing, V::Missing) => true,
        (V::Arr(_) | V::Map(_), _) | (_, V::Arr(_) | V::Map(_)) => {
            return Err(format!(
                "non-comparable type {}: {}",
                fmt_arg(b, 's', &Spec::default()),
                type_name(b)
            ));
        }
        (V::Missing, _) | (_, V::Missing) => false,
        _ => num_i(a) == num_i(b),
    })
}

fn lt2(a: &V<'_>, b: &V<'_>) -> Result<bool, String> {
    let (ka, kb) = (basic(a), basic(b));
    let (Some(ka), Some(kb)) = (ka, kb) else {
        return Err("invalid type for comparison".into());
    };
    if ka != kb {
        if matches!((ka, kb), (1, 2) | (2, 1)) {
            return Ok(num_i(a) < num_i(b));
        }
        return Err("incompatible types for comparison".into());
    }
    Ok(match (a, b) {
        (V::Bool(_), _) => return Err("invalid type for comparison".into()),
        (V::F64(x), V::F64(y)) => x < y,
        (V::Str(x), V::Str(y)) => x < y,
        _ => num_i(a) < num_i(b),
    })
}

fn index_arg(v: &V<'_>, cap: usize) -> Result<usize, String> {
    let x = match v {
        V::Int(i) | V::I64(i) => *i,
        V::U8(u) => *u as i64,
        V::Missing => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                type_name(other)
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// `index ITEM I...`; `exists` is whether it gives a non-nil value.
fn index_of<'a>(first: V<'a>, ixs: &[V<'a>]) -> Result<V<'a>, String> {
    let mut item = first;
    if matches!(item, V::Missing) {
        return Err("index of untyped nil".into());
    }
    for ix in ixs {
        let ix = unbox(ix);
        item = match &item {
            V::Missing => return Err("index of nil pointer".into()),
            V::Arr(a) => {
                let i = index_arg(&ix, a.len())?;
                match a.get(i) {
                    Some(x) => unbox(&V::Boxed(x)),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            V::Str(s) => {
                let i = index_arg(&ix, s.len())?;
                match s.as_bytes().get(i) {
                    Some(b) => V::U8(*b),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            V::Map(m) => match &ix {
                V::Str(k) => m.get(k).map_or(V::Missing, |x| unbox(&V::Boxed(x))),
                V::Missing => return Err("value is nil; should be of type string".into()),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        type_name(other)
                    ))
                }
            },
            other => return Err(format!("can't index item of type {}", type_name(other))),
        };
    }
    Ok(item)
}

fn builtin<'a>(
    name: &str,
    format: &str,
    vals: &[V<'a>],
    cmd: Option<&Cmd>,
    args: &[Arg],
) -> Result<V<'a>, String> {
    let first = vals.first().map(unbox).unwrap_or(V::Missing);
    Ok(match name {
        "not" => V::Bool(!truth(&first)),
        "len" => V::Int(match &first {
            V::Str(s) => s.len() as i64,
            V::Arr(a) => a.len() as i64,
            V::Map(m) => m.len() as i64,
            V::Missing => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
            other => return Err(format!("len of type {}", type_name(other))),
        }),
        "index" => index_of(first, vals.get(1..).unwrap_or(&[]))?,
        "slice" => {
            if matches!(first, V::Missing) {
                return Err("slice of untyped nil".into());
            }
            if vals.len() > 4 {
                return Err(format!("too many slice indexes: {}", vals.len() - 1));
            }
            let len = match &first {
                V::Str(s) => {
                    if vals.len() == 4 {
                        return Err("cannot 3-index slice a string".into());
                    }
                    s.len()
                }
                V::Arr(a) => a.len(),
                other => return Err(format!("can't slice item of type {}", type_name(other))),
            };
            let mut idx = [0, len, len];
            for (i, v) in vals.iter().skip(1).enumerate() {
                idx[i] = index_arg(&unbox(v), len)?;
            }
            if idx[0] > idx[1] {
                return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
            }
            if vals.len() == 4 && idx[1] > idx[2] {
                return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
            }
            match first {
                V::Str(s) => match s.as_bytes().get(idx[0]..idx[1]) {
                    Some(b) => V::Str(String::from_utf8_lossy(b).into_owned()),
                    None => V::Str(String::new()),
                },
                V::Arr(a) => V::Arr(a.get(idx[0]..idx[1]).unwrap_or(&[])),
                _ => V::Missing,
            }
        }
        "eq" => {
            if vals.len() < 2 {
                return Err("missing argument for comparison".into());
            }
            let mut t = false;
            for b in &vals[1..] {
                if eq2(&first, &unbox(b))? {
                    t = true;
                    break;
                }
            }
            V::Bool(t)
        }
        "ne" | "lt" | "le" | "gt" | "ge" => {
            let b = vals.get(1).map(unbox).unwrap_or(V::Missing);
            V::Bool(match name {
                "ne" => !eq2(&first, &b)?,
                "lt" => lt2(&first, &b)?,
                "le" => lt2(&first, &b)? || eq2(&first, &b)?,
                "gt" => !(lt2(&first, &b)? || eq2(&first, &b)?),
                _ => !lt2(&first, &b)?,
            })
        }
        "print" => V::Str(sprint(vals)),
        "println" => {
            let mut o = String::new();
            for (i, v) in vals.iter().enumerate() {
                if i > 0 {
                    o.push(' ');
                }
                fmt_v(v, &mut o);
            }
            o.push('\n');
            V::Str(o)
        }
        "printf" => V::Str(sprintf(format, vals)),
        "html" | "js" | "urlquery" => {
            let vals: Vec<V<'a>> = vals
                .iter()
                .map(|v| match unbox(v) {
                    V::Missing => V::Str("<no value>".into()),
                    v => v,
                })
                .collect();
            let vals = vals.as_slice();
            let s = match vals {
                [one] if is_str(one) => match unbox(one) {
                    V::Str(s) => s,
                    _ => String::new(),
                },
                _ => sprint(vals),
            };
            V::Str(match name {
                "html" => html_escape(&s),
                "js" => js_escape(&s),
                _ => url_query(&s),
            })
        }
        "base64decode" => match base64_decode(format) {
            Ok(b) => V::Str(String::from_utf8_lossy(&b).into_owned()),
            Err(at) => {
                return Err(format!(
                    "base64 decode failed: illegal base64 data at input byte {at}"
                ))
            }
        },
        "exists" if vals.len() == 1 => V::Bool(true),
        "exists" => V::Bool(
            index_of(first, vals.get(1..).unwrap_or(&[])).is_ok_and(|v| !matches!(v, V::Missing)),
        ),
        "call" => {
            let what = match (cmd, args.first()) {
                (_, Some(a)) => a.to_string(),
                _ => String::new(),
            };
            return Err(match first {
                V::Missing => "call of nil".to_string(),
                other => format!("non-function {what} of type {}", type_name(&other)),
            });
        }
        _ => V::Missing,
    })
}

impl Template {
    fn tree(&self, name: &str) -> Option<&Vec<Node>> {
        self.trees.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// Runs the template over `data`. `strict` is
    /// `--allow-missing-template-keys=false` (missingkey=error). On error
    /// the output written so far comes with Go's error text.
    pub fn execute(&self, data: &Value, strict: bool) -> Result<String, (String, String)> {
        let dot = match data {
            Value::Object(m) => V::Map(m),
            other => unbox(&V::Boxed(other)),
        };
        let mut ex = Exec {
            tmpl: self,
            name: "output",
            out: String::new(),
            vars: vec![("$".into(), dot.clone())],
            at: At::None,
            strict,
            calls: 0,
            steps: 0,
        };
        let Some(root) = self.tree("output") else {
            return Ok(String::new());
        };
        match ex.walk(&dot, root) {
            Ok(()) | Err(Flow::Break | Flow::Continue) => Ok(ex.out),
            Err(Flow::Err(e)) => Err((ex.out, e)),
        }
    }
}

/// `fmt.Sprintf("%+v", obj)` of a decoded object, as kubectl's template
/// printer shows it when execution fails.
pub fn go_value(v: &Value) -> String {
    let mut o = String::new();
    fmt_v(&V::Boxed(v), &mut o);
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, data: &Value) -> String {
        match parse(t) {
            Err(e) => format!("PARSE {e}"),
            Ok(p) => match p.execute(data, false) {
                Ok(s) => s,
                Err((out, e)) => format!("{out}ERR {e}"),
            },
        }
    }

    fn deploy() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "creationTimestamp": null, "labels": {"app": "web", "tier": "x"}},
            "spec": {"replicas": 3, "ratio": 1.5, "big": 1000000.5,
                "template": {"spec": {"containers": [{"image": "nginx", "name": "nginx", "resources": {}}]}}},
            "data": {"key-name-with-dashes": "aGVsbG8=", "b": "d29ybGQ="}})
    }

    #[test]
    fn fields_and_printing() {
        let d = deploy();
        assert_eq!(run("{{.spec.replicas}} {{.kind}}", &d), "3 Deployment");
        assert_eq!(
            run("{{.nope}}|{{.nope.deeper}}", &d),
            "<no value>|<no value>"
        );
        assert_eq!(run("{{.metadata.creationTimestamp}}", &d), "<no value>");
        assert_eq!(run("{{.metadata.labels}}", &d), "map[app:web tier:x]");
        assert_eq!(
            run(
                "{{.spec.ratio}} {{.spec.big}} {{1e6}} {{100000.0}} {{-0.000001}}",
                &d
            ),
            "1.5 1.0000005e+06 1e+06 100000 -1e-06"
        );
        assert_eq!(
            run("{{.spec.template.spec.containers}}", &d),
            "[map[image:nginx name:nginx resources:map[]]]"
        );
        assert_eq!(
            run("{{'a'}} {{0x10}} {{true}} {{\"q\\tq\"}} {{`raw\\n`}}", &d),
            "97 16 true q\tq raw\\n"
        );
    }

    #[test]
    fn control_structures() {
        let d = deploy();
        assert_eq!(
            run(
                "{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}",
                &d
            ),
            "app=web;tier=x;"
        );
        assert_eq!(run("{{range .nope}}x{{else}}empty{{end}}", &d), "empty");
        assert_eq!(
            run(
                "{{range $i, $c := .spec.template.spec.containers}}{{$i}}:{{$c.image}}{{end}}",
                &d
            ),
            "0:nginx"
        );
        assert_eq!(
            run("{{if .nope}}a{{else if .kind}}b{{else}}c{{end}}", &d),
            "b"
        );
        assert_eq!(
            run(
                "{{with .metadata}}{{.name}}{{end}}{{with .nope}}x{{else with .kind}}{{.}}{{end}}",
                &d
            ),
            "webDeployment"
        );
        assert_eq!(run("{{range $k, $v := .metadata.labels}}{{if eq $k \"tier\"}}{{break}}{{end}}{{$k}}{{end}}", &d), "app");
        assert_eq!(
            run(
                "{{range .metadata.labels}}{{if eq . \"web\"}}{{continue}}{{end}}{{.}}{{end}}",
                &d
            ),
            "x"
        );
        assert_eq!(run("  {{- .kind -}}  \n x", &d), "Deploymentx");
        assert_eq!(run("a {{/* c */}} b {{- /* c */}} c", &d), "a  b c");
        assert_eq!(
            run("{{$x := .kind}}{{$x = \"y\"}}{{$x}} {{$.kind}}", &d),
            "y Deployment"
        );
        assert_eq!(
            run(
                "{{define \"n\"}}<{{.name}}>{{end}}{{template \"n\" .metadata}}",
                &d
            ),
            "<web>"
        );
        assert_eq!(
            run("{{block \"b\" .kind}}[{{.}}]{{end}}", &d),
            "[Deployment]"
        );
    }

    #[test]
    fn functions() {
        let d = deploy();
        assert_eq!(
            run("{{range $k,$v := .data}}{{\"### \"}}{{$k}}{{\"\\n\"}}{{$v|base64decode}}{{\"\\n\\n\"}}{{end}}", &d),
            "### b\nworld\n\n### key-name-with-dashes\nhello\n\n"
        );
        assert_eq!(
            run("{{index .data \"key-name-with-dashes\"}}", &d),
            "aGVsbG8="
        );
        assert_eq!(run("{{len .metadata.labels}} {{len .kind}}", &d), "2 10");
        assert_eq!(run("{{printf \"%s\\t%d|%5.2f|%-4d|%q %x %T %v\" .kind .spec.replicas 1.5 3 \"a\" 255 .spec.replicas .nope}}", &d), "Deployment\t3| 1.50|3   |\"a\" ff int64 <nil>");
        assert_eq!(
            run("{{printf \"%s %d\" .spec.replicas}}", &d),
            "%!s(int64=3) %!d(MISSING)"
        );
        assert_eq!(run("{{printf \"%d\" 1 2}}", &d), "1%!(EXTRA int=2)");
        assert_eq!(
            run("{{print 1 2 \"a\" \"b\" 3}}|{{println 1 \"a\"}}", &d),
            "1 2ab3|1 a\n"
        );
        assert_eq!(run("{{eq .spec.replicas 3}} {{ne .kind \"x\"}} {{lt 1 2}} {{ge 2 2}} {{eq .kind \"a\" \"Deployment\"}}", &d), "true true true true true");
        assert_eq!(
            run("{{and 1 0 2}} {{or 0 \"\" \"x\"}} {{not .nope}}", &d),
            "0 x true"
        );
        assert_eq!(run("{{slice .kind 1 3}} {{index .kind 0}}", &d), "ep 68");
        assert_eq!(
            run(
                "{{html \"<a&'b'>\"}} {{js \"a'b<\"}} {{urlquery \"a b&c\"}}",
                &d
            ),
            "&lt;a&amp;&#39;b&#39;&gt; a\\'b\\u003C a+b%26c"
        );
        assert_eq!(
            run("{{exists . \"metadata\" \"name\"}} {{exists . \"x\"}}", &d),
            "true false"
        );
        assert_eq!(run("{{.kind | printf \"%s!\"}}", &d), "Deployment!");
    }

    #[test]
    fn exec_errors_have_gos_wording() {
        let d = deploy();
        assert_eq!(run("{{.metadata.name.foo}}", &d), "ERR template: output:1:11: executing \"output\" at <.metadata.name.foo>: can't evaluate field foo in type interface {}");
        assert_eq!(run("{{len .nope}}", &d), "ERR template: output:1:2: executing \"output\" at <len .nope>: error calling len: reflect: call of reflect.Value.Type on zero Value");
        assert_eq!(run("{{eq .spec.replicas 3.0}}", &d), "ERR template: output:1:2: executing \"output\" at <eq .spec.replicas 3.0>: error calling eq: incompatible types for comparison");
        assert_eq!(run("{{index .spec.template.spec.containers 1}}", &d), "ERR template: output:1:2: executing \"output\" at <index .spec.template.spec.containers 1>: error calling index: reflect: slice index out of range");
        assert_eq!(run("a{{range .spec.replicas}}{{end}}", &d), "aERR template: output:1:14: executing \"output\" at <.spec.replicas>: range can't iterate over 3");
        assert_eq!(run("{{call .spec}}", &d), "ERR template: output:1:2: executing \"output\" at <call .spec>: error calling call: non-function .spec of type map[string]interface {}");
        assert_eq!(run("{{.metadata.creationTimestamp.x}}", &d), "ERR template: output:1:11: executing \"output\" at <.metadata.creationTimestamp.x>: nil pointer evaluating interface {}.x");
        assert_eq!(run("{{base64decode \"a\"}}", &d), "ERR template: output:1:2: executing \"output\" at <base64decode \"a\">: error calling base64decode: base64 decode failed: illegal base64 data at input byte 0");
        assert_eq!(run("{{template \"x\"}}", &d), "ERR template: output:1:11: executing \"output\" at <{{template \"x\"}}>: template \"x\" not defined");
        let p = parse("{{.x.y}}").unwrap();
        assert_eq!(
            p.execute(&d, true).unwrap_err().1,
            "template: output:1:4: executing \"output\" at <.x.y>: map has no entry for key \"x\""
        );
    }

    #[test]
    fn parse_errors_have_gos_wording() {
        let d = deploy();
        assert_eq!(
            run("{{.data.a}} {{.x.y}", &d),
            "PARSE template: output:1: bad character U+007D '}'"
        );
        assert_eq!(
            run("{{.a}", &d),
            "PARSE template: output:1: bad character U+007D '}'"
        );
        assert_eq!(run("{{.a | }}", &d), "<no value>");
        assert_eq!(
            run("{{.a | | .b}}", &d),
            "PARSE template: output:1: unexpected \"|\" in command"
        );
        assert_eq!(
            run("{{if .a}}", &d),
            "PARSE template: output:1: unexpected EOF"
        );
        assert_eq!(
            run("{{end}}", &d),
            "PARSE template: output:1: unexpected {{end}}"
        );
        assert_eq!(
            run("{{foo}}", &d),
            "PARSE template: output:1: function \"foo\" not defined"
        );
        assert_eq!(
            run("{{$x}}", &d),
            "PARSE template: output:1: undefined variable \"$x\""
        );
        assert_eq!(
            run("{{}}", &d),
            "PARSE template: output:1: missing value for command"
        );
        assert_eq!(
            run("{{.a | 3}}", &d),
            "PARSE template: output:1: non executable command in pipeline stage 2"
        );
        assert_eq!(
            run("{{break}}", &d),
            "PARSE template: output:1: {{break}} outside {{range}}"
        );
        assert_eq!(
            run("{{\"a\".b}}", &d),
            "PARSE template: output:1: unexpected . after term \"\\\"a\\\"\""
        );
        assert_eq!(
            run("x\n{{.a", &d),
            "PARSE template: output:2: unclosed action"
        );
    }

    #[test]
    fn malformed_templates_never_panic() {
        let pieces = [
            "{{", "}}", "{{-", "-}}", " ", ".", "$", "$x", ":=", "=", "|", "(", ")", "\"", "`",
            "'", "\\", "if", "else", "end", "range", "with", "define", "template", "block",
            "break", "continue", "nil", "true", "1", "-", "0x", "1e", ".a", ".b.c", "index",
            "slice", "printf", "\"%d\"", "len", "eq", "call", "/*", "*/", ",", "\n", "é", "\u{0}",
        ];
        let d = deploy();
        let mut seed: u64 = 7;
        for _ in 0..20000 {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            for k in 0..n {
                let r = seed.rotate_left(5 * k as u32);
                t.push_str(pieces[(r % pieces.len() as u64) as usize]);
            }
            let _ = run(&t, &d);
        }
        // Deep nesting is refused, not recursed into.
        let deep = "{{".to_string() + &"(".repeat(100_000) + "1" + &")".repeat(100_000) + "}}";
        assert!(run(&deep, &d).contains("max expression depth exceeded"));
        let ifs = "{{if 1}}".repeat(50_000);
        assert!(run(&ifs, &d).starts_with("PARSE"));
        // Deep nesting inside deep recursion stays within a 1 MiB stack
        // (the browser's), even unoptimised.
        let nested = format!(
            "{{{{define \"a\"}}}}{{{{{}1{}}}}}{{{{if 1}}}}{{{{template \"a\" .}}}}{{{{end}}}}{{{{end}}}}{{{{template \"a\" .}}}}",
            "(".repeat(98),
            ")".repeat(98),
        );
        let ifs = format!("{}x{}", "{{if 1}}".repeat(99), "{{end}}".repeat(99));
        let r = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || (run(&nested, &deploy()), run(&ifs, &deploy())))
            .map(|h| h.join());
        assert!(
            matches!(r, Ok(Ok((ref a, ref b))) if a.contains("exceeded maximum template depth") && b == "x"),
            "{r:?}"
        );
        // Endless recursion stops.
        let rec =
            "{{define \"a\"}}{{template \"a\" .}}{{template \"a\" .}}{{end}}{{template \"a\" .}}";
        assert!(run(rec, &d).contains("exceeded maximum template depth"));
    }
}
