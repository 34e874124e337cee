//! The knowledge base the page uses, one language at a time.
//!
//! The page embeds no content. When the site is built, `engine::pack`
//! checks the shipped content and splits it into packs
//! (`scripts/post-build.mjs` writes them under `content/` with hashed names
//! and names them in a `<meta>`; the single-file page carries all of them
//! inline). The page fetches, from its own origin only:
//!
//! 1. before the first render, the interface strings of the reader's
//!    language (`ui-<lang>`) and the hosting team's bundle, if any
//!    (`extensions.json`, or inline in the single-file page);
//! 2. right after it, the language-independent `core` (the matchers) and the
//!    language's text (`<lang>`): then the page can diagnose;
//! 3. another language's two packs when the reader switches to it.
//!
//! Each step rebuilds the [`Knowledge`] from every pack loaded so far and
//! bumps [`generation`], which the language context carries, so every
//! component renders again. The page reads the packs as prepared
//! ([`Knowledge::load_prepared`]: no TOML, no pattern compiled); it cannot
//! diagnose. The diagnosis module (src/diag.rs) and its worker get the same
//! packs and the team's bundle as fetched: a bundle carries its files as
//! written (TOML, Markdown), so the module reads it (before the first
//! render, for the team's default language), checks it against the shipped
//! packs (`engine::extensions::with_bundle_on`) and gives the page its
//! prepared form, which joins the knowledge here.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use engine::pack::{Pack, PackKind};
use engine::{Bundle, KbError, Knowledge, Lang};
use rootless_doctor_diag::BundleAnswer;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What became of the team's bundle.
#[derive(Debug, Clone, Default)]
pub enum Status {
    /// No bundle beside the page (or the knowledge it extends is not loaded yet).
    #[default]
    None,
    /// The bundle passed every check and is merged in.
    Loaded,
    /// The bundle is broken or breaks a rule: reported on the page, ignored.
    Rejected(Vec<KbError>),
}

/// Names the packs' files; scripts/post-build.mjs writes it
/// (`core=./content/core-<hash>.json ui-en=...`).
const META: &str = "meta[name=rootless-doctor-content]";
/// The single-file page carries each pack in `<script type="application/json" id="{INLINE_PREFIX}<name>">`.
pub const INLINE_PREFIX: &str = "rootless-doctor-pack-";

#[derive(Default)]
struct State {
    /// Every pack loaded, in the order it came (the worker gets them in
    /// that order), as text and as read.
    packs: Vec<(PackKind, Rc<str>, Pack)>,
    /// The team's bundle as fetched, and as the diagnosis module prepared it
    /// (for the team's default language before the first render).
    bundle: Option<(Rc<str>, Option<Bundle>)>,
    status: Status,
}

/// What the app gives to be told that the knowledge changed (the new generation).
type OnChange = Rc<dyn Fn(u32)>;

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
    /// Bumped whenever the knowledge changes; see [`generation`].
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    /// Loading the reader's language failed (see [`failed`]).
    static FAILED: Cell<bool> = const { Cell::new(false) };
    /// Called after each change, so the app renders again.
    static ON_CHANGE: RefCell<Option<OnChange>> = RefCell::default();
}

/// The knowledge base every component reads. Each rebuild leaks the one
/// before: components hold `&'static` references into it while they render,
/// and it happens a handful of times per visit (a step above, a language).
pub fn kb() -> &'static Knowledge {
    KB.with(Cell::get)
}

thread_local! {
    static KB: Cell<&'static Knowledge> = Cell::new(Box::leak(Box::new(Knowledge::load_prepared(std::iter::empty()).0)));
}

/// How often the knowledge changed; components re-render when it does.
pub fn generation() -> u32 {
    GENERATION.with(Cell::get)
}

pub fn status() -> Status {
    STATE.with_borrow(|s| s.status.clone())
}

/// Whether a paste can be diagnosed in `lang`: the matchers and that
/// language's text are loaded.
pub fn ready(lang: Lang) -> bool {
    has(PackKind::Core) && has(PackKind::Text(lang)) && has(PackKind::Ui(lang))
}

