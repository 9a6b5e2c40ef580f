//! Reading actix-web's route attributes on the handler: which (method, path) pairs it serves,
//! for the manifest, and whether the runtime can register them itself ([`read`]); otherwise
//! the small rewrites that make a retired GET route answer HEAD too when actix-web's macro
//! routes it ([`for_actix`]).
//!
//! By the time `#[gone]` runs, an enclosing `#[scope("/prefix")]` has already prefixed the
//! paths, so they are the full paths actix-web registers.

use crate::attr::{self, lit_str};
use crate::ctxt::Ctxt;
use crate::private::Runtime;
use crate::valid;
use quote::{quote, ToTokens};
use std::ops::Range;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, LitStr, MetaNameValue, Path, Token};

/// actix-web's method attributes and the method each one routes.
const METHOD_ATTRS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("delete", "DELETE"),
    ("patch", "PATCH"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
    ("connect", "CONNECT"),
    ("query", "QUERY"),
];

enum Kind {
    Method(&'static str),
    Route,
    Routes,
    /// `#[gone]`, `#[sunset]`, `#[moved]` or `#[revived]`.
    Retire(attr::Kind),
}

fn kind(attr: &Attribute) -> Option<Kind> {
    let last = attr.path().segments.last()?.ident.to_string();
    match last.as_str() {
        "route" => Some(Kind::Route),
        "routes" => Some(Kind::Routes),
        "gone" => Some(Kind::Retire(attr::Kind::Gone)),
        "sunset" => Some(Kind::Retire(attr::Kind::Sunset)),
        "moved" => Some(Kind::Retire(attr::Kind::Moved)),
        "revived" => Some(Kind::Retire(attr::Kind::Revived)),
        name => METHOD_ATTRS
            .iter()
            .find(|(attr, _)| *attr == name)
            .map(|(_, method)| Kind::Method(method)),
    }
}

/// Whether `attr` is one of actix-web's route attributes.
pub fn is_route(attr: &Attribute) -> bool {
    matches!(kind(attr), Some(Kind::Method(_) | Kind::Route | Kind::Routes))
}

/// A route attribute whose path actix-web could not route: the error said (on the literal),
/// and the path replaced by `"/"`, so that actix-web's `#[scope]`, which reads the paths of
/// the handlers in its module when it runs after a module's `#[gone]`, does not panic on it
/// and add a second message.
pub fn defuse_path(attr: &mut Attribute, cx: &mut Ctxt) {
    if !matches!(kind(attr), Some(Kind::Method(_) | Kind::Route)) {
        return;
    }
    let syn::Meta::List(list) = &mut attr.meta else {
        return;
    };
    let mut tokens: Vec<proc_macro2::TokenTree> = list.tokens.clone().into_iter().collect();
    let Some(proc_macro2::TokenTree::Literal(first)) = tokens.first() else {
        return;
    };
    let Ok(lit) = syn::parse2::<LitStr>(first.to_token_stream()) else {
        return;
    };
    if valid::path(&lit, cx).is_none() {
        let mut placeholder = proc_macro2::Literal::string("/");
        placeholder.set_span(lit.span());
        tokens[0] = proc_macro2::TokenTree::Literal(placeholder);
        list.tokens = tokens.into_iter().collect();
    }
}

/// Whether `attr` is `#[gone]`, `#[sunset]`, `#[moved]` or `#[revived]`.
pub fn is_retirement(attr: &Attribute) -> bool {
    matches!(kind(attr), Some(Kind::Retire(_)))
}

/// actix-web's `#[<method>("/path", key = value, ...)]` arguments.
struct RouteArgs {
    path: LitStr,
    options: Punctuated<MetaNameValue, Token![,]>,
}

impl Parse for RouteArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let options = if input.is_empty() {
            Punctuated::new()
        } else {
            input.parse::<Token![,]>()?;
            Punctuated::parse_terminated(input)?
        };
        Ok(RouteArgs { path, options })
    }
}

pub struct Entry {
    pub method: String,
    pub path: String,
    /// Whether the route attribute gives a `guard`: such a route cannot be served from the
    /// manifest alone, since only the registered resource knows its guard.
    pub guarded: bool,
}

