use engine::{Lang, Severity};
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::components::finding::severity_key;
use crate::components::markdown::Markdown;
use crate::components::team::{TeamBadge, TeamNote};
use crate::hooks::Route;
use crate::t;

/// Every entry, grouped by category: links that docs can point at.
#[component]
pub fn KbIndexPage() -> Html {
    let lang = use_i18n().lang;
    let kb = crate::kb();
    let mut categories: Vec<&str> = kb.entries.iter().filter(|e| !e.retired).map(|e| e.category.as_str()).collect();
    categories.sort();
    categories.dedup();
    html! {
        <section class="kb-index">
            <h2>{ t(lang, "kb-index-heading") }</h2>
            { for categories.into_iter().map(|cat| html! {
                <section class="category">
                    <h3>{ t(lang, &format!("category-{cat}")) }</h3>
                    <ul>
                        { for kb.entries.iter().filter(|e| !e.retired && e.category == cat).map(|e| {
                            let (doc, doc_lang) = e.doc(lang).map(|(d, l)| (d.title.clone(), l)).unwrap_or((e.id.clone(), Lang::En));
                            html! {
                                <li>
                                    <span class={classes!("badge", e.severity.as_str())}>{ t(lang, severity_key(e.severity)) }</span>
                                    <a href={Route::KbEntry(e.id.clone()).href()} lang={doc_lang.code()}>{ doc }</a>
                                    if e.team {
                                        { " " }<TeamBadge />
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct KbEntryProps {
    pub id: AttrValue,
}

/// One entry as a page: `#/kb/<id>`. Placeholders show as `<user>`.
#[component]
pub fn KbEntryPage(props: &KbEntryProps) -> Html {
    let lang = use_i18n().lang;
    let Some(entry) = crate::kb().entry(&props.id) else {
        return html! {
            <section class="kb-entry">
                <p>{ t(lang, "kb-not-found") }</p>
                <p><a href={Route::KbIndex.href()}>{ t(lang, "kb-index-heading") }</a></p>
            </section>
        };
    };
    let Some((doc, doc_lang)) = entry.doc(lang) else { return Html::default() };
    let style = engine::render::Style::new(crate::kb(), lang, true);
    let body = engine::render::fill(&entry.text(crate::kb(), doc, doc_lang, &Default::default()), &Default::default(), Some(entry), style);
    let sev: Severity = entry.severity;
    html! {
        <article class={classes!("kb-entry", "finding", sev.as_str())} data-id={entry.id.clone()}>
            <p><a href={Route::Diagnose.href()}>{ t(lang, "kb-back") }</a></p>
            <header>
                <span class={classes!("badge", sev.as_str())}>{ t(lang, severity_key(sev)) }</span>
                <h2 lang={doc_lang.code()}>{ &doc.title }</h2>
                if entry.team {
                    <TeamBadge />
                }
            </header>
            <p class="summary" lang={doc_lang.code()}>{ &doc.summary }</p>
            if doc_lang != lang {
                <p class="fallback">{ t(lang, "fallback-note") }</p>
            }
            <div lang={doc_lang.code()}><Markdown class="fix" heading=3 source={body} /></div>
            if let Some(note) = entry.note(lang) {
                <TeamNote level={3} source={engine::render::fill(note, &Default::default(), Some(entry), style)} />
            }
            if !entry.related.is_empty() {
                <section class="related">
                    <h3>{ t(lang, "related-heading") }</h3>
                    <ul>{ for entry.related.iter().map(|r| {
                        let (title, title_lang) = crate::kb().entry(r).and_then(|e| e.doc(lang)).map(|(d, l)| (d.title.clone(), l)).unwrap_or_else(|| (r.clone(), Lang::En));
                        html! { <li><a href={Route::KbEntry(r.clone()).href()} lang={title_lang.code()}>{ title }</a></li> }
                    }) }</ul>
                </section>
            }
            if !entry.references.is_empty() {
                <section class="refs">
                    <h3>{ t(lang, "references-heading") }</h3>
                    <ul>{ for entry.references.iter().map(|r| html! { <li><a href={r.clone()} rel="noreferrer noopener" target="_blank">{ r }</a></li> }) }</ul>
                </section>
            }
        </article>
    }
}
