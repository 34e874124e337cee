//! What a hosting team's extension adds to the page: its name and note in
//! the header, a mark on its own entries, its notes under shipped entries,
//! its support link under each finding, and a report when its bundle was
//! refused. Every value from the bundle is shown as text (notes go through
//! the one Markdown renderer, which escapes raw HTML).

use yew::prelude::*;

use crate::i18n::use_i18n;
use super::markdown::Markdown;
use crate::content::Status;
use crate::{fmt, kb, t};

/// The team's name and note, for the header.
#[component]
pub fn TeamHeader() -> Html {
    let lang = use_i18n().lang;
    let Some(team) = &kb().team else { return Html::default() };
    html! {
        <p class="team-banner">
            <strong>{ &team.name }</strong>
            if let Some(note) = team.note(lang) {
                { " · " }<span>{ note }</span>
            }
        </p>
    }
}

/// Marks an entry written by the hosting team.
#[component]
pub fn TeamBadge() -> Html {
    let lang = use_i18n().lang;
    html! { <span class="badge team">{ t(lang, "team-entry-badge") }</span> }
}

#[derive(Properties, PartialEq)]
pub struct TeamNoteProps {
    /// The note's Markdown, values filled in.
    pub source: AttrValue,
    /// The heading level that fits where the note sits (3 or 4).
    #[prop_or(4)]
    pub level: u8,
}

/// The hosting team's note on an entry.
#[component]
pub fn TeamNote(props: &TeamNoteProps) -> Html {
    let lang = use_i18n().lang;
    let name = kb().team.as_ref().map(|t| t.name.as_str()).unwrap_or_default();
    html! {
        <aside class="team-note">
            <@{format!("h{}", props.level)}>{ fmt(lang, "team-note-heading", &[("team", &name)]) }</@>
            <Markdown heading={props.level + 1} source={props.source.clone()} />
        </aside>
    }
}

/// Where to ask the hosting team for help.
#[component]
pub fn SupportLink() -> Html {
    let lang = use_i18n().lang;
    let Some((name, link)) = kb().team.as_ref().and_then(|t| t.support.as_ref().map(|s| (&t.name, s))) else {
        return Html::default();
    };
    html! {
        <p class="support">
            <a href={link.clone()} rel="noreferrer noopener" target="_blank">{ fmt(lang, "team-support", &[("team", &name)]) }</a>
        </p>
    }
}

/// Says that the host's `extensions.json` was refused, and why.
#[component]
pub fn ExtensionsReport() -> Html {
    let lang = use_i18n().lang;
    let Status::Rejected(errors) = crate::content::status() else { return Html::default() };
    html! {
        <section class="extensions-rejected" role="alert">
            <p>{ fmt(lang, "extensions-rejected", &[("n", &errors.len())]) }</p>
            <ul>{ for errors.iter().take(20).map(|e| html! { <li><code>{ e.to_string() }</code></li> }) }</ul>
        </section>
    }
}
