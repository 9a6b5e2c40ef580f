//! Serving every retired route from the manifest, without listing them in `App::service`: one
//! default service that looks the request up in an index built once. Live routes are matched
//! by actix-web's router first and never pay for the retired ones.

use crate::dispatch::Served as _;
use crate::index::Index;
use crate::manifest::{manifest, Manifest};
use crate::statics::Entry;
use crate::statics::RetiredRoute;
use actix_service::boxed::{self, BoxService, BoxServiceFactory};
use actix_service::ServiceFactoryExt as _;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{web, Error, HttpResponse};
use futures_util::future::{ready, Either, LocalBoxFuture, Ready};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

type Otherwise = BoxServiceFactory<(), ServiceRequest, ServiceResponse, Error, ()>;

/// Mounts every retired route in the [`manifest`] as the app's default service: each removed
/// one answers its 410, each moved one its redirect.
///
/// A path that is not retired gets actix-web's plain 404. A live route registered for the
/// same method and path wins, since actix-web's router tries live routes first. To keep a
/// custom 404 page, use [`RetiredRoutes::otherwise`] instead.
///
/// Routes whose attribute gives a `guard` are left to their registered handler, which alone
/// knows the guard: register those with `.service(...)`.
///
/// ```
/// use actix_web::{get, test, App};
/// use gone_runtime::gone;
///
/// #[gone(since = "2025-03-01", reason = "Use /v2/books")]
/// #[get("/v1/books")]
/// async fn books_v1() {}
///
/// # actix_web::rt::System::new().block_on(async {
/// // No `.service(books_v1)`: the manifest knows it.
/// let app = test::init_service(App::new().configure(gone_runtime::serve_all)).await;
/// let res = test::call_service(&app, test::TestRequest::get().uri("/v1/books").to_request()).await;
/// assert_eq!(res.status(), 410);
/// # });
/// ```
pub fn serve_all(cfg: &mut web::ServiceConfig) {
    cfg.default_service(RetiredRoutes::new());
}

/// [`serve_all`] for the routes of `manifest` alone, removed and moved: for a binary that runs
/// more than one app, each answering only its own retirements (see [`Manifest::within`]).
///
/// ```
/// use actix_web::{get, test, App};
/// use gone_runtime::gone;
///
/// mod public {
///     use actix_web::get;
///     use gone_runtime::gone;
///     #[gone(since = "2025-03-01", reason = "Use /v2/books")]
///     #[get("/v1/books")]
///     pub async fn books_v1() {}
/// }
///
/// mod admin {
///     use actix_web::get;
///     use gone_runtime::gone;
///     #[gone(since = "2025-03-01", reason = "Reports moved to the dashboard")]
///     #[get("/admin/reports")]
///     pub async fn reports() {}
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let admin = gone_runtime::manifest().within(concat!(module_path!(), "::admin"));
/// let app = test::init_service(App::new().configure(gone_runtime::serve(admin.clone()))).await;
/// let res = test::call_service(&app, test::TestRequest::get().uri("/admin/reports").to_request()).await;
/// assert_eq!(res.status(), 410);
/// // The public app's retirement is not this app's business.
/// let res = test::call_service(&app, test::TestRequest::get().uri("/v1/books").to_request()).await;
/// assert_eq!(res.status(), 404);
/// gone_runtime::test::assert_all_gone_in(&app, &admin).await;
/// # });
/// ```
pub fn serve(manifest: Manifest) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.default_service(RetiredRoutes::of(&manifest));
    }
}

/// A default service answering every retired route of the [`manifest`] with its 410, and
/// handing any other request to the service given to [`otherwise`](Self::otherwise).
///
/// ```
/// use actix_web::{web, App, HttpResponse};
///
/// async fn not_found() -> HttpResponse {
///     HttpResponse::NotFound().body("Nothing here, and nothing ever was.")
/// }
///
/// let app = App::new()
///     .default_service(gone_runtime::RetiredRoutes::new().otherwise(web::to(not_found)));
/// ```
pub struct RetiredRoutes {
    index: Arc<Index>,
    /// Whether the paths of the binary's `removed!` lists are answered too.
    lists: bool,
    otherwise: Option<Rc<Otherwise>>,
}

