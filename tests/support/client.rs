//! A raw HTTP/1.1 client for tests and benchmarks against servers on 127.0.0.1: keep-alive
//! requests on one connection, responses framed by Content-Length, bounded by timeouts.

#![allow(dead_code)] // each user takes what it needs

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

pub struct Conn {
    addr: String,
    stream: TcpStream,
    buf: Vec<u8>,
    /// The last response said `Connection: close`: the next request opens a new connection.
    closed: bool,
    /// How many times the server asked to close, and a new connection was opened.
    pub reconnects: usize,
}

impl Conn {
    pub fn open(addr: &str) -> std::io::Result<Conn> {
        Ok(Conn {
            addr: addr.to_string(),
            stream: connect(addr)?,
            buf: Vec::new(),
            closed: false,
            reconnects: 0,
        })
    }

    /// Sends `method path` with `headers` (each `Name: value`) and `body`, reads the response.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[&str],
        body: &[u8],
    ) -> std::io::Result<Response> {
        if self.closed {
            self.stream = connect(&self.addr)?;
            self.buf.clear();
            self.closed = false;
            self.reconnects += 1;
        }
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for h in headers {
            req.push_str(h);
            req.push_str("\r\n");
        }
        if !body.is_empty() {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        self.stream.write_all(req.as_bytes())?;
        self.stream.write_all(body)?;
        self.read(method == "HEAD")
    }

    /// Reads one response; a HEAD response has no body whatever its Content-Length says.
    pub fn read(&mut self, head_only: bool) -> std::io::Result<Response> {
        let mut chunk = [0u8; 8192];
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..end]).into_owned();
                let status = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {head:?}")))?;
                let mut response = Response {
                    status,
                    head,
                    body: Vec::new(),
                };
                let len = if head_only {
                    0
                } else {
                    response
                        .header("content-length")
                        .map_or(Ok(0), |v| v.parse())
                        .map_err(std::io::Error::other)?
                };
                if self.buf.len() >= end + 4 + len {
                    response.body = self.buf[end + 4..end + 4 + len].to_vec();
                    self.buf.drain(..end + 4 + len);
                    self.closed = response
                        .header("connection")
                        .is_some_and(|c| c.eq_ignore_ascii_case("close"));
                    return Ok(response);
                }
            }
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the server closed the connection",
                ));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    pub fn stream(&mut self) -> &mut TcpStream {
        &mut self.stream
    }
}

fn connect(addr: &str) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}
