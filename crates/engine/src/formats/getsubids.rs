//! `getsubids USER` and `getsubids -g USER` (shadow-utils 4.10+): the
//! user's subordinate ranges as the system resolves them (files or an NSS
//! module such as SSSD), one per line: `0: alice 100000 65536`. They are
//! the same ranges /etc/subuid and /etc/subgid list.

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, SubIdRange};
use crate::text::Line;

pub struct GetSubIds;

/// `0: alice 100000 65536`: owner, start and count.
fn range(text: &str) -> Option<(&str, u64, u64)> {
    let (index, rest) = text.trim().split_once(": ")?;
    if index.is_empty() || index.len() > 6 || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut words = rest.split_whitespace();
    let (owner, start, count) = (words.next()?, words.next()?, words.next()?);
    let number = |s: &str| (s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten();
    let owner_ok = !owner.is_empty() && owner.len() <= 64 && !owner.starts_with('-') && owner.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-$".contains(&b));
    (words.next().is_none() && owner_ok).then_some(())?;
    Some((owner, number(start)?, number(count)?))
}

/// `getsubids -g` lists group ranges; a plain `getsubids`, user ranges.
fn groups(hint: Hint<'_>) -> Option<bool> {
    let cmd = hint.command?.trim();
    let cmd = cmd.strip_prefix("sudo ").unwrap_or(cmd).trim_start();
    let args = cmd.strip_prefix("getsubids ")?;
    Some(args.split_whitespace().any(|a| a == "-g"))
}

impl Format for GetSubIds {
    fn kind(&self, _: &[Line], hint: Hint<'_>) -> &'static str {
        match groups(hint) {
            Some(true) => "getsubids-g",
            _ => "getsubids",
        }
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        // The line alone could be anything `N: a b c`; the command says what it is.
        groups(hint).is_some() && range(&lines[i].text).is_some()
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        while end < lines.len() && range(&lines[end].text).is_some() {
            end += 1;
        }
        end
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let gid = groups(hint) == Some(true);
        for line in lines {
            if let Some((owner, start, count)) = range(&line.text) {
                let r = SubIdRange { owner: owner.to_string(), start, count, line: line.number };
                if gid {
                    facts.subgid.push(r);
                } else {
                    facts.subuid.push(r);
                }
            }
        }
    }
}
