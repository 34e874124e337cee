//! `journalctl` output: mostly text for the line patterns, but the process
//! names say which daemon wrote it. Prefixed lines come in the short styles
//! (`Mar 04 09:12:40 host dockerd-rootless.sh[4411]: ...`, syslog's
//! `Mar  4`, Chinese and Japanese `3月 04`, Korean `3월 04`), short-iso
//! (`2024-03-04T09:12:40+0100 host systemd[1207]: ...`), short-iso-precise
//! and short-full (`Mon 2024-03-04 09:12:40 CET host ...`). `-o cat` prints
//! messages alone: it is recognised only after a `journalctl` command line.

use std::sync::OnceLock;

use regex::Regex;

use super::{command_of, Format, Hint, ParseWarning, FORMATS};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct Journal;

pub(super) const KIND: &str = "journal";

fn prefix_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^[ \t]*(?:",
            r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}[0-9]{1,2}",
            r"|[0-9]{1,2}(?:月|월) {1,2}[0-9]{1,2}(?:日|일)?",
            r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?[0-9]{4}-[0-9]{2}-[0-9]{2}",
            r")[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]{1,9})?(?:Z|[+-][0-9]{2}:?[0-9]{2}| [A-Z]{1,5}[+-]?[0-9]{0,2})?",
            r" (?P<host>[A-Za-z0-9][A-Za-z0-9._-]{0,252}) (?P<proc>[^ \[\]:]{1,64})(?:\[[0-9]{1,10}\])?: ",
        ))
        .expect("built-in journal pattern")
    })
}

/// The process name of a prefixed journal line and its byte span.
pub(super) fn process(text: &str) -> Option<(usize, usize)> {
    if !text.contains(": ") {
        return None;
    }
    let caps = prefix_re().captures(text)?;
    let p = caps.name("proc")?;
    Some((p.start(), p.end()))
}

/// A line `journalctl` prints besides messages: `-- Boot 1a2b… --`,
/// `-- No entries --`, and the catalog text of `-x` (`-- Subject:`, `░░ `).
fn is_marker(t: &str) -> bool {
    let t = t.trim_start();
    t == "--" || t.starts_with("-- ") || t.starts_with("░░")
}

fn is_journal_command(hint: Hint<'_>) -> bool {
    hint.command.is_some_and(|c| {
        let c = c.trim_start();
        c.strip_prefix("sudo ").unwrap_or(c).trim_start().starts_with("journalctl")
    })
}

/// Reads the process names of journal lines into `journal_units` and
/// `rootless_journal`; also used for the journal tail of `systemctl status`.
/// `messages`: every line is a journal message (`-o cat`), not only the
/// prefixed ones.
pub(super) fn scan(lines: &[Line], messages: bool, facts: &mut Facts) {
    let mut rootless: Option<Source> = None;
    let mut any = false;
    for line in lines {
        let t = line.text.as_str();
        if let Some((s, e)) = process(t) {
            any = true;
            let name = &t[s..e];
            let src = Source { line: line.number, start: s, end: e };
            facts.journal_units.push(name, src);
            if rootless.is_none() && (name.starts_with("dockerd-rootless") || name.starts_with("rootlesskit")) {
                rootless = Some(src);
            }
        }
        // RootlessKit's own messages name it, with or without a prefix (`-o cat`).
        if rootless.is_none() {
            if let Some(at) = t.find("[rootlesskit:") {
                rootless = Some(Source { line: line.number, start: at, end: at + "[rootlesskit".len() });
            }
        }
        any |= messages && !t.trim().is_empty();
    }
    match rootless {
        Some(src) if facts.rootless_journal.get() != Some(&true) => facts.rootless_journal.replace(true, src),
        None if any && !facts.rootless_journal.is_set() => {
            if let Some(first) = lines.iter().find(|l| !l.text.trim().is_empty() && (messages || process(&l.text).is_some())) {
                facts.rootless_journal.set(false, Source { line: first.number, start: 0, end: 0 });
            }
        }
        _ => {}
    }
}

impl Format for Journal {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        KIND
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        let t = &lines[i].text;
        if process(t).is_some() {
            return true;
        }
        // `-o cat`, or markers first: anything printed after the command.
        is_journal_command(hint) && !t.trim().is_empty() && command_of(t).is_none()
    }

    fn extent(&self, lines: &[Line], start: usize, hint: Hint<'_>) -> usize {
        // A section that starts without a prefix came from `-o cat` (or
        // starts with a marker): it runs to the next command line or the
        // next output another format claims.
        let prefixed = process(&lines[start].text).is_some();
        let mut end = start + 1;
        let mut i = start + 1;
        while i < lines.len() {
            let t = lines[i].text.as_str();
            if command_of(t).is_some() {
                break;
            }
            if t.trim().is_empty() {
                i += 1;
                continue;
            }
            let journal = process(t).is_some() || is_marker(t);
            let continued = !prefixed || journal || (super::indent(t) > 0 && i == end);
            if !continued || (!journal && claimed_by_another(lines, i, hint)) {
                break;
            }
            i += 1;
            end = i;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        scan(lines, true, facts);
    }
}

/// Does another format's output start here (without a command to go by)?
fn claimed_by_another(lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
    let hint = Hint { command: None, scan: hint.scan };
    FORMATS
        .iter()
        .filter(|f| f.kind(&lines[i..=i], hint) != KIND)
        .any(|f| f.sniff(lines, i, hint))
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_precise_full_and_cjk_timestamps_are_prefixes() {
        for line in [
            "2024-03-04T09:12:40+0100 host systemd[1207]: Started docker.service - Docker Application Container Engine (Rootless).",
            "2024-03-04T09:12:40.123456+01:00 host rootlesskit[1300]: [rootlesskit:parent] error: failed to setup UID/GID map",
            "Mon 2024-03-04 09:12:40 CET host dockerd[1300]: time=\"x\" level=info msg=\"API listen on /run/docker.sock\"",
            " 1月 11 02:59:48 nanosaur dockerd[17670]: unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '<' looking for beginning of value",
            "10월 11 15:30:20 qiyi systemd[1]: docker.service: Failed with result 'exit-code'.",
            "Mar  4 09:12:40 host kernel: audit: type=1400 apparmor=\"DENIED\" operation=\"userns_create\"",
        ] {
            assert!(super::process(line).is_some(), "{line}");
        }
    }
}
