//! Rules shared by gone's macro, which applies them at compile time, and gone's runtime, which
//! applies them to content removed at run time: what a valid `since`, `reason`, `link` and
//! `max_age` are, what path patterns actix-web routes, and how the three 410 bodies and the header values are written.
//!
//! Users do not depend on this crate; they use `gone-runtime`.
//!
//! ```
//! let since = gone_core::Date::parse("2025-03-01").unwrap();
//! assert_eq!(since.imf_fixdate(), "Sat, 01 Mar 2025 00:00:00 GMT");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod date;
mod escape;
#[doc(hidden)]
pub mod layers;
pub mod page;
pub mod path;
pub mod pattern;
mod render;
pub mod schedule;
pub mod target;
mod valid;

pub use date::{Date, DateError};
pub use escape::{escape_html, json_string};
pub use render::{page_head, Removal, Response};
pub use valid::{check_link, check_max_age, check_reason, DEFAULT_MAX_AGE, MAX_MAX_AGE};
