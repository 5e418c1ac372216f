//! The files a container sees: what the kubelet writes into it
//! (`/etc/hosts`, `/etc/resolv.conf`, `/etc/hostname`), the image's own
//! files (`/etc/os-release`, nginx's html), and ConfigMap and Secret
//! volumes mounted by the pod.

use super::catalog::Image;
use crate::net::topo::{arr_at, pod_hostname, str_at};
use crate::Cluster;
use serde_json::Value;

/// Decodes standard base64 (as Secret `data` is stored); `None` if invalid.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Joins a mount path and a relative file path.
fn join(dir: &str, file: &str) -> String {
    format!(
        "{}/{}",
        dir.trim_end_matches('/'),
        file.trim_start_matches('/')
    )
}

impl Cluster {
    /// The files each volume mount of `container` contributes: (path, text).
    pub(crate) fn mounted_files(&self, pod: &Value, container: &Value) -> Vec<(String, String)> {
        let ns = crate::namespace_of(pod);
        let mut out = Vec::new();
        for m in arr_at(container, "/volumeMounts") {
            let vname = str_at(m, "/name");
            let mount = str_at(m, "/mountPath");
            let sub = str_at(m, "/subPath");
            let Some(vol) = arr_at(pod, "/spec/volumes")
                .iter()
                .find(|v| str_at(v, "/name") == vname)
            else {
                continue;
            };
            let (data, items): (Vec<(String, String)>, &[Value]) =
                if let Some(cm) = vol.get("configMap") {
                    let obj = self.store.get("configmaps", ns, str_at(cm, "/name"));
                    let data = obj
                        .and_then(|o| o.get("data"))
                        .and_then(Value::as_object)
                        .map(|d| {
                            d.iter()
                                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                                .collect()
                        })
                        .unwrap_or_default();
                    (data, arr_at(cm, "/items"))
                } else if let Some(sec) = vol.get("secret") {
                    let obj = self.store.get("secrets", ns, str_at(sec, "/secretName"));
                    let mut data: Vec<(String, String)> = obj
                        .and_then(|o| o.get("data"))
                        .and_then(Value::as_object)
                        .map(|d| {
                            d.iter()
                                .filter_map(|(k, v)| {
                                    let bytes = base64_decode(v.as_str().unwrap_or(""))?;
                                    Some((k.clone(), String::from_utf8_lossy(&bytes).into_owned()))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    if let Some(sd) = obj
                        .and_then(|o| o.get("stringData"))
                        .and_then(Value::as_object)
                    {
                        for (k, v) in sd {
                            data.push((k.clone(), v.as_str().unwrap_or("").to_string()));
                        }
                    }
                    (data, arr_at(sec, "/items"))
                } else {
                    continue;
                };
            let files: Vec<(String, String)> = if items.is_empty() {
                data
            } else {
                items
                    .iter()
                    .filter_map(|it| {
                        let key = str_at(it, "/key");
                        let (_, text) = data.iter().find(|(k, _)| k == key)?;
                        Some((str_at(it, "/path").to_string(), text.clone()))
                    })
                    .collect()
            };
            for (name, text) in files {
                if sub.is_empty() {
                    out.push((join(mount, &name), text));
                } else if sub == name {
                    out.push((mount.to_string(), text));
                }
            }
        }
        out
    }

    /// The mount points of `container` that hide the image's files there.
    pub(crate) fn mount_points(&self, container: &Value) -> Vec<String> {
        arr_at(container, "/volumeMounts")
            .iter()
            .filter(|m| str_at(m, "/subPath").is_empty())
            .map(|m| str_at(m, "/mountPath").trim_end_matches('/').to_string())
            .collect()
    }

    /// Reads a file in a container; `None` if it does not exist.
    pub(crate) fn container_file(
        &self,
        pod: &Value,
        container: &Value,
        img: &Image,
        path: &str,
    ) -> Option<String> {
        let path = normalize(path);
        if let Some((_, text)) = self
            .mounted_files(pod, container)
            .into_iter()
            .find(|(p, _)| *p == path)
        {
            return Some(text);
        }
        if self
            .mount_points(container)
            .iter()
            .any(|m| path.starts_with(&format!("{m}/")))
        {
            return None;
        }
        match path.as_str() {
            "/etc/hosts" => Some(crate::net::dns::etc_hosts_text(pod)),
            "/etc/resolv.conf" => Some(crate::net::dns::resolv_conf_text(&self.resolver_of(pod))),
            "/etc/hostname" => Some(format!("{}\n", pod_hostname(pod))),
            "/etc/os-release" | "/usr/lib/os-release" => img.os_release(),
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace" => {
                Some(crate::namespace_of(pod).to_string())
            }
            p => img
                .nginx
                .as_ref()
                .and_then(|b| super::nginx::shipped_file(b, p))
                .map(str::to_string),
        }
    }

    /// The names in a directory of a container (for `ls`), or `None`.
    pub(crate) fn container_dir(
        &self,
        pod: &Value,
        container: &Value,
        img: &Image,
        path: &str,
    ) -> Option<Vec<String>> {
        let path = normalize(path);
        let mut names: Vec<String> = Vec::new();
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        for (p, _) in self.mounted_files(pod, container) {
            if let Some(rest) = p.strip_prefix(&prefix) {
                let first = rest.split('/').next().unwrap_or(rest).to_string();
                if !first.is_empty() && !names.contains(&first) {
                    names.push(first);
                }
            }
        }
        let mounted = self.mount_points(container).contains(&path);
        if !mounted {
            let base: &[&str] = match path.as_str() {
                "/" => match img.base {
                    super::catalog::Base::BusyboxOnly => &[
                        "bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp",
                        "usr", "var",
                    ],
                    super::catalog::Base::Alpine(_) => &[
                        "bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root",
                        "run", "sbin", "srv", "sys", "tmp", "usr", "var",
                    ],
                    _ => &[
                        "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt",
                        "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
                    ],
                },
                "/usr/share/nginx/html" if img.nginx.is_some() => &["50x.html", "index.html"],
                "/usr/share/nginx" if img.nginx.is_some() => &["html"],
                "/etc/nginx" if img.nginx.is_some() => &[
                    "conf.d",
                    "fastcgi_params",
                    "mime.types",
                    "modules",
                    "nginx.conf",
                    "scgi_params",
                    "uwsgi_params",
                ],
                "/tmp" | "/root" | "/home" | "/mnt" | "/opt" | "/srv" => &[],
                "/etc" => &["hostname", "hosts", "os-release", "passwd", "resolv.conf"],
                _ if names.is_empty() => return None,
                _ => &[],
            };
            for b in base {
                if !names.iter().any(|n| n == b) {
                    names.push(b.to_string());
                }
            }
        }
        crate::sort::sort(&mut names);
        Some(names)
    }
}

/// Collapses `//`, `.` and `..` in an absolute path.
pub(crate) fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_paths() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGk").unwrap(), b"hi");
        assert!(base64_decode("!!").is_none());
        assert_eq!(normalize("/etc//./nginx/../hosts"), "/etc/hosts");
        assert_eq!(normalize("/"), "/");
    }
}
