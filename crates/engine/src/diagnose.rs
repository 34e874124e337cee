//! Matching and ranking: every line pattern in one pass, captures only on
//! the lines that matched, fact conditions over the parsed facts.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::facts::Facts;
use crate::formats::{self, ParseWarning, Section};
use crate::kb::{Entry, Knowledge, Severity};
use crate::lang::Lang;
use crate::render;
use crate::text;
use crate::validate;

mod prefilter;
pub(crate) use prefilter::LineSet;

/// Evidence lines kept per finding; the rest are counted.
const MAX_EVIDENCE: usize = 20;
/// Longest quoted line, in bytes; longer lines are cut around the match.
const MAX_QUOTE: usize = 400;
/// Candidate (entry, line, pattern) triples gathered before their regexes run.
const WORK_BATCH: usize = 1 << 16;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub language: Lang,
    pub sections: Vec<Section>,
    pub facts: Facts,
    pub findings: Vec<Finding>,
    /// Entries that may explain error lines no finding explains ("possibly
    /// related"): apart from findings, never instead of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<crate::suggest::Suggestion>,
    /// What the parsers could not read; keys into the interface strings.
    pub warnings: Vec<ParseWarning>,
    pub line_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub severity: Severity,
    pub category: String,
    pub title: String,
    pub summary: String,
    /// The language of title, summary and fix; English when the reader's
    /// language has no text for this entry yet.
    pub language: Lang,
    pub evidence: Vec<Evidence>,
    /// Evidence lines beyond the ones listed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_evidence: usize,
    /// Placeholder values that passed their validator and were filled in.
    pub values: BTreeMap<String, String>,
    /// The entry's text with the values filled in: what happened, why, the
    /// fix, and how to check it worked.
    pub fix_markdown: String,
    pub related: Vec<String>,
    pub references: Vec<String>,
    /// Other findings that explain the same evidence lines: the message has
    /// several possible causes and this is one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// A read-only command whose output tells the alternatives apart; paste
    /// its output below the first paste to narrow the diagnosis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decide: Option<String>,
    /// Written by the team that hosts this copy, not shipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub team: bool,
    /// The hosting team's note on this entry, values filled in (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_note: Option<String>,
    /// The entry's text variants the facts decided: true applies, false does
    /// not; an undecided variant is shown under its label.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, bool>,
    /// Known regressions (`regressions.toml`) of the versions the paste
    /// shows that explain this finding, each with the release that fixes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regressions: Vec<crate::regressions::KnownRegression>,
    #[serde(skip)]
    pub specificity: u32,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// 1-based line number in the paste.
    pub line: usize,
    /// Byte span of the match within `text`.
    pub start: usize,
    pub end: usize,
    /// The line as shown (colour codes removed; very long lines cut around the match).
    pub text: String,
    /// The match's span in the whole line (differs from start/end when the
    /// line was cut), for views that show the whole line.
    #[serde(skip)]
    pub line_span: (usize, usize),
}

/// One entry's raw hits before rendering.
#[derive(Default)]
struct Hit {
    evidence: Vec<Evidence>,
    more: usize,
    captures: BTreeMap<String, String>,
    specificity: u32,
    /// Rows of `regressions.toml` the matched patterns (or the entry) belong to.
    regressions: Vec<String>,
}

impl Hit {
    /// Whether a new line only adds to `more`.
    fn is_full(&self) -> bool {
        self.evidence.len() >= MAX_EVIDENCE
    }

    /// `add` for a full hit, which needs no span.
    fn count(&mut self, line: usize) {
        debug_assert!(self.is_full());
        if !self.evidence.iter().any(|e| e.line == line) {
            self.more += 1;
        }
    }

    fn add(&mut self, line: usize, start: usize, end: usize, text: &str) {
        if self.evidence.iter().any(|e| e.line == line) {
            return;
        }
        if self.is_full() {
            self.more += 1;
            return;
        }
        let line_span = (start, end);
        let (text, start, end) = quote(text, start, end);
        self.evidence.push(Evidence { line, start, end, text, line_span });
    }
}

