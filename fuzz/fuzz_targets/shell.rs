//! The whole shell: each input is a few lines fed to `Shell::feed_line`
//! (as the terminal feeds them) on a small cluster kept between inputs and
//! rebuilt every 256 inputs. Must never panic.
#![no_main]

use cluster::{Cluster, Profile};
use kubectl::{Feed, MemFiles, Shell};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static SHELL: RefCell<(Option<Shell>, u32)> = const { RefCell::new((None, 0)) };
}

fn fresh() -> Shell {
    let mut files = MemFiles::default();
    files.files.insert(
        "nginx.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n".into(),
    );
    files.files.insert(
        "svc.yaml".into(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  type: NodePort\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n".into(),
    );
    Shell::new(Cluster::new(Profile::DockerDesktop, 1), Box::new(files))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    SHELL.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (slot, runs) = &mut *cell;
        *runs += 1;
        if *runs % 256 == 1 {
            *slot = None;
        }
        let sh = slot.get_or_insert_with(fresh);
        for line in text.split('\n').take(16) {
            if let Feed::Ran { .. } = sh.feed_line(line) {
                if sh.is_watching() {
                    let _ = sh.poll_watch();
                    sh.cancel_watch();
                }
            }
            let _ = sh.prompt();
            let _ = sh.completions(line);
        }
        sh.cancel_pending();
        sh.cancel_watch();
    });
});
