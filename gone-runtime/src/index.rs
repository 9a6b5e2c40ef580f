//! Finding the retired route for a request path without walking the list: static paths in a
//! hash map (O(1)), patterned paths in a segment trie built once (a binary search per literal
//! segment), keyed by `&'static str` slices of the manifest and shrunk to fit, so that a route
//! costs a few hundred bytes, not a compiled regex, unless its pattern carries a custom regex.

use crate::pattern::{self, Part};
use crate::statics::{route_for_method, Entry};
use actix_web::http::Method;
use regex_lite::Regex;
use std::collections::HashMap;

/// The routes of one path, by method.
#[derive(Default)]
struct Methods(Vec<Entry>);

impl Methods {
    fn find(&self, method: &Method) -> Option<Entry> {
        route_for_method(self.0.iter(), method.as_str()).copied()
    }
}

/// How one pattern segment matches one path segment.
enum Segment {
    /// `{name}`: any non-empty segment.
    Any,
    /// `{name:regex}` or a mix of text and parameters (`{name}.{ext}`).
    Regex(Box<Regex>),
}

/// How the last part of a pattern matches the rest of the path, slashes included.
enum Rest {
    /// `{tail}*`: anything, even nothing.
    Any,
    /// `{name:regex}` as the last segment: the rest must match the regex.
    Regex(Box<Regex>),
}

#[derive(Default)]
struct Node {
    /// Sorted by segment once built: found by binary search.
    literal: Vec<(&'static str, Node)>,
    dynamic: Vec<(Segment, Node)>,
    rest: Vec<(Rest, Methods)>,
    here: Methods,
    /// Where each literal child is while building; dropped by `finish`. Boxed: eight bytes
    /// in every node of the finished trie rather than a map's forty-eight.
    #[allow(clippy::box_collection)]
    building: Option<Box<HashMap<&'static str, usize>>>,
}

impl Node {
    fn literal_child(&mut self, seg: &'static str) -> &mut Node {
        // While building, children are appended; `finish` sorts them.
        let positions = self.building.get_or_insert_with(Default::default);
        let pos = *positions.entry(seg).or_insert_with(|| {
            self.literal.push((seg, Node::default()));
            self.literal.len() - 1
        });
        &mut self.literal[pos].1
    }

    fn finish(&mut self) {
        self.building = None;
        self.literal.sort_by(|a, b| a.0.cmp(b.0));
        self.literal.shrink_to_fit();
        self.dynamic.shrink_to_fit();
        self.rest.shrink_to_fit();
        self.here.0.shrink_to_fit();
        for (_, child) in &mut self.literal {
            child.finish();
        }
        for (_, child) in &mut self.dynamic {
            child.finish();
        }
        for (_, methods) in &mut self.rest {
            methods.0.shrink_to_fit();
        }
    }

    fn find_literal(&self, seg: &str) -> Option<&Node> {
        self.literal
            .binary_search_by(|(s, _)| (*s).cmp(seg))
            .ok()
            .map(|i| &self.literal[i].1)
    }
}

/// Every servable retired route, indexed.
#[derive(Default)]
pub(crate) struct Index {
    exact: HashMap<&'static str, Methods>,
    trie: Node,
    /// Patterns with a regex of their own anywhere but as a lone last segment: a regex may
    /// match a `/` (`/z/{a:.*}/end`), which a segment trie cannot follow, so each is matched
    /// whole against the path, as actix-web's router does, after the trie.
    whole: Vec<(Regex, Methods)>,
}

impl Index {
    pub(crate) fn build(routes: impl IntoIterator<Item = Entry>) -> Index {
        let mut index = Index::default();
        for route in routes {
            if route.guarded() {
                continue;
            }
            let path = route.path();
            if !path.contains('{') {
                index.exact.entry(path).or_default().0.push(route);
            } else if let Some(re) = whole_regex(path) {
                match index.whole.iter_mut().find(|(r, _)| r.as_str() == re.as_str()) {
                    Some((_, methods)) => methods.0.push(route),
                    None => index.whole.push((re, Methods(vec![route]))),
                }
            } else {
                // A pattern this index cannot read (an unclosed `{`) is one actix-web would
                // refuse too; it is left out, and the audit names it.
                let _ = index.insert_pattern(route);
            }
        }
        index.trie.finish();
        index.exact.shrink_to_fit();
        for methods in index.exact.values_mut() {
            methods.0.shrink_to_fit();
        }
        index
    }

