//! A small backtracking regular-expression matcher for the PCRE subset
//! Ingress paths and rewrite targets use in nginx `location ~*` blocks and
//! `rewrite` directives: literals, `.`, classes (`[a-z]`, `[^/]`, `\d`,
//! `\w`, `\s`), groups (capturing and `(?:...)`), alternation, anchors
//! `^`/`$`, the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy), and
//! the `(?i)` flag. A step budget keeps hostile patterns from hanging the
//! simulation: running out of steps is "no match".

use std::cell::Cell;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<Node>>, Option<usize>),
    Repeat(Box<Node>, u32, u32, bool),
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Regex {
    alts: Vec<Vec<Node>>,
    groups: usize,
    icase: bool,
}

/// Capture spans (byte offsets into the char vector), group 0 first.
pub(crate) type Captures = Vec<Option<(usize, usize)>>;

const MAX_STEPS: usize = 200_000;
/// Longer paths are not matched (keeps the recursion shallow, also on wasm).
const MAX_TEXT: usize = 1_024;

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    groups: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn alts(&mut self, depth: usize) -> Result<Vec<Vec<Node>>, String> {
        if depth > 32 {
            return Err("nested too deeply".into());
        }
        let mut alts = vec![self.seq(depth)?];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.seq(depth)?);
        }
        Ok(alts)
    }
    fn seq(&mut self, depth: usize) -> Result<Vec<Node>, String> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            out.push(self.quantified(atom)?);
        }
        Ok(out)
    }
    fn number(&mut self) -> Option<u32> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.s[start..self.i]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }
    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, u32::MAX),
            Some('+') => (1, u32::MAX),
            Some('?') => (0, 1),
            Some('{') => {
                let save = self.i;
                self.i += 1;
                let Some(min) = self.number() else {
                    self.i = save;
                    return Ok(atom);
                };
                let max = if self.peek() == Some(',') {
                    self.i += 1;
                    self.number().unwrap_or(u32::MAX)
                } else {
                    min
                };
                if self.peek() != Some('}') || max < min {
                    self.i = save;
                    return Ok(atom);
                }
                (min.min(1000), max)
            }
            _ => return Ok(atom),
        };
        // The quantifier's last character (`*`, `+`, `?` or `}`).
        self.i += 1;
        if matches!(atom, Node::Start | Node::End) {
            return Err("nothing to repeat".into());
        }
        let greedy = if self.peek() == Some('?') {
            self.i += 1;
            false
        } else {
            if self.peek() == Some('+') {
                self.i += 1;
            }
            true
        };
        Ok(Node::Repeat(Box::new(atom), min, max, greedy))
    }
    fn escape(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("trailing backslash")?;
        self.i += 1;
        let digits = vec![('0', '9')];
        let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        let space = vec![(' ', ' '), ('\t', '\r')];
        Ok(match c {
            'd' => Node::Class(digits, false),
            'D' => Node::Class(digits, true),
            'w' => Node::Class(word, false),
            'W' => Node::Class(word, true),
            's' => Node::Class(space, false),
            'S' => Node::Class(space, true),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            c => Node::Char(c),
        })
    }
    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end")?;
        self.i += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => self.escape()?,
            '(' => {
                let capture = if self.s[self.i..].starts_with(&['?', ':']) {
                    self.i += 2;
                    None
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let alts = self.alts(depth + 1)?;
                if self.peek() != Some(')') {
                    return Err("missing )".into());
                }
                self.i += 1;
                Node::Group(alts, capture)
            }
            '[' => {
                let neg = self.peek() == Some('^');
                if neg {
                    self.i += 1;
                }
                let mut ranges = Vec::new();
                let mut first = true;
                loop {
                    let c = self.peek().ok_or("missing ]")?;
                    self.i += 1;
                    if c == ']' && !first {
                        break;
                    }
                    first = false;
                    let lo = if c == '\\' {
                        match self.escape()? {
                            Node::Char(c) => c,
                            Node::Class(r, false) => {
                                ranges.extend(r);
                                continue;
                            }
                            _ => continue,
                        }
                    } else {
                        c
                    };
                    if self.peek() == Some('-') && self.s.get(self.i + 1).is_some_and(|c| *c != ']')
                    {
                        let hi = self.s[self.i + 1];
                        self.i += 2;
                        ranges.push((lo, hi));
                    } else {
                        ranges.push((lo, lo));
                    }
                }
                Node::Class(ranges, neg)
            }
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            c => Node::Char(c),
        })
    }
}

