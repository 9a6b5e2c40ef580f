//! Request paths as actix-web's router compares them, for lists of removed paths: a
//! percent-encoded and a plain spelling of the same character are one path, but `%2F` is not
//! `/` (nor `%25` a `%`, nor `%2B` a `+`), as actix-router's `Url` requotes a path before
//! matching it. The macro writes each listed path in this form at compile time; the runtime
//! puts each request's path in it, so both compare byte for byte.

use std::borrow::Cow;

/// Bytes a path keeps percent-encoded: decoding them would change what it says.
const PROTECTED: &[u8] = b"/%+";

/// `path` in the one form every spelling of it shares: each `%XX` decoded, but for `%2F`,
/// `%25` and `%2B`, which are kept with their hex digits in capitals. Borrowed when there is
/// nothing to change (no `%`), which is every ordinary path.
///
/// ```
/// use gone_core::path::canonical;
/// assert_eq!(&*canonical("/caf%C3%A9"), "/café".as_bytes());
/// assert_eq!(&*canonical("/a%2fb"), b"/a%2Fb");
/// assert_eq!(&*canonical("/posts/launch-2019"), b"/posts/launch-2019");
/// assert_eq!(canonical("/%7e"), canonical("/~"));
/// ```
#[inline]
pub fn canonical(path: &str) -> Cow<'_, [u8]> {
    let bytes = path.as_bytes();
    if !bytes.contains(&b'%') {
        return Cow::Borrowed(bytes);
    }
    Cow::Owned(decode(bytes))
}

/// [`canonical`] of a path with a `%` in it.
#[cold]
fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match decoded {
            Some(b) if PROTECTED.contains(&b) => {
                out.push(b'%');
                out.extend(format!("{b:02X}").bytes());
                i += 3;
            }
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// FNV-1a (32 bits) of `bytes`, continued from `hash`: the hash of a list's lookup tables,
/// written by the macro and read by the runtime. Start with [`HASH_START`]; a prefix's hash
/// is a step on the way to a longer key's, so every folder of a path is hashed in one pass.
///
/// ```
/// use gone_core::path::{hash, HASH_START};
/// let whole = hash(HASH_START, b"/a/b");
/// assert_eq!(hash(hash(HASH_START, b"/a"), b"/b"), whole);
/// ```
#[inline]
pub const fn hash(mut hash: u32, bytes: &[u8]) -> u32 {
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        i += 1;
    }
    hash
}

/// The start of [`hash`]: FNV-1a's offset basis.
pub const HASH_START: u32 = 0x811c_9dc5;

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

/// Why a listed path is not one a list can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListedPathError {
    /// It does not start with `/`.
    NotAbsolute,
    /// It holds white space or a control character.
    Space,
    /// A `%` not followed by two hex digits.
    Percent,
    /// A query string or fragment: lists match paths alone.
    Query,
    /// A `*` anywhere but as the `/*` that ends a prefix.
    Star,
    /// A `*` at the end, without the `/` a prefix has before it (`/old*`).
    StarWithoutSlash,
    /// Longer than a list holds (65,535 bytes).
    TooLong,
}

impl std::fmt::Display for ListedPathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ListedPathError::NotAbsolute => "is not an absolute path: write it from the site's root, starting with `/`",
            ListedPathError::Space => "holds white space or a control character: percent-encode it (a space is `%20`)",
            ListedPathError::Percent => "has a `%` that is not followed by two hex digits: write `%25` for a percent sign",
            ListedPathError::Query => "holds `?` or `#`: a list matches the path alone (the query string is ignored); write the path without it",
            ListedPathError::Star => "has a `*` that is not its end: a prefix is written `/old-forum/*` (every path below it), and `*` is nowhere else",
            ListedPathError::StarWithoutSlash => "ends in `*` without a `/` before it: a prefix is a folder, written `/old-forum/*` (every path below `/old-forum/`)",
            ListedPathError::TooLong => "is longer than 65535 bytes",
        })
    }
}

/// Checks a listed path and says whether it is a prefix (`/old-forum/*`).
///
/// ```
/// use gone_core::path::{check_listed, ListedPathError};
/// assert_eq!(check_listed("/posts/launch-2019"), Ok(false));
/// assert_eq!(check_listed("/old-forum/*"), Ok(true));
/// assert_eq!(check_listed("old"), Err(ListedPathError::NotAbsolute));
/// assert_eq!(check_listed("/old*"), Err(ListedPathError::StarWithoutSlash));
/// ```
pub fn check_listed(path: &str) -> Result<bool, ListedPathError> {
    if !path.starts_with('/') {
        return Err(ListedPathError::NotAbsolute);
    }
    if path.len() > usize::from(u16::MAX) {
        return Err(ListedPathError::TooLong);
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ListedPathError::Space);
    }
    if path.contains(['?', '#']) {
        return Err(ListedPathError::Query);
    }
    let prefix = path.ends_with("/*");
    let body = if prefix { &path[..path.len() - 1] } else { path };
    if body.ends_with('*') && !body[..body.len() - 1].contains('*') {
        return Err(ListedPathError::StarWithoutSlash);
    }
    if body.contains('*') {
        return Err(ListedPathError::Star);
    }
    let bytes = body.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err(ListedPathError::Percent);
        }
    }
    Ok(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_path_meet() {
        assert_eq!(canonical("/posts/%6Caunch"), canonical("/posts/launch"));
        assert_eq!(canonical("/a%2Fb"), canonical("/a%2fb"));
        assert_ne!(canonical("/a%2Fb"), canonical("/a/b"));
        assert_ne!(canonical("/a%2Bb"), canonical("/a+b"));
        assert_eq!(&*canonical("/100%25"), b"/100%25");
        assert_eq!(&*canonical("/%"), b"/%");
        assert_eq!(&*canonical("/%zz%4"), b"/%zz%4");
        assert_eq!(&*canonical("/%FF"), [b'/', 0xFF]);
    }

    #[test]
    fn listed_paths_are_checked() {
        assert_eq!(check_listed("/a b"), Err(ListedPathError::Space));
        assert_eq!(check_listed("/a%zz"), Err(ListedPathError::Percent));
        assert_eq!(check_listed("/a%2"), Err(ListedPathError::Percent));
        assert_eq!(check_listed("/a?x=1"), Err(ListedPathError::Query));
        assert_eq!(check_listed("/*/b"), Err(ListedPathError::Star));
        assert_eq!(check_listed("/a/**"), Err(ListedPathError::Star));
        assert_eq!(check_listed("/a*"), Err(ListedPathError::StarWithoutSlash));
        assert_eq!(check_listed("/*"), Ok(true));
        assert_eq!(check_listed("/café"), Ok(false));
        assert_eq!(
            check_listed(&format!("/{}", "a".repeat(70_000))),
            Err(ListedPathError::TooLong)
        );
    }
}
