//! The `#[gone]`, `#[sunset]`, `#[moved]` and `#[revived]` attributes, and `removed!`. Use it through `gone-runtime`, which re-exports it and holds
//! everything the expansion refers to: `use gone_runtime::gone;`.
//!
//! The stages live in files named for them: `attr.rs` reads the attribute's keys, `valid.rs`
//! checks their values into one `Config` by kind, `ast.rs` reads the item under the
//! attribute, `route.rs` reads actix-web's route attributes on it, `literal.rs` renders the
//! responses and schedules, `expand.rs` writes the tokens, and `fallback.rs` says what is
//! written when something is wrong. `ctxt.rs` collects the errors of every stage, and
//! `private.rs` writes the one path to the runtime that the expansion names. The modules
//! import each other in layers, never in a circle: see `layers::LAYERS` below.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod list;
mod literal;
mod page;
mod private;
mod route;
mod site;
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

/// Records that a retired route is live again, on purpose: the handler is unchanged, and its
/// routes join the manifest's `revived` list. See the `gone-runtime` crate.
#[proc_macro_attribute]
pub fn revived(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::revived(args.into(), item.into()).into()
}

/// Serves a list of removed paths, read from a CSV file at compile time. See
/// `gone_runtime::removed!`.
#[proc_macro]
pub fn removed(input: TokenStream) -> TokenStream {
    list::removed(input.into()).into()
}

/// The site's own page, for the app's data. See `gone_runtime::page!`.
#[proc_macro]
pub fn page(input: TokenStream) -> TokenStream {
    page::page_macro(input.into()).into()
}

#[cfg(test)]
mod layers {
    /// The modules, bottom up: the error collector and the runtime's path; the keys read, the
    /// item read, the keys checked; the route attributes read; the literals rendered; what is
    /// written on error; the expansion; the fuzz loop over it all.
    const LAYERS: &[&str] = &[
        "ctxt", "private", "site", "attr", "ast", "page", "valid", "route", "literal", "list", "fallback",
        "expand", "fuzz",
    ];

    /// Each module's code names only modules below it in [`LAYERS`] (doc comments may link
    /// anywhere), so there is no circle; and every module of lib.rs has its place.
    #[test]
    fn modules_import_only_the_layers_below() {
        let faults = gone_core::layers::faults(concat!(env!("CARGO_MANIFEST_DIR"), "/src"), LAYERS);
        assert!(faults.is_empty(), "imports against the layers: {faults:?}");
    }
}
