//! The shipped content prepared for the page, one language at a time.
//!
//! The CLI embeds `content/` as written. The page does not: when the site is
//! built, [`prepare`] checks the content with the same loader and tidy rules
//! `cargo test` runs, converts every TOML file and Markdown front matter to
//! JSON (the same structs, read by the same loader: `kb::parse_data`), and
//! splits it into packs the page fetches from its own origin:
//!
//! - `core`: what does not depend on the language: every `entry.toml`, the
//!   guide's order, `about.toml`, and the one sample per entry that the
//!   page's examples menu offers;
//! - `ui-<lang>`: the interface strings, needed for the first render;
//! - `<lang>`: the entries' and guide pages' text, needed once there is a
//!   paste to diagnose or a page of the knowledge base to show.
//!
//! A language's packs carry English wherever that language has no text, so
//! the English fallback never needs a second language's packs.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::kb::{parse_data, text_lang, KbError};
use crate::lang::Lang;

/// The `format` field of a pack this engine reads.
pub const PACK_FORMAT: &str = "rootless-doctor-pack/1";

/// Which part of the content a pack holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PackKind {
    Core,
    Ui(Lang),
    Text(Lang),
}

impl PackKind {
    /// Every pack the site ships.
    pub fn all() -> impl Iterator<Item = PackKind> {
        std::iter::once(PackKind::Core).chain(Lang::ALL.into_iter().flat_map(|l| [PackKind::Ui(l), PackKind::Text(l)]))
    }

    /// The pack's name: its file name without hash and extension, and the
    /// key the page looks it up by (`core`, `ui-ko`, `ko`).
    pub fn name(self) -> String {
        match self {
            PackKind::Core => "core".into(),
            PackKind::Ui(l) => format!("ui-{}", l.code()),
            PackKind::Text(l) => l.code().into(),
        }
    }

    pub fn from_name(name: &str) -> Option<PackKind> {
        PackKind::all().find(|k| k.name() == name)
    }
}

/// Files of the content, as prepared: paths under `content/` with `.json`
/// in place of `.toml` and `.md`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub format: String,
    /// [`PackKind::name`].
    pub name: String,
    pub files: BTreeMap<String, String>,
}

impl Pack {
    fn new(kind: PackKind) -> Pack {
        Pack { format: PACK_FORMAT.into(), name: kind.name(), files: BTreeMap::new() }
    }

    /// Reads a pack; anything else is an error, never a panic.
    pub fn from_json(text: &str) -> Result<Pack, String> {
        let pack: Pack = serde_json::from_str(text).map_err(|e| format!("not a content pack: {e}"))?;
        if pack.format != PACK_FORMAT {
            return Err(format!("pack format {:?} is not {PACK_FORMAT:?}", pack.format));
        }
        if pack.kind().is_none() {
            return Err(format!("no content pack is named {:?}", pack.name));
        }
        Ok(pack)
    }

    pub fn kind(&self) -> Option<PackKind> {
        PackKind::from_name(&self.name)
    }

    /// Compact JSON that may also sit inside an HTML `<script>` element (the
    /// single-file page): `<`, `>` and `&` are written as `\u` escapes.
    pub fn to_json(&self) -> String {
        crate::data::script_safe_json(serde_json::to_string(self).unwrap_or_default())
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }
}

