//! The diagnosis of the paste, kept current: debounced, in the worker when
//! the paste is large (src/worker.rs), and the paste kept for the next
//! visit when the page may keep it.

use std::collections::BTreeMap;
use std::rc::Rc;

use engine::{Diagnosis, Lang};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::worker::{self, Task};

/// Milliseconds of quiet typing before the paste is diagnosed again.
const DEBOUNCE_MS: u32 = 120;
/// The paste survives a reload, kept in this browser only (never sent).
pub const PASTE_KEY: &str = "rootless-doctor.paste";
/// Larger pastes are not kept (storage quotas are a few MB).
const MAX_KEPT_BYTES: usize = 1 << 20;

/// What the diagnosis is of: the engine's answer and the text it read.
#[derive(PartialEq)]
pub struct Diagnosed {
    pub diagnosis: Rc<Diagnosis>,
    pub text: AttrValue,
    /// Per line, the spans the findings' evidence marks.
    pub marks: Rc<BTreeMap<usize, Vec<(usize, usize)>>>,
}

pub struct Diagnosing {
    pub result: Option<Rc<Diagnosed>>,
    /// A large paste is being diagnosed in the worker; the page stays usable.
    pub busy: bool,
}

/// Keeps the paste for the next visit; without storage (private mode, a
/// full quota) the page simply does not remember.
fn remember(text: &str) {
    if text.is_empty() || text.len() > MAX_KEPT_BYTES {
        crate::storage::remove(PASTE_KEY);
    } else {
        crate::storage::set(PASTE_KEY, text);
    }
}

/// Diagnoses `text` in `lang` after a pause in typing, and keeps it for
/// the next visit when `keep` says it is the reader's own.
#[hook]
pub fn use_diagnosis(text: Rc<str>, lang: Lang, keep: bool) -> Diagnosing {
    let result = use_state(|| None::<Rc<Diagnosed>>);
    let busy = use_state(|| false);
    // The knowledge this language needs, or the diagnosis module, may still
    // be on its way (src/content.rs, src/diag.rs): the paste waits for them,
    // shown as busy, and is diagnosed when the generation says they came.
    let content = crate::i18n::use_i18n();
    let ready = content.ready && crate::diag::ready();
    use_effect_with((text.clone(), keep), |(text, keep)| {
        let (text, keep) = (text.clone(), *keep);
        let timer = keep.then(|| Timeout::new(DEBOUNCE_MS, move || remember(&text)));
        move || drop(timer)
    });
    {
        let (result, busy) = (result.clone(), busy.clone());
        use_effect_with((text, lang, content.generation), move |(text, lang, _)| {
            let (text, lang) = (text.clone(), *lang);
            let timer = Timeout::new(DEBOUNCE_MS, move || {
                if text.trim().is_empty() {
                    worker::cancel(Task::Diagnose);
                    busy.set(false);
                    result.set(None);
                    return;
                }
                if !ready {
                    busy.set(true);
                    return;
                }
                let shown = AttrValue::from(text.to_string());
                let done = {
                    let busy = busy.clone();
                    move |diagnosis: Diagnosis| {
                        let mut marks: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
                        for e in diagnosis.findings.iter().flat_map(|f| &f.evidence) {
                            marks.entry(e.line).or_default().push(e.line_span);
                        }
                        busy.set(false);
                        result.set(Some(Rc::new(Diagnosed { diagnosis: Rc::new(diagnosis), text: shown, marks: Rc::new(marks) })));
                    }
                };
                if !worker::diagnose(text.to_string(), lang, done) {
                    busy.set(true);
                }
            });
            move || drop(timer)
        });
    }
    Diagnosing { result: (*result).clone(), busy: *busy }
}