/// Cuts a long line to a window around the span, on char boundaries.
fn quote(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    if line.len() <= MAX_QUOTE {
        return (line.to_string(), start, end);
    }
    let from = text::floor_char_boundary(line, start.saturating_sub(MAX_QUOTE / 4));
    let window = text::clip(&line[from..], MAX_QUOTE);
    // Mark the cuts so a reader does not take a fragment for the whole line.
    let lead = if from > 0 { "…" } else { "" };
    let tail = if from + window.len() < line.len() { "…" } else { "" };
    let s = (start - from).min(window.len()) + lead.len();
    let e = (end.saturating_sub(from)).min(window.len()) + lead.len();
    (format!("{lead}{window}{tail}"), s, e.max(s))
}

impl Knowledge {
    pub fn diagnose(&self, paste: &str, lang: Lang) -> Diagnosis {
        let lines = text::lines(paste);
        let mut facts = Facts::default();
        let mut warnings = Vec::new();
        let sections = formats::split_and_parse(&lines, &mut facts, &mut warnings);
        formats::read_clues(&lines, &mut facts);

        let mut hits: BTreeMap<usize, Hit> = BTreeMap::new();
        // Line patterns: the candidates of each line (prefilter.rs), then
        // each candidate's own regex, with its captures where it matched.
        if let Some(set) = self.set.as_ref().filter(|s| !self.owners.is_empty() && !s.is_empty()) {
            // First every line's candidates, then the regexes entry by entry:
            // one entry's few regexes stay in the processor's cache while
            // they run over its lines, where taking the lines in turn would
            // call ~300 regexes in turn (a realistic paste spent most of its
            // time in their cold caches). Each entry still sees its lines
            // in order and its patterns in order within a line, and entries
            // do not affect one another here: the hits are the same.
            let mut work: Vec<(u32, u32, u32)> = Vec::new();
            let mut candidates = Vec::new();
            let mut scratch = prefilter::Scratch::default();
            for (li, line) in lines.iter().enumerate() {
                if !line.text.is_empty() {
                    set.candidates(&line.text, &mut candidates, &mut scratch);
                    work.extend(candidates.iter().map(|&pi| (self.owners[pi].0 as u32, li as u32, pi as u32)));
                }
                // In batches of lines, so that the list stays small on any paste.
                if work.len() >= WORK_BATCH || li + 1 == lines.len() {
                    work.sort_unstable();
                    for &(ei, li, pi) in &work {
                        self.run_pattern(ei as usize, pi as usize, &lines[li as usize], &facts, &mut hits);
                    }
                    work.clear();
                }
            }
        }
        // Fact conditions.
        for (ei, entry) in self.entries.iter().enumerate() {
            if entry.retired {
                continue;
            }
            for all in &entry.facts {
                if !all.iter().all(|c| c.holds(&facts)) {
                    continue;
                }
                let hit = hits.entry(ei).or_default();
                hit.specificity = hit.specificity.max(all.len() as u32);
                let mut seen = BTreeSet::new();
                for c in all {
                    if let Some(src) = facts.source_for(&c.fact, c.contains.as_deref()) {
                        if seen.insert(src.line) {
                            if let Some(line) = lines.get(src.line.wrapping_sub(1)) {
                                hit.add(src.line, src.start, src.end, &line.text);
                            }
                        }
                    }
                }
            }
        }
        // Causes the paste rules out (a known regression of another version
        // among them), and evidence that makes a cause likelier.
        hits.retain(|ei, _| !self.entries[*ei].unless.iter().any(|all| all.iter().all(|c| c.holds(&facts))));
        hits.retain(|ei, _| !self.fixed_for(self.entries[*ei].regression.as_deref(), &facts));
        for (ei, hit) in hits.iter_mut() {
            if let Some(id) = &self.entries[*ei].regression {
                if !hit.regressions.contains(id) {
                    hit.regressions.insert(0, id.clone());
                }
            }
            // A version inside a regression's range ranks the finding up
            // like a `likely` block, with the version's line as evidence.
            for id in hit.regressions.clone() {
                let Some(r) = self.regression(&id).filter(|r| r.affects(&facts) == Some(true)) else { continue };
                hit.specificity += 3;
                if let Some(src) = facts.source(r.component.fact()) {
                    if let Some(line) = lines.get(src.line.wrapping_sub(1)) {
                        hit.add(src.line, src.start, src.end, &line.text);
                    }
                }
            }
        }
        for (ei, hit) in hits.iter_mut() {
            for all in &self.entries[*ei].likely {
                if all.iter().all(|c| c.holds(&facts)) {
                    hit.specificity += 3 * all.len() as u32;
                    for c in all {
                        if let Some(src) = facts.source_for(&c.fact, c.contains.as_deref()) {
                            if let Some(line) = lines.get(src.line.wrapping_sub(1)) {
                                hit.add(src.line, src.start, src.end, &line.text);
                            }
                        }
                    }
                }
            }
        }
        // One root cause, one finding: an entry that supersedes another hides it.
        let fired: BTreeSet<&str> = hits.keys().map(|&i| self.entries[i].id.as_str()).collect();
        let hidden: BTreeSet<&str> = hits
            .keys()
            .flat_map(|&i| self.entries[i].supersedes.iter().map(String::as_str))
            .filter(|id| fired.contains(id))
            .collect();
        // Whether a placeholder admits a value, by placeholder and value:
        // entries share placeholders (the user, with the same proof to
        // look for in every line of the paste).
        let mut admitted = Admitted::default();
        let mut findings: Vec<Finding> = hits
            .into_iter()
            .filter(|(ei, _)| !hidden.contains(self.entries[*ei].id.as_str()))
            .filter_map(|(ei, hit)| finding(self, &self.entries[ei], hit, &facts, lang, &lines, render::Style::new(self, lang, false), &mut admitted))
            .collect();
        // Findings that share an evidence line are rival explanations of it.
        let line_sets: Vec<BTreeSet<usize>> = findings.iter().map(|f| f.evidence.iter().map(|e| e.line).collect()).collect();
        for i in 0..findings.len() {
            let rivals: Vec<String> = (0..findings.len())
                .filter(|&j| j != i && !line_sets[i].is_disjoint(&line_sets[j]) && findings[j].decide.is_some() && findings[i].decide.is_some())
                .map(|j| findings[j].id.clone())
                .collect();
            findings[i].alternatives = rivals;
        }
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.specificity.cmp(&a.specificity))
                .then(first_line(a).cmp(&first_line(b)))
                .then(a.id.cmp(&b.id))
        });
        // Suggestions only where no error was found: beside a finding they
        // would be noise, and the finding's evidence already names the cause.
        let suggestions = if findings.iter().any(|f| f.severity == Severity::Error) {
            Vec::new()
        } else {
            let explained: Vec<usize> = findings.iter().flat_map(|f| f.evidence.iter().map(|e| e.line)).collect();
            let found: Vec<&str> = findings.iter().map(|f| f.id.as_str()).collect();
            let index = self.suggest.get_or_init(|| crate::suggest::Index::build(&self.entries));
            index.suggest(&self.entries, &lines, &explained, &found, lang)
        };
        Diagnosis { language: lang, sections, facts, findings, suggestions, warnings, line_count: lines.len() }
    }
}

