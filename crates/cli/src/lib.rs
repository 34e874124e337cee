//! The `rootless-doctor` command line: argument parsing, reading the input,
//! and printing a diagnosis as text, JSON or Markdown. Every judgement is
//! the engine's; this crate only moves bytes and formats what it returns.

use std::io::{Read, Write};

use engine::report::severity_label;
use engine::{render, Bundle, Diagnosis, KbError, Knowledge, Lang, Severity};

/// The largest input read; the web app uses the same cap.
pub const MAX_INPUT_BYTES: usize = engine::MAX_INPUT_BYTES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

struct Opts {
    lang: Option<Lang>,
    format: Format,
    positional: Vec<String>,
    /// A team's bundle (`--extensions extensions.json`).
    extensions: Option<String>,
    /// Where `kb pack` writes the bundle.
    output: Option<String>,
    /// A single-file page `kb pack` writes the bundle into.
    inline: Option<String>,
}

/// Exit codes: 0 when the command ran (whatever it found), 1 when `kb pack`
/// found problems in the folder, 2 for bad usage, unreadable input or an
/// unusable extension bundle.
pub fn run(args: &[String], env_lang: Option<&str>, stdin: impl Read, out: &mut impl Write, err: &mut impl Write, color: bool) -> i32 {
    let builtin = engine::builtin();
    let fallback_lang = env_lang.and_then(Lang::from_tag).unwrap_or_default();
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(problem) => {
            let _ = writeln!(err, "{}", builtin.ui(fallback_lang, "cli-error-args").replace("{problem}", &problem));
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
                let _ = write!(err, "{problems}");
                return 2;
            }
        },
    };
    let ui = |key: &str| kb.ui(lang, key).to_string();
    let pos: Vec<&str> = opts.positional.iter().map(String::as_str).collect();
    let result = match pos.as_slice() {
        [] | ["help"] => {
            let _ = write!(out, "{}", ui("cli-usage").trim_start());
            return 0;
        }
        ["--version"] => {
            let _ = writeln!(out, "rootless-doctor {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        ["diagnose"] => diagnose(kb, "-", stdin, lang, opts.format, out, err, color),
        ["diagnose", path] => diagnose(kb, path, stdin, lang, opts.format, out, err, color),
        ["check"] => check(kb, lang, opts.format, out, err, color),
        ["kb", "list"] => kb_list(kb, lang, opts.format, out),
        ["kb", "show", id] => kb_show(kb, id, lang, out),
        ["kb", "pack", dir] => return kb_pack(dir, opts.output.as_deref(), opts.inline.as_deref(), lang, out, err),
        _ => Err(ui("cli-error-args").replace("{problem}", &format!("unknown command: {}", pos.join(" ")))),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "rootless-doctor: {message}");
            2
        }
    }
}

fn parse_args(args: &[String]) -> Result<Opts, String> {
    let mut opts = Opts { lang: None, format: Format::Text, positional: Vec::new(), extensions: None, output: None, inline: None };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| inline.clone().or_else(|| it.next().cloned()).ok_or(format!("{name} needs a value"));
        match flag {
            "--lang" | "-l" => {
                let v = value("--lang")?;
                opts.lang = Some(Lang::from_tag(&v).ok_or(format!("unknown language {v:?} (en, ko, zh, ja)"))?);
            }
            "--format" | "-f" => {
                opts.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    other => return Err(format!("unknown format {other:?} (text, json, markdown)")),
                }
            }
            "--extensions" | "-e" => opts.extensions = Some(value("--extensions")?),
            "--output" | "-o" => opts.output = Some(value("--output")?),
            "--inline" => opts.inline = Some(value("--inline")?),
            "--help" | "-h" => opts.positional = vec!["help".into()],
            "--version" | "-V" => opts.positional = vec!["--version".into()],
            "-" => opts.positional.push(a.clone()),
            f if f.starts_with('-') => return Err(format!("unknown option {f}")),
            _ => opts.positional.push(a.clone()),
        }
        if opts.positional.first().is_some_and(|p| p == "help" || p == "--version") {
            break;
        }
    }
    Ok(opts)
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
    let text = std::fs::read(path)
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
    Knowledge::with_bundle(&bundle).map_err(problems)
}

