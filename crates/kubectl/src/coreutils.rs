//! Text tools of the simulated host that kubectl one-liners pipe into:
//! `base64`, `sort`, `uniq`, `cut` and `tr`, with GNU coreutils' options,
//! output and messages for the common cases (sorting is bytewise, as in
//! the C.UTF-8 locale).

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// What a tool wrote and its exit status.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub out: String,
    pub err: String,
    pub code: i32,
}

impl Output {
    fn fail(prog: &str, msg: &str) -> Output {
        Output {
            out: String::new(),
            err: format!("{prog}: {msg}\nTry '{prog} --help' for more information.\n"),
            code: 1,
        }
    }
}

/// Splits the file operands from the options: the tool reads its input
/// from them (or stdin) through `read`.
pub type Reader<'a> = dyn FnMut(&[String]) -> Result<String, Output> + 'a;

fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Decodes what it can; `false` when the input was not valid base64.
fn b64_decode(text: &str, ignore_garbage: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut quad: Vec<u32> = Vec::with_capacity(4);
    let mut ended = false;
    for c in text.bytes() {
        if c == b'\n' || c == b'\r' {
            continue;
        }
        let v = match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        };
        if c == b'=' {
            // Padding ends a group of four.
            match quad.len() {
                2 => {
                    let n = (quad[0] << 18) | (quad[1] << 12);
                    out.push((n >> 16) as u8);
                    quad.clear();
                    ended = true;
                }
                3 => {
                    let n = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6);
                    out.push((n >> 16) as u8);
                    out.push((n >> 8) as u8);
                    quad.clear();
                    ended = true;
                }
                0 if ended => {}
                _ => return (out, false),
            }
            continue;
        }
        let Some(v) = v else {
            if ignore_garbage {
                continue;
            }
            return (out, false);
        };
        ended = false;
        quad.push(v);
        if quad.len() == 4 {
            let n = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
            quad.clear();
        }
    }
    match quad.len() {
        0 => (out, true),
        1 => (out, false),
        _ => {
            // Unpadded tail: GNU writes the bytes it holds, then fails.
            let mut n = 0u32;
            for (i, v) in quad.iter().enumerate() {
                n |= v << (18 - 6 * i as u32);
            }
            out.push((n >> 16) as u8);
            if quad.len() == 3 {
                out.push((n >> 8) as u8);
            }
            (out, false)
        }
    }
}

/// `base64 [-d] [-i] [-w COLS] [FILE]`.
pub fn base64(args: &[String], read: &mut Reader<'_>) -> Output {
    let (mut decode, mut ignore, mut wrap) = (false, false, 76usize);
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let wrap_value = if a == "-w" || a == "--wrap" {
            i += 1;
            match args.get(i) {
                Some(v) => Some(v.clone()),
                None => {
                    let msg = if a == "-w" {
                        "option requires an argument -- 'w'".to_string()
                    } else {
                        "option '--wrap' requires an argument".to_string()
                    };
                    return Output::fail("base64", &msg);
                }
            }
        } else if let Some(v) = a.strip_prefix("--wrap=") {
            Some(v.to_string())
        } else {
            a.strip_prefix("-w").map(str::to_string)
        };
        if let Some(v) = wrap_value {
            match v.parse::<usize>() {
                Ok(n) => wrap = n,
                Err(_) => {
                    return Output {
                        err: format!("base64: invalid wrap size: ‘{v}’\n"),
                        code: 1,
                        ..Output::default()
                    }
                }
            }
        } else if a == "--decode" {
            decode = true;
        } else if a == "--ignore-garbage" {
            ignore = true;
        } else if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            for c in a[1..].chars() {
                match c {
                    'd' => decode = true,
                    'i' => ignore = true,
                    other => {
                        return Output::fail("base64", &format!("invalid option -- '{other}'"))
                    }
                }
            }
        } else if a.starts_with("--") {
            return Output::fail("base64", &format!("unrecognized option '{a}'"));
        } else {
            files.push(args[i].clone());
        }
        i += 1;
    }
    if files.len() > 1 {
        return Output::fail("base64", &format!("extra operand ‘{}’", files[1]));
    }
    let text = match read(&files) {
        Ok(t) => t,
        Err(o) => return o,
    };
    if decode {
        let (bytes, ok) = b64_decode(&text, ignore);
        return Output {
            out: String::from_utf8_lossy(&bytes).into_owned(),
            err: if ok {
                String::new()
            } else {
                "base64: invalid input\n".to_string()
            },
            code: i32::from(!ok),
        };
    }
    let enc = b64_encode(text.as_bytes());
    let mut out = String::new();
    if wrap == 0 {
        out.push_str(&enc);
    } else {
        for (n, ch) in enc.chars().enumerate() {
            if n > 0 && n % wrap == 0 {
                out.push('\n');
            }
            out.push(ch);
        }
        if !enc.is_empty() {
            out.push('\n');
        }
    }
    Output {
        out,
        ..Output::default()
    }
}

