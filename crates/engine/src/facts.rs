//! Typed facts read from a paste, with the line each came from.
//!
//! Knowledge-base entries test facts by name (`fact = "cgroup_driver"`), so
//! every fact a condition may name is listed in [`Facts::get`]; the tidy test
//! rejects a condition on any other name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a fact was read: a line and a byte span in that line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// One line of `/etc/subuid` or `/etc/subgid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubIdRange {
    pub owner: String,
    pub start: u64,
    pub count: u64,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// RootlessKit's version (`docker version`'s rootlesskit component, `rootlesskit --version`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rootlesskit_version: Option<String>,
    /// RootlessKit's network driver (`NetworkDriver:`, `--net=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_driver: Option<String>,
    /// RootlessKit's port driver (`PortDriver:`, `--port-driver=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_driver: Option<String>,
    /// RootlessKit runs with `--detach-netns` (the daemon in the host's network namespace).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detach_netns: Option<bool>,
    /// `containerd` (snapshotters, `driver-type: io.containerd.snapshotter.v1`) or `graphdriver`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_store: Option<String>,
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
    #[serde(skip_serializing_if = "BTreeMap::is_empty", serialize_with = "values_only", deserialize_with = "sources_unknown")]
    pub sysctl: BTreeMap<String, (String, Source)>,
    /// `systemctl status docker`: the state word of `Active:` (`active`,
    /// `inactive`, `failed`, `activating`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_active: Option<String>,
    /// The unit file named by `Loaded:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_loaded_path: Option<String>,
    /// The program the unit starts (`ExecStart=` of a `Process:` line, else
    /// the main process in the `CGroup:` tree).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_exec: Option<String>,
    /// The status was of a user unit (`--user`, a unit under a `systemd/user` directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_user: Option<bool>,
    /// Process names of journal lines (`dockerd-rootless.sh`, `rootlesskit`, `systemd`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub journal_units: Vec<String>,
    /// A journal was pasted; true when the rootless daemon's processes wrote to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rootless_journal: Option<bool>,
    /// The daemon.json a `cat` printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_json_path: Option<String>,
    /// Top-level keys of a pasted daemon.json.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub daemon_json_keys: Vec<String>,
    /// A daemon.json was pasted; true when it is not valid JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_json_invalid: Option<bool>,
    /// Where the JSON error is, as line and column of the file itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_json_error_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_json_error_column: Option<usize>,
    /// `KEY=value` of the `Environment=` lines of a pasted unit or drop-in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropin_env: Vec<String>,
    #[serde(skip)]
    pub dropin_env_sources: Vec<Source>,
    /// The `# /path` headers `systemctl cat` prints (or the file a `cat` showed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropin_paths: Vec<String>,
    /// The text of dockerd-rootless-setuptool.sh's `[ERROR]` lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub setuptool_errors: Vec<String>,
    #[serde(skip)]
    pub setuptool_error_sources: Vec<Source>,
    /// The setup tool said its requirements are satisfied or installed the
    /// unit, and printed no `[ERROR]`; false when it printed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setuptool_ok: Option<bool>,
    /// `ls -l` of a socket: owner (name or, with `-n`, UID), mode and path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub socket_owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub socket_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub socket_path: Option<String>,
    /// Flags of a pasted `docker run`/`create` worth a look (`--privileged`,
    /// `-p 80:80`, `-v /:/host`, `--network host`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub run_flags: Vec<String>,
    #[serde(skip)]
    pub run_flag_sources: Vec<Source>,
    /// The same for a pasted compose file: `privileged: true`,
    /// `network_mode: host`, `volumes: /:/host`, `ports: 80:80`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub compose_keys: Vec<String>,
    #[serde(skip)]
    pub compose_key_sources: Vec<Source>,
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

