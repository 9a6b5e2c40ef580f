//! `removed!("removed.csv")`: a list of removed paths, read and checked at compile time.
//!
//! The file is read relative to the crate's root (`CARGO_MANIFEST_DIR`, as `sqlx::migrate!`
//! does) and named in an `include_bytes!` of the expansion, so that a change to it rebuilds the
//! crate. It is CSV (RFC 4180), read with `csv-core`: a header naming the columns in any order,
//! then one row per path. Every fault is an error spanned on the file's literal that names
//! the file and the line, at most [`MAX_ERRORS`] of them; with any fault, nothing is served.
//!
//! What is written is three literals and two arrays, whatever the length of the list: the
//! rows' text in one byte string, the rows packed in another (sorted, for lookup by binary
//! search), one answer per distinct (status, since, reason, link, max_age) with its bodies
//! written out, and a zeroed array of counters. A list of 100,000 rows compiles as a few
//! literals, not as 100,000 expressions.

use crate::private::Runtime;
use gone_core::path::{canonical, check_listed};
use gone_core::{check_link, check_max_age, check_reason, Date, Removal, DEFAULT_MAX_AGE};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, HashMap};
use syn::LitStr;

/// The most faults reported one by one; the rest are counted in one more message.
pub const MAX_ERRORS: usize = 20;

/// The columns a list may have.
const COLUMNS: [&str; 8] = [
    "path", "since", "status", "reason", "to", "link", "max_age", "method",
];

/// The methods a row may name, in the order of the runtime's table (`*` is index 0).
pub const METHODS: [&str; 10] = [
    "*", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE",
];

/// The bytes of one packed row: see [`pack`].
pub const ROW_BYTES: usize = 20;

/// The [`Row::status`] of a row of status `revived`: live again, not served by the list.
pub const REVIVED: u16 = 0;

