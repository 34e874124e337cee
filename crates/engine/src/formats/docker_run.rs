//! A pasted `docker run` (or `docker create`, `docker container run`)
//! command line, continued over lines ending in `\`. Only the flags that
//! change what a container may touch on the host are kept, spelled one way
//! (`--net=host` and `--network host` both become `--network host`). The
//! command must start its line (after a prompt or `sudo`): prose that
//! mentions `docker run` is not a command.

use super::{Format, Hint, ParseWarning};
use crate::facts::{Facts, Source};
use crate::text::{strip_prompt, Line};

pub struct DockerRun;

/// Longest command read, in lines.
const MAX_LINES: usize = 64;

/// Flags kept, by every spelling, with the spelling they are kept under.
const KEPT: &[(&[&str], &str)] = &[
    (&["-p", "--publish"], "-p"),
    (&["-v", "--volume"], "-v"),
    (&["--mount"], "--mount"),
    (&["--network", "--net"], "--network"),
    (&["--pid"], "--pid"),
    (&["--ipc"], "--ipc"),
    (&["--uts"], "--uts"),
    (&["--userns"], "--userns"),
    (&["--cgroupns"], "--cgroupns"),
    (&["--cap-add"], "--cap-add"),
    (&["--security-opt"], "--security-opt"),
    (&["--device"], "--device"),
    (&["-u", "--user"], "-u"),
];

/// Long flags that take no value (all others take one).
pub(super) const BOOL_LONG: &[&str] = &[
    "--privileged", "--rm", "--init", "--read-only", "--detach", "--interactive", "--tty", "--publish-all",
    "--no-healthcheck", "--oom-kill-disable", "--quiet", "--sig-proxy", "--disable-content-trust", "--help", "--use-api-socket",
];

/// Short flags that take a value.
pub(super) const VALUE_SHORT: &[u8] = b"peuvwmhlac";

/// The words after `docker run` on the first line: (offset in the line).
fn command_start(text: &str) -> Option<usize> {
    let t = strip_prompt(text);
    let mut rest = t;
    if let Some(r) = rest.strip_prefix("sudo ") {
        rest = r.trim_start();
        while let Some(r) = rest.strip_prefix('-').and_then(|r| r.split_once(' ').map(|(_, r)| r.trim_start())) {
            rest = r;
        }
    }
    let mut rest = rest.strip_prefix("docker ")?.trim_start();
    // Global options before the subcommand: `docker --context=rootless run`,
    // `docker -H unix:///run/user/1000/docker.sock run`.
    loop {
        let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
        let takes_value = matches!(word, "-c" | "--context" | "-H" | "--host" | "-l" | "--log-level" | "--config");
        let flag = word.starts_with("--") && word.contains('=') || matches!(word, "-D" | "--debug" | "--tls" | "--tlsverify");
        if takes_value {
            rest = after.trim_start().split_once(' ').map(|(_, r)| r.trim_start()).unwrap_or("");
        } else if flag {
            rest = after.trim_start();
        } else {
            break;
        }
    }
    let rest = rest.strip_prefix("container ").map(str::trim_start).unwrap_or(rest);
    let rest = rest.strip_prefix("run ").or_else(|| rest.strip_prefix("create "))?;
    Some(text.len() - rest.len())
}

/// Shell words of `s` with their spans, quotes removed.
fn shell_words(s: &str, offset: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, usize)> = None;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        if cur.is_none() && (c == ' ' || c == '\t') {
            continue;
        }
        let (word, start) = cur.get_or_insert_with(|| (String::new(), i));
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, ' ' | '\t') => {
                let start = *start;
                if let Some((w, _)) = cur.take() {
                    out.push((w, offset + start, offset + i));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if let Some((w, start)) = cur {
        out.push((w, offset + start, offset + s.len()));
    }
    out
}

fn continues(text: &str) -> bool {
    text.trim_end().ends_with('\\')
}

impl Format for DockerRun {
    fn kind(&self, _: &[Line], _: Hint<'_>) -> &'static str {
        "docker-run"
    }

    fn sniff(&self, lines: &[Line], i: usize, _: Hint<'_>) -> bool {
        command_start(&lines[i].text).is_some()
    }

    fn extent(&self, lines: &[Line], start: usize, _: Hint<'_>) -> usize {
        let mut end = start + 1;
        while end < lines.len() && end - start < MAX_LINES && continues(&lines[end - 1].text) {
            end += 1;
        }
        end
    }

    fn parse(&self, lines: &[Line], _: Hint<'_>, facts: &mut Facts, _: &mut Vec<ParseWarning>) {
        let Some(first) = command_start(&lines[0].text) else { return };
        // Every word of the command, with its line.
        let mut words: Vec<(usize, String, usize, usize)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let from = if i == 0 { first } else { 0 };
            let text = line.text.trim_end();
            let text = text.strip_suffix('\\').unwrap_or(text);
            let Some(part) = text.get(from..) else { continue };
            words.extend(shell_words(part, from).into_iter().map(|(w, s, e)| (line.number, w, s, e)));
        }
        let mut k = 0;
        while k < words.len() {
            let (line, word, start, end) = &words[k];
            k += 1;
            if word == "--" || !word.starts_with('-') || word == "-" {
                break; // the image: what follows is the container's command
            }
            let src = |end: usize| Source { line: *line, start: *start, end };
            let (name, inline) = match word.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
                _ if !word.starts_with("--") && word.len() > 2 && VALUE_SHORT.contains(&word.as_bytes()[1]) && word.is_char_boundary(2) => {
                    (word[..2].to_string(), Some(word[2..].to_string()))
                }
                _ => (word.clone(), None),
            };
            if name == "--privileged" {
                if inline.as_deref().is_none_or(|v| v != "false") {
                    facts.run_flags.push("--privileged", src(*end));
                }
                continue;
            }
            // Compose's and the CLI's shortcut that mounts the daemon's socket
            // at /var/run/docker.sock in the container (docker/cli 28.1+).
            if name == "--use-api-socket" {
                facts.run_flags.push("--use-api-socket", src(*end));
                continue;
            }
            if name == "-P" || name == "--publish-all" {
                facts.run_flags.push("-P", src(*end));
                continue;
            }
            let takes_value = if name.starts_with("--") {
                !BOOL_LONG.contains(&name.as_str())
            } else {
                // `-itd` and friends are boolean; a value flag ends the cluster.
                name.len() == 2 && VALUE_SHORT.contains(&name.as_bytes()[1])
            };
            if !takes_value {
                continue;
            }
            let (value, end) = match inline {
                Some(v) => (v, *end),
                None => match words.get(k) {
                    Some((l, v, _, e)) if l == line => {
                        k += 1;
                        (v.clone(), *e)
                    }
                    Some((_, v, _, _)) => {
                        k += 1;
                        (v.clone(), *end)
                    }
                    None => break,
                },
            };
            if let Some((_, kept)) = KEPT.iter().find(|(names, _)| names.contains(&name.as_str())) {
                facts.run_flags.push(&format!("{kept} {value}"), src(end));
            }
        }
    }
}