/// Whether the page can show `lang` at all (its interface strings are loaded).
pub fn has_lang(lang: Lang) -> bool {
    has(PackKind::Ui(lang)) && has(PackKind::Text(lang))
}

fn has(kind: PackKind) -> bool {
    STATE.with_borrow(|s| s.packs.iter().any(|(k, ..)| *k == kind))
}

/// Whether the knowledge the reader's language needs could not be loaded.
pub fn failed() -> bool {
    FAILED.with(Cell::get)
}

/// Sets what runs after each change (the app's re-render).
pub fn on_change(f: impl Fn(u32) + 'static) {
    ON_CHANGE.with_borrow_mut(|c| *c = Some(Rc::new(f)));
}

/// The packs loaded after the first `n`, for the worker.
pub fn packs_since(n: usize) -> Vec<Rc<str>> {
    STATE.with_borrow(|s| s.packs.iter().skip(n).map(|(_, text, _)| text.clone()).collect())
}

/// The bundle's text, for the worker (which checks it again itself).
pub fn bundle_text() -> Option<Rc<str>> {
    STATE.with_borrow(|s| s.bundle.as_ref().map(|(t, _)| t.clone()))
}

/// The team's bundle as fetched; `None` is no bundle. A bundle that is not
/// even JSON is reported at once. The diagnosis module, which must be
/// loaded, reads the rest ([`prepare_bundle`]).
pub fn adopt_bundle(text: Option<String>) {
    STATE.with_borrow_mut(|s| match text.map(|t| (Bundle::from_json(&t), t)) {
        None => s.bundle = None,
        Some((Ok(_), text)) => s.bundle = Some((text.into(), None)),
        Some((Err(e), _)) => s.status = Status::Rejected(vec![e]),
    });
}

/// The bundle read by the diagnosis module before the first render, for
/// the team's default language. Whether it passes is known once the
/// shipped content is there to check it against ([`rebuild`]), which
/// reports every problem.
fn prepare_bundle() {
    let Some(text) = bundle_text() else { return };
    if let Some(BundleAnswer::Prepared(b)) = crate::diag::prepare_bundle(&text) {
        STATE.with_borrow_mut(|s| s.bundle = Some((text, Some(b))));
    }
}

/// Adds packs (their JSON) and rebuilds the knowledge once. A pack that does
/// not read is dropped, and said so in the console: the build wrote it.
pub fn adopt_packs(texts: impl IntoIterator<Item = Rc<str>>) {
    let mut added = false;
    STATE.with_borrow_mut(|s| {
        for text in texts {
            match Pack::from_json(&text) {
                Ok(pack) => {
                    let kind = pack.kind().expect("from_json checks the name");
                    if !s.packs.iter().any(|(k, ..)| *k == kind) {
                        s.packs.push((kind, text, pack));
                        added = true;
                    }
                }
                Err(e) => web_sys::console::warn_1(&e.into()),
            }
        }
    });
    if added {
        crate::diag::packs_added();
        rebuild();
    }
}

fn rebuild() {
    let (kb, status) = STATE.with_borrow(|s| {
        let files = || s.packs.iter().flat_map(|(_, _, p)| p.files());
        let shipped = || Knowledge::load_prepared(files()).0;
        match &s.bundle {
            // A bundle is checked against the shipped entries it extends, by
            // the diagnosis module, which has the same packs.
            Some(_) if s.packs.iter().any(|(k, ..)| *k == PackKind::Core) => match crate::diag::check_bundle() {
                Some(BundleAnswer::Prepared(bundle)) => match engine::extensions::load_with_prepared(files(), bundle.files()) {
                    (kb, errors) if errors.is_empty() => (kb, Status::Loaded),
                    (_, errors) => (shipped(), Status::Rejected(errors)),
                },
                Some(BundleAnswer::Rejected(errors)) => (shipped(), Status::Rejected(errors)),
                _ => (shipped(), s.status.clone()),
            },
            _ => (shipped(), s.status.clone()),
        }
    });
    STATE.with_borrow_mut(|s| s.status = status);
    KB.with(|k| k.set(Box::leak(Box::new(kb))));
    changed();
}

