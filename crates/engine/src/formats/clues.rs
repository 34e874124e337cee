//! Facts scattered through free text: who the user is (a prompt, `id`, a
//! home or runtime path), which daemon address the client tried, and whether
//! it got through. Runs over every line, whatever section it is in. Explicit
//! statements (`id`, `XDG_RUNTIME_DIR=`) are read before guesses (a prompt,
//! a path), because the first value found for a fact wins.

use std::sync::OnceLock;

use regex::Regex;

use crate::facts::{Facts, Source};
use crate::text::Line;

struct Clues {
    id: Regex,
    runtime_env: Regex,
    docker_host_env: Regex,
    unreachable: Regex,
    prompt: Regex,
    run_user: Regex,
    home: Regex,
}

fn clues() -> &'static Clues {
    static CLUES: OnceLock<Clues> = OnceLock::new();
    CLUES.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("built-in clue pattern");
        Clues {
            id: re(r"(?-u:\b)uid=(?P<uid>[0-9]{1,10})\((?P<user>[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})\)"),
            docker_host_env: re(r"^[ \t]*(?:export[ \t]+)?DOCKER_HOST=[\x22']?(?P<host>(?:unix|tcp|ssh|npipe)://[^ \t\x22']+)"),
            runtime_env: re(r"(?-u:\b)XDG_RUNTIME_DIR=/run/user/(?P<uid>[0-9]{1,10})(?-u:\b)"),
            unreachable: re(
                r"(?i:Cannot connect to the Docker daemon at|permission denied while trying to connect to the Docker (?:daemon socket|API) at|failed to connect to the docker API at) (?P<host>(?:unix|tcp|npipe|ssh)://[^ \t\x22'\x60]+?)(?:[.:;,]? |[.:;,]?$|\x22)",
            ),
            // `user@host:~$ `, `[user@host ~]$ ` (Fedora, RHEL), `user@host ~ $ ` (Gentoo)
            prompt: re(r"^[ \t]*(?:\([^ )]+\) )?\[?(?P<user>[a-z_][a-z0-9_-]{0,31})@(?P<host>[A-Za-z0-9][A-Za-z0-9.-]*)(?::[^ \t]*| [^ \t\]]+\]?)[ ]?[$#] "),
            run_user: re(r"/run/user/(?P<uid>[0-9]{1,10})(?:/|(?-u:\b))"),
            home: re(r"(?:^|[ \t=:'\x22(])(?P<home>/home/(?P<user>[a-z_][a-z0-9_-]{0,31}))(?:/|(?-u:\b))"),
        }
    })
}

pub fn read_clues(lines: &[Line], facts: &mut Facts) {
    let c = clues();
    let src = |l: &Line, m: regex::Match<'_>| Source { line: l.number, start: m.start(), end: m.end() };
    // Explicit statements first.
    for l in lines {
        let t = l.text.as_str();
        // Each pattern only where its literal is: most lines have none, and
        // seven regex searches per line were a tenth of a 1 MB paste's time.
        if let Some(caps) = t.contains("uid=").then(|| c.id.captures(t)).flatten() {
            if let (Some(uid), Some(user)) = (caps.name("uid"), caps.name("user")) {
                if let Ok(n) = uid.as_str().parse() {
                    facts.uid.set(n, src(l, uid));
                }
                facts.user.set(user.as_str(), src(l, user));
            }
        }
        if let Some(uid) = t.contains("XDG_RUNTIME_DIR=").then(|| c.runtime_env.captures(t)).flatten().and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.uid.set(n, src(l, uid));
            }
        }
        if let Some(host) = t.contains("DOCKER_HOST=").then(|| c.docker_host_env.captures(t)).flatten().and_then(|c| c.name("host")) {
            facts.docker_host.set(host.as_str(), src(l, host));
        }
        if t.contains("Docker daemon") || t.contains("docker API") || t.contains("Docker API") {
            if let Some(host) = c.unreachable.captures(t).and_then(|c| c.name("host")) {
                facts.docker_host.set(host.as_str(), src(l, host));
                facts.daemon_reachable.set(false, src(l, host));
            }
        }
    }
    // Then guesses.
    for l in lines {
        let t = l.text.as_str();
        if let Some(caps) = t.contains('@').then(|| c.prompt.captures(t)).flatten() {
            if let Some(user) = caps.name("user").filter(|u| u.as_str() != "root") {
                facts.user.set(user.as_str(), src(l, user));
            }
            if let Some(host) = caps.name("host") {
                facts.hostname.set(host.as_str(), src(l, host));
            }
        }
        if let Some(uid) = t.contains("/run/user/").then(|| c.run_user.captures(t)).flatten().and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.uid.set(n, src(l, uid));
            }
        }
        if let Some(caps) = t.contains("/home/").then(|| c.home.captures(t)).flatten() {
            if let Some(home) = caps.name("home") {
                facts.home.set(home.as_str(), src(l, home));
            }
        }
    }
}
