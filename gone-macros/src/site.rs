//! Where the attribute stands. A proc macro is not told whether its item is a free function
//! or an associated one, and everything a handler expands to (a unit struct, a static, an
//! `impl`, an `inventory` submission) is refused inside an `impl` block, one error each. So
//! the handler's own source is read: when the function is written, in its file, directly in
//! the body of an `impl` or a `trait`, that is said once instead.
//!
//! The answer is `Some` only when that is certain: the text at the span is the function's
//! name, and every brace around it opens an item (a module, a function, the `impl`), none a
//! macro's input, so no other macro can have moved the function out of the `impl` before
//! this one runs. Anything else (no file, as under rust-analyzer's or a test's spans; a
//! macro's tokens; an attribute of another kind on the `impl`) is `None`, and the handler
//! expands as always.

use proc_macro2::Span;

/// `Some("impl Api")` when `name`, spanned on the handler's name, is written directly in the
/// body of that `impl` (or `trait`) block.
pub fn enclosing_impl(name: &syn::Ident) -> Option<String> {
    let (file, line, column) = location(name.span())?;
    let text = std::fs::read_to_string(file).ok()?;
    let offset = offset(&text, line, column)?;
    let written = name.to_string();
    if !text[offset..].starts_with(written.trim_start_matches("r#")) {
        return None;
    }
    enclosing(&text[..offset])
}

/// The span's file, 1-based line and 0-based column, inside a real macro expansion only.
fn location(span: Span) -> Option<(std::path::PathBuf, usize, usize)> {
    if !proc_macro::is_available() {
        return None;
    }
    let span = span.unwrap();
    Some((span.local_file()?, span.line(), span.column().checked_sub(1)?))
}

/// The byte offset of a 1-based line and a column counted in characters from 0.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = match line {
        0 => return None,
        1 => 0,
        _ => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let rest = &text[start..];
    let within = rest.char_indices().nth(column).map(|(i, _)| i)?;
    Some(start + within)
}

/// What a bracket opened.
#[derive(Clone, PartialEq, Debug)]
enum Opened {
    /// An `impl` or `trait` body, with its header as written.
    Impl(String),
    /// Another item's body: a module, a function, a block in one.
    Item,
    /// Something no item is written in directly (a macro's input, parentheses, an item
    /// whose attributes may rewrite it): the answer is unknown.
    Unknown,
}

/// The innermost bracket open at the end of `before`, when it is an `impl` body and every
/// bracket around it opens an item.
fn enclosing(before: &str) -> Option<String> {
    // Each open bracket: what it opened, and the header read before it, given back when a
    // parenthesis or square bracket closes (their contents are one word of the header).
    let mut open: Vec<(Opened, Header)> = Vec::new();
    // The words of the item being read at the current depth, since the last `;`, `{` or `}`,
    // each with its offset.
    let mut header: Header = Vec::new();
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let word_at = i;
        let word = match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = before[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(bytes, i)?;
                continue;
            }
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'"' => {
                i = string_end(bytes, i + 1)?;
                "\"\"".to_string()
            }
            b'\'' => {
                i = quote_end(before, i)?;
                "'".to_string()
            }
            b'[' if header.last().is_some_and(|(w, _)| w == "#" || w == "!") => {
                // An attribute: its name is a word of the header, the rest is skipped.
                let name: String = before[i + 1..]
                    .chars()
                    .skip_while(|c| c.is_whitespace())
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                i = bracket_end(before, i)?;
                format!("[{name}]")
            }
            b'{' => {
                let what = opened(&header, before, i);
                open.push((what, Vec::new()));
                header.clear();
                i += 1;
                continue;
            }
            b'(' | b'[' => {
                open.push((Opened::Unknown, std::mem::take(&mut header)));
                i += 1;
                continue;
            }
            b'}' => {
                open.pop()?;
                header.clear();
                i += 1;
                continue;
            }
            b')' | b']' => {
                header = open.pop()?.1;
                i += 1;
                "()".to_string()
            }
            b';' => {
                header.clear();
                i += 1;
                continue;
            }
            _ if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                let end = before[i..]
                    .char_indices()
                    .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                    .map_or(bytes.len(), |(n, _)| i + n);
                let word = &before[i..end];
                // A raw or byte string, or a byte: its prefix is not a word.
                if matches!(word, "r" | "br" | "cr" | "b" | "c")
                    && matches!(bytes.get(end), Some(b'"' | b'#' | b'\''))
                {
                    i = prefixed_literal_end(before, end, word)?;
                    "\"\"".to_string()
                } else {
                    i = end;
                    word.to_string()
                }
            }
            _ => {
                i += 1;
                (c as char).to_string()
            }
        };
        header.push((word, word_at));
    }
    if open.iter().any(|(o, _)| *o == Opened::Unknown) {
        return None;
    }
    match &open.last()?.0 {
        Opened::Impl(header) => Some(header.clone()),
        _ => None,
    }
}

/// The words of an item's header, each with its offset in the text.
type Header = Vec<(String, usize)>;

