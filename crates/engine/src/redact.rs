//! Redaction before sharing: what identifies a person, a machine or a
//! secret is replaced by a neutral marker, kind by kind, each kind
//! switchable. Addresses that carry diagnostic meaning and identify nobody
//! (loopback, 0.0.0.0, RootlessKit's 10.0.2.x) are kept.

use std::sync::OnceLock;

use regex::{Captures, Regex};
use serde::Serialize;

use crate::facts::Facts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Users,
    Hosts,
    HomePaths,
    Ips,
    Macs,
    Ids,
    Secrets,
}

impl Kind {
    pub const ALL: [Kind; 7] = [Kind::Users, Kind::Hosts, Kind::HomePaths, Kind::Ips, Kind::Macs, Kind::Ids, Kind::Secrets];

    /// Key of its label in the interface strings.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Users => "redact-users",
            Kind::Hosts => "redact-hosts",
            Kind::HomePaths => "redact-home-paths",
            Kind::Ips => "redact-ips",
            Kind::Macs => "redact-macs",
            Kind::Ids => "redact-ids",
            Kind::Secrets => "redact-secrets",
        }
    }
}

struct Patterns {
    secret: Regex,
    bearer: Regex,
    home: Regex,
    ipv4: Regex,
    mac: Regex,
    id: Regex,
    prompt: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("built-in redaction pattern");
        Patterns {
            secret: re(r#"(?i)((?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key)[A-Za-z0-9_-]*["']?[ \t]*[:=][ \t]*["']?)([^ \t"',}]+)"#),
            bearer: re(r"(?i)(bearer|basic)[ \t]+[A-Za-z0-9._~+/=-]{8,}"),
            home: re(r"/home/[A-Za-z0-9_.-]+|/Users/[A-Za-z0-9_.-]+"),
            ipv4: re(r"(?-u:\b)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?-u:\b)"),
            mac: re(r"(?i)(?-u:\b)(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?-u:\b)"),
            id: re(r"(?-u:\b)[0-9a-f]{12,64}(?-u:\b)"),
            prompt: re(r"(?m)^[ \t]*(?:\([^ )]+\) )?\[?([a-z_][a-z0-9_-]{0,31})@([A-Za-z0-9][A-Za-z0-9.-]*)"),
        }
    })
}

fn kept_ip(ip: &str) -> bool {
    ip.starts_with("127.") || ip == "0.0.0.0" || ip.starts_with("10.0.2.") || ip.starts_with("255.")
}

/// `text` with every enabled kind replaced. `facts` (from diagnosing the
/// same text) names the user and host to look for beyond prompts.
pub fn redact(text: &str, facts: &Facts, enabled: &[Kind]) -> String {
    let on = |k: Kind| enabled.contains(&k);
    let p = patterns();
    let mut out = text.to_string();
    if on(Kind::Secrets) {
        out = p.bearer.replace_all(&out, "${1} <secret>").into_owned();
        out = p.secret.replace_all(&out, "${1}<secret>").into_owned();
    }
    // Names from prompts and facts, longest first so `alice2` goes before `alice`.
    let mut users: Vec<String> = Vec::new();
    let mut hosts: Vec<String> = Vec::new();
    for c in p.prompt.captures_iter(text) {
        users.push(c[1].to_string());
        hosts.push(c[2].to_string());
    }
    users.extend(facts.user.cloned());
    hosts.extend(facts.hostname.cloned());
    if on(Kind::HomePaths) {
        out = p.home.replace_all(&out, |c: &Captures| if c[0].starts_with("/Users/") { "/Users/<user>" } else { "/home/<user>" }.to_string()).into_owned();
    }
    for (kind, names, marker) in [(Kind::Users, &mut users, "<user>"), (Kind::Hosts, &mut hosts, "<host>")] {
        if !on(kind) {
            continue;
        }
        names.retain(|n| n.len() >= 2 && n != "root" && n != "localhost");
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        for name in names.iter() {
            out = replace_word(&out, name, marker);
        }
    }
    if on(Kind::Ids) {
        // A run of digits alone is a number (a timestamp, a size), not an ID.
        out = p.id.replace_all(&out, |c: &Captures| if c[0].bytes().any(|b| b.is_ascii_alphabetic()) { "<id>".into() } else { c[0].to_string() }).into_owned();
    }
    if on(Kind::Macs) {
        out = p.mac.replace_all(&out, "<mac>").into_owned();
    }
    if on(Kind::Ips) {
        out = p.ipv4.replace_all(&out, |c: &Captures| if kept_ip(&c[0]) { c[0].to_string() } else { "<ip>".into() }).into_owned();
    }
    out
}

/// Replaces `word` where it is not part of a longer name.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(is_name) || after.is_some_and(is_name) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_redacted_and_diagnostics_stay() {
        let paste = "alice@web01:~$ docker run -p 80:80 nginx\nDocker Root Dir: /home/alice/.local/share/docker\nlisten tcp 0.0.0.0:80 from 192.168.1.20 via 10.0.2.100\nether 02:42:ac:11:00:02\ncontainer 3f2a9c1b7d4e image sha256:0c86dddac19f2ce4fd716ac58c0fd87bf69bfd4edabfd6971fb885bafd12a00b\nHTTP_PROXY_PASSWORD=hunter2 Authorization: Bearer abcdefghijklmnop\nalice2 is another user at 1700000000000 endpoint 3f2a9c1b7d4e5f60\n";
        let d = crate::builtin().diagnose(paste, crate::Lang::En);
        let r = redact(paste, &d.facts, &Kind::ALL);
        for secret in ["alice@", "web01", "/home/alice", "192.168.1.20", "02:42:ac", "3f2a9c1b7d4e", "0c86ddd", "3f2a9c1b7d4e5f60", "hunter2", "abcdefghijklmnop"] {
            assert!(!r.contains(secret), "{secret} left in:\n{r}");
        }
        for kept in ["0.0.0.0:80", "10.0.2.100", "alice2", "docker run -p 80:80 nginx", "1700000000000"] {
            assert!(r.contains(kept), "{kept} lost:\n{r}");
        }
        assert!(r.starts_with("<user>@<host>:~$"));
        assert_eq!(redact(paste, &d.facts, &[]), paste);
    }
}
