//! Accuracy on real pastes from public issue threads (tests/corpus/). Each
//! case's expected entries come from the thread's conclusion, never from
//! what the engine answers.
//!
//! The corpus grows in batches. A new batch is scored before any pattern is
//! written for it, and that "first sight" score is recorded in index.toml:
//! it says how the knowledge does on pastes it has never seen, which the
//! overall score (on pastes the patterns were written from) cannot. A batch
//! without a recorded first-sight score fails this test, which prints the
//! numbers to record.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
struct Index {
    #[serde(default)]
    batch: Vec<Batch>,
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Batch {
    id: String,
    collected: String,
    #[serde(default)]
    first_sight: Option<Score>,
    /// Why a batch has no first-sight score (the pastes the first patterns
    /// were written from).
    #[serde(default)]
    no_first_sight: Option<String>,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Debug)]
struct Score {
    /// Cases whose cause was among the findings.
    found: usize,
    /// Cases whose cause was among the findings or the suggestions.
    suggested: usize,
    total: usize,
    /// Healthy outputs without an error finding and without suggestions.
    healthy_ok: usize,
    healthy: usize,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    source: String,
    #[allow(dead_code)]
    cause: String,
    expect: Vec<String>,
    #[serde(default)]
    healthy: bool,
    batch: String,
}

/// The floors this test holds, at the measured level so that no change
/// makes it worse; the README quotes the printed numbers. The goals are 95%
/// and 98% (issue #15): batches b1, b2 and b3, scored at first sight, brought
/// the overall score down to where these floors stand until their misses are
/// worked on (b2: 25/59 at first sight, 33/59 after its patterns, 38/59 with
/// four entries for its missing causes; b3, mostly Podman pastes and causes
/// with no entry yet: 15/59, then 35/59, then 37/59; overall 171/228). Issue
/// #15's misses, worked through with patterns from the messages' sources and
/// ten entries for causes the labels named: overall 193/228 found, 195/228
/// found or suggested.
const MIN_FOUND: f64 = 0.84;
const MIN_FOUND_OR_SUGGESTED: f64 = 0.85;

fn pct(n: usize, d: usize) -> f64 {
    n as f64 * 100.0 / d.max(1) as f64
}

