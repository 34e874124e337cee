//! The registry of input formats. A paste may hold several outputs one after
//! the other; `split` finds where each starts and ends, then each format's
//! parser turns its lines into facts. Parsers never fail the whole paste:
//! what they cannot read becomes a warning.
//!
//! To add a format: a module with a unit struct implementing [`Format`], and
//! one line in [`FORMATS`]. Order matters only where two sniffs could claim
//! the same line (the more specific format comes first).

mod clues;
mod compose;
mod context;
mod context_ls;
mod daemon_json;
mod docker_info;
mod docker_info_json;
mod docker_run;
mod docker_version;
mod getsubids;
mod journal;
mod ls_socket;
mod os_release;
mod setuptool;
mod subid;
mod sysctl;
mod systemctl_status;
mod systemd_unit;
mod uname;

use serde::{Deserialize, Deserializer, Serialize};

use crate::facts::Facts;
use crate::text::{strip_prompt, Line};

pub use clues::read_clues;

/// Something a parser could not read; shown as a note, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseWarning {
    pub line: usize,
    /// Key of the message in the interface strings (`content/ui/*.toml`).
    // Spelled out so serde does not try to borrow it from the input (which
    // would need 'static input); `warning_key` returns the engine's own string.
    #[serde(deserialize_with = "warning_key")]
    pub key: &'static std::primitive::str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    // As `ParseWarning::key`.
    #[serde(deserialize_with = "kind")]
    pub kind: &'static std::primitive::str,
    pub first_line: usize,
    pub last_line: usize,
}

/// What the lines just before a section said about it (a command line such
/// as `$ cat /etc/subgid`), for formats whose text alone is ambiguous.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hint<'a> {
    pub command: Option<&'a str>,
    /// What sniffs learn about the paste's lines, shared by every call on
    /// the same lines (`None`: each call reads the lines itself).
    pub scan: Option<&'a Scan>,
}

/// Per-line readings a sniff needs from the lines after the one it is asked
/// about, shared by every sniff on the same paste. Without them a sniff that
/// looks ahead from every line of a long run (1 MB of `{` lines: 500,000
/// lines, each walked 200 lines deep) does work quadratic in the run. They
/// are read only once the sniffs have looked at a thirty-second of the
/// paste's lines on their own (`Budget`): a paste with a few `{` lines,
/// where each look ahead ends after a line or two, never reads the whole
/// paste for them.
#[derive(Debug, Default)]
pub struct Scan {
    daemon_json: daemon_json::Lookahead,
    docker_info_json: docker_info_json::Lookahead,
}

/// How many lines the sniffs of one format may read on their own before the
/// shared readings are worth taking: a few percent more work than reading
/// them up front, on a paste that needs them.
#[derive(Debug, Default)]
pub(crate) struct Budget(std::cell::Cell<usize>);

impl Budget {
    /// Whether `lines` more may be read alone on a paste of `total` lines.
    pub(crate) fn spend(&self, lines: usize, total: usize) -> bool {
        let spent = self.0.get().saturating_add(lines);
        if spent > total / 32 + 1000 {
            return false;
        }
        self.0.set(spent);
        true
    }
}

/// Running counts of the lines that pass a test: how many of `lines[a..b]`
/// do is `count[b] - count[a]`, in constant time.
#[derive(Debug)]
pub(crate) struct Counts(Vec<u32>);

impl Counts {
    pub(crate) fn new(lines: &[Line], test: impl Fn(&str) -> bool) -> Counts {
        let mut v = Vec::with_capacity(lines.len() + 1);
        let mut n = 0u32;
        v.push(0);
        for l in lines {
            n += u32::from(test(&l.text));
            v.push(n);
        }
        Counts(v)
    }

    /// Whether any line in `a..b` passed.
    pub(crate) fn any(&self, a: usize, b: usize) -> bool {
        let b = b.min(self.0.len() - 1);
        a < b && self.0[b] > self.0[a]
    }
}

