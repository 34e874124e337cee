//! Typed facts read from a paste, each with the line it came from.
//!
//! Every fact is declared once, in the `facts!` table below: its name, its
//! type, what it means and which parser reads it. The table generates the
//! [`Facts`] struct (and so its public JSON), [`NAMES`], the lookup by name
//! that knowledge-base conditions use (`fact = "cgroup_driver"`, see
//! [`Facts::get`] and [`Facts::source_for`]), and the walk over every fact's
//! lines that `wire` carries. Parsers write a fact through its typed field
//! (`facts.kernel.set(value, src)`), so a misspelt name does not compile.
//!
//! Adding a fact: one row in the table, and the parser that sets it.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// Which subordinate ID file: `/etc/subuid` (users) or `/etc/subgid` (groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdFile {
    Subuid,
    Subgid,
}

impl IdFile {
    pub fn path(self) -> &'static str {
        match self {
            IdFile::Subuid => "/etc/subuid",
            IdFile::Subgid => "/etc/subgid",
        }
    }

    /// The name in the JSON and in interface-string keys: `subuid`, `subgid`.
    pub fn name(self) -> &'static str {
        match self {
            IdFile::Subuid => "subuid",
            IdFile::Subgid => "subgid",
        }
    }
}

/// What a paste showed of one subordinate ID file.
#[derive(Debug, Clone, Copy)]
pub struct SubIds<'a> {
    pub ranges: &'a [SubIdRange],
    /// Lines that are not `owner:start:count`.
    pub malformed: &'a [Source],
    /// A command that prints the file was pasted, so an absent owner means
    /// no range rather than an unknown.
    pub read: bool,
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

/// Every field of [`Facts`]: left out of the public JSON when nothing was read.
pub trait Field {
    fn is_unset(&self) -> bool;
}

/// A field that conditions can name.
pub trait Fact: Field {
    /// The value as conditions see it, `None` when the paste did not tell.
    fn value(&self) -> Option<Value<'_>>;
    /// The first line it was read from.
    fn source(&self) -> Option<Source>;
    /// For a list, the line of the first item containing `needle` (ignoring case).
    fn item_source(&self, _needle: &str) -> Option<Source> {
        None
    }
    /// Every line it was read from, which the public JSON leaves out (`wire` carries them).
    fn sources(&self) -> Vec<Source>;
    /// Puts back what [`Fact::sources`] returned; false when they do not fit the value.
    fn restore(&mut self, sources: Vec<Source>) -> bool;
}

/// A fact with one value: the first line that gives it wins.
#[derive(Debug, Clone, PartialEq)]
pub struct One<T> {
    value: Option<T>,
    source: Option<Source>,
}

impl<T> Default for One<T> {
    fn default() -> Self {
        One { value: None, source: None }
    }
}

impl<T> One<T> {
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    pub fn cloned(&self) -> Option<T>
    where
        T: Clone,
    {
        self.value.clone()
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }

    /// The line it was read from.
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    fn set_first(&mut self, value: T, src: Source) {
        if self.value.is_none() {
            self.value = Some(value);
            self.source = Some(src);
        }
    }

    /// Sets the value even when an earlier line gave one, for a later line
    /// that settles it (an `[ERROR]` after the setup tool's `[INFO]`).
    pub(crate) fn replace(&mut self, value: T, src: Source) {
        self.value = Some(value);
        self.source = Some(src);
    }
}

impl One<String> {
    pub fn as_deref(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// Records the trimmed value unless it is empty or an earlier line gave one.
    pub(crate) fn set(&mut self, value: &str, src: Source) {
        let value = value.trim();
        if !value.is_empty() {
            self.set_first(value.to_string(), src);
        }
    }
}

impl One<bool> {
    pub(crate) fn set(&mut self, value: bool, src: Source) {
        self.set_first(value, src);
    }
}

impl One<u32> {
    pub(crate) fn set(&mut self, value: u32, src: Source) {
        self.set_first(value, src);
    }
}

impl<T> Field for One<T> {
    fn is_unset(&self) -> bool {
        self.value.is_none()
    }
}

/// How a fact's value reads in a condition.
pub trait AsValue {
    fn as_value(&self) -> Value<'_>;
}

impl AsValue for String {
    fn as_value(&self) -> Value<'_> {
        Value::Str(self)
    }
}

