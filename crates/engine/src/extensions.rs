//! Team extensions: the hosting team's own entries, its notes on shipped
//! entries and its settings. They are written exactly like shipped content,
//! in a folder outside `content/`:
//!
//! ```text
//! team.toml                 name, note, support link, default language
//! kb/<id>/                  entry.toml, en.md ko.md zh.md ja.md, samples/
//! notes/<id>/<lang>.md      a note shown under a shipped (or team) entry
//! ```
//!
//! `rootless-doctor kb pack` checks the folder with the tidy rules and writes
//! one [`Bundle`] (`extensions.json`); the page and the CLI load it through
//! [`with_bundle`] ([`load_with`] and the tidy rules for teams), the same
//! loader as the shipped content. A team adds knowledge; it never replaces
//! shipped text.
//!
//! This module sits above both `kb` and `tidy`: nothing below it knows that
//! teams exist, except `Knowledge::team`, which is plain data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::kb::{load_entry, Entry, KbError, Knowledge, Parts};
use crate::render::placeholders_in;
use crate::lang::Lang;

/// The `format` field of a bundle this engine reads.
pub const BUNDLE_FORMAT: &str = "rootless-doctor-extensions/1";
/// The largest bundle the shells accept.
pub const MAX_BUNDLE_BYTES: usize = 4 << 20;
const MAX_FILES: usize = 2000;
const MAX_NAME_CHARS: usize = 60;
const MAX_NOTE_CHARS: usize = 280;
const MAX_LINK_CHARS: usize = 300;
/// The largest team sample, and all team samples together. Every sample is
/// diagnosed while the bundle loads, before the page's first render; the
/// shipped samples are all under 8 KB. With these caps the check costs at
/// most a few tenths of a second whatever the samples hold (a 4 MB bundle
/// with one 2.6 MB sample took 21 s; docs/security.md).
pub const MAX_SAMPLE_BYTES: usize = 64 << 10;
pub const MAX_SAMPLES_BYTES: usize = 256 << 10;

pub use crate::kb::Team;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamToml {
    name: String,
    #[serde(default)]
    note: BTreeMap<String, String>,
    #[serde(default)]
    support: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// One packed extension folder: every file's path and text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub files: BTreeMap<String, String>,
}

impl Bundle {
    pub fn new(files: impl IntoIterator<Item = (String, String)>) -> Bundle {
        Bundle { format: BUNDLE_FORMAT.into(), files: files.into_iter().collect() }
    }

    /// Reads a bundle; anything that is not one is an error, never a panic.
    pub fn from_json(text: &str) -> Result<Bundle, KbError> {
        let err = |message: String| KbError { file: "extensions.json".into(), line: None, message };
        if text.len() > MAX_BUNDLE_BYTES {
            return Err(err(format!("larger than {} MB", MAX_BUNDLE_BYTES >> 20)));
        }
        let bundle: Bundle = serde_json::from_str(text).map_err(|e| KbError {
            file: "extensions.json".into(),
            line: Some(e.line()),
            message: format!("not a bundle made by `rootless-doctor kb pack`: {e}"),
        })?;
        if bundle.format != BUNDLE_FORMAT {
            return Err(err(format!("format {:?} is not {BUNDLE_FORMAT:?}", bundle.format)));
        }
        if bundle.files.len() > MAX_FILES {
            return Err(err(format!("more than {MAX_FILES} files")));
        }
        Ok(bundle)
    }

    /// The bundle as JSON that may also sit inside an HTML `<script>`
    /// element: `<`, `>` and `&` are written as `\u` escapes.
    pub fn to_json(&self) -> String {
        crate::data::script_safe_json(serde_json::to_string_pretty(self).unwrap_or_default())
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }
}

/// Loads the shipped content plus a team's extension files (paths
/// relative to the extension folder: `team.toml`, `kb/<id>/...`,
/// `notes/<id>/<lang>.md`). A team entry may not reuse a shipped id: it
/// adds knowledge, it never replaces shipped text.
pub fn load_with<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    team_files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Knowledge, Vec<KbError>) {
    load_with_as::<true>(files, team_files)
}

/// [`load_with`] for the page: the shipped packs and a bundle that the
/// diagnosis module checked ([`with_bundle_on`]) and prepared
/// ([`prepare_bundle`]), read as [`Knowledge::load_prepared`] reads packs.
pub fn load_with_prepared<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    team_files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Knowledge, Vec<KbError>) {
    load_with_as::<false>(files, team_files)
}

