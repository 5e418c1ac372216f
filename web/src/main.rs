//! The browser entry point (Trunk builds this binary).

fn main() {
    kubeplay_web::start();
}
