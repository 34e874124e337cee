//! Subordinate IDs: what `/etc/subuid` and `/etc/subgid` say, read as a
//! whole rather than entry by entry.
//!
//! [`analyze`] turns the parsed ranges into one table per file and a list of
//! checks (keys into the interface strings, with the lines they concern);
//! [`free_range`] finds room for a new range; [`map_uid`] and
//! [`host_to_container`] compute where a container's ID lands on the host.
//!
//! Facts the functions follow:
//! - rootless: container ID 0 is the user's own ID, container IDs `1..=count`
//!   are the user's range (`k` maps to `start + k - 1`);
//! - rootful `userns-remap`: container IDs `0..count` are the remap user's
//!   range (`k` maps to `start + k`);
//! - `login.defs`: `SUB_UID_MIN` 100000, `SUB_UID_MAX` 600100000,
//!   `SUB_UID_COUNT` 65536.
//!
//! Pure functions, no panics: numbers from a paste may be anything a `u64`
//! holds, so every sum saturates or is checked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::facts::{Facts, SubIdRange, SubIds};
use crate::kb::Severity;
use crate::validate::Kind;

/// `SUB_UID_MIN` of login.defs: the IDs below it belong to real users and groups.
pub const SUB_ID_MIN: u64 = 100_000;
/// `SUB_UID_MAX` of login.defs: where `useradd` stops allocating.
pub const SUB_ID_MAX: u64 = 600_100_000;
/// `SUB_UID_COUNT` of login.defs: the IDs `useradd` gives each user, and what
/// most images need (IDs up to 65534, `nobody`).
pub const SUB_ID_COUNT: u64 = 65_536;
/// One past the highest valid ID: 2^32 - 1 is `(uid_t) -1`, never an ID.
pub const ID_LIMIT: u64 = 4_294_967_295;
/// Ranges read per file; a longer file is cut (and says so).
pub const MAX_RANGES: usize = 2_000;
/// Checks of one kind listed per file (overlaps grow with the square).
const MAX_CHECKS_PER_KIND: usize = 50;

/// How a container's IDs reach the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The rootless daemon: 0 is the user, 1.. the user's subordinate range.
    Rootless,
    /// A rootful daemon with `userns-remap`: 0.. the remap user's range.
    UsernsRemap,
}

pub use crate::facts::IdFile;

/// One line of the table: a range and who owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub owner: String,
    pub start: u64,
    /// The last ID of the range (inclusive); `None` for an empty range.
    pub end: Option<u64>,
    pub count: u64,
    /// 1-based line in the paste.
    pub line: usize,
    /// The owner is the reader (by name or by UID).
    pub is_user: bool,
}

/// Something worth telling about the ranges: a key into the interface
/// strings (`subids-check-*`), how serious it is, and what it concerns.
/// Values for the string's `{owner}`, `{count}`, `{uid}`, `{file}` are here;
/// the page and the CLI fill them in as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub key: &'static str,
    pub severity: Severity,
    /// The file it is about; `None` for checks across both files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<IdFile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// An ID count or an ID, where the key's text names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
    /// 1-based lines of the paste the check is about.
    pub lines: Vec<usize>,
}

