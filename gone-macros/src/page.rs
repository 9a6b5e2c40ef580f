//! The site's own page (SPEC §16): the template an answer's HTML is written in, declared once
//! in `Cargo.toml` (for the package, one of its targets, or the whole workspace) or given by an
//! attribute's `page = "..."`, read and checked here, at compile time. Every file read is named
//! in the expansion (`include_bytes!`), so that a change to the template or to the declaration
//! rebuilds the crate.
//!
//! ```toml
//! [package.metadata.gone]
//! page = "templates/gone.html"          # every target of the package
//!
//! [package.metadata.gone.targets.api]
//! page = "examples/pages/gone.html"     # the target `api` alone
//!
//! [workspace.metadata.gone]
//! page = "templates/gone.html"          # every package of the workspace without its own
//! ```

use crate::ctxt::Ctxt;
use crate::private::Runtime;
use gone_core::page::Template;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use syn::LitStr;
use toml_edit::{DocumentMut, Item};

/// The page of an answer: the site's template when there is one, and the files read to find
/// it.
#[derive(Clone, Default)]
pub struct SitePage {
    pub template: Option<Template>,
    /// The template's file, absolute, once it was read and found right.
    path: Option<String>,
    /// Every file read: the manifests, and the template (even a wrong one).
    tracked: Vec<String>,
}