impl Regex {
    /// Compiles `pattern` (PCRE syntax; a leading `(?i)` makes it
    /// case-insensitive, as does `icase`).
    pub(crate) fn new(pattern: &str, icase: bool) -> Result<Regex, String> {
        let (pattern, icase) = match pattern.strip_prefix("(?i)") {
            Some(rest) => (rest, true),
            None => (pattern, icase),
        };
        let chars: Vec<char> = pattern.chars().collect();
        let mut p = Parser {
            s: &chars,
            i: 0,
            groups: 0,
        };
        let alts = p.alts(0)?;
        if p.i != chars.len() {
            return Err("unmatched )".into());
        }
        Ok(Regex {
            alts,
            groups: p.groups,
            icase,
        })
    }

    /// The first match anywhere in `text` (leftmost, then by the pattern's
    /// preference), with its captures as substrings.
    pub(crate) fn captures(&self, text: &str) -> Option<Vec<Option<String>>> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_TEXT {
            return None;
        }
        let m = Matcher {
            text: &chars,
            icase: self.icase,
            steps: Cell::new(0),
        };
        let top = Node::Group(self.alts.clone(), Some(0));
        for start in 0..=chars.len() {
            let mut caps: Captures = vec![None; self.groups + 1];
            let mut found = None;
            if m.node(&top, start, &mut caps, &mut |_, c| {
                found = Some(c.clone());
                true
            }) {
                let caps = found.unwrap_or_default();
                return Some(
                    caps.iter()
                        .map(|s| s.map(|(a, b)| chars[a..b].iter().collect()))
                        .collect(),
                );
            }
            if m.steps.get() > MAX_STEPS {
                return None;
            }
        }
        None
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.captures(text).is_some()
    }
}

struct Matcher<'a> {
    text: &'a [char],
    icase: bool,
    steps: Cell<usize>,
}

type Cont<'k> = dyn FnMut(usize, &mut Captures) -> bool + 'k;

impl Matcher<'_> {
    fn eq(&self, a: char, b: char) -> bool {
        a == b || (self.icase && a.to_lowercase().eq(b.to_lowercase()))
    }
    fn in_class(&self, c: char, ranges: &[(char, char)], neg: bool) -> bool {
        let hit = |c: char| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
        let found =
            hit(c) || (self.icase && (hit(c.to_ascii_lowercase()) || hit(c.to_ascii_uppercase())));
        found != neg
    }
    fn seq(&self, seq: &[Node], pos: usize, caps: &mut Captures, k: &mut Cont<'_>) -> bool {
        match seq.split_first() {
            None => k(pos, caps),
            Some((n, rest)) => self.node(n, pos, caps, &mut |p, c| self.seq(rest, p, c, k)),
        }
    }
    fn node(&self, n: &Node, pos: usize, caps: &mut Captures, k: &mut Cont<'_>) -> bool {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MAX_STEPS {
            return false;
        }
        let at = self.text.get(pos).copied();
        match n {
            Node::Char(c) => at.is_some_and(|a| self.eq(a, *c)) && k(pos + 1, caps),
            Node::Any => at.is_some_and(|a| a != '\n') && k(pos + 1, caps),
            Node::Class(r, neg) => {
                at.is_some_and(|a| self.in_class(a, r, *neg)) && k(pos + 1, caps)
            }
            Node::Start => pos == 0 && k(pos, caps),
            Node::End => {
                (pos == self.text.len() || (pos + 1 == self.text.len() && at == Some('\n')))
                    && k(pos, caps)
            }
            Node::Group(alts, idx) => {
                for alt in alts {
                    let saved = caps.clone();
                    let hit = self.seq(alt, pos, caps, &mut |p, c| {
                        let Some(i) = *idx else {
                            return k(p, c);
                        };
                        let old = c.get(i).copied().flatten();
                        if let Some(slot) = c.get_mut(i) {
                            *slot = Some((pos, p));
                        }
                        if k(p, c) {
                            return true;
                        }
                        if let Some(slot) = c.get_mut(i) {
                            *slot = old;
                        }
                        false
                    });
                    if hit {
                        return true;
                    }
                    *caps = saved;
                }
                false
            }
            Node::Repeat(inner, min, max, greedy) => {
                self.repeat(inner, *min, *max, *greedy, 0, pos, caps, k)
            }
        }
    }
    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        n: &Node,
        min: u32,
        max: u32,
        greedy: bool,
        count: u32,
        pos: usize,
        caps: &mut Captures,
        k: &mut Cont<'_>,
    ) -> bool {
        if self.steps.get() > MAX_STEPS {
            return false;
        }
        if count < min {
            return self.node(n, pos, caps, &mut |p, c| {
                self.repeat(n, min, max, greedy, count + 1, p, c, k)
            });
        }
        let more = |caps: &mut Captures, k: &mut Cont<'_>| {
            count < max
                && self.node(n, pos, caps, &mut |p, c| {
                    p != pos && self.repeat(n, min, max, greedy, count + 1, p, c, k)
                })
        };
        // Greedy: one more repetition before the rest; lazy: the rest first.
        if greedy {
            if more(caps, k) {
                return true;
            }
            return k(pos, caps);
        }
        if k(pos, caps) {
            return true;
        }
        more(caps, k)
    }
}

