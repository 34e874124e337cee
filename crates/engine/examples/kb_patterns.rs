//! The knowledge base's line patterns, for `scripts/bench-grep.sh`.
//!
//!     cargo run --release -p engine --example kb_patterns             # every pattern, one per line
//!     cargo run --release -p engine --example kb_patterns -- --ere DIR
//!     cargo run --release -p engine --example kb_patterns -- --count FILE
//!
//! Without arguments it prints every line pattern exactly as the engine
//! compiles it (Rust `regex` syntax), from
//! `engine::builtin().entries[..].lines[..].pattern`.
//!
//! `--ere DIR` translates them to POSIX extended regular expressions for GNU
//! grep in the C locale and writes `DIR/patterns-cs.txt` (case-sensitive) and
//! `DIR/patterns-ci.txt` (the patterns that start with `(?i)`, for `grep -i`).
//! Named and non-capturing groups become plain groups, `\t` and `\xHH` become
//! the characters, `(?-u:\b)` becomes GNU's `\b`, inline `(?i:...)` spells
//! each letter as `[aA]`, and a bracket holding non-ASCII characters becomes
//! an alternation (the C locale matches bytes). A pattern that cannot be
//! translated faithfully is skipped; the counts go to standard output and
//! the skipped patterns to standard error.
//!
//! `--count FILE` prints how many lines of FILE the engine's patterns match
//! (the same set, Rust `regex`), to check the translation against grep.

use std::collections::BTreeSet;

fn patterns() -> Vec<String> {
    let kb = engine::builtin();
    let mut out = Vec::new();
    for entry in kb.entries.iter().filter(|e| !e.retired) {
        for m in &entry.lines {
            let p = m.pattern.as_str();
            assert!(!p.contains('\n'), "{}: multi-line pattern", entry.id);
            out.push(p.to_string());
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => {
            for p in patterns() {
                println!("{p}");
            }
        }
        ["--ere", dir] => {
            let (mut cs, mut ci, mut skipped) = (String::new(), String::new(), Vec::new());
            let all = patterns();
            for p in &all {
                match translate(p) {
                    Ok((ere, false)) => cs += &format!("{ere}\n"),
                    Ok((ere, true)) => ci += &format!("{ere}\n"),
                    Err(why) => skipped.push((p, why)),
                }
            }
            let dir = std::path::Path::new(dir);
            std::fs::create_dir_all(dir).expect("create DIR");
            std::fs::write(dir.join("patterns-cs.txt"), &cs).expect("write");
            std::fs::write(dir.join("patterns-ci.txt"), &ci).expect("write");
            for (p, why) in &skipped {
                eprintln!("skipped ({why}): {p}");
            }
            println!(
                "{} patterns: {} case-sensitive, {} case-insensitive (grep -i), {} skipped",
                all.len(),
                cs.lines().count(),
                ci.lines().count(),
                skipped.len()
            );
        }
        ["--count", file] => {
            let text = std::fs::read_to_string(file).expect("read FILE");
            let set = regex::RegexSet::new(patterns()).expect("the engine's patterns compile");
            let n = text.lines().filter(|l| set.is_match(l)).count();
            println!("{n}");
        }
        _ => {
            eprintln!("usage: kb_patterns [--ere DIR | --count FILE]");
            std::process::exit(2);
        }
    }
}

/// Translates one Rust `regex` pattern to a GNU ERE for the C locale.
/// Returns the ERE and whether it needs `grep -i`.
fn translate(p: &str) -> Result<(String, bool), String> {
    let mut chars: Vec<char> = p.chars().collect();
    let mut whole_ci = false;
    if p.starts_with("(?i)") {
        whole_ci = true;
        chars.drain(..4);
    }
    let mut out = String::new();
    // One frame per open group: whether it turned case-insensitivity on.
    let mut groups: Vec<bool> = Vec::new();
    let ci_scope = |groups: &Vec<bool>| groups.iter().any(|&g| g);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let (lit, next) = escape(&chars, i)?;
                i = next;
                match lit {
                    Esc::Char(ch) => push_literal(&mut out, ch, ci_scope(&groups)),
                    Esc::Raw(s) => out += s,
                }
                continue;
            }
            '(' => {
                if chars.get(i + 1) == Some(&'?') {
                    let rest: String = chars[i + 2..].iter().collect();
                    if rest.starts_with(':') {
                        groups.push(false);
                        out.push('(');
                        i += 3;
                    } else if rest.starts_with("P<") || rest.starts_with('<') {
                        let close = rest.find('>').ok_or("unclosed group name")?;
                        groups.push(false);
                        out.push('(');
                        i += 2 + close + 1;
                    } else if let Some(body) = rest.strip_prefix("-u:\\b)") {
                        let _ = body;
                        out += "\\b";
                        i += 2 + "-u:\\b)".len();
                    } else if rest.starts_with("i:") {
                        groups.push(true);
                        out.push('(');
                        i += 4;
                    } else if rest.starts_with("-u:") {
                        groups.push(false);
                        out.push('(');
                        i += 5;
                    } else {
                        return Err(format!("flag group (?{}", rest.chars().take(4).collect::<String>()));
                    }
                } else {
                    groups.push(false);
                    out.push('(');
                    i += 1;
                }
                continue;
            }
            ')' => {
                groups.pop().ok_or("unbalanced )")?;
                out.push(')');
            }
            '[' => {
                let (s, next) = bracket(&chars, i, ci_scope(&groups))?;
                out += &s;
                i = next;
                continue;
            }
            // Lazy quantifiers: whether a line matches does not depend on
            // laziness; ERE has none, so drop the '?'.
            '?' | '*' | '+' | '}' if chars.get(i + 1) == Some(&'?') => {
                out.push(c);
                i += 2;
                continue;
            }
            '.' | '*' | '+' | '?' | '|' | '^' | '$' | '{' | '}' => out.push(c),
            _ => push_literal(&mut out, c, ci_scope(&groups)),
        }
        i += 1;
    }
    if !groups.is_empty() {
        return Err("unbalanced (".into());
    }
    Ok((out, whole_ci))
}