/// One file: every range per owner (owners in order of first appearance,
/// each owner's ranges in file order) and what is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub file: IdFile,
    /// The paste printed this file (its ranges, or a command that shows it).
    pub read: bool,
    pub rows: Vec<Row>,
    /// Owners in order of first appearance: the lanes of the picture.
    pub owners: Vec<String>,
    /// Ranges left out beyond [`MAX_RANGES`].
    #[serde(skip_serializing_if = "is_zero")]
    pub cut: usize,
    pub checks: Vec<Check>,
    /// The shared IDs of every pair of overlapping ranges of two owners, as
    /// inclusive `(first, last)`, for the picture.
    pub overlaps: Vec<(u64, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubIdReport {
    /// The reader's name, else UID, as an owner field would spell it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u64>,
    pub subuid: FileReport,
    pub subgid: FileReport,
    /// Checks across the two files (an owner whose ranges differ) and about
    /// the paste (the reader's user is unknown).
    pub checks: Vec<Check>,
    /// The lowest free [`SUB_ID_COUNT`] IDs in both files, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free: Option<(u64, u64)>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl SubIdReport {
    /// Nothing to show: the paste had no subordinate ID line at all.
    pub fn is_empty(&self) -> bool {
        self.subuid.rows.is_empty() && self.subgid.rows.is_empty() && !self.all_checks().any(|c| c.key == "subids-check-malformed")
    }

    /// Every check, the files' first.
    pub fn all_checks(&self) -> impl Iterator<Item = &Check> {
        self.subuid.checks.iter().chain(&self.subgid.checks).chain(&self.checks)
    }

    /// Whether the reader should get a new range: the reader has none, too
    /// few IDs, a range that overlaps another owner's or real IDs, ranges
    /// that differ between the files, or is not known from the paste.
    pub fn user_needs_range(&self) -> bool {
        let names: Vec<String> = self.user.iter().cloned().chain(self.uid.map(|u| u.to_string())).collect();
        if names.is_empty() {
            return true;
        }
        self.all_checks().any(|c| {
            c.key == "subids-check-user-missing" || (c.severity >= Severity::Warning && c.key != "subids-check-malformed" && c.owners.iter().any(|o| names.contains(o)))
        })
    }

    /// The reader's own ranges in `file`.
    pub fn user_rows(&self, file: IdFile) -> impl Iterator<Item = &Row> {
        let f = match file {
            IdFile::Subuid => &self.subuid,
            IdFile::Subgid => &self.subgid,
        };
        f.rows.iter().filter(|r| r.is_user)
    }
}

/// The exclusive end of a range, saturating.
fn end_excl(start: u64, count: u64) -> u64 {
    start.saturating_add(count)
}

fn overlap(a: &SubIdRange, b: &SubIdRange) -> Option<(u64, u64)> {
    if a.count == 0 || b.count == 0 {
        return None;
    }
    let lo = a.start.max(b.start);
    let hi = end_excl(a.start, a.count).min(end_excl(b.start, b.count));
    (lo < hi).then(|| (lo, hi - 1))
}

/// The whole picture of both files for the reader in `facts`.
pub fn analyze(facts: &Facts) -> SubIdReport {
    let uid = facts.uid.get().copied().map(u64::from);
    let names: Vec<String> = facts.user.get().cloned().into_iter().chain(uid.map(|u| u.to_string())).collect();
    let is_user = |owner: &str| names.iter().any(|n| n == owner);
    let user_line = facts.source("user").or(facts.source("uid")).map(|s| s.line);

    let file = |which: IdFile| {
        let SubIds { ranges, malformed, read } = facts.subids(which);
        let kept = &ranges[..ranges.len().min(MAX_RANGES)];
        let mut report = file_report(which, kept, &is_user, uid);
        report.cut = ranges.len() - kept.len();
        report.read = read || !ranges.is_empty() || !malformed.is_empty();
        if !malformed.is_empty() {
            report.checks.push(Check {
                key: "subids-check-malformed",
                severity: Severity::Error,
                file: Some(which),
                owners: vec![],
                value: None,
                lines: malformed.iter().map(|s| s.line).collect(),
            });
        }
        // The reader has no range here (known only when the reader is known).
        if report.read && !names.is_empty() && !kept.iter().any(|r| is_user(&r.owner)) {
            report.checks.insert(
                0,
                Check {
                    key: "subids-check-user-missing",
                    severity: Severity::Error,
                    file: Some(which),
                    owners: names.first().cloned().into_iter().collect(),
                    value: None,
                    lines: user_line.into_iter().collect(),
                },
            );
        }
        // Errors first, then by first line (stable within a line).
        report.checks.sort_by_key(|c| (std::cmp::Reverse(c.severity), c.lines.first().copied().unwrap_or(0)));
        (report, kept)
    };
    let (subuid, uid_ranges) = file(IdFile::Subuid);
    let (subgid, gid_ranges) = file(IdFile::Subgid);

    let mut checks = Vec::new();
    if names.is_empty() && !(uid_ranges.is_empty() && gid_ranges.is_empty()) {
        checks.push(Check { key: "subids-check-user-unknown", severity: Severity::Info, file: None, owners: vec![], value: None, lines: vec![] });
    }
    // An owner with ranges in both files should have the same ones in each:
    // files written by hand drift apart, and a container's files then get a
    // group that maps somewhere else.
    if !uid_ranges.is_empty() && !gid_ranges.is_empty() {
        fn by_owner(rs: &[SubIdRange]) -> BTreeMap<&str, Vec<(u64, u64, usize)>> {
            let mut m: BTreeMap<&str, Vec<(u64, u64, usize)>> = BTreeMap::new();
            for r in rs {
                m.entry(r.owner.as_str()).or_default().push((r.start, r.count, r.line));
            }
            m
        }
        let (u, g) = (by_owner(uid_ranges), by_owner(gid_ranges));
        for owner in subuid.owners.iter() {
            let (Some(a), Some(b)) = (u.get(owner.as_str()), g.get(owner.as_str())) else { continue };
            let key = |v: &Vec<(u64, u64, usize)>| {
                let mut k: Vec<(u64, u64)> = v.iter().map(|&(s, c, _)| (s, c)).collect();
                k.sort_unstable();
                k.dedup();
                k
            };
            if key(a) != key(b) {
                let mut lines: Vec<usize> = a.iter().chain(b).map(|t| t.2).collect();
                lines.sort_unstable();
                checks.push(Check {
                    key: "subids-check-differs",
                    severity: Severity::Warning,
                    file: None,
                    owners: vec![owner.clone()],
                    value: None,
                    lines,
                });
                if checks.len() > MAX_CHECKS_PER_KIND {
                    break;
                }
            }
        }
    }
    // Every range counts here, also those past the cut: room is room only
    // if no line of either file claims it.
    // Nor the reader's own UID: the kernel refuses a map that holds it twice.
    let own: Vec<SubIdRange> = uid.map(|u| SubIdRange { owner: String::new(), start: u, count: 1, line: 0 }).into_iter().collect();
    let free = free_range(&facts.subuid, &[facts.subgid.as_slice(), &own].concat(), SUB_ID_COUNT);
    SubIdReport { user: names.first().cloned(), uid, subuid, subgid, checks, free }
}

fn file_report(which: IdFile, ranges: &[SubIdRange], is_user: &dyn Fn(&str) -> bool, uid: Option<u64>) -> FileReport {
    // Owners in order of first appearance; rows grouped by owner.
    let mut owners: Vec<String> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for r in ranges {
        if !index.contains_key(r.owner.as_str()) {
            index.insert(r.owner.as_str(), owners.len());
            owners.push(r.owner.clone());
        }
    }
    let mut rows: Vec<Row> = ranges
        .iter()
        .map(|r| Row {
            owner: r.owner.clone(),
            start: r.start,
            end: (r.count > 0).then(|| end_excl(r.start, r.count) - 1),
            count: r.count,
            line: r.line,
            is_user: is_user(&r.owner),
        })
        .collect();
    rows.sort_by_key(|r| index.get(r.owner.as_str()).copied().unwrap_or(usize::MAX)); // stable: file order within an owner

    let mut checks = Vec::new();
    let push = |checks: &mut Vec<Check>, key: &'static str, severity, owners: Vec<String>, value, mut lines: Vec<usize>| {
        if checks.iter().filter(|c: &&Check| c.key == key).count() < MAX_CHECKS_PER_KIND {
            lines.sort_unstable();
            lines.dedup();
            checks.push(Check { key, severity, file: Some(which), owners, value, lines });
        }
    };

    // Fewer IDs than an image needs, per owner (all of an owner's ranges count).
    for owner in &owners {
        let mine = || ranges.iter().filter(|r| &r.owner == owner);
        let total = mine().fold(0u64, |t, r| t.saturating_add(r.count));
        if total < SUB_ID_COUNT {
            let sev = if is_user(owner) { Severity::Error } else { Severity::Warning };
            push(&mut checks, "subids-check-too-small", sev, vec![owner.clone()], Some(total), mine().map(|r| r.line).collect());
        }
    }

    // The same line more than once.
    let mut seen: BTreeMap<(&str, u64, u64), Vec<usize>> = BTreeMap::new();
    for r in ranges {
        seen.entry((r.owner.as_str(), r.start, r.count)).or_default().push(r.line);
    }
    let mut dups: Vec<(&str, Vec<usize>)> = seen.into_iter().filter(|(_, l)| l.len() > 1).map(|((o, ..), l)| (o, l)).collect();
    dups.sort_by_key(|(_, l)| l[0]);
    for (owner, lines) in dups {
        push(&mut checks, "subids-check-duplicate", Severity::Warning, vec![owner.to_string()], None, lines);
    }

    // Ranges of two owners that share IDs: sweep in start order.
    let mut order: Vec<&SubIdRange> = ranges.iter().filter(|r| r.count > 0).collect();
    order.sort_by_key(|r| (r.start, r.line));
    let mut overlaps = Vec::new();
    'sweep: for (i, a) in order.iter().enumerate() {
        for b in &order[i + 1..] {
            if b.start >= end_excl(a.start, a.count) {
                break;
            }
            if a.owner == b.owner {
                continue;
            }
            if let Some(shared) = overlap(a, b) {
                if overlaps.len() >= MAX_CHECKS_PER_KIND {
                    break 'sweep;
                }
                overlaps.push(shared);
                let (first, second) = if a.line <= b.line { (a, b) } else { (b, a) };
                push(
                    &mut checks,
                    "subids-check-overlap",
                    Severity::Error,
                    vec![first.owner.clone(), second.owner.clone()],
                    Some(shared.1 - shared.0 + 1),
                    vec![first.line, second.line],
                );
            }
        }
    }

    // Below SUB_UID_MIN: among the IDs of real users and groups.
    for r in ranges.iter().filter(|r| r.count > 0 && r.start < SUB_ID_MIN) {
        push(&mut checks, "subids-check-below-min", Severity::Error, vec![r.owner.clone()], None, vec![r.line]);
    }
    // The reader's own UID inside a range: the container would own the
    // reader's files. (A GID is not in `id`'s first field; subuid only.)
    if let (IdFile::Subuid, Some(uid)) = (which, uid) {
        for r in ranges.iter().filter(|r| r.start <= uid && uid < end_excl(r.start, r.count)) {
            push(&mut checks, "subids-check-contains-uid", Severity::Error, vec![r.owner.clone()], Some(uid), vec![r.line]);
        }
    }
    // Past the last valid ID: the kernel refuses the whole mapping.
    for r in ranges.iter().filter(|r| end_excl(r.start, r.count) > ID_LIMIT) {
        push(&mut checks, "subids-check-too-high", Severity::Error, vec![r.owner.clone()], None, vec![r.line]);
    }
    FileReport { file: which, read: false, rows, owners, cut: 0, checks, overlaps }
}