impl AsValue for bool {
    fn as_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl AsValue for u32 {
    fn as_value(&self) -> Value<'_> {
        Value::Num(f64::from(*self))
    }
}

impl<T: AsValue> Fact for One<T> {
    fn value(&self) -> Option<Value<'_>> {
        self.value.as_ref().map(AsValue::as_value)
    }

    fn source(&self) -> Option<Source> {
        self.source
    }

    fn sources(&self) -> Vec<Source> {
        self.source.into_iter().collect()
    }

    fn restore(&mut self, sources: Vec<Source>) -> bool {
        match sources[..] {
            [] => self.source = None,
            [src] if self.value.is_some() => self.source = Some(src),
            _ => return false,
        }
        true
    }
}

/// The public JSON has the value alone.
impl<T: Serialize> Serialize for One<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for One<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(One { value: Option::deserialize(d)?, source: None })
    }
}

/// Items each read from a line of their own, in order; `DEDUP` keeps each
/// item once. At most [`MAX_ITEMS`], so a huge paste cannot make it huge.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Items<const DEDUP: bool> {
    items: Vec<String>,
    sources: Vec<Source>,
}

/// A list fact whose items are each kept once (`dropin_env`, `run_flags`).
pub type List = Items<true>;
/// A list fact that keeps repeats (`docker info`'s warnings, twice when it was pasted twice).
pub type Log = Items<false>;

impl<const DEDUP: bool> Items<DEDUP> {
    pub fn items(&self) -> &[String] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds an item and the line it came from. A list ignores an empty
    /// item and one it already has; a log keeps every item as given.
    pub(crate) fn push(&mut self, value: &str, src: Source) {
        let value = if DEDUP { value.trim() } else { value };
        if self.items.len() >= MAX_ITEMS || DEDUP && (value.is_empty() || self.items.iter().any(|v| v == value)) {
            return;
        }
        self.items.push(value.to_string());
        self.sources.push(src);
    }
}

impl<const DEDUP: bool> Field for Items<DEDUP> {
    fn is_unset(&self) -> bool {
        self.items.is_empty()
    }
}

impl<const DEDUP: bool> Fact for Items<DEDUP> {
    fn value(&self) -> Option<Value<'_>> {
        Some(Value::List(self.items.iter().map(String::as_str).collect()))
    }

    fn source(&self) -> Option<Source> {
        self.sources.first().copied()
    }

    fn item_source(&self, needle: &str) -> Option<Source> {
        let needle = needle.to_lowercase();
        let i = self.items.iter().position(|w| w.to_lowercase().contains(&needle))?;
        self.sources.get(i).copied()
    }

    fn sources(&self) -> Vec<Source> {
        self.sources.clone()
    }

    fn restore(&mut self, sources: Vec<Source>) -> bool {
        let fits = sources.len() == self.items.len();
        if fits {
            self.sources = sources;
        }
        fits
    }
}

impl<const DEDUP: bool> Serialize for Items<DEDUP> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, const DEDUP: bool> Deserialize<'de> for Items<DEDUP> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Items { items: Vec::deserialize(d)?, sources: Vec::new() })
    }
}

/// Items without lines, repeats kept: every security option of every
/// `docker info` in the paste, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Names(Vec<String>);

impl Names {
    pub fn items(&self) -> &[String] {
        &self.0
    }

    pub(crate) fn push(&mut self, value: &str) {
        if self.0.len() < MAX_ITEMS {
            self.0.push(value.to_string());
        }
    }
}

impl Field for Names {
    fn is_unset(&self) -> bool {
        self.0.is_empty()
    }
}

impl Fact for Names {
    fn value(&self) -> Option<Value<'_>> {
        Some(Value::List(self.0.iter().map(String::as_str).collect()))
    }

    fn source(&self) -> Option<Source> {
        None
    }

    fn sources(&self) -> Vec<Source> {
        Vec::new()
    }

    fn restore(&mut self, sources: Vec<Source>) -> bool {
        sources.is_empty()
    }
}

/// A fact that is there or not (`docker_info`): false is a value too.
impl Field for bool {
    fn is_unset(&self) -> bool {
        !*self
    }
}

impl Fact for bool {
    fn value(&self) -> Option<Value<'_>> {
        Some(Value::Bool(*self))
    }

    fn source(&self) -> Option<Source> {
        None
    }

    fn sources(&self) -> Vec<Source> {
        Vec::new()
    }

    fn restore(&mut self, sources: Vec<Source>) -> bool {
        sources.is_empty()
    }
}

