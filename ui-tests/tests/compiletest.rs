//! The compile-time contract (SPEC §6): every misuse of `#[gone]` is exactly one error that
//! points at the token at fault, and every accepted form of SPEC §2 compiles and runs.
//!
//! The `.stderr` files were written against rustc 1.95.0. To bless new ones after reading
//! them: `TRYBUILD=overwrite cargo test -p gone-ui-tests`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
