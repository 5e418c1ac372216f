//! `Shared<T>`: an `Rc` whose equality is identity, so component props
//! holding large immutable values compare in O(1).

use std::ops::Deref;
use std::rc::Rc;

#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_identity() {
        let a = Shared(Rc::new(String::from("x")));
        let b = Shared(Rc::new(String::from("x")));
        assert!(a == a.clone());
        assert!(a != b);
        assert_eq!(a.len(), 1);
    }
}
