//! Rootless Doctor in the browser: a thin Yew shell over the engine. The
//! engine does all the judging; this crate keeps the paste, the language and
//! the route, and shows what the engine returns.

mod components;
pub mod extensions;
mod hooks;
mod share;
mod storage;
pub mod worker;

use engine::Lang;
use yew::prelude::*;

use components::{CliPage, DiagnosePage, EmbedPage, ExtensionsReport, GuideIndexPage, GuidePageView, Header, KbEntryPage, KbIndexPage, SearchPage};
use hooks::{use_lang, use_route, Route};

pub use extensions::kb;

/// An interface string in the reader's language (English when missing).
pub fn t(lang: Lang, key: &str) -> String {
    crate::kb().ui(lang, key).to_string()
}

/// In an iframe (`#/?embed=1`, `#/kb/<id>?embed=1`): no header or footer,
/// and the content height is posted to the parent so it can size the frame:
/// `{ type: "rootless-doctor:height", height }`.
#[hook]
fn use_embed() {
    let embed = use_state(|| share::hash_param("embed").is_some_and(|v| v == "1"));
    use_effect_with(*embed, |embed| {
        let mut interval = None;
        if *embed {
            if let Some(body) = gloo::utils::document().body() {
                let _ = body.class_list().add_1("embed");
            }
            let last = std::cell::Cell::new(0);
            interval = Some(gloo::timers::callback::Interval::new(250, move || {
                let Some(body) = gloo::utils::document().body() else { return };
                let height = body.scroll_height().max(0);
                if height == last.get() {
                    return;
                }
                last.set(height);
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &"rootless-doctor:height".into());
                let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
                if let Ok(Some(parent)) = gloo::utils::window().parent() {
                    let _ = parent.post_message(&message, "*");
                }
            }));
        }
        move || drop(interval)
    });
}

#[component]
pub fn App() -> Html {
    let (lang, on_lang) = use_lang();
    let route = use_route();
    use_embed();
    let page = match &route {
        Route::Diagnose => html! { <DiagnosePage {lang} /> },
        Route::KbIndex => html! { <KbIndexPage {lang} /> },
        Route::KbEntry(id) => html! { <KbEntryPage {lang} id={id.clone()} /> },
        Route::GuideIndex => html! { <GuideIndexPage {lang} /> },
        Route::GuidePage(id) => html! { <GuidePageView {lang} id={id.clone()} /> },
        Route::Search => html! { <SearchPage {lang} /> },
        Route::Embed => html! { <EmbedPage {lang} /> },
        Route::Cli => html! { <CliPage {lang} /> },
    };
    html! {
        <>
            <Header {lang} {on_lang} route={route.clone()} />
            <main id="main"><ExtensionsReport {lang} />{ page }</main>
            <footer class="footer"><p>{ t(lang, "privacy-note") }</p><p><a href={Route::Embed.href()}>{ t(lang, "embed-heading") }</a>{ " · " }<a href={Route::Cli.href()}>{ t(lang, "cli-link") }</a></p></footer>
        </>
    }
}
