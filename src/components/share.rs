use std::rc::Rc;

use engine::redact::Kind;
use engine::Diagnosis;
use web_sys::{HtmlDetailsElement, HtmlInputElement};
use yew::prelude::*;

use crate::i18n::use_i18n;
use super::copy::copy_text;
use crate::t;
use crate::worker::{self, Shared, Task};

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub text: AttrValue,
    pub diagnosis: Rc<Diagnosis>,
}

/// Share a diagnosis: a Markdown report or a permalink, both made from the
/// paste after redaction (every kind on by default), with a preview of
/// exactly what will be shared.
#[component]
pub fn SharePanel(props: &ShareProps) -> Html {
    let lang = use_i18n().lang;
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
    // on every render of the page. The diagnosis module does it (with the
    // report): a small paste on this thread, a large one in the worker,
    // while the panel says so (src/worker.rs).
    let wanted = (*open).then(|| props.text.clone());
    let from_worker = use_state(|| None::<Rc<Shared>>);
    {
        let from_worker = from_worker.clone();
        let deps = (wanted.clone(), (*enabled).clone(), props.diagnosis.clone(), lang);
        use_effect_with(deps, move |(text, enabled, diagnosis, lang)| {
            from_worker.set(None);
            match text {
                Some(text) => {
                    let set = from_worker.clone();
                    worker::share(text.to_string(), diagnosis, enabled, *lang, move |s| set.set(Some(Rc::new(s))));
                }
                None => worker::cancel(Task::Share),
            }
        });
    }
    let summary = html! { <summary>{ t(lang, "share-heading") }</summary> };
    if !*open {
        return html! { <details class="share" ontoggle={on_toggle}>{ summary }</details> };
    }
    let shared = (*from_worker).clone();
    let kinds = html! {
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
    };
    let Some(shared) = shared else {
        return html! {
            <details class="share" open=true ontoggle={on_toggle} aria-busy="true">
                { summary }
                <p class="muted">{ t(lang, "share-intro") }</p>
                { kinds }
                <p class="busy" role="status">{ t(lang, "share-preparing") }</p>
            </details>
        };
    };
    let loc = gloo::utils::window().location();
    let base = format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
    let link = format!("{base}#/?lang={}&paste={}", lang.code(), shared.payload);
    let on_report = {
        let (shared, done) = (shared.clone(), done.clone());
        Callback::from(move |_| {
            copy_text(&shared.report);
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
        <details class="share" open=true ontoggle={on_toggle} aria-busy="false">
            { summary }
            <p class="muted">{ t(lang, "share-intro") }</p>
            { kinds }
            <p>{ t(lang, "share-preview") }</p>
            <pre class="share-preview" tabindex="0"><code>{ shared.redacted.clone() }</code></pre>
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
