//! The bodies of the fuzz targets: each `fuzz_targets/*.rs` is one line
//! that calls a function here. Bytes come in as the CLI reads them (lossy
//! UTF-8); every function panics when an invariant of the engine breaks, not
//! only when the engine itself panics.
//!
//! `tests/it/hostile.rs` includes this file (`#[path]`) and replays every
//! input saved under `fuzz/regressions/` through the same functions, so a
//! crash found once stays fixed. Depends on `engine` and `serde_json` only.

use std::borrow::Cow;
use std::collections::BTreeMap;

use engine::facts::{Facts, Source, SubIdRange};
use engine::formats::{self, Format, Hint, FORMATS};
use engine::text::{self, Line};
use engine::{render, report, subids, Diagnosis, Knowledge, Lang};

/// The bytes as `rootless-doctor diagnose` reads them.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A format of the registry by its kind (`docker-info`); the targets are
/// named after these.
pub fn format_of(kind: &str) -> &'static dyn Format {
    *FORMATS.iter().find(|f| f.kind(&[], Hint::default()) == kind).unwrap_or_else(|| panic!("no format {kind:?} in FORMATS"))
}

/// The kind of every format in the registry, in order.
pub fn kinds() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.kind(&[], Hint::default())).collect()
}

/// One format: claimed sections parsed as `split_and_parse` would, then the
/// parser on every line whether claimed or not (stricter than the registry).
/// A first line `$ command` is the command that printed the rest (the hint
/// `split_and_parse` passes after a prompt).
pub fn one_format(kind: &str, data: &[u8]) {
    let text = text(data);
    let all = text::lines(&text);
    // The readings `split_and_parse` shares between sniffs, as it does.
    let scan = engine::formats::Scan::default();
    let (hint, first) = match all[0].text.strip_prefix("$ ") {
        Some(cmd) if all.len() > 1 => (Hint { command: Some(cmd), scan: Some(&scan) }, 1),
        _ => (Hint { command: None, scan: Some(&scan) }, 0),
    };
    let lines = &all[first..];
    let format = format_of(kind);
    let mut facts = Facts::default();
    let mut warnings = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if format.sniff(lines, i, hint) {
            let end = format.extent(lines, i, hint).clamp(i + 1, lines.len());
            format.parse(&lines[i..end], hint, &mut facts, &mut warnings);
            let _ = format.kind(&lines[i..end], hint);
            i = end;
        } else {
            i += 1;
        }
    }
    check_facts(&all, &facts);
    format.parse(lines, hint, &mut Facts::default(), &mut Vec::new());
}

/// The whole split: sections cover every line once, in order; clues too.
pub fn split(data: &[u8]) {
    let text = text(data);
    let lines = text::lines(&text);
    let mut facts = Facts::default();
    let mut warnings = Vec::new();
    let sections = formats::split_and_parse(&lines, &mut facts, &mut warnings);
    formats::read_clues(&lines, &mut facts);
    let mut next = 1;
    for s in &sections {
        assert_eq!(s.first_line, next, "sections leave a gap or overlap: {sections:?}");
        assert!(s.last_line >= s.first_line, "{s:?}");
        next = s.last_line + 1;
    }
    assert_eq!(next, lines.len() + 1, "sections do not reach the last line");
    for w in &warnings {
        assert!((1..=lines.len()).contains(&w.line), "{w:?}");
    }
    check_facts(&lines, &facts);
    for l in &lines {
        let _ = text::strip_prompt(&l.text);
    }
}

/// The whole diagnosis in one of the four languages, and everything made
/// from it: the HTML of each fix, the Markdown report, the JSON, the
/// subordinate ID analysis and redaction.
pub fn diagnosis(data: &[u8]) {
    let text = text(data);
    let lang = Lang::ALL[data.len() % Lang::ALL.len()];
    let kb = engine::builtin();
    let d = kb.diagnose(&text, lang);
    check_diagnosis(kb, &text, &d);
    let _ = engine::redact::redact(&text, &d.facts, &engine::redact::Kind::ALL);
}