/// `removed!(...)`.
pub fn removed(input: TokenStream) -> TokenStream {
    let lit: LitStr = match syn::parse2(input) {
        Ok(lit) => lit,
        Err(e) => {
            let message = "removed! takes the list's file, relative to the crate's root (the folder of its Cargo.toml): gone_runtime::removed!(\"removed.csv\");";
            return syn::Error::new(e.span(), message).to_compile_error();
        }
    };
    let file = lit.value();
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return error(
            &lit,
            format!("{file}: cannot find the crate's root (CARGO_MANIFEST_DIR is not set): build with cargo"),
        );
    };
    let full = std::path::Path::new(&root).join(&file);
    let tracked = full.to_string_lossy().into_owned();
    // The file is named in the expansion even when it is wrong, so that a fix rebuilds.
    let track = quote!(
        const _: &[u8] = ::core::include_bytes!(#tracked);
    );
    let bytes = match std::fs::read(&full) {
        Ok(bytes) => bytes,
        Err(e) => {
            return error(
                &lit,
                format!("{file}: cannot be read: {e}, at {tracked}; the path is relative to the crate's root, the folder of its Cargo.toml"),
            )
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return quote!(#track)
            .into_iter()
            .chain(error(
                &lit,
                format!("{file}: is not UTF-8 text: save the list as UTF-8 CSV"),
            ))
            .collect();
    };
    match parse(&text, &file) {
        Ok(rows) => {
            let rt = Runtime::find();
            // The crate's page, for the HTML bodies: its faults said on the list's file name.
            let mut cx = crate::ctxt::Ctxt::new();
            let page = crate::page::declared(proc_macro2::Span::call_site(), &mut cx);
            let list = emit(&rt, &file, &rows, &page);
            let page_track = page.tracking();
            cx.finish(quote!(const _: () = { #track #page_track #list };))
        }
        Err(faults) => {
            let mut out = quote!(const _: () = { #track };);
            for fault in faults {
                out.extend(error(&lit, fault));
            }
            out
        }
    }
}

fn error(lit: &LitStr, message: String) -> TokenStream {
    syn::Error::new(lit.span(), message).to_compile_error()
}

/// One row of a list, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its line in the file, the header being line 1.
    pub line: u32,
    /// As written, a prefix with its `/*`.
    pub path: String,
    /// What requests are compared with: [`canonical`], of the prefix without its `*`.
    pub key: Vec<u8>,
    pub prefix: bool,
    pub since: Date,
    /// 410, 451, 301 or 308; [`REVIVED`] for a path that is live again.
    pub status: u16,
    pub reason: Option<String>,
    pub to: Option<String>,
    pub link: Option<String>,
    pub max_age: u32,
    /// An index into [`METHODS`].
    pub method: u8,
}

/// The rows of a list, or its faults ("removed.csv:17: ..."), at most [`MAX_ERRORS`] and a
/// count of the rest.
pub fn parse(text: &str, file: &str) -> Result<Vec<Row>, Vec<String>> {
    if let Some(line) = open_quote(text) {
        return Err(vec![format!(
            "{file}:{line}: a quoted field opens here and is never closed: end it with `\"` (a quote inside a quoted field is written `\"\"`)"
        )]);
    }
    let records = records(text);
    let mut faults = Vec::new();
    let mut records = records.into_iter();
    let Some((header_line, header)) = records.next() else {
        return Err(vec![format!("{file}: is empty: its first line names the columns, like `path,since,reason`, then one row per removed path")]);
    };
    let columns = match columns(&header) {
        Ok(columns) => columns,
        Err(fault) => return Err(vec![format!("{file}:{header_line}: {fault}")]),
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<(Vec<u8>, bool), u32> = HashMap::new();
    for (line, fields) in records {
        if fields.len() > columns.len() {
            // A quote left open runs the field on over the next lines, to a later quote.
            let runs_on = fields.iter().any(|f| f.contains('\n'));
            faults.push(match runs_on {
                true => format!(
                    "{file}:{line}: a quoted field opens here and runs on over the next lines, to a later `\"`: close it with `\"` where the field ends (a quote inside it is written `\"\"`)"
                ),
                false => format!(
                    "{file}:{line}: has {} fields, but the header names {} columns: quote a field that holds a comma",
                    fields.len(),
                    columns.len()
                ),
            });
            continue;
        }
        let get = |name: &str| {
            columns
                .iter()
                .position(|c| *c == name)
                .and_then(|i| fields.get(i))
                .map(String::as_str)
                .filter(|v| !v.is_empty())
        };
        match row(line, &get) {
            Ok(row) => match seen.get(&(row.key.clone(), row.prefix)) {
                Some(first) => faults.push(format!(
                    "{file}:{line}: path `{}` is listed twice: first on line {first}; keep one row for it (one row a path, whatever its method)",
                    row.path
                )),
                None => {
                    seen.insert((row.key.clone(), row.prefix), line);
                    rows.push(row);
                }
            },
            Err(fault) => faults.push(format!("{file}:{line}: {fault}")),
        }
    }
    if faults.is_empty() {
        return Ok(rows);
    }
    let more = faults.len().saturating_sub(MAX_ERRORS);
    faults.truncate(MAX_ERRORS);
    if more > 0 {
        faults.push(format!(
            "{file}: and {more} more faults; fix these and build again to see the rest"
        ));
    }
    Err(faults)
}

/// The header's columns, lower-cased, each known and once, `path` and `since` among them.
fn columns(header: &[String]) -> Result<Vec<String>, String> {
    let known = COLUMNS.join(", ");
    let mut out: Vec<String> = Vec::new();
    for name in header {
        let name = name.to_ascii_lowercase();
        if !COLUMNS.contains(&name.as_str()) {
            let near = COLUMNS.iter().find(|c| distance(c, &name) <= 2 && name.len() > 2);
            return Err(match near {
                Some(near) => {
                    format!("unknown column `{name}` (did you mean `{near}`?): a list's columns are {known}")
                }
                None => format!("unknown column `{name}`: a list's columns are {known}"),
            });
        }
        if out.contains(&name) {
            return Err(format!("column `{name}` is named twice: keep one"));
        }
        out.push(name);
    }
    for required in ["path", "since"] {
        if !out.iter().any(|c| c == required) {
            return Err(format!(
                "the header has no `{required}` column: the first line names the columns ({known}), and `path` and `since` are required"
            ));
        }
    }
    Ok(out)
}

/// The edit distance of two short names (Levenshtein), for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            previous = here;
        }
    }
    row[b.len()]
}

/// One row, checked: its first fault, if any.
fn row<'a>(line: u32, get: &dyn Fn(&str) -> Option<&'a str>) -> Result<Row, String> {
    let path = get("path").ok_or("has no path: write the removed path, like `/posts/launch-2019`")?;
    let prefix = check_listed(path).map_err(|e| format!("path `{}` {e}", shorten(path)))?;
    let since = get("since").ok_or("has no since: write the date it was removed, like `2025-03-01`")?;
    let since = Date::parse(since)
        .map_err(|_| format!("since {since:?} is not a date; write YYYY-MM-DD, like `2025-03-01`"))?;
    let status = match get("status").unwrap_or("410") {
        "410" => 410,
        "451" => 451,
        "301" => 301,
        "308" => 308,
        "revived" => REVIVED,
        other => {
            return Err(format!(
                "status `{}` is not one a list serves: write 410 (removed, the default), 451 (removed for legal reasons), 301 or 308 (moved, with `to`), or `revived` (live again, on purpose)",
                shorten(other)
            ))
        }
    };
    let redirect = matches!(status, 301 | 308);
    let reason = get("reason").map(str::to_string);
    if status == REVIVED {
        return revived_row(line, path, prefix, since, reason, get);
    }
    match (&reason, redirect) {
        (None, false) => {
            return Err(format!("has no reason: a {status} says why it was removed, in one sentence, like `This post was retired`"))
        }
        (Some(r), false) => check_reason(r).map_err(str::to_string)?,
        _ => {}
    }
    let to = get("to").map(str::to_string);
    match (&to, redirect) {
        (None, true) => return Err(format!("has no `to`: a {status} says where the page is now, like `/blog/launch`")),
        (Some(_), false) => {
            return Err(format!(
                "has a `to`, but a {status} sends no one anywhere: give status 301 or 308 to redirect, or leave `to` empty"
            ))
        }
        (Some(to), true) => check_to(to)?,
        (None, false) => {}
    }
    let link = get("link").map(str::to_string);
    if let Some(link) = &link {
        if redirect {
            return Err(format!(
                "has a link, but a {status} has none: its `to` is where clients go"
            ));
        }
        check_link(link).map_err(|e| e.replace("`link`", &format!("link `{}`", shorten(link))))?;
    }
    let max_age = match get("max_age") {
        None => DEFAULT_MAX_AGE,
        Some(v) => {
            let seconds: u64 = v.parse().map_err(|_| {
                format!(
                    "max_age `{}` is not a number of seconds: write one from 0 to 31536000",
                    shorten(v)
                )
            })?;
            check_max_age(seconds)?
        }
    };
    let method = get("method").unwrap_or("*");
    let method = match METHODS.iter().position(|m| *m == method) {
        Some(i) => i as u8,
        None if METHODS.contains(&method.to_ascii_uppercase().as_str()) => {
            return Err(format!("method `{method}` is written in capitals: `{}`", method.to_ascii_uppercase()))
        }
        None => {
            return Err(format!(
                "method `{}` is not one a list takes: write `*` (every method, the default) or one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, CONNECT, TRACE",
                shorten(method)
            ))
        }
    };
    let key = key_of(path, prefix);
    Ok(Row {
        line,
        path: path.to_string(),
        key,
        prefix,
        since,
        status,
        reason,
        to,
        link,
        max_age,
        method,
    })
}

/// What requests are compared with: [`canonical`] of the path, a prefix's without its `*`.
fn key_of(path: &str, prefix: bool) -> Vec<u8> {
    match prefix {
        true => canonical(&path[..path.len() - 1]).into_owned(),
        false => canonical(path).into_owned(),
    }
}

/// A row of status `revived`: a path the app serves again, on purpose, recorded so that the
/// committed manifest's entry for it may go. It says why, and nothing a served row says.
fn revived_row<'a>(
    line: u32,
    path: &str,
    prefix: bool,
    since: Date,
    reason: Option<String>,
    get: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<Row, String> {
    match &reason {
        None => return Err("has no reason: a revived row says why the path is live again, in one sentence, like `The post is back by popular demand`".into()),
        Some(r) => check_reason(r).map_err(str::to_string)?,
    }
    if let Some(column) = ["to", "link", "max_age", "method"]
        .into_iter()
        .find(|c| get(c).is_some())
    {
        return Err(format!(
            "has a `{column}`, but a revived path is served by the app, not by the list: leave `{column}` empty"
        ));
    }
    let key = key_of(path, prefix);
    Ok(Row {
        line,
        path: path.to_string(),
        key,
        prefix,
        since,
        status: REVIVED,
        reason,
        to: None,
        link: None,
        max_age: DEFAULT_MAX_AGE,
        method: 0,
    })
}

/// `#[moved]`'s rules for `to`, without parameters.
fn check_to(to: &str) -> Result<(), String> {
    let pieces = gone_core::target::parse(to).map_err(|e| {
        e.to_string()
            .replacen("`to`", &format!("to `{}`", shorten(to)), 1)
    })?;
    if gone_core::target::params(&pieces).next().is_some() {
        return Err(format!(
            "to `{}` has a `{{name}}`, but a listed path has no parameters: write the new address in full",
            shorten(to)
        ));
    }
    if to.len() > usize::from(u16::MAX) {
        return Err("to is longer than 65535 bytes".into());
    }
    Ok(())
}

/// A value in a message: at most 80 characters of it.
fn shorten(value: &str) -> String {
    match value.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &value[..i]),
        None => value.to_string(),
    }
}

/// The line where a quoted field opens and is never closed, if one is (RFC 4180: a field
/// is quoted when its first character is `"`; inside, `""` is a quote).
fn open_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut opened_on = 0;
    let mut quoted = false;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                quoted = true;
                opened_on = line;
            }
            ',' | '\n' | '\r' => {
                field_start = true;
                continue;
            }
            ' ' | '\t' if field_start => continue,
            _ => {}
        }
        field_start = false;
    }
    quoted.then_some(opened_on)
}

