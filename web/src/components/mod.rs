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

use crate::model::Model;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

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
