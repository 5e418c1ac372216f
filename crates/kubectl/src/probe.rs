//! Running a command as a probe (a lesson's check): it sees the shell as
//! it is (variables, aliases, the context's namespace) but leaves no
//! trace, neither in the shell (history, `$?`, a watch or container
//! shell it would open, an edit request, a file it would write) nor in
//! the cluster (see
//! [`cluster::Cluster::probe`]).

use crate::shell::State;
use crate::{Output, Shell};

impl Shell {
    /// Runs one complete command and then puts the shell and its cluster
    /// back as they were; returns what the command printed.
    pub fn probe(&mut self, input: &str) -> Output {
        let probe_state = State {
            vars: self.state.vars.clone(),
            aliases: self.state.aliases.clone(),
            history: self.state.history.clone(),
            last_status: self.state.last_status,
            namespace: self.state.namespace.clone(),
            kubeconfig: self.state.kubeconfig.clone(),
            watch: None,
            session: None,
            edit_in_pane: false,
            edit_request: None,
            running: None,
        };
        let state = std::mem::replace(&mut self.state, probe_state);
        let pending = std::mem::take(&mut self.pending);
        let saved = self.cluster.snapshot();
        let written = self.written_files();
        let out = self.run(input);
        self.cluster.restore(saved);
        *self.files.written.borrow_mut() = written;
        self.state = state;
        self.pending = pending;
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::{MemFiles, Shell};
    use cluster::{Cluster, Profile};

    #[test]
    fn a_probe_leaves_no_trace() {
        let mut sh = Shell::new(
            Cluster::new(Profile::default(), 3),
            Box::new(MemFiles::default()),
        );
        sh.run("kubectl create deployment web --image=nginx --replicas=2");
        sh.cluster_mut().advance(30_000);
        let history = sh.history().to_vec();
        let pods = sh.run("kubectl get pods -A -o yaml").text();
        let out = sh.probe("kubectl delete deployment web");
        assert_eq!(out.text(), "deployment.apps \"web\" deleted\n");
        let out = sh.probe("kubectl get pods -w");
        assert!(out.text().contains("web-"), "{}", out.text());
        assert!(!sh.is_watching());
        assert_eq!(sh.probe("false").exit_code, 1);
        assert_eq!(sh.run("echo $?").text(), "0\n");
        assert_eq!(sh.run("kubectl get pods -A -o yaml").text(), pods);
        // Only the three commands run for real.
        assert_eq!(sh.history().len(), history.len() + 3);
    }
}
