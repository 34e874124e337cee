//! Hostile pastes: the fixtures in tests/hostile/ carry markup, Markdown and
//! link injection, shell metacharacters, look-alike and bidirectional names
//! and terminal noise in every field that reaches a page or a command; the
//! word `pwned` marks each payload. Generated inputs add very long lines,
//! invalid UTF-8, NUL bytes and a 50 MB paste. For every finding in every
//! language: nothing renders as markup, no command holds a value that failed
//! validation, and the engine and the CLI come back cleanly.
//!
//! The checks shared with the fuzz targets live in fuzz/src/lib.rs, included
//! here; every input saved under fuzz/regressions/ is replayed through them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use engine::{render, subids, validate, Lang};

#[path = "../../fuzz/src/lib.rs"]
mod fuzz_bodies;

/// Marks every payload in the fixtures; no command may ever contain it.
const MARK: &str = "pwned";
/// Look-alike and direction-changing characters the fixtures use.
const SNEAKY: &[char] = &['\u{0430}', '\u{ff41}', '\u{202e}', '\u{2066}', '\u{1b}', '\u{9b}', '\0'];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    assert!(v.len() >= 9, "tests/hostile/ lost its fixtures");
    v
}

/// Diagnoses `paste` in every language and checks every finding.
fn check_paste(name: &str, paste: &str) {
    let kb = engine::builtin();
    for lang in Lang::ALL {
        let d = kb.diagnose(paste, lang);
        // Evidence spans, validated values, inert fix HTML, a report whose
        // fences hold, JSON that parses, a free range that overlaps nothing.
        fuzz_bodies::check_diagnosis(kb, paste, &d);
        for f in &d.findings {
            let html = render::markdown_to_html(&f.fix_markdown, f.language);
            assert_eq!(render::foreign_markup(&html), None, "{name} {lang:?} {}", f.id);
            for block in render::code_blocks(&f.fix_markdown) {
                assert!(!block.to_lowercase().contains(MARK), "{name} {lang:?} {}: a payload reached a command:\n{block}", f.id);
                assert!(!block.contains(SNEAKY), "{name} {lang:?} {}: a look-alike or control character reached a command:\n{block}", f.id);
            }
            for v in f.values.values() {
                assert!(!v.to_lowercase().contains(MARK), "{name} {}: {v:?}", f.id);
            }
        }
        let rep = subids::analyze(&d.facts);
        if let Some(free) = rep.free {
            let cmd = subids::add_command(free, rep.user.as_deref());
            assert!(!cmd.contains(MARK) && !cmd.contains(SNEAKY), "{name}: {cmd}");
        }
        let redacted = engine::redact::redact(paste, &d.facts, &engine::redact::Kind::ALL);
        fuzz_bodies::check_diagnosis(kb, &redacted, &kb.diagnose(&redacted, lang));
    }
}

#[test]
fn hostile_fixtures_render_as_text_and_never_reach_a_command() {
    for (name, bytes) in fixtures() {
        check_paste(&name, &String::from_utf8_lossy(&bytes));
    }
}

