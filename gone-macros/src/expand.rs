//! Writing the tokens: the handler becomes a responder that ignores the request's body and
//! arguments, the bodies and header values become string literals, and every (method, path)
//! becomes a manifest entry submitted to `inventory`. The responder is a unit struct whose
//! registration calls the runtime, or, when a route attribute has an option the runtime does
//! not take (or another attribute than docs, `cfg` and lint levels stands on the handler), an
//! `async fn` under actix-web's own route macro.
//!
//! Everything emitted refers to the runtime through `::gone_runtime::__private`.

use crate::ast::{self, Handler, Item};
use crate::attr::{self, push};
use crate::fallback;
use crate::route::{self, Routes};
use crate::valid::{self, Config};
use gone_core::Response;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::Attribute;

pub fn gone(args: TokenStream, item: TokenStream) -> TokenStream {
    let tokens = args.clone();
    let (args, mut errors) = attr::parse(args);
    let manual_keys = args
        .path
        .clone()
        .map(|p| p.into_token_stream())
        .or_else(|| args.method.as_ref().map(|(key, _)| key.into_token_stream()));
    let config = valid::check(args, &mut errors);

    let handler = match ast::parse(item.clone()) {
        Ok(Item::Module(m)) => return module(*m, tokens, manual_keys, errors),
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
    let entries: Vec<route::Entry> = match (routes.route_attr.is_some(), manual) {
        (true, None) => routes.entries,
        (false, Some(m)) => m
            .methods
            .iter()
            .map(|meth| route::Entry {
                method: meth.clone(),
                path: m.path.value(),
                guarded: false,
            })
            .collect(),
        (true, Some(m)) => {
            push(
                &mut errors,
                syn::Error::new_spanned(
                    &m.path,
                    "`path` is for a handler registered by hand, but this one has a route attribute that says its path already: remove `path` (and `method`)",
                ),
            );
            routes.entries
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

    let handler_ident = format_ident!("__GONE_{}", name);
    let Routes {
        attrs,
        route_attr,
        dropped,
        resources,
        ..
    } = routes;
    let cfgs: Vec<Attribute> = attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .cloned()
        .collect();
    let response = response_literal(&config);
    let handler_name = name.to_string().trim_start_matches("r#").to_string();
    let line = quote_spanned!(name.span()=> ::core::line!());
    let count = entries.len();
    let route_values = entries.iter().map(
        |route::Entry {
             method,
             path,
             guarded,
         }| {
            quote! {
                ::gone_runtime::__private::RetiredRoute::new(
                    #method, #path, #handler_name,
                    ::core::module_path!(), ::core::file!(), #line,
                    #guarded, &#handler_ident.response,
                )
            }
        },
    );
    let submits = (0..count).map(|i| {
        quote! {
            #(#cfgs)*
            ::gone_runtime::__private::inventory::submit! {
                ::gone_runtime::__private::Registered(&#handler_ident.routes[#i])
            }
        }
    });
    // Beside its route attributes, the handler may carry docs, `cfg` and lint levels, which the
    // struct takes over; anything else keeps it a function.
    let others = || attrs.iter().filter(|a| !route::is_route(a));
    let resources = resources.filter(|_| others().all(passes_through));
    let (service, keep_used) = match resources {
        // The route attributes ask for nothing but paths, methods, names, guards and
        // middleware: the runtime registers the routes as actix-web's macro would, and
        // nothing is compiled per handler but these calls.
        Some(resources) => {
            let calls = resources.iter().map(|r| {
                let (start, end) = (r.entries.start, r.entries.end);
                let name = r.name.as_ref().map_or_else(|| name.to_string(), |n| n.value());
                // Spanned on the guard's string, where a guard of the wrong type is reported.
                let guards = r
                    .guards
                    .iter()
                    .map(|g| quote_spanned!(g.span()=> &#g as ::gone_runtime::__private::GuardFn));
                let routes = quote!(&#handler_ident.routes);
                if r.wraps.is_empty() {
                    return quote! {
                        ::gone_runtime::__private::register(
                            __gone_config, #routes, #start..#end, #name, &[#(#guards),*],
                        );
                    };
                }
                // The middleware is the user's type: only this call is compiled per handler.
                // Spanned on the middleware, where one of the wrong type is reported.
                let wraps = r.wraps.iter().map(|w| quote_spanned!(w.span()=> .wrap(#w)));
                let span = r.wraps.last().map_or_else(Span::call_site, |w| w.span());
                quote_spanned! {span=>
                    ::gone_runtime::__private::HttpServiceFactory::register(
                        ::gone_runtime::__private::resource(
                            #routes, #start..#end, #name, &[#(#guards),*],
                        )
                        #(#wraps)*,
                        __gone_config,
                    );
                }
            });
            let others = others();
            let service = quote! {
                #(#others)*
                #[allow(non_camel_case_types)]
                #vis struct #name;

                #(#cfgs)*
                impl ::gone_runtime::__private::HttpServiceFactory for #name {
                    fn register(self, __gone_config: &mut ::gone_runtime::__private::AppService) {
                        #(#calls)*
                    }
                }
            };
            (service, dropped.into_iter().chain(route_attr).collect::<Vec<_>>())
        }
        None => {
            let (attrs, replaced) = route::for_actix(attrs);
            let service = quote! {
                #(#attrs)*
                #vis async fn #name(
                    __gone_request: ::gone_runtime::__private::HttpRequest,
                ) -> ::gone_runtime::__private::HttpResponse {
                    ::gone_runtime::__private::respond(&#handler_ident.routes, &#handler_ident.response, &__gone_request)
                }
            };
            (service, dropped.into_iter().chain(replaced).collect())
        }
    };
    let keep_used = keep_used.iter().map(|path| {
        quote! {
            #(#cfgs)*
            #[allow(unused_imports, clippy::single_component_path_imports)]
            use #path as _;
        }
    });
    let out = quote! {
        // One static per handler: its response and its manifest entries. Naming the handler
        // here counts as a use: served from the manifest by `serve_all`, it may be named
        // nowhere else.
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #handler_ident: ::gone_runtime::__private::Handler<#count> = ::gone_runtime::__private::Handler {
            response: #response,
            routes: {
                let _ = #name;
                [#(#route_values),*]
            },
        };

        #service
        #(#keep_used)*
        #(#submits)*
    };
    with_errors(out, errors)
}

/// Attributes that may stand on the unit struct that replaces a directly registered
/// handler: docs, `cfg` and lint levels (not `expect`, which the struct would not fulfil).
/// Any other attribute keeps the handler a function, routed by actix-web's macro.
fn passes_through(attr: &Attribute) -> bool {
    ["doc", "cfg", "allow", "warn", "deny", "forbid"]
        .iter()
        .any(|name| attr.path().is_ident(name))
}

/// `#[gone]` on an inline module retires every route handler in it, nested modules included:
/// each gets the module's `#[gone(...)]` unless it carries its own, which is more specific.
/// Whether `#[scope]` runs before or after, each handler's own `#[gone]` runs after it.
fn module(
    mut m: syn::ItemMod,
    args: TokenStream,
    manual_keys: Option<TokenStream>,
    mut errors: Option<syn::Error>,
) -> TokenStream {
    if let Some(key) = manual_keys {
        push(
            &mut errors,
            syn::Error::new_spanned(
                key,
                "`path` and `method` name one handler registered by hand: put them on that handler's own #[gone], not on the module",
            ),
        );
    }
    // With bad arguments, the handlers still become responders (with placeholders), so that
    // one mistake gives one message rather than one per handler and their old bodies.
    let args = if errors.is_some() {
        let (since, reason) = (fallback::since().to_string(), fallback::reason());
        quote!(since = #since, reason = #reason)
    } else {
        args
    };
    let mut retired = 0;
    mark_handlers(&mut m, &args, &mut retired);
    if retired == 0 && errors.is_none() {
        let message = format!(
            "#[gone] on a module retires the route handlers in it, and `{}` has none: put it above a module whose `async fn`s carry #[get(...)], #[post(...)], ... attributes",
            m.ident
        );
        push(&mut errors, syn::Error::new_spanned(&m.ident, message));
    }
    with_errors(m.into_token_stream(), errors)
}

fn mark_handlers(m: &mut syn::ItemMod, args: &TokenStream, retired: &mut usize) {
    let Some((_, items)) = &mut m.content else {
        return;
    };
    for item in items {
        match item {
            syn::Item::Fn(f) if f.attrs.iter().any(route::is_route) => {
                *retired += 1;
                if !f.attrs.iter().any(route::is_gone) {
                    f.attrs
                        .insert(0, syn::parse_quote!(#[::gone_runtime::gone(#args)]));
                }
            }
            syn::Item::Mod(inner) => mark_handlers(inner, args, retired),
            _ => {}
        }
    }
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
    let response = response_literal(config);
    quote! {
        #vis async fn #name(
            __gone_request: ::gone_runtime::__private::HttpRequest,
        ) -> ::gone_runtime::__private::HttpResponse {
            static __GONE: ::gone_runtime::__private::Retired = #response;
            ::gone_runtime::__private::respond(&[], &__GONE, &__gone_request)
        }
    }
}

/// The `Retired` value: bodies and header values written now, as literals.
fn response_literal(config: &Config) -> TokenStream {
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
        ::gone_runtime::__private::Retired {
            since: #since,
            reason: #reason,
            link: #link_url,
            json: #json,
            html: #html,
            text: #text,
            cache_control: #cache_control,
            sunset: #sunset,
            link_header: #link,
        }
    }
}

fn option(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}
