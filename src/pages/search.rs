use engine::search::{search, HitKind};
use engine::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::Route;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct SearchProps {
    pub lang: Lang,
}

/// Instant search over the guide and every entry, in the reader's language.
#[component]
pub fn SearchPage(props: &SearchProps) -> Html {
    let lang = props.lang;
    let query = use_state(String::new);
    let on_input = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let hits = search(crate::kb(), lang, &query);
    html! {
        <section class="search">
            <h2><label for="search">{ t(lang, "search-heading") }</label></h2>
            <input id="search" type="search" autofocus=true autocomplete="off" value={(*query).clone()}
                placeholder={t(lang, "search-placeholder")} oninput={on_input} />
            if !query.trim().is_empty() {
                <p class="muted" role="status">{ t(lang, "search-count").replace("{n}", &hits.len().to_string()) }</p>
            }
            <ol class="hits">
                { for hits.into_iter().map(|h| {
                    let (href, kind) = match h.kind {
                        HitKind::Entry => (Route::KbEntry(h.id.clone()).href(), t(lang, "nav-kb")),
                        HitKind::Guide => (Route::GuidePage(h.id.clone()).href(), t(lang, "nav-guide")),
                    };
                    html! {
                        <li data-id={h.id.clone()}>
                            <a href={href}>{ &h.title }</a>
                            <span class="kind">{ kind }</span>
                            <p class="snippet">{ &h.snippet.0 }<mark>{ &h.snippet.1 }</mark>{ &h.snippet.2 }</p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
