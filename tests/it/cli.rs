//! The command line, run in-process through `cli::run` (the binary's main
//! is a thin wrapper around it).

use std::io::Write;

use serde_json::Value;

const SEED_ERROR: &str = "docker: Error response from daemon: driver failed programming external connectivity on endpoint web (5d1e4e6b9f0c): Error starting userland proxy: error while calling PortManager.AddPort(): cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied.\n";

/// What one in-process run of the command printed and returned.
pub(crate) struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
}

/// Runs the command line in-process, without a locale or colour.
pub(crate) fn run(args: &[&str], stdin: &[u8]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run(&args, None, stdin, &mut out, &mut err, false);
    Run { code, out: String::from_utf8(out).unwrap(), err: String::from_utf8(err).unwrap() }
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("rootless-doctor-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    path
}

#[test]
fn json_diagnosis_of_the_seed_error_keeps_its_contract() {
    let r = run(&["diagnose", "--format", "json"], SEED_ERROR.as_bytes());
    assert_eq!(r.code, 0, "{}", r.err);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["language"], "en");
    assert_eq!(v["sections"][0]["kind"], "text");
    assert_eq!(v["sections"][0]["first_line"], 1);
    assert!(v["facts"].is_object());
    let f = &v["findings"][0];
    assert_eq!(f["id"], "privileged-port");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["values"]["port"], "80");
    let e = &f["evidence"][0];
    assert_eq!(e["line"], 1);
    let text = e["text"].as_str().unwrap();
    let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[s..t], "cannot expose privileged port 80");
    assert!(f["title"].as_str().unwrap().contains("1024"));
    assert!(f["fix_markdown"].as_str().unwrap().contains("ip_unprivileged_port_start=80"));
}

#[test]
fn the_same_paste_reads_from_a_file_and_in_every_language() {
    let path = temp_file("seed.txt", SEED_ERROR.as_bytes());
    for (lang, word) in [("ko", "포트"), ("zh", "端口"), ("ja", "ポート"), ("en", "port")] {
        let r = run(&["diagnose", path.to_str().unwrap(), "--lang", lang], b"");
        assert_eq!(r.code, 0, "{}", r.err);
        assert!(r.out.contains(word), "{lang}: {}", r.out);
        assert!(r.out.contains("[privileged-port]"));
        assert!(!r.out.contains('\x1b'), "no colour when not a terminal");
    }
    let md = run(&["diagnose", path.to_str().unwrap(), "--format=markdown"], b"");
    assert!(md.out.starts_with("# "));
    assert!(md.out.contains("### Fix"));
}

#[test]
fn kb_list_names_every_entry_with_its_languages() {
    let r = run(&["kb", "list", "--format", "json"], b"");
    assert_eq!(r.code, 0);
    let list: Vec<Value> = serde_json::from_str(&r.out).unwrap();
    assert_eq!(list.len(), engine::builtin().entries.iter().filter(|e| !e.retired).count());
    for e in &list {
        assert_eq!(e["languages"], serde_json::json!(["en", "ko", "zh", "ja"]), "{e}");
        assert!(["error", "warning", "info"].contains(&e["severity"].as_str().unwrap()));
    }
    assert!(list.iter().any(|e| e["id"] == "privileged-port"));
}

#[test]
fn kb_show_prints_one_entry_with_guarded_commands() {
    let r = run(&["kb", "show", "privileged-port", "--lang", "ja"], b"");
    assert_eq!(r.code, 0);
    assert!(r.out.contains("ポート"));
    assert!(r.out.contains("ip_unprivileged_port_start=${PORT:?先に PORT を設定してください}\""), "{}", r.out);
    let missing = run(&["kb", "show", "no-such-entry"], b"");
    assert_eq!(missing.code, 2);
    assert!(missing.err.contains("no-such-entry"));
}

