use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::use_i18n;
use super::copy::CopyButton;
use crate::t;

/// The collector script the page offers; `rootless-doctor check` runs the same text.
pub const COLLECTOR: &str = include_str!("../../static/collect.sh");

#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    pub on_pick: Callback<String>,
}

/// A menu of realistic pastes: the first firing sample of every entry, by category.
#[component]
pub fn ExamplesMenu(props: &ExamplesProps) -> Html {
    let lang = use_i18n().lang;
    let kb = crate::kb();
    // The categories of the entries offered (not retired), as the KB index lists them.
    let mut categories: Vec<&str> = kb.entries.iter().filter(|e| !e.retired).map(|e| e.category.as_str()).collect();
    categories.sort();
    categories.dedup();
    let on_change = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some((id, name)) = value.split_once('/') {
                if let Some(sample) = crate::kb().entry(id).and_then(|en| en.samples.iter().find(|s| s.name == name)) {
                    on_pick.emit(sample.text.clone());
                }
            }
            select.set_value("");
        })
    };
    html! {
        <label class="examples">
            <span>{ t(lang, "examples-label") }</span>
            <select id="examples" onchange={on_change}>
                <option value="" selected=true>{ t(lang, "examples-choose") }</option>
                { for categories.into_iter().map(|cat| html! {
                    <optgroup label={t(lang, &format!("category-{cat}"))}>
                        { for kb.entries.iter().filter(|e| e.category == cat && !e.retired).filter_map(|e| {
                            let sample = e.samples.iter().find(|s| s.fires)?;
                            let title = e.doc(lang).map(|(d, _)| d.title.clone()).unwrap_or_else(|| e.id.clone());
                            Some(html! { <option value={format!("{}/{}", e.id, sample.name)}>{ title }</option> })
                        }) }
                    </optgroup>
                }) }
            </select>
        </label>
    }
}

/// The read-only collector script, to copy and run on the affected machine.
#[component]
pub fn Collector() -> Html {
    let lang = use_i18n().lang;
    html! {
        <details class="collector">
            <summary>{ t(lang, "collector-heading") }</summary>
            <p>{ t(lang, "collector-intro") }</p>
            <CopyButton text={COLLECTOR} />
            <pre tabindex="0"><code>{ COLLECTOR }</code></pre>
            <p>{ t(lang, "cli-collector-note") }</p>
            <super::cli::CliDownload name="collector" />
            <p><a href="#/cli">{ t(lang, "cli-collector-more") }</a></p>
        </details>
    }
}
