//! The example `api`, started as a user starts it, for the tests that need the real thing: the
//! binary `cargo test` built beside them, on 127.0.0.1, at a fixed instant (`--at`).

#![allow(dead_code)] // each user takes what it needs

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The example, killed on drop.
pub struct Example {
    child: Child,
    pub addr: String,
}

impl Drop for Example {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the example `api` on a free port of 127.0.0.1 as at the instant `at` (`--at`).
pub fn start(at: &str) -> Example {
    let exe = std::env::current_exe().unwrap();
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .map(|debug| debug.join("examples/api"))
        .filter(|p| p.is_file())
        .expect("the example api is built beside the tests: cargo build --examples");
    // `cargo test` builds the examples; `cargo test --test NAME` alone does not.
    let built = std::fs::metadata(&binary).and_then(|m| m.modified()).unwrap();
    for source in ["examples/api.rs", "examples/pages/gone.html", "Cargo.toml"] {
        let changed = std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join(source))
            .and_then(|m| m.modified())
            .unwrap();
        assert!(
            changed <= built,
            "{} is older than {source}: build the examples again (cargo build --examples)",
            binary.display()
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(binary)
        .args(["--bind", &addr, "--at", at])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the example starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the example did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Example { child, addr }
}