impl SitePage {
    /// Items naming every file read, so that a change to one rebuilds the crate.
    pub fn tracking(&self) -> TokenStream {
        let files = &self.tracked;
        quote!(#(const _: &[u8] = ::core::include_bytes!(#files);)*)
    }

    /// The runtime's `Option<&'static SitePage>`, for answers written per request (a moved
    /// route's page names the request's own target).
    pub fn runtime(&self, rt: &Runtime) -> TokenStream {
        match &self.path {
            Some(path) => quote!(::core::option::Option::Some({
                static __GONE_PAGE: #rt::SitePage = #rt::SitePage::__new(::core::include_str!(#path));
                &__GONE_PAGE
            })),
            None => quote!(::core::option::Option::None),
        }
    }
}

/// `page!()`, the page the crate declares, or `page!("templates/gone.html")`: a
/// `&'static SitePage` for the app's data.
pub fn page_macro(input: TokenStream) -> TokenStream {
    let rt = Runtime::find();
    let mut cx = Ctxt::new();
    let lit = match input.is_empty() {
        true => None,
        false => match syn::parse2::<LitStr>(input) {
            Ok(lit) => Some(lit),
            Err(e) => {
                let message = "page! takes nothing (the page the crate declares in its Cargo.toml) or the template's path, relative to the crate's root: gone_runtime::page!(\"templates/gone.html\")";
                return syn::Error::new(e.span(), message).to_compile_error();
            }
        },
    };
    let page = choose_as(lit.as_ref(), "page!'s path", &mut cx);
    if page.path.is_none() && !cx.has_errors() {
        cx.push(syn::Error::new(
            Span::call_site(),
            "no page is declared for this crate: declare its template in Cargo.toml, `[package.metadata.gone] page = \"templates/gone.html\"` (or `[workspace.metadata.gone]` for the workspace), or name the file: gone_runtime::page!(\"templates/gone.html\")",
        ));
    }
    let tracking = page.tracking();
    let source = match &page.path {
        Some(path) => quote!(::core::include_str!(#path)),
        None => quote!(""),
    };
    // An expression: the errors, if any, are statements inside its block.
    let errors = cx.finish(TokenStream::new());
    quote!({
        #errors
        #tracking
        static __GONE_PAGE: #rt::SitePage = #rt::SitePage::__new(#source);
        &__GONE_PAGE
    })
}

/// The page for an attribute: the file of its own `page = "..."` (relative to the crate's
/// root) when given, faults reported on that literal; else the declared one.
pub fn choose(lit: Option<&LitStr>, cx: &mut Ctxt) -> SitePage {
    choose_as(lit, "the attribute's `page`", cx)
}

/// [`choose`], the literal named `what` in messages.
fn choose_as(lit: Option<&LitStr>, what: &str, cx: &mut Ctxt) -> SitePage {
    match lit {
        Some(lit) => {
            let mut page = SitePage::default();
            let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR") else {
                cx.spanned(lit, "`page` is read relative to the crate's root, and CARGO_MANIFEST_DIR is not set: build with cargo");
                return page;
            };
            let written = lit.value();
            let full = Path::new(&root).join(&written);
            let origin = format!("{what} is relative to the crate's root, the folder of its Cargo.toml");
            match read(&written, &full, &origin, None, &mut page) {
                Ok(()) => {}
                Err(faults) => faults.into_iter().for_each(|f| cx.spanned(lit, f)),
            }
            page
        }
        None => declared(Span::call_site(), cx),
    }
}

/// The page declared for the crate being compiled, faults reported at `span`.
pub fn declared(span: Span, cx: &mut Ctxt) -> SitePage {
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return SitePage::default();
    };
    let krate = std::env::var("CARGO_CRATE_NAME").unwrap_or_default();
    let (page, faults) = looked_up(Path::new(&root), &krate);
    for fault in faults {
        if first_report(&fault, &page.tracked) {
            cx.push(syn::Error::new(span, fault));
        }
    }
    page
}

/// A declaration looked up: the page, its faults, and every file it depends on with its time
/// then (the template's even when it was missing).
type LookedUp = (
    SitePage,
    Vec<String>,
    Vec<(PathBuf, Option<std::time::SystemTime>)>,
);

/// [`look_up`], once per crate and process: every route of a crate asks, and the answer is
/// the same until one of its files changes (an editor's process lives on).
fn looked_up(root: &Path, krate: &str) -> (SitePage, Vec<String>) {
    type Cache = std::sync::Mutex<std::collections::HashMap<(PathBuf, String), LookedUp>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let modified = |f: &Path| std::fs::metadata(f).and_then(|m| m.modified()).ok();
    let key = (root.to_path_buf(), krate.to_string());
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(cache) = cache.lock() {
        if let Some((page, faults, files)) = cache.get(&key) {
            if files.iter().all(|(f, t)| modified(f) == *t) {
                return (page.clone(), faults.clone());
            }
        }
    }
    let (page, faults, read) = look_up(root, krate);
    let files = read.into_iter().map(|f| {
        let t = modified(&f);
        (f, t)
    });
    if let Ok(mut cache) = cache.lock() {
        cache.insert(key, (page.clone(), faults.clone(), files.collect()));
    }
    (page, faults)
}

/// The page declared for the crate `krate` of the package at `root`, its faults, and the
/// files looked at.
fn look_up(root: &Path, krate: &str) -> (SitePage, Vec<String>, Vec<PathBuf>) {
    let mut page = SitePage::default();
    let declaration = match declaration(root, krate, &mut page.tracked) {
        Ok(Some(declaration)) => declaration,
        Ok(None) => {
            let files = page.tracked.iter().map(PathBuf::from).collect();
            return (page, Vec::new(), files);
        }
        Err(fault) => {
            let files = page.tracked.iter().map(PathBuf::from).collect();
            return (page, vec![fault], files);
        }
    };
    let full = declaration.dir.join(&declaration.written);
    let origin = format!(
        "it is declared in {} as `{} = \"{}\"`, relative to the folder of that Cargo.toml",
        declaration.manifest.display(),
        declaration.key,
        declaration.written
    );
    let declared_in = declaration.manifest.display().to_string();
    let faults = read(
        &declaration.written,
        &full,
        &origin,
        Some(&declared_in),
        &mut page,
    )
    .err();
    let mut files: Vec<PathBuf> = page.tracked.iter().map(PathBuf::from).collect();
    files.push(full);
    (page, faults.unwrap_or_default(), files)
}

/// Whether a fault of the declared page is said here: once per compilation of the crate (each
/// crate is compiled by a process of its own, which loads the macros once), not once per
/// route. The files' times are part of the key, so that a process that lives on (an editor's)
/// says a fault again once a file changed.
fn first_report(fault: &str, files: &[String]) -> bool {
    static SAID: std::sync::OnceLock<std::sync::Mutex<std::collections::HashSet<String>>> =
        std::sync::OnceLock::new();
    let mut key = format!(
        "{}|{}|{fault}",
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default(),
        std::env::var("CARGO_CRATE_NAME").unwrap_or_default()
    );
    for file in files {
        let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
        key.push_str(&format!("|{file}@{modified:?}"));
    }
    match SAID.get_or_init(Default::default).lock() {
        Ok(mut said) => said.insert(key),
        Err(_) => true,
    }
}

/// Reads and checks the template at `full` into `page`; each fault as a message that names
/// the file (as `written`) and, for a fault inside it, the line; for a declared page, also the
/// manifest that declares it (`declared_in`), since the fault is said on every attribute.
fn read(
    written: &str,
    full: &Path,
    origin: &str,
    declared_in: Option<&str>,
    page: &mut SitePage,
) -> Result<(), Vec<String>> {
    let bytes = std::fs::read(full).map_err(|e| {
        vec![format!(
            "{written}: the page's template cannot be read ({e}) at {}: {origin}",
            full.display()
        )]
    })?;
    let tracked = full.to_string_lossy().into_owned();
    page.tracked.push(tracked.clone());
    let declared = declared_in
        .map(|m| format!(" (the page declared in {m})"))
        .unwrap_or_default();
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![format!(
            "{written}: the page's template is not UTF-8 text: save it as UTF-8{declared}"
        )]
    })?;
    let template = Template::parse(&text).map_err(|faults| {
        faults
            .into_iter()
            .map(|f| match f.line {
                0 => format!("{written}: {}{declared}", f.message),
                line => format!("{written}:{line}: {}{declared}", f.message),
            })
            .collect::<Vec<_>>()
    })?;
    page.template = Some(template);
    page.path = Some(tracked);
    Ok(())
}

