//! `figure build_300_retired_vs_plain`: the build time of a crate with 300 retired handlers
//! over the same crate with 300 plain `#[get]` handlers, only that crate rebuilt
//! (`CARGO_INCREMENTAL=0`, dependencies built once beforehand), rounds interleaved, median
//! of the per-round ratios of CPU time (user + system of cargo and rustc); the wall-clock
//! ratio is printed beside it.
//!
//! `figure build_300_wrapped_retired_vs_plain` is the same with
//! `#[get("/path", wrap = "DefaultHeaders::new()")]` on both sides: the middleware is the
//! user's type, applied by the macro to the runtime's resource.
//!
//! `figure build_300_sunset_vs_plain`: 300 live handlers under `#[sunset]` over the same 300
//! plain ones.
//!
//! Also `figure syn_versions_added`: `syn` versions in the retired
//! crate's dependency tree that the plain actix-web crate does not already have.
//!
//! ```text
//! cargo bench --bench build
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const HANDLERS: usize = 300;

/// `kind` is "retired" (`#[gone]`), "sunset" (`#[sunset]` above the plain handler) or "plain".
fn write_crate(dir: &Path, name: &str, kind: &str, wrapped: bool, root: &Path) {
    let retired = kind != "plain";
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let gone = if retired {
        format!("gone-runtime = {{ path = {:?} }}\n", root.join("gone-runtime"))
    } else {
        String::new()
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nactix-web = {{ version = \"4.18\", default-features = false, features = [\"macros\"] }}\n{gone}\n\
             [workspace]\n"
        ),
    )
    .unwrap();
    // The workspace's lock file: the same versions as the project's own build.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut src = String::from("use actix_web::{get, App};\n");
    if retired {
        src.push_str(if kind == "sunset" {
            "use gone_runtime::sunset;\n"
        } else {
            "use gone_runtime::gone;\n"
        });
    }
    let options = if wrapped {
        ", wrap = \"actix_web::middleware::DefaultHeaders::new()\""
    } else {
        ""
    };
    for i in 0..HANDLERS {
        if kind == "sunset" {
            src.push_str(&format!(
                "#[sunset(deprecated = \"2025-01-01\", on = \"2099-01-01\", reason = \"Route {i} is going; use /v2/{i}\")]\n\
                 #[get(\"/v1/items/{i}/{{id}}\"{options})]\nasync fn h{i}() -> &'static str {{ \"item {i}\" }}\n"
            ));
        } else if retired {
            src.push_str(&format!(
                "#[gone(since = \"2025-03-01\", reason = \"Route {i} was retired; use /v2/{i}\")]\n\
                 #[get(\"/v1/items/{i}/{{id}}\"{options})]\nasync fn h{i}() {{}}\n"
            ));
        } else {
            src.push_str(&format!(
                "#[get(\"/v1/items/{i}/{{id}}\"{options})]\nasync fn h{i}() -> &'static str {{ \"item {i}\" }}\n"
            ));
        }
    }
    src.push_str("fn main() {\n    let app = App::new()");
    for i in 0..HANDLERS {
        src.push_str(&format!(".service(h{i})"));
    }
    src.push_str(";\n    let _ = app;\n}\n");
    std::fs::write(dir.join("src/main.rs"), src).unwrap();
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo {args:?} in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// CPU seconds (user + system) of the finished child processes so far.
fn children_cpu() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Seconds to rebuild the crate alone: (wall clock, CPU time of cargo and rustc). On a shared
/// machine the CPU time is the steadier of the two: it leaves out the time spent waiting for
/// a core that another tenant holds.
fn rebuild(dir: &Path, target: &Path) -> (f64, f64) {
    // A new mtime on the source: cargo rebuilds this crate and nothing else.
    let main = dir.join("src/main.rs");
    let text = std::fs::read(&main).unwrap();
    std::fs::write(&main, text).unwrap();
    let (t, cpu) = (Instant::now(), children_cpu());
    cargo(dir, target, &["build", "--quiet"]);
    (t.elapsed().as_secs_f64(), children_cpu() - cpu)
}

fn syn_versions(dir: &Path, target: &Path) -> Vec<String> {
    let out = cargo(
        dir,
        target,
        &[
            "tree",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ],
    );
    let mut v: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("syn v"))
        .map(|l| l.split_whitespace().nth(1).unwrap().to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Rebuilds `retired` and `plain` in alternating order, `rounds` times, and prints the median
/// ratios of CPU time (`figure NAME`) and of wall-clock time (`figure NAME_wall_clock`).
/// With `GONE_BENCH_ONLY=word`, only the figures whose name holds `word` are measured.
fn compare(name: &str, retired: &Path, plain: &Path, target: &Path, rounds: usize) {
    if std::env::var("GONE_BENCH_ONLY").is_ok_and(|only| !name.contains(&only)) {
        return;
    }
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let (r, p) = if round % 2 == 0 {
            let r = rebuild(retired, target);
            (r, rebuild(plain, target))
        } else {
            let p = rebuild(plain, target);
            (rebuild(retired, target), p)
        };
        eprintln!(
            "round {round} {name}: 300 retired {:.2} s ({:.2} s CPU), 300 plain {:.2} s ({:.2} s CPU), ratio {:.3} ({:.3} CPU)",
            r.0,
            r.1,
            p.0,
            p.1,
            r.0 / p.0,
            r.1 / p.1
        );
        wall.push(r.0 / p.0);
        cpu.push(r.1 / p.1);
    }
    println!("figure {name} {:.3}", median(cpu));
    println!("figure {name}_wall_clock {:.3}", median(wall));
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/gone-bench-build");
    let target = work.join("target");
    let crates = [
        ("retired300", "retired", false),
        ("plain300", "plain", false),
        ("retired300_wrapped", "retired", true),
        ("plain300_wrapped", "plain", true),
        ("sunset300", "sunset", false),
    ];
    let dirs: Vec<PathBuf> = crates
        .iter()
        .map(|&(name, kind, wrapped)| {
            let dir = work.join(name);
            write_crate(&dir, name, kind, wrapped, &root);
            dir
        })
        .collect();
    eprintln!("building the dependencies once...");
    for dir in &dirs {
        cargo(dir, &target, &["build", "--quiet"]);
    }

    let rounds: usize = std::env::var("GONE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(3);
    compare("build_300_retired_vs_plain", &dirs[0], &dirs[1], &target, rounds);
    compare(
        "build_300_wrapped_retired_vs_plain",
        &dirs[2],
        &dirs[3],
        &target,
        rounds,
    );
    compare("build_300_sunset_vs_plain", &dirs[4], &dirs[1], &target, rounds);

    let with_gone = syn_versions(&dirs[0], &target);
    let actix_only = syn_versions(&dirs[1], &target);
    let added: Vec<_> = with_gone.iter().filter(|v| !actix_only.contains(v)).collect();
    eprintln!("syn versions: actix-web alone {actix_only:?}, with gone {with_gone:?}");
    println!("figure syn_versions_added {}", added.len());
}
