//! Benchmark inputs, generated deterministically from the repository's real
//! samples (`content/kb/*/samples/*.txt`, `tests/corpus/*.txt`). Shared by
//! `benches/diagnose.rs` and `examples/bench_input.rs` (which writes them to
//! files for `scripts/bench-grep.sh` and the browser harness), so every
//! measurement reads the same bytes. The engine does no I/O; only this
//! generator reads files.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

/// The repository root (`crates/engine/../..`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every sample and corpus paste, `(path relative to the root, text)`, sorted by path.
pub struct Samples(pub Vec<(String, String)>);

impl Samples {
    pub fn load() -> Samples {
        let root = root();
        let mut out = Vec::new();
        let kb = root.join("content/kb");
        let mut dirs: Vec<_> = fs::read_dir(&kb).expect("content/kb").flatten().map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs {
            out.extend(txt_files(&dir.join("samples"), &root));
        }
        out.extend(txt_files(&root.join("tests/corpus"), &root));
        out.sort();
        assert!(out.len() > 50, "expected the repository's samples under {}", root.display());
        Samples(out)
    }

    fn find(&self, pred: impl Fn(&str, &str) -> bool) -> Option<&(String, String)> {
        self.0.iter().find(|(p, t)| pred(p, t))
    }
}

fn txt_files(dir: &Path, root: &Path) -> Vec<(String, String)> {
    let Ok(rd) = fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| {
            let text = fs::read_to_string(&p).ok()?;
            Some((p.strip_prefix(root).unwrap_or(&p).to_string_lossy().into_owned(), text))
        })
        .collect();
    v.sort();
    v
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn is_rootless_info(text: &str) -> bool {
    text.contains("Server Version:") && text.contains("\nClient:") && text.lines().any(|l| l == "  rootless")
}

/// A typical rootless `docker info` (about 3 KB): the largest rootless
/// `docker info` sample, its client plugin list completed with the plugins a
/// current Docker CLI installation lists (same format as the sample's own).
pub fn typical(s: &Samples) -> String {
    let (_, base) = s
        .0
        .iter()
        .filter(|(_, t)| is_rootless_info(t))
        .max_by_key(|(p, t)| (t.len(), std::cmp::Reverse(p.clone())))
        .expect("a rootless docker info sample");
    const PLUGINS: &[(&str, &str, &str)] = &[
        ("ai", "Docker AI Agent - Ask Gordon (Docker Inc.)", "v1.9.11"),
        ("cloud", "Docker Cloud (Docker Inc.)", "v0.4.39"),
        ("debug", "Get a shell into any image or container (Docker Inc.)", "0.0.42"),
        ("desktop", "Docker Desktop commands (Docker Inc.)", "v0.2.0"),
        ("dev", "Docker Dev Environments (Docker Inc.)", "v0.1.2"),
        ("extension", "Manages Docker extensions (Docker Inc.)", "v0.2.27"),
        ("feedback", "Provide feedback, right in your terminal! (Docker Inc.)", "v1.0.5"),
        ("init", "Creates Docker-related starter files for your project (Docker Inc.)", "v1.4.0"),
        ("sbom", "View the packaged-based Software Bill Of Materials (SBOM) for an image (Anchore Inc.)", "0.6.0"),
        ("scout", "Docker Scout (Docker Inc.)", "v1.15.0"),
    ];
    let mut extra = String::new();
    for (name, desc, version) in PLUGINS {
        extra += &format!("  {name}: {desc}\n    Version:  {version}\n    Path:     /usr/libexec/docker/cli-plugins/docker-{name}\n");
    }
    // Insert the plugins at the end of the client's plugin list (the blank
    // line before "Server:").
    let out = match base.find("\n\nServer:") {
        Some(i) => format!("{}\n{}{}", &base[..i], extra.trim_end_matches('\n'), &base[i..]),
        None => format!("{base}{extra}"),
    };
    with_newline(out)
}