/// Where a page is declared, and as what.
#[derive(Debug)]
struct Declaration {
    /// The Cargo.toml that declares it.
    manifest: PathBuf,
    /// Its folder, which the path is relative to.
    dir: PathBuf,
    /// The path, as written.
    written: String,
    /// The key, for messages: `[package.metadata.gone] page`, ...
    key: String,
}

/// The declaration for the crate `krate` of the package at `dir`: the target's own, the
/// package's, or the workspace's, in that order. Every manifest read goes to `tracked`.
fn declaration(dir: &Path, krate: &str, tracked: &mut Vec<String>) -> Result<Option<Declaration>, String> {
    let manifest = dir.join("Cargo.toml");
    let Some(doc) = manifest_doc(&manifest, tracked)? else {
        return Ok(None);
    };
    let gone = doc
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("gone"));
    if let Some(gone) = gone {
        let table = "package.metadata.gone";
        check_keys(gone, table, &["page", "targets"], &manifest)?;
        if let Some(targets) = gone.get("targets") {
            let Some(targets) = targets.as_table_like() else {
                return Err(format!("{}: `[{table}.targets]` is a table of targets, like `[{table}.targets.api] page = \"examples/pages/gone.html\"`", manifest.display()));
            };
            let known = target_names(dir, &doc);
            for (name, target) in targets.iter() {
                let key = format!("{table}.targets.{name}");
                check_keys(target, &key, &["page"], &manifest)?;
                if !known.contains(&name.replace('-', "_")) {
                    let mut names: Vec<&String> = known.iter().collect();
                    names.sort();
                    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    return Err(format!(
                        "{}: `[{key}]` names no target of the package: its targets are {}",
                        manifest.display(),
                        names.join(", ")
                    ));
                }
                if name.replace('-', "_") == krate {
                    if let Some(written) = page_value(target, &key, &manifest)? {
                        return Ok(Some(Declaration {
                            dir: dir.to_path_buf(),
                            manifest,
                            written,
                            key: format!("[{key}] page"),
                        }));
                    }
                }
            }
        }
        if let Some(written) = page_value(gone, table, &manifest)? {
            return Ok(Some(Declaration {
                dir: dir.to_path_buf(),
                manifest,
                written,
                key: format!("[{table}] page"),
            }));
        }
    }
    // The workspace's: the manifest named by `package.workspace`, else the first folder above
    // with a `[workspace]` (this one included), as cargo finds it.
    let explicit = doc
        .get("package")
        .and_then(|p| p.get("workspace"))
        .and_then(Item::as_str)
        .map(|w| dir.join(w));
    let root = match explicit {
        Some(root) => Some((root.join("Cargo.toml"), root)),
        None if doc.get("workspace").is_some() => Some((manifest.clone(), dir.to_path_buf())),
        None => dir
            .ancestors()
            .skip(1)
            .map(|d| (d.join("Cargo.toml"), d.to_path_buf()))
            .find_map(|(m, d)| {
                let found = std::fs::read_to_string(&m).ok()?.parse::<DocumentMut>().ok()?;
                let workspace = found.get("workspace")?;
                // A package the workspace excludes is a workspace of its own.
                let excluded = workspace
                    .get("exclude")
                    .and_then(Item::as_array)
                    .is_some_and(|paths| {
                        paths
                            .iter()
                            .filter_map(|p| p.as_str())
                            .any(|p| dir.starts_with(d.join(p)))
                    });
                Some((m, d, excluded))
            })
            .and_then(|(m, d, excluded)| (!excluded).then_some((m, d))),
    };
    let Some((root_manifest, root)) = root else {
        return Ok(None);
    };
    let root_doc = match root_manifest == manifest {
        true => doc,
        false => match manifest_doc(&root_manifest, tracked)? {
            Some(doc) => doc,
            None => return Ok(None),
        },
    };
    let Some(gone) = root_doc
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("gone"))
    else {
        return Ok(None);
    };
    let table = "workspace.metadata.gone";
    check_keys(gone, table, &["page"], &root_manifest)?;
    Ok(
        page_value(gone, table, &root_manifest)?.map(|written| Declaration {
            manifest: root_manifest,
            dir: root,
            written,
            key: format!("[{table}] page"),
        }),
    )
}

