use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use engine::{Diagnosis, Lang, Severity};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use super::facts::FactsSummary;
use super::finding::FindingCard;
use super::lines::LinesView;
use super::paste_tools::{Collector, ExamplesMenu};
use super::share::SharePanel;
use super::subids::SubIdPanel;
use super::values::{Slot, ValuesForm};
use crate::t;

/// Pastes larger than this stay out of the text box (see `on_paste`):
/// about 3,000 lines of a journal, more than anyone edits by hand. Laying
/// out 1 MB in the box costs Chromium about 200 ms; 256 KiB about 50 ms.
const LARGE_BYTES: usize = 256 << 10;
/// Milliseconds of quiet typing before the paste is diagnosed again.
const DEBOUNCE_MS: u32 = 120;
/// The paste survives a reload, kept in this browser only (never sent).
const PASTE_KEY: &str = "rootless-doctor.paste";
/// Larger pastes are not kept (storage quotas are a few MB).
const MAX_KEPT_BYTES: usize = 1 << 20;

/// Keeps the paste for the next visit; without storage (private mode, a
/// full quota) the page simply does not remember.
fn remember(text: &str) {
    if text.is_empty() || text.len() > MAX_KEPT_BYTES {
        crate::storage::remove(PASTE_KEY);
    } else {
        crate::storage::set(PASTE_KEY, text);
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagnoseProps {
    pub lang: Lang,
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    Edit,
    Lines,
}

/// What the diagnosis is of: the engine's answer and the text it read.
#[derive(PartialEq)]
struct Result {
    diagnosis: Rc<Diagnosis>,
    text: AttrValue,
    marks: Rc<BTreeMap<usize, Vec<(usize, usize)>>>,
}

#[component]
pub fn DiagnosePage(props: &DiagnoseProps) -> Html {
    let lang = props.lang;
    // A permalink's paste wins over the one kept from the last visit.
    let text = use_state(|| {
        crate::share::hash_param("paste")
            .and_then(|p| crate::share::decode(&p))
            .or_else(|| crate::storage::get(PASTE_KEY))
            .unwrap_or_default()
    });
    let result = use_state(|| None::<Rc<Result>>);
    // A large paste is being diagnosed in the worker; the page stays usable.
    let busy = use_state(|| false);
    let view = use_state(|| View::Edit);
    let focus = use_state(|| None::<usize>);
    let overrides = use_state(BTreeMap::<String, String>::new);
    let notice = use_state(|| None::<String>);
    // The size of a paste refused for being over the cap.
    let too_large = use_state(|| None::<usize>);
    let reader = use_mut_ref(|| None::<FileReader>);
    {
        let (result, busy) = (result.clone(), busy.clone());
        use_effect_with(((*text).clone(), lang), move |(text, lang)| {
            let (text, lang) = (text.clone(), *lang);
            let timer = Timeout::new(DEBOUNCE_MS, move || {
                remember(&text);
                if text.trim().is_empty() {
                    crate::worker::cancel();
                    busy.set(false);
                    result.set(None);
                    return;
                }
                let shown = AttrValue::from(text.clone());
                let done = {
                    let busy = busy.clone();
                    move |diagnosis: Diagnosis| {
                        let mut marks: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
                        for e in diagnosis.findings.iter().flat_map(|f| &f.evidence) {
                            marks.entry(e.line).or_default().push(e.line_span);
                        }
                        busy.set(false);
                        result.set(Some(Rc::new(Result { diagnosis: Rc::new(diagnosis), text: shown, marks: Rc::new(marks) })));
                    }
                };
                let answered = crate::worker::diagnose(text, lang, done);
                if !answered {
                    busy.set(true);
                }
            });
            move || drop(timer)
        });
    }
    let set_text = {
        let (text, view, too_large) = (text.clone(), view.clone(), too_large.clone());
        Callback::from(move |s: String| {
            too_large.set(None);
            text.set(s);
            view.set(View::Edit);
        })
    };
    let on_input = {
        let (text, too_large) = (text.clone(), too_large.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            // Over the cap, like a dropped file: refused with a message. The box
            // gets its text back at once, before the browser lays the paste out.
            if value.len() > engine::MAX_INPUT_BYTES {
                area.set_value(&text);
                too_large.set(Some(value.len()));
                return;
            }
            if too_large.is_some() {
                too_large.set(None);
            }
            text.set(value);
        })
    };
    // Caught before the browser puts it in the box: laying out megabytes in
    // a text box freezes the page (10 MB: about 3 s in Chromium; tens of MB:
    // minutes). Over the cap, refused; over LARGE_BYTES, kept out of the box
    // (see `large` below). Its length in UTF-16 units is read without copying
    // the text, and is never more than its size in UTF-8.
    let on_paste = {
        let (too_large, set_text) = (too_large.clone(), set_text.clone());
        Callback::from(move |e: Event| {
            let data = js_sys::Reflect::get(&e, &"clipboardData".into()).unwrap_or_default();
            let get_data = js_sys::Reflect::get(&data, &"getData".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            let pasted = get_data.and_then(|f| f.call1(&data, &"text/plain".into()).ok()).and_then(|t| t.dyn_into::<js_sys::JsString>().ok());
            let Some(pasted) = pasted else { return };
            let len = pasted.length() as usize;
            if len > engine::MAX_INPUT_BYTES {
                e.prevent_default();
                too_large.set(Some(len));
                return;
            }
            let area = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
            // Into the box (small pastes) the browser puts it, with its undo.
            if area.is_some() && len <= LARGE_BYTES {
                return;
            }
            e.prevent_default();
            let pasted = String::from(pasted);
            // Over the box's text, where the reader's selection was; on the
            // large-paste card, the new paste replaces the old one.
            let next = match area {
                Some(area) => {
                    let value = area.value();
                    let at = |units: Option<u32>| utf16_to_byte(&value, units.unwrap_or(0) as usize);
                    let (start, end) = (at(area.selection_start().ok().flatten()), at(area.selection_end().ok().flatten()));
                    let (start, end) = (start.min(end), start.max(end));
                    [&value[..start], &pasted, &value[end..]].concat()
                }
                None => pasted,
            };
            if next.len() > engine::MAX_INPUT_BYTES {
                too_large.set(Some(next.len()));
                return;
            }
            set_text.emit(next);
        })
    };
    let on_clear = {
        let set_text = set_text.clone();
        Callback::from(move |_| set_text.emit(String::new()))
    };
    let on_drop = {
        let (set_text, notice, reader) = (set_text.clone(), notice.clone(), reader.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else { return };
            let file = gloo::file::File::from(file);
            if file.size() as usize > engine::MAX_INPUT_BYTES {
                notice.set(Some(t(lang, "drop-too-large").replace("{limit}", &(engine::MAX_INPUT_BYTES >> 20).to_string())));
                return;
            }
            notice.set(None);
            let set_text = set_text.clone();
            let handle = gloo::file::callbacks::read_as_text(&file, move |r| {
                if let Ok(s) = r {
                    set_text.emit(s);
                }
            });
            *reader.borrow_mut() = Some(handle);
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_focus_line = {
        let (view, focus) = (view.clone(), focus.clone());
        Callback::from(move |n: usize| {
            view.set(View::Lines);
            focus.set(Some(n));
        })
    };
    let on_value = {
        let overrides = overrides.clone();
        Callback::from(move |(name, value): (String, String)| {
            let mut next = (*overrides).clone();
            if value.trim().is_empty() {
                next.remove(&name);
            } else {
                next.insert(name, value.trim().to_string());
            }
            overrides.set(next);
        })
    };
    let tab = |v: View, key: &str| {
        let view = view.clone();
        html! {
            <button type="button" role="tab" aria-selected={(*view == v).to_string()} onclick={Callback::from(move |_| view.set(v))}>{ t(lang, key) }</button>
        }
    };
    // A paste this large is not put in the text box (the browser would take
    // seconds to lay it out, and nobody edits it there): a card says what is
    // kept; the Lines tab shows it; Clear or a new paste replaces it.
    let large = text.len() > LARGE_BYTES;
    let paste_area = match (&*view, &*result) {
        (View::Lines, Some(r)) => html! { <LinesView {lang} text={r.text.clone()} marks={r.marks.clone()} focus={*focus} /> },
        _ if large => {
            let lines = text.bytes().filter(|&b| b == b'\n').count() + usize::from(!text.ends_with('\n'));
            let size = format!("{:.1}", text.len() as f64 / f64::from(1 << 20));
            html! {
                <div id="paste-large" class="paste-large" tabindex="0" role="group" aria-labelledby="paste-label" onpaste={on_paste.clone()}>
                    <p>{ t(lang, "paste-large").replace("{size}", &size).replace("{lines}", &lines.to_string()) }</p>
                </div>
            }
        }
        _ => html! {
            <textarea id="paste" spellcheck="false" autocapitalize="off" autocomplete="off"
                aria-describedby="drop-hint" placeholder={t(lang, "paste-placeholder")} value={(*text).clone()}
                oninput={on_input} onpaste={on_paste} ondrop={on_drop} ondragover={on_dragover} />
        },
    };
    let overrides_rc = Rc::new((*overrides).clone());
    let findings = match &*result {
        None => html! { <p class="empty">{ t(lang, "empty-state") }</p> },
        Some(r) => {
            let d = &r.diagnosis;
            let count = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count().to_string();
            let counts = t(lang, "findings-count")
                .replace("{errors}", &count(Severity::Error))
                .replace("{warnings}", &count(Severity::Warning))
                .replace("{infos}", &count(Severity::Info));
            html! {
                <>
                    <FactsSummary {lang} diagnosis={d.clone()} />
                    <SubIdPanel {lang} diagnosis={d.clone()} />
                    <ValuesForm {lang} slots={slots(d)} overrides={(*overrides).clone()} on_change={on_value} />
                    <SharePanel {lang} text={(*text).clone()} diagnosis={d.clone()} />
                    <section class="findings" aria-labelledby="findings-h">
                        <h2 id="findings-h">{ t(lang, "findings-heading") }</h2>
                        <p class="counts" role="status">{ counts }</p>
                        if d.findings.is_empty() {
                            <p class="empty">{ t(lang, "no-findings") }</p>
                        }
                        { for d.findings.iter().map(|f| html! {
                            <FindingCard {lang} finding={f.clone()} key={f.id.clone()}
                                overrides={overrides_rc.clone()} on_focus_line={on_focus_line.clone()} />
                        }) }
                    </section>
                    <super::suggestions::Suggestions {lang} suggestions={d.suggestions.clone()} on_focus_line={on_focus_line.clone()} />
                </>
            }
        }
    };
    html! {
        <div class="diagnose">
            <section class="paste">
                <div class="paste-head">
                    <label id="paste-label" for={(!large).then_some("paste")}>{ t(lang, "paste-label") }</label>
                    <ExamplesMenu {lang} on_pick={set_text.clone()} />
                </div>
                if result.is_some() {
                    <div class="tabs" role="tablist" aria-label={t(lang, "view-label")}>
                        { tab(View::Edit, "view-edit") }
                        { tab(View::Lines, "view-lines") }
                    </div>
                }
                { paste_area }
                <div class="paste-actions">
                    <p id="drop-hint" class={if too_large.is_some() || notice.is_some() { "notice" } else { "muted" }} aria-live="polite">
                        { match *too_large {
                            Some(n) => t(lang, "paste-too-large").replace("{size}", &n.div_ceil(1 << 20).to_string())
                                .replace("{limit}", &(engine::MAX_INPUT_BYTES >> 20).to_string()),
                            None => notice.as_ref().cloned().unwrap_or_else(|| t(lang, "drop-hint")),
                        } }
                    </p>
                    <button type="button" onclick={on_clear} disabled={text.is_empty()}>{ t(lang, "paste-clear") }</button>
                </div>
                <Collector {lang} />
            </section>
            <div class="result" aria-busy={busy.to_string()}>
                if *busy {
                    <p class="busy" role="status">{ t(lang, "diagnosing") }</p>
                }
                { findings }
            </div>
        </div>
    }
}

/// The values the current findings' commands use, global ones first.
fn slots(d: &Diagnosis) -> Vec<Slot> {
    let kb = crate::kb();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for f in &d.findings {
        let Some(entry) = kb.entry(&f.id) else { continue };
        let names: BTreeSet<&str> = entry.docs.values().flat_map(|doc| engine::kb::placeholders_in(&doc.body)).collect();
        for name in names {
            let Some(kind) = entry.placeholder_kind(name) else { continue };
            if seen.insert(name.to_string()) {
                out.push(Slot { name: name.to_string(), kind, from_paste: f.values.get(name).cloned() });
            }
        }
    }
    let global = |s: &Slot| engine::validate::GLOBAL.iter().position(|(n, _)| *n == s.name).unwrap_or(usize::MAX);
    out.sort_by_key(global);
    out
}

/// The byte offset in `s` of a position counted in UTF-16 units (a text
/// box's selection), on a character boundary.
fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}
