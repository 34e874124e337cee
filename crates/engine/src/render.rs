//! The one Markdown renderer, and the one place placeholders are filled.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag};

/// Fills `{{name}}` with `values[name]`, or with the neutral `<name>` when
/// no validated value is known. Callers pass validated values only.
pub fn fill(text: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) if is_name(&after[..j]) => {
                let name = &after[..j];
                match values.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('<');
                        out.push_str(name);
                        out.push('>');
                    }
                }
                rest = &after[j + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
}

/// Markdown to HTML. Raw HTML in the source is shown as text, and links
/// other than http(s), mailto and in-page `#` anchors are dropped (their text stays).
pub fn markdown_to_html(md: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut dropped_links = Vec::new();
    let mut last_char = ' ';
    let events = Parser::new_ext(md, options).filter_map(|ev| match ev {
        // A line break inside a Chinese or Japanese paragraph is not a space
        // (Korean, like English, separates words with spaces and keeps it).
        Event::SoftBreak if is_unspaced_script(last_char) => None,
        Event::Text(t) => {
            last_char = t.chars().last().unwrap_or(' ');
            Some(Event::Text(t))
        }
        Event::Code(c) => {
            last_char = ' ';
            Some(Event::Code(c))
        }
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let safe = link_type == LinkType::Email || is_safe_url(&dest_url);
            dropped_links.push(!safe);
            safe.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(pulldown_cmark::TagEnd::Link) => {
            let dropped = dropped_links.pop().unwrap_or(false);
            (!dropped).then_some(ev)
        }
        Event::Start(Tag::Image { dest_url, .. }) => Some(Event::Text(CowStr::from(format!("[{dest_url}]")))),
        Event::End(pulldown_cmark::TagEnd::Image) => None,
        other => Some(other),
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Every tag [`markdown_to_html`] can emit, with the attributes it may carry.
const TAGS: &[(&str, &[&str])] = &[
    ("p", &[]), ("h1", &[]), ("h2", &[]), ("h3", &[]), ("h4", &[]), ("h5", &[]), ("h6", &[]),
    ("blockquote", &[]), ("pre", &[]), ("code", &["class"]), ("ol", &["start"]), ("ul", &[]), ("li", &[]),
    ("em", &[]), ("strong", &[]), ("del", &[]), ("a", &["href", "title"]), ("hr", &[]), ("br", &[]),
    ("table", &[]), ("thead", &[]), ("tbody", &[]), ("tr", &[]), ("th", &["style"]), ("td", &["style"]),
];

/// The first tag, attribute or link in `html` that [`markdown_to_html`]
/// never emits of its own accord: markup that came from the text instead of
/// being escaped. `None` when the HTML is inert. For tests and fuzzing.
pub fn foreign_markup(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag_text = &rest[at..];
        let Some(close) = tag_text.find('>') else { return Some(clip_for_report(tag_text)) };
        let tag = &tag_text[1..close];
        rest = &tag_text[close + 1..];
        let body = tag.strip_prefix('/').unwrap_or(tag);
        let body = body.strip_suffix(" /").unwrap_or(body);
        let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let (name, mut attrs) = body.split_at(name_len);
        let Some((_, allowed)) = TAGS.iter().find(|(t, _)| *t == name) else { return Some(clip_for_report(tag)) };
        // ` name="value"`, values with `"` `<` `>` escaped.
        while !attrs.is_empty() {
            let Some(a) = attrs.strip_prefix(' ') else { return Some(clip_for_report(tag)) };
            let Some((attr, after)) = a.split_once("=\"") else { return Some(clip_for_report(tag)) };
            let Some((value, after)) = after.split_once('"') else { return Some(clip_for_report(tag)) };
            let ok = allowed.contains(&attr)
                && !value.contains(['<', '>'])
                && match attr {
                    "href" => is_safe_url(&value.replace("&amp;", "&")) || value.starts_with("mailto:"),
                    "class" => value.starts_with("language-"),
                    "style" => value.starts_with("text-align: "),
                    "start" => value.bytes().all(|b| b.is_ascii_digit()),
                    _ => true,
                };
            if !ok || tag.starts_with('/') {
                return Some(clip_for_report(tag));
            }
            attrs = after;
        }
    }
    None
}

fn clip_for_report(s: &str) -> String {
    crate::text::clip(s, 200).to_string()
}

/// Han, Hiragana, Katakana and CJK or full-width punctuation.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFF60)
}

fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with('#') || lower.starts_with("mailto:")
}

/// The Markdown between one `## ` heading and the next.
pub fn sections(body: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut current: Option<(&str, usize)> = None;
    let mut offset = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence {
            if let Some(h) = trimmed.strip_prefix("## ") {
                if let Some((title, start)) = current.take() {
                    out.push((title, &body[start..offset]));
                }
                current = Some((h.trim(), offset + line.len()));
            }
        }
        offset += line.len();
    }
    if let Some((title, start)) = current {
        out.push((title, &body[start..]));
    }
    out
}

