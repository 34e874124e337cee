//! daemon.json: printed by `cat ~/.config/docker/daemon.json` (or
//! `/etc/docker/daemon.json`), or a pasted object that names daemon
//! settings. The daemon refuses to start on a syntax error and says only
//! `invalid character '}' looking for beginning of object key string`;
//! here the error gets the line and column where parsing stopped.

use serde_json::Value;

use super::{command_of, plain_json, Budget, Counts, Format, Hint, JsonDepth, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct DaemonJson;

/// Keys only a daemon.json has (docker inspect and docker info spell theirs
/// in CamelCase).
const KEYS: &[&str] = &[
    "\"data-root\"",
    "\"storage-driver\"",
    "\"storage-opts\"",
    "\"registry-mirrors\"",
    "\"insecure-registries\"",
    "\"userns-remap\"",
    "\"iptables\"",
    "\"ip6tables\"",
    "\"exec-opts\"",
    "\"features\"",
    "\"log-driver\"",
    "\"log-opts\"",
    "\"dns\"",
    "\"proxies\"",
    "\"live-restore\"",
    "\"default-address-pools\"",
    "\"fixed-cidr-v6\"",
    "\"default-runtime\"",
    "\"cgroup-parent\"",
    "\"userland-proxy\"",
];

const _: () = assert!(KEYS.len() <= 32, "has_key keeps one bit per key");

/// How far a sniff looks for a key, in lines.
const LOOKAHEAD: usize = 40;
/// Longest object read, in lines.
const MAX_LINES: usize = 2000;
/// Longest object a sniff without the command line looks through.
const SNIFF_LINES: usize = 200;
/// Longest string value kept in `daemon_json_settings`, in bytes.
const MAX_VALUE: usize = 200;

/// The daemon.json a command prints.
fn path_of_command(hint: Hint<'_>) -> Option<&str> {
    let cmd = hint.command?.trim();
    let cmd = cmd.strip_prefix("sudo ").unwrap_or(cmd).trim_start();
    let rest = ["cat ", "less ", "more ", "bat ", "batcat ", "head ", "tail "].iter().find_map(|p| cmd.strip_prefix(p))?;
    if rest.contains('>') {
        return None;
    }
    // The file argument (`cat ~/.config/docker/daemon.json | jq .` prints it too).
    let arg = rest.split_whitespace().map(|a| a.trim_matches(['"', '\''])).find(|a| a.ends_with("daemon.json"))?;
    (!arg.starts_with('-') && !arg.contains(['|', ';', '>', '<', '`'])).then_some(arg)
}

/// A line inside a (possibly broken) JSON object: what follows an unclosed
/// brace is read while it looks like JSON, an unquoted key or a comment.
fn jsonish(t: &str) -> bool {
    let t = t.trim_start();
    if t.is_empty() || t.starts_with(['{', '}', '[', ']', '"', ',', '-', '/', '#']) || t.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if ["true", "false", "null"].iter().any(|w| t.starts_with(w)) {
        return true;
    }
    // `dns: ["8.8.8.8"]`, a key someone forgot to quote.
    let key = t.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_').count();
    key > 0 && t[key..].trim_start().starts_with(':')
}

/// Walks the object from `start` (at most `max` lines): one past its last
/// line, and the byte where it closed in that line (`None` when it never closed).
fn walk(lines: &[Line], start: usize, max: usize) -> (usize, Option<usize>) {
    let mut json = JsonDepth::default();
    let stop = lines.len().min(start.saturating_add(max));
    for (i, line) in lines.iter().enumerate().take(stop).skip(start) {
        if i > start && (command_of(&line.text).is_some() || !jsonish(&line.text)) {
            return (i, None);
        }
        // JSON strings never span lines, so every line starts outside one.
        json.outside_string();
        if let Some(at) = json.feed(&line.text) {
            return (i + 1, Some(at));
        }
    }
    (stop.max(start + 1), None)
}

/// A daemon setting's key followed by a colon (the key's first occurrence
/// in the line).
fn has_key(text: &str) -> bool {
    // Only where a quote opens a key: a line has few quotes, and most
    // none (twenty substring searches per line were most of the cost).
    let mut seen = 0u32;
    for (at, _) in text.match_indices('"') {
        let rest = &text[at..];
        for (k, key) in KEYS.iter().enumerate() {
            if seen & (1 << k) == 0 && rest.starts_with(key) {
                seen |= 1 << k;
                if rest[key.len()..].trim_start().starts_with(':') {
                    return true;
                }
            }
        }
    }
    false
}

/// What `walk` and the key test find, read once per paste so that a sniff
/// from any line costs a few steps: each line's bracket balance (strings
/// never span lines, so a line's balance does not depend on where a walk
/// started), where the next walk-ending line is, and which lines hold keys.
/// Read only when the sniffs' own walks have read enough lines (`Budget`):
/// in a realistic paste a walk from a `{` line ends a line or two later.
#[derive(Debug, Default)]
pub(super) struct Lookahead {
    alone: Budget,
    shared: std::cell::OnceCell<Readings>,
}

#[derive(Debug)]
struct Readings {
    /// Depth before each line, summed from the paste's first line.
    before: Vec<i64>,
    /// Per line: the lowest depth after a closing bracket, from 0 at the line's start.
    low: Vec<Option<i64>>,
    /// Per line: the first later line that ends a walk (a command, or not JSON-ish).
    next_stop: Vec<usize>,
    /// Per line: the first line at or after it with a closing bracket.
    next_close: Vec<usize>,
    keys: Counts,
}

impl Lookahead {
    /// The sniff without the command line: `walk(lines, i, SNIFF_LINES)`
    /// closes, with a key in its first `LOOKAHEAD` lines.
    fn sniff(&self, lines: &[Line], i: usize) -> bool {
        if self.shared.get().is_none() {
            let (end, closed) = walk(lines, i, SNIFF_LINES);
            if self.alone.spend(end - i, lines.len()) {
                return closed.is_some() && lines[i..end.min(i + LOOKAHEAD)].iter().any(|l| has_key(&l.text));
            }
        }
        self.shared.get_or_init(|| Readings::new(lines)).sniff(i)
    }
}

impl Readings {
    fn new(lines: &[Line]) -> Readings {
        let n = lines.len();
        let mut before = Vec::with_capacity(n);
        let mut low = Vec::with_capacity(n);
        let mut depth = 0i64;
        for l in lines {
            before.push(depth);
            let (delta, lo) = JsonDepth::balance(&l.text);
            low.push(lo);
            depth = depth.saturating_add(delta);
        }
        let mut next_stop = vec![n; n];
        let mut next_close = vec![n; n];
        for k in (0..n).rev() {
            if k + 1 < n {
                let stops = !jsonish(&lines[k + 1].text) || command_of(&lines[k + 1].text).is_some();
                next_stop[k] = if stops { k + 1 } else { next_stop[k + 1] };
                next_close[k] = next_close[k + 1];
            }
            if low[k].is_some() {
                next_close[k] = k;
            }
        }
        Readings { before, low, next_stop, next_close, keys: Counts::new(lines, has_key) }
    }

    /// `walk(lines, i, SNIFF_LINES)` closes, with a key in its first `LOOKAHEAD` lines.
    fn sniff(&self, i: usize) -> bool {
        let stop = self.before.len().min(i + SNIFF_LINES).min(self.next_stop[i]);
        if self.next_close[i] >= stop {
            return false;
        }
        let base = self.before[i];
        let closed = (self.next_close[i]..stop).find(|&k| self.low[k].is_some_and(|lo| self.before[k] - base + lo <= 0));
        closed.is_some_and(|k| self.keys.any(i, (k + 1).min(i + LOOKAHEAD)))
    }
}

/// Lines after the object that still belong to the file: a second object,
/// a stray brace or comma (`{..}\n{..}` is a common mistake).
fn trailing(lines: &[Line], mut end: usize) -> usize {
    let limit = lines.len().min(end + 50);
    while end < limit {
        let t = lines[end].text.trim();
        if !(t.starts_with(['{', '}', ']', ',']) || t.starts_with('"') && t.contains("\":")) || command_of(&lines[end].text).is_some() {
            break;
        }
        let (next, _) = walk(lines, end, MAX_LINES);
        end = next.max(end + 1);
    }
    end
}

impl Format for DaemonJson {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "daemon-json"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        let t = lines[i].text.trim();
        if !t.starts_with('{') || t.starts_with("{{") {
            return false;
        }
        if path_of_command(hint).is_some() {
            return true;
        }
        // Without the command: `{` alone or `{"key": ...`, and a daemon key
        // before the object closes.
        if !(t == "{" || t.starts_with("{\"") || t.starts_with("{ \"")) {
            return false;
        }
        match hint.scan {
            Some(scan) => scan.daemon_json.sniff(lines, i),
            None => {
                let (end, closed) = walk(lines, i, SNIFF_LINES);
                closed.is_some() && lines[i..end.min(i + LOOKAHEAD)].iter().any(|l| has_key(&l.text))
            }
        }
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let (end, closed) = walk(lines, start, MAX_LINES);
        match closed {
            Some(at) if lines[end - 1].text[at..].trim().is_empty() => trailing(lines, end),
            _ => end,
        }
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let first = Source { line: lines[0].number, start: 0, end: 0 };
        if let Some(path) = path_of_command(hint) {
            facts.daemon_json_path.set(path, first);
        }
        // The object as the file holds it; on the line where it closed, text
        // after it (a prompt, when the file has no final newline) is not the file's.
        let (object_end, closed) = walk(lines, 0, MAX_LINES);
        let mut texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        if let (Some(at), Some(last)) = (closed, texts.last_mut()) {
            if lines.len() == object_end {
                *last = &last[..at.min(last.len())];
            }
        }
        let json = texts.join("\n");
        match serde_json::from_str::<Value>(&json).map(plain_json) {
            Ok(Value::Object(map)) => {
                facts.daemon_json_invalid.set(false, first);
                for (key, value) in &map {
                    let line = lines.iter().find(|l| l.text.contains(&format!("\"{key}\""))).unwrap_or(&lines[0]);
                    let start = line.text.find(&format!("\"{key}\"")).map_or(0, |s| s + 1);
                    let src = Source { line: line.number, start, end: (start + key.len()).min(line.text.len()) };
                    facts.daemon_json_keys.push(key, src);
                    // Scalars only: lists and objects (`registry-mirrors`, `proxies`) stay keys.
                    let scalar = match value {
                        Value::Bool(b) => Some(b.to_string()),
                        Value::Number(n) => Some(n.to_string()),
                        Value::String(s) if !s.contains(['\n', '\r']) => Some(crate::text::clip(s, MAX_VALUE).to_string()),
                        _ => None,
                    };
                    if let Some(v) = scalar {
                        facts.daemon_json_settings.push(&format!("{key}={v}"), src);
                    }
                }
            }
            Ok(_) => {
                // Valid JSON, but the daemon wants an object.
                let src = Source { line: lines[0].number, start: 0, end: lines[0].text.trim_end().len() };
                record_error(facts, 1, 1, src);
            }
            Err(e) => {
                // serde_json counts lines from 1 and columns (bytes) from 1;
                // column 0 means "at the end of the previous line's text".
                let idx = e.line().saturating_sub(1).min(lines.len() - 1);
                let text = texts[idx];
                let col = e.column();
                let at = floor_char(text, col.saturating_sub(1).min(text.len()));
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let (start, end) = if at == end && at > 0 {
                    // Past the end of the line: mark its last character.
                    (floor_char(text, at - 1), at)
                } else {
                    (at, end)
                };
                record_error(facts, idx + 1, col.max(1), Source { line: lines[idx].number, start, end });
            }
        }
    }
}

