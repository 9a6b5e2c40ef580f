//! Reading `#[gone(key = value, ...)]`, `#[sunset(...)]` and `#[moved(...)]` into [`Args`]: which keys the
//! attribute's [`Kind`] takes, given once each, with a value of the right kind. What the
//! values mean is checked in `valid`.

use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, ExprArray, ExprLit, Ident, Lit, LitInt, LitStr, Token};

/// Which attribute: one pipeline, the kind deciding the keys, the checks and the expansion.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Gone,
    Sunset,
    Moved,
    Revived,
}

impl Kind {
    /// The attribute's name, as written.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Gone => "gone",
            Kind::Sunset => "sunset",
            Kind::Moved => "moved",
            Kind::Revived => "revived",
        }
    }

    /// What it does to a handler, for messages: "retires", "schedules", "moves", "revives".
    pub fn verb(self) -> &'static str {
        match self {
            Kind::Gone => "retires",
            Kind::Sunset => "schedules",
            Kind::Moved => "moves",
            Kind::Revived => "revives",
        }
    }

    /// The keys it takes, for messages.
    pub fn keys(self) -> &'static str {
        match self {
            Kind::Gone => "`since`, `reason`, `link`, `max_age`, `page`, `path` and `method`",
            Kind::Sunset => {
                "`deprecated`, `on`, `reason`, `link`, `brownouts`, `exempt`, `max_age` and `page`"
            }
            Kind::Moved => "`to`, `since`, `reason`, `status`, `max_age`, `page`, `path` and `method`",
            Kind::Revived => "`since`, `reason`, `path` and `method`",
        }
    }

    /// Whether it takes `key`.
    fn takes(self, key: &str) -> bool {
        let keys: &[&str] = match self {
            Kind::Gone => &["since", "reason", "link", "max_age", "page", "path", "method"],
            Kind::Sunset => &[
                "deprecated",
                "on",
                "reason",
                "link",
                "brownouts",
                "exempt",
                "max_age",
                "page",
            ],
            Kind::Moved => &[
                "to", "since", "reason", "status", "max_age", "page", "path", "method",
            ],
            Kind::Revived => &["since", "reason", "path", "method"],
        };
        keys.contains(&key)
    }

    /// The key of its first example, and which it needs.
    fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Gone => &["since", "reason"],
            Kind::Sunset => &["deprecated", "on", "reason"],
            Kind::Moved => &["to", "since"],
            Kind::Revived => &["since", "reason"],
        }
    }
}

/// The keys as written, each with its literal so that errors can point at it.
pub struct Args {
    pub kind: Kind,
    pub since: Option<LitStr>,
    pub deprecated: Option<LitStr>,
    pub on: Option<LitStr>,
    pub brownouts: Option<(Ident, Vec<LitStr>)>,
    pub exempt: Option<LitStr>,
    pub reason: Option<LitStr>,
    pub link: Option<LitStr>,
    pub max_age: Option<LitInt>,
    pub path: Option<LitStr>,
    pub method: Option<(Ident, Vec<LitStr>)>,
    pub to: Option<LitStr>,
    pub status: Option<LitInt>,
    pub page: Option<LitStr>,
}

impl Args {
    /// `path` or `method`, for the error that says a module takes neither.
    pub fn manual_key(&self) -> Option<TokenStream> {
        let path = self.path.as_ref().map(ToTokens::to_token_stream);
        path.or_else(|| self.method.as_ref().map(|(key, _)| key.to_token_stream()))
    }
}

/// Reads the attribute's arguments. Every key that could be read is kept even when another
/// is wrong, so that the expansion can still use it; the errors go to `cx`.
pub fn parse(args: TokenStream, kind: Kind, cx: &mut Ctxt) -> Args {
    let mut out = Args {
        kind,
        since: None,
        deprecated: None,
        on: None,
        brownouts: None,
        exempt: None,
        reason: None,
        link: None,
        max_age: None,
        path: None,
        method: None,
        to: None,
        status: None,
        page: None,
    };
    let parser = |input: ParseStream| {
        parse_into(input, &mut out, cx);
        Ok(())
    };
    // `parse_into` reports into `cx` and never fails.
    let _ = parser.parse2(args);
    out
}

