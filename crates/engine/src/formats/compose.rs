//! A pasted compose file (`cat compose.yaml`, `docker compose config`, or
//! YAML starting with `services:`). Only the service keys that change what a
//! container may touch on the host are kept, as `key: value` items:
//! `privileged: true`, `network_mode: host`, `pid: host`, `userns_mode: host`,
//! `cap_add: SYS_ADMIN`, and every `volumes:` and `ports:` entry (long volume
//! syntax as `source:target`). A reading of the common layout, not a YAML parser.

use super::{command_of, indent, Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct Compose;

/// A long-syntax volume being read: source, target, and where it started.
type LongVolume = (Option<String>, Option<String>, Option<Source>);

/// Longest file read, in lines.
const MAX_LINES: usize = 5000;

const TOP_KEYS: &[&str] = &["version", "name", "services", "networks", "volumes", "configs", "secrets", "include"];

/// A top-level compose key starts this line.
fn top_key(t: &str) -> Option<&str> {
    if !t.as_bytes().contains(&b':') || indent(t) > 0 {
        return None;
    }
    let (key, rest) = t.trim_end().split_once(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some(())?;
    (TOP_KEYS.contains(&key) || key.starts_with("x-") && !key.contains(' ')).then_some(key)
}

fn by_command(hint: Hint<'_>) -> bool {
    hint.command.is_some_and(|c| {
        let c = c.trim();
        let file = c.strip_prefix("cat ").is_some_and(|r| r.split_whitespace().any(|a| a.contains("compose") && (a.ends_with(".yml") || a.ends_with(".yaml"))));
        file || c.starts_with("docker compose config") || c.starts_with("docker-compose config")
    })
}

/// `key: value` of a YAML mapping line, value without quotes or comment.
fn key_value(t: &str) -> Option<(&str, &str)> {
    let t = t.trim();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let (key, value) = t.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b)) {
        return None;
    }
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((key, scalar(value)))
}

/// A YAML scalar: comment dropped, quotes removed.
fn scalar(v: &str) -> &str {
    let v = v.trim();
    let v = if v.starts_with(['"', '\'']) { v } else { v.split(" #").next().unwrap_or(v).trim() };
    v.trim_matches(['"', '\''])
}

/// The items of an inline list `[a, "b"]`.
fn inline_list(v: &str) -> Option<Vec<&str>> {
    let inner = v.trim().strip_prefix('[')?.strip_suffix(']')?;
    Some(inner.split(',').map(scalar).filter(|s| !s.is_empty()).collect())
}

impl Format for Compose {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "compose"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        let t = lines[i].text.trim_end();
        let Some(key) = top_key(t) else { return false };
        if by_command(hint) {
            return true;
        }
        // Without the command: `services:` followed by an indented service
        // name, or a `version:`/`name:` line just above `services:`.
        let next = lines[i + 1..].iter().map(|l| l.text.trim_end()).find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        match key {
            "services" => t == "services:" && next.is_some_and(|n| indent(n) > 0 && n.trim_end().ends_with(':') && key_value(n).is_some()),
            "version" | "name" => lines[i + 1..].iter().take(3).any(|l| l.text.trim_end() == "services:"),
            _ => false,
        }
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        let stop = lines.len().min(start.saturating_add(MAX_LINES));
        while i < stop {
            let t = lines[i].text.trim_end();
            // Blank lines and comments belong to the file only if more of it follows
            // (a comment at the margin may as well be a root prompt).
            if t.trim().is_empty() || t.starts_with('#') {
                i += 1;
                continue;
            }
            if command_of(t).is_some() && indent(t) == 0 {
                break;
            }
            if !(indent(t) > 0 || top_key(t).is_some() || t == "---") {
                break;
            }
            i += 1;
            end = i;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let mut in_services = false;
        // Indent of the service names, and of their keys.
        let mut service_indent: Option<usize> = None;
        let mut key_indent: Option<usize> = None;
        // The list key being read (`ports`, `volumes`, `cap_add`) and its indent.
        let mut list: Option<(&str, usize)> = None;
        // A long-syntax volume: source, target, and where it started.
        let mut long_volume: LongVolume = (None, None, None);
        // One key of a long-syntax entry (`- type: bind` / `source:` / `target:`
        // / `published:`), on the list item's own line or the lines below it.
        let long_syntax_key = |facts: &mut Facts, v: &mut LongVolume, list: &str, k: &str, val: &str, src: Source| match k {
            "source" => {
                v.0 = Some(val.to_string());
                v.2 = Some(src);
            }
            "target" => v.1 = Some(val.to_string()),
            "published" if list == "ports" => facts.compose_keys.push(&format!("ports: {val}"), src),
            _ => {}
        };
        let flush = |facts: &mut Facts, v: &mut LongVolume| {
            if let (Some(source), Some(src)) = (v.0.take(), v.2.take()) {
                let item = match v.1.take() {
                    Some(target) => format!("volumes: {source}:{target}"),
                    None => format!("volumes: {source}"),
                };
                facts.compose_keys.push(&item, src);
            }
            *v = (None, None, None);
        };
        for line in lines {
            let text = line.text.trim_end();
            let content = text.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let ind = indent(text);
            let src = Source { line: line.number, start: ind, end: text.len() };
            if ind == 0 {
                flush(facts, &mut long_volume);
                in_services = top_key(text) == Some("services");
                service_indent = None;
                key_indent = None;
                list = None;
                continue;
            }
            if !in_services {
                continue;
            }
            let si = *service_indent.get_or_insert(ind);
            if ind <= si {
                // A new service.
                flush(facts, &mut long_volume);
                key_indent = None;
                list = None;
                continue;
            }
            let ki = *key_indent.get_or_insert(ind);
            if ind <= ki && !(content.starts_with("- ") && list.is_some_and(|(_, li)| ind >= li)) {
                flush(facts, &mut long_volume);
                list = None;
                let Some((key, value)) = key_value(content) else { continue };
                match key {
                    "privileged" if matches!(value, "true" | "yes" | "True") => facts.compose_keys.push("privileged: true", src),
                    "network_mode" | "pid" | "ipc" | "userns_mode" if !value.is_empty() => facts.compose_keys.push(&format!("{key}: {value}"), src),
                    "ports" | "volumes" | "cap_add" => match inline_list(value) {
                        Some(items) => {
                            for item in items {
                                facts.compose_keys.push(&format!("{key}: {item}"), src);
                            }
                        }
                        None if value.is_empty() => list = Some((key, ind)),
                        None => {}
                    },
                    _ => {}
                }
                continue;
            }
            // Inside a list (or deeper).
            let Some((key, _)) = list else { continue };
            if let Some(item) = content.strip_prefix("- ").or_else(|| (content == "-").then_some("")) {
                flush(facts, &mut long_volume);
                match key_value(item) {
                    // `- type: bind` / `- source: /`: a long-syntax mapping.
                    Some((k, v)) if !item.trim_start().starts_with(['"', '\'']) && !v.contains(':') && !item.starts_with('/') && !item.starts_with('.') => {
                        long_syntax_key(facts, &mut long_volume, key, k, v, src);
                    }
                    _ => {
                        let item = scalar(item);
                        if !item.is_empty() {
                            facts.compose_keys.push(&format!("{key}: {item}"), src);
                        }
                    }
                }
            } else if let Some((k, v)) = key_value(content) {
                long_syntax_key(facts, &mut long_volume, key, k, v, src);
            }
        }
        flush(facts, &mut long_volume);
    }
}