enum Esc {
    Char(char),
    Raw(&'static str),
}

/// The escape at `chars[i]` (a backslash): a literal character or an ERE
/// fragment, and the index after it.
fn escape(chars: &[char], i: usize) -> Result<(Esc, usize), String> {
    let c = *chars.get(i + 1).ok_or("trailing backslash")?;
    Ok(match c {
        't' => (Esc::Char('\t'), i + 2),
        'n' | 'r' => return Err("newline escape".into()),
        'x' => {
            let (code, next) = if chars.get(i + 2) == Some(&'{') {
                let end = chars[i + 3..].iter().position(|&c| c == '}').ok_or("bad \\x{")? + i + 3;
                (chars[i + 3..end].iter().collect::<String>(), end + 1)
            } else {
                (chars[i + 2..(i + 4).min(chars.len())].iter().collect::<String>(), i + 4)
            };
            let ch = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32).ok_or("bad \\x")?;
            (Esc::Char(ch), next)
        }
        'd' => (Esc::Raw("[0-9]"), i + 2),
        's' => (Esc::Raw("[[:space:]]"), i + 2),
        'w' => (Esc::Raw("[[:alnum:]_]"), i + 2),
        'b' => (Esc::Raw("\\b"), i + 2),
        'B' => (Esc::Raw("\\B"), i + 2),
        'A' => (Esc::Raw("^"), i + 2),
        'z' => (Esc::Raw("$"), i + 2),
        c if c.is_ascii_alphanumeric() => return Err(format!("escape \\{c}")),
        c => (Esc::Char(c), i + 2),
    })
}

/// A literal character outside brackets, escaped for ERE when special.
fn push_literal(out: &mut String, c: char, ci: bool) {
    if ci && c.is_ascii_alphabetic() {
        out.push('[');
        out.push(c.to_ascii_lowercase());
        out.push(c.to_ascii_uppercase());
        out.push(']');
    } else if ".[]()*+?{}|^$\\".contains(c) {
        // ']' and '}' are literal on their own in ERE: no backslash (GNU grep
        // warns about stray ones).
        if c != ']' && c != '}' {
            out.push('\\');
        }
        out.push(c);
    } else {
        out.push(c);
    }
}

enum Item {
    Char(char),
    Range(char, char),
    Class(String),
}

