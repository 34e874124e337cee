//! The one knowledge-base loader. An entry is a folder of data
//! (`content/kb/<id>/`): `entry.toml` with its matchers, one Markdown file per
//! language, and samples. Loading is tolerant: a broken entry is left out and
//! reported as a [`KbError`]; the tidy test requires that there are none.

use std::collections::{BTreeMap, BTreeSet};

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};

use crate::facts::{Facts, Value};
use crate::lang::Lang;
use crate::extensions::Team;
use crate::validate::{Kind, GLOBAL};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem in the knowledge base, with the file it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KbError {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for KbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

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
    placeholders: BTreeMap<String, Kind>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineToml {
    regex: String,
    #[serde(default)]
    when: Vec<Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsToml {
    all: Vec<Condition>,
}

/// A test of one fact. Exactly one of the tests is given.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub fact: String,
    /// Equal to a string, number or boolean (strings compare case-insensitively).
    #[serde(default)]
    pub equals: Option<toml::Value>,
    #[serde(default)]
    pub not_equals: Option<toml::Value>,
    /// A string fact contains this text, or a list fact has an item that does
    /// (case-insensitive).
    #[serde(default)]
    pub contains: Option<String>,
    /// A string fact, or an item of a list fact, matches this regex.
    #[serde(default)]
    pub matches: Option<String>,
    /// The fact is known and does not contain this text (case-insensitive).
    #[serde(default)]
    pub not_contains: Option<String>,
    /// The paste told (true) or did not tell (false) this fact.
    #[serde(default)]
    pub present: Option<bool>,
    /// A number, or a dotted version, below this one.
    #[serde(default)]
    pub below: Option<toml::Value>,
    /// A number, or a dotted version, at or above this one.
    #[serde(default)]
    pub at_least: Option<toml::Value>,
    /// `matches`, compiled on first use and kept.
    #[serde(skip)]
    compiled: Compiled,
}

/// A condition's regex, compiled once; conditions are equal whatever the
/// state of their caches.
#[derive(Debug, Clone, Default)]
struct Compiled(std::sync::OnceLock<Option<Regex>>);

impl PartialEq for Compiled {
    fn eq(&self, _: &Compiled) -> bool {
        true
    }
}

impl Condition {
    fn tests(&self) -> usize {
        [self.equals.is_some(), self.not_equals.is_some(), self.contains.is_some(), self.not_contains.is_some(), self.matches.is_some(), self.present.is_some(), self.below.is_some(), self.at_least.is_some()]
            .iter()
            .filter(|b| **b)
            .count()
    }

    pub fn holds(&self, facts: &Facts) -> bool {
        let owned;
        let v = match facts.get(&self.fact) {
            Some(Value::Owned(s)) => {
                owned = s;
                Some(Value::Str(&owned))
            }
            v => v,
        };
        if let Some(p) = self.present {
            return v.is_some() == p;
        }
        let Some(v) = v else { return false };
        if let Some(want) = &self.equals {
            return equals(&v, want);
        }
        if let Some(want) = &self.not_equals {
            return !equals(&v, want);
        }
        if let Some(needle) = &self.contains {
            let needle = needle.to_lowercase();
            return match v {
                Value::Str(s) => s.to_lowercase().contains(&needle),
                Value::List(items) => items.iter().any(|s| s.to_lowercase().contains(&needle)),
                _ => false,
            };
        }
        if let Some(pattern) = &self.matches {
            // Checked to compile at load; compiled once, on first use.
            let Some(re) = self.compiled.0.get_or_init(|| Regex::new(pattern).ok()) else { return false };
            return match v {
                Value::Str(s) => re.is_match(s),
                Value::List(items) => items.iter().any(|s| re.is_match(s)),
                _ => false,
            };
        }
        if let Some(needle) = &self.not_contains {
            let needle = needle.to_lowercase();
            return match v {
                Value::Str(s) => !s.to_lowercase().contains(&needle),
                Value::List(items) => !items.iter().any(|s| s.to_lowercase().contains(&needle)),
                _ => false,
            };
        }
        if let Some(limit) = &self.below {
            return compare(&v, limit).is_some_and(|o| o.is_lt());
        }
        if let Some(limit) = &self.at_least {
            return compare(&v, limit).is_some_and(|o| o.is_ge());
        }
        false
    }
}

fn equals(v: &Value<'_>, want: &toml::Value) -> bool {
    match (v, want) {
        (Value::Bool(a), toml::Value::Boolean(b)) => a == b,
        (Value::Num(a), toml::Value::Integer(b)) => *a == *b as f64,
        (Value::Str(a), toml::Value::String(b)) => a.eq_ignore_ascii_case(b),
        (Value::Str(a), toml::Value::Integer(b)) => a.trim().parse::<i64>().is_ok_and(|a| a == *b),
        (Value::List(items), toml::Value::String(b)) => items.iter().any(|a| a.eq_ignore_ascii_case(b)),
        _ => false,
    }
}

fn compare(v: &Value<'_>, limit: &toml::Value) -> Option<std::cmp::Ordering> {
    match (v, limit) {
        (Value::Num(a), toml::Value::Integer(b)) => a.partial_cmp(&(*b as f64)),
        (Value::Num(a), toml::Value::Float(b)) => a.partial_cmp(b),
        (Value::Str(a), toml::Value::String(b)) => Some(version_key(a).cmp(&version_key(b))),
        (Value::Str(a), toml::Value::Integer(b)) => a.trim().parse::<i64>().ok().map(|a| a.cmp(b)),
        _ => None,
    }
}

/// The leading dotted numbers of a version: "5.15.0-91-generic" → [5, 15, 0].
pub fn version_key(v: &str) -> Vec<u64> {
    let v = v.trim().trim_start_matches('v');
    let end = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    v[..end].split('.').filter(|p| !p.is_empty()).map(|p| p.parse().unwrap_or(u64::MAX)).collect()
}

// ---- loaded entries --------------------------------------------------------

/// One language's text of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub placeholders: BTreeMap<String, Kind>,
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
}

