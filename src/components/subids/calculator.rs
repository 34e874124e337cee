//! Container UID to host UID and back (rootless and userns-remap), with the
//! engine's own arithmetic.

use std::rc::Rc;

use engine::facts::SubIdRange;
use engine::subids::{self, Mode, Row, SubIdReport};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::lines::shown;
use crate::i18n::use_i18n;
use crate::{fmt, t};

#[derive(Properties, PartialEq)]
pub struct CalcProps {
    pub report: Rc<SubIdReport>,
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
pub fn MappingCalculator(props: &CalcProps) -> Html {
    let lang = use_i18n().lang;
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
        Mode::Rootless => fmt(lang, "subids-calc-rule-rootless", &[("count", &r.count), ("start", &r.start)]),
        Mode::UsernsRemap => fmt(lang, "subids-calc-rule-userns-remap", &[("last", &r.count.saturating_sub(1)), ("start", &r.start)]),
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
                    { for owners.iter().map(|o| html! { <option value={o.to_string()} selected={Some(*o) == owner}>{ shown(o) }</option> }) }
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
