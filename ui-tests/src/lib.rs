//! Nothing here: this crate holds the compile-error (trybuild) suite of `#[gone]`.
