//! The one place the path to the runtime is written. Everything the expansion emits names
//! gone-runtime through [`Runtime`], which prints `::<crate>::__private`, where `<crate>` is
//! the name under which the user's Cargo.toml depends on gone-runtime: a renamed dependency
//! (`retire = { package = "gone-runtime", ... }`) works as it is, with nothing to configure.
//!
//! The name is read from the user's Cargo.toml with `proc-macro-crate`, as the macros of
//! parity-scale-codec and frame-support find their renamed crates. serde and tokio instead ask
//! the user to say `#[serde(crate = "...")]`; that is a workaround each use must repeat, and a
//! renamed gone-runtime would fail until every attribute says it.

use proc_macro2::{Ident, Span, TokenStream};
use proc_macro_crate::{crate_name, FoundCrate};
use quote::{quote_spanned, ToTokens};

/// `::<gone-runtime's name>::__private`.
#[derive(Clone)]
pub struct Runtime(Ident);

impl Runtime {
    /// The runtime as the crate being compiled names it. Where that cannot be read (no
    /// Cargo.toml, or gone-runtime's own tests and doctests, which name it `gone_runtime`),
    /// its own name.
    pub fn find() -> Runtime {
        let name = match crate_name("gone-runtime") {
            Ok(FoundCrate::Name(name)) => name,
            Ok(FoundCrate::Itself) | Err(_) => "gone_runtime".to_string(),
        };
        let name =
            syn::parse_str::<Ident>(&name).unwrap_or_else(|_| Ident::new("gone_runtime", Span::call_site()));
        Runtime(name)
    }

    /// The same path, spanned on `span`: for tokens whose type errors should point at the
    /// user's code rather than at the attribute.
    pub fn at(&self, span: Span) -> Runtime {
        let mut name = self.0.clone();
        name.set_span(span);
        Runtime(name)
    }
}

impl ToTokens for Runtime {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let name = &self.0;
        tokens.extend(quote_spanned!(name.span()=> ::#name::__private));
    }
}
