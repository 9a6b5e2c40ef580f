//! The reqwest middleware (feature `reqwest`): a [`GoneClient`] in a
//! [`reqwest_middleware::ClientWithMiddleware`].
//!
//! ```
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(gone_client::GoneClient::default())
//!     .build();
//! # let _ = client;
//! ```

use crate::{GoneClient, Response};
use reqwest::ResponseBuilderExt;
use reqwest_middleware::{Middleware, Next};

/// The two names a served answer is looked at for, made once.
const DEPRECATION: http::HeaderName = http::HeaderName::from_static("deprecation");
const SUNSET: http::HeaderName = http::HeaderName::from_static("sunset");

#[async_trait::async_trait]
impl Middleware for GoneClient {
    /// Sends the request on, and reads the response: it is returned as it came (its body read
    /// and given back for a 410 or a 451), or, in strict mode, an error for a route on its way
    /// out. Never retried: a removal is not transient.
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let method = req.method().clone();
        let res = next.run(req, extensions).await?;
        let status = res.status().as_u16();
        // Most answers say nothing: one look at the status and two headers.
        let says = matches!(status, 410 | 451)
            || (self.inner.moved && matches!(status, 301 | 308))
            || res.headers().contains_key(&DEPRECATION)
            || res.headers().contains_key(&SUNSET);
        if !says {
            return Ok(res);
        }
        // A 410's or a 451's problem body says why: read it (when its length is said and
        // small), and give it back. Any other response is read in place.
        let small = res
            .content_length()
            .is_some_and(|l| l <= crate::BODY_LIMIT as u64);
        if !(matches!(status, 410 | 451) && small) {
            let pairs: Vec<(&str, &[u8])> = res
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_bytes()))
                .collect();
            let response = Response {
                method: method.as_str(),
                url: res.url().as_str(),
                status,
                headers: &pairs,
                body: None,
            };
            return match self.observe(&response) {
                Ok(_) => Ok(res),
                Err(strict) => Err(reqwest_middleware::Error::middleware(strict)),
            };
        }
        let (version, url, head) = (res.version(), res.url().clone(), res.headers().clone());
        let bytes = res.bytes().await?;
        let mut rebuilt = http::Response::builder()
            .status(status)
            .version(version)
            .url(url.clone());
        if let Some(h) = rebuilt.headers_mut() {
            *h = head.clone();
        }
        let res = reqwest::Response::from(
            rebuilt
                .body(bytes.clone())
                .map_err(reqwest_middleware::Error::middleware)?,
        );
        let pairs: Vec<(&str, &[u8])> = head.iter().map(|(n, v)| (n.as_str(), v.as_bytes())).collect();
        let response = Response {
            method: method.as_str(),
            url: url.as_str(),
            status,
            headers: &pairs,
            body: Some(&bytes),
        };
        match self.observe(&response) {
            Ok(_) => Ok(res),
            Err(strict) => Err(reqwest_middleware::Error::middleware(strict)),
        }
    }
}
