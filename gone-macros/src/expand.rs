//! Writing the tokens: the handler becomes a responder that ignores the request's body and
//! arguments, the bodies and header values become string literals, and every (method, path)
//! becomes a manifest entry submitted to `inventory`.
//!
//! Everything emitted refers to the runtime through `::gone_runtime::__private`.

use crate::ast::{self, Handler, Item};
use crate::attr::{self, push};
use crate::fallback;
use crate::route;
use crate::valid::{self, Config};
use gone_core::Response;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Attribute;

pub fn gone(args: TokenStream, item: TokenStream) -> TokenStream {
    let (args, mut errors) = attr::parse(args);
    let config = valid::check(args, &mut errors);

    let handler = match ast::parse(item.clone()) {
        Ok(Item::Handler(h)) => *h,
        Ok(Item::Other(what)) => {
            let message = format!(
                "#[gone] retires a route handler, not {}: put it on an `async fn`, above its route attribute: #[gone(...)] #[get(\"/old\")] async fn old() {{}}",
                item_kind(&what)
            );
            return fallback::unchanged(item, syn::Error::new_spanned(what, message));
        }
        Err(e) => return fallback::unchanged(item, e),
    };
    if let Some(receiver) = handler.sig.receiver() {
        let e = syn::Error::new_spanned(
            receiver,
            "#[gone] retires a free handler function, not a method: actix-web routes `async fn`s without `self`",
        );
        return fallback::unchanged(restore(handler), e);
    }

    let Handler {
        attrs,
        vis,
        sig,
        body: _,
    } = handler;
    let name = &sig.ident;
    let routes = route::read(attrs, &mut errors);

    let manual = config.manual.as_ref();
    let entries: Vec<(String, String)> = match (routes.found, manual) {
        (true, None) => routes.entries.clone(),
        (false, Some(m)) => m
            .methods
            .iter()
            .map(|meth| (meth.clone(), m.path.value()))
            .collect(),
        (true, Some(m)) => {
            push(
                &mut errors,
                syn::Error::new_spanned(
                    &m.path,
                    "`path` is for a handler registered by hand, but this one has a route attribute that says its path already: remove `path` (and `method`)",
                ),
            );
            routes.entries.clone()
        }
        (false, None) => {
            push(
                &mut errors,
                syn::Error::new(
                    Span::call_site(),
                    "#[gone] finds no route attribute below it: write #[gone(...)] above #[get(\"/...\")] (or #[post], #[route], #[routes], ...), not below it; for a handler registered by hand with `.route(...)`, give its path instead: #[gone(path = \"/old\", ...)]",
                ),
            );
            // Most likely written below `#[get]`, inside actix-web's expansion, where only a
            // function may stand: a responder alone, with nothing submitted.
            return with_errors(responder_only(&vis, name, &config), errors);
        }
    };

    let response_ident = format_ident!("__GONE_{}", name);
    let cfgs: Vec<&Attribute> = routes.attrs.iter().filter(|a| a.path().is_ident("cfg")).collect();
    let response = response_static(&response_ident, &config);
    let handler_name = name.to_string().trim_start_matches("r#").to_string();
    let line = quote_spanned!(name.span()=> ::core::line!());
    let submits = entries.iter().map(|(method, path)| {
        quote! {
            #(#cfgs)*
            ::gone_runtime::__private::inventory::submit! {
                ::gone_runtime::__private::RetiredRoute::new(
                    #method, #path, #handler_name,
                    ::core::module_path!(), ::core::file!(), #line,
                    &#response_ident,
                )
            }
        }
    });
    let keep_used = routes.keep_used.iter().map(|path| {
        quote! {
            #(#cfgs)*
            #[allow(unused_imports, clippy::single_component_path_imports)]
            use #path as _;
        }
    });
    let out = quote! {
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #response_ident: ::gone_runtime::__private::Retired = #response;

        #routes
        #vis async fn #name(
            __gone_request: ::gone_runtime::__private::HttpRequest,
        ) -> ::gone_runtime::__private::HttpResponse {
            ::gone_runtime::__private::respond(&#response_ident, &__gone_request)
        }

        #(#keep_used)*
        #(#submits)*
    };
    with_errors(out, errors)
}

/// "a struct", "an impl block": what the item under `#[gone]` is, in words.
fn item_kind(keyword: &proc_macro2::TokenTree) -> String {
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

fn with_errors(mut out: TokenStream, errors: Option<syn::Error>) -> TokenStream {
    if let Some(e) = errors {
        out.extend(e.to_compile_error());
    }
    out
}

fn restore(h: Handler) -> TokenStream {
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = h;
    let body = match body {
        Some(b) => quote!(#b),
        None => quote!(;),
    };
    quote!(#(#attrs)* #vis #sig #body)
}

/// The retired responder with its response inline and nothing beside it, for places where
/// only a function may stand.
fn responder_only(vis: &syn::Visibility, name: &syn::Ident, config: &Config) -> TokenStream {
    let response = response_static(&format_ident!("__GONE"), config);
    quote! {
        #vis async fn #name(
            __gone_request: ::gone_runtime::__private::HttpRequest,
        ) -> ::gone_runtime::__private::HttpResponse {
            static __GONE: ::gone_runtime::__private::Retired = #response;
            ::gone_runtime::__private::respond(&__GONE, &__gone_request)
        }
    }
}

/// The `Retired` value: bodies and header values written now, as literals.
fn response_static(_ident: &syn::Ident, config: &Config) -> TokenStream {
    let Response {
        json,
        html,
        text,
        cache_control,
        sunset,
        link,
    } = Response::render(
        &config.reason,
        Some(config.since),
        config.link.as_deref(),
        config.max_age,
    );
    let since = config.since.to_string();
    let reason = &config.reason;
    let link_url = option(config.link.as_deref());
    let link = option(link.as_deref());
    let sunset = sunset.unwrap_or_default();
    quote! {
        ::gone_runtime::__private::Retired::new(::gone_runtime::__private::Parts {
            since: #since,
            reason: #reason,
            link: #link_url,
            json: #json,
            html: #html,
            text: #text,
            cache_control: #cache_control,
            sunset: #sunset,
            link_header: #link,
        })
    }
}

fn option(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}