    fn insert_pattern(&mut self, route: Entry) -> Option<()> {
        let pattern = route.path().strip_prefix('/')?;
        let segments = pattern::segments(pattern)?;
        let mut node = &mut self.trie;
        let last = segments.len() - 1;
        for (i, seg) in segments.into_iter().enumerate() {
            if !seg.contains('{') {
                node = node.literal_child(seg);
                continue;
            }
            let parts = pattern::parts(seg)?;
            if i == last {
                if let Some(rest) = rest_matcher(&parts) {
                    let pos = node.rest.iter().position(|(r, _)| same_rest(r, &rest));
                    let methods = match pos {
                        Some(p) => &mut node.rest[p].1,
                        None => {
                            node.rest.push((rest, Methods::default()));
                            &mut node.rest.last_mut()?.1
                        }
                    };
                    methods.0.push(route);
                    return Some(());
                }
            }
            let segment = segment_matcher(&parts)?;
            let pos = node.dynamic.iter().position(|(s, _)| same_segment(s, &segment));
            node = match pos {
                Some(p) => &mut node.dynamic[p].1,
                None => {
                    node.dynamic.push((segment, Node::default()));
                    &mut node.dynamic.last_mut()?.1
                }
            };
        }
        node.here.0.push(route);
        Some(())
    }