fn load_with_as<'a, const FULL: bool>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    team_files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Knowledge, Vec<KbError>) {
    let Parts { folders, mut entries, guide, ui, mut errors, about, regressions } = Parts::read::<FULL>(files);
    let team = merge::<FULL>(team_files, &folders, &mut entries, &mut errors);
    let mut kb = Knowledge::assemble::<FULL>(entries, guide, ui, team, &mut errors);
    kb.about = about;
    kb.regressions = regressions;
    (kb, errors)
}

/// The bundle with its data files as the site build prepares the shipped
/// content ([`crate::pack`]): `team.toml`, `kb/<id>/entry.toml` and
/// `kb/<id>/<lang>.md` become `.json` (the same structs), notes and samples
/// stay as they are. The page reads this form with [`load_with_prepared`]
/// and [`team_lang_prepared`], without a TOML parser.
pub fn prepare_bundle(bundle: &Bundle) -> Result<Bundle, Vec<KbError>> {
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, text) in bundle.files() {
        let fail = |(line, message): (Option<usize>, String)| KbError { file: path.to_string(), line, message };
        let entry_dir = path.strip_prefix("kb/").and_then(|r| r.split_once('/')).filter(|(_, f)| !f.starts_with("samples/"));
        let converted = if path == "team.toml" || entry_dir.is_some_and(|(_, f)| f == "entry.toml") {
            crate::data::parse_data::<serde_json::Value>(path, text).map(|v| (format!("{}.json", &path[..path.len() - 5]), v.to_string()))
        } else if let Some((id, Some(Ok(lang)))) = entry_dir.filter(|(_, f)| f.ends_with(".md")).map(|(id, f)| (id, crate::kb::text_lang(f))) {
            crate::kb::parse_doc(path, text).map(|d| (format!("kb/{id}/{}.json", lang.code()), serde_json::to_string(&d).unwrap_or_default()))
        } else {
            Ok((path.to_string(), text.to_string()))
        };
        match converted {
            Ok((p, t)) => drop(files.insert(p, t)),
            Err(e) => errors.push(fail(e)),
        }
    }
    if errors.is_empty() {
        Ok(Bundle::new(files))
    } else {
        Err(errors)
    }
}

/// The shipped knowledge base plus a team's bundle, when the bundle
/// passes every check `kb pack` makes; otherwise every problem found.
/// The page and the CLI both load bundles through here.
#[cfg(feature = "builtin")]
pub fn with_bundle(bundle: &Bundle) -> Result<Knowledge, Vec<KbError>> {
    with_bundle_on(crate::builtin_files().iter().copied(), bundle)
}

/// [`with_bundle`] on other shipped files than the embedded ones: the page's
/// prepared packs ([`crate::pack`]).
pub fn with_bundle_on<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>, bundle: &'a Bundle) -> Result<Knowledge, Vec<KbError>> {
    let (kb, mut errors) = load_with(files, bundle.files());
    errors.extend(crate::tidy::check_team(&kb));
    if errors.is_empty() {
        Ok(kb)
    } else {
        Err(errors)
    }
}

/// The default language a bundle's `team.toml` names, read before the
/// bundle can be checked (the page needs it for its first render).
pub fn team_lang(bundle: &Bundle) -> Option<Lang> {
    let raw: TeamToml = toml::from_str(bundle.files.get("team.toml")?).ok()?;
    Lang::from_code(raw.lang.as_deref()?)
}

/// [`team_lang`] of a [`prepare_bundle`]d bundle.
pub fn team_lang_prepared(bundle: &Bundle) -> Option<Lang> {
    let raw: TeamToml = serde_json::from_str(bundle.files.get("team.json")?).ok()?;
    Lang::from_code(raw.lang.as_deref()?)
}

/// The id of the element that carries a bundle inside a single-file page.
pub const INLINE_ID: &str = "rootless-doctor-extensions";

