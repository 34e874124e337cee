//! The diagnosis module: everything that needs the regex engine, the pattern
//! set or a TOML parser, kept out of the page's own wasm so that the page is
//! usable sooner (ARCHITECTURE.md, Decisions: two modules).
//!
//! The page (src/diag.rs of the web crate) loads it right after its first
//! render, before it when a team's bundle is present; the diagnosis worker
//! (static/worker.js) runs it too. Both hand it what the page loaded: the
//! team's bundle as fetched and the content packs, and it builds its own
//! [`Knowledge`] from them, as the page did when it was one module. It
//! answers with text: a diagnosis in `engine::wire` form, a share, and a
//! bundle checked and prepared for the page ([`BundleAnswer`]).

use std::cell::RefCell;

use engine::pack::{Pack, PackKind};
use engine::redact::Kind as Redaction;
use engine::{Bundle, KbError, Knowledge, Lang};
use serde::{Deserialize, Serialize};

pub mod permalink;

/// What became of a team's bundle, as the page reads it (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BundleAnswer {
    /// No bundle, or the shipped content it is checked against is not loaded yet.
    None,
    /// The bundle with its data files in the prepared (JSON) form
    /// (`engine::extensions::prepare_bundle`); from [`check_bundle`], it
    /// passed every check.
    Prepared(Bundle),
    /// The bundle is broken or breaks a rule.
    Rejected(Vec<KbError>),
}

impl BundleAnswer {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `None` for text this module did not write.
    pub fn from_json(text: &str) -> Option<BundleAnswer> {
        serde_json::from_str(text).ok()
    }
}

#[derive(Default)]
struct State {
    packs: Vec<(PackKind, Pack)>,
    bundle: Option<Result<Bundle, KbError>>,
    /// The knowledge, and the bundle's check against it.
    kb: Option<(Knowledge, BundleAnswer)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

/// The team's bundle as fetched (`None`: no bundle) and the content packs
/// loaded so far, in the order they came.
pub fn adopt(bundle: Option<String>, packs: Vec<String>) {
    STATE.with_borrow_mut(|s| {
        s.bundle = bundle.map(|t| Bundle::from_json(&t));
        s.kb = None;
    });
    add_packs(packs);
}

/// More content packs (the core, a language's text and strings); a pack
/// already loaded, or one that does not read, is skipped.
pub fn add_packs(packs: Vec<String>) {
    STATE.with_borrow_mut(|s| {
        for text in packs {
            let Ok(pack) = Pack::from_json(&text) else { continue };
            let Some(kind) = pack.kind() else { continue };
            if !s.packs.iter().any(|(k, _)| *k == kind) {
                s.packs.push((kind, pack));
                s.kb = None;
            }
        }
    });
}

/// Runs `f` on the knowledge, built from the packs (and the bundle, when it
/// passes) on first use after a change.
fn with_kb<R>(f: impl FnOnce(&Knowledge, &BundleAnswer) -> R) -> R {
    STATE.with_borrow_mut(|s| {
        if s.kb.is_none() {
            let files = || s.packs.iter().flat_map(|(_, p)| p.files());
            let has_core = s.packs.iter().any(|(k, _)| *k == PackKind::Core);
            s.kb = Some(match &s.bundle {
                None => (Knowledge::load(files()).0, BundleAnswer::None),
                Some(Err(e)) => (Knowledge::load(files()).0, BundleAnswer::Rejected(vec![e.clone()])),
                // A bundle is checked against the shipped entries it extends.
                Some(Ok(_)) if !has_core => (Knowledge::load(files()).0, BundleAnswer::None),
                Some(Ok(bundle)) => match engine::extensions::with_bundle_on(files(), bundle) {
                    Ok(kb) => match engine::extensions::prepare_bundle(bundle) {
                        Ok(prepared) => (kb, BundleAnswer::Prepared(prepared)),
                        Err(errors) => (Knowledge::load(files()).0, BundleAnswer::Rejected(errors)),
                    },
                    Err(errors) => (Knowledge::load(files()).0, BundleAnswer::Rejected(errors)),
                },
            });
        }
        let (kb, answer) = s.kb.as_ref().expect("built above");
        f(kb, answer)
    })
}

fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::En)
}

fn run(kb: &Knowledge, text: &str, lang: Lang) -> engine::Diagnosis {
    kb.diagnose(engine::text::clip(text, engine::MAX_INPUT_BYTES), lang)
}

/// One diagnosis in `engine::wire` form.
pub fn diagnose(text: &str, lang_code: &str) -> String {
    with_kb(|kb, _| engine::wire::encode(&run(kb, text, lang(lang_code))))
}

/// A paste made ready to share: the redacted text, its permalink payload
/// and the Markdown report of the redacted paste. `diagnosis` is the
/// paste's diagnosis in wire form (its facts name users and hosts);
/// `redactions` the kinds' keys, comma-separated.
pub fn share(text: &str, diagnosis: &str, redactions: &str, lang_code: &str) -> [String; 3] {
    let lang = lang(lang_code);
    let kinds: Vec<Redaction> = Redaction::ALL.into_iter().filter(|r| redactions.split(',').any(|k| k == r.key())).collect();
    with_kb(|kb, _| {
        let d = engine::wire::decode(diagnosis).unwrap_or_else(|| run(kb, text, lang));
        let redacted = engine::redact::redact(text, &d.facts, &kinds);
        let payload = permalink::encode(&redacted);
        let report = engine::report::markdown(kb, &run(kb, &redacted, lang));
        [redacted, payload, report]
    })
}

/// A bundle's text read and prepared for the page, before the shipped
/// content is there to check it against: enough for the team's default
/// language at the first render.
pub fn prepare_bundle(text: &str) -> String {
    let answer = match Bundle::from_json(text) {
        Err(e) => BundleAnswer::Rejected(vec![e]),
        Ok(bundle) => match engine::extensions::prepare_bundle(&bundle) {
            Ok(prepared) => BundleAnswer::Prepared(prepared),
            Err(errors) => BundleAnswer::Rejected(errors),
        },
    };
    answer.to_json()
}

/// The adopted bundle checked (`engine::extensions::with_bundle_on`, the
/// gate the CLI uses too) against the shipped content loaded so far.
pub fn check_bundle() -> String {
    with_kb(|_, answer| answer.to_json())
}
