fn main() {
    // The diagnosis worker (static/worker.js) starts this same module, with
    // no document: it only answers the page's messages.
    if web_sys::window().is_none() {
        return;
    }
    // The team's extensions (if the host has any) are read before the first
    // render, so every component sees one knowledge base from the start.
    wasm_bindgen_futures::spawn_local(async {
        rootless_doctor_web::extensions::load().await;
        yew::Renderer::<rootless_doctor_web::App>::new().render();
        rootless_doctor_web::worker::start();
    });
}
