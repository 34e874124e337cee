//! Every line pattern of a shipped entry names where upstream prints its
//! text: a comment line starting `# source:` in the comments above its
//! `[[lines]]` table (blank lines and other comment lines may stand
//! between), e.g.
//!
//! ```toml
//! # source: rootlesskit pkg/port/builtin/parent/parent.go
//! # "cannot expose privileged port %d ..." (v0.10–3.x)
//! [[lines]]
//! regex = 'cannot expose privileged port (?P<port>[0-9]{1,5})'
//! ```
//!
//! The embedded copy of `content/` has its TOML comments blanked (build.rs),
//! so this rule reads the files as written: the tidy test and `cargo xtask
//! tidy` read `content/kb/*/entry.toml` from disk and hand the text here.
//! A team's entries are not checked.

use crate::kb::KbError;

/// The marker a comment line above `[[lines]]` starts with.
pub const SOURCE_MARKER: &str = "# source:";

/// `files` are `(path under content/, text as written)`; every
/// `kb/<id>/entry.toml` among them is checked, other paths are skipped.
pub fn check_sources<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<KbError> {
    let mut errors = Vec::new();
    for (path, text) in files {
        let is_entry = path.strip_prefix("kb/").and_then(|r| r.strip_suffix("/entry.toml")).is_some_and(|id| !id.is_empty() && !id.contains('/'));
        if !is_entry {
            continue;
        }
        for line in lines_without_source(text) {
            errors.push(KbError {
                file: format!("content/{path}"),
                line: Some(line),
                message: format!("[[lines]] without a \"{SOURCE_MARKER}\" comment above it"),
            });
        }
    }
    errors
}

/// The 1-based numbers of the `[[lines]]` headers of `toml` whose comment
/// block above has no `# source:` line with text after it.
pub fn lines_without_source(toml: &str) -> Vec<usize> {
    let lines: Vec<&str> = toml.lines().collect();
    let mut missing = Vec::new();
    let mut open: Option<&str> = None; // inside a multi-line string
    for (i, line) in lines.iter().enumerate() {
        let was_open = open.is_some();
        for quotes in ["'''", "\"\"\""] {
            if open.is_none_or(|o| o == quotes) && line.matches(quotes).count() % 2 == 1 {
                open = if open.is_some() { None } else { Some(quotes) };
            }
        }
        if was_open || !is_lines_header(line) {
            continue;
        }
        let sourced = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .take_while(|l| l.is_empty() || l.starts_with('#'))
            .any(|l| l.strip_prefix(SOURCE_MARKER).is_some_and(|rest| !rest.trim().is_empty()));
        if !sourced {
            missing.push(i + 1);
        }
    }
    missing
}

/// `[[lines]]`, also written `[[ lines ]]` or with a comment after it.
fn is_lines_header(line: &str) -> bool {
    let code = line.split('#').next().unwrap_or("");
    code.chars().filter(|c| !c.is_whitespace()).eq("[[lines]]".chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_needs_a_source_comment_above_it() {
        let with = "id = \"x\"\n\n# source: rootlesskit pkg/port/builtin (v0.10–3.x)\n# printed after \"Error: \"\n\n[[lines]]\nregex = 'a'\n";
        assert!(lines_without_source(with).is_empty());
        let without = "id = \"x\"\n\n# the port message\n[[lines]]\nregex = 'a'\n";
        assert_eq!(lines_without_source(without), vec![4]);
        // The comment belongs to the table right below it, not to a later one.
        let second = "# source: moby daemon (20.10–29.x)\n[[lines]]\nregex = 'a'\n[[lines]]\nregex = 'b'\n";
        assert_eq!(lines_without_source(second), vec![4]);
        // An empty marker, or one inside a multi-line string, does not count.
        let empty = "# source:\n[[ lines ]]  # spaced\nregex = 'a'\n";
        assert_eq!(lines_without_source(empty), vec![2]);
        let quoted = "text = '''\n# source: not a comment\n[[lines]]\n'''\n[[lines]]\nregex = 'a'\n";
        assert_eq!(lines_without_source(quoted), vec![5]);
    }

    #[test]
    fn only_shipped_entry_files_are_checked_and_named_by_path() {
        let bad = "[[lines]]\nregex = 'a'\n";
        let errors = check_sources([("kb/privileged-port/entry.toml", bad), ("ui/en.toml", bad), ("kb/x/samples/fires-1.txt", bad)]);
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(list, ["content/kb/privileged-port/entry.toml:1: [[lines]] without a \"# source:\" comment above it"]);
    }
}
