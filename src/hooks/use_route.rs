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
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split(['?', '&']).next().unwrap_or("");
        match path.split_once('/') {
            Some(("kb", id)) if !id.is_empty() => Route::KbEntry(id.trim_end_matches('/').to_string()),
            None if path == "kb" => Route::KbIndex,
            _ => Route::Diagnose,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Diagnose => "#/".into(),
            Route::KbIndex => "#/kb".into(),
            Route::KbEntry(id) => format!("#/kb/{id}"),
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
                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
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
    }
}
