use gloo::events::EventListener;
use yew::prelude::*;

/// Hash routes, so the built site works from any sub-path of any static host
/// (and from file://) without server rewrites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/` or no hash.
    Diagnose,
    /// `#/kb`
    KbIndex,
    /// `#/kb/<id>`
    KbEntry(String),
    /// `#/guide`
    GuideIndex,
    /// `#/guide/<page>`
    GuidePage(String),
    /// `#/search`
    Search,
    /// `#/embed`: how to embed the page in a wiki.
    Embed,
    /// `#/cli`: the command-line tool to download.
    Cli,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split(['?', '&']).next().unwrap_or("");
        let path = path.trim_end_matches('/');
        match path.split_once('/') {
            Some(("kb", id)) if !id.is_empty() => Route::KbEntry(id.to_string()),
            Some(("guide", page)) if !page.is_empty() => Route::GuidePage(page.to_string()),
            None if path == "kb" => Route::KbIndex,
            None if path == "guide" => Route::GuideIndex,
            None if path == "search" => Route::Search,
            None if path == "embed" => Route::Embed,
            None if path == "cli" => Route::Cli,
            _ => Route::Diagnose,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Diagnose => "#/".into(),
            Route::KbIndex => "#/kb".into(),
            Route::KbEntry(id) => format!("#/kb/{id}"),
            Route::GuideIndex => "#/guide".into(),
            Route::GuidePage(page) => format!("#/guide/{page}"),
            Route::Search => "#/search".into(),
            Route::Embed => "#/embed".into(),
            Route::Cli => "#/cli".into(),
        }
    }
}

fn current() -> Route {
    Route::parse(&gloo::utils::window().location().hash().unwrap_or_default())
}

#[hook]
pub fn use_route() -> Route {
    let route = use_state(current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(current());
                // A new page starts at the top; an in-page anchor (`#finding-<id>`)
                // is left to the browser, which has scrolled to it.
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                let anchor = hash.strip_prefix('#').filter(|id| !id.is_empty()).and_then(|id| gloo::utils::document().get_element_by_id(id));
                if anchor.is_none() {
                    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                }
            });
            move || drop(listener)
        });
    }
    (*route).clone()
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn hashes_map_to_routes() {
        assert_eq!(Route::parse(""), Route::Diagnose);
        assert_eq!(Route::parse("#/"), Route::Diagnose);
        assert_eq!(Route::parse("#/kb"), Route::KbIndex);
        assert_eq!(Route::parse("#/kb/privileged-port"), Route::KbEntry("privileged-port".into()));
        assert_eq!(Route::parse("#/kb/privileged-port/"), Route::KbEntry("privileged-port".into()));
        assert_eq!(Route::parse("#/guide"), Route::GuideIndex);
        assert_eq!(Route::parse("#/guide/install"), Route::GuidePage("install".into()));
        assert_eq!(Route::parse("#/search"), Route::Search);
        assert_eq!(Route::parse("#/cli"), Route::Cli);
    }
}
