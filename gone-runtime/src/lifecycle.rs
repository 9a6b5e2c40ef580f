//! `Lifecycle`: the clock and the switches that decide, per request, which phase of its
//! schedule a `#[sunset]` route is in.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable [`Lifecycle::from_env`] reads: `*` holds every sunset route, or a
/// comma-separated list of handler names and route paths holds those.
pub const HOLD_VAR: &str = "GONE_HOLD";

/// Decides the phase of the `#[sunset]` routes of the app it is put in, by its clock and its
/// holds. Put it in the app's data as it is, or in a `web::Data` (both are read); an app
/// without one behaves as [`Lifecycle::from_env`] (read once per process).
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use gone_runtime::{sunset, Lifecycle};
/// use std::time::{Duration, UNIX_EPOCH};
///
/// #[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "Use /v2/users")]
/// #[get("/v1/users")]
/// async fn users_v1() -> HttpResponse {
///     HttpResponse::Ok().body("still here")
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// // A fixed clock after `on`: the route answers 410.
/// let after = UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01
/// let app = test::init_service(App::new().app_data(Lifecycle::new().at(after)).service(users_v1)).await;
/// let res = test::call_service(&app, test::TestRequest::get().uri("/v1/users").to_request()).await;
/// assert_eq!(res.status(), 410);
///
/// // The same, held: the deliberate rollback keeps it in its deprecated phase.
/// let held = Lifecycle::new().at(after).hold("users_v1");
/// let app = test::init_service(App::new().app_data(held).service(users_v1)).await;
/// let res = test::call_service(&app, test::TestRequest::get().uri("/v1/users").to_request()).await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.headers().get("sunset").unwrap(), "Mon, 30 Jun 2025 00:00:00 GMT");
/// # });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lifecycle {
    clock: Option<SystemTime>,
    hold_all: bool,
    holds: Vec<String>,
}

impl Lifecycle {
    /// The system clock, nothing held.
    pub fn new() -> Lifecycle {
        Lifecycle::default()
    }

    /// A fixed clock: every request is decided as at `time`. For tests, and for a staging
    /// server that previews a date.
    pub fn at(mut self, time: SystemTime) -> Lifecycle {
        self.clock = Some(time);
        self
    }

    /// Holds a route, by its handler's name or its path: it stays in its deprecated phase
    /// past `on` and skips its brownouts. Its calls count as phase `held`.
    pub fn hold(mut self, name_or_path: impl Into<String>) -> Lifecycle {
        self.holds.push(name_or_path.into());
        self
    }

    /// Holds every sunset route.
    pub fn hold_all(mut self) -> Lifecycle {
        self.hold_all = true;
        self
    }

    /// [`Lifecycle::new`] with the holds of the environment variable `GONE_HOLD`: `*` for
    /// all, or handler names and route paths separated by commas.
    pub fn from_env() -> Lifecycle {
        Lifecycle::new().holds_from(std::env::var(HOLD_VAR).ok().as_deref().unwrap_or(""))
    }

    fn holds_from(mut self, list: &str) -> Lifecycle {
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if item == "*" {
                self.hold_all = true;
            } else {
                self.holds.push(item.to_string());
            }
        }
        self
    }

    /// The app's lifecycle: put in its data as it is (`.app_data(Lifecycle::new())`) or, as
    /// actix-web users put everything else, in a `web::Data` (`.app_data(web::Data::new(..))`).
    pub(crate) fn of_app(req: &actix_web::dev::ServiceRequest) -> Option<Lifecycle> {
        req.app_data::<Lifecycle>()
            .or_else(|| {
                req.app_data::<actix_web::web::Data<Lifecycle>>()
                    .map(|d| d.get_ref())
            })
            .cloned()
    }

    /// What an app without a `Lifecycle` in its data uses: [`Lifecycle::from_env`], read once.
    pub(crate) fn default_for_apps() -> &'static Lifecycle {
        static DEFAULT: OnceLock<Lifecycle> = OnceLock::new();
        DEFAULT.get_or_init(Lifecycle::from_env)
    }

    /// Now, in seconds since the Unix epoch, by this lifecycle's clock.
    pub(crate) fn now(&self) -> u64 {
        self.clock
            .unwrap_or_else(SystemTime::now)
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    /// Whether the route of `handler` on `path` is held.
    pub(crate) fn holds(&self, handler: &str, path: &str) -> bool {
        self.hold_all || self.holds.iter().any(|h| h == handler || h == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_holds_as_the_environment_writes_them() {
        let l = Lifecycle::new().holds_from(" users_v1, /v1/orders ,,");
        assert!(l.holds("users_v1", "/x") && l.holds("h", "/v1/orders") && !l.holds("h", "/x"));
        assert!(Lifecycle::new().holds_from("*").holds("any", "/any"));
        assert!(!Lifecycle::new().holds_from("").holds("any", "/any"));
        let t = UNIX_EPOCH + std::time::Duration::from_secs(42);
        assert_eq!(Lifecycle::new().at(t).now(), 42);
    }
}
