use std::collections::BTreeMap;
use std::rc::Rc;

use engine::{Finding, Lang, Severity};
use yew::prelude::*;

use crate::i18n::use_i18n;
use super::lines::shown;
use super::markdown::Markdown;
use super::team::{SupportLink, TeamBadge, TeamNote};
use crate::hooks::Route;
use crate::{fmt, t};

#[derive(Properties, PartialEq)]
pub struct FindingProps {
    pub finding: Finding,
    /// Values the reader typed in "your values"; used only if they validate.
    #[prop_or_default]
    pub overrides: Rc<BTreeMap<String, String>>,
    #[prop_or_default]
    pub on_focus_line: Callback<usize>,
}

/// The entry's text and the team's note with the paste's values, overridden
/// by the reader's own where those pass the same validator; examples marked
/// for the page.
fn fix_markdown(f: &Finding, lang: Lang, overrides: &BTreeMap<String, String>) -> (String, Option<String>) {
    let as_found = (f.fix_markdown.clone(), f.team_note.clone());
    let Some(entry) = crate::kb().entry(&f.id) else { return as_found };
    let Some((doc, _)) = entry.doc(f.language) else { return as_found };
    let mut values = f.values.clone();
    for (name, value) in overrides {
        if entry.placeholder_kind(name).is_some_and(|k| k.accepts(value)) {
            values.insert(name.clone(), value.clone());
        }
    }
    let style = engine::render::Style::new(crate::kb(), lang, true);
    let body = entry.text(crate::kb(), doc, f.language, &f.variants);
    (engine::render::fill(&body, &values, Some(entry), style), entry.note(lang).map(|n| engine::render::fill(n, &values, Some(entry), style)))
}

pub fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "severity-error",
        Severity::Warning => "severity-warning",
        Severity::Info => "severity-info",
    }
}

/// One finding: what, the evidence lines (pasted text, shown as text only),
/// and the entry's explanation and fix with the reader's values filled in.
#[component]
pub fn FindingCard(props: &FindingProps) -> Html {
    let lang = use_i18n().lang;
    let f = &props.finding;
    let sev = f.severity.as_str();
    let (fix, note) = fix_markdown(f, lang, &props.overrides);
    html! {
        <article class={classes!("finding", sev)} id={format!("finding-{}", f.id)} data-id={f.id.clone()}>
            <header>
                <span class={classes!("badge", sev)}>{ t(lang, severity_key(f.severity)) }</span>
                <h3 lang={f.language.code()}>{ &f.title }</h3>
                if f.team {
                    <TeamBadge />
                }
                <a class="permalink" href={Route::KbEntry(f.id.clone()).href()}>{ &f.id }</a>
            </header>
            <p class="summary" lang={f.language.code()}>{ &f.summary }</p>
            if f.language != lang {
                <p class="fallback">{ t(lang, "fallback-note") }</p>
            }
            { for f.regressions.iter().map(|r| {
                // The reader's language; {issue} becomes the link to upstream.
                let text = crate::i18n::fill(crate::kb().ui(lang, r.ui_key()), &[("version", &r.version), ("fixed", &r.fixed)]);
                let (before, after) = crate::i18n::around(&text, "issue");
                html! {
                    <p class="regression" data-regression={r.id.clone()}>
                        { before.to_string() }
                        <a href={r.issue.clone()} rel="noreferrer noopener" target="_blank">{ r.issue_label() }</a>
                        { after.to_string() }
                    </p>
                }
            }) }
            <section class="evidence">
                <h4>{ t(lang, "evidence-heading") }</h4>
                <ol>
                    { for f.evidence.iter().map(|e| {
                        let (a, b, c) = split_span(&e.text, e.start, e.end);
                        let n = e.line;
                        let on_click = props.on_focus_line.reform(move |_: MouseEvent| n);
                        html! {
                            <li>
                                <button type="button" class="ln" onclick={on_click}
                                    aria-label={fmt(lang, "evidence-goto", &[("n", &n)])}>
                                    { fmt(lang, "line-label", &[("n", &n)]) }
                                </button>
                                <code>{ shown(a) }<mark>{ shown(b) }</mark>{ shown(c) }</code>
                            </li>
                        }
                    }) }
                </ol>
                if f.more_evidence > 0 {
                    <p class="muted">{ fmt(lang, "more-evidence", &[("n", &f.more_evidence)]) }</p>
                }
            </section>
            if !f.alternatives.is_empty() || f.decide.is_some() {
                <aside class="decide">
                    if !f.alternatives.is_empty() {
                        <p>
                            { crate::i18n::around(crate::kb().ui(lang, "alternatives-note"), "ids").0 }
                            { for f.alternatives.iter().enumerate().map(|(i, a)| html! {
                                <>{ if i > 0 { ", " } else { "" } }<a href={format!("#finding-{a}")}>{ a }</a></>
                            }) }
                            { crate::i18n::around(crate::kb().ui(lang, "alternatives-note"), "ids").1 }
                        </p>
                    }
                    if let Some(cmd) = &f.decide {
                        <p>{ t(lang, "decide-hint") }</p>
                        <pre tabindex="0"><code>{ cmd }</code></pre>
                    }
                </aside>
            }
            <div lang={f.language.code()}><Markdown class="fix" heading=4 source={fix} /></div>
            if let Some(note) = note {
                <TeamNote source={note} />
            }
            if !f.references.is_empty() {
                <section class="refs">
                    <h4>{ t(lang, "references-heading") }</h4>
                    <ul>{ for f.references.iter().map(|r| html! { <li><a href={r.clone()} rel="noreferrer noopener" target="_blank">{ r }</a></li> }) }</ul>
                </section>
            }
            <SupportLink />
        </article>
    }
}

/// Splits a line at a byte span, tolerating spans that are off char
/// boundaries or out of range (the text is shown either way).
fn split_span(text: &str, start: usize, end: usize) -> (&str, &str, &str) {
    let fix = |i: usize| super::lines::floor_char_boundary(text, i);
    let (s, e) = (fix(start), fix(end));
    let e = e.max(s);
    (&text[..s], &text[s..e], &text[e..])
}
