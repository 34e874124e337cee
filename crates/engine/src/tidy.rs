//! The content checks `cargo test` runs (and `kb pack` will reuse): every
//! rule a knowledge-base entry and the interface strings must follow.

use std::collections::BTreeSet;

use crate::kb::{KbError, Knowledge};
use crate::lang::Lang;
use crate::render;

/// The four sections of an entry, in order; their headings are interface
/// strings so each language writes them in its own words.
pub const SECTION_KEYS: [&str; 4] = ["kb-section-what", "kb-section-why", "kb-section-fix", "kb-section-check"];

pub const MIN_FIRING_SAMPLES: usize = 2;
pub const MIN_QUIET_SAMPLES: usize = 1;

/// Loads `files` and returns every rule they break.
pub fn check<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<KbError> {
    let (kb, mut errors) = Knowledge::load(files);
    errors.extend(check_loaded(&kb));
    errors
}

pub fn check_loaded(kb: &Knowledge) -> Vec<KbError> {
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
        for (k, v) in map {
            if v.trim().is_empty() {
                err(format!("ui/{}.toml", lang.code()), format!("{k} is empty"));
            }
        }
    }

    if kb.about.date.is_empty() {
        err("about.toml".into(), "missing (the knowledge base's date and the releases it was checked against)".into());
    }

    errors.extend(check_entries(kb, |_| true));
    errors.extend(check_guide_and_links(kb));
    errors
}

/// Checks a team's extension folder against the shipped content with the
/// rules shipped entries follow, plus the rules for notes and settings.
pub fn check_extension<'a>(
    shipped: impl IntoIterator<Item = (&'a str, &'a str)>,
    team: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<KbError> {
    let (kb, mut errors) = Knowledge::load_with(shipped, team);
    errors.extend(check_team(&kb));
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
        for s in &entry.samples {
            let found = kb.diagnose(&s.text, Lang::En).findings.iter().any(|f| f.id == entry.id);
            if s.fires && !found {
                err(file(&format!("samples/{}.txt", s.name)), "does not fire".into());
            }
            if !s.fires && found {
                err(file(&format!("samples/{}.txt", s.name)), "fires, but is a near-miss that must not".into());
            }
        }
    }
    errors.extend(link_errors);
    errors
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
            if !crate::kb::placeholders_in(&doc.body).is_empty() {
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