/// The payloads do reach the engine: each fixture fires the entries whose
/// commands would take the hostile value, and they show the placeholder.
#[test]
fn hostile_values_leave_the_placeholder() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("docker-info-rootful-markup.txt", "info-rootful-mode", &["<data_root>"]),
        ("docker-info-json-escapes.txt", "info-rootful-mode", &["<data_root>", "<user>"]),
        ("docker-info-rootless-user-substitution.txt", "cgroup-controllers-not-delegated", &["<user>"]),
        ("errors-markup-and-links.txt", "docker-host-overrides-context", &["<context>"]),
        ("shell-metacharacters-in-values.txt", "docker-host-overrides-context", &["<context>"]),
        ("shell-metacharacters-in-values.txt", "image-uid-out-of-range", &["<path>"]),
        ("shell-metacharacters-in-values.txt", "systemd-unit-broken", &["<path>"]),
        ("lookalike-and-bidi-users.txt", "no-login-session", &["<user>"]),
        ("lookalike-and-bidi-users.txt", "subuid-missing", &["<user>"]),
    ];
    let all = fixtures();
    for (file, id, placeholders) in cases {
        let bytes = &all.iter().find(|(n, _)| n == file).unwrap().1;
        let d = engine::builtin().diagnose(&String::from_utf8_lossy(bytes), Lang::En);
        let f = d.findings.iter().find(|f| f.id == *id).unwrap_or_else(|| panic!("{file}: {id} did not fire"));
        for p in *placeholders {
            // Placeholders stand only in code (the tidy test), so this is a
            // command: it shows `<name>`, or in a code block its fallback.
            let fallback = engine::builtin().entry(id).and_then(|e| e.placeholder(p.trim_matches(['<', '>']))).and_then(|p| p.fallback);
            let shown = |s: &str| f.fix_markdown.contains(s);
            assert!(shown(p) || fallback.is_some_and(|fb| shown(fb.text())), "{file}: {id} lacks {p}");
            assert!(!f.values.contains_key(p.trim_matches(['<', '>'])), "{file}: {id} filled {p}");
        }
    }
}

#[test]
fn escaped_json_control_characters_stay_out_of_facts_and_report() {
    let bytes = &fixtures().into_iter().find(|(n, _)| n == "docker-info-json-escapes.txt").unwrap().1;
    let d = engine::builtin().diagnose(&String::from_utf8_lossy(bytes), Lang::En);
    assert!(d.facts.kernel.as_deref().unwrap().starts_with("6.8.0 ~~~~ # pwned"), "{:?}", d.facts.kernel);
    let md = engine::report::markdown(engine::builtin(), &d);
    assert!(!md.contains("\n# pwned") && !md.contains('\u{1b}'), "{md}");
}

#[test]
fn very_long_lines_are_quoted_around_the_match() {
    // A 2 MB line with the error in the middle, and a paste of many long lines.
    let error = "cannot expose privileged port 80";
    let line = format!("{}<script>pwned</script>{error}{}\n", "x".repeat(1 << 20), "\u{202e}가".repeat(1 << 18));
    let d = engine::builtin().diagnose(&line, Lang::En);
    let f = d.findings.iter().find(|f| f.id == "privileged-port").expect("found in a long line");
    let e = &f.evidence[0];
    assert!(e.text.len() < 1000, "quoted {} bytes", e.text.len());
    assert_eq!(&e.text[e.start..e.end], error);
    check_paste("long-line", &line);
    check_paste("many-long-lines", &format!("{}\n", "ab\u{0}c<b>".repeat(20_000)).repeat(8));
}

/// The shapes of input that were slow (redteam.md §3, §4; generator
/// 03-dos-gen.py): each is diagnosed and redacted with every promise
/// checked. Their time is measured by `cargo bench -p engine -- hostile`
/// (budget 0.5 s per MB natively, docs/security.md), not here; at 256 KB
/// each took minutes in a debug build before the work was made linear.
#[test]
fn slow_input_shapes_keep_their_promises() {
    const SIZE: usize = 256 << 10;
    let kb = engine::builtin();
    let mut lines: Vec<&str> = kb.entries.iter().flat_map(|e| &e.samples).flat_map(|s| s.text.lines()).filter(|l| !l.trim().is_empty()).collect();
    lines.sort();
    lines.dedup();
    let frags: Vec<&str> = kb
        .entries
        .iter()
        .flat_map(|e| &e.lines)
        .flat_map(|m| m.pattern.split(|c: char| "\\()[]?*+|{}^$.".contains(c)).map(str::trim).filter(|f| f.len() >= 3))
        .collect();
    let mut seed = 1u64;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    // `f` makes one line from a source of random indexes below its argument.
    type Line<'a> = &'a mut dyn FnMut(&mut dyn FnMut(usize) -> usize) -> String;
    let mut fill = |f: Line<'_>| {
        let mut out = String::new();
        while out.len() < SIZE {
            out.push_str(&f(&mut next));
            out.push('\n');
        }
        out
    };
    let joined = fill(&mut |r| (0..20).map(|_| lines[r(lines.len())]).collect::<Vec<_>>().join(" "));
    let fragments = fill(&mut |r| (0..30).map(|_| frags[r(frags.len())]).collect::<Vec<_>>().join(" "));
    let mixed = fill(&mut |r| lines[r(lines.len())].to_string());
    let mut i = 0;
    let prompts = fill(&mut |_| {
        i += 1;
        format!("u{i}x@h{i}y:~$ x")
    });
    let inputs = [
        ("braces", "{\n".repeat(SIZE / 2)),
        ("json-lines", "{\"a\":1,\n".repeat(SIZE / 8)),
        ("key-braces", "{\"data-root\": {\n".repeat(SIZE / 16)),
        ("journal-of-braces", format!("$ journalctl --user -u docker -o cat\n{}", "{\n".repeat(SIZE / 2))),
        ("joined-samples", joined),
        ("pattern-fragments", fragments),
        ("mixed-samples", mixed),
        ("prompts", prompts),
    ];
    for (name, paste) in &inputs {
        let d = kb.diagnose(paste, Lang::En);
        fuzz_bodies::check_diagnosis(kb, paste, &d);
        let redacted = engine::redact::redact(paste, &d.facts, &engine::redact::Kind::ALL);
        assert_eq!(redacted.lines().count(), paste.lines().count(), "{name}");
    }
}

