//! The `rootless-doctor` command line: argument parsing, reading the input,
//! and printing a diagnosis as text, JSON or Markdown. Every judgement is
//! the engine's; this crate only moves bytes and formats what it returns.

use std::io::{Read, Write};

use engine::report::severity_label;
use engine::{render, Bundle, Diagnosis, KbError, Knowledge, Lang, Severity};

mod args;
use args::{Command, Format};

/// The largest input read; the web app uses the same cap.
pub const MAX_INPUT_BYTES: usize = engine::MAX_INPUT_BYTES;

/// Exit codes (documented in `cli-usage`): 0 when the command ran, with or
/// without findings; 1 when `kb pack` found problems in the folder; 2 for
/// bad usage, unreadable input or an unusable extension bundle.
pub fn run(args: &[String], env_lang: Option<&str>, stdin: impl Read, out: &mut impl Write, err: &mut impl Write, color: bool) -> i32 {
    let builtin = engine::builtin();
    let fallback_lang = env_lang.and_then(Lang::from_tag).unwrap_or_default();
    let opts = match args::parse(args) {
        Ok(o) => o,
        Err(problem) => {
            let lang = problem.lang.unwrap_or(fallback_lang);
            let _ = writeln!(err, "rootless-doctor: {}", safe(&usage_error(builtin, lang, &problem)));
            return 2;
        }
    };
    let lang = opts.lang.unwrap_or(fallback_lang);
    let loaded;
    let kb = match &opts.extensions {
        None => builtin,
        Some(path) => match load_extensions(path, lang) {
            Ok(k) => {
                loaded = k;
                &loaded
            }
            Err(problems) => {
                // Names and messages from the bundle: a refused bundle must not act on the terminal either.
                let _ = write!(err, "{}", safe(&problems));
                return 2;
            }
        },
    };
    let ui = |key: &str| kb.ui(lang, key).to_string();
    let format = opts.format;
    let result = match &opts.command {
        Command::Usage => write!(out, "{}", ui("cli-usage").trim_start()).map_err(|e| e.to_string()),
        Command::Help(topic) => {
            let text = ui(topic.key()).replace("{limit}", &(MAX_INPUT_BYTES >> 20).to_string());
            write!(out, "{}", text.trim_start()).map_err(|e| e.to_string())
        }
        Command::Version => write!(out, "{}", version(kb, lang)).map_err(|e| e.to_string()),
        Command::Diagnose(path) => diagnose(kb, path, stdin, lang, format, out, err, color),
        Command::Check => check(kb, lang, format, out, err, color),
        Command::KbList => kb_list(kb, lang, format, out),
        Command::KbShow(id) => kb_show(kb, id, lang, out),
        Command::KbPack(dir) => return kb_pack(dir, opts.output.as_deref(), opts.inline.as_deref(), lang, out, err),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "rootless-doctor: {}", safe(&message));
            2
        }
    }
}

/// One line for a usage error: what is wrong, and where help is.
fn usage_error(kb: &Knowledge, lang: Lang, problem: &args::Problem) -> String {
    let mut what = kb.ui(lang, problem.key).to_string();
    for (name, value) in &problem.values {
        what = what.replace(&format!("{{{name}}}"), value);
    }
    kb.ui(lang, "cli-error-args").replace("{problem}", &what)
}

/// `--version`: the program, the platform it was built for, and the
/// knowledge base's date and the releases it was checked against.
fn version(kb: &Knowledge, lang: Lang) -> String {
    let about = &kb.about;
    let entries = kb.entries.iter().filter(|e| !e.retired).count();
    let line = kb
        .ui(lang, "cli-version")
        .replace("{date}", &about.date)
        .replace("{entries}", &entries.to_string())
        .replace("{docker}", &about.docker)
        .replace("{rootlesskit}", &about.rootlesskit);
    format!("rootless-doctor {} ({}-{})\n{line}\n", env!("CARGO_PKG_VERSION"), std::env::consts::ARCH, std::env::consts::OS)
}

/// Reads the input whole, refusing what is not terminal output.
fn read_input(kb: &Knowledge, path: &str, stdin: impl Read, lang: Lang, err: &mut impl Write) -> Result<String, String> {
    let ui = |key: &str| kb.ui(lang, key).replace("{path}", if path == "-" { "stdin" } else { path });
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let read = if path == "-" {
        stdin.take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| ui("cli-error-read").replace("{reason}", &e.to_string()))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ui("cli-error-too-large").replace("{limit}", &(MAX_INPUT_BYTES >> 20).to_string()));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(ui("cli-error-binary"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "{}", kb.ui(lang, "cli-note-invalid-utf8"));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    if text.trim().is_empty() {
        return Err(kb.ui(lang, "cli-error-empty").to_string());
    }
    Ok(text)
}

