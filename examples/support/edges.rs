//! HAProxy, Caddy, Apache httpd and Varnish on 127.0.0.1 for the tests: each started with the manifest's
//! export for it inside a configuration whose other requests answer 404, checked with the
//! server's own checker first, stopped on drop; and the comparison of every entry's answer at
//! the edge with the app's. Needs `nginx.rs` beside it as `nginx` (its `send`).

#![allow(dead_code)] // each user takes what it needs

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Haproxy,
    Caddy,
    Apache,
    Varnish,
}

pub const ALL: [Kind; 4] = [Kind::Haproxy, Kind::Caddy, Kind::Apache, Kind::Varnish];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Haproxy => "haproxy",
            Kind::Caddy => "caddy",
            Kind::Apache => "apache2",
            Kind::Varnish => "varnishd",
        }
    }

    /// The binary, or `None` when it is not installed; in CI its absence is a failure.
    pub fn binary(self) -> Option<PathBuf> {
        let name = self.name();
        let found = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]
            .iter()
            .map(|d| PathBuf::from(d).join(name))
            .find(|p| p.exists());
        if found.is_none() {
            let package = match self {
                Kind::Haproxy => "haproxy",
                Kind::Caddy => "caddy",
                Kind::Apache => "apache2",
                Kind::Varnish => "varnish",
            };
            if std::env::var_os("CI").is_some() {
                panic!("{name} is not installed, and CI requires this test: apt-get install -y {package}");
            }
            eprintln!(
                "SKIPPED: {name} is not installed (apt-get install -y {package}); its edge test did not run"
            );
        }
        found
    }

    /// The export of `manifest` for this server.
    pub fn export(self, manifest: &gone_runtime::Manifest) -> String {
        match self {
            Kind::Haproxy => manifest.to_haproxy(),
            Kind::Caddy => manifest.to_caddy(),
            Kind::Apache => manifest.to_apache(),
            Kind::Varnish => manifest.to_varnish(),
        }
        .unwrap()
    }
}

pub struct Edge {
    child: Child,
    dir: PathBuf,
    pub kind: Kind,
    pub addr: String,
}

