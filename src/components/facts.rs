use engine::Diagnosis;
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::{fmt, t};

#[derive(Properties, PartialEq)]
pub struct FactsProps {
    pub diagnosis: std::rc::Rc<Diagnosis>,
}

/// What the engine read from the paste, so the reader can check it.
#[component]
pub fn FactsSummary(props: &FactsProps) -> Html {
    let lang = use_i18n().lang;
    let d = &props.diagnosis;
    let rows = engine::report::fact_rows(crate::kb(), lang, d);
    let mut kinds: Vec<&str> = Vec::new();
    for s in d.sections.iter().filter(|s| s.kind != engine::formats::TEXT_KIND) {
        if !kinds.contains(&s.kind) {
            kinds.push(s.kind);
        }
    }
    if kinds.is_empty() {
        kinds.push(engine::formats::TEXT_KIND);
    }
    let read = fmt(lang, "sections-read", &[("n", &d.line_count), ("kinds", &kinds.join(", "))]);
    html! {
        <section class="facts" aria-labelledby="facts-h">
            <h2 id="facts-h">{ t(lang, "facts-heading") }</h2>
            <p class="muted">{ read }</p>
            if !rows.is_empty() {
                <dl>
                    { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
                </dl>
            }
        </section>
    }
}
