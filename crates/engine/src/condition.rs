//! A condition on one fact, as entries write them in `entry.toml`
//! (`{ fact = "kernel", below = "5.11" }`), and how it is tested.

use regex::Regex;
use serde::Deserialize;

use crate::facts::{Facts, Value};

/// A test of one fact. Exactly one of the tests is given.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub fact: String,
    /// Equal to a string, number or boolean (strings compare case-insensitively).
    #[serde(default)]
    pub equals: Option<toml::Value>,
    #[serde(default)]
    pub not_equals: Option<toml::Value>,
    /// A string fact contains this text, or a list fact has an item that does
    /// (case-insensitive).
    #[serde(default)]
    pub contains: Option<String>,
    /// A string fact, or an item of a list fact, matches this regex.
    #[serde(default)]
    pub matches: Option<String>,
    /// The fact is known and does not contain this text (case-insensitive).
    #[serde(default)]
    pub not_contains: Option<String>,
    /// The paste told (true) or did not tell (false) this fact.
    #[serde(default)]
    pub present: Option<bool>,
    /// A number, or a dotted version, below this one.
    #[serde(default)]
    pub below: Option<toml::Value>,
    /// A number, or a dotted version, at or above this one.
    #[serde(default)]
    pub at_least: Option<toml::Value>,
    /// `matches`, compiled on first use and kept.
    #[serde(skip)]
    compiled: Compiled,
}

/// A condition's regex, compiled once; conditions are equal whatever the
/// state of their caches.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled(pub(crate) std::sync::OnceLock<Option<Regex>>);

impl PartialEq for Compiled {
    fn eq(&self, _: &Compiled) -> bool {
        true
    }
}

impl Condition {
    pub(crate) fn tests(&self) -> usize {
        [self.equals.is_some(), self.not_equals.is_some(), self.contains.is_some(), self.not_contains.is_some(), self.matches.is_some(), self.present.is_some(), self.below.is_some(), self.at_least.is_some()]
            .iter()
            .filter(|b| **b)
            .count()
    }

    pub fn holds(&self, facts: &Facts) -> bool {
        let owned;
        let v = match facts.get(&self.fact) {
            Some(Value::Owned(s)) => {
                owned = s;
                Some(Value::Str(&owned))
            }
            v => v,
        };
        if let Some(p) = self.present {
            return v.is_some() == p;
        }
        let Some(v) = v else { return false };
        if let Some(want) = &self.equals {
            return equals(&v, want);
        }
        if let Some(want) = &self.not_equals {
            return !equals(&v, want);
        }
        if let Some(needle) = &self.contains {
            let needle = needle.to_lowercase();
            return match v {
                Value::Str(s) => s.to_lowercase().contains(&needle),
                Value::List(items) => items.iter().any(|s| s.to_lowercase().contains(&needle)),
                _ => false,
            };
        }
        if let Some(pattern) = &self.matches {
            // Checked to compile at load; compiled once, on first use.
            let Some(re) = self.compiled.0.get_or_init(|| Regex::new(pattern).ok()) else { return false };
            return match v {
                Value::Str(s) => re.is_match(s),
                Value::List(items) => items.iter().any(|s| re.is_match(s)),
                _ => false,
            };
        }
        if let Some(needle) = &self.not_contains {
            let needle = needle.to_lowercase();
            return match v {
                Value::Str(s) => !s.to_lowercase().contains(&needle),
                Value::List(items) => !items.iter().any(|s| s.to_lowercase().contains(&needle)),
                _ => false,
            };
        }
        if let Some(limit) = &self.below {
            return compare(&v, limit).is_some_and(|o| o.is_lt());
        }
        if let Some(limit) = &self.at_least {
            return compare(&v, limit).is_some_and(|o| o.is_ge());
        }
        false
    }
}

fn equals(v: &Value<'_>, want: &toml::Value) -> bool {
    match (v, want) {
        (Value::Bool(a), toml::Value::Boolean(b)) => a == b,
        (Value::Num(a), toml::Value::Integer(b)) => *a == *b as f64,
        (Value::Str(a), toml::Value::String(b)) => a.eq_ignore_ascii_case(b),
        (Value::Str(a), toml::Value::Integer(b)) => a.trim().parse::<i64>().is_ok_and(|a| a == *b),
        (Value::List(items), toml::Value::String(b)) => items.iter().any(|a| a.eq_ignore_ascii_case(b)),
        _ => false,
    }
}

fn compare(v: &Value<'_>, limit: &toml::Value) -> Option<std::cmp::Ordering> {
    match (v, limit) {
        (Value::Num(a), toml::Value::Integer(b)) => a.partial_cmp(&(*b as f64)),
        (Value::Num(a), toml::Value::Float(b)) => a.partial_cmp(b),
        // A version without numbers (`dev`, a build from source) compares
        // with nothing: no range condition holds for it.
        (Value::Str(a), toml::Value::String(b)) => Some(version_key(a)).filter(|k| !k.is_empty()).map(|k| k.cmp(&version_key(b))),
        (Value::Str(a), toml::Value::Integer(b)) => a.trim().parse::<i64>().ok().map(|a| a.cmp(b)),
        _ => None,
    }
}

/// The leading dotted numbers of a version: "5.15.0-91-generic" → [5, 15, 0].
pub fn version_key(v: &str) -> Vec<u64> {
    let v = v.trim().trim_start_matches('v');
    let end = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    v[..end].split('.').filter(|p| !p.is_empty()).map(|p| p.parse().unwrap_or(u64::MAX)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_their_numbers() {
        assert!(version_key("5.15.0-91-generic") < version_key("5.16"));
        assert_eq!(compare(&Value::Str("dev"), &toml::Value::String("23.0".into())), None);
        assert!(version_key("20.10.7") < version_key("20.10.10"));
        assert_eq!(version_key("v27.3.1"), [27, 3, 1]);
    }
}
