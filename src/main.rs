fn main() {
    // The team's bundle and the interface strings of the reader's language
    // are read before the first render; the rest of the knowledge right
    // after it (src/content.rs), and the diagnosis module (src/diag.rs),
    // which the worker then runs too.
    wasm_bindgen_futures::spawn_local(async {
        rootless_doctor_web::content::load_first(rootless_doctor_web::initial_lang).await;
        yew::Renderer::<rootless_doctor_web::App>::new().render();
        rootless_doctor_web::diag::load().await;
        rootless_doctor_web::worker::start();
    });
}
