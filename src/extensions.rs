//! The knowledge base the page uses: the shipped one, plus the hosting
//! team's bundle when there is a usable one. The bundle is read once, before
//! the first render, from an inline element (the single-file page, written by
//! `rootless-doctor kb pack --inline`) or from `extensions.json` beside
//! index.html (same origin: the CSP allows `connect-src 'self'` only).

use std::sync::OnceLock;

use engine::{Bundle, KbError, Knowledge};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What became of the team's bundle.
#[derive(Debug)]
pub enum Status {
    /// No bundle beside the page: the shipped knowledge base alone.
    None,
    /// The bundle passed every check and is merged in.
    Loaded,
    /// The bundle is broken or breaks a rule: reported on the page, ignored.
    Rejected(Vec<KbError>),
}

static KB: OnceLock<Knowledge> = OnceLock::new();
static STATUS: OnceLock<Status> = OnceLock::new();
/// The accepted bundle's text, for the diagnosis worker (src/worker.rs).
static TEXT: OnceLock<String> = OnceLock::new();

/// The knowledge base every component reads.
pub fn kb() -> &'static Knowledge {
    KB.get().unwrap_or_else(engine::builtin)
}

pub fn status() -> &'static Status {
    STATUS.get().unwrap_or(&Status::None)
}

/// The bundle's text when it was accepted.
pub fn bundle_text() -> Option<&'static str> {
    TEXT.get().map(String::as_str)
}

/// Reads the team's bundle, if any; call once before rendering.
pub async fn load() {
    adopt(fetch_text().await);
}

/// Checks the bundle and, when it passes, makes it part of [`kb`]. The page
/// and its diagnosis worker both go through here, once each.
pub fn adopt(text: Option<String>) {
    let status = match text {
        None => Status::None,
        Some(text) => match Bundle::from_json(&text).map_err(|e| vec![e]).and_then(|b| engine::extensions::with_bundle(&b)) {
            Ok(kb) => {
                let _ = KB.set(kb);
                let _ = TEXT.set(text);
                Status::Loaded
            }
            Err(errors) => Status::Rejected(errors),
        },
    };
    let _ = STATUS.set(status);
}

/// The bundle's text: inline first, else `extensions.json` when the server
/// has one (a missing file, or a page opened from file://, gives `None`).
async fn fetch_text() -> Option<String> {
    let document = gloo::utils::document();
    if let Some(el) = document.get_element_by_id(engine::extensions::INLINE_ID) {
        return el.text_content().filter(|t| !t.trim().is_empty());
    }
    let window = gloo::utils::window();
    if window.location().protocol().ok()? == "file:" {
        return None;
    }
    let response = JsFuture::from(window.fetch_with_str("extensions.json")).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    let text = text.as_string()?;
    // A static host that answers every path with index.html is no bundle.
    if text.trim_start().starts_with('<') {
        return None;
    }
    Some(text)
}
