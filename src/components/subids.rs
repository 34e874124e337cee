use std::rc::Rc;

use engine::facts::SubIdRange;
use engine::subids::{self, Check, FileReport, IdFile, Mode, Row, SubIdReport};
use engine::{Diagnosis, Lang};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::finding::severity_key;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct SubIdProps {
    pub lang: Lang,
    pub diagnosis: Rc<Diagnosis>,
}

/// /etc/subuid and /etc/subgid as a whole: a table and a picture per file,
/// what is wrong with the ranges, a free range as a usermod command, and a
/// calculator from container UIDs to host UIDs. Shown only when the paste
/// has subordinate ID lines; every pasted value reaches the page as text.
#[component]
pub fn SubIdPanel(props: &SubIdProps) -> Html {
    let lang = props.lang;
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
                                <p>{ t(lang, "subids-free-intro").replace("{start}", &a.to_string()).replace("{end}", &b.to_string())
                                    .replace("{count}", &(b - a + 1).to_string()) }</p>
                                <pre tabindex="0"><code class="cmd">{ subids::add_command((a, b), user.as_deref()) }</code></pre>
                                <p class="muted">{ t(lang, "subids-free-after") }</p>
                            </>
                        },
                        None => html! { <p>{ t(lang, "subids-free-none") }</p> },
                    } }
                </div>
            }
            <MappingCalculator {lang} report={report.clone()} />
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
                <p class="muted">{ t(lang, "subids-not-pasted").replace("{file}", path) }</p>
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
                                        <code>{ &r.owner }</code>
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
                    <p class="muted">{ t(lang, "subids-cut").replace("{n}", &f.cut.to_string()) }</p>
                }
                { chart(lang, report, f) }
            }
            if f.checks.is_empty() {
                <p class="subid-ok">{ t(lang, "subids-no-problems") }</p>
            } else {
                { checks_list(lang, &f.checks, &t(lang, "subids-checks-label").replace("{file}", path)) }
            }
        </div>
    }
}

fn file_name(f: IdFile) -> &'static str {
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
                let text = t(lang, c.key)
                    .replace("{owners}", &c.owners.join(" ↔ "))
                    .replace("{owner}", c.owners.first().map(String::as_str).unwrap_or("?"))
                    .replace("{count}", &value)
                    .replace("{uid}", &value)
                    .replace("{file}", c.file.map(IdFile::path).unwrap_or("/etc/subuid, /etc/subgid"));
                let lines = c.lines.iter().map(|n| t(lang, "line-label").replace("{n}", &n.to_string())).collect::<Vec<_>>().join(", ");
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

const W: f64 = 640.0;
const LABEL: f64 = 130.0;
const PAD: f64 = 14.0;
const LANE: f64 = 22.0;
const TOP: f64 = 8.0;