impl Knowledge {
    /// A pattern or entry tied to a known regression does not apply when the
    /// paste shows a version outside the regression's range (fixed, or
    /// before it); unknown rows and unknown versions rule nothing out.
    fn fixed_for(&self, regression: Option<&str>, facts: &Facts) -> bool {
        regression.and_then(|id| self.regression(id)).is_some_and(|r| r.affects(facts) == Some(false))
    }

    /// Runs line pattern `pi` of entry `ei` on `line`: its evidence, its
    /// captures, or one more line for a full hit.
    fn run_pattern(&self, ei: usize, pi: usize, line: &text::Line, facts: &Facts, hits: &mut BTreeMap<usize, Hit>) {
        let (_, mi) = self.owners[pi];
        let matcher = &self.entries[ei].lines[mi];
        if !matcher.when.iter().all(|c| c.holds(facts)) || self.fixed_for(matcher.regression.as_deref(), facts) {
            return;
        }
        let Some(re) = matcher.regex() else { return };
        // The known regression a matching pattern is tied to, once per hit.
        let regression = |hit: &mut Hit| {
            if let Some(id) = &matcher.regression {
                if !hit.regressions.contains(id) {
                    hit.regressions.push(id.clone());
                }
            }
        };
        let known = hits.get(&ei).map(|h| (h.is_full(), matcher.captures.iter().all(|n| h.captures.contains_key(n.as_str()))));
        let (full, values_known) = known.unwrap_or((false, matcher.captures.is_empty()));
        // What a line can still add decides how much of the match is read:
        // to an entry with all its evidence lines and every value this
        // pattern captures, only one more line (a paste of the same error
        // over and over); with every value, the evidence span; else the
        // values too (captures cost the most).
        if full && values_known {
            if re.is_match(&line.text) {
                let hit = hits.get_mut(&ei).expect("a full hit exists");
                hit.specificity = hit.specificity.max(2 + matcher.when.len() as u32);
                regression(hit);
                hit.count(line.number);
            }
            return;
        }
        if values_known {
            let Some(whole) = re.find(&line.text) else { return };
            let hit = hits.entry(ei).or_default();
            hit.specificity = hit.specificity.max(2 + matcher.when.len() as u32);
            regression(hit);
            hit.add(line.number, whole.start(), whole.end(), &line.text);
            return;
        }
        let Some(caps) = re.captures(&line.text) else { return };
        let whole = caps.get(0).expect("group 0 always exists");
        let hit = hits.entry(ei).or_default();
        hit.specificity = hit.specificity.max(2 + matcher.when.len() as u32);
        regression(hit);
        hit.add(line.number, whole.start(), whole.end(), &line.text);
        for name in &matcher.captures {
            // A number the pattern cut short (`42949` of `4294967295`) is not the paste's.
            if let Some(m) = caps.name(name).filter(|m| !cuts_a_number(&line.text, m.start(), m.end())) {
                hit.captures.entry(name.to_string()).or_insert_with(|| m.as_str().to_string());
            }
        }
    }
}