/// The shipped knowledge base plus a team's bundle, or the problems that
/// make the bundle unusable, one per line (the page refuses the same ones).
fn load_extensions(path: &str, lang: Lang) -> Result<Knowledge, String> {
    let kb = engine::builtin();
    // Read no more than the bundle's limit and one byte (`--extensions
    // /dev/zero` must not fill the memory); the loader refuses the rest.
    let mut text = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(engine::extensions::MAX_BUNDLE_BYTES as u64 + 1).read_to_end(&mut text))
        .map_err(|e| format!("rootless-doctor: {}\n", kb.ui(lang, "cli-error-read").replace("{path}", path).replace("{reason}", &e.to_string())))?;
    let problems = |errors: Vec<KbError>| {
        let mut s = kb.ui(lang, "cli-error-extensions").replace("{path}", path).replace("{n}", &errors.len().to_string());
        s.push('\n');
        for e in errors {
            s.push_str(&format!("  {e}\n"));
        }
        s
    };
    let bundle = Bundle::from_json(&String::from_utf8_lossy(&text)).map_err(|e| problems(vec![e]))?;
    engine::extensions::with_bundle(&bundle).map_err(problems)
}

/// `kb pack DIR`: checks a team's extension folder with the rules shipped
/// entries follow and writes it as one bundle, and/or into a single-file page.
fn kb_pack(dir: &str, output: Option<&str>, inline: Option<&str>, lang: Lang, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let kb = engine::builtin();
    let root = std::path::Path::new(dir);
    let mut files = Vec::new();
    if let Err(e) = collect(root, root, &mut files) {
        let _ = writeln!(err, "rootless-doctor: {}", safe(&kb.ui(lang, "cli-error-read").replace("{path}", dir).replace("{reason}", &e)));
        return 2;
    }
    let bundle = Bundle::new(files);
    // Wording (the glossaries) is checked here, not where the page loads a bundle.
    let checked = engine::extensions::with_bundle(&bundle).err().unwrap_or_default().into_iter();
    let errors: Vec<KbError> = checked.chain(engine::tidy::check_wording(engine::builtin_files(), bundle.files())).collect();
    if !errors.is_empty() {
        let _ = writeln!(err, "{}", kb.ui(lang, "cli-pack-failed").replace("{path}", dir).replace("{n}", &errors.len().to_string()));
        for e in errors {
            let _ = writeln!(err, "  {}", safe(&format!("{}/{e}", dir.trim_end_matches('/'))));
        }
        return 1;
    }
    let json = bundle.to_json();
    let output = match (output, inline) {
        (None, None) => Some("extensions.json"),
        (o, _) => o,
    };
    let mut written = Vec::new();
    if let Some(path) = output {
        let result = if path == "-" { out.write_all(json.as_bytes()) } else { std::fs::write(path, &json) };
        if let Err(e) = result {
            let _ = writeln!(err, "rootless-doctor: {}", kb.ui(lang, "cli-error-write").replace("{path}", path).replace("{reason}", &e.to_string()));
            return 2;
        }
        written.push(path);
    }
    if let Some(page) = inline {
        let result = std::fs::read_to_string(page).map_err(|e| e.to_string()).and_then(|html| {
            engine::extensions::inline_into_page(&html, &json).ok_or_else(|| "not a page built by Rootless Doctor (no </head>)".to_string())
        });
        if let Err(e) = result.and_then(|html| std::fs::write(page, html).map_err(|e| e.to_string())) {
            let _ = writeln!(err, "rootless-doctor: {}", kb.ui(lang, "cli-error-write").replace("{path}", page).replace("{reason}", &e));
            return 2;
        }
        written.push(page);
    }
    let entries = bundle.files.keys().filter(|p| p.starts_with("kb/") && p.ends_with("/entry.toml")).count();
    let notes = bundle.files.keys().filter_map(|p| p.strip_prefix("notes/")?.split_once('/').map(|(id, _)| id)).collect::<std::collections::BTreeSet<_>>().len();
    let _ = writeln!(
        err,
        "{}",
        kb.ui(lang, "cli-pack-done").replace("{entries}", &entries.to_string()).replace("{notes}", &notes.to_string()).replace("{path}", &written.join(", "))
    );
    0
}

