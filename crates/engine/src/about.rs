//! `content/about.toml`: the knowledge base's date and the Docker Engine and
//! RootlessKit releases its entries were last checked against. Data, so a
//! review of the entries updates it without touching Rust.

use serde::{Deserialize, Serialize};

/// The knowledge base's date and the releases it was checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Docker Engine release, `major.minor`.
    pub docker: String,
    /// RootlessKit release, `major.minor`.
    pub rootlesskit: String,
}

impl About {
    /// Parses `about.toml`, checking each value's shape, so a typo fails the
    /// tidy test instead of reaching `--version`.
    pub fn parse(text: &str) -> Result<About, String> {
        About::checked(toml::from_str(text).map_err(|e| e.message().to_string())?)
    }

    /// The values' shapes checked, whichever form they were read from.
    pub(crate) fn checked(about: About) -> Result<About, String> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let date: Vec<&str> = about.date.split('-').collect();
        if !(date.len() == 3 && date.iter().zip([4, 2, 2]).all(|(p, n)| p.len() == n && digits(p))) {
            return Err(format!("date {:?} is not YYYY-MM-DD", about.date));
        }
        for (name, v) in [("docker", &about.docker), ("rootlesskit", &about.rootlesskit)] {
            if !v.split('.').all(digits) {
                return Err(format!("{name} {v:?} is not a version like 29.7"));
            }
        }
        Ok(about)
    }
}

#[cfg(test)]
mod tests {
    use super::About;

    #[test]
    fn values_are_checked() {
        let ok = About::parse("date = \"2026-12-07\"\ndocker = \"29.7\"\nrootlesskit = \"3.0\"\n").unwrap();
        assert_eq!(ok.docker, "29.7");
        assert!(About::parse("date = \"7 Dec\"\ndocker = \"29.7\"\nrootlesskit = \"3.0\"\n").is_err());
        assert!(About::parse("date = \"2026-12-07\"\ndocker = \"29.x\"\nrootlesskit = \"3.0\"\n").is_err());
        assert!(About::parse("date = \"2026-12-07\"\ndocker = \"29.7\"\n").is_err());
        assert!(About::parse("date = \"2026-12-07\"\ndocker = \"29.7\"\nrootlesskit = \"3.0\"\npodman = \"5\"\n").is_err());
    }

    #[test]
    fn the_shipped_knowledge_base_has_one() {
        let about = &crate::builtin().about;
        assert!(!about.date.is_empty() && !about.docker.is_empty() && !about.rootlesskit.is_empty());
    }
}