/// The entry of `method` on the attribute's path, as actix-web registers it (`"x"` is `/x`);
/// a path actix-web could not route is an error on its literal.
fn entry(method: &str, args: &RouteArgs, cx: &mut Ctxt) -> Entry {
    let guarded = args.options.iter().any(|nv| nv.path.is_ident("guard"));
    Entry {
        method: method.to_string(),
        path: valid::path(&args.path, cx).unwrap_or_else(|| "/".to_string()),
        guarded,
    }
}

pub struct Routes {
    /// The handler's attributes, but for a second `#[gone]` or route attribute (errors).
    pub attrs: Vec<Attribute>,
    /// (method, path) pairs for the manifest, in the order written.
    pub entries: Vec<Entry>,
    /// The path of the attribute that routes the handler (`get`, `actix_web::route`,
    /// `routes`, ...), if any.
    pub route_attr: Option<Path>,
    /// The paths of second route attributes, dropped with an error: imported again as `_`
    /// so that the user's import does not add a warning to the error.
    pub dropped: Vec<Path>,
    /// One per resource actix-web's macro would register (the route attribute, or each method
    /// attribute under `#[routes]`), when the runtime can register them all itself: when
    /// every option is one it takes (`name`, `guard`, `wrap`, and `method` for `#[route]`)
    /// with a value actix-web would accept. Otherwise actix-web's macro routes the handler.
    pub resources: Option<Vec<Resource>>,
    /// Each attribute that registers a resource, by its index in [`Routes::attrs`], with the
    /// range of [`Routes::entries`] it registers.
    pub registrations: Vec<(usize, Range<usize>)>,
}

/// One resource: its entries, its name, its guard functions and its middleware.
#[derive(Clone)]
pub struct Resource {
    /// Its entries, as a range of [`Routes::entries`].
    pub entries: Range<usize>,
    /// The resource name actix-web would give it: its `name`, if any.
    pub name: Option<LitStr>,
    /// Its `guard = "path"` functions, in order.
    pub guards: Vec<Path>,
    /// Its `wrap = "expression"` middleware, in order.
    pub wraps: Vec<Expr>,
}

/// The resource over `entries` with these options, when they are only `name` (once), `guard`
/// and `wrap` (string literals holding a path and an expression), and `method` when `methods`
/// is set (distinct upper-case names, at least one); otherwise actix-web's macro reads them.
fn direct_resource(
    options: &Punctuated<MetaNameValue, Token![,]>,
    methods: bool,
    entries: Range<usize>,
) -> Option<Resource> {
    let mut resource = Resource {
        entries,
        name: None,
        guards: Vec::new(),
        wraps: Vec::new(),
    };
    let mut seen = Vec::new();
    for nv in options {
        let s = lit_str(&nv.value)?;
        if nv.path.is_ident("name") && resource.name.is_none() {
            resource.name = Some(s.clone());
        } else if nv.path.is_ident("guard") {
            resource.guards.push(s.parse().ok()?);
        } else if nv.path.is_ident("wrap") {
            resource.wraps.push(s.parse().ok()?);
        } else if methods && nv.path.is_ident("method") {
            let m = s.value();
            if m.is_empty() || !m.bytes().all(|b| b.is_ascii_uppercase()) || seen.contains(&m) {
                return None;
            }
            seen.push(m);
        } else {
            return None;
        }
    }
    (!methods || !seen.is_empty()).then_some(resource)
}

/// The methods of a `#[route]`, when every `method` is a string literal.
fn route_methods(args: &RouteArgs) -> Option<Vec<String>> {
    args.options
        .iter()
        .filter(|nv| nv.path.is_ident("method"))
        .map(|nv| lit_str(&nv.value).map(LitStr::value))
        .collect()
}