#[test]
fn bad_input_gets_one_clear_line_never_a_panic() {
    let one_line = |r: &Run| assert_eq!(r.err.trim_end().lines().count(), 1, "{:?}", r.err);
    let r = run(&["diagnose", "/nonexistent/file.txt"], b"");
    assert_eq!(r.code, 2);
    one_line(&r);
    assert!(r.err.contains("/nonexistent/file.txt"));

    let r = run(&["diagnose"], b"");
    assert_eq!(r.code, 2);
    assert!(r.err.contains("empty"));

    let r = run(&["diagnose"], b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0");
    assert_eq!(r.code, 2);
    assert!(r.err.contains("binary"));

    let big = vec![b'a'; cli::MAX_INPUT_BYTES + 10];
    let r = run(&["diagnose", "-"], &big);
    assert_eq!(r.code, 2);
    one_line(&r);

    let r = run(&["diagnose", "--format", "yaml"], SEED_ERROR.as_bytes());
    assert_eq!(r.code, 2);
    one_line(&r);

    let r = run(&["frobnicate"], b"");
    assert_eq!(r.code, 2);
}

#[test]
fn invalid_utf8_is_diagnosed_with_a_note() {
    let mut bytes = b"\xff\xfe garbage \xc3\x28\n".to_vec();
    bytes.extend_from_slice(SEED_ERROR.as_bytes());
    let r = run(&["diagnose", "--format", "json"], &bytes);
    assert_eq!(r.code, 0);
    assert!(r.err.contains("UTF-8"));
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["findings"][0]["id"], "privileged-port");
    assert_eq!(v["findings"][0]["evidence"][0]["line"], 2);
}

#[test]
fn help_and_version() {
    let r = run(&["--help"], b"");
    assert_eq!(r.code, 0);
    assert!(r.out.contains("rootless-doctor diagnose"));
    let r = run(&[], b"");
    assert!(r.out.contains("Usage"));
    let r = run(&["--version"], b"");
    assert!(r.out.starts_with("rootless-doctor "));
}

#[test]
fn the_markdown_report_names_what_was_read() {
    let paste = "alice@web01:~$ docker info\nServer:\n Containers: 0\n Server Version: 27.3.1\n Security Options:\n  rootless\n```\n<script>x</script>\n";
    let r = run(&["diagnose", "--format", "markdown"], paste.as_bytes());
    assert_eq!(r.code, 0);
    assert!(r.out.contains("**What we read**"), "{}", r.out);
    assert!(r.out.contains("Docker (server)  27.3.1"));
    assert!(r.out.contains("rootless"));
    // Pasted text stays inside fences it cannot close.
    assert!(!r.out.contains("\n<script>"));
}

/// The terminal reads like the page: a Chinese paragraph is one line with a
/// space only next to Latin text or code, and a Korean particle stays on its
/// word's line (content/kb/*/zh.md and ko.md break lines anywhere).
#[test]
fn text_output_resolves_line_breaks_by_language() {
    let zh = run(&["kb", "show", "registry-pull-timeout", "--lang", "zh"], b"");
    assert_eq!(zh.code, 0, "{}", zh.err);
    assert!(zh.out.contains("时超时失败：可能是 DNS 查询超时"), "{}", zh.out);
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let lines: Vec<&str> = zh.out.lines().collect();
    assert!(lines.windows(2).all(|w| !(w[0].ends_with(han) && w[1].starts_with(han))), "{}", zh.out);
    let ko = run(&["kb", "show", "br-netfilter-missing", "--lang", "ko"], b"");
    assert!(!ko.out.lines().any(|l| l.starts_with("에서는 ")), "{}", ko.out);
}

