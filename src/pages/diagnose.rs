use std::collections::BTreeSet;

use engine::{Diagnosis, Severity};
use gloo::file::callbacks::FileReader;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::components::facts::FactsSummary;
use crate::components::finding::FindingCard;
use crate::components::suggestions::Suggestions;
use crate::components::lines::LinesView;
use crate::components::paste_tools::{Collector, ExamplesMenu};
use crate::components::share::SharePanel;
use crate::components::subids::SubIdPanel;
use crate::components::values::{Slot, ValuesForm};
use crate::hooks::{use_diagnosis, PASTE_KEY};
use crate::state::paste::{self, Action, Notice, Paste, Pasted, View};
use crate::{fmt, t};

#[component]
pub fn DiagnosePage() -> Html {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let paste = use_reducer(|| {
        let link = crate::share::hash_param("paste").and_then(|p| crate::share::decode(&p));
        Paste::open(link, crate::storage::get(PASTE_KEY), crate::share::embedded())
    });
    // A permalink opened while the page is open (the address changed).
    {
        let paste = paste.dispatcher();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let Some(text) = crate::share::hash_param("paste").and_then(|p| crate::share::decode(&p)) else { return };
                if crate::share::embedded() {
                    paste.dispatch(Action::Replace(text));
                } else {
                    paste.dispatch(Action::OpenLink(text, crate::storage::get(PASTE_KEY)));
                }
            });
            move || drop(listener)
        });
    }
    let keep = paste.keeps() && !crate::share::embedded();
    let diagnosing = use_diagnosis(paste.text.clone(), lang, keep);
    let reader = use_mut_ref(|| None::<FileReader>);
    let act = |make: fn(String) -> Action| {
        let paste = paste.dispatcher();
        Callback::from(move |s: String| paste.dispatch(make(s)))
    };
    let replace = act(Action::Replace);
    let on_input = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            // Over the cap, like a dropped file: refused with a message. The box
            // gets its text back at once, before the browser lays the paste out.
            if paste::over_cap(value.len()) {
                area.set_value(&paste.text);
                paste.dispatch(Action::Refuse(value.len()));
                return;
            }
            paste.dispatch(Action::Edit(value));
        })
    };
    // Caught before the browser puts it in the box: laying out megabytes in
    // a text box freezes the page (10 MB: about 3 s in Chromium; tens of MB:
    // minutes). See `paste::clipboard_paste`.
    let on_paste = {
        let paste = paste.dispatcher();
        Callback::from(move |e: Event| {
            let data = js_sys::Reflect::get(&e, &"clipboardData".into()).unwrap_or_default();
            let get_data = js_sys::Reflect::get(&data, &"getData".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            let pasted = get_data.and_then(|f| f.call1(&data, &"text/plain".into()).ok()).and_then(|t| t.dyn_into::<js_sys::JsString>().ok());
            let Some(pasted) = pasted else { return };
            let area = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
            let value = area.as_ref().map(|a| {
                let at = |u: Result<Option<u32>, _>| u.ok().flatten().unwrap_or(0);
                (a.value(), at(a.selection_start()), at(a.selection_end()))
            });
            let decision = paste::clipboard_paste(pasted.length() as usize, value.as_ref().map(|(v, s, e)| (v.as_str(), *s, *e)), || String::from(&pasted));
            match decision {
                Pasted::Browser => {}
                Pasted::Refuse(size) => {
                    e.prevent_default();
                    paste.dispatch(Action::Refuse(size));
                }
                Pasted::Take(text) => {
                    e.prevent_default();
                    paste.dispatch(Action::Replace(text));
                }
            }
        })
    };
    let on_clear = {
        let replace = replace.clone();
        Callback::from(move |_| replace.emit(String::new()))
    };
    let on_drop = {
        let (paste, replace, reader) = (paste.dispatcher(), replace.clone(), reader.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else { return };
            let file = gloo::file::File::from(file);
            if paste::over_cap(file.size() as usize) {
                paste.dispatch(Action::RefuseDrop);
                return;
            }
            let replace = replace.clone();
            let handle = gloo::file::callbacks::read_as_text(&file, move |r| {
                if let Ok(s) = r {
                    replace.emit(s);
                }
            });
            *reader.borrow_mut() = Some(handle);
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_focus_line = {
        let paste = paste.dispatcher();
        Callback::from(move |n: usize| paste.dispatch(Action::ShowLine(n)))
    };
    let on_value = {
        let paste = paste.dispatcher();
        Callback::from(move |(name, value): (String, String)| paste.dispatch(Action::SetValue(name, value)))
    };
    let tab = |v: View, key: &str| {
        let selected = paste.view == v;
        let paste = paste.dispatcher();
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()} onclick={Callback::from(move |_| paste.dispatch(Action::SetView(v)))}>{ t(lang, key) }</button>
        }
    };
    let result = &diagnosing.result;
    // A paste this large is not put in the text box (the browser would take
    // seconds to lay it out, and nobody edits it there): a card says what is
    // kept; the Lines tab shows it; Clear or a new paste replaces it.
    let large = paste::large_card(&paste.text);
    let paste_area = match (paste.view, result, &large) {
        (View::Lines, Some(r), _) => html! { <LinesView text={r.text.clone()} marks={r.marks.clone()} focus={paste.focus} /> },
        (_, _, Some((size, lines))) => html! {
            <div id="paste-large" class="paste-large" tabindex="0" role="group" aria-labelledby="paste-label" onpaste={on_paste.clone()}>
                <p>{ fmt(lang, "paste-large", &[("size", size), ("lines", lines)]) }</p>
            </div>
        },
        _ => html! {
            <textarea id="paste" spellcheck="false" autocapitalize="off" autocomplete="off"
                aria-describedby="drop-hint" placeholder={t(lang, "paste-placeholder")} value={paste.text.to_string()}
                oninput={on_input} onpaste={on_paste} ondrop={on_drop} ondragover={on_dragover} />
        },
    };
    let link_bar = paste.link.as_ref().map(|link| {
        let keep = {
            let paste = paste.dispatcher();
            Callback::from(move |_| {
                paste.dispatch(Action::KeepLink);
                crate::share::forget_link();
            })
        };
        let restore = {
            let paste = paste.dispatcher();
            Callback::from(move |_| {
                paste.dispatch(Action::RestoreSaved);
                crate::share::forget_link();
            })
        };
        html! {
            <div class="link-bar" role="region" aria-label={t(lang, "link-opened-label")}>
                <p>{ t(lang, if link.saved.is_some() { "link-opened" } else { "link-opened-nothing-saved" }) }</p>
                <button type="button" id="link-keep" onclick={keep}>{ t(lang, "link-keep") }</button>
                if link.saved.is_some() {
                    <button type="button" id="link-restore" onclick={restore}>{ t(lang, "link-restore") }</button>
                }
            </div>
        }
    });
    let findings = match result {
        None => html! { <p class="empty">{ t(lang, "empty-state") }</p> },
        Some(r) => {
            let d = &r.diagnosis;
            let count = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count().to_string();
            let counts = fmt(lang, "findings-count", &[("errors", &count(Severity::Error)), ("warnings", &count(Severity::Warning)), ("infos", &count(Severity::Info))]);
            html! {
                <>
                    <FactsSummary diagnosis={d.clone()} />
                    <SubIdPanel diagnosis={d.clone()} />
                    <ValuesForm slots={slots(d)} overrides={(*paste.overrides).clone()} on_change={on_value} />
                    <SharePanel text={r.text.clone()} diagnosis={d.clone()} />
                    <section class="findings" aria-labelledby="findings-h">
                        <h2 id="findings-h">{ t(lang, "findings-heading") }</h2>
                        <p class="counts" role="status">{ counts }</p>
                        if d.findings.is_empty() {
                            <p class="empty">{ t(lang, "no-findings") }</p>
                        }
                        { for d.findings.iter().map(|f| html! {
                            <FindingCard finding={f.clone()} key={f.id.clone()}
                                overrides={paste.overrides.clone()} on_focus_line={on_focus_line.clone()} />
                        }) }
                    </section>
                    <Suggestions suggestions={d.suggestions.clone()} on_focus_line={on_focus_line.clone()} />
                </>
            }
        }
    };
    let message = match paste.notice {
        Some(Notice::TooLarge(n)) => Some(fmt(lang, "paste-too-large", &[("size", &n.div_ceil(1 << 20)), ("limit", &(engine::MAX_INPUT_BYTES >> 20))])),
        Some(Notice::DropTooLarge) => Some(fmt(lang, "drop-too-large", &[("limit", &(engine::MAX_INPUT_BYTES >> 20))])),
        None => None,
    };
    html! {
        <div class="diagnose">
            <section class="paste">
                { for link_bar }
                <div class="paste-head">
                    <label id="paste-label" for={large.is_none().then_some("paste")}>{ t(lang, "paste-label") }</label>
                    <ExamplesMenu on_pick={replace.clone()} />
                </div>
                if result.is_some() {
                    <div class="tabs" role="tablist" aria-label={t(lang, "view-label")}>
                        { tab(View::Edit, "view-edit") }
                        { tab(View::Lines, "view-lines") }
                    </div>
                }
                { paste_area }
                <div class="paste-actions">
                    <p id="drop-hint" class={if message.is_some() { "notice" } else { "muted" }} aria-live="polite">
                        { message.unwrap_or_else(|| t(lang, "drop-hint")) }
                    </p>
                    <button type="button" onclick={on_clear} disabled={paste.text.is_empty()}>{ t(lang, "paste-clear") }</button>
                </div>
                <Collector />
            </section>
            <div class="result" aria-busy={diagnosing.busy.to_string()}>
                if diagnosing.busy {
                    <p class="busy" role="status">{ t(lang, match (i18n.ready && crate::diag::ready(), crate::content::failed() || crate::diag::failed()) {
                        (true, _) => "diagnosing",
                        (false, false) => "content-loading",
                        (false, true) => "content-failed",
                    }) }</p>
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
            let Some(p) = entry.placeholder(name) else { continue };
            if seen.insert(name.to_string()) {
                let hint = match &p.fallback {
                    Some(engine::placeholder::Fallback::Guard(v)) => format!("${v}"),
                    Some(f) => f.text().to_string(),
                    None => format!("<{name}>"),
                };
                out.push(Slot { name: name.to_string(), kind: p.kind, from_paste: f.values.get(name).cloned(), hint });
            }
        }
    }
    let global = |s: &Slot| engine::validate::GLOBAL.iter().position(|(n, _)| *n == s.name).unwrap_or(usize::MAX);
    out.sort_by_key(global);
    out
}
