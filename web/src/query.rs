//! The page's URL options:
//! - `?seed=N`: the cluster's seed (default 1);
//! - `?profile=NAME`: the kind of cluster (`docker-desktop`, the default,
//!   `minikube`, `cloud`, `onprem`; see `cluster::Profile`);
//! - `?paused=1`: start with the clock paused;
//! - `?script=NAME`: run a bundled lab script at load (see [`crate::demo`]);
//! - `?embed=1`: no top bar (for slides);
//! - `?system=1`: show system namespaces in the topology.
//!
//! Session options (see [`crate::session`]):
//! - `?lang=ko|en`: the UI language for this page (not kept; the top
//!   bar's switch keeps its choice);
//! - a share link is the URL fragment `#s=...`, not a query option.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub seed: Option<u64>,
    pub profile: Option<cluster::Profile>,
    pub paused: bool,
    pub script: Option<String>,
    pub embed: bool,
    pub system: bool,
    // -- session options --
    pub lang: Option<crate::i18n::Lang>,
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
            // -- session options --
            "lang" => o.lang = crate::i18n::Lang::from_code(v),
            _ => {}
        }
    }
    o
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
        assert_eq!(parse("?lang=ko").lang, Some(crate::i18n::Lang::Ko));
        assert_eq!(parse("?lang=fr").lang, None);
    }
}
