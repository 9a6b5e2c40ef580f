//! Reading the item under `#[gone]`. Only the function's outline is parsed: its attributes,
//! visibility and signature. The body is taken as an opaque group and never looked into,
//! since it is thrown away.

use proc_macro2::{Group, TokenStream, TokenTree};
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Signature, Token, Visibility};

pub struct Handler {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub sig: Signature,
    /// The old body, if it had one; kept only to be given back unchanged on some errors.
    pub body: Option<Group>,
}

pub enum Item {
    Handler(Box<Handler>),
    /// An inline module: `#[gone]` retires every route handler in it.
    Module(Box<syn::ItemMod>),
    /// Something that is not a function: the token that says what it is, for the error.
    Other(TokenTree),
}

pub fn parse(item: TokenStream) -> syn::Result<Item> {
    let mut module = false;
    let parser = |input: ParseStream| -> syn::Result<Item> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        if input.peek(Token![mod]) || (input.peek(Token![unsafe]) && input.peek2(Token![mod])) {
            module = true;
            let _: TokenStream = input.parse()?;
            return Ok(Item::Other(TokenTree::Punct(proc_macro2::Punct::new(
                ';',
                proc_macro2::Spacing::Alone,
            ))));
        }
        let fork = input.fork();
        let sig = match fork.parse::<Signature>() {
            Ok(sig) => {
                input.advance_to(&fork);
                sig
            }
            Err(_) => {
                // Skip qualifiers to name what the item is (`struct`, `impl`, `const`...).
                let what = input.step(|cursor| {
                    let mut rest = *cursor;
                    while let Some((tt, next)) = rest.token_tree() {
                        match &tt {
                            TokenTree::Ident(i)
                                if matches!(
                                    i.to_string().as_str(),
                                    "unsafe" | "default" | "auto" | "extern"
                                ) =>
                            {
                                rest = next;
                            }
                            TokenTree::Literal(_) => rest = next,
                            _ => return Ok((tt, next)),
                        }
                    }
                    Err(cursor.error("expected a function"))
                })?;
                let _: TokenStream = input.parse()?;
                return Ok(Item::Other(what));
            }
        };
        let body = if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            None
        } else {
            let group: Group = input.parse()?;
            if group.delimiter() != proc_macro2::Delimiter::Brace {
                return Err(syn::Error::new(
                    group.span(),
                    "expected the function's body `{ ... }`",
                ));
            }
            Some(group)
        };
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the function"));
        }
        Ok(Item::Handler(Box::new(Handler {
            attrs,
            vis,
            sig,
            body,
        })))
    };
    let parsed = parser.parse2(item.clone())?;
    if !module {
        return Ok(parsed);
    }
    // A module is parsed whole, its items included, since `#[gone]` walks them.
    let m: syn::ItemMod = syn::parse2(item)?;
    if m.content.is_some() {
        Ok(Item::Module(Box::new(m)))
    } else {
        Ok(Item::Other(TokenTree::Ident(proc_macro2::Ident::new(
            "mod",
            m.mod_token.span,
        ))))
    }
}
