use engine::Lang;
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::components::copy::CopyButton;
use crate::t;

/// The snippet that puts Rootless Doctor in an internal wiki page: an iframe
/// that grows with its content through the height messages it posts.
pub fn snippet(base: &str, origin: &str, lang: Lang) -> String {
    format!(
        "<iframe id=\"rootless-doctor\" title=\"Rootless Doctor\" src=\"{base}#/?embed=1&lang={lang}\"\n        style=\"width:100%;height:600px;border:0\"></iframe>\n<script>\n  addEventListener('message', (e) => {{\n    if (e.origin !== '{origin}' || !e.data || e.data.type !== 'rootless-doctor:height') return;\n    document.getElementById('rootless-doctor').style.height = e.data.height + 'px';\n  }});\n</script>\n",
        lang = lang.code()
    )
}

#[component]
pub fn EmbedPage() -> Html {
    let lang = use_i18n().lang;
    let loc = gloo::utils::window().location();
    let origin = loc.origin().unwrap_or_default();
    let base = format!("{origin}{}", loc.pathname().unwrap_or_default());
    let code = snippet(&base, &origin, lang);
    html! {
        <section class="embed-info">
            <h2>{ t(lang, "embed-heading") }</h2>
            <p>{ t(lang, "embed-intro") }</p>
            <CopyButton text={code.clone()} />
            <pre id="embed-snippet" tabindex="0"><code>{ code }</code></pre>
            <p class="muted">{ t(lang, "embed-params") }</p>
            <p class="muted">{ t(lang, "embed-origin") }</p>
        </section>
    }
}