/// `kb pack DIR`: checks a team's extension folder with the rules shipped
/// entries follow and writes it as one bundle, and/or into a single-file page.
fn kb_pack(dir: &str, output: Option<&str>, inline: Option<&str>, lang: Lang, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let kb = engine::builtin();
    let root = std::path::Path::new(dir);
    let mut files = Vec::new();
    if let Err(e) = collect(root, root, &mut files) {
        let _ = writeln!(err, "rootless-doctor: {}", kb.ui(lang, "cli-error-read").replace("{path}", dir).replace("{reason}", &e));
        return 2;
    }
    let bundle = Bundle::new(files);
    // Wording (the glossaries) is checked here, not where the page loads a bundle.
    let checked = Knowledge::with_bundle(&bundle).err().unwrap_or_default().into_iter();
    let errors: Vec<KbError> = checked.chain(engine::tidy::check_wording(engine::builtin_files(), bundle.files())).collect();
    if !errors.is_empty() {
        let _ = writeln!(err, "{}", kb.ui(lang, "cli-pack-failed").replace("{path}", dir).replace("{n}", &errors.len().to_string()));
        for e in errors {
            let _ = writeln!(err, "  {}/{e}", dir.trim_end_matches('/'));
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
        if item.file_name().to_string_lossy().starts_with('.') {
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
        Format::Markdown => write!(out, "{}", engine::report::markdown(kb, &d)),
        Format::Text => write!(out, "{}", report_text(kb, &d, color)),
    };
    written.map_err(|e| e.to_string())
}


/// What a terminal shows: each finding with its evidence and the fix as Markdown text.
pub fn report_text(kb: &Knowledge, d: &Diagnosis, color: bool) -> String {
    let lang = d.language;
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
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
        o.push_str(&format!("{} {}  [{}]\n", paint(colour, &format!("{}:", severity_label(kb, lang, f.severity))), paint("1", &f.title), f.id));
        o.push_str(&format!("{}\n", f.summary));
        if f.language != lang {
            o.push_str(&format!("({})\n", kb.ui(lang, "fallback-note")));
        }
        o.push_str(&format!("\n{}:\n", kb.ui(lang, "evidence-heading")));
        for e in &f.evidence {
            let label = kb.ui(lang, "line-label").replace("{n}", &e.line.to_string());
            let (a, b, c) = (&e.text[..e.start], &e.text[e.start..e.end], &e.text[e.end..]);
            o.push_str(&format!("  {label}: {a}{}{c}\n", paint("4", b)));
        }
        if f.more_evidence > 0 {
            o.push_str(&format!("  {}\n", kb.ui(lang, "more-evidence").replace("{n}", &f.more_evidence.to_string())));
        }
        if !f.alternatives.is_empty() {
            o.push_str(&format!("\n{}\n", kb.ui(lang, "alternatives-note").replace("{ids}", &f.alternatives.join(", "))));
        }
        if let Some(cmd) = &f.decide {
            o.push_str(&format!("{}\n  {}\n", kb.ui(lang, "decide-hint"), paint("1", cmd)));
        }
        o.push('\n');
        o.push_str(render::resolve_soft_breaks(&f.fix_markdown, f.language).trim_end());
        o.push('\n');
        if let (Some(note), Some(team)) = (&f.team_note, &kb.team) {
            o.push_str(&format!("\n{}\n{}\n", paint("1", &kb.ui(lang, "team-note-heading").replace("{team}", &team.name)), note.trim_end()));
        }
    }
    if let Some(link) = kb.team.as_ref().and_then(|t| t.support.as_ref().map(|s| (&t.name, s))) {
        o.push_str(&format!("\n{}: {}\n", kb.ui(lang, "team-support").replace("{team}", link.0), link.1));
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
        write!(out, "{s}")
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
    s.push_str(&render::resolve_soft_breaks(&render::fill(&doc.body, &Default::default()), doc_lang));
    if let (Some(note), Some(team)) = (entry.note(lang), &kb.team) {
        s.push_str(&format!("\n## {}\n\n{}\n", kb.ui(lang, "team-note-heading").replace("{team}", &team.name), note.trim_end()));
    }
    if !entry.references.is_empty() {
        s.push_str(&format!("\n## {}\n\n", kb.ui(lang, "references-heading")));
        for r in &entry.references {
            s.push_str(&format!("- <{r}>\n"));
        }
    }
    write!(out, "{s}").map_err(|e| e.to_string())
}
