use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::i18n::use_i18n;
use super::copy::copy_text;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub source: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    /// The level `##` takes: one below the heading the text sits under, so
    /// the page's outline holds (`####` and deeper follow, never past h6).
    #[prop_or(2)]
    pub heading: u8,
}

/// Markdown from the knowledge base, rendered by the engine's one renderer
/// (raw HTML in the source comes out as text). Pasted text never gets here:
/// only entry text with validated values filled in. Every code block gets a
/// copy button.
#[component]
pub fn Markdown(props: &MarkdownProps) -> Html {
    let lang = use_i18n().lang;
    // Line breaks follow the reader's language; a text that falls back to
    // English has no Chinese, Japanese or Korean for that rule to act on.
    let html = engine::render::mark_examples(&engine::render::markdown_to_html(&props.source, lang), &t(lang, "example-title"));
    let html = shift_headings(html, props.heading);
    let node = use_node_ref();
    {
        let node = node.clone();
        let label = t(lang, "copy");
        let lang = lang.code();
        use_effect_with((html.clone(), label), move |(_, label)| {
            if let Some(root) = node.cast::<Element>() {
                add_copy_buttons(&root, label, lang);
            }
        });
    }
    let on_click = {
        let copied = t(lang, "copied");
        let label = t(lang, "copy");
        Callback::from(move |e: MouseEvent| {
            let Some(button) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else { return };
            if !button.class_list().contains("copy") {
                return;
            }
            let code = button.parent_element().and_then(|pre| pre.query_selector("code").ok().flatten());
            if let Some(code) = code {
                copy_text(&code.text_content().unwrap_or_default());
                button.set_text_content(Some(&copied));
                let (button, label) = (button.clone(), label.clone());
                Timeout::new(1500, move || button.set_text_content(Some(&label))).forget();
            }
        })
    };
    // Keyed by the HTML: when it changes, Yew rebuilds the container whole
    // instead of patching raw HTML that the copy buttons have touched.
    let key = fnv(&html);
    html! {
        <div ref={node} key={key} class={classes!("md", props.class.clone())} onclick={on_click}>{ Html::from_html_unchecked(html.into()) }</div>
    }
}

/// `<h2>` becomes `<h{level}>`, `<h3>` the next level, and so on. The
/// renderer turns raw HTML into text, so these are only its own tags.
fn shift_headings(mut html: String, level: u8) -> String {
    let by = level.saturating_sub(2);
    if by == 0 {
        return html;
    }
    for n in (1..=6u8).rev() {
        let to = (n + by).min(6);
        html = html.replace(&format!("<h{n}>"), &format!("<h{to}>")).replace(&format!("</h{n}>"), &format!("</h{to}>"));
    }
    html
}

fn fnv(s: &str) -> String {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    format!("{h:x}")
}

/// Puts a copy button inside each `<pre>` of rendered Markdown, before its
/// `<code>`: inside, not beside, so the raw HTML keeps its top-level nodes.
/// The HTML is not Yew's, so the buttons are plain DOM; clicks are caught above.
/// The label is in the reader's language, which the text may not be (`lang`).
fn add_copy_buttons(root: &Element, label: &str, lang: &str) {
    let Ok(pres) = root.query_selector_all("pre") else { return };
    for i in 0..pres.length() {
        let Some(pre) = pres.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if let Some(button) = pre.query_selector(":scope > button.copy").ok().flatten() {
            // The same text after a change of language (an English fallback).
            button.set_text_content(Some(label));
            let _ = button.set_attribute("lang", lang);
            continue;
        }
        let document = gloo::utils::document();
        if let Ok(button) = document.create_element("button") {
            let _ = button.set_attribute("type", "button");
            let _ = button.set_attribute("class", "copy");
            let _ = button.set_attribute("lang", lang);
            button.set_text_content(Some(label));
            let _ = pre.insert_before(&button, pre.first_child().as_ref());
        }
    }
}
