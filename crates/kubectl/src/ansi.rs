//! ANSI colours in command output. Real kubectl colours a few things
//! (`cluster-info`); the shell keeps those SGR escape codes in its output,
//! and terminals that are not VT100s (the browser's) use [`spans`] to turn
//! them into styled runs, or [`strip`] to drop them.

/// A foreground colour from an SGR code (30-37, 90-97).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    White,
}

/// The style of a run of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub fg: Option<Color>,
    pub bold: bool,
}

fn color(n: u32) -> Option<Color> {
    let c = match n % 10 {
        0 => Color::Black,
        1 => Color::Red,
        2 => Color::Green,
        3 => Color::Yellow,
        4 => Color::Blue,
        5 => Color::Magenta,
        6 => Color::Cyan,
        _ => Color::White,
    };
    Some(c)
}

/// Splits text at SGR sequences (`ESC [ ... m`) into styled runs; other
/// escape sequences are dropped.
pub fn spans(text: &str) -> Vec<(Style, String)> {
    let mut out: Vec<(Style, String)> = Vec::new();
    let mut style = Style::default();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            cur.push(c);
            continue;
        }
        if chars.peek() != Some(&'[') {
            continue;
        }
        chars.next();
        let mut params = String::new();
        let mut fin = None;
        for p in chars.by_ref() {
            if p.is_ascii_digit() || p == ';' {
                params.push(p);
            } else {
                fin = Some(p);
                break;
            }
        }
        if fin != Some('m') {
            continue;
        }
        if !cur.is_empty() {
            out.push((style, std::mem::take(&mut cur)));
        }
        for code in params.split(';') {
            match code.parse::<u32>().unwrap_or(0) {
                0 => style = Style::default(),
                1 => style.bold = true,
                22 => style.bold = false,
                39 => style.fg = None,
                n @ (30..=37 | 90..=97) => style.fg = color(n),
                _ => {}
            }
        }
    }
    if !cur.is_empty() {
        out.push((style, cur));
    }
    out
}

/// The text without escape sequences.
pub fn strip(text: &str) -> String {
    spans(text).into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_info_colours() {
        let s = "\u{1b}[0;32mKubernetes control plane\u{1b}[0m is running at \u{1b}[0;33mhttps://x:6443\u{1b}[0m\n";
        let runs = spans(s);
        assert_eq!(runs.len(), 4);
        assert_eq!(
            runs[0],
            (
                Style {
                    fg: Some(Color::Green),
                    bold: false
                },
                "Kubernetes control plane".to_string()
            )
        );
        assert_eq!(runs[1].0, Style::default());
        assert_eq!(runs[2].0.fg, Some(Color::Yellow));
        assert_eq!(
            strip(s),
            "Kubernetes control plane is running at https://x:6443\n"
        );
        assert_eq!(strip("plain \u{1b}[2Jtext"), "plain text");
    }
}
