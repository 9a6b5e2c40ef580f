//! The `#[gone]`, `#[sunset]` and `#[moved]` attributes. Use it through `gone-runtime`, which re-exports it and holds
//! everything the expansion refers to: `use gone_runtime::gone;`.
//!
//! The stages live in files named for them: `attr.rs` reads the attribute's keys, `valid.rs`
//! checks their values, `ast.rs` reads the item under the attribute, `route.rs` reads
//! actix-web's route attributes on it, `expand.rs` writes the tokens, and `fallback.rs` says
//! what is written when something is wrong. `ctxt.rs` collects the errors of every stage, and
//! `private.rs` writes the one path to the runtime that the expansion names.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod private;
mod route;
mod valid;

#[cfg(test)]
mod fuzz;

use proc_macro::TokenStream;

/// Retires an actix-web route handler: it answers `410 Gone` and is listed in the removal
/// manifest. See the `gone-runtime` crate for the documentation and examples.
#[proc_macro_attribute]
pub fn gone(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::gone(args.into(), item.into()).into()
}

/// Schedules an actix-web route handler's retirement: deprecation headers now, brownouts,
/// and `410 Gone` from its date on, with no deploy. See the `gone-runtime` crate.
#[proc_macro_attribute]
pub fn sunset(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::sunset(args.into(), item.into()).into()
}

/// Moves an actix-web route handler: it answers a permanent redirect (308, or 301) to its new
/// address and is listed in the manifest. See the `gone-runtime` crate.
#[proc_macro_attribute]
pub fn moved(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::moved(args.into(), item.into()).into()
}
