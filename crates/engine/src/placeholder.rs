//! Placeholder declarations (`[placeholders]` in `entry.toml`): the kind a
//! value must pass, what a command shows when the paste did not give it,
//! and, for a value that names what a root command acts on, the proof the
//! paste must hold before its value is used.

use regex::Regex;
use serde::Deserialize;

use crate::validate::Kind;

/// What stands in a code block when no validated value is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// A shell expression the reader's shell computes (`$(id -un)`); one of [`SHELL`].
    Shell(String),
    /// A named example, marked "example, change it" wherever it is shown.
    Example(String),
    /// A variable the reader sets: `${PORT:?set PORT first}` stops the command.
    Guard(String),
}

impl Fallback {
    /// The expression, example value or variable name.
    pub fn text(&self) -> &str {
        match self {
            Fallback::Shell(s) | Fallback::Example(s) | Fallback::Guard(s) => s,
        }
    }
}

/// The shell expressions a declaration may name: each one computes the
/// reader's own value and does nothing else.
pub const SHELL: &[&str] = &["$(id -un)", "$(id -u)", "$(id -gn)", "$(id -g)", "$HOME", "$XDG_RUNTIME_DIR"];

/// What the paste must show before a value that names what a root command
/// acts on is used. `{value}` in `line` stands for the value (escaped).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proof {
    /// The value itself must match this pattern.
    #[serde(default)]
    pub value: Option<String>,
    /// Some line of the paste must match this pattern.
    #[serde(default)]
    pub line: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub kind: Kind,
    pub fallback: Option<Fallback>,
    /// What the value does in a root command (a "dangerous sink"); such a
    /// value is used only when its [`Proof`] holds.
    pub sink: Option<String>,
    pub proof: Option<Proof>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum PlaceholderToml {
    Short(Kind),
    Long(Long),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Long {
    kind: Kind,
    #[serde(default)]
    shell: Option<String>,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    guard: Option<String>,
    #[serde(default)]
    sink: Option<String>,
    #[serde(default)]
    proof: Option<Proof>,
}

/// The fallback a name or kind has without declaring one: the reader's own
/// user name, UID or home, which the reader's shell knows.
pub fn computed(name: &str, kind: Kind) -> Option<Fallback> {
    let shell = match (name, kind) {
        ("home", _) => "$HOME",
        (_, Kind::User) => "$(id -un)",
        (_, Kind::Uid) => "$(id -u)",
        _ => return None,
    };
    Some(Fallback::Shell(shell.to_string()))
}

impl PlaceholderToml {
    /// The declaration, or why it is not a valid one.
    /// Without `FULL` (prepared content, checked when the site was built) the
    /// proof patterns are not compiled again.
    pub(crate) fn resolve_as<const FULL: bool>(self, name: &str) -> Result<Placeholder, String> {
        let long = match self {
            PlaceholderToml::Short(kind) => return Ok(Placeholder { kind, fallback: computed(name, kind), sink: None, proof: None }),
            PlaceholderToml::Long(l) => l,
        };
        let given = [long.shell.is_some(), long.example.is_some(), long.guard.is_some()].iter().filter(|b| **b).count();
        if given > 1 {
            return Err(format!("placeholder {name:?}: give at most one of shell, example, guard"));
        }
        let fallback = match (long.shell, long.example, long.guard) {
            (Some(s), _, _) if SHELL.contains(&s.as_str()) => Some(Fallback::Shell(s)),
            (Some(s), _, _) => return Err(format!("placeholder {name:?}: shell {s:?} is not one of {}", SHELL.join(" "))),
            (_, Some(e), _) if long.kind.accepts(&e) => Some(Fallback::Example(e)),
            (_, Some(e), _) => return Err(format!("placeholder {name:?}: example {e:?} does not pass the {:?} validator", long.kind)),
            (_, _, Some(g)) if is_var(&g) => Some(Fallback::Guard(g)),
            (_, _, Some(g)) => return Err(format!("placeholder {name:?}: guard {g:?} is a variable name in capitals (PORT)")),
            _ => computed(name, long.kind),
        };
        match (&long.sink, &long.proof) {
            (Some(_), None) => return Err(format!("placeholder {name:?}: a sink needs a proof (value and/or line patterns)")),
            (None, Some(_)) => return Err(format!("placeholder {name:?}: a proof without a sink")),
            (Some(s), _) if s.trim().is_empty() => return Err(format!("placeholder {name:?}: say what the sink does")),
            _ => {}
        }
        if let Some(p) = &long.proof {
            if p.value.is_none() && p.line.is_none() {
                return Err(format!("placeholder {name:?}: a proof needs a value or a line pattern"));
            }
            for pattern in [&p.value, &p.line].into_iter().flatten().filter(|_| FULL) {
                if let Err(e) = Regex::new(&pattern.replace("{value}", "x")) {
                    return Err(format!("placeholder {name:?}: proof pattern does not compile: {e}"));
                }
            }
        }
        Ok(Placeholder { kind: long.kind, fallback, sink: long.sink, proof: long.proof })
    }
}

fn is_var(s: &str) -> bool {
    (1..=32).contains(&s.len()) && s.starts_with(|c: char| c.is_ascii_uppercase()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

impl Placeholder {
    /// Whether a value taken from the paste may be used: it passed the
    /// kind's validator and, for a sink, the paste holds the proof.
    pub fn admits<'a>(&self, value: &str, mut lines: impl Iterator<Item = &'a str>) -> bool {
        if !self.value_admitted(value) {
            return false;
        }
        match self.proof.as_ref().and_then(|p| p.line.as_deref()) {
            Some(p) => proof_regex(p, value, "").is_some_and(|r| lines.any(|l| r.is_match(l))),
            None => true,
        }
    }

    /// The value passed the kind's validator and its own proof, if any.
    fn value_admitted(&self, value: &str) -> bool {
        if !self.kind.accepts(value) {
            return false;
        }
        match self.proof.as_ref().and_then(|p| p.value.as_deref()) {
            Some(p) => proof_regex(p, value, "").is_some_and(|r| r.is_match(value)),
            None => true,
        }
    }

    /// `admits` over the lines of `text` (lines joined by `\n`, none
    /// holding a line break), with one search of the whole text instead of
    /// one per line where that gives the same answer: a line that holds the
    /// proof is a match in the whole text read line by line (`(?m)`). So no
    /// match there means no line holds it, and a match inside one line
    /// means that line does. Only when the first match spans lines (or the
    /// pattern anchors to the whole text, or turns `m` off) is every line
    /// searched.
    pub fn admits_in(&self, value: &str, text: &str) -> bool {
        if !self.value_admitted(value) {
            return false;
        }
        let Some(line) = self.proof.as_ref().and_then(|p| p.line.as_deref()) else { return true };
        if !line.contains("\\A") && !line.contains("\\z") && !line.contains("-m") {
            match proof_regex(line, value, "m").map(|r| r.find(text).map(|m| m.as_str().contains('\n'))) {
                None => return false,
                Some(None) => return false,
                Some(Some(false)) => return true,
                Some(Some(true)) => {}
            }
        }
        proof_regex(line, value, "").is_some_and(|r| text.split('\n').any(|l| r.is_match(l)))
    }
}

/// A proof pattern with the value in place of `{value}`, under `flags`.
fn proof_regex(pattern: &str, value: &str, flags: &str) -> Option<Regex> {
    let p = pattern.replace("{value}", &regex::escape(value));
    Regex::new(&if flags.is_empty() { p } else { format!("(?{flags}:{p})") }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(toml_text: &str) -> Result<Placeholder, String> {
        let t: std::collections::BTreeMap<String, PlaceholderToml> = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let (name, p) = t.into_iter().next().unwrap();
        p.resolve_as::<true>(&name)
    }

    #[test]
    fn short_and_long_forms() {
        assert_eq!(decl("user = \"user\"").unwrap().fallback, Some(Fallback::Shell("$(id -un)".into())));
        assert_eq!(decl("port = \"port\"").unwrap().fallback, None);
        assert_eq!(decl("port = { kind = \"port\", example = \"80\" }").unwrap().fallback, Some(Fallback::Example("80".into())));
        assert_eq!(decl("ctid = { kind = \"number\", guard = \"CTID\" }").unwrap().fallback, Some(Fallback::Guard("CTID".into())));
        assert!(decl("port = { kind = \"port\", example = \"0\" }").is_err());
        assert!(decl("u = { kind = \"user\", shell = \"$(rm -rf ~)\" }").is_err());
        assert!(decl("u = { kind = \"name\", guard = \"x y\" }").is_err());
        assert!(decl("u = { kind = \"name\", sink = \"stops it\" }").is_err());
        assert!(decl("u = { kind = \"name\", example = \"a\", guard = \"A\" }").is_err());
    }

    #[test]
    fn a_sink_needs_its_proof_in_the_paste() {
        let unit = decl("unit = { kind = \"name\", guard = \"UNIT\", sink = \"disabled as root\", proof = { value = '(?i)docker|rootless', line = 'ExecStart=[^ ]*dockerd-rootless\\.sh' } }").unwrap();
        let paste = ["/etc/systemd/system/firewalld.service:ExecStart=/home/alice/bin/dockerd-rootless.sh"];
        assert!(!unit.admits("firewalld.service", paste.into_iter()));
        assert!(unit.admits("docker-rootless.service", paste.into_iter()));
        assert!(!unit.admits("docker-rootless.service", ["nothing"].into_iter()));
        let user = decl("user = { kind = \"user\", sink = \"changed as root\", proof = { line = 'uid=[0-9]+\\({value}\\)' } }").unwrap();
        assert!(user.admits("alice", ["uid=1000(alice) gid=1000(alice)"].into_iter()));
        assert!(!user.admits("alice", ["alice@host:~$ docker info"].into_iter()));
        assert!(!user.admits("alic", ["uid=1000(alice)"].into_iter()));
        // The whole text searched at once answers as the lines one by one.
        for (value, text) in [
            ("alice", "x\nuid=1000(alice) gid=1000(alice)\ny"),
            ("alice", "alice@host:~$ docker info"),
            ("alice", "uid=1000(\nalice)"),
            ("alic", "uid=1000(alice)"),
            ("alice", ""),
        ] {
            assert_eq!(user.admits_in(value, text), user.admits(value, text.split('\n')), "{value} in {text:?}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn admits_in_answers_as_admits(paste in crate::formats::hostile::paste(), proof in prop::sample::select(vec![
            r"uid=[0-9]+\({value}\)",
            r"(?:ExecStart=|[0-9] ).*dockerd-rootless\.sh",
            r"^{value}$",
            r"(?s)a.*{value}",
            r"\A{value}",
            r"[^x]*{value}",
        ]), value in prop::sample::select(vec!["alice", "docker", "a", "1000"]), at in any::<prop::sample::Index>()) {
            // The value somewhere in the paste, with and without its proof.
            let mut paste = paste;
            let cut = paste.char_indices().map(|(i, _)| i).nth(at.index(paste.chars().count() + 1)).unwrap_or(paste.len());
            paste.insert_str(cut, &format!("uid=1000({value})\n{value}"));
            let p = Placeholder { kind: Kind::Name, fallback: None, sink: Some("x".into()), proof: Some(Proof { value: None, line: Some(proof.to_string()) }) };
            let lines: Vec<String> = crate::text::lines(&paste).into_iter().map(|l| l.text).collect();
            let text = lines.join("\n");
            prop_assert_eq!(p.admits_in(value, &text), p.admits(value, lines.iter().map(String::as_str)));
        }
    }
}
