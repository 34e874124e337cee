//! The diagnosis module (crates/diag), seen from the page.
//!
//! The page's own wasm renders; it links no regex, pattern set or TOML
//! parser. The diagnosis is a second wasm module, loaded right after the
//! first render (before it when a team's bundle needs reading): its JS glue
//! and wasm are named in `<meta name="rootless-doctor-diag">` and loaded by
//! `rootlessDoctorDiag()`, a few lines of script in index.html (the
//! single-file page defines its own, from inline copies). The page hands it
//! the team's bundle as fetched and every content pack as it arrives (as it
//! hands them to the worker), and asks it for diagnoses and shares of small
//! pastes (src/worker.rs) and for the bundle's check (src/content.rs). The
//! worker runs the same module, compiled once here and handed over.

use std::cell::RefCell;
use std::rc::Rc;

use engine::{Diagnosis, Lang};
use js_sys::{Array, Function, Promise, Reflect};
use rootless_doctor_diag::BundleAnswer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The diagnosis module's functions (crates/diag/src/main.rs), as text in
/// and text out: in the browser its wasm-bindgen exports; in the web
/// crate's wasm tests, the library called in-process ([`install`]).
pub trait Backend {
    fn adopt(&self, bundle: Option<String>, packs: Vec<String>);
    fn add_packs(&self, packs: Vec<String>);
    fn diagnose(&self, text: &str, lang: &str) -> String;
    fn share(&self, text: &str, diagnosis: &str, redactions: &str, lang: &str) -> Vec<String>;
    fn prepare_bundle(&self, text: &str) -> String;
    fn check_bundle(&self) -> String;
}

/// The module's exports, as `rootlessDoctorDiag()` gave them.
struct Exports(JsValue);

impl Exports {
    fn call(&self, name: &str, args: &[JsValue]) -> JsValue {
        let Some(f) = Reflect::get(&self.0, &name.into()).ok().and_then(|f| f.dyn_into::<Function>().ok()) else { return JsValue::UNDEFINED };
        f.apply(&self.0, &args.iter().collect::<Array>()).unwrap_or(JsValue::UNDEFINED)
    }

    fn text(&self, name: &str, args: &[JsValue]) -> String {
        self.call(name, args).as_string().unwrap_or_default()
    }
}

fn strings(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from(s.as_str())).collect::<Array>().into()
}

impl Backend for Exports {
    fn adopt(&self, bundle: Option<String>, packs: Vec<String>) {
        self.call("adopt", &[bundle.map_or(JsValue::UNDEFINED, JsValue::from), strings(&packs)]);
    }
    fn add_packs(&self, packs: Vec<String>) {
        self.call("add_packs", &[strings(&packs)]);
    }
    fn diagnose(&self, text: &str, lang: &str) -> String {
        self.text("diagnose", &[text.into(), lang.into()])
    }
    fn share(&self, text: &str, diagnosis: &str, redactions: &str, lang: &str) -> Vec<String> {
        let answer = self.call("share", &[text.into(), diagnosis.into(), redactions.into(), lang.into()]);
        Array::from(&answer).iter().filter_map(|v| v.as_string()).collect()
    }
    fn prepare_bundle(&self, text: &str) -> String {
        self.text("prepare_bundle", &[text.into()])
    }
    fn check_bundle(&self) -> String {
        self.text("check_bundle", &[])
    }
}

