//! The subordinate ID panel: per file a table, a chart (`chart.rs`) and what
//! is wrong; a free range as a usermod command; the UID calculator
//! (`calculator.rs`).

use std::rc::Rc;

use engine::subids::{self, Check, FileReport, IdFile, Row, SubIdReport};
use engine::{Diagnosis, Lang};
use yew::prelude::*;

use super::calculator::MappingCalculator;
use super::chart::chart;
use crate::components::finding::severity_key;
use crate::components::lines::shown;
use crate::i18n::use_i18n;
use crate::{fmt, t};

#[derive(Properties, PartialEq)]
pub struct SubIdProps {
    pub diagnosis: Rc<Diagnosis>,
}

/// /etc/subuid and /etc/subgid as a whole: a table and a picture per file,
/// what is wrong with the ranges, a free range as a usermod command, and a
/// calculator from container UIDs to host UIDs. Shown only when the paste
/// has subordinate ID lines; every pasted value reaches the page as text.
#[component]
pub fn SubIdPanel(props: &SubIdProps) -> Html {
    let lang = use_i18n().lang;
    let report = use_memo(props.diagnosis.clone(), |d| subids::analyze(&d.facts));
    if report.is_empty() {
        return Html::default();
    }
    let user = props.diagnosis.facts.user.cloned().filter(|u| engine::validate::Kind::User.accepts(u));
    html! {
        <section class="subids" aria-labelledby="subids-h">
            <h2 id="subids-h">{ t(lang, "subids-heading") }</h2>
            <p class="muted">{ t(lang, "subids-intro") }</p>
            { file_view(lang, &report, &report.subuid) }
            { file_view(lang, &report, &report.subgid) }
            if !report.checks.is_empty() {
                <div class="subid-cross">
                    <h3>{ t(lang, "subids-checks-both") }</h3>
                    { checks_list(lang, &report.checks, &t(lang, "subids-checks-both")) }
                </div>
            }
            if report.user_needs_range() {
                <div class="subid-free">
                    <h3>{ t(lang, "subids-free-heading") }</h3>
                    { match report.free {
                        Some((a, b)) => html! {
                            <>
                                <p>{ fmt(lang, "subids-free-intro", &[("start", &a), ("end", &b), ("count", &(b - a + 1))]) }</p>
                                <pre tabindex="0"><code class="cmd">{ subids::add_command((a, b), user.as_deref()) }</code></pre>
                                <p class="muted">{ t(lang, "subids-free-after") }</p>
                            </>
                        },
                        None => html! { <p>{ t(lang, "subids-free-none") }</p> },
                    } }
                </div>
            }
            <MappingCalculator report={report.clone()} />
        </section>
    }
}

fn file_view(lang: Lang, report: &SubIdReport, f: &FileReport) -> Html {
    let path = f.file.path();
    let name = file_name(f.file);
    if !f.read {
        return html! {
            <div class="subid-file" data-file={name}>
                <h3><code>{ path }</code></h3>
                <p class="muted">{ fmt(lang, "subids-not-pasted", &[("file", &path)]) }</p>
            </div>
        };
    }
    let flagged = |row: &Row| f.checks.iter().any(|c| c.severity >= engine::Severity::Warning && c.lines.contains(&row.line));
    html! {
        <div class="subid-file" data-file={name}>
            <h3><code>{ path }</code></h3>
            if !f.rows.is_empty() {
                <div class="subid-table-wrap" tabindex="0" role="region" aria-label={path}>
                    <table class="subid-table" data-file={name}>
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, "subids-col-owner") }</th>
                                <th scope="col" class="num">{ t(lang, "subids-col-start") }</th>
                                <th scope="col" class="num">{ t(lang, "subids-col-end") }</th>
                                <th scope="col" class="num">{ t(lang, "subids-col-count") }</th>
                                <th scope="col" class="num">{ t(lang, "subids-col-line") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for f.rows.iter().map(|r| html! {
                                <tr class={classes!(r.is_user.then_some("you"), flagged(r).then_some("flagged"))} data-line={r.line.to_string()}>
                                    <th scope="row">
                                        <code>{ shown(&r.owner) }</code>
                                        if r.is_user { <span class="you-badge">{ t(lang, "subids-you") }</span> }
                                    </th>
                                    <td class="num">{ r.start.to_string() }</td>
                                    <td class="num">{ r.end.map(|e| e.to_string()).unwrap_or_else(|| "–".into()) }</td>
                                    <td class="num">{ r.count.to_string() }</td>
                                    <td class="num">{ r.line.to_string() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if f.cut > 0 {
                    <p class="muted">{ fmt(lang, "subids-cut", &[("n", &f.cut)]) }</p>
                }
                { chart(lang, report, f) }
            }
            if f.checks.is_empty() {
                <p class="subid-ok">{ t(lang, "subids-no-problems") }</p>
            } else {
                { checks_list(lang, &f.checks, &fmt(lang, "subids-checks-label", &[("file", &path)])) }
            }
        </div>
    }
}

pub(super) fn file_name(f: IdFile) -> &'static str {
    match f {
        IdFile::Subuid => "subuid",
        IdFile::Subgid => "subgid",
    }
}

fn checks_list(lang: Lang, checks: &[Check], label: &str) -> Html {
    html! {
        <ul class="subid-checks" aria-label={label.to_string()}>
            { for checks.iter().map(|c| {
                let sev = c.severity.as_str();
                let value = c.value.map(|v| v.to_string()).unwrap_or_default();
                let owners = shown(&c.owners.join(" ↔ "));
                let owner = c.owners.first().map(|o| shown(o)).unwrap_or_else(|| "?".into());
                let file = c.file.map(IdFile::path).unwrap_or("/etc/subuid, /etc/subgid");
                let text = fmt(lang, c.key, &[("owners", &owners), ("owner", &owner), ("count", &value), ("uid", &value), ("file", &file)]);
                let lines = c.lines.iter().map(|n| fmt(lang, "line-label", &[("n", n)])).collect::<Vec<_>>().join(", ");
                html! {
                    <li class={classes!("check", sev)} data-key={c.key}>
                        <span class={classes!("badge", sev)}>{ t(lang, severity_key(c.severity)) }</span>
                        <span class="text">{ text }</span>
                        if !lines.is_empty() { <span class="ln">{ lines }</span> }
                    </li>
                }
            }) }
        </ul>
    }
}
