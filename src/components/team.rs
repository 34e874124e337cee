//! What a hosting team's extension adds to the page: its name and note in
//! the header, a mark on its own entries, its notes under shipped entries,
//! its support link under each finding, and a report when its bundle was
//! refused. Every value from the bundle is shown as text (notes go through
//! the one Markdown renderer, which escapes raw HTML).

use engine::Lang;
use yew::prelude::*;

use super::markdown::Markdown;
use crate::extensions::Status;
use crate::{kb, t};

/// The team's name and note, for the header.
#[component]
pub fn TeamHeader(props: &LangProps) -> Html {
    let Some(team) = &kb().team else { return Html::default() };
    html! {
        <p class="team-banner">
            <strong>{ &team.name }</strong>
            if let Some(note) = team.note(props.lang) {
                { " · " }<span>{ note }</span>
            }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct LangProps {
    pub lang: Lang,
}

/// Marks an entry written by the hosting team.
#[component]
pub fn TeamBadge(props: &LangProps) -> Html {
    html! { <span class="badge team">{ t(props.lang, "team-entry-badge") }</span> }
}

#[derive(Properties, PartialEq)]
pub struct TeamNoteProps {
    pub lang: Lang,
    /// The note's Markdown, values filled in.
    pub source: AttrValue,
    /// The heading level that fits where the note sits (3 or 4).
    #[prop_or(4)]
    pub level: u8,
}

/// The hosting team's note on an entry.
#[component]
pub fn TeamNote(props: &TeamNoteProps) -> Html {
    let name = kb().team.as_ref().map(|t| t.name.as_str()).unwrap_or_default();
    html! {
        <aside class="team-note">
            <@{format!("h{}", props.level)}>{ t(props.lang, "team-note-heading").replace("{team}", name) }</@>
            <Markdown lang={props.lang} heading={props.level + 1} source={props.source.clone()} />
        </aside>
    }
}

/// Where to ask the hosting team for help.
#[component]
pub fn SupportLink(props: &LangProps) -> Html {
    let Some((name, link)) = kb().team.as_ref().and_then(|t| t.support.as_ref().map(|s| (&t.name, s))) else {
        return Html::default();
    };
    html! {
        <p class="support">
            <a href={link.clone()} rel="noreferrer noopener" target="_blank">{ t(props.lang, "team-support").replace("{team}", name) }</a>
        </p>
    }
}

/// Says that the host's `extensions.json` was refused, and why.
#[component]
pub fn ExtensionsReport(props: &LangProps) -> Html {
    let Status::Rejected(errors) = crate::extensions::status() else { return Html::default() };
    html! {
        <section class="extensions-rejected" role="alert">
            <p>{ t(props.lang, "extensions-rejected").replace("{n}", &errors.len().to_string()) }</p>
            <ul>{ for errors.iter().take(20).map(|e| html! { <li><code>{ e.to_string() }</code></li> }) }</ul>
        </section>
    }
}