#[test]
fn corpus_accuracy() {
    // tests/corpus/index.toml, and one folder per later batch with its own
    // index.toml (so batches collected side by side do not touch one file).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut dirs = vec![root.clone()];
    let mut subdirs: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).filter(|p| p.join("index.toml").is_file()).collect();
    subdirs.sort();
    dirs.extend(subdirs);
    let mut index = Index { batch: Vec::new(), case: Vec::new() };
    for dir in &dirs {
        let path = dir.join("index.toml");
        let part: Index = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        index.batch.extend(part.batch);
        index.case.extend(part.case.into_iter().map(|mut c| {
            c.file = dir.strip_prefix(&root).unwrap_or(dir).join(&c.file).to_string_lossy().into_owned();
            c
        }));
    }
    let kb = engine::builtin();
    let mut no_entry: BTreeMap<&str, usize> = BTreeMap::new();
    let mut now: BTreeMap<&str, Score> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut repos = std::collections::BTreeSet::new();
    for case in &index.case {
        assert!(index.batch.iter().any(|b| b.id == case.batch), "{}: unknown batch {}", case.file, case.batch);
        if let Some(repo) = case.source.strip_prefix("https://github.com/") {
            repos.insert(repo.split('/').take(2).collect::<Vec<_>>().join("/"));
        }
        let text = std::fs::read_to_string(root.join(&case.file)).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        let d = kb.diagnose(&text, engine::Lang::En);
        let ids: Vec<&str> = d.findings.iter().map(|f| f.id.as_str()).collect();
        let suggested: Vec<&str> = d.suggestions.iter().map(|s| s.id.as_str()).collect();
        let score = now.entry(case.batch.as_str()).or_default();
        if case.healthy {
            score.healthy += 1;
            let errors: Vec<&str> = d.findings.iter().filter(|f| f.severity == engine::Severity::Error).map(|f| f.id.as_str()).collect();
            if errors.is_empty() && suggested.is_empty() {
                score.healthy_ok += 1;
            } else {
                misses.push(format!("healthy {} ({}) got errors {errors:?}, suggestions {suggested:?}", case.file, case.source));
            }
            continue;
        }
        // A cause the knowledge base has no entry for yet is a miss like any
        // other; it is counted so the next entries to write are visible.
        for id in &case.expect {
            if kb.entry(id).is_none() {
                *no_entry.entry(id.as_str()).or_default() += 1;
            }
        }
        score.total += 1;
        if case.expect.iter().any(|e| ids.contains(&e.as_str())) {
            score.found += 1;
            score.suggested += 1;
        } else if case.expect.iter().any(|e| suggested.contains(&e.as_str())) {
            score.suggested += 1;
            misses.push(format!("{}: expected one of {:?}, only suggested; found {ids:?} ({})", case.file, case.expect, case.source));
        } else {
            misses.push(format!("{}: expected one of {:?}, got {ids:?}, suggested {suggested:?} ({})", case.file, case.expect, case.source));
        }
    }
    let all = now.values().fold(Score::default(), |a, s| Score {
        found: a.found + s.found,
        suggested: a.suggested + s.suggested,
        total: a.total + s.total,
        healthy_ok: a.healthy_ok + s.healthy_ok,
        healthy: a.healthy + s.healthy,
    });
    println!(
        "corpus: {} cases from {} repositories; cause among the findings {}/{} ({:.1}%), among findings or suggestions {}/{} ({:.1}%); {}/{} healthy outputs without an error or a suggestion",
        all.total + all.healthy,
        repos.len(),
        all.found,
        all.total,
        pct(all.found, all.total),
        all.suggested,
        all.total,
        pct(all.suggested, all.total),
        all.healthy_ok,
        all.healthy
    );
    let mut unrecorded = Vec::new();
    for b in &index.batch {
        let s = now.get(b.id.as_str()).copied().unwrap_or_default();
        match (&b.first_sight, &b.no_first_sight) {
            (Some(f), _) => println!(
                "  batch {} ({}): first sight {}/{} found ({:.1}%), {}/{} with suggestions ({:.1}%), healthy {}/{}; now {}/{} ({:.1}%), {}/{} ({:.1}%), healthy {}/{}",
                b.id,
                b.collected,
                f.found,
                f.total,
                pct(f.found, f.total),
                f.suggested,
                f.total,
                pct(f.suggested, f.total),
                f.healthy_ok,
                f.healthy,
                s.found,
                s.total,
                pct(s.found, s.total),
                s.suggested,
                s.total,
                pct(s.suggested, s.total),
                s.healthy_ok,
                s.healthy
            ),
            (None, Some(why)) => println!("  batch {} ({}): no first-sight score ({why}); now {}/{} ({:.1}%)", b.id, b.collected, s.found, s.total, pct(s.found, s.total)),
            (None, None) => unrecorded.push(format!(
                "batch {}: record its first-sight score before writing patterns for it:\nfirst_sight = {{ found = {}, suggested = {}, total = {}, healthy_ok = {}, healthy = {} }}",
                b.id, s.found, s.suggested, s.total, s.healthy_ok, s.healthy
            )),
        }
    }
    for (id, n) in &no_entry {
        println!("  no entry yet: {id} ({n} cases)");
    }
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(unrecorded.is_empty(), "{}", unrecorded.join("\n"));
    assert!(all.total >= 40, "the corpus needs at least 40 cases, has {}", all.total);
    assert!(all.healthy >= 2, "the corpus needs healthy outputs too");
    assert_eq!(all.healthy_ok, all.healthy, "healthy outputs produced errors or suggestions:\n{}", misses.join("\n"));
    let (found, suggested) = (pct(all.found, all.total) / 100.0, pct(all.suggested, all.total) / 100.0);
    assert!(found >= MIN_FOUND, "corpus score {:.1}% is below {:.0}%:\n{}", found * 100.0, MIN_FOUND * 100.0, misses.join("\n"));
    assert!(
        suggested >= MIN_FOUND_OR_SUGGESTED,
        "findings or suggestions {:.1}% is below {:.0}%:\n{}",
        suggested * 100.0,
        MIN_FOUND_OR_SUGGESTED * 100.0,
        misses.join("\n")
    );
}
