//! What the macro writes when something is wrong. The item it emits beside the errors is the
//! same working responder a valid attribute would give, filled with these placeholders, so
//! neither actix-web's macro nor the old body adds a second message.

use crate::ast::Handler;
use crate::attr::Kind;
use crate::ctxt::Ctxt;
use crate::literal::response_literal;
use crate::private::Runtime;
use crate::route::is_route;
use crate::valid::{placeholder_reason, placeholder_since, Retirement};
use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::{Attribute, Ident, Visibility};

/// The item as it was, with the errors beside it: for things `#[gone]` cannot turn into a
/// responder (a struct, a method), changing them would only add errors elsewhere.
pub fn unchanged(item: TokenStream, mut cx: Ctxt, error: syn::Error) -> TokenStream {
    cx.push(error);
    cx.finish(item)
}

/// `#[gone]` on something that is not a function: say what it is, and what to write.
pub fn not_a_function(kind: Kind, item: TokenStream, cx: Ctxt, what: TokenTree) -> TokenStream {
    let message = match kind {
        Kind::Gone => format!(
            "#[gone] retires a route handler, not {}: put it on an `async fn`, above its route attribute: #[gone(...)] #[get(\"/old\")] async fn old() {{}}",
            item_kind(&what)
        ),
        Kind::Sunset => format!(
            "#[sunset] schedules a route handler, not {}: put it on an `async fn`, above its route attribute: #[sunset(...)] #[get(\"/v1/users\")] async fn users_v1() -> HttpResponse {{ ... }}",
            item_kind(&what)
        ),
        Kind::Moved => format!(
            "#[moved] moves a route handler, not {}: put it on an `async fn`, above its route attribute: #[moved(to = \"/v2/users/{{id}}\", since = ...)] #[get(\"/v1/users/{{id}}\")] async fn user_v1() {{}}",
            item_kind(&what)
        ),
        Kind::Revived => format!(
            "#[revived] records that a retired route handler is live again, and this is {}: put it on the live `async fn`, above its route attribute: #[revived(since = \"2025-09-01\", reason = \"...\")] #[get(\"/old\")] async fn old() -> HttpResponse {{ ... }}",
            item_kind(&what)
        ),
    };
    unchanged(item, cx, syn::Error::new_spanned(what, message))
}

/// `#[gone]` on a method: the method as it was, and the error on its receiver.
pub fn method(kind: Kind, handler: Handler, cx: Ctxt) -> TokenStream {
    let Some(receiver) = handler.sig.receiver() else {
        return cx.finish(TokenStream::new());
    };
    let e = syn::Error::new_spanned(
        receiver,
        format!(
            "#[{}] {} a free handler function, not a method: actix-web routes `async fn`s without `self`",
            kind.name(),
            kind.verb()
        ),
    );
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let body = body_or_semicolon(body);
    unchanged(quote!(#(#attrs)* #vis #sig #body), cx, e)
}

/// `#[gone]` on an associated function without `self`, written in the body of `impl`: the
/// function as it was but for its route attributes (whose expansion, a struct and an `impl`,
/// has no place there), and one error on its name.
pub fn associated(kind: Kind, handler: Handler, within: &str, cx: Ctxt) -> TokenStream {
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let e = syn::Error::new_spanned(
        &sig.ident,
        format!(
            "#[{}] {} a free handler function, but `{}` is an associated function of `{within}`: actix-web's route attributes take free `async fn`s only; move `{}` out of `{within}`, to the module",
            kind.name(),
            kind.verb(),
            sig.ident,
            sig.ident
        ),
    );
    // The route attributes' imports stay used, without a `use` item (none may stand in an
    // `impl`): in a block of an associated constant.
    let routes: Vec<&Attribute> = attrs.iter().filter(|a| is_route(a)).collect();
    let uses = routes.iter().map(|a| a.path());
    let keep_used = format_ident!("__gone_uses_{}", sig.ident);
    let keep_used = (!routes.is_empty()).then(|| {
        quote! {
            #[doc(hidden)]
            #[allow(non_upper_case_globals, clippy::single_component_path_imports)]
            const #keep_used: () = { #(use #uses as _;)* };
        }
    });
    let attrs = attrs.iter().filter(|a| !is_route(a));
    let body = body_or_semicolon(body);
    let item = quote!(#(#attrs)* #vis #sig #body #keep_used);
    unchanged(item, cx, e)
}

/// The retired responder with its response inline and nothing beside it, for places where
/// only a function may stand: most likely `#[gone]` written below `#[get]`, inside
/// actix-web's expansion.
pub fn responder_only(
    rt: &Runtime,
    vis: &Visibility,
    name: &Ident,
    config: &Retirement,
    cx: Ctxt,
) -> TokenStream {
    let response = response_literal(rt, config);
    let tracking = config.page.tracking();
    cx.finish(quote! {
        #vis async fn #name(__gone_request: #rt::HttpRequest) -> #rt::HttpResponse {
            #tracking
            static __GONE: #rt::Retired = #response;
            #rt::respond(&[], &__GONE, &__gone_request)
        }
    })
}

/// The arguments a module passes to its handlers when its own are wrong: placeholders, so
/// that one mistake gives one message rather than one per handler.
pub fn module_args(kind: Kind) -> TokenStream {
    let (since, reason) = (placeholder_since().to_string(), placeholder_reason());
    match kind {
        Kind::Gone => quote!(since = #since, reason = #reason),
        Kind::Sunset => quote!(deprecated = #since, on = #since, reason = #reason),
        Kind::Moved => quote!(to = "/", since = #since),
        Kind::Revived => quote!(since = #since, reason = #reason),
    }
}

/// "a struct", "an impl block": what the item under `#[gone]` is, in words.
fn item_kind(keyword: &TokenTree) -> String {
    let word = keyword.to_string();
    match word.as_str() {
        "struct" | "enum" | "union" | "trait" | "const" | "static" => {
            let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {word}")
        }
        "impl" => "an impl block".into(),
        "mod" => "a module".into(),
        "type" => "a type alias".into(),
        "use" => "a `use` declaration".into(),
        "extern" => "an extern block".into(),
        "macro_rules" => "a macro".into(),
        _ => format!("`{word}`"),
    }
}

/// A function's body as it was written, or the `;` of one declared without.
pub fn body_or_semicolon(body: Option<proc_macro2::Group>) -> TokenStream {
    match body {
        Some(b) => quote!(#b),
        None => quote!(;),
    }
}
