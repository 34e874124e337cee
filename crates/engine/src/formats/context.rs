//! Where the paste was printed, read from the prompts, commands and prose
//! around the error: inside a container, inside an image build, on WSL,
//! after a switch of user, in a CI runner, and which container tool ran the
//! commands. The same message often has a different cause in each place
//! (a socket refused inside a container is the mount, on the host the
//! context), so entries name these facts in their conditions.
//!
//! One pass over the lines, each line looked at for its literals before any
//! pattern runs; a fact keeps the first line that shows it (`One::set`).

use std::sync::OnceLock;

use regex::Regex;

use crate::facts::{Facts, Source};
use crate::text::{contains, trim, Line};

struct Patterns {
    /// `root@3f2a1b9c4d5e:/# `, `[root@3f2a1b9c4d5e /]# `: Docker and Podman
    /// name a container's host after the first 12 digits of its ID.
    id_prompt: Regex,
    /// BusyBox's default prompt in a container, `\w # `: `/ # `, `/app # `.
    busybox_prompt: Regex,
    /// Bash without a PS1 (`bash-5.1# `), as images without a profile show it.
    bash_prompt: Regex,
    /// A shell opened in a container: `docker exec -it web sh`,
    /// `podman run -it --rm alpine /bin/sh`, `kubectl exec -it pod -- bash`.
    shell_in: Regex,
    /// An interactive `run`/`exec` without a shell named (the image's default).
    interactive: Regex,
    /// A container's own output: `docker logs web`, `kubectl logs pod`.
    logs: Regex,
    /// `docker run`, `podman run`, `nerdctl run` (the words after it follow).
    run: Regex,
    /// `#7 [2/4] RUN …`, `=> ERROR [build 3/5] RUN …`, `Step 3/7 : RUN …`, `STEP 2/4: RUN …`.
    build_step: Regex,
    /// What a failed `RUN` leaves: `process "/bin/sh -c …" did not complete
    /// successfully`, `executor failed running [/bin/sh -c …]`, `The command
    /// '/bin/sh -c …' returned a non-zero code`, Buildah's `building at STEP "RUN …"`.
    build_failed: Regex,
    /// A WSL kernel release: `5.15.153.1-microsoft-standard-WSL2`, `4.4.0-19041-Microsoft`.
    wsl_kernel: Regex,
    /// Windows paths and WSL's variables and commands.
    wsl_trace: Regex,
    /// `su`, `sudo su -`, `sudo -iu alice`, `runuser -l alice`, `machinectl shell alice@`.
    user_switch: Regex,
    github: Regex,
    gitlab: Regex,
    jenkins: Regex,
    /// act's log prefix: `[CI/build]   🚀  Start image=…`, `[CI/build]   | …`.
    act: Regex,
    /// A command of a container tool at the start of a line.
    tool_command: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("built-in context pattern");
        const TOOL: &str = r"(?:sudo[ \t]+(?:-[A-Za-z]+[ \t]+)*)?(?:docker|podman|nerdctl)(?:[ \t]+container)?";
        const SHELL: &str = r"(?:/usr)?(?:/bin/)?(?:sh|bash|ash|zsh)";
        // `kubectl -n ci logs …`: options before the verb, with or without a value.
        const KUBECTL: &str = r"(?:kubectl|oc)(?:[ \t]+(?:-n|--namespace|--context|--kubeconfig)(?:[ \t]+|=)[^ \t]+|[ \t]+-[^ \t]+)*";
        Patterns {
            id_prompt: re(r"^[ \t]*\[?[a-z_][a-z0-9_-]{0,31}@(?P<id>[0-9a-f]{12})(?::[^ \t]*| [^ \t\]]+\]?)[ ]?[$#](?:[ \t]|$)"),
            busybox_prompt: re(r"^(?P<p>/(?:[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*)?) # "),
            bash_prompt: re(r"^(?P<p>(?:bash|sh)-[0-9]+\.[0-9]+[$#]) "),
            shell_in: re(&format!(
                r"^(?:{TOOL}[ \t]+(?:exec|run)[ \t]+(?:[^ \t]+[ \t]+)*-[a-z]*(?:it|ti)[a-z]*[ \t]+(?:[^ \t]+[ \t]+)*{SHELL}|(?:docker[ \t]+compose|docker-compose|podman-compose)[ \t]+exec[ \t]+(?:[^ \t]+[ \t]+)*{SHELL}|(?:sudo[ \t]+)?{KUBECTL}[ \t]+exec[ \t]+.*--[ \t]+{SHELL}|(?:sudo[ \t]+)?(?:lxc|incus)[ \t]+exec[ \t]+[^ \t]+[ \t]+--[ \t]+{SHELL}|(?:distrobox|toolbox)[ \t]+enter)(?:[ \t]+-[a-z]+)*[ \t]*$"
            )),
            interactive: re(&format!(r"^{TOOL}[ \t]+(?:exec|run)[ \t]+(?:[^ \t]+[ \t]+)*-[a-z]*(?:it|ti)[a-z]*[ \t]")),
            logs: re(&format!(r"^(?:{TOOL}[ \t]+logs|(?:docker[ \t]+compose|docker-compose|podman-compose)[ \t]+logs|(?:sudo[ \t]+)?{KUBECTL}[ \t]+logs)(?:[ \t]|$)")),
            run: re(&format!(r"^{TOOL}[ \t]+run[ \t]+")),
            build_step: re(
                r"^(?:#[0-9]+ |=> (?:ERROR |CACHED )?)?(?:\[(?:[^\]]* )?[0-9]+/[0-9]+\] |Step [0-9]+(?:/[0-9]+)? : |STEP [0-9]+(?:/[0-9]+)?: )(?P<i>(?i:RUN|FROM|COPY|ADD|WORKDIR|ENV|ARG|USER|CMD|ENTRYPOINT|LABEL|EXPOSE|VOLUME|SHELL)(?:[ \t]|$).*)",
            ),
            build_failed: re(
                r#"(?P<i>process "/bin/(?:ba)?sh -c [^"]*" did not complete successfully|executor failed running \[/bin/(?:ba)?sh -c |The command '/bin/(?:ba)?sh -c |[Bb]uilding at STEP "RUN )"#,
            ),
            wsl_kernel: re(r"(?-u:\b)(?P<k>[0-9]+\.[0-9]+\.[0-9]+(?:[A-Za-z0-9.+_-]*-microsoft-standard(?:-WSL2)?|-[0-9]+-Microsoft))(?-u:\b)"),
            wsl_trace: re(
                r"(?P<w>(?:^|[ \t=:'\x22(])/mnt/(?:c/|wslg(?:/|(?-u:\b))|[a-z]/(?:Users|Windows|Program Files)/)|(?-u:\b)WSL_DISTRO_NAME=|(?-u:\b)WSL_INTEROP=|(?i:\\\\wsl(?:\$|\.localhost)\\)|(?i:(?-u:\b)wsl\.exe(?-u:\b))|(?:^|[ \t>])wsl[ \t]+--?(?:shutdown|install|update|status|list|set-version|set-default|unregister|export|import|terminate|distribution|user|exec|version|l|d|u|t)(?:[ \t]|$))",
            ),
            user_switch: re(
                r"^(?:(?:sudo[ \t]+(?:-[A-Za-z]+[ \t]+)*)?(?P<mc>machinectl)[ \t]+(?:shell|login)|(?:sudo[ \t]+(?:-[A-Za-z]+[ \t]+)*)?(?P<su>su|runuser)|(?P<sudo>sudo)[ \t]+(?:-[A-Za-z]*[iu][A-Za-z]*|--login|--user(?:=|[ \t])))(?:[ \t]|$)",
            ),
            github: re(r"(?P<g>##\[(?:error|warning|group|endgroup|notice|debug)\]|/home/runner/(?:work|_work|actions-runner)/|(?-u:\b)GITHUB_ACTIONS=true|Current runner version: ')"),
            gitlab: re(r#"(?P<g>^Running with gitlab-runner(?-u:\b)|Executing "(?:step_script|build_script)" stage of the job script|^Preparing the "docker(?:\+machine)?" executor|^Using Docker executor with image )"#),
            jenkins: re(r"(?P<g>^\[Pipeline\] |/(?:var/jenkins_home|var/lib/jenkins)/workspace/)"),
            act: re(r"^(?P<g>\[[^\]/]{1,100}/[^\]]{1,100}\])[ \t]+(?:🚀|🐳|⭐|✅|❌|🏁|⚙|☁|🧪|\|)"),
            tool_command: re(
                r"^(?:sudo[ \t]+(?:-[A-Za-z]+[ \t]+)*)?(?P<t>docker|podman|nerdctl|docker-compose|podman-compose)[ \t]+(?:run|exec|ps|info|version|build|buildx|pull|push|compose|images|logs|start|stop|restart|rm|rmi|network|volume|system|context|container|image|login|create|inspect|load|save|tag|kill|events|stats|top|cp|port|attach|pod|unshare|machine|generate|kube|play|manifest|search|up|down)(?:[ \t]|$)",
            ),
        }
    })
}

