//! kubeplay's front end: a Yew app over the shell and the cluster engine.
//!
//! Pure modules (tested natively): [`snapshot`] reads what to draw from the
//! store, [`layout`] places it, [`anim`] animates request traces,
//! [`browser`] is the browser pane's navigation, [`model`]
//! holds the one app state, [`demo`] has the bundled lab scripts and
//! [`query`] reads the page's URL options, [`guide`] runs the guided
//! lesson and [`embed`] answers an embedding page's messages. The components in
//! `components/` only render the model and call its methods.

pub mod anim;
pub mod browser;
mod components;
pub mod demo;
pub mod embed;
pub mod export;
pub mod guide;
pub mod i18n;
pub mod inspect;
pub mod layout;
pub mod model;
pub mod query;
pub mod session;
pub mod shared;
pub mod snapshot;

pub use components::app::{App, AppProps};

/// Mounts the app into `root` (tests mount into a fresh div).
pub fn mount(root: web_sys::Element, props: AppProps) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// Starts the app on the page: options from the URL query, mounted into
/// `#app` (or the body).
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    #[cfg_attr(not(target_arch = "wasm32"), allow(unused_mut))]
    let mut props = AppProps::from(query::parse(&search));
    // A share link in the URL wins over the saved session.
    #[cfg(target_arch = "wasm32")]
    {
        props.session.link = session::web::take_link_from_url();
        props.session.storage_key = Some(session::STORAGE_KEY.to_string());
        session::web::reload_on_link();
    }
    let root = window.document().and_then(|d| {
        d.get_element_by_id("app")
            .or_else(|| d.body().map(Into::into))
    });
    if let Some(root) = root {
        mount(root, props);
    }
}