/// Every text file under `dir` (hidden ones skipped), with `/`-separated
/// paths relative to `root`.
fn collect(root: &std::path::Path, dir: &std::path::Path, files: &mut Vec<(String, String)>) -> Result<(), String> {
    let mut items: Vec<_> = std::fs::read_dir(dir).map_err(|e| e.to_string())?.filter_map(Result::ok).collect();
    items.sort_by_key(|e| e.file_name());
    for item in items {
        let path = item.path();
        // Hidden files, and the folder's notes for its maintainers (the
        // loader ignores README.md files; they are not for the public bundle).
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files)?;
        } else {
            let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{rel}: {e}"))?;
            files.push((rel, text));
        }
    }
    Ok(())
}

/// The collector the page offers for copying; `check` runs the very same text.
pub const COLLECTOR: &str = include_str!("../../../static/collect.sh");

/// Runs the read-only collector on this machine and diagnoses its output.
fn check(kb: &Knowledge, lang: Lang, format: Format, out: &mut impl Write, err: &mut impl Write, color: bool) -> Result<(), String> {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(COLLECTOR)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| kb.ui(lang, "cli-error-read").replace("{path}", "sh").replace("{reason}", &e.to_string()))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let _ = writeln!(err, "{}", kb.ui(lang, "cli-check-collected").replace("{n}", &text.lines().count().to_string()));
    diagnose(kb, "-", text.as_bytes(), lang, format, out, err, color)
}

#[allow(clippy::too_many_arguments)]
fn diagnose(kb: &Knowledge, path: &str, stdin: impl Read, lang: Lang, format: Format, out: &mut impl Write, err: &mut impl Write, color: bool) -> Result<(), String> {
    let text = read_input(kb, path, stdin, lang, err)?;
    let d = kb.diagnose(&text, lang);
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut *out, &d).map_err(std::io::Error::from).and_then(|_| writeln!(out)),
        Format::Markdown => write!(out, "{}", safe(&engine::report::markdown(kb, &d))),
        Format::Text => write!(out, "{}", report_text(kb, &d, color)),
    };
    written.map_err(|e| e.to_string())
}


/// What a terminal shows: each finding with its evidence and the fix as Markdown text.
pub fn report_text(kb: &Knowledge, d: &Diagnosis, color: bool) -> String {
    let lang = d.language;
    // Every text here but the colour codes may come from the paste or a
    // team's bundle: it goes through `safe`, painted or not.
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{}\x1b[0m", safe(s)) } else { safe(s) };
    let mut o = String::new();
    if d.findings.is_empty() {
        o.push_str(&kb.ui(lang, "cli-no-findings").replace("{n}", &d.line_count.to_string()));
        o.push('\n');
    }
    if !d.suggestions.is_empty() {
        o.push_str(&format!("\n{}\n{}\n", paint("1", kb.ui(lang, "suggestions-heading")), kb.ui(lang, "suggestions-note")));
        for s in &d.suggestions {
            o.push_str(&format!("  - {}  [{}]\n    {}\n", paint("1", &s.title), s.id, suggestion_line(kb, lang, s)));
        }
        o.push('\n');
    }
    for (i, f) in d.findings.iter().enumerate() {
        if i > 0 {
            o.push_str("\n\n");
        }
        let colour = match f.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        o.push_str(&format!("{} {}  [{}]\n", paint(colour, &format!("{}:", severity_label(kb, lang, f.severity))), paint("1", &f.title), safe(&f.id)));
        o.push_str(&format!("{}\n", safe(&f.summary)));
        if f.language != lang {
            o.push_str(&format!("({})\n", kb.ui(lang, "fallback-note")));
        }
        for r in &f.regressions {
            o.push_str(&format!("{}\n", paint("1", &engine::report::regression_note(kb, lang, r, &r.issue))));
        }
        o.push_str(&format!("\n{}:\n", kb.ui(lang, "evidence-heading")));
        for e in &f.evidence {
            let label = kb.ui(lang, "line-label").replace("{n}", &e.line.to_string());
            let (a, b, c) = (&e.text[..e.start], &e.text[e.start..e.end], &e.text[e.end..]);
            o.push_str(&format!("  {label}: {}{}{}\n", safe(a), paint("4", b), safe(c)));
        }
        if f.more_evidence > 0 {
            o.push_str(&format!("  {}\n", kb.ui(lang, "more-evidence").replace("{n}", &f.more_evidence.to_string())));
        }
        if !f.alternatives.is_empty() {
            o.push_str(&format!("\n{}\n", safe(&kb.ui(lang, "alternatives-note").replace("{ids}", &f.alternatives.join(", ")))));
        }
        if let Some(cmd) = &f.decide {
            o.push_str(&format!("{}\n  {}\n", kb.ui(lang, "decide-hint"), paint("1", cmd)));
        }
        o.push('\n');
        o.push_str(&safe(render::resolve_soft_breaks(&f.fix_markdown, f.language).trim_end()));
        o.push('\n');
        if let (Some(note), Some(team)) = (&f.team_note, &kb.team) {
            o.push_str(&format!("\n{}\n{}\n", paint("1", &kb.ui(lang, "team-note-heading").replace("{team}", &team.name)), safe(note.trim_end())));
        }
    }
    if let Some(link) = kb.team.as_ref().and_then(|t| t.support.as_ref().map(|s| (&t.name, s))) {
        o.push_str(&format!("\n{}: {}\n", safe(&kb.ui(lang, "team-support").replace("{team}", link.0)), safe(link.1)));
    }
    o
}

fn suggestion_line(kb: &Knowledge, lang: Lang, s: &engine::Suggestion) -> String {
    kb.ui(lang, "suggestion-line").replace("{n}", &s.line.to_string()).replace("{words}", &s.words.join(", "))
}

fn kb_list(kb: &Knowledge, lang: Lang, format: Format, out: &mut impl Write) -> Result<(), String> {
    let live = kb.entries.iter().filter(|e| !e.retired);
    let r = if format == Format::Json {
        let list: Vec<serde_json::Value> = live
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "severity": e.severity,
                    "category": e.category,
                    "languages": e.docs.keys().map(|l| l.code()).collect::<Vec<_>>(),
                    "team": e.team,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from).and_then(|_| writeln!(out))
    } else {
        let mut s = String::new();
        for e in live {
            let title = e.doc(lang).map(|(d, _)| d.title.as_str()).unwrap_or("");
            let team = if e.team { format!("  [{}]", kb.ui(lang, "team-entry-badge")) } else { String::new() };
            s.push_str(&format!("{:<36} {:<8} {:<10} {title}{team}\n", e.id, e.severity.as_str(), e.category));
        }
        write!(out, "{}", safe(&s))
    };
    r.map_err(|e| e.to_string())
}