pub trait Format: Sync {
    /// The section kind in the JSON output, e.g. `docker-info`.
    fn kind(&self, section: &[Line], hint: Hint<'_>) -> &'static str;
    /// Does a section of this format start at `lines[i]`?
    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool;
    /// One past the section's last line; at least `start + 1`.
    fn extent(&self, lines: &[Line], start: usize, hint: Hint<'_>) -> usize;
    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, warnings: &mut Vec<ParseWarning>);
}

pub static FORMATS: &[&dyn Format] = &[
    &docker_info_json::DockerInfoJson,
    &daemon_json::DaemonJson,
    &docker_version::DockerVersion,
    &docker_info::DockerInfo,
    // Before the journal: its journal tail stays part of the status.
    &systemctl_status::SystemctlStatus,
    &systemd_unit::SystemdUnit,
    &setuptool::Setuptool,
    &context_ls::ContextLs,
    // Before subid: after `getsubids` the lines are ranges, never a file.
    &getsubids::GetSubIds,
    &ls_socket::LsSocket,
    &subid::SubId,
    &os_release::OsRelease,
    &uname::Uname,
    &sysctl::Sysctl,
    &docker_run::DockerRun,
    &compose::Compose,
    // Last: after a `journalctl` command it claims any output (`-o cat`).
    &journal::Journal,
];

/// Kind of the lines that no format claimed: error messages, anything
/// else (journals are `journal`). Line patterns run over every line whatever its section.
pub const TEXT_KIND: &str = "text";

/// Every kind a [`Section`] can have and every key a [`ParseWarning`] can
/// have, so that a decoded one gets the engine's own string (`wire`); the
/// property tests below keep them complete.
pub const KINDS: &[&str] = &[
    TEXT_KIND, "docker-info-json", "daemon-json", "docker-version", "docker-info", "systemctl-status", "systemd-unit",
    "setuptool", "docker-context-ls", "getsubids", "getsubids-g", "ls", "subuid", "subgid", "os-release", "uname",
    "sysctl", "docker-run", "compose", journal::KIND,
];
pub const WARNING_KEYS: &[&str] = &[docker_info_json::INVALID];

/// Deserializes one of `list`'s strings as the `&'static str` in the list.
fn one_of<'de, D: Deserializer<'de>>(d: D, list: &'static [&'static str]) -> Result<&'static str, D::Error> {
    let s = String::deserialize(d)?;
    list.iter().copied().find(|k| *k == s).ok_or_else(|| serde::de::Error::unknown_variant(&s, list))
}

fn kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    one_of(d, KINDS)
}

fn warning_key<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    one_of(d, WARNING_KEYS)
}

/// Splits the paste into sections and parses each into `facts`.
pub fn split_and_parse(lines: &[Line], facts: &mut Facts, warnings: &mut Vec<ParseWarning>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut i = 0;
    let mut command: Option<&str> = None;
    // Inside a script that the paste quotes (a heredoc, the setup tool's
    // BEGIN..END block of commands to run) lines are instructions, not output:
    // `kernel.unprivileged_userns_clone = 1` there is advice, not a reading.
    let mut script_end: Option<String> = None;
    let scan = Scan::default();
    while i < lines.len() {
        let hint = Hint { command, scan: Some(&scan) };
        let text = crate::text::trim(&lines[i].text);
        if let Some(end) = &script_end {
            if text == end {
                script_end = None;
            }
        } else {
            script_end = script_start(text);
        }
        let found = if script_end.is_some() { None } else { FORMATS.iter().find(|f| f.sniff(lines, i, hint)) };
        match found {
            Some(format) => {
                let end = format.extent(lines, i, hint).clamp(i + 1, lines.len());
                format.parse(&lines[i..end], hint, facts, warnings);
                sections.push(Section {
                    kind: format.kind(&lines[i..end], hint),
                    first_line: lines[i].number,
                    last_line: lines[end - 1].number,
                });
                command = None;
                i = end;
            }
            None => {
                let line = &lines[i];
                if let Some(cmd) = command_of(&line.text).or_else(|| heading_of(&line.text)) {
                    // `cat /etc/subuid` printing nothing for the user is an
                    // answer too; `ls -l /etc/subuid` printing its size is not.
                    let reads = reads_content(cmd);
                    if reads && cmd.contains("/etc/subuid") || cmd.starts_with("getsubids") && !cmd.contains(" -g") {
                        facts.subuid_read = true;
                    }
                    if reads && cmd.contains("/etc/subgid") || cmd.starts_with("getsubids -g") {
                        facts.subgid_read = true;
                    }
                    command = Some(cmd);
                } else if !crate::text::trim(&line.text).is_empty() {
                    command = None;
                }
                match sections.last_mut() {
                    Some(s) if s.kind == TEXT_KIND && s.last_line + 1 == line.number => s.last_line = line.number,
                    _ => sections.push(Section { kind: TEXT_KIND, first_line: line.number, last_line: line.number }),
                }
                i += 1;
            }
        }
    }
    sections
}