/// The lowest `start >= 100000` such that `[start, start + count)` shares no
/// ID with any range of either file and ends below 2^32 - 1 (the highest
/// valid ID is 2^32 - 2). Returns the range inclusive, `(start, start + count - 1)`,
/// for `usermod --add-subuids start-end`. `None` for `count == 0` or when no
/// such room is left.
pub fn free_range(ranges_uid: &[SubIdRange], ranges_gid: &[SubIdRange], count: u64) -> Option<(u64, u64)> {
    if count == 0 {
        return None;
    }
    let mut taken: Vec<(u64, u64)> = ranges_uid
        .iter()
        .chain(ranges_gid)
        .filter(|r| r.count > 0)
        .map(|r| (r.start, end_excl(r.start, r.count)))
        .collect();
    taken.sort_unstable();
    let mut candidate = SUB_ID_MIN;
    for (start, end) in taken {
        if end <= candidate {
            continue;
        }
        if start >= candidate.checked_add(count)? {
            break;
        }
        candidate = end;
    }
    let end = candidate.checked_add(count)?;
    (end <= ID_LIMIT).then(|| (candidate, end - 1))
}

/// The command that gives `user` the range `(start, end)` in both files.
/// The user name goes in only when it passes the user validator; otherwise
/// the reader's shell computes it (`"$(id -un)"`), so the command runs as shown.
pub fn add_command(range: (u64, u64), user: Option<&str>) -> String {
    let user = user.filter(|u| Kind::User.accepts(u)).unwrap_or("\"$(id -un)\"");
    let (a, b) = range;
    format!("sudo usermod --add-subuids {a}-{b} --add-subgids {a}-{b} {user}")
}