impl RetiredRoutes {
    /// Every route of the [`manifest`]. The index is built once per process.
    pub fn new() -> Self {
        static INDEX: OnceLock<Arc<Index>> = OnceLock::new();
        let index = INDEX
            .get_or_init(|| Arc::new(Index::build(manifest().entries())))
            .clone();
        RetiredRoutes {
            index,
            lists: true,
            otherwise: None,
        }
    }

    /// Only the given routes, for an app that serves part of the manifest.
    pub fn from_routes(routes: impl IntoIterator<Item = &'static RetiredRoute>) -> Self {
        RetiredRoutes {
            index: Arc::new(Index::build(routes.into_iter().map(Entry::Gone))),
            lists: false,
            otherwise: None,
        }
    }

    /// Every removed and moved route of `manifest`, for an app that serves part of the
    /// binary's (see [`Manifest::within`]).
    pub fn of(manifest: &Manifest) -> Self {
        RetiredRoutes {
            index: Arc::new(Index::build(manifest.entries())),
            lists: manifest.has_lists(),
            otherwise: None,
        }
    }

    /// The service for requests that match no retired route, such as a custom 404 page;
    /// without it they get an empty 404.
    pub fn otherwise<F, U>(mut self, service: F) -> Self
    where
        F: actix_service::IntoServiceFactory<U, ServiceRequest>,
        U: ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse, Error = Error> + 'static,
        U::InitError: std::fmt::Debug,
    {
        let factory = service.into_factory().map_init_err(|_| ());
        self.otherwise = Some(Rc::new(boxed::factory(factory)));
        self
    }

    /// The retired route that would answer this method and path, if any.
    pub fn find(&self, method: &actix_web::http::Method, path: &str) -> Option<&'static RetiredRoute> {
        match self.index.find(method, path)? {
            Entry::Gone(route) => Some(route),
            Entry::Moved(_) | Entry::Sunset(_) | Entry::Revived(_) => None,
        }
    }
}

impl Default for RetiredRoutes {
    fn default() -> Self {
        Self::new()
    }
}

impl ServiceFactory<ServiceRequest> for RetiredRoutes {
    type Response = ServiceResponse;
    type Error = Error;
    type Config = ();
    type Service = RetiredRoutesService;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<Self::Service, ()>>;

    fn new_service(&self, _: ()) -> Self::Future {
        let (index, lists) = (self.index.clone(), self.lists);
        let otherwise = self.otherwise.clone();
        Box::pin(async move {
            let otherwise = match otherwise {
                Some(factory) => Some(factory.new_service(()).await?),
                None => None,
            };
            Ok(RetiredRoutesService {
                index,
                lists,
                otherwise,
            })
        })
    }
}

/// The running service of [`RetiredRoutes`].
pub struct RetiredRoutesService {
    index: Arc<Index>,
    lists: bool,
    otherwise: Option<BoxService<ServiceRequest, ServiceResponse, Error>>,
}

impl Service<ServiceRequest> for RetiredRoutesService {
    type Response = ServiceResponse;
    type Error = Error;
    type Future = Either<
        Ready<Result<ServiceResponse, Error>>,
        LocalBoxFuture<'static, Result<ServiceResponse, Error>>,
    >;

    actix_service::always_ready!();

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let answer = match self.index.find(req.method(), req.match_info().as_str()) {
            Some(Entry::Gone(route)) => Some(route.serve(req.request())),
            Some(Entry::Moved(route)) => Some(route.serve(req.request())),
            // Never in the index: a scheduled route is served by its own handler.
            Some(Entry::Sunset(_) | Entry::Revived(_)) => None,
            // A listed path no route matched (the `Lists` middleware answers the others).
            None if self.lists => crate::lists::answer(req.request()),
            None => None,
        };
        if let Some(res) = answer {
            return Either::Left(ready(Ok(req.into_response(res))));
        }
        match &self.otherwise {
            Some(service) => Either::Right(service.call(req)),
            None => Either::Left(ready(Ok(req.into_response(HttpResponse::NotFound().finish())))),
        }
    }
}
