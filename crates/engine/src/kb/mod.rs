//! The one knowledge-base loader. An entry is a folder of data
//! (`content/kb/<id>/`): `entry.toml` with its matchers, one Markdown file per
//! language, and samples. Loading is tolerant: a broken entry is left out and
//! reported as a [`KbError`]; the tidy test requires that there are none.

mod entry;

use std::collections::BTreeMap;


use serde::{Deserialize, Serialize};

use crate::lang::Lang;

pub(crate) use crate::data::parse_data;

/// `dir/<lang>.md` or, prepared, `dir/<lang>.json`: the language of a text file.
pub(crate) fn text_lang(file: &str) -> Option<Result<Lang, ()>> {
    let code = file.strip_suffix(".md").or_else(|| file.strip_suffix(".json"))?;
    Some(Lang::from_code(code).ok_or(()))
}

pub use crate::condition::{version_key, Condition};
pub use crate::render::placeholders_in;
pub(crate) use entry::load_entry;
pub(crate) use entry::{parse_doc, parse_doc_as};
pub use entry::{Doc, Entry, LineMatcher, Sample};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbError {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// The hosting team's settings (`team.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    /// Shown in the header next to the product name.
    pub name: String,
    /// A short plain-text note for the header, per language.
    pub note: BTreeMap<Lang, String>,
    /// Where to ask for help (`https:` or `mailto:`), shown under each finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
    /// The language a first-time reader gets (before the browser's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

impl Team {
    /// The header note in `lang`, else English.
    pub fn note(&self, lang: Lang) -> Option<&str> {
        self.note.get(&lang).or_else(|| self.note.get(&Lang::En)).map(String::as_str)
    }
}

/// The whole knowledge base, with every line pattern compiled into one set.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub entries: Vec<Entry>,
    /// Guide pages in reading order (`content/guide/pages.toml`).
    pub guide: Vec<GuidePage>,
    /// `None` in a knowledge that cannot diagnose ([`Knowledge::load_prepared`]).
    pub(crate) set: Option<crate::diagnose::LineSet>,
    /// For each pattern in `set`: (entry index, line-matcher index).
    pub(crate) owners: Vec<(usize, usize)>,
    pub ui: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The hosting team's settings, when an extension bundle was loaded.
    pub team: Option<Team>,
    /// The knowledge base's date and the releases it was checked against (`about.toml`).
    pub about: crate::about::About,
    /// Known regressions by version (`regressions.toml`).
    pub regressions: Vec<crate::regressions::Regression>,
    /// The entries' messages as weighted words, built when a paste first
    /// needs suggestions (not at load: most pastes never do).
    pub(crate) suggest: std::sync::OnceLock<crate::suggest::Index>,
}

impl Knowledge {
    /// Loads entries and interface strings from `(path, text)` pairs, paths
    /// relative to `content/` (`kb/<id>/entry.toml`, `ui/en.toml`).
    /// (With a team's extension files: [`crate::extensions::load_with`].)
    pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Knowledge, Vec<KbError>) {
        Knowledge::load_as::<true>(files)
    }

    /// The knowledge the page shows, from the prepared packs only
    /// ([`crate::pack`], checked when the site was built): no TOML is read,
    /// no pattern parsed or compiled, and [`Knowledge::diagnose`] finds no
    /// line pattern (the diagnosis module loads the same packs with
    /// [`Knowledge::load`]). It keeps the page free of the TOML and regex code.
    pub fn load_prepared<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Knowledge, Vec<KbError>) {
        Knowledge::load_as::<false>(files)
    }

    fn load_as<'a, const FULL: bool>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Knowledge, Vec<KbError>) {
        let Parts { entries, guide, ui, mut errors, about, regressions, .. } = Parts::read::<FULL>(files);
        let mut kb = Knowledge::assemble::<FULL>(entries, guide, ui, None, &mut errors);
        kb.about = about;
        kb.regressions = regressions;
        (kb, errors)
    }

    /// Whether this knowledge can diagnose (it was not [`Knowledge::load_prepared`]).
    pub fn can_diagnose(&self) -> bool {
        self.set.is_some()
    }
}

/// The shipped content, read and checked, before it becomes a [`Knowledge`]
/// (`extensions::load_with` adds a team's entries in between).
pub(crate) struct Parts<'a> {
    /// Entry folders by id, with their files.
    pub(crate) folders: BTreeMap<&'a str, Vec<(&'a str, &'a str)>>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) guide: Vec<GuidePage>,
    pub(crate) ui: BTreeMap<Lang, BTreeMap<String, String>>,
    pub(crate) errors: Vec<KbError>,
    pub(crate) about: crate::about::About,
    pub(crate) regressions: Vec<crate::regressions::Regression>,
}

