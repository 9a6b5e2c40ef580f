//! The compile-time contract (SPEC §6, §14): every misuse of `#[gone]` is exactly one error
//! that points at the token at fault, every fault of a `removed!` list or of a page's template is an error
//! naming its file and line, and every accepted form of SPEC §2 compiles and runs.
//!
//! The `.stderr` files were written against rustc 1.95.0. To bless new ones after reading
//! them: `TRYBUILD=overwrite cargo test -p gone-ui-tests`.

#[test]
fn ui() {
    copy("lists");
    copy("pages");
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}

/// trybuild compiles the cases as a crate of its own in `<target>/tests/trybuild/<package>`,
/// whose root `removed!` reads lists from, and `page = "..."` pages: the cases' `folder` is
/// copied there.
fn copy(folder: &str) {
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    let to = project.join(folder);
    std::fs::create_dir_all(&to).expect("a folder of the trybuild project");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui")
        .join(folder);
    for entry in std::fs::read_dir(&source).expect("the cases' folder") {
        let path = entry.expect("a file").path();
        let name = path.file_name().expect("a file name");
        std::fs::copy(&path, to.join(name)).expect("a file copied");
    }
}
