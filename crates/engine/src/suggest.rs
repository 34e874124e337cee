//! "Possibly related": when a paste has error lines that no finding explains,
//! the entries whose known messages are closest to them.
//!
//! Each line pattern of each entry is read as a message: the words its
//! regex requires (literal text outside alternations and optional parts)
//! and the words it may contain (inside them). A pasted error line is
//! folded the same way (numbers, paths, URLs, addresses and case removed)
//! and scored against every message by how much of the message's required
//! words it holds, each word weighted by how rare it is across entries
//! (inverse document frequency). Nothing here knows an entry by name: the
//! knowledge is the entry files.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::kb::Entry;
use crate::lang::Lang;
use crate::text::Line;

/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 3;
/// Error lines looked at per paste (the first ones, after duplicates).
const MAX_LINES: usize = 64;
/// Bytes of a line that are read.
const MAX_LINE_BYTES: usize = 1000;
/// The share of a message's required weight a line must hold.
const MIN_COVERAGE: f32 = 0.5;
/// And at least this many of its required words.
const MIN_SHARED: usize = 3;

/// An entry that may explain an error line no finding explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub language: Lang,
    /// The pasted line (1-based) that resembles the entry's message.
    pub line: usize,
    /// The words of the entry's message found in that line.
    pub words: Vec<String>,
    /// How much of the message the line holds, in percent.
    pub score: u8,
}

/// The messages of every entry, as weighted words.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    messages: Vec<Message>,
    /// Word → the messages that contain it.
    postings: HashMap<String, Vec<u32>>,
    idf: HashMap<String, f32>,
}

#[derive(Debug, Clone)]
struct Message {
    entry: usize,
    required: Vec<String>,
    optional: Vec<String>,
    required_weight: f32,
}

impl Index {
    pub(crate) fn build(entries: &[Entry]) -> Index {
        let mut messages = Vec::new();
        for (ei, e) in entries.iter().enumerate() {
            if e.retired {
                continue;
            }
            for m in &e.lines {
                let Some((required, optional)) = message_words(&m.pattern) else { continue };
                if required.len() >= MIN_SHARED {
                    messages.push(Message { entry: ei, required, optional, required_weight: 0.0 });
                }
            }
        }
        // Document frequency counts entries, not patterns: an entry with ten
        // wordings of one message must not make its own words look common.
        let mut df: HashMap<&str, Vec<usize>> = HashMap::new();
        for m in &messages {
            for w in m.required.iter().chain(&m.optional) {
                let owners = df.entry(w.as_str()).or_default();
                if owners.last() != Some(&m.entry) && !owners.contains(&m.entry) {
                    owners.push(m.entry);
                }
            }
        }
        let n = entries.len().max(1) as f32;
        let idf: HashMap<String, f32> = df.iter().map(|(w, owners)| (w.to_string(), (n / owners.len() as f32).ln() + 1.0)).collect();
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        for (mi, m) in messages.iter_mut().enumerate() {
            m.required_weight = m.required.iter().map(|w| idf[w.as_str()]).sum();
            for w in m.required.iter().chain(&m.optional) {
                postings.entry(w.clone()).or_default().push(mi as u32);
            }
        }
        Index { messages, postings, idf }
    }

    /// Suggestions for the error lines of `lines` that are not in `explained`
    /// (line numbers cited by a finding), leaving out `found` (entries that
    /// already fired).
    pub(crate) fn suggest(&self, entries: &[Entry], lines: &[Line], explained: &[usize], found: &[&str], lang: Lang) -> Vec<Suggestion> {
        // Best (coverage, line, words) per entry.
        let mut best: BTreeMap<usize, (f32, usize, Vec<String>)> = BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        let candidates = lines.iter().filter(|l| !explained.contains(&l.number) && looks_like_error(&l.text));
        for line in candidates {
            let words = words(crate::text::clip(&line.text, MAX_LINE_BYTES));
            if words.len() < MIN_SHARED || !seen.insert(words.clone()) {
                continue;
            }
            if seen.len() > MAX_LINES {
                break;
            }
            // Ordered: among equally good messages of an entry the first one
            // wins, the same on every run (a HashMap's order is random).
            let mut held: BTreeMap<u32, (f32, Vec<&str>)> = BTreeMap::new();
            for w in &words {
                for &mi in self.postings.get(w.as_str()).map(Vec::as_slice).unwrap_or_default() {
                    let m = &self.messages[mi as usize];
                    let slot = held.entry(mi).or_default();
                    if m.required.iter().any(|r| r == w) {
                        slot.0 += self.idf[w.as_str()];
                    }
                    slot.1.push(w);
                }
            }
            for (mi, (weight, shared)) in held {
                let m = &self.messages[mi as usize];
                let required_shared = shared.iter().filter(|w| m.required.iter().any(|r| r == *w)).count();
                if required_shared < MIN_SHARED || m.required_weight <= 0.0 {
                    continue;
                }
                let coverage = weight / m.required_weight;
                if coverage < MIN_COVERAGE || found.contains(&entries[m.entry].id.as_str()) {
                    continue;
                }
                let better = best.get(&m.entry).is_none_or(|(c, ..)| coverage > *c);
                if better {
                    best.insert(m.entry, (coverage, line.number, shared.iter().map(|w| w.to_string()).collect()));
                }
            }
        }
        let mut ranked: Vec<_> = best.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .filter_map(|(ei, (coverage, line, words))| {
                let entry = &entries[ei];
                let (doc, language) = entry.doc(lang)?;
                Some(Suggestion {
                    id: entry.id.clone(),
                    title: doc.title.clone(),
                    summary: doc.summary.clone(),
                    language,
                    line,
                    words,
                    score: (coverage.min(1.0) * 100.0).round() as u8,
                })
            })
            .collect()
    }
}

