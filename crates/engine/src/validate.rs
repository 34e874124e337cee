//! Strict validators: the only way a value taken from a paste reaches a
//! shell command. Each kind accepts a narrow, shell-inert alphabet; anything
//! else leaves the neutral placeholder (`<user>`) in the command.

use serde::Deserialize;

use crate::facts::Facts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A POSIX-ish login name: `[A-Za-z_][A-Za-z0-9_.-]*`, at most 32 bytes.
    User,
    /// A numeric user or group ID below 2^32 - 1.
    Uid,
    /// A TCP/UDP port, 1..=65535.
    Port,
    /// An absolute path of plain characters, no `..` component.
    Path,
    /// A version such as `27.3.1` or `5.15.0-91-generic`.
    Version,
    /// A plain number (an ID count, a sysctl value).
    Number,
    /// A name such as a container, unit, interface or host name.
    Name,
}

impl Kind {
    pub fn accepts(self, v: &str) -> bool {
        let all = |ok: fn(u8) -> bool| v.bytes().all(ok);
        match self {
            Kind::User => {
                (1..=32).contains(&v.len())
                    && v.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
            }
            Kind::Uid => number(v, 10).is_some_and(|n| n < 4_294_967_295),
            Kind::Port => number(v, 5).is_some_and(|n| (1..=65535).contains(&n)),
            Kind::Number => number(v, 19).is_some(),
            Kind::Path => {
                (2..=4096).contains(&v.len())
                    && v.starts_with('/')
                    && all(|b| b.is_ascii_alphanumeric() || b"/._-+@".contains(&b))
                    && !v.split('/').any(|seg| seg == ".." || seg.starts_with('-'))
            }
            Kind::Version => {
                (1..=64).contains(&v.len())
                    && v.starts_with(|c: char| c.is_ascii_digit())
                    && all(|b| b.is_ascii_alphanumeric() || b".-+_~".contains(&b))
            }
            Kind::Name => {
                (1..=253).contains(&v.len())
                    && v.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
            }
        }
    }
}

/// Decimal digits only, no sign, no leading zero (except "0"), at most `max` digits.
fn number(v: &str, max: usize) -> Option<u64> {
    let ok = !v.is_empty() && v.len() <= max && v.bytes().all(|b| b.is_ascii_digit()) && (v == "0" || !v.starts_with('0'));
    ok.then(|| v.parse().ok()).flatten()
}

/// Placeholders every entry may use without declaring them, filled from facts.
pub const GLOBAL: &[(&str, Kind)] = &[
    ("user", Kind::User),
    ("uid", Kind::Uid),
    ("home", Kind::Path),
    ("data_root", Kind::Path),
    // Where a pasted daemon.json stops being JSON, in the file's own lines.
    ("json_line", Kind::Number),
    ("json_column", Kind::Number),
];

pub fn global_value(name: &str, facts: &Facts) -> Option<String> {
    match name {
        "user" => facts.user.get().cloned(),
        "uid" => facts.uid.get().map(|u| u.to_string()),
        "home" => facts.home.get().cloned(),
        "data_root" => facts.docker_root_dir.get().cloned(),
        "json_line" if facts.daemon_json_invalid.get() == Some(&true) => facts.daemon_json_error_line.map(|n| n.to_string()),
        "json_column" if facts.daemon_json_invalid.get() == Some(&true) => facts.daemon_json_error_column.map(|n| n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Kind::*;

    #[test]
    fn validators_refuse_shell_syntax() {
        for bad in ["$(id)", "`id`", "a;b", "a&&b", "a\nb", "'a'", "\"a\"", "*", "-rf", "a b", "ａlice", "a\u{202e}b", ""] {
            for k in [User, Uid, Port, Path, Version, Number, Name] {
                assert!(!k.accepts(bad), "{k:?} accepted {bad:?}");
            }
        }
        assert!(User.accepts("alice") && User.accepts("svc_ci-01") && !User.accepts("-alice"));
        assert!(Uid.accepts("1000") && !Uid.accepts("01000") && !Uid.accepts("4294967295"));
        assert!(Port.accepts("80") && !Port.accepts("0") && !Port.accepts("65536"));
        assert!(Path.accepts("/home/alice/.local/share/docker") && !Path.accepts("relative") && !Path.accepts("/a/../etc"));
        assert!(Path.accepts("/usr/bin/rootlesskit") && !Path.accepts("/tmp/-rf"));
        assert!(Version.accepts("27.3.1") && Version.accepts("5.15.0-91-generic"));
    }
}

#[cfg(test)]
mod properties {
    use super::Kind::{self, *};
    use proptest::prelude::*;

    const KINDS: [Kind; 7] = [User, Uid, Port, Path, Version, Number, Name];
    /// The whole alphabet any validator accepts: no shell metacharacter,
    /// quote, space, backtick, glob, newline or non-ASCII look-alike.
    const INERT: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/+@~-";

    proptest! {
        #[test]
        fn accepted_values_are_shell_inert(v in prop_oneof![crate::formats::hostile::paste(), any::<String>(), "[ -~]{0,40}", "[A-Za-z0-9_./+@~-]{1,40}"]) {
            for k in KINDS {
                if k.accepts(&v) {
                    prop_assert!(v.bytes().all(|b| INERT.contains(&b)), "{:?} accepted {:?}", k, v);
                    prop_assert!(!v.starts_with('-') && !v.starts_with('~'), "{:?} accepted an option or a tilde: {:?}", k, v);
                }
            }
        }

        #[test]
        fn one_metacharacter_spoils_a_good_value(
            good in prop::sample::select(vec!["alice", "1000", "8080", "/home/alice/.local/share/docker", "27.3.1", "docker.service"]),
            at in any::<prop::sample::Index>(),
            bad in prop::sample::select(vec!["$(", "`", ";", "&&", "|", "\n", "\r", "'", "\"", " ", "*", "?", "[", ">", "<", "\\", "!", "#", "\0", "\u{202e}", "а", "ａ", "{", "$"]),
        ) {
            let at = at.index(good.len() + 1);
            let v = format!("{}{bad}{}", &good[..at], &good[at..]);
            for k in KINDS {
                prop_assert!(!k.accepts(&v), "{:?} accepted {:?}", k, v);
            }
        }
    }
}
