//! The reader's language as context (every component reads it with
//! [`use_i18n`], no component passes it on), and the one formatter for
//! interface strings: `{name}` placeholders filled by name. The tidy test
//! (`engine::tidy`) checks that every language uses the same names as
//! English.

use std::fmt::Display;

use engine::Lang;
use yew::prelude::*;

/// The reader's language, provided once by `App`, with the state of the
/// content it needs (src/content.rs): a component that reads the knowledge
/// base renders again when `generation` changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct I18n {
    pub lang: Lang,
    /// [`crate::content::generation`] when this was made.
    pub generation: u32,
    /// The matchers and this language's text are loaded: pastes can be
    /// diagnosed and entries shown.
    pub ready: bool,
}

/// The language of the page, for components under `App`.
#[hook]
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n { lang: Lang::En, generation: 0, ready: false })
}

/// `template` with each `{name}` that `args` names replaced by its value,
/// in one pass: a value is never read again as a template, and a
/// placeholder `args` does not name stays as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]).map(|(_, v)| (close, v)));
        match value {
            Some((close, value)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A template split at one placeholder, for markup in its place (links in
/// a sentence): the text before `{name}` and after it; all of it before
/// when the template lacks it.
pub fn around<'a>(template: &'a str, name: &str) -> (&'a str, &'a str) {
    template.split_once(&format!("{{{name}}}")).unwrap_or((template, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_by_name_once() {
        assert_eq!(fill("{n} of {total} ({n})", &[("n", &3), ("total", &"5")]), "3 of 5 (3)");
        // A value holding a placeholder is not filled again.
        assert_eq!(fill("{a} {b}", &[("a", &"{b}"), ("b", &1)]), "{b} 1");
        // Unnamed placeholders, stray and unclosed braces stay.
        assert_eq!(fill("{x} {{json .}} {", &[("n", &1)]), "{x} {{json .}} {");
        assert_eq!(fill("오류 {errors}건", &[("errors", &2)]), "오류 2건");
    }

    #[test]
    fn splits_around_a_placeholder() {
        assert_eq!(around("see {ids} first", "ids"), ("see ", " first"));
        assert_eq!(around("no ids", "ids"), ("no ids", ""));
    }
}
