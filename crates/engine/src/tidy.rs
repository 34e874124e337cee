//! The content checks `cargo test` and `kb pack` (through `extensions::with_bundle`) run: every
//! rule a knowledge-base entry and the interface strings must follow.

use std::collections::{BTreeMap, BTreeSet};

use crate::kb::{KbError, Knowledge};
use crate::lang::Lang;
use crate::render;

/// The four sections of an entry, in order; their headings are interface
/// strings so each language writes them in its own words.
pub const SECTION_KEYS: [&str; 4] = ["kb-section-what", "kb-section-why", "kb-section-fix", "kb-section-check"];

pub const MIN_FIRING_SAMPLES: usize = 2;
pub const MIN_QUIET_SAMPLES: usize = 1;

pub mod glossary;
pub mod sources;

/// Loads `files` and returns every rule they break.
pub fn check<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<KbError> {
    let files: Vec<(&str, &str)> = files.into_iter().collect();
    let (kb, mut errors) = Knowledge::load(files.iter().copied());
    errors.extend(check_loaded(&kb));
    errors.extend(check_wording(&files, files.iter().copied()));
    errors
}

/// The glossaries among `shipped` (`glossary/<lang>.toml`) against the
/// wording of `files`: `cargo test` on the shipped content, `kb pack` on a
/// team's folder. Not part of [`check_team`]: the page does not refuse a
/// bundle over wording, and does not carry the glossaries.
pub fn check_wording<'a>(shipped: &[(&'a str, &'a str)], files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<KbError> {
    let (glossaries, mut errors) = glossary::load(shipped.iter().copied());
    errors.extend(glossary::check_wording(&glossaries, files));
    errors
}

fn check_loaded(kb: &Knowledge) -> Vec<KbError> {
    let mut errors = Vec::new();
    let mut err = |file: String, message: String| errors.push(KbError { file, line: None, message });

    // Interface strings: English is complete, the others have exactly its keys.
    let en: BTreeSet<&String> = kb.ui.get(&Lang::En).map(|m| m.keys().collect()).unwrap_or_default();
    if en.is_empty() {
        err("ui/en.toml".into(), "missing or empty".into());
    }
    for lang in Lang::ALL {
        let Some(map) = kb.ui.get(&lang) else {
            err(format!("ui/{}.toml", lang.code()), "missing".into());
            continue;
        };
        let keys: BTreeSet<&String> = map.keys().collect();
        for k in en.difference(&keys) {
            err(format!("ui/{}.toml", lang.code()), format!("missing key {k}"));
        }
        for k in keys.difference(&en) {
            err(format!("ui/{}.toml", lang.code()), format!("key {k} is not in ui/en.toml"));
        }
        for key in ["guard-message", "example-comment"] {
            if map.get(key).map(|v| v.replace("{var}", "").replace("{values}", "")).is_some_and(|v| v.contains(['}', '"', '\'', '$', '`', '\\', '\n', '!'])) {
                err(format!("ui/{}.toml", lang.code()), format!("{key} stands in shell code: no }} \" ' $ ` \\ ! or newline"));
            }
        }
        for (k, v) in map {
            if v.trim().is_empty() {
                err(format!("ui/{}.toml", lang.code()), format!("{k} is empty"));
            }
        }
    }

    if kb.about.date.is_empty() {
        err("about.toml".into(), "missing (the knowledge base's date and the releases it was checked against)".into());
    }
    errors.extend(check_ui_placeholders(kb));
    errors.extend(check_regressions(kb));

    errors.extend(check_entries(kb, |_| true));
    errors.extend(check_guide_and_links(kb));
    errors
}

/// Every language's interface string for a key names the same `{name}`
/// placeholders as the English one: a translation that drops `{n}` would
/// print a sentence with a hole, one that adds a name would print it raw.
fn check_ui_placeholders(kb: &Knowledge) -> Vec<KbError> {
    fn names(s: &str) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let Some(close) = rest.find('}') else { break };
            let name = &rest[..close];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') {
                out.insert(name);
            }
        }
        out
    }
    let Some(en) = kb.ui.get(&Lang::En) else { return Vec::new() };
    let mut errors = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        for (key, text) in kb.ui.get(&lang).into_iter().flatten() {
            let Some(english) = en.get(key) else { continue };
            let (want, have) = (names(english), names(text));
            if want != have {
                let message = format!("{key} uses placeholders {have:?}, but the English string uses {want:?}");
                errors.push(KbError { file: format!("ui/{}.toml", lang.code()), line: None, message });
            }
        }
    }
    errors
}