/// The sources are not in the public JSON; `wire` carries them.
fn sources_unknown<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, (String, Source)>, D::Error> {
    let map = BTreeMap::<String, String>::deserialize(d)?;
    Ok(map.into_iter().map(|(k, v)| (k, (v, Source { line: 0, start: 0, end: 0 }))).collect())
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

/// Most items a list fact keeps.
pub const MAX_ITEMS: usize = 64;

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
    "rootlesskit_version",
    "network_driver",
    "port_driver",
    "detach_netns",
    "image_store",
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
    "unit_active",
    "unit_loaded_path",
    "unit_exec",
    "unit_user",
    "journal_units",
    "rootless_journal",
    "daemon_json_path",
    "daemon_json_keys",
    "daemon_json_invalid",
    "dropin_env",
    "dropin_paths",
    "setuptool_errors",
    "setuptool_ok",
    "socket_owner",
    "socket_mode",
    "socket_path",
    "run_flags",
    "compose_keys",
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
            "rootlesskit_version" => s(&self.rootlesskit_version),
            "network_driver" => s(&self.network_driver).or_else(|| self.env("NET").map(Value::Str)),
            "port_driver" => s(&self.port_driver).or_else(|| self.env("PORT_DRIVER").map(Value::Str)),
            // Said by the command line or the drop-in, else the default of the
            // daemon's version: on since Docker 29.5 (RootlessKit 3).
            "detach_netns" => self
                .detach_netns
                .or_else(|| self.env("DETACH_NETNS").map(|v| v.eq_ignore_ascii_case("true") || v == "1"))
                .or_else(|| {
                    let v = self.server_version.as_deref().filter(|_| self.rootless != Some(false))?;
                    Some(crate::kb::version_key(v) >= vec![29, 5])
                })
                .map(Value::Bool),
            "image_store" => s(&self.image_store).or_else(|| {
                match self.storage_driver.as_deref()? {
                    "overlayfs" | "native" | "stargz" => Some(Value::Str("containerd")),
                    "overlay2" | "vfs" | "aufs" | "devicemapper" => Some(Value::Str("graphdriver")),
                    _ => None,
                }
            }),
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
            "unit_active" => s(&self.unit_active),
            "unit_loaded_path" => s(&self.unit_loaded_path),
            "unit_exec" => s(&self.unit_exec),
            "unit_user" => self.unit_user.map(Value::Bool),
            // Lists are known once their output was pasted, else while they have items.
            "journal_units" if self.rootless_journal.is_some() => list(&self.journal_units),
            "rootless_journal" => self.rootless_journal.map(Value::Bool),
            "daemon_json_path" => s(&self.daemon_json_path),
            "daemon_json_keys" if self.daemon_json_invalid == Some(false) => list(&self.daemon_json_keys),
            "daemon_json_invalid" => self.daemon_json_invalid.map(Value::Bool),
            "dropin_env" if !self.dropin_env.is_empty() => list(&self.dropin_env),
            "dropin_paths" if !self.dropin_paths.is_empty() => list(&self.dropin_paths),
            "setuptool_errors" if self.setuptool_ok.is_some() => list(&self.setuptool_errors),
            "setuptool_ok" => self.setuptool_ok.map(Value::Bool),
            "socket_owner" => s(&self.socket_owner),
            "socket_mode" => s(&self.socket_mode),
            "socket_path" => s(&self.socket_path),
            "run_flags" if !self.run_flags.is_empty() => list(&self.run_flags),
            "compose_keys" if !self.compose_keys.is_empty() => list(&self.compose_keys),
            _ => name.strip_prefix("sysctl.").and_then(|k| self.sysctl.get(k)).map(|(v, _)| Value::Str(v)),
        }
    }

    /// The value of `DOCKERD_ROOTLESS_ROOTLESSKIT_<key>` in a pasted unit or drop-in.
    fn env(&self, key: &str) -> Option<&str> {
        self.dropin_env.iter().rev().find_map(|kv| kv.strip_prefix("DOCKERD_ROOTLESS_ROOTLESSKIT_")?.strip_prefix(key)?.strip_prefix('=')).filter(|v| !v.is_empty())
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
            "network_driver" if !self.sources.contains_key(name) => return self.source_for("dropin_env", Some("ROOTLESSKIT_NET=")),
            "port_driver" if !self.sources.contains_key(name) => return self.source_for("dropin_env", Some("ROOTLESSKIT_PORT_DRIVER=")),
            "detach_netns" if !self.sources.contains_key(name) => {
                return self.source_for("dropin_env", Some("ROOTLESSKIT_DETACH_NETNS=")).filter(|_| self.env("DETACH_NETNS").is_some()).or(self.sources.get("server_version").copied())
            }
            "image_store" if !self.sources.contains_key(name) => "storage_driver",
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
            "rootlesskit_version" => &mut self.rootlesskit_version,
            "network_driver" => &mut self.network_driver,
            "port_driver" => &mut self.port_driver,
            "image_store" => &mut self.image_store,
            "os" => &mut self.os,
            "os_id" => &mut self.os_id,
            "os_version" => &mut self.os_version,
            "docker_root_dir" => &mut self.docker_root_dir,
            "docker_host" => &mut self.docker_host,
            "user" => &mut self.user,
            "home" => &mut self.home,
            "hostname" => &mut self.hostname,
            "unit_active" => &mut self.unit_active,
            "unit_loaded_path" => &mut self.unit_loaded_path,
            "unit_exec" => &mut self.unit_exec,
            "daemon_json_path" => &mut self.daemon_json_path,
            "socket_owner" => &mut self.socket_owner,
            "socket_mode" => &mut self.socket_mode,
            "socket_path" => &mut self.socket_path,
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
            "unit_user" => &mut self.unit_user,
            "daemon_json_invalid" => &mut self.daemon_json_invalid,
            "detach_netns" => &mut self.detach_netns,
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
        // List facts with a line per item: the item that contains the text.
        let items = match fact {
            "dropin_env" => Some((&self.dropin_env, &self.dropin_env_sources)),
            "setuptool_errors" => Some((&self.setuptool_errors, &self.setuptool_error_sources)),
            "run_flags" => Some((&self.run_flags, &self.run_flag_sources)),
            "compose_keys" => Some((&self.compose_keys, &self.compose_key_sources)),
            _ => None,
        };
        if let (Some(n), Some((items, sources))) = (needle, items) {
            let n = n.to_lowercase();
            if let Some(i) = items.iter().position(|w| w.to_lowercase().contains(&n)) {
                return sources.get(i).copied();
            }
        }
        self.source(fact)
    }

    /// Adds an item to a list fact once, remembering its line; lists stop
    /// growing at [`MAX_ITEMS`] so a huge paste cannot make them huge.
    pub(crate) fn push(&mut self, name: &'static str, value: &str, src: Source) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let (list, sources) = match name {
            "journal_units" => (&mut self.journal_units, None),
            "daemon_json_keys" => (&mut self.daemon_json_keys, None),
            "dropin_env" => (&mut self.dropin_env, Some(&mut self.dropin_env_sources)),
            "dropin_paths" => (&mut self.dropin_paths, None),
            "setuptool_errors" => (&mut self.setuptool_errors, Some(&mut self.setuptool_error_sources)),
            "run_flags" => (&mut self.run_flags, Some(&mut self.run_flag_sources)),
            "compose_keys" => (&mut self.compose_keys, Some(&mut self.compose_key_sources)),
            _ => return,
        };
        if list.len() >= MAX_ITEMS || list.iter().any(|v| v == value) {
            return;
        }
        list.push(value.to_string());
        if let Some(sources) = sources {
            sources.push(src);
        }
        self.sources.entry(name).or_insert(src);
    }

    pub(crate) fn set_uid(&mut self, uid: u32, src: Source) {
        if self.uid.is_none() {
            self.uid = Some(uid);
            self.sources.insert("uid", src);
        }
    }
}
