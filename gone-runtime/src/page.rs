//! The site's own page at run time (SPEC §16): the template of a crate, for the answers written
//! per request (a moved route's page names the request's own target, a run-time [`Gone`]'s
//! its own reason). The macros read and check it at compile time; here it is only rendered.
//!
//! [`Gone`]: crate::Gone

use gone_core::page::Template;
use std::sync::OnceLock;

/// The site's own page: a template checked at compile time, from the crate's declaration in
/// `Cargo.toml` (`[package.metadata.gone] page = "templates/gone.html"`). Every compile-time
/// route of the crate is written in it by its macro; [`page!`](crate::page!) gives it to the
/// app, for the run-time [`Gone`](crate::Gone) and [`Gone::blocked`](crate::Gone::blocked):
///
/// ```
/// let page: &'static gone_runtime::SitePage = gone_runtime::page!("pages/example.html");
/// let app = actix_web::App::new().app_data(page);
/// ```
pub struct SitePage {
    source: &'static str,
    parsed: OnceLock<Option<Template>>,
}

impl SitePage {
    #[doc(hidden)]
    pub const fn __new(source: &'static str) -> SitePage {
        SitePage {
            source,
            parsed: OnceLock::new(),
        }
    }

    /// The template, read once. `None` only for one the macro did not check (it checks every
    /// one it writes).
    pub(crate) fn template(&self) -> Option<&Template> {
        self.parsed
            .get_or_init(|| Template::parse(self.source).ok())
            .as_ref()
    }
}

impl std::fmt::Debug for SitePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SitePage")
            .field("bytes", &self.source.len())
            .finish_non_exhaustive()
    }
}

/// The app's page for a run-time answer: the one given with `.app_data(gone_runtime::page!())`.
pub(crate) fn of_app(req: &actix_web::HttpRequest) -> Option<&'static SitePage> {
    req.app_data::<&'static SitePage>().copied()
}
