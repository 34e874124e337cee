//! One entry, from its folder (`content/kb/<id>/`): `entry.toml` as
//! written, the loaded [`Entry`], its text per language and its samples.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::{KbError, Severity};
use crate::condition::{Compiled, Condition};
use crate::facts::Facts;
use crate::lang::Lang;
use crate::placeholder::Placeholder;
use crate::render::placeholders_in;
use crate::validate::{Kind, GLOBAL};

// ---- entry.toml, as written -------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryToml {
    id: String,
    severity: Severity,
    category: String,
    #[serde(default)]
    retired: bool,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    supersedes: Vec<String>,
    #[serde(default)]
    placeholders: BTreeMap<String, crate::placeholder::PlaceholderToml>,
    #[serde(default)]
    lines: Vec<LineToml>,
    #[serde(default)]
    facts: Vec<FactsToml>,
    #[serde(default)]
    likely: Vec<FactsToml>,
    #[serde(default)]
    unless: Vec<FactsToml>,
    #[serde(default)]
    decide: Option<String>,
    #[serde(default)]
    variants: BTreeMap<String, crate::variants::Variant>,
    #[serde(default)]
    regression: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineToml {
    regex: String,
    #[serde(default)]
    when: Vec<Condition>,
    #[serde(default)]
    regression: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsToml {
    all: Vec<Condition>,
}

// ---- loaded entries --------------------------------------------------------

/// One language's text of an entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Doc {
    pub title: String,
    pub summary: String,
    /// The Markdown after the front matter: four `##` sections.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub name: String,
    /// `fires-*` (must produce the entry) or `quiet-*` (must not).
    pub fires: bool,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct LineMatcher {
    /// The pattern. The pattern set finds the lines; this one regex is
    /// compiled only when a line needs its captures (compiling all 311 at
    /// load was 40 % of `Knowledge::load`, before the page could start).
    pub pattern: String,
    /// Named capture groups, read when the pattern was checked at load.
    pub captures: Vec<String>,
    compiled: Compiled,
    pub when: Vec<Condition>,
    /// The known regression (a row of `regressions.toml`) this message
    /// belongs to: the line counts only when the paste's version is unknown
    /// or affected, and an affected version is named in the finding.
    pub regression: Option<String>,
}

impl LineMatcher {
    /// The compiled pattern; `None` only if it does not compile, which the
    /// pattern set (built from the same patterns at load) would report.
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled.0.get_or_init(|| Regex::new(&self.pattern).ok()).as_ref()
    }
}

/// Parses a pattern as `regex` would (same crate, same features) without
/// compiling it: its named groups, or why it is not a valid pattern.
fn check_pattern(pattern: &str) -> Result<Vec<String>, String> {
    fn names(hir: &regex_syntax::hir::Hir, out: &mut Vec<String>) {
        use regex_syntax::hir::HirKind;
        match hir.kind() {
            HirKind::Capture(c) => {
                if let Some(name) = &c.name {
                    out.push(name.to_string());
                }
                names(&c.sub, out);
            }
            HirKind::Repetition(r) => names(&r.sub, out),
            HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().for_each(|h| names(h, out)),
            _ => {}
        }
    }
    let hir = regex_syntax::Parser::new().parse(pattern).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    names(&hir, &mut out);
    Ok(out)
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub severity: Severity,
    pub category: String,
    pub retired: bool,
    pub related: Vec<String>,
    pub references: Vec<String>,
    pub supersedes: Vec<String>,
    pub placeholders: BTreeMap<String, Placeholder>,
    pub lines: Vec<LineMatcher>,
    pub facts: Vec<Vec<Condition>>,
    /// Blocks of conditions that make this cause more likely than others
    /// that explain the same lines (each block that holds ranks it higher).
    pub likely: Vec<Vec<Condition>>,
    /// Blocks of conditions that rule this cause out.
    pub unless: Vec<Vec<Condition>>,
    /// A read-only command whose output tells this cause from the others
    /// that fit the same message.
    pub decide: Option<String>,
    pub docs: BTreeMap<Lang, Doc>,
    pub samples: Vec<Sample>,
    /// Written by the team that hosts this copy (an extension), not shipped.
    pub team: bool,
    /// The hosting team's note on this entry, per language (Markdown, the
    /// same placeholders as the entry). Built-in entries may carry one.
    pub notes: BTreeMap<Lang, String>,
    /// Variants of the text (`[variants.<name>]`), see [`crate::variants`].
    pub variants: BTreeMap<String, crate::variants::Variant>,
    /// The known regression (a row of `regressions.toml`) the whole entry
    /// describes: it fires only when the paste's version is unknown or
    /// affected (see [`LineMatcher::regression`] for one pattern).
    pub regression: Option<String>,
}