impl Entry {
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
        self.placeholders
            .get(name)
            .copied()
            .or_else(|| GLOBAL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k))
    }
}

/// A page of the guide (`content/guide/<id>/<lang>.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidePage {
    pub id: String,
    pub docs: BTreeMap<Lang, Doc>,
}

impl GuidePage {
    pub fn doc(&self, lang: Lang) -> Option<(&Doc, Lang)> {
        self.docs.get(&lang).map(|d| (d, lang)).or_else(|| self.docs.get(&Lang::En).map(|d| (d, Lang::En)))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PagesToml {
    pages: Vec<String>,
}

/// The whole knowledge base, with every line pattern compiled into one set.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub entries: Vec<Entry>,
    /// Guide pages in reading order (`content/guide/pages.toml`).
    pub guide: Vec<GuidePage>,
    pub(crate) set: RegexSet,
    /// For each pattern in `set`: (entry index, line-matcher index).
    pub(crate) owners: Vec<(usize, usize)>,
    pub ui: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The hosting team's settings, when an extension bundle was loaded.
    pub team: Option<Team>,
    /// The entries' messages as weighted words, built when a paste first
    /// needs suggestions (not at load: most pastes never do).
    pub(crate) suggest: std::sync::OnceLock<crate::suggest::Index>,
}

impl Knowledge {
    /// Loads entries and interface strings from `(path, text)` pairs, paths
    /// relative to `content/` (`kb/<id>/entry.toml`, `ui/en.toml`).
    pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Knowledge, Vec<KbError>) {
        Knowledge::load_with(files, std::iter::empty())
    }

