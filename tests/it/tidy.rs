//! Content rules: every entry complete in four languages, every sample
//! firing or staying quiet as its name says, every command the same in
//! every language. `cargo xtask tidy` prints the same list.

#[test]
fn content_is_tidy() {
    let errors = engine::tidy::check(engine::builtin_files().iter().copied());
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "{} content problems:\n{}", list.len(), list.join("\n"));
}

/// Read from disk: the embedded copy has its TOML comments blanked (build.rs).
#[test]
fn every_line_pattern_names_its_source() {
    let kb = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/kb");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&kb).expect("content/kb") {
        let dir = dir.unwrap().path();
        if let Ok(text) = std::fs::read_to_string(dir.join("entry.toml")) {
            files.push((format!("kb/{}/entry.toml", dir.file_name().unwrap().to_string_lossy()), text));
        }
    }
    assert!(files.len() >= 10);
    let errors = engine::tidy::sources::check_sources(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "{} line patterns without a source:\n{}", list.len(), list.join("\n"));
}

#[test]
fn every_entry_is_loaded() {
    let folders: std::collections::BTreeSet<&str> = engine::builtin_files()
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("kb/")?.split_once('/').map(|(id, _)| id))
        .collect();
    let loaded: std::collections::BTreeSet<&str> = engine::builtin().entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(folders, loaded);
    assert!(loaded.len() >= 10);
}

#[test]
fn a_translation_must_keep_the_english_placeholders() {
    let broken = |path: &str, text: &str| -> String {
        if path == "ui/ko.toml" {
            text.replace("{errors}", "").replace("{path}", "{file}")
        } else {
            text.to_string()
        }
    };
    let files: Vec<(String, String)> = engine::builtin_files().iter().map(|(p, t)| (p.to_string(), broken(p, t))).collect();
    let errors = engine::tidy::check(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let about: Vec<String> = errors.iter().map(ToString::to_string).filter(|e| e.contains("placeholders")).collect();
    assert!(about.iter().any(|e| e.contains("ui/ko.toml") && e.contains("findings-count")), "{about:?}");
    assert!(about.iter().any(|e| e.contains("cli-error-write")), "{about:?}");
}
