//! A flag parser with pflag's rules and words (what cobra-based kubectl
//! uses): `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`,
//! grouped boolean shorthands (`-it`), `--` ending the flags, flags and
//! arguments interleaved. The flags a command accepts are read from the
//! `Options:` section of its help text, so the help a user reads and the
//! flags the parser takes cannot drift apart.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Str,
    Int,
    /// `[]` in help: comma-separated values, repeatable (pflag StringSlice).
    Slice,
    /// Repeatable, no comma splitting (pflag StringArray).
    Array,
    Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub long: String,
    pub short: Option<char>,
    pub kind: Kind,
    pub default: String,
    /// The value a flag gets when given without `=value` (pflag's
    /// NoOptDefVal), e.g. `--dry-run` means `--dry-run=unchanged`.
    pub no_opt: Option<&'static str>,
}

/// Flags whose values are not split at commas.
const ARRAY_FLAGS: &[&str] = &[
    "env",
    "annotations",
    "as-group",
    "rule",
    "annotation",
    "from-literal",
];

/// Reads flag specs from the `Options:` (or global options) lines of a help
/// text: `    -c, --container='':`, `    --tail=-1:`.
pub fn specs_from_help(help: &str) -> Vec<Spec> {
    let mut out = Vec::new();
    for line in help.lines() {
        let Some(rest) = line.strip_prefix("    -") else {
            continue;
        };
        let Some(rest) = rest.strip_suffix(':') else {
            continue;
        };
        let (short, rest) = match rest.strip_prefix('-') {
            Some(long) => (None, long),
            None => {
                let mut cs = rest.chars();
                let s = cs.next();
                let tail = cs.as_str();
                match tail.strip_prefix(", --") {
                    Some(long) => (s, long),
                    None => continue,
                }
            }
        };
        let Some((long, default)) = rest.split_once('=') else {
            continue;
        };
        let kind = if default == "false" || default == "true" {
            Kind::Bool
        } else if default == "[]" {
            if ARRAY_FLAGS.contains(&long) {
                Kind::Array
            } else {
                Kind::Slice
            }
        } else if default.starts_with('\'') || default.is_empty() {
            Kind::Str
        } else if default.parse::<i64>().is_ok() {
            Kind::Int
        } else {
            Kind::Duration
        };
        let default = default.trim_matches('\'').to_string();
        let no_opt = match long {
            "dry-run" => Some("unchanged"),
            "validate" => Some("strict"),
            "cascade" => Some("background"),
            _ => None,
        };
        out.push(Spec {
            long: long.to_string(),
            short,
            kind,
            default,
            no_opt,
        });
    }
    out
}

/// Parsed flags and arguments.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Values given on the command line, by long name, in order.
    pub values: cluster::sort::VecMap<String, Vec<String>>,
    pub args: Vec<String>,
    /// How many arguments came before `--` (cobra's ArgsLenAtDash).
    pub dash_at: Option<usize>,
    pub help: bool,
    specs: Vec<Spec>,
}

impl Parsed {
    fn spec(&self, long: &str) -> Option<&Spec> {
        self.specs.iter().find(|s| s.long == long)
    }
    pub fn has(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }
    /// A string flag's value (its default when not given).
    pub fn str(&self, long: &str) -> String {
        match self.values.get(long).and_then(|v| v.last()) {
            Some(v) => v.clone(),
            None => self
                .spec(long)
                .map(|s| s.default.clone())
                .unwrap_or_default(),
        }
    }
    pub fn bool(&self, long: &str) -> bool {
        self.str(long) == "true"
    }
    pub fn int(&self, long: &str) -> i64 {
        parse_go_int(&self.str(long)).unwrap_or(0)
    }
    /// All values of a repeatable flag (split at commas for slices).
    pub fn list(&self, long: &str) -> Vec<String> {
        self.values.get(long).cloned().unwrap_or_default()
    }
}

/// A flag error, in pflag's words (kubectl prefixes `error: ` and adds
/// `See 'kubectl <cmd> --help' for usage.`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagError(pub String);