fn parse_into(input: ParseStream, out: &mut Args, cx: &mut Ctxt) {
    while !input.is_empty() {
        if let Err(e) = parse_one(input, out) {
            cx.push(e);
            // Skip to the next comma so that one bad key does not hide the others.
            while !input.is_empty() && !input.peek(Token![,]) {
                let _ = input.parse::<proc_macro2::TokenTree>();
            }
        }
        if input.parse::<Option<Token![,]>>().is_err() {
            break;
        }
    }
}

fn parse_one(input: ParseStream, out: &mut Args) -> syn::Result<()> {
    let kind = out.kind;
    let (attr, keys, first) = (kind.name(), kind.keys(), kind.required()[0]);
    if !input.peek(Ident) {
        let tt: proc_macro2::TokenTree = input.parse()?;
        let hint = match &tt {
            proc_macro2::TokenTree::Literal(_) => {
                format!("values are named: write `{first} = {tt}` (or `reason = ...`)")
            }
            _ => format!(
                "expected a key, one of {keys}, like `{first} = {}`",
                example(first)
            ),
        };
        return Err(syn::Error::new_spanned(tt, hint));
    }
    let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let name = key.to_string();
    if kind == Kind::Sunset && name == "since" {
        return Err(syn::Error::new_spanned(
            &key,
            "#[sunset] has no `since`: did you mean `on`, the instant from which the route answers 410? Write `on = \"2025-06-30\"` (and `deprecated = ...` for when the deprecation took effect)",
        ));
    }
    if kind == Kind::Moved && name == "link" {
        return Err(syn::Error::new_spanned(
            &key,
            "#[moved] has no `link`: its `to` is where clients go now, sent as `Location`; to say why, write `reason = \"...\"`",
        ));
    }
    if kind == Kind::Revived
        && ["link", "max_age", "to", "status", "on", "deprecated", "page"].contains(&name.as_str())
    {
        return Err(syn::Error::new_spanned(
            &key,
            format!("#[revived] has no `{name}`: a revived route is live, and answers what its handler answers; #[revived] records only since when (`since`) and why (`reason`)"),
        ));
    }
    if kind != Kind::Moved && (name == "to" || name == "status") {
        return Err(syn::Error::new_spanned(
            &key,
            format!("#[{attr}] has no `{name}`: for a route with a new address, write #[moved(to = \"/v2/...\", since = ...)] instead of #[{attr}]"),
        ));
    }
    if !kind.takes(&name) {
        return Err(syn::Error::new_spanned(
            &key,
            format!("unknown key `{name}`: #[{attr}] takes {keys}"),
        ));
    }
    if !input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(
            &key,
            format!("`{name}` needs a value: write `{name} = {}`", example(&name)),
        ));
    }
    input.parse::<Token![=]>()?;
    let value: Expr = input.parse()?;
    let twice = || syn::Error::new_spanned(&key, format!("`{name}` is given twice: keep one `{name} = ...`"));
    match name.as_str() {
        "since" => set(&mut out.since, string(&key, value)?, twice),
        "deprecated" => set(&mut out.deprecated, string(&key, value)?, twice),
        "on" => set(&mut out.on, string(&key, value)?, twice),
        "exempt" => set(&mut out.exempt, string(&key, value)?, twice),
        "brownouts" => {
            let windows = strings(&key, value)?;
            set(&mut out.brownouts, (key.clone(), windows), twice)
        }
        "reason" => set(&mut out.reason, string(&key, value)?, twice),
        "link" => set(&mut out.link, string(&key, value)?, twice),
        "path" => set(&mut out.path, string(&key, value)?, twice),
        "max_age" => set(&mut out.max_age, integer(value)?, twice),
        "to" => set(&mut out.to, string(&key, value)?, twice),
        "status" => set(&mut out.status, status(value)?, twice),
        "page" => set(&mut out.page, string(&key, value)?, twice),
        "method" => {
            let methods = methods(value)?;
            set(&mut out.method, (key.clone(), methods), twice)
        }
        _ => Err(syn::Error::new_spanned(
            &key,
            format!("unknown key `{name}`: #[{attr}] takes {keys}"),
        )),
    }
}

