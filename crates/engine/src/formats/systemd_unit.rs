//! systemd unit files and drop-ins (`override.conf`, `http-proxy.conf`), as
//! `systemctl --user cat docker` prints them (each file under a `# /path`
//! header) or as `cat ~/.config/systemd/user/docker.service.d/override.conf`
//! shows one. What matters for rootless Docker is the environment the unit
//! gives `dockerd-rootless.sh` (`DOCKERD_ROOTLESS_ROOTLESSKIT_NET=...`).

use super::{command_of, Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct SystemdUnit;

fn is_unit_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.contains(' ')
        && [".service", ".conf", ".socket", ".timer"].iter().any(|s| p.ends_with(s))
        && p.contains("systemd")
}

/// `# /home/alice/.config/systemd/user/docker.service.d/override.conf`
fn header(t: &str) -> Option<&str> {
    let p = t.trim_end().strip_prefix("# ")?;
    is_unit_path(p).then_some(p)
}

fn is_section(t: &str) -> bool {
    let t = t.trim_end();
    t.len() > 2 && t.starts_with('[') && t.ends_with(']') && t[1..t.len() - 1].bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// `Environment="A=1" B=2`: a directive of a unit file.
fn is_directive(t: &str) -> bool {
    let key: &str = t.split('=').next().unwrap_or("");
    t.contains('=') && !key.is_empty() && key.len() <= 40 && key.starts_with(|c: char| c.is_ascii_uppercase()) && key.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The file a command shows: `systemctl [--user] cat UNIT` (None: several
/// files, each under its header) or `cat PATH`.
fn command(hint: Hint<'_>) -> Option<Option<&str>> {
    let cmd = hint.command?.trim();
    let cmd = cmd.strip_prefix("sudo ").unwrap_or(cmd).trim_start();
    if cmd.starts_with("systemctl ") && cmd.split_whitespace().any(|w| w == "cat") {
        return Some(None);
    }
    let rest = cmd.strip_prefix("cat ")?;
    let path = rest.split_whitespace().map(|a| a.trim_matches(['"', '\''])).find(|a| !a.starts_with('-'))?;
    let home = path.strip_prefix('~').or_else(|| path.strip_prefix("$HOME")).unwrap_or(path);
    (!rest.contains('>') && is_unit_path(home)).then_some(Some(path))
}

/// Splits `Environment=` values the way systemd does: space-separated
/// assignments, each optionally in double or single quotes. Returns each
/// assignment with its byte span in `value`.
fn assignments(value: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut push = |word: String, start: usize, end: usize| {
        if word.contains('=') && !word.starts_with('=') {
            out.push((word, start, end));
        }
    };
    let mut cur: Option<(String, usize)> = None;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if cur.is_none() && (c == ' ' || c == '\t') {
            continue;
        }
        let (word, start) = cur.get_or_insert_with(|| (String::new(), i));
        if escaped {
            word.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.push(c);
            }
        } else if c == '"' || c == '\'' {
            quote = Some(c);
        } else if c == ' ' || c == '\t' {
            let start = *start;
            if let Some((word, _)) = cur.take() {
                push(word, start, i);
            }
        } else {
            word.push(c);
        }
    }
    if let Some((word, start)) = cur {
        push(word, start, value.len());
    }
    out
}

impl Format for SystemdUnit {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "systemd-unit"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        let t = crate::text::trim(&lines[i].text);
        let next = lines.get(i + 1).map(|l| crate::text::trim(&l.text)).unwrap_or("");
        if header(t).is_some() && is_section(next) {
            return true;
        }
        if command(hint).is_some() && (header(t).is_some() || is_section(t) || is_directive(t)) {
            return true;
        }
        // A drop-in pasted by itself.
        t == "[Service]" && (next.starts_with("Environment=") || next.starts_with("ExecStart="))
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        while i < lines.len() {
            let raw = lines[i].text.as_str();
            let t = raw.trim();
            // Blank lines and comments belong to the file only if more of it
            // follows (`# ...` may as well be a root prompt).
            if t.is_empty() || (t.starts_with('#') || t.starts_with(';')) && header(t).is_none() {
                i += 1;
                continue;
            }
            if command_of(raw).is_some() && header(t).is_none() {
                break;
            }
            let continued = lines[i - 1].text.trim_end().ends_with('\\');
            if !(continued || is_section(t) || is_directive(t) || header(t).is_some()) {
                break;
            }
            i += 1;
            end = i;
        }
        end
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        if let Some(Some(path)) = command(hint) {
            facts.dropin_paths.push(path, Source { line: lines[0].number, start: 0, end: 0 });
        }
        for line in lines {
            let text = line.text.as_str();
            let lead = text.len() - text.trim_start().len();
            if let Some(p) = header(text.trim()) {
                facts.dropin_paths.push(p, Source { line: line.number, start: lead + 2, end: lead + 2 + p.len() });
            } else if let Some(value) = text.trim_start().strip_prefix("Environment=") {
                let at = lead + "Environment=".len();
                for (word, s, e) in assignments(value.trim_end()) {
                    facts.dropin_env.push(&word, Source { line: line.number, start: at + s, end: (at + e).min(text.len()) });
                }
            }
        }
    }
}
