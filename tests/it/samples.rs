//! A snapshot of the diagnosis of every knowledge-base sample: which
//! entries fire, in which order, on which evidence, with which values.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always).

use std::fmt::Write;

use engine::Lang;

/// The diagnosis in a compact, reviewable form: ranking, evidence spans,
/// filled values and the facts read. The entry text itself is content and
/// is checked by the tidy test; here the first line of each section shows
/// the rendering reached it.
pub fn summary(paste: &str, lang: Lang) -> String {
    let d = engine::builtin().diagnose(paste, lang);
    let mut o = String::new();
    let kinds: Vec<String> = d.sections.iter().map(|s| format!("{}@{}-{}", s.kind, s.first_line, s.last_line)).collect();
    writeln!(o, "sections: {}", kinds.join(" ")).unwrap();
    let facts = serde_json::to_value(&d.facts).unwrap();
    if let Some(map) = facts.as_object() {
        for (k, v) in map {
            if k != "other" {
                writeln!(o, "fact {k}: {v}").unwrap();
            }
        }
    }
    for f in &d.findings {
        writeln!(o, "\n{} [{}] {}", f.id, f.severity.as_str(), f.title).unwrap();
        for e in &f.evidence {
            writeln!(o, "  line {}: {:?}", e.line, e.text.get(e.start..e.end).unwrap_or("")).unwrap();
        }
        for (k, v) in &f.values {
            writeln!(o, "  {k} = {v}").unwrap();
        }
        if !f.alternatives.is_empty() {
            writeln!(o, "  alternatives: {}", f.alternatives.join(", ")).unwrap();
        }
        if let Some(cmd) = &f.decide {
            writeln!(o, "  decide: {cmd}").unwrap();
        }
        for r in &f.regressions {
            writeln!(o, "  known regression: {} ({} {}, fixed in {})", r.id, r.component.as_str(), r.version, r.fixed).unwrap();
        }
        let html = engine::render::markdown_to_html(&f.fix_markdown, f.language);
        writeln!(o, "  html: {} bytes, {} code blocks", html.len(), html.matches("<pre>").count()).unwrap();
    }
    o
}

#[test]
fn diagnosis_of_every_sample() {
    insta::glob!("../../content/kb", "*/samples/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(summary(&text, Lang::En));
    });
}

#[test]
fn the_language_changes_the_words_not_the_diagnosis() {
    for (path, text) in engine::builtin_files().iter().filter(|(p, _)| p.contains("/samples/fires-")) {
        let ids = |lang| engine::builtin().diagnose(text, lang).findings.iter().map(|f| (f.id.clone(), f.values.clone())).collect::<Vec<_>>();
        let en = ids(Lang::En);
        for lang in [Lang::Ko, Lang::Zh, Lang::Ja] {
            assert_eq!(ids(lang), en, "{path} in {}", lang.code());
        }
    }
}
