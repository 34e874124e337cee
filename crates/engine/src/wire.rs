//! A diagnosis as one string, for a Web Worker running the same build: the
//! public JSON (`d`) and what it leaves out (`x`), patched back in on decode.
//!
//! Every field the public JSON skips must travel in [`Extras`]. A new
//! `#[serde(skip)]` field forgotten here decodes as its default, and the
//! round-trip test over every sample and hostile fixture fails.

use serde::{Deserialize, Serialize};

use crate::facts::Source;
use crate::Diagnosis;

#[derive(Serialize, Deserialize)]
struct Wire<D> {
    d: D,
    x: Extras,
}

#[derive(Serialize, Deserialize)]
struct Extras {
    /// Every fact's lines by name (`Facts::sources`).
    sources: Vec<(String, Vec<Source>)>,
    /// One per sysctl value, in the map's order.
    sysctl: Vec<Source>,
    subid_read: (bool, bool),
    /// Per finding: its specificity and each evidence line's span.
    findings: Vec<(u32, Vec<(usize, usize)>)>,
}

/// Encodes a diagnosis for another thread of the same build (a Web Worker): every field, including the ones the public JSON leaves out.
pub fn encode(d: &Diagnosis) -> String {
    let f = &d.facts;
    let x = Extras {
        sources: f.sources().into_iter().map(|(k, s)| (k.to_string(), s)).collect(),
        sysctl: f.sysctl.values().map(|(_, s)| *s).collect(),
        subid_read: (f.subuid_read, f.subgid_read),
        findings: d.findings.iter().map(|f| (f.specificity, f.evidence.iter().map(|e| e.line_span).collect())).collect(),
    };
    // Serializing plain data to a String cannot fail.
    serde_json::to_string(&Wire { d, x }).unwrap_or_default()
}

/// The inverse of encode; None for text encode did not produce (never panics).
pub fn decode(s: &str) -> Option<Diagnosis> {
    let Wire::<Diagnosis> { mut d, x } = serde_json::from_str(s).ok()?;
    let f = &mut d.facts;
    if x.sysctl.len() != f.sysctl.len() || x.findings.len() != d.findings.len() {
        return None;
    }
    for (name, sources) in x.sources {
        if !f.restore_sources(&name, sources) {
            return None;
        }
    }
    for ((_, slot), src) in f.sysctl.iter_mut().zip(x.sysctl) {
        slot.1 = src;
    }
    (f.subuid_read, f.subgid_read) = x.subid_read;
    for (finding, (specificity, spans)) in d.findings.iter_mut().zip(x.findings) {
        if spans.len() != finding.evidence.len() {
            return None;
        }
        finding.specificity = specificity;
        for (e, span) in finding.evidence.iter_mut().zip(spans) {
            e.line_span = span;
        }
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};
    use crate::formats::hostile;
    use crate::{builtin, builtin_files, Diagnosis, Lang};
    use proptest::prelude::*;

    fn diagnoses(pastes: &[(String, String)]) -> Vec<(String, Diagnosis)> {
        let mut v = Vec::new();
        for (name, text) in pastes {
            for lang in Lang::ALL {
                v.push((format!("{name} ({})", lang.code()), builtin().diagnose(text, lang)));
            }
        }
        v
    }

    /// Every skipped field is set by some paste, or a forgotten one could pass.
    fn assert_covers_every_skipped_field(ds: &[(String, Diagnosis)]) {
        let any = |p: fn(&Diagnosis) -> bool| ds.iter().any(|(_, d)| p(d));
        // A one-value fact's line and a list's line per item.
        assert!(any(|d| d.facts.sources().iter().any(|(_, s)| s.len() == 1)));
        assert!(any(|d| d.facts.sources().iter().any(|(_, s)| s.len() > 1)));
        assert!(any(|d| !d.facts.sysctl.is_empty()));
        assert!(any(|d| d.facts.subuid_read) && any(|d| d.facts.subgid_read));
        assert!(any(|d| d.findings.iter().any(|f| f.specificity > 0)));
        assert!(any(|d| d.findings.iter().flat_map(|f| &f.evidence).any(|e| e.line_span != (e.start, e.end))));
        assert!(any(|d| !d.warnings.is_empty()));
    }

    #[test]
    fn every_sample_and_hostile_fixture_survives_the_round_trip() {
        let mut pastes: Vec<(String, String)> =
            builtin_files().iter().filter(|(p, _)| p.contains("/samples/")).map(|(p, t)| (p.to_string(), t.to_string())).collect();
        assert!(pastes.len() > 100, "{} samples", pastes.len());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            pastes.push((path.display().to_string(), String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned()));
        }
        // The one parse warning: a docker info JSON block that is not JSON.
        pastes.push(("invalid docker info JSON".into(), "{\n  \"ServerVersion\": \"27.3.1\",\n  \"SecurityOptions\": [\n".into()));
        let ds = diagnoses(&pastes);
        for (name, d) in &ds {
            let s = encode(d);
            assert_eq!(decode(&s).as_ref(), Some(d), "{name}");
        }
        assert_covers_every_skipped_field(&ds);
    }

    #[test]
    fn the_public_json_is_inside_unchanged() {
        let (_, text) = builtin_files().iter().find(|(p, _)| p.contains("/samples/")).unwrap();
        let d = builtin().diagnose(text, Lang::Ko);
        let wire: serde_json::Value = serde_json::from_str(&encode(&d)).unwrap();
        assert_eq!(wire["d"], serde_json::to_value(&d).unwrap());
    }

    #[test]
    fn text_encode_did_not_produce_is_none() {
        let d = builtin().diagnose("alice@box:~$ cat /etc/subuid\nalice:100000:65536\n$ sysctl kernel.unprivileged_userns_clone\nkernel.unprivileged_userns_clone = 0\n", Lang::En);
        let s = encode(&d);
        assert_eq!(decode(&s), Some(d));
        for garbage in ["", "null", "{}", "[]", "\"d\"", "{\"d\":{},\"x\":{}}", &"[".repeat(100_000), "\u{0}\u{ffff}"] {
            assert_eq!(decode(garbage), None, "{garbage:?}");
        }
        // Any proper prefix of a JSON object is incomplete.
        for at in (0..s.len()).filter(|&i| s.is_char_boundary(i)) {
            assert_eq!(decode(&s[..at]), None, "cut at {at}");
        }
        // Strings the engine never produces, and extras that do not fit.
        for (from, to) in [
            ("\"kind\":\"subuid\"", "\"kind\":\"subuid2\""),
            ("\"language\":\"en\"", "\"language\":\"fr\""),
            ("[\"user\",", "[\"nobody\","),
            ("\"sysctl\":[{", "\"sysctl\":[{\"line\":1,\"start\":0,\"end\":0},{"),
        ] {
            assert!(s.contains(from), "{from}");
            assert_eq!(decode(&s.replacen(from, to, 1)), None, "{to}");
        }
    }

    proptest! {
        #[test]
        fn arbitrary_text_survives_the_round_trip(paste in hostile::paste(), lang in prop::sample::select(Lang::ALL.to_vec())) {
            let d = builtin().diagnose(&paste, lang);
            prop_assert_eq!(decode(&encode(&d)), Some(d));
        }

        #[test]
        fn decode_never_panics(s in any::<String>(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
            prop_assert_eq!(decode(&s), None);
            // A damaged encoding: decoded or refused, never a panic.
            let mut wire = encode(&builtin().diagnose(&s, Lang::En)).into_bytes();
            let at = cut.index(wire.len());
            wire[at] = byte;
            let _ = decode(&String::from_utf8_lossy(&wire));
        }
    }
}
