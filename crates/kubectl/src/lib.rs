//! kubeplay's shell.
