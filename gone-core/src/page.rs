//! The site's own page (SPEC §16): a template of HTML with slots (`{{reason}}`) and sections
//! (`{{#link}}...{{/link}}`, shown only when the value exists), checked once when it is read
//! (every fault with its line) and rendered with every value HTML-escaped. There is no way to
//! write a value unescaped: `{{{reason}}}` is refused.

use crate::escape_html;
use std::fmt;

/// The slots a template may name, in the order the messages list them.
pub const SLOTS: [&str; 7] = ["title", "status", "reason", "since", "link", "until", "to"];

/// What a page says: each slot's value, the optional ones `None` when the answer has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page<'a> {
    /// `410 Gone`, `451 Unavailable For Legal Reasons`, `410 Gone: scheduled brownout`, ...
    pub title: &'a str,
    /// The status code: 410, 451, 308, 301.
    pub status: u16,
    /// Why, in one sentence.
    pub reason: &'a str,
    /// The date of removal, `YYYY-MM-DD`.
    pub since: Option<&'a str>,
    /// The migration notes (or, for a 451, the authority behind the demand).
    pub link: Option<&'a str>,
    /// The end of a brownout, as an HTTP-date.
    pub until: Option<&'a str>,
    /// Where a moved page is now.
    pub to: Option<&'a str>,
}

impl Page<'_> {
    /// The value of the slot at `index` of [`SLOTS`], if the page has one.
    fn value(&self, index: usize) -> Option<String> {
        match index {
            0 => Some(self.title.to_string()),
            1 => Some(self.status.to_string()),
            2 => Some(self.reason.to_string()),
            3 => self.since.map(str::to_string),
            4 => self.link.map(str::to_string),
            5 => self.until.map(str::to_string),
            _ => self.to.map(str::to_string),
        }
    }
}

/// One fault of a template: its line (from 1) and what is wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The line of the template the fault is on, from 1; 0 for a fault of the whole template.
    pub line: usize,
    /// What is wrong, and what to write instead.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => f.write_str(&self.message),
            line => write!(f, "line {line}: {}", self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Slot(usize),
    Section(usize, Vec<Part>),
}

/// A checked template, ready to render.
///
/// ```
/// use gone_core::page::{Page, Template};
///
/// let t = Template::parse("<h1>{{title}}</h1><p>{{reason}}</p>{{#link}}<a href=\"{{link}}\">more</a>{{/link}}").unwrap();
/// let page = Page { title: "410 Gone", status: 410, reason: "Moved <for good>", since: None, link: None, until: None, to: None };
/// assert_eq!(t.render(&page), "<h1>410 Gone</h1><p>Moved &lt;for good&gt;</p>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// The most faults reported one by one.
const MAX_FAULTS: usize = 20;