/// The marker the collector script (static/collect.sh) prints before each
/// command's output: `### rootless-doctor: $ cat /etc/subgid`.
pub const MARKER: &str = "### rootless-doctor: $ ";

/// The command on a shell prompt line (`alice@box:~$ cat /etc/subuid`) or
/// on a collector marker.
fn command_of(text: &str) -> Option<&str> {
    let t = crate::text::trim_start(text);
    if let Some(cmd) = t.strip_prefix(MARKER) {
        return Some(cmd.trim());
    }
    let rest = strip_prompt(t);
    (rest.len() < t.len()).then_some(rest)
}

/// Whether a command prints the files it names (`cat`, `grep`, a heading
/// such as `subuid:`) rather than something about them (`ls -l`, `stat`,
/// `readlink -f`, `file`): the first program among its words decides, and a
/// command with none of the known ones counts as reading.
fn reads_content(cmd: &str) -> bool {
    const ABOUT: &[&str] = &["ls", "stat", "readlink", "realpath", "file", "getfacl", "lsattr", "namei", "test", "[", "wc", "md5sum", "sha256sum", "chmod", "chown", "touch"];
    const READERS: &[&str] = &["cat", "grep", "egrep", "fgrep", "rg", "awk", "gawk", "sed", "head", "tail", "less", "more", "tac", "nl", "sort", "bat", "batcat", "getent"];
    for word in cmd.split_whitespace() {
        let program = word.rsplit('/').next().unwrap_or(word);
        if ABOUT.contains(&program) {
            return false;
        }
        if READERS.contains(&program) {
            return true;
        }
    }
    true
}

/// The line that ends a quoted script starting here: `<<EOF` (any word,
/// quoted or not) or the setup tool's `##### BEGIN #####`.
fn script_start(text: &str) -> Option<String> {
    if text.contains("BEGIN ##") && text.starts_with('#') {
        return Some(text.replace("BEGIN", "END"));
    }
    let at = text.find("<<")?;
    let word = text[at + 2..].trim_start_matches('-').trim_start().trim_matches(['\'', '"']);
    let word: String = word.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    (!word.is_empty()).then_some(word)
}

/// A heading that names what follows, as people write them by hand:
/// `subgid:`, `/etc/subgid:`, `# /etc/subgid`.
fn heading_of(text: &str) -> Option<&str> {
    if !crate::text::contains(text, "sub") {
        return None;
    }
    let t = crate::text::trim(crate::text::trim(text).trim_start_matches('#'));
    let name = t.trim_end_matches(':').trim_start_matches("/etc/");
    matches!(name, "subuid" | "subgid").then_some(t)
}

/// Bracket depth of JSON text fed line by line, ignoring brackets in strings.
#[derive(Default)]
pub(crate) struct JsonDepth {
    depth: i64,
    in_str: bool,
    escaped: bool,
    /// The lowest depth just after a closing bracket, if any.
    low: Option<i64>,
}

impl JsonDepth {
    pub(crate) fn depth(&self) -> i64 {
        self.depth
    }

    /// Starts a line outside any string (for callers that know strings never
    /// span lines, so a broken quote does not swallow the rest of the file).
    pub(crate) fn outside_string(&mut self) {
        self.in_str = false;
        self.escaped = false;
    }

