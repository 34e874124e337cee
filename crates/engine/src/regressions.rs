//! `content/regressions.toml`: known regressions by version, as data. Each
//! row names a component (Docker Engine, the Docker CLI or RootlessKit), the
//! releases it broke (`from`, up to but not including `fixed`) and where
//! upstream tracks it. Entries point at a row (`regression = "<id>"` on the
//! entry or on one `[[lines]]` pattern): the pattern then counts only when the
//! paste's version is unknown or inside the range, and a finding whose paste
//! shows an affected version says so, with the release that fixes it.

use serde::{Deserialize, Serialize};

use crate::condition::version_key;
use crate::facts::{Facts, Value};

/// The program a regression is in, and so which version fact tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Component {
    /// Docker Engine (the daemon, `dockerd-rootless.sh`): `server_version`.
    Engine,
    /// The Docker CLI: `client_version`.
    Cli,
    /// RootlessKit: `rootlesskit_version`.
    Rootlesskit,
}

impl Component {
    /// The fact that holds this component's version.
    pub fn fact(self) -> &'static str {
        match self {
            Component::Engine => "server_version",
            Component::Cli => "client_version",
            Component::Rootlesskit => "rootlesskit_version",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Component::Engine => "engine",
            Component::Cli => "cli",
            Component::Rootlesskit => "rootlesskit",
        }
    }
}

/// One row of `regressions.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regression {
    /// Kebab-case, named after what breaks.
    pub id: String,
    pub component: Component,
    /// The first affected release; absent when every release before `fixed`
    /// that has the feature is affected.
    #[serde(default)]
    pub from: Option<String>,
    /// The first release with the fix.
    pub fixed: String,
    /// The upstream issue (or, where there is none, the pull request) that
    /// describes the problem.
    pub issue: String,
    /// The pull request that fixed it in the `fixed` release.
    #[serde(default)]
    pub fix: Option<String>,
    /// Why no sample shows an affected version (no public paste does);
    /// without it, tidy requires a `fires-*` sample that shows the row.
    #[serde(default)]
    pub no_sample: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    regression: Vec<Regression>,
}

/// A regression a finding's paste shows: the row and the version that lies in
/// its range. The public JSON of a finding carries these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownRegression {
    pub id: String,
    pub component: Component,
    /// The version the paste shows.
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub fixed: String,
    pub issue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl KnownRegression {
    /// `moby/moby#51541` for `https://github.com/moby/moby/issues/51541`.
    pub fn issue_label(&self) -> String {
        github_label(&self.issue).unwrap_or_else(|| self.issue.clone())
    }

    /// The interface string that says it (`regression-note-engine`, ...):
    /// `{version}`, `{fixed}` and `{issue}` in it.
    pub fn ui_key(&self) -> &'static str {
        match self.component {
            Component::Engine => "regression-note-engine",
            Component::Cli => "regression-note-cli",
            Component::Rootlesskit => "regression-note-rootlesskit",
        }
    }
}

/// `owner/repo#n` of a GitHub issue or pull request address.
fn github_label(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://github.com/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [owner, repo, "issues" | "pull", n] if !owner.is_empty() && !repo.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("{owner}/{repo}#{n}"))
        }
        _ => None,
    }
}

