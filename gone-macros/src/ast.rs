//! Reading the item under `#[gone]`. Only the function's outline is parsed: its attributes,
//! visibility and signature. The body is taken as an opaque group and never looked into,
//! since it is thrown away.

use proc_macro2::{Group, TokenStream, TokenTree};
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
    let parser = |input: ParseStream| -> syn::Result<Item> {
        if input
            .fork()
            .parse::<syn::ItemMod>()
            .is_ok_and(|m| m.content.is_some())
        {
            return Ok(Item::Module(Box::new(input.parse()?)));
        }
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let fork = input.fork();
        match fork.parse::<Signature>() {
            Ok(_) => {}
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
        }
        let sig: Signature = input.parse()?;
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
    parser.parse2(item)
}