fn kb_show(kb: &Knowledge, id: &str, lang: Lang, out: &mut impl Write) -> Result<(), String> {
    let entry = kb.entry(id).ok_or_else(|| kb.ui(lang, "cli-error-unknown-entry").replace("{id}", id))?;
    let (doc, doc_lang) = entry.doc(lang).ok_or_else(|| kb.ui(lang, "cli-error-unknown-entry").replace("{id}", id))?;
    let mut s = format!("# {}\n\n{}\n\n", doc.title, doc.summary);
    if doc_lang != lang {
        s.push_str(&format!("_{}_\n\n", kb.ui(lang, "fallback-note")));
    }
    let style = render::Style::new(kb, lang, false);
    let body = entry.text(kb, doc, doc_lang, &Default::default());
    s.push_str(&render::resolve_soft_breaks(&render::fill(&body, &Default::default(), Some(entry), style), doc_lang));
    if let (Some(note), Some(team)) = (entry.note(lang), &kb.team) {
        let note = render::fill(note, &Default::default(), Some(entry), style);
        s.push_str(&format!("\n## {}\n\n{}\n", kb.ui(lang, "team-note-heading").replace("{team}", &team.name), note.trim_end()));
    }
    if !entry.references.is_empty() {
        s.push_str(&format!("\n## {}\n\n", kb.ui(lang, "references-heading")));
        for r in &entry.references {
            s.push_str(&format!("- <{r}>\n"));
        }
    }
    write!(out, "{}", safe(&s)).map_err(|e| e.to_string())
}

/// Text that is not ours (a team's titles, notes and file names, error
/// messages quoting them, pasted lines), made harmless for a terminal:
/// escape sequences and other C0/C1 controls are removed as they are from
/// pasted lines (`text::strip_ansi`: `ESC ]52;…` cannot write the clipboard,
/// `ESC ]0;…` cannot retitle the window), and bidirectional and zero-width
/// controls are shown as `<U+202E>` so a line cannot read differently from
/// what it holds. Line breaks and tabs stay.
pub fn safe(s: &str) -> String {
    let risky = |c: char| c.is_control() && c != '\n' && c != '\t' || engine::text::is_invisible(c);
    if !s.chars().any(risky) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in engine::text::strip_ansi(line).chars() {
            // ASCII markers here: a terminal's font may lack the page's `⟨⟩`.
            if engine::text::is_invisible(c) {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            } else {
                out.push(c);
            }
        }
    }
    out
}