/// Whether placeholders admit values, asked once per placeholder and value
/// (entries share placeholders: the user, with the same proof to look for
/// in the paste), over the paste's lines joined once.
#[derive(Default)]
struct Admitted {
    answers: Vec<(crate::placeholder::Placeholder, String, bool)>,
    text: Option<String>,
}

impl Admitted {
    fn admits(&mut self, p: &crate::placeholder::Placeholder, value: &str, lines: &[text::Line]) -> bool {
        if let Some(&(_, _, yes)) = self.answers.iter().find(|(q, v, _)| q == p && v == value) {
            return yes;
        }
        let text = self.text.get_or_insert_with(|| lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"));
        let yes = p.admits_in(value, text);
        self.answers.push((p.clone(), value.to_string(), yes));
        yes
    }
}

fn first_line(f: &Finding) -> usize {
    f.evidence.first().map_or(usize::MAX, |e| e.line)
}

/// Whether a capture at `start..end` of `line` starts or ends inside a run of digits.
fn cuts_a_number(line: &str, start: usize, end: usize) -> bool {
    let b = line.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (end > start && digit(end - 1) && digit(end)) || (start > 0 && digit(start) && digit(start - 1))
}

#[allow(clippy::too_many_arguments)]
fn finding(
    kb: &Knowledge,
    entry: &Entry,
    mut hit: Hit,
    facts: &Facts,
    lang: Lang,
    lines: &[text::Line],
    style: render::Style<'_>,
    admitted: &mut Admitted,
) -> Option<Finding> {
    let (doc, doc_lang) = entry.doc(lang)?;
    hit.evidence.sort_by_key(|e| (e.line, e.start));
    // Values are the entry's, not one language's: every placeholder any of
    // its texts uses, so the JSON is the same whatever the reader's language.
    let mut values = BTreeMap::new();
    let names: BTreeSet<&str> = entry.docs.values().flat_map(|d| crate::kb::placeholders_in(&d.body)).collect();
    for name in names {
        let Some(p) = entry.placeholder(name) else { continue };
        let candidate = hit.captures.get(name).cloned().or_else(|| validate::global_value(name, facts));
        // A value a root command acts on is used only with its proof in the paste.
        if let Some(v) = candidate.filter(|v| admitted.admits(&p, v, lines)) {
            values.insert(name.to_string(), v);
        }
    }
    let team_note = entry.note(lang).map(|n| render::fill(n, &values, Some(entry), style));
    let variants = crate::variants::decide(&entry.variants, facts);
    let body = entry.text(kb, doc, doc_lang, &variants);
    let regressions = hit.regressions.iter().filter_map(|id| kb.regression(id)?.known(facts)).collect();
    Some(Finding {
        id: entry.id.clone(),
        severity: entry.severity,
        category: entry.category.clone(),
        title: doc.title.clone(),
        summary: doc.summary.clone(),
        language: doc_lang,
        evidence: hit.evidence,
        more_evidence: hit.more,
        fix_markdown: render::fill(&body, &values, Some(entry), style),
        variants,
        regressions,
        values,
        related: entry.related.clone(),
        references: entry.references.clone(),
        alternatives: Vec::new(),
        decide: entry.decide.clone(),
        team: entry.team,
        team_note,
        specificity: hit.specificity,
    })
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn long_lines_are_quoted_around_the_match() {
        let line = format!("{}cannot expose privileged port 80{}", "가".repeat(500), "x".repeat(500));
        let start = line.find("cannot").unwrap();
        let (text, s, e) = quote(&line, start, start + 32);
        assert!(text.len() <= 400 + 6);
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert_eq!(&text[s..e], "cannot expose privileged port 80");
    }
}

#[cfg(test)]
mod properties {
    use crate::formats::hostile;
    use crate::{builtin, render, report, Lang};
    use proptest::prelude::*;