/// The names of the package's targets, `-` written `_` (as `CARGO_CRATE_NAME` has them): the
/// library and the binaries, examples, tests and benches, declared or found where cargo finds
/// them.
fn target_names(dir: &Path, doc: &DocumentMut) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    let mut add = |n: &str| {
        names.insert(n.replace('-', "_"));
    };
    if let Some(name) = doc
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(Item::as_str)
    {
        add(name);
    }
    if let Some(name) = doc.get("lib").and_then(|l| l.get("name")).and_then(Item::as_str) {
        add(name);
    }
    for section in ["bin", "example", "test", "bench"] {
        if let Some(targets) = doc.get(section).and_then(Item::as_array_of_tables) {
            for t in targets.iter() {
                if let Some(name) = t.get("name").and_then(Item::as_str) {
                    add(name);
                }
            }
        }
    }
    for folder in ["src/bin", "examples", "tests", "benches"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = match path.extension().and_then(|e| e.to_str()) {
                Some("rs") => path.file_stem(),
                _ if path.join("main.rs").is_file() => path.file_name(),
                _ => None,
            };
            if let Some(name) = name.and_then(|n| n.to_str()) {
                add(name);
            }
        }
    }
    names
}

/// The manifest at `path`, read and parsed, or `None` when there is none.
fn manifest_doc(path: &Path, tracked: &mut Vec<String>) -> Result<Option<DocumentMut>, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    tracked.push(path.to_string_lossy().into_owned());
    text.parse::<DocumentMut>()
        .map(Some)
        .map_err(|e| format!("{}: cannot be read as TOML: {e}", path.display()))
}

/// A fault for each key of `table` that is not one of `keys`.
fn check_keys(item: &Item, table: &str, keys: &[&str], manifest: &Path) -> Result<(), String> {
    let Some(t) = item.as_table_like() else {
        return Err(format!(
            "{}: `{table}` is a table, like `[{table}] page = \"templates/gone.html\"`",
            manifest.display()
        ));
    };
    match t.iter().find(|(k, _)| !keys.contains(k)) {
        Some((key, _)) => Err(format!(
            "{}: unknown key `{key}` in `[{table}]`: it takes {}",
            manifest.display(),
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        )),
        None => Ok(()),
    }
}

