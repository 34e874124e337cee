//! `docker version`: a `Client:` block and a `Server:` block of components
//! (`Engine:`, `containerd:`, `runc:`, and `rootlesskit:` when the daemon is
//! rootless). The only text output where the client's context and the
//! server's components stand side by side.

use super::{indent, Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::Line;

pub struct DockerVersion;

fn is_client(t: &str) -> bool {
    t == "Client:" || t.starts_with("Client: ")
}

impl Format for DockerVersion {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "docker-version"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        let t = lines[i].text.trim_end();
        let near = |n: usize, want: &str| lines[i + 1..].iter().take(n).any(|l| l.text.trim_start().starts_with(want));
        (is_client(t) && near(4, "API version:")) || (t.starts_with("Server:") && near(2, "Engine:"))
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        while i < lines.len() {
            let t = lines[i].text.trim_end();
            if t.is_empty() {
                i += 1;
                continue;
            }
            if indent(t) == 0 && !t.starts_with("Server:") {
                break;
            }
            i += 1;
            end = i;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let mut server = false;
        let mut component = String::new();
        let mut engine_seen = false;
        let mut rootlesskit: Option<Source> = None;
        for line in lines {
            let text = line.text.trim_end();
            let content = text.trim_start();
            if content.is_empty() {
                continue;
            }
            if indent(text) == 0 {
                server = content.starts_with("Server:");
                component.clear();
                continue;
            }
            let Some((key, value)) = content.split_once(':') else { continue };
            let value = value.trim();
            let vstart = text.len() - value.len();
            let src = Source { line: line.number, start: vstart, end: text.len() };
            if value.is_empty() {
                // A component heading inside Server: `Engine:`, `rootlesskit:`.
                component = key.trim().to_string();
                if server && component == "rootlesskit" {
                    rootlesskit = Some(Source { line: line.number, start: indent(text), end: text.len() });
                }
                if server && component == "Engine" {
                    engine_seen = true;
                }
                continue;
            }
            match (server, component.as_str(), key) {
                (false, _, "Version") => facts.client_version.set(value, src),
                (false, _, "Context") => facts.context.set(value, src),
                (true, "Engine", "Version") => facts.server_version.set(value, src),
                (true, "Engine", "Kernel Version") => facts.kernel.set(value, src),
                (true, "rootlesskit", "Version") => facts.rootlesskit_version.set(value, src),
                (true, "rootlesskit", "NetworkDriver") => facts.network_driver.set(value, src),
                (true, "rootlesskit", "PortDriver") => facts.port_driver.set(value, src),
                (true, "rootlesskit", k) => {
                    facts.other.entry(format!("rootlesskit {k}")).or_insert_with(|| value.to_string());
                }
                _ => {}
            }
        }
        if engine_seen {
            let first = Source { line: lines[0].number, start: 0, end: 0 };
            facts.daemon_reachable.set(true, first);
            match rootlesskit {
                Some(src) => facts.rootless.set(true, src),
                None => facts.rootless.set(false, facts.server_version.source().unwrap_or(first)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::{Facts, Value};
    use crate::formats::split_and_parse;
    use crate::text::lines;

    #[test]
    fn a_rootless_server_shows_its_rootlesskit() {
        let paste = "Client: Docker Engine - Community\n Version:           27.3.1\n API version:       1.47\n Context:           rootless\n\nServer: Docker Engine - Community\n Engine:\n  Version:          27.3.1\n  API version:      1.47 (minimum version 1.24)\n containerd:\n  Version:          1.7.22\n rootlesskit:\n  Version:          2.3.1\n  NetworkDriver:    slirp4netns\n  PortDriver:       builtin\n";
        let mut f = Facts::default();
        split_and_parse(&lines(paste), &mut f, &mut Vec::new());
        assert_eq!(f.rootlesskit_version.as_deref(), Some("2.3.1"));
        assert_eq!(f.network_driver.as_deref(), Some("slirp4netns"));
        assert_eq!(f.port_driver.as_deref(), Some("builtin"));
        // 27.x runs RootlessKit's network namespace with the daemon in it.
        assert_eq!(f.get("detach_netns"), Some(Value::Bool(false)));
    }
}
