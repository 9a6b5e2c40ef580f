//! The build and size figures of `removed!` lists, each measured side by side in one run:
//!
//! - `figure list_100k_build_extra_s`: CPU seconds (user + system of cargo and rustc) to
//!   rebuild a crate with a generated 100,000-row list, over the same crate without the list
//!   (both wrap the app in `Lists`), only that crate rebuilt, rounds interleaved, median.
//! - `figure list_100k_bytes_per_row`: the growth of the binary's read-only data per row,
//!   beyond the row's own text (its path and `to`): the packed row, its slots in the lookup
//!   table, the answers' share (`size -A`, `.rodata` and `.data.rel.ro`).
//! - `figure list_1m_build_s` and `figure list_1m_rss_mb`: CPU seconds to build the crate
//!   with 1,000,000 rows, and the peak memory (VmHWM) of its app after answering a listed and
//!   a live request.
//!
//! ```text
//! cargo bench --bench lists
//! ```

#[path = "../build.rs"]
#[allow(dead_code)]
mod generate;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn write_crate(dir: &Path, name: &str, rows: Option<usize>, root: &Path) -> usize {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nactix-web = {{ version = \"4.18\", default-features = false, features = [\"macros\"] }}\n\
             gone-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            root.join("gone-runtime")
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut own_text = 0;
    let list = match rows {
        Some(n) => {
            let csv = generate::list(n);
            // A path has no comma; a redirect's `to` follows its status and empty reason.
            for line in csv.lines().skip(1) {
                let path = line.split(',').next().unwrap_or("");
                let to = line
                    .split_once(",301,,")
                    .map_or("", |(_, rest)| rest.split(',').next().unwrap_or(""));
                own_text += path.len() + to.len();
            }
            std::fs::write(dir.join("removed.csv"), csv).unwrap();
            "gone_runtime::removed!(\"removed.csv\");\n"
        }
        None => "",
    };
    std::fs::write(
        dir.join("src/main.rs"),
        format!(
            "use actix_web::{{test, web, App, HttpResponse}};\n{list}\n\
             fn main() {{\n    actix_web::rt::System::new().block_on(async {{\n\
             \x20       let app = test::init_service(App::new().wrap(gone_runtime::Lists).route(\"/live\", web::get().to(|| async {{ HttpResponse::Ok().finish() }}))).await;\n\
             \x20       for uri in [\"/archive/2009/post-4\", \"/live\"] {{\n\
             \x20           let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;\n\
             \x20           println!(\"{{uri}} {{}}\", res.status());\n\
             \x20       }}\n    }});\n\
             \x20   let status = std::fs::read_to_string(\"/proc/self/status\").unwrap_or_default();\n\
             \x20   println!(\"{{}}\", status.lines().find(|l| l.starts_with(\"VmHWM\")).unwrap_or(\"VmHWM: 0 kB\"));\n}}\n"
        ),
    )
    .unwrap();
    own_text
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) {
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

/// CPU seconds to rebuild the crate alone.
fn rebuild(dir: &Path, target: &Path) -> f64 {
    let main = dir.join("src/main.rs");
    let text = std::fs::read(&main).unwrap();
    std::fs::write(&main, text).unwrap();
    let (t, cpu) = (Instant::now(), children_cpu());
    cargo(dir, target, &["build", "--quiet"]);
    let cpu = children_cpu() - cpu;
    eprintln!(
        "  rebuilt {} in {:.2} s ({cpu:.2} s CPU)",
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    cpu
}

/// Bytes of read-only data in a binary: `.rodata` and `.data.rel.ro`, by `size -A`.
fn rodata(exe: &Path) -> f64 {
    let out = Command::new("size")
        .arg("-A")
        .arg(exe)
        .output()
        .expect("size (binutils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with(".rodata") || l.starts_with(".data.rel.ro"))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .sum()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/gone-bench-lists");
    let target = work.join("target");
    let (with, without, million) = (work.join("list100k"), work.join("nolist"), work.join("list1m"));
    let own_text = write_crate(&with, "list100k", Some(100_000), &root);
    write_crate(&without, "nolist", None, &root);
    write_crate(&million, "list1m", Some(1_000_000), &root);
    eprintln!("building the dependencies once...");
    cargo(&without, &target, &["build", "--quiet"]);
    cargo(&with, &target, &["build", "--quiet"]);

    let rounds: usize = std::env::var("GONE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(3);
    let mut extra = Vec::new();
    for round in 0..rounds {
        let (w, n) = if round % 2 == 0 {
            let w = rebuild(&with, &target);
            (w, rebuild(&without, &target))
        } else {
            let n = rebuild(&without, &target);
            (rebuild(&with, &target), n)
        };
        extra.push(w - n);
    }
    println!("figure list_100k_build_extra_s {:.3}", median(extra));

    let grown = rodata(&target.join("debug/list100k")) - rodata(&target.join("debug/nolist"));
    eprintln!("read-only data: {grown:.0} bytes more for 100,000 rows, whose paths and targets are {own_text} bytes");
    println!(
        "figure list_100k_bytes_per_row {:.3}",
        (grown - own_text as f64) / 100_000.0
    );

    let cpu = children_cpu();
    cargo(&million, &target, &["build", "--quiet"]);
    println!("figure list_1m_build_s {:.3}", children_cpu() - cpu);
    let out = Command::new(target.join("debug/list1m")).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}");
    assert!(
        text.contains("/archive/2009/post-4 410") && text.contains("/live 200"),
        "{text}"
    );
    let kb: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    println!("figure list_1m_rss_mb {:.1}", kb / 1024.0);
}
