//! Embeds every file under `content/` into the engine at build time, so the
//! wasm build (which has no file system) carries the knowledge base and the
//! interface strings. The engine itself never reads a file at run time.
//!
//! Samples are test data: with the `samples` feature (the default: tests, the
//! CLI, `cargo xtask tidy`) every one is embedded; without it (the web app)
//! each entry keeps only its first `fires-*.txt`, the one the page's examples
//! menu offers (`src/components/paste_tools.rs`). The folders' READMEs are
//! for content writers; the loader ignores them, so they are not embedded.
use std::{collections::BTreeSet, env, fmt::Write, fs, path::Path};

fn main() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let content = content.canonicalize().expect("content/ folder next to the workspace");
    println!("cargo:rerun-if-changed={}", content.display());
    let mut files = Vec::new();
    walk(&content, &content, &mut files);
    files.sort();
    if env::var_os("CARGO_FEATURE_SAMPLES").is_none() {
        let mut offered = BTreeSet::new();
        files.retain(|(rel, _)| match rel.strip_prefix("kb/").and_then(|r| r.split_once("/samples/")) {
            Some((id, name)) => name.starts_with("fires-") && offered.insert(id.to_string()),
            None => true,
        });
    }
    let mut out = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        writeln!(out, "    ({rel:?}, include_str!({abs:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(dest, out).unwrap();
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            walk(root, &path, files);
        } else if path.file_name().is_some_and(|n| n != "README.md") && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "md" | "txt")
        ) {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}
