//! `/etc/subuid` and `/etc/subgid`: `owner:start:count` per line, where the
//! owner is a user name or a UID. Which file it is comes from the command
//! before it (`cat /etc/subgid`), a `grep` file prefix, or else is taken as
//! subuid, the more commonly pasted one.

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source, SubIdRange};
use crate::text::Line;

pub struct SubId;

#[derive(Clone, Copy, PartialEq, Eq)]
enum File {
    Uid,
    Gid,
}

fn file_of_command(hint: Hint<'_>) -> Option<File> {
    let cmd = hint.command?;
    match (cmd.contains("subgid"), cmd.contains("subuid")) {
        (true, false) => Some(File::Gid),
        (false, true) => Some(File::Uid),
        _ => None,
    }
}

/// `alice:100000:65536`, optionally prefixed by `/etc/subuid:` (grep over
/// several files). Returns the prefix's file, the owner, start and count.
fn parse_line(text: &str) -> Option<(Option<File>, &str, u64, u64)> {
    if !text.as_bytes().contains(&b':') {
        return None;
    }
    let t = crate::text::trim(text);
    let (file, rest) = if let Some(r) = t.strip_prefix("/etc/subuid:") {
        (Some(File::Uid), r)
    } else if let Some(r) = t.strip_prefix("/etc/subgid:") {
        (Some(File::Gid), r)
    } else {
        (None, t)
    };
    let mut parts = rest.split(':');
    let (owner, start, count) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !valid_owner(owner) {
        return None;
    }
    Some((file, owner, number(start)?, number(count)?))
}

/// A line that was meant as an entry but is not one: `alice:100000`,
/// `alice 100000 65536`, `alice:1e5:65536`. Only read inside a section.
fn looks_malformed(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 120 || t.starts_with(['$', '#', '[']) {
        return false;
    }
    let owner_then = |sep: char| t.split_once(sep).is_some_and(|(o, rest)| valid_owner(o) && rest.starts_with(|c: char| c.is_ascii_alphanumeric()));
    let spaced = t.split_whitespace().count() == 3 && t.split_whitespace().skip(1).all(|w| w.bytes().all(|b| b.is_ascii_digit()));
    (owner_then(':') && !t.contains(' ')) || spaced
}

fn number(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn valid_owner(o: &str) -> bool {
    !o.is_empty()
        && o.len() <= 64
        && !o.starts_with('-')
        && o.chars().all(|c| c.is_ascii_alphanumeric() || "_.-$".contains(c))
}

impl Format for SubId {
    fn kind(&self, section: &[Line], hint: Hint<'_>) -> &'static str {
        let prefixed = section.first().and_then(|l| parse_line(&l.text)).and_then(|p| p.0);
        match prefixed.or(file_of_command(hint)) {
            Some(File::Gid) => "subgid",
            _ => "subuid",
        }
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        parse_line(&lines[i].text).is_some() || file_of_command(hint).is_some() && looks_malformed(&lines[i].text)
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let first_file = parse_line(&lines[start].text).and_then(|p| p.0);
        let mut end = start + 1;
        while end < lines.len() {
            match parse_line(&lines[end].text) {
                // A grep over both files switches file midway: a new section.
                Some((f, ..)) if f == first_file => end += 1,
                None if looks_malformed(&lines[end].text) => end += 1,
                _ => break,
            }
        }
        end
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let section_file = lines.first().and_then(|l| parse_line(&l.text)).and_then(|p| p.0).or(file_of_command(hint)).unwrap_or(File::Uid);
        for line in lines {
            match parse_line(&line.text) {
                Some((file, owner, start, count)) => {
                    let range = SubIdRange { owner: owner.to_string(), start, count, line: line.number };
                    match file.unwrap_or(section_file) {
                        File::Uid => facts.subuid.push(range),
                        File::Gid => facts.subgid.push(range),
                    }
                }
                None => {
                    let src = Source { line: line.number, start: 0, end: line.text.trim_end().len() };
                    match section_file {
                        File::Uid => facts.subuid_malformed.push(src),
                        File::Gid => facts.subgid_malformed.push(src),
                    }
                }
            }
        }
    }
}
