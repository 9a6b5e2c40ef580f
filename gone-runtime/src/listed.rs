//! The lists of removed paths that `removed!` writes, at the bottom of the crate beside the
//! statics: one [`List`] per file, its rows packed in a byte string, sorted so that a path is
//! found by binary search, and viewed one at a time as a [`Listed`] row. This module reads
//! nothing of the crate but the statics.

use crate::statics::{Retired, Site};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The methods a row may name, as the macro numbers them (`*` is every method).
const METHODS: [&str; 10] = [
    "*", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE",
];

/// The bytes of one packed row (the macro's `ROW_BYTES`).
const ROW_BYTES: usize = 20;

/// One list of removed paths, as `removed!` writes it. Not public API.
#[doc(hidden)]
pub struct List {
    /// The file, as given to the macro.
    pub file: &'static str,
    /// Every row's text: its path as written (which starts with its key, or follows it), its
    /// `to`.
    pub text: &'static [u8],
    /// The rows, [`ROW_BYTES`] each: the exact paths sorted by key, then the prefixes.
    pub rows: &'static [u8],
    /// How many rows are exact paths (the rest are prefixes).
    pub exact: u32,
    /// The exact rows by key: open addressing over `gone_core::path::hash`, u32 slots
    /// (a row's index plus one, 0 empty), a power of two of them.
    pub exact_table: &'static [u8],
    /// The prefixes by key (`/old-forum/`), the same way.
    pub prefix_table: &'static [u8],
    /// The shortest and longest exact key, and the shortest and longest prefix key, in
    /// bytes: a path of another length is not looked up at all.
    pub lens: [u16; 4],
    /// What the rows answer: one per distinct status, date, reason, link and `max_age`.
    pub answers: &'static [ListAnswer],
    /// Calls answered, one counter per row, in the rows' order.
    pub hits: &'static [AtomicU64],
    /// The crate's own page, for the HTML body of a redirect.
    pub page: Option<&'static crate::page::SitePage>,
}

/// What rows of a list answer. Not public API.
#[doc(hidden)]
pub struct ListAnswer {
    /// 410, 451, 301 or 308.
    pub status: u16,
    pub since: &'static str,
    pub reason: Option<&'static str>,
    pub link: Option<&'static str>,
    pub max_age: u32,
    pub cache_control: &'static str,
    /// For a 410 or a 451: the bodies and header values, written at compile time.
    pub bodies: Option<Retired>,
}

/// What `removed!` submits to `inventory`: one list.
#[doc(hidden)]
pub struct RegisteredList(pub &'static List);

inventory::collect!(RegisteredList);

/// Every list linked into the binary, ordered by file: the order rows are looked up in.
pub(crate) fn lists() -> &'static [&'static List] {
    static LISTS: OnceLock<Vec<&'static List>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut lists: Vec<&'static List> = inventory::iter::<RegisteredList>
            .into_iter()
            .map(|r| r.0)
            .collect();
        lists.sort_by_key(|l| l.file);
        lists
    })
}

/// One row of a list, read from its packed form.
struct Packed {
    at: u32,
    key_len: u16,
    path_len: u16,
    to_len: u16,
    flags: u8,
    method: u8,
    answer: u32,
    line: u32,
}

impl List {
    fn len(&self) -> usize {
        self.rows.len() / ROW_BYTES
    }

    fn text(&self, at: usize, len: usize) -> &'static str {
        let bytes = self.text.get(at..at + len).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    fn row(&self, index: usize) -> Packed {
        let row = self
            .rows
            .get(index * ROW_BYTES..(index + 1) * ROW_BYTES)
            .unwrap_or(&[0; ROW_BYTES]);
        let u32_at = |i: usize| u32::from_le_bytes([row[i], row[i + 1], row[i + 2], row[i + 3]]);
        let u16_at = |i: usize| u16::from_le_bytes([row[i], row[i + 1]]);
        Packed {
            at: u32_at(0),
            key_len: u16_at(4),
            path_len: u16_at(6),
            to_len: u16_at(8),
            flags: row[10],
            method: row[11],
            answer: u32_at(12),
            line: u32_at(16),
        }
    }