impl Template {
    /// Reads a template: every fault with its line (at most 20), or the template. A template
    /// must show the reason (`{{reason}}`): a page that does not say why is not a 410.
    pub fn parse(text: &str) -> Result<Template, Vec<TemplateError>> {
        let mut faults = Vec::new();
        // The open sections, each with its slot and the line it opened on, and the parts
        // written inside it so far.
        let mut stack: Vec<(usize, usize, Vec<Part>)> = Vec::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut rest = text;
        let mut line = 1;
        let mut shows_reason = false;
        while let Some(open) = rest.find("{{") {
            let (before, tag) = rest.split_at(open);
            push_text(current(&mut stack, &mut parts), before);
            line += before.matches('\n').count();
            if tag.starts_with("{{{") {
                let end = tag.find("}}}").map_or(tag.len(), |e| e + 3);
                let inner = tag[3..end.saturating_sub(3).max(3)].trim();
                faults.push(TemplateError {
                    line,
                    message: format!(
                        "`{{{{{{{inner}}}}}}}` would write a value unescaped, and a page's values are always escaped: write `{{{{{inner}}}}}`"
                    ),
                });
                line += tag[..end].matches('\n').count();
                rest = &tag[end..];
                continue;
            }
            let Some(close) = tag.find("}}") else {
                faults.push(TemplateError {
                    line,
                    message: "`{{` opens a slot that is never closed with `}}`: write a slot like `{{reason}}`, or `&#123;&#123;` for the text".into(),
                });
                rest = "";
                break;
            };
            let inner = &tag[2..close];
            // Not a slot's name at all (`{{` in a script, say): said, and read on from just
            // after the `{{`, so that a slot further on is not swallowed.
            let plausible = inner.len() <= 40
                && inner
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b" \t_-#/".contains(&b));
            if !plausible {
                let first: String = inner.lines().next().unwrap_or("").chars().take(20).collect();
                faults.push(TemplateError {
                    line,
                    message: format!(
                        "`{{{{` opens a slot, but `{first}` is not a slot's name: write a slot like `{{{{reason}}}}`, or `&#123;&#123;` for the text itself (a script or a style that needs `{{{{` goes in a file of its own)"
                    ),
                });
                rest = &tag[2..];
                continue;
            }
            let (sigil, name) = match inner.trim().chars().next() {
                Some(c @ ('#' | '/')) => (Some(c), inner.trim()[1..].trim()),
                _ => (None, inner.trim()),
            };
            let slot = SLOTS.iter().position(|s| *s == name);
            match (sigil, slot) {
                (_, None) => faults.push(TemplateError {
                    line,
                    message: unknown(name, sigil),
                }),
                (None, Some(i)) => {
                    shows_reason |= i == 2;
                    current(&mut stack, &mut parts).push(Part::Slot(i));
                }
                (Some('#'), Some(i)) => stack.push((i, line, Vec::new())),
                (_, Some(i)) => match stack.pop() {
                    Some((open, _, body)) if open == i => {
                        current(&mut stack, &mut parts).push(Part::Section(i, body))
                    }
                    Some((open, opened, body)) => {
                        faults.push(TemplateError {
                            line,
                            message: format!(
                                "`{{{{/{name}}}}}` closes `{{{{#{}}}}}`, opened on line {opened}: close the inner section first, `{{{{/{}}}}}`",
                                SLOTS[open], SLOTS[open]
                            ),
                        });
                        stack.push((open, opened, body));
                    }
                    None => faults.push(TemplateError {
                        line,
                        message: format!(
                            "`{{{{/{name}}}}}` closes no section: a section opens with `{{{{#{name}}}}}` before it"
                        ),
                    }),
                },
            }
            line += tag[..close + 2].matches('\n').count();
            rest = &tag[close + 2..];
        }
        push_text(current(&mut stack, &mut parts), rest);
        for (open, opened, _) in stack.drain(..).rev() {
            let name = SLOTS[open];
            faults.push(TemplateError {
                line: opened,
                message: format!("`{{{{#{name}}}}}` is never closed: end the section with `{{{{/{name}}}}}`"),
            });
        }
        if faults.is_empty() && !shows_reason {
            faults.push(TemplateError {
                line: 0,
                message: "the template never shows `{{reason}}`: a page that is gone says why".into(),
            });
        }
        faults.sort_by_key(|f| f.line);
        if faults.len() > MAX_FAULTS {
            let more = faults.len() - MAX_FAULTS;
            faults.truncate(MAX_FAULTS);
            faults.push(TemplateError {
                line: faults[MAX_FAULTS - 1].line,
                message: format!("and {more} more"),
            });
        }
        match faults.is_empty() {
            true => Ok(Template { parts }),
            false => Err(faults),
        }
    }

    /// The page, every value HTML-escaped; a section shown only when its slot has a value.
    pub fn render(&self, page: &Page<'_>) -> String {
        let mut out = String::new();
        render_into(&self.parts, page, &mut out);
        out
    }
}

fn current<'p>(stack: &'p mut [(usize, usize, Vec<Part>)], parts: &'p mut Vec<Part>) -> &'p mut Vec<Part> {
    match stack.last_mut() {
        Some((_, _, body)) => body,
        None => parts,
    }
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if !text.is_empty() {
        parts.push(Part::Text(text.to_string()));
    }
}

/// An unknown slot's message: the slots there are, and the nearest.
fn unknown(name: &str, sigil: Option<char>) -> String {
    let written = match sigil {
        Some(c) => format!("{{{{{c}{name}}}}}"),
        None => format!("{{{{{name}}}}}"),
    };
    let all: Vec<String> = SLOTS.iter().map(|s| format!("{{{{{s}}}}}")).collect();
    let near = SLOTS.iter().find(|s| {
        s.len().abs_diff(name.len()) <= 2 && (s.starts_with(&name[..name.len().min(2)]) || name.contains(*s))
    });
    match near {
        Some(near) if !name.is_empty() => format!(
            "unknown slot `{written}` (did you mean `{{{{{near}}}}}`?): the slots are {}",
            all.join(", ")
        ),
        _ => format!("unknown slot `{written}`: the slots are {}", all.join(", ")),
    }
}

