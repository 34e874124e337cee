use engine::Lang;
use yew::prelude::*;

const KEY: &str = "rootless-doctor.lang";

/// The reader's language: the one a link names, else the one they chose
/// before (kept in this browser only), else the hosting team's default, else
/// the first of the browser's languages we ship, else English.
/// Works when storage is unavailable (private mode): the choice is then not kept.
#[hook]
pub fn use_lang() -> (Lang, Callback<Lang>) {
    let lang = use_state(initial);
    {
        let current = *lang;
        use_effect_with(current, |l| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", l.code());
            }
        });
    }
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| {
            crate::storage::set(KEY, l.code());
            lang.set(l);
        })
    };
    (*lang, on_lang)
}

fn initial() -> Lang {
    // A link or an embed may name the language: `#/?lang=ko`.
    if let Some(l) = crate::share::hash_param("lang").and_then(|c| Lang::from_code(&c)) {
        return l;
    }
    if let Some(l) = crate::storage::get(KEY).and_then(|c| Lang::from_code(&c)) {
        return l;
    }
    // The hosting team's default, for readers who have not chosen yet.
    if let Some(l) = crate::kb().team.as_ref().and_then(|t| t.lang) {
        return l;
    }
    let nav = gloo::utils::window().navigator();
    let langs: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    let first = nav.language();
    Lang::negotiate(langs.iter().map(String::as_str).chain(first.as_deref()))
}
