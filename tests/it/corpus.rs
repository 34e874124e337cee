//! Accuracy on real pastes from public issue threads (tests/corpus/): the
//! cause the thread established must be among the findings for at least
//! 90% of them, and healthy outputs must produce no error.

use serde::Deserialize;

#[derive(Deserialize)]
struct Index {
    case: Vec<Case>,
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
}

const MIN_SCORE: f64 = 0.90;

#[test]
fn corpus_accuracy() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let index: Index = toml::from_str(&std::fs::read_to_string(dir.join("index.toml")).unwrap()).unwrap();
    let kb = engine::builtin();
    let (mut found, mut total, mut healthy_ok, mut healthy) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for case in &index.case {
        let text = std::fs::read_to_string(dir.join(&case.file)).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        let d = kb.diagnose(&text, engine::Lang::En);
        let ids: Vec<&str> = d.findings.iter().map(|f| f.id.as_str()).collect();
        if case.healthy {
            healthy += 1;
            let errors: Vec<&str> = d.findings.iter().filter(|f| f.severity == engine::Severity::Error).map(|f| f.id.as_str()).collect();
            if errors.is_empty() {
                healthy_ok += 1;
            } else {
                misses.push(format!("healthy {} ({}) got errors {errors:?}", case.file, case.source));
            }
            continue;
        }
        for id in &case.expect {
            assert!(kb.entry(id).is_some(), "{}: expects unknown entry {id}", case.file);
        }
        total += 1;
        if case.expect.iter().any(|e| ids.contains(&e.as_str())) {
            found += 1;
        } else {
            misses.push(format!("{}: expected one of {:?}, got {ids:?} ({})", case.file, case.expect, case.source));
        }
    }
    let score = found as f64 / total.max(1) as f64;
    println!("corpus: {found}/{total} real pastes found their cause ({:.1}%); {healthy_ok}/{healthy} healthy outputs without an error", score * 100.0);
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(total >= 40, "the corpus needs at least 40 cases, has {total}");
    assert!(healthy >= 2, "the corpus needs healthy outputs too");
    assert_eq!(healthy_ok, healthy, "healthy outputs produced errors:\n{}", misses.join("\n"));
    assert!(score >= MIN_SCORE, "corpus score {:.1}% is below {:.0}%:\n{}", score * 100.0, MIN_SCORE * 100.0, misses.join("\n"));
}