/// `regressions.toml`: every row is used by a shipped entry (on the entry or
/// on one of its patterns), and some `fires-*` sample of such an entry shows
/// a version inside the row's range, so the finding names the row; the
/// interface strings that say it name the version, the fix and the issue.
fn check_regressions(kb: &Knowledge) -> Vec<KbError> {
    let mut errors = Vec::new();
    let mut err = |message: String| errors.push(KbError { file: "regressions.toml".into(), line: None, message });
    if kb.regressions.is_empty() {
        err("missing or empty (the known regressions by version)".into());
    }
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for entry in kb.entries.iter().filter(|e| !e.team && !e.retired) {
        let ids: Vec<&str> = entry.regression.iter().chain(entry.lines.iter().filter_map(|l| l.regression.as_ref())).map(String::as_str).collect();
        if ids.is_empty() {
            continue;
        }
        used.extend(ids);
        for s in entry.samples.iter().filter(|s| s.fires) {
            let d = kb.diagnose(&s.text, Lang::En);
            shown.extend(d.findings.iter().filter(|f| f.id == entry.id).flat_map(|f| f.regressions.iter().map(|r| r.id.clone())));
        }
    }
    for r in &kb.regressions {
        if !used.contains(r.id.as_str()) {
            err(format!("regression {:?} is used by no entry (regression = \"{}\" on an entry or a [[lines]] pattern)", r.id, r.id));
        } else if !shown.contains(&r.id) && r.no_sample.as_deref().is_none_or(|why| why.trim().is_empty()) {
            err(format!("regression {:?}: no fires-* sample of an entry that uses it shows an affected {} version", r.id, r.component.fact()));
        }
    }
    for component in [crate::regressions::Component::Engine, crate::regressions::Component::Cli, crate::regressions::Component::Rootlesskit] {
        let key = format!("regression-note-{}", component.as_str());
        for lang in Lang::ALL {
            match kb.ui.get(&lang).and_then(|m| m.get(&key)) {
                None => errors.push(KbError { file: format!("ui/{}.toml", lang.code()), line: None, message: format!("missing key {key}") }),
                Some(text) if !["{version}", "{fixed}", "{issue}"].iter().all(|p| text.contains(p)) => {
                    errors.push(KbError { file: format!("ui/{}.toml", lang.code()), line: None, message: format!("{key} names {{version}}, {{fixed}} and {{issue}}") })
                }
                Some(_) => {}
            }
        }
    }
    errors
}

/// The extension rules over an already loaded knowledge base: team entries
/// follow the shipped entries' rules; notes keep their commands in step.
pub fn check_team(kb: &Knowledge) -> Vec<KbError> {
    let mut errors = check_entries(kb, |e| e.team);
    let ids: BTreeSet<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
    let pages: BTreeSet<&str> = kb.guide.iter().map(|p| p.id.as_str()).collect();
    for entry in &kb.entries {
        let Some(en) = entry.notes.get(&Lang::En) else {
            if let Some(lang) = entry.notes.keys().next() {
                errors.push(KbError { file: format!("notes/{}/en.md", entry.id), line: None, message: format!("missing, but {}.md exists: English is the fallback", lang.code()) });
            }
            continue;
        };
        for (lang, note) in &entry.notes {
            let file = format!("notes/{}/{}.md", entry.id, lang.code());
            if render::code_blocks(note) != render::code_blocks(en) {
                errors.push(KbError { file: file.clone(), line: None, message: "code blocks differ from en.md (commands are the same in every language)".into() });
            }
            for name in render::placeholders_outside_code(note) {
                errors.push(KbError { file: file.clone(), line: None, message: format!("placeholder {{{{{name}}}}} outside code: put it in `inline code` or a code block") });
            }
            for message in command_problems(kb, entry, *lang, note) {
                errors.push(KbError { file: file.clone(), line: None, message });
            }
            check_links(&ids, &pages, &mut errors, file, note);
        }
    }
    errors
}

