//! What each Docker release gets: for a `docker info` or `docker version`
//! paste of Docker 24, 27, 29.4 and 29.5+, the version facts the engine
//! reads, the known regressions (`content/regressions.toml`) whose range holds
//! that version, and, for every entry with text variants, which variant the
//! reader of that version sees, with the variant's first line. A change in a
//! variant's conditions or in the version facts shows up here per release.
//! Review with `cargo insta review` (or INSTA_UPDATE=always).

use std::fmt::Write;

use engine::{Knowledge, Lang};

/// Real pastes, one per release line, reused from the samples and the corpus
/// (each file says where it comes from in its entry's or the corpus' index).
const PASTES: &[(&str, &str)] = &[
    // Docker 24.0.7 rootless on Ubuntu 20.04 (cgroup v1), `docker info`.
    ("docker-24", "content/kb/cgroup-v1-no-limits/samples/fires-docker-info-24-ubuntu2004-no-warning-line.txt"),
    // Docker 27.0.1 rootless, `docker version` (docker-library/mysql#1073).
    ("docker-27", "tests/corpus/engine-regression-27-lchown-console-mysql-1073.txt"),
    // Docker 27.3.1 rootless, `docker info`.
    ("docker-27-3", "content/kb/info-rootful-mode/samples/quiet-rootless-info-27.txt"),
    // Docker 29.4.3 rootless with RootlessKit 2.3.5, `docker version`.
    ("docker-29-4", "content/kb/proxy-on-host-loopback/samples/fires-29-4-cntlm.txt"),
    // Docker 29.5.2 rootless, `docker info` (moby#52737).
    ("docker-29-5", "content/kb/ipv4-forwarding-warning/samples/fires-docker-info-29-5.txt"),
    // Docker 29.6.1 rootless, `docker info`.
    ("docker-29-6", "content/kb/ipv4-forwarding-warning/samples/quiet-29-6-warning-is-real.txt"),
];

/// The text of variant `name` in `body` (between its markers).
fn variant_text<'a>(body: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("::: variant {name}");
    body.lines().skip_while(|l| l.trim() != open).skip(1).take_while(|l| l.trim() != ":::").collect()
}

fn report(kb: &Knowledge, paste: &str) -> String {
    let d = kb.diagnose(paste, Lang::En);
    let mut o = String::new();
    for name in ["server_version", "client_version", "rootless", "rootlesskit_version", "network_driver", "port_driver", "detach_netns", "image_store", "storage_driver", "cgroup_version"] {
        let v = d.facts.get(name).map_or("(not in the paste)".to_string(), |v| format!("{v:?}"));
        writeln!(o, "fact {name}: {v}").unwrap();
    }
    writeln!(o, "\nknown regressions of this release:").unwrap();
    for r in &kb.regressions {
        if r.affects(&d.facts) == Some(true) {
            writeln!(o, "  {} ({}, fixed in {})", r.id, r.component.as_str(), r.fixed).unwrap();
        }
    }
    for entry in kb.entries.iter().filter(|e| !e.variants.is_empty()) {
        writeln!(o, "\n{}", entry.id).unwrap();
        let decided = engine::variants::decide(&entry.variants, &d.facts);
        let body = &entry.docs[&Lang::En].body;
        for name in entry.variants.keys() {
            let state = match decided.get(name) {
                Some(true) => "shown",
                Some(false) => "left out",
                None => "shown under its label (undecided)",
            };
            let first = variant_text(body, name).into_iter().find(|l| !l.trim().is_empty()).unwrap_or("");
            writeln!(o, "  {name}: {state}: {first}").unwrap();
        }
        // The text the finding would carry keeps exactly the shown variants.
        let text = entry.text(kb, &entry.docs[&Lang::En], Lang::En, &decided);
        for (name, shown) in &decided {
            let first = variant_text(body, name).into_iter().find(|l| !l.trim().is_empty()).unwrap_or("");
            assert_eq!(text.contains(first), *shown, "{}: variant {name}", entry.id);
        }
    }
    o
}

#[test]
fn each_release_sees_its_own_variants_and_known_regressions() {
    let kb = engine::builtin();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, path) in PASTES {
        let paste = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        insta::assert_snapshot!(*name, report(kb, &paste), path);
    }
}
