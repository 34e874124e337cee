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
    rk_net: Regex,
    rk_port: Regex,
    rk_detach: Regex,
    rk_version: Regex,
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
            // RootlessKit's command line (`ps`, `systemctl status`, a journal).
            rk_net: re(r"[ \t]--net=(?P<v>[a-z0-9-]{1,32})(?:[ \t]|$)"),
            rk_port: re(r"[ \t]--port-driver=(?P<v>[a-z0-9-]{1,32})(?:[ \t]|$)"),
            rk_detach: re(r"[ \t](?P<v>--detach-netns(?:=(?:true|false))?)(?:[ \t]|$)"),
            rk_version: re(r"^[ \t]*rootlesskit version (?P<v>[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+-]*)[ \t]*$"),
        }
    })
}

pub fn read_clues(lines: &[Line], facts: &mut Facts) {
    let c = clues();
    let src = |l: &Line, m: regex::Match<'_>| Source { line: l.number, start: m.start(), end: m.end() };
    // Explicit statements first.
    for l in lines {
        let t = l.text.as_str();
        if let Some(caps) = c.id.captures(t) {
            if let (Some(uid), Some(user)) = (caps.name("uid"), caps.name("user")) {
                if let Ok(n) = uid.as_str().parse() {
                    facts.set_uid(n, src(l, uid));
                }
                facts.set("user", user.as_str(), src(l, user));
            }
        }
        if let Some(uid) = c.runtime_env.captures(t).and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.set_uid(n, src(l, uid));
            }
        }
        if let Some(host) = c.docker_host_env.captures(t).and_then(|c| c.name("host")) {
            facts.set("docker_host", host.as_str(), src(l, host));
        }
        if t.contains("rootlesskit") {
            if t.contains(" --") {
                if let Some(v) = c.rk_net.captures(t).and_then(|c| c.name("v")) {
                    facts.set("network_driver", v.as_str(), src(l, v));
                    // The command line lists --detach-netns when it is on.
                    match c.rk_detach.captures(t).and_then(|c| c.name("v")) {
                        Some(d) => facts.set_flag("detach_netns", d.as_str() != "--detach-netns=false", src(l, d)),
                        None => facts.set_flag("detach_netns", false, src(l, v)),
                    }
                }
                if let Some(v) = c.rk_port.captures(t).and_then(|c| c.name("v")) {
                    facts.set("port_driver", v.as_str(), src(l, v));
                }
            }
            if let Some(v) = c.rk_version.captures(t).and_then(|c| c.name("v")) {
                facts.set("rootlesskit_version", v.as_str(), src(l, v));
            }
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
        if let Some(caps) = c.prompt.captures(t) {
            if let Some(user) = caps.name("user").filter(|u| u.as_str() != "root") {
                facts.set("user", user.as_str(), src(l, user));
            }
            if let Some(host) = caps.name("host") {
                facts.set("hostname", host.as_str(), src(l, host));
            }
        }
        if let Some(uid) = c.run_user.captures(t).and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.set_uid(n, src(l, uid));
            }
        }
        if let Some(caps) = c.home.captures(t) {
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
    fn rootlesskit_command_lines_tell_drivers_and_detach_mode() {
        let f = facts("$ ps -o args= -C rootlesskit\nrootlesskit --state-dir=/run/user/1000/dockerd-rootless --net=gvisor-tap-vsock --mtu=65520 --disable-host-loopback --port-driver=builtin --detach-netns --copy-up=/etc --copy-up=/run --propagation=rslave /usr/bin/dockerd-rootless.sh\n");
        assert_eq!(f.network_driver.as_deref(), Some("gvisor-tap-vsock"));
        assert_eq!(f.port_driver.as_deref(), Some("builtin"));
        assert_eq!(f.detach_netns, Some(true));
        let f = facts("rootlesskit --state-dir=/run/user/1000/dockerd-rootless --net=slirp4netns --mtu=65520 --slirp4netns-sandbox=auto --port-driver=builtin --copy-up=/etc /usr/bin/dockerd-rootless.sh\n");
        assert_eq!(f.network_driver.as_deref(), Some("slirp4netns"));
        assert_eq!(f.detach_netns, Some(false));
        let f = facts("$ rootlesskit --version\nrootlesskit version 3.0.1\n");
        assert_eq!(f.rootlesskit_version.as_deref(), Some("3.0.1"));
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
