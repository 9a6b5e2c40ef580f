//! Reading `#[gone(key = value, ...)]` into [`Args`]: which keys, given once each, with a
//! value of the right kind. What the values mean is checked in `valid`.

use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, ExprArray, ExprLit, Ident, Lit, LitInt, LitStr, Token};

pub const KEYS: &str = "`since`, `reason`, `link`, `max_age`, `path` and `method`";

/// The keys as written, each with its literal so that errors can point at it.
#[derive(Default)]
pub struct Args {
    pub since: Option<LitStr>,
    pub reason: Option<LitStr>,
    pub link: Option<LitStr>,
    pub max_age: Option<LitInt>,
    pub path: Option<LitStr>,
    pub method: Option<(Ident, Vec<LitStr>)>,
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
pub fn parse(args: TokenStream, cx: &mut Ctxt) -> Args {
    let mut out = Args::default();
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
    if !input.peek(Ident) {
        let tt: proc_macro2::TokenTree = input.parse()?;
        let hint = match &tt {
            proc_macro2::TokenTree::Literal(_) => {
                format!("values are named: write `since = {tt}` (or `reason = ...`)")
            }
            _ => format!("expected a key, one of {KEYS}, like `since = \"2025-03-01\"`"),
        };
        return Err(syn::Error::new_spanned(tt, hint));
    }
    let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let name = key.to_string();
    if !input.peek(Token![=]) {
        let example = example(&name);
        return Err(syn::Error::new_spanned(
            &key,
            if example.is_empty() {
                format!("unknown key `{name}`: #[gone] takes {KEYS}")
            } else {
                format!("`{name}` needs a value: write `{name} = {example}`")
            },
        ));
    }
    input.parse::<Token![=]>()?;
    let value: Expr = input.parse()?;
    let twice = || syn::Error::new_spanned(&key, format!("`{name}` is given twice: keep one `{name} = ...`"));
    match name.as_str() {
        "since" => set(&mut out.since, string(&key, value)?, twice),
        "reason" => set(&mut out.reason, string(&key, value)?, twice),
        "link" => set(&mut out.link, string(&key, value)?, twice),
        "path" => set(&mut out.path, string(&key, value)?, twice),
        "max_age" => set(&mut out.max_age, integer(value)?, twice),
        "method" => {
            let methods = methods(value)?;
            set(&mut out.method, (key.clone(), methods), twice)
        }
        _ => Err(syn::Error::new_spanned(
            &key,
            format!("unknown key `{name}`: #[gone] takes {KEYS}"),
        )),
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
        "reason" => "\"API v1 was shut down; use /v2/users\"",
        "link" => "\"https://example.com/migrate\"",
        "max_age" => "86400",
        "path" => "\"/v1/users/{id}\"",
        "method" => "\"GET\"",
        _ => "",
    }
}

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

/// Both required keys missing, as with a bare `#[gone]`: one message for one mistake.
pub fn missing_both() -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        format!(
            "#[gone] needs `since` and `reason`: write #[gone(since = {}, reason = {})]",
            example("since"),
            example("reason")
        ),
    )
}

/// Where a missing-key error points: the whole attribute.
pub fn missing(name: &str) -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        format!(
            "#[gone] needs `{name}`: write `#[gone({name} = {}, ...)]`",
            example(name)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_errors(args: TokenStream) -> (Args, Vec<String>) {
        let mut cx = Ctxt::new();
        let args = parse(args, &mut cx);
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
        assert_eq!(errors(quote!(reasn = "x")), ["unknown key `reasn`: #[gone] takes `since`, `reason`, `link`, `max_age`, `path` and `method`"]);
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
