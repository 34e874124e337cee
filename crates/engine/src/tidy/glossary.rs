//! One term per concept and language: `content/glossary/<lang>.toml` lists,
//! for each concept, the term a language uses and the variants it does not.
//! [`check_wording`] finds those variants in the prose of entries, guide
//! pages, interface strings and a team's entries and notes (code blocks and
//! inline code are commands, not wording, and are left alone).
//!
//! ```toml
//! [subordinate-id]            # concept id, kebab-case
//! en = "subordinate ID"       # the English term, for reference
//! term = "从属 ID"            # the one term this language uses
//! replaces = ["子 ID", "下级 ID"]   # variants the check rejects
//! note = "why"                # optional
//! ```
//!
//! A variant does not count where it is part of a term of the same glossary
//! (ja `コンテナ` inside `コンテナー`, or the other way round), nor inside a
//! parenthesis right after its own term, which glosses it:
//! `用户命名空间（user namespace）`. Variants that begin or end with a Latin
//! letter or digit match whole words only there, case-insensitively.
//!
//! The page never runs this check: the glossary is embedded only with the
//! engine's `glossary` feature (tests, the CLI, whose `kb pack` applies it to
//! a team's folder), so a team's bundle is not refused in a browser over wording.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::kb::KbError;
use crate::lang::Lang;

/// One concept of a language's glossary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The English term, for reference.
    pub en: String,
    /// The one term this language uses.
    pub term: String,
    /// Variants the check rejects.
    #[serde(default)]
    pub replaces: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Every language's glossary, by concept id.
pub type Glossaries = BTreeMap<Lang, BTreeMap<String, Term>>;

/// Reads every `glossary/<lang>.toml` among `files`; a glossary that breaks
/// the format is reported and left out.
pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Glossaries, Vec<KbError>) {
    let mut out = Glossaries::new();
    let mut errors = Vec::new();
    for (path, text) in files {
        let Some(code) = path.strip_prefix("glossary/").and_then(|f| f.strip_suffix(".toml")) else { continue };
        let mut err = |message: String| errors.push(KbError { file: path.to_string(), line: None, message });
        let Some(lang) = Lang::from_code(code) else {
            err("unknown language code".into());
            continue;
        };
        let terms: BTreeMap<String, Term> = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                err(e.message().to_string());
                continue;
            }
        };
        let mut ok = true;
        for (id, t) in &terms {
            let kebab = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !kebab {
                err(format!("[{id}]: concept ids are kebab-case"));
            }
            if t.term.trim().is_empty() || t.en.trim().is_empty() {
                err(format!("[{id}]: en and term are not empty"));
                ok = false;
            }
            for v in &t.replaces {
                if v.trim().is_empty() || v == &t.term {
                    err(format!("[{id}]: {v:?} cannot replace itself or be empty"));
                    ok = false;
                }
                if let Some((other, _)) = terms.iter().find(|(_, o)| o.term == *v) {
                    err(format!("[{id}]: {v:?} is the term of [{other}]"));
                    ok = false;
                }
            }
        }
        if ok {
            out.insert(lang, terms);
        }
    }
    (out, errors)
}

/// Every use of a glossary variant in `files` (shipped or a team's: paths
/// under `kb/`, `guide/`, `notes/` and `ui/`, as [`crate::Knowledge::load`]
/// reads them), with the file, the line and the term to write instead.
pub fn check_wording<'a>(glossaries: &Glossaries, files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<KbError> {
    let mut errors = Vec::new();
    for (path, text) in files {
        let Some((lang, markdown)) = language_of(path) else { continue };
        let Some(terms) = glossaries.get(&lang) else { continue };
        let chunks = if markdown { markdown_prose(text) } else { toml_prose(text, 0) };
        for (line, chunk) in chunks {
            for (variant, id, term) in variants_in(&chunk, terms) {
                errors.push(KbError {
                    file: path.to_string(),
                    line: Some(line),
                    message: format!("{variant:?}: the {} glossary writes {:?} ({}, [{id}])", lang.code(), term.term, term.en),
                });
            }
        }
    }
    errors
}