/// Reads the route attributes: the manifest entries, and whether the runtime can register the
/// routes. Arguments that actix-web itself would refuse give no entry and leave the handler to
/// actix-web's macro, so that actix-web's own message is the only one.
///
/// A second `#[gone]` or a second route attribute is an error; it is dropped and the rest is
/// read as if it were not there, so that the expansion stays whole.
pub fn read(attrs: Vec<Attribute>, current: attr::Kind, cx: &mut Ctxt) -> Routes {
    let mut out = Routes {
        attrs: Vec::new(),
        entries: Vec::new(),
        route_attr: None,
        dropped: Vec::new(),
        resources: Some(Vec::new()),
        registrations: Vec::new(),
    };
    let mut under_routes = false;
    for attr in attrs {
        let Some(kind) = kind(&attr) else {
            out.attrs.push(attr);
            continue;
        };
        // The route attribute actix-web expands first; another one after it is a mistake.
        let routes_the_handler = match kind {
            Kind::Method(_) => !under_routes,
            Kind::Route | Kind::Routes => true,
            Kind::Retire(_) => false,
        };
        if routes_the_handler {
            if out.route_attr.is_some() {
                cx.push(second_route(&attr));
                out.dropped.push(attr.path().clone());
                continue;
            }
            out.route_attr = Some(attr.path().clone());
        }
        let at = out.entries.len();
        let resource = match kind {
            Kind::Retire(other) => {
                let (this, that) = (current.name(), other.name());
                let message = if other == current {
                    format!("#[{this}] is given twice on this handler: keep one")
                } else if [this, that].contains(&"revived") {
                    let other = if this == "revived" { that } else { this };
                    format!("#[{this}] and #[{that}] on one handler: #[revived] says a retired route is live again, and #[{other}] retires it: keep #[revived] to serve the handler, or #[{other}] to keep it retired")
                } else if [this, that].contains(&"moved") {
                    let other = if this == "moved" { that } else { this };
                    format!("#[{this}] and #[{that}] on one handler: a route that moved (#[moved]) answers a redirect to its new address, not #[{other}]'s answer: keep one")
                } else {
                    format!("#[{this}] and #[{that}] on one handler: a route is either on its way out (#[sunset]) or removed (#[gone]), not both: keep one")
                };
                cx.spanned(&attr, message);
                // Its import stays used: one message for one mistake.
                out.dropped.push(attr.path().clone());
                continue;
            }
            Kind::Routes => {
                under_routes = true;
                out.attrs.push(attr);
                continue;
            }
            Kind::Method(method) => attr.parse_args::<RouteArgs>().ok().and_then(|args| {
                out.entries.push(entry(method, &args, cx));
                // `#[routes]` takes its children by their bare name only.
                let child_ok = !under_routes || attr.path().get_ident().is_some();
                direct_resource(&args.options, false, at..at + 1).filter(|_| child_ok)
            }),
            Kind::Route => attr.parse_args::<RouteArgs>().ok().and_then(|args| {
                let methods = route_methods(&args)?;
                for m in &methods {
                    out.entries.push(entry(m, &args, cx));
                }
                direct_resource(&args.options, true, at..at + methods.len())
            }),
        };
        match (&mut out.resources, resource) {
            (Some(resources), Some(r)) => resources.push(r),
            _ => out.resources = None,
        }
        if out.entries.len() > at {
            out.registrations.push((out.attrs.len(), at..out.entries.len()));
        }
        out.attrs.push(attr);
    }
    if out.resources.as_ref().is_some_and(Vec::is_empty) {
        out.resources = None;
    }
    out
}