    fn diagnose_holds_up(paste: &str, lang: Lang) -> Result<(), TestCaseError> {
        let kb = builtin();
        let d = kb.diagnose(paste, lang);
        for f in &d.findings {
            for e in &f.evidence {
                let t = &e.text;
                prop_assert!(e.start <= e.end && e.end <= t.len() && t.is_char_boundary(e.start) && t.is_char_boundary(e.end), "{}: {:?}", f.id, e);
            }
            let entry = kb.entry(&f.id).unwrap();
            for (name, v) in &f.values {
                prop_assert!(entry.placeholder_kind(name).is_some_and(|k| k.accepts(v)), "{}: {} = {:?}", f.id, name, v);
            }
            prop_assert_eq!(render::foreign_markup(&render::markdown_to_html(&f.fix_markdown, f.language)), None);
        }
        // The report keeps pasted lines inside its fences: exactly the code
        // blocks it writes, and no control character for a terminal.
        let md = report::markdown(kb, &d);
        let expected = usize::from(!report::fact_rows(kb, lang, &d).is_empty())
            + d.findings.iter().map(|f| 1 + usize::from(f.decide.is_some()) + render::code_blocks(&f.fix_markdown).len()).sum::<usize>();
        prop_assert_eq!(render::code_blocks(&md).len(), expected, "{}", md);
        prop_assert!(!md.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        prop_assert_eq!(render::foreign_markup(&render::markdown_to_html(&md, d.language)), None);
        serde_json::from_str::<serde_json::Value>(&serde_json::to_string(&d).unwrap()).unwrap();
        Ok(())
    }

    proptest! {
        #[test]
        fn diagnose_never_panics_and_keeps_its_promises(paste in hostile::paste(), lang in prop::sample::select(Lang::ALL.to_vec())) {
            diagnose_holds_up(&paste, lang)?;
        }

        #[test]
        fn diagnose_reads_arbitrary_bytes(paste in hostile::bytes()) {
            diagnose_holds_up(&paste, Lang::En)?;
        }
    }
}
