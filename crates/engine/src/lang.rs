//! The reader's language: the four we ship and the one negotiation every
//! shell (web app, CLI) goes through.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
    Zh,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ko, Lang::Zh, Lang::Ja];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Zh => "zh",
            Lang::Ja => "ja",
        }
    }

    /// Exact code of a shipped language ("en", "ko", "zh", "ja").
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Reads a BCP 47 tag the way browsers and `LANG` give it
    /// ("ko-KR", "zh_CN.UTF-8", "ja"), keeping only the primary language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::from_code(&primary)
    }

    /// The first of the reader's preferred languages that we ship, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Lang::from_code(&code).ok_or_else(|| serde::de::Error::unknown_variant(&code, &["en", "ko", "zh", "ja"]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_takes_the_first_shipped_language() {
        assert_eq!(Lang::negotiate(["fr-FR", "ko-KR", "en"]), Lang::Ko);
        assert_eq!(Lang::negotiate(["zh_CN.UTF-8"]), Lang::Zh);
        assert_eq!(Lang::negotiate(["zh-Hans-CN"]), Lang::Zh);
        assert_eq!(Lang::negotiate(["JA"]), Lang::Ja);
        assert_eq!(Lang::negotiate(["de", "fr"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        assert_eq!(Lang::negotiate([""]), Lang::En);
    }
}
