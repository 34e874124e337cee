//! Rootless Doctor in the browser: a thin Yew shell over the engine. The
//! engine does all the judging; this crate keeps the paste, the language and
//! the route, and shows what the engine returns.

mod components;
pub mod content;
pub mod diag;
mod hooks;
mod i18n;
mod pages;
mod share;
mod state;
mod storage;
pub mod worker;

use engine::Lang;
use yew::prelude::*;

use components::cli::CliPage;
use components::{ExtensionsReport, Header};
use pages::{DiagnosePage, EmbedPage, GuideIndexPage, GuidePageView, KbEntryPage, KbIndexPage, SearchPage};
use hooks::{use_content, use_embed, use_lang, use_route, Route};
use i18n::I18n;

pub use content::kb;

/// The language the page starts in (see `hooks::use_lang`).
pub fn initial_lang() -> Lang {
    hooks::use_lang::initial()
}

/// An interface string in the reader's language (English when missing).
pub fn t(lang: Lang, key: &str) -> String {
    crate::kb().ui(lang, key).to_string()
}

/// An interface string with its `{name}` placeholders filled (the one
/// formatter: `i18n::fill`).
pub fn fmt(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    i18n::fill(crate::kb().ui(lang, key), args)
}

#[component]
pub fn App() -> Html {
    let generation = use_content();
    let (lang, pending, on_lang) = use_lang();
    let route = use_route();
    use_embed();
    let ready = content::ready(lang);
    let page = match &route {
        // Pages of the knowledge base wait for its text (src/content.rs);
        // the diagnose page is usable at once, and its paste waits.
        Route::KbIndex | Route::KbEntry(_) | Route::GuideIndex | Route::GuidePage(_) | Route::Search if !ready => {
            let key = if content::failed() { "content-failed" } else { "content-loading" };
            html! { <p class="busy" role="status">{ t(lang, key) }</p> }
        }
        Route::Diagnose => html! { <DiagnosePage /> },
        Route::KbIndex => html! { <KbIndexPage /> },
        Route::KbEntry(id) => html! { <KbEntryPage id={id.clone()} /> },
        Route::GuideIndex => html! { <GuideIndexPage /> },
        Route::GuidePage(id) => html! { <GuidePageView id={id.clone()} /> },
        Route::Search => html! { <SearchPage /> },
        Route::Embed => html! { <EmbedPage /> },
        Route::Cli => html! { <CliPage /> },
    };
    html! {
        <ContextProvider<I18n> context={I18n { lang, generation, ready }}>
            <Header {on_lang} {pending} route={route.clone()} />
            <main id="main"><ExtensionsReport />{ page }</main>
            <footer class="footer"><p>{ t(lang, "privacy-note") }</p><p>{ t(lang, "privacy-kept") }</p><p><a href={Route::Embed.href()}>{ t(lang, "embed-heading") }</a>{ " · " }<a href={Route::Cli.href()}>{ t(lang, "cli-link") }</a></p></footer>
        </ContextProvider<I18n>>
    }
}