/// Where a line's text starts inside the line (`part` is a piece of `text`).
fn offset(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len())
}

/// The command a line runs: after a prompt or the collector's marker, or a
/// line that is nothing but a command (people paste commands without prompts).
fn command(text: &str) -> &str {
    let t = super::command_of(text).unwrap_or_else(|| trim(text));
    // One-character prompts `strip_prompt` leaves (it reads `❯ ` itself).
    match t.strip_prefix('λ').or_else(|| t.strip_prefix('»')) {
        Some(rest) if rest.starts_with(' ') => trim(rest),
        _ => t,
    }
}

/// A line that says the command before it failed in the client, so what
/// follows it is not the container's: `Error response from daemon`, `docker: …`.
fn client_error(text: &str) -> bool {
    let t = trim(text);
    ["Error", "error", "docker: ", "OCI runtime", "Unable to find image", "unable to upgrade", "WARNING: "].iter().any(|p| t.starts_with(p))
}

/// The words after `docker run`'s flags: the image and its command, if any
/// (the flags that take a value are those `docker_run` knows).
fn runs_a_command(rest: &str) -> bool {
    let mut words = rest.split([' ', '\t']).filter(|w| !w.is_empty());
    while let Some(w) = words.next() {
        if w == "-d" || w == "--detach" || (w.starts_with('-') && !w.starts_with("--") && w.contains('d') && w.len() <= 4 && !w.contains('=')) {
            return false;
        }
        if matches!(w, "--help" | "|" | "||" | "&&" | ";" | ">" | "2>&1") {
            return false;
        }
        if w == "--" || !w.starts_with('-') {
            // The image; a word after it is the container's command (not a
            // pipe or a redirection of the client's own output).
            return words.next().is_some_and(|c| !c.starts_with(['|', '&', ';', '>', '2']));
        }
        let takes_value = if let Some(long) = w.strip_prefix("--") {
            !long.contains('=') && !super::docker_run::BOOL_LONG.contains(&w)
        } else {
            w.len() == 2 && super::docker_run::VALUE_SHORT.contains(&w.as_bytes()[1])
        };
        if takes_value {
            words.next();
        }
    }
    false
}

