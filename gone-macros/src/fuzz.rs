//! The macro never panics, whatever tokens it is given: a bounded fuzz loop over arbitrary
//! token streams and over arbitrary combinations of keys, values and items, run by
//! `cargo test`. The generator is a fixed-seed xorshift, so a failure reproduces.

use crate::expand;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;
use std::panic::{catch_unwind, AssertUnwindSafe};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const IDENTS: &[&str] = &[
    "since",
    "reason",
    "link",
    "max_age",
    "path",
    "method",
    "reasn",
    "to",
    "status",
    "moved",
    "revived",
    "get",
    "post",
    "route",
    "routes",
    "scope",
    "gone",
    "fn",
    "async",
    "pub",
    "struct",
    "impl",
    "mod",
    "const",
    "unsafe",
    "extern",
    "self",
    "Self",
    "crate",
    "actix_web",
    "web",
    "name",
    "guard",
    "wrap",
    "head",
    "r#type",
    "_",
    "x",
];
const PUNCTS: &[char] = &[
    '=', ',', ';', '#', '!', '&', '-', ':', '<', '>', '\'', '.', '/', '*', '@',
];
const STRINGS: &[&str] = &[
    "2025-03-01",
    "2025-02-30",
    "2025-1-5",
    "",
    "   ",
    "GET",
    "get",
    "/v1/x",
    "/v1/{id}",
    "/v2/{id}",
    "/v2/{x",
    "https://e.x/{id}?q#f",
    "//x",
    "https://e.x/m",
    "https://e.x/a b",
    "/docs",
    "\"",
    "\u{0}",
    "é",
    "9999-12-31",
    "1969-12-31",
    "{",
    "GET,POST",
    "2025-06-30T14:00Z",
    "2025-06-03T14:00Z/PT1H",
    "2025-06-03/P1D",
    "2025-06-03T14:00Z/PT0M",
    "2025-06-30T24:00Z",
    "is_partner",
];

fn random_tree(rng: &mut Rng, depth: u32) -> TokenTree {
    match rng.below(if depth == 0 { 4 } else { 5 }) {
        0 => TokenTree::Ident(Ident::new_raw_or_plain(rng.pick(IDENTS))),
        1 => {
            let spacing = if rng.below(2) == 0 {
                Spacing::Alone
            } else {
                Spacing::Joint
            };
            TokenTree::Punct(Punct::new(rng.pick(PUNCTS), spacing))
        }
        2 => TokenTree::Literal(Literal::string(rng.pick(STRINGS))),
        3 => TokenTree::Literal(match rng.below(4) {
            0 => Literal::u64_unsuffixed(rng.next() % 40_000_000),
            1 => Literal::i64_unsuffixed(-(rng.below(100) as i64)),
            2 => Literal::f64_unsuffixed(1.5),
            _ => Literal::character('x'),
        }),
        _ => {
            let delimiter = rng.pick(&[
                Delimiter::Parenthesis,
                Delimiter::Bracket,
                Delimiter::Brace,
                Delimiter::None,
            ]);
            TokenTree::Group(Group::new(delimiter, random_stream(rng, depth - 1)))
        }
    }
}

fn random_stream(rng: &mut Rng, depth: u32) -> TokenStream {
    let len = rng.below(12);
    (0..len).map(|_| random_tree(rng, depth)).collect()
}

trait RawOrPlain {
    fn new_raw_or_plain(s: &str) -> Ident;
}

impl RawOrPlain for Ident {
    fn new_raw_or_plain(s: &str) -> Ident {
        match s.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(s, Span::call_site()),
        }
    }
}

