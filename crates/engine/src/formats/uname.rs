//! `uname -a` (`Linux host 6.8.0-45-generic #45-Ubuntu SMP ...`) and
//! `uname -r` (the release alone, after its command line).

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct Uname;

fn is_release(s: &str) -> bool {
    let mut parts = s.split('.');
    let num = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().take_while(u8::is_ascii_digit).count() > 0);
    s.len() <= 64 && !s.contains(char::is_whitespace) && num(parts.next()) && num(parts.next())
}

/// The release and its byte offset in the line.
fn release<'a>(text: &'a str, hint: Hint<'_>) -> Option<(usize, &'a str)> {
    let t = text.trim_end();
    if let Some(rest) = t.strip_prefix("Linux ") {
        let mut words = rest.split(' ');
        let _host = words.next()?;
        let rel = words.next()?;
        let after = words.next()?;
        return (is_release(rel) && after.starts_with('#')).then(|| (t.find(rel).unwrap_or(0), rel));
    }
    let cmd = hint.command?.trim();
    (cmd == "uname -r" && is_release(t.trim())).then(|| (text.len() - text.trim_start().len(), t.trim()))
}

impl Format for Uname {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "uname"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        release(&lines[i].text, hint).is_some()
    }

    fn extent(&self, _: &[Line], start: usize, _: Hint<'_>) -> usize {
        start + 1
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        if let Some((at, rel)) = release(&lines[0].text, hint) {
            facts.kernel.set(rel, Source { line: lines[0].number, start: at, end: at + rel.len() });
        }
    }
}
