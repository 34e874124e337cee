//! `docker info` as text, as printed by Docker 19.03 through 29.x: a
//! `Client:` and a `Server:` block of indented `Key: value` lines, nested
//! lists (`Security Options:` holds `seccomp`, its `Profile:`, `rootless`...),
//! `WARNING:` lines, and `ERROR: Cannot connect...` when the daemon is away.
//! Lines without a colon are list items of the key above them; they are kept.

use super::{indent, Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};

use crate::text::Line;

pub struct DockerInfo;

/// Keys that only `docker info` prints at the top of its server block.
const SERVER_KEYS: &[&str] = &["Containers", "Server Version", "Storage Driver", "Security Options", "Docker Root Dir"];

impl Format for DockerInfo {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "docker-info"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        let t = lines[i].text.trim_end();
        if t == "Client:" || t.starts_with("Client: ") {
            // `docker version` also starts with "Client:"; docker info's
            // client block has Context/Debug Mode/Plugins but never "API version".
            return next_lines(lines, i, 8).all(|l| !l.contains("API version"))
                && next_lines(lines, i, 8).any(|l| {
                    let k = l.trim_start();
                    k.starts_with("Context:") || k.starts_with("Debug Mode:") || k.starts_with("Plugins:") || k.starts_with("Version:")
                });
        }
        if t == "Server:" {
            return next_lines(lines, i, 3).any(|l| {
                let k = l.trim_start();
                k.starts_with("ERROR:") || k.starts_with("Containers:") || k.starts_with("Server Version:")
                    || k.contains("Docker daemon") || k.contains("docker API")
            });
        }
        // Old or partial pastes: starts directly with "Containers: N".
        indent(t) <= 1 && t.trim_start().starts_with("Containers: ") && next_lines(lines, i, 3).any(|l| l.trim_start().starts_with("Running:"))
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        while i < lines.len() {
            let t = lines[i].text.as_str();
            if t.trim().is_empty() {
                i += 1;
                continue;
            }
            let top = t.trim_end();
            let belongs = indent(t) > 0
                || top == "Server:"
                || top.starts_with("WARNING:")
                || top.starts_with("ERROR:")
                || top.starts_with("errors pretty printing info")
                || (top == "Client:" || top.starts_with("Client: ")) && i == start;
            if !belongs {
                break;
            }
            i += 1;
            end = i;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _warnings: &mut Vec<ParseWarning>) {
        facts.docker_info = true;
        let mut block = Block::None;
        // (indent, key) of the open parents, innermost last.
        let mut stack: Vec<(usize, String)> = Vec::new();
        let mut saw_server_version = false;
        let mut saw_rootless = false;
        for line in lines {
            let text = line.text.trim_end();
            let content = text.trim_start();
            if content.is_empty() {
                continue;
            }
            let ind = indent(text);
            let at = |start: usize, end: usize| Source { line: line.number, start, end };
            if let Some(w) = content.strip_prefix("WARNING:") {
                let start = ind + "WARNING:".len() + (w.len() - w.trim_start().len());
                facts.warnings.push(w.trim(), at(start, text.len()));
                continue;
            }
            if content.starts_with("ERROR:") {
                // The clue pass reads the address and sets daemon_reachable.
                continue;
            }
            while stack.last().is_some_and(|(i, _)| *i >= ind) {
                stack.pop();
            }
            if ind == 0 {
                if content.starts_with("Client:") {
                    block = Block::Client;
                    stack.clear();
                    continue;
                }
                if content == "Server:" {
                    block = Block::Server;
                    stack.clear();
                    continue;
                }
            }
            let parent = stack.last().map(|(_, k)| k.clone());
            match key_value(content) {
                Some((key, value)) => {
                    let vstart = text.len() - value.len();
                    let src = at(vstart, text.len());
                    let top_level = parent.is_none();
                    // The image store: the containerd store names its snapshotter type,
                    // a graph driver its backing filesystem.
                    if parent.as_deref() == Some("Storage Driver") {
                        match key {
                            "driver-type" if value.contains("containerd.snapshotter") => facts.image_store.set("containerd", src),
                            "Backing Filesystem" | "Supports d_type" => facts.image_store.set("graphdriver", at(ind, text.len())),
                            _ => {}
                        }
                    }
                    if top_level {
                        match (block, key) {
                            (Block::Client, "Version") => facts.client_version.set(value, src),
                            (Block::Client, "Context") => facts.context.set(value, src),
                            (_, "Server Version") => {
                                saw_server_version = true;
                                facts.server_version.set(value, src)
                            }
                            (_, "Cgroup Driver") => facts.cgroup_driver.set(value, src),
                            (_, "Cgroup Version") => facts.cgroup_version.set(value, src),
                            (_, "Storage Driver") => facts.storage_driver.set(value, src),
                            (_, "Kernel Version") => facts.kernel.set(value, src),
                            (_, "Operating System") => facts.os.set(value, src),
                            (Block::Server, "Name") => facts.hostname.set(value, src),
                            (_, "Docker Root Dir") => {
                                facts.docker_root_dir.set(value, src);
                                read_root_dir(facts, value, src);
                            }
                            _ if !value.is_empty() => {
                                let name = match block {
                                    Block::Client => format!("Client {key}"),
                                    _ => key.to_string(),
                                };
                                facts.other.entry(name).or_insert_with(|| value.to_string());
                            }
                            _ => {}
                        }
                        if SERVER_KEYS.contains(&key) && block == Block::None {
                            block = Block::Server;
                        }
                    }
                    stack.push((ind, key.to_string()));
                }
                None => {
                    // A list item of the key above.
                    let src = at(ind, text.len());
                    match parent.as_deref() {
                        Some("Security Options") => {
                            if content == "rootless" {
                                saw_rootless = true;
                                facts.rootless.set(true, src);
                            }
                            facts.security_options.push(content);
                        }
                        Some("Registry Mirrors") => facts.registry_mirrors.push(content),
                        Some(p) => {
                            let slot = facts.other.entry(p.to_string()).or_default();
                            if !slot.is_empty() {
                                slot.push_str(", ");
                            }
                            slot.push_str(content);
                        }
                        None => {}
                    }
                    stack.push((ind, content.to_string()));
                }
            }
        }
        // The line that shows it: `Security Options:` for the mode, `Server Version:` for the daemon.
        let line_of = |key: &str| {
            lines
                .iter()
                .find(|l| l.text.trim_start().starts_with(key))
                .map(|l| Source { line: l.number, start: indent(&l.text), end: l.text.trim_end().len() })
        };
        let version_line = line_of("Server Version:").unwrap_or(Source { line: lines[0].number, start: 0, end: 0 });
        if saw_server_version && !saw_rootless {
            facts.rootless.set(false, line_of("Security Options:").unwrap_or(version_line));
        }
        if saw_server_version {
            facts.daemon_reachable.set(true, version_line);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Client,
    Server,
}

/// `Key: value` where the key is words (docker info keys are letters,
/// digits, spaces and a few marks) and the colon is not part of a URL.
fn key_value(content: &str) -> Option<(&str, &str)> {
    let colon = content.find(':')?;
    let key = &content[..colon];
    let rest = &content[colon + 1..];
    let key_ok = !key.is_empty()
        && key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || " ._-()/".contains(c));
    if !key_ok || rest.starts_with("//") || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, rest.trim()))
}

