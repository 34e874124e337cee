fn main() {
    // The diagnosis worker (static/worker.js) starts this same module, with
    // no document: it only answers the page's messages.
    if web_sys::window().is_none() {
        return;
    }
    // The team's bundle and the interface strings of the reader's language
    // are read before the first render; the rest of the knowledge right
    // after it (src/content.rs).
    wasm_bindgen_futures::spawn_local(async {
        rootless_doctor_web::content::load_first(rootless_doctor_web::initial_lang).await;
        yew::Renderer::<rootless_doctor_web::App>::new().render();
        rootless_doctor_web::worker::start();
    });
}
