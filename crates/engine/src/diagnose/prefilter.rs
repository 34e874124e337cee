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
//! must contain: `cannot expose privileged port` for
//! `cannot expose privileged port (?P<port>[0-9]{1,5})`, one of
//! `{pasta, vpnkit, lxc-user-nic}` for an alternation. A pattern may need
//! several at once, `docker` and ` : ` for
//! `^[a-z_][a-z0-9_.-]* : (?:.* )?docker(?: |$)`: each is a conjunct (a set
//! of alternatives), and a pattern is a candidate only when the line holds
//! every one of its conjuncts (the `MAX_CONJUNCTS` most selective). Only
//! the candidates' own regexes then run. The few patterns with no usable
//! literal go into a small set that runs on every line.
//!
//! The literals are compared without case, looked up in `AsciiLiterals`: a
//! table from each literal's first three bytes to the literals that start
//! with them, probed at every position of the line in lower case. For the
//! comparison to agree with Unicode's case rules (as `(?i)` applies them),
//! the line is folded first: an ASCII letter matches, besides its other
//! case, only the Kelvin sign (`k`) and the long s (`s`), which become that
//! letter; other characters outside ASCII keep their bytes, which no ASCII
//! literal holds. The few literals outside ASCII (`○`, `×`) go into a
//! small `RegexSet` run only on lines outside ASCII.
//!
//! Before (one literal per pattern, in one `RegexSet` searched for every
//! literal it contains), a realistic paste, 1 MB of the samples' lines in
//! random order, took three times the 1 MB journal: the set's overlapping
//! search stopped at every literal it passed (about 1.7 µs per line, where
//! the table takes a few nanoseconds per byte), and with its one longest
//! literal alone, `docker` made the pattern above a candidate on most
//! lines: 55,000 regex runs for 2,900 matches.

