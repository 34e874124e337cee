//! `cargo xtask new-entry <id> [--severity S] [--category C]`: scaffolds a
//! knowledge-base entry folder. `cargo xtask tidy`: prints every content
//! rule that is broken (the same check `cargo test` runs). `cargo xtask
//! packs <dir>`: checks the content and writes the page's content packs
//! (`engine::pack`) into `<dir>`, one `<name>.json` each; the site build
//! (scripts/post-build.mjs) runs it.

use std::{fs, path::PathBuf, process::ExitCode};

use engine::{tidy, Lang};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("new-entry") => new_entry(&args[1..]),
        Some("packs") => packs(args.get(1)),
        Some("tidy") => {
            let mut errors = tidy::check(engine::builtin_files().iter().copied());
            // The embedded copy has its TOML comments blanked: `# source:` is read from disk.
            let raw = raw_entry_files();
            errors.extend(tidy::sources::check_sources(raw.iter().map(|(p, t)| (p.as_str(), t.as_str()))));
            for e in &errors {
                eprintln!("{e}");
            }
            if errors.is_empty() {
                println!("content is tidy ({} entries)", engine::builtin().entries.len());
                ExitCode::SUCCESS
            } else {
                eprintln!("{} problems", errors.len());
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: cargo xtask new-entry <id> [--severity error|warning|info] [--category C]\n       cargo xtask tidy\n       cargo xtask packs <dir>");
            ExitCode::FAILURE
        }
    }
}

fn packs(dir: Option<&String>) -> ExitCode {
    let Some(dir) = dir else {
        eprintln!("packs needs a directory to write into");
        return ExitCode::FAILURE;
    };
    let packs = match engine::pack::prepare(engine::builtin_files().iter().copied()) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("{} problems: no packs written (cargo xtask tidy)", errors.len());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = fs::create_dir_all(dir) {
        eprintln!("{dir}: {e}");
        return ExitCode::FAILURE;
    }
    for (kind, pack) in &packs {
        let path = PathBuf::from(dir).join(format!("{}.json", kind.name()));
        if let Err(e) = fs::write(&path, pack.to_json()) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!("{} content packs in {dir}", packs.len());
    ExitCode::SUCCESS
}

fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// Every `kb/<id>/entry.toml` as written, `(path under content/, text)`.
fn raw_entry_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in fs::read_dir(content_dir().join("kb")).into_iter().flatten().flatten() {
        if let Ok(text) = fs::read_to_string(dir.path().join("entry.toml")) {
            files.push((format!("kb/{}/entry.toml", dir.file_name().to_string_lossy()), text));
        }
    }
    files.sort();
    files
}

fn new_entry(args: &[String]) -> ExitCode {
    let Some(id) = args.first() else {
        eprintln!("new-entry needs an id, e.g. cargo xtask new-entry privileged-port");
        return ExitCode::FAILURE;
    };
    let flag = |name: &str, default: &str| {
        args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone()).unwrap_or_else(|| default.to_string())
    };
    let (severity, category) = (flag("--severity", "error"), flag("--category", "network"));
    let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        eprintln!("ids are kebab-case and named after the problem, not the fix: {id:?}");
        return ExitCode::FAILURE;
    }
    let dir = content_dir().join("kb").join(id);
    if dir.exists() {
        eprintln!("{} already exists", dir.display());
        return ExitCode::FAILURE;
    }
    fs::create_dir_all(dir.join("samples")).expect("create the entry folder");
    let toml = format!(
        "id = \"{id}\"\nseverity = \"{severity}\"\ncategory = \"{category}\"\nrelated = []\nreferences = []\n\n\
         # Named capture groups become placeholders; declare their kind here\n\
         # (user, uid, port, path, version, number, name).\n[placeholders]\n\n\
         # A line pattern (Rust regex; [0-9] not \\d). Add `when = [...]` to require facts.\n\
         # source: <project> <file> \"<the text as upstream prints it>\" (<versions>)\n\
         [[lines]]\nregex = 'TODO: the message as the tool prints it'\n\n\
         # Or fact conditions, all of which must hold:\n\
         # [[facts]]\n# all = [{{ fact = \"rootless\", equals = true }}]\n"
    );
    fs::write(dir.join("entry.toml"), toml).expect("write entry.toml");
    let kb = engine::builtin();
    for lang in Lang::ALL {
        let mut md = String::from("+++\ntitle = \"TODO\"\nsummary = \"TODO\"\n+++\n");
        for key in tidy::SECTION_KEYS {
            md.push_str(&format!("\n## {}\n\nTODO\n", kb.ui(lang, key)));
        }
        fs::write(dir.join(format!("{}.md", lang.code())), md).expect("write the language file");
    }
    for name in ["fires-1.txt", "fires-2.txt", "quiet-1.txt"] {
        fs::write(dir.join("samples").join(name), "TODO: a real paste\n").expect("write a sample");
    }
    println!("created {}; fill it in, then run cargo xtask tidy", dir.display());
    ExitCode::SUCCESS
}
