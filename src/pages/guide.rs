use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::components::markdown::Markdown;
use crate::hooks::Route;
use crate::t;

/// The guide's pages in reading order.
#[component]
pub fn GuideIndexPage() -> Html {
    let lang = use_i18n().lang;
    html! {
        <section class="guide-index">
            <h2>{ t(lang, "guide-heading") }</h2>
            <ol>
                { for crate::kb().guide.iter().filter_map(|p| {
                    let (doc, doc_lang) = p.doc(lang)?;
                    Some(html! {
                        <li>
                            <a href={Route::GuidePage(p.id.clone()).href()} lang={doc_lang.code()}>{ &doc.title }</a>
                            <p class="muted" lang={doc_lang.code()}>{ &doc.summary }</p>
                        </li>
                    })
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct GuidePageProps {
    pub id: AttrValue,
}

/// One guide page, with links to the previous and next page.
#[component]
pub fn GuidePageView(props: &GuidePageProps) -> Html {
    let lang = use_i18n().lang;
    let guide = &crate::kb().guide;
    let Some(i) = guide.iter().position(|p| p.id == props.id.as_str()) else {
        return html! { <p>{ t(lang, "kb-not-found") }</p> };
    };
    let Some((doc, doc_lang)) = guide[i].doc(lang) else { return Html::default() };
    let nav = |j: Option<usize>, key: &str| match j.and_then(|j| guide.get(j)).and_then(|p| Some((p, p.doc(lang)?.0))) {
        Some((p, d)) => html! { <a href={Route::GuidePage(p.id.clone()).href()} rel={key.to_string()}>{ &d.title }</a> },
        None => Html::default(),
    };
    html! {
        <article class="guide-page" data-id={guide[i].id.clone()}>
            <h2 lang={doc_lang.code()}>{ &doc.title }</h2>
            <p class="summary" lang={doc_lang.code()}>{ &doc.summary }</p>
            if doc_lang != lang {
                <p class="fallback">{ t(lang, "fallback-note") }</p>
            }
            <div lang={doc_lang.code()}><Markdown class="guide-body" heading=3 source={doc.body.clone()} /></div>
            <nav class="pager" aria-label={t(lang, "guide-heading")}>
                { nav(i.checked_sub(1), "prev") }
                { nav(Some(i + 1), "next") }
            </nav>
        </article>
    }
}
