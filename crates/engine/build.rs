//! Embeds every file under `content/` into the engine at build time, so the
//! wasm build (which has no file system) carries the knowledge base and the
//! interface strings. The engine itself never reads a file at run time.
//!
//! Samples are test data: with the `samples` feature (the default: tests, the
//! CLI, `cargo xtask tidy`) every one is embedded; without it (the web app)
//! each entry keeps only its first `fires-*.txt`, the one the page's examples
//! menu offers (`src/components/paste_tools.rs`). The folders' READMEs are
//! for content writers; the loader ignores them, so they are not embedded.
//! So is `content/writing/` (the writing guides), and `content/glossary/`
//! is embedded only with the `glossary` feature (the checks; not the page).
//! So are whole-line `#` comments in TOML files: they are embedded as empty
//! lines, so a line number in a loader error still points at the source.
use std::{collections::BTreeSet, env, fmt::Write, fs, path::Path};

fn main() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let content = content.canonicalize().expect("content/ folder next to the workspace");
    println!("cargo:rerun-if-changed={}", content.display());
    let mut files = Vec::new();
    // Without `builtin` (the page) nothing is embedded: the page loads the
    // content as prepared packs (src/pack.rs).
    if env::var_os("CARGO_FEATURE_BUILTIN").is_some() {
        walk(&content, &content, &mut files);
    }
    files.sort();
    // content/writing/ is for writers; the glossaries only for the checks.
    files.retain(|(rel, _)| !rel.starts_with("writing/"));
    if env::var_os("CARGO_FEATURE_GLOSSARY").is_none() {
        files.retain(|(rel, _)| !rel.starts_with("glossary/"));
    }
    if env::var_os("CARGO_FEATURE_SAMPLES").is_none() {
        let mut offered = BTreeSet::new();
        files.retain(|(rel, _)| match rel.strip_prefix("kb/").and_then(|r| r.split_once("/samples/")) {
            Some((id, name)) => name.starts_with("fires-") && offered.insert(id.to_string()),
            None => true,
        });
    }
    // Same-named files together (every en.md, then every entry.toml, ..., every
    // zh.md): brotli compresses the page's text better with one language in a
    // row (measured: 9.6 KB less). The loader does not depend on this order;
    // within a folder, files stay sorted by name.
    files.sort_by(|(a, _), (b, _)| (a.rsplit('/').next(), a).cmp(&(b.rsplit('/').next(), b)));
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    let mut out = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let embedded = if rel.ends_with(".toml") {
            let copy = out_dir.join("content").join(rel);
            fs::create_dir_all(copy.parent().unwrap()).unwrap();
            fs::write(&copy, blank_comments(&fs::read_to_string(abs).unwrap())).unwrap();
            copy.to_string_lossy().into_owned()
        } else {
            abs.clone()
        };
        writeln!(out, "    ({rel:?}, include_str!({embedded:?})),").unwrap();
    }
    out.push_str("];\n");
    fs::write(out_dir.join("embedded.rs"), out).unwrap();
}

/// Empties every line that is only a TOML comment, keeping its line break;
/// lines inside multi-line strings (`'''`, `"""`) are text and stay.
fn blank_comments(toml: &str) -> String {
    let mut out = String::with_capacity(toml.len());
    let mut open: Option<&str> = None;
    for line in toml.split_inclusive('\n') {
        if open.is_none() && line.trim_start().starts_with('#') {
            out.push_str(&line[line.trim_end_matches(['\r', '\n']).len()..]);
            continue;
        }
        for quotes in ["'''", "\"\"\""] {
            if open.is_none_or(|o| o == quotes) && line.matches(quotes).count() % 2 == 1 {
                open = if open.is_some() { None } else { Some(quotes) };
            }
        }
        out.push_str(line);
    }
    out
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
