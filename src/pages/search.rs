use engine::search::{search, HitKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::hooks::Route;
use crate::{fmt, t};

/// Instant search over the guide and every entry, in the reader's language.
#[component]
pub fn SearchPage() -> Html {
    let lang = use_i18n().lang;
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
                <p class="muted" role="status">{ fmt(lang, "search-count", &[("n", &hits.len())]) }</p>
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
