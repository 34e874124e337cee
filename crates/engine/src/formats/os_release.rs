//! `/etc/os-release`: `KEY=value` lines, values optionally quoted.

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct OsRelease;

const KEYS: &[&str] = &["NAME", "VERSION", "ID", "ID_LIKE", "VERSION_ID", "PRETTY_NAME", "VERSION_CODENAME", "HOME_URL"];

fn key_value(text: &str) -> Option<(&str, &str)> {
    let (k, v) = text.trim().split_once('=')?;
    let ok = !k.is_empty() && k.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    ok.then(|| (k, v.trim_matches(['"', '\''])))
}

impl Format for OsRelease {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "os-release"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        // Two known keys in a row: a lone `ID=...` could be anything.
        let known = |l: &Line| key_value(&l.text).is_some_and(|(k, _)| KEYS.contains(&k));
        known(&lines[i]) && lines.get(i + 1).is_some_and(known)
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        while end < lines.len() && key_value(&lines[end].text).is_some() {
            end += 1;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        for line in lines {
            if let Some((k, v)) = key_value(&line.text) {
                let start = line.text.find('=').map_or(0, |i| i + 1);
                let src = Source { line: line.number, start, end: line.text.trim_end().len() };
                match k {
                    "ID" => facts.os_id.set(v, src),
                    "VERSION_ID" => facts.os_version.set(v, src),
                    "PRETTY_NAME" => facts.os.set(v, src),
                    _ => {}
                }
            }
        }
    }
}