/// Does the line read like a complaint? Lines that only report a state are
/// not errors: a healthy paste must get no suggestion.
fn looks_like_error(line: &str) -> bool {
    const MARKERS: &[&str] = &[
        "error", "fail", "denied", "not permitted", "cannot", "can't", "unable", "invalid", "no such", "not found", "refused",
        "fatal", "panic", "timed out", "timeout", "could not", "couldn't", "not supported", "unsupported", "exceeded",
        "forbidden", "not allowed", "no space", "read-only file system",
        // glibc's translated strerror texts and common localized words.
        "오류", "실패", "거부", "허가", "错误", "失败", "拒绝", "不允许", "エラー", "失敗", "拒否", "許可されていません",
    ];
    // No marker is shorter than four bytes.
    if line.len() < 4 {
        return false;
    }
    let lower = if line.is_ascii() { line.to_ascii_lowercase() } else { line.to_lowercase() };
    // sysctl saying a parameter does not exist on this kernel (busybox:
    // "sysctl: error: 'k' is an unknown key", procps-ng: "sysctl: cannot
    // stat /proc/sys/...: No such file or directory") reports a state: a
    // missing switch is often the healthy answer (kernel.unprivileged_userns_clone
    // exists only on Debian and Ubuntu kernels).
    let has = |m: &str| crate::text::contains(&lower, m);
    if has("is an unknown key") || (has("sysctl: cannot stat /proc/sys/") && has("no such file or directory")) {
        return false;
    }
    MARKERS.iter().any(|m| has(m))
}

/// Words that say nothing about which problem a line names: English glue,
/// log-record keys, the product's own names and the words every complaint
/// uses.
const STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "was", "are", "has", "have", "been", "into", "your", "you", "its", "see",
    "msg", "level", "time", "info", "warn", "warning", "error", "err", "failed", "fail", "failure", "not", "cannot", "unable",
    "docker", "dockerd", "rootless", "code", "status", "exit", "exited", "process", "service", "main",
];