/// Bumps the generation and renders again: the knowledge changed, or the
/// diagnosis module arrived (src/diag.rs).
pub fn changed() {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    if let Some(f) = ON_CHANGE.with_borrow(Clone::clone) {
        f(generation);
    }
}

/// Before the first render: the team's bundle and the interface strings of
/// the language the reader will see. Returns that language.
pub async fn load_first(negotiate: impl Fn() -> Lang) -> Lang {
    // Both requests start before either is awaited.
    let ui = fetch_pack(PackKind::Ui(negotiate()));
    adopt_bundle(fetch_bundle().await);
    // A bundle is written as a team's files are (TOML, Markdown): the
    // diagnosis module reads it, so it loads before the first render here.
    if bundle_text().is_some() {
        if crate::diag::load().await {
            prepare_bundle();
        } else {
            adopt_bundle(None);
        }
    }
    let first = ui.await;
    // The team's bundle may name the default language.
    let lang = negotiate();
    adopt_packs(first);
    if !has(PackKind::Ui(lang)) {
        adopt_packs(fetch_pack(PackKind::Ui(lang)).await);
    }
    lang
}

/// Loads what diagnosing in `lang` needs (the core, the language's text and
/// strings), skipping what is loaded. Err when a pack could not be had.
pub async fn load(lang: Lang) -> Result<(), ()> {
    let wanted: Vec<PackKind> = [PackKind::Core, PackKind::Ui(lang), PackKind::Text(lang)].into_iter().filter(|k| !has(*k)).collect();
    // Every request starts before any is awaited.
    let requests: Vec<_> = wanted.iter().map(|k| fetch_pack(*k)).collect();
    let mut texts = Vec::new();
    for request in requests {
        texts.push(request.await.ok_or(())?);
    }

    adopt_packs(texts);
    if ready(lang) {
        Ok(())
    } else {
        Err(())
    }
}

/// [`load`] for the language the page starts in: a failure is shown where
/// the knowledge would be.
pub async fn load_start(lang: Lang) {
    if load(lang).await.is_err() {
        FAILED.with(|f| f.set(true));
        rebuild();
    }
}

/// A pack's text: inline in the single-file page, else fetched from the
/// file post-build.mjs named. Starts the request at once.
fn fetch_pack(kind: PackKind) -> impl std::future::Future<Output = Option<Rc<str>>> {
    let name = kind.name();
    let document = gloo::utils::document();
    let inline = document.get_element_by_id(&format!("{INLINE_PREFIX}{name}")).and_then(|el| el.text_content());
    let url = inline.is_none().then(|| pack_url(&name)).flatten();
    let request = url.map(|u| JsFuture::from(gloo::utils::window().fetch_with_str(&u)));
    async move {
        if let Some(text) = inline {
            return Some(text.into());
        }
        fetched_text(request?.await).await.map(Into::into)
    }
}

fn pack_url(name: &str) -> Option<String> {
    let meta = gloo::utils::document().query_selector(META).ok()??.get_attribute("content")?;
    meta.split_whitespace().find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=').map(str::to_string))
}

async fn fetched_text(response: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>) -> Option<String> {
    let response: web_sys::Response = response.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// The bundle's text: inline first, else `extensions.json` when the server
/// has one (a missing file, or a page opened from file://, gives `None`).
async fn fetch_bundle() -> Option<String> {
    let document = gloo::utils::document();
    if let Some(el) = document.get_element_by_id(engine::extensions::INLINE_ID) {
        return el.text_content().filter(|t| !t.trim().is_empty());
    }
    let window = gloo::utils::window();
    if window.location().protocol().ok()? == "file:" {
        return None;
    }
    let text = fetched_text(JsFuture::from(window.fetch_with_str("extensions.json")).await).await?;
    // A static host that answers every path with index.html is no bundle.
    if text.trim_start().starts_with('<') {
        return None;
    }
    Some(text)
}

/// The team's default language, when its bundle names one.
pub fn team_lang() -> Option<Lang> {
    STATE.with_borrow(|s| s.bundle.as_ref().and_then(|(_, b)| engine::extensions::team_lang_prepared(b.as_ref()?)))
        .or_else(|| kb().team.as_ref().and_then(|t| t.lang))
}
