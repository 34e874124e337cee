//! `dockerd-rootless-setuptool.sh check|install`: `[INFO]`, `[WARNING]` and
//! `[ERROR]` lines (their colours already removed by `text`). The install
//! prints the unit's status and `docker version` in between; those lines
//! are their own sections, so this format claims only the tagged lines and
//! the `export ...` advice after them, and may appear several times.

use super::{command_of, Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct Setuptool;

const TAGS: &[&str] = &["[INFO]", "[WARNING]", "[ERROR]"];

/// Words of the tool's own messages, for pastes without the command line.
const PHRASES: &[&str] = &[
    "Requirements are satisfied",
    "Missing system requirements",
    "systemd not detected",
    "docker.service",
    "dockerd-rootless.sh",
    "RootlessKit",
    "rootless Docker",
    "rootful Docker",
    "XDG_RUNTIME_DIR",
    "CLI context",
    "--skip-iptables",
];

const SUCCESS: &[&str] = &["Requirements are satisfied", "Installed docker.service successfully"];

/// The message of a tagged line, and the tag.
fn tagged(text: &str) -> Option<(&'static str, &str)> {
    let t = text.trim_start();
    TAGS.iter().find_map(|tag| t.strip_prefix(tag).filter(|r| r.is_empty() || r.starts_with(' ')).map(|r| (*tag, r.trim())))
}

fn is_advice(t: &str) -> bool {
    let t = t.trim();
    t.starts_with("export ") || t.starts_with("# WARNING: systemd not found")
}

/// One past the last line of a run of tagged lines (with the advice and
/// blank lines between them), looking at no more than `max` lines.
fn run_end(lines: &[Line], start: usize, max: usize) -> usize {
    let mut end = start + 1;
    let mut i = start + 1;
    let stop = lines.len().min(start.saturating_add(max));
    while i < stop {
        let t = lines[i].text.as_str();
        if t.trim().is_empty() {
            i += 1;
            continue;
        }
        if is_advice(t) {
            i += 1;
            end = i;
            continue;
        }
        if command_of(t).is_some() || tagged(t).is_none() {
            break;
        }
        i += 1;
        end = i;
    }
    end
}

fn by_command(hint: Hint<'_>) -> bool {
    hint.command.is_some_and(|c| c.contains("dockerd-rootless-setuptool.sh") || c.contains("get.docker.com/rootless"))
}

impl Format for Setuptool {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "setuptool"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        if tagged(&lines[i].text).is_none() {
            return false;
        }
        if by_command(hint) {
            return true;
        }
        // Only where a run of tagged lines starts (a run without the tool's
        // words is looked through once), and only its first lines.
        if i > 0 && tagged(&lines[i - 1].text).is_some() {
            return false;
        }
        lines[i..run_end(lines, i, 8)].iter().any(|l| tagged(&l.text).is_some_and(|(_, m)| PHRASES.iter().any(|p| m.contains(p))))
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        run_end(lines, start, usize::MAX)
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        for line in lines {
            let Some((tag, message)) = tagged(&line.text) else { continue };
            let start = line.text.len() - line.text.trim_start().len();
            let src = Source { line: line.number, start, end: line.text.trim_end().len() };
            if tag == "[ERROR]" {
                facts.setuptool_errors.push(message, src);
                if facts.setuptool_ok.get() != Some(&false) {
                    facts.setuptool_ok.replace(false, src);
                }
            } else if tag == "[INFO]" && SUCCESS.iter().any(|s| message.starts_with(s)) {
                facts.setuptool_ok.set(true, src);
            }
        }
    }
}
