//! Kernel parameters, in the three ways people print them:
//! `sysctl kernel.unprivileged_userns_clone` (`key = value`),
//! `cat /proc/sys/kernel/unprivileged_userns_clone` (the value alone, after
//! the command line), and `grep . /proc/sys/user/*` (`path:value`).

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct Sysctl;

/// `kernel.apparmor_restrict_unprivileged_userns = 1`
fn key_value(text: &str) -> Option<(String, &str, usize)> {
    // Both forms have a dot or a slash in the key.
    if !text.bytes().any(|b| b == b'.' || b == b'/') {
        return None;
    }
    let t = text.trim_end();
    if let Some(rest) = t.strip_prefix("/proc/sys/") {
        let (path, value) = rest.split_once(':')?;
        return valid_key(path).then(|| (path.replace('/', "."), value.trim(), t.len() - value.len()));
    }
    let (key, value) = t.split_once(" = ")?;
    (valid_key(key) && key.contains('.')).then(|| (key.to_string(), value.trim(), t.len() - value.trim_start().len()))
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 128
        && k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b))
}

/// The parameter a `cat /proc/sys/...` or `sysctl -n ...` command prints.
fn key_of_command(hint: Hint<'_>) -> Option<String> {
    let cmd = hint.command?.trim();
    let arg = cmd
        .strip_prefix("cat /proc/sys/")
        .map(|p| p.replace('/', "."))
        .or_else(|| cmd.strip_prefix("sysctl -n ").map(str::to_string))?;
    (valid_key(&arg) && !arg.contains(' ')).then_some(arg)
}

impl Format for Sysctl {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "sysctl"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        let t = crate::text::trim(&lines[i].text);
        key_value(t).is_some() || key_of_command(hint).is_some() && !t.is_empty() && t.len() <= 64 && !t.contains(' ')
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        while end < lines.len() && key_value(&lines[end].text).is_some() {
            end += 1;
        }
        end
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        for (i, line) in lines.iter().enumerate() {
            let src = |start: usize| Source { line: line.number, start, end: line.text.trim_end().len() };
            if let Some((key, value, at)) = key_value(&line.text) {
                facts.sysctl.entry(key).or_insert_with(|| (value.to_string(), src(at)));
            } else if let (0, Some(key)) = (i, key_of_command(hint)) {
                let at = line.text.len() - line.text.trim_start().len();
                facts.sysctl.entry(key).or_insert_with(|| (line.text.trim().to_string(), src(at)));
            }
        }
    }
}
