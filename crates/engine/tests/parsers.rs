//! The parsers, data-driven: every file in `tests/parsers/` is a paste (text
//! as people paste it), and its snapshot is what the engine read from it:
//! the sections, the parse warnings, every fact as conditions see it (by
//! name, with the line and span it came from) and the facts' public JSON.
//!
//! Adding a case is adding a file; `INSTA_UPDATE=always cargo test -p engine
//! --test parsers` writes its snapshot, which is then read and kept. The
//! snapshot names facts by their string names only, so it does not depend on
//! how `Facts` stores them.

use std::fmt::Write;

use engine::facts::{Facts, Value, NAMES};
use engine::formats::{read_clues, split_and_parse};
use engine::text::{lines, Line};

/// What the engine reads from `paste`, as text.
fn check(paste: &str) -> String {
    let lines = lines(paste);
    let mut facts = Facts::default();
    let mut warnings = Vec::new();
    let sections = split_and_parse(&lines, &mut facts, &mut warnings);
    read_clues(&lines, &mut facts);

    let mut out = String::from("sections:\n");
    for s in &sections {
        let _ = writeln!(out, "  {} {}..{}", s.kind, s.first_line, s.last_line);
    }
    if !warnings.is_empty() {
        out.push_str("warnings:\n");
        for w in &warnings {
            let _ = writeln!(out, "  line {}: {}", w.line, w.key);
        }
    }
    let json = serde_json::to_value(&facts).unwrap_or_default();
    let sysctl = json.get("sysctl").and_then(|s| s.as_object()).map(|m| m.keys().map(|k| format!("sysctl.{k}")).collect()).unwrap_or_else(Vec::new);
    out.push_str("facts:\n");
    let mut names: Vec<&str> = NAMES.iter().copied().chain(sysctl.iter().map(String::as_str)).collect();
    names.sort_unstable();
    for name in names {
        let Some(value) = facts.get(name) else { continue };
        let evidence = evidence(&lines, &facts, name, None);
        match value {
            Value::List(items) => {
                let _ = writeln!(out, "  {name}: [{}]{evidence}", if items.is_empty() { "" } else { "…" });
                for item in items {
                    let _ = writeln!(out, "    {item:?}{}", self::evidence(&lines, &facts, name, Some(item)));
                }
            }
            Value::Bool(b) => {
                let _ = writeln!(out, "  {name}: {b}{evidence}");
            }
            Value::Num(n) => {
                let _ = writeln!(out, "  {name}: {n}{evidence}");
            }
            Value::Str(s) => {
                let _ = writeln!(out, "  {name}: {s:?}{evidence}");
            }
            Value::Owned(s) => {
                let _ = writeln!(out, "  {name}: {s:?}{evidence}");
            }
        }
    }
    out.push_str("json:\n");
    if let Some(map) = json.as_object() {
        for (k, v) in map {
            let _ = writeln!(out, "  {k}: {v}");
        }
    }
    out
}

/// ` <- line 3 [13..19] "27.3.1"`: where a fact (or one item of a list
/// fact) was read, and the text its span covers.
fn evidence(lines: &[Line], facts: &Facts, name: &str, item: Option<&str>) -> String {
    let Some(src) = facts.source_for(name, item) else { return String::new() };
    let text = src.line.checked_sub(1).and_then(|i| lines.get(i)).and_then(|l| l.text.get(src.start..src.end));
    match text {
        Some(t) if src.end > src.start => format!("  <- line {} [{}..{}] {t:?}", src.line, src.start, src.end),
        _ => format!("  <- line {}", src.line),
    }
}

#[test]
fn parsers() {
    insta::glob!("parsers/*.txt", |path| {
        let paste = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(check(&paste));
    });
}