/// A mapping is valid only if its host IDs are valid IDs and, in rootless
/// mode, the user's own ID is not also inside the range (the kernel refuses
/// overlapping extents).
fn valid(mode: Mode, user_uid: Option<u64>, range: &SubIdRange) -> bool {
    if end_excl(range.start, range.count) > ID_LIMIT {
        return false;
    }
    match (mode, user_uid) {
        (Mode::Rootless, Some(u)) => u < ID_LIMIT && !(range.start <= u && u < end_excl(range.start, range.count)),
        _ => true,
    }
}

/// The host ID a container ID lands on, `None` outside the mapping.
///
/// Rootless: 0 is `user_uid` (`None` when unknown), `1..=count` is
/// `start..start+count`. `userns-remap`: `0..count` is `start..start+count`
/// (`user_uid` plays no part).
pub fn map_uid(mode: Mode, container_uid: u64, user_uid: Option<u64>, range: &SubIdRange) -> Option<u64> {
    if !valid(mode, user_uid, range) {
        return None;
    }
    match mode {
        Mode::Rootless if container_uid == 0 => user_uid,
        Mode::Rootless => (container_uid <= range.count).then(|| range.start + (container_uid - 1)),
        Mode::UsernsRemap => (container_uid < range.count).then(|| range.start + container_uid),
    }
}

