//! The awc middleware (feature `awc`): a [`GoneClient`] wrapped around an awc client.
//!
//! ```
//! let client = awc::Client::builder()
//!     .wrap(gone_client::GoneClient::default().awc())
//!     .finish();
//! # let _ = client;
//! ```

use crate::{GoneClient, Response};
use actix_service::Service;
use awc::error::SendRequestError;
use awc::{ConnectRequest, ConnectResponse};
use futures_util::future::LocalBoxFuture;
use std::rc::Rc;

impl GoneClient {
    /// This client as an awc middleware: `awc::Client::builder().wrap(client.awc())`.
    pub fn awc(&self) -> GoneAwc {
        GoneAwc { client: self.clone() }
    }
}

/// A [`GoneClient`] as an awc middleware ([`GoneClient::awc`]).
#[derive(Debug, Clone)]
pub struct GoneAwc {
    client: GoneClient,
}

impl<S> awc::middleware::Transform<S, ConnectRequest> for GoneAwc
where
    S: Service<ConnectRequest, Response = ConnectResponse, Error = SendRequestError> + 'static,
{
    type Transform = GoneAwcService<S>;

    fn new_transform(self, service: S) -> Self::Transform {
        GoneAwcService {
            service: Rc::new(service),
            client: self.client,
        }
    }
}

/// The service of [`GoneAwc`], around awc's connector.
pub struct GoneAwcService<S> {
    service: Rc<S>,
    client: GoneClient,
}

impl<S> Service<ConnectRequest> for GoneAwcService<S>
where
    S: Service<ConnectRequest, Response = ConnectResponse, Error = SendRequestError> + 'static,
{
    type Response = ConnectResponse;
    type Error = SendRequestError;
    type Future = LocalBoxFuture<'static, Result<ConnectResponse, SendRequestError>>;

    actix_service::forward_ready!(service);

    /// Sends the request on and reads the response: it is returned as it came (its body read
    /// and given back for a 410 or a 451), or, in strict mode, an error for a route on its way
    /// out. Never retried.
    fn call(&self, req: ConnectRequest) -> Self::Future {
        let (method, url) = match &req {
            ConnectRequest::Client(head, ..) => {
                let head: &actix_http::RequestHead = head.as_ref();
                (head.method.to_string(), head.uri.to_string())
            }
            ConnectRequest::Tunnel(head, _) => (head.method.to_string(), head.uri.to_string()),
        };
        let (service, client) = (Rc::clone(&self.service), self.client.clone());
        Box::pin(async move {
            let mut res = match service.call(req).await? {
                ConnectResponse::Client(res) => res,
                // A WebSocket's tunnel: nothing to read.
                tunnel => return Ok(tunnel),
            };
            let status = res.status().as_u16();
            let headers: Vec<(String, Vec<u8>)> = res
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
                .collect();
            let length = res
                .headers()
                .get("content-length")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok());
            // A 410's or a 451's problem body says why: read it (when its length is said and
            // small), and give it back.
            let mut body = None;
            if matches!(status, 410 | 451) && length.is_some_and(|l| l <= crate::BODY_LIMIT) {
                let bytes = res
                    .body()
                    .limit(crate::BODY_LIMIT)
                    .await
                    .map_err(|e| SendRequestError::Body(Box::new(e)))?;
                let given_back = bytes.clone();
                res = res.map_body(move |_, _| actix_http::Payload::from(given_back));
                body = Some(bytes);
            }
            let pairs: Vec<(&str, &[u8])> = headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
            let response = Response {
                method: &method,
                url: &url,
                status,
                headers: &pairs,
                body: body.as_deref(),
            };
            match client.observe(&response) {
                Ok(_) => Ok(ConnectResponse::Client(res)),
                Err(strict) => Err(SendRequestError::Custom(
                    Box::new(strict.clone()),
                    Box::new(strict),
                )),
            }
        })
    }
}