/// Checks `files` (the content as written, as [`crate::builtin_files`] gives
/// it) and splits them into every pack of [`PackKind::all`]. Any problem the
/// tidy test would report stops it: the site never ships unchecked content.
pub fn prepare<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<BTreeMap<PackKind, Pack>, Vec<KbError>> {
    let files: Vec<(&str, &str)> = files.into_iter().collect();
    let errors = crate::tidy::check(files.iter().copied());
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut packs: BTreeMap<PackKind, Pack> = PackKind::all().map(|k| (k, Pack::new(k))).collect();
    let mut errors = Vec::new();
    let mut offered = BTreeSet::new();
    for (path, text) in &files {
        let mut add = |kind: PackKind, path: String, text: String| {
            packs.entry(kind).or_insert_with(|| Pack::new(kind)).files.insert(path, text);
        };
        let fail = |message: String| KbError { file: path.to_string(), line: None, message };
        // The glossaries are for the checks above; the page never reads them.
        if path.starts_with("glossary/") {
            continue;
        }
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
        if let Some((id, sample)) = path.strip_prefix("kb/").and_then(|r| r.split_once("/samples/")) {
            // The examples menu offers each entry's first fires-*.txt.
            if sample.starts_with("fires-") && offered.insert(id) {
                add(PackKind::Core, path.to_string(), text.to_string());
            }
        } else if let Some(Ok(lang)) = text_lang(file).filter(|_| path.ends_with(".md")) {
            match crate::kb::parse_doc(file, text) {
                Ok(doc) => add(PackKind::Text(lang), format!("{dir}/{}.json", lang.code()), serde_json::to_string(&doc).unwrap_or_default()),
                Err((_, e)) => errors.push(fail(e)),
            }
        } else if let Some(stem) = path.strip_suffix(".toml") {
            let kind = match path.strip_prefix("ui/").and_then(|n| n.strip_suffix(".toml")).and_then(Lang::from_code) {
                Some(lang) => PackKind::Ui(lang),
                None => PackKind::Core,
            };
            match parse_data::<serde_json::Value>(path, text) {
                Ok(value) => add(kind, format!("{stem}.json"), value.to_string()),
                Err((_, e)) => errors.push(fail(e)),
            }
        } else {
            add(PackKind::Core, path.to_string(), text.to_string());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    add_english_fallbacks(&mut packs);
    add_section_names(&mut packs);
    Ok(packs)
}

/// A team's bundle is checked in every language (its entries' `##`
/// sections carry each language's names), whichever language the reader
/// loaded: the core carries those names for all four.
fn add_section_names(packs: &mut BTreeMap<PackKind, Pack>) {
    for lang in Lang::ALL {
        let path = format!("ui/{}.json", lang.code());
        let all = strings(&packs[&PackKind::Ui(lang)], lang);
        let sections: BTreeMap<&str, &String> = crate::tidy::SECTION_KEYS.iter().filter_map(|k| Some((*k, all.get(*k)?))).collect();
        let core = packs.get_mut(&PackKind::Core).expect("every kind has a pack");
        core.files.insert(path, serde_json::to_string(&sections).unwrap_or_default());
    }
}

/// `lang`'s interface strings in a prepared `ui-<lang>` pack.
fn strings(pack: &Pack, lang: Lang) -> BTreeMap<String, String> {
    pack.files.get(&format!("ui/{}.json", lang.code())).and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
}

/// Gives each language's packs the English text it lacks: whole files for
/// entries and guide pages, single strings for the interface.
fn add_english_fallbacks(packs: &mut BTreeMap<PackKind, Pack>) {
    let english = packs[&PackKind::Text(Lang::En)].files.clone();
    let english_ui = strings(&packs[&PackKind::Ui(Lang::En)], Lang::En);
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let text = packs.get_mut(&PackKind::Text(lang)).expect("every kind has a pack");
        for (path, doc) in &english {
            let own = format!("{}{}.json", path.strip_suffix("en.json").unwrap_or(path), lang.code());
            if !text.files.contains_key(&own) {
                text.files.insert(path.clone(), doc.clone());
            }
        }
        let ui = packs.get_mut(&PackKind::Ui(lang)).expect("every kind has a pack");
        let own = strings(ui, lang);
        let missing: BTreeMap<&String, &String> = english_ui.iter().filter(|(k, _)| !own.contains_key(*k)).collect();
        if !missing.is_empty() {
            ui.files.insert("ui/en.json".into(), serde_json::to_string(&missing).unwrap_or_default());
        }
    }
}

#[cfg(all(test, feature = "builtin"))]
mod tests {
    use super::*;
    use crate::Knowledge;

    fn packs() -> BTreeMap<PackKind, Pack> {
        prepare(crate::builtin_files().iter().copied()).expect("the shipped content is tidy")
    }

    /// The knowledge a reader of `lang` has: the core and that language's packs.
    fn page_kb(packs: &BTreeMap<PackKind, Pack>, lang: Lang) -> Knowledge {
        let files = [PackKind::Core, PackKind::Ui(lang), PackKind::Text(lang)].into_iter().flat_map(|k| packs[&k].files());
        let (kb, errors) = Knowledge::load(files);
        assert_eq!(errors, vec![], "{lang:?}");
        kb
    }

    #[test]
    fn every_sample_diagnoses_the_same_from_packs_in_each_language() {
        let packs = packs();
        let full = crate::builtin();
        let samples: Vec<&str> =
            crate::builtin_files().iter().filter(|(p, _)| p.contains("/samples/")).map(|(_, t)| *t).collect();
        for lang in Lang::ALL {
            let kb = page_kb(&packs, lang);
            assert_eq!(kb.entries.len(), full.entries.len());
            assert_eq!(kb.about, full.about);
            for text in &samples {
                assert_eq!(kb.diagnose(text, lang), full.diagnose(text, lang), "{lang:?}: {text}");
            }
            for key in full.ui[&Lang::En].keys() {
                assert_eq!(kb.ui(lang, key), full.ui(lang, key), "{lang:?} {key}");
            }
            for (a, b) in kb.guide.iter().zip(&full.guide) {
                assert_eq!(a.doc(lang), b.doc(lang));
            }
        }
    }

    #[test]
    fn a_language_pack_holds_only_its_language_and_the_english_it_lacks() {
        let packs = packs();
        for lang in [Lang::Ko, Lang::Zh, Lang::Ja] {
            for path in packs[&PackKind::Text(lang)].files.keys() {
                assert!(path.ends_with(&format!("/{}.json", lang.code())) || path.ends_with("/en.json"), "{path}");
            }
        }
        assert!(packs[&PackKind::Core].files.keys().all(|p| !p.ends_with(".md") && !p.ends_with(".toml")));
        // The core names the sections in every language (a team's bundle is checked against them).
        let kb = Knowledge::load(packs[&PackKind::Core].files());
        for lang in Lang::ALL {
            for key in crate::tidy::SECTION_KEYS {
                assert_eq!(kb.0.ui(lang, key), crate::builtin().ui(lang, key));
            }
        }
        // Smaller than all four languages together (what the page used to embed).
        let text = |k: PackKind| packs[&k].to_json().len();
        assert!(text(PackKind::Text(Lang::Ko)) * 2 < Lang::ALL.into_iter().map(|l| text(PackKind::Text(l))).sum::<usize>());
    }

    #[test]
    fn packs_round_trip_and_are_safe_inside_a_script_element() {
        let packs = packs();
        for (kind, pack) in &packs {
            let json = pack.to_json();
            assert!(!json.contains("</"), "{kind:?}");
            assert_eq!(&Pack::from_json(&json).unwrap(), pack);
            assert_eq!(PackKind::from_name(&kind.name()), Some(*kind));
        }
        assert!(Pack::from_json("{\"format\":\"x\",\"name\":\"core\",\"files\":{}}").is_err());
        assert!(Pack::from_json(&format!("{{\"format\":\"{PACK_FORMAT}\",\"name\":\"fr\",\"files\":{{}}}}")).is_err());
        assert!(Pack::from_json("<html>").is_err());
    }

    #[test]
    fn untidy_content_is_not_prepared() {
        let mut files: Vec<(&str, &str)> = crate::builtin_files().to_vec();
        files.push(("kb/broken/entry.toml", "id = \"broken\"\n"));
        assert!(prepare(files).is_err());
    }
}
