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
        let method = req.method().as_str().to_string();
        let res = next.run(req, extensions).await?;
        let status = res.status().as_u16();
        let url = res.url().to_string();
        let headers: Vec<(String, Vec<u8>)> = res
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect();
        // A 410's or a 451's problem body says why: read it (when its length is said and
        // small), and give it back.
        let small = res
            .content_length()
            .is_some_and(|l| l <= crate::BODY_LIMIT as u64);
        let (res, body) = match status {
            410 | 451 if small => {
                let (version, url_parsed, head) = (res.version(), res.url().clone(), res.headers().clone());
                let bytes = res.bytes().await?;
                let mut rebuilt = http::Response::builder()
                    .status(status)
                    .version(version)
                    .url(url_parsed);
                if let Some(h) = rebuilt.headers_mut() {
                    *h = head;
                }
                let rebuilt = rebuilt
                    .body(bytes.clone())
                    .map_err(reqwest_middleware::Error::middleware)?;
                (reqwest::Response::from(rebuilt), Some(bytes))
            }
            _ => (res, None),
        };
        let pairs: Vec<(&str, &[u8])> = headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
        let body = body.as_deref();
        let response = Response {
            method: &method,
            url: &url,
            status,
            headers: &pairs,
            body,
        };
        match self.observe(&response) {
            Ok(_) => Ok(res),
            Err(strict) => Err(reqwest_middleware::Error::middleware(strict)),
        }
    }
}