    /// Loads the shipped content plus a team's extension files (paths
    /// relative to the extension folder: `team.toml`, `kb/<id>/...`,
    /// `notes/<id>/<lang>.md`). A team entry may not reuse a shipped id: it
    /// adds knowledge, it never replaces shipped text.
    pub fn load_with<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        team_files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Knowledge, Vec<KbError>) {
        let mut errors = Vec::new();
        let mut folders: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        let mut ui = BTreeMap::new();
        let mut guide_order: Option<Vec<String>> = None;
        let mut guide_docs: BTreeMap<&str, BTreeMap<Lang, Doc>> = BTreeMap::new();
        for (path, text) in files {
            let err = |message: String| KbError { file: path.to_string(), line: None, message };
            if path == "guide/pages.toml" {
                match toml::from_str::<PagesToml>(text) {
                    Ok(p) => guide_order = Some(p.pages),
                    Err(e) => errors.push(err(e.message().to_string())),
                }
                continue;
            }
            if let Some((page, file)) = path.strip_prefix("guide/").and_then(|r| r.split_once('/')) {
                let Some(code) = file.strip_suffix(".md") else { continue };
                match (Lang::from_code(code), parse_doc(text)) {
                    (None, _) => errors.push(err("unknown language code".into())),
                    (_, Err((line, message))) => errors.push(KbError { file: path.to_string(), line, message }),
                    (Some(lang), Ok(doc)) => {
                        guide_docs.entry(page).or_default().insert(lang, doc);
                    }
                }
                continue;
            }
            if let Some(rest) = path.strip_prefix("kb/") {
                if let Some((id, file)) = rest.split_once('/') {
                    folders.entry(id).or_default().push((file, text));
                }
            } else if let Some(name) = path.strip_prefix("ui/").and_then(|n| n.strip_suffix(".toml")) {
                let err = |message: String| KbError { file: path.to_string(), line: None, message };
                match Lang::from_code(name) {
                    None => errors.push(err("unknown language code".into())),
                    Some(lang) => match toml::from_str::<BTreeMap<String, String>>(text) {
                        Ok(map) => {
                            ui.insert(lang, map);
                        }
                        Err(e) => errors.push(err(e.to_string())),
                    },
                }
            }
        }
        let mut entries = Vec::new();
        for (id, files) in &folders {
            match load_entry(id, files) {
                Ok(entry) => entries.push(entry),
                Err(mut errs) => errors.append(&mut errs),
            }
        }
        let team = crate::extensions::merge(team_files, &folders, &mut entries, &mut errors);
        let mut guide = Vec::new();
        for id in guide_order.unwrap_or_default() {
            match guide_docs.remove(id.as_str()) {
                Some(docs) => guide.push(GuidePage { id, docs }),
                None => errors.push(KbError { file: format!("guide/{id}/"), line: None, message: "listed in pages.toml but missing".into() }),
            }
        }
        for id in guide_docs.keys() {
            errors.push(KbError { file: format!("guide/{id}/"), line: None, message: "not listed in guide/pages.toml".into() });
        }
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (ei, e) in entries.iter().enumerate() {
            if e.retired {
                continue;
            }
            for (mi, m) in e.lines.iter().enumerate() {
                patterns.push(m.pattern.clone());
                owners.push((ei, mi));
            }
        }
        // Every pattern compiled alone above, so the set compiles too; an
        // empty set is the fallback should a size limit ever be hit.
        // Some 300 patterns overflow the lazy DFA's default 2 MB cache, and
        // the set then falls back to a matcher 50x slower (measured: a 1 MB
        // journal in 3.2 s instead of 52 ms); 16 MB keeps it in the DFA.
        let set = RegexSetBuilder::new(&patterns).dfa_size_limit(16 << 20).build().unwrap_or_else(|e| {
            errors.push(KbError { file: "kb".into(), line: None, message: format!("pattern set: {e}") });
            owners.clear();
            RegexSet::empty()
        });
        (Knowledge { entries, guide, set, owners, ui, team, suggest: Default::default() }, errors)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn guide_page(&self, id: &str) -> Option<&GuidePage> {
        self.guide.iter().find(|p| p.id == id)
    }

    /// An interface string in `lang`, else English, else the key itself.
    pub fn ui<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.ui
            .get(&lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.ui.get(&Lang::En).and_then(|m| m.get(key)))
            .map(String::as_str)
            .unwrap_or(key)
    }
}