fn journal_re() -> Regex {
    Regex::new(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} ([^ ]+) ([^\[: ]+)(?:\[[0-9]+\])?: (.*)$")
        .unwrap()
}

fn journal_lines(s: &Samples) -> usize {
    let re = journal_re();
    s.0.iter().map(|(_, t)| t.lines().filter(|l| re.is_match(l)).count()).sum()
}

/// A bundle (about 20 KB) as someone would paste it in one go: `docker info`,
/// `docker version`, `/etc/subuid` and `/etc/subgid`, sysctls, then journal
/// excerpts and error output, each a real sample, in path order.
pub fn bundle(s: &Samples) -> String {
    let jre = journal_re();
    let firsts = [
        s.find(|_, t| t.lines().any(|l| l.ends_with("$ docker version"))),
        s.find(|_, t| t.contains("cat /etc/subuid") && t.contains("cat /etc/subgid")),
        s.find(|_, t| t.lines().any(|l| l.contains("$ sysctl ") || l.contains("$ sudo sysctl "))),
    ];
    let used: Vec<&str> = firsts.iter().flatten().map(|(p, _)| p.as_str()).collect();
    let mut out = typical(s);
    for (_, t) in firsts.iter().flatten() {
        out.push_str(&with_newline(t.clone()));
    }
    let fresh = |p: &String| !used.contains(&p.as_str());
    let journals: Vec<_> =
        s.0.iter().filter(|(p, t)| fresh(p) && t.lines().filter(|l| jre.is_match(l)).count() >= 3).collect();
    let errors: Vec<_> = s
        .0
        .iter()
        .filter(|(p, t)| fresh(p) && p.contains("/fires-") && !is_rootless_info(t) && t.lines().all(|l| !jre.is_match(l)))
        .collect();
    // Alternate journal excerpts and error output until about 20 KB.
    let mut rest = journals.iter().zip(errors.iter()).flat_map(|(a, b)| [a, b]);
    while out.len() < 20 * 1024 {
        let Some((_, t)) = rest.next() else { break };
        out.push_str(&with_newline(t.clone()));
    }
    out
}

/// Real journal lines, split into background lines (alone, no finding) and
/// error lines (alone, at least one finding), each `(host, unit, message)`.
pub struct JournalParts {
    pub background: Vec<(String, String, String)>,
    pub errors: Vec<(String, String, String)>,
}

pub fn journal_parts(s: &Samples, kb: &engine::Knowledge) -> JournalParts {
    let re = journal_re();
    let mut seen = std::collections::BTreeSet::new();
    let (mut background, mut errors) = (Vec::new(), Vec::new());
    for (_, t) in &s.0 {
        for l in t.lines() {
            let Some(c) = re.captures(l) else { continue };
            let part = (c[1].to_string(), c[2].to_string(), c[3].to_string());
            if !seen.insert(part.clone()) {
                continue;
            }
            if kb.diagnose(l, engine::Lang::En).findings.is_empty() {
                background.push(part);
            } else {
                errors.push(part);
            }
        }
    }
    assert!(!background.is_empty() && !errors.is_empty(), "{} journal lines in the samples", journal_lines(s));
    JournalParts { background, errors }
}

/// A tiny deterministic generator (64-bit LCG), so inputs never change.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A journal of about `bytes` bytes: the real background lines over and over
/// with advancing timestamps and changing PIDs, and `max(1, bytes / 128 KiB)`
/// real error lines spread evenly through it.
pub fn journal(parts: &JournalParts, bytes: usize) -> String {
    let mut rng = Lcg(0x5eed);
    let mut out = String::with_capacity(bytes + 1024);
    let n_errors = (bytes / (128 << 10)).max(1);
    let mut next_error = 0usize;
    let mut secs: u64 = 0; // since Jan 1 00:00:00
    let mut pids: Vec<u32> = (0..8).map(|_| 1000 + (rng.next() % 60000) as u32).collect();
    let mut i = 0usize;
    while out.len() < bytes {
        // Error k goes in at (k + 0.5) / n of the way through.
        let error_due = next_error < n_errors && out.len() >= (2 * next_error + 1) * bytes / (2 * n_errors);
        let (host, unit, msg) = if error_due {
            next_error += 1;
            &parts.errors[(next_error - 1) % parts.errors.len()]
        } else {
            &parts.background[i % parts.background.len()]
        };
        i += 1;
        secs += rng.next() % 3;
        if rng.next() % 200 == 0 {
            // A process restarts now and then: a new PID for it.
            let k = (rng.next() % pids.len() as u64) as usize;
            pids[k] = 1000 + (rng.next() % 4_000_000) as u32;
        }
        let pid = pids[unit.len() % pids.len()];
        let day = secs / 86400;
        let (month, mday) = (MONTHS[(day / 28 % 12) as usize], day % 28 + 1);
        let (h, m, sec) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
        out += &format!("{month} {mday:2} {h:02}:{m:02}:{sec:02} {host} {unit}[{pid}]: {msg}\n");
    }
    out
}

/// A 10 MB paste: the bundle first, then a journal filling the rest.
pub fn big_paste(s: &Samples, parts: &JournalParts, bytes: usize) -> String {
    let b = bundle(s);
    let rest = bytes.saturating_sub(b.len());
    b + &journal(parts, rest)
}

/// The built-in knowledge base plus a copy of every entry under `<id>-copy`:
/// twice the entries and twice the line patterns.
pub fn doubled_files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<(&'static str, &'static str)> = engine::builtin_files().to_vec();
    let id_line = Regex::new(r#"(?m)^id = "([^"]+)""#).unwrap();
    for (path, text) in engine::builtin_files() {
        let Some(rest) = path.strip_prefix("kb/") else { continue };
        let Some((id, file)) = rest.split_once('/') else { continue };
        let new_path = format!("kb/{id}-copy/{file}");
        let new_text =
            if file == "entry.toml" { id_line.replace(text, format!(r#"id = "{id}-copy""#)).into_owned() } else { text.to_string() };
        files.push((Box::leak(new_path.into_boxed_str()), Box::leak(new_text.into_boxed_str())));
    }
    files
}

/// Inputs an attacker would pick (redteam.md §3, §4), each about `bytes`
/// long: `(name, text)`. Before the fixes in docs/security.md these took
/// 3 to 75 s per MB.
pub fn hostile(s: &Samples, kb: &engine::Knowledge, bytes: usize) -> Vec<(&'static str, String)> {
    let mut lines: Vec<&str> = s.0.iter().filter(|(p, _)| p.starts_with("content/kb/")).flat_map(|(_, t)| t.lines()).filter(|l| !l.trim().is_empty()).collect();
    lines.sort();
    lines.dedup();
    // Literal pieces of the knowledge base's own patterns.
    let mut frags: Vec<String> = kb
        .entries
        .iter()
        .flat_map(|e| &e.lines)
        .flat_map(|m| m.pattern.split(|c: char| "\\()[]?*+|{}^$.".contains(c)).map(str::trim).filter(|f| f.len() >= 3).map(str::to_string).collect::<Vec<_>>())
        .collect();
    frags.sort();
    frags.dedup();
    let mut rng = Lcg(7);
    let mut fill = |f: &mut dyn FnMut(&mut Lcg) -> String| {
        let mut out = String::with_capacity(bytes + 4096);
        while out.len() < bytes {
            out.push_str(&f(&mut rng));
            out.push('\n');
        }
        out
    };
    let pick = |v: &[String], r: &mut Lcg| v[(r.next() % v.len() as u64) as usize].clone();
    let lines: Vec<String> = lines.into_iter().map(str::to_string).collect();
    let name = |mut i: usize| {
        let mut n = String::new();
        i += 1000;
        while i > 0 {
            n.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
        }
        n
    };
    let mut prompt = 0;
    vec![
        ("braces", "{\n".repeat(bytes / 2)),
        ("json_lines", "{\"a\":1,\n".repeat(bytes / 8)),
        ("key_braces", "{\"data-root\": {\n".repeat(bytes / 16)),
        ("joined_samples", fill(&mut |r| (0..20).map(|_| pick(&lines, r)).collect::<Vec<_>>().join(" "))),
        ("pattern_fragments", fill(&mut |r| (0..30).map(|_| pick(&frags, r)).collect::<Vec<_>>().join(" "))),
        ("mixed_samples", fill(&mut |r| pick(&lines, r))),
        ("prompts", fill(&mut |_| {
            prompt += 1;
            format!("{}@{}:~$ x", name(prompt), name(prompt + 7))
        })),
    ]
}
