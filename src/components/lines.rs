use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::{fmt, t};

/// Pastes longer than this show only the lines around evidence.
const FULL_VIEW_LINES: usize = 3000;
const CONTEXT: usize = 3;

#[derive(Properties, PartialEq)]
pub struct LinesProps {
    /// The paste that was diagnosed (split into lines here, only when shown).
    pub text: AttrValue,
    /// Evidence spans per line number.
    pub marks: Rc<BTreeMap<usize, Vec<(usize, usize)>>>,
    pub focus: Option<usize>,
}

/// The paste with line numbers, evidence highlighted; the focused line is
/// scrolled into view. Pasted text is shown as text nodes only.
#[component]
pub fn LinesView(props: &LinesProps) -> Html {
    let lang = use_i18n().lang;
    let lines = use_memo(props.text.clone(), |text| engine::text::lines(engine::text::clip(text, engine::MAX_INPUT_BYTES)));
    {
        let focus = props.focus;
        use_effect_with(focus, move |focus| {
            if let Some(n) = focus {
                if let Some(el) = gloo::utils::document().get_element_by_id(&format!("L{n}")) {
                    let opts = ScrollIntoViewOptions::new();
                    opts.set_block(ScrollLogicalPosition::Center);
                    opts.set_behavior(ScrollBehavior::Smooth);
                    el.scroll_into_view_with_scroll_into_view_options(&opts);
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
    let show = |n: usize| {
        lines.len() <= FULL_VIEW_LINES
            || n <= 50
            || props.focus.is_some_and(|f| f.abs_diff(n) <= CONTEXT)
            || props.marks.range(n.saturating_sub(CONTEXT)..=n + CONTEXT).next().is_some()
    };
    let mut rows = Vec::new();
    let mut skipped = 0;
    for line in lines.iter() {
        if !show(line.number) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            rows.push(html! { <li class="gap" key={format!("gap{}", line.number)}>{ fmt(lang, "lines-skipped", &[("n", &skipped)]) }</li> });
            skipped = 0;
        }
        let spans = props.marks.get(&line.number);
        let focused = props.focus == Some(line.number);
        rows.push(html! {
            <li id={format!("L{}", line.number)} key={line.number} tabindex="-1"
                class={classes!(spans.is_some().then_some("marked"), focused.then_some("focus"))}>
                <span class="no" aria-hidden="true">{ line.number }</span>
                <code>{ highlight(&line.text, spans.map(Vec::as_slice).unwrap_or(&[])) }</code>
            </li>
        });
    }
    if skipped > 0 {
        rows.push(html! { <li class="gap" key="gap-end">{ fmt(lang, "lines-skipped", &[("n", &skipped)]) }</li> });
    }
    html! { <ol class="lines" aria-label={t(lang, "view-lines")}>{ rows }</ol> }
}

/// The line as text nodes, with `<mark>` over each span (spans sorted, merged).
fn highlight(text: &str, spans: &[(usize, usize)]) -> Html {
    let mut spans: Vec<(usize, usize)> = spans.iter().map(|&(s, e)| (floor_char_boundary(text, s), floor_char_boundary(text, e))).filter(|(s, e)| s < e).collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in spans {
        let s = s.max(at);
        if s >= e {
            continue;
        }
        out.push(html! { { shown(&text[at..s]) } });
        out.push(html! { <mark>{ shown(&text[s..e]) }</mark> });
        at = e;
    }
    out.push(html! { { shown(&text[at..]) } });
    out.into_iter().collect()
}

/// Pasted text as it is shown: bidirectional and zero-width characters as
/// `⟨U+202E⟩` markers, so a line cannot read differently from what it holds
/// (the spans were split off before, on the text as matched).
pub fn shown(text: &str) -> String {
    engine::text::show_invisible(text).into_owned()
}

/// The largest character boundary in `text` at or before byte `i` (an
/// evidence span from the engine, clamped to the line).
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
