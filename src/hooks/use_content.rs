use yew::prelude::*;

/// The knowledge's generation (src/content.rs): the app renders again each
/// time packs arrive. Also starts loading what the reader's language needs
/// to diagnose, right after the first render.
#[hook]
pub fn use_content() -> u32 {
    let generation = use_state(crate::content::generation);
    {
        let generation = generation.setter();
        use_effect_with((), move |_| {
            crate::content::on_change(move |g| generation.set(g));
            wasm_bindgen_futures::spawn_local(crate::content::load_start(super::use_lang::initial()));
        });
    }
    *generation
}
