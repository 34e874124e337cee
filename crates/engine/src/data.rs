//! Data files of the content: as written (`.toml`) or as prepared for the
//! page (`.json`, see [`crate::pack`]).

use serde::de::DeserializeOwned;

/// Reads a data file of the content as written (`.toml`) or as prepared for
/// the page (`.json`, see [`crate::pack`]): the same structs either way, so
/// both forms pass the same checks. The error carries its line when known.
pub(crate) fn parse_data<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, (Option<usize>, String)> {
    parse_data_as::<T, true>(path, text)
}

/// [`parse_data`] for a loader that reads content as written (`FULL`) or
/// only as prepared (the page: a `.toml` file is an error, and no TOML
/// parser is linked in; see `Knowledge::load_prepared`).
pub(crate) fn parse_data_as<T: DeserializeOwned, const FULL: bool>(path: &str, text: &str) -> Result<T, (Option<usize>, String)> {
    if path.ends_with(".json") {
        return serde_json::from_str(text).map_err(|e| (Some(e.line()), e.to_string()));
    }
    if !FULL {
        return Err((None, "only prepared content (.json) is read here".into()));
    }
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        (line, e.message().to_string())
    })
}

/// JSON that may also sit inside an HTML `<script>` element (the
/// single-file page carries bundles and packs so): `<`, `>` and `&` are
/// written as `\u` escapes, which JSON reads back as the same characters.
pub(crate) fn script_safe_json(json: String) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}
