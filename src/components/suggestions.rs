use engine::{Lang, Suggestion};
use yew::prelude::*;

use crate::hooks::Route;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct SuggestionsProps {
    pub lang: Lang,
    pub suggestions: Vec<Suggestion>,
    #[prop_or_default]
    pub on_focus_line: Callback<usize>,
}

/// "Possibly related": entries whose messages resemble error lines that no
/// finding explained. Kept apart from findings: they are leads to read, not
/// a diagnosis.
#[function_component]
pub fn Suggestions(p: &SuggestionsProps) -> Html {
    let lang = p.lang;
    if p.suggestions.is_empty() {
        return html! {};
    }
    html! {
        <section class="suggestions" aria-labelledby="suggestions-h">
            <h2 id="suggestions-h">{ t(lang, "suggestions-heading") }</h2>
            <p class="muted">{ t(lang, "suggestions-note") }</p>
            <ul>
                { for p.suggestions.iter().map(|s| {
                    let line = s.line;
                    let focus = p.on_focus_line.reform(move |_: MouseEvent| line);
                    let text = t(lang, "suggestion-line").replace("{n}", &s.line.to_string()).replace("{words}", &s.words.join(", "));
                    html! {
                        <li key={s.id.clone()} lang={s.language.code()}>
                            <a href={Route::KbEntry(s.id.clone()).href()}>{ &s.title }</a>
                            <p class="summary">{ &s.summary }</p>
                            <p class="muted"><button type="button" class="ln" onclick={focus}>{ text }</button></p>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