    /// The key of row `index`, read without the rest of the row.
    fn key(&self, index: usize) -> &'static [u8] {
        let Some(row) = self.rows.get(index * ROW_BYTES..index * ROW_BYTES + 6) else {
            return &[];
        };
        let at = u32::from_le_bytes([row[0], row[1], row[2], row[3]]) as usize;
        let len = usize::from(u16::from_le_bytes([row[4], row[5]]));
        self.text.get(at..at + len).unwrap_or_default()
    }

    /// The row of `key` in `table`, given its hash.
    fn lookup(&self, table: &[u8], hash: u32, key: &[u8]) -> Option<usize> {
        let slots = table.len() / 4;
        if slots == 0 {
            return None;
        }
        let mut slot = hash as usize & (slots - 1);
        // At most half full: an empty slot comes soon after, whatever the key.
        for _ in 0..slots {
            let at = slot * 4;
            let entry = u32::from_le_bytes([table[at], table[at + 1], table[at + 2], table[at + 3]]);
            if entry == 0 {
                return None;
            }
            let index = entry as usize - 1;
            if self.key(index) == key {
                return Some(index);
            }
            slot = (slot + 1) & (slots - 1);
        }
        None
    }

    /// The row that answers `key` (a path in [`canonical`](gone_core::path::canonical)
    /// form): its exact row, else the longest prefix it lies strictly below.
    fn find(&'static self, key: &[u8]) -> Option<Listed> {
        use gone_core::path::{hash, HASH_START};
        let [exact_min, exact_max, prefix_min, prefix_max] = self.lens.map(usize::from);
        if (exact_min..=exact_max).contains(&key.len()) {
            if let Some(index) = self.lookup(self.exact_table, hash(HASH_START, key), key) {
                return Some(Listed { list: self, index });
            }
        }
        // Below a prefix, a path is longer than its key.
        if self.prefix_table.is_empty() || key.len() <= prefix_min {
            return None;
        }
        // Each folder the path lies strictly below (`/a/b/c` is below `/a/b/` and `/a/`),
        // hashed in one pass, each hash a step of the next; looked up longest first.
        let mut h = HASH_START;
        let mut from = 0;
        let mut best = None;
        for (i, b) in key.iter().enumerate().take(key.len().saturating_sub(1)) {
            if *b == b'/' {
                h = hash(h, &key[from..=i]);
                from = i + 1;
                if i < prefix_min - 1 {
                    continue;
                }
                if i >= prefix_max {
                    break;
                }
                if let Some(index) = self.lookup(self.prefix_table, h, &key[..=i]) {
                    best = Some(index);
                }
            }
        }
        best.map(|index| Listed { list: self, index })
    }
}

/// The row that answers a request for `key` (its path in canonical form), in the
/// lists' order.
pub(crate) fn find(key: &[u8]) -> Option<Listed> {
    lists().iter().find_map(|list| list.find(key))
}

/// One row of a list given to `removed!`: a removed path (or every path below a prefix),
/// when it was removed, why, and what it answers.
///
/// ```
/// for row in gone_runtime::manifest().listed() {
///     println!("{} {} answers {} since {}", row.method(), row.path(), row.status(), row.since());
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Listed {
    list: &'static List,
    index: usize,
}

impl Listed {
    /// Every row of every list, in the lists' order, each list's exact paths then prefixes.
    pub(crate) fn all() -> impl Iterator<Item = Listed> {
        lists()
            .iter()
            .flat_map(|list| (0..list.len()).map(move |index| Listed { list, index }))
    }

    fn packed(&self) -> Packed {
        self.list.row(self.index)
    }

    /// Which of its list's answers it gives, and the list: rows with the same answer share
    /// its bodies at the edge too.
    pub(crate) fn answer_key(&self) -> (&'static str, u32) {
        (self.list.file, self.packed().answer)
    }