/// nginx's `rewrite` replacement: `$1`..`$9` become the captures.
pub(crate) fn expand(replacement: &str, caps: &[Option<String>]) -> String {
    let mut out = String::new();
    let mut it = replacement.chars().peekable();
    while let Some(c) = it.next() {
        if c == '$' {
            if let Some(d) = it.peek().and_then(|d| d.to_digit(10)) {
                it.next();
                if let Some(Some(s)) = caps.get(d as usize) {
                    out.push_str(s);
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(p: &str, t: &str) -> Option<Vec<Option<String>>> {
        Regex::new(p, false).unwrap().captures(t)
    }

    #[test]
    fn the_rewrite_docs_pattern() {
        let re = "(?i)/something(/|$)(.*)";
        for (path, want) in [
            ("/something", "/"),
            ("/something/", "/"),
            ("/something/new", "/new"),
            ("/SOMETHING/new", "/new"),
        ] {
            let c = caps(re, path).unwrap();
            assert_eq!(expand("/$2", &c), want, "{path}");
        }
        assert!(caps("^/something(/|$)(.*)", "/somethingelse").is_none());
    }

    #[test]
    fn classes_quantifiers_and_anchors() {
        assert!(Regex::new("^/api/v[0-9]+/", false)
            .unwrap()
            .is_match("/api/v12/x"));
        assert!(!Regex::new("^/api/v[0-9]+/", false)
            .unwrap()
            .is_match("/api/v/x"));
        assert!(Regex::new("^/a{2,3}$", false).unwrap().is_match("/aaa"));
        assert!(!Regex::new("^/a{2,3}$", false).unwrap().is_match("/aaaa"));
        assert!(Regex::new("^/[^/]+/x", false).unwrap().is_match("/abc/x"));
        assert!(Regex::new("^/(?:a|b)c", false).unwrap().is_match("/bc"));
        assert_eq!(caps("(a+?)(a*)", "aaa").unwrap()[1].as_deref(), Some("a"));
        assert!(Regex::new("(", false).is_err());
        assert!(Regex::new("*a", false).is_err());
        assert!(Regex::new("a)", false).is_err());
    }

    #[test]
    fn hostile_patterns_end() {
        let re = Regex::new("^(a*)*b$", false).unwrap();
        assert!(!re.is_match(&"a".repeat(40)));
        assert!(!re.is_match(&"a".repeat(10_000)));
        assert!(Regex::new("^/a", false)
            .unwrap()
            .is_match(&format!("/a{}", "b".repeat(1_000))));
    }
}