/// The language of a file whose wording is checked, and whether it is Markdown.
fn language_of(path: &str) -> Option<(Lang, bool)> {
    let (dir, file) = path.rsplit_once('/')?;
    let top = dir.split('/').next()?;
    if let Some(code) = file.strip_suffix(".md") {
        let nested = dir.contains('/');
        return (nested && matches!(top, "kb" | "guide" | "notes")).then_some(Lang::from_code(code)?).map(|l| (l, true));
    }
    let code = file.strip_suffix(".toml")?;
    (dir == "ui").then_some(Lang::from_code(code)?).map(|l| (l, false))
}

/// The prose of a Markdown file with `+++` front matter, as (1-based line,
/// text) pieces: the front matter's strings and the body's text outside code.
fn markdown_prose(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut body_start = 0;
    if let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) {
        if let Some(end) = rest.find("\n+++") {
            let front = &rest[..end];
            out.extend(toml_prose(front, 1));
            body_start = text.len() - rest.len() + end + 4;
            body_start += text[body_start..].find('\n').map_or(text.len() - body_start, |i| i + 1);
        }
    }
    let body = &text[body_start..];
    let line_of = |offset: usize| text[..body_start + offset].matches('\n').count() + 1;
    let mut in_code = false;
    let mut chunk: Option<(usize, String)> = None;
    for (ev, range) in Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => {
                let c = chunk.get_or_insert_with(|| (line_of(range.start), String::new()));
                c.1.push_str(&t);
                continue;
            }
            _ => {}
        }
        out.extend(chunk.take());
    }
    out.extend(chunk);
    out
}

/// The text of each line of TOML (interface strings, front matter) that is
/// not a comment, after its `key =`, without inline code. `skip` lines
/// precede `toml` in its file.
fn toml_prose(toml: &str, skip: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in toml.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let value = match line.split_once('=') {
            Some((key, value)) if key.trim().bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.\"".contains(&b)) => value,
            _ => line,
        };
        let prose: String = value.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        out.push((skip + i + 1, prose));
    }
    out
}

/// Each (variant, concept id, term) used in `text`, once per variant.
fn variants_in<'t>(text: &str, terms: &'t BTreeMap<String, Term>) -> Vec<(&'t str, &'t str, &'t Term)> {
    let folded = text.to_ascii_lowercase();
    let mut found = Vec::new();
    // Where any term of this glossary stands, and the glosses after each.
    let mut allowed: Vec<Range<usize>> = Vec::new();
    let mut glosses: Vec<(&str, Range<usize>)> = Vec::new();
    for (id, t) in terms {
        for at in occurrences(&folded, &t.term.to_ascii_lowercase()) {
            let end = at + t.term.len();
            allowed.push(at..end);
            let after = folded[end..].trim_start_matches(' ');
            let open = end + (folded.len() - end - after.len());
            let close = match after.chars().next() {
                Some('（') => after.find('）'),
                Some('(') => after.find(')'),
                _ => None,
            };
            if let Some(close) = close {
                glosses.push((id, open..open + close));
            }
        }
    }
    for (id, t) in terms {
        for v in &t.replaces {
            let hit = occurrences(&folded, &v.to_ascii_lowercase()).into_iter().any(|at| {
                let r = at..at + v.len();
                !allowed.iter().any(|a| a.start <= r.start && r.end <= a.end)
                    && !glosses.iter().any(|(g, a)| g == id && a.start <= r.start && r.end <= a.end)
            });
            if hit {
                found.push((v.as_str(), id.as_str(), t));
            }
        }
    }
    found
}