/// The single-file page with `json` (from [`Bundle::to_json`]) as its inline
/// bundle, replacing one that is already there; `None` if `html` has no head.
pub fn inline_into_page(html: &str, json: &str) -> Option<String> {
    let open = format!("<script type=\"application/json\" id=\"{INLINE_ID}\">");
    let element = format!("{open}{json}</script>");
    if let Some(start) = html.find(&open) {
        let end = start + html[start..].find("</script>")? + "</script>".len();
        return Some(format!("{}{element}{}", &html[..start], &html[end..]));
    }
    let head = html.find("</head>")?;
    Some(format!("{}{element}\n  {}", &html[..head], &html[head..]))
}

/// Adds a team's files to the loaded shipped entries; returns its settings.
fn merge<'a, const FULL: bool>(
    team_files: impl IntoIterator<Item = (&'a str, &'a str)>,
    shipped: &BTreeMap<&str, Vec<(&str, &str)>>,
    entries: &mut Vec<Entry>,
    errors: &mut Vec<KbError>,
) -> Option<Team> {
    let mut team = None;
    let mut any = false;
    let mut folders: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    let mut notes: Vec<(&str, &str, &str)> = Vec::new();
    let mut sample_bytes = 0usize;
    for (path, text) in team_files {
        any = true;
        let err = |message: &str| KbError { file: path.to_string(), line: None, message: message.to_string() };
        // Text a shell shows or prints: no terminal controls, no bidirectional
        // overrides (samples are pastes, and may hold colour codes).
        let sample = path.starts_with("kb/") && path.contains("/samples/");
        if path.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            errors.push(err("a file name holds a control or bidirectional character"));
            continue;
        }
        if !sample {
            if let Some(line) = text.lines().position(|l| l.chars().any(|c| c.is_control() && c != '\t' && c != '\r' || is_bidi_control(c))) {
                errors.push(KbError { file: path.to_string(), line: Some(line + 1), message: "holds a control or bidirectional character".into() });
                continue;
            }
        } else {
            if text.len() > MAX_SAMPLE_BYTES {
                errors.push(err(&format!("a sample is at most {} KB (keep the lines that matter)", MAX_SAMPLE_BYTES >> 10)));
                continue;
            }
            sample_bytes += text.len();
            if sample_bytes > MAX_SAMPLES_BYTES {
                errors.push(err(&format!("the samples of an extension are at most {} KB together", MAX_SAMPLES_BYTES >> 10)));
                continue;
            }
        }
        if path == "team.toml" || path == "team.json" {
            team = parse_team::<FULL>(path, text, errors);
        } else if let Some((id, file)) = path.strip_prefix("kb/").and_then(|r| r.split_once('/')) {
            folders.entry(id).or_default().push((file, text));
        } else if let Some((id, file)) = path.strip_prefix("notes/").and_then(|r| r.split_once('/')) {
            notes.push((id, file, text));
        } else if !path.ends_with("README.md") {
            errors.push(err("an extension holds team.toml, kb/<id>/ and notes/<id>/<lang>.md only"));
        }
    }
    if any && team.is_none() && !errors.iter().any(|e| e.file == "team.toml") {
        errors.push(KbError { file: "team.toml".into(), line: None, message: "missing: it names the team (name = \"...\")".into() });
    }
    for (id, files) in &folders {
        if shipped.contains_key(id) {
            errors.push(KbError {
                file: format!("kb/{id}/"),
                line: None,
                message: "a shipped entry has this id: give the team entry its own id, or add to the shipped one with notes/<id>/<lang>.md".into(),
            });
            continue;
        }
        match load_entry::<FULL>(id, files) {
            Ok(mut entry) => {
                if let Some(s) = entry.supersedes.iter().find(|s| shipped.contains_key(s.as_str())) {
                    errors.push(KbError {
                        file: format!("kb/{id}/entry.toml"),
                        line: None,
                        message: format!("a team entry may not hide the shipped entry {s:?} (supersedes)"),
                    });
                    continue;
                }
                // TOML escapes (`\u001b`) decode to what the raw text did not show.
                let texts = entry.docs.iter().flat_map(|(lang, d)| [(lang.code(), &d.title), (lang.code(), &d.summary), (lang.code(), &d.body)]);
                if let Some((code, _)) = texts.chain(entry.decide.iter().map(|d| ("entry", d))).find(|(_, t)| t.chars().any(|c| c.is_control() && c != '\n' && c != '\t' || is_bidi_control(c))) {
                    let file = if code == "entry" { "entry.toml".to_string() } else { format!("{code}.md") };
                    errors.push(KbError { file: format!("kb/{id}/{file}"), line: None, message: "holds a control or bidirectional character".into() });
                    continue;
                }
                entry.team = true;
                entries.push(entry);
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    for (id, file, text) in notes {
        let path = format!("notes/{id}/{file}");
        let err = |message: String| KbError { file: path.clone(), line: None, message };
        let Some(lang) = file.strip_suffix(".md").and_then(Lang::from_code) else {
            errors.push(err("a note is notes/<id>/<lang>.md with lang one of en, ko, zh, ja".into()));
            continue;
        };
        let Some(entry) = entries.iter_mut().find(|e| e.id == id) else {
            errors.push(err(format!("there is no entry {id:?} to add a note to")));
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            errors.push(err("empty".into()));
            continue;
        }
        let unknown: Vec<&str> = placeholders_in(text).into_iter().filter(|n| entry.placeholder_kind(n).is_none()).collect();
        if !unknown.is_empty() {
            errors.push(err(format!("unknown placeholder {{{{{}}}}}", unknown.join("}}, {{"))));
            continue;
        }
        entry.notes.insert(lang, text.to_string());
    }
    team
}

fn parse_team<const FULL: bool>(path: &str, text: &str, errors: &mut Vec<KbError>) -> Option<Team> {
    let err = |line: Option<usize>, message: String| KbError { file: "team.toml".into(), line, message };
    let raw: TeamToml = match crate::data::parse_data_as::<TeamToml, FULL>(path, text) {
        Ok(r) => r,
        Err((line, message)) => {
            errors.push(err(line, message));
            return None;
        }
    };
    let before = errors.len();
    let plain = |s: &str| !s.chars().any(|c| c.is_control() || is_bidi_control(c));
    let name = raw.name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || !plain(&name) {
        errors.push(err(None, format!("name is one line of plain text, 1 to {MAX_NAME_CHARS} characters")));
    }
    let mut note = BTreeMap::new();
    for (code, text) in &raw.note {
        let text = text.trim();
        match Lang::from_code(code) {
            None => errors.push(err(None, format!("note.{code}: unknown language code"))),
            Some(_) if text.chars().count() > MAX_NOTE_CHARS || !plain(text) => {
                errors.push(err(None, format!("note.{code} is one line of plain text, at most {MAX_NOTE_CHARS} characters")))
            }
            Some(lang) => {
                note.insert(lang, text.to_string());
            }
        }
    }
    if !note.is_empty() && !note.contains_key(&Lang::En) {
        errors.push(err(None, "note.en is missing: English is the fallback".into()));
    }
    let support = raw.support.map(|s| s.trim().to_string());
    if let Some(link) = &support {
        if !is_safe_link(link) {
            errors.push(err(
                None,
                format!("support is an https: or mailto: address of at most {MAX_LINK_CHARS} characters, without spaces or quotes"),
            ));
        }
    }
    let lang = match raw.lang.as_deref().map(|c| (c, Lang::from_code(c))) {
        None => None,
        Some((_, Some(l))) => Some(l),
        Some((c, None)) => {
            errors.push(err(None, format!("lang {c:?} is not one of en, ko, zh, ja")));
            None
        }
    };
    (errors.len() == before).then_some(Team { name, note, support, lang })
}

/// An address the page may put in a link: https or mailto, nothing that
/// could close an attribute or smuggle another scheme.
pub fn is_safe_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    (lower.starts_with("https://") && link.len() > "https://".len() || lower.starts_with("mailto:") && link.len() > "mailto:".len())
        && link.chars().count() <= MAX_LINK_CHARS
        && !link.chars().any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c) || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Knowledge;

    const TEAM: &str = "name = \"Example build platform\"\nsupport = \"https://help.example.com/docker\"\nlang = \"ko\"\n[note]\nen = \"Build hosts\"\n";

    fn load(team: &[(&str, &str)]) -> (Knowledge, Vec<KbError>) {
        load_with(crate::builtin_files().iter().copied(), team.iter().copied())
    }

    #[test]
    fn team_settings_load_and_a_note_joins_a_shipped_entry() {
        let (kb, errors) = load(&[("team.toml", TEAM), ("notes/privileged-port/en.md", "Ask for port {{port}} at our desk.")]);
        assert!(errors.is_empty(), "{errors:?}");
        let team = kb.team.as_ref().unwrap();
        assert_eq!(team.lang, Some(Lang::Ko));
        assert_eq!(team.note(Lang::Ja), Some("Build hosts"));
        let entry = kb.entry("privileged-port").unwrap();
        assert!(!entry.team);
        assert!(entry.notes[&Lang::En].contains("{{port}}"));
    }

    #[test]
    fn a_team_entry_may_not_take_a_shipped_id_or_hide_a_shipped_entry() {
        let entry = "id = \"privileged-port\"\nseverity = \"error\"\ncategory = \"network\"\n[[lines]]\nregex = \"x\"\n";
        let (kb, errors) = load(&[("team.toml", TEAM), ("kb/privileged-port/entry.toml", entry)]);
        assert!(errors[0].message.contains("a shipped entry has this id"), "{errors:?}");
        assert!(!kb.entry("privileged-port").unwrap().team);
        let hide = "id = \"corp-x\"\nseverity = \"error\"\ncategory = \"network\"\nsupersedes = [\"privileged-port\"]\n[[lines]]\nregex = \"x\"\n";
        let md = "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\nbody";
        let (kb, errors) = load(&[("team.toml", TEAM), ("kb/corp-x/entry.toml", hide), ("kb/corp-x/en.md", md)]);
        assert!(errors.iter().any(|e| e.message.contains("may not hide")), "{errors:?}");
        assert!(kb.entry("corp-x").is_none());
    }

    #[test]
    fn hostile_settings_are_refused() {
        for bad in [
            "name = \"<script>alert(1)</script>\"\nsupport = \"javascript:alert(1)\"",
            "name = \"x\"\nsupport = \"https://a.example/\\\" onmouseover=\\\"alert(1)\"",
            "name = \"a\\u202eb\"",
            "name = \"ok\"\nlang = \"fr\"",
            "name = \"ok\"\n[note]\nko = \"only korean\"",
            "name = [",
        ] {
            let (kb, errors) = load(&[("team.toml", bad)]);
            assert!(kb.team.is_none(), "{bad}");
            assert!(!errors.is_empty(), "{bad}");
        }
        // A name with markup is plain text: it loads, and the page shows it escaped.
        let (kb, errors) = load(&[("team.toml", "name = \"<b>Ops</b>\"")]);
        assert!(errors.is_empty());
        assert_eq!(kb.team.unwrap().name, "<b>Ops</b>");
    }

    #[test]
    fn only_known_files_and_notes_for_known_entries() {
        let (_, errors) = load(&[("team.toml", TEAM), ("ui/en.toml", "x = \"y\""), ("notes/no-such-entry/en.md", "hi"), ("notes/privileged-port/fr.md", "hi")]);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 3, "{messages:?}");
    }

    #[test]
    fn a_bundle_round_trips_and_is_safe_inside_a_script_element() {
        let bundle = Bundle::new([("team.toml".to_string(), "name = \"</script><script>alert(1)</script>\"".to_string())]);
        let json = bundle.to_json();
        assert!(!json.contains('<') && !json.contains('>'), "{json}");
        assert_eq!(Bundle::from_json(&json).unwrap(), bundle);
        for bad in ["", "null", "[]", "{\"format\":\"other\",\"files\":{}}", "{\"format\":\"rootless-doctor-extensions/1\",\"files\":{\"a\":1}}"] {
            assert!(Bundle::from_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bundle_goes_into_a_page_once() {
        let page = "<html><head><title>x</title></head><body></body></html>";
        let once = inline_into_page(page, "{\"a\":1}").unwrap();
        let twice = inline_into_page(&once, "{\"a\":2}").unwrap();
        assert_eq!(twice.matches(INLINE_ID).count(), 1);
        assert!(twice.contains("{\"a\":2}</script>\n  </head>"), "{twice}");
        assert!(inline_into_page("<p>no head</p>", "{}").is_none());
    }

    #[test]
    fn links_are_https_or_mailto_only() {
        assert!(is_safe_link("https://help.example.com/new?queue=docker&x=1"));
        assert!(is_safe_link("mailto:platform@example.com"));
        for bad in ["http://x", "javascript:alert(1)", "https://", "https://a b", "https://a\"b", "data:text/html,x", "HTTPS://a\u{202e}b"] {
            assert!(!is_safe_link(bad), "{bad}");
        }
    }
}