// ---- the command line ----------------------------------------------------

use crate::cli::run;

/// No escape sequence or other control character from the paste reaches the terminal.
fn plain(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn all_formats_hold(name: &str, input: &[u8]) {
    for lang in ["en", "ko"] {
        let r = run(&["diagnose", "--lang", lang, "--format", "json"], input);
        assert_eq!(r.code, 0, "{name}: {}", r.err);
        let v: serde_json::Value = serde_json::from_str(&r.out).unwrap_or_else(|e| panic!("{name}: JSON does not parse: {e}"));
        assert!(v["findings"].is_array());
        let r = run(&["diagnose", "--lang", lang, "--format", "markdown"], input);
        assert_eq!(r.code, 0, "{name}: {}", r.err);
        assert!(plain(&r.out), "{name}: control character in the Markdown report");
        assert_eq!(render::foreign_markup(&render::markdown_to_html(&r.out, engine::Lang::from_code(lang).unwrap_or_default())), None, "{name}");
        let r = run(&["diagnose", "--lang", lang], input);
        assert_eq!(r.code, 0, "{name}: {}", r.err);
        assert!(plain(&r.out) && plain(&r.err), "{name}: control character in the text output");
    }
}

#[test]
fn the_cli_reads_every_fixture_in_every_format() {
    for (name, bytes) in fixtures() {
        if bytes[..bytes.len().min(8192)].contains(&0) {
            // NUL bytes early on: refused as binary, in one line.
            let r = run(&["diagnose"], &bytes);
            assert_eq!(r.code, 2, "{name}");
            assert!(r.err.contains("binary") && r.err.trim_end().lines().count() == 1, "{name}: {}", r.err);
            // The same text after 8 KB of ordinary lines is diagnosed.
            let mut late = "ok\n".repeat(3000).into_bytes();
            late.extend_from_slice(&bytes);
            all_formats_hold(&name, &late);
        } else {
            all_formats_hold(&name, &bytes);
        }
    }
}

#[test]
fn invalid_utf8_is_read_lossily_in_every_format() {
    let mut bytes = b"\xff\xfe\xc3\x28 \xe2\x82 \xf0\x28\x8c\x28 pwned\xc2\n".to_vec();
    bytes.extend_from_slice(b"\x1b[31mdocker: Error response from daemon: cannot expose privileged port 80\xff\x1b[0m\r\n");
    all_formats_hold("invalid-utf8", &bytes);
    let r = run(&["diagnose", "--format", "json"], &bytes);
    assert!(r.err.contains("UTF-8"), "{}", r.err);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["findings"][0]["id"], "privileged-port");
}