/// The contents of every fenced code block, in order.
pub fn code_blocks(md: &str) -> Vec<String> {
    use pulldown_cmark::TagEnd;
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => cur = Some(String::new()),
            Event::Text(t) if cur.is_some() => cur.as_mut().unwrap().push_str(&t),
            Event::End(TagEnd::CodeBlock) => out.extend(cur.take()),
            _ => {}
        }
    }
    out
}

/// The destinations of every link, in order.
pub fn links(md: &str) -> Vec<String> {
    Parser::new(md)
        .filter_map(|ev| match ev {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Placeholders that stand outside inline code or code blocks. There a
/// neutral `<user>` would read as an HTML tag in other Markdown renderers.
pub fn placeholders_outside_code(md: &str) -> Vec<String> {
    use pulldown_cmark::TagEnd;
    let mut out = Vec::new();
    let mut in_block = false;
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_block = true,
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Text(t) if !in_block => out.extend(placeholders_in(&t).into_iter().map(str::to_string)),
            _ => {}
        }
    }
    out
}

/// Names used as `{{name}}` in a text.
pub fn placeholders_in(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        if let Some(j) = rest.find("}}") {
            let name = &rest[..j];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()) {
                out.insert(name);
            }
            rest = &rest[j + 2..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_script_links_are_inert() {
        let html = markdown_to_html("<script>alert(1)</script>\n\nhi <b>x</b> [a](javascript:alert(1)) [b](https://docs.docker.com/)");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("href=\"https://docs.docker.com/\""));
    }

    #[test]
    fn chinese_and_japanese_line_breaks_are_not_spaces() {
        assert_eq!(markdown_to_html("这是第一行\n第二行"), "<p>这是第一行第二行</p>\n");
        assert_eq!(markdown_to_html("最初の行、\n次の行"), "<p>最初の行、次の行</p>\n");
        assert_eq!(markdown_to_html("첫 줄\n둘째 줄"), "<p>첫 줄\n둘째 줄</p>\n");
    }

    #[test]
    fn missing_values_leave_a_neutral_placeholder() {
        let mut v = BTreeMap::new();
        v.insert("port".to_string(), "80".to_string());
        assert_eq!(fill("`{{port}}` `{{user}}` {{ x }}", &v), "`80` `<user>` {{ x }}");
        let html = markdown_to_html(&fill("```\nsudo loginctl enable-linger {{user}}\n```", &v));
        assert!(html.contains("enable-linger &lt;user&gt;"), "{html}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::formats::hostile;
    use proptest::prelude::*;

    /// The tags of an HTML string in order, without attributes or text.
    fn skeleton(html: &str) -> Vec<&str> {
        html.split('<').skip(1).map(|t| t.split(['>', ' ']).next().unwrap_or("")).collect()
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![hostile::paste(), "[A-Za-z0-9_./+@~-]{1,24}", "[ -~]{1,24}"]
    }

    proptest! {
        // Pasted `<` never starts a tag and pasted `"` never ends an
        // attribute, wherever the text stands in the Markdown.
        #[test]
        fn no_text_becomes_markup(v in value(), md in hostile::paste()) {
            let contexts = [
                md.clone(),
                format!("{md}\n\n{v}"),
                format!("Text {v} text\n\n`{v}`\n\n```sh\n{v}\n```\n"),
                format!("[{v}]({v}) [x](https://example.com/{v} \"{v}\") ![{v}]({v}) <{v}>"),
                format!("| a | b |\n|---|---|\n| {v} | `{v}` |\n\n# {v}\n\n> {v}\n\n- {v}\n"),
            ];
            for md in contexts {
                let html = markdown_to_html(&md);
                prop_assert_eq!(foreign_markup(&html), None, "{}", html);
            }
        }

        // A value that passed its validator fills an entry's command without
        // changing what the Markdown means, and needs no escaping.
        #[test]
        fn validated_values_fill_commands_verbatim(
            entry in prop::sample::select((0..crate::builtin().entries.len()).collect::<Vec<_>>()),
            candidates in prop::collection::vec(value(), 1..6),
        ) {
            let entry = &crate::builtin().entries[entry];
            for doc in entry.docs.values() {
                let mut values = BTreeMap::new();
                for (i, name) in super::placeholders_in(&doc.body).into_iter().enumerate() {
                    let v = &candidates[i % candidates.len()];
                    if entry.placeholder_kind(name).is_some_and(|k| k.accepts(v)) {
                        values.insert(name.to_string(), v.clone());
                    }
                }
                let neutral = markdown_to_html(&fill(&doc.body, &BTreeMap::new()));
                let filled = markdown_to_html(&fill(&doc.body, &values));
                prop_assert_eq!(skeleton(&neutral), skeleton(&filled), "{} with {:?}", entry.id, values);
                for v in values.values() {
                    prop_assert!(filled.contains(v.as_str()), "{} lost {:?}", entry.id, v);
                }
                let blocks = code_blocks(&fill(&doc.body, &values));
                prop_assert_eq!(blocks.len(), code_blocks(&doc.body).len());
            }
        }
    }
}