fn record_error(facts: &mut Facts, line: usize, column: usize, src: Source) {
    if facts.daemon_json_invalid.get() == Some(&true) {
        return;
    }
    facts.daemon_json_invalid.replace(true, src);
    facts.daemon_json_error_line = Some(line);
    facts.daemon_json_error_column = Some(column);
}

/// The largest char boundary at or below `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `has_key` as it was first written: twenty substring searches.
    fn has_key_reference(text: &str) -> bool {
        text.contains('"') && KEYS.iter().any(|k| text.split_once(k).is_some_and(|(_, rest)| rest.trim_start().starts_with(':')))
    }

    #[test]
    fn keys_are_found_where_a_quote_opens_them() {
        for (text, want) in [
            (r#"  "data-root": "/mnt/docker","#, true),
            (r#"{"dns" : ["8.8.8.8"]}"#, true),
            (r#""dns" is not a key here, "dns": [] is"#, false),
            (r#"  "dataroot": 1"#, false),
            (r#""dns"dns": 1"#, false),
            ("no quotes at all", false),
        ] {
            assert_eq!(has_key(text), want, "{text}");
            assert_eq!(has_key_reference(text), want, "{text}");
        }
    }

    proptest! {
        #[test]
        fn has_key_answers_as_before(
            parts in prop::collection::vec(prop_oneof![
                prop::sample::select(KEYS.to_vec()).prop_map(str::to_string),
                prop::sample::select(vec![":", " ", "\"", "{", ",", "x", "é", " : "]).prop_map(str::to_string),
                "[ -~]{0,6}",
            ], 0..12)
        ) {
            let text = parts.concat();
            prop_assert_eq!(has_key(&text), has_key_reference(&text), "{:?}", text);
        }

        #[test]
        fn shared_readings_answer_as_the_walk(paste in crate::formats::hostile::paste()) {
            // Small pastes never spend the budget: compare the readings
            // themselves with the walk they stand for, from every line.
            let lines = crate::text::lines(&paste);
            let readings = Readings::new(&lines);
            for i in 0..lines.len() {
                let (end, closed) = walk(&lines, i, SNIFF_LINES);
                let alone = closed.is_some() && lines[i..end.min(i + LOOKAHEAD)].iter().any(|l| has_key(&l.text));
                prop_assert_eq!(readings.sniff(i), alone, "line {}", i);
            }
        }

        #[test]
        fn jsonish_reads_any_text(text in "\\PC{0,40}") {
            let _ = jsonish(&text);
        }
    }
}