impl<'a> Parts<'a> {
    pub(crate) fn read<const FULL: bool>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Parts<'a> {
        let mut errors = Vec::new();
        let mut folders: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        let mut ui = BTreeMap::new();
        let mut guide_order: Option<Vec<String>> = None;
        let mut guide_docs: BTreeMap<&str, BTreeMap<Lang, Doc>> = BTreeMap::new();
        let mut about = crate::about::About::default();
        let mut regressions = Vec::new();
        for (path, text) in files {
            let err = |message: String| KbError { file: path.to_string(), line: None, message };
            if path == "about.toml" || path == "about.json" {
                match crate::data::parse_data_as::<_, FULL>(path, text).map_err(|(_, e)| e).and_then(crate::about::About::checked) {
                    Ok(a) => about = a,
                    Err(e) => errors.push(err(e)),
                }
                continue;
            }
            if path == "regressions.toml" || path == "regressions.json" {
                match crate::regressions::Regression::parse_as::<FULL>(path, text) {
                    Ok(rows) => regressions = rows,
                    Err(es) => errors.extend(es.into_iter().map(err)),
                }
                continue;
            }
            if path == "guide/pages.toml" || path == "guide/pages.json" {
                match crate::data::parse_data_as::<PagesToml, FULL>(path, text) {
                    Ok(p) => guide_order = Some(p.pages),
                    Err((_, e)) => errors.push(err(e)),
                }
                continue;
            }
            if let Some((page, file)) = path.strip_prefix("guide/").and_then(|r| r.split_once('/')) {
                let Some(lang) = text_lang(file) else { continue };
                match (lang, parse_doc_as::<FULL>(file, text)) {
                    (Err(()), _) => errors.push(err("unknown language code".into())),
                    (_, Err((line, message))) => errors.push(KbError { file: path.to_string(), line, message }),
                    (Ok(lang), Ok(doc)) => {
                        guide_docs.entry(page).or_default().insert(lang, doc);
                    }
                }
                continue;
            }
            if let Some(rest) = path.strip_prefix("kb/") {
                if let Some((id, file)) = rest.split_once('/') {
                    folders.entry(id).or_default().push((file, text));
                }
            } else if let Some(name) = path.strip_prefix("ui/").and_then(|n| n.strip_suffix(".toml").or_else(|| n.strip_suffix(".json"))) {
                match Lang::from_code(name) {
                    None => errors.push(err("unknown language code".into())),
                    Some(lang) => match crate::data::parse_data_as::<BTreeMap<String, String>, FULL>(path, text) {
                        Ok(map) => {
                            ui.entry(lang).or_insert_with(BTreeMap::new).extend(map);
                        }
                        Err((line, message)) => errors.push(KbError { file: path.to_string(), line, message }),
                    },
                }
            }
        }
        let mut entries = Vec::new();
        for (id, files) in &folders {
            match load_entry::<FULL>(id, files) {
                Ok(entry) => entries.push(entry),
                Err(mut errs) => errors.append(&mut errs),
            }
        }
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
        Parts { folders, entries, guide, ui, errors, about, regressions }
    }
}

impl Knowledge {
    /// The knowledge base from loaded parts: every line pattern of every
    /// entry that is not retired goes into the one pattern set.
    pub(crate) fn assemble<const FULL: bool>(
        entries: Vec<Entry>,
        guide: Vec<GuidePage>,
        ui: BTreeMap<Lang, BTreeMap<String, String>>,
        team: Option<Team>,
        errors: &mut Vec<KbError>,
    ) -> Knowledge {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        if !FULL {
            return Knowledge { entries, guide, set: None, owners, ui, team, about: Default::default(), regressions: Vec::new(), suggest: Default::default() };
        }
        for (ei, e) in entries.iter().enumerate() {
            if e.retired {
                continue;
            }
            for (mi, m) in e.lines.iter().enumerate() {
                patterns.push(m.pattern.clone());
                owners.push((ei, mi));
            }
        }
        // Every pattern was checked at load (kb/entry.rs, check_pattern), so
        // the set builds too; an empty set is the fallback should a size
        // limit ever be hit.
        let set = Some(crate::diagnose::LineSet::new(&patterns).unwrap_or_else(|e| {
            errors.push(KbError { file: "kb".into(), line: None, message: format!("pattern set: {e}") });
            owners.clear();
            crate::diagnose::LineSet::empty()
        }));
        Knowledge { entries, guide, set, owners, ui, team, about: Default::default(), regressions: Vec::new(), suggest: Default::default() }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// A row of `regressions.toml`.
    pub fn regression(&self, id: &str) -> Option<&crate::regressions::Regression> {
        self.regressions.iter().find(|r| r.id == id)
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

#[cfg(test)]
mod tests {
    use super::*;

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