/// The bracket expression at `chars[i]` (a '['), as ERE, and the index after it.
fn bracket(chars: &[char], i: usize, ci: bool) -> Result<(String, usize), String> {
    let mut j = i + 1;
    let negated = chars.get(j) == Some(&'^');
    if negated {
        j += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(j).ok_or("unclosed [")?;
        if c == ']' && !first {
            j += 1;
            break;
        }
        first = false;
        if c == '[' {
            if chars.get(j + 1) == Some(&':') {
                let end = chars[j..].iter().collect::<String>().find(":]").ok_or("bad [: class")? + j;
                items.push(Item::Class(chars[j..end + 2].iter().collect()));
                j = end + 2;
                continue;
            }
            return Err("nested class".into());
        }
        if (c == '&' || c == '-' || c == '~') && chars.get(j + 1) == Some(&c) {
            return Err("class set operation".into());
        }
        let (lo, next) = class_char(chars, j)?;
        j = next;
        if chars.get(j) == Some(&'-') && chars.get(j + 1).is_some_and(|&n| n != ']') {
            let (hi, next) = class_char(chars, j + 1)?;
            j = next;
            items.push(Item::Range(lo, hi));
        } else {
            items.push(Item::Char(lo));
        }
    }
    // Case-insensitive scope: add the other case.
    if ci {
        let mut extra = Vec::new();
        for it in &items {
            match *it {
                Item::Char(c) if c.is_ascii_alphabetic() => {
                    extra.push(Item::Char(if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }))
                }
                Item::Range(a, b) if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
                    extra.push(Item::Range(a.to_ascii_uppercase(), b.to_ascii_uppercase()))
                }
                Item::Range(a, b) if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
                    extra.push(Item::Range(a.to_ascii_lowercase(), b.to_ascii_lowercase()))
                }
                Item::Range(a, b) if (a..=b).any(|c| c.is_ascii_alphabetic()) => return Err("mixed range under (?i:".into()),
                _ => {}
            }
        }
        items.extend(extra);
    }
    let mut wide = Vec::new();
    let mut ascii: BTreeSet<char> = BTreeSet::new();
    let mut ranges = Vec::new();
    let mut classes = Vec::new();
    for it in items {
        match it {
            Item::Char(c) if !c.is_ascii() => wide.push(c),
            Item::Char(c) => {
                ascii.insert(c);
            }
            Item::Range(a, b) if a.is_ascii() && b.is_ascii() => ranges.push((a, b)),
            Item::Range(..) => return Err("non-ASCII range".into()),
            Item::Class(s) => classes.push(s),
        }
    }
    if negated && !wide.is_empty() {
        return Err("negated class with non-ASCII characters".into());
    }
    // POSIX order: ']' first, '-' last, '^' not first, '[' not before ':'.
    let mut body = String::new();
    if ascii.remove(&']') {
        body.push(']');
    }
    for (a, b) in &ranges {
        body += &format!("{a}-{b}");
    }
    for s in &classes {
        body += s;
    }
    let (caret, open, dash) = (ascii.remove(&'^'), ascii.remove(&'['), ascii.remove(&'-'));
    body.extend(ascii.iter());
    if caret {
        if body.is_empty() && !negated && !open && !dash {
            body.push_str("\\^"); // handled below: a lone '^' is not a bracket
        } else {
            body.push('^');
        }
    }
    if open {
        body.push('[');
    }
    if dash {
        body.push('-');
    }
    let class = if body == "\\^" {
        "\\^".to_string()
    } else if body.is_empty() {
        String::new()
    } else {
        format!("[{}{body}]", if negated { "^" } else { "" })
    };
    let out = if wide.is_empty() {
        class
    } else {
        let mut alts: Vec<String> = wide.iter().map(|c| c.to_string()).collect();
        if !class.is_empty() {
            alts.insert(0, class);
        }
        format!("({})", alts.join("|"))
    };
    if out.is_empty() {
        return Err("empty class".into());
    }
    Ok((out, j))
}

/// One character inside a bracket (Rust escapes allowed), and the index after it.
fn class_char(chars: &[char], j: usize) -> Result<(char, usize), String> {
    let c = chars[j];
    if c != '\\' {
        return Ok((c, j + 1));
    }
    match escape(chars, j)? {
        (Esc::Char(c), next) => Ok((c, next)),
        (Esc::Raw(_), _) => Err("class escape inside brackets".into()),
    }
}
