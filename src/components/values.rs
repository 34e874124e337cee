use std::collections::BTreeMap;

use engine::validate::Kind;
use engine::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::t;

/// One value the commands use: its placeholder name, kind, and what the paste gave.
#[derive(Clone, PartialEq)]
pub struct Slot {
    pub name: String,
    pub kind: Kind,
    pub from_paste: Option<String>,
    /// What the commands show without a value: an example, a shell
    /// expression, or `<name>`; the empty box shows it too.
    pub hint: String,
}

#[derive(Properties, PartialEq)]
pub struct ValuesProps {
    pub slots: Vec<Slot>,
    pub overrides: BTreeMap<String, String>,
    pub on_change: Callback<(String, String)>,
}

/// "Your values": fill or correct what the commands need. What the reader
/// types passes the same validator as a pasted value before it is used.
#[component]
pub fn ValuesForm(props: &ValuesProps) -> Html {
    let lang = use_i18n().lang;
    if props.slots.is_empty() {
        return Html::default();
    }
    html! {
        <section class="values" aria-labelledby="values-h">
            <h2 id="values-h">{ t(lang, "values-heading") }</h2>
            <p class="muted">{ t(lang, "values-intro") }</p>
            <div class="values-grid">
                { for props.slots.iter().map(|slot| {
                    let id = format!("value-{}", slot.name);
                    let key = format!("value-{}", slot.name);
                    let known = crate::kb().ui.get(&Lang::En).is_some_and(|m| m.contains_key(&key));
                    let label = if known { html! { { t(lang, &key) } } } else { html! { <code>{ &slot.name }</code> } };
                    let current = props.overrides.get(&slot.name).cloned().or_else(|| slot.from_paste.clone()).unwrap_or_default();
                    let invalid = !current.is_empty() && !slot.kind.accepts(&current);
                    let on_input = {
                        let (cb, name) = (props.on_change.clone(), slot.name.clone());
                        Callback::from(move |e: InputEvent| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            cb.emit((name.clone(), input.value()));
                        })
                    };
                    html! {
                        <div class="value">
                            <label for={id.clone()}>{ label }</label>
                            <input id={id.clone()} type="text" spellcheck="false" autocomplete="off" value={current}
                                placeholder={slot.hint.clone()} aria-invalid={invalid.to_string()}
                                aria-describedby={invalid.then(|| format!("{id}-err"))} oninput={on_input} />
                            if invalid {
                                <p id={format!("{id}-err")} class="invalid">{ t(lang, "values-invalid") }</p>
                            }
                        </div>
                    }
                }) }
            </div>
        </section>
    }
}