/// The rules every entry `pick` selects must follow.
fn check_entries(kb: &Knowledge, pick: impl Fn(&crate::Entry) -> bool) -> Vec<KbError> {
    let mut errors = Vec::new();
    let mut err = |file: String, message: String| errors.push(KbError { file, line: None, message });
    let ids: BTreeSet<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
    let pages: BTreeSet<&str> = kb.guide.iter().map(|p| p.id.as_str()).collect();
    let mut link_errors = Vec::new();

    for entry in kb.entries.iter().filter(|e| pick(e)) {
        let file = |f: &str| format!("kb/{}/{}", entry.id, f);
        for (lang, doc) in &entry.docs {
            check_links(&ids, &pages, &mut link_errors, file(&format!("{}.md", lang.code())), &doc.body);
            if [&doc.title, &doc.summary].iter().any(|t| looks_like_markup(t)) {
                err(file(&format!("{}.md", lang.code())), "title and summary are plain text: no HTML tags".into());
            }
        }
        if !is_kebab(&entry.id) {
            err(file("entry.toml"), "ids are kebab-case".into());
        }
        if !kb.ui.get(&Lang::En).is_some_and(|m| m.contains_key(&format!("category-{}", entry.category))) {
            err(file("entry.toml"), format!("unknown category {:?} (add category-{} to ui/*.toml)", entry.category, entry.category));
        }
        for r in entry.related.iter().chain(&entry.supersedes) {
            if !ids.contains(r.as_str()) {
                err(file("entry.toml"), format!("names unknown entry {r:?}"));
            }
        }
        for r in &entry.references {
            if !r.starts_with("https://") {
                err(file("entry.toml"), format!("reference {r:?} is not an https address"));
            }
        }
        for id in entry.regression.iter().chain(entry.lines.iter().filter_map(|l| l.regression.as_ref())) {
            if kb.regression(id).is_none() {
                err(file("entry.toml"), format!("regression {id:?} is not a row of regressions.toml"));
            }
        }
        if entry.retired {
            continue;
        }
        // Every language, every section, the same commands.
        let en_blocks = entry.docs.get(&Lang::En).map(|d| render::code_blocks(&d.body));
        for lang in Lang::ALL {
            let Some(doc) = entry.docs.get(&lang) else {
                err(file(&format!("{}.md", lang.code())), "missing".into());
                continue;
            };
            let md = file(&format!("{}.md", lang.code()));
            let headings: Vec<&str> = render::sections(&doc.body).into_iter().map(|(h, _)| h).collect();
            let want: Vec<&str> = SECTION_KEYS.iter().map(|k| kb.ui(lang, k)).collect();
            if headings != want {
                err(md.clone(), format!("sections must be exactly `## {}` in order, found {:?}", want.join("`, `## "), headings));
            }
            for (_, body) in render::sections(&doc.body) {
                if body.trim().is_empty() {
                    err(md.clone(), "a section is empty".into());
                }
            }
            if let Some(en_blocks) = &en_blocks {
                if render::code_blocks(&doc.body) != *en_blocks {
                    err(md.clone(), "code blocks differ from en.md (commands are the same in every language)".into());
                }
            }
            for name in render::placeholders_outside_code(&doc.body) {
                err(md.clone(), format!("placeholder {{{{{name}}}}} outside code: put it in `inline code` or a code block"));
            }
            for message in command_problems(kb, entry, lang, &doc.body) {
                err(md.clone(), message);
            }
        }
        // Samples fire, near-misses stay quiet.
        let fires = entry.samples.iter().filter(|s| s.fires).count();
        let quiet = entry.samples.len() - fires;
        if fires < MIN_FIRING_SAMPLES {
            err(file("samples/"), format!("needs at least {MIN_FIRING_SAMPLES} fires-*.txt samples, has {fires}"));
        }
        if quiet < MIN_QUIET_SAMPLES {
            err(file("samples/"), format!("needs at least {MIN_QUIET_SAMPLES} quiet-*.txt near-miss, has {quiet}"));
        }
        // Each variant is named in every language and shown by a firing sample.
        let mut shown: BTreeSet<&str> = BTreeSet::new();
        for (name, v) in &entry.variants {
            for lang in Lang::ALL {
                if !kb.ui.get(&lang).is_some_and(|m| m.contains_key(&v.label)) {
                    err(file("entry.toml"), format!("variant {name:?}: label {:?} is not a key of ui/{}.toml", v.label, lang.code()));
                }
            }
        }
        for s in &entry.samples {
            let diagnosis = kb.diagnose(&s.text, Lang::En);
            let finding = diagnosis.findings.iter().find(|f| f.id == entry.id);
            let found = finding.is_some();
            if let Some(f) = finding.filter(|_| s.fires) {
                shown.extend(entry.variants.keys().filter(|n| f.variants.get(*n) == Some(&true)).map(String::as_str));
            }
            if s.fires && !found {
                err(file(&format!("samples/{}.txt", s.name)), "does not fire".into());
            }
            if !s.fires && found {
                err(file(&format!("samples/{}.txt", s.name)), "fires, but is a near-miss that must not".into());
            }
        }
        for name in entry.variants.keys().filter(|n| !shown.contains(n.as_str())) {
            err(file("samples/"), format!("no fires-*.txt sample shows variant {name:?} (its facts hold in none)"));
        }
    }
    errors.extend(link_errors);
    errors
}

