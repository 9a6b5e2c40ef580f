//! Writing the tokens: the handler becomes a responder that ignores the request's body and
//! arguments, the bodies and header values become string literals, and every (method, path)
//! becomes a manifest entry submitted to `inventory`. The responder is a unit struct whose
//! registration calls the runtime, or, when a route attribute has an option the runtime does
//! not take (or another attribute than docs, `cfg` and lint levels stands on the handler), an
//! `async fn` under actix-web's own route macro.
//!
//! [`gone`] reads as the table of contents; each step below it writes one part. Everything
//! emitted names the runtime through [`Runtime`]; what is emitted on error is in `fallback`.

use crate::ast::{self, Handler, Item};
use crate::attr::{self, Kind};
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::literal::{option, response_literal, schedule_literal};
use crate::private::Runtime;
use crate::route::{self, Entry, Resource, Routes};
use crate::site;
use crate::valid::{self, Config, Retirement, SunsetConfig};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Path, Visibility};

/// `#[gone]`: the handler becomes a 410 responder.
pub fn gone(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Kind::Gone, args, item)
}

/// `#[sunset]`: the handler stays live under a schedule.
pub fn sunset(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Kind::Sunset, args, item)
}

/// `#[moved]`: the handler becomes a permanent redirect.
pub fn moved(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Kind::Moved, args, item)
}

/// `#[revived]`: the handler is left as it is, and its routes are recorded as live again.
pub fn revived(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Kind::Revived, args, item)
}