fn short(s: &str) -> String {
    if s.chars().count() > 16 {
        format!("{}…", s.chars().take(15).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The ranges on one axis: a lane per owner, overlaps in the warning colour,
/// the reader's lane highlighted, the free range in a lane of its own.
fn chart(lang: Lang, report: &SubIdReport, f: &FileReport) -> Html {
    let spans: Vec<(u64, u64)> = f.rows.iter().filter_map(|r| r.end.map(|e| (r.start, e))).collect();
    let free = report.free.filter(|_| report.user_needs_range());
    let lo = spans.iter().map(|s| s.0).chain(free.map(|f| f.0)).min();
    let hi = spans.iter().map(|s| s.1).chain(free.map(|f| f.1)).max();
    let (Some(lo), Some(hi)) = (lo, hi) else { return Html::default() };
    let span = (hi.saturating_sub(lo)).max(1) as f64 + 1.0;
    let x = |v: u64| LABEL + (v.saturating_sub(lo) as f64) / span * (W - LABEL - PAD);
    let width = |a: u64, b: u64| (x(b) - x(a) + (W - LABEL - PAD) / span).max(2.0);
    let lanes = f.owners.len() + usize::from(free.is_some());
    let axis_y = TOP + lanes as f64 * LANE + 6.0;
    let height = axis_y + 28.0;
    let id = format!("subids-svg-{}", file_name(f.file));
    let title = t(lang, "subids-chart-title").replace("{file}", f.file.path());
    let desc = t(lang, "subids-chart-desc")
        .replace("{ranges}", &f.rows.len().to_string())
        .replace("{owners}", &f.owners.len().to_string())
        .replace("{from}", &lo.to_string())
        .replace("{to}", &hi.to_string())
        .replace("{overlaps}", &f.overlaps.len().to_string());
    let y = |i: usize| TOP + i as f64 * LANE;
    let lane_of = |owner: &str| f.owners.iter().position(|o| o == owner).unwrap_or(0);
    let marker = |v: u64, label: String, class: &'static str| -> Html {
        if v < lo || v > hi {
            return Html::default();
        }
        let mx = format!("{:.1}", x(v));
        html! {
            <g class={classes!("marker", class)}>
                <line x1={mx.clone()} x2={mx.clone()} y1={format!("{TOP:.1}")} y2={format!("{:.1}", axis_y + 4.0)} />
                <text x={mx} y={format!("{:.1}", axis_y + 24.0)} text-anchor="middle">{ label }</text>
            </g>
        }
    };
    let uid_marker = match (f.file, report.uid) {
        (IdFile::Subuid, Some(u)) => marker(u, format!("UID {u}"), "uid"),
        _ => Html::default(),
    };
    html! {
        <figure class="subid-chart">
            <svg viewBox={format!("0 0 {W} {height:.0}")} role="img" aria-labelledby={format!("{id}-title {id}-desc")} id={id.clone()}
                xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">
                <title id={format!("{id}-title")}>{ title }</title>
                <desc id={format!("{id}-desc")}>{ desc }</desc>
                { for f.owners.iter().enumerate().map(|(i, owner)| {
                    let you = f.rows.iter().any(|r| &r.owner == owner && r.is_user);
                    html! {
                        <g class={classes!("lane", you.then_some("you"))}>
                            <rect class="lane-bg" x="0" y={format!("{:.1}", y(i))} width={format!("{W}")} height={format!("{:.1}", LANE - 2.0)} />
                            <text class="lane-label" x={format!("{:.1}", LABEL - 8.0)} y={format!("{:.1}", y(i) + LANE / 2.0 + 3.0)} text-anchor="end">
                                { short(owner) }{ if you { format!(" ({})", t(lang, "subids-you")) } else { String::new() } }
                            </text>
                        </g>
                    }
                }) }
                { for f.rows.iter().filter_map(|r| r.end.map(|e| (r, e))).map(|(r, e)| {
                    let i = lane_of(&r.owner);
                    html! {
                        <rect class={classes!("range", r.is_user.then_some("you"))} x={format!("{:.1}", x(r.start))} y={format!("{:.1}", y(i) + 3.0)}
                            width={format!("{:.1}", width(r.start, e))} height={format!("{:.1}", LANE - 8.0)} rx="2">
                            <title>{ format!("{}: {}–{} ({})", r.owner, r.start, e, r.count) }</title>
                        </rect>
                    }
                }) }
                { for f.rows.iter().filter_map(|r| r.end.map(|e| (r, e))).flat_map(|(r, e)| {
                    let i = lane_of(&r.owner);
                    f.overlaps.iter().filter_map(move |&(a, b)| {
                        let (s, t) = (a.max(r.start), b.min(e));
                        (s <= t).then(|| html! {
                            <rect class="overlap" x={format!("{:.1}", x(s))} y={format!("{:.1}", y(i) + 1.0)}
                                width={format!("{:.1}", width(s, t))} height={format!("{:.1}", LANE - 4.0)}>
                                <title>{ format!("{}–{}", s, t) }</title>
                            </rect>
                        })
                    }).collect::<Vec<_>>()
                }) }
                if let Some((a, b)) = free {
                    <g class="lane free">
                        <text class="lane-label" x={format!("{:.1}", LABEL - 8.0)} y={format!("{:.1}", y(f.owners.len()) + LANE / 2.0 + 3.0)} text-anchor="end">
                            { t(lang, "subids-chart-free") }
                        </text>
                        <rect class="range free" x={format!("{:.1}", x(a))} y={format!("{:.1}", y(f.owners.len()) + 3.0)}
                            width={format!("{:.1}", width(a, b))} height={format!("{:.1}", LANE - 8.0)} rx="2">
                            <title>{ format!("{}–{}", a, b) }</title>
                        </rect>
                    </g>
                }
                <g class="axis">
                    <line x1={format!("{LABEL:.1}")} x2={format!("{:.1}", W - PAD)} y1={format!("{axis_y:.1}")} y2={format!("{axis_y:.1}")} />
                    <text x={format!("{LABEL:.1}")} y={format!("{:.1}", axis_y + 14.0)} text-anchor="start">{ lo.to_string() }</text>
                    <text x={format!("{:.1}", W - PAD)} y={format!("{:.1}", axis_y + 14.0)} text-anchor="end">{ hi.to_string() }</text>
                </g>
                { marker(subids::SUB_ID_MIN, t(lang, "subids-chart-min"), "min") }
                { uid_marker }
            </svg>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct CalcProps {
    lang: Lang,
    report: Rc<SubIdReport>,
}

/// A digits-only ID, at most 10 digits; `Err` for anything else typed.
fn parse_id(s: &str) -> Option<Result<u64, ()>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(if s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit()) { s.parse().map_err(|_| ()) } else { Err(()) })
}

/// Container UID to host UID and back, with the engine's own arithmetic.
#[component]
fn MappingCalculator(props: &CalcProps) -> Html {
    let lang = props.lang;
    let report = &props.report;
    let mode = use_state(|| Mode::Rootless);
    let chosen = use_state(|| None::<String>);
    let container = use_state(|| "0".to_string());
    let host = use_state(String::new);

    // UIDs from /etc/subuid; with only /etc/subgid pasted, its ranges.
    let rows: &[Row] = if report.subuid.rows.is_empty() { &report.subgid.rows } else { &report.subuid.rows };
    let owners: Vec<&str> = {
        let mut v: Vec<&str> = Vec::new();
        for r in rows {
            if r.count > 0 && !v.contains(&r.owner.as_str()) {
                v.push(&r.owner);
            }
        }
        v
    };
    let default_owner = || -> Option<&str> {
        let user = rows.iter().find(|r| r.is_user && r.count > 0).map(|r| r.owner.as_str());
        let remap = owners.iter().copied().find(|o| *o == "dockremap");
        match *mode {
            Mode::Rootless => user.or(owners.first().copied()),
            Mode::UsernsRemap => remap.or(user).or(owners.first().copied()),
        }
    };
    let owner = chosen.as_deref().filter(|o| owners.contains(o)).or_else(default_owner);
    let range: Option<SubIdRange> = owner.and_then(|o| rows.iter().find(|r| r.owner == o && r.count > 0)).map(|r| SubIdRange {
        owner: r.owner.clone(),
        start: r.start,
        count: r.count,
        line: r.line,
    });

    let on_mode = {
        let mode = mode.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            mode.set(if sel.value() == "userns-remap" { Mode::UsernsRemap } else { Mode::Rootless });
        })
    };
    let on_owner = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            chosen.set(Some(sel.value()));
        })
    };
    let on_container = {
        let container = container.clone();
        Callback::from(move |e: InputEvent| container.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_host = {
        let host = host.clone();
        Callback::from(move |e: InputEvent| host.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };

    let uid = report.uid;
    let to_host = match (parse_id(&container), &range) {
        (None, _) | (_, None) => String::new(),
        (Some(Err(())), _) => t(lang, "subids-calc-invalid"),
        (Some(Ok(k)), Some(r)) => match subids::map_uid(*mode, k, uid, r) {
            Some(h) => h.to_string(),
            None if *mode == Mode::Rootless && k == 0 && uid.is_none() => t(lang, "subids-calc-no-uid"),
            None => t(lang, "subids-calc-unmapped"),
        },
    };
    let to_container = match (parse_id(&host), &range) {
        (None, _) | (_, None) => String::new(),
        (Some(Err(())), _) => t(lang, "subids-calc-invalid"),
        (Some(Ok(h)), Some(r)) => match subids::host_to_container(*mode, h, uid, r) {
            Some(c) => c.to_string(),
            None => t(lang, "subids-calc-nobody"),
        },
    };
    let rule = range.as_ref().map(|r| match *mode {
        Mode::Rootless => t(lang, "subids-calc-rule-rootless").replace("{count}", &r.count.to_string()).replace("{start}", &r.start.to_string()),
        Mode::UsernsRemap => t(lang, "subids-calc-rule-userns-remap")
            .replace("{last}", &r.count.saturating_sub(1).to_string())
            .replace("{start}", &r.start.to_string()),
    });
    let mode_value = if *mode == Mode::Rootless { "rootless" } else { "userns-remap" };
    html! {
        <div class="subid-calc">
            <h3 id="subids-calc-h">{ t(lang, "subids-calc-heading") }</h3>
            <div class="calc-grid" role="group" aria-labelledby="subids-calc-h">
                <label for="subids-calc-mode">{ t(lang, "subids-calc-mode") }</label>
                <select id="subids-calc-mode" onchange={on_mode}>
                    <option value="rootless" selected={mode_value == "rootless"}>{ t(lang, "subids-mode-rootless") }</option>
                    <option value="userns-remap" selected={mode_value == "userns-remap"}>{ t(lang, "subids-mode-userns-remap") }</option>
                </select>
                <label for="subids-calc-owner">{ t(lang, "subids-calc-owner") }</label>
                <select id="subids-calc-owner" onchange={on_owner}>
                    { for owners.iter().map(|o| html! { <option value={o.to_string()} selected={Some(*o) == owner}>{ *o }</option> }) }
                </select>
                <label for="subids-calc-container">{ t(lang, "subids-calc-container") }</label>
                <div class="calc-row">
                    <input id="subids-calc-container" type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
                        value={(*container).clone()} oninput={on_container} />
                    <span class="muted">{ t(lang, "subids-calc-to-host") }</span>
                    <output id="subids-calc-host-out" for="subids-calc-container" aria-live="polite">{ to_host }</output>
                </div>
                <label for="subids-calc-host">{ t(lang, "subids-calc-host") }</label>
                <div class="calc-row">
                    <input id="subids-calc-host" type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
                        value={(*host).clone()} oninput={on_host} />
                    <span class="muted">{ t(lang, "subids-calc-to-container") }</span>
                    <output id="subids-calc-container-out" for="subids-calc-host" aria-live="polite">{ to_container }</output>
                </div>
            </div>
            { match rule {
                Some(rule) => html! { <p class="muted rule">{ rule }</p> },
                None => html! { <p class="muted rule">{ t(lang, "subids-calc-no-range") }</p> },
            } }
        </div>
    }
}
