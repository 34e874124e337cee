use engine::Lang;
use yew::prelude::*;

const KEY: &str = "rootless-doctor.lang";

/// The reader's language: the one a link names, else the one they chose
/// before (kept in this browser only), else the hosting team's default, else
/// the first of the browser's languages we ship, else English.
/// Works when storage is unavailable (private mode): the choice is then not kept.
///
/// Only the reader's language is loaded at start (src/content.rs). Choosing
/// another loads its text first: until it is there the page stays in the
/// language it shows, and the second value names the one on its way.
#[hook]
pub fn use_lang() -> (Lang, Option<Lang>, Callback<Lang>) {
    let lang = use_state(initial);
    let pending = use_state(|| None::<Lang>);
    // The reader's newest choice, read when a language's text arrives.
    let wanted = use_mut_ref(|| None::<Lang>);
    {
        let current = *lang;
        use_effect_with(current, |l| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", l.code());
            }
        });
    }
    let on_lang = {
        let (lang, pending) = (lang.clone(), pending.clone());
        Callback::from(move |l: Lang| {
            crate::storage::set(KEY, l.code());
            *wanted.borrow_mut() = Some(l);
            if crate::content::has_lang(l) {
                pending.set(None);
                lang.set(l);
                return;
            }
            pending.set(Some(l));
            let (lang, pending, wanted) = (lang.clone(), pending.clone(), wanted.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = crate::content::load(l).await.is_ok();
                if !loaded {
                    web_sys::console::warn_1(&format!("the {} text could not be loaded", l.code()).into());
                }
                // A later choice may have come first; only the newest counts.
                if *wanted.borrow() == Some(l) {
                    pending.set(None);
                    if loaded {
                        lang.set(l);
                    }
                }
            });
        })
    };
    (*lang, *pending, on_lang)
}

/// The language the page starts in (src/main.rs loads its strings before
/// the first render).
pub fn initial() -> Lang {
    // A link or an embed may name the language: `#/?lang=ko`.
    if let Some(l) = crate::share::hash_param("lang").and_then(|c| Lang::from_code(&c)) {
        return l;
    }
    if let Some(l) = crate::storage::get(KEY).and_then(|c| Lang::from_code(&c)) {
        return l;
    }
    // The hosting team's default, for readers who have not chosen yet.
    if let Some(l) = crate::content::team_lang() {
        return l;
    }
    let nav = gloo::utils::window().navigator();
    let langs: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    let first = nav.language();
    Lang::negotiate(langs.iter().map(String::as_str).chain(first.as_deref()))
}