/// The lines of a text, without their newlines.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l))
        .collect()
}

/// The value of an option given as `-kN`, `-k N`, `--key=N` or `--key N`;
/// advances `i` past a separate value.
fn opt_value(
    args: &[String],
    i: &mut usize,
    short: char,
    long: &str,
) -> Option<Result<String, String>> {
    let a = args[*i].as_str();
    let s = format!("-{short}");
    let l = format!("--{long}");
    if a == s || a == l {
        *i += 1;
        return Some(args.get(*i).cloned().ok_or_else(|| {
            if a == s {
                format!("option requires an argument -- '{short}'")
            } else {
                format!("option '{l}' requires an argument")
            }
        }));
    }
    if let Some(v) = a.strip_prefix(&format!("{l}=")) {
        return Some(Ok(v.to_string()));
    }
    a.strip_prefix(&s).map(|v| Ok(v.to_string()))
}

/// The leading number of a sort key (`sort -n`): digits with an optional
/// sign and decimal point; text without one counts as zero.
fn numeric_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || c == '.' || (i == 0 && c == '-') {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    t[..end].parse().unwrap_or(0.0)
}

/// `sort [-r] [-n] [-u] [-t SEP] [-k N[,M]] [FILE...]`.
pub fn sort(args: &[String], read: &mut Reader<'_>) -> Output {
    let (mut reverse, mut numeric, mut unique) = (false, false, false);
    let mut sep: Option<char> = None;
    let mut key: Option<(usize, Option<usize>)> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if let Some(v) = opt_value(args, &mut i, 'k', "key") {
            let v = match v {
                Ok(v) => v,
                Err(e) => return Output::fail("sort", &e),
            };
            let (from, to) = match v.split_once(',') {
                Some((f, t)) => (f, Some(t)),
                None => (v.as_str(), None),
            };
            let num = |s: &str| {
                s.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .split('.')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n > 0)
            };
            let Some(f) = num(from) else {
                return Output {
                    err: format!(
                        "sort: invalid number at field start: invalid count at start of ‘{v}’\n"
                    ),
                    code: 2,
                    ..Output::default()
                };
            };
            if from.contains('n') {
                numeric = true;
            }
            key = Some((f, to.and_then(num)));
        } else if let Some(v) = opt_value(args, &mut i, 't', "field-separator") {
            match v {
                Ok(v) => {
                    let mut cs = v.chars();
                    match (cs.next(), cs.next()) {
                        (Some(c), None) => sep = Some(c),
                        _ => {
                            return Output {
                                err: format!("sort: multi-character tab ‘{v}’\n"),
                                code: 2,
                                ..Output::default()
                            }
                        }
                    }
                }
                Err(e) => {
                    let mut o = Output::fail("sort", &e);
                    o.code = 2;
                    return o;
                }
            }
        } else {
            let a = args[i].as_str();
            match a {
                "--reverse" => reverse = true,
                "--numeric-sort" => numeric = true,
                "--unique" => unique = true,
                _ if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") => {
                    for c in a[1..].chars() {
                        match c {
                            'r' => reverse = true,
                            'n' | 'h' | 'g' => numeric = true,
                            'u' => unique = true,
                            'f' | 'b' | 'V' | 's' => {}
                            other => {
                                let mut o =
                                    Output::fail("sort", &format!("invalid option -- '{other}'"));
                                o.code = 2;
                                return o;
                            }
                        }
                    }
                }
                _ => files.push(args[i].clone()),
            }
        }
        i += 1;
    }
    let text = match read(&files) {
        Ok(t) => t,
        Err(mut o) => {
            o.code = 2;
            return o;
        }
    };
    let all = lines(&text);
    let key_of = |line: &str| -> String {
        let Some((from, to)) = key else {
            return line.to_string();
        };
        // Byte spans of the fields; without -t a field is its leading
        // blanks and the non-blanks after them, as in GNU sort.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        match sep {
            Some(c) => {
                let mut start = 0;
                for (i, ch) in line.char_indices() {
                    if ch == c {
                        spans.push((start, i));
                        start = i + ch.len_utf8();
                    }
                }
                spans.push((start, line.len()));
            }
            None => {
                let b = line.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    let start = i;
                    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                        i += 1;
                    }
                    while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
                        i += 1;
                    }
                    spans.push((start, i));
                }
            }
        }
        let Some(&(start, _)) = spans.get(from - 1) else {
            return String::new();
        };
        let end = match to {
            Some(t) => spans.get(t.max(from) - 1).map_or(line.len(), |s| s.1),
            None => line.len(),
        };
        line.get(start..end).unwrap_or("").to_string()
    };
    let mut keyed: Vec<(String, &str)> = all.iter().map(|l| (key_of(l), *l)).collect();
    cluster::sort::by(&mut keyed, |a, b| {
        let primary = if numeric {
            numeric_prefix(&a.0)
                .partial_cmp(&numeric_prefix(&b.0))
                .unwrap_or(std::cmp::Ordering::Equal)
        } else {
            a.0.as_bytes().cmp(b.0.as_bytes())
        };
        // GNU's last resort: the whole line, bytewise.
        let ord = primary.then_with(|| a.1.as_bytes().cmp(b.1.as_bytes()));
        if reverse {
            ord.reverse()
        } else {
            ord
        }
    });
    if unique {
        keyed.dedup_by(|b, a| {
            if numeric {
                numeric_prefix(&a.0) == numeric_prefix(&b.0)
            } else {
                a.0 == b.0
            }
        });
    }
    let mut out = String::new();
    for (_, l) in keyed {
        out.push_str(l);
        out.push('\n');
    }
    Output {
        out,
        ..Output::default()
    }
}