pub(crate) fn load_entry(id: &str, files: &[(&str, &str)]) -> Result<Entry, Vec<KbError>> {
    let mut errors = Vec::new();
    let err = |file: &str, line: Option<usize>, message: String| KbError { file: format!("kb/{id}/{file}"), line, message };
    let Some((_, toml_text)) = files.iter().find(|(f, _)| *f == "entry.toml") else {
        return Err(vec![err("entry.toml", None, "missing".into())]);
    };
    let raw: EntryToml = match toml::from_str(toml_text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| toml_text[..s.start.min(toml_text.len())].matches('\n').count() + 1);
            return Err(vec![err("entry.toml", line, e.message().to_string())]);
        }
    };
    if raw.id != id {
        errors.push(err("entry.toml", None, format!("id {:?} differs from the folder name", raw.id)));
    }
    let known_placeholder = |name: &str| raw.placeholders.contains_key(name) || GLOBAL.iter().any(|(n, _)| *n == name);
    let mut lines = Vec::new();
    for (i, l) in raw.lines.iter().enumerate() {
        match check_pattern(&l.regex) {
            Ok(captures) => {
                for name in &captures {
                    if !known_placeholder(name) {
                        errors.push(err("entry.toml", None, format!("lines[{i}]: capture group {name:?} is not a declared placeholder")));
                    }
                }
                lines.push(LineMatcher { pattern: l.regex.clone(), captures, compiled: Compiled::default(), when: l.when.clone() });
            }
            Err(e) => errors.push(err("entry.toml", None, format!("lines[{i}]: regex does not compile: {e}"))),
        }
    }
    let blocks = raw.facts.iter().chain(&raw.likely).chain(&raw.unless);
    let conditions = raw.lines.iter().flat_map(|l| &l.when).chain(blocks.clone().flat_map(|f| &f.all));
    for c in conditions {
        if !Facts::is_known(&c.fact) {
            errors.push(err("entry.toml", None, format!("unknown fact {:?}", c.fact)));
        }
        if let Some(Err(e)) = c.matches.as_deref().map(Regex::new) {
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
    if raw.lines.is_empty() && raw.facts.is_empty() && !raw.retired {
        errors.push(err("entry.toml", None, "no matcher: add [[lines]] or [[facts]]".into()));
    }
    let mut docs = BTreeMap::new();
    let mut samples = Vec::new();
    for (file, text) in files {
        if let Some(code) = file.strip_suffix(".md") {
            match Lang::from_code(code) {
                None => errors.push(err(file, None, "unknown language code".into())),
                Some(lang) => match parse_doc(text) {
                    Ok(doc) => {
                        for name in placeholders_in(&doc.body) {
                            if !known_placeholder(name) {
                                errors.push(err(file, None, format!("unknown placeholder {{{{{name}}}}}")));
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
        } else if *file != "entry.toml" {
            errors.push(err(file, None, "unexpected file in an entry folder".into()));
        }
    }
    if !docs.contains_key(&Lang::En) {
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
        placeholders: raw.placeholders,
        lines,
        facts: raw.facts.into_iter().map(|f| f.all).collect(),
        likely: raw.likely.into_iter().map(|f| f.all).collect(),
        unless: raw.unless.into_iter().map(|f| f.all).collect(),
        decide: raw.decide,
        docs,
        samples,
        team: false,
        notes: BTreeMap::new(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: String,
}

/// `+++` TOML front matter `+++`, then the Markdown body.
fn parse_doc(text: &str) -> Result<Doc, (Option<usize>, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or((Some(1), "starts with +++ front matter (title, summary)".to_string()))?;
    let end = rest.find("\n+++").ok_or((None, "front matter is not closed by +++".to_string()))?;
    let fm: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| (None, format!("front matter: {}", e.message())))?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']).to_string();
    if fm.title.trim().is_empty() || fm.summary.trim().is_empty() {
        return Err((None, "title and summary must not be empty".into()));
    }
    Ok(Doc { title: fm.title, summary: fm.summary, body })
}

/// Names used as `{{name}}` in a text.
pub fn placeholders_in(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        if let Some(j) = rest.find("}}") {
            let name = &rest[..j];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()) {
                out.insert(name);
            }
            rest = &rest[j + 2..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_their_numbers() {
        assert!(version_key("5.15.0-91-generic") < version_key("5.16"));
        assert!(version_key("20.10.7") < version_key("20.10.10"));
        assert_eq!(version_key("v27.3.1"), [27, 3, 1]);
    }

    #[test]
    fn a_broken_entry_is_reported_not_loaded() {
        let files = [
            ("kb/x/entry.toml", "id = \"x\"\nseverity = \"error\"\ncategory = \"network\"\n[[lines]]\nregex = \"(\"\n"),
            ("kb/x/en.md", "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\nbody"),
        ];
        let (kb, errors) = Knowledge::load(files);
        assert!(kb.entries.is_empty());
        assert!(errors[0].message.contains("regex does not compile"), "{errors:?}");
    }
}