    /// The retired route that answers `method` on `path` (the percent-decoded path that
    /// actix-web routes on), if any.
    pub(crate) fn find(&self, method: &Method, path: &str) -> Option<Entry> {
        if let Some(route) = self.exact.get(path).and_then(|m| m.find(method)) {
            return Some(route);
        }
        if let Some(route) = find_in(&self.trie, path.strip_prefix('/')?, method) {
            return Some(route);
        }
        self.whole
            .iter()
            .filter(|(re, _)| re.is_match(path))
            .find_map(|(_, methods)| methods.find(method))
    }
}

/// The whole-path regex of `path`, when a segment trie cannot follow it: a parameter with a
/// regex of its own anywhere but as the lone last segment (which the trie matches whole).
fn whole_regex(path: &str) -> Option<Regex> {
    let parts = pattern::parts(path)?;
    let last_alone = |i: usize| {
        i == parts.len() - 1
            && matches!(parts.get(i.wrapping_sub(1)), Some(Part::Text(t)) if t.ends_with('/'))
    };
    let needs = parts
        .iter()
        .enumerate()
        .any(|(i, p)| matches!(p, Part::Param { regex: Some(_), .. }) && !last_alone(i));
    needs.then(|| Regex::new(&pattern::regex(&parts)).ok()).flatten()
}

fn find_in(node: &Node, rest: &str, method: &Method) -> Option<Entry> {
    let (seg, tail) = match rest.split_once('/') {
        Some((seg, tail)) => (seg, Some(tail)),
        None => (rest, None),
    };
    let next = |child: &Node| match tail {
        Some(tail) => find_in(child, tail, method),
        None => child.here.find(method),
    };
    if let Some(found) = node.find_literal(seg).and_then(next) {
        return Some(found);
    }
    for (segment, child) in &node.dynamic {
        let matches = match segment {
            Segment::Any => !seg.is_empty(),
            Segment::Regex(re) => re.is_match(seg),
        };
        if let Some(found) = matches.then(|| next(child)).flatten() {
            return Some(found);
        }
    }
    node.rest.iter().find_map(|(r, methods)| {
        let matches = match r {
            Rest::Any => true,
            Rest::Regex(re) => re.is_match(rest),
        };
        matches.then(|| methods.find(method)).flatten()
    })
}

/// The last segment, when it may match the rest of the path across slashes: `{tail}*`, or a
/// lone `{name:regex}` (actix-web's regex may reach across slashes too).
fn rest_matcher(parts: &[Part<'_>]) -> Option<Rest> {
    match parts {
        [Part::Param { tail: true, .. }] => Some(Rest::Any),
        [Part::Param { regex: Some(re), .. }] if !re.is_empty() => Regex::new(&pattern::regex(parts))
            .ok()
            .map(|r| Rest::Regex(Box::new(r))),
        _ => None,
    }
}

/// One segment: `{name}` alone matches any, anything else (`{name:regex}`, `{name}.{ext}`)
/// its regex.
fn segment_matcher(parts: &[Part<'_>]) -> Option<Segment> {
    match parts {
        [Part::Param {
            regex: None,
            tail: false,
            ..
        }] => Some(Segment::Any),
        _ => Regex::new(&pattern::regex(parts))
            .ok()
            .map(|r| Segment::Regex(Box::new(r))),
    }
}

fn same_segment(a: &Segment, b: &Segment) -> bool {
    match (a, b) {
        (Segment::Any, Segment::Any) => true,
        (Segment::Regex(a), Segment::Regex(b)) => a.as_str() == b.as_str(),
        _ => false,
    }
}

fn same_rest(a: &Rest, b: &Rest) -> bool {
    match (a, b) {
        (Rest::Any, Rest::Any) => true,
        (Rest::Regex(a), Rest::Regex(b)) => a.as_str() == b.as_str(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statics::{record, Removed, Retired, Where};

    fn routes(specs: &[(&'static str, &'static str)]) -> Vec<Entry> {
        let retired: &'static Retired = Box::leak(Box::new(Retired {
            since: "2025-03-01",
            reason: "r",
            link: None,
            json: "{}",
            html: "",
            text: "",
            cache_control: "public, max-age=1",
            sunset: "Sat, 01 Mar 2025 00:00:00 GMT",
            link_header: None,
        }));
        specs
            .iter()
            .map(|(m, p)| {
                let at = Where {
                    method: m,
                    path: p,
                    handler: "h",
                    module: "m",
                    file: "f",
                    line: 1,
                    guarded: false,
                };
                Entry::Gone(Box::leak(Box::new(record(at, Removed::of(retired)))))
            })
            .collect()
    }

    #[test]
    fn a_regex_that_reaches_across_slashes_is_matched_whole() {
        let index = Index::build(routes(&[
            ("GET", "/z/{a:.*}/end"),
            ("GET", "/x/{a:.*}-{b}"),
            ("GET", "/y/{a:[a-z]*}{b:.*}"),
            ("GET", "/q/{id:\\d+}"),
        ]));
        let found = |p: &str| index.find(&Method::GET, p).map(|r| r.path());
        for (path, pattern) in [
            ("/z/a/end", "/z/{a:.*}/end"),
            ("/z/a/b/end", "/z/{a:.*}/end"),
            ("/z/a/b/c/end", "/z/{a:.*}/end"),
            ("/x//-x", "/x/{a:.*}-{b}"),
            ("/y//evil.example", "/y/{a:[a-z]*}{b:.*}"),
            ("/y/a/b", "/y/{a:[a-z]*}{b:.*}"),
            ("/q/12", "/q/{id:\\d+}"),
        ] {
            assert_eq!(found(path), Some(pattern), "{path}");
        }
        assert_eq!(found("/z/a/b/nope"), None);
        assert_eq!(found("/q/x"), None);
    }

    #[test]
    fn finds_what_actix_would_route() {
        let index = Index::build(routes(&[
            ("GET", "/a/x"),
            ("GET", "/a/x-b/{id}"),
            ("GET", "/a/x/{id}"),
            ("POST", "/a/x/{id}/items"),
            ("GET", "/a/{any}/z"),
            ("GET", r"/n/{id:\d+}"),
            ("GET", "/f/{tail}*"),
            ("GET", "/d/{name}.{ext}"),
            ("GET", r"/r/{rest:.*}"),
        ]));
        let get = Method::GET;
        let found = |m: &Method, p: &str| index.find(m, p).map(|r| r.path());
        assert_eq!(found(&get, "/a/x"), Some("/a/x"));
        assert_eq!(found(&Method::HEAD, "/a/x"), Some("/a/x"));
        assert_eq!(found(&get, "/a/x/7"), Some("/a/x/{id}"));
        assert_eq!(found(&get, "/a/x-b/7"), Some("/a/x-b/{id}"));
        assert_eq!(found(&Method::POST, "/a/x/7/items"), Some("/a/x/{id}/items"));
        assert_eq!(found(&get, "/a/x/7/items"), None, "POST only");
        assert_eq!(found(&get, "/a/q/z"), Some("/a/{any}/z"));
        assert_eq!(
            found(&get, "/a/x/z"),
            Some("/a/x/{id}"),
            "a literal first, as registered"
        );
        assert_eq!(found(&get, "/n/42"), Some(r"/n/{id:\d+}"));
        assert_eq!(found(&get, "/n/x"), None);
        assert_eq!(found(&get, "/f/"), Some("/f/{tail}*"));
        assert_eq!(found(&get, "/f/a/b"), Some("/f/{tail}*"));
        assert_eq!(found(&get, "/f"), None);
        assert_eq!(found(&get, "/d/a.pdf"), Some("/d/{name}.{ext}"));
        assert_eq!(found(&get, "/d/a"), None);
        assert_eq!(found(&get, "/r/a/b/c"), Some(r"/r/{rest:.*}"));
        assert_eq!(found(&get, "/a/"), None);
        assert_eq!(found(&get, "/a//z"), None, "an empty segment is no parameter");
        assert_eq!(found(&get, ""), None);
    }
}