/// `uniq [-c] [-d] [-u] [FILE]`.
pub fn uniq(args: &[String], read: &mut Reader<'_>) -> Output {
    let (mut count, mut dups, mut singles) = (false, false, false);
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--count" => count = true,
            "--repeated" => dups = true,
            "--unique" => singles = true,
            s if s.len() > 1 && s.starts_with('-') && !s.starts_with("--") => {
                for c in s[1..].chars() {
                    match c {
                        'c' => count = true,
                        'd' => dups = true,
                        'u' => singles = true,
                        other => {
                            return Output::fail("uniq", &format!("invalid option -- '{other}'"))
                        }
                    }
                }
            }
            _ => files.push(a.clone()),
        }
    }
    // A second operand is uniq's output file; the host has no writable disk.
    files.truncate(1);
    let text = match read(&files) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for l in lines(&text) {
        match groups.last_mut() {
            Some((last, n)) if *last == l => *n += 1,
            _ => groups.push((l, 1)),
        }
    }
    let mut out = String::new();
    for (l, n) in groups {
        if (dups && n < 2) || (singles && n > 1) {
            continue;
        }
        if count {
            out.push_str(&format!("{n:7} "));
        }
        out.push_str(l);
        out.push('\n');
    }
    Output {
        out,
        ..Output::default()
    }
}

/// A cut LIST: `N`, `N-M`, `N-`, `-M`, separated by commas.
fn parse_list(list: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    for part in list.split(',') {
        let num = |s: &str| -> Result<Option<usize>, String> {
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<usize>() {
                Ok(0) => Err("fields are numbered from 1".to_string()),
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(format!("invalid field value ‘{s}’")),
            }
        };
        let (from, to) = match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a.is_none() && b.is_none() {
                    return Err("invalid range with no endpoint: -".to_string());
                }
                (a.unwrap_or(1), b.unwrap_or(usize::MAX))
            }
            None => match num(part)? {
                Some(n) => (n, n),
                None => return Err("fields are numbered from 1".to_string()),
            },
        };
        if to < from {
            return Err("invalid decreasing range".to_string());
        }
        out.push((from, to));
    }
    Ok(out)
}

fn in_list(list: &[(usize, usize)], n: usize) -> bool {
    list.iter().any(|(a, b)| (*a..=*b).contains(&n))
}

