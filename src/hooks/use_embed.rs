//! Embedded in an iframe (`#/?embed=1`, `#/kb/<id>?embed=1`): no header or
//! footer, and the content height is posted to the page that framed this
//! one, so it can size the frame: `{ type: "rootless-doctor:height", height }`.

use yew::prelude::*;

/// Posts the height while embedded, to [`parent_origin`] only.
#[hook]
pub fn use_embed() {
    let embed = use_state(crate::share::embedded);
    use_effect_with(*embed, |embed| {
        let mut interval = None;
        if *embed {
            if let Some(body) = gloo::utils::document().body() {
                let _ = body.class_list().add_1("embed");
            }
            let param = crate::share::hash_param("embed-origin").and_then(|v| js_sys::decode_uri_component(&v).ok()).map(String::from);
            let target = parent_origin(param.as_deref(), &gloo::utils::document().referrer());
            let last = std::cell::Cell::new(0);
            interval = target.map(|target| {
                gloo::timers::callback::Interval::new(250, move || {
                    let Some(body) = gloo::utils::document().body() else { return };
                    let height = body.scroll_height().max(0);
                    if height == last.get() {
                        return;
                    }
                    last.set(height);
                    let message = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&message, &"type".into(), &"rootless-doctor:height".into());
                    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
                    if let Ok(Some(parent)) = gloo::utils::window().parent() {
                        let _ = parent.post_message(&message, &target);
                    }
                })
            });
        }
        move || drop(interval)
    });
}

/// Where the height goes: the origin the `embed-origin` parameter names,
/// else the origin of the page that framed this one (the iframe's
/// referrer); with neither (a framing page that sends no referrer and names
/// no origin), nowhere. The browser delivers a message posted to an origin
/// only if the parent is at that origin now.
pub fn parent_origin(param: Option<&str>, referrer: &str) -> Option<String> {
    match param {
        Some(p) => origin_of(p),
        None => origin_of(referrer),
    }
}

/// The origin (`scheme://host[:port]`) of an http(s) URL, lower-cased;
/// `None` for anything else.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if authority.is_empty() || authority.contains('@') || !authority.chars().all(ok) {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::parent_origin;

    #[test]
    fn heights_go_to_the_named_origin_else_the_framing_one_else_nowhere() {
        let wiki = Some("https://wiki.example".to_string());
        assert_eq!(parent_origin(None, "https://Wiki.example/page?x#y"), wiki);
        assert_eq!(parent_origin(Some("https://wiki.example"), "https://other.example/"), wiki);
        assert_eq!(parent_origin(None, "http://127.0.0.1:8091/frame.html"), Some("http://127.0.0.1:8091".into()));
        for (param, referrer) in [(None, ""), (Some("*"), "https://wiki.example/"), (Some("javascript:alert(1)"), ""), (None, "file:///x.html"), (Some("https://a@b.example"), "")] {
            assert_eq!(parent_origin(param, referrer), None, "{param:?} {referrer:?}");
        }
    }
}
