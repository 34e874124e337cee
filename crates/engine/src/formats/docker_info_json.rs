//! `docker info --format '{{json .}}'`: one JSON object, on one line or
//! pretty-printed over many. Field names as the Engine API gives them.

use serde_json::Value;

use super::{plain_json, Budget, Counts, Format, Hint, JsonDepth, ParseWarning};
use crate::facts::{Facts, One, Source};
use crate::text::Line;

pub struct DockerInfoJson;

/// Fields only `docker info` prints; the first three come early in its output.
const MARKERS: &[&str] = &[
    "\"ContainersRunning\"",
    "\"DriverStatus\"",
    "\"ClientInfo\"",
    "\"ServerVersion\"",
    "\"SecurityOptions\"",
    "\"ServerErrors\"",
    "\"DockerRootDir\"",
];
/// How far a sniff looks ahead from a `{` line: bounded, so a paste of many
/// `{` lines stays linear.
const SNIFF_LINES: usize = 24;
/// Which lines name a field of docker info, read once per paste when the
/// sniffs' own looks ahead have read enough lines (`Budget`).
#[derive(Debug, Default)]
pub(super) struct Lookahead {
    alone: Budget,
    markers: std::cell::OnceCell<Counts>,
}

fn has_marker(text: &str) -> bool {
    // Every marker starts with a quote: look only where one is.
    text.match_indices('"').any(|(at, _)| MARKERS.iter().any(|m| text[at..].starts_with(m)))
}

pub(super) const INVALID: &str = "warn-docker-info-json-invalid";

impl Format for DockerInfoJson {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "docker-info-json"
    }

    fn sniff(&self, lines: &[Line], i: usize, hint: Hint<'_>) -> bool {
        let t = lines[i].text.trim_start();
        if !t.starts_with('{') {
            return false;
        }
        // The object's first lines name one of docker info's fields.
        match hint.scan {
            Some(scan) => {
                let look = &scan.docker_info_json;
                match look.markers.get() {
                    None if look.alone.spend(SNIFF_LINES, lines.len()) => lines[i..].iter().take(SNIFF_LINES).any(|l| has_marker(&l.text)),
                    _ => look.markers.get_or_init(|| Counts::new(lines, has_marker)).any(i, i + SNIFF_LINES),
                }
            }
            None => lines[i..].iter().take(SNIFF_LINES).any(|l| has_marker(&l.text)),
        }
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        // Balance brackets outside strings until the object closes.
        let mut json = JsonDepth::default();
        for (i, line) in lines.iter().enumerate().skip(start) {
            json.feed(&line.text);
            if json.depth() <= 0 {
                return i + 1;
            }
        }
        lines.len()
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, warnings: &mut Vec<ParseWarning>) {
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        let start = joined.find('{').unwrap_or(0);
        let v: Value = match serde_json::from_str(&joined[start..]) {
            Ok(v) => plain_json(v),
            Err(_) => {
                warnings.push(ParseWarning { line: lines[0].number, key: INVALID });
                return;
            }
        };
        facts.docker_info = true;
        // The source of a field is the first line that names it.
        let src = |key: &str| {
            let quoted = format!("\"{key}\"");
            lines
                .iter()
                .find_map(|l| {
                    l.text.find(&quoted).map(|s| Source { line: l.number, start: s, end: (s + quoted.len()).min(l.text.len()) })
                })
                .unwrap_or(Source { line: lines[0].number, start: 0, end: 0 })
        };
        let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        if let Some(ci) = v.get("ClientInfo") {
            if let Some(s) = str_of(ci, "Version") {
                facts.client_version.set(&s, src("Version"));
            }
            if let Some(s) = str_of(ci, "Context") {
                facts.context.set(&s, src("Context"));
            }
        }
        type Field = fn(&mut Facts) -> &mut One<String>;
        let fields: [(&str, Field); 7] = [
            ("ServerVersion", |f| &mut f.server_version),
            ("CgroupDriver", |f| &mut f.cgroup_driver),
            ("CgroupVersion", |f| &mut f.cgroup_version),
            ("Driver", |f| &mut f.storage_driver),
            ("KernelVersion", |f| &mut f.kernel),
            ("OperatingSystem", |f| &mut f.os),
            ("DockerRootDir", |f| &mut f.docker_root_dir),
        ];
        for (field, fact) in fields {
            if let Some(s) = str_of(&v, field) {
                fact(facts).set(&s, src(field));
            }
        }
        if let Some(status) = v.get("DriverStatus").and_then(Value::as_array) {
            let keys: Vec<(&str, &str)> = status
                .iter()
                .filter_map(|p| Some((p.get(0)?.as_str()?, p.get(1)?.as_str()?)))
                .collect();
            if keys.iter().any(|(k, v)| *k == "driver-type" && v.contains("containerd.snapshotter")) {
                facts.image_store.set("containerd", src("DriverStatus"));
            } else if keys.iter().any(|(k, _)| *k == "Backing Filesystem") {
                facts.image_store.set("graphdriver", src("DriverStatus"));
            }
        }
        if let Some(opts) = v.get("SecurityOptions").and_then(Value::as_array) {
            let names: Vec<String> = opts
                .iter()
                .filter_map(Value::as_str)
                .map(|o| {
                    o.split(',')
                        .find_map(|kv| kv.strip_prefix("name="))
                        .unwrap_or(o)
                        .to_string()
                })
                .collect();
            facts.rootless.set(names.iter().any(|n| n == "rootless"), src("SecurityOptions"));
            for name in &names {
                facts.security_options.push(name);
            }
        }
        if let Some(m) = v.pointer("/RegistryConfig/Mirrors").and_then(Value::as_array) {
            for mirror in m.iter().filter_map(Value::as_str) {
                facts.registry_mirrors.push(mirror);
            }
        }
        if let Some(w) = v.get("Warnings").and_then(Value::as_array) {
            for text in w.iter().filter_map(Value::as_str) {
                let text = text.trim_start_matches("WARNING:").trim();
                // Pretty-printed JSON has one warning a line; otherwise the field name.
                let src = lines
                    .iter()
                    .find_map(|l| l.text.find(text).map(|s| Source { line: l.number, start: s, end: s + text.len() }))
                    .unwrap_or_else(|| src("Warnings"));
                facts.warnings.push(text, src);
            }
        }
        let server_errors = v.get("ServerErrors").and_then(Value::as_array).is_some_and(|e| !e.is_empty());
        if server_errors {
            facts.daemon_reachable.set(false, src("ServerErrors"));
        } else if v.get("ServerVersion").is_some() {
            facts.daemon_reachable.set(true, src("ServerVersion"));
        }
        if let Some(obj) = v.as_object() {
            for (k, val) in obj {
                if let Some(s) = val.as_str().filter(|s| !s.is_empty()) {
                    facts.other.entry(k.clone()).or_insert_with(|| s.to_string());
                }
            }
        }
    }
}