fn render_into(parts: &[Part], page: &Page<'_>, out: &mut String) {
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Slot(i) => {
                if let Some(v) = page.value(*i) {
                    out.push_str(&escape_html(&v));
                }
            }
            Part::Section(i, body) => {
                if page.value(*i).is_some() {
                    render_into(body, page, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: Page<'static> = Page {
        title: "410 Gone",
        status: 410,
        reason: "Removed <for> \"good\" & all",
        since: Some("2025-03-01"),
        link: None,
        until: None,
        to: None,
    };

    fn faults(text: &str) -> Vec<String> {
        Template::parse(text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn braces_that_open_no_slot_are_said_and_the_slots_after_them_still_read() {
        let faults = Template::parse("<script>var a = \"{{\";</script>\n<p>{{reason}}</p>").unwrap_err();
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert_eq!(faults[0].line, 1);
        assert!(
            faults[0].message.contains("`\";</script>` is not a slot's name"),
            "{faults:?}"
        );
        assert!(Template::parse("<p>{{ reason }}</p>").is_ok());
        let whole = Template::parse("<p>{{title}}</p>").unwrap_err();
        assert_eq!(
            (whole[0].line, whole[0].to_string().starts_with("the template")),
            (0, true)
        );
    }

    #[test]
    fn renders_slots_escaped_and_sections_when_the_value_exists() {
        let t = Template::parse(
            "<title>{{ title }}</title>\n<p>{{reason}}</p>\n{{#since}}<time>{{since}}</time>{{/since}}{{#link}}<a href=\"{{link}}\">x</a>{{/link}}",
        )
        .unwrap();
        assert_eq!(
            t.render(&PAGE),
            "<title>410 Gone</title>\n<p>Removed &lt;for&gt; &quot;good&quot; &amp; all</p>\n<time>2025-03-01</time>"
        );
        let linked = Page {
            link: Some("https://x.example/?a=1&b=\"2\""),
            ..PAGE
        };
        assert!(t
            .render(&linked)
            .ends_with("<a href=\"https://x.example/?a=1&amp;b=&quot;2&quot;\">x</a>"));
        // Sections nest, and a text with braces of its own stays as it is.
        let t = Template::parse("{{#since}}{{#link}}both{{/link}}{{/since}} {{reason}} { } }}").unwrap();
        assert_eq!(
            t.render(&Page {
                link: Some("l"),
                ..PAGE
            }),
            "both Removed &lt;for&gt; &quot;good&quot; &amp; all { } }}"
        );
        assert_eq!(
            t.render(&PAGE),
            " Removed &lt;for&gt; &quot;good&quot; &amp; all { } }}"
        );
    }

    #[test]
    fn every_fault_names_its_line() {
        assert_eq!(
            faults("<p>{{reason}}</p>\n<p>{{reasn}}</p>"),
            ["line 2: unknown slot `{{reasn}}` (did you mean `{{reason}}`?): the slots are {{title}}, {{status}}, {{reason}}, {{since}}, {{link}}, {{until}}, {{to}}"]
        );
        assert_eq!(
            faults("{{reason}}\n\n{{#link}}<a>"),
            ["line 3: `{{#link}}` is never closed: end the section with `{{/link}}`"]
        );
        assert_eq!(
            faults("{{reason}}\n{{/link}}"),
            ["line 2: `{{/link}}` closes no section: a section opens with `{{#link}}` before it"]
        );
        assert_eq!(
            faults("{{#since}}\n{{#link}}\n{{/since}}{{/link}}{{reason}}"),
            [
                "line 1: `{{#since}}` is never closed: end the section with `{{/since}}`",
                "line 3: `{{/since}}` closes `{{#link}}`, opened on line 2: close the inner section first, `{{/link}}`",
            ]
        );
        assert_eq!(
            faults("<p>{{{reason}}}</p>"),
            ["line 1: `{{{reason}}}` would write a value unescaped, and a page's values are always escaped: write `{{reason}}`"]
        );
        assert_eq!(
            faults("<p>{{reason</p>"),
            ["line 1: `{{` opens a slot that is never closed with `}}`: write a slot like `{{reason}}`, or `&#123;&#123;` for the text"]
        );
        assert_eq!(
            faults("<p>{{title}}</p>"),
            ["the template never shows `{{reason}}`: a page that is gone says why"]
        );
        let many: String = (0..30).map(|i| format!("{{{{x{i}}}}}\n")).collect();
        let all = faults(&many);
        assert_eq!(all.len(), 21);
        assert!(all[20].ends_with("and 10 more"), "{}", all[20]);
    }
}
