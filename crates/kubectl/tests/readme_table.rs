//! README.md's table of what the shell supports is rendered from the code
//! (`kubectl::support`); this fails when it is out of date.
//! `KUBEPLAY_BLESS=1 cargo test -p kubectl --test readme_table` rewrites it.

use std::path::Path;

#[test]
fn readme_command_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is readable");
    let want = kubectl::support::render_readme(&readme).expect("README.md has the markers");
    if std::env::var_os("KUBEPLAY_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write README.md");
        return;
    }
    assert!(
        readme == want,
        "README.md's command table is out of date: run KUBEPLAY_BLESS=1 cargo test -p kubectl --test readme_table"
    );
}
