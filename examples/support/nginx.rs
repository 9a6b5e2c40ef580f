//! A real nginx on 127.0.0.1 for the example's tests: started with a generated snippet inside
//! a server block whose other paths answer 404, checked with `nginx -t` first, stopped on drop.

#![allow(dead_code)] // each user takes what it needs

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nginx {
    child: Child,
    binary: PathBuf,
    dir: PathBuf,
    pub addr: String,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // `nginx -s stop` ends the workers with the master; killing the master alone would
        // leave its worker running.
        let stopped = Command::new(&self.binary)
            .args(["-e", "stderr", "-s", "stop", "-p"])
            .arg(&self.dir)
            .arg("-c")
            .arg(self.dir.join("nginx.conf"))
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The nginx binary, or `None` when it is not installed; in CI its absence is a failure.
pub fn binary() -> Option<PathBuf> {
    let found = [
        "/usr/sbin/nginx",
        "/usr/bin/nginx",
        "/usr/local/sbin/nginx",
        "/usr/local/bin/nginx",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("nginx is not installed, and CI requires this test: apt-get install -y nginx-light");
        }
        eprintln!(
            "SKIPPED: nginx is not installed (apt-get install -y nginx-light); the nginx test did not run"
        );
    }
    found
}

/// Starts nginx serving `snippet` on a free port of 127.0.0.1; other requests answer 404.
pub fn start(nginx: &PathBuf, snippet: &str) -> Nginx {
    start_before(nginx, snippet, None)
}

/// [`start`], in front of the app at `app` (`127.0.0.1:PORT`) when given: other requests are
/// proxied to it (`proxy_pass` without a URI passes the client's URI on as it was sent).
pub fn start_before(nginx: &PathBuf, snippet: &str, app: Option<&str>) -> Nginx {
    start_with_maps(nginx, "", snippet, app)
}

/// [`start_before`], with `maps` (`to_nginx_maps()`) included at the http level.
pub fn start_with_maps(nginx: &PathBuf, maps: &str, snippet: &str, app: Option<&str>) -> Nginx {
    // One folder per server: tests of one binary may start several at once.
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("gone-nginx-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(dir.join("gone.conf"), snippet).unwrap();
    std::fs::write(dir.join("gone-maps.conf"), maps).unwrap();
    let d = dir.display();
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log stderr warn;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  access_log off;\n  large_client_header_buffers 4 16k;\n  client_body_temp_path {d}/tmp/body;\n  proxy_temp_path {d}/tmp/proxy;\n\
         \x20 fastcgi_temp_path {d}/tmp/fastcgi;\n  uwsgi_temp_path {d}/tmp/uwsgi;\n  scgi_temp_path {d}/tmp/scgi;\n\
         \x20 include {d}/gone-maps.conf;\n\
         \x20 server {{\n    listen 127.0.0.1:{port};\n    include {d}/gone.conf;\n    location / {{ {} }}\n  }}\n}}\n",
        match app {
            Some(app) => format!("proxy_pass http://{app};"),
            None => "return 404;".to_string(),
        }
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let conf_path = dir.join("nginx.conf");
    let test = Command::new(nginx)
        .args(["-t", "-e", "stderr", "-p"])
        .arg(&dir)
        .arg("-c")
        .arg(&conf_path)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "nginx -t refused the generated snippet:\n{}\n--- snippet ---\n{snippet}\n--- maps ---\n{}",
        String::from_utf8_lossy(&test.stderr),
        maps.get(..4000).unwrap_or(maps)
    );
    // Its output goes to a file, not to the test's pipes, which a worker would hold open.
    let log = std::fs::File::create(dir.join("nginx.log")).unwrap();
    let child = Command::new(nginx)
        .args(["-e", "stderr", "-p"])
        .arg(&dir)
        .arg("-c")
        .arg(&conf_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let addr = format!("127.0.0.1:{port}");
    let started = Instant::now();
    while TcpStream::connect(&addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not start listening"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Nginx {
        child,
        binary: nginx.clone(),
        dir,
        addr,
    }
}

#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 exchange with `Connection: close`; a POST, PUT or PATCH sends `{}`.
pub fn send(addr: &str, method: &str, path: &str) -> Reply {
    let body = if method == "POST" || method == "PUT" || method == "PATCH" {
        "{}"
    } else {
        ""
    };
    send_with(addr, method, path, body)
}

/// [`send`], with this body.
pub fn send_with(addr: &str, method: &str, path: &str, body: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    // One write, sent at once: pieces would wait on the peer's delayed ACK (40 ms each).
    s.set_nodelay(true).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: edge.test\r\nAccept: */*\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    // A server that answers without reading the body may close with it unread, and the
    // kernel then resets the connection: what arrived before the reset is the answer.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset && !raw.is_empty() => break,
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head")
        + 4;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split..].to_vec(),
    }
}