/// A list of string literals: `brownouts = ["...", "..."]`.
fn strings(key: &Ident, value: Expr) -> syn::Result<Vec<LitStr>> {
    let example = example(&key.to_string());
    let wrong = |e: &dyn ToTokens| {
        syn::Error::new_spanned(
            e,
            format!("`{key}` takes a list of strings: write `{key} = {example}`"),
        )
    };
    match value {
        Expr::Array(ExprArray { elems, .. }) => elems
            .iter()
            .map(|e| lit_str(e).cloned().ok_or_else(|| wrong(e)))
            .collect(),
        other => Err(wrong(&other)),
    }
}

fn set<T>(slot: &mut Option<T>, value: T, twice: impl FnOnce() -> syn::Error) -> syn::Result<()> {
    if slot.is_some() {
        return Err(twice());
    }
    *slot = Some(value);
    Ok(())
}

/// A value to show in messages about `key`; empty for a key that does not exist. The one
/// table of example values every message takes its examples from.
pub fn example(key: &str) -> &'static str {
    match key {
        "since" => "\"2025-03-01\"",
        "deprecated" => "\"2025-01-15\"",
        "on" => "\"2025-06-30\"",
        "brownouts" => "[\"2025-06-03T14:00Z/PT1H\"]",
        "exempt" => "\"is_partner\"",
        "reason" => "\"API v1 was shut down; use /v2/users\"",
        "link" => "\"https://example.com/migrate\"",
        "max_age" => "86400",
        "path" => "\"/v1/users/{id}\"",
        "method" => "\"GET\"",
        "to" => "\"/v2/users/{id}\"",
        "status" => "308",
        "page" => "\"templates/gone.html\"",
        _ => "",
    }
}

/// The example of a `#[revived]`'s `reason`, which says why a route is back.
pub const REVIVAL_REASON: &str = "\"The v1 export is back by customer demand\"";

/// The string literal `expr` is, if it is one.
pub fn lit_str(expr: &Expr) -> Option<&LitStr> {
    match expr {
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Some(s),
        _ => None,
    }
}

fn string(key: &Ident, value: Expr) -> syn::Result<LitStr> {
    let example = example(&key.to_string());
    lit_str(&value).cloned().ok_or_else(|| {
        syn::Error::new_spanned(
            value,
            format!("`{key}` takes a string literal: write `{key} = {example}`"),
        )
    })
}

fn integer(value: Expr) -> syn::Result<LitInt> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => Ok(i),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => Err(syn::Error::new_spanned(
            u,
            "`max_age` cannot be negative: write a number of seconds from 0 to 31536000, like `max_age = 86400`",
        )),
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Err(syn::Error::new_spanned(
            &s,
            format!(
                "`max_age` takes an integer, not a string: write `max_age = {}`",
                s.value().trim().parse::<u64>().map_or("86400".to_string(), |n| n.to_string())
            ),
        )),
        other => Err(syn::Error::new_spanned(
            other,
            "`max_age` takes an integer literal of seconds: write `max_age = 86400`",
        )),
    }
}

fn status(value: Expr) -> syn::Result<LitInt> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => Ok(i),
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Err(syn::Error::new_spanned(
            &s,
            format!(
                "`status` takes an integer, not a string: write `status = {}`",
                s.value()
                    .trim()
                    .parse::<u16>()
                    .map_or("308".to_string(), |n| n.to_string())
            ),
        )),
        other => Err(syn::Error::new_spanned(
            other,
            "`status` takes 308 (the default: method and body kept) or 301: write `status = 301`",
        )),
    }
}