/// The `page` of a table, which must be a string.
fn page_value(item: &Item, table: &str, manifest: &Path) -> Result<Option<String>, String> {
    match item.get("page") {
        None => Ok(None),
        Some(value) => match value.as_str() {
            Some(s) if !s.trim().is_empty() => Ok(Some(s.to_string())),
            Some(_) => Err(format!(
                "{}: `page` in `[{table}]` is empty: write the template's path, relative to that Cargo.toml: page = \"templates/gone.html\"",
                manifest.display()
            )),
            None => Err(format!(
                "{}: `page` in `[{table}]` takes the template's path, as a string: page = \"templates/gone.html\"",
                manifest.display()
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own under the system's temporary folder, with these files.
    fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gone-page-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// The declaration found from `dir` below `root`, its manifest named from `root`.
    fn found_below(root: &Path, dir: &Path, krate: &str) -> Result<Option<(String, String)>, String> {
        let mut tracked = Vec::new();
        Ok(declaration(dir, krate, &mut tracked)?.map(|d| {
            let manifest = d
                .manifest
                .strip_prefix(root)
                .unwrap_or(&d.manifest)
                .display()
                .to_string();
            (format!("{manifest}: {}", d.written), d.key)
        }))
    }

    fn found(dir: &Path, krate: &str) -> Result<Option<(String, String)>, String> {
        found_below(dir, dir, krate)
    }

    #[test]
    fn the_target_the_package_then_the_workspace() {
        let dir = tree(
            "order",
            &[
                (
                    "Cargo.toml",
                    "[workspace]\nmembers = [\"app\", \"plain\"]\nexclude = [\"apart\"]\n[workspace.metadata.gone]\npage = \"pages/ws.html\"\n",
                ),
                (
                    "app/Cargo.toml",
                    "[package]\nname = \"app\"\n[package.metadata.gone]\npage = \"pages/app.html\"\n[package.metadata.gone.targets.my-bin]\npage = \"pages/bin.html\"\n",
                ),
                ("app/src/bin/my-bin.rs", "fn main() {}\n"),
                ("plain/Cargo.toml", "[package]\nname = \"plain\"\n"),
                // Excluded: a workspace of its own, which the root's page does not reach.
                ("apart/Cargo.toml", "[package]\nname = \"apart\"\n"),
            ],
        );
        let app = dir.join("app");
        assert_eq!(
            found_below(&dir, &app, "my_bin").unwrap(),
            Some((
                "app/Cargo.toml: pages/bin.html".into(),
                "[package.metadata.gone.targets.my-bin] page".into()
            ))
        );
        assert_eq!(
            found(&app, "app").unwrap().unwrap().1,
            "[package.metadata.gone] page"
        );
        assert_eq!(
            found_below(&dir, &dir.join("plain"), "plain").unwrap(),
            Some((
                "Cargo.toml: pages/ws.html".into(),
                "[workspace.metadata.gone] page".into()
            ))
        );
        assert_eq!(found_below(&dir, &dir.join("apart"), "apart").unwrap(), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn nothing_declared_is_no_page() {
        let dir = tree("none", &[("Cargo.toml", "[package]\nname = \"a\"\n")]);
        assert_eq!(found(&dir, "a").unwrap(), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_wrong_declaration_is_said() {
        for (toml, says) in [
            (
                "[package.metadata.gone]\npages = \"x.html\"\n",
                "unknown key `pages` in `[package.metadata.gone]`: it takes `page` and `targets`",
            ),
            (
                "[package.metadata.gone]\npage = 3\n",
                "`page` in `[package.metadata.gone]` takes the template's path, as a string",
            ),
            (
                "[package.metadata.gone]\npage = \"\"\n",
                "`page` in `[package.metadata.gone]` is empty",
            ),
            (
                "[package]\nname = \"a\"\n[package.metadata.gone.targets.apj]\npage = \"x.html\"\n",
                "`[package.metadata.gone.targets.apj]` names no target of the package: its targets are `a`",
            ),
            (
                "[package.metadata]\ngone = \"x.html\"\n",
                "`package.metadata.gone` is a table",
            ),
            (
                "[package.metadata.gone.targets]\napi = 1\n",
                "`package.metadata.gone.targets.api` is a table",
            ),
            ("[package\n", "cannot be read as TOML"),
        ] {
            let dir = tree("wrong", &[("Cargo.toml", toml)]);
            let fault = found(&dir, "api").unwrap_err();
            assert!(fault.contains(says), "{toml}: {fault}");
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