use regex::{RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Literals shorter than this (in bytes) occur in too many lines to be worth
/// a lookup: such a pattern runs on every line instead.
const MIN_LITERAL: usize = 3;
/// Most alternatives a pattern's required set may have.
const MAX_ALTERNATIVES: usize = 16;
/// Most conjuncts checked per pattern (the most selective ones).
const MAX_CONJUNCTS: usize = 4;

/// Bytes of a literal's key in `AsciiLiterals`.
const KEY: usize = 3;
/// Bits of the hash of a key.
const KEY_BITS: u32 = 12;

/// Many ASCII literals looked up at once in a folded line, without case.
#[derive(Debug, Clone)]
struct AsciiLiterals {
    /// For each hash `h` of a key: the literals (lower case, at least `KEY`
    /// bytes) keyed by it are `by_key[starts[h]..starts[h + 1]]`.
    starts: Vec<u32>,
    /// One bit per bucket, set when it holds a literal: small enough to
    /// stay in the processor's first cache, so most positions cost one test.
    used: Vec<u64>,
    by_key: Vec<Keyed>,
}

/// A literal in its bucket. Its key is the three bytes at `offset` in it,
/// chosen so that buckets stay small: `failed to …` literals (there are
/// fifty) are not all keyed by `fai`.
#[derive(Debug, Clone)]
struct Keyed {
    needle: Needle,
    offset: usize,
    pattern: usize,
    bit: u8,
}

/// The eight bytes at `at` as a little-endian word; `padded` has eight
/// bytes of padding after the line.
fn word(padded: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&padded[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The hash of a key given as its three bytes, the first lowest.
#[inline(always)]
fn hash3(v: u32) -> usize {
    (v.wrapping_mul(0x9E37_79B1) >> (32 - KEY_BITS)) as usize
}

fn key_hash(k: &[u8]) -> usize {
    hash3(u32::from(k[0]) | u32::from(k[1]) << 8 | u32::from(k[2]) << 16)
}

impl AsciiLiterals {
    /// `lits`: each literal (lower case, at least `KEY` bytes) with its
    /// pattern and conjunct bit.
    fn new(lits: Vec<(Vec<u8>, usize, u8)>) -> AsciiLiterals {
        // Each literal keyed at the offset whose bucket holds the fewest
        // so far (the first such offset).
        let mut load = vec![0u32; 1 << KEY_BITS];
        let mut keyed: Vec<(usize, usize, Keyed)> = Vec::with_capacity(lits.len());
        for (i, (l, pattern, bit)) in lits.into_iter().enumerate() {
            let (offset, h) = (0..=l.len() - KEY).map(|o| (o, key_hash(&l[o..]))).min_by_key(|&(o, h)| (load[h], o)).expect("a literal is at least KEY bytes");
            load[h] += 1;
            keyed.push((h, i, Keyed { needle: Needle::new(l), offset, pattern, bit }));
        }
        keyed.sort_unstable_by_key(|k| (k.0, k.1));
        let mut starts = vec![0u32; (1 << KEY_BITS) + 1];
        let mut used = vec![0u64; (1 << KEY_BITS) / 64];
        for &(h, _, _) in &keyed {
            starts[h + 1] += 1;
            used[h / 64] |= 1 << (h % 64);
        }
        for h in 0..1 << KEY_BITS {
            starts[h + 1] += starts[h];
        }
        AsciiLiterals { starts, used, by_key: keyed.into_iter().map(|(_, _, k)| k).collect() }
    }

    /// Calls `found` with the pattern and conjunct bit of every literal in
    /// `padded[..len]` (the folded line, then eight bytes of padding), once
    /// or more per literal.
    fn find(&self, padded: &[u8], len: usize, mut found: impl FnMut(usize, u8)) {
        debug_assert!(padded.len() >= len + 8);
        if len < KEY {
            return;
        }
        // The three bytes at `at`, rolled along the line: one load a step.
        let mut v = u32::from(padded[0]) | u32::from(padded[1]) << 8;
        for (at, &next) in padded[KEY - 1..len].iter().enumerate() {
            v = v & 0xffff | u32::from(next) << 16;
            let h = hash3(v);
            v >>= 8;
            if self.used[h / 64] & (1 << (h % 64)) == 0 {
                continue;
            }
            for k in &self.by_key[self.starts[h] as usize..self.starts[h + 1] as usize] {
                if at >= k.offset && k.needle.at(padded, len, at - k.offset) {
                    found(k.pattern, k.bit);
                }
            }
        }
    }
}

/// A literal as an ASCII line can hold it without case, in lower case:
/// `None` when no ASCII text matches it.
fn ascii_lower(lit: &str) -> Option<Vec<u8>> {
    lit.chars()
        .map(|c| match c {
            '\u{212A}' => Some(b'k'),
            '\u{17F}' => Some(b's'),
            c if c.is_ascii() => Some(c.to_ascii_lowercase() as u8),
            _ => None,
        })
        .collect()
}

/// The line patterns of a knowledge base, ready to be matched line by line.
#[derive(Debug, Clone)]
pub(crate) struct LineSet {
    /// Every conjunct's literals that ASCII text can match (see
    /// `ascii_lower`), each with its pattern and the bit of its conjunct.
    ascii: AsciiLiterals,
    /// The other literals (`○`, `×`, text in other scripts), compared
    /// without case as Unicode says, on lines outside ASCII only.
    unicode: RegexSet,
    /// For each literal in `unicode`: its pattern and conjunct bit.
    unicode_owner: Vec<(usize, u8)>,
    /// For each pattern: the bits of all its conjuncts (0 for the patterns
    /// in `rest`).
    full: Vec<u8>,
    /// The patterns without a usable literal, as one small set.
    rest: RegexSet,
    /// For each pattern in `rest`: its index among all patterns.
    rest_owner: Vec<usize>,
    len: usize,
}

/// What `LineSet::candidates` reuses from one line to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    folded: Vec<u8>,
    /// Per pattern: the conjuncts found in the line, valid when `round`
    /// matches (no clearing per line).
    found: Vec<(u32, u8)>,
    /// The patterns with a conjunct in the line.
    touched: Vec<usize>,
    round: u32,
}

impl LineSet {
    /// Fails only when a pattern does not parse, or a set is over its size
    /// limit (the caller reports it; every pattern was checked before).
    pub(crate) fn new(patterns: &[String]) -> Result<LineSet, String> {
        let mut ascii = Vec::new();
        let mut unicode = Vec::new();
        let mut unicode_owner = Vec::new();
        let mut full = vec![0u8; patterns.len()];
        let mut rest = Vec::new();
        let mut rest_owner = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let hir = regex_syntax::Parser::new().parse(p).map_err(|e| e.to_string())?;
            // A literal that folds to fewer than `KEY` bytes (the Kelvin
            // sign alone is `k`) cannot be looked up: its conjunct is
            // dropped, which only widens the candidates.
            let short = |l: &String| ascii_lower(l).is_some_and(|a| a.len() < KEY);
            let conjuncts: Vec<_> = conjuncts(&hir).into_iter().filter(|set| !set.iter().any(short)).collect();
            if conjuncts.is_empty() {
                rest.push(p.clone());
                rest_owner.push(i);
                continue;
            }
            for (k, set) in conjuncts.iter().enumerate() {
                let bit = 1u8 << k;
                full[i] |= bit;
                for lit in set {
                    match ascii_lower(lit) {
                        Some(lower) => ascii.push((lower, i, bit)),
                        None => {
                            unicode.push(format!("(?i){}", regex_syntax::escape(lit)));
                            unicode_owner.push((i, bit));
                        }
                    }
                }
            }
        }
        let unicode = RegexSetBuilder::new(&unicode).build().map_err(|e| e.to_string())?;
        let rest = RegexSetBuilder::new(&rest).dfa_size_limit(4 << 20).build().map_err(|e| e.to_string())?;
        Ok(LineSet { ascii: AsciiLiterals::new(ascii), unicode, unicode_owner, full, rest, rest_owner, len: patterns.len() })
    }

    pub(crate) fn empty() -> LineSet {
        LineSet {
            ascii: AsciiLiterals::new(Vec::new()),
            unicode: RegexSet::empty(),
            unicode_owner: Vec::new(),
            full: Vec::new(),
            rest: RegexSet::empty(),
            rest_owner: Vec::new(),
            len: 0,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The patterns that may match `line`, in ascending order: every pattern
    /// that matches is among them (the caller runs each one's own regex).
    pub(crate) fn candidates(&self, line: &str, out: &mut Vec<usize>, scratch: &mut Scratch) {
        out.clear();
        let Scratch { folded, found, touched, round } = scratch;
        // The line as the ASCII literals see it: ASCII in lower case, the
        // Kelvin sign and the long s as `k` and `s` (the only characters
        // outside ASCII that match an ASCII letter without case), anything
        // else as its own bytes, which no ASCII literal holds.
        folded.clear();
        let ascii = line.is_ascii();
        if ascii {
            folded.extend_from_slice(line.as_bytes());
            folded.make_ascii_lowercase();
        } else {
            for c in line.chars() {
                match c {
                    '\u{212A}' => folded.push(b'k'),
                    '\u{17F}' => folded.push(b's'),
                    c if c.is_ascii() => folded.push(c.to_ascii_lowercase() as u8),
                    c => folded.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                }
            }
        }
        let len = folded.len();
        folded.extend([0u8; 8]);
        found.resize(self.len, (0, 0));
        *round = round.wrapping_add(1);
        if *round == 0 {
            found.fill((0, 0));
            *round = 1;
        }
        touched.clear();
        let mut mark = |pi: usize, bit: u8| {
            let f = &mut found[pi];
            if f.0 != *round {
                *f = (*round, 0);
                touched.push(pi);
            }
            f.1 |= bit;
        };
        self.ascii.find(folded, len, &mut mark);
        if !ascii && !self.unicode_owner.is_empty() {
            for l in self.unicode.matches(line).iter() {
                let (pi, bit) = self.unicode_owner[l];
                mark(pi, bit);
            }
        }
        out.extend(touched.iter().copied().filter(|&pi| found[pi].1 == self.full[pi]));
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

    /// How many literals are compared as Unicode says (for tests).
    #[cfg(test)]
    pub(crate) fn unicode_literals(&self) -> usize {
        self.unicode_owner.len()
    }
}

/// A literal to look for in a padded lower-case line (see `word`).
#[derive(Debug, Clone)]
struct Needle {
    word: u64,
    mask: u64,
    bytes: Box<[u8]>,
}

impl Needle {
    fn new(bytes: Vec<u8>) -> Needle {
        let n = bytes.len().min(8);
        let mut padded = [0u8; 8];
        padded[..n].copy_from_slice(&bytes[..n]);
        let mask = if n == 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        Needle { word: u64::from_le_bytes(padded), mask, bytes: bytes.into_boxed_slice() }
    }

    /// Whether the needle starts at `at` of `padded[..len]`.
    #[inline]
    fn at(&self, padded: &[u8], len: usize, at: usize) -> bool {
        word(padded, at) & self.mask == self.word
            && at + self.bytes.len() <= len
            && (self.bytes.len() <= 8 || padded[at + 8..len].starts_with(&self.bytes[8..]))
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
    /// Every match contains one of each of these sets (compared without
    /// case); empty when nothing is known.
    required: Vec<Vec<String>>,
}

impl Lits {
    /// The conjuncts, counting exact text as one.
    fn all_required(self) -> Vec<Vec<String>> {
        if self.required.is_empty() {
            self.exact.filter(|e| !e.is_empty()).map(|e| vec![vec![e]]).unwrap_or_default()
        } else {
            self.required
        }
    }
}

/// How likely a set of alternatives is to rule a line out: the longer
/// shortest literal, then fewer alternatives.
fn score(s: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    (s.iter().map(String::len).min().unwrap_or(0), std::cmp::Reverse(s.len()))
}

/// Literal text every match of `hir` contains, one of a set: the most
/// selective usable conjunct, `None` when there is none.
#[cfg(test)]
fn required(hir: &Hir) -> Option<Vec<String>> {
    conjuncts(hir).into_iter().next()
}

/// The usable sets of literals every match of `hir` contains one of each
/// of: the most selective first, at most `MAX_CONJUNCTS`, none repeated.
fn conjuncts(hir: &Hir) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> = lits(hir).all_required().into_iter().filter(|s| usable(s)).collect();
    sets.sort_by(|a, b| score(b).cmp(&score(a)).then(a.cmp(b)));
    sets.dedup();
    sets.truncate(MAX_CONJUNCTS);
    sets
}

fn lits(hir: &Hir) -> Lits {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Lits { exact: Some(String::new()), required: Vec::new() },
        HirKind::Literal(l) => {
            let exact = std::str::from_utf8(&l.0).ok().map(str::to_string);
            Lits { required: exact.clone().map(|e| vec![vec![e]]).unwrap_or_default(), exact }
        }
        HirKind::Class(c) => Lits { exact: one_char(c).map(String::from), required: Vec::new() },
        HirKind::Capture(c) => lits(&c.sub),
        HirKind::Repetition(r) => {
            let sub = lits(&r.sub);
            let exact = if r.min == 1 && r.max == Some(1) { sub.exact.clone() } else { None };
            let required = if r.min >= 1 { sub.all_required() } else { Vec::new() };
            Lits { exact, required }
        }
        HirKind::Concat(hs) => {
            // Each child matches its own part of the match: every child's
            // conjuncts, and every run of exact text between them, are
            // required together.
            let mut required = Vec::new();
            let mut run = String::new();
            let mut all_exact = true;
            for h in hs {
                let sub = lits(h);
                match sub.exact {
                    Some(e) => run.push_str(&e),
                    None => {
                        all_exact = false;
                        if !run.is_empty() {
                            required.push(vec![std::mem::take(&mut run)]);
                        }
                        required.extend(sub.required);
                    }
                }
            }
            if all_exact {
                return Lits { required: if run.is_empty() { Vec::new() } else { vec![vec![run.clone()]] }, exact: Some(run) };
            }
            if !run.is_empty() {
                required.push(vec![run]);
            }
            Lits { exact: None, required }
        }
        HirKind::Alternation(hs) => {
            // One of the branches matches: the union of one set from each
            // (each branch's most selective usable one).
            let mut union = Vec::new();
            for h in hs {
                let best = lits(h).all_required().into_iter().filter(|s| usable(s)).max_by(|a, b| score(a).cmp(&score(b)));
                match best {
                    Some(set) => union.extend(set),
                    // One branch with no required text: the whole has none.
                    None => return Lits { exact: None, required: Vec::new() },
                }
            }
            union.sort();
            union.dedup();
            Lits { exact: None, required: vec![union] }
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

    fn conj(p: &str) -> Vec<Vec<String>> {
        conjuncts(&regex_syntax::Parser::new().parse(p).unwrap())
    }

    #[test]
    fn every_required_literal_is_looked_up() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(conj(r"^[a-z_][a-z0-9_.-]* : (?:.* )?docker(?: |$)"), vec![v(&["docker"]), v(&[" : "])]);
        assert_eq!(
            conj(r#"exec: "(?P<driver>pasta|vpnkit|lxc-user-nic)": executable"#),
            vec![v(&["\": executable"]), v(&["exec: \""]), v(&["lxc-user-nic", "pasta", "vpnkit"])]
        );
        // Optional parts require nothing; the same literal counts once.
        assert_eq!(conj(r"docker(?: swarm)? .*docker"), vec![v(&["docker"])]);
        assert_eq!(conj(r"(?:abc)?[0-9]+"), Vec::<Vec<String>>::new());
        // At most four, the most selective.
        assert_eq!(conj(r"aaaa.bbbbb.cccccc.ddddddd.eeeeeeee").len(), 4);
        assert_eq!(conj(r"aaaa.bbbbb.cccccc.ddddddd.eeeeeeee")[0], v(&["eeeeeeee"]));
    }

    #[test]
    fn a_pattern_is_a_candidate_only_with_all_its_conjuncts() {
        let set = LineSet::new(&[r"^[a-z_][a-z0-9_.-]* : (?:.* )?docker(?: |$)".to_string(), r"[0-9]+:[0-9]+".to_string()]).unwrap();
        let (mut out, mut scratch) = (Vec::new(), Scratch::default());
        set.candidates("Jan  1 12:00:01 host dockerd[1]: docker started", &mut out, &mut scratch);
        assert_eq!(out, vec![1]);
        set.candidates("alice : wheel docker", &mut out, &mut scratch);
        assert_eq!(out, vec![0]);
        set.candidates("12:34 alice : DOCKER", &mut out, &mut scratch);
        assert_eq!(out, vec![0, 1]);
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
        let set = kb.set.as_ref().expect("the full loader builds the pattern set");
        // The patterns that run on every line stay few, and so do the
        // literals looked up as Unicode says.
        assert!(set.always() <= 12, "{} patterns without a literal", set.always());
        assert!(set.unicode_literals() <= 40, "{} literals outside ASCII", set.unicode_literals());
    }

    #[test]
    fn ascii_and_unicode_lines_find_the_same_literals() {
        let set = LineSet::new(&[
            r"(?i)kill me".to_string(),
            r"cannot expose privileged port [0-9]+".to_string(),
            "○ docker".to_string(),
            "\u{212A}[0-9]".to_string(),
        ])
        .unwrap();
        assert_eq!(set.always(), 1);
        let (mut out, mut scratch) = (Vec::new(), Scratch::default());
        for (line, want) in [
            ("KILL ME now", vec![0]),
            ("\u{212A}ill me", vec![0]),
            ("Error: CANNOT EXPOSE PRIVILEGED PORT 80", vec![1]),
            ("é cannot expose privileged port 80", vec![1]),
            ("○ docker.service", vec![2]),
            ("○ DOCKER.service ├─ \u{212A}ILL ME", vec![0, 2]),
            ("o docker.service", vec![]),
            ("ki", vec![]),
            ("", vec![]),
            ("\u{212A}9", vec![3]),
        ] {
            set.candidates(line, &mut out, &mut scratch);
            assert_eq!(out, want, "{line:?}");
        }
        assert_eq!(ascii_lower("\u{212A}ill"), Some(b"kill".to_vec()));
        assert_eq!(ascii_lower("○ x"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn candidates_include_every_match_on_hostile_text(paste in crate::formats::hostile::paste()) {
            let kb = crate::builtin();
            let set = kb.set.as_ref().expect("the full loader builds the pattern set");
            let (mut out, mut scratch) = (Vec::new(), Scratch::default());
            for line in crate::text::lines(&paste) {
                set.candidates(&line.text, &mut out, &mut scratch);
                for (pi, &(ei, mi)) in kb.owners.iter().enumerate() {
                    if kb.entries[ei].lines[mi].regex().is_some_and(|r| r.is_match(&line.text)) {
                        proptest::prop_assert!(out.contains(&pi), "{} misses {:?}", kb.entries[ei].lines[mi].pattern, line.text);
                    }
                }
            }
        }
    }

    #[test]
    fn candidates_include_every_match() {
        let kb = crate::builtin();
        let set = kb.set.as_ref().expect("the full loader builds the pattern set");
        let (mut out, mut scratch) = (Vec::new(), Scratch::default());
        for e in &kb.entries {
            for s in &e.samples {
                for line in s.text.lines() {
                    set.candidates(line, &mut out, &mut scratch);
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