/// The words of a text, folded: lowercase ASCII letter runs of 3 or more
/// (digits end a word: `tcp4` is `tcp`), and each pair of neighbouring
/// letters of other scripts (Korean, Chinese and Japanese need no word
/// splitting that way). Paths, URLs and addresses are left out: they name
/// the reader's system, not the message.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for chunk in text.split_whitespace() {
        let bare = chunk.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | ',' | ';'));
        if bare.starts_with('/') || bare.starts_with("~/") || bare.contains("://") || bare.contains('@') {
            continue;
        }
        let mut ascii = String::new();
        let mut other: Vec<char> = Vec::new();
        let flush = |ascii: &mut String, other: &mut Vec<char>, out: &mut Vec<String>| {
            if ascii.len() >= 3 && !STOP.contains(&ascii.as_str()) {
                out.push(std::mem::take(ascii));
            }
            ascii.clear();
            if other.len() == 1 {
                out.push(other[0].to_string());
            }
            for pair in other.windows(2) {
                out.push(pair.iter().collect());
            }
            other.clear();
        };
        for c in bare.chars() {
            if c.is_ascii_alphabetic() {
                if !other.is_empty() {
                    flush(&mut String::new(), &mut other, &mut out);
                }
                ascii.push(c.to_ascii_lowercase());
            } else if !c.is_ascii() && c.is_alphabetic() {
                if !ascii.is_empty() {
                    flush(&mut ascii, &mut Vec::new(), &mut out);
                }
                other.push(c);
            } else {
                flush(&mut ascii, &mut other, &mut out);
            }
        }
        flush(&mut ascii, &mut other, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// The words a pattern requires and the words it may contain, or `None`
/// for a pattern that does not parse (the loader reports those).
fn message_words(pattern: &str) -> Option<(Vec<String>, Vec<String>)> {
    use regex_syntax::hir::{Class, Hir, HirKind};

    /// A class that is one letter in either case (what `(?i)` makes of a
    /// literal letter) stands for that letter.
    fn one_letter(class: &Class) -> Option<char> {
        let chars: Vec<char> = match class {
            Class::Unicode(u) => u.iter().flat_map(|r| r.start()..=r.end()).take(4).collect(),
            Class::Bytes(b) => b.iter().flat_map(|r| r.start()..=r.end()).take(4).map(char::from).collect(),
        };
        let first = chars.first()?.to_lowercase().next()?;
        (chars.len() <= 3 && chars.iter().all(|c| c.to_lowercase().next() == Some(first) || *c == '\u{212A}' || *c == '\u{17F}')).then_some(first)
    }

    fn walk(hir: &Hir, optional: bool, cur: &mut String, out: &mut Vec<(String, bool)>) {
        let flush = |cur: &mut String, out: &mut Vec<(String, bool)>| {
            if !cur.is_empty() {
                out.push((std::mem::take(cur), optional));
            }
        };
        match hir.kind() {
            HirKind::Literal(lit) => cur.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(class) => match one_letter(class) {
                Some(c) => cur.push(c),
                None => {
                    cur.push(' ');
                    flush(cur, out)
                }
            },
            HirKind::Capture(c) => walk(&c.sub, optional, cur, out),
            HirKind::Concat(hs) => hs.iter().for_each(|h| walk(h, optional, cur, out)),
            HirKind::Repetition(r) => {
                flush(cur, out);
                let mut inner = String::new();
                walk(&r.sub, optional || r.min == 0, &mut inner, out);
                if !inner.is_empty() {
                    out.push((inner, optional || r.min == 0));
                }
            }
            HirKind::Alternation(hs) => {
                flush(cur, out);
                for h in hs {
                    let mut inner = String::new();
                    walk(h, true, &mut inner, out);
                    if !inner.is_empty() {
                        out.push((inner, true));
                    }
                }
            }
            HirKind::Empty | HirKind::Look(_) => flush(cur, out),
        }
    }

    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut fragments = Vec::new();
    let mut cur = String::new();
    walk(&hir, false, &mut cur, &mut fragments);
    if !cur.is_empty() {
        fragments.push((cur, false));
    }
    let (mut required, mut optional) = (Vec::new(), Vec::new());
    for (text, opt) in fragments {
        let list = if opt { &mut optional } else { &mut required };
        list.extend(words(&text));
    }
    required.sort();
    required.dedup();
    optional.retain(|w| !required.contains(w));
    optional.sort();
    optional.dedup();
    Some((required, optional))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_numbers_paths_and_case() {
        assert_eq!(
            words("Error starting userland proxy: listen tcp4 0.0.0.0:80: bind: permission denied."),
            ["bind", "denied", "listen", "permission", "proxy", "starting", "tcp", "userland"]
        );
        assert_eq!(words("open /home/alice/.config/docker/daemon.json: no such file"), ["file", "open", "such"]);
        assert_eq!(words("权限不够"), ["不够", "权限", "限不"]);
    }

    #[test]
    fn a_pattern_requires_its_literal_words_and_may_hold_its_alternatives() {
        let (req, opt) = message_words(r"(?i)cannot expose privileged port (?P<port>[0-9]{1,5})").unwrap();
        assert_eq!(req, ["expose", "port", "privileged"]);
        assert!(opt.is_empty());
        let (req, opt) = message_words(r"newuidmap: (?:write to uid_map failed|open of uid_map failed)").unwrap();
        assert_eq!(req, ["newuidmap"]);
        assert_eq!(opt, ["map", "open", "uid", "write"]);
    }

    #[test]
    fn status_lines_are_not_errors() {
        assert!(!looks_like_error(" Storage Driver: overlay2"));
        assert!(looks_like_error("level=error msg=\"failed to start daemon\""));
        assert!(looks_like_error("newuidmap: uid range [1-65537) -> [100000-165536) not allowed"));
        assert!(!looks_like_error("sysctl: error: 'kernel.unprivileged_userns_clone' is an unknown key"));
        assert!(!looks_like_error("sysctl: cannot stat /proc/sys/kernel/unprivileged_userns_clone: No such file or directory"));
    }
}