/// `cut -d DELIM -f LIST [-s]`, `cut -c LIST` / `-b LIST`.
pub fn cut(args: &[String], read: &mut Reader<'_>) -> Output {
    let mut delim = '\t';
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut only_delimited = false;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if let Some(v) = opt_value(args, &mut i, 'd', "delimiter") {
            match v {
                Ok(v) => {
                    let mut cs = v.chars();
                    match (cs.next(), cs.next()) {
                        (Some(c), None) => delim = c,
                        _ => {
                            return Output::fail("cut", "the delimiter must be a single character")
                        }
                    }
                }
                Err(e) => return Output::fail("cut", &e),
            }
        } else if let Some(v) = opt_value(args, &mut i, 'f', "fields") {
            match v {
                Ok(v) => fields = Some(v),
                Err(e) => return Output::fail("cut", &e),
            }
        } else if let Some(v) = opt_value(args, &mut i, 'c', "characters")
            .or_else(|| opt_value(args, &mut i, 'b', "bytes"))
        {
            match v {
                Ok(v) => chars = Some(v),
                Err(e) => return Output::fail("cut", &e),
            }
        } else if args[i] == "-s" || args[i] == "--only-delimited" {
            only_delimited = true;
        } else if args[i].len() > 1 && args[i].starts_with('-') {
            return Output::fail("cut", &format!("invalid option -- '{}'", &args[i][1..]));
        } else {
            files.push(args[i].clone());
        }
        i += 1;
    }
    let (list, by_field) = match (fields, chars) {
        (Some(_), Some(_)) => return Output::fail("cut", "only one type of list may be specified"),
        (Some(f), None) => (f, true),
        (None, Some(c)) => (c, false),
        (None, None) => {
            return Output::fail(
                "cut",
                "you must specify a list of bytes, characters, or fields",
            )
        }
    };
    let list = match parse_list(&list) {
        Ok(l) => l,
        Err(e) => return Output::fail("cut", &e),
    };
    let text = match read(&files) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = String::new();
    for line in lines(&text) {
        if by_field {
            if !line.contains(delim) {
                if !only_delimited {
                    out.push_str(line);
                    out.push('\n');
                }
                continue;
            }
            let picked: Vec<&str> = line
                .split(delim)
                .enumerate()
                .filter(|(n, _)| in_list(&list, n + 1))
                .map(|(_, f)| f)
                .collect();
            out.push_str(&picked.join(&delim.to_string()));
        } else {
            let picked: String = line
                .chars()
                .enumerate()
                .filter(|(n, _)| in_list(&list, n + 1))
                .map(|(_, c)| c)
                .collect();
            out.push_str(&picked);
        }
        out.push('\n');
    }
    Output {
        out,
        ..Output::default()
    }
}

/// A tr SET: ranges `a-z`, classes `[:upper:]`, escapes `\n` `\t` `\\`.
fn tr_set(spec: &str) -> Vec<char> {
    let mut out = Vec::new();
    let cs: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let rest: String = cs[i..].iter().collect();
        if let Some(class) = rest.strip_prefix("[:").and_then(|r| r.split_once(":]")) {
            let members: Vec<char> = match class.0 {
                "upper" => ('A'..='Z').collect(),
                "lower" => ('a'..='z').collect(),
                "digit" => ('0'..='9').collect(),
                "alpha" => ('A'..='Z').chain('a'..='z').collect(),
                "alnum" => ('0'..='9').chain('A'..='Z').chain('a'..='z').collect(),
                "space" => vec!['\t', '\n', '\u{b}', '\u{c}', '\r', ' '],
                "blank" => vec!['\t', ' '],
                "punct" => (33u8..=126)
                    .map(char::from)
                    .filter(|c| c.is_ascii_punctuation())
                    .collect(),
                _ => Vec::new(),
            };
            if !members.is_empty() {
                out.extend(members);
                i += class.0.chars().count() + 4;
                continue;
            }
        }
        let (c, width) = if cs[i] == '\\' && i + 1 < cs.len() {
            let e = match cs[i + 1] {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                other => other,
            };
            (e, 2)
        } else {
            (cs[i], 1)
        };
        if cs.get(i + width) == Some(&'-') && i + width + 1 < cs.len() {
            let end = cs[i + width + 1];
            if end >= c {
                out.extend(c..=end);
            }
            i += width + 2;
            continue;
        }
        out.push(c);
        i += width;
    }
    out
}

