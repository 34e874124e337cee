use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub source: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

/// Markdown from the knowledge base, rendered by the engine's one renderer
/// (raw HTML in the source comes out as text). Pasted text never gets here:
/// only entry text with validated values filled in.
#[component]
pub fn Markdown(props: &MarkdownProps) -> Html {
    let html = engine::render::markdown_to_html(&props.source);
    html! {
        <div class={classes!("md", props.class.clone())}>{ Html::from_html_unchecked(html.into()) }</div>
    }
}
