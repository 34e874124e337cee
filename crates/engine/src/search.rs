//! Full-text search over the guide and the knowledge base in one language.
//! Korean, Chinese and Japanese are not split on spaces: each query term is
//! matched as a substring of the case-folded text, so `서브` finds `서브 UID`
//! and `名前空間` finds `ユーザー名前空間`. Terms are ANDed.

use serde::Serialize;

use crate::kb::{Doc, Knowledge};
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Entry,
    Guide,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub id: String,
    pub title: String,
    /// Text around the first match in the body: before, match, after.
    pub snippet: (String, String, String),
    pub score: u32,
}

const SNIPPET: usize = 60;
const MAX_HITS: usize = 50;

/// Terms of a query: whitespace-separated, lowercased, at most 8.
fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().take(8).map(str::to_lowercase).filter(|t| !t.is_empty()).collect()
}

pub fn search(kb: &Knowledge, lang: Lang, query: &str) -> Vec<Hit> {
    let terms = terms(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    let entries = kb.entries.iter().filter(|e| !e.retired).filter_map(|e| Some((HitKind::Entry, e.id.as_str(), e.doc(lang)?.0)));
    let pages = kb.guide.iter().filter_map(|p| Some((HitKind::Guide, p.id.as_str(), p.doc(lang)?.0)));
    for (kind, id, doc) in pages.chain(entries) {
        if let Some(hit) = score(kind, id, doc, &terms) {
            hits.push(hit);
        }
    }
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.title.cmp(&b.title)));
    hits.truncate(MAX_HITS);
    hits
}

fn score(kind: HitKind, id: &str, doc: &Doc, terms: &[String]) -> Option<Hit> {
    let title = doc.title.to_lowercase();
    let summary = doc.summary.to_lowercase();
    let body = doc.body.to_lowercase();
    let id_l = id.to_lowercase();
    let mut score = 0;
    for t in terms {
        let in_title = title.contains(t.as_str()) || id_l.contains(t.as_str());
        let in_summary = summary.contains(t.as_str());
        let in_body = body.matches(t.as_str()).take(20).count() as u32;
        if !in_title && !in_summary && in_body == 0 {
            return None;
        }
        score += 20 * in_title as u32 + 8 * in_summary as u32 + in_body.min(10);
    }
    Some(Hit { kind, id: id.to_string(), title: doc.title.clone(), snippet: snippet(&doc.body, &terms[0]), score })
}

/// The original text around the first case-insensitive match of `term`.
fn snippet(body: &str, term: &str) -> (String, String, String) {
    let lower = body.to_lowercase();
    // Lowercasing can change byte lengths; fall back to the start when the
    // offsets do not line up with the original.
    let Some(at) = lower.find(term).filter(|&i| lower.len() == body.len() && body.is_char_boundary(i) && body.is_char_boundary(i + term.len())) else {
        return (String::new(), String::new(), flat(crate::text::clip(body, SNIPPET * 2)));
    };
    let mut from = at.saturating_sub(SNIPPET);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    let end = at + term.len();
    let after = crate::text::clip(&body[end..], SNIPPET);
    (flat(&body[from..at]), body[at..end].to_string(), flat(after))
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace(['#', '`', '*'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_and_japanese_terms_match_inside_words() {
        let kb = crate::builtin();
        let ko = search(kb, Lang::Ko, "포트");
        assert!(ko.iter().any(|h| h.id == "privileged-port"), "{ko:?}");
        let ja = search(kb, Lang::Ja, "ポート");
        assert!(ja.iter().any(|h| h.id == "privileged-port"));
        let zh = search(kb, Lang::Zh, "端口");
        assert!(zh.iter().any(|h| h.id == "privileged-port"));
        assert_eq!(ja.iter().find(|h| h.id == "privileged-port").map(|h| h.snippet.1.as_str()), Some("ポート"));
    }

    #[test]
    fn terms_are_anded_and_titles_rank_first() {
        let kb = crate::builtin();
        let hits = search(kb, Lang::En, "privileged port");
        assert_eq!(hits[0].id, "privileged-port");
        assert!(search(kb, Lang::En, "privileged zzzzqqq").is_empty());
        assert!(search(kb, Lang::En, "   ").is_empty());
    }
}