/// What must hold of any diagnosis, whatever was pasted.
pub fn check_diagnosis(kb: &Knowledge, paste: &str, d: &Diagnosis) {
    let lines = text::lines(paste);
    assert_eq!(d.line_count, lines.len());
    check_facts(&lines, &d.facts);
    for f in &d.findings {
        for e in &f.evidence {
            assert!(
                e.start <= e.end && e.end <= e.text.len() && e.text.is_char_boundary(e.start) && e.text.is_char_boundary(e.end),
                "{}: evidence span {}..{} outside line {} ({} bytes)",
                f.id,
                e.start,
                e.end,
                e.line,
                e.text.len()
            );
            assert!((1..=lines.len()).contains(&e.line), "{}: evidence line {}", f.id, e.line);
        }
        let entry = kb.entry(&f.id).expect("a finding names an entry");
        for (name, v) in &f.values {
            let kind = entry.placeholder_kind(name).expect("a value has a kind");
            assert!(kind.accepts(v), "{}: {name} = {v:?} reached a command unvalidated", f.id);
        }
        let html = render::markdown_to_html(&f.fix_markdown, f.language);
        assert_eq!(render::foreign_markup(&html), None, "{}: markup in the fix", f.id);
    }
    let json = serde_json::to_string(d).expect("a diagnosis serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("its JSON parses");
    check_report(kb, d);
    check_free_range(&d.facts.subuid, &d.facts.subgid, d.facts.uid.get().copied(), subids::analyze(&d.facts).free);
}

/// The Markdown report keeps every pasted line inside its fences: it has
/// exactly the code blocks it writes, no control character, and renders
/// without markup from the paste.
fn check_report(kb: &Knowledge, d: &Diagnosis) {
    let md = report::markdown(kb, d);
    let facts_block = usize::from(!report::fact_rows(kb, d.language, d).is_empty());
    let expected: usize = facts_block
        + d.findings.iter().map(|f| 1 + usize::from(f.decide.is_some()) + render::code_blocks(&f.fix_markdown).len()).sum::<usize>();
    assert_eq!(render::code_blocks(&md).len(), expected, "pasted text opened or closed a fence in the report:\n{md}");
    if let Some(c) = md.chars().find(|&c| c.is_control() && c != '\n' && c != '\t') {
        panic!("control character {c:?} in the report");
    }
    assert_eq!(render::foreign_markup(&render::markdown_to_html(&md, d.language)), None, "markup in the report");
}

/// Every recorded source points into its line, on character boundaries.
fn check_facts(lines: &[Line], facts: &Facts) {
    let check = |what: &str, s: &Source| {
        // Line 0 or past the end is never shown; a span must fit its line.
        let Some(line) = s.line.checked_sub(1).and_then(|i| lines.get(i)) else { return };
        let t = &line.text;
        assert!(
            s.start <= s.end && s.end <= t.len() && t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
            "source of {what}: {s:?} outside line {:?}",
            text::clip(t, 200)
        );
    };
    for (name, sources) in facts.sources() {
        for s in &sources {
            check(name, s);
        }
    }
    for (k, (_, s)) in &facts.sysctl {
        check(k, s);
    }
    for (what, list) in [("subuid_malformed", &facts.subuid_malformed), ("subgid_malformed", &facts.subgid_malformed)] {
        for s in list {
            check(what, s);
        }
    }
    // Facts are shown as text in one line each (the page, the report).
    let mut values: Vec<&str> = Vec::new();
    for (_, v) in facts.values() {
        match v {
            engine::facts::Value::Str(s) => values.push(s),
            engine::facts::Value::List(items) => values.extend(items),
            _ => {}
        }
    }
    let values = values.into_iter().chain(facts.other.values().map(String::as_str));
    for v in values.chain(facts.sysctl.values().map(|(v, _)| v.as_str())) {
        assert!(!v.chars().any(|c| c.is_control() && c != '\t'), "control character in fact {v:?}");
    }
}

/// Markdown in, HTML out: nothing in the text becomes markup, with values
/// filled in that passed their validators.
pub fn render(data: &[u8]) {
    let md = text(data);
    let lang = Lang::ALL[data.len() % Lang::ALL.len()];
    assert_eq!(render::foreign_markup(&render::markdown_to_html(&md, lang)), None, "markup from {md:?}");
    let resolved = render::resolve_soft_breaks(&md, lang);
    assert_eq!(render::foreign_markup(&render::markdown_to_html(&resolved, lang)), None, "markup from {resolved:?}");
    // Candidate values are the text's own words; only validated ones fill.
    let words: Vec<&str> = md.split_whitespace().take(16).collect();
    let mut values = BTreeMap::new();
    for (i, name) in engine::kb::placeholders_in(&md).into_iter().enumerate() {
        if let Some(w) = words.get(i % words.len().max(1)) {
            if engine::validate::Kind::Name.accepts(w) || engine::validate::Kind::Path.accepts(w) {
                values.insert(name.to_string(), w.to_string());
            }
        }
    }
    let style = render::Style { marked: true, example_comment: "example: {values}", guard_message: "set {var} first" };
    let filled = render::fill(&md, &values, None, style);
    let html = render::mark_examples(&render::markdown_to_html(&filled, lang), "example \"<x>\"");
    assert_eq!(render::foreign_markup(&html), None, "markup after filling {values:?}");
    let _ = (render::sections(&md), render::code_blocks(&md), render::links(&md), render::placeholders_outside_code(&md));
}

/// The subordinate ID analyzer, from a paste and from raw ranges: the free
/// range it suggests overlaps nothing and is the lowest there is.
pub fn subid_analyzer(data: &[u8]) {
    let text = text(data);
    let lines = text::lines(&text);
    let mut facts = Facts::default();
    formats::split_and_parse(&lines, &mut facts, &mut Vec::new());
    formats::read_clues(&lines, &mut facts);
    let rep = subids::analyze(&facts);
    check_free_range(&facts.subuid, &facts.subgid, facts.uid.get().copied(), rep.free);
    if let Some(free) = rep.free {
        let cmd = subids::add_command(free, rep.user.as_deref());
        let user = cmd.rsplit(' ').next().unwrap_or("");
        assert!(cmd.ends_with(" \"$(id -un)\"") || engine::validate::Kind::User.accepts(user), "{cmd}");
    }
    // The same bytes as raw ranges: (start, count) pairs of u64.
    let nums: Vec<u64> = data.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect();
    let ranges: Vec<SubIdRange> = nums
        .chunks_exact(2)
        .enumerate()
        .map(|(i, p)| SubIdRange { owner: (i % 3).to_string(), start: p[0] % (1 << 33), count: p[1] >> (p[1] % 64), line: i + 1 })
        .collect();
    let (uid, gid) = ranges.split_at(ranges.len() / 2);
    let count = nums.first().map_or(subids::SUB_ID_COUNT, |n| n % 200_000 + 1);
    let free = subids::free_range(uid, gid, count);
    check_free_range(uid, gid, None, free);
    if let Some((a, b)) = free {
        assert_eq!(b - a + 1, count);
    }
    for r in &ranges {
        for mode in [subids::Mode::Rootless, subids::Mode::UsernsRemap] {
            for k in [0, 1, r.count / 2, r.count] {
                if let Some(host) = subids::map_uid(mode, k, Some(1000), r) {
                    assert_eq!(subids::host_to_container(mode, host, Some(1000), r), Some(k), "{r:?}");
                }
            }
        }
    }
}

/// The suggested free range shares no ID with any range of either file nor
/// holds the reader's own UID, stays within valid IDs, and nothing lower
/// would fit.
pub fn check_free_range(uid: &[SubIdRange], gid: &[SubIdRange], own: Option<u32>, free: Option<(u64, u64)>) {
    let Some((a, b)) = free else { return };
    let shares = |(x, y): (u64, u64), r: &SubIdRange| r.count > 0 && x < r.start.saturating_add(r.count) && r.start <= y;
    let holds_own = |(x, y): (u64, u64)| own.is_some_and(|o| (x..=y).contains(&u64::from(o)));
    assert!(a >= subids::SUB_ID_MIN && a <= b && b < subids::ID_LIMIT, "{free:?}");
    if let Some(r) = uid.iter().chain(gid).find(|r| shares((a, b), r)) {
        panic!("free range {a}-{b} overlaps {r:?}");
    }
    assert!(!holds_own((a, b)), "free range {a}-{b} holds the reader's UID {own:?}");
    if a > subids::SUB_ID_MIN {
        let lower = (a - 1, b - 1);
        assert!(uid.iter().chain(gid).any(|r| shares(lower, r)) || holds_own(lower), "{a}-{b} is not the lowest free range");
    }
}

/// A team's bundle: as JSON, and as the files inside one (the first byte
/// picks which file the rest is). Loading never panics, and settings that
/// load are plain text with a safe link.
pub fn bundle(data: &[u8]) {
    let _ = engine::Bundle::from_json(&text(data));
    let Some((&pick, rest)) = data.split_first() else { return };
    const PATHS: [&str; 5] = ["team.toml", "kb/corp-x/entry.toml", "kb/corp-x/en.md", "kb/corp-x/samples/fires-a.txt", "notes/corp-x/en.md"];
    let entry = "id = \"corp-x\"\nseverity = \"error\"\ncategory = \"network\"\n[[lines]]\nregex = \"corp-x\"\n";
    let doc = "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n## What happened\nx\n";
    let mut files = vec![("team.toml", "name = \"Ops\"".to_string()), ("kb/corp-x/entry.toml", entry.to_string()), ("kb/corp-x/en.md", doc.to_string())];
    let path = PATHS[pick as usize % PATHS.len()];
    files.retain(|(p, _)| *p != path);
    files.push((path, text(rest).into_owned()));
    let (kb, _) = engine::extensions::load_with(std::iter::empty(), files.iter().map(|(p, t)| (*p, t.as_str())));
    let _ = engine::tidy::check_team(&kb);
    if let Some(team) = &kb.team {
        assert!(!team.name.chars().any(char::is_control), "control character in {:?}", team.name);
        if let Some(link) = &team.support {
            assert!(engine::extensions::is_safe_link(link), "unsafe link {link:?}");
        }
    }
}
