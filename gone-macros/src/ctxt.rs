//! One collector for every error of one expansion, as serde_derive's `Ctxt`: each stage
//! pushes its spanned errors here and goes on with a usable value, and [`Ctxt::finish`] puts
//! them all beside the emitted item. Dropping it without `finish` is a bug in this crate, and
//! panics in its tests, so that an error can never be silently lost.

use proc_macro2::TokenStream;
use quote::ToTokens;
use std::fmt::Display;

#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
    finished: bool,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt::default()
    }

    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// An error pointing at `tokens`.
    pub fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// `out`, with every error collected as a `compile_error!` beside it.
    pub fn finish(mut self, mut out: TokenStream) -> TokenStream {
        self.finished = true;
        for e in self.errors.drain(..) {
            out.extend(e.to_compile_error());
        }
        out
    }
}

#[cfg(test)]
impl Ctxt {
    /// The messages collected, in order.
    pub fn messages(mut self) -> Vec<String> {
        self.finished = true;
        self.errors.drain(..).map(|e| e.to_string()).collect()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if cfg!(test) && !self.finished && !std::thread::panicking() {
            panic!("gone-macros: an error collector was dropped without being finished");
        }
    }
}
