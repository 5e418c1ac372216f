//! The shell's lexer: words with quotes, backslash escapes and `$VAR`
//! expansions, operators (`|`, `&&`, `||`, `;`, newline), redirections and
//! heredocs. It also answers "is this input complete?" for the interactive
//! terminal (an open quote, a trailing `\`, `|` or `&&`, or a heredoc whose
//! terminator has not arrived all ask for more lines).

/// A piece of a word: literal text or a variable to expand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text taken as is. `quoted` is true inside quotes (or escaped), where a
    /// `*` is not a pattern.
    Lit { text: String, quoted: bool },
    /// `$NAME`, `${NAME}`, `$?`; `quoted` inside double quotes (no splitting).
    Var { name: String, quoted: bool },
    /// `$(command)`: replaced by the command's output.
    Cmd { text: String, quoted: bool },
    /// `<(command)`: replaced by the name of a file holding its output.
    Proc { text: String },
}

/// One shell word as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    fn push_lit(&mut self, c: char, quoted: bool) {
        if let Some(Part::Lit { text, quoted: q }) = self.parts.last_mut() {
            if *q == quoted {
                text.push(c);
                return;
            }
        }
        self.parts.push(Part::Lit {
            text: c.to_string(),
            quoted,
        });
    }
    /// The word's literal text if it has no variables (for heredoc
    /// delimiters and `2>`-style descriptors).
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit { text, .. } => out.push_str(text),
                Part::Var { .. } | Part::Cmd { .. } | Part::Proc { .. } => return None,
            }
        }
        Some(out)
    }
    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(|p| match p {
            Part::Lit { quoted, .. } | Part::Var { quoted, .. } | Part::Cmd { quoted, .. } => {
                *quoted
            }
            Part::Proc { .. } => false,
        })
    }
    /// True for a bare `NAME=...` assignment word.
    pub fn assignment(&self) -> Option<(String, Word)> {
        let Some(Part::Lit {
            text,
            quoted: false,
        }) = self.parts.first()
        else {
            return None;
        };
        let (name, rest) = text.split_once('=')?;
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !valid {
            return None;
        }
        let mut value = Word::default();
        if !rest.is_empty() {
            value.parts.push(Part::Lit {
                text: rest.to_string(),
                quoted: false,
            });
        }
        value.parts.extend(self.parts[1..].iter().cloned());
        Some((name.to_string(), value))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Pipe,
    And,
    Or,
    Semi,
    Newline,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redir {
    /// `<<EOF ... EOF`: the body, and whether `$VAR`s in it expand (they do
    /// unless the delimiter was quoted).
    Heredoc { body: String, expand: bool },
    /// `<<< word`
    HereString(Word),
    /// `< file`
    In(Word),
    /// `> file`, `>> file` (`append`), `2> file`
    Out { fd: u8, target: Word, append: bool },
    /// `2>&1`, `>&2`
    Dup { fd: u8, to: u8 },
    /// `&> file`
    Both(Word),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    Word(Word),
    Op(Op),
    Redir(Redir),
}

/// Why the input is not complete yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Open {
    /// An unclosed `'` or `"`.
    Quote(char),
    /// A trailing `\`, `|`, `&&` or `||`.
    Continuation,
    /// A heredoc whose delimiter line has not come.
    Heredoc(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lexed {
    Complete(Vec<Tok>),
    Incomplete(Open),
    /// A syntax error, in bash's words (without the `bash: ` prefix).
    Error(String),
}

struct PendingDoc {
    delim: String,
    strip_tabs: bool,
    expand: bool,
    /// Index of the placeholder token to fill with the body.
    tok: usize,
    /// The line (from 1) of the `<<` operator.
    line: usize,
}

/// Lexes `input`. With `at_eof`, input that ends inside a heredoc takes the
/// rest as its body (as bash does at the end of a script, with a warning),
/// instead of asking for more.
pub fn lex(input: &str, at_eof: bool) -> Lexed {
    let chars: Vec<char> = input.chars().collect();
    let mut lx = Lexer {
        input,
        chars: &chars,
        i: 0,
        toks: Vec::new(),
        word: None,
        docs: Vec::new(),
    };
    match lx.run(at_eof) {
        Ok(()) => {}
        Err(Lexed::Incomplete(Open::Quote(q))) if at_eof => {
            return Lexed::Error(format!(
                "unexpected EOF while looking for matching `{q}'\nbash: syntax error: unexpected end of file"
            ));
        }
        Err(Lexed::Incomplete(Open::Continuation)) if at_eof => {
            // A `\` (or `${`) cut off by the end of the input.
            lx.finish_word();
        }
        Err(r) => return r,
    }
    if !lx.docs.is_empty() {
        if at_eof {
            for d in std::mem::take(&mut lx.docs) {
                lx.toks[d.tok] = Tok::Redir(Redir::Heredoc {
                    body: String::new(),
                    expand: d.expand,
                });
            }
        } else {
            return Lexed::Incomplete(Open::Heredoc(lx.docs[0].delim.clone()));
        }
    }
    let last = lx.toks.iter().rev().find(|t| **t != Tok::Op(Op::Newline));
    if matches!(last, Some(Tok::Op(Op::Pipe | Op::And | Op::Or))) {
        if at_eof {
            return Lexed::Error("syntax error: unexpected end of file".to_string());
        }
        return Lexed::Incomplete(Open::Continuation);
    }
    Lexed::Complete(lx.toks)
}

struct Lexer<'a> {
    /// The text `chars` holds, for copying heredoc bodies in one piece.
    input: &'a str,
    chars: &'a [char],
    i: usize,
    toks: Vec<Tok>,
    word: Option<Word>,
    docs: Vec<PendingDoc>,
}

impl Lexer<'_> {
    /// The index of the `)` that closes a `(` opened just before `start`
    /// (`$(...)`, `<(...)`), skipping quoted text and escapes; `None` when
    /// the input ends first.
    fn closing_paren(&self, start: usize) -> Option<usize> {
        let mut j = start;
        let mut depth = 1;
        let mut quote: Option<char> = None;
        while let Some(&c) = self.chars.get(j) {
            match quote {
                Some(q) if c == q => quote = None,
                Some('"') if c == '\\' => j += 1,
                Some(_) => {}
                None => match c {
                    '\'' | '"' => quote = Some(c),
                    '\\' => j += 1,
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j);
                        }
                    }
                    _ => {}
                },
            }
            j += 1;
        }
        None
    }

    fn peek(&self, off: usize) -> Option<char> {
        self.chars.get(self.i + off).copied()
    }
    fn word(&mut self) -> &mut Word {
        self.word.get_or_insert_with(Word::default)
    }
    fn finish_word(&mut self) {
        if let Some(w) = self.word.take() {
            self.toks.push(Tok::Word(w));
        }
    }

    fn run(&mut self, at_eof: bool) -> Result<(), Lexed> {
        while let Some(c) = self.peek(0) {
            match c {
                '\n' => {
                    self.finish_word();
                    self.toks.push(Tok::Op(Op::Newline));
                    self.i += 1;
                    self.read_heredoc_bodies(at_eof)?;
                }
                ' ' | '\t' | '\r' => {
                    self.finish_word();
                    self.i += 1;
                }
                '#' if self.word.is_none() => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                }
                '\\' => match self.peek(1) {
                    Some('\n') => self.i += 2,
                    Some(n) => {
                        self.word().push_lit(n, true);
                        self.i += 2;
                    }
                    None => return Err(Lexed::Incomplete(Open::Continuation)),
                },
                '\'' => {
                    self.i += 1;
                    let w = self.word();
                    w.parts.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    loop {
                        match self.peek(0) {
                            None => return Err(Lexed::Incomplete(Open::Quote('\''))),
                            Some('\'') => {
                                self.i += 1;
                                break;
                            }
                            Some(ch) => {
                                self.word().push_lit(ch, true);
                                self.i += 1;
                            }
                        }
                    }
                }
                '"' => {
                    self.i += 1;
                    self.word().parts.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    loop {
                        match self.peek(0) {
                            None => return Err(Lexed::Incomplete(Open::Quote('"'))),
                            Some('"') => {
                                self.i += 1;
                                break;
                            }
                            Some('\\') => match self.peek(1) {
                                Some('\n') => self.i += 2,
                                Some(n @ ('$' | '`' | '"' | '\\')) => {
                                    self.word().push_lit(n, true);
                                    self.i += 2;
                                }
                                Some(_) => {
                                    self.word().push_lit('\\', true);
                                    self.i += 1;
                                }
                                None => return Err(Lexed::Incomplete(Open::Quote('"'))),
                            },
                            Some('$') => self.dollar(true)?,
                            Some(ch) => {
                                self.word().push_lit(ch, true);
                                self.i += 1;
                            }
                        }
                    }
                }
                '$' => self.dollar(false)?,
                '|' => {
                    self.finish_word();
                    if self.peek(1) == Some('|') {
                        self.toks.push(Tok::Op(Op::Or));
                        self.i += 2;
                    } else {
                        self.toks.push(Tok::Op(Op::Pipe));
                        self.i += 1;
                    }
                }
                '&' => {
                    self.finish_word();
                    match self.peek(1) {
                        Some('&') => {
                            self.toks.push(Tok::Op(Op::And));
                            self.i += 2;
                        }
                        Some('>') => {
                            self.i += 2;
                            let target = self.redir_target()?;
                            self.toks.push(Tok::Redir(Redir::Both(target)));
                        }
                        _ => {
                            // Background jobs run in the foreground here.
                            self.toks.push(Tok::Op(Op::Semi));
                            self.i += 1;
                        }
                    }
                }
                ';' => {
                    self.finish_word();
                    if self.peek(1) == Some(';') {
                        return Err(Lexed::Error(
                            "syntax error near unexpected token `;;'".into(),
                        ));
                    }
                    self.toks.push(Tok::Op(Op::Semi));
                    self.i += 1;
                }
                '(' | ')' => {
                    return Err(Lexed::Error(format!(
                        "syntax error near unexpected token `{c}'"
                    )));
                }
                '`' => {
                    return Err(Lexed::Error(
                        "command substitution with backquotes is not supported in this shell"
                            .into(),
                    ));
                }
                '<' if self.peek(1) == Some('(') => {
                    // Process substitution: up to the matching `)`.
                    let start = self.i + 2;
                    let Some(j) = self.closing_paren(start) else {
                        return Err(Lexed::Incomplete(Open::Continuation));
                    };
                    let text: String = self.chars[start..j].iter().collect();
                    self.i = j + 1;
                    self.word().parts.push(Part::Proc { text });
                }
                '<' => {
                    self.finish_word();
                    if self.peek(1) == Some('<') && self.peek(2) == Some('<') {
                        self.i += 3;
                        let w = self.redir_target()?;
                        self.toks.push(Tok::Redir(Redir::HereString(w)));
                    } else if self.peek(1) == Some('<') {
                        self.i += 2;
                        let strip_tabs = self.peek(0) == Some('-');
                        if strip_tabs {
                            self.i += 1;
                        }
                        let w = self.redir_target()?;
                        let expand = !w.is_quoted();
                        let delim = w.literal().unwrap_or_default();
                        let line = 1 + self.chars[..self.i.min(self.chars.len())]
                            .iter()
                            .filter(|&&c| c == '\n')
                            .count();
                        self.docs.push(PendingDoc {
                            delim,
                            strip_tabs,
                            expand,
                            tok: self.toks.len(),
                            line,
                        });
                        self.toks.push(Tok::Redir(Redir::Heredoc {
                            body: String::new(),
                            expand,
                        }));
                    } else {
                        self.i += 1;
                        let w = self.redir_target()?;
                        self.toks.push(Tok::Redir(Redir::In(w)));
                    }
                }
                '>' => {
                    let mut fd = 1u8;
                    if let Some(w) = &self.word {
                        if let Some(l) = w.literal() {
                            if !w.is_quoted() && (l == "1" || l == "2") {
                                fd = if l == "2" { 2 } else { 1 };
                                self.word = None;
                            }
                        }
                    }
                    self.finish_word();
                    self.i += 1;
                    let append = self.peek(0) == Some('>');
                    if append {
                        self.i += 1;
                    }
                    if self.peek(0) == Some('&') {
                        self.i += 1;
                        match self.peek(0) {
                            Some(d @ ('1' | '2')) => {
                                self.i += 1;
                                let to = if d == '2' { 2 } else { 1 };
                                self.toks.push(Tok::Redir(Redir::Dup { fd, to }));
                            }
                            _ => {
                                let target = self.redir_target()?;
                                self.toks.push(Tok::Redir(Redir::Both(target)));
                            }
                        }
                    } else {
                        let target = self.redir_target()?;
                        self.toks
                            .push(Tok::Redir(Redir::Out { fd, target, append }));
                    }
                }
                _ => {
                    self.word().push_lit(c, false);
                    self.i += 1;
                }
            }
        }
        self.finish_word();
        Ok(())
    }

    /// After `$`: a variable reference, or a literal `$`.
    fn dollar(&mut self, quoted: bool) -> Result<(), Lexed> {
        self.i += 1;
        match self.peek(0) {
            Some('{') => {
                let start = self.i + 1;
                let mut j = start;
                while j < self.chars.len() && self.chars[j] != '}' {
                    j += 1;
                }
                if j >= self.chars.len() {
                    return Err(Lexed::Incomplete(Open::Continuation));
                }
                let name: String = self.chars[start..j].iter().collect();
                let ok = !name.is_empty()
                    && (name == "?" || name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                if !ok {
                    return Err(Lexed::Error(format!("${{{name}}}: bad substitution")));
                }
                self.i = j + 1;
                self.word().parts.push(Part::Var { name, quoted });
            }
            Some('(') if self.peek(1) == Some('(') => {
                return Err(Lexed::Error(
                    "arithmetic expansion $((...)) is not supported in this shell".into(),
                ));
            }
            Some('(') => {
                // Up to the matching `)`, skipping quoted text.
                let start = self.i + 1;
                let Some(j) = self.closing_paren(start) else {
                    return Err(Lexed::Incomplete(Open::Continuation));
                };
                let text: String = self.chars[start..j].iter().collect();
                self.i = j + 1;
                self.word().parts.push(Part::Cmd { text, quoted });
                return Ok(());
            }
            Some(c @ ('?' | '$' | '#' | '0'..='9')) => {
                self.i += 1;
                self.word().parts.push(Part::Var {
                    name: c.to_string(),
                    quoted,
                });
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self
                    .peek(0)
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    name.push(c);
                    self.i += 1;
                }
                self.word().parts.push(Part::Var { name, quoted });
            }
            _ => self.word().push_lit('$', quoted),
        }
        Ok(())
    }

    /// The word after a redirection operator.
    fn redir_target(&mut self) -> Result<Word, Lexed> {
        while matches!(self.peek(0), Some(' ' | '\t')) {
            self.i += 1;
        }
        let before = self.toks.len();
        let saved = self.word.take();
        // Lex exactly one word: stop at the first blank or operator.
        let mut w = Word::default();
        loop {
            match self.peek(0) {
                None | Some(' ' | '\t' | '\n' | '\r' | '|' | '&' | ';' | '<' | '>' | '(' | ')') => {
                    break
                }
                Some('\'') => {
                    self.i += 1;
                    w.parts.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    loop {
                        match self.peek(0) {
                            None => return Err(Lexed::Incomplete(Open::Quote('\''))),
                            Some('\'') => {
                                self.i += 1;
                                break;
                            }
                            Some(c) => {
                                w.push_lit(c, true);
                                self.i += 1;
                            }
                        }
                    }
                }
                Some('"') => {
                    self.i += 1;
                    w.parts.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    loop {
                        match self.peek(0) {
                            None => return Err(Lexed::Incomplete(Open::Quote('"'))),
                            Some('"') => {
                                self.i += 1;
                                break;
                            }
                            Some('\\') if matches!(self.peek(1), Some('$' | '`' | '"' | '\\')) => {
                                w.push_lit(self.chars[self.i + 1], true);
                                self.i += 2;
                            }
                            Some('$') => {
                                self.word = Some(std::mem::take(&mut w));
                                self.dollar(true)?;
                                w = self.word.take().unwrap_or_default();
                            }
                            Some(c) => {
                                w.push_lit(c, true);
                                self.i += 1;
                            }
                        }
                    }
                }
                Some('\\') => match self.peek(1) {
                    Some('\n') => self.i += 2,
                    Some(c) => {
                        w.push_lit(c, true);
                        self.i += 2;
                    }
                    None => return Err(Lexed::Incomplete(Open::Continuation)),
                },
                Some('$') => {
                    self.word = Some(std::mem::take(&mut w));
                    self.dollar(false)?;
                    w = self.word.take().unwrap_or_default();
                }
                Some(c) => {
                    w.push_lit(c, false);
                    self.i += 1;
                }
            }
        }
        self.word = saved;
        debug_assert_eq!(before, self.toks.len());
        if w.parts.is_empty() {
            let near = match self.peek(0) {
                None | Some('\n') => "newline".to_string(),
                Some(c) => c.to_string(),
            };
            return Err(Lexed::Error(format!(
                "syntax error near unexpected token `{near}'"
            )));
        }
        Ok(w)
    }

    /// At the start of a line: the bodies of heredocs opened on the line
    /// before, in order.
    fn read_heredoc_bodies(&mut self, at_eof: bool) -> Result<(), Lexed> {
        let docs = std::mem::take(&mut self.docs);
        // The byte offset of `self.i` in `input`, kept along the lines.
        let mut byte: usize = self.chars[..self.i].iter().map(|c| c.len_utf8()).sum();
        for (n, d) in docs.iter().enumerate() {
            let mut body = String::new();
            loop {
                if self.i >= self.chars.len() {
                    if at_eof {
                        break;
                    }
                    // Keep the rest pending so the caller asks for more.
                    self.docs = docs.into_iter().skip(n).collect();
                    return Err(Lexed::Incomplete(Open::Heredoc(self.docs[0].delim.clone())));
                }
                let (mut start, mut start_byte) = (self.i, byte);
                while self.i < self.chars.len() && self.chars[self.i] != '\n' {
                    byte += self.chars[self.i].len_utf8();
                    self.i += 1;
                }
                let (line_end, end_byte) = (self.i, byte);
                let had_newline = self.i < self.chars.len();
                if had_newline {
                    self.i += 1;
                    byte += 1;
                }
                if d.strip_tabs {
                    while start < line_end && self.chars[start] == '\t' {
                        start += 1;
                        start_byte += 1;
                    }
                }
                // The line is copied once, into the body, unless it is the
                // delimiter (compared without the `\r` of a CRLF line).
                let line = &self.chars[start..line_end];
                let cmp = line.strip_suffix(&['\r']).unwrap_or(line);
                if cmp.len() == d.delim.chars().count() && cmp.iter().copied().eq(d.delim.chars()) {
                    break;
                }
                match self.input.get(start_byte..end_byte) {
                    Some(text) => body.push_str(text),
                    None => body.extend(line),
                }
                body.push('\n');
                if !had_newline && !at_eof {
                    self.docs = docs.into_iter().skip(n).collect();
                    return Err(Lexed::Incomplete(Open::Heredoc(self.docs[0].delim.clone())));
                }
            }
            self.toks[d.tok] = Tok::Redir(Redir::Heredoc {
                body,
                expand: d.expand,
            });
        }
        Ok(())
    }
}

