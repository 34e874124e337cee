//! Typed facts read from a paste, with the line each came from.
//!
//! Knowledge-base entries test facts by name (`fact = "cgroup_driver"`), so
//! every fact a condition may name is listed in [`Facts::get`]; the tidy test
//! rejects a condition on any other name.

use std::collections::BTreeMap;

use serde::Serialize;

/// Where a fact was read: a line and a byte span in that line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// One line of `/etc/subuid` or `/etc/subgid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubIdRange {
    pub owner: String,
    pub start: u64,
    pub count: u64,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facts {
    /// A `docker info` (text or JSON) was found in the paste.
    #[serde(skip_serializing_if = "is_false")]
    pub docker_info: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// `Some(true)` when the daemon lists the `rootless` security option,
    /// `Some(false)` when it lists its security options without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rootless: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_options: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgroup_driver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgroup_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_driver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// `ID` of /etc/os-release (`ubuntu`), else the first word of `os`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_id: Option<String>,
    /// `VERSION_ID` of /etc/os-release (`24.04`), else the version in `os`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_root_dir: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub registry_mirrors: Vec<String>,
    /// `WARNING:` lines of `docker info`, without the prefix.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub warning_sources: Vec<Source>,
    /// The paste showed a command that prints /etc/subuid (or subgid), so
    /// an absent user means no range rather than an unknown.
    #[serde(skip)]
    pub subuid_read: bool,
    #[serde(skip)]
    pub subgid_read: bool,
    /// `Some(false)` when the client said it could not reach a daemon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_reachable: Option<bool>,
    /// The daemon address the client used, e.g. `unix:///run/user/1000/docker.sock`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
    /// The host name from a shell prompt or docker info's `Name:`
    /// (WSL inherits Windows names like DESKTOP-1A2B3C4; containers have IDs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subuid: Vec<SubIdRange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subgid: Vec<SubIdRange>,
    /// Lines of a pasted /etc/subuid that are not `owner:start:count`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subuid_malformed: Vec<Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subgid_malformed: Vec<Source>,
    /// Kernel parameters by their dotted name (`kernel.unprivileged_userns_clone`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty", serialize_with = "values_only")]
    pub sysctl: BTreeMap<String, (String, Source)>,
    /// `docker info` keys we do not model, kept rather than dropped.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
    /// Where each named fact was read (first occurrence wins).
    #[serde(skip)]
    pub sources: BTreeMap<&'static str, Source>,
}