#[derive(Default)]
struct State {
    backend: Option<Rc<dyn Backend>>,
    /// The module's glue (its absolute URL) and compiled module, for the worker.
    for_worker: Option<(String, JsValue)>,
    /// Loading it failed: nothing is diagnosed on this page.
    failed: bool,
    /// How many of the page's content packs the module has.
    packs_sent: usize,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

/// Loads the module, once; false when it cannot be had.
pub async fn load() -> bool {
    if STATE.with_borrow(|s| s.backend.is_some()) {
        return true;
    }
    if STATE.with_borrow(|s| s.failed) {
        return false;
    }
    let loaded = fetch().await;
    match loaded {
        Some((exports, glue, module)) => {
            STATE.with_borrow_mut(|s| s.for_worker = Some((glue, module)));
            install(Rc::new(Exports(exports)));
            true
        }
        None => {
            STATE.with_borrow_mut(|s| s.failed = true);
            crate::worker::diag_ready();
            crate::content::changed();
            false
        }
    }
}

/// `rootlessDoctorDiag()`: `{ exports, glue, module }`.
async fn fetch() -> Option<(JsValue, String, JsValue)> {
    let loader: Function = Reflect::get(&js_sys::global(), &"rootlessDoctorDiag".into()).ok()?.dyn_into().ok()?;
    let promise: Promise = loader.call0(&JsValue::NULL).ok()?.dyn_into().ok()?;
    let loaded = JsFuture::from(promise).await.ok()?;
    let exports = Reflect::get(&loaded, &"exports".into()).ok().filter(|v| v.is_object())?;
    let glue = Reflect::get(&loaded, &"glue".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let module = Reflect::get(&loaded, &"module".into()).unwrap_or(JsValue::UNDEFINED);
    Some((exports, glue, module))
}

/// Uses `backend` as the diagnosis module (the page's own loader, or a test)
/// and hands it what the page has loaded so far.
pub fn install(backend: Rc<dyn Backend>) {
    let packs: Vec<String> = crate::content::packs_since(0).iter().map(|p| p.to_string()).collect();
    backend.adopt(crate::content::bundle_text().map(|t| t.to_string()), packs.clone());
    STATE.with_borrow_mut(|s| {
        s.packs_sent = packs.len();
        s.backend = Some(backend);
    });
    crate::worker::diag_ready();
    // A paste waiting for the module is diagnosed now (hooks/use_diagnosis.rs).
    crate::content::changed();
    warm();
}

/// Has the module build its knowledge from the packs it just got, right
/// after this turn of the event loop rather than on the next paste (the
/// page built its knowledge as packs arrived when it was one module).
fn warm() {
    gloo::timers::callback::Timeout::new(0, || {
        if let Some(backend) = backend() {
            backend.check_bundle();
        }
    })
    .forget();
}

/// Hands the module the content packs the page loaded since it last did.
pub fn packs_added() {
    let Some((backend, sent)) = STATE.with_borrow(|s| s.backend.clone().map(|b| (b, s.packs_sent))) else { return };
    let packs: Vec<String> = crate::content::packs_since(sent).iter().map(|p| p.to_string()).collect();
    if !packs.is_empty() {
        STATE.with_borrow_mut(|s| s.packs_sent += packs.len());
        backend.add_packs(packs);
        warm();
    }
}

fn backend() -> Option<Rc<dyn Backend>> {
    STATE.with_borrow(|s| s.backend.clone())
}

/// Whether the module is here.
pub fn ready() -> bool {
    backend().is_some()
}

/// Whether the module could not be loaded.
pub fn failed() -> bool {
    STATE.with_borrow(|s| s.failed)
}

/// The glue's URL and the compiled module, for the worker.
pub fn for_worker() -> Option<(String, JsValue)> {
    STATE.with_borrow(|s| s.for_worker.clone())
}

/// A diagnosis, when the module is here.
pub fn diagnose(text: &str, lang: Lang) -> Option<Diagnosis> {
    engine::wire::decode(&backend()?.diagnose(text, lang.code()))
}

/// A share: the redacted paste, its permalink payload and its report.
pub fn share(text: &str, diagnosis: &str, redactions: &str, lang: Lang) -> Option<[String; 3]> {
    <[String; 3]>::try_from(backend()?.share(text, diagnosis, redactions, lang.code())).ok()
}

/// A bundle read and prepared for the page, before it can be checked.
pub fn prepare_bundle(text: &str) -> Option<BundleAnswer> {
    BundleAnswer::from_json(&backend()?.prepare_bundle(text))
}

/// The bundle checked against the shipped content loaded so far.
pub fn check_bundle() -> Option<BundleAnswer> {
    BundleAnswer::from_json(&backend()?.check_bundle())
}
