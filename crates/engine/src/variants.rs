//! Variants of an entry's text for version ranges or drivers.
//!
//! `entry.toml` declares each variant once:
//!
//! ```toml
//! [variants.detached]
//! when = [{ fact = "detach_netns", equals = true }]
//! label = "variant-docker-29-5-and-later"   # a key of content/ui/<lang>.toml
//! ```
//!
//! and each `<lang>.md` marks its text with two fence-like lines:
//!
//! ```text
//! ::: variant detached
//! Text for Docker 29.5 and later.
//! :::
//! ```
//!
//! When the paste tells the facts, a finding keeps only the variants that
//! apply; when it does not, every variant is shown under its label.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::facts::Facts;
use crate::condition::Condition;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Every condition holds: the variant applies.
    pub when: Vec<Condition>,
    /// The interface string that names the variant when the facts are unknown.
    pub label: String,
}

const OPEN: &str = "::: variant ";
const CLOSE: &str = ":::";

/// The variant names a text marks, in order, or why its markers are wrong
/// (unclosed, nested, a stray `:::`). Markers inside code blocks do not count.
pub fn marked(md: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut open: Option<&str> = None;
    let mut fence = false;
    for (i, line) in md.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(name) = t.strip_prefix(OPEN) {
            let name = name.trim();
            if let Some(outer) = open {
                return Err(format!("line {}: variant {name:?} opens inside variant {outer:?}", i + 1));
            }
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(format!("line {}: a variant name is lowercase letters, digits and '-'", i + 1));
            }
            open = Some(name);
            out.push(name.to_string());
        } else if t == CLOSE {
            if open.take().is_none() {
                return Err(format!("line {}: ':::' closes no variant", i + 1));
            }
        } else if t.starts_with(":::") {
            return Err(format!("line {}: a variant marker is '::: variant <name>' or ':::'", i + 1));
        }
    }
    match open {
        Some(name) => Err(format!("variant {name:?} is not closed with ':::'")),
        None => Ok(out),
    }
}

/// Which variants apply: `true` when every condition holds, `false` when a
/// condition on a known fact fails, absent when the paste did not tell.
pub fn decide(variants: &BTreeMap<String, Variant>, facts: &Facts) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    for (name, v) in variants {
        if v.when.iter().all(|c| c.holds(facts)) {
            out.insert(name.clone(), true);
        } else if v.when.iter().any(|c| !c.holds(facts) && facts.get(&c.fact).is_some()) {
            out.insert(name.clone(), false);
        }
    }
    out
}

/// The text with the variants that apply (markers removed), without those
/// that do not, and with each undecided one under its label (`label` gives
/// the label's text in the reader's language).
pub fn select(md: &str, decided: &BTreeMap<String, bool>, label: impl Fn(&str) -> String) -> String {
    if !md.contains(OPEN) {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len());
    let mut keep = true;
    let mut fence = false;
    for line in md.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
        }
        if !fence {
            if let Some(name) = t.strip_prefix(OPEN) {
                let name = name.trim();
                keep = decided.get(name).copied().unwrap_or(true);
                if !decided.contains_key(name) {
                    out.push_str(&format!("**{}**\n\n", label(name)));
                }
                continue;
            }
            if t == CLOSE {
                keep = true;
                continue;
            }
        }
        if keep {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "## Fix\n\nBoth.\n\n::: variant new\nNew text.\n:::\n::: variant old\nOld text.\n:::\nAfter.\n";

    #[test]
    fn markers_are_checked() {
        assert_eq!(marked(MD).unwrap(), ["new", "old"]);
        assert!(marked("::: variant a\nx\n").is_err());
        assert!(marked("::: variant a\n::: variant b\n:::\n:::\n").is_err());
        assert!(marked(":::\n").is_err());
        assert!(marked("```\n:::\n```\n").unwrap().is_empty());
    }

    #[test]
    fn known_facts_keep_one_variant_and_unknown_ones_show_all_labelled() {
        let decided = BTreeMap::from([("new".to_string(), true), ("old".to_string(), false)]);
        let one = select(MD, &decided, |n| format!("L-{n}"));
        assert!(one.contains("New text.") && !one.contains("Old text.") && !one.contains(":::"));
        assert!(one.contains("After.") && !one.contains("L-"));
        let all = select(MD, &BTreeMap::new(), |n| format!("L-{n}"));
        assert!(all.contains("**L-new**\n\nNew text.") && all.contains("**L-old**\n\nOld text."));
    }
}
