//! `ls -l` (or `-la`, `-ln`) output that shows a socket:
//! `srw-rw---- 1 alice alice 0 Mar  4 09:12 /run/user/1000/docker.sock`.
//! Who owns the daemon's socket tells a rootless daemon (the user) from a
//! rootful one (root). A listing is one section when it has a socket in it;
//! the socket named `docker.sock` (else the first) gives the facts.

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct LsSocket;

/// One `ls -l` entry: mode, owner and name, each with its byte offset.
struct Entry<'a> {
    mode: (usize, &'a str),
    owner: (usize, &'a str),
    name: (usize, &'a str),
}

fn is_mode(m: &str) -> bool {
    let b = m.as_bytes();
    let core = b.len() >= 10
        && b"-dlcbsp".contains(&b[0])
        && b[1..10].iter().enumerate().all(|(i, c)| match i % 3 {
            0 => b"r-".contains(c),
            1 => b"w-".contains(c),
            _ => b"xsStT-".contains(c),
        });
    // ACL, SELinux context and extended attribute markers.
    core && (b.len() == 10 || b.len() == 11 && b".+@".contains(&b[10]))
}

/// Words of a line with their byte offsets.
fn words(t: &str) -> impl Iterator<Item = (usize, &str)> {
    t.split(' ').scan(0usize, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    })
    .filter(|(_, w)| !w.is_empty())
}

fn entry(text: &str) -> Option<Entry<'_>> {
    let t = text.trim_end();
    // The mode first: most lines fail there, before any word is collected.
    let first = t.as_bytes().iter().position(|&b| b == b' ').map_or(t, |at| &t[..at]);
    if !is_mode(first) || t.contains('\t') {
        return None;
    }
    let w: Vec<(usize, &str)> = words(t).take(9).collect();
    // mode links owner group size date... name: the date is 3 words
    // (`Mar  4 09:12`, `Mar  4  2023`) or 2 (`2024-03-04 09:12`, long-iso).
    if w.len() < 8 || !is_mode(w[0].1) || !w[1].1.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let size_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b',');
    if !size_ok(w[4].1) {
        return None;
    }
    let iso = w[5].1.len() == 10 && w[5].1.as_bytes()[4] == b'-';
    // full-iso adds the zone: `2024-03-04 09:12:40.000000000 +0100`.
    let zone = w.get(7).is_some_and(|z| z.1.len() == 5 && z.1.starts_with(['+', '-']) && z.1[1..].bytes().all(|b| b.is_ascii_digit()));
    let date_words = if iso && !zone { 2 } else { 3 };
    let name_at = w.get(5 + date_words)?.0;
    let name = &t[name_at..];
    Some(Entry { mode: w[0], owner: w[2], name: (name_at, name.split(" -> ").next().unwrap_or(name)) })
}

fn is_total(t: &str) -> bool {
    t.trim_end().strip_prefix("total ").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'))
}

/// One past the last line of the listing starting at `start`.
fn listing_end(lines: &[Line], start: usize) -> usize {
    let mut end = start + 1;
    while end < lines.len() && entry(&lines[end].text).is_some() {
        end += 1;
    }
    end
}

/// The directory a `ls -l DIR` listed, for names without one.
fn directory(hint: Hint<'_>) -> Option<&str> {
    let cmd = hint.command?.trim();
    let cmd = cmd.strip_prefix("sudo ").unwrap_or(cmd).trim_start();
    let rest = cmd.strip_prefix("ls ")?;
    let mut paths = rest.split_whitespace().filter(|a| !a.starts_with('-'));
    let dir = paths.next()?;
    (paths.next().is_none() && dir.starts_with('/') && !dir.ends_with(".sock")).then(|| dir.trim_end_matches('/'))
}

impl Format for LsSocket {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "ls"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        let t = &lines[i].text;
        if !(is_total(t) || entry(t).is_some()) {
            return false;
        }
        // Only where a listing starts: a listing without a socket is
        // looked through once, not once per line.
        if i > 0 && entry(&lines[i - 1].text).is_some() {
            return false;
        }
        let from = if is_total(t) { i + 1 } else { i };
        from < lines.len() && lines[from..listing_end(lines, from)].iter().any(|l| entry(&l.text).is_some_and(|e| e.mode.1.starts_with('s')))
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        if is_total(&lines[start].text) && start + 1 < lines.len() {
            listing_end(lines, start + 1)
        } else {
            listing_end(lines, start)
        }
    }

    fn parse(&self, lines: &[Line], hint: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let sockets: Vec<(&Line, Entry<'_>)> =
            lines.iter().filter_map(|l| entry(&l.text).map(|e| (l, e))).filter(|(_, e)| e.mode.1.starts_with('s')).collect();
        let pick = sockets.iter().position(|(_, e)| e.name.1.ends_with("docker.sock")).unwrap_or(0);
        let Some((line, e)) = sockets.get(pick) else { return };
        let src = |(at, s): (usize, &str)| Source { line: line.number, start: at, end: at + s.len() };
        let path = match directory(hint) {
            Some(dir) if !e.name.1.starts_with('/') => format!("{dir}/{}", e.name.1),
            _ => e.name.1.to_string(),
        };
        facts.socket_path.set(&path, src(e.name));
        facts.socket_owner.set(e.owner.1, src(e.owner));
        facts.socket_mode.set(e.mode.1, src(e.mode));
    }
}