/// A rootless data root lives in the user's home: `/home/alice/.local/share/docker`.
fn read_root_dir(facts: &mut Facts, dir: &str, src: Source) {
    if let Some(home) = dir.strip_suffix("/.local/share/docker") {
        facts.home.set(home, src);
        if let Some(user) = home.strip_prefix("/home/") {
            if !user.contains('/') {
                facts.user.set(user, src);
            }
        }
    }
}

fn next_lines(lines: &[Line], i: usize, n: usize) -> impl Iterator<Item = &str> {
    lines[i + 1..].iter().take(n).map(|l| l.text.as_str()).filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use crate::facts::{Facts, Value};

    fn facts(paste: &str) -> Facts {
        let mut f = Facts::default();
        crate::formats::split_and_parse(&crate::text::lines(paste), &mut f, &mut Vec::new());
        f
    }

    #[test]
    fn docker_29_names_the_containerd_image_store() {
        let f = facts("Server:\n Containers: 0\n Server Version: 29.5.1\n Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n Cgroup Driver: systemd\n Security Options:\n  seccomp\n   Profile: builtin\n  rootless\n  cgroupns\n");
        assert_eq!(f.image_store.as_deref(), Some("containerd"));
        assert_eq!(f.get("detach_netns"), Some(Value::Bool(true)), "on by default since 29.5");
        let f = facts("Server:\n Containers: 0\n Server Version: 29.4.3\n Storage Driver: native\n Security Options:\n  rootless\n");
        assert_eq!(f.get("image_store"), Some(Value::Str("containerd")));
        assert_eq!(f.get("detach_netns"), Some(Value::Bool(false)));
        let f = facts("Server:\n Server Version: 27.3.1\n Storage Driver: overlay2\n  Backing Filesystem: extfs\n Security Options:\n  rootless\n");
        assert_eq!(f.image_store.as_deref(), Some("graphdriver"));
    }
}