impl Drop for Edge {
    fn drop(&mut self) {
        // SIGTERM first: Apache's parent then stops its workers, which a SIGKILL would orphan.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // GONE_EDGE_KEEP=1 keeps the configuration and the logs, to look at.
        if std::env::var_os("GONE_EDGE_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Starts `kind` serving `snippet` on a free port of 127.0.0.1, after its checker passed it;
/// every other request answers 404.
pub fn start(kind: Kind, binary: &PathBuf, snippet: &str) -> Edge {
    start_before(kind, binary, snippet, None)
}

/// [`start`], in front of the app at `app` (`127.0.0.1:PORT`) when given: every request the
/// snippet does not answer is proxied to it, as users configure these servers (the URI passed
/// on as the client sent it).
pub fn start_before(kind: Kind, binary: &PathBuf, snippet: &str, app: Option<&str>) -> Edge {
    // One folder per server: tests of one binary may start several at once.
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("gone-{}-{}-{n}", kind.name(), std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = dir.display();
    let (check, run): (Vec<String>, Vec<String>) = match kind {
        Kind::Haproxy => {
            let conf = format!(
                "global\n    log stderr format raw local0 warning\n\
                 defaults\n    mode http\n    timeout connect 5s\n    timeout client 10s\n    timeout server 10s\n\
                 frontend edge\n    bind 127.0.0.1:{port}\n{}\n{}",
                indent(snippet, "    "),
                match app {
                    Some(app) => format!("    default_backend app\nbackend app\n    server app {app}\n"),
                    None => "    http-request return status 404\n".to_string(),
                }
            );
            std::fs::write(dir.join("haproxy.cfg"), conf).unwrap();
            let f = format!("{d}/haproxy.cfg");
            (
                vec!["-c".into(), "-f".into(), f.clone()],
                vec!["-db".into(), "-f".into(), f],
            )
        }
        Kind::Caddy => {
            let conf = format!(
                "{{\n\tadmin off\n\tauto_https off\n}}\nhttp://:{port} {{\n\tbind 127.0.0.1\n{}\n\t{}\n}}\n",
                indent(snippet, "\t"),
                match app {
                    Some(app) => format!("reverse_proxy {app}"),
                    None => "respond 404".to_string(),
                }
            );
            std::fs::write(dir.join("Caddyfile"), conf).unwrap();
            let f = format!("{d}/Caddyfile");
            let args = |verb: &str| {
                vec![
                    verb.to_string(),
                    "--adapter".into(),
                    "caddyfile".into(),
                    "--config".into(),
                    f.clone(),
                ]
            };
            (args("validate"), args("run"))
        }
        Kind::Apache => {
            std::fs::write(dir.join("gone.conf"), snippet).unwrap();
            let user = if is_root() {
                "User www-data\nGroup www-data\n"
            } else {
                ""
            };
            let conf = format!(
                "ServerRoot {d}\nDefaultRuntimeDir {d}\nListen 127.0.0.1:{port}\nServerName 127.0.0.1\n\
                 LimitRequestLine 16384\n\
                 LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n\
                 LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n\
                 LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so\n\
                 LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n\
                 LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n\
                 {user}PidFile {d}/httpd.pid\nErrorLog {d}/error.log\nDocumentRoot {d}/empty\n\
                 Include {d}/gone.conf\n{}",
                match app {
                    Some(app) => format!(
                        "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n\
                         LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n\
                         AllowEncodedSlashes NoDecode\nProxyPass / http://{app}/ nocanon disablereuse=On\n"
                    ),
                    None => String::new(),
                }
            );
            std::fs::write(dir.join("httpd.conf"), conf).unwrap();
            let f = format!("{d}/httpd.conf");
            (
                vec!["-t".into(), "-f".into(), f.clone()],
                vec!["-DFOREGROUND".into(), "-f".into(), f],
            )
        }
        Kind::Varnish => {
            // As a site runs it: its own VCL with the backend, the export included before its
            // own `vcl_recv`, the built-in VCL under both (it caches what the app lets it).
            std::fs::write(dir.join("gone.vcl"), snippet).unwrap();
            let conf = format!(
                "vcl 4.1;\n{}include \"{d}/gone.vcl\";\n{}",
                match app {
                    Some(app) => {
                        let (host, port) = app.rsplit_once(':').unwrap();
                        format!("backend default {{ .host = \"{host}\"; .port = \"{port}\"; }}\n")
                    }
                    None => "backend default none;\n".to_string(),
                },
                match app {
                    Some(_) => "",
                    None => "sub vcl_recv { return (synth(404)); }\n",
                }
            );
            std::fs::write(dir.join("default.vcl"), conf).unwrap();
            let f = format!("{d}/default.vcl");
            let n = format!("{d}/varnish");
            (
                vec!["-C".into(), "-f".into(), f.clone(), "-n".into(), n.clone()],
                vec![
                    "-F".into(),
                    "-a".into(),
                    format!("127.0.0.1:{port}"),
                    "-f".into(),
                    f,
                    "-n".into(),
                    n,
                    "-s".into(),
                    "malloc,32m".into(),
                    // Below actix-web's keep-alive (5 s): a connection the app closed is never reused.
                    "-p".into(),
                    "backend_idle_timeout=1".into(),
                    "-T".into(),
                    "none".into(),
                ],
            )
        }
    };
    let env = [
        ("HOME", dir.clone()),
        ("XDG_DATA_HOME", dir.clone()),
        ("XDG_CONFIG_HOME", dir.clone()),
    ];
    let test = Command::new(binary)
        .args(&check)
        .envs(env.clone())
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "{} refused the generated configuration:\n{}{}\n--- snippet ---\n{snippet}",
        kind.name(),
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let child = Command::new(binary)
        .args(&run)
        .envs(env)
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
            "{} did not start listening",
            kind.name()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Edge {
        child,
        dir,
        kind,
        addr,
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sends each `(method, uri)` to the edge and to `app`, and compares what comes back: for a
/// 410, the status, `Content-Type`, `Vary`, `Cache-Control`, `Sunset`, `Link` and the JSON
/// body (the edges answer in JSON only); for a redirect, the status, `Location` (Apache's is
/// absolute: its host is taken off), `Cache-Control` and `Vary`. Returns how many were
/// compared.
pub async fn compare<S, B>(edge: &Edge, app: &S, requests: &[(String, String)], snippet: &str) -> usize
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    // Apache writes its redirects' `Location` absolute, with the request's host.
    let host = "http://edge.test";
    for (method, uri) in requests {
        let what = format!("{:?}: {method} {uri}", edge.kind);
        // No body: these servers answer without reading one, and a body left unread when
        // they close can make the kernel reset the connection before the answer is read.
        let at_edge = super::nginx::send_with(&edge.addr, method, uri, "");
        let req = actix_web::test::TestRequest::default()
            .method(method.parse().unwrap())
            .uri(uri)
            .insert_header(("accept", "*/*"));
        let in_app = actix_web::test::call_service(app, req.to_request()).await;
        let status = in_app.status().as_u16();
        assert_eq!(at_edge.status, status, "{what}\n{snippet}");
        let app_header = |name: &str| {
            in_app
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let mut names = vec!["vary", "cache-control"];
        if status == 410 {
            names.extend(["content-type", "sunset", "link"]);
        } else {
            let location = at_edge.header("location").map(|l| match edge.kind {
                Kind::Apache => l.strip_prefix(host).unwrap_or(l),
                _ => l,
            });
            assert_eq!(
                location,
                app_header("location").as_deref(),
                "{what}: location\n{snippet}"
            );
        }
        for name in names {
            assert_eq!(
                at_edge.header(name),
                app_header(name).as_deref(),
                "{what}: {name}\n{snippet}"
            );
        }
        let app_body = actix_web::test::read_body(in_app).await;
        if status == 410 && method != "HEAD" {
            let edge_json: serde_json::Value = serde_json::from_slice(&at_edge.body)
                .unwrap_or_else(|e| panic!("{what}: {e}: {}", String::from_utf8_lossy(&at_edge.body)));
            let app_json: serde_json::Value = serde_json::from_slice(&app_body).unwrap();
            assert_eq!(edge_json, app_json, "{what}");
        }
    }
    requests.len()
}

/// Whether the edge let the request go on (to what stands for the app in these tests: a 404,
/// or Apache's own 405 for a method its static files do not take) rather than answer it.
pub fn went_on(edge: &Edge, method: &str, uri: &str) -> bool {
    let status = super::nginx::send_with(&edge.addr, method, uri, "").status;
    status == 404 || (edge.kind == Kind::Apache && status == 405)
}