    /// One line read alone, outside any string at its start: its change of
    /// depth, and the lowest depth (from 0) just after a closing bracket in it.
    /// A walk that reaches this line at depth `d` closes in it when
    /// `d + low <= 0`.
    pub(crate) fn balance(text: &str) -> (i64, Option<i64>) {
        let mut j = JsonDepth::default();
        j.feed(text);
        (j.depth, j.low)
    }

    /// Reads one line; the byte just past the first bracket in it that
    /// brought the depth back to zero, if one did.
    pub(crate) fn feed(&mut self, text: &str) -> Option<usize> {
        let mut closed = None;
        // Bytes, not characters: every byte that matters is ASCII, and no
        // byte of a longer UTF-8 sequence is. (An escape before such a
        // sequence ends at its first byte; the rest change nothing.)
        for (at, &c) in text.as_bytes().iter().enumerate() {
            if self.in_str {
                match c {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                b'"' => self.in_str = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth -= 1;
                    self.low = Some(self.low.map_or(self.depth, |l| l.min(self.depth)));
                    if self.depth <= 0 && closed.is_none() {
                        closed = Some(at + 1);
                    }
                }
                _ => {}
            }
        }
        closed
    }
}

/// JSON as parsed, with every control character in its strings and keys
/// (a `\n` or `\u001b` escape) turned into a space: a fact is shown on one
/// line, as text, and never reaches a terminal as an escape sequence.
pub(crate) fn plain_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    fn plain(s: String) -> String {
        if s.contains(char::is_control) {
            s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
        } else {
            s
        }
    }
    match v {
        Value::String(s) => Value::String(plain(s)),
        Value::Array(a) => Value::Array(a.into_iter().map(plain_json).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (plain(k), plain_json(v))).collect()),
        other => other,
    }
}

/// Leading spaces (a tab counts as one).
pub(crate) fn indent(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b' ' || b == b'\t').count()
}

/// Text a hostile or careless paste may hold, for property tests: real lines
/// of every sample in the knowledge base, cut and mixed with control
/// characters, NUL, CR, bidirectional overrides, ANSI escapes, markup,
/// shell syntax, arbitrary Unicode and very long lines.
#[cfg(test)]
pub(crate) mod hostile {
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn sample_lines() -> Vec<String> {
        static LINES: OnceLock<Vec<String>> = OnceLock::new();
        LINES
            .get_or_init(|| {
                let mut v: Vec<String> =
                    crate::builtin().entries.iter().flat_map(|e| &e.samples).flat_map(|s| s.text.lines()).map(str::to_string).collect();
                v.sort();
                v.dedup();
                v
            })
            .clone()
    }

    const SPECIAL: &[&str] = &[
        "\0", "\r", "\r\n", "\n", "\t", "\u{1b}[31m", "\u{1b}[0m", "\u{1b}]0;title\u{7}", "\u{1b}", "\u{9b}31m", "\u{7f}",
        "\u{202e}", "\u{2066}", "\u{200f}", "\u{feff}", "\u{2028}", "ａ", "а", "\u{212a}", "\u{17f}", "\u{fffd}", "{", "}", "[", "]", "\"", "'",
        ":", "=", "#", "$ ", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
        "$(rm -rf ~)", "`id`", ";", "&&", "|", "*", "?", "-rf", "~~~~", "```", "<<EOF", "EOF", "{{user}}", "%s", "\\",
        "### rootless-doctor: $ ", "alice@box:~$ ", "4294967295", "18446744073709551616", "-1", "0",
    ];