/// Expands `$VAR`, `${VAR}` and `\$`-style escapes in an unquoted heredoc
/// body.
pub fn expand_heredoc(body: &str, var: &dyn Fn(&str) -> String) -> String {
    if !body.contains(['\\', '$']) {
        return body.to_string();
    }
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            match chars.get(i + 1) {
                Some(&n @ ('$' | '`' | '\\')) => {
                    out.push(n);
                    i += 2;
                }
                Some('\n') => i += 2,
                _ => {
                    out.push('\\');
                    i += 1;
                }
            }
        } else if c == '$' {
            match chars.get(i + 1) {
                Some('{') => {
                    if let Some(end) = chars[i + 2..].iter().position(|&c| c == '}') {
                        let name: String = chars[i + 2..i + 2 + end].iter().collect();
                        out.push_str(&var(&name));
                        i += end + 3;
                    } else {
                        out.push('$');
                        i += 1;
                    }
                }
                Some(&n) if n.is_ascii_alphabetic() || n == '_' => {
                    let mut j = i + 1;
                    while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                        j += 1;
                    }
                    let name: String = chars[i + 1..j].iter().collect();
                    out.push_str(&var(&name));
                    i = j;
                }
                Some(&n @ ('?' | '0'..='9')) => {
                    out.push_str(&var(&n.to_string()));
                    i += 2;
                }
                _ => {
                    out.push('$');
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The longest command the shell reads (a line, or the lines of one
/// command with its heredoc bodies): 1 MiB, the size limit of a ConfigMap
/// or Secret. Longer input is refused before it is lexed; reading a
/// manifest this size takes about 0.2 s natively (BENCHMARKS.md, "Input
/// limits").
pub const MAX_COMMAND_BYTES: usize = 1 << 20;

/// The error for a command longer than [`MAX_COMMAND_BYTES`].
pub fn too_long(len: usize) -> String {
    format!(
        "input of {len} bytes is too long: commands are limited to {MAX_COMMAND_BYTES} bytes (1 MiB)"
    )
}

/// A heredoc that the end of `input` leaves open: the line (from 1) of its
/// `<<` operator and its delimiter, for bash's warning at the end of a
/// script: `here-document at line N delimited by end-of-file (wanted
/// `EOF')`.
pub fn unterminated_heredoc(input: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = input.chars().collect();
    let mut lx = Lexer {
        input,
        chars: &chars,
        i: 0,
        toks: Vec::new(),
        word: None,
        docs: Vec::new(),
    };
    match lx.run(false) {
        Err(Lexed::Incomplete(Open::Heredoc(_))) => {
            lx.docs.first().map(|d| (d.line, d.delim.clone()))
        }
        _ => None,
    }
}

/// bash's warning for [`unterminated_heredoc`] (stderr, before the command
/// runs).
pub fn heredoc_eof_warning(line: usize, delim: &str) -> String {
    format!(
        "bash: warning: here-document at line {line} delimited by end-of-file (wanted `{delim}')\n"
    )
}

/// Whether a line fed while the heredoc `delim` is open cannot end it (so
/// the command stays incomplete without lexing it all again).
pub fn cannot_end_heredoc(line: &str, delim: &str) -> bool {
    let l = line.strip_suffix('\r').unwrap_or(line);
    l != delim && l.trim_start_matches('\t') != delim
}

/// A word as bash shows it in an error when it has characters that do not
/// print (a binary paste): ANSI-C quoting, `$'\001\002x'`, with `\E` for
/// ESC and the usual letter escapes; other words as they are.
pub fn bash_quote_nonprintable(word: &str) -> String {
    if !word.chars().any(char::is_control) {
        return word.to_string();
    }
    let mut out = String::from("$'");
    for c in word.chars() {
        match c {
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            '\x1b' => out.push_str("\\E"),
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Whether `line`, fed while `open` is open, leaves it open for certain, so
/// the accumulated text need not be lexed again (a pasted manifest or an
/// unmatched quote followed by many lines stays linear): a heredoc body
/// line that is not its delimiter, or a line without the quote character
/// inside an open quote.
pub fn stays_open(open: &Open, line: &str) -> bool {
    match open {
        Open::Heredoc(d) => cannot_end_heredoc(line, d),
        Open::Quote(q) => !line.contains(*q),
        Open::Continuation => false,
    }
}

/// True when `input` forms complete commands (nothing open).
pub fn is_complete(input: &str) -> bool {
    !matches!(lex(input, false), Lexed::Incomplete(_))
}

/// Splits a script into the units an interactive shell would run one by
/// one: each unit is complete (its heredoc bodies and continuation lines
/// included) and is returned as typed, without the final newline.
pub fn split_script(script: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut acc: Vec<&str> = Vec::new();
    let mut open: Option<Open> = None;
    for line in script.split('\n') {
        acc.push(line);
        if open.as_ref().is_some_and(|o| stays_open(o, line)) {
            continue;
        }
        let text = acc.join("\n");
        match lex(&text, false) {
            Lexed::Incomplete(o) => open = Some(o),
            _ => {
                units.push(text);
                acc.clear();
                open = None;
            }
        }
    }
    if !acc.is_empty() {
        let mut text = acc.join("\n");
        while text.ends_with('\n') {
            text.pop();
        }
        if !text.is_empty() {
            units.push(text);
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<String> {
        match lex(input, true) {
            Lexed::Complete(toks) => toks
                .into_iter()
                .map(|t| match t {
                    Tok::Word(w) => w
                        .parts
                        .iter()
                        .map(|p| match p {
                            Part::Lit { text, .. } => text.clone(),
                            Part::Var { name, .. } => format!("<{name}>"),
                            Part::Cmd { text, .. } => format!("$({text})"),
                            Part::Proc { text } => format!("<({text})"),
                        })
                        .collect(),
                    Tok::Op(op) => format!("{op:?}"),
                    Tok::Redir(r) => format!("{r:?}"),
                })
                .collect(),
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            words(r#"echo 'a b' "c d" e\ f"#),
            ["echo", "a b", "c d", "e f"]
        );
        assert_eq!(
            words(r#"echo "x\"y" 'it''s' "\$HOME" "\q""#),
            ["echo", "x\"y", "its", "$HOME", "\\q"]
        );
        assert_eq!(words("echo ''"), ["echo", ""]);
        assert_eq!(
            words("curl -w '%{http_code}\\n'"),
            ["curl", "-w", "%{http_code}\\n"]
        );
    }

    #[test]
    fn variables() {
        assert_eq!(
            words("echo $A ${B}c \"$C d\" '$D' $? $ x$"),
            ["echo", "<A>", "<B>c", "<C> d", "$D", "<?>", "$", "x$"]
        );
        assert!(matches!(lex("echo ${a b}", true), Lexed::Error(_)));
    }

    #[test]
    fn operators_and_comments() {
        assert_eq!(
            words("a && b || c; d | e # comment"),
            ["a", "And", "b", "Or", "c", "Semi", "d", "Pipe", "e"]
        );
        assert_eq!(words("a#b #c"), ["a#b"]);
        assert_eq!(words("# only\n"), ["Newline"]);
    }

    #[test]
    fn continuation_lines() {
        assert_eq!(
            lex("kubectl get \\", false),
            Lexed::Incomplete(Open::Continuation)
        );
        assert_eq!(words("kubectl get \\\n  pods"), ["kubectl", "get", "pods"]);
        assert_eq!(lex("a |", false), Lexed::Incomplete(Open::Continuation));
        assert_eq!(lex("a &&\n", false), Lexed::Incomplete(Open::Continuation));
        assert_eq!(
            lex("echo 'abc", false),
            Lexed::Incomplete(Open::Quote('\''))
        );
        assert_eq!(
            lex("echo \"abc\n", false),
            Lexed::Incomplete(Open::Quote('"'))
        );
        assert_eq!(words("echo 'a\nb'"), ["echo", "a\nb"]);
    }

    #[test]
    fn heredocs() {
        let body = |s: &str| match lex(s, false) {
            Lexed::Complete(t) => t
                .into_iter()
                .find_map(|t| match t {
                    Tok::Redir(Redir::Heredoc { body, expand }) => Some((body, expand)),
                    _ => None,
                })
                .unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            lex("kubectl apply -f - <<EOF", false),
            Lexed::Incomplete(Open::Heredoc("EOF".into()))
        );
        assert_eq!(
            lex("cat <<EOF\nkind: Pod\n", false),
            Lexed::Incomplete(Open::Heredoc("EOF".into()))
        );
        assert_eq!(
            body("cat <<EOF\nkind: Pod\nEOF"),
            ("kind: Pod\n".to_string(), true)
        );
        assert_eq!(body("cat <<'EOF'\n$x\nEOF\n"), ("$x\n".to_string(), false));
        assert_eq!(body("cat <<\"END\"\na\nEND"), ("a\n".to_string(), false));
        assert_eq!(
            body("cat <<-EOF\n\t\tindented\n\tEOF"),
            ("indented\n".to_string(), true)
        );
        assert_eq!(
            body("cat <<EOF | kubectl apply -f -\na: b\nEOF"),
            ("a: b\n".to_string(), true)
        );
        assert_eq!(body("cat <<EOF\nEOF"), (String::new(), true));
        // A heredoc line that merely contains the delimiter does not end it.
        assert_eq!(
            body("cat <<EOF\n EOF\nEOFX\nEOF"),
            (" EOF\nEOFX\n".to_string(), true)
        );
        // At the end of a script a missing delimiter ends the body.
        assert!(matches!(lex("cat <<EOF\na", true), Lexed::Complete(_)));
        // Bodies are copied from the text by byte offsets: past multi-byte
        // characters before and inside them, stripped tabs and CRLF lines.
        assert_eq!(
            body("echo 한글 <<-EOF\n\t\t값: 😀\r\n\tEOF\r\n"),
            ("값: 😀\r\n".to_string(), true)
        );
    }

    #[test]
    fn redirections() {
        assert_eq!(
            words("a > /dev/null 2>&1 < f"),
            [
                "a",
                "Out { fd: 1, target: Word { parts: [Lit { text: \"/dev/null\", quoted: false }] }, append: false }",
                "Dup { fd: 2, to: 1 }",
                "In(Word { parts: [Lit { text: \"f\", quoted: false }] })"
            ]
        );
        assert_eq!(
            words("echo x >> ~/.bashrc"),
            [
                "echo",
                "x",
                "Out { fd: 1, target: Word { parts: [Lit { text: \"~/.bashrc\", quoted: false }] }, append: true }",
            ]
        );
        // Process substitution is one word part, run when expanded.
        assert_eq!(
            words("source <(kubectl completion bash)"),
            ["source", "<(kubectl completion bash)"]
        );
        assert!(matches!(lex("a >", true), Lexed::Error(e) if e.contains("newline")));
    }

    #[test]
    fn expands_heredoc_bodies() {
        let var = |n: &str| {
            if n == "X" {
                "1".to_string()
            } else {
                String::new()
            }
        };
        assert_eq!(
            expand_heredoc("a $X ${X}b \\$X $Y.\n", &var),
            "a 1 1b $X .\n"
        );
    }

    #[test]
    fn splits_scripts_into_units() {
        let script = "# c\nkubectl get pods\ncat <<EOF | kubectl apply -f -\nkind: Pod\n\nEOF\necho a \\\n  b\n\n";
        assert_eq!(
            split_script(script),
            [
                "# c",
                "kubectl get pods",
                "cat <<EOF | kubectl apply -f -\nkind: Pod\n\nEOF",
                "echo a \\\n  b",
                "",
                ""
            ]
        );
        assert_eq!(split_script("echo 'open\n"), ["echo 'open"]);
    }

    #[test]
    fn random_input_never_panics() {
        let alphabet: Vec<char> = "ab $\\'\"|&;<>-\n\t#{}()`=EOF2*".chars().collect();
        let mut state = 0x1234_5678_9abc_def0u64;
        for _ in 0..3000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let _ = lex(&s, false);
            assert!(!matches!(lex(&s, true), Lexed::Incomplete(_)), "{s:?}");
            let units = split_script(&s);
            assert!(s.starts_with(&units.join("\n")), "{s:?}");
        }
    }

    #[test]
    fn heredocs_left_open_at_the_end_of_a_script() {
        assert_eq!(
            unterminated_heredoc("echo a\ncat <<EOF\nbody\n"),
            Some((2, "EOF".to_string()))
        );
        assert_eq!(
            unterminated_heredoc("cat <<'X' <<-Y\nbody\nX\n"),
            Some((1, "Y".to_string()))
        );
        assert_eq!(unterminated_heredoc("cat <<EOF\nbody\nEOF\n"), None);
        assert_eq!(unterminated_heredoc("echo 'open"), None);
        assert_eq!(
            heredoc_eof_warning(7, "EOF"),
            "bash: warning: here-document at line 7 delimited by end-of-file (wanted `EOF')\n"
        );
        // Only a line equal to the delimiter (tabs stripped, a CR allowed)
        // can end a body.
        assert!(cannot_end_heredoc("EOFx", "EOF"));
        assert!(!cannot_end_heredoc("EOF\r", "EOF"));
        assert!(!cannot_end_heredoc("\t\tEOF", "EOF"));
        // A long body is one unit, split as before.
        let body = "x: 1\n".repeat(5000);
        let units = split_script(&format!("cat <<EOF\n{body}EOF\necho done\n"));
        assert_eq!(units[0], format!("cat <<EOF\n{body}EOF"));
        assert_eq!(units[1], "echo done");
        // So is a long paste after an unmatched quote.
        let lines = "x\n".repeat(20000);
        let units = split_script(&format!("echo 'it\n{lines}'\necho done"));
        assert_eq!(units[0], format!("echo 'it\n{lines}'"));
        assert!(stays_open(&Open::Quote('\''), "no quote here"));
        assert!(!stays_open(&Open::Quote('"'), "a \" here"));
        assert!(!stays_open(&Open::Continuation, "x"));
    }

    #[test]
    fn bash_quotes_binary_words() {
        assert_eq!(bash_quote_nonprintable("kubectl"), "kubectl");
        assert_eq!(bash_quote_nonprintable("\u{1}\u{2}x"), "$'\\001\\002x'");
        assert_eq!(bash_quote_nonprintable("\u{1b}[31mred"), "$'\\E[31mred'");
        assert_eq!(bash_quote_nonprintable("a\tb'\u{7f}"), "$'a\\tb\\'\\177'");
        assert_eq!(bash_quote_nonprintable("é\u{85}"), "$'é\\302\\205'");
    }
}
