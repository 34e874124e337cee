//! `systemctl --user status docker` and `systemctl status docker`: a bullet
//! line naming the unit (`●` in every state before systemd 248, then `●`
//! active, `○` inactive, `×` failed, `↻` reloading; `*` without UTF-8), the
//! aligned `Key: value` lines, the `CGroup:` tree, and the unit's last journal
//! lines, which stay part of the section. Facts are read only from a
//! `docker*.service`; other units' blocks are still one section each.

use super::{command_of, indent, journal, Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct SystemctlStatus;

/// `● docker.service - Docker Application Container Engine (Rootless)`:
/// the unit name and its span.
fn header(text: &str) -> Option<(usize, &str)> {
    // A unit name has a dot before its type.
    if !text.contains('.') {
        return None;
    }
    let t = text.trim_end();
    let body = t.trim_start();
    let body = ["● ", "× ", "○ ", "↻ ", "✗ ", "* "].iter().find_map(|b| body.strip_prefix(b)).unwrap_or(body);
    let unit = body.split(" - ").next()?.trim_end();
    let (name, suffix) = unit.rsplit_once('.')?;
    let ok = !name.is_empty()
        && name.len() <= 255
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"@_.:\\-".contains(&b))
        && matches!(suffix, "service" | "socket" | "timer" | "target" | "mount" | "scope" | "slice" | "path" | "swap" | "automount");
    ok.then(|| (t.len() - body.len(), unit))
}

/// A `Key: value` line of the status block (the keys are right-aligned, so
/// the longest, `TriggeredBy:`, starts the line).
fn is_key_line(t: &str) -> bool {
    let k = t.trim_start();
    ["TriggeredBy:", "Triggers:", "Loaded:", "Active:"].iter().any(|p| k.starts_with(p))
}

/// Notes systemctl prints under the status.
fn is_note(t: &str) -> bool {
    t.starts_with("Warning: The unit file") || t.starts_with("Warning: Journal has been rotated") || t.starts_with("Hint: Some lines were ellipsized")
}

fn is_docker_service(unit: &str) -> bool {
    unit.starts_with("docker") && unit.ends_with(".service")
}

/// Where a unit file lives says whose it is.
fn user_of_path(path: &str) -> Option<bool> {
    if path.contains("/systemd/user/") || path.contains("/systemd/user.control/") {
        Some(true)
    } else if path.contains("/systemd/system/") || path.contains("/systemd/system.control/") {
        Some(false)
    } else {
        None
    }
}

/// `├─1555 rootlesskit --net=slirp4netns ... /usr/bin/dockerd-rootless.sh`
fn tree_entry(t: &str) -> Option<(&str, &str)> {
    let t = t.trim_start().trim_start_matches(['│', '├', '└', '─', '|', '`', '-', ' ']);
    let (pid, cmd) = t.split_once(' ')?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some((pid, cmd.trim()))
}

/// The program a main process runs: an absolute path, or the script
/// RootlessKit was asked to run.
fn program(cmd: &str) -> Option<&str> {
    let first = cmd.split_whitespace().next()?;
    if first == "rootlesskit" || first.ends_with("/rootlesskit") || first == "/proc/self/exe" {
        return cmd.split_whitespace().rev().find(|a| a.ends_with("dockerd-rootless.sh"));
    }
    first.starts_with('/').then_some(first)
}

impl Format for SystemctlStatus {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "systemctl-status"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        header(&lines[i].text).is_some() && lines[i + 1..].iter().take(3).any(|l| l.text.trim_start().starts_with("Loaded: "))
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        // Before the blank line: the status block; after it, journal lines.
        let mut block = true;
        while i < lines.len() {
            let t = lines[i].text.as_str();
            if command_of(t).is_some() {
                break;
            }
            if t.trim().is_empty() {
                block = false;
                i += 1;
                continue;
            }
            let journal = journal::process(t).is_some() || t.starts_with("-- ");
            let status = block && (indent(t) > 0 || is_key_line(t));
            if !(status || journal || is_note(t)) {
                break;
            }
            if journal {
                block = false;
            }
            i += 1;
            end = i;
        }
        end
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let Some((at, unit)) = header(&lines[0].text) else { return };
        let first = &lines[0];
        let header_src = Source { line: first.number, start: at, end: at + unit.len() };
        // The unit's journal tail: the prefixed lines after the status block.
        let tail = lines.iter().position(|l| journal::process(&l.text).is_some()).unwrap_or(lines.len());
        journal::scan(&lines[tail..], false, facts);
        if !is_docker_service(unit) {
            return;
        }
        let mut user: Option<(bool, Source)> = None;
        let mut main_pid: Option<&str> = None;
        let mut exec: Option<(&str, Source)> = None;
        let mut tree_exec: Option<(&str, Source)> = None;
        let mut in_block = true;
        for line in &lines[1..] {
            let text = line.text.as_str();
            if text.trim().is_empty() || journal::process(text).is_some() {
                in_block = false;
            }
            if !in_block {
                continue;
            }
            let content = text.trim_start();
            let span = |value: &str| {
                // `value` is a sub-slice of `text`: its offset is its address difference.
                let start = (value.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
                Source { line: line.number, start, end: (start + value.len()).min(text.len()) }
            };
            if let Some(v) = content.strip_prefix("Loaded: ") {
                if let Some(inner) = v.split_once('(').map(|(_, r)| r) {
                    let path = inner.split([';', ')']).next().unwrap_or("").trim();
                    if path.starts_with('/') {
                        facts.unit_loaded_path.set(path, span(path));
                        if let Some(u) = user_of_path(path) {
                            user.get_or_insert((u, span(path)));
                        }
                    }
                }
            } else if let Some(v) = content.strip_prefix("Active: ") {
                if let Some(state) = v.split_whitespace().next() {
                    facts.unit_active.set(state, span(state));
                }
            } else if let Some(v) = content.strip_prefix("Process: ") {
                if let Some((_, rest)) = v.split_once(" ExecStart=") {
                    if let Some(path) = rest.split_whitespace().next().filter(|p| p.starts_with('/')) {
                        exec.get_or_insert((path, span(path)));
                    }
                }
            } else if let Some(v) = content.strip_prefix("Main PID: ") {
                let (pid, name) = v.split_once(' ').unwrap_or((v, ""));
                if !name.starts_with("(code=") {
                    main_pid = Some(pid);
                }
            } else if let Some(v) = content.strip_prefix("CGroup: ") {
                if v.contains("/user@") || v.starts_with("/user.slice/") {
                    user.get_or_insert((true, span(v.trim())));
                } else if v.starts_with("/system.slice/") {
                    user.get_or_insert((false, span(v.trim())));
                }
            } else if let Some((pid, cmd)) = tree_entry(text) {
                if Some(pid) == main_pid {
                    if let Some(p) = program(cmd) {
                        tree_exec.get_or_insert((p, span(p)));
                    }
                }
            }
        }
        if let Some((path, src)) = exec.or(tree_exec) {
            facts.unit_exec.set(path, src);
        }
        let by_command = hint.command.filter(|c| c.contains("systemctl")).map(|c| (c.contains("--user"), header_src));
        if let Some((u, src)) = user.or(by_command) {
            facts.unit_user.set(u, src);
        }
    }
}