impl Entry {
    /// The text of `doc` with the variants `decided` keeps, each undecided
    /// one under its label (pass an empty map to show every variant).
    pub fn text(&self, kb: &super::Knowledge, doc: &Doc, lang: Lang, decided: &BTreeMap<String, bool>) -> String {
        crate::variants::select(&doc.body, decided, |name| {
            self.variants.get(name).map_or(name.to_string(), |v| kb.ui(lang, &v.label).to_string())
        })
    }

    /// The text in `lang`, else English. The flag says a fallback was used.
    pub fn doc(&self, lang: Lang) -> Option<(&Doc, Lang)> {
        self.docs
            .get(&lang)
            .map(|d| (d, lang))
            .or_else(|| self.docs.get(&Lang::En).map(|d| (d, Lang::En)))
    }

    /// The hosting team's note in `lang`, else English.
    pub fn note(&self, lang: Lang) -> Option<&str> {
        self.notes.get(&lang).or_else(|| self.notes.get(&Lang::En)).map(String::as_str)
    }

    /// The kind of a placeholder this entry may use.
    pub fn placeholder_kind(&self, name: &str) -> Option<Kind> {
        self.placeholder(name).map(|p| p.kind)
    }

    /// A placeholder this entry may use: its declaration, else the global
    /// one of that name (with its computed fallback).
    pub fn placeholder(&self, name: &str) -> Option<Placeholder> {
        self.placeholders.get(name).cloned().or_else(|| {
            let (_, kind) = GLOBAL.iter().find(|(n, _)| *n == name)?;
            Some(Placeholder { kind: *kind, fallback: crate::placeholder::computed(name, *kind), sink: None, proof: None })
        })
    }
}

