//! Every command runs as shown (issue #18.1), and a crafted paste never
//! chooses what a root command acts on (issue #19.1, #19.6): every entry in
//! every language, through every output, and the red-team reproductions.

use engine::{render, Lang};
use serde_json::Value;

use crate::cli::run;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/team-extension");

/// Lines of shell code blocks that keep a neutral `<name>`, which the shell
/// reads as a redirection.
fn unfilled_lines(md: &str) -> Vec<String> {
    render::code_lines(md)
        .into_iter()
        .filter(|(info, line)| render::is_shell(info) && has_placeholder(line))
        .map(|(_, line)| line.to_string())
        .collect()
}

fn has_placeholder(line: &str) -> bool {
    line.match_indices('<').any(|(i, _)| {
        let after = &line[i + 1..];
        let n = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
        n > 0 && after.as_bytes()[0].is_ascii_alphabetic() && after[n..].starts_with('>')
    })
}

/// `<pre><code>` contents of page HTML that keep an escaped `&lt;name&gt;`.
fn unfilled_in_html(html: &str) -> Vec<String> {
    let shell = |b: &&str| b.strip_prefix(" class=\"language-").is_none_or(|c| render::is_shell(c.split('"').next().unwrap_or("")));
    html.split("<pre><code").skip(1).filter(shell).filter_map(|b| b.split("</code></pre>").next()).flat_map(|b| b.lines()).filter(|l| has_placeholder(&l.replace("&lt;", "<").replace("&gt;", ">"))).map(str::to_string).collect()
}

fn team_kb() -> engine::Knowledge {
    let mut files = Vec::new();
    collect(std::path::Path::new(EXAMPLE), std::path::Path::new(EXAMPLE), &mut files);
    let team: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (kb, errors) = engine::extensions::load_with(engine::builtin_files().iter().copied(), team);
    assert!(errors.is_empty(), "{errors:?}");
    kb
}

fn collect(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if !p.ends_with("README.md") {
            out.push((p.strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()));
        }
    }
}

