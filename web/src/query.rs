//! The page's URL options:
//! - `?seed=N`: the cluster's seed (default 1);
//! - `?profile=NAME`: the kind of cluster (`docker-desktop`, the default,
//!   `minikube`, `cloud`, `onprem`; see `cluster::Profile`);
//! - `?paused=1`: start with the clock paused;
//! - `?script=NAME`: run a bundled lab script at load (see [`crate::demo`]);
//! - `?embed=1`: no top bar (for slides);
//! - `?system=1`: show system namespaces in the topology;
//! - `?large=1`: large text for projectors; `?theme=light|dark` (default:
//!   the browser's preference);
//! - `?inspect=Kind/namespace/name` (or `Kind/name` for cluster-scoped
//!   kinds): open the topology's inspector on that object.
//!
//! Session options (see [`crate::session`]):
//! - `?lang=ko|en`: the UI language for this page (not kept; the top
//!   bar's switch keeps its choice);
//! - a share link is the URL fragment `#s=...`, not a query option.
//!
//! Lessons and slides (see `guide` and `embed`):
//! - `?lesson=NAME`: open a built-in lesson (`lesson=URL`, a same-origin
//!   path ending in `.yaml`, loads a lesson file); `&step=N` shows step N
//!   (from 1);
//! - `?view=topology|terminal|split|browser`: the panes shown (embeds);
//! - `?readonly=1`: no typing or applying (clicking still inspects);
//! - `?autoplay=1`: play the lesson's steps by themselves.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub seed: Option<u64>,
    pub profile: Option<cluster::Profile>,
    pub paused: bool,
    pub script: Option<String>,
    pub embed: bool,
    pub system: bool,
    pub large: bool,
    /// `light` or `dark`.
    pub theme: Option<String>,
    /// (kind, namespace, name)
    pub inspect: Option<(String, String, String)>,
    // -- session options --
    pub lang: Option<crate::i18n::Lang>,
    pub guide: GuideOptions,
}

/// The lesson and slide options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuideOptions {
    pub lesson: Option<String>,
    /// 0-based (the URL counts from 1).
    pub step: Option<usize>,
    pub view: View,
    pub readonly: bool,
    pub autoplay: bool,
}

/// Which panes an embed shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Split,
    Topology,
    Terminal,
    Browser,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::Split => "split",
            View::Topology => "topology",
            View::Terminal => "terminal",
            View::Browser => "browser",
        }
    }
}

/// Parses `?a=b&c=d` (the leading `?` is optional). Unknown keys and bad
/// values are ignored.
pub fn parse(search: &str) -> Options {
    let mut o = Options::default();
    for pair in search.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let on = matches!(v, "" | "1" | "true" | "yes");
        match k {
            "seed" => o.seed = v.parse().ok(),
            "profile" => o.profile = v.parse().ok(),
            "paused" => o.paused = on,
            "embed" => o.embed = on,
            "system" => o.system = on,
            "script" if !v.is_empty() => o.script = Some(v.to_string()),
            "large" => o.large = on,
            "theme" if matches!(v, "light" | "dark") => o.theme = Some(v.to_string()),
            "inspect" => {
                let parts: Vec<&str> = v.split('/').collect();
                o.inspect = match parts.as_slice() {
                    [k, ns, n] => Some((k.to_string(), ns.to_string(), n.to_string())),
                    [k, n] => Some((k.to_string(), String::new(), n.to_string())),
                    _ => None,
                };
            }
            // -- session options --
            "lang" => o.lang = crate::i18n::Lang::from_code(v),
            "lesson" if !v.is_empty() => o.guide.lesson = Some(decode(v)),
            "step" => o.guide.step = v.parse::<usize>().ok().and_then(|n| n.checked_sub(1)),
            "view" => {
                o.guide.view = match v {
                    "topology" => View::Topology,
                    "terminal" => View::Terminal,
                    "browser" => View::Browser,
                    _ => View::Split,
                }
            }
            "readonly" => o.guide.readonly = on,
            "autoplay" => o.guide.autoplay = on,
            _ => {}
        }
    }
    o
}

/// Percent-decoding of a query value (`+` is a space); bad escapes stay
/// as they are.
fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = v
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_options() {
        assert_eq!(parse(""), Options::default());
        let o = parse("?seed=42&script=servicelab&paused=1&embed&system=1&profile=onprem");
        assert_eq!(o.seed, Some(42));
        assert_eq!(o.profile, Some(cluster::Profile::OnPrem));
        assert_eq!(parse("?profile=nonsense").profile, None);
        assert_eq!(o.script.as_deref(), Some("servicelab"));
        assert!(o.paused && o.embed && o.system);
        let o = parse("?seed=-3&paused=0&x=y&&=");
        assert_eq!(o.seed, None);
        assert!(!o.paused);
        let o = parse("?large=1&theme=dark&inspect=Service/default/nginx");
        assert!(o.large);
        assert_eq!(o.theme.as_deref(), Some("dark"));
        assert_eq!(
            o.inspect,
            Some(("Service".into(), "default".into(), "nginx".into()))
        );
        let o = parse("?theme=pink&inspect=Node/desktop-worker");
        assert_eq!(o.theme, None);
        assert_eq!(
            o.inspect,
            Some(("Node".into(), String::new(), "desktop-worker".into()))
        );
        assert_eq!(parse("?lang=ko").lang, Some(crate::i18n::Lang::Ko));
        assert_eq!(parse("?lang=fr").lang, None);
    }

    #[test]
    fn parses_the_lesson_and_slide_options() {
        let o =
            parse("?lesson=k8s-workloads-and-networking&step=3&view=topology&readonly&autoplay=1");
        assert_eq!(
            o.guide.lesson.as_deref(),
            Some("k8s-workloads-and-networking")
        );
        assert_eq!(o.guide.step, Some(2));
        assert_eq!(o.guide.view, View::Topology);
        assert!(o.guide.readonly && o.guide.autoplay);
        let o = parse("?lesson=lessons%2Fmine.yaml&step=0&view=nonsense");
        assert_eq!(o.guide.lesson.as_deref(), Some("lessons/mine.yaml"));
        assert_eq!(o.guide.step, None);
        assert_eq!(o.guide.view, View::Split);
        assert_eq!(decode("a%zz%4"), "a%zz%4");
    }
}