    /// One piece of a paste.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::sample::select(sample_lines()).prop_map(|l| l + "\n"),
            2 => (prop::sample::select(sample_lines()), any::<prop::sample::Index>(), prop::sample::select(SPECIAL))
                .prop_map(|(l, at, s)| {
                    let mut at = at.index(l.len() + 1);
                    while !l.is_char_boundary(at) { at -= 1; }
                    format!("{}{s}{}\n", &l[..at], &l[at..])
                }),
            3 => prop::sample::select(SPECIAL).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[ -~]{0,80}",
            1 => (any::<char>(), 1usize..30_000).prop_map(|(c, n)| c.to_string().repeat(n)),
        ]
    }

    pub(crate) fn paste() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())
    }

    /// Arbitrary bytes read as the CLI reads them (lossy UTF-8).
    pub(crate) fn bytes() -> impl Strategy<Value = String> {
        prop::collection::vec(any::<u8>(), 0..4000).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::facts::Source;
    use crate::text::lines;
    use proptest::prelude::*;

    /// Every source points into its line, on character boundaries: the CLI
    /// and the page slice evidence lines with these spans.
    fn sources_fit(ls: &[Line], f: &Facts) -> Result<(), TestCaseError> {
        let facts = f.sources().into_iter().flat_map(|(_, s)| s);
        let all = facts.chain(f.sysctl.values().map(|(_, s)| *s)).chain(f.subuid_malformed.iter().chain(&f.subgid_malformed).copied());
        for s @ Source { line, start, end } in all {
            if let Some(l) = line.checked_sub(1).and_then(|i| ls.get(i)) {
                let t = &l.text;
                prop_assert!(start <= end && end <= t.len() && t.is_char_boundary(start) && t.is_char_boundary(end), "{:?} in {:?}", s, t);
            }
        }
        Ok(())
    }

    fn every_parser(paste: &str) -> Result<(), TestCaseError> {
        let ls = lines(paste);
        for command in [None, Some("cat /etc/subgid"), Some("journalctl --user -u docker"), Some("cat ~/.config/docker/daemon.json"), Some("uname -r"), Some("getsubids -g alice")] {
            let scan = Scan::default();
            for hint in [Hint { command, scan: None }, Hint { command, scan: Some(&scan) }] {
            for format in FORMATS {
                let mut facts = Facts::default();
                let mut warnings = Vec::new();
                let mut i = 0;
                while i < ls.len() {
                    if format.sniff(&ls, i, hint) {
                        let end = format.extent(&ls, i, hint).clamp(i + 1, ls.len());
                        format.parse(&ls[i..end], hint, &mut facts, &mut warnings);
                        let kind = format.kind(&ls[i..end], hint);
                        prop_assert!(KINDS.contains(&kind), "{} is not in KINDS", kind);
                        i = end;
                    } else {
                        i += 1;
                    }
                }
                sources_fit(&ls, &facts)?;
                // Stricter than the registry: the parser on lines it did not claim.
                format.parse(&ls, hint, &mut Facts::default(), &mut warnings);
                let kind = format.kind(&ls, hint);
                prop_assert!(KINDS.contains(&kind), "{} is not in KINDS", kind);
                for w in &warnings {
                    prop_assert!(WARNING_KEYS.contains(&w.key), "{} is not in WARNING_KEYS", w.key);
                }
            }
            }
            // The shared readings change no answer.
            for i in 0..ls.len() {
                for format in FORMATS {
                    prop_assert_eq!(format.sniff(&ls, i, Hint { command, scan: None }), format.sniff(&ls, i, Hint { command, scan: Some(&scan) }));
                }
            }
        }
        let mut facts = Facts::default();
        let sections = split_and_parse(&ls, &mut facts, &mut Vec::new());
        read_clues(&ls, &mut facts);
        sources_fit(&ls, &facts)?;
        // Sections cover every line once, in order.
        let mut next = 1;
        for s in &sections {
            prop_assert_eq!(s.first_line, next);
            prop_assert!(s.last_line >= s.first_line);
            next = s.last_line + 1;
        }
        prop_assert_eq!(next, ls.len() + 1);
        Ok(())
    }

    proptest! {
        #[test]
        fn parsers_never_panic_on_hostile_text(paste in hostile::paste()) {
            every_parser(&paste)?;
        }

        #[test]
        fn parsers_never_panic_on_arbitrary_bytes(paste in hostile::bytes()) {
            every_parser(&paste)?;
        }
    }
}
