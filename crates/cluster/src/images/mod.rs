//! Images as behaviours: what a container of a known image does (ports it
//! serves, what it logs, which commands `kubectl exec` finds in it, whether
//! it exits). An image the registry does not know fails to pull, as a real
//! pull of a missing image does.