/// One entry folder. `FULL` reads it as written or prepared, parsing every
/// pattern (its captures) and compiling every condition's; without it (the
/// page) only the prepared `entry.json` and `<lang>.json` are read, checked
/// when the site was built, and no pattern is parsed: a line matcher's
/// `captures` stay empty, and the knowledge cannot diagnose.
pub(crate) fn load_entry<const FULL: bool>(id: &str, files: &[(&str, &str)]) -> Result<Entry, Vec<KbError>> {
    let mut errors = Vec::new();
    let err = |file: &str, line: Option<usize>, message: String| KbError { file: format!("kb/{id}/{file}"), line, message };
    // `entry.json` is the same data prepared for the page (crate::pack),
    // checked when the site was built.
    let Some((data_file, data)) = files.iter().find(|(f, _)| *f == "entry.toml" || *f == "entry.json") else {
        return Err(vec![err("entry.toml", None, "missing".into())]);
    };
    let prepared = *data_file == "entry.json";
    let raw: EntryToml = match crate::data::parse_data_as::<_, FULL>(data_file, data) {
        Ok(r) => r,
        Err((line, message)) => return Err(vec![err(data_file, line, message)]),
    };
    if raw.id != id {
        errors.push(err("entry.toml", None, format!("id {:?} differs from the folder name", raw.id)));
    }
    let mut placeholders = BTreeMap::new();
    for (name, p) in raw.placeholders {
        match p.resolve_as::<FULL>(&name) {
            Ok(p) => drop(placeholders.insert(name, p)),
            Err(e) => errors.push(err("entry.toml", None, e)),
        }
    }
    let known_placeholder = |name: &str| placeholders.contains_key(name) || GLOBAL.iter().any(|(n, _)| *n == name);
    let mut lines = Vec::new();
    for (i, l) in raw.lines.iter().enumerate() {
        match if FULL { check_pattern(&l.regex) } else { Ok(Vec::new()) } {
            Ok(captures) => {
                for name in &captures {
                    if !known_placeholder(name) {
                        errors.push(err("entry.toml", None, format!("lines[{i}]: capture group {name:?} is not a declared placeholder")));
                    }
                }
                lines.push(LineMatcher { pattern: l.regex.clone(), captures, compiled: Compiled::default(), when: l.when.clone(), regression: l.regression.clone() });
            }
            Err(e) => errors.push(err("entry.toml", None, format!("lines[{i}]: regex does not compile: {e}"))),
        }
    }
    let blocks = raw.facts.iter().chain(&raw.likely).chain(&raw.unless);
    let conditions = raw.lines.iter().flat_map(|l| &l.when).chain(blocks.clone().flat_map(|f| &f.all)).chain(raw.variants.values().flat_map(|v| &v.when));
    for (name, v) in &raw.variants {
        if v.when.is_empty() {
            errors.push(err("entry.toml", None, format!("variant {name:?} needs at least one condition")));
        }
    }
    for c in conditions {
        if !Facts::is_known(&c.fact) {
            errors.push(err("entry.toml", None, format!("unknown fact {:?}", c.fact)));
        }
        if let Some(Err(e)) = c.matches.as_deref().filter(|_| FULL).map(Regex::new) {
            errors.push(err("entry.toml", None, format!("condition on {:?}: regex does not compile: {e}", c.fact)));
        }
        if c.tests() != 1 {
            errors.push(err("entry.toml", None, format!("condition on {:?} needs exactly one test", c.fact)));
        }
    }
    for f in blocks {
        if f.all.is_empty() {
            errors.push(err("entry.toml", None, "a [[facts]], [[likely]] or [[unless]] block needs at least one condition".into()));
        }
    }
    for id in raw.regression.iter().chain(raw.lines.iter().filter_map(|l| l.regression.as_ref())) {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            errors.push(err("entry.toml", None, format!("regression {id:?}: the id of a row of regressions.toml")));
        }
    }
    if raw.lines.is_empty() && raw.facts.is_empty() && !raw.retired {
        errors.push(err("entry.toml", None, "no matcher: add [[lines]] or [[facts]]".into()));
    }
    let mut docs = BTreeMap::new();
    let mut samples = Vec::new();
    for (file, text) in files {
        if let Some(lang) = super::text_lang(file).filter(|_| *file != "entry.json") {
            match lang {
                Err(()) => errors.push(err(file, None, "unknown language code".into())),
                Ok(lang) => match parse_doc_as::<FULL>(file, text) {
                    Ok(doc) => {
                        for name in placeholders_in(&doc.body) {
                            if !known_placeholder(name) {
                                errors.push(err(file, None, format!("unknown placeholder {{{{{name}}}}}")));
                            }
                        }
                        // Every language marks exactly the declared variants.
                        match crate::variants::marked(&doc.body) {
                            Err(e) => errors.push(err(file, None, e)),
                            Ok(names) => {
                                for name in raw.variants.keys().filter(|n| !names.contains(n)) {
                                    errors.push(err(file, None, format!("variant {name:?} is declared but not marked")));
                                }
                                for name in names.iter().filter(|n| !raw.variants.contains_key(*n)) {
                                    errors.push(err(file, None, format!("variant {name:?} is marked but not declared in entry.toml")));
                                }
                            }
                        }
                        docs.insert(lang, doc);
                    }
                    Err((line, message)) => errors.push(err(file, line, message)),
                },
            }
        } else if let Some(name) = file.strip_prefix("samples/") {
            let stem = name.strip_suffix(".txt").unwrap_or(name);
            let fires = if stem.starts_with("fires-") {
                true
            } else if stem.starts_with("quiet-") {
                false
            } else {
                errors.push(err(file, None, "a sample is named fires-*.txt or quiet-*.txt".into()));
                continue;
            };
            samples.push(Sample { name: stem.to_string(), fires, text: text.to_string() });
        } else if *file != *data_file {
            errors.push(err(file, None, "unexpected file in an entry folder".into()));
        }
    }
    // Prepared content comes one language at a time; the English text was
    // required when it was prepared.
    if !prepared && !docs.contains_key(&Lang::En) {
        errors.push(err("en.md", None, "missing: English is the fallback and is required".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Entry {
        id: raw.id,
        severity: raw.severity,
        category: raw.category,
        retired: raw.retired,
        related: raw.related,
        references: raw.references,
        supersedes: raw.supersedes,
        placeholders,
        lines,
        facts: raw.facts.into_iter().map(|f| f.all).collect(),
        likely: raw.likely.into_iter().map(|f| f.all).collect(),
        unless: raw.unless.into_iter().map(|f| f.all).collect(),
        decide: raw.decide,
        docs,
        samples,
        team: false,
        notes: BTreeMap::new(),
        variants: raw.variants,
        regression: raw.regression,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: String,
}

/// A text file: `<lang>.md` as written (`+++` TOML front matter `+++`, then
/// the Markdown body), or `<lang>.json` as prepared ([`Doc`] as JSON).
pub(crate) fn parse_doc(file: &str, text: &str) -> Result<Doc, (Option<usize>, String)> {
    parse_doc_as::<true>(file, text)
}

/// [`parse_doc`]; without `FULL`, only the prepared `.json` form.
pub(crate) fn parse_doc_as<const FULL: bool>(file: &str, text: &str) -> Result<Doc, (Option<usize>, String)> {
    let doc = if file.ends_with(".json") || !FULL { crate::data::parse_data_as::<Doc, FULL>(file, text)? } else { parse_markdown_doc(text)? };
    if doc.title.trim().is_empty() || doc.summary.trim().is_empty() {
        return Err((None, "title and summary must not be empty".into()));
    }
    Ok(doc)
}

fn parse_markdown_doc(text: &str) -> Result<Doc, (Option<usize>, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or((Some(1), "starts with +++ front matter (title, summary)".to_string()))?;
    let end = rest.find("\n+++").ok_or((None, "front matter is not closed by +++".to_string()))?;
    let fm: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| (None, format!("front matter: {}", e.message())))?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']).to_string();
    Ok(Doc { title: fm.title, summary: fm.summary, body })
}

