//! kubectl's help: the texts of the commands the playground has (captured
//! from kubectl v1.32, so `--help` reads as it does on a real machine),
//! the root help listing only what is implemented, and the table of every
//! kubectl command (for "Did you mean this?" suggestions, which name
//! kubectl's real commands).

/// One implemented command.
pub struct Command {
    pub name: &'static str,
    pub group: &'static str,
    pub summary: &'static str,
    pub help: &'static str,
}

pub const GLOBAL_OPTIONS: &str = include_str!("help/options.txt");

/// The commands this shell implements, in kubectl's help order.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "create",
        group: "Basic Commands (Beginner):",
        summary: "Create a resource from a file or from stdin",
        help: include_str!("help/create.txt"),
    },
    Command {
        name: "expose",
        group: "Basic Commands (Beginner):",
        summary: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
        help: include_str!("help/expose.txt"),
    },
    Command {
        name: "run",
        group: "Basic Commands (Beginner):",
        summary: "Run a particular image on the cluster",
        help: include_str!("help/run.txt"),
    },
    Command {
        name: "set",
        group: "Basic Commands (Beginner):",
        summary: "Set specific features on objects",
        help: include_str!("help/set.txt"),
    },
    Command {
        name: "explain",
        group: "Basic Commands (Intermediate):",
        summary: "Get documentation for a resource",
        help: include_str!("help/explain.txt"),
    },
    Command {
        name: "get",
        group: "Basic Commands (Intermediate):",
        summary: "Display one or many resources",
        help: include_str!("help/get.txt"),
    },
    Command {
        name: "edit",
        group: "Basic Commands (Intermediate):",
        summary: "Edit a resource on the server",
        help: include_str!("help/edit.txt"),
    },
    Command {
        name: "delete",
        group: "Basic Commands (Intermediate):",
        summary: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
        help: include_str!("help/delete.txt"),
    },
    Command {
        name: "rollout",
        group: "Deploy Commands:",
        summary: "Manage the rollout of a resource",
        help: include_str!("help/rollout.txt"),
    },
    Command {
        name: "scale",
        group: "Deploy Commands:",
        summary: "Set a new size for a deployment, replica set, or replication controller",
        help: include_str!("help/scale.txt"),
    },
    Command {
        name: "autoscale",
        group: "Deploy Commands:",
        summary: "Auto-scale a deployment, replica set, stateful set, or replication controller",
        help: include_str!("help/autoscale.txt"),
    },
    Command {
        name: "cluster-info",
        group: "Cluster Management Commands:",
        summary: "Display cluster information",
        help: include_str!("help/cluster-info.txt"),
    },
    Command {
        name: "top",
        group: "Cluster Management Commands:",
        summary: "Display resource (CPU/memory) usage",
        help: include_str!("help/top.txt"),
    },
    Command {
        name: "cordon",
        group: "Cluster Management Commands:",
        summary: "Mark node as unschedulable",
        help: include_str!("help/cordon.txt"),
    },
    Command {
        name: "uncordon",
        group: "Cluster Management Commands:",
        summary: "Mark node as schedulable",
        help: include_str!("help/uncordon.txt"),
    },
    Command {
        name: "drain",
        group: "Cluster Management Commands:",
        summary: "Drain node in preparation for maintenance",
        help: include_str!("help/drain.txt"),
    },
    Command {
        name: "taint",
        group: "Cluster Management Commands:",
        summary: "Update the taints on one or more nodes",
        help: include_str!("help/taint.txt"),
    },
    Command {
        name: "describe",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Show details of a specific resource or group of resources",
        help: include_str!("help/describe.txt"),
    },
    Command {
        name: "logs",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Print the logs for a container in a pod",
        help: include_str!("help/logs.txt"),
    },
    Command {
        name: "attach",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Attach to a running container",
        help: include_str!("help/attach.txt"),
    },
    Command {
        name: "exec",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Execute a command in a container",
        help: include_str!("help/exec.txt"),
    },
    Command {
        name: "port-forward",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Forward one or more local ports to a pod",
        help: include_str!("help/port-forward.txt"),
    },
    Command {
        name: "cp",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Copy files and directories to and from containers",
        help: include_str!("help/cp.txt"),
    },
    Command {
        name: "auth",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Inspect authorization",
        help: include_str!("help/auth.txt"),
    },
    Command {
        name: "debug",
        group: "Troubleshooting and Debugging Commands:",
        summary: "Create debugging sessions for troubleshooting workloads and nodes",
        help: include_str!("help/debug.txt"),
    },
    Command {
        name: "events",
        group: "Troubleshooting and Debugging Commands:",
        summary: "List events",
        help: include_str!("help/events.txt"),
    },
    Command {
        name: "diff",
        group: "Advanced Commands:",
        summary: "Diff the live version against a would-be applied version",
        help: include_str!("help/diff.txt"),
    },
    Command {
        name: "apply",
        group: "Advanced Commands:",
        summary: "Apply a configuration to a resource by file name or stdin",
        help: include_str!("help/apply.txt"),
    },
    Command {
        name: "patch",
        group: "Advanced Commands:",
        summary: "Update fields of a resource",
        help: include_str!("help/patch.txt"),
    },
    Command {
        name: "replace",
        group: "Advanced Commands:",
        summary: "Replace a resource by file name or stdin",
        help: include_str!("help/replace.txt"),
    },
    Command {
        name: "wait",
        group: "Advanced Commands:",
        summary: "Experimental: Wait for a specific condition on one or many resources",
        help: include_str!("help/wait.txt"),
    },
    Command {
        name: "label",
        group: "Settings Commands:",
        summary: "Update the labels on a resource",
        help: include_str!("help/label.txt"),
    },
    Command {
        name: "annotate",
        group: "Settings Commands:",
        summary: "Update the annotations on a resource",
        help: include_str!("help/annotate.txt"),
    },
    Command {
        name: "completion",
        group: "Settings Commands:",
        summary: "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)",
        help: include_str!("help/completion.txt"),
    },
    Command {
        name: "api-resources",
        group: "Other Commands:",
        summary: "Print the supported API resources on the server",
        help: include_str!("help/api-resources.txt"),
    },
    Command {
        name: "api-versions",
        group: "Other Commands:",
        summary: "Print the supported API versions on the server, in the form of \"group/version\"",
        help: include_str!("help/api-versions.txt"),
    },
    Command {
        name: "config",
        group: "Other Commands:",
        summary: "Modify kubeconfig files",
        help: include_str!("help/config.txt"),
    },
    Command {
        name: "version",
        group: "Other Commands:",
        summary: "Print the client and server version information",
        help: include_str!("help/version.txt"),
    },
];

