//! wasm tests, run in headless Chromium by wasm-bindgen-test-runner: the
//! content packs are prepared as the site build does and loaded as the page
//! loads them, the app mounts, and a paste turns into a finding in the DOM.
//! The diagnosis module (crates/diag) is its library, called in-process
//! where the page would call its wasm.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use rootless_doctor_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The diagnosis module's library, where the page would call its wasm.
struct InProcess;

impl rootless_doctor_web::diag::Backend for InProcess {
    fn adopt(&self, bundle: Option<String>, packs: Vec<String>) {
        rootless_doctor_diag::adopt(bundle, packs)
    }
    fn add_packs(&self, packs: Vec<String>) {
        rootless_doctor_diag::add_packs(packs)
    }
    fn diagnose(&self, text: &str, lang: &str) -> String {
        rootless_doctor_diag::diagnose(text, lang)
    }
    fn share(&self, text: &str, diagnosis: &str, redactions: &str, lang: &str) -> Vec<String> {
        rootless_doctor_diag::share(text, diagnosis, redactions, lang).to_vec()
    }
    fn prepare_bundle(&self, text: &str) -> String {
        rootless_doctor_diag::prepare_bundle(text)
    }
    fn check_bundle(&self) -> String {
        rootless_doctor_diag::check_bundle()
    }
}

/// The page's knowledge from packs, as post-build.mjs writes them, and the
/// diagnosis module given the same.
fn load_packs() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        let packs = engine::pack::prepare(engine::builtin_files().iter().copied()).expect("tidy content");
        rootless_doctor_web::content::adopt_packs(packs.values().map(|p| p.to_json().into()));
        rootless_doctor_web::diag::install(std::rc::Rc::new(InProcess));
    });
}

#[wasm_bindgen_test]
fn the_knowledge_base_loads_from_packs_in_wasm() {
    load_packs();
    let kb = rootless_doctor_web::kb();
    assert_eq!(kb.entries.len(), engine::builtin().entries.len());
    // The page's own knowledge only shows; the diagnosis module diagnoses.
    assert!(!kb.can_diagnose());
    let d = rootless_doctor_web::diag::diagnose("cannot expose privileged port 443", engine::Lang::Ko).expect("the module answers");
    assert_eq!(d.findings[0].id, "privileged-port");
    assert_eq!(d.findings[0].language, engine::Lang::Ko);
    assert_eq!(d.findings[0].values.get("port").map(String::as_str), Some("443"));
}

#[wasm_bindgen_test]
async fn typing_a_paste_renders_the_finding() {
    load_packs();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;

    let area: HtmlTextAreaElement = document.get_element_by_id("paste").unwrap().dyn_into().unwrap();
    area.set_value("docker: Error response from daemon: ... cannot expose privileged port 80, you can add ...");
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();

    let mut found = None;
    for _ in 0..40 {
        TimeoutFuture::new(50).await;
        found = root.query_selector("article.finding[data-id=privileged-port]").unwrap();
        if found.is_some() {
            break;
        }
    }
    let card = found.expect("the finding appears after the debounce");
    assert!(card.text_content().unwrap().contains("ip_unprivileged_port_start=80"));
}