/// Commands that do not run as shown, and values a crafted paste could
/// choose for a root command:
/// - rendered with no values, a code block keeps an unfilled `<name>`;
/// - a placeholder the paste can fill stands in a `sudo` line but is not
///   declared a sink with a proof;
/// - an example value in a command that writes files, settings or accounts
///   (it needs a computed value or a guard);
/// - a guard feeding `| tee` (the pipe runs `tee`, which empties the file,
///   even when the guard stops `echo`: use `tee FILE <<< "..."`);
/// - a shell expression or guard inside single quotes, where it does not expand;
/// - the private-use characters that mark examples.
pub fn command_problems(kb: &Knowledge, entry: &crate::Entry, lang: Lang, md: &str) -> Vec<String> {
    use crate::placeholder::Fallback;
    let mut out = Vec::new();
    let style = render::Style::new(kb, lang, false);
    let filled = render::fill(md, &Default::default(), Some(entry), style);
    for (_, line) in render::code_lines(&filled).into_iter().filter(|(info, _)| render::is_shell(info)) {
        if let Some(name) = unfilled(line) {
            out.push(format!("a command keeps the unfilled <{name}>: declare what stands in for it (shell, example or guard in [placeholders]), or write an example: {}", line.trim()));
        }
    }
    if md.contains([render::EXAMPLE_OPEN, render::EXAMPLE_CLOSE]) {
        out.push("contains U+E000 or U+E001, which mark example values".into());
    }
    let captured: BTreeSet<&str> = entry.lines.iter().flat_map(|m| m.captures.iter().map(String::as_str)).collect();
    let from_paste = |name: &str| captured.contains(name) || crate::validate::GLOBAL.iter().any(|(n, _)| *n == name);
    let code: BTreeMap<&str, &str> = render::code_lines(md).into_iter().map(|(info, line)| (line, info)).collect();
    for line in md.lines() {
        let mut rest = line;
        while let Some(i) = rest.find("{{") {
            let at = line.len() - rest.len() + i;
            let after = &rest[i + 2..];
            let Some(j) = after.find("}}") else { break };
            rest = &after[j + 2..];
            let name = &after[..j];
            let Some(p) = entry.placeholder(name) else { continue };
            let acts = line.split(|c: char| c.is_whitespace() || "(;|&`".contains(c)).any(|w| matches!(w, "sudo" | "rm" | "chown" | "chmod"));
            if acts && from_paste(name) && p.sink.is_none() {
                out.push(format!("{{{{{name}}}}} can come from the paste and names what a root or deleting command acts on: declare it a sink with a proof: {}", line.trim()));
            }
            let Some(info) = code.get(line) else { continue };
            if *info == "json" && matches!(p.fallback, Some(Fallback::Example(_))) {
                out.push(format!("{{{{{name}}}}}: an example in a JSON block cannot be marked (JSON has no comments): {}", line.trim()));
            }
            let redirect = line.match_indices('>').any(|(k, _)| {
                let target = line[k + 1..].trim_start_matches('>').trim_start();
                !target.starts_with(['&', '/']) || (target.starts_with('/') && !target.starts_with("/dev/"))
            });
            let writes = redirect || ["tee ", "usermod", "gpasswd", "enable-linger", "systemctl disable", "pct set", "lxc config", "sysctl -w"].iter().any(|w| line.contains(w));
            let single = render::quote_state(&line[..at]).0;
            match p.fallback {
                Some(Fallback::Example(_)) if writes => out.push(format!("{{{{{name}}}}}: an example value in a command that writes files, settings or accounts; use a guard or a computed value: {}", line.trim())),
                Some(Fallback::Guard(_)) if line.contains("| tee") || line.contains("| sudo tee") => out.push(format!("{{{{{name}}}}}: a guard in a pipe to tee does not stop tee; write `sudo tee FILE <<< \"...\"`: {}", line.trim())),
                Some(Fallback::Shell(_) | Fallback::Guard(_)) if single => out.push(format!("{{{{{name}}}}}: inside single quotes its shell fallback does not expand: {}", line.trim())),
                _ => {}
            }
        }
    }
    out
}

