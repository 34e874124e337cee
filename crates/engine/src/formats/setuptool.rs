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
                facts.push("setuptool_errors", message, src);
                if facts.setuptool_ok != Some(false) {
                    facts.setuptool_ok = Some(false);
                    facts.sources.insert("setuptool_ok", src);
                }
            } else if tag == "[INFO]" && SUCCESS.iter().any(|s| message.starts_with(s)) && facts.setuptool_ok.is_none() {
                facts.setuptool_ok = Some(true);
                facts.sources.insert("setuptool_ok", src);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::Value;
    
    

    use crate::formats::parse_for_test as parse;

    #[test]
    fn a_check_that_passes() {
        let (f, secs) = parse("$ dockerd-rootless-setuptool.sh check \n\n\u{1b}[104m\u{1b}[97m[INFO]\u{1b}[49m\u{1b}[39m Requirements are satisfied\n");
        assert_eq!(secs, [("text", 1, 2), ("setuptool", 3, 3)]);
        assert_eq!(f.get("setuptool_ok"), Some(Value::Bool(true)));
        assert_eq!(f.get("setuptool_errors"), Some(Value::List(vec![])));
    }

    #[test]
    fn missing_requirements_are_errors_and_the_script_stays_text() {
        let paste = "\
robm@debian:~$ dockerd-rootless-setuptool.sh install
[ERROR] Missing system requirements. Run the following commands to
[ERROR] install the requirements and run this tool again.
[ERROR] Alternatively iptables checks can be disabled with --skip-iptables .

########## BEGIN ##########
sudo sh -eux <<EOF
# Load ip_tables module
modprobe ip_tables
EOF
########## END ##########
";
        let (f, secs) = parse(paste);
        assert_eq!(secs[1], ("setuptool", 2, 4));
        assert_eq!(f.setuptool_ok, Some(false));
        assert_eq!(f.setuptool_errors.len(), 3);
        assert_eq!(f.setuptool_errors[0], "Missing system requirements. Run the following commands to");
        assert_eq!(f.source_for("setuptool_errors", Some("skip-iptables")).map(|s| s.line), Some(4));
    }

    #[test]
    fn an_install_is_read_around_the_status_and_version_it_prints() {
        let paste = "\
testuser@vm01:~$ dockerd-rootless-setuptool.sh install
[INFO] Creating /home/testuser/.config/systemd/user/docker.service
[INFO] starting systemd service docker.service
+ systemctl --user start docker.service
+ systemctl --user --no-pager --full status docker.service
● docker.service - Docker Application Container Engine (Rootless)
     Loaded: loaded (/home/testuser/.config/systemd/user/docker.service; disabled; preset: enabled)
     Active: active (running) since Mon 2025-02-10 14:03:22 UTC; 3s ago
+ systemctl --user enable docker.service
[INFO] Installed docker.service successfully.
[INFO] To control docker.service, run: `systemctl --user (start|stop|restart) docker.service`

[INFO] Make sure the following environment variable(s) are set (or add them to ~/.bashrc):
export PATH=/usr/bin:$PATH
";
        let (f, secs) = parse(paste);
        let kinds: Vec<_> = secs.iter().map(|s| s.0).collect();
        assert_eq!(kinds, ["text", "setuptool", "text", "systemctl-status", "text", "setuptool"]);
        assert_eq!(secs[5], ("setuptool", 10, 14));
        assert_eq!(f.setuptool_ok, Some(true));
        assert_eq!(f.unit_active.as_deref(), Some("active"));
    }

    #[test]
    fn other_tools_info_lines_are_not_the_setup_tool() {
        let (f, secs) = parse("[INFO] Scanning for projects...\n[ERROR] BUILD FAILURE\n");
        assert_eq!(secs, [("text", 1, 2)]);
        assert_eq!(f.setuptool_ok, None);
    }
}