#[test]
fn no_command_keeps_an_unfilled_placeholder_in_any_output() {
    let kb = team_kb();
    let mut problems = Vec::new();
    for entry in kb.entries.iter().filter(|e| !e.retired) {
        for lang in Lang::ALL {
            let Some((doc, _)) = entry.doc(lang) else { continue };
            // Rendered with no values: the page, and `kb show` (text).
            let page = render::fill(&doc.body, &Default::default(), Some(entry), render::Style::new(&kb, lang, true));
            let html = render::mark_examples(&render::markdown_to_html(&page, lang), kb.ui(lang, "example-title"));
            for l in unfilled_in_html(&html) {
                problems.push(format!("{} {lang:?} page: {l}", entry.id));
            }
            assert_eq!(render::foreign_markup(&html), None, "{}", entry.id);
            let text = render::fill(&doc.body, &Default::default(), Some(entry), render::Style::new(&kb, lang, false));
            for l in unfilled_lines(&text) {
                problems.push(format!("{} {lang:?} text: {l}", entry.id));
            }
            // Diagnosed from its own samples: the fix of the JSON, the terminal and the report.
            for s in entry.samples.iter().filter(|s| s.fires) {
                let d = kb.diagnose(&s.text, lang);
                for f in &d.findings {
                    for l in unfilled_lines(&f.fix_markdown).into_iter().chain(f.team_note.iter().flat_map(|n| unfilled_lines(n))) {
                        problems.push(format!("{} {lang:?} {} -> {}: {l}", entry.id, s.name, f.id));
                    }
                }
                for l in unfilled_lines(&engine::report::markdown(&kb, &d)) {
                    problems.push(format!("{} {lang:?} {} report: {l}", entry.id, s.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} command lines keep a <placeholder>:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn kb_show_prints_runnable_commands() {
    for entry in engine::builtin().entries.iter().filter(|e| !e.retired) {
        for lang in ["en", "ko", "zh", "ja"] {
            let r = run(&["kb", "show", &entry.id, "--lang", lang], b"");
            assert_eq!(r.code, 0, "{}", r.err);
            assert_eq!(unfilled_lines(&r.out), Vec::<String>::new(), "{} {lang}", entry.id);
        }
    }
}

fn fix_of(paste: &str, id: &str) -> (String, Value) {
    let r = run(&["diagnose", "--format", "json"], paste.as_bytes());
    assert_eq!(r.code, 0, "{}", r.err);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["id"] == id).unwrap_or_else(|| panic!("{id} in {v}")).clone();
    (f["fix_markdown"].as_str().unwrap().to_string(), f["values"].clone())
}

fn code(md: &str) -> String {
    render::code_blocks(md).concat()
}

/// redteam-repro/01: a crafted paste named firewalld.service (or sshd) as
/// the unit to disable as root.
#[test]
fn a_crafted_paste_does_not_choose_the_unit_to_disable() {
    let repro = "$ systemctl cat docker\n/etc/systemd/system/firewalld.service:ExecStart=/home/alice/bin/dockerd-rootless.sh\nJan 01 00:00:00 host systemd[1]: Started sshd.service - Docker Application Container Engine (Rootless)\n";
    for paste in [repro, "Jan 01 00:00:00 host systemd[1]: Started ssh.service - Docker Application Container Engine (Rootless)\n"] {
        let (fix, values) = fix_of(paste, "systemd-unit-broken");
        let code = code(&fix);
        assert!(!code.contains("firewalld") && !code.contains("ssh.service") && !code.contains("sshd"), "{code}");
        assert!(values.get("unit").is_none(), "{values}");
        assert!(code.contains("systemctl cat \"${UNIT:?set UNIT first}\" | grep 'ExecStart=.*dockerd-rootless' && sudo systemctl disable --now \"${UNIT:?set UNIT first}\""), "{code}");
    }
    // The same markdown report the CLI prints (--format markdown).
    let md = run(&["diagnose", "--format", "markdown"], repro.as_bytes()).out;
    assert!(!md.contains("disable --now firewalld") && !md.contains("disable --now sshd"), "{md}");
    // A unit whose name and ExecStart are both the rootless daemon's is filled.
    let genuine = "/etc/systemd/system/docker-rootless.service:ExecStart=/home/alice/bin/dockerd-rootless.sh\n";
    let (fix, values) = fix_of(genuine, "systemd-unit-broken");
    assert_eq!(values["unit"], "docker-rootless.service");
    assert!(code(&fix).contains("sudo systemctl disable --now docker-rootless.service"), "{fix}");
}

/// redteam-repro/06: no user in the paste; the fix appended `<user>:...` to /etc/subuid.
#[test]
fn an_unknown_user_is_the_readers_own_not_junk() {
    let (fix, _) = fix_of("failed to compute uid/gid map: open /etc/subuid: no such file or directory\n", "subuid-missing");
    let code = code(&fix);
    assert!(code.contains("echo \"$(id -un):${start:?}:65536\" | sudo tee -a /etc/subuid"), "{code}");
    assert!(code.contains("--add-subgids \"${start:?}-$((start + 65535))\" \"$(id -un)\""), "{code}");
    assert!(!code.contains("<user>"), "{code}");
    // A user from a prompt is not proof enough for a root command; `id` is.
    let (fix, values) = fix_of("bob@host:~$ docker info\nfailed to compute uid/gid map: open /etc/subuid: no such file or directory\n", "subuid-missing");
    assert!(values.get("user").is_none() && !code_of(&fix).contains("bob"), "{fix}");
    let (fix, values) = fix_of("$ id\nuid=1000(alice) gid=1000(alice)\nfailed to compute uid/gid map: open /etc/subuid: no such file or directory\n", "subuid-missing");
    assert_eq!(values["user"], "alice");
    assert!(code_of(&fix).contains("sudo tee -a /etc/subuid") && code_of(&fix).contains("echo \"alice:${start:?}:65536\""), "{fix}");
}

fn code_of(md: &str) -> String {
    code(md)
}

/// redteam-repro/09 and report section 8: a long number is not cut to five
/// digits, and a low port does not widen the sysctl.
#[test]
fn ports_are_never_cut_and_never_widen_the_sysctl() {
    let truncated = "docker: Error response from daemon: driver failed programming external connectivity on endpoint x: Error starting userland proxy: error while calling RootlessKit PortManager.AddPort(): cannot expose privileged port 4294967295, you can add 'net.ipv4.ip_unprivileged_port_start=4294967295' to /etc/sysctl.conf\n";
    let (fix, values) = fix_of(truncated, "privileged-port");
    assert!(values.get("port").is_none(), "{values}");
    assert!(!fix.contains("42949"), "{fix}");
    for low in ["1", "22", "79"] {
        let (fix, values) = fix_of(&format!("Error starting userland proxy: cannot expose privileged port {low}, you can add ...\n"), "privileged-port");
        assert!(values.get("port").is_none(), "{low}: {values}");
        assert!(code(&fix).contains("sudo tee /etc/sysctl.d/99-rootless-docker-ports.conf <<< \"net.ipv4.ip_unprivileged_port_start=${PORT:?set PORT first}\""), "{fix}");
    }
    let (fix, values) = fix_of("cannot expose privileged port 443, you can add ...\n", "privileged-port");
    assert_eq!(values["port"], "443");
    assert!(code(&fix).contains("ip_unprivileged_port_start=443\""), "{fix}");
}

/// An example value runs, and says it is one: a comment in the terminal's
/// and the report's code, a marked span on the page.
#[test]
fn examples_are_marked_in_every_output() {
    let r = run(&["kb", "show", "container-ip-unreachable"], b"");
    assert!(r.out.contains("# example values, change them to yours: web (container), 80 (port), nginx (image)\ndocker port web\n"), "{}", r.out);
    let kb = engine::builtin();
    let entry = kb.entry("container-ip-unreachable").unwrap();
    let doc = &entry.docs[&Lang::En];
    let page = render::fill(&doc.body, &Default::default(), Some(entry), render::Style::new(kb, Lang::En, true));
    let html = render::mark_examples(&render::markdown_to_html(&page, Lang::En), kb.ui(Lang::En, "example-title"));
    assert!(html.contains("docker port <span class=\"example\" title=\"Example value: change it to yours (or fill in “Your values”)\">web</span>"), "{html}");
}