/// The pipeline every kind shares: read and check the keys, read the item and its route
/// attributes once; the kind decides only what is written.
fn expand(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    let rt = Runtime::find();
    let mut cx = Ctxt::new();
    let module_args = args.clone();
    let args = attr::parse(args, kind, &mut cx);
    let manual_key = args.manual_key();
    let config = valid::check(args, &mut cx);

    let handler = match ast::parse(item.clone()) {
        Ok(Item::Handler(h)) => *h,
        Ok(Item::Module(m)) => return module(kind, *m, module_args, manual_key, &rt, cx),
        Ok(Item::Other(what)) => return fallback::not_a_function(kind, item, cx, what),
        Err(e) => return fallback::unchanged(item, cx, e),
    };
    if handler.sig.receiver().is_some() {
        return fallback::method(kind, handler, cx);
    }
    if let Some(within) = site::enclosing_impl(&handler.sig.ident) {
        return fallback::associated(kind, handler, &within, cx);
    }
    let (config, moved) = match &config {
        Config::Scheduled(schedule) => return self::schedule(rt, handler, schedule, cx),
        Config::Revived(revival) => return revive(rt, handler, revival, cx),
        Config::Removed(config) => (config, None),
        Config::Moved(config, moved) => (config, Some(moved)),
    };
    let Handler { attrs, vis, sig, .. } = handler;
    let mut routes = route::read(attrs, kind, &mut cx);
    let Some(entries) = entries(&mut routes, kind, config.manual.as_ref(), &mut cx) else {
        return fallback::responder_only(&rt, &vis, &sig.ident, config, cx);
    };

    if let Some(moved) = moved {
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        valid::check_target(moved, &paths, &mut cx);
    }
    let prefix = match moved {
        Some(_) => "__MOVED_",
        None => "__GONE_",
    };
    let mut retiring = Retiring::new(rt, sig.ident, prefix, &routes.attrs);
    retiring.moved = moved.is_some();
    let statics = match moved {
        Some(moved) => retiring.moved_static(config, moved, &entries),
        None => retiring.handler_static(config, &entries),
    };
    let (service, used) = match resources(&routes, config, entries.len()) {
        Some(resources) => retiring.unit_struct(&routes, &vis, &resources, config.manual.is_some()),
        None => retiring.actix_fn(routes, &vis),
    };
    let keep_used = retiring.keep_used(&used);
    let submits = retiring.submits(entries.len());
    cx.finish(quote!(#statics #service #keep_used #submits))
}

/// The manifest entries: the route attribute's, or for a handler registered by hand, those
/// of its `path` and `method`. `None` when there is neither, with the error said.
fn entries(
    routes: &mut Routes,
    kind: Kind,
    manual: Option<&valid::Manual>,
    cx: &mut Ctxt,
) -> Option<Vec<Entry>> {
    let from_attribute = std::mem::take(&mut routes.entries);
    match (routes.route_attr.is_some(), manual) {
        (true, None) => Some(from_attribute),
        (false, Some(m)) => Some(
            m.methods
                .iter()
                .map(|method| Entry {
                    method: method.clone(),
                    path: m.path.clone(),
                    guarded: false,
                })
                .collect(),
        ),
        (true, Some(m)) => {
            cx.spanned(
                &m.lit,
                "`path` is for a handler registered by hand, but this one has a route attribute that says its path already: remove `path` (and `method`)",
            );
            Some(from_attribute)
        }
        (false, None) => {
            let attr = kind.name();
            cx.push(syn::Error::new(
                Span::call_site(),
                format!("#[{attr}] finds no route attribute below it: write #[{attr}(...)] above #[get(\"/...\")] (or #[post], #[route], #[routes], ...), not below it; for a handler registered by hand with `.route(...)`, give its path instead: #[{attr}(path = \"/old\", ...)]"),
            ));
            None
        }
    }
}

/// The resources the runtime registers itself, when it can: every route attribute's options
/// are ones it takes, and the handler carries nothing but docs, `cfg` and lint levels beside
/// them. A handler registered by hand is one resource on its `path`.
fn resources(routes: &Routes, config: &Retirement, count: usize) -> Option<Vec<Resource>> {
    if !routes
        .attrs
        .iter()
        .filter(|a| !route::is_route(a))
        .all(passes_through)
    {
        return None;
    }
    match &config.manual {
        Some(_) if routes.route_attr.is_none() => Some(vec![Resource {
            entries: 0..count,
            name: None,
            guards: Vec::new(),
            wraps: Vec::new(),
        }]),
        _ => routes.resources.clone(),
    }
}

/// Attributes that may stand on the unit struct that replaces a directly registered
/// handler: docs, `cfg` and lint levels (not `expect`, which the struct would not fulfil).
/// Any other attribute keeps the handler a function, routed by actix-web's macro.
fn passes_through(attr: &Attribute) -> bool {
    ["doc", "cfg", "allow", "warn", "deny", "forbid"]
        .iter()
        .any(|name| attr.path().is_ident(name))
}

/// What a registration call takes of one resource.
struct ResourceArgs {
    start: usize,
    end: usize,
    /// Its name: the attribute's `name`, or the handler's.
    name: String,
    /// Its guards, each as `&path as GuardFn`, spanned on the guard's string, where a guard of
    /// the wrong type is reported.
    guards: Vec<TokenStream>,
}

/// What every part of one handler's expansion shares.
struct Retiring {
    rt: Runtime,
    name: Ident,
    /// The static holding its response and entries.
    holder: Ident,
    /// Its `#[cfg]`s, repeated on every item emitted beside it.
    cfgs: Vec<Attribute>,
    /// Whether it is a `#[moved]` handler, registered through the runtime's `*_moved` calls.
    moved: bool,
}

impl Retiring {
    /// `prefix` names the static: `__GONE_` or `__SUNSET_`.
    fn new(rt: Runtime, name: Ident, prefix: &str, attrs: &[Attribute]) -> Retiring {
        let cfgs = attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .cloned()
            .collect();
        Retiring {
            rt,
            holder: format_ident!("{}{}", prefix, name),
            name,
            cfgs,
            moved: false,
        }
    }

    /// The runtime's function for this kind of handler: `register` or `register_moved`, ...
    fn call(&self, gone: &str, moved: &str) -> Ident {
        format_ident!("{}", if self.moved { moved } else { gone })
    }

    /// [`handler_static`](Self::handler_static), for a `#[moved]` handler: its redirect and
    /// its manifest entries.
    fn moved_static(&self, config: &Retirement, moved: &valid::Moved, entries: &[Entry]) -> TokenStream {
        let Retiring {
            rt,
            name,
            holder,
            cfgs,
            ..
        } = self;
        let valid::Moved {
            to, status, reason, ..
        } = moved;
        let pieces = gone_core::target::parse(to).unwrap_or_default();
        let has_query = gone_core::target::has_query(&pieces);
        let pieces = pieces.iter().map(|p| match p {
            gone_core::target::Piece::Text(t) => quote!(#rt::Piece::Text(#t)),
            gone_core::target::Piece::Param(n) => quote!(#rt::Piece::Param(#n)),
        });
        let since = config.since.to_string();
        let reason = option(reason.as_deref());
        let cache_control = format!("public, max-age={}", config.max_age);
        let count = entries.len();
        let routes = self.route_values(entries, quote!(#rt::Moved::of(&#holder.redirect)));
        let (tracking, page) = (config.page.tracking(), config.page.runtime(rt));
        quote! {
            #(#cfgs)*
            #[doc(hidden)]
            #[allow(non_upper_case_globals)]
            static #holder: #rt::MovedHandler<#count> = #rt::MovedHandler {
                redirect: #rt::Redirect {
                    to: #to,
                    pieces: &[#(#pieces),*],
                    has_query: #has_query,
                    status: #status,
                    since: #since,
                    reason: #reason,
                    cache_control: #cache_control,
                    page: #page,
                },
                routes: {
                    #tracking
                    let _ = #name;
                    [#(#routes),*]
                },
            };
        }
    }

    /// One static per handler: its response and its manifest entries. Naming the handler
    /// there counts as a use: served from the manifest by `serve_all`, it may be named
    /// nowhere else.
    fn handler_static(&self, config: &Retirement, entries: &[Entry]) -> TokenStream {
        let Retiring {
            rt,
            name,
            holder,
            cfgs,
            ..
        } = self;
        let response = response_literal(rt, config);
        let count = entries.len();
        let routes = self.route_values(entries, quote!(#rt::Removed::of(&#holder.response)));
        let tracking = config.page.tracking();
        quote! {
            #(#cfgs)*
            #[doc(hidden)]
            #[allow(non_upper_case_globals)]
            static #holder: #rt::Handler<#count> = #rt::Handler {
                response: #response,
                routes: {
                    #tracking
                    let _ = #name;
                    [#(#routes),*]
                },
            };
        }
    }

    /// One manifest entry per route, for every kind: where it is, and `kind`, what it is (its
    /// kind's payload, pointing at the static's response, schedule or redirect).
    fn route_values<'e>(
        &'e self,
        entries: &'e [Entry],
        kind: TokenStream,
    ) -> impl Iterator<Item = TokenStream> + 'e {
        let Retiring { rt, name, .. } = self;
        let handler = name.to_string().trim_start_matches("r#").to_string();
        let line = quote_spanned!(name.span()=> ::core::line!());
        entries.iter().map(
            move |Entry {
                      method,
                      path,
                      guarded,
                  }| {
                quote! {
                    #rt::record(
                        #rt::Where::new(
                            #method, #path, #handler, ::core::module_path!(), ::core::file!(), #line,
                            #guarded,
                        ),
                        #kind,
                    )
                }
            },
        )
    }

    fn resource_args(&self, r: &Resource) -> ResourceArgs {
        let rt = &self.rt;
        ResourceArgs {
            start: r.entries.start,
            end: r.entries.end,
            name: r
                .name
                .as_ref()
                .map_or_else(|| self.name.to_string(), |n| n.value()),
            guards: r
                .guards
                .iter()
                .map(|g| quote_spanned!(g.span()=> &#g as #rt::GuardFn))
                .collect(),
        }
    }

    /// The unit struct actix-web's macro would write, registering its resources through the
    /// runtime: nothing is compiled per handler but these calls. Returns it with the route
    /// attributes it no longer invokes, to keep their imports used.
    ///
    /// Its visibility is `pub`, as actix-web makes its own with its default features
    /// (`compat`), so that a retired handler is reachable from wherever the live one was. A
    /// handler registered by hand keeps its own visibility, and is also a `Handler`, so that
    /// `.route("/old", web::get().to(old))` still compiles.
    fn unit_struct(
        &self,
        routes: &Routes,
        vis: &Visibility,
        resources: &[Resource],
        manual: bool,
    ) -> (TokenStream, Vec<Path>) {
        let Retiring {
            rt,
            name,
            holder,
            cfgs,
            ..
        } = self;
        let calls = resources.iter().map(|r| self.register(r));
        let attrs = routes.attrs.iter().filter(|a| !route::is_route(a));
        let respond = self.call("respond", "respond_moved");
        let respond = if self.moved {
            quote!(#rt::#respond(&#holder.routes, &req))
        } else {
            quote!(#rt::#respond(&#holder.routes, &#holder.response, &req))
        };
        let (vis, derive, handler) = if manual {
            let handler = quote! {
                #(#cfgs)*
                impl #rt::ActixHandler<(#rt::HttpRequest,)> for #name {
                    type Output = #rt::HttpResponse;
                    type Future = #rt::Ready<#rt::HttpResponse>;
                    fn call(&self, (req,): (#rt::HttpRequest,)) -> Self::Future {
                        #rt::ready(#respond)
                    }
                }
            };
            (vis.to_token_stream(), quote!(#[derive(Clone, Copy)]), handler)
        } else {
            (quote!(pub), TokenStream::new(), TokenStream::new())
        };
        let service = quote! {
            #(#attrs)*
            #[allow(non_camel_case_types)]
            #derive
            #vis struct #name;

            #(#cfgs)*
            impl #rt::HttpServiceFactory for #name {
                fn register(self, __gone_config: &mut #rt::AppService) {
                    #(#calls)*
                }
            }
            #handler
        };
        let used = routes.dropped.iter().chain(&routes.route_attr).cloned().collect();
        (service, used)
    }

    /// The call that registers one resource: with its middleware, if any, the user's
    /// middleware type is compiled here, once per crate.
    fn register(&self, r: &Resource) -> TokenStream {
        let Retiring { rt, holder, .. } = self;
        let ResourceArgs {
            start,
            end,
            name,
            guards,
        } = self.resource_args(r);
        let routes = quote!(&#holder.routes);
        let (register, resource) = (
            self.call("register", "register_moved"),
            self.call("resource", "moved_resource"),
        );
        if r.wraps.is_empty() {
            return quote! {
                #rt::#register(__gone_config, #routes, #start..#end, #name, &[#(#guards),*]);
            };
        }
        // Spanned on the middleware, where one of the wrong type is reported.
        let wraps = r.wraps.iter().map(|w| quote_spanned!(w.span()=> .wrap(#w)));
        let span = r.wraps.last().map_or_else(Span::call_site, |w| w.span());
        let rt = rt.at(span);
        quote_spanned! {span=>
            #rt::HttpServiceFactory::register(
                #rt::#resource(#routes, #start..#end, #name, &[#(#guards),*]) #(#wraps)*,
                __gone_config,
            );
        }
    }

    /// An `async fn` under actix-web's own route macro, rewritten so that GET answers HEAD;
    /// with the route attributes it no longer invokes.
    fn actix_fn(&self, routes: Routes, vis: &Visibility) -> (TokenStream, Vec<Path>) {
        let Retiring { rt, name, holder, .. } = self;
        let (attrs, replaced) = route::for_actix(routes.attrs, rt);
        let respond = match self.moved {
            true => quote!(#rt::respond_moved(&#holder.routes, &__gone_request)),
            false => quote!(#rt::respond(&#holder.routes, &#holder.response, &__gone_request)),
        };
        let service = quote! {
            #(#attrs)*
            #vis async fn #name(__gone_request: #rt::HttpRequest) -> #rt::HttpResponse {
                #respond
            }
        };
        (service, routes.dropped.into_iter().chain(replaced).collect())
    }

    /// Imports of route attributes the expansion no longer invokes, used again as `_`, so
    /// that retiring a handler does not make `use actix_web::get;` unused.
    fn keep_used(&self, paths: &[Path]) -> TokenStream {
        let cfgs = &self.cfgs;
        let uses = paths.iter().map(|path| {
            quote! {
                #(#cfgs)*
                #[allow(unused_imports, clippy::single_component_path_imports)]
                use #path as _;
            }
        });
        quote!(#(#uses)*)
    }

    /// One `inventory` submission per entry.
    fn submits(&self, count: usize) -> TokenStream {
        self.submits_as(count, &self.call("gone", "moved"))
    }

    /// One `inventory` submission per entry, made by `Registered`'s constructor for its kind.
    fn submits_as(&self, count: usize, registered: &Ident) -> TokenStream {
        let Retiring { rt, holder, cfgs, .. } = self;
        let submits = (0..count).map(|i| {
            quote! {
                #(#cfgs)*
                #rt::inventory::submit! { #rt::Registered::#registered(&#holder.routes[#i]) }
            }
        });
        quote!(#(#submits)*)
    }
}

/// `#[gone]` on an inline module retires every route handler in it, nested modules included:
/// each gets the module's `#[gone(...)]` unless it carries its own, which is more specific.
/// Every `#[gone]` inside is written with the runtime's path, so that the module needs no
/// import of its own. Whether `#[scope]` runs before or after, each handler's own `#[gone]`
/// runs after it.
fn module(
    kind: Kind,
    mut m: syn::ItemMod,
    args: TokenStream,
    manual_key: Option<TokenStream>,
    rt: &Runtime,
    mut cx: Ctxt,
) -> TokenStream {
    if let Some(key) = manual_key {
        cx.spanned(
            key,
            "`path` and `method` name one handler registered by hand: put them on that handler's own #[gone], not on the module",
        );
    }
    let args = if cx.has_errors() {
        fallback::module_args(kind)
    } else {
        args
    };
    let mut retired = 0;
    let attr = format_ident!("{}", kind.name());
    mark_handlers(&mut m, &quote!(#rt::#attr(#args)), rt, &mut retired, &mut cx);
    if retired == 0 && !cx.has_errors() {
        let message = format!(
            "#[{}] on a module {} the route handlers in it, and `{}` has none: put it above a module whose `async fn`s carry #[get(...)], #[post(...)], ... attributes",
            kind.name(),
            kind.verb(),
            m.ident
        );
        cx.spanned(&m.ident, message);
    }
    cx.finish(m.into_token_stream())
}

/// Gives every route handler in `m` the module's attribute (`attr`, with the runtime's path),
/// unless it has its own, which is written with the runtime's path too.
///
/// A handler's path actix-web could not route is reported here, once, and defused, since
/// actix-web's `#[scope]` below the module reads it before the handler's own attribute runs.
fn mark_handlers(m: &mut syn::ItemMod, attr: &TokenStream, rt: &Runtime, retired: &mut usize, cx: &mut Ctxt) {
    let Some((_, items)) = &mut m.content else {
        return;
    };
    for item in items {
        match item {
            syn::Item::Fn(f) => {
                for a in f.attrs.iter_mut() {
                    route::defuse_path(a, cx);
                }
                if let Some(own) = f.attrs.iter_mut().find(|a| route::is_retirement(a)) {
                    *retired += 1;
                    let path = match &mut own.meta {
                        syn::Meta::Path(path) => path,
                        syn::Meta::List(list) => &mut list.path,
                        syn::Meta::NameValue(nv) => &mut nv.path,
                    };
                    if let Some(name) = path.segments.last().map(|s| s.ident.clone()) {
                        *path = syn::parse_quote!(#rt::#name);
                    }
                } else if f.attrs.iter().any(route::is_route) {
                    *retired += 1;
                    f.attrs.insert(0, syn::parse_quote!(#[#attr]));
                }
            }
            syn::Item::Mod(inner) => mark_handlers(inner, attr, rt, retired, cx),
            _ => {}
        }
    }
}

/// `#[sunset]` on a handler: the handler stays as it is, registered with the runtime's
/// middleware for its schedule around it (outermost, after any `wrap` of the user's, so that
/// every response of the route carries the headers and a brownout or the cut-over answers
/// before anything else runs); a GET also answers HEAD. One static holds the schedule, with
/// every body and header value written now.
fn schedule(rt: Runtime, handler: Handler, config: &SunsetConfig, mut cx: Ctxt) -> TokenStream {
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let mut routes = route::read(attrs, Kind::Sunset, &mut cx);
    let body = fallback::body_or_semicolon(body);
    if routes.route_attr.is_none() {
        cx.push(syn::Error::new(
            Span::call_site(),
            "#[sunset] schedules a live handler that actix-web routes by its route attribute, and finds none below it: write #[sunset(...)] above #[get(\"/...\")] (or #[post], #[route], #[routes], ...), not below it; a handler registered by hand with `.route(...)` cannot be scheduled: give it a route attribute",
        ));
        let attrs = &routes.attrs;
        return cx.finish(quote!(#(#attrs)* #vis #sig #body));
    }
    let entries = std::mem::take(&mut routes.entries);
    let retiring = Retiring::new(rt, sig.ident.clone(), "__SUNSET_", &routes.attrs);
    let Retiring { rt, holder, cfgs, .. } = &retiring;
    let schedule = schedule_literal(rt, config);
    let count = entries.len();
    // A schedule is kept whatever the guard says: the manifest marks no sunset route guarded.
    let unguarded: Vec<Entry> = entries
        .iter()
        .map(|e| Entry {
            method: e.method.clone(),
            path: e.path.clone(),
            guarded: false,
        })
        .collect();
    let route_values = retiring.route_values(&unguarded, quote!(#rt::Scheduled::of(&#holder.schedule)));
    let (service, used) = match direct_sunset(&routes) {
        Some(resources) => retiring.scheduled_struct(&routes, &sig, &body, &resources),
        None => retiring.scheduled_fn(routes, &vis, &sig, &body),
    };
    let keep_used = retiring.keep_used(&used);
    let submits = retiring.submits_as(count, &format_ident!("sunset"));
    let tracking = config.page.tracking();
    cx.finish(quote! {
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #holder: #rt::SunsetHandler<#count> = #rt::SunsetHandler {
            schedule: #schedule,
            routes: {
                #tracking
                [#(#route_values),*]
            },
        };

        #service
        #keep_used
        #submits
    })
}

/// `#[revived]` on a handler: the handler exactly as written, route attributes and all (it is
/// live, and actix-web routes it), and beside it one static of its manifest entries, each
/// submitted to `inventory`.
fn revive(rt: Runtime, handler: Handler, revival: &valid::Revival, mut cx: Ctxt) -> TokenStream {
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let mut routes = route::read(attrs, Kind::Revived, &mut cx);
    let entries = entries(&mut routes, Kind::Revived, revival.manual.as_ref(), &mut cx);
    let body = fallback::body_or_semicolon(body);
    let retiring = Retiring::new(rt, sig.ident.clone(), "__REVIVED_", &routes.attrs);
    let keep_used = retiring.keep_used(&routes.dropped);
    let attrs = &routes.attrs;
    let live = quote!(#(#attrs)* #vis #sig #body #keep_used);
    let Some(entries) = entries else {
        return cx.finish(live);
    };
    let Retiring { rt, holder, cfgs, .. } = &retiring;
    let (since, reason) = (revival.since.to_string(), &revival.reason);
    let count = entries.len();
    let route_values = retiring.route_values(&entries, quote!(#rt::Revived::of(&#holder.revival)));
    let submits = retiring.submits_as(count, &format_ident!("revived"));
    cx.finish(quote! {
        #live

        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #holder: #rt::RevivedHandler<#count> = #rt::RevivedHandler {
            revival: #rt::Revival { since: #since, reason: #reason },
            routes: [#(#route_values),*],
        };

        #submits
    })
}

/// The resources of a scheduled handler the runtime can register itself: when its route
/// attributes ask for paths, methods, names and guards only (no `wrap`), and it carries
/// nothing but docs, `cfg` and lint levels beside them.
fn direct_sunset(routes: &Routes) -> Option<Vec<Resource>> {
    let others_pass = routes
        .attrs
        .iter()
        .filter(|a| !route::is_route(a))
        .all(passes_through);
    let resources = routes.resources.clone()?;
    (others_pass && resources.iter().all(|r| r.wraps.is_empty())).then_some(resources)
}

impl Retiring {
    /// The unit struct actix-web's macro would write, the handler inside its `register` as
    /// actix-web puts it, each resource built by the runtime's `sunset_resource` (its guards
    /// and the schedule's middleware, compiled once) and given the handler.
    fn scheduled_struct(
        &self,
        routes: &Routes,
        sig: &syn::Signature,
        body: &TokenStream,
        resources: &[Resource],
    ) -> (TokenStream, Vec<Path>) {
        let Retiring {
            rt,
            name,
            holder,
            cfgs,
            ..
        } = self;
        let calls = resources.iter().map(|r| {
            let ResourceArgs {
                start,
                end,
                name: resource_name,
                guards,
            } = self.resource_args(r);
            quote! {
                #rt::HttpServiceFactory::register(
                    #rt::sunset_resource(&#holder, #start..#end, #resource_name, &[#(#guards),*])
                        .to(#name),
                    __gone_config,
                );
            }
        });
        let attrs = routes.attrs.iter().filter(|a| !route::is_route(a));
        let lints = routes.attrs.iter().filter(|a| {
            ["allow", "warn", "deny", "forbid"]
                .iter()
                .any(|n| a.path().is_ident(n))
        });
        let service = quote! {
            #(#attrs)*
            #[allow(non_camel_case_types)]
            pub struct #name;

            #(#cfgs)*
            impl #rt::HttpServiceFactory for #name {
                fn register(self, __gone_config: &mut #rt::AppService) {
                    #(#lints)*
                    #sig #body
                    #(#calls)*
                }
            }
        };
        let used = routes.dropped.iter().chain(&routes.route_attr).cloned().collect();
        (service, used)
    }

    /// The handler under actix-web's own route macro, each route attribute gaining the
    /// schedule's middleware as its last `wrap` (outermost, after the user's own), and a GET
    /// answering HEAD too.
    fn scheduled_fn(
        &self,
        mut routes: Routes,
        vis: &Visibility,
        sig: &syn::Signature,
        body: &TokenStream,
    ) -> (TokenStream, Vec<Path>) {
        let Retiring { rt, holder, .. } = self;
        let wrap_path = rt.to_token_stream().to_string();
        for (at, range) in &routes.registrations {
            let wrap = format!(
                "{wrap_path}::SunsetWrap::new(&{holder}, {}..{})",
                range.start, range.end
            );
            if let Some(syn::Meta::List(list)) = routes.attrs.get_mut(*at).map(|a| &mut a.meta) {
                let tokens = &list.tokens;
                list.tokens = quote!(#tokens, wrap = #wrap);
            }
        }
        let (attrs, replaced) = route::for_actix(std::mem::take(&mut routes.attrs), rt);
        let service = quote! {
            #(#attrs)*
            #vis #sig #body
        };
        (service, routes.dropped.into_iter().chain(replaced).collect())
    }
}