/// Every record of the file with the line it starts on, fields trimmed; blank lines and
/// comments (a record whose first field starts with `#`) left out.
fn records(text: &str) -> Vec<(u32, Vec<String>)> {
    let mut reader = csv_core::Reader::new();
    let input = text.as_bytes();
    let (mut at, mut counted, mut line) = (0, 0, 1u32);
    let mut out = Vec::new();
    let mut fields = vec![0u8; 1024];
    let mut ends = vec![0usize; 16];
    loop {
        // The record starts after the line ends (and blank lines) before it.
        let start = at
            + input[at..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        line += input[counted..start].iter().filter(|b| **b == b'\n').count() as u32;
        counted = start;
        let (mut nout, mut nend) = (0, 0);
        let result = loop {
            let (result, nin, o, e) =
                reader.read_record(&input[at..], &mut fields[nout..], &mut ends[nend..]);
            at += nin;
            nout += o;
            nend += e;
            match result {
                csv_core::ReadRecordResult::OutputFull => fields.resize(fields.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                // At the end of the input, the next call (with an empty slice) ends the record.
                csv_core::ReadRecordResult::InputEmpty => {}
                other => break other,
            }
        };
        if matches!(result, csv_core::ReadRecordResult::End) {
            return out;
        }
        let mut values = Vec::with_capacity(nend);
        let mut from = 0;
        for &end in &ends[..nend] {
            values.push(String::from_utf8_lossy(&fields[from..end]).trim().to_string());
            from = end;
        }
        let blank = values.iter().all(String::is_empty);
        let comment = values.first().is_some_and(|v| v.starts_with('#'));
        if !blank && !comment {
            out.push((line, values));
        }
    }
}

/// The rows' text, the packed rows (exact paths sorted by key, then prefixes sorted by key),
/// the two lookup tables and the distinct answers, in the order the runtime reads them.
pub struct Packed {
    pub text: Vec<u8>,
    pub rows: Vec<u8>,
    pub exact: u32,
    /// Open addressing over the exact rows' keys, [`hash`]ed: each slot a row's index plus
    /// one (0 is empty), u32 little-endian, a power of two of slots at most half full.
    pub exact_table: Vec<u8>,
    /// The same over the prefixes' keys (`/old-forum/`).
    pub prefix_table: Vec<u8>,
    /// The shortest and longest exact key, then prefix key, in bytes (0, 0 for none).
    pub lens: [u16; 4],
    pub answers: Vec<Answer>,
}

/// What rows with the same status, date, reason, link and `max_age` answer.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Answer {
    pub status: u16,
    pub since: Date,
    pub reason: Option<String>,
    pub link: Option<String>,
    pub max_age: u32,
}

/// A row as the runtime reads it, little-endian, [`ROW_BYTES`] bytes: the offset of its text
/// u32 (the path as written, whose start is the key; or, when it does not start with the key,
/// the key then the path; then `to`), key length u16, path length u16, `to` length u16, flags u8 (1: a prefix, 2: the
/// path is written apart from the key), method u8, answer u32, line u32.
pub fn pack(rows: &[Row]) -> Packed {
    let mut order: Vec<&Row> = rows.iter().collect();
    order.sort_by(|a, b| (a.prefix, &a.key).cmp(&(b.prefix, &b.key)));
    let mut answers: BTreeMap<Answer, u32> = BTreeMap::new();
    for r in rows {
        let next = answers.len() as u32;
        answers.entry(answer(r)).or_insert(next);
    }
    let mut text = Vec::new();
    let mut packed = Vec::with_capacity(rows.len() * ROW_BYTES);
    for r in &order {
        let at = text.len() as u32;
        // The path as written, which most often starts with the key (a prefix's key is its
        // path without the `*`); else the key, then the path.
        let apart = !r.path.as_bytes().starts_with(&r.key);
        if apart {
            text.extend_from_slice(&r.key);
        }
        text.extend_from_slice(r.path.as_bytes());
        let to = r.to.as_deref().unwrap_or("");
        text.extend_from_slice(to.as_bytes());
        packed.extend(at.to_le_bytes());
        packed.extend((r.key.len() as u16).to_le_bytes());
        packed.extend((r.path.len() as u16).to_le_bytes());
        packed.extend((to.len() as u16).to_le_bytes());
        packed.push(u8::from(r.prefix) | (u8::from(apart) << 1));
        packed.push(r.method);
        packed.extend(answers[&answer(r)].to_le_bytes());
        packed.extend(r.line.to_le_bytes());
    }
    let exact = order.iter().filter(|r| !r.prefix).count();
    let exact_table = table(order.iter().take(exact).enumerate().map(|(i, r)| (i, &r.key[..])));
    let prefix_table = table(order.iter().enumerate().skip(exact).map(|(i, r)| (i, &r.key[..])));
    let bounds = |keys: &mut dyn Iterator<Item = usize>| {
        let (mut min, mut max) = (usize::MAX, 0);
        for len in keys {
            (min, max) = (min.min(len), max.max(len));
        }
        if max == 0 {
            (0, 0)
        } else {
            (min as u16, max as u16)
        }
    };
    let (exact_min, exact_max) = bounds(&mut order.iter().take(exact).map(|r| r.key.len()));
    let (prefix_min, prefix_max) = bounds(&mut order.iter().skip(exact).map(|r| r.key.len()));
    let mut by_index: Vec<(u32, Answer)> = answers.into_iter().map(|(a, i)| (i, a)).collect();
    by_index.sort();
    Packed {
        lens: [exact_min, exact_max, prefix_min, prefix_max],
        text,
        rows: packed,
        exact: exact as u32,
        exact_table,
        prefix_table,
        answers: by_index.into_iter().map(|(_, a)| a).collect(),
    }
}

/// A lookup table of `keys` (row index, key): open addressing with linear probing, a power of
/// two of u32 slots (row index plus one; 0 empty) at most half full. Empty for no keys.
fn table<'k>(keys: impl Iterator<Item = (usize, &'k [u8])>) -> Vec<u8> {
    let keys: Vec<(usize, &[u8])> = keys.collect();
    if keys.is_empty() {
        return Vec::new();
    }
    let slots = (keys.len() * 2).next_power_of_two();
    let mut table = vec![0u32; slots];
    for (index, key) in keys {
        let mut slot = gone_core::path::hash(gone_core::path::HASH_START, key) as usize & (slots - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = index as u32 + 1;
    }
    table.iter().flat_map(|s| s.to_le_bytes()).collect()
}

fn answer(r: &Row) -> Answer {
    Answer {
        status: r.status,
        since: r.since,
        reason: r.reason.clone(),
        link: r.link.clone(),
        max_age: r.max_age,
    }
}

/// The list's statics and its submission to `inventory`; its rows of status `revived` apart,
/// each a manifest entry of its own, as `#[revived]` writes them.
fn emit(rt: &Runtime, file: &str, rows: &[Row], page: &crate::page::SitePage) -> TokenStream {
    let (revived, rows): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| r.status == REVIVED);
    let rows: Vec<Row> = rows.into_iter().cloned().collect();
    let revived_count = revived.len();
    let revived_values = revived.iter().map(|r| {
        let (path, line, since, reason) = (
            &r.path,
            r.line,
            r.since.to_string(),
            r.reason.as_deref().unwrap_or(""),
        );
        quote! {
            #rt::record(
                #rt::Where::new("*", #path, "", ::core::module_path!(), #file, #line, false),
                #rt::Revived::of(&#rt::Revival { since: #since, reason: #reason }),
            )
        }
    });
    let revived_submits = (0..revived_count)
        .map(|i| quote!(#rt::inventory::submit! { #rt::Registered::revived(&REVIVED[#i]) }));
    let revived = quote! {
        static REVIVED: [#rt::RevivedRoute; #revived_count] = [#(#revived_values),*];
        #(#revived_submits)*
    };
    let rows = &rows[..];
    let Packed {
        text,
        rows: packed,
        exact,
        exact_table,
        prefix_table,
        lens,
        answers,
    } = pack(rows);
    let (exact_table, prefix_table) = (
        Literal::byte_string(&exact_table),
        Literal::byte_string(&prefix_table),
    );
    let count = rows.len();
    let text = Literal::byte_string(&text);
    let packed = Literal::byte_string(&packed);
    let answer_count = answers.len();
    let answers = answers
        .iter()
        .map(|a| answer_literal(rt, a, page.template.as_ref()));
    let runtime_page = page.runtime(rt);
    quote! {
        static HITS: [#rt::AtomicU64; #count] = [const { #rt::AtomicU64::new(0) }; #count];
        static ANSWERS: [#rt::ListAnswer; #answer_count] = [#(#answers),*];
        static LIST: #rt::List = #rt::List {
            file: #file,
            text: #text,
            rows: #packed,
            exact: #exact,
            exact_table: #exact_table,
            prefix_table: #prefix_table,
            lens: [#(#lens),*],
            answers: &ANSWERS,
            hits: &HITS,
            page: #runtime_page,
        };
        #rt::inventory::submit! { #rt::RegisteredList(&LIST) }
        #revived
    }
}

/// One answer: its fields, and for a 410 or a 451, its bodies and header values.
fn answer_literal(rt: &Runtime, a: &Answer, page: Option<&gone_core::page::Template>) -> TokenStream {
    let Answer {
        status,
        since,
        reason,
        link,
        max_age,
    } = a;
    let since_text = since.to_string();
    let cache_control = format!("public, max-age={max_age}");
    let option = |v: Option<&str>| match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let reason_tokens = option(reason.as_deref());
    let link_tokens = option(link.as_deref());
    let bodies = match status {
        410 | 451 => {
            let r = Removal {
                reason: reason.as_deref().unwrap_or(""),
                since: Some(*since),
                link: link.as_deref(),
                max_age: *max_age,
                legal: *status == 451,
            };
            let (json, html, text) = (r.json(), r.html_with(page), r.text());
            let sunset = r.sunset().unwrap_or_default();
            let link_header = option(r.link_header().as_deref());
            let reason = reason.as_deref().unwrap_or("");
            quote! {
                ::core::option::Option::Some(#rt::Retired {
                    since: #since_text,
                    reason: #reason,
                    link: #link_tokens,
                    json: #json,
                    html: #html,
                    text: #text,
                    cache_control: #cache_control,
                    sunset: #sunset,
                    link_header: #link_header,
                })
            }
        }
        _ => quote!(::core::option::Option::None),
    };
    quote! {
        #rt::ListAnswer {
            status: #status,
            since: #since_text,
            reason: #reason_tokens,
            link: #link_tokens,
            max_age: #max_age,
            cache_control: #cache_control,
            bodies: #bodies,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(text: &str) -> Vec<String> {
        parse(text, "removed.csv").err().unwrap_or_default()
    }

    #[test]
    fn a_revived_row_says_why_and_nothing_a_served_row_says() {
        let rows = parse("path,since,status,reason\n/back,2025-09-01,revived,It is back.\n/old/*,2025-09-01,revived,All back.\n", "removed.csv").unwrap();
        assert_eq!(
            (rows[0].status, rows[0].prefix, rows[1].prefix),
            (REVIVED, false, true)
        );
        assert_eq!(rows[0].reason.as_deref(), Some("It is back."));
        assert_eq!(
            faults("path,since,status\n/back,2025-09-01,revived\n"),
            ["removed.csv:2: has no reason: a revived row says why the path is live again, in one sentence, like `The post is back by popular demand`"]
        );
        for (column, value) in [
            ("to", "/new"),
            ("link", "https://example.com/why"),
            ("max_age", "60"),
            ("method", "GET"),
        ] {
            assert_eq!(
                faults(&format!("path,since,status,reason,{column}\n/back,2025-09-01,revived,It is back.,{value}\n")),
                [format!("removed.csv:2: has a `{column}`, but a revived path is served by the app, not by the list: leave `{column}` empty")]
            );
        }
        // A revived row and a served one for the same path, in one file: a duplicate.
        assert!(
            faults("path,since,status,reason\n/a,2025-09-01,revived,Back.\n/a,2025-01-01,410,Gone.\n")[0]
                .contains("removed.csv:3")
        );
    }

    #[test]
    fn reads_rows_in_any_column_order_with_quotes_comments_and_blank_lines() {
        let text = "since,path,reason,status,to\n# a comment\n\n2025-03-01,/posts/launch-2019,\"Retired, with a comma and a \"\"quote\"\"\",,\n\"# not a comment?\",/x,y\n2025-03-01,/old-forum/*,Closed,451,\n2025-03-01,/blog/old,,301,/blog/new\r\n";
        let rows = parse(text, "removed.csv").unwrap();
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[0].line, 4);
        assert_eq!(
            rows[0].reason.as_deref(),
            Some("Retired, with a comma and a \"quote\"")
        );
        assert_eq!((rows[1].line, rows[1].prefix, rows[1].status), (6, true, 451));
        assert_eq!(rows[1].key, b"/old-forum/");
        assert_eq!((rows[2].line, rows[2].to.as_deref()), (7, Some("/blog/new")));
    }

    #[test]
    fn every_fault_names_the_file_and_line() {
        let cases = [
            (
                "path,since,reason\n/a,2025-02-30,x\n",
                "removed.csv:2: since \"2025-02-30\" is not a date; write YYYY-MM-DD",
            ),
            (
                "path,since,reason,status\n/a,2025-01-01,x,302\n",
                "removed.csv:2: status `302` is not one",
            ),
            ("path,since\n/a,2025-01-01\n", "removed.csv:2: has no reason"),
            (
                "path,since,status\n/a,2025-01-01,301\n",
                "removed.csv:2: has no `to`",
            ),
            (
                "path,since,reason,to\n/a,2025-01-01,x,/b\n",
                "removed.csv:2: has a `to`, but a 410",
            ),
            (
                "path,since,reason\na,2025-01-01,x\n",
                "removed.csv:2: path `a` is not an absolute path",
            ),
            (
                "path,since,reason\n/a b,2025-01-01,x\n",
                "removed.csv:2: path `/a b` holds white space",
            ),
            (
                "path,since,reason\n/a%zz,2025-01-01,x\n",
                "removed.csv:2: path `/a%zz` has a `%`",
            ),
            (
                "path,since,reason,colour\n",
                "removed.csv:1: unknown column `colour`: a list's columns are path, since",
            ),
            (
                "path,since,reasn\n",
                "removed.csv:1: unknown column `reasn` (did you mean `reason`?): a list's columns are path, since",
            ),
            (
                "path,since,reason,maxage\n",
                "removed.csv:1: unknown column `maxage` (did you mean `max_age`?)",
            ),
            ("since,reason\n", "removed.csv:1: the header has no `path` column"),
            (
                "path,since,reason\n/a,2025-01-01,x\n/a,2025-01-01,y\n",
                "removed.csv:3: path `/a` is listed twice: first on line 2",
            ),
            (
                "path,since,reason\n/a,2025-01-01,\"x\n",
                "removed.csv:2: a quoted field opens here and is never closed",
            ),
            (
                "path,since,reason\n/old-forum*,2025-01-01,x\n",
                "removed.csv:2: path `/old-forum*` ends in `*` without a `/` before it",
            ),
            (
                "path,since,reason\n/a/*/b,2025-01-01,x\n",
                "removed.csv:2: path `/a/*/b` has a `*` that is not its end",
            ),
            (
                "path,since,reason\n/a,2025-01-01,\"x\n/b,2025-01-01,y\",z\n",
                "removed.csv:2: a quoted field opens here and runs on over the next lines",
            ),
            (
                "path,since,status,to\n/a,2025-01-01,301,/b/{id}\n",
                "removed.csv:2: to `/b/{id}` has a `{name}`",
            ),
            (
                "path,since,status,to\n/a,2025-01-01,308,//evil.example\n",
                "removed.csv:2: to `//evil.example` starts with `//`",
            ),
            (
                "path,since,reason,method\n/a,2025-01-01,x,get\n",
                "removed.csv:2: method `get` is written in capitals: `GET`",
            ),
            (
                "path,since,reason,link\n/a,2025-01-01,x,ftp://x\n",
                "removed.csv:2: link",
            ),
            (
                "path,since,reason\n/a,2025-01-01,x,extra\n",
                "removed.csv:2: has 4 fields",
            ),
            ("", "removed.csv: is empty"),
        ];
        for (text, expected) in cases {
            let got = faults(text);
            assert!(
                got.len() == 1 && got[0].starts_with(expected),
                "{text:?}: {got:?}"
            );
        }
    }

    #[test]
    fn at_most_twenty_faults_then_a_count() {
        let mut text = String::from("path,since,reason\n");
        for i in 0..25 {
            text.push_str(&format!("/p{i},2025-13-01,x\n"));
        }
        let got = faults(&text);
        assert_eq!(got.len(), 21);
        assert!(got[0].starts_with("removed.csv:2: "));
        assert!(got[19].starts_with("removed.csv:21: "));
        assert_eq!(
            got[20],
            "removed.csv: and 5 more faults; fix these and build again to see the rest"
        );
    }

    #[test]
    fn a_comment_and_blank_lines_keep_the_line_count() {
        let text = "path,since,reason\n# one\n# two\n\n/a,2025-01-01,x\n\n\n# three\n/b,2025-13-01,x\n";
        assert_eq!(
            faults(text),
            ["removed.csv:9: since \"2025-13-01\" is not a date; write YYYY-MM-DD, like `2025-03-01`"]
        );
    }

    #[test]
    fn spellings_of_one_path_are_one_path() {
        let got = faults("path,since,reason\n/caf%C3%A9,2025-01-01,x\n/café,2025-01-01,y\n");
        assert_eq!(
            got,
            ["removed.csv:3: path `/café` is listed twice: first on line 2; keep one row for it (one row a path, whatever its method)"]
        );
        // A prefix and the exact path are two rows.
        assert!(parse("path,since,reason\n/a/,2025-01-01,x\n/a/*,2025-01-01,y\n", "f").is_ok());
    }

    #[test]
    fn rows_pack_sorted_with_shared_answers() {
        let rows = parse(
            "path,since,reason\n/b,2025-01-01,x\n/a,2025-01-01,x\n/c/*,2025-01-01,y\n",
            "f",
        )
        .unwrap();
        let packed = pack(&rows);
        assert_eq!(
            (packed.rows.len(), packed.exact, packed.answers.len()),
            (3 * ROW_BYTES, 2, 2)
        );
        assert_eq!(&packed.text[..2], b"/a");
    }
}
