use std::fmt::Write as _;

/// `s` as a JSON string literal, quotes included (RFC 8259 §7).
///
/// ```
/// assert_eq!(gone_core::json_string("a \"b\"\n"), r#""a \"b\"\n""#);
/// ```
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // U+2028 and U+2029 are valid JSON but end a line in JavaScript; escaping them
            // keeps the body safe to embed in a script too.
            c if c < ' ' || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` with `& < > " '` replaced by character references, safe in HTML text and in a quoted
/// attribute value.
///
/// ```
/// assert_eq!(gone_core::escape_html("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
/// ```
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escaping_round_trips() {
        let nasty = "quote \" backslash \\ nl \n cr \r tab \t nul \0 bell \u{7} del \u{7f} \
                     ls \u{2028} ps \u{2029} é 😀 </script>";
        let lit = json_string(nasty);
        let back: String = serde_json::from_str(&lit).unwrap();
        assert_eq!(back, nasty);
        assert!(!lit.contains('\n') && !lit.contains('\u{2028}'));
    }

    #[test]
    fn html_escaping_leaves_no_markup() {
        let out = escape_html(r#"<script>alert('x' & "y")</script>"#);
        assert_eq!(
            out,
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
    }
}
