//! Team extensions: the example folder packs, the CLI uses the bundle, and
//! broken or hostile bundles are refused with their problems listed.

use serde_json::Value;

use crate::cli::{run, Run};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/team-extension");


fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("rootless-doctor-ext-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn pack_example() -> std::path::PathBuf {
    let out = temp_dir("pack").join("extensions.json");
    let Run { code, err, .. } = run(&["kb", "pack", EXAMPLE, "-o", out.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 team entries"), "{err}");
    out
}

#[test]
fn the_example_packs_and_its_entries_fire_through_the_cli() {
    let bundle = pack_example();
    let bundle = bundle.to_str().unwrap();
    let paste = std::fs::read(format!("{EXAMPLE}/kb/corp-registry-ca-missing/samples/fires-pull.txt")).unwrap();
    let Run { code, out, err } = run(&["diagnose", "--extensions", bundle, "--format", "json"], &paste);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["id"], "corp-registry-ca-missing");
    assert_eq!(v["findings"][0]["team"], true);
    assert_eq!(v["findings"][0]["values"]["registry"], "registry.corp.example");

    // Without the bundle the same paste finds nothing of the team's.
    let out = run(&["diagnose", "--format", "json"], &paste).out;
    assert!(!out.contains("corp-registry-ca-missing"));

    // The team's note joins a shipped finding, in the reader's language.
    let timeout = b"jdoe@bld07:~$ docker pull alpine\nError response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.0.2.3:53: read udp 10.0.2.100:44212->10.0.2.3:53: i/o timeout\n";
    let out = run(&["diagnose", "--extensions", bundle, "--lang", "ja"], timeout).out;
    assert!(out.contains("Example Corp build platform からのメモ"), "{out}");
    assert!(out.contains("proxy.corp.example:3128"));
    assert!(out.contains("https://help.corp.example/new?queue=build-hosts"));

    let out = run(&["kb", "list", "--extensions", bundle, "--format", "json"], b"").out;
    let list: Value = serde_json::from_str(&out).unwrap();
    let team: Vec<&str> = list.as_array().unwrap().iter().filter(|e| e["team"] == true).map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(team, ["corp-home-quota-exceeded", "corp-registry-ca-missing"]);
}

#[test]
fn pack_writes_the_bundle_into_a_single_file_page() {
    let page = temp_dir("inline").join("rootless-doctor.html");
    std::fs::write(&page, "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>").unwrap();
    for _ in 0..2 {
        let Run { code, err, .. } = run(&["kb", "pack", EXAMPLE, "--inline", page.to_str().unwrap()], b"");
        assert_eq!(code, 0, "{err}");
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("id=\"rootless-doctor-extensions\"").count(), 1);
    let start = html.find("\">{").unwrap() + 2;
    let end = html.find("</script>").unwrap();
    assert!(engine::Bundle::from_json(&html[start..end]).is_ok());
}

#[test]
fn a_folder_that_breaks_the_rules_is_not_packed() {
    let dir = temp_dir("broken");
    std::fs::create_dir_all(dir.join("kb/corp-x/samples")).unwrap();
    std::fs::write(dir.join("team.toml"), "name = \"Ops\"\nsupport = \"javascript:alert(1)\"\n").unwrap();
    std::fs::write(dir.join("kb/corp-x/entry.toml"), "id = \"corp-x\"\nseverity = \"error\"\ncategory = \"network\"\n[[lines]\nregex = \"x\"\n").unwrap();
    let out = dir.join("extensions.json");
    let Run { code, err, .. } = run(&["kb", "pack", dir.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("team.toml: support is an https: or mailto: address"), "{err}");
    assert!(err.contains("kb/corp-x/entry.toml:4:"), "the TOML error names its line: {err}");
    assert!(!out.exists());
}

#[test]
fn hostile_or_broken_bundles_are_refused_by_the_cli() {
    let dir = temp_dir("hostile");
    let title = "+++\ntitle = \"<img src=x onerror=alert(1)>\"\nsummary = \"s\"\n+++\nbody";
    let hostile = engine::Bundle::new([
        ("team.toml".to_string(), "name = \"Ops\"".to_string()),
        ("kb/corp-x/entry.toml".to_string(), "id = \"corp-x\"\nseverity = \"error\"\ncategory = \"network\"\n[[lines]]\nregex = \"corp-x-marker\"\n".to_string()),
        ("kb/corp-x/en.md".to_string(), title.to_string()),
        ("kb/privileged-port/entry.toml".to_string(), "id = \"privileged-port\"".to_string()),
    ]);
    for (name, text) in [("hostile.json", hostile.to_json()), ("truncated.json", "{\"format\": \"rootless-doctor-extensions/1\", \"files\": {".to_string())] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let Run { code, out, err } = run(&["diagnose", "--extensions", path.to_str().unwrap()], b"corp-x-marker\n");
        assert_eq!(code, 2, "{name}: {out}");
        assert!(err.contains("cannot be used"), "{name}: {err}");
    }
}

#[test]
fn kb_pack_refuses_wording_the_glossary_replaces_but_the_page_does_not() {
    let dir = temp_dir("wording");
    let copy = |from: &std::path::Path, to: &std::path::Path| -> std::io::Result<()> {
        fn walk(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
            std::fs::create_dir_all(to)?;
            for e in std::fs::read_dir(from)? {
                let e = e?;
                if e.file_type()?.is_dir() {
                    walk(&e.path(), &to.join(e.file_name()))?;
                } else {
                    std::fs::copy(e.path(), to.join(e.file_name()))?;
                }
            }
            Ok(())
        }
        walk(from, to)
    };
    copy(std::path::Path::new(EXAMPLE), &dir).unwrap();
    let zh = dir.join("kb/corp-home-quota-exceeded/zh.md");
    let text = std::fs::read_to_string(&zh).unwrap();
    let line = text.lines().position(|l| l.starts_with("## ")).unwrap() + 3;
    let mut lines: Vec<&str> = text.lines().collect();
    let changed = format!("{}你的账户。", lines[line - 1]);
    lines[line - 1] = &changed;
    std::fs::write(&zh, lines.join("\n") + "\n").unwrap();
    let out = dir.join("extensions.json");
    let Run { code, err, .. } = run(&["kb", "pack", dir.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("kb/corp-home-quota-exceeded/zh.md:{line}: \"账户\"")) && err.contains("\"账号\""), "{err}");
    assert!(!out.exists());
    // The same files as a bundle: the page loads it (wording is kb pack's business).
    fn files_under(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files_under(root, &p, out);
            } else if p.extension().is_some_and(|x| x != "json") {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    files_under(&dir, &dir, &mut files);
    let bundle = engine::Bundle::new(files);
    if let Err(errors) = engine::extensions::with_bundle(&bundle) {
        panic!("{errors:?}");
    }
}

/// The page reads a bundle in the form the diagnosis module prepares
/// (`prepare_bundle`, no TOML) and gets the same entries, notes and
/// settings as the module that checked it as written.
#[test]
fn a_prepared_bundle_gives_the_page_the_same_knowledge() {
    let bundle = engine::Bundle::from_json(&std::fs::read_to_string(pack_example()).unwrap()).unwrap();
    let packs = engine::pack::prepare(engine::builtin_files().iter().copied()).expect("tidy content");
    let files: Vec<(&str, &str)> = packs.values().flat_map(|p| p.files()).collect();
    let full = engine::extensions::with_bundle_on(files.iter().copied(), &bundle).expect("the example passes");
    let prepared = engine::extensions::prepare_bundle(&bundle).expect("the example prepares");
    // Shipped as prepared JSON: no TOML, and no entry text outside samples as Markdown.
    let raw = |p: &str| p.ends_with(".toml") || p.starts_with("kb/") && !p.contains("/samples/") && p.ends_with(".md");
    assert!(!prepared.files.keys().any(|p| raw(p)), "{:?}", prepared.files.keys());
    let (page, errors) = engine::extensions::load_with_prepared(files.iter().copied(), prepared.files());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(full.can_diagnose() && !page.can_diagnose());
    let view = |kb: &engine::Knowledge| {
        kb.entries.iter().map(|e| format!("{} {} {:?} {:?} {:?} {:?} {:?}", e.id, e.team, e.docs, e.notes, e.placeholders, e.variants.keys().collect::<Vec<_>>(), e.related)).collect::<Vec<_>>()
    };
    assert_eq!(view(&page), view(&full));
    assert_eq!(page.team, full.team);
    assert_eq!(page.ui, full.ui);
    assert_eq!(engine::extensions::team_lang_prepared(&prepared), engine::extensions::team_lang(&bundle));
    // Shipped content alone, as the page reads its packs.
    let (shipped, errors) = engine::Knowledge::load_prepared(files.iter().copied());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(shipped.entries.len(), engine::builtin().entries.len());
    // And no TOML where only prepared content is read.
    let (_, errors) = engine::Knowledge::load_prepared([("about.toml", "date = \"2026-01-01\"")]);
    assert_eq!(errors.len(), 1);
}