impl<T> Field for Vec<T> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Field for BTreeMap<K, V> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Field for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

/// Declares the facts: `fact name: Type` is a fact conditions may name
/// (optionally known only `when` the paste showed its output), `data name:
/// Type` is read from the paste but reaches conditions only through the
/// derived facts ([`DERIVED`]).
macro_rules! facts {
    ($( $(#[$meta:meta])* $role:ident $name:ident: $ty:ty $(, when $when:expr)?; )*) => {
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct Facts {
            $( $(#[$meta])* #[serde(skip_serializing_if = "Field::is_unset")] pub $name: $ty, )*
            /// The paste showed a command that prints /etc/subuid (or subgid),
            /// so an absent user means no range rather than an unknown.
            #[serde(skip)]
            pub subuid_read: bool,
            #[serde(skip)]
            pub subgid_read: bool,
        }

        /// Every field by name, and whether conditions may name it.
        const FIELDS: &[(&str, bool)] = &[$( (stringify!($name), facts!(@is $role)) ),*];

        impl Facts {
            /// The fact called `name` (not the derived ones).
            fn fact(&self, name: &str) -> Option<&dyn Fact> {
                match name {
                    $( stringify!($name) => facts!(@ref $role self.$name), )*
                    _ => None,
                }
            }

            fn fact_mut(&mut self, name: &str) -> Option<&mut dyn Fact> {
                match name {
                    $( stringify!($name) => facts!(@mut $role self.$name), )*
                    _ => None,
                }
            }

            /// Was the output that tells this fact pasted? (A list is known
            /// to be empty only once its output was seen.)
            fn known(&self, name: &str) -> bool {
                match name {
                    $( $( stringify!($name) => {
                        let when: fn(&Facts) -> bool = $when;
                        when(self)
                    } )? )*
                    _ => true,
                }
            }
        }
    };
    (@is fact) => { true };
    (@is data) => { false };
    (@ref fact $field:expr) => { Some(&$field as &dyn Fact) };
    (@ref data $field:expr) => { None };
    (@mut fact $field:expr) => { Some(&mut $field as &mut dyn Fact) };
    (@mut data $field:expr) => { None };
}

facts! {
    /// A `docker info` (text or JSON) was found in the paste.
    fact docker_info: bool;
    /// `docker info`, `docker version`: the client's version.
    fact client_version: One<String>;
    /// `docker info`, `docker version`: the daemon's version.
    fact server_version: One<String>;
    /// `docker info`, `docker version`, `docker context ls`: the current context.
    fact context: One<String>;
    /// `Some(true)` when the daemon lists the `rootless` security option (or
    /// `docker version` shows rootlesskit), `Some(false)` when it lists its
    /// security options without it.
    fact rootless: One<bool>;
    /// `docker info`'s security options, of every `docker info` in the paste.
    fact security_options: Names, when |f| f.docker_info;
    /// `docker info`.
    fact cgroup_driver: One<String>;
    /// `docker info`: `1` or `2`.
    fact cgroup_version: One<String>;
    /// `docker info`.
    fact storage_driver: One<String>;
    /// `docker info`, `docker version`, `uname -r`.
    fact kernel: One<String>;
    /// RootlessKit's version (`docker version`'s rootlesskit component, `rootlesskit --version`).
    fact rootlesskit_version: One<String>;
    /// RootlessKit's network driver (`NetworkDriver:`, `--net=`; else a
    /// drop-in's `DOCKERD_ROOTLESS_ROOTLESSKIT_NET`).
    fact network_driver: One<String>;
    /// RootlessKit's port driver (`PortDriver:`, `--port-driver=`; else a
    /// drop-in's `DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER`).
    fact port_driver: One<String>;
    /// RootlessKit runs with `--detach-netns` (the daemon in the host's
    /// network namespace); else a drop-in's `..._DETACH_NETNS`, else the
    /// default of the daemon's version (on since Docker 29.5).
    fact detach_netns: One<bool>;
    /// `containerd` (snapshotters, `driver-type: io.containerd.snapshotter.v1`)
    /// or `graphdriver`; else what the storage driver's name implies.
    fact image_store: One<String>;
    /// `docker info`'s `Operating System`, /etc/os-release's `PRETTY_NAME`.
    fact os: One<String>;
    /// `ID` of /etc/os-release (`ubuntu`), else the first word of `os`.
    fact os_id: One<String>;
    /// `VERSION_ID` of /etc/os-release (`24.04`), else the version in `os`.
    fact os_version: One<String>;
    /// `docker info`.
    fact docker_root_dir: One<String>;
    /// `docker info`.
    fact registry_mirrors: Names, when |f| f.docker_info;
    /// `WARNING:` lines of `docker info`, without the prefix.
    fact warnings: Log, when |f| f.docker_info;
    /// `Some(false)` when the client said it could not reach a daemon.
    fact daemon_reachable: One<bool>;
    /// The daemon address the client used, e.g. `unix:///run/user/1000/docker.sock`.
    fact docker_host: One<String>;
    /// From `id`, a prompt, a home directory or a rootless data root.
    fact user: One<String>;
    /// From `id` or a `/run/user/<uid>` path.
    fact uid: One<u32>;
    /// From a home directory in a path.
    fact home: One<String>;
    /// The host name from a shell prompt or docker info's `Name:`
    /// (WSL inherits Windows names like DESKTOP-1A2B3C4; containers have IDs).
    fact hostname: One<String>;
    /// The paste was printed inside a container: a prompt whose host is a
    /// container ID (`root@3f2a1b9c4d5e:/#`), BusyBox's `/ # `, the lines
    /// after an interactive `docker exec -it … sh` (or `run`, `podman`,
    /// `kubectl exec`, `lxc exec`), a container's logs (`docker logs`,
    /// `kubectl logs`), `docker run IMAGE COMMAND`'s output, `/.dockerenv`.
    fact in_container: One<bool>;
    /// The paste is an image build's: BuildKit's `#7 [2/4] RUN …`, the
    /// classic builder's `Step 3/7 : RUN …`, Buildah's `STEP 2/4: RUN …`,
    /// `failed to solve: process "/bin/sh -c …"`; the span is the failing
    /// or first `RUN` step where there is one.
    fact in_build: One<bool>;
    /// On WSL: a `microsoft` kernel (`…-microsoft-standard-WSL2`, WSL 1's
    /// `…-Microsoft`), `/mnt/c/` paths, `WSL_DISTRO_NAME`, `wsl.exe`.
    fact wsl: One<bool>;
    /// The shell was switched to another user with a command that starts no
    /// login session (`su`, `sudo su`, `sudo -i`, `sudo -u`, `runuser`), or
    /// with one (`machinectl shell`): `su`, `sudo`, `runuser`, `machinectl`.
    fact user_switch: One<String>;
    /// The CI runner whose log it is: `github-actions` (`##[error]`,
    /// `/home/runner/work/`), `gitlab` (`Running with gitlab-runner`),
    /// `jenkins` (`[Pipeline]`), `act`.
    fact ci: One<String>;
    /// The container tool the paste's commands ran: `docker`, `podman`
    /// (also behind the `docker` command of podman-docker), `nerdctl`.
    fact tool: One<String>;
    /// /etc/subuid, `getsubids`.
    data subuid: Vec<SubIdRange>;
    /// /etc/subgid, `getsubids -g`.
    data subgid: Vec<SubIdRange>;
    /// Lines of a pasted /etc/subuid that are not `owner:start:count`.
    data subuid_malformed: Vec<Source>;
    data subgid_malformed: Vec<Source>;
    /// Kernel parameters by their dotted name (`kernel.unprivileged_userns_clone`),
    /// named in conditions as `sysctl.<parameter>`.
    #[serde(serialize_with = "values_only", deserialize_with = "sources_unknown")]
    data sysctl: BTreeMap<String, (String, Source)>;
    /// `systemctl status docker`: the state word of `Active:` (`active`,
    /// `inactive`, `failed`, `activating`).
    fact unit_active: One<String>;
    /// The unit file named by `Loaded:`.
    fact unit_loaded_path: One<String>;
    /// The program the unit starts (`ExecStart=` of a `Process:` line, else
    /// the main process in the `CGroup:` tree).
    fact unit_exec: One<String>;
    /// The status was of a user unit (`--user`, a unit under a `systemd/user` directory).
    fact unit_user: One<bool>;
    /// Process names of journal lines (`dockerd-rootless.sh`, `rootlesskit`, `systemd`).
    fact journal_units: List, when |f| f.rootless_journal.is_set();
    /// A journal was pasted; true when the rootless daemon's processes wrote to it.
    fact rootless_journal: One<bool>;
    /// The daemon.json a `cat` printed.
    fact daemon_json_path: One<String>;
    /// Top-level keys of a pasted daemon.json.
    fact daemon_json_keys: List, when |f| f.daemon_json_invalid.get() == Some(&false);
    /// `key=value` of each top-level setting of a pasted daemon.json whose
    /// value is a boolean, a number or a string (`iptables=false`).
    fact daemon_json_settings: List, when |f| f.daemon_json_invalid.get() == Some(&false);
    /// A daemon.json was pasted; true when it is not valid JSON.
    fact daemon_json_invalid: One<bool>;
    /// Where the JSON error is, as line and column of the file itself.
    data daemon_json_error_line: Option<usize>;
    data daemon_json_error_column: Option<usize>;
    /// `KEY=value` of the `Environment=` lines of a pasted unit or drop-in.
    fact dropin_env: List, when |f| !f.dropin_env.is_empty();
    /// The `# /path` headers `systemctl cat` prints (or the file a `cat` showed).
    fact dropin_paths: List, when |f| !f.dropin_paths.is_empty();
    /// The text of dockerd-rootless-setuptool.sh's `[ERROR]` lines.
    fact setuptool_errors: List, when |f| f.setuptool_ok.is_set();
    /// The setup tool said its requirements are satisfied or installed the
    /// unit, and printed no `[ERROR]`; false when it printed one.
    fact setuptool_ok: One<bool>;
    /// `ls -l` of a socket: owner (name or, with `-n`, UID), mode and path.
    fact socket_owner: One<String>;
    fact socket_mode: One<String>;
    fact socket_path: One<String>;
    /// Flags of a pasted `docker run`/`create` worth a look (`--privileged`,
    /// `-p 80:80`, `-v /:/host`, `--network host`).
    fact run_flags: List, when |f| !f.run_flags.is_empty();
    /// The same for a pasted compose file: `privileged: true`,
    /// `network_mode: host`, `volumes: /:/host`, `ports: 80:80`.
    fact compose_keys: List, when |f| !f.compose_keys.is_empty();
    /// `docker info` keys we do not model, kept rather than dropped.
    data other: BTreeMap<String, String>;
}

/// Facts computed from others, by name (see [`Facts::get`]).
pub const DERIVED: &[&str] = &[
    "subuid_listed",
    "subgid_listed",
    "user_subuid_count",
    "user_subgid_count",
    "subuid_overlap",
    "subgid_overlap",
    "subuid_malformed",
    "subgid_malformed",
];

const NAME_COUNT: usize = {
    let mut n = DERIVED.len();
    let mut i = 0;
    while i < FIELDS.len() {
        if FIELDS[i].1 {
            n += 1;
        }
        i += 1;
    }
    n
};

const NAME_ARRAY: [&str; NAME_COUNT] = {
    let mut out = [""; NAME_COUNT];
    let (mut n, mut i) = (0, 0);
    while i < FIELDS.len() {
        if FIELDS[i].1 {
            out[n] = FIELDS[i].0;
            n += 1;
        }
        i += 1;
    }
    let mut j = 0;
    while j < DERIVED.len() {
        out[n] = DERIVED[j];
        n += 1;
        j += 1;
    }
    out
};

/// Every fact name a knowledge-base condition may use, besides
/// `sysctl.<parameter>` (any kernel parameter, e.g. `sysctl.user.max_user_namespaces`).
pub const NAMES: &[&str] = &NAME_ARRAY;

fn values_only<S: serde::Serializer>(map: &BTreeMap<String, (String, Source)>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter().map(|(k, (v, _))| (k, v)))
}

/// The sources are not in the public JSON; `wire` carries them.
fn sources_unknown<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, (String, Source)>, D::Error> {
    let map = BTreeMap::<String, String>::deserialize(d)?;
    Ok(map.into_iter().map(|(k, v)| (k, (v, Source { line: 0, start: 0, end: 0 }))).collect())
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

impl Facts {
    /// The value of a fact by name, `None` when the paste did not tell.
    pub fn get(&self, name: &str) -> Option<Value<'_>> {
        if let Some(value) = self.derived(name) {
            return value;
        }
        if let Some(k) = name.strip_prefix("sysctl.") {
            return self.sysctl.get(k).map(|(v, _)| Value::Str(v));
        }
        self.fact(name).filter(|_| self.known(name))?.value()
    }

    /// The facts computed from others; `None` for a name that is not one.
    fn derived(&self, name: &str) -> Option<Option<Value<'_>>> {
        let file = match name {
            "subuid_listed" | "user_subuid_count" | "subuid_overlap" | "subuid_malformed" => IdFile::Subuid,
            "subgid_listed" | "user_subgid_count" | "subgid_overlap" | "subgid_malformed" => IdFile::Subgid,
            // The first word of `os` (`Ubuntu 24.04.1 LTS`), the word that starts with a digit.
            "os_id" => {
                let id = self.os_id.get().cloned();
                return Some(id.or_else(|| self.os.as_deref().and_then(|o| o.split_whitespace().next()).map(str::to_ascii_lowercase)).map(Value::Owned));
            }
            "network_driver" => return Some(self.network_driver.as_deref().or_else(|| self.env("NET")).map(Value::Str)),
            "port_driver" => return Some(self.port_driver.as_deref().or_else(|| self.env("PORT_DRIVER")).map(Value::Str)),
            // Said by the command line or the drop-in, else the default of the
            // daemon's version: on since Docker 29.5 (RootlessKit 3).
            "detach_netns" => {
                let said = self.detach_netns.get().copied().or_else(|| self.env("DETACH_NETNS").map(|v| v.eq_ignore_ascii_case("true") || v == "1"));
                let by_version = || {
                    let v = self.server_version.as_deref().filter(|_| self.rootless.get() != Some(&false))?;
                    let key = crate::condition::version_key(v);
                    (!key.is_empty()).then(|| key >= vec![29, 5])
                };
                return Some(said.or_else(by_version).map(Value::Bool));
            }
            "image_store" => {
                let by_driver = || match self.storage_driver.as_deref()? {
                    "overlayfs" | "native" | "stargz" => Some(Value::Str("containerd")),
                    "overlay2" | "vfs" | "aufs" | "devicemapper" => Some(Value::Str("graphdriver")),
                    _ => None,
                };
                return Some(self.image_store.as_deref().map(Value::Str).or_else(by_driver));
            }
            "os_version" => {
                let version = self.os_version.get().cloned();
                let from_os = || self.os.as_deref().and_then(|o| o.split_whitespace().find(|w| w.starts_with(|c: char| c.is_ascii_digit()))).map(str::to_string);
                return Some(version.or_else(from_os).map(Value::Owned));
            }
            _ => return None,
        };
        let ids = self.subids(file);
        let shown = !ids.ranges.is_empty();
        Some(match name.strip_prefix(file.name()).unwrap_or(name) {
            "_listed" => Some(Value::Bool(shown)),
            "_overlap" => shown.then(|| Value::Bool(first_overlap(ids.ranges).is_some())),
            "_malformed" => (shown || !ids.malformed.is_empty()).then_some(Value::Bool(!ids.malformed.is_empty())),
            _ => self.user_count(file),
        })
    }

    /// The value of `DOCKERD_ROOTLESS_ROOTLESSKIT_<key>` in a pasted unit or drop-in.
    fn env(&self, key: &str) -> Option<&str> {
        self.dropin_env.items().iter().rev().find_map(|kv| kv.strip_prefix("DOCKERD_ROOTLESS_ROOTLESSKIT_")?.strip_prefix(key)?.strip_prefix('=')).filter(|v| !v.is_empty())
    }

    /// Is `name` a fact a condition may test?
    pub fn is_known(name: &str) -> bool {
        NAMES.contains(&name) || name.strip_prefix("sysctl.").is_some_and(|k| !k.is_empty())
    }

    /// What the paste showed of a subordinate ID file.
    pub fn subids(&self, file: IdFile) -> SubIds<'_> {
        match file {
            IdFile::Subuid => SubIds { ranges: &self.subuid, malformed: &self.subuid_malformed, read: self.subuid_read },
            IdFile::Subgid => SubIds { ranges: &self.subgid, malformed: &self.subgid_malformed, read: self.subgid_read },
        }
    }

    /// IDs the current user owns in a subordinate ID file: known only when the
    /// file was pasted and the user is known (by name or UID, as subuid allows).
    fn user_count(&self, file: IdFile) -> Option<Value<'_>> {
        let ids = self.subids(file);
        // KNOWN DEFECT, kept so that this refactor changes no diagnosis: the
        // earlier code chose the file by pointer identity, and two empty
        // lists look the same, so with no range in either file /etc/subgid
        // counted as read only when /etc/subuid was. A paste of a malformed
        // /etc/subgid alone therefore leaves user_subgid_count unknown
        // (content/kb/subuid-malformed/samples/fires-missing-count.txt).
        let read = match file {
            IdFile::Subgid if self.subgid.is_empty() && self.subuid.is_empty() => self.subuid_read,
            _ => ids.read,
        };
        if ids.ranges.is_empty() && !read {
            return None;
        }
        let uid = self.uid.get().map(|u| u.to_string());
        if self.user.get().is_none() && uid.is_none() {
            return None;
        }
        let total: u64 = ids.ranges.iter().filter(|r| self.is_user(&r.owner, uid.as_deref())).map(|r| r.count).sum();
        Some(Value::Num(total as f64))
    }

    fn is_user(&self, owner: &str, uid: Option<&str>) -> bool {
        self.user.as_deref() == Some(owner) || uid == Some(owner)
    }

    /// Where a fact came from; derived subordinate-ID facts point at the
    /// user's range (or the first range when the user has none).
    pub fn source(&self, name: &str) -> Option<Source> {
        let line = |r: &SubIdRange| Source { line: r.line, start: 0, end: 0 };
        match name {
            "subuid_overlap" => return first_overlap(&self.subuid).map(line),
            "subgid_overlap" => return first_overlap(&self.subgid).map(line),
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
            let uid = self.uid.get().map(|u| u.to_string());
            return match ranges.iter().find(|r| self.is_user(&r.owner, uid.as_deref())) {
                Some(r) => Some(line(r)),
                None => self.user.source().or(self.uid.source()),
            };
        }
        if let Some((_, src)) = name.strip_prefix("sysctl.").and_then(|k| self.sysctl.get(k)) {
            return Some(*src);
        }
        match name {
            "os_id" => self.os_id.source().or(self.os.source()),
            "network_driver" if !self.network_driver.is_set() => self.source_for("dropin_env", Some("ROOTLESSKIT_NET=")),
            "port_driver" if !self.port_driver.is_set() => self.source_for("dropin_env", Some("ROOTLESSKIT_PORT_DRIVER=")),
            "detach_netns" if !self.detach_netns.is_set() => {
                self.source_for("dropin_env", Some("ROOTLESSKIT_DETACH_NETNS=")).filter(|_| self.env("DETACH_NETNS").is_some()).or(self.server_version.source())
            }
            "image_store" if !self.image_store.is_set() => self.storage_driver.source(),
            "os_version" => self.os_version.source().or(self.os.source()),
            _ => self.fact(name)?.source(),
        }
    }

    /// The line that makes `condition` true, where one fact has many lines
    /// (the warning that contains the text, rather than the first warning).
    pub fn source_for(&self, fact: &str, needle: Option<&str>) -> Option<Source> {
        if let (Some(needle), Some(f)) = (needle, self.fact(fact)) {
            if let Some(src) = f.item_source(needle) {
                return Some(src);
            }
        }
        self.source(fact)
    }

    /// Every fact read from the paste by name, as conditions would see it
    /// were it known (for checks over all facts: the fuzz targets).
    pub fn values(&self) -> Vec<(&'static str, Value<'_>)> {
        FIELDS.iter().filter_map(|(name, _)| Some((*name, self.fact(name)?.value()?))).collect()
    }

    /// Every fact's lines by name, for `wire` (the public JSON leaves them out).
    pub fn sources(&self) -> Vec<(&'static str, Vec<Source>)> {
        FIELDS
            .iter()
            .filter_map(|(name, _)| Some((*name, self.fact(name)?.sources())))
            .filter(|(_, s)| !s.is_empty())
            .collect()
    }

    /// Puts back one entry of [`Facts::sources`]; false when it does not fit.
    pub(crate) fn restore_sources(&mut self, name: &str, sources: Vec<Source>) -> bool {
        self.fact_mut(name).is_some_and(|f| f.restore(sources))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_declared_once_and_answers() {
        let mut names = NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len(), "a name declared twice");
        let f = Facts::default();
        for name in NAMES {
            assert!(f.fact(name).is_some() || DERIVED.contains(name), "{name}");
            assert!(Facts::is_known(name));
        }
        assert!(Facts::is_known("sysctl.user.max_user_namespaces"));
        assert!(!Facts::is_known("sysctl.") && !Facts::is_known("subuid") && !Facts::is_known("other"));
    }
}