    /// The crate's own page its list was written with, for a redirect's HTML body.
    pub(crate) fn page(&self) -> Option<&'static crate::page::SitePage> {
        self.list.page
    }

    pub(crate) fn answer(&self) -> &'static ListAnswer {
        let answers = self.list.answers;
        &answers[(self.packed().answer as usize).min(answers.len().saturating_sub(1))]
    }

    /// `*` (every method), or the one method the row names; a GET row also answers HEAD.
    pub fn method(&self) -> &'static str {
        METHODS
            .get(usize::from(self.packed().method))
            .copied()
            .unwrap_or("*")
    }

    /// The path as written in the list, a prefix with its `/*`.
    pub fn path(&self) -> &'static str {
        let p = self.packed();
        let at = p.at as usize
            + if p.flags & 2 != 0 {
                usize::from(p.key_len)
            } else {
                0
            };
        self.list.text(at, usize::from(p.path_len))
    }

    /// The length of what requests are compared with (its canonical path, a prefix's
    /// without the `*`).
    pub(crate) fn key_len(&self) -> usize {
        usize::from(self.packed().key_len)
    }

    /// Whether the row is a prefix (`/old-forum/*`): every path below it.
    pub fn is_prefix(&self) -> bool {
        self.packed().flags & 1 != 0
    }

    /// 410, 451, 301 or 308.
    pub fn status(&self) -> u16 {
        self.answer().status
    }

    /// The date it was removed, `YYYY-MM-DD`.
    pub fn since(&self) -> &'static str {
        self.answer().since
    }

    /// Why, if the row says (a 410 and a 451 always do).
    pub fn reason(&self) -> Option<&'static str> {
        self.answer().reason
    }

    /// Where a 301 or a 308 sends its clients.
    pub fn to(&self) -> Option<&'static str> {
        let p = self.packed();
        let path_end = match p.flags & 2 != 0 {
            true => usize::from(p.key_len) + usize::from(p.path_len),
            false => usize::from(p.path_len),
        };
        Some(self.list.text(p.at as usize + path_end, usize::from(p.to_len))).filter(|t| !t.is_empty())
    }

    /// A 410's migration notes (`rel="sunset"`), or a 451's authority (`rel="blocked-by"`).
    pub fn link(&self) -> Option<&'static str> {
        self.answer().link
    }

    /// The list's file, as given to `removed!`.
    pub fn file(&self) -> &'static str {
        self.list.file
    }

    /// The row's line in its file, the header being line 1.
    pub fn line(&self) -> u32 {
        self.packed().line
    }

    /// Calls it answered in this process.
    pub fn hits(&self) -> u64 {
        self.list
            .hits
            .get(self.index)
            .map_or(0, |h| h.load(Ordering::Relaxed))
    }

    /// Where its calls are recorded by the callers report: its list's address and its index.
    pub(crate) fn site(&self) -> Site {
        Site::Row(self.list as *const List as usize, self.index)
    }

    pub(crate) fn hit(&self) {
        if let Some(h) = self.list.hits.get(self.index) {
            h.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Whether the row answers `method`: `*` every one, a GET row also HEAD.
    pub(crate) fn answers(&self, method: &str) -> bool {
        match self.method() {
            "*" => true,
            "GET" => method == "GET" || method == "HEAD",
            m => m == method,
        }
    }
}

impl std::fmt::Debug for Listed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listed")
            .field("method", &self.method())
            .field("path", &self.path())
            .field("status", &self.status())
            .field("since", &self.since())
            .field("file", &self.file())
            .field("line", &self.line())
            .finish()
    }
}

impl Serialize for Listed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Listed", 9)?;
        st.serialize_field("method", self.method())?;
        st.serialize_field("path", self.path())?;
        st.serialize_field("status", &self.status())?;
        st.serialize_field("since", self.since())?;
        st.serialize_field("reason", &self.reason())?;
        st.serialize_field("to", &self.to())?;
        st.serialize_field("link", &self.link())?;
        st.serialize_field("file", self.file())?;
        st.serialize_field("line", &self.line())?;
        st.end()
    }
}
