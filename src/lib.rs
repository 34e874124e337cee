//! Rootless Doctor in the browser: a thin Yew shell over the engine. The
//! engine does all the judging; this crate keeps the paste, the language and
//! the route, and shows what the engine returns.

mod components;
mod hooks;
mod storage;

use engine::Lang;
use yew::prelude::*;

use components::{DiagnosePage, GuideIndexPage, GuidePageView, Header, KbEntryPage, KbIndexPage, SearchPage};
use hooks::{use_lang, use_route, Route};

/// An interface string in the reader's language (English when missing).
pub fn t(lang: Lang, key: &str) -> String {
    engine::builtin().ui(lang, key).to_string()
}

#[component]
pub fn App() -> Html {
    let (lang, on_lang) = use_lang();
    let route = use_route();
    let page = match &route {
        Route::Diagnose => html! { <DiagnosePage {lang} /> },
        Route::KbIndex => html! { <KbIndexPage {lang} /> },
        Route::KbEntry(id) => html! { <KbEntryPage {lang} id={id.clone()} /> },
        Route::GuideIndex => html! { <GuideIndexPage {lang} /> },
        Route::GuidePage(id) => html! { <GuidePageView {lang} id={id.clone()} /> },
        Route::Search => html! { <SearchPage {lang} /> },
    };
    html! {
        <>
            <Header {lang} {on_lang} route={route.clone()} />
            <main id="main">{ page }</main>
            <footer class="footer"><p>{ t(lang, "privacy-note") }</p></footer>
        </>
    }
}