fn must_not_panic(args: TokenStream, item: TokenStream) -> TokenStream {
    let (a, i) = (args.to_string(), item.to_string());
    catch_unwind(AssertUnwindSafe(|| expand::sunset(args.clone(), item.clone())))
        .unwrap_or_else(|_| panic!("#[sunset({a})] on `{i}` panicked"));
    catch_unwind(AssertUnwindSafe(|| expand::moved(args.clone(), item.clone())))
        .unwrap_or_else(|_| panic!("#[moved({a})] on `{i}` panicked"));
    catch_unwind(AssertUnwindSafe(|| expand::revived(args.clone(), item.clone())))
        .unwrap_or_else(|_| panic!("#[revived({a})] on `{i}` panicked"));
    catch_unwind(AssertUnwindSafe(|| expand::gone(args, item)))
        .unwrap_or_else(|_| panic!("#[gone({a})] on `{i}` panicked"))
}

#[test]
fn arbitrary_token_streams() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4_000 {
        let args = random_stream(&mut rng, 3);
        let item = random_stream(&mut rng, 3);
        must_not_panic(args, item);
    }
}

#[test]
fn arbitrary_keys_values_and_items() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let items: Vec<TokenStream> = vec![
        quote!(
            #[get("/v1/x")]
            async fn x() {}
        ),
        quote!(
            #[get("/v1/x", name = "n", guard = "g")]
            pub async fn x(a: web::Path<u8>) -> String {
                a
            }
        ),
        quote!(
            #[route("/v1/x", method = "GET", method = "POST")]
            async fn x() {}
        ),
        quote!(
            #[route("/v1/x", method = GET)]
            async fn x() {}
        ),
        quote!(
            #[route("/v1/x")]
            async fn x() {}
        ),
        quote!(
            #[routes]
            #[get("/a")]
            #[post("/b")]
            async fn x() {}
        ),
        quote!(
            #[routes]
            async fn x() {}
        ),
        quote!(
            #[get]
            async fn x() {}
        ),
        quote!(
            #[get(1)]
            async fn x() {}
        ),
        quote!(
            #[get("/x")]
            #[gone]
            async fn x() {}
        ),
        quote!(
            #[get("/x")]
            #[post("/x")]
            async fn x() {}
        ),
        quote!(
            async fn x() {}
        ),
        quote!(
            async fn x();
        ),
        quote!(
            fn x(&self);
        ),
        quote!(
            struct S;
        ),
        quote!(impl S {}),
        quote!(
            mod m {
                #[get("/x")]
                async fn x() {}
            }
        ),
        quote!(
            mod m {
                #[gone(since = "2025-01-01", reason = "own")]
                #[get("/x/{id")]
                async fn x() {}
                #[gone]
                async fn y() {}
            }
        ),
        quote!(
            #[get("/files/*")]
            async fn x() {}
        ),
        quote!(),
        quote!(#[get("/x")]),
        quote!(#[get("/x")] async fn),
    ];
    let keys = [
        "since",
        "reason",
        "link",
        "max_age",
        "path",
        "method",
        "bogus",
        "deprecated",
        "on",
        "brownouts",
        "exempt",
    ];
    for _ in 0..6_000 {
        let mut args = TokenStream::new();
        for _ in 0..rng.below(6) {
            let key = Ident::new(rng.pick(&keys), Span::call_site());
            let value: TokenStream = match rng.below(5) {
                0 => {
                    let s = rng.pick(STRINGS);
                    quote!(#s)
                }
                1 => {
                    let n = Literal::u64_unsuffixed(rng.next() % 40_000_000);
                    quote!(#n)
                }
                2 => quote!(-1),
                3 => quote!([
                    "GET",
                    "post",
                    1,
                    "2025-06-03T14:00Z/PT1H",
                    "2025-06-03T14:30Z/PT1H"
                ]),
                _ => random_stream(&mut rng, 1),
            };
            args.extend(match rng.below(8) {
                0 => quote!(#key,),
                1 => quote!(#key = ),
                _ => quote!(#key = #value,),
            });
        }
        let item = items[rng.below(items.len())].clone();
        let out = must_not_panic(args, item.clone());
        // Whenever the item was a function, the output is a list of items, error or not.
        if syn::parse2::<syn::ItemFn>(item).is_ok() {
            syn::parse2::<syn::File>(out.clone()).unwrap_or_else(|e| panic!("{e}: {out}"));
        }
    }
}

#[test]
fn a_valid_attribute_expands_without_error() {
    let out = expand::gone(
        quote!(
            since = "2025-03-01",
            reason = "r",
            link = "https://e.x/m",
            max_age = 0
        ),
        quote!(
            #[get("/v1/x")]
            async fn x(id: web::Path<u8>) -> Old {
                body()
            }
        ),
    );
    let text = out.to_string();
    assert!(!text.contains("compile_error"), "{text}");
    assert!(
        !text.contains("Old") && !text.contains("body ()"),
        "the old signature and body are gone: {text}"
    );
    assert!(
        text.contains("__private :: register (__gone_config") && !text.contains("__private :: route"),
        "a plain #[get] is registered by the runtime: {text}"
    );
    assert!(text.contains("use get as _"), "{text}");
}

/// The expansion of `#[gone(since = "2025-03-01", reason = "r")]` on `item`, as text.
fn retire(item: TokenStream) -> String {
    expand::gone(quote!(since = "2025-03-01", reason = "r"), item).to_string()
}

#[test]
fn an_option_the_runtime_does_not_know_is_left_to_actix_which_still_answers_head() {
    let text = retire(quote!(
        #[get("/v1/x", guard = "is_admin", future_option = "x")]
        async fn x() {}
    ));
    assert!(!text.contains("compile_error"), "{text}");
    assert!(
        text.contains(
            "__private :: route (\"/v1/x\" , method = \"GET\" , method = \"HEAD\" , guard = \"is_admin\" , future_option = \"x\")"
        ),
        "{text}"
    );
    assert!(!text.contains("__private :: register"), "{text}");
}

#[test]
fn middleware_wraps_the_runtime_resource_in_order() {
    let text = retire(quote!(
        #[get("/v1/x", wrap = "Logger::default()", wrap = "Compress::default()")]
        async fn x() {}
    ));
    assert!(
        text.contains(". wrap (Logger :: default ()) . wrap (Compress :: default ()) , __gone_config ,)"),
        "{text}"
    );
    assert!(text.contains("__private :: resource ("), "{text}");
}

#[test]
fn guards_go_to_the_runtime_registration_in_order() {
    let text = retire(quote!(
        #[get("/v1/x", guard = "is_admin", name = "n", guard = "guards::on_time")]
        async fn x() {}
    ));
    assert!(
        text.contains("\"n\" , & [& is_admin as :: gone_runtime :: __private :: GuardFn , & guards :: on_time as :: gone_runtime :: __private :: GuardFn])"),
        "{text}"
    );
}

#[test]
fn a_module_writes_every_gone_inside_with_the_runtime_path() {
    let text = retire(quote!(
        mod v1 {
            use actix_web::get;

            #[get("/a")]
            async fn a() {}

            #[gone(since = "2025-02-01", reason = "own")]
            #[get("/b")]
            async fn b() {}
        }
    ));
    assert!(!text.contains("compile_error"), "{text}");
    assert!(
        text.contains("# [:: gone_runtime :: __private :: gone (since = \"2025-03-01\" , reason = \"r\")] # [get (\"/a\")]"),
        "{text}"
    );
    assert!(
        text.contains("# [:: gone_runtime :: __private :: gone (since = \"2025-02-01\" , reason = \"own\")] # [get (\"/b\")]"),
        "{text}"
    );
}

#[test]
fn a_handler_with_path_is_a_service_and_a_handler() {
    let text = expand::gone(
        quote!(since = "2025-03-01", reason = "r", path = "old"),
        quote!(
            async fn old() {}
        ),
    )
    .to_string();
    assert!(text.contains("`path` starts with '/'"), "{text}");
    let text = expand::gone(
        quote!(
            since = "2025-03-01",
            reason = "r",
            path = "/old",
            method = ["GET", "POST"]
        ),
        quote!(
            async fn old(body: web::Json<Old>) {}
        ),
    )
    .to_string();
    assert!(!text.contains("compile_error"), "{text}");
    assert!(
        text.contains("# [derive (Clone , Copy)] struct old ;"),
        "keeps its visibility: {text}"
    );
    assert!(
        text.contains("impl :: gone_runtime :: __private :: HttpServiceFactory for old"),
        "{text}"
    );
    assert!(
        text.contains("impl :: gone_runtime :: __private :: ActixHandler < (:: gone_runtime :: __private :: HttpRequest ,) > for old"),
        "{text}"
    );
    assert!(
        text.contains("0usize .. 2usize , \"old\""),
        "one resource for both methods: {text}"
    );
}

#[test]
fn paths_are_checked_and_given_their_leading_slash() {
    let text = retire(quote!(
        #[get("x/{id}")]
        async fn x() {}
    ));
    assert!(
        !text.contains("compile_error") && text.contains("\"/x/{id}\""),
        "{text}"
    );
    let text = retire(quote!(
        #[get("/x/{id")]
        async fn x() {}
    ));
    assert!(
        text.contains("compile_error") && text.contains("never closed"),
        "{text}"
    );
}

#[test]
fn other_attributes_keep_the_handler_a_function() {
    for attr in [
        quote!(#[tracing::instrument]),
        quote!(#[expect(clippy::unused_async)]),
    ] {
        let text = retire(quote!(
            #attr
            #[post("/v1/x")]
            async fn x() {}
        ));
        assert!(text.contains("async fn x") && text.contains("# [post"), "{text}");
    }
    let text = retire(quote!(
        /// Docs.
        #[cfg(unix)]
        #[allow(dead_code)]
        #[post("/v1/x", name = "old_x")]
        pub(crate) async fn x() {}
    ));
    // `pub`, as actix-web's own struct is with its default features.
    assert!(
        text.contains("# [doc = r\" Docs.\"] # [cfg (unix)] # [allow (dead_code)] # [allow (non_camel_case_types)] pub struct x ;"),
        "{text}"
    );
    assert!(
        text.contains("\"old_x\" , & [])") && text.contains("use post as _"),
        "{text}"
    );
}

/// Random list files, from pieces of CSV good and bad: the list reader never panics, and
/// what it accepts packs.
#[test]
fn arbitrary_list_files() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let pieces = [
        "path",
        "since",
        "status",
        "reason",
        "to",
        "link",
        "max_age",
        "method",
        "PATH",
        "colour",
        ",",
        ",",
        ",",
        "\n",
        "\r\n",
        "\n\n",
        "\"",
        "\"\"",
        "#",
        " ",
        "\t",
        "/",
        "/a",
        "/a/*",
        "*",
        "%",
        "%2F",
        "%zz",
        "%C3%A9",
        "é",
        "2025-03-01",
        "2025-02-30",
        "9999-99-99",
        "410",
        "451",
        "revived",
        "301",
        "308",
        "302",
        "-1",
        "86400",
        "99999999999999999999",
        "GET",
        "get",
        "*",
        "https://example.com/x",
        "//evil",
        "/\\evil",
        "{id}",
        "\u{0}",
        "\u{feff}",
        "reason, with a comma",
    ];
    for _ in 0..3_000 {
        let mut text = String::new();
        if rng.below(2) == 0 {
            text.push_str("path,since,status,reason,to,link,max_age,method\n");
        }
        for _ in 0..rng.below(60) {
            text.push_str(rng.pick(&pieces));
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(rows) = crate::list::parse(&text, "fuzz.csv") {
                let _ = crate::list::pack(&rows);
            }
        }));
        assert!(outcome.is_ok(), "the list reader panicked on {text:?}");
    }
}