#[test]
fn a_50_mb_paste_is_refused_quickly_with_the_size_message() {
    // Lines that would all match, so reading it all would be slow.
    let line = "docker: Error response from daemon: cannot expose privileged port 80 <b>pwned</b>\n";
    let big = line.repeat((50 << 20) / line.len() + 1).into_bytes();
    assert!(big.len() >= 50 << 20);
    let expected = |path: &str| engine::builtin().ui(Lang::En, "cli-error-too-large").replace("{limit}", "20").replace("{path}", path);
    let started = Instant::now();
    let r = run(&["diagnose", "-", "--format", "json"], &big);
    assert_eq!(r.code, 2);
    assert_eq!(r.err.trim_end(), format!("rootless-doctor: {}", expected("stdin")));
    assert!(r.out.is_empty());
    // From a file too (the reader stops after the cap).
    let path = std::env::temp_dir().join(format!("rootless-doctor-hostile-{}.txt", std::process::id()));
    std::fs::write(&path, &big).unwrap();
    let r = run(&["diagnose", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(r.code, 2);
    assert_eq!(r.err.trim_end(), format!("rootless-doctor: {}", expected(path.to_str().unwrap())));
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
}

// ---- team bundles with escape sequences (redteam repro 02) -------------

/// A bundle from tests/hostile-bundles/, otherwise valid, whose text carries
/// terminal escape sequences (OSC 52 writes the clipboard, OSC 0 the window
/// title, CSI 2J clears the screen).
fn bundle(name: &str) -> String {
    root().join("tests/hostile-bundles").join(name).to_string_lossy().into_owned()
}

#[test]
fn a_bundle_with_escape_sequences_is_refused_and_its_problems_reach_the_terminal_inert() {
    let paste = std::fs::read(root().join("content/kb/registry-pull-timeout/samples/fires-client-timeout-rootless.txt")).unwrap();
    // An OSC 52 sequence in a note (raw), in an entry's title (as TOML `\u001b` escapes).
    for (name, file) in [("osc52-in-note.json", "notes/registry-pull-timeout/en.md"), ("escapes-in-title.json", "kb/corp-registry-ca-missing/en.md")] {
        let cases: [&[&str]; 4] = [&["diagnose"], &["diagnose", "--format", "markdown"], &["kb", "list"], &["kb", "show", "corp-registry-ca-missing"]];
        for args in cases {
            let path = bundle(name);
            let mut all = vec!["--extensions", path.as_str()];
            all.extend_from_slice(args);
            let r = run(&all, &paste);
            assert_eq!(r.code, 2, "{name} {args:?}: {}", r.out);
            assert!(r.out.is_empty() && plain(&r.err), "{name} {args:?}: {:?}", r.err);
            assert!(r.err.contains(file) && r.err.contains("control"), "{name}: {}", r.err);
        }
    }
    // The page refuses the same bundles: the loader is shared.
    let text = std::fs::read_to_string(bundle("osc52-in-note.json")).unwrap();
    assert!(engine::extensions::with_bundle(&engine::Bundle::from_json(&text).unwrap()).is_err());
}

#[test]
fn a_refused_bundle_names_its_file_without_acting_on_the_terminal() {
    let r = run(&["--extensions", &bundle("escapes-in-file-name.json"), "kb", "list"], b"");
    assert_eq!(r.code, 2);
    assert!(r.out.is_empty());
    assert!(plain(&r.err), "{:?}", r.err);
    assert!(r.err.contains("evil.txt"), "{}", r.err);
}

#[test]
fn bidirectional_controls_are_shown_not_obeyed() {
    let r = run(&["diagnose"], "docker: Error response from daemon: cannot expose privileged port 80 \u{202e}txt.exe\u{200b}\n".as_bytes());
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("<U+202E>txt.exe<U+200B>") && !r.out.contains('\u{202e}'), "{}", r.out);
}

// ---- redaction (redteam repro 05, 05b) ------------------------------------

#[test]
fn redaction_leaves_no_secret_and_every_line() {
    let all = fixtures();
    let text = |name: &str| String::from_utf8_lossy(&all.iter().find(|(n, _)| n == name).unwrap().1).into_owned();
    let leaks = text("redaction-leaks.txt");
    let kb = engine::builtin();
    let d = kb.diagnose(&leaks, Lang::En);
    let r = engine::redact::redact(&leaks, &d.facts, &engine::redact::Kind::ALL);
    for secret in [
        "S3cretPass", "Hunter2!", "pa55w0rd", "hunter2@", "YWxpY2U6UzNjcmV0UGFzcw", "Zm9vOmJhcg", "ghp_abcdef", "wJalrXUtnFEMI",
        "eyJhbGciOiJIUzI1NiJ9", "fd00:1234", "2001:db8", "alice", "build01", "bob@", "10.20.30.40",
    ] {
        assert!(!r.contains(secret), "{secret} left in:\n{r}");
    }
    assert_eq!(r.lines().count(), leaks.lines().count());
    // A secret's line ends where it ended; the next lines diagnose as before.
    let eats = text("redaction-eats-lines.txt");
    let r = engine::redact::redact(&eats, &kb.diagnose(&eats, Lang::En).facts, &engine::redact::Kind::ALL);
    assert_eq!(r.lines().count(), eats.lines().count(), "{r}");
    assert_eq!(r.lines().skip(1).collect::<Vec<_>>(), eats.lines().skip(1).collect::<Vec<_>>());
    let ids = |t: &str| kb.diagnose(t, Lang::En).findings.into_iter().map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(ids(&r), ids(&eats));
}

// ---- fuzzing: targets and regressions -----------------------------------

/// Every format in the registry has a fuzz target, and fuzz/Cargo.toml
/// builds every target file.
#[test]
fn every_format_has_a_fuzz_target() {
    let manifest = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    for kind in fuzz_bodies::kinds() {
        let name = format!("format_{}", kind.replace('-', "_"));
        assert!(root().join(format!("fuzz/fuzz_targets/{name}.rs")).is_file(), "no fuzz target for the {kind} format");
    }
    for e in std::fs::read_dir(root().join("fuzz/fuzz_targets")).unwrap() {
        let file = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(manifest.contains(&format!("path = \"fuzz_targets/{file}\"")), "fuzz/Cargo.toml does not build {file}");
    }
}

/// Runs one saved input through the body of the target that found it.
fn replay(target: &str, data: &[u8]) {
    match target {
        "diagnose" => fuzz_bodies::diagnosis(data),
        "split_and_parse" => fuzz_bodies::split(data),
        "render" => fuzz_bodies::render(data),
        "subids" => fuzz_bodies::subid_analyzer(data),
        "bundle" => fuzz_bodies::bundle(data),
        t => match t.strip_prefix("format_") {
            Some(kind) => fuzz_bodies::one_format(&kind.replace('_', "-"), data),
            None => panic!("fuzz/regressions/{t}: no such fuzz target"),
        },
    }
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = root().join("fuzz/regressions");
    let mut n = 0;
    for target in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap().map(|e| e.unwrap().path()) {
            replay(&name, &std::fs::read(&input).unwrap());
            // Every input also goes through the whole diagnosis.
            replay("diagnose", &std::fs::read(&input).unwrap());
            n += 1;
        }
    }
    assert!(n > 0, "no regression inputs under {}", Path::new("fuzz/regressions").display());
}

#[test]
fn validators_used_here_refuse_the_payloads() {
    // The fixture payloads themselves, one per kind of attack.
    for v in ["$(rm -rf ~)pwned", "`reboot`pwned", "ctx;pwned&&reboot", "/etc/-pwned", "pwned*", "\u{0430}lice", "alice\u{202e}txt", "\"quoted\"", "a\nb", "-rf"] {
        for k in [validate::Kind::User, validate::Kind::Path, validate::Kind::Name, validate::Kind::Version, validate::Kind::Number] {
            assert!(!k.accepts(v), "{k:?} accepted {v:?}");
        }
    }
}
