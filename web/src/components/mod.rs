//! The Yew components. They read the [`crate::model::Model`] through the
//! [`Ctx`] context and re-render when their revision props change.

pub mod app;
mod browser;
mod editor;
mod inspector;
pub mod lesson;
mod terminal;
mod topbar;
mod topology;

use crate::i18n::Lang;
use crate::model::Model;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The app state and a way to ask for a re-render after changing it.
#[derive(Clone)]
pub struct Ctx {
    pub model: Rc<RefCell<Model>>,
    pub refresh: Callback<()>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.model, &other.model)
    }
}

impl Ctx {
    /// Runs `f` on the model, then re-renders.
    pub fn update<R>(&self, f: impl FnOnce(&mut Model) -> R) -> R {
        let r = f(&mut self.model.borrow_mut());
        self.refresh.emit(());
        r
    }
}

/// The UI language, from the app's context: a component that reads it
/// re-renders when the language changes (the top bar's switch, or the
/// lesson pane's in embeds). Text comes from `crate::i18n`.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(crate::i18n::lang)
}

/// The user picked a language: every pane follows (the drawing is laid
/// out again for its words), and the choice is kept (localStorage
/// `kubeplay.lang`).
pub fn choose_lang(ctx: &Ctx, l: Lang) {
    #[cfg(target_arch = "wasm32")]
    crate::session::web::choose_lang(l);
    #[cfg(not(target_arch = "wasm32"))]
    crate::i18n::set_lang(l);
    ctx.update(Model::language_changed);
}
