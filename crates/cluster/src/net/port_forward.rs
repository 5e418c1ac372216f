//! `kubectl port-forward`'s listeners on the host: `localhost:LOCAL` is
//! tunnelled (through the API server and the kubelet) into the pod's own
//! network namespace, so the container sees the connection come from
//! 127.0.0.1 on `REMOTE`. The shell adds and removes forwards; the host's
//! connections to `localhost` look here first, on every profile.

use super::http::{hop, Reach};
use super::Hop;
use crate::Cluster;

/// One listening forward.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortForward {
    pub local_port: u16,
    pub namespace: String,
    pub pod: String,
    pub remote_port: u16,
    /// Connections accepted so far (kubectl prints "Handling connection
    /// for LOCAL" for each).
    pub connections: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Forwards {
    list: Vec<PortForward>,
    /// "Handling connection for N" notes not yet printed, in order.
    notes: Vec<u16>,
}

impl Cluster {
    /// Starts forwarding `localhost:local_port` to `pod:remote_port`.
    /// Fails when the local port is taken (by another forward).
    pub fn port_forward_add(
        &mut self,
        namespace: &str,
        pod: &str,
        local_port: u16,
        remote_port: u16,
    ) -> Result<(), String> {
        if self
            .port_forwards
            .list
            .iter()
            .any(|f| f.local_port == local_port)
        {
            return Err(format!("port {local_port} is already in use"));
        }
        self.port_forwards.list.push(PortForward {
            local_port,
            namespace: namespace.to_string(),
            pod: pod.to_string(),
            remote_port,
            connections: 0,
        });
        Ok(())
    }

    /// Stops the forward listening on `local_port` (Ctrl+C, end of script).
    pub fn port_forward_remove(&mut self, local_port: u16) {
        self.port_forwards
            .list
            .retain(|f| f.local_port != local_port);
    }

    /// The forwards listening now, in the order they were started.
    pub fn port_forwards(&self) -> &[PortForward] {
        &self.port_forwards.list
    }

    /// A free local port for `:REMOTE`, as the OS picks an ephemeral port
    /// (from the id stream, so names and IPs do not shift).
    pub fn port_forward_pick_port(&mut self) -> Option<u16> {
        const LOW: u32 = 32768;
        const SPAN: u32 = 60999 - 32768 + 1;
        let start = self.ids.below(u64::from(SPAN)) as u32;
        (0..SPAN)
            .map(|i| (LOW + (start + i) % SPAN) as u16)
            .find(|p| !self.port_forwards.list.iter().any(|f| f.local_port == *p))
    }

    /// The local ports of connections accepted since the last call.
    pub fn port_forward_drain_notes(&mut self) -> Vec<u16> {
        std::mem::take(&mut self.port_forwards.notes)
    }

    /// A host connection to `localhost:port`: the forward's pod, if one
    /// listens there.
    pub(crate) fn port_forwarded(&mut self, port: u16, hops: &mut Vec<Hop>) -> Option<Reach> {
        let idx = self
            .port_forwards
            .list
            .iter()
            .position(|f| f.local_port == port)?;
        let f = self.port_forwards.list[idx].clone();
        self.port_forwards.list[idx].connections += 1;
        self.port_forwards.notes.push(port);
        hops.push(hop(
            "Host",
            "",
            "localhost",
            format!(
                "localhost:{port} -> kubectl port-forward -> pod {}:{}",
                f.pod, f.remote_port
            ),
        ));
        let Some(pod) = self.store.get("pods", &f.namespace, &f.pod).cloned() else {
            hops.push(hop(
                "Host",
                "",
                "localhost",
                format!("pod {} is gone: the forward drops the connection", f.pod),
            ));
            return Some(Reach::Closed);
        };
        // kubectl has accepted the local connection already: when nothing
        // listens in the pod it closes it without a byte.
        match self.reach_pod(&pod, f.remote_port, "127.0.0.1".to_string(), hops) {
            Reach::Refused => Some(Reach::Closed),
            r => Some(r),
        }
    }
}