/// What the header read before the `{` at `brace` says it opens.
fn opened(header: &Header, text: &str, brace: usize) -> Opened {
    let mut words = header.iter().peekable();
    // Attributes first: only those that leave the item as written.
    while words.peek().is_some_and(|(w, _)| w == "#") {
        words.next();
        let leaves_it = [
            "[doc]", "[cfg]", "[allow]", "[warn]", "[deny]", "[forbid]", "[expect]",
        ];
        if !words
            .next()
            .is_some_and(|(name, _)| leaves_it.contains(&name.as_str()))
        {
            return Opened::Unknown;
        }
    }
    let rest: Vec<&(String, usize)> = words.collect();
    // A macro's input, or an attribute further on (on a statement, a field, ...).
    if rest.iter().any(|(w, _)| w == "!" || w == "#") {
        return Opened::Unknown;
    }
    let keyword = rest
        .iter()
        .find(|(w, _)| !matches!(w.as_str(), "pub" | "()" | "unsafe" | "default"));
    match keyword {
        Some((w, at)) if w == "impl" || w == "trait" => {
            let written = text[*at..brace].split_whitespace().collect::<Vec<_>>();
            Opened::Impl(written.join(" "))
        }
        _ => Opened::Item,
    }
}

/// The end of a `/* */` comment starting at `i`, nested ones included.
fn block_comment_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The end of a string whose contents start at `i`, escapes included.
fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// After a `'`: the end of a character literal, or of a lifetime's quote alone.
fn quote_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 1..];
    let mut chars = rest.char_indices();
    match chars.next()? {
        // An escape: up to the next quote after the escaped character.
        (_, '\\') => rest.get(2..)?.find('\'').map(|n| i + 1 + 2 + n + 1),
        (_, ch) => match chars.next() {
            Some((n, '\'')) => Some(i + 1 + n + 1),
            _ => Some(i + 1 + ch.len_utf8()),
        },
    }
}

/// The end of a literal with a prefix: `r"..."`, `r#"..."#`, `b"..."`, `b'x'`, `c"..."`.
fn prefixed_literal_end(text: &str, i: usize, prefix: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes[i] == b'\'' {
        return quote_end(text, i);
    }
    if prefix.contains('r') {
        let hashes = text[i..].bytes().take_while(|b| *b == b'#').count();
        if bytes.get(i + hashes) != Some(&b'"') {
            return None;
        }
        let close = format!("\"{}", "#".repeat(hashes));
        let body = i + hashes + 1;
        return text[body..].find(&close).map(|n| body + n + close.len());
    }
    if bytes[i] == b'"' {
        return string_end(bytes, i + 1);
    }
    None
}

/// The end of the bracket opened at `i`, skipping literals and comments inside.
fn bracket_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut j = i;
    while j < bytes.len() {
        match bytes[j] {
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            b'"' => {
                j = string_end(bytes, j + 1)?;
                continue;
            }
            b'/' if bytes.get(j + 1) == Some(&b'*') => {
                j = block_comment_end(bytes, j)?;
                continue;
            }
            b'/' if bytes.get(j + 1) == Some(&b'/') => {
                j = text[j..].find('\n').map_or(bytes.len(), |n| j + n);
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str) -> Option<String> {
        let end = source.find("HERE").expect("a HERE marker");
        enclosing(&source[..end])
    }

    #[test]
    fn a_function_in_an_impl_body() {
        assert_eq!(at("struct Api;\nimpl Api {\n    #[gone(since = \"2025-01-01\", reason = \"x\")]\n    #[get(\"/v1/a\")]\n    async fn HERE"), Some("impl Api".into()));
        assert_eq!(
            at("mod m { pub(crate) impl<T: Clone> Api<T> { fn a() {} async fn HERE"),
            Some("impl<T: Clone> Api<T>".into())
        );
        assert_eq!(at("trait T { fn HERE"), Some("trait T".into()));
        assert_eq!(
            at("#[allow(dead_code)] impl Api { /* } */ // }\n fn HERE"),
            Some("impl Api".into())
        );
    }

    #[test]
    fn a_free_function_is_not_in_one() {
        assert_eq!(at("impl Api { fn a() {} }\n#[get(\"/a\")] async fn HERE"), None);
        assert_eq!(at("mod m { impl Api {} async fn HERE"), None);
        assert_eq!(at("fn main() { impl Api { } fn HERE"), None);
        assert_eq!(at("#[get(\"/{a}\")] async fn HERE"), None);
        assert_eq!(at("const S: &str = \"impl X {\"; fn HERE"), None);
        assert_eq!(at("const S: &str = r#\"impl X {\"#; fn HERE"), None);
        assert_eq!(at("const C: char = '{'; fn f<'a>(x: &'a str) {} fn HERE"), None);
        assert_eq!(at("const C: u8 = b'{'; fn HERE"), None);
    }

    #[test]
    fn a_macro_or_another_attribute_may_move_it() {
        assert_eq!(at("m! { impl Api { fn HERE"), None);
        assert_eq!(at("macro_rules! m { () => { impl Api { fn HERE"), None);
        assert_eq!(at("#[my_attr] impl Api { fn HERE"), None);
        assert_eq!(
            at("impl Api { const X: [u8; 1] = [0]; fn f() { let v = (1, { 2 }); } fn HERE"),
            Some("impl Api".into())
        );
        assert_eq!(at("impl Api { fn f() { g(|| { HERE"), None);
    }

    #[test]
    fn unclosed_or_odd_text_is_no_answer() {
        for source in [
            "\"HERE", "/* HERE", "} HERE", "r#\"HERE", "'HERE", "'\\HERE", "b'HERE",
        ] {
            assert_eq!(at(source), None, "{source:?}");
        }
    }
}
