//! The Markdown report for a ticket or a chat: the CLI's `--format
//! markdown` and the page's "copy report" are this one function.

use crate::{Diagnosis, Finding, Knowledge, Lang, Severity};

/// "Error", "Warning" or "Note" in the reader's language.
pub fn severity_label(kb: &Knowledge, lang: Lang, s: Severity) -> &str {
    kb.ui(lang, match s {
        Severity::Error => "severity-error",
        Severity::Warning => "severity-warning",
        Severity::Info => "severity-info",
    })
}

/// A Markdown report for a ticket or a chat.
pub fn markdown(kb: &Knowledge, d: &Diagnosis) -> String {
    let lang = d.language;
    let mut o = format!("# {}\n\n", kb.ui(lang, "findings-heading"));
    if d.findings.is_empty() {
        o.push_str(&kb.ui(lang, "cli-no-findings").replace("{n}", &d.line_count.to_string()));
        o.push('\n');
    }
    for f in &d.findings {
        o.push_str(&finding_markdown(kb, lang, f));
    }
    o
}

fn finding_markdown(kb: &Knowledge, lang: Lang, f: &Finding) -> String {
    let mut o = format!("## {}: {} (`{}`)\n\n{}\n\n", severity_label(kb, lang, f.severity), f.title, f.id, f.summary);
    o.push_str(&format!("**{}**\n\n", kb.ui(lang, "evidence-heading")));
    let fence = "~~~~";
    o.push_str(&format!("{fence}text\n"));
    for e in &f.evidence {
        o.push_str(&format!("{:>5} | {}\n", e.line, e.text.replace(fence, "~ ~ ~ ~")));
    }
    o.push_str(&format!("{fence}\n\n"));
    if !f.alternatives.is_empty() {
        o.push_str(&format!("{}\n\n", kb.ui(lang, "alternatives-note").replace("{ids}", &f.alternatives.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))));
    }
    if let Some(cmd) = &f.decide {
        o.push_str(&format!("{}\n\n```sh\n{cmd}\n```\n\n", kb.ui(lang, "decide-hint")));
    }
    // Entry sections are `##`; one level deeper under the finding's heading.
    for line in f.fix_markdown.lines() {
        if line.starts_with("## ") {
            o.push('#');
        }
        o.push_str(line);
        o.push('\n');
    }
    o.push('\n');
    o
}

