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
    /// `PASSWORD=…`, `api_key: …`, `"token": "…"`: a key that names a secret.
    secret: Regex,
    /// `"auth": "…"`, `"identitytoken": "…"` in `~/.docker/config.json`.
    auth_json: Regex,
    /// `scheme://user:password@host`: the password.
    url_password: Regex,
    /// `Authorization: <scheme> <credentials>`, and `Bearer`/`Basic` values anywhere.
    authorization: Regex,
    bearer: Regex,
    /// A registry login command, whose `-p`/`--password` value is a secret.
    login: Regex,
    login_password: Regex,
    /// Tokens recognisable by their shape (GitHub, GitLab, Docker Hub, AWS, JWTs).
    token: Regex,
    home: Regex,
    ipv4: Regex,
    ipv6: Regex,
    mac: Regex,
    id: Regex,
    prompt: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("built-in redaction pattern");
        // No class below matches a line break: a secret ends at the end of
        // its line at the latest, and never takes the next line with it.
        Patterns {
            secret: re(r#"(?i)((?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key)[A-Za-z0-9_-]*["']?[ \t]*[:=][ \t]*["']?)([^ \t\r\n"',}]+)"#),
            auth_json: re(r#"(?i)("(?:auth|identitytoken|registrytoken)"[ \t]*:[ \t]*")([^"\r\n]+)"#),
            url_password: re(r"(?i)([a-z][a-z0-9+.-]*://[^ \t\r\n:/@]+:)([^ \t\r\n/@]+)@"),
            authorization: re(r#"(?i)(authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?)([^ \t\r\n"',]+)"#),
            bearer: re(r"(?i)(bearer|basic)[ \t]+[A-Za-z0-9._~+/=-]{8,}"),
            login: re(r"(?im)(?:^|[ \t;&|(])(?:docker|podman|nerdctl|buildah|skopeo|oras|helm[ \t]+registry)[ \t]+login(?:[ \t]|$)"),
            login_password: re(r#"((?:^|[ \t])(?:-p|--password)(?:[ \t]+|=))("[^"\r\n]*"|'[^'\r\n]*'|[^ \t\r\n"']+)"#),
            token: re(r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|dckr_pat_[A-Za-z0-9_-]{16,}|(?:AKIA|ASIA)[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*)"),
            home: re(r"/home/[A-Za-z0-9_.-]+|/Users/[A-Za-z0-9_.-]+"),
            ipv4: re(r"(?-u:\b)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?-u:\b)"),
            // Candidates only; `Ipv6Addr` decides (a time like 09:41:07 is not one).
            ipv6: re(r"[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*"),
            mac: re(r"(?i)(?-u:\b)(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?-u:\b)"),
            id: re(r"(?-u:\b)[0-9a-f]{12,64}(?-u:\b)"),
            prompt: re(r"(?m)^[ \t]*(?:\([^ )\r\n]+\) )?\[?([a-z_][a-z0-9_-]{0,31})@([A-Za-z0-9][A-Za-z0-9.-]*)"),
        }
    })
}

fn kept_ip(ip: &str) -> bool {
    ip.starts_with("127.") || ip == "0.0.0.0" || ip.starts_with("10.0.2.") || ip.starts_with("255.")
}

/// The IPv6 address a candidate is, unless it identifies nothing (`::1`, `::`).
fn ipv6_to_hide(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    s.matches(':').count() >= 2
        && (s.contains("::") || s.matches(':').count() == 7)
        && s.parse::<std::net::Ipv6Addr>().is_ok_and(|a| !a.is_loopback() && !a.is_unspecified())
}

/// `text` with every enabled kind replaced. `facts` (from diagnosing the
/// same text) names the user and host to look for beyond prompts. Every
/// step is one pass over the text; lines are never joined or dropped.
pub fn redact(text: &str, facts: &Facts, enabled: &[Kind]) -> String {
    let on = |k: Kind| enabled.contains(&k);
    let p = patterns();
    let mut out = text.to_string();
    // Names from prompts and facts.
    let mut names = Names::default();
    let prompts: Vec<(String, String)> = p.prompt.captures_iter(text).map(|c| (c[1].to_string(), c[2].to_string())).collect();
    if on(Kind::Users) {
        for name in prompts.iter().map(|(u, _)| u.as_str()).chain(facts.user.as_deref()) {
            names.add(name, "<user>");
        }
    }
    if on(Kind::Hosts) {
        for name in prompts.iter().map(|(_, h)| h.as_str()).chain(facts.hostname.as_deref()) {
            names.add(name, "<host>");
        }
    }
    if on(Kind::HomePaths) {
        out = p.home.replace_all(&out, |c: &Captures| if c[0].starts_with("/Users/") { "/Users/<user>" } else { "/home/<user>" }.to_string()).into_owned();
    }
    out = names.replace(&out);
    // After the names, so a prompt's `host:~$` never reads as `pwd: value`.
    if on(Kind::Secrets) {
        out = p.url_password.replace_all(&out, "${1}<secret>@").into_owned();
        out = p.auth_json.replace_all(&out, "${1}<secret>").into_owned();
        out = p.authorization.replace_all(&out, "${1}<secret>").into_owned();
        out = p.bearer.replace_all(&out, "${1} <secret>").into_owned();
        out = p.token.replace_all(&out, "<secret>").into_owned();
        out = p.secret.replace_all(&out, |c: &Captures| if c[2].starts_with('<') { c[0].to_string() } else { format!("{}<secret>", &c[1]) }).into_owned();
        if p.login.is_match(&out) {
            out = out
                .split_inclusive('\n')
                .map(|line| if p.login.is_match(line) { p.login_password.replace_all(line, "${1}<secret>") } else { line.into() })
                .collect();
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
        out = p.ipv6.replace_all(&out, |c: &Captures| if ipv6_to_hide(&c[0]) { "<ip>".into() } else { c[0].to_string() }).into_owned();
    }
    out
}

/// Longest host name kept for replacing (a DNS name has at most 253 bytes);
/// the bound keeps `Names::replace` linear in the text.
const MAX_NAME: usize = 253;

/// A node of [`Names`]: its children by byte, and the marker if a name ends here.
type Node = (Vec<(u8, u32)>, Option<&'static str>);

/// User and host names to replace, as a byte trie: one pass over the text
/// finds, at each place a name may start, the longest one that ends where
/// a name ends. (Replacing each name over the whole text in turn was
/// quadratic: 1 MB of distinct prompts took 40 s.)
#[derive(Default)]
struct Names {
    nodes: Vec<Node>,
}

/// Bytes a user or host name is made of; a name is replaced only where the
/// bytes around it are not these (so `alice` stays in `alice2`).
fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl Names {
    fn add(&mut self, name: &str, marker: &'static str) {
        if name.len() < 2 || name.len() > MAX_NAME || name == "root" || name == "localhost" {
            return;
        }
        if self.nodes.is_empty() {
            self.nodes.push((Vec::new(), None));
        }
        let mut node = 0usize;
        for &b in name.as_bytes() {
            node = match self.nodes[node].0.iter().find(|(c, _)| *c == b) {
                Some(&(_, next)) => next as usize,
                None => {
                    let next = self.nodes.len();
                    self.nodes.push((Vec::new(), None));
                    self.nodes[node].0.push((b, next as u32));
                    next
                }
            };
        }
        // A user's marker wins over a host's for the same name.
        self.nodes[node].1.get_or_insert(marker);
    }

    fn replace(&self, text: &str) -> String {
        if self.nodes.is_empty() {
            return text.to_string();
        }
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            if i > 0 && name_byte(bytes[i - 1]) {
                i += 1;
                continue;
            }
            // The longest name starting here that ends at a name's end.
            let mut node = 0usize;
            let mut found = None;
            for (j, &b) in bytes[i..].iter().enumerate().take(MAX_NAME) {
                let Some(&(_, next)) = self.nodes[node].0.iter().find(|(c, _)| *c == b) else { break };
                node = next as usize;
                if let Some(marker) = self.nodes[node].1 {
                    if !bytes.get(i + j + 1).is_some_and(|&b| name_byte(b)) {
                        found = Some((i + j + 1, marker));
                    }
                }
            }
            match found {
                Some((end, marker)) => {
                    out.push_str(&text[copied..i]);
                    out.push_str(marker);
                    copied = end;
                    i = end;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
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
            assert!(!r.contains(secret), "{secret} left in:\n{}", &r[..r.len().min(2000)]);
        }
        for kept in ["0.0.0.0:80", "10.0.2.100", "alice2", "docker run -p 80:80 nginx", "1700000000000"] {
            assert!(r.contains(kept), "{kept} lost:\n{r}");
        }
        assert!(r.starts_with("<user>@<host>:~$"));
        assert_eq!(redact(paste, &d.facts, &[]), paste);
    }

    /// Secrets as real tools print them: (line, the secret, text that stays).
    const SECRETS: &[(&str, &str, &str)] = &[
        (" HTTP Proxy: http://alice:S3cretPass@proxy.corp.example:3128", "S3cretPass", "proxy.corp.example:3128"),
        (" HTTPS Proxy: http://svc-ci:Hunter2!@10.20.30.40:3128", "Hunter2!", "HTTPS Proxy: http://svc-ci:"),
        ("Environment=\"HTTPS_PROXY=http://carol:pa55w0rd@proxy:3128\" \"NO_PROXY=localhost\"", "pa55w0rd", "NO_PROXY=localhost"),
        ("  https://bob:hunter2@mirror.corp.example/", "hunter2", "mirror.corp.example/"),
        ("\"registry-mirrors\": [\"https://u:p4ss%40word@mirror.example\"]", "p4ss%40word", "\"registry-mirrors\""),
        ("{\"auths\":{\"registry.corp.example\":{\"auth\":\"YWxpY2U6UzNjcmV0UGFzcw==\"}}}", "YWxpY2U6UzNjcmV0UGFzcw==", "registry.corp.example"),
        ("\t\t\t\"auth\": \"Zm9vOmJhcg==\",", "Zm9vOmJhcg==", "\"auth\""),
        ("  \"identitytoken\": \"e9f0c1b2-3a4d-5e6f-7a8b-9c0d1e2f3a4b\"", "e9f0c1b2-3a4d", "identitytoken"),
        ("DOCKER_AUTH_CONFIG={\"auths\":{\"x\":{\"auth\":\"Zm9vOmJhcg==\"}}}", "Zm9vOmJhcg==", "DOCKER_AUTH_CONFIG"),
        ("$ docker login -u alice -p S3cretPass registry.corp.example", "S3cretPass", "registry.corp.example"),
        ("docker login --password 'hunter two' ghcr.io", "hunter two", "ghcr.io"),
        ("sudo podman login --password=Hunter2 quay.io", "Hunter2", "quay.io"),
        ("docker login -u bob --password-stdin < pw.txt", "\u{0}", "--password-stdin < pw.txt"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abc", "eyJhbGciOiJIUzI1NiJ9", "Authorization: Bearer"),
        ("> Authorization: Basic YWxpY2U6aHVudGVyMg==", "YWxpY2U6aHVudGVyMg", "Authorization"),
        ("curl -H 'Authorization: token ghp_1234567890abcdefghijABCDEFGHIJ123456' https://api.github.com", "ghp_1234567890", "https://api.github.com"),
        ("GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abc", "GITHUB_TOKEN="),
        ("echo $CR_PAT | docker login ghcr.io -u octo --password-stdin # ghp_0123456789abcdefghijklmnopqrstuv", "ghp_0123", "ghcr.io"),
        ("export CI_REGISTRY_PASSWORD=glpat-AbCdEfGhIjKlMnOpQrSt", "glpat-AbCd", "export CI_REGISTRY_PASSWORD="),
        ("DOCKERHUB_TOKEN: dckr_pat_2b3e36beeb386dfdaacb9b46004", "dckr_pat_2b3e", "DOCKERHUB_TOKEN"),
        ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI", "AWS_SECRET_ACCESS_KEY"),
        ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
        ("MYSQL_ROOT_PASSWORD=\"s3cr3t\"", "s3cr3t", "MYSQL_ROOT_PASSWORD="),
        ("      - POSTGRES_PASSWORD=example-pw", "example-pw", "POSTGRES_PASSWORD="),
        ("    password: hunter2", "hunter2", "password:"),
        ("api_key: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'", "sk_live_4eC39", "api_key"),
        ("time=\"2026-01-01T00:00:00Z\" level=debug msg=\"token=abcdef123456 received\"", "abcdef123456", "received"),
    ];

    #[test]
    fn every_kind_of_secret_is_redacted_and_the_line_stays() {
        for (line, secret, kept) in SECRETS {
            // Each secret between two ordinary lines, which must come out as they went in.
            let paste = format!("alice@box:~$ docker info\n{line}\ndocker: Error response from daemon: cannot expose privileged port 80\n");
            let r = redact(&paste, &Facts::default(), &Kind::ALL);
            assert!(!r.contains(secret), "{secret} left in:\n{}", &r[..r.len().min(2000)]);
            assert!(r.contains(kept), "{kept} lost:\n{r}");
            assert_eq!(r.lines().count(), 3, "{r}");
            assert_eq!(r.lines().nth(2), Some("docker: Error response from daemon: cannot expose privileged port 80"), "{r}");
            // With secrets off, the line is untouched by their rules.
            let off = redact(&paste, &Facts::default(), &[]);
            assert_eq!(off, paste);
        }
    }

    #[test]
    fn a_secret_never_takes_the_next_line() {
        // redteam repro 05b: the value class used to run over the line break.
        let paste = "GITHUB_TOKEN=ghp_abc123\ndocker: Error response from daemon: cannot expose privileged port 80\nWARNING: No cpu cfs quota support\nnext \"line\"\n";
        let r = redact(paste, &Facts::default(), &Kind::ALL);
        assert_eq!(r, "GITHUB_TOKEN=<secret>\ndocker: Error response from daemon: cannot expose privileged port 80\nWARNING: No cpu cfs quota support\nnext \"line\"\n");
        let kb = crate::builtin();
        let ids = |t: &str| kb.diagnose(t, crate::Lang::En).findings.into_iter().map(|f| f.id).collect::<Vec<_>>();
        assert_eq!(ids(&r), ids(paste));
    }

    #[test]
    fn ipv6_addresses_go_and_times_stay() {
        let r = redact("IPv6: fd00:1234:5678::1 2001:db8::1 [fe80::42:acff:fe11:2]:80\nat 09:41:07 on ::1 and :: and 1:2\n", &Facts::default(), &[Kind::Ips]);
        assert_eq!(r, "IPv6: <ip> <ip> [<ip>]:80\nat 09:41:07 on ::1 and :: and 1:2\n");
    }

    #[test]
    fn names_are_replaced_in_one_pass_and_only_whole() {
        // redteam repro 04: thousands of distinct prompts (40 s for 1 MB when
        // each name was replaced over the whole text in turn).
        let name = |mut i: usize| {
            let mut s = String::new();
            i += 1000;
            while i > 0 {
                s.push((b'a' + (i % 26) as u8) as char);
                i /= 26;
            }
            s
        };
        let paste: String = (0..3000).map(|i| format!("{}@h{}:~$ x\n", name(i), name(i))).collect();
        let r = redact(&paste, &Facts::default(), &Kind::ALL);
        for (got, line) in r.lines().zip(paste.lines()) {
            assert_eq!(got, "<user>@<host>:~$ x", "{line}");
        }
        // Whole names only; the longest wins; a user over a host.
        let r = redact("alice@web01:~$ ls /srv/alice2 alice_x web01.corp web01x -alice alice-\n", &Facts::default(), &Kind::ALL);
        assert_eq!(r, "<user>@<host>:~$ ls /srv/alice2 alice_x <host>.corp web01x -alice alice-\n");
    }
}