/// Parses `args` against `specs` (the command's and the global flags).
pub fn parse(args: &[String], specs: &[Spec]) -> Result<Parsed, FlagError> {
    let mut p = Parsed {
        specs: specs.to_vec(),
        ..Parsed::default()
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.dash_at = Some(p.args.len());
            p.args.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
                return Err(FlagError(format!("bad flag syntax: {a}")));
            }
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if name == "help" {
                p.help = match &inline {
                    Some(v) => parse_bool(v).map_err(|e| invalid(v, "-h, --help", &e))?,
                    None => true,
                };
                continue;
            }
            let Some(spec) = specs.iter().find(|s| s.long == name) else {
                return Err(FlagError(format!("unknown flag: --{name}")));
            };
            let value = match inline {
                Some(v) => v,
                None if spec.kind == Kind::Bool => "true".to_string(),
                None if spec.no_opt.is_some() => spec.no_opt.unwrap_or_default().to_string(),
                None => match args.get(i) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => return Err(FlagError(format!("flag needs an argument: --{name}"))),
                },
            };
            set(&mut p, spec, value)?;
        } else if a.len() > 1 && a.starts_with('-') {
            let shorts: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                if c == 'h' {
                    p.help = true;
                    continue;
                }
                let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                    return Err(FlagError(format!("unknown shorthand flag: '{c}' in {a}")));
                };
                let rest: String = shorts[j..].iter().collect();
                let value = if let Some(v) = rest.strip_prefix('=') {
                    j = shorts.len();
                    v.to_string()
                } else if spec.kind == Kind::Bool {
                    "true".to_string()
                } else if spec.no_opt.is_some() {
                    spec.no_opt.unwrap_or_default().to_string()
                } else if !rest.is_empty() {
                    j = shorts.len();
                    rest
                } else {
                    match args.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => {
                            return Err(FlagError(format!("flag needs an argument: '{c}' in {a}")))
                        }
                    }
                };
                set(&mut p, spec, value)?;
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

fn display_name(spec: &Spec) -> String {
    match spec.short {
        Some(c) => format!("-{c}, --{}", spec.long),
        None => format!("--{}", spec.long),
    }
}

fn invalid(value: &str, name: &str, why: &str) -> FlagError {
    FlagError(format!(
        "invalid argument \"{value}\" for \"{name}\" flag: {why}"
    ))
}

fn set(p: &mut Parsed, spec: &Spec, value: String) -> Result<(), FlagError> {
    let entry = p.values.get_or_default(spec.long.clone());
    match spec.kind {
        Kind::Bool => {
            let b = parse_bool(&value).map_err(|e| invalid(&value, &display_name(spec), &e))?;
            entry.clear();
            entry.push(b.to_string());
        }
        Kind::Int => {
            parse_go_int(&value).map_err(|e| invalid(&value, &display_name(spec), &e))?;
            entry.clear();
            entry.push(value);
        }
        Kind::Duration => {
            parse_go_duration(&value).map_err(|e| invalid(&value, &display_name(spec), &e))?;
            entry.clear();
            entry.push(value);
        }
        Kind::Str => {
            entry.clear();
            entry.push(value);
        }
        Kind::Array => entry.push(value),
        Kind::Slice => {
            if !value.is_empty() {
                entry.extend(value.split(',').map(str::to_string));
            }
        }
    }
    Ok(())
}

/// Go's strconv.ParseBool.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(format!(
            "strconv.ParseBool: parsing \"{s}\": invalid syntax"
        )),
    }
}

/// Go's strconv.ParseInt(s, 0, 64): decimal, `0x`, `0o`, `0b` or leading-0
/// octal, with an optional sign.
pub fn parse_go_int(s: &str) -> Result<i64, String> {
    let err = |why: &str| format!("strconv.ParseInt: parsing \"{s}\": {why}");
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    let digits = digits.replace('_', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(err("invalid syntax"));
    }
    let v = i128::from_str_radix(&digits, radix).map_err(|_| err("value out of range"))?;
    let v = if neg { -v } else { v };
    i64::try_from(v).map_err(|_| err("value out of range"))
}

