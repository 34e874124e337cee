use engine::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::use_i18n;
use super::team::TeamHeader;
use crate::hooks::Route;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub on_lang: Callback<Lang>,
    /// A language the reader chose whose text is still loading.
    pub pending: Option<Lang>,
    pub route: Route,
}

/// Names of the languages in their own script, for the switcher.
fn endonym(l: Lang) -> &'static str {
    match l {
        Lang::En => "English",
        Lang::Ko => "한국어",
        Lang::Zh => "简体中文",
        Lang::Ja => "日本語",
    }
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let lang = use_i18n().lang;
    let on_change = {
        let on_lang = props.on_lang.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Lang::from_code(&select.value()) {
                on_lang.emit(l);
            }
        })
    };
    let current = |r: &Route| {
        let same = *r == props.route
            || matches!((r, &props.route), (Route::KbIndex, Route::KbEntry(_)) | (Route::GuideIndex, Route::GuidePage(_)));
        if same { "page" } else { "false" }
    };
    html! {
        <header class="header">
            <div class="brand">
                <h1 class="title"><a href="#/">{ t(lang, "app-title") }</a></h1>
                <p class="tagline">{ t(lang, "app-tagline") }</p>
                <TeamHeader />
            </div>
            <nav class="nav">
                <a href={Route::Diagnose.href()} aria-current={current(&Route::Diagnose)}>{ t(lang, "nav-diagnose") }</a>
                <a href={Route::GuideIndex.href()} aria-current={current(&Route::GuideIndex)}>{ t(lang, "nav-guide") }</a>
                <a href={Route::KbIndex.href()} aria-current={current(&Route::KbIndex)}>{ t(lang, "nav-kb") }</a>
                <a href={Route::Search.href()} aria-current={current(&Route::Search)}>{ t(lang, "nav-search") }</a>
                <label class="lang">
                    <span>{ t(lang, "language-label") }</span>
                    <select id="lang" onchange={on_change} aria-busy={props.pending.is_some().then_some("true")}>
                        { for Lang::ALL.iter().map(|l| html! {
                            <option value={l.code()} lang={l.code()} selected={*l == props.pending.unwrap_or(lang)}>{ endonym(*l) }</option>
                        }) }
                    </select>
                    if let Some(next) = props.pending {
                        <span class="lang-loading" role="status">{ crate::fmt(lang, "language-loading", &[("language", &endonym(next))]) }</span>
                    }
                </label>
            </nav>
        </header>
    }
}