/// The container ID a host ID shows up as, `None` when the container cannot
/// see it (it appears as `nobody`, 65534). The inverse of [`map_uid`].
pub fn host_to_container(mode: Mode, host_uid: u64, user_uid: Option<u64>, range: &SubIdRange) -> Option<u64> {
    if !valid(mode, user_uid, range) {
        return None;
    }
    let inside = range.start <= host_uid && host_uid < end_excl(range.start, range.count);
    match mode {
        Mode::Rootless if Some(host_uid) == user_uid => Some(0),
        Mode::Rootless => inside.then(|| host_uid - range.start + 1),
        Mode::UsernsRemap => inside.then(|| host_uid - range.start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_clues, split_and_parse};
    use crate::text::lines;

    fn r(owner: &str, start: u64, count: u64, line: usize) -> SubIdRange {
        SubIdRange { owner: owner.into(), start, count, line }
    }

    fn facts(paste: &str) -> Facts {
        let ls = lines(paste);
        let mut f = Facts::default();
        split_and_parse(&ls, &mut f, &mut Vec::new());
        read_clues(&ls, &mut f);
        f
    }

    fn keys(c: &[Check]) -> Vec<&str> {
        c.iter().map(|c| c.key).collect()
    }

    const PASTE: &str = "$ id\nuid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)\n$ cat /etc/subuid\nalice:100000:65536\nbob:150000:65536\ncarol:231072:1000\n$ cat /etc/subgid\nalice:100000:65536\nbob:165536:65536\ncarol:231072:1000\n";

    #[test]
    fn table_and_checks_of_a_typical_paste() {
        let rep = analyze(&facts(PASTE));
        assert_eq!(rep.user.as_deref(), Some("alice"));
        assert_eq!(rep.uid, Some(1000));
        let u = &rep.subuid;
        assert_eq!(u.owners, ["alice", "bob", "carol"]);
        assert_eq!(u.rows[0], Row { owner: "alice".into(), start: 100000, end: Some(165535), count: 65536, line: 4, is_user: true });
        assert_eq!(u.rows[2].end, Some(232071));
        assert_eq!(keys(&u.checks), ["subids-check-overlap", "subids-check-too-small"]);
        let ov = &u.checks[0];
        assert_eq!((ov.owners.clone(), ov.lines.clone(), ov.value), (vec!["alice".to_string(), "bob".to_string()], vec![4, 5], Some(15536)));
        assert_eq!(u.overlaps, [(150000, 165535)]);
        assert_eq!((u.checks[1].owners[0].as_str(), u.checks[1].value, &u.checks[1].lines[..]), ("carol", Some(1000), &[6][..]));
        assert_eq!(keys(&rep.subgid.checks), ["subids-check-too-small"]);
        // bob differs between the files.
        assert_eq!(keys(&rep.checks), ["subids-check-differs"]);
        assert_eq!(rep.checks[0].owners, ["bob"]);
        assert_eq!(rep.checks[0].lines, [5, 9]);
        assert_eq!(rep.free, Some((232072, 297607)));
        assert_eq!(add_command(rep.free.unwrap(), rep.user.as_deref()), "sudo usermod --add-subuids 232072-297607 --add-subgids 232072-297607 alice");
        assert!(!rep.is_empty());
        assert!(rep.user_needs_range(), "alice overlaps bob");
    }

    #[test]
    fn missing_user_duplicates_low_ranges_own_uid_and_malformed_lines() {
        let paste = "$ id\nuid=1500(dave) gid=1500(dave)\n$ cat /etc/subuid\nalice:100000:65536\nalice:100000:65536\nsvc:1000:65536\nbroken 5 6\n$ cat /etc/subgid\ndave:200000:65536\n";
        let rep = analyze(&facts(paste));
        let u = &rep.subuid;
        assert_eq!(
            keys(&u.checks),
            ["subids-check-user-missing", "subids-check-below-min", "subids-check-contains-uid", "subids-check-malformed", "subids-check-duplicate"]
        );
        assert_eq!(u.checks[0].lines, [2]);
        assert_eq!(u.checks[0].owners, ["dave"]);
        assert_eq!(u.checks[2].value, Some(1500));
        assert_eq!(u.checks[3].lines, [7]);
        assert_eq!(u.checks[4].lines, [4, 5]);
        // A duplicate is not an overlap between owners.
        assert!(u.overlaps.is_empty());
        assert!(rep.subgid.checks.is_empty());
        assert!(rep.checks.is_empty(), "dave is only in subgid: no differs, the missing range is told once");
    }

    #[test]
    fn the_user_may_be_listed_by_uid() {
        let rep = analyze(&facts("$ id\nuid=1000(alice) gid=1000(alice)\n$ cat /etc/subuid\n1000:100000:65536\n"));
        assert!(rep.subuid.rows[0].is_user);
        assert!(rep.subuid.checks.is_empty());
        assert!(!rep.subgid.read);
        assert!(rep.subgid.checks.is_empty());
        assert!(!rep.user_needs_range());
    }

    #[test]
    fn an_unknown_reader_is_said_once_and_an_empty_paste_is_empty() {
        let rep = analyze(&facts("$ cat /etc/subuid\nalice:100000:65536\n"));
        assert_eq!(keys(&rep.checks), ["subids-check-user-unknown"]);
        assert!(analyze(&Facts::default()).is_empty());
        assert_eq!(analyze(&Facts::default()).free, Some((100000, 165535)));
    }

    #[test]
    fn a_pasted_file_without_the_user_is_a_missing_range() {
        let rep = analyze(&facts("$ id\nuid=1000(alice) gid=1000(alice)\n$ cat /etc/subgid\nbob:100000:65536\n"));
        assert_eq!(keys(&rep.subgid.checks), ["subids-check-user-missing"]);
        assert!(rep.subuid.checks.is_empty(), "subuid was not pasted");
    }

    #[test]
    fn free_range_skips_taken_ids_and_small_gaps() {
        assert_eq!(free_range(&[], &[], 65536), Some((100000, 165535)));
        assert_eq!(free_range(&[r("a", 100000, 65536, 1)], &[], 65536), Some((165536, 231071)));
        // A gap too small is skipped; the subgid file counts too.
        let uid = [r("a", 100000, 65536, 1), r("b", 170000, 10, 2)];
        let gid = [r("a", 300000, 65536, 3)];
        assert_eq!(free_range(&uid, &gid, 65536), Some((170010, 235545)));
        assert_eq!(free_range(&uid, &gid, 4000), Some((165536, 169535)));
        // Ranges below 100000 or empty do not push the start.
        assert_eq!(free_range(&[r("x", 0, 1000, 1), r("y", 100000, 0, 2)], &[], 10), Some((100000, 100009)));
        // No room left below 2^32 - 1.
        assert_eq!(free_range(&[r("a", 100000, ID_LIMIT, 1)], &[], 1), None);
        assert_eq!(free_range(&[], &[], ID_LIMIT - 100000), Some((100000, ID_LIMIT - 1)));
        assert_eq!(free_range(&[], &[], ID_LIMIT - 99999), None);
        assert_eq!(free_range(&[], &[], 0), None);
        assert_eq!(free_range(&[r("a", u64::MAX, u64::MAX, 1)], &[], u64::MAX), None);
    }

    #[test]
    fn the_free_range_skips_the_readers_own_uid() {
        // redteam-repro/07: an LDAP-sized UID where the first free range would be.
        let rep = analyze(&facts("$ id\nuid=100500(alice) gid=100500(alice) groups=100500(alice)\n$ cat /etc/subuid\nbob:165536:65536\n$ cat /etc/subgid\nbob:165536:65536\n"));
        assert_eq!(rep.free, Some((231072, 296607)));
        let rep = analyze(&facts("$ id\nuid=150000(alice) gid=150000(alice)\n"));
        assert_eq!(rep.free, Some((150001, 215536)));
    }

    #[test]
    fn the_free_range_avoids_ranges_past_the_cut() {
        // Ranges beyond MAX_RANGES are left out of the table, not out of the
        // search for room: a suggestion must not overlap any of them.
        let mut subuid: Vec<SubIdRange> = (0..MAX_RANGES).map(|i| r("x", 10_000_000 + 70_000 * i as u64, 65536, i + 1)).collect();
        subuid.push(r("late", 100_000, 65536, MAX_RANGES + 1));
        let rep = analyze(&Facts { subuid, ..Facts::default() });
        assert_eq!(rep.subuid.cut, 1);
        assert_eq!(rep.free, Some((165_536, 231_071)));
    }

    #[test]
    fn add_command_validates_the_user() {
        assert_eq!(add_command((1, 2), Some("alice")), "sudo usermod --add-subuids 1-2 --add-subgids 1-2 alice");
        assert_eq!(add_command((1, 2), Some("$(reboot)")), "sudo usermod --add-subuids 1-2 --add-subgids 1-2 \"$(id -un)\"");
        assert_eq!(add_command((1, 2), None), "sudo usermod --add-subuids 1-2 --add-subgids 1-2 \"$(id -un)\"");
    }

    #[test]
    fn rootless_and_remap_mappings() {
        let range = r("alice", 100000, 65536, 1);
        let (u, rl, rm) = (Some(1000), Mode::Rootless, Mode::UsernsRemap);
        assert_eq!(map_uid(rl, 0, u, &range), Some(1000));
        assert_eq!(map_uid(rl, 1, u, &range), Some(100000));
        assert_eq!(map_uid(rl, 65536, u, &range), Some(165535));
        assert_eq!(map_uid(rl, 65537, u, &range), None);
        assert_eq!(map_uid(rl, 0, None, &range), None);
        assert_eq!(host_to_container(rl, 1000, u, &range), Some(0));
        assert_eq!(host_to_container(rl, 100000, u, &range), Some(1));
        assert_eq!(host_to_container(rl, 165535, u, &range), Some(65536));
        assert_eq!(host_to_container(rl, 165536, u, &range), None);
        assert_eq!(host_to_container(rl, 0, u, &range), None);
        assert_eq!(map_uid(rm, 0, u, &range), Some(100000));
        assert_eq!(map_uid(rm, 65535, u, &range), Some(165535));
        assert_eq!(map_uid(rm, 65536, u, &range), None);
        assert_eq!(host_to_container(rm, 100000, u, &range), Some(0));
        assert_eq!(host_to_container(rm, 1000, u, &range), None);
        // The user's own UID inside the range: the kernel refuses the mapping.
        let bad = r("alice", 0, 65536, 1);
        assert_eq!(map_uid(rl, 1, u, &bad), None);
        assert_eq!(host_to_container(rl, 1000, u, &bad), None);
        // Beyond the last valid ID.
        assert_eq!(map_uid(rm, 0, u, &r("a", ID_LIMIT - 1, 2, 1)), None);
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        fn range() -> impl Strategy<Value = SubIdRange> {
            // Mostly realistic numbers, sometimes anything a u64 holds.
            let num = prop_oneof![4 => 0u64..1_000_000, 2 => 0u64..ID_LIMIT, 1 => any::<u64>()];
            let count = prop_oneof![4 => 0u64..200_000, 1 => any::<u64>()];
            ("[a-c]", num, count, 1usize..100).prop_map(|(owner, start, count, line)| SubIdRange { owner, start, count, line })
        }

        fn shares(a: (u64, u64), r: &SubIdRange) -> bool {
            // a is inclusive; r is [start, start + count).
            r.count > 0 && a.0 < r.start.saturating_add(r.count) && r.start <= a.1
        }

        proptest! {
            #[test]
            fn the_free_range_overlaps_nothing(
                uid in prop::collection::vec(range(), 0..12),
                gid in prop::collection::vec(range(), 0..12),
                count in prop_oneof![1u64..200_000, any::<u64>()],
            ) {
                if let Some((a, b)) = free_range(&uid, &gid, count) {
                    prop_assert!(a >= SUB_ID_MIN);
                    prop_assert_eq!(b - a + 1, count);
                    prop_assert!(b < ID_LIMIT);
                    for r in uid.iter().chain(&gid) {
                        prop_assert!(!shares((a, b), r), "{:?} overlaps {:?}", (a, b), r);
                    }
                    // Lowest: one lower would overlap something or start below the minimum.
                    if a > SUB_ID_MIN {
                        let lower = (a - 1, b - 1);
                        prop_assert!(uid.iter().chain(&gid).any(|r| shares(lower, r)));
                    }
                }
            }

            #[test]
            fn the_analyzers_suggestion_overlaps_nothing(
                uid in prop::collection::vec(range(), 0..12),
                gid in prop::collection::vec(range(), 0..12),
            ) {
                let facts = Facts { subuid: uid.clone(), subgid: gid.clone(), ..Facts::default() };
                let rep = analyze(&facts);
                if let Some((a, b)) = rep.free {
                    prop_assert_eq!(b - a + 1, SUB_ID_COUNT);
                    for r in uid.iter().chain(&gid) {
                        prop_assert!(!shares((a, b), r), "{:?} overlaps {:?}", (a, b), r);
                    }
                }
                prop_assert_eq!(rep.free, free_range(&uid, &gid, SUB_ID_COUNT));
            }

            #[test]
            fn the_suggestion_never_holds_the_readers_own_uid(
                uid in prop::collection::vec(range(), 0..6),
                own in prop_oneof![100_000u32..400_000, any::<u32>()],
            ) {
                let mut facts = Facts { subuid: uid.clone(), subgid: uid.clone(), ..Facts::default() };
                facts.uid.set(own, crate::facts::Source { line: 1, start: 0, end: 0 });
                if let Some((a, b)) = analyze(&facts).free {
                    prop_assert!(!(a..=b).contains(&u64::from(own)), "{:?} holds {}", (a, b), own);
                }
            }

            #[test]
            fn map_and_reverse_are_inverse(
                start in prop_oneof![0u64..1_000_000, any::<u64>()],
                count in prop_oneof![0u64..100_000, any::<u64>()],
                user in proptest::option::of(prop_oneof![0u64..200_000, any::<u64>()]),
                k in prop_oneof![0u64..100_000, any::<u64>()],
                h in prop_oneof![0u64..1_200_000, any::<u64>()],
                remap in any::<bool>(),
            ) {
                let mode = if remap { Mode::UsernsRemap } else { Mode::Rootless };
                let range = SubIdRange { owner: "a".into(), start, count, line: 1 };
                if let Some(host) = map_uid(mode, k, user, &range) {
                    prop_assert!(host < ID_LIMIT);
                    prop_assert_eq!(host_to_container(mode, host, user, &range), Some(k));
                }
                if let Some(c) = host_to_container(mode, h, user, &range) {
                    prop_assert_eq!(map_uid(mode, c, user, &range), Some(h));
                }
            }
        }
    }
}
