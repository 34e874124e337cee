//! The one Markdown renderer, and the one place placeholders are filled.

use std::collections::BTreeMap;

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
            Event::Text(t) if !in_block => out.extend(crate::kb::placeholders_in(&t).into_iter().map(str::to_string)),
            _ => {}
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
