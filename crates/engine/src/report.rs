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

/// What was read from the paste, as (label, value) rows in the reader's
/// language: the page's summary and the report's facts are these rows.
pub fn fact_rows(kb: &Knowledge, lang: Lang, d: &Diagnosis) -> Vec<(String, String)> {
    let f = &d.facts;
    let mut rows = Vec::new();
    let mut row = |key: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            // Values are read from the paste: a user name may hold a bidi override.
            rows.push((kb.ui(lang, key).to_string(), crate::text::show_invisible(&v).into_owned()));
        }
    };
    row("fact-server-version", f.server_version.cloned());
    row("fact-client-version", f.client_version.cloned());
    row("fact-mode", f.rootless.cloned().map(|r| kb.ui(lang, if r { "fact-mode-rootless" } else { "fact-mode-rootful" }).to_string()));
    row("fact-context", f.context.cloned());
    let cgroup = match (f.cgroup_driver.as_deref(), f.cgroup_version.as_deref()) {
        (None, None) => None,
        (a, b) => Some(format!("{} / {}", a.unwrap_or("?"), b.unwrap_or("?"))),
    };
    row("fact-cgroup", cgroup);
    row("fact-storage-driver", f.storage_driver.cloned());
    row("fact-kernel", f.kernel.cloned());
    row("fact-os", f.os.cloned());
    row("fact-docker-root-dir", f.docker_root_dir.cloned());
    let user = match (f.user.get(), f.uid.get()) {
        (Some(u), Some(id)) => Some(format!("{u} ({id})")),
        (Some(u), None) => Some(u.clone()),
        (None, Some(id)) => Some(id.to_string()),
        (None, None) => None,
    };
    row("fact-user", user);
    if f.daemon_reachable.get() == Some(&false) {
        let host = f.docker_host.cloned().unwrap_or_else(|| "?".into());
        row("fact-daemon", Some(kb.ui(lang, "fact-daemon-unreachable").replace("{host}", &host)));
    }
    // Where the paste was printed, as the context clues read it.
    let mut places: Vec<String> = Vec::new();
    for (set, key) in [(f.in_container.get(), "fact-where-container"), (f.in_build.get(), "fact-where-build"), (f.wsl.get(), "fact-where-wsl")] {
        if set == Some(&true) {
            places.push(kb.ui(lang, key).to_string());
        }
    }
    if let Some(ci) = f.ci.as_deref() {
        places.push(kb.ui(lang, "fact-where-ci").replace("{ci}", ci));
    }
    row("fact-where", (!places.is_empty()).then(|| places.join(", ")));
    row("fact-user-switch", f.user_switch.cloned());
    row("fact-tool", f.tool.cloned());
    rows
}

/// The sentence that names a known regression of the paste's version
/// (`regression-note-<component>`), with `issue` (a link, or the address)
/// in place of `{issue}`. One pass, so nothing a value holds is read as a
/// placeholder.
pub fn regression_note(kb: &Knowledge, lang: Lang, r: &crate::regressions::KnownRegression, issue: &str) -> String {
    let template = kb.ui(lang, r.ui_key());
    let mut out = String::with_capacity(template.len() + issue.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let v = match &after[..close] {
                "version" => r.version.as_str(),
                "fixed" => r.fixed.as_str(),
                "issue" => issue,
                _ => return None,
            };
            Some((v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Pasted text in a report: inside a fence it cannot open, so it stays text.
const FENCE: &str = "~~~~";

/// A Markdown report for a ticket or a chat: what was read, then each
/// finding with its evidence and fix.
pub fn markdown(kb: &Knowledge, d: &Diagnosis) -> String {
    let lang = d.language;
    let mut o = format!("# {}\n\n", kb.ui(lang, "findings-heading"));
    let rows = fact_rows(kb, lang, d);
    if !rows.is_empty() {
        o.push_str(&format!("**{}**\n\n{FENCE}text\n", kb.ui(lang, "facts-heading")));
        let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
        for (k, v) in rows {
            let pad = " ".repeat(width - k.chars().count());
            o.push_str(&format!("{k}{pad}  {}\n", v.replace(FENCE, "~ ~ ~ ~")));
        }
        o.push_str(&format!("{FENCE}\n\n"));
    }
    if d.findings.is_empty() {
        o.push_str(&kb.ui(lang, "cli-no-findings").replace("{n}", &d.line_count.to_string()));
        o.push('\n');
    }
    if !d.suggestions.is_empty() {
        o.push_str(&format!("\n## {}\n\n{}\n\n", kb.ui(lang, "suggestions-heading"), kb.ui(lang, "suggestions-note")));
        for s in &d.suggestions {
            let words = s.words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ");
            o.push_str(&format!("- {} (`{}`): {}\n", s.title, s.id, kb.ui(lang, "suggestion-line").replace("{n}", &s.line.to_string()).replace("{words}", &words)));
        }
        o.push('\n');
    }
    for f in &d.findings {
        o.push_str(&finding_markdown(kb, lang, f));
    }
    if let Some((name, link)) = kb.team.as_ref().and_then(|t| t.support.as_ref().map(|s| (&t.name, s))) {
        o.push_str(&format!("{}: <{link}>\n", kb.ui(lang, "team-support").replace("{team}", name)));
    }
    o
}

fn finding_markdown(kb: &Knowledge, lang: Lang, f: &Finding) -> String {
    let mut o = format!("## {}: {} (`{}`)\n\n{}\n\n", severity_label(kb, lang, f.severity), f.title, f.id, f.summary);
    for r in &f.regressions {
        o.push_str(&format!("{}\n\n", regression_note(kb, lang, r, &format!("[{}]({})", r.issue_label(), r.issue))));
    }
    o.push_str(&format!("**{}**\n\n", kb.ui(lang, "evidence-heading")));
    o.push_str(&format!("{FENCE}text\n"));
    for e in &f.evidence {
        o.push_str(&format!("{:>5} | {}\n", e.line, crate::text::show_invisible(&e.text).replace(FENCE, "~ ~ ~ ~")));
    }
    o.push_str(&format!("{FENCE}\n\n"));
    if !f.alternatives.is_empty() {
        o.push_str(&format!("{}\n\n", kb.ui(lang, "alternatives-note").replace("{ids}", &f.alternatives.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))));
    }
    if let Some(cmd) = &f.decide {
        o.push_str(&format!("{}\n\n```sh\n{cmd}\n```\n\n", kb.ui(lang, "decide-hint")));
    }
    // Entry sections are `##`; one level deeper under the finding's heading.
    // Line breaks resolved as the page does, whatever renders the report.
    for line in crate::render::resolve_soft_breaks(&f.fix_markdown, f.language).lines() {
        if line.starts_with("## ") {
            o.push('#');
        }
        o.push_str(line);
        o.push('\n');
    }
    if let (Some(note), Some(team)) = (&f.team_note, &kb.team) {
        o.push_str(&format!("\n### {}\n\n{}\n", kb.ui(lang, "team-note-heading").replace("{team}", &team.name), note.trim_end()));
    }
    o.push('\n');
    o
}