/// Go's time.ParseDuration; returns milliseconds.
pub fn parse_go_duration(s: &str) -> Result<i64, String> {
    let err = || format!("time: invalid duration \"{s}\"");
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(err());
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n == 0 {
            return Err(err());
        }
        let v: f64 = rest[..n].parse().map_err(|_| err())?;
        rest = &rest[n..];
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let mult = match &rest[..u] {
            "ns" => 1e-6,
            "us" | "µs" | "μs" => 1e-3,
            "ms" => 1.0,
            "s" => 1e3,
            "m" => 6e4,
            "h" => 3.6e6,
            "" => return Err(format!("time: missing unit in duration \"{s}\"")),
            other => {
                return Err(format!(
                    "time: unknown unit \"{other}\" in duration \"{s}\""
                ))
            }
        };
        rest = &rest[u..];
        total += v * mult;
    }
    let ms = total.round() as i64;
    Ok(if neg { -ms } else { ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELP: &str = "Options:
    -A, --all-namespaces=false:
\tIf present, list across namespaces.

    -c, --container='':
\tContainer name.

    --dry-run='none':
\tMust be none.

    --env=[]:
\tEnv.

    -f, --filename=[]:
\tFiles.

    -i, --stdin=false:
\tStdin.

    --tail=-1:
\tLines.

    --timeout=0s:
\tWait.

    -t, --tty=false:
\tTTY.

    -w, --watch=false:
\tWatch.

Usage:
";

    fn p(args: &[&str]) -> Result<Parsed, FlagError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse(&args, &specs_from_help(HELP))
    }

    fn err(args: &[&str]) -> String {
        p(args).unwrap_err().0
    }

    #[test]
    fn reads_specs_from_help() {
        let s = specs_from_help(HELP);
        assert_eq!(s.len(), 10);
        assert_eq!(
            s[0],
            Spec {
                long: "all-namespaces".into(),
                short: Some('A'),
                kind: Kind::Bool,
                default: "false".into(),
                no_opt: None
            }
        );
        assert_eq!(s[1].kind, Kind::Str);
        assert_eq!(s[3].kind, Kind::Array);
        assert_eq!(s[4].kind, Kind::Slice);
        assert_eq!(s[6].kind, Kind::Int);
        assert_eq!(s[7].kind, Kind::Duration);
    }

    #[test]
    fn parses_pflag_forms() {
        let v = p(&["curlpod", "-it", "-c", "curl", "--", "curl", "-s", "x"]).unwrap();
        assert_eq!(v.args, ["curlpod", "curl", "-s", "x"]);
        assert_eq!(v.dash_at, Some(1));
        assert!(v.bool("stdin") && v.bool("tty"));
        assert_eq!(v.str("container"), "curl");
        let v = p(&[
            "-cfoo",
            "--tail=5",
            "--env",
            "A=1,B=2",
            "-f",
            "a.yaml,b.yaml",
            "--dry-run",
            "x",
        ])
        .unwrap();
        assert_eq!(v.str("container"), "foo");
        assert_eq!(v.int("tail"), 5);
        assert_eq!(v.list("env"), ["A=1,B=2"]);
        assert_eq!(v.list("filename"), ["a.yaml", "b.yaml"]);
        assert_eq!(v.str("dry-run"), "unchanged");
        assert_eq!(v.args, ["x"]);
        assert_eq!(p(&["-c=x", "-A=false"]).unwrap().str("container"), "x");
        assert!(p(&["--help"]).unwrap().help);
        assert!(p(&["pods", "-h"]).unwrap().help);
        assert_eq!(p(&[]).unwrap().int("tail"), -1);
    }

    #[test]
    fn errors_in_pflag_words() {
        // Strings captured from kubectl v1.32.
        assert_eq!(err(&["--foo"]), "unknown flag: --foo");
        assert_eq!(err(&["-z"]), "unknown shorthand flag: 'z' in -z");
        assert_eq!(err(&["-iz"]), "unknown shorthand flag: 'z' in -iz");
        assert_eq!(err(&["-c"]), "flag needs an argument: 'c' in -c");
        assert_eq!(err(&["--container"]), "flag needs an argument: --container");
        assert_eq!(
            err(&["-A=foo"]),
            "invalid argument \"foo\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"foo\": invalid syntax"
        );
        assert_eq!(
            err(&["--tail=abc"]),
            "invalid argument \"abc\" for \"--tail\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            err(&["--watch=x"]),
            "invalid argument \"x\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            err(&["--timeout=5"]),
            "invalid argument \"5\" for \"--timeout\" flag: time: missing unit in duration \"5\""
        );
        assert_eq!(err(&["---x"]), "bad flag syntax: ---x");
    }

    #[test]
    fn go_number_parsing() {
        assert_eq!(parse_go_int("0x10"), Ok(16));
        assert_eq!(parse_go_int("010"), Ok(8));
        assert_eq!(parse_go_int("-3"), Ok(-3));
        assert!(parse_go_int("99999999999999999999")
            .unwrap_err()
            .ends_with("value out of range"));
        assert_eq!(parse_go_duration("1m30s"), Ok(90_000));
        assert_eq!(parse_go_duration("1.5h"), Ok(5_400_000));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert_eq!(
            parse_go_duration("x"),
            Err("time: invalid duration \"x\"".into())
        );
    }
}
