//! The compile-time contract (SPEC §6, §14): every misuse of `#[gone]` is exactly one error
//! that points at the token at fault, every fault of a `removed!` list is an error naming its
//! file and line, and every accepted form of SPEC §2 compiles and runs.
//!
//! The `.stderr` files were written against rustc 1.95.0. To bless new ones after reading
//! them: `TRYBUILD=overwrite cargo test -p gone-ui-tests`.

#[test]
fn ui() {
    copy_lists();
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}

/// trybuild compiles the cases as a crate of its own in `<target>/tests/trybuild/<package>`,
/// whose root `removed!` reads lists from: the cases' lists are copied to `lists/` there.
fn copy_lists() {
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    let lists = project.join("lists");
    std::fs::create_dir_all(&lists).expect("the trybuild project's lists folder");
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui/lists");
    for entry in std::fs::read_dir(source).expect("tests/ui/lists") {
        let path = entry.expect("a list").path();
        let name = path.file_name().expect("a file name");
        std::fs::copy(&path, lists.join(name)).expect("a list copied");
    }
}