#[test]
fn help_for_each_command_version_and_exit_codes() {
    // `help COMMAND` and `COMMAND --help` print the same text, in the language asked for.
    for (cmd, marker) in [("diagnose", "rootless-doctor diagnose [FILE|-]"), ("check", "rootless-doctor check [options]"), ("kb", "rootless-doctor kb pack DIR")] {
        let a = run(&["help", cmd], b"");
        let b = run(&[cmd, "--help"], b"");
        assert_eq!((a.code, b.code), (0, 0));
        assert_eq!(a.out, b.out);
        assert!(a.out.contains(marker), "{cmd}: {}", a.out);
    }
    assert!(run(&["help", "diagnose"], b"").out.contains("20 MB"));
    assert!(run(&["--lang", "ja", "help", "check"], b"").out.starts_with("使い方"));
    // --help wins over a mistake on the same line; `help` of an unknown command is one.
    assert_eq!(run(&["diagnose", "--format", "yaml", "-h"], b"").code, 0);
    let r = run(&["help", "frobnicate"], b"");
    assert_eq!(r.code, 2);
    assert!(r.err.contains("\"frobnicate\""), "{}", r.err);

    // The usage names every exit status.
    let usage = run(&["help"], b"").out;
    for code in ["0  ", "1  ", "2  "] {
        assert!(usage.contains(code), "{usage}");
    }

    // --version: the program, its platform, the knowledge base's date and
    // the releases it was checked against (content/about.toml).
    let about = &engine::builtin().about;
    let v = run(&["--version"], b"").out;
    assert!(v.starts_with(&format!("rootless-doctor {} (", env!("CARGO_PKG_VERSION"))), "{v}");
    for value in [&about.date, &about.docker, &about.rootlesskit] {
        assert!(v.contains(value.as_str()), "{v}");
    }
    assert!(v.contains("Docker Engine") && v.contains("RootlessKit"), "{v}");
    assert_eq!(run(&["-V"], b"").out, v);

    // Usage errors: one line, in the language asked for, exit status 2, the
    // argument quoted and escaped.
    let r = run(&["--lang", "ko", "diagnose", "--frob\x1b[2J"], b"");
    assert_eq!(r.code, 2);
    assert_eq!(r.err.lines().count(), 1, "{}", r.err);
    assert!(r.err.contains("알 수 없는 옵션") && r.err.contains("\\u{1b}") && !r.err.contains('\x1b'), "{}", r.err);
}

/// A paste whose daemon version lies inside a known regression's range: the
/// finding names it in every format (JSON adds a field, nothing else moves).
#[test]
fn a_known_regression_of_the_pasted_version_is_named_in_every_format() {
    let paste = "$ dockerd --version\nDocker version 29.0.1, build 198b5e3\nNov 14 18:02:41 vps dockerd-rootless.sh[2291]: sysctl: cannot stat /proc/sys/net/ipv6/conf/all/forwarding: No such file or directory\n";
    let r = run(&["diagnose", "--format", "json"], paste.as_bytes());
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["id"], "ipv6-disabled-boot");
    let k = &f["regressions"][0];
    assert_eq!((k["id"].as_str(), k["component"].as_str(), k["version"].as_str(), k["fixed"].as_str()), (Some("rootless-sh-ipv6-forwarding"), Some("engine"), Some("29.0.1"), Some("29.0.2")));
    assert_eq!(k["issue"], "https://github.com/moby/moby/issues/51541");
    let text = run(&["diagnose"], paste.as_bytes()).out;
    assert!(text.contains("Docker Engine 29.0.1 has this known problem; 29.0.2 fixes it") && text.contains("https://github.com/moby/moby/issues/51541"), "{text}");
    let md = run(&["diagnose", "--format", "markdown"], paste.as_bytes()).out;
    assert!(md.contains("[moby/moby#51541](https://github.com/moby/moby/issues/51541)"), "{md}");
    for (lang, word) in [("ko", "알려진 문제"), ("zh", "已知问题"), ("ja", "既知の問題")] {
        let out = run(&["diagnose", "--lang", lang], paste.as_bytes()).out;
        assert!(out.contains(word) && out.contains("29.0.2"), "{lang}: {out}");
    }
    // A fixed release: the line no longer counts, and nothing is named.
    let fixed = paste.replace("29.0.1, build 198b5e3", "29.0.2, build 8108357");
    let v: Value = serde_json::from_str(&run(&["diagnose", "--format", "json"], fixed.as_bytes()).out).unwrap();
    assert!(v["findings"].as_array().unwrap().iter().all(|f| f["id"] != "ipv6-disabled-boot" && f.get("regressions").is_none()), "{v}");
}