/// `tr [-d] [-s] SET1 [SET2]`, reading stdin only, as GNU tr does.
pub fn tr(args: &[String], read: &mut Reader<'_>) -> Output {
    let (mut delete, mut squeeze) = (false, false);
    let mut sets: Vec<String> = Vec::new();
    for a in args {
        match a.as_str() {
            "--delete" => delete = true,
            "--squeeze-repeats" => squeeze = true,
            s if s.len() > 1 && s.starts_with('-') && sets.is_empty() => {
                for c in s[1..].chars() {
                    match c {
                        'd' => delete = true,
                        's' => squeeze = true,
                        other => {
                            return Output::fail("tr", &format!("invalid option -- '{other}'"))
                        }
                    }
                }
            }
            _ => sets.push(a.clone()),
        }
    }
    let need = if (delete && !squeeze) || (squeeze && !delete && sets.len() < 2) {
        1
    } else {
        2
    };
    if sets.is_empty() {
        return Output::fail("tr", "missing operand");
    }
    if sets.len() < need {
        return Output {
            err: format!(
                "tr: missing operand after ‘{}’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n",
                sets[0]
            ),
            code: 1,
            ..Output::default()
        };
    }
    if sets.len() > need {
        let msg = if delete && need == 1 {
            format!(
                "extra operand ‘{}’\nOnly one string may be given when deleting without squeezing repeats.",
                sets[need]
            )
        } else {
            format!("extra operand ‘{}’", sets[need])
        };
        return Output::fail("tr", &msg);
    }
    let text = match read(&[]) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let set1 = tr_set(&sets[0]);
    let set2 = sets.get(1).map(|s| tr_set(s)).unwrap_or_default();
    let mut out = String::new();
    let squeeze_set: &[char] = if sets.len() == 2 { &set2 } else { &set1 };
    let mut last: Option<char> = None;
    for c in text.chars() {
        let mapped = if delete {
            if set1.contains(&c) {
                continue;
            }
            c
        } else if sets.len() == 2 {
            match set1.iter().rposition(|x| *x == c) {
                Some(p) => set2.get(p).or_else(|| set2.last()).copied().unwrap_or(c),
                None => c,
            }
        } else {
            c
        };
        if squeeze && last == Some(mapped) && squeeze_set.contains(&mapped) {
            continue;
        }
        last = Some(mapped);
        out.push(mapped);
    }
    Output {
        out,
        ..Output::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&[String], &mut Reader<'_>) -> Output, args: &[&str], input: &str) -> Output {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let input = input.to_string();
        f(&args, &mut |_files: &[String]| Ok(input.clone()))
    }

    #[test]
    fn base64_round_trip_and_wrapping() {
        assert_eq!(run(base64, &[], "s33msi4").out, "czMzbXNpNA==\n");
        assert_eq!(run(base64, &["-w0"], "s33msi4").out, "czMzbXNpNA==");
        assert_eq!(run(base64, &["-w", "4"], "abcdef").out, "YWJj\nZGVm\n");
        assert_eq!(run(base64, &["-d"], "czMzbXNpNA==\n").out, "s33msi4");
        let bad = run(base64, &["--decode"], "!!!");
        assert_eq!((bad.err.as_str(), bad.code), ("base64: invalid input\n", 1));
        let unpadded = run(base64, &["-d"], "aGk\n");
        assert_eq!((unpadded.out.as_str(), unpadded.code), ("hi", 1));
        assert_eq!(run(base64, &[], "").out, "");
    }

    #[test]
    fn sort_uniq_cut_tr() {
        assert_eq!(run(sort, &[], "b\nB\na\n10\n9\n").out, "10\n9\nB\na\nb\n");
        assert_eq!(run(sort, &["-n"], "10\n9\n").out, "9\n10\n");
        assert_eq!(
            run(sort, &["-k2", "-r"], "x 1\ny 3\nz 2\n").out,
            "y 3\nz 2\nx 1\n"
        );
        assert_eq!(
            run(uniq, &["-c"], "a\na\nb\n").out,
            "      2 a\n      1 b\n"
        );
        assert_eq!(run(cut, &["-d:", "-f2-"], "a:b:c\nabc\n").out, "b:c\nabc\n");
        assert_eq!(run(cut, &["-c2-4,6"], "abcdef\n").out, "bcdf\n");
        assert_eq!(run(tr, &["a-z", "A-Z"], "hello\n").out, "HELLO\n");
        assert_eq!(run(tr, &["-d", "l"], "hello\n").out, "heo\n");
        assert_eq!(run(tr, &["-s", " "], "a  b\n").out, "a b\n");
        assert_eq!(run(tr, &["a"], "").code, 1);
    }
}