/// Reads the context facts from every line.
pub fn read_context(lines: &[Line], facts: &mut Facts) {
    let p = patterns();
    let src = |l: &Line, start: usize, end: usize| Source { line: l.number, start, end };
    // A WSL kernel another parser read (`uname -a`, `docker info`).
    if let (Some(k), Some(s)) = (facts.kernel.as_deref(), facts.kernel.source()) {
        if k.to_ascii_lowercase().contains("microsoft") {
            facts.wsl.set(true, s);
        }
    }
    // A command whose next output tells whether it ran in a container: a
    // shell opened there (unless the client refused it), or an interactive
    // run whose prompt then shows bash's default.
    let mut pending: Option<(Source, bool)> = None;
    // The first build step of any kind, if no RUN step is seen.
    let mut first_step: Option<Source> = None;
    let mut detect_virt = false;
    for l in lines {
        let t = l.text.as_str();
        if trim(t).is_empty() {
            continue;
        }
        if let Some((s, needs_prompt)) = pending.take() {
            if !client_error(t) {
                let bash = p.bash_prompt.is_match(t);
                if !needs_prompt || bash {
                    facts.in_container.set(true, s);
                }
            }
        }
        if std::mem::take(&mut detect_virt) {
            match trim(t) {
                "docker" | "podman" | "lxc" | "lxc-libvirt" | "systemd-nspawn" | "openvz" | "container-other" | "rkt" | "proot" => {
                    facts.in_container.set(true, src(l, 0, t.len()));
                }
                "wsl" => facts.wsl.set(true, src(l, 0, t.len())),
                _ => {}
            }
        }
        let cmd = command(t);
        let at = offset(t, cmd);
        let end = at + cmd.len();

        // Inside a container.
        if !facts.in_container.is_set() {
            if t.contains('@') {
                if let Some(id) = p.id_prompt.captures(t).and_then(|c| c.name("id")).filter(|m| m.as_str().bytes().any(|b| b.is_ascii_digit())) {
                    facts.in_container.set(true, src(l, id.start(), id.end()));
                }
            }
            if t.starts_with('/') {
                if let Some(m) = p.busybox_prompt.captures(t).and_then(|c| c.name("p")) {
                    facts.in_container.set(true, src(l, m.start(), m.end() + 2));
                }
            }
            if contains(t, ".dockerenv") || contains(t, ".containerenv") {
                // `ls -la /.dockerenv` listing the file (not `cannot access`).
                let tt = trim(t);
                if tt.starts_with('-') && (tt.ends_with("/.dockerenv") || tt.ends_with("/run/.containerenv")) {
                    let from = t.rfind('/').map_or(0, |i| if t[..i].ends_with("/run") { i - 4 } else { i });
                    facts.in_container.set(true, src(l, from, t.trim_end().len()));
                }
            }
            if let Some(rest) = t.strip_prefix("container=") {
                if matches!(rest.trim(), "docker" | "podman" | "oci" | "lxc") {
                    facts.in_container.set(true, src(l, 0, t.trim_end().len()));
                }
            }
        }
        if cmd.len() > 4 && cmd.is_char_boundary(4) {
            if p.shell_in.is_match(cmd) || p.logs.is_match(cmd) {
                pending = Some((src(l, at, end), false));
            } else if p.interactive.is_match(cmd) {
                pending = Some((src(l, at, end), true));
            } else if let Some(m) = p.run.find(cmd) {
                if runs_a_command(&cmd[m.end()..]) {
                    pending = Some((src(l, at, end), false));
                }
            }
            if cmd.starts_with("systemd-detect-virt") {
                detect_virt = true;
            }
        }

        // Inside an image build.
        if !facts.in_build.is_set() {
            let tt = crate::text::trim_start(t);
            let lead = t.len() - tt.len();
            if matches!(tt.as_bytes().first(), Some(b'#' | b'=' | b'[' | b'S')) {
                if let Some(i) = p.build_step.captures(tt).and_then(|c| c.name("i")) {
                    let step = src(l, lead + i.start(), lead + i.start() + i.as_str().trim_end().len());
                    if i.as_str().get(..3).is_some_and(|w| w.eq_ignore_ascii_case("RUN")) {
                        facts.in_build.set(true, step);
                    } else if first_step.is_none() {
                        first_step = Some(step);
                    }
                }
            }
            if (contains(t, "/bin/sh -c") || contains(t, "/bin/bash -c") || contains(t, "at STEP")) && !facts.in_build.is_set() {
                if let Some(i) = p.build_failed.captures(t).and_then(|c| c.name("i")) {
                    facts.in_build.set(true, src(l, i.start(), i.end()));
                }
            }
        }

        // On WSL.
        if !facts.wsl.is_set() {
            if contains(t, "icrosoft") {
                if let Some(k) = p.wsl_kernel.captures(t).and_then(|c| c.name("k")) {
                    facts.wsl.set(true, src(l, k.start(), k.end()));
                }
            }
            if contains(t, "/mnt/") || contains(t, "WSL") || contains(t, "wsl") {
                if let Some(w) = p.wsl_trace.captures(t).and_then(|c| c.name("w")) {
                    let s = w.as_str();
                    let lead = s.len() - s.trim_start_matches([' ', '\t', '=', ':', '\'', '"', '(', '>']).len();
                    facts.wsl.set(true, src(l, w.start() + lead, w.end()));
                }
            }
        }

        // A switch of user.
        if !facts.user_switch.is_set() && (cmd.starts_with("su") || cmd.starts_with("runuser") || cmd.starts_with("machinectl")) {
            if let Some(c) = p.user_switch.captures(cmd) {
                if let Some(w) = ["mc", "su", "sudo"].iter().find_map(|n| c.name(n)) {
                    facts.user_switch.set(w.as_str(), src(l, at, end));
                }
            }
        }

        // A CI runner.
        if !facts.ci.is_set() {
            let found = if t.starts_with('[') && contains(t, "] ") {
                p.act.captures(t).map(|c| ("act", c)).or_else(|| p.jenkins.captures(t).map(|c| ("jenkins", c)))
            } else if contains(t, "##[") || contains(t, "/home/runner/") || contains(t, "GITHUB_ACTIONS") || contains(t, "runner version") {
                p.github.captures(t).map(|c| ("github-actions", c))
            } else if contains(t, "gitlab-runner") || contains(t, "stage of the job script") || contains(t, " executor") {
                p.gitlab.captures(t).map(|c| ("gitlab", c))
            } else if contains(t, "/workspace/") {
                p.jenkins.captures(t).map(|c| ("jenkins", c))
            } else {
                None
            };
            if let Some((name, c)) = found {
                if let Some(g) = c.name("g") {
                    facts.ci.set(name, src(l, g.start(), g.end()));
                }
            }
            if cmd.starts_with("act") && (cmd == "act" || cmd.starts_with("act -") || cmd.starts_with("act push") || cmd.starts_with("act pull_request") || cmd.starts_with("act workflow_dispatch")) && super::command_of(t).is_some() {
                facts.ci.set("act", src(l, at, end));
            }
        }

        // The container tool: the first command's, and podman-docker's
        // notice that the `docker` command is Podman settles it.
        if contains(t, "Emulate Docker CLI using podman") {
            let from = t.find("Emulate").unwrap_or(0);
            facts.tool.replace("podman".to_string(), src(l, from, t.trim_end().len().max(from)));
        }
        if !facts.tool.is_set() && cmd.len() > 6 {
            if let Some(m) = p.tool_command.captures(cmd).and_then(|c| c.name("t")) {
                let name = m.as_str().split('-').next().unwrap_or("docker");
                facts.tool.set(name, src(l, at + m.start(), at + m.end()));
            }
        }
    }
    if let Some(s) = first_step {
        facts.in_build.set(true, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn facts(paste: &str) -> Facts {
        let mut f = Facts::default();
        read_context(&lines(paste), &mut f);
        f
    }

    /// The text a fact's span covers.
    fn span(paste: &str, s: Option<Source>) -> &str {
        let s = s.expect("a source");
        let line = paste.lines().nth(s.line - 1).expect("the line");
        &line[s.start..s.end]
    }

    #[test]
    fn prompts_and_commands_show_a_container() {
        let p = "root@3f2a1b9c4d5e:/# docker ps\npermission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
        assert_eq!(span(p, facts(p).in_container.source()), "3f2a1b9c4d5e");
        let p = "[root@a1b2c3d4e5f6 /]# ping -c1 1.1.1.1\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
        let p = "/ # ping 1.1.1.1\nPING 1.1.1.1 (1.1.1.1): 56 data bytes\nping: permission denied (are you root?)\n";
        assert_eq!(span(p, facts(p).in_container.source()), "/ #");
        let p = "$ docker exec -it web sh\n/app $ id\nuid=1000(node) gid=1000(node)\n";
        assert_eq!(span(p, facts(p).in_container.source()), "docker exec -it web sh");
        let p = "kubectl exec -it buildkitd-0 -- /bin/sh\n~ $ buildctl debug workers\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
        let p = "$ kubectl -n ci logs buildkitd-0\nDefaulted container \"buildkitd\" out of: buildkitd\n";
        assert_eq!(span(p, facts(p).in_container.source()), "kubectl -n ci logs buildkitd-0");
        let p = "$ kubectl logs buildkit-0\n[rootlesskit:parent] error: failed to setup UID/GID map\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
        // docker run with a command: its output is the container's.
        let p = "❯ docker run --rm --use-api-socket -u $(id -u):$(id -g) docker:cli docker version\nClient:\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
        // An interactive run without a shell named counts once bash's prompt shows.
        let p = "$ docker run -it --rm fedora\nbash-5.2# dnf install -y iputils\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
        // Not: the host, a refused exec, a detached run, a run without a command.
        for p in [
            "alice@box:~$ docker ps\n",
            "bash-5.1# id\n",
            "$ docker exec -it web sh\nError response from daemon: No such container: web\n",
            "$ docker run -d --name web -p 80:80 nginx\n",
            "$ docker run -p 80:80 nginx\ndocker: Error response from daemon: driver failed programming external connectivity\n",
            "$ docker run -it --rm fedora\nUnable to find image 'fedora:latest' locally\n",
            "alice@deadbeefcafe:~$ ls\n",
            "$ docker run --rm hello-world | head -n 2\n\nHello from Docker!\n",
            "$ docker run --help | grep privileged\n      --privileged   Give extended privileges\n",
            "$ docker run --rm --memory 256m alpine true\nWARNING: Your kernel does not support memory limit capabilities\n",
            "ls: cannot access '/.dockerenv': No such file or directory\n",
        ] {
            assert_eq!(facts(p).in_container.get(), None, "{p}");
        }
        let p = "$ ls -la /.dockerenv\n-rwxr-xr-x 1 root root 0 Mar  4 10:01 /.dockerenv\n";
        assert_eq!(span(p, facts(p).in_container.source()), "/.dockerenv");
        let p = "$ systemd-detect-virt --container\npodman\n";
        assert_eq!(facts(p).in_container.get(), Some(&true));
    }

    #[test]
    fn build_steps_show_a_build() {
        let p = "#7 [2/4] RUN ping -c 1 example.com\n#7 0.301 ping: socket: Operation not permitted\n";
        assert_eq!(span(p, facts(p).in_build.source()), "RUN ping -c 1 example.com");
        let p = "Step 1/3 : FROM alpine\nStep 2/3 : RUN apk add curl\n";
        assert_eq!(span(p, facts(p).in_build.source()), "RUN apk add curl");
        let p = "STEP 2/4: RUN dnf -y install iputils\n";
        assert_eq!(facts(p).in_build.get(), Some(&true));
        let p = " => ERROR [build 3/5] RUN go build ./...\n";
        assert_eq!(span(p, facts(p).in_build.source()), "RUN go build ./...");
        let p = "ERROR: failed to solve: process \"/bin/sh -c ping -c1 8.8.8.8\" did not complete successfully: exit code: 2\n";
        assert_eq!(span(p, facts(p).in_build.source()), "process \"/bin/sh -c ping -c1 8.8.8.8\" did not complete successfully");
        let p = "The command '/bin/sh -c apt-get update' returned a non-zero code: 100\n";
        assert_eq!(facts(p).in_build.get(), Some(&true));
        let p = "Step 1/2 : FROM alpine\n";
        assert_eq!(span(p, facts(p).in_build.source()), "FROM alpine");
        for p in ["RUN apt-get update\n", "Step 1 : check the logs\n", "#7 is fine\n"] {
            assert_eq!(facts(p).in_build.get(), None, "{p}");
        }
    }

    #[test]
    fn wsl_shows_in_kernels_paths_and_commands() {
        let p = "Linux DESKTOP-1 5.15.153.1-microsoft-standard-WSL2 #1 SMP x86_64 GNU/Linux\n";
        assert_eq!(span(p, facts(p).wsl.source()), "5.15.153.1-microsoft-standard-WSL2");
        let p = "Linux host 4.4.0-19041-Microsoft #1237-Microsoft Sat Sep 11 14:32:00 PST 2021 x86_64\n";
        assert_eq!(span(p, facts(p).wsl.source()), "4.4.0-19041-Microsoft");
        let p = "alice@box:/mnt/c/Users/alice/project$ docker compose up\n";
        assert_eq!(span(p, facts(p).wsl.source()), "/mnt/c/");
        let p = "modprobe: FATAL: Module ip_tables not found in directory /lib/modules/5.10.55-xanmod1-microsoft-standard-WSL2\n";
        assert_eq!(span(p, facts(p).wsl.source()), "5.10.55-xanmod1-microsoft-standard-WSL2");
        let p = "WSL_DISTRO_NAME=Ubuntu-24.04\n";
        assert_eq!(facts(p).wsl.get(), Some(&true));
        let p = "PS C:\\Users\\alice> wsl --shutdown\n";
        assert_eq!(span(p, facts(p).wsl.source()), "wsl --shutdown");
        let p = "C:\\> wsl.exe -d Ubuntu\n";
        assert_eq!(facts(p).wsl.get(), Some(&true));
        for p in ["Kernel Version: 6.8.0-45-generic\n", "mount /mnt/data\n", "microsoft teams\n"] {
            assert_eq!(facts(p).wsl.get(), None, "{p}");
        }
    }

    #[test]
    fn user_switches_are_named_by_their_tool() {
        let p = "otheruser@myhostname:~$ su mydockeruser -\nPassword:\n";
        assert_eq!(facts(p).user_switch.as_deref(), Some("su"));
        assert_eq!(span(p, facts(p).user_switch.source()), "su mydockeruser -");
        assert_eq!(facts("$ sudo su - alice\n").user_switch.as_deref(), Some("su"));
        assert_eq!(facts("$ sudo -iu alice\n").user_switch.as_deref(), Some("sudo"));
        assert_eq!(facts("sudo -u alice docker ps\n").user_switch.as_deref(), Some("sudo"));
        assert_eq!(facts("$ sudo machinectl shell alice@\n").user_switch.as_deref(), Some("machinectl"));
        assert_eq!(facts("# runuser -l alice\n").user_switch.as_deref(), Some("runuser"));
        for p in ["$ sudo docker ps\n", "$ sudo systemctl restart docker\n", "subuid file\n", "$ sudo -E docker info\n"] {
            assert_eq!(facts(p).user_switch.get(), None, "{p}");
        }
    }

    #[test]
    fn ci_runners_are_named() {
        let p = "2024-05-01T10:00:00.0000000Z ##[error]Process completed with exit code 1.\n";
        assert_eq!(facts(p).ci.as_deref(), Some("github-actions"));
        assert_eq!(span(p, facts(p).ci.source()), "##[error]");
        assert_eq!(facts("Running with gitlab-runner 16.5.0 (853330f9)\n").ci.as_deref(), Some("gitlab"));
        assert_eq!(facts("[Pipeline] sh\n").ci.as_deref(), Some("jenkins"));
        assert_eq!(facts("[CI/build]   🚀  Start image=catthehacker/ubuntu:act-latest\n").ci.as_deref(), Some("act"));
        assert_eq!(facts("/home/runner/bin/docker create --name x -v \"/home/runner/actions-runner/_work\":\"/__w\"\n").ci.as_deref(), Some("github-actions"));
        for p in ["[INFO] systemd not detected\n", "Run docker info and paste it\n", "[1/2] step\n"] {
            assert_eq!(facts(p).ci.get(), None, "{p}");
        }
    }

    #[test]
    fn the_tool_is_the_commands() {
        let p = "$ podman run --rm alpine id\n";
        assert_eq!(facts(p).tool.as_deref(), Some("podman"));
        assert_eq!(span(p, facts(p).tool.source()), "podman");
        assert_eq!(facts("sudo nerdctl run -it alpine\n").tool.as_deref(), Some("nerdctl"));
        assert_eq!(facts("docker-compose up -d\n").tool.as_deref(), Some("docker"));
        let p = "$ docker run --rm alpine id\nEmulate Docker CLI using podman. Create /etc/containers/nodocker to quiet msg.\n";
        assert_eq!(facts(p).tool.as_deref(), Some("podman"));
        for p in ["docker is not running\n", "I use podman\n"] {
            assert_eq!(facts(p).tool.get(), None, "{p}");
        }
    }

    #[test]
    fn a_long_paste_stays_linear() {
        let line = "$ docker exec -it web sh\n\n\n";
        let paste = line.repeat(50_000);
        let started = std::time::Instant::now();
        let f = facts(&paste);
        assert_eq!(f.in_container.get(), Some(&true));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