/// The attributes for actix-web's macro, rewritten so that a retired GET also answers HEAD,
/// and the paths of route attributes the rewrite no longer invokes (to import again as `_`,
/// so that retiring a handler does not make the user's `use actix_web::get;` unused).
pub fn for_actix(attrs: Vec<Attribute>, rt: &Runtime) -> (Vec<Attribute>, Vec<Path>) {
    let (mut out, mut replaced) = (Vec::new(), Vec::new());
    let mut under_routes = false;
    let mut head_paths = Vec::new();
    let mut pending_heads: Vec<(usize, Attribute, String)> = Vec::new();
    for mut attr in attrs {
        let kind = kind(&attr);
        let args = match kind {
            Some(Kind::Method(_) | Kind::Route) => attr.parse_args::<RouteArgs>().ok(),
            _ => None,
        };
        match (kind, args) {
            (Some(Kind::Routes), _) => under_routes = true,
            (Some(Kind::Method(method)), Some(args)) if under_routes => {
                // `#[routes]` reads its children by their bare name and strips them.
                let path = args.path.value();
                if method == "HEAD" {
                    head_paths.push(path);
                } else if method == "GET" && attr.path().is_ident("get") {
                    let mut head = attr.clone();
                    if let syn::Meta::List(list) = &mut head.meta {
                        list.path = syn::parse_quote!(head);
                    }
                    pending_heads.push((out.len() + 1, head, path));
                }
            }
            (Some(Kind::Method("GET")), Some(RouteArgs { path, options }))
                if !options.iter().any(|nv| nv.path.is_ident("method")) =>
            {
                // actix-web's GET guard does not match HEAD: route it as both.
                replaced.push(attr.path().clone());
                let options = options.iter();
                if let syn::Meta::List(list) = &mut attr.meta {
                    list.path = syn::parse_quote!(#rt::route);
                    list.tokens = quote!(#path, method = "GET", method = "HEAD" #(, #options)*);
                }
            }
            (Some(Kind::Route), Some(args)) => {
                let methods = route_methods(&args).unwrap_or_default();
                if methods.iter().any(|m| m == "GET") && !methods.iter().any(|m| m == "HEAD") {
                    let RouteArgs { path, options } = args;
                    let options = options.iter();
                    if let syn::Meta::List(list) = &mut attr.meta {
                        list.tokens = quote!(#path #(, #options)*, method = "HEAD");
                    }
                }
            }
            _ => {}
        }
        out.push(attr);
    }
    // A retired GET under `#[routes]` gets a `#[head]` twin unless HEAD is routed already.
    for (at, head, path) in pending_heads.into_iter().rev() {
        if !head_paths.contains(&path) {
            out.insert(at, head);
        }
    }
    (out, replaced)
}

fn second_route(attr: &Attribute) -> syn::Error {
    syn::Error::new_spanned(
        attr,
        "a handler takes one route attribute: to route it several ways, put #[routes] above the method attributes",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;
    use quote::ToTokens;
    use syn::parse::Parser;

    type Read = (Vec<String>, Vec<(String, String)>, Vec<String>, Option<String>);

    fn read_str(attrs: TokenStream) -> Read {
        let attrs = Attribute::parse_outer.parse2(attrs).unwrap();
        let mut cx = Ctxt::new();
        let r = read(attrs, attr::Kind::Gone, &mut cx);
        let (attrs, replaced) = for_actix(r.attrs, &Runtime::find());
        (
            attrs.iter().map(|a| a.to_token_stream().to_string()).collect(),
            r.entries.into_iter().map(|e| (e.method, e.path)).collect(),
            r.dropped
                .iter()
                .chain(&replaced)
                .map(|p| p.to_token_stream().to_string())
                .collect(),
            cx.messages().first().cloned(),
        )
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect()
    }

    #[test]
    fn get_is_routed_as_get_and_head_and_its_import_kept_used() {
        let (attrs, entries, keep, err) = read_str(quote!(#[doc = "d"] #[get("/a/{id}", name = "n")]));
        assert_eq!(err, None);
        assert_eq!(entries, pairs(&[("GET", "/a/{id}")]));
        assert_eq!(attrs[0], "# [doc = \"d\"]");
        assert_eq!(
            attrs[1],
            "# [:: gone_runtime :: __private :: route (\"/a/{id}\" , method = \"GET\" , method = \"HEAD\" , name = \"n\")]"
        );
        assert_eq!(keep, ["get"]);
    }

    #[test]
    fn other_methods_are_left_alone() {
        let (attrs, entries, keep, _) = read_str(quote!(#[actix_web::post("/a")]));
        assert_eq!(attrs, ["# [actix_web :: post (\"/a\")]"]);
        assert_eq!(entries, pairs(&[("POST", "/a")]));
        assert!(keep.is_empty());
    }

    #[test]
    fn route_gains_head_when_it_has_get() {
        let (attrs, entries, _, _) = read_str(quote!(#[route("/a", method = "GET", method = "PUT")]));
        assert_eq!(
            attrs,
            ["# [route (\"/a\" , method = \"GET\" , method = \"PUT\" , method = \"HEAD\")]"]
        );
        assert_eq!(entries, pairs(&[("GET", "/a"), ("PUT", "/a")]));
        let (attrs, _, _, _) = read_str(quote!(#[route("/a", method = "GET", method = "HEAD")]));
        assert_eq!(
            attrs,
            ["# [route (\"/a\" , method = \"GET\" , method = \"HEAD\")]"]
        );
    }

    #[test]
    fn routes_children_gain_a_head_twin() {
        let (attrs, entries, _, _) =
            read_str(quote!(#[routes] #[get("/a")] #[get("/b")] #[head("/b")] #[post("/a")]));
        assert_eq!(
            attrs,
            [
                "# [routes]",
                "# [get (\"/a\")]",
                "# [head (\"/a\")]",
                "# [get (\"/b\")]",
                "# [head (\"/b\")]",
                "# [post (\"/a\")]"
            ]
        );
        assert_eq!(
            entries,
            pairs(&[("GET", "/a"), ("GET", "/b"), ("HEAD", "/b"), ("POST", "/a")])
        );
    }

    #[test]
    fn arguments_actix_would_refuse_are_left_to_actix() {
        let (attrs, entries, _, err) = read_str(quote!(#[get(1)]));
        assert_eq!((attrs.len(), entries.len(), err), (1, 0, None));
        let (attrs, entries, _, err) = read_str(quote!(#[get("/a", method = "POST")]));
        assert_eq!(
            attrs,
            ["# [get (\"/a\" , method = \"POST\")]"],
            "actix-web reports it"
        );
        assert_eq!((entries.len(), err), (1, None));
    }

    #[test]
    fn a_second_route_or_gone_is_one_error_and_dropped() {
        let (attrs, _, keep, err) = read_str(quote!(#[post("/a")] #[put("/a")]));
        assert_eq!(attrs, ["# [post (\"/a\")]"]);
        assert_eq!(keep, ["put"]);
        assert!(err.unwrap().starts_with("a handler takes one route attribute"));
        let (attrs, _, _, err) = read_str(quote!(#[gone(since = "x")] #[post("/a")]));
        assert_eq!(attrs, ["# [post (\"/a\")]"]);
        assert!(err.unwrap().contains("given twice"));
    }

    /// (entries, name, guards and wraps) of each resource, and the paths kept used, when direct.
    type DirectRead = Option<(Vec<(Range<usize>, Option<String>, Vec<String>)>, Vec<String>)>;

    fn direct_str(attrs: TokenStream) -> DirectRead {
        let attrs = Attribute::parse_outer.parse2(attrs).unwrap();
        let mut cx = Ctxt::new();
        let r = read(attrs, attr::Kind::Gone, &mut cx);
        assert!(cx.messages().is_empty());
        let resources = r
            .resources?
            .into_iter()
            .map(|r| {
                let guards = r.guards.iter().map(|g| g.to_token_stream().to_string());
                let wraps = r.wraps.iter().map(|w| format!("wrap {}", w.to_token_stream()));
                (
                    r.entries,
                    r.name.map(|n| n.value()),
                    guards.chain(wraps).collect(),
                )
            })
            .collect();
        let keep = r
            .dropped
            .iter()
            .chain(&r.route_attr)
            .map(|p| p.to_token_stream().to_string())
            .collect();
        Some((resources, keep))
    }

    #[test]
    fn routes_without_wrap_are_registered_directly() {
        let (resources, keep) = direct_str(quote!(#[doc = "d"] #[actix_web::get("/a", name = "n")])).unwrap();
        assert_eq!(resources, [(0..1, Some("n".into()), vec![])]);
        assert_eq!(keep, ["actix_web :: get"]);

        let (resources, keep) = direct_str(
            quote!(#[route("/a", method = "GET", wrap = "W::new(1)", guard = "g", method = "PURGE", wrap = "V")]),
        )
        .unwrap();
        assert_eq!(
            resources,
            [(
                0..2,
                None,
                vec!["g".into(), "wrap W :: new (1)".into(), "wrap V".into()]
            )]
        );
        assert_eq!(keep, ["route"]);

        let (resources, keep) = direct_str(quote!(
            #[routes] #[get("/a")] #[head("/a")] #[post("/b", name = "n", guard = "m::g")]
        ))
        .unwrap();
        assert_eq!(
            resources,
            [
                (0..1, None, vec![]),
                (1..2, None, vec![]),
                (2..3, Some("n".into()), vec!["m :: g".to_string()])
            ]
        );
        assert_eq!(
            keep,
            ["routes"],
            "the children are stripped before rustc resolves them"
        );
    }

    #[test]
    fn anything_else_is_left_to_actix() {
        for attrs in [
            quote!(#[get("/a", wrap = "W::")]),
            quote!(#[get("/a", other = "x")]),
            quote!(#[get("/a", name = "x", name = "y")]),
            quote!(#[get("/a", guard = "not a path")]),
            quote!(#[get("/a", method = "GET")]),
            quote!(#[get(1)]),
            quote!(#[route("/a")]),
            quote!(#[route("/a", method = "GET", method = "GET")]),
            quote!(#[route("/a", method = "get")]),
            quote!(#[routes]),
            quote!(#[routes] #[actix_web::get("/a")]),
            quote!(#[routes] #[get("/a")] #[post("/a", guard = 1)]),
        ] {
            assert!(direct_str(attrs.clone()).is_none(), "{attrs}");
        }
    }
}