/// A subcommand (`create deployment`), reached from its parent by any of
/// its names (aliases included).
pub struct Sub {
    pub parent: &'static str,
    pub names: &'static [&'static str],
    pub path: &'static str,
    pub help: &'static str,
    /// A group that only holds subcommands (`create service`): run alone it
    /// prints its help on stderr and fails, as cobra does.
    pub group: bool,
}

pub const SUBCOMMANDS: &[Sub] = &[
    Sub {
        parent: "create",
        names: &["serviceaccount", "sa"],
        path: "create serviceaccount",
        help: include_str!("help/create_serviceaccount.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["role"],
        path: "create role",
        help: include_str!("help/create_role.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["clusterrole"],
        path: "create clusterrole",
        help: include_str!("help/create_clusterrole.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["rolebinding"],
        path: "create rolebinding",
        help: include_str!("help/create_rolebinding.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["clusterrolebinding"],
        path: "create clusterrolebinding",
        help: include_str!("help/create_clusterrolebinding.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["quota", "resourcequota"],
        path: "create quota",
        help: include_str!("help/create_quota.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["poddisruptionbudget", "pdb"],
        path: "create poddisruptionbudget",
        help: include_str!("help/create_poddisruptionbudget.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["priorityclass", "pc"],
        path: "create priorityclass",
        help: include_str!("help/create_priorityclass.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["token"],
        path: "create token",
        help: include_str!("help/create_token.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["configmap", "cm"],
        path: "create configmap",
        help: include_str!("help/create_configmap.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["cronjob", "cj"],
        path: "create cronjob",
        help: include_str!("help/create_cronjob.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["deployment", "deploy"],
        path: "create deployment",
        help: include_str!("help/create_deployment.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["ingress", "ing"],
        path: "create ingress",
        help: include_str!("help/create_ingress.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["job"],
        path: "create job",
        help: include_str!("help/create_job.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["namespace", "ns"],
        path: "create namespace",
        help: include_str!("help/create_namespace.txt"),
        group: false,
    },
    Sub {
        parent: "create",
        names: &["secret"],
        path: "create secret",
        help: include_str!("help/create_secret.txt"),
        group: true,
    },
    Sub {
        parent: "create",
        names: &["service", "svc"],
        path: "create service",
        help: include_str!("help/create_service.txt"),
        group: true,
    },
    Sub {
        parent: "create secret",
        names: &["generic"],
        path: "create secret generic",
        help: include_str!("help/create_secret_generic.txt"),
        group: false,
    },
    Sub {
        parent: "create secret",
        names: &["docker-registry"],
        path: "create secret docker-registry",
        help: include_str!("help/create_secret_docker-registry.txt"),
        group: false,
    },
    Sub {
        parent: "create secret",
        names: &["tls"],
        path: "create secret tls",
        help: include_str!("help/create_secret_tls.txt"),
        group: false,
    },
    Sub {
        parent: "create service",
        names: &["clusterip"],
        path: "create service clusterip",
        help: include_str!("help/create_service_clusterip.txt"),
        group: false,
    },
    Sub {
        parent: "create service",
        names: &["nodeport"],
        path: "create service nodeport",
        help: include_str!("help/create_service_nodeport.txt"),
        group: false,
    },
    Sub {
        parent: "create service",
        names: &["externalname"],
        path: "create service externalname",
        help: include_str!("help/create_service_externalname.txt"),
        group: false,
    },
    Sub {
        parent: "create service",
        names: &["loadbalancer"],
        path: "create service loadbalancer",
        help: include_str!("help/create_service_loadbalancer.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["current-context"],
        path: "config current-context",
        help: include_str!("help/config_current-context.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["delete-cluster"],
        path: "config delete-cluster",
        help: include_str!("help/config_delete-cluster.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["delete-context"],
        path: "config delete-context",
        help: include_str!("help/config_delete-context.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["delete-user"],
        path: "config delete-user",
        help: include_str!("help/config_delete-user.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["get-clusters"],
        path: "config get-clusters",
        help: include_str!("help/config_get-clusters.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["get-contexts"],
        path: "config get-contexts",
        help: include_str!("help/config_get-contexts.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["get-users"],
        path: "config get-users",
        help: include_str!("help/config_get-users.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["rename-context"],
        path: "config rename-context",
        help: include_str!("help/config_rename-context.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["set"],
        path: "config set",
        help: include_str!("help/config_set.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["set-cluster"],
        path: "config set-cluster",
        help: include_str!("help/config_set-cluster.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["set-context"],
        path: "config set-context",
        help: include_str!("help/config_set-context.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["set-credentials"],
        path: "config set-credentials",
        help: include_str!("help/config_set-credentials.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["unset"],
        path: "config unset",
        help: include_str!("help/config_unset.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["use-context", "use"],
        path: "config use-context",
        help: include_str!("help/config_use-context.txt"),
        group: false,
    },
    Sub {
        parent: "config",
        names: &["view"],
        path: "config view",
        help: include_str!("help/config_view.txt"),
        group: false,
    },
    Sub {
        parent: "cluster-info",
        names: &["dump"],
        path: "cluster-info dump",
        help: include_str!("help/cluster-info_dump.txt"),
        group: false,
    },
    Sub {
        parent: "set",
        names: &["env"],
        path: "set env",
        help: include_str!("help/set_env.txt"),
        group: false,
    },
    Sub {
        parent: "set",
        names: &["image"],
        path: "set image",
        help: include_str!("help/set_image.txt"),
        group: false,
    },
    Sub {
        parent: "set",
        names: &["serviceaccount", "sa"],
        path: "set serviceaccount",
        help: include_str!("help/set_serviceaccount.txt"),
        group: false,
    },
    Sub {
        parent: "set",
        names: &["resources"],
        path: "set resources",
        help: include_str!("help/set_resources.txt"),
        group: false,
    },
    Sub {
        parent: "set",
        names: &["selector"],
        path: "set selector",
        help: include_str!("help/set_selector.txt"),
        group: false,
    },
    Sub {
        parent: "set",
        names: &["subject"],
        path: "set subject",
        help: include_str!("help/set_subject.txt"),
        group: false,
    },
    Sub {
        parent: "rollout",
        names: &["history"],
        path: "rollout history",
        help: include_str!("help/rollout_history.txt"),
        group: false,
    },
    Sub {
        parent: "rollout",
        names: &["pause"],
        path: "rollout pause",
        help: include_str!("help/rollout_pause.txt"),
        group: false,
    },
    Sub {
        parent: "rollout",
        names: &["restart"],
        path: "rollout restart",
        help: include_str!("help/rollout_restart.txt"),
        group: false,
    },
    Sub {
        parent: "rollout",
        names: &["resume"],
        path: "rollout resume",
        help: include_str!("help/rollout_resume.txt"),
        group: false,
    },
    Sub {
        parent: "rollout",
        names: &["status"],
        path: "rollout status",
        help: include_str!("help/rollout_status.txt"),
        group: false,
    },
    Sub {
        parent: "rollout",
        names: &["undo"],
        path: "rollout undo",
        help: include_str!("help/rollout_undo.txt"),
        group: false,
    },
    Sub {
        parent: "auth",
        names: &["can-i"],
        path: "auth can-i",
        help: include_str!("help/auth_can-i.txt"),
        group: false,
    },
    Sub {
        parent: "auth",
        names: &["whoami"],
        path: "auth whoami",
        help: include_str!("help/auth_whoami.txt"),
        group: false,
    },
    Sub {
        parent: "top",
        names: &["node", "nodes", "no"],
        path: "top node",
        help: include_str!("help/top_node.txt"),
        group: false,
    },
    Sub {
        parent: "top",
        names: &["pod", "pods", "po"],
        path: "top pod",
        help: include_str!("help/top_pod.txt"),
        group: false,
    },
];

/// kubectl subcommands the playground does not simulate (they say so).
pub const UNSIMULATED_SUBCOMMANDS: &[(&str, &str)] = &[("auth", "reconcile")];

pub fn find_sub(parent: &str, name: &str) -> Option<&'static Sub> {
    SUBCOMMANDS
        .iter()
        .find(|s| s.parent == parent && s.names.contains(&name))
}

/// Every kubectl v1.32 command, in the order kubectl registers them (the
/// order of its suggestions).
pub const KUBECTL_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "config",
    "plugin",
    "version",
    "api-versions",
    "api-resources",
    "options",
];

pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The command groups of the root help, with only what is implemented.
fn groups() -> String {
    let mut out = String::new();
    let mut last = "";
    for c in COMMANDS {
        if c.group != last {
            if !last.is_empty() {
                out.push('\n');
            }
            out.push_str(c.group);
            out.push('\n');
            last = c.group;
        }
        out.push_str(&format!("  {:<15} {}\n", c.name, c.summary));
    }
    out
}

const USAGE_TAIL: &str = "
Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// `kubectl`, `kubectl --help`, `kubectl help`.
pub fn root_help() -> String {
    format!(
        "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n{}\nThis playground simulates the kubectl commands listed above.\n{USAGE_TAIL}",
        groups()
    )
}

/// `kubectl help nonsense`.
pub fn unknown_topic(topic: &str) -> String {
    format!(
        "Unknown help topic [`{topic}`]\n\n\n{}{USAGE_TAIL}",
        groups()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_texts_parse_into_flags() {
        for c in COMMANDS {
            assert!(c.help.contains("Usage:\n  kubectl"), "{}", c.name);
            assert!(KUBECTL_COMMANDS.contains(&c.name), "{}", c.name);
        }
        let get = crate::flags::specs_from_help(find("get").map(|c| c.help).unwrap_or(""));
        assert!(get
            .iter()
            .any(|s| s.long == "all-namespaces" && s.short == Some('A')));
        let global = crate::flags::specs_from_help(GLOBAL_OPTIONS);
        assert!(global
            .iter()
            .any(|s| s.long == "namespace" && s.short == Some('n')));
    }

    #[test]
    fn root_help_keeps_kubectl_layout() {
        let h = root_help();
        assert!(h.starts_with(
            "kubectl controls the Kubernetes cluster manager.\n\n Find more information at:"
        ));
        assert!(h.contains("Basic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n"));
        assert!(h.contains("  api-resources   Print the supported API resources on the server\n"));
        assert!(!h.contains("certificate"));
    }
}
