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
                    facts.set_uid(n, src(l, uid));
                }
                facts.set("user", user.as_str(), src(l, user));
            }
        }
        if let Some(uid) = t.contains("XDG_RUNTIME_DIR=").then(|| c.runtime_env.captures(t)).flatten().and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.set_uid(n, src(l, uid));
            }
        }
        if let Some(host) = t.contains("DOCKER_HOST=").then(|| c.docker_host_env.captures(t)).flatten().and_then(|c| c.name("host")) {
            facts.set("docker_host", host.as_str(), src(l, host));
        }
        if t.contains("Docker daemon") || t.contains("docker API") || t.contains("Docker API") {
            if let Some(host) = c.unreachable.captures(t).and_then(|c| c.name("host")) {
                facts.set("docker_host", host.as_str(), src(l, host));
                facts.set_flag("daemon_reachable", false, src(l, host));
            }
        }
    }
    // Then guesses.
    for l in lines {
        let t = l.text.as_str();
        if let Some(caps) = t.contains('@').then(|| c.prompt.captures(t)).flatten() {
            if let Some(user) = caps.name("user").filter(|u| u.as_str() != "root") {
                facts.set("user", user.as_str(), src(l, user));
            }
            if let Some(host) = caps.name("host") {
                facts.set("hostname", host.as_str(), src(l, host));
            }
        }
        if let Some(uid) = t.contains("/run/user/").then(|| c.run_user.captures(t)).flatten().and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.set_uid(n, src(l, uid));
            }
        }
        if let Some(caps) = t.contains("/home/").then(|| c.home.captures(t)).flatten() {
            if let Some(home) = caps.name("home") {
                facts.set("home", home.as_str(), src(l, home));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn facts(paste: &str) -> Facts {
        let mut f = Facts::default();
        read_clues(&lines(paste), &mut f);
        f
    }

    #[test]
    fn user_and_uid_come_from_id_before_a_prompt() {
        let f = facts("bob@build01:~$ id\nuid=1001(alice) gid=1001(alice) groups=1001(alice)\n");
        assert_eq!(f.user.as_deref(), Some("alice"));
        assert_eq!(f.uid, Some(1001));
    }

    #[test]
    fn users_come_from_every_common_prompt() {
        for p in ["alice@box:~$ docker ps", "[alice@box ~]$ docker ps", "alice@box ~ $ docker ps", "(base) alice@box:~$ docker ps"] {
            assert_eq!(facts(p).user.as_deref(), Some("alice"), "{p}");
            assert_eq!(facts(p).hostname.as_deref(), Some("box"), "{p}");
        }
    }

    #[test]
    fn docker_29_wording_is_read() {
        let f = facts("failed to connect to the docker API at unix:///run/user/1000/docker.sock; check if the path is correct and if the daemon is running: dial unix /run/user/1000/docker.sock: connect: no such file or directory");
        assert_eq!(f.docker_host.as_deref(), Some("unix:///run/user/1000/docker.sock"));
        assert_eq!(f.daemon_reachable, Some(false));
    }

    #[test]
    fn the_unreachable_daemon_address_is_read() {
        let f = facts("Cannot connect to the Docker daemon at unix:///run/user/1000/docker.sock. Is the docker daemon running?");
        assert_eq!(f.docker_host.as_deref(), Some("unix:///run/user/1000/docker.sock"));
        assert_eq!(f.daemon_reachable, Some(false));
        assert_eq!(f.uid, Some(1000));
        let f = facts("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json\": dial unix /var/run/docker.sock: connect: permission denied");
        assert_eq!(f.docker_host.as_deref(), Some("unix:///var/run/docker.sock"));
    }
}