/// Where `needle` occurs in `hay`; an end of `needle` that is a Latin letter
/// or digit must not continue a word there.
fn occurrences(hay: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let (first, last) = (needle.chars().next(), needle.chars().last());
    hay.match_indices(needle)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = hay[..at].chars().last();
            let after = hay[at + needle.len()..].chars().next();
            (!word(first) || !word(before)) && (!word(last) || !word(after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = r#"
[account]
en = "account"
term = "账号"
replaces = ["账户"]

[user-namespace]
en = "user namespace"
term = "用户命名空间"
replaces = ["user namespace"]

[unit]
en = "systemd unit"
term = "单元"
replaces = ["unit"]
"#;

    const JA: &str = r#"
[container]
en = "container"
term = "コンテナー"
replaces = ["コンテナ"]
"#;

    fn glossaries() -> Glossaries {
        let (g, errors) = load([("glossary/zh.toml", ZH), ("glossary/ja.toml", JA)]);
        assert!(errors.is_empty(), "{errors:?}");
        g
    }

    fn problems(path: &str, text: &str) -> Vec<String> {
        check_wording(&glossaries(), [(path, text)]).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_variant_in_prose_names_file_line_and_term() {
        let md = "+++\ntitle = \"账户没有从属 ID\"\nsummary = \"好\"\n+++\n\n## 发生了什么\n\n你的账号\n没有权限，换个账户试试。\n";
        assert_eq!(
            problems("kb/x/zh.md", md),
            [
                "kb/x/zh.md:2: \"账户\": the zh glossary writes \"账号\" (account, [account])",
                "kb/x/zh.md:9: \"账户\": the zh glossary writes \"账号\" (account, [account])",
            ]
        );
        assert_eq!(problems("ui/zh.toml", "# 账户\nkey = \"用户账户\"\n"), ["ui/zh.toml:2: \"账户\": the zh glossary writes \"账号\" (account, [account])"]);
        assert_eq!(problems("notes/x/zh.md", "重启 user unit。\n").len(), 1);
        assert_eq!(problems("guide/install/zh.md", "# 安装\n\n一个账户。\n").len(), 1);
    }

    #[test]
    fn code_other_languages_and_other_files_are_not_wording() {
        let md = "+++\ntitle = \"t\"\nsummary = \"s\"\n+++\n\n用 `user namespace` 和\n\n```sh\n# 账户 unit\n```\n";
        assert!(problems("kb/x/zh.md", md).is_empty());
        assert!(problems("kb/x/ko.md", "+++\ntitle = \"账户\"\n+++\n").is_empty());
        assert!(problems("writing/zh.md", "账户\n").is_empty());
        assert!(problems("team.toml", "name = \"账户\"\n").is_empty());
    }

    #[test]
    fn the_term_and_its_gloss_contain_variants_legitimately() {
        assert!(problems("kb/x/zh.md", "用户命名空间（user namespace）与 namespace。\n").is_empty());
        assert!(problems("kb/x/zh.md", "用户命名空间 (user namespace, userns)。\n").is_empty());
        assert_eq!(problems("kb/x/zh.md", "开启 user namespace。\n").len(), 1);
        // Whole words where the variant is Latin, in any case.
        assert!(problems("kb/x/zh.md", "community 与 units 与 unity\n").is_empty());
        assert_eq!(problems("kb/x/zh.md", "这个 Unit 文件\n").len(), 1);
        // Japanese: the long form is the term, the short form inside it is fine.
        assert!(problems("kb/x/ja.md", "コンテナーの中\n").is_empty());
        assert_eq!(problems("kb/x/ja.md", "コンテナの中\n").len(), 1);
    }

    #[test]
    fn either_way_round() {
        let (g, errors) = load([("glossary/ja.toml", "[container]\nen = \"container\"\nterm = \"コンテナ\"\nreplaces = [\"コンテナー\"]\n")]);
        assert!(errors.is_empty());
        assert!(check_wording(&g, [("kb/x/ja.md", "コンテナの中\n")]).is_empty());
        assert_eq!(check_wording(&g, [("kb/x/ja.md", "コンテナーの中\n")]).len(), 1);
    }

    #[test]
    fn a_broken_glossary_is_reported() {
        let (g, errors) = load([("glossary/zh.toml", "[Bad_Id]\nen = \"x\"\nterm = \"甲\"\nreplaces = [\"甲\"]\nother = 1\n")]);
        assert!(g.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        let (_, errors) = load([("glossary/zh.toml", "[a]\nen = \"x\"\nterm = \"甲\"\nreplaces = [\"乙\"]\n[b]\nen = \"y\"\nterm = \"乙\"\n")]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let (_, errors) = load([("glossary/xx.toml", "")]);
        assert_eq!(errors.len(), 1);
    }
}