fn values_only<S: serde::Serializer>(map: &BTreeMap<String, (String, Source)>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter().map(|(k, (v, _))| (k, v)))
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The later of the first two ranges that share an ID (overlapping ranges of
/// two owners, or the same range listed twice).
pub fn first_overlap(ranges: &[SubIdRange]) -> Option<&SubIdRange> {
    let end = |r: &SubIdRange| r.start.saturating_add(r.count);
    ranges.iter().enumerate().find_map(|(i, b)| {
        ranges[..i]
            .iter()
            .any(|a| b.count > 0 && a.count > 0 && a.start < end(b) && b.start < end(a))
            .then_some(b)
    })
}

/// A fact's value as conditions see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Bool(bool),
    Num(f64),
    Str(&'a str),
    /// A value derived from other facts.
    Owned(String),
    List(Vec<&'a str>),
}

/// Every fact name a knowledge-base condition may use, besides
/// `sysctl.<parameter>` (any kernel parameter, e.g. `sysctl.user.max_user_namespaces`).
pub const NAMES: &[&str] = &[
    "docker_info",
    "client_version",
    "server_version",
    "context",
    "rootless",
    "security_options",
    "cgroup_driver",
    "cgroup_version",
    "storage_driver",
    "kernel",
    "os",
    "os_id",
    "os_version",
    "docker_root_dir",
    "registry_mirrors",
    "warnings",
    "daemon_reachable",
    "docker_host",
    "user",
    "uid",
    "home",
    "hostname",
    "subuid_listed",
    "subgid_listed",
    "user_subuid_count",
    "user_subgid_count",
    "subuid_overlap",
    "subgid_overlap",
    "subuid_malformed",
    "subgid_malformed",
];

impl Facts {
    /// The value of a fact by name, `None` when the paste did not tell.
    pub fn get(&self, name: &str) -> Option<Value<'_>> {
        fn s(o: &Option<String>) -> Option<Value<'_>> {
            o.as_deref().map(Value::Str)
        }
        fn list(v: &[String]) -> Option<Value<'_>> {
            Some(Value::List(v.iter().map(String::as_str).collect()))
        }
        match name {
            "docker_info" => Some(Value::Bool(self.docker_info)),
            "client_version" => s(&self.client_version),
            "server_version" => s(&self.server_version),
            "context" => s(&self.context),
            "rootless" => self.rootless.map(Value::Bool),
            "security_options" if self.docker_info => list(&self.security_options),
            "cgroup_driver" => s(&self.cgroup_driver),
            "cgroup_version" => s(&self.cgroup_version),
            "storage_driver" => s(&self.storage_driver),
            "kernel" => s(&self.kernel),
            "os" => s(&self.os),
            "os_id" => self.os_id.clone().or_else(|| self.os.as_deref().and_then(|o| o.split_whitespace().next()).map(str::to_ascii_lowercase)).map(Value::Owned),
            "os_version" => self
                .os_version
                .clone()
                .or_else(|| self.os.as_deref().and_then(|o| o.split_whitespace().find(|w| w.starts_with(|c: char| c.is_ascii_digit()))).map(str::to_string))
                .map(Value::Owned),
            "docker_root_dir" => s(&self.docker_root_dir),
            "registry_mirrors" if self.docker_info => list(&self.registry_mirrors),
            "warnings" if self.docker_info => list(&self.warnings),
            "daemon_reachable" => self.daemon_reachable.map(Value::Bool),
            "docker_host" => s(&self.docker_host),
            "user" => s(&self.user),
            "uid" => self.uid.map(|u| Value::Num(u as f64)),
            "home" => s(&self.home),
            "hostname" => s(&self.hostname),
            "subuid_listed" => Some(Value::Bool(!self.subuid.is_empty())),
            "subgid_listed" => Some(Value::Bool(!self.subgid.is_empty())),
            "user_subuid_count" => self.user_count(&self.subuid),
            "user_subgid_count" => self.user_count(&self.subgid),
            "subuid_overlap" if !self.subuid.is_empty() => Some(Value::Bool(first_overlap(&self.subuid).is_some())),
            "subgid_overlap" if !self.subgid.is_empty() => Some(Value::Bool(first_overlap(&self.subgid).is_some())),
            "subuid_malformed" if !self.subuid.is_empty() || !self.subuid_malformed.is_empty() => Some(Value::Bool(!self.subuid_malformed.is_empty())),
            "subgid_malformed" if !self.subgid.is_empty() || !self.subgid_malformed.is_empty() => Some(Value::Bool(!self.subgid_malformed.is_empty())),
            _ => name.strip_prefix("sysctl.").and_then(|k| self.sysctl.get(k)).map(|(v, _)| Value::Str(v)),
        }
    }

    /// Is `name` a fact a condition may test?
    pub fn is_known(name: &str) -> bool {
        NAMES.contains(&name) || name.strip_prefix("sysctl.").is_some_and(|k| !k.is_empty())
    }

    /// IDs the current user owns in a subordinate ID file: known only when the
    /// file was pasted and the user is known (by name or UID, as subuid allows).
    fn user_count(&self, ranges: &[SubIdRange]) -> Option<Value<'_>> {
        let read = if std::ptr::eq(ranges, self.subuid.as_slice()) { self.subuid_read } else { self.subgid_read };
        if ranges.is_empty() && !read {
            return None;
        }
        let uid = self.uid.map(|u| u.to_string());
        if self.user.is_none() && uid.is_none() {
            return None;
        }
        let total: u64 = ranges
            .iter()
            .filter(|r| Some(&r.owner) == self.user.as_ref() || Some(&r.owner) == uid.as_ref())
            .map(|r| r.count)
            .sum();
        Some(Value::Num(total as f64))
    }

    /// Where a fact came from; derived subordinate-ID facts point at the
    /// user's range (or the first range when the user has none).
    pub fn source(&self, name: &str) -> Option<Source> {
        match name {
            "subuid_overlap" => return first_overlap(&self.subuid).map(|r| Source { line: r.line, start: 0, end: 0 }),
            "subgid_overlap" => return first_overlap(&self.subgid).map(|r| Source { line: r.line, start: 0, end: 0 }),
            "subuid_malformed" => return self.subuid_malformed.first().copied(),
            "subgid_malformed" => return self.subgid_malformed.first().copied(),
            _ => {}
        }
        if let Some(ranges) = match name {
            "user_subuid_count" | "subuid_listed" => Some(&self.subuid),
            "user_subgid_count" | "subgid_listed" => Some(&self.subgid),
            _ => None,
        } {
            // The user's own range; with none, the line that says who the user is.
            let uid = self.uid.map(|u| u.to_string());
            return match ranges.iter().find(|r| Some(&r.owner) == self.user.as_ref() || Some(&r.owner) == uid.as_ref()) {
                Some(r) => Some(Source { line: r.line, start: 0, end: 0 }),
                None => self.sources.get("user").or(self.sources.get("uid")).copied(),
            };
        }
        if let Some((_, src)) = name.strip_prefix("sysctl.").and_then(|k| self.sysctl.get(k)) {
            return Some(*src);
        }
        let name = match name {
            "os_id" | "os_version" if !self.sources.contains_key(name) => "os",
            other => other,
        };
        self.sources.get(name).copied()
    }

    /// Records a string fact unless an earlier line already set it.
    pub(crate) fn set(
        &mut self,
        name: &'static str,
        value: &str,
        src: Source,
    ) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let slot = match name {
            "client_version" => &mut self.client_version,
            "server_version" => &mut self.server_version,
            "context" => &mut self.context,
            "cgroup_driver" => &mut self.cgroup_driver,
            "cgroup_version" => &mut self.cgroup_version,
            "storage_driver" => &mut self.storage_driver,
            "kernel" => &mut self.kernel,
            "os" => &mut self.os,
            "os_id" => &mut self.os_id,
            "os_version" => &mut self.os_version,
            "docker_root_dir" => &mut self.docker_root_dir,
            "docker_host" => &mut self.docker_host,
            "user" => &mut self.user,
            "home" => &mut self.home,
            "hostname" => &mut self.hostname,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
            self.sources.entry(name).or_insert(src);
        }
    }

    pub(crate) fn set_flag(&mut self, name: &'static str, value: bool, src: Source) {
        let slot = match name {
            "rootless" => &mut self.rootless,
            "daemon_reachable" => &mut self.daemon_reachable,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value);
            self.sources.insert(name, src);
        }
    }

    pub(crate) fn add_warning(&mut self, text: &str, src: Source) {
        self.warnings.push(text.to_string());
        self.warning_sources.push(src);
    }

    /// The line that makes `condition` true, where one fact has many lines
    /// (the warning that contains the text, rather than the first warning).
    pub fn source_for(&self, fact: &str, needle: Option<&str>) -> Option<Source> {
        if let (Some(n), "warnings") = (needle, fact) {
            let n = n.to_lowercase();
            if let Some(i) = self.warnings.iter().position(|w| w.to_lowercase().contains(&n)) {
                return self.warning_sources.get(i).copied();
            }
        }
        if fact == "warnings" {
            return self.warning_sources.first().copied();
        }
        self.source(fact)
    }

    pub(crate) fn set_uid(&mut self, uid: u32, src: Source) {
        if self.uid.is_none() {
            self.uid = Some(uid);
            self.sources.insert("uid", src);
        }
    }
}