fn methods(value: Expr) -> syn::Result<Vec<LitStr>> {
    let one = |e: Expr| {
        lit_str(&e).cloned().ok_or_else(|| {
            syn::Error::new_spanned(
                e,
                "`method` takes a string like `method = \"GET\"`, or a list like `method = [\"GET\", \"POST\"]`",
            )
        })
    };
    match value {
        Expr::Array(ExprArray {
            elems, bracket_token, ..
        }) => {
            if elems.is_empty() {
                return Err(syn::Error::new(
                    bracket_token.span.join(),
                    "`method` lists no method: write `method = [\"GET\"]`, or leave `method` out for GET",
                ));
            }
            elems.into_iter().map(one).collect()
        }
        other => Ok(vec![one(other)?]),
    }
}

/// The required keys of `args` that are missing, as one error on the whole attribute: one
/// message for one mistake, however many keys it leaves out.
pub fn missing(args: &Args) -> Option<syn::Error> {
    let kind = args.kind;
    let given = |key: &str| match key {
        "since" => args.since.is_some(),
        "deprecated" => args.deprecated.is_some(),
        "on" => args.on.is_some(),
        "to" => args.to.is_some(),
        _ => args.reason.is_some(),
    };
    let missing: Vec<&str> = kind.required().iter().copied().filter(|k| !given(k)).collect();
    let attr = kind.name();
    let example = |key: &str| match (kind, key) {
        (Kind::Revived, "reason") => REVIVAL_REASON,
        _ => example(key),
    };
    let message = match missing.as_slice() {
        [] => return None,
        [key] => format!(
            "#[{attr}] needs `{key}`: write `#[{attr}({key} = {}, ...)]`",
            example(key)
        ),
        _ => {
            let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
            let (last, rest) = names.split_last()?;
            let all: Vec<String> = kind
                .required()
                .iter()
                .map(|k| format!("{k} = {}", example(k)))
                .collect();
            format!(
                "#[{attr}] needs {} and {last}: write #[{attr}({})]",
                rest.join(", "),
                all.join(", ")
            )
        }
    };
    Some(syn::Error::new(Span::call_site(), message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_errors(args: TokenStream) -> (Args, Vec<String>) {
        let mut cx = Ctxt::new();
        let args = parse(args, Kind::Gone, &mut cx);
        (args, cx.messages())
    }

    fn errors(args: TokenStream) -> Vec<String> {
        parse_errors(args).1
    }

    #[test]
    fn reads_every_key() {
        let (args, err) = parse_errors(quote!(
            since = "2025-03-01",
            reason = "r",
            link = "https://x.y",
            max_age = 60,
            path = "/p",
            method = ["GET", "POST"],
        ));
        assert!(err.is_empty());
        assert_eq!(args.since.unwrap().value(), "2025-03-01");
        assert_eq!(args.reason.unwrap().value(), "r");
        assert_eq!(args.link.unwrap().value(), "https://x.y");
        assert_eq!(args.max_age.unwrap().base10_digits(), "60");
        assert_eq!(args.path.unwrap().value(), "/p");
        assert_eq!(args.method.unwrap().1.len(), 2);
    }

    #[test]
    fn names_the_fault() {
        assert_eq!(errors(quote!(reasn = "x")), ["unknown key `reasn`: #[gone] takes `since`, `reason`, `link`, `max_age`, `page`, `path` and `method`"]);
        assert_eq!(
            errors(quote!(since = "a", since = "b")),
            ["`since` is given twice: keep one `since = ...`"]
        );
        assert!(errors(quote!("2025-01-01"))[0].starts_with("values are named"));
        assert!(errors(quote!(since = 2025))[0].contains("string literal"));
        assert!(errors(quote!(max_age = -1))[0].contains("cannot be negative"));
        assert!(errors(quote!(max_age = "60"))[0].contains("write `max_age = 60`"));
        assert!(errors(quote!(since))[0].contains("needs a value"));
        assert!(errors(quote!(method = []))[0].contains("lists no method"));
        // Two separate faults give two messages; the good key between them is kept.
        let (args, err) = parse_errors(quote!(x = 1, reason = "kept", y = 2));
        assert_eq!(err.len(), 2);
        assert_eq!(args.reason.unwrap().value(), "kept");
    }
}
