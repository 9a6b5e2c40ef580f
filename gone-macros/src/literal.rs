//! The literals the expansion writes: a removed handler's response (its three bodies and its
//! header values) and a sunset handler's schedule, rendered now, at compile time.

use crate::private::Runtime;
use crate::valid::{Retirement, SunsetConfig};
use gone_core::Response;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The `Retired` value: bodies and header values written now, as literals.
pub fn response_literal(rt: &Runtime, config: &Retirement) -> TokenStream {
    retired_literal(
        rt,
        &config.reason,
        config.since,
        config.link.as_deref(),
        config.max_age,
        None,
        config.page.template.as_ref(),
    )
}

/// A `Retired` of this reason, date, link and max-age; its `Sunset` header on `sunset` when
/// given (a sunset route's `on` may have a time of day), else on `since`.
fn retired_literal(
    rt: &Runtime,
    reason: &str,
    since: gone_core::Date,
    link_url: Option<&str>,
    max_age: u32,
    sunset: Option<String>,
    page: Option<&gone_core::page::Template>,
) -> TokenStream {
    let Response {
        json,
        html,
        text,
        cache_control,
        sunset: since_sunset,
        link,
    } = Response::render_with(reason, Some(since), link_url, max_age, page);
    let since = since.to_string();
    let link_url = option(link_url);
    let link = option(link.as_deref());
    let sunset = sunset.or(since_sunset).unwrap_or_default();
    quote! {
        #rt::Retired {
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

pub fn option(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

/// The `Schedule` value: instants, header values, the brownouts' bodies and the response from
/// `on`, as literals.
pub fn schedule_literal(rt: &Runtime, config: &SunsetConfig) -> TokenStream {
    let SunsetConfig {
        deprecated,
        on,
        reason,
        link,
        max_age,
        brownouts,
        exempt,
        page,
    } = config;
    let template = page.template.as_ref();
    let (deprecated_unix, on_unix) = (deprecated.unix_seconds(), on.unix_seconds());
    let (deprecated_text, on_text) = (deprecated.to_string(), on.to_string());
    let deprecation = format!("@{deprecated_unix}");
    let link_header = option(
        link.as_ref()
            .map(|l| format!("<{l}>; rel=\"deprecation\"; type=\"text/html\""))
            .as_deref(),
    );
    let brownouts = brownouts.iter().map(|b| {
        let written = b.to_string();
        let (start, end) = (b.start().unix_seconds(), b.end());
        let retry_after = gone_core::schedule::fmt_unix(end);
        let [json, html, text] =
            gone_core::schedule::brownout_bodies_with(reason, link.as_deref(), end, &on_text, template);
        quote! {
            #rt::Brownout {
                written: #written, start: #start, end: #end, retry_after: #retry_after,
                json: #json, html: #html, text: #text,
            }
        }
    });
    let exempt = match exempt {
        Some(path) => quote_spanned!(path.span()=> ::core::option::Option::Some(&#path as #rt::GuardFn)),
        None => quote!(::core::option::Option::None),
    };
    let gone = retired_literal(
        rt,
        reason,
        on.date(),
        link.as_deref(),
        *max_age,
        Some(on.imf_fixdate()),
        template,
    );
    quote! {
        #rt::Schedule {
            deprecated: #deprecated_text,
            deprecated_unix: #deprecated_unix,
            on: #on_text,
            on_unix: #on_unix,
            deprecation_header: #deprecation,
            link_header: #link_header,
            brownouts: &[#(#brownouts),*],
            exempt: #exempt,
            gone: #gone,
        }
    }
}
