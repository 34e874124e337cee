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
                        facts.set("unit_loaded_path", path, span(path));
                        if let Some(u) = user_of_path(path) {
                            user.get_or_insert((u, span(path)));
                        }
                    }
                }
            } else if let Some(v) = content.strip_prefix("Active: ") {
                if let Some(state) = v.split_whitespace().next() {
                    facts.set("unit_active", state, span(state));
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
            facts.set("unit_exec", path, src);
        }
        let by_command = hint.command.filter(|c| c.contains("systemctl")).map(|c| (c.contains("--user"), header_src));
        if let Some((u, src)) = user.or(by_command) {
            facts.set_flag("unit_user", u, src);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::Value;
    
    use crate::text::lines;

    use crate::formats::parse_for_test as parse;

    #[test]
    fn a_failed_user_unit_with_its_journal() {
        let paste = "\
alice@dev01:~$ systemctl --user status docker --no-pager
× docker.service - Docker Application Container Engine (Rootless)
     Loaded: loaded (/home/alice/.config/systemd/user/docker.service; enabled; preset: enabled)
     Active: failed (Result: exit-code) since Tue 2025-02-11 15:39:47 KST; 3min 6s ago
   Duration: 2ms
       Docs: https://docs.docker.com/go/rootless/
    Process: 2817 ExecStart=/home/alice/bin/dockerd-rootless.sh (code=exited, status=203/EXEC)
   Main PID: 2817 (code=exited, status=203/EXEC)
        CPU: 2ms

Feb 11 15:39:47 dev01 systemd[1204]: docker.service: Scheduled restart job, restart counter is at 3.
Feb 11 15:39:47 dev01 systemd[2817]: docker.service: Failed to locate executable /home/alice/bin/dockerd-rootless.sh: No such file or directory
Feb 11 15:39:47 dev01 systemd[1204]: Failed to start docker.service - Docker Application Container Engine (Rootless).
alice@dev01:~$ command -v dockerd-rootless.sh
/usr/bin/dockerd-rootless.sh
";
        let (f, secs) = parse(paste);
        assert_eq!(secs, [("text", 1, 1), ("systemctl-status", 2, 13), ("text", 14, 15)]);
        assert_eq!(f.get("unit_active"), Some(Value::Str("failed")));
        assert_eq!(f.get("unit_loaded_path"), Some(Value::Str("/home/alice/.config/systemd/user/docker.service")));
        assert_eq!(f.get("unit_exec"), Some(Value::Str("/home/alice/bin/dockerd-rootless.sh")));
        assert_eq!(f.get("unit_user"), Some(Value::Bool(true)));
        assert_eq!(f.journal_units, ["systemd"]);
        assert_eq!(f.rootless_journal, Some(false));
        let src = f.source("unit_exec").unwrap();
        assert_eq!(src.line, 7);
        assert_eq!(&lines(paste)[6].text[src.start..src.end], "/home/alice/bin/dockerd-rootless.sh");
    }

    #[test]
    fn an_old_style_system_unit_that_runs() {
        let paste = "\
alice@web01:~$ systemctl status docker --no-pager
● docker.service - Docker Application Container Engine
     Loaded: loaded (/lib/systemd/system/docker.service; enabled; vendor preset: enabled)
     Active: active (running) since Mon 2025-03-03 08:11:54 KST; 1 day 2h ago
TriggeredBy: ● docker.socket
       Docs: https://docs.docker.com
   Main PID: 1042 (dockerd)
      Tasks: 14
     CGroup: /system.slice/docker.service
             └─1042 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
alice@web01:~$ systemctl --user is-active docker
active
";
        let (f, secs) = parse(paste);
        assert_eq!(secs[1], ("systemctl-status", 2, 10));
        assert_eq!(f.unit_active.as_deref(), Some("active"));
        assert_eq!(f.unit_exec.as_deref(), Some("/usr/bin/dockerd"));
        assert_eq!(f.unit_user, Some(false));
        // No journal lines under the status: nothing known about a journal.
        assert_eq!(f.rootless_journal, None);
    }

    #[test]
    fn a_running_rootless_unit_names_its_script_through_rootlesskit() {
        let paste = "\
○ docker.service - Docker Application Container Engine (Rootless)
     Loaded: loaded (/usr/lib/systemd/user/docker.service; disabled; preset: enabled)
     Active: inactive (dead)
       Docs: https://docs.docker.com/go/rootless/
";
        let (f, _) = parse(paste);
        assert_eq!(f.unit_active.as_deref(), Some("inactive"));
        assert_eq!(f.unit_user, Some(true));
        assert_eq!(f.unit_exec, None);
        let paste = "\
* docker.service - Docker Application Container Engine (Rootless)
     Loaded: loaded (/home/test/.config/systemd/user/docker.service; enabled; preset: enabled)
    Drop-In: /home/test/.config/systemd/user/docker.service.d
             `-override.conf
     Active: activating (start) since Mon 2024-04-29 14:58:49 CEST; 1s ago
   Main PID: 1555 (rootlesskit)
     CGroup: /user.slice/user-1002.slice/user@1002.service/app.slice/docker.service
             |-1555 rootlesskit --state-dir=/run/user/1002/dockerd-rootless --net=pasta /usr/bin/dockerd-rootless.sh
             `-1590 dockerd
";
        let (f, secs) = parse(paste);
        assert_eq!(secs, [("systemctl-status", 1, 9)]);
        assert_eq!(f.unit_active.as_deref(), Some("activating"));
        assert_eq!(f.unit_exec.as_deref(), Some("/usr/bin/dockerd-rootless.sh"));
    }

    #[test]
    fn other_units_are_sections_without_docker_facts() {
        let paste = "\
● dbus.socket - D-Bus User Message Bus Socket
     Loaded: loaded (/usr/lib/systemd/user/dbus.socket; static)
     Active: active (listening) since Mon 2025-03-03 08:11:54 KST; 1 day 2h ago
";
        let (f, secs) = parse(paste);
        assert_eq!(secs, [("systemctl-status", 1, 3)]);
        assert_eq!(f.unit_active, None);
        assert_eq!(f.unit_user, None);
    }
}
