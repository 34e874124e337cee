//! Facts scattered through free text: who the user is (a prompt, `id`, a
//! home or runtime path), which daemon address the client tried, and whether
//! it got through. Runs over every line, whatever section it is in. Explicit
//! statements (`id`, `XDG_RUNTIME_DIR=`) are read before guesses (a prompt,
//! a path), because the first value found for a fact wins.

use std::sync::OnceLock;

use regex::Regex;

use crate::facts::{Facts, Source};
use crate::text::{contains, Line};

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
    docker_version_line: Regex,
    format_command: Regex,
    bare_version: Regex,
    daemon_start: Regex,
    server_version_line: Regex,
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
            // `docker --version` and `dockerd --version` print the same line.
            docker_version_line: re(r"^[ \t]*Docker version (?P<v>[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+~-]*), build [0-9a-f]+[ \t]*$"),
            // `docker version --format '{{.Server.Version}}'`, `docker info -f '{{.ServerVersion}}'`.
            format_command: re(r#"^docker (?:version|info) (?:--format|-f)(?:[ \t]+|=)['"]?\{\{ ?\.(?P<which>Server\.Version|ServerVersion|Client\.Version) ?\}\}['"]?$"#),
            bare_version: re(r"^[ \t]*(?P<v>[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+~-]*)[ \t]*$"),
            // The daemon's start line in a journal (daemon/daemon.go): `msg="Docker daemon" commit=… version=29.5.0`.
            daemon_start: re(r#"msg="Docker daemon" [^"]*?(?-u:\b)version=(?P<v>[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+~-]*)"#),
            // One line of `docker info`, as `docker info | grep 'Server Version'` leaves it.
            server_version_line: re(r"^[ \t]*Server Version: (?P<v>[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+~-]*)[ \t]*$"),
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
        // The first value of a fact wins (`One::set`): a pattern whose facts
        // are all known is not run again (a paste that repeats its prompt or
        // its error on every line).
        let id_open = !(facts.uid.is_set() && facts.user.is_set());
        if let Some(caps) = (id_open && contains(t, "uid=")).then(|| c.id.captures(t)).flatten() {
            if let (Some(uid), Some(user)) = (caps.name("uid"), caps.name("user")) {
                if let Ok(n) = uid.as_str().parse() {
                    facts.uid.set(n, src(l, uid));
                }
                facts.user.set(user.as_str(), src(l, user));
            }
        }
        if let Some(uid) = (!facts.uid.is_set() && contains(t, "XDG_RUNTIME_DIR=")).then(|| c.runtime_env.captures(t)).flatten().and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.uid.set(n, src(l, uid));
            }
        }
        if let Some(host) = (!facts.docker_host.is_set() && contains(t, "DOCKER_HOST=")).then(|| c.docker_host_env.captures(t)).flatten().and_then(|c| c.name("host")) {
            facts.docker_host.set(host.as_str(), src(l, host));
        }
        if contains(t, "rootlesskit") {
            if contains(t, " --") {
                let net_open = !(facts.network_driver.is_set() && facts.detach_netns.is_set());
                if let Some(v) = net_open.then(|| c.rk_net.captures(t)).flatten().and_then(|c| c.name("v")) {
                    facts.network_driver.set(v.as_str(), src(l, v));
                    // The command line lists --detach-netns when it is on.
                    match c.rk_detach.captures(t).and_then(|c| c.name("v")) {
                        Some(d) => facts.detach_netns.set(d.as_str() != "--detach-netns=false", src(l, d)),
                        None => facts.detach_netns.set(false, src(l, v)),
                    }
                }
                if let Some(v) = (!facts.port_driver.is_set()).then(|| c.rk_port.captures(t)).flatten().and_then(|c| c.name("v")) {
                    facts.port_driver.set(v.as_str(), src(l, v));
                }
            }
            if let Some(v) = (!facts.rootlesskit_version.is_set()).then(|| c.rk_version.captures(t)).flatten().and_then(|c| c.name("v")) {
                facts.rootlesskit_version.set(v.as_str(), src(l, v));
            }
        }
        let host_open = !(facts.docker_host.is_set() && facts.daemon_reachable.is_set());
        if host_open && (contains(t, "Docker daemon") || contains(t, "docker API") || contains(t, "Docker API")) {
            if let Some(host) = c.unreachable.captures(t).and_then(|c| c.name("host")) {
                facts.docker_host.set(host.as_str(), src(l, host));
                facts.daemon_reachable.set(false, src(l, host));
            }
            if let Some(v) = t.contains("msg=\"Docker daemon\"").then(|| c.daemon_start.captures(t)).flatten().and_then(|c| c.name("v")) {
                facts.server_version.set(v.as_str(), src(l, v));
            }
        }
        if let Some(v) = contains(t, "Server Version: ").then(|| c.server_version_line.captures(t)).flatten().and_then(|c| c.name("v")) {
            facts.server_version.set(v.as_str(), src(l, v));
        }
    }
    // A version printed alone, read only right after the command that asks
    // for it: `dockerd --version` (the daemon) or `docker --version` (the
    // client), and `docker version --format '{{.Server.Version}}'`.
    let mut asked: Option<&str> = None;
    for l in lines {
        if let Some(cmd) = super::command_of(&l.text) {
            asked = Some(cmd);
            continue;
        }
        if l.text.trim().is_empty() {
            continue;
        }
        let Some(cmd) = asked.take() else { continue };
        let t = l.text.as_str();
        let daemon = cmd.starts_with("dockerd ") || cmd.contains("/dockerd ");
        if (cmd.ends_with(" --version") || cmd.ends_with(" -v")) && (daemon || cmd.starts_with("docker ")) {
            if let Some(v) = c.docker_version_line.captures(t).and_then(|c| c.name("v")) {
                if daemon {
                    facts.server_version.set(v.as_str(), src(l, v));
                } else {
                    facts.client_version.set(v.as_str(), src(l, v));
                }
            }
        } else if let Some(which) = cmd.contains("{{").then(|| c.format_command.captures(cmd)).flatten().and_then(|c| c.name("which")) {
            if let Some(v) = c.bare_version.captures(t).and_then(|c| c.name("v")) {
                if which.as_str() == "Client.Version" {
                    facts.client_version.set(v.as_str(), src(l, v));
                } else {
                    facts.server_version.set(v.as_str(), src(l, v));
                }
            }
        }
    }
    // Then guesses.
    for l in lines {
        let t = l.text.as_str();
        let prompt_open = !(facts.user.is_set() && facts.hostname.is_set());
        if let Some(caps) = (prompt_open && t.contains('@')).then(|| c.prompt.captures(t)).flatten() {
            if let Some(user) = caps.name("user").filter(|u| u.as_str() != "root") {
                facts.user.set(user.as_str(), src(l, user));
            }
            if let Some(host) = caps.name("host") {
                facts.hostname.set(host.as_str(), src(l, host));
            }
        }
        if let Some(uid) = (!facts.uid.is_set() && contains(t, "/run/user/")).then(|| c.run_user.captures(t)).flatten().and_then(|c| c.name("uid")) {
            if let Ok(n) = uid.as_str().parse() {
                facts.uid.set(n, src(l, uid));
            }
        }
        if let Some(caps) = (!facts.home.is_set() && contains(t, "/home/")).then(|| c.home.captures(t)).flatten() {
            if let Some(home) = caps.name("home") {
                facts.home.set(home.as_str(), src(l, home));
            }
        }
    }    // Where the paste was printed (a container, a build, WSL, a CI runner).
    super::context::read_context(lines, facts);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Value;
    use crate::text::lines;

    fn facts(paste: &str) -> Facts {
        let mut f = Facts::default();
        read_clues(&lines(paste), &mut f);
        f
    }

    #[test]
    fn rootlesskit_command_lines_tell_drivers_and_detach_mode() {
        let f = facts("$ ps -o args= -C rootlesskit\nrootlesskit --state-dir=/run/user/1000/dockerd-rootless --net=gvisor-tap-vsock --mtu=65520 --disable-host-loopback --port-driver=builtin --detach-netns --copy-up=/etc --copy-up=/run --propagation=rslave /usr/bin/dockerd-rootless.sh\n");
        assert_eq!(f.network_driver.as_deref(), Some("gvisor-tap-vsock"));
        assert_eq!(f.port_driver.as_deref(), Some("builtin"));
        assert_eq!(f.get("detach_netns"), Some(Value::Bool(true)));
        let f = facts("rootlesskit --state-dir=/run/user/1000/dockerd-rootless --net=slirp4netns --mtu=65520 --slirp4netns-sandbox=auto --port-driver=builtin --copy-up=/etc /usr/bin/dockerd-rootless.sh\n");
        assert_eq!(f.network_driver.as_deref(), Some("slirp4netns"));
        assert_eq!(f.get("detach_netns"), Some(Value::Bool(false)));
        let f = facts("$ rootlesskit --version\nrootlesskit version 3.0.1\n");
        assert_eq!(f.rootlesskit_version.as_deref(), Some("3.0.1"));
    }

    #[test]
    fn versions_printed_alone_are_read_after_their_command() {
        let f = facts("$ dockerd --version\nDocker version 29.0.1, build 198b5e3\n");
        assert_eq!((f.server_version.as_deref(), f.client_version.as_deref()), (Some("29.0.1"), None));
        let f = facts("$ docker --version\nDocker version 29.1.3, build f52814d\n");
        assert_eq!((f.server_version.as_deref(), f.client_version.as_deref()), (None, Some("29.1.3")));
        let f = facts("$ docker version --format '{{.Server.Version}}'\n27.0.1\n");
        assert_eq!(f.server_version.as_deref(), Some("27.0.1"));
        let f = facts("$ docker info -f '{{.ServerVersion}}'\n\n29.5.2\n");
        assert_eq!(f.server_version.as_deref(), Some("29.5.2"));
        // Without its command, or after another command, the line says nothing.
        assert_eq!(facts("Docker version 29.0.1, build 198b5e3\n27.0.1\n").server_version.as_deref(), None);
        assert_eq!(facts("$ uname -r\n6.8.0\n").server_version.as_deref(), None);
        assert_eq!(facts("$ docker version --format '{{.Server.Os}}'\n27.0.1\n").server_version.as_deref(), None);
        let f = facts("Nov 16 10:31:08 box dockerd-rootless.sh[4410]: time=\"2025-11-16T10:31:08Z\" level=info msg=\"Docker daemon\" commit=198b5e3 containerd-snapshotter=true storage-driver=overlayfs version=29.0.1\n");
        assert_eq!(f.server_version.as_deref(), Some("29.0.1"));
        let f = facts("$ docker info | grep -E 'Server Version|Kernel'\n Server Version: 20.10.5\n Kernel Version: 5.11.8-arch1-1\n");
        assert_eq!(f.server_version.as_deref(), Some("20.10.5"));
    }
}
