//! The diagnosis module as the page and its worker load it: the library's
//! functions behind wasm-bindgen (src/diag.rs of the web crate calls them on
//! the page's thread, static/worker.js in the worker).

use rootless_doctor_diag as diag;
use wasm_bindgen::prelude::*;

/// Nothing runs at start: the module only answers calls.
fn main() {}

/// The team's bundle as fetched (if any) and the content packs loaded so far.
#[wasm_bindgen]
pub fn adopt(bundle: Option<String>, packs: Vec<String>) {
    diag::adopt(bundle, packs);
}

/// Content packs the page loaded since.
#[wasm_bindgen]
pub fn add_packs(packs: Vec<String>) {
    diag::add_packs(packs);
}

/// One diagnosis, in `engine::wire` form.
#[wasm_bindgen]
pub fn diagnose(text: String, lang: String) -> String {
    diag::diagnose(&text, &lang)
}

/// One share: the redacted paste, its permalink payload and its report.
#[wasm_bindgen]
pub fn share(text: String, diagnosis: String, redactions: String, lang: String) -> Vec<String> {
    diag::share(&text, &diagnosis, &redactions, &lang).to_vec()
}

/// A bundle's text, prepared for the page (`diag::BundleAnswer` as JSON).
#[wasm_bindgen]
pub fn prepare_bundle(text: String) -> String {
    diag::prepare_bundle(&text)
}

/// The adopted bundle checked against the shipped content loaded so far
/// (`diag::BundleAnswer` as JSON).
#[wasm_bindgen]
pub fn check_bundle() -> String {
    diag::check_bundle()
}
