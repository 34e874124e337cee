//! Which line patterns can match a line, in time linear in the line.
//!
//! All ~300 patterns in one `RegexSet` made the lazy DFA build a new state
//! for almost every byte of varied text: each state of an unanchored set
//! holds the start of every pattern, and lines that partly match many of
//! them (a mixed paste, joined sample lines, fragments of the patterns) kept
//! filling and clearing its cache. That was 2.9 s per MB of real sample
//! lines and 7 to 10 s per MB of crafted ones.
//!
//! Instead, each pattern is reduced at load to literal text that every match
//! must contain (`required`): `cannot expose privileged port` for
//! `cannot expose privileged port (?P<port>[0-9]{1,5})`, one of
//! `{pasta, vpnkit, lxc-user-nic}` for an alternation. One set of these
//! literals (compared without case) finds the candidate patterns of a line.
//! A set of literals has at most as many DFA states as its literals have
//! bytes, so its cache fills once and stays. Only the candidates' own
//! regexes then run, each with its own small DFA. The few patterns with no
//! usable literal go into a second, small set that runs on every line.

use regex::{RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Literals shorter than this (in bytes) occur in too many lines to be worth
/// a lookup: such a pattern runs on every line instead.
const MIN_LITERAL: usize = 3;
/// Most alternatives a pattern's required set may have.
const MAX_ALTERNATIVES: usize = 16;

/// The line patterns of a knowledge base, ready to be matched line by line.
#[derive(Debug, Clone)]
pub(crate) struct LineSet {
    /// Every pattern's required literals, case-insensitive.
    literals: RegexSet,
    /// For each literal in `literals`: the pattern it stands for.
    literal_owner: Vec<usize>,
    /// The patterns without a usable literal, as one small set.
    rest: RegexSet,
    /// For each pattern in `rest`: its index among all patterns.
    rest_owner: Vec<usize>,
    len: usize,
}

impl LineSet {
    /// Fails only when a pattern does not parse, or a set is over its size
    /// limit (the caller reports it; every pattern was checked before).
    pub(crate) fn new(patterns: &[String]) -> Result<LineSet, String> {
        let mut literals = Vec::new();
        let mut literal_owner = Vec::new();
        let mut rest = Vec::new();
        let mut rest_owner = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let hir = regex_syntax::Parser::new().parse(p).map_err(|e| e.to_string())?;
            match required(&hir).filter(|set| usable(set)) {
                Some(set) => {
                    for lit in set {
                        literals.push(format!("(?i){}", regex_syntax::escape(&lit)));
                        literal_owner.push(i);
                    }
                }
                None => {
                    rest.push(p.clone());
                    rest_owner.push(i);
                }
            }
        }
        let literals = RegexSetBuilder::new(&literals).dfa_size_limit(8 << 20).build().map_err(|e| e.to_string())?;
        let rest = RegexSetBuilder::new(&rest).dfa_size_limit(4 << 20).build().map_err(|e| e.to_string())?;
        Ok(LineSet { literals, literal_owner, rest, rest_owner, len: patterns.len() })
    }

    pub(crate) fn empty() -> LineSet {
        LineSet { literals: RegexSet::empty(), literal_owner: Vec::new(), rest: RegexSet::empty(), rest_owner: Vec::new(), len: 0 }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The patterns that may match `line`, in ascending order: every pattern
    /// that matches is among them (the caller runs each one's own regex).
    pub(crate) fn candidates(&self, line: &str, out: &mut Vec<usize>) {
        out.clear();
        // Most lines hold no literal at all: one quick test, then the list.
        if self.literals.is_match(line) {
            out.extend(self.literals.matches(line).iter().map(|l| self.literal_owner[l]));
        }
        if self.rest.is_match(line) {
            out.extend(self.rest.matches(line).iter().map(|r| self.rest_owner[r]));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// How many patterns run on every line (for tests and benchmarks).
    #[cfg(test)]
    pub(crate) fn always(&self) -> usize {
        self.rest_owner.len()
    }
}

/// A set of literals worth looking up: none too short.
fn usable(set: &[String]) -> bool {
    !set.is_empty() && set.len() <= MAX_ALTERNATIVES && set.iter().all(|l| l.len() >= MIN_LITERAL)
}

/// What a sub-expression says about the text it matches.
struct Lits {
    /// It matches exactly this text (compared without case), when it does.
    exact: Option<String>,
    /// Every match contains one of these (compared without case).
    required: Option<Vec<String>>,
}

/// Literal text every match of `hir` contains, one of a set: `None` when
/// no such set was found.
fn required(hir: &Hir) -> Option<Vec<String>> {
    let l = lits(hir);
    l.required.or_else(|| l.exact.filter(|e| !e.is_empty()).map(|e| vec![e]))
}

/// Of two candidate sets, the one more likely to rule a line out: the
/// longer shortest literal, then fewer alternatives.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let score = |s: &Vec<String>| (s.iter().map(String::len).min().unwrap_or(0), std::cmp::Reverse(s.len()));
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn lits(hir: &Hir) -> Lits {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Lits { exact: Some(String::new()), required: None },
        HirKind::Literal(l) => {
            let exact = std::str::from_utf8(&l.0).ok().map(str::to_string);
            Lits { required: exact.clone().map(|e| vec![e]), exact }
        }
        HirKind::Class(c) => Lits { exact: one_char(c).map(String::from), required: None },
        HirKind::Capture(c) => lits(&c.sub),
        HirKind::Repetition(r) => {
            let sub = lits(&r.sub);
            let exact = if r.min == 1 && r.max == Some(1) { sub.exact.clone() } else { None };
            let required = if r.min >= 1 { sub.required.or_else(|| sub.exact.filter(|e| !e.is_empty()).map(|e| vec![e])) } else { None };
            Lits { exact, required }
        }
        HirKind::Concat(hs) => {
            let mut best: Option<Vec<String>> = None;
            let mut run = String::new();
            let mut all_exact = true;
            for h in hs {
                let sub = lits(h);
                match sub.exact {
                    Some(e) => run.push_str(&e),
                    None => {
                        all_exact = false;
                        if !run.is_empty() {
                            best = better(best, Some(vec![std::mem::take(&mut run)]));
                        }
                        best = better(best, sub.required);
                    }
                }
            }
            if all_exact {
                return Lits { required: (!run.is_empty()).then(|| vec![run.clone()]), exact: Some(run) };
            }
            if !run.is_empty() {
                best = better(best, Some(vec![run]));
            }
            Lits { exact: None, required: best }
        }
        HirKind::Alternation(hs) => {
            let mut union = Vec::new();
            for h in hs {
                match required(h) {
                    Some(set) => union.extend(set),
                    // One branch with no required text: the whole has none.
                    None => return Lits { exact: None, required: None },
                }
            }
            union.sort();
            union.dedup();
            Lits { exact: None, required: Some(union) }
        }
    }
}

/// The one character a class stands for when compared without case: `a`
/// for `[aA]` (what `(?i)a` becomes), `x` for `[x]`.
fn one_char(c: &Class) -> Option<char> {
    let Class::Unicode(u) = c else { return None };
    let mut chars = Vec::new();
    for r in u.ranges() {
        if (r.end() as u32) - (r.start() as u32) > 3 || chars.len() > 3 {
            return None;
        }
        chars.extend(r.start()..=r.end());
    }
    let first = *chars.first()?;
    if chars.len() == 1 {
        return Some(first);
    }
    // Every member must be a case variant of one ASCII letter (`(?i)k` is
    // also the Kelvin sign, `(?i)s` the long s), which `(?i)` in the
    // literal set matches too.
    let letter = chars.iter().find(|c| c.is_ascii_alphabetic())?.to_ascii_lowercase();
    let same = |c: &char| c.to_lowercase().eq(std::iter::once(letter)) || c.to_uppercase().eq(std::iter::once(letter.to_ascii_uppercase()));
    chars.iter().all(same).then_some(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required(&regex_syntax::Parser::new().parse(p).unwrap()).filter(|s| usable(s))
    }

    #[test]
    fn required_literals() {
        assert_eq!(req(r"cannot expose privileged port (?P<port>[0-9]{1,5})"), Some(vec!["cannot expose privileged port ".into()]));
        assert_eq!(req(r#"exec: "(?P<driver>pasta|vpnkit|lxc-user-nic)": executable"#), Some(vec!["\": executable".into()]));
        assert_eq!(req(r"(?:pasta|vpnkit)[0-9]"), Some(vec!["pasta".into(), "vpnkit".into()]));
        assert_eq!(req(r"(?i)no space left"), Some(vec!["no space left".into()]));
        assert_eq!(req(r"^[ \t]*# (?:Load (?:ip_tables|nf_tables) module|Install iptables)[ \t]*$").map(|s| s.len()), Some(3));
        assert_eq!(req(r"[0-9]+:[0-9]+"), None);
        assert_eq!(req(r"(?:abc)?[0-9]"), None);
        assert_eq!(req(r"(?:abc|[0-9])x"), None);
    }

    #[test]
    fn every_shipped_pattern_has_a_literal_or_is_counted() {
        let kb = crate::builtin();
        // The patterns that run on every line stay few.
        assert!(kb.set.always() <= 12, "{} patterns without a literal", kb.set.always());
    }

    #[test]
    fn candidates_include_every_match() {
        let kb = crate::builtin();
        let mut out = Vec::new();
        for e in &kb.entries {
            for s in &e.samples {
                for line in s.text.lines() {
                    kb.set.candidates(line, &mut out);
                    for (pi, &(ei, mi)) in kb.owners.iter().enumerate() {
                        if kb.entries[ei].lines[mi].regex().is_some_and(|r| r.is_match(line)) {
                            assert!(out.contains(&pi), "{} misses {:?}", kb.entries[ei].lines[mi].pattern, line);
                        }
                    }
                }
            }
        }
    }
}
