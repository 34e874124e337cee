use std::rc::Rc;

use engine::{Diagnosis, Lang, Severity};
use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::facts::FactsSummary;
use super::finding::FindingCard;
use crate::t;

/// Milliseconds of quiet typing before the paste is diagnosed again.
const DEBOUNCE_MS: u32 = 120;

#[derive(Properties, PartialEq)]
pub struct DiagnoseProps {
    pub lang: Lang,
}

#[component]
pub fn DiagnosePage(props: &DiagnoseProps) -> Html {
    let lang = props.lang;
    let text = use_state(String::new);
    let diagnosis = use_state(|| None::<Rc<Diagnosis>>);
    {
        let diagnosis = diagnosis.clone();
        use_effect_with(((*text).clone(), lang), move |(text, lang)| {
            let (text, lang) = (text.clone(), *lang);
            let timer = Timeout::new(DEBOUNCE_MS, move || {
                if text.trim().is_empty() {
                    diagnosis.set(None);
                } else {
                    let clipped = engine::text::clip(&text, engine::MAX_INPUT_BYTES);
                    diagnosis.set(Some(Rc::new(engine::builtin().diagnose(clipped, lang))));
                }
            });
            move || drop(timer)
        });
    }
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_clear = {
        let text = text.clone();
        Callback::from(move |_| text.set(String::new()))
    };
    let result = match &*diagnosis {
        None => html! { <p class="empty">{ t(lang, "empty-state") }</p> },
        Some(d) => {
            let count = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count().to_string();
            let counts = t(lang, "findings-count")
                .replace("{errors}", &count(Severity::Error))
                .replace("{warnings}", &count(Severity::Warning))
                .replace("{infos}", &count(Severity::Info));
            html! {
                <>
                    <FactsSummary {lang} diagnosis={d.clone()} />
                    <section class="findings" aria-labelledby="findings-h">
                        <h2 id="findings-h">{ t(lang, "findings-heading") }</h2>
                        <p class="counts" role="status">{ counts }</p>
                        if d.findings.is_empty() {
                            <p class="empty">{ t(lang, "no-findings") }</p>
                        }
                        { for d.findings.iter().map(|f| html! { <FindingCard {lang} finding={f.clone()} key={f.id.clone()} /> }) }
                    </section>
                </>
            }
        }
    };
    html! {
        <div class="diagnose">
            <section class="paste">
                <label for="paste">{ t(lang, "paste-label") }</label>
                <textarea id="paste" spellcheck="false" autocapitalize="off" autocomplete="off"
                    placeholder={t(lang, "paste-placeholder")} value={(*text).clone()} oninput={on_input} />
                <div class="paste-actions">
                    <button type="button" onclick={on_clear} disabled={text.is_empty()}>{ t(lang, "paste-clear") }</button>
                </div>
            </section>
            <div class="result">{ result }</div>
        </div>
    }
}
