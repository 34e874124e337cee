//! Content rules: every entry complete in four languages, every sample
//! firing or staying quiet as its name says, every command the same in
//! every language. `cargo xtask tidy` prints the same list.

#[test]
fn content_is_tidy() {
    let errors = engine::tidy::check(engine::builtin_files().iter().copied());
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "{} content problems:\n{}", list.len(), list.join("\n"));
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