fn is_release(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    (2..=3).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('-') && !s.ends_with('-') && !s.contains("--") && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Regression {
    /// Parses `regressions.toml` and checks every row: a kebab-case id used
    /// once, releases written as numbers (`29.0.2`), `from` before `fixed`,
    /// and GitHub issue or pull request addresses.
    /// Reads `regressions.toml` as written or `regressions.json` as prepared
    /// for the page (crate::pack), and checks every row.
    pub fn parse(path: &str, text: &str) -> Result<Vec<Regression>, Vec<String>> {
        Regression::parse_as::<true>(path, text)
    }

    /// [`Regression::parse`] as the loader reads it (`FULL`: also as written).
    pub(crate) fn parse_as<const FULL: bool>(path: &str, text: &str) -> Result<Vec<Regression>, Vec<String>> {
        let file: File = crate::data::parse_data_as::<_, FULL>(path, text).map_err(|(_, e)| vec![e])?;
        let mut errors = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for r in &file.regression {
            let mut err = |m: String| errors.push(format!("regression {:?}: {m}", r.id));
            if !is_kebab(&r.id) {
                err("ids are kebab-case".into());
            }
            if !seen.insert(r.id.as_str()) {
                err("id used twice".into());
            }
            for v in r.from.iter().chain([&r.fixed]) {
                if !is_release(v) {
                    err(format!("{v:?} is not a release such as 29.0.2"));
                }
            }
            if let Some(from) = &r.from {
                if is_release(from) && is_release(&r.fixed) && version_key(from) >= version_key(&r.fixed) {
                    err(format!("from {from} is not before fixed {}", r.fixed));
                }
            }
            for url in [&r.issue].into_iter().chain(&r.fix) {
                if github_label(url).is_none() {
                    err(format!("{url:?} is not a GitHub issue or pull request address (https://github.com/<owner>/<repo>/issues/<n>)"));
                }
            }
        }
        if errors.is_empty() {
            Ok(file.regression)
        } else {
            Err(errors)
        }
    }

    /// The version of this row's component in the paste, when it has
    /// numbers: only its leading run of version characters (`29.0.1`,
    /// `29.5.0-rc.1`), so a crafted value brings no markup into the sentence.
    fn version<'a>(&self, facts: &'a Facts) -> Option<&'a str> {
        let v = match facts.get(self.component.fact())? {
            Value::Str(s) => s.trim().trim_start_matches('v'),
            _ => return None,
        };
        let end = v.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '~' | '_'))).unwrap_or(v.len()).min(40);
        let v = &v[..end];
        (!version_key(v).is_empty()).then_some(v)
    }

    /// Whether the paste's version is affected: `Some(true)` inside the
    /// range, `Some(false)` outside it, `None` when the paste does not tell
    /// (no version, or one without numbers such as `dev`).
    pub fn affects(&self, facts: &Facts) -> Option<bool> {
        let key = version_key(self.version(facts)?);
        let after_from = self.from.as_deref().is_none_or(|f| key >= version_key(f));
        Some(after_from && key < version_key(&self.fixed))
    }

    /// The finding's note when the paste's version is inside the range.
    pub fn known(&self, facts: &Facts) -> Option<KnownRegression> {
        (self.affects(facts) == Some(true)).then(|| KnownRegression {
            id: self.id.clone(),
            component: self.component,
            version: self.version(facts).unwrap_or_default().to_string(),
            from: self.from.clone(),
            fixed: self.fixed.clone(),
            issue: self.issue.clone(),
            fix: self.fix.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = "[[regression]]\nid = \"x\"\ncomponent = \"engine\"\nfrom = \"29.0.0\"\nfixed = \"29.0.2\"\nissue = \"https://github.com/moby/moby/issues/51541\"\n";

    #[test]
    fn rows_are_checked() {
        assert_eq!(Regression::parse("regressions.toml", ROW).unwrap()[0].fixed, "29.0.2");
        assert!(Regression::parse("regressions.toml", &ROW.replace("29.0.0", "29.0.2")).is_err());
        assert!(Regression::parse("regressions.toml", &ROW.replace("29.0.2", "29.x")).is_err());
        assert!(Regression::parse("regressions.toml", &ROW.replace("issues/51541", "blob/master/x.md")).is_err());
        assert!(Regression::parse("regressions.toml", &ROW.replace("\"x\"", "\"X y\"")).is_err());
        assert!(Regression::parse("regressions.toml", &format!("{ROW}{ROW}")).is_err());
        assert!(Regression::parse("regressions.toml", &ROW.replace("engine", "podman")).is_err());
    }

    #[test]
    fn the_range_is_from_up_to_fixed() {
        let r = &Regression::parse("regressions.toml", ROW).unwrap()[0];
        let kb = crate::builtin();
        let facts = |v: &str| kb.diagnose(&format!("Server:\n Server Version: {v}\n"), crate::Lang::En).facts;
        assert_eq!(r.affects(&facts("29.0.1")), Some(true));
        assert_eq!(r.affects(&facts("29.0.0")), Some(true));
        assert_eq!(r.affects(&facts("29.0.2")), Some(false));
        assert_eq!(r.affects(&facts("28.5.2")), Some(false));
        assert_eq!(r.affects(&facts("dev")), None);
        assert_eq!(r.affects(&Facts::default()), None);
        let known = r.known(&facts("29.0.1")).unwrap();
        assert_eq!((known.version.as_str(), known.issue_label().as_str()), ("29.0.1", "moby/moby#51541"));
    }
}
