//! The one check of the layering rule of gone's crates, for their own tests: each module of a
//! crate names in its code only the modules below it, so that no two import each other.

/// The faults of the crate whose sources are in `src` against `layers` (its modules, bottom
/// up): a module of `lib.rs` missing from `layers` (or one there that `lib.rs` lacks), and each
/// `crate::name` in a module's code (above its unit tests, comments left out) that names a
/// module at or above its own place. Empty when the crate keeps to its layers.
///
/// ```
/// let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
/// let layers = ["valid", "date", "escape", "page", "path", "pattern", "target", "render", "schedule", "layers"];
/// assert!(gone_core::layers::faults(src, &layers).is_empty());
/// ```
pub fn faults(src: &str, layers: &[&str]) -> Vec<String> {
    let read = |file: &str| std::fs::read_to_string(format!("{src}/{file}")).unwrap_or_default();
    let lib = read("lib.rs");
    let mut declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim_start_matches("pub ").strip_prefix("mod "))
        .filter_map(|l| l.split_once(';').map(|(name, _)| name))
        .collect();
    let mut listed = layers.to_vec();
    declared.sort_unstable();
    listed.sort_unstable();
    let mut faults = Vec::new();
    if declared != listed {
        faults.push(format!(
            "the modules of lib.rs, {declared:?}, are not those of the layers, {listed:?}"
        ));
    }
    for (at, module) in layers.iter().enumerate() {
        let text = read(&format!("{module}.rs"));
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for line in code.lines().map(|l| l.split("//").next().unwrap_or("")) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                match layers.iter().position(|m| *m == name) {
                    Some(used) if used >= at => faults.push(format!("{module} uses {name}")),
                    _ => {}
                }
            }
        }
    }
    faults
}