/// The first `<name>` in a line: a neutral placeholder the shell would read
/// as a redirection.
fn unfilled(line: &str) -> Option<&str> {
    let mut rest = line;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let n = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
        if n > 0 && after.as_bytes()[0].is_ascii_alphabetic() && after[n..].starts_with('>') {
            return Some(&after[..n]);
        }
        rest = after;
    }
    None
}

/// In-page links (`#/kb/<id>`, `#/guide/<page>`) point at things that exist;
/// returns how many point at entries.
fn check_links(ids: &BTreeSet<&str>, pages: &BTreeSet<&str>, errors: &mut Vec<KbError>, file: String, md: &str) -> usize {
    let mut to_entries = 0;
    for link in render::links(md) {
        if let Some(id) = link.strip_prefix("#/kb/") {
            to_entries += 1;
            if !ids.contains(id) {
                errors.push(KbError { file: file.clone(), line: None, message: format!("links to unknown entry {id:?}") });
            }
        } else if let Some(page) = link.strip_prefix("#/guide/") {
            if !pages.contains(page) {
                errors.push(KbError { file: file.clone(), line: None, message: format!("links to unknown guide page {page:?}") });
            }
        } else if link.starts_with('#') && link != "#/" && link != "#/kb" && link != "#/guide" {
            errors.push(KbError { file: file.clone(), line: None, message: format!("unknown in-page link {link:?}") });
        } else if link.starts_with("http://") {
            errors.push(KbError { file: file.clone(), line: None, message: format!("use https: {link}") });
        }
    }
    to_entries
}

/// Something that a browser would read as a tag: `<` then a letter, `/` or `!`.
fn looks_like_markup(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// Guide pages complete in every language.
fn check_guide_and_links(kb: &Knowledge) -> Vec<KbError> {
    let mut errors = Vec::new();
    let ids: BTreeSet<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
    let pages: BTreeSet<&str> = kb.guide.iter().map(|p| p.id.as_str()).collect();
    for page in &kb.guide {
        let en_blocks = page.docs.get(&Lang::En).map(|d| render::code_blocks(&d.body));
        for lang in Lang::ALL {
            let file = format!("guide/{}/{}.md", page.id, lang.code());
            let Some(doc) = page.docs.get(&lang) else {
                errors.push(KbError { file, line: None, message: "missing".into() });
                continue;
            };
            if doc.body.trim().is_empty() {
                errors.push(KbError { file: file.clone(), line: None, message: "empty body".into() });
            }
            if check_links(&ids, &pages, &mut errors, file.clone(), &doc.body) == 0 {
                errors.push(KbError { file: file.clone(), line: None, message: "links to no knowledge-base entry (#/kb/<id>)".into() });
            }
            if en_blocks.as_ref().is_some_and(|b| *b != render::code_blocks(&doc.body)) {
                errors.push(KbError { file: file.clone(), line: None, message: "code blocks differ from en.md (commands are the same in every language)".into() });
            }
            if !crate::render::placeholders_in(&doc.body).is_empty() {
                errors.push(KbError { file, line: None, message: "the guide has no placeholders: write $(id -un) or an example user".into() });
            }
        }
    }
    errors
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
