//! Copying to the clipboard, with a fallback for pages opened from file://
//! or other insecure contexts where the async Clipboard API is missing.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
}

/// A "Copy" button that says "Copied" once it has copied `text`.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let lang = use_i18n().lang;
    let copied = use_state(|| false);
    let onclick = {
        let (text, copied) = (props.text.clone(), copied.clone());
        Callback::from(move |_| {
            copy_text(&text);
            copied.set(true);
        })
    };
    html! { <button type="button" class="copy" {onclick}>{ t(lang, if *copied { "copied" } else { "copy" }) }</button> }
}

pub fn copy_text(text: &str) {
    let window = gloo::utils::window();
    let clipboard = window.navigator().clipboard();
    if window.is_secure_context() {
        let _ = clipboard.write_text(text);
        return;
    }
    let document = gloo::utils::document();
    let Ok(area) = document.create_element("textarea") else { return };
    let Ok(area) = area.dyn_into::<HtmlTextAreaElement>() else { return };
    area.set_value(text);
    let _ = area.set_attribute("style", "position:fixed;opacity:0");
    if let Some(body) = document.body() {
        let _ = body.append_child(&area);
        area.select();
        if let Ok(html) = document.clone().dyn_into::<HtmlDocument>() {
            let _ = html.exec_command("copy");
        }
        let _ = body.remove_child(&area);
    }
}
