//! What the macro writes when something is wrong. The item it emits beside the error is the
//! same working responder a valid attribute would give, filled with these placeholders, so
//! neither actix-web's macro nor the old body adds a second message.

use gone_core::Date;
use proc_macro2::TokenStream;

pub fn since() -> Date {
    Date::EPOCH
}

pub fn reason() -> String {
    "This endpoint was removed.".to_string()
}

/// The item as it was, with the error beside it: for things `#[gone]` cannot turn into a
/// responder (a struct, a method), changing them would only add errors elsewhere.
pub fn unchanged(item: TokenStream, error: syn::Error) -> TokenStream {
    let mut out = item;
    out.extend(error.to_compile_error());
    out
}
