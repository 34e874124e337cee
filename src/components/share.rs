use std::rc::Rc;

use engine::redact::{redact, Kind};
use engine::{Diagnosis, Lang};
use web_sys::{HtmlDetailsElement, HtmlInputElement};
use yew::prelude::*;

use super::copy::copy_text;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub lang: Lang,
    pub text: AttrValue,
    pub diagnosis: Rc<Diagnosis>,
}

/// Share a diagnosis: a Markdown report or a permalink, both made from the
/// paste after redaction (every kind on by default), with a preview of
/// exactly what will be shared.
#[component]
pub fn SharePanel(props: &ShareProps) -> Html {
    let lang = props.lang;
    let enabled = use_state(|| Kind::ALL.to_vec());
    let done = use_state(|| None::<&'static str>);
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    // Redacting and compressing a large paste is not free: only while the
    // panel is open, and once per paste, language and choice of kinds, not
    // on every render of the page.
    let shared = use_memo(((*open).then(|| props.text.clone()), (*enabled).clone(), props.diagnosis.clone(), lang), |(text, enabled, diagnosis, lang)| {
        let text = text.as_ref()?;
        let redacted = redact(text, &diagnosis.facts, enabled);
        let loc = gloo::utils::window().location();
        let base = format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
        let link = format!("{base}#/?lang={}&paste={}", lang.code(), crate::share::encode(&redacted));
        Some((redacted, link))
    });
    let Some((redacted, link)) = (*shared).clone() else {
        return html! {
            <details class="share" ontoggle={on_toggle}>
                <summary>{ t(lang, "share-heading") }</summary>
            </details>
        };
    };
    let on_report = {
        let (redacted, done) = (redacted.clone(), done.clone());
        Callback::from(move |_| {
            let kb = crate::kb();
            copy_text(&engine::report::markdown(kb, &kb.diagnose(&redacted, lang)));
            done.set(Some("share-copied-report"));
        })
    };
    let on_link = {
        let (link, done) = (link.clone(), done.clone());
        Callback::from(move |_| {
            copy_text(&link);
            done.set(Some("share-copied-link"));
        })
    };
    html! {
        <details class="share" open=true ontoggle={on_toggle}>
            <summary>{ t(lang, "share-heading") }</summary>
            <p class="muted">{ t(lang, "share-intro") }</p>
            <fieldset>
                <legend>{ t(lang, "share-redact") }</legend>
                { for Kind::ALL.iter().map(|k| {
                    let k = *k;
                    let checked = enabled.contains(&k);
                    let on_change = {
                        let enabled = enabled.clone();
                        Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            let mut next: Vec<Kind> = enabled.iter().copied().filter(|x| *x != k).collect();
                            if input.checked() {
                                next.push(k);
                            }
                            enabled.set(next);
                        })
                    };
                    html! {
                        <label class="check"><input type="checkbox" data-kind={k.key()} {checked} onchange={on_change} />{ t(lang, k.key()) }</label>
                    }
                }) }
            </fieldset>
            <p>{ t(lang, "share-preview") }</p>
            <pre class="share-preview" tabindex="0"><code>{ redacted.clone() }</code></pre>
            <div class="share-actions">
                <button type="button" onclick={on_report}>{ t(lang, "share-copy-report") }</button>
                <button type="button" onclick={on_link}>{ t(lang, "share-copy-link") }</button>
                if let Some(key) = *done {
                    <span role="status" class="muted">{ t(lang, key) }</span>
                }
            </div>
            <label class="share-link">
                <span>{ t(lang, "share-link-label") }</span>
                <input id="share-link" type="text" readonly=true value={link} />
            </label>
        </details>
    }
}
