//! `docker context ls`: a table whose current row is marked with `*`.

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct ContextLs;

impl Format for ContextLs {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "docker-context-ls"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        let t = crate::text::trim(&lines[i].text);
        t.starts_with("NAME") && t.contains("DOCKER ENDPOINT")
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        while end < lines.len() {
            let t = lines[end].text.trim();
            // Rows name a context, then (somewhere) an endpoint or an error.
            if t.is_empty() || t.starts_with(['$', '#']) || !(t.contains("://") || t.contains(" * ") || t.ends_with(" *")) {
                break;
            }
            end += 1;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        for line in &lines[1..] {
            let mut words = line.text.split_whitespace();
            let Some(name) = words.next() else { continue };
            let current = name.ends_with('*') || words.clone().next() == Some("*");
            if !current {
                continue;
            }
            let name = name.trim_end_matches('*').trim_end();
            let start = line.text.find(name).unwrap_or(0);
            facts.context.set(name, Source { line: line.number, start, end: start + name.len() });
            if let Some(ep) = line.text.split_whitespace().find(|w| w.contains("://")) {
                let s = line.text.find(ep).unwrap_or(0);
                facts.docker_host.set(ep, Source { line: line.number, start: s, end: s + ep.len() });
            }
        }
    }
}
