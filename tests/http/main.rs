//! Integration tests of SPEC §2 (placements), §3 (the 410 response) and §4 (the manifest),
//! through actix-web's real service stack, and on the wire through a real server on 127.0.0.1.
//!
//! This file is built with `-D warnings` by CI's clippy run: retiring a handler must not make
//! its route attribute's import unused.

mod common;
mod edge;
mod manifest;
mod module;
mod placement;
mod response;
mod runtime;
mod serve;
mod wire;
