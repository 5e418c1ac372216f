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
    }
}
