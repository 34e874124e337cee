//! The one Markdown renderer, and the one place placeholders are filled.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::lang::Lang;

use crate::placeholder::Fallback;

/// How [`fill`] shows a value the paste did not give.
#[derive(Debug, Clone, Copy)]
pub struct Style<'a> {
    /// For the page: examples between [`EXAMPLE_OPEN`] and [`EXAMPLE_CLOSE`],
    /// which [`mark_examples`] turns into `<span class="example">`. Else
    /// (terminal, JSON, reports) the example value itself, and a comment
    /// line at the top of its code block saying so.
    pub marked: bool,
    /// The comment's text, with `{values}` for "80 (port), web (container)".
    pub example_comment: &'a str,
    /// The message of a guard, with `{var}`: `${PORT:?set PORT first}`.
    pub guard_message: &'a str,
}

impl<'a> Style<'a> {
    /// The reader's language's texts from the interface strings.
    pub fn new(kb: &'a crate::Knowledge, lang: crate::Lang, marked: bool) -> Style<'a> {
        Style { marked, example_comment: kb.ui(lang, "example-comment"), guard_message: kb.ui(lang, "guard-message") }
    }
}

/// Around an example value in the page's Markdown (private-use characters
/// that entry text may not contain; values never do).
pub const EXAMPLE_OPEN: char = '\u{E000}';
pub const EXAMPLE_CLOSE: char = '\u{E001}';

/// Fills `{{name}}` with `values[name]` (validated values only). Without a
/// value, a code block shows the placeholder's fallback (`"$(id -un)"`, a
/// marked example, or `"${PORT:?set PORT first}"`), so every command runs as
/// shown; prose and inline code show the neutral `<name>`.
pub fn fill(text: &str, values: &BTreeMap<String, String>, entry: Option<&crate::Entry>, style: Style<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    // The open fence, where its body starts in `out`, and its info string.
    let mut fence: Option<(String, usize, String)> = None;
    let mut examples: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (&fence, marker) {
            (None, Some(m)) => {
                out.push_str(line);
                fence = Some((m.to_string(), out.len(), t.trim_start_matches(m).trim().to_string()));
                examples.clear();
                continue;
            }
            (Some((open, at, info)), Some(m)) if m == open && t.trim_end().bytes().all(|b| b == m.as_bytes()[0]) => {
                if !examples.is_empty() && !style.marked && info != "json" {
                    let list: Vec<String> = examples.iter().map(|(v, n)| format!("{v} ({n})")).collect();
                    let comment = format!("# {}\n", style.example_comment.replace("{values}", &list.join(", ")));
                    out.insert_str(*at, &comment);
                }
                fence = None;
                out.push_str(line);
                continue;
            }
            _ => {}
        }
        let block = fence.as_ref().map(|(_, _, info)| is_shell(info));
        fill_line(line, values, entry, style, block, &mut examples, &mut out);
    }
    out
}

/// A code block the shell runs (not a file's content): no info string, or a shell's.
pub fn is_shell(info: &str) -> bool {
    matches!(info, "" | "sh" | "bash" | "shell" | "console" | "zsh")
}

/// `block`: `None` in prose, else whether the code block is shell.
fn fill_line(line: &str, values: &BTreeMap<String, String>, entry: Option<&crate::Entry>, style: Style<'_>, block: Option<bool>, examples: &mut Vec<(String, String)>, out: &mut String) {
    let mut rest = line;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let (_, in_double) = quote_state(&line[..line.len() - rest.len() + i]);
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) if is_name(&after[..j]) => {
                let name = &after[..j];
                let fallback = entry.and_then(|e| e.placeholder(name)).and_then(|p| p.fallback);
                match (values.get(name), fallback) {
                    (Some(v), _) => out.push_str(v),
                    (None, Some(f)) if block.is_some() && (block == Some(true) || matches!(f, Fallback::Example(_))) => {
                        let quoted = |s: String| if in_double { s } else { format!("\"{s}\"") };
                        match f {
                            Fallback::Shell(expr) => out.push_str(&quoted(expr)),
                            Fallback::Guard(var) => out.push_str(&quoted(format!("${{{var}:?{}}}", style.guard_message.replace("{var}", &var)))),
                            Fallback::Example(v) if style.marked => {
                                out.push(EXAMPLE_OPEN);
                                out.push_str(&v);
                                out.push(EXAMPLE_CLOSE);
                            }
                            Fallback::Example(v) => {
                                out.push_str(&v);
                                if !examples.iter().any(|(_, n)| n == name) {
                                    examples.push((v, name.to_string()));
                                }
                            }
                        }
                    }
                    (None, _) => {
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
}

/// Whether the end of `prefix` (a shell line up to a point) is inside
/// single or double quotes.
pub fn quote_state(prefix: &str) -> (bool, bool) {
    let (mut single, mut double, mut escaped) = (false, false, false);
    for b in prefix.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if !single => escaped = true,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            _ => {}
        }
    }
    (single, double)
}

/// The lines inside fenced code blocks, as written, each with its block's
/// info string (`sh`, `json`, or empty).
pub fn code_lines(md: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<(&str, &str)> = None;
    for line in md.lines() {
        let t = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some((m, t.trim_start_matches(m).trim())),
            (Some((open, _)), Some(m)) if m == open && t.trim_end().bytes().all(|b| b == m.as_bytes()[0]) => fence = None,
            (Some((_, info)), _) => out.push((info, line)),
            _ => {}
        }
    }
    out
}

/// Page HTML from [`markdown_to_html`] of a [`Style::marked`] fill: each
/// marked example becomes `<span class="example" title="{title}">80</span>`;
/// a stray marker is dropped.
pub fn mark_examples(html: &str, title: &str) -> String {
    let title = title.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(EXAMPLE_OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + EXAMPLE_OPEN.len_utf8()..];
        match after.find(EXAMPLE_CLOSE) {
            Some(j) if !after[..j].contains(['<', '>', EXAMPLE_OPEN]) => {
                out.push_str(&format!("<span class=\"example\" title=\"{title}\">{}</span>", &after[..j]));
                rest = &after[j + EXAMPLE_CLOSE.len_utf8()..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out.replace(EXAMPLE_CLOSE, "")
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
}

/// Markdown to HTML. Raw HTML in the source is shown as text, and links
/// other than http(s), mailto and in-page `#` anchors are dropped (their text stays).
/// A line break inside a paragraph follows `lang`'s rule ([`soft_break`]).
pub fn markdown_to_html(md: &str, lang: Lang) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<Event> = Parser::new_ext(md, options).collect();
    let breaks = soft_breaks(&events, lang);
    let mut dropped_links = Vec::new();
    let events = events.into_iter().zip(breaks).filter_map(|(ev, joined)| match ev {
        Event::SoftBreak => match joined {
            Some(Break::Join) => None,
            Some(Break::Space) => Some(Event::Text(CowStr::Borrowed(" "))),
            _ => Some(Event::SoftBreak),
        },
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

/// The Markdown with its soft line breaks resolved the way
/// [`markdown_to_html`] resolves them, for text shown as it is (the CLI, a
/// report pasted elsewhere): a break that joins is removed with the next
/// line's indentation; in Chinese and Japanese a break that is a space
/// becomes one, so a paragraph is one line the terminal wraps; in English
/// and Korean the other breaks stay. Nothing else changes.
pub fn resolve_soft_breaks(md: &str, lang: Lang) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(md, options).into_offset_iter().collect();
    let breaks = soft_breaks(&events.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>(), lang);
    let mut out = String::with_capacity(md.len());
    let mut copied = 0;
    for (i, how) in breaks.iter().enumerate() {
        let replacement = match how {
            Some(Break::Join) => "",
            Some(Break::Space) => " ",
            _ => continue,
        };
        let (Some(before), Some(after)) = (i.checked_sub(1).and_then(|b| events.get(b)), events.get(i + 1)) else { continue };
        let (from, to) = (before.1.end, after.1.start);
        // Only the line break and what carries a line (indentation, `>`).
        if from < copied || to <= from || !md.get(from..to).is_some_and(|gap| gap.contains('\n') && gap.chars().all(|c| c.is_whitespace() || c == '>')) {
            continue;
        }
        out.push_str(&md[copied..from]);
        out.push_str(replacement);
        copied = to;
    }
    out.push_str(&md[copied..]);
    out
}

/// What a line break inside a paragraph becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Break {
    /// Nothing: the lines join (between two Chinese or Japanese characters,
    /// next to full-width punctuation, before a Korean particle).
    Join,
    /// An explicit space (Chinese or Japanese next to Latin, digits, code).
    Space,
}

/// What stands on one side of a line break: a character, or inline code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Char(char),
    Code,
}

/// For each event, `Some` when it is a soft break `lang` does not leave as a
/// plain line break. Linear: each lookahead stops at the next text.
fn soft_breaks(events: &[Event], lang: Lang) -> Vec<Option<Break>> {
    let mut out = vec![None; events.len()];
    let mut prev: Option<Side> = None;
    for (i, ev) in events.iter().enumerate() {
        match ev {
            Event::SoftBreak => {
                let next = events[i + 1..].iter().find_map(|e| match e {
                    Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
                    | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => None,
                    Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) if t.is_empty() => None,
                    Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => Some(Some((t.chars().next().map(Side::Char), t.as_ref()))),
                    Event::Code(_) => Some(Some((Some(Side::Code), ""))),
                    Event::Start(Tag::Image { .. }) => Some(Some((Some(Side::Char('[')), ""))),
                    _ => Some(None),
                });
                if let (Some(p), Some(Some((Some(n), word)))) = (prev, next) {
                    out[i] = soft_break(p, n, word, lang);
                }
                prev = None;
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => prev = t.chars().last().map(Side::Char).or(prev),
            Event::Code(_) => prev = Some(Side::Code),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {}
            _ => prev = None,
        }
    }
    out
}

/// The rule for one soft line break between `prev` and `next` (`word`: the
/// text that follows the break, for Korean particles). `None`: a plain line
/// break, which HTML shows as a space and a terminal as a new line.
fn soft_break(prev: Side, next: Side, word: &str, lang: Lang) -> Option<Break> {
    match lang {
        Lang::Zh | Lang::Ja => {
            let is = |s: Side, f: fn(char) -> bool| matches!(s, Side::Char(c) if f(c));
            let joins = (is(prev, is_cjk) && is(next, is_cjk)) || is(prev, is_wide_punctuation) || is(next, is_wide_punctuation);
            Some(if joins { Break::Join } else { Break::Space })
        }
        Lang::Ko => {
            let after_word = match prev {
                Side::Code => true,
                Side::Char(c) => !c.is_whitespace() && !matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | '[' | '"' | '\'' | '-'),
            };
            let particle = korean_particle(word).filter(|p| !(matches!(*p, "이" | "가") && matches!(prev, Side::Char(c) if is_hangul(c))));
            (after_word && particle.is_some()).then_some(Break::Join)
        }
        Lang::En => None,
    }
}

/// Korean particles (and particle-like endings) that attach to the word
/// before them, longest first where one is the start of another.
const KOREAN_PARTICLES: &[&str] = &[
    "이", "가", "을", "를", "은", "는", "의", "에", "에서", "에서는", "에서도", "에서의", "에는", "에도", "에게", "에게는", "에만",
    "로", "으로", "로는", "으로는", "로도", "으로도", "로서", "으로서", "로써", "으로써", "와", "과", "와는", "과는", "와의", "과의",
    "도", "만", "까지", "까지는", "부터", "부터는", "보다", "보다는", "처럼", "마다", "조차", "이나", "이고", "이며", "이면", "이라",
    "이라고", "이라는", "이라면", "이라서", "이므로", "이지만", "이어야", "입니다", "이다", "라는", "라고", "라면", "이랑", "랑", "뿐",
];

/// The particle `text` starts with, when its first word (its leading run of
/// Hangul syllables) is one.
fn korean_particle(text: &str) -> Option<&str> {
    let end = text.char_indices().find(|&(_, c)| !is_hangul(c)).map_or(text.len(), |(i, _)| i);
    let word = &text[..end];
    KOREAN_PARTICLES.iter().find(|p| **p == word).map(|_| word)
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// Han, Hiragana, Katakana and full-width forms: the scripts Chinese and
/// Japanese write without spaces (Korean is not one of them).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF9F | 0x20000..=0x3FFFF)
}

/// Punctuation that takes no space on either side in Chinese and Japanese
/// text: CJK and full-width punctuation, curly quotes, the dash and ellipsis.
fn is_wide_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2014 | 0x2018..=0x201D | 0x2026 | 0x00B7)
}

/// Every tag [`markdown_to_html`] can emit, with the attributes it may carry.
const TAGS: &[(&str, &[&str])] = &[
    ("p", &[]), ("h1", &[]), ("h2", &[]), ("h3", &[]), ("h4", &[]), ("h5", &[]), ("h6", &[]),
    ("blockquote", &[]), ("pre", &[]), ("code", &["class"]), ("ol", &["start"]), ("ul", &[]), ("li", &[]),
    ("em", &[]), ("strong", &[]), ("del", &[]), ("a", &["href", "title"]), ("hr", &[]), ("br", &[]),
    ("table", &[]), ("thead", &[]), ("tbody", &[]), ("tr", &[]), ("th", &["style"]), ("td", &["style"]),
    ("span", &["class", "title"]),
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
                    "class" => value.starts_with("language-") || (name == "span" && value == "example"),
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
        let html = markdown_to_html("<script>alert(1)</script>\n\nhi <b>x</b> [a](javascript:alert(1)) [b](https://docs.docker.com/)", Lang::En);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("href=\"https://docs.docker.com/\""));
    }

    fn p(md: &str, lang: Lang) -> String {
        markdown_to_html(md, lang)
    }

    #[test]
    fn chinese_line_breaks_join_cjk_and_space_latin_digits_and_code() {
        let zh = Lang::Zh;
        assert_eq!(p("这是第一行\n第二行", zh), "<p>这是第一行第二行</p>\n");
        assert_eq!(p("端口由\nRootlessKit 打开", zh), "<p>端口由 RootlessKit 打开</p>\n");
        assert_eq!(p("交给 RootlessKit\n打开", zh), "<p>交给 RootlessKit 打开</p>\n");
        assert_eq!(p("宿主机\n100999 号", zh), "<p>宿主机 100999 号</p>\n");
        assert_eq!(p("共 3\n个", zh), "<p>共 3 个</p>\n");
        assert_eq!(p("低于\n`net.ipv4.ip_forward`", zh), "<p>低于 <code>net.ipv4.ip_forward</code></p>\n");
        assert_eq!(p("`docker.sock`\n归你所有", zh), "<p><code>docker.sock</code> 归你所有</p>\n");
        // Full-width punctuation takes no space on either side.
        assert_eq!(p("先停掉它。\nDocker 会", zh), "<p>先停掉它。Docker 会</p>\n");
        assert_eq!(p("用 Docker\n（rootless）", zh), "<p>用 Docker（rootless）</p>\n");
        assert_eq!(p("它的作用，\n就是", zh), "<p>它的作用，就是</p>\n");
        // Emphasis and links in between do not hide the characters.
        assert_eq!(p("**注意**\n不要", zh), "<p><strong>注意</strong>不要</p>\n");
        assert_eq!(p("见\n[安装](#/guide/install)", zh), "<p>见<a href=\"#/guide/install\">安装</a></p>\n");
        assert_eq!(p("用户\n**UID**", zh), "<p>用户 <strong>UID</strong></p>\n");
        // English lines in a Chinese page stay English.
        assert_eq!(p("plain\nEnglish", zh), "<p>plain English</p>\n");
    }

    #[test]
    fn japanese_line_breaks_follow_the_same_rule() {
        let ja = Lang::Ja;
        assert_eq!(p("最初の行、\n次の行", ja), "<p>最初の行、次の行</p>\n");
        assert_eq!(p("その中ではプロセスが\nUID 0 になり", ja), "<p>その中ではプロセスが UID 0 になり</p>\n");
        assert_eq!(p("UID 0\nになり", ja), "<p>UID 0 になり</p>\n");
        assert_eq!(p("ポートを開くのは RootlessKit\nです", ja), "<p>ポートを開くのは RootlessKit です</p>\n");
        assert_eq!(p("形式は\n`所有者:開始:個数` です", ja), "<p>形式は <code>所有者:開始:個数</code> です</p>\n");
        assert_eq!(p("`docker.sock`\nです", ja), "<p><code>docker.sock</code> です</p>\n");
        assert_eq!(p("ポート\n80 番", ja), "<p>ポート 80 番</p>\n");
        assert_eq!(p("止めます。\nDocker は", ja), "<p>止めます。Docker は</p>\n");
        assert_eq!(p("コンテナー\nの中", ja), "<p>コンテナーの中</p>\n");
    }

    #[test]
    fn korean_line_breaks_stay_spaces_except_before_a_particle() {
        let ko = Lang::Ko;
        assert_eq!(p("첫 줄\n둘째 줄", ko), "<p>첫 줄\n둘째 줄</p>\n");
        assert_eq!(p("RootlessKit 3(Docker Engine 29.5 이상)\n에서는 userland proxy를", ko), "<p>RootlessKit 3(Docker Engine 29.5 이상)에서는 userland proxy를</p>\n");
        assert_eq!(p("소켓(`/run/user/1000/docker.sock`)\n이고 내 소유라서", ko), "<p>소켓(<code>/run/user/1000/docker.sock</code>)이고 내 소유라서</p>\n");
        assert_eq!(p("`docker.sock`\n을 지웁니다", ko), "<p><code>docker.sock</code>을 지웁니다</p>\n");
        assert_eq!(p("사용자 네임스페이스\n를 만듭니다", ko), "<p>사용자 네임스페이스를 만듭니다</p>\n");
        assert_eq!(p("Docker\n의 설정", ko), "<p>Docker의 설정</p>\n");
        // A word that only starts like a particle, the demonstrative 이 after
        // a word, and anything after the end of a sentence stay apart.
        assert_eq!(p("설정을\n가능하면 줄입니다", ko), "<p>설정을\n가능하면 줄입니다</p>\n");
        assert_eq!(p("적용하면\n이 설정은", ko), "<p>적용하면\n이 설정은</p>\n");
        assert_eq!(p("끝났습니다.\n이 명령은", ko), "<p>끝났습니다.\n이 명령은</p>\n");
        assert_eq!(p("포트\n80 번", ko), "<p>포트\n80 번</p>\n");
        assert_eq!(p("설정\n`docker.sock`", ko), "<p>설정\n<code>docker.sock</code></p>\n");
    }

    #[test]
    fn english_line_breaks_are_untouched() {
        assert_eq!(p("one\ntwo", Lang::En), "<p>one\ntwo</p>\n");
        assert_eq!(p("这是\n中文", Lang::En), "<p>这是\n中文</p>\n");
    }

    #[test]
    fn resolved_breaks_read_like_the_page() {
        let md = "# 标题\n\n端口由\nRootlessKit 打开，\n不需要 root。\n\n- 列表第一行\n  续行\n> 引用\n> 续行\n\n```sh\necho 中\necho 文\n```\n";
        assert_eq!(
            resolve_soft_breaks(md, Lang::Zh),
            "# 标题\n\n端口由 RootlessKit 打开，不需要 root。\n\n- 列表第一行续行\n> 引用续行\n\n```sh\necho 中\necho 文\n```\n"
        );
        let ko = "조건(29.5 이상)\n에서는 됩니다.\n다음 줄은\n그대로입니다.\n";
        assert_eq!(resolve_soft_breaks(ko, Lang::Ko), "조건(29.5 이상)에서는 됩니다.\n다음 줄은\n그대로입니다.\n");
        assert_eq!(resolve_soft_breaks("one\ntwo\n", Lang::En), "one\ntwo\n");
        for lang in Lang::ALL {
            for md in [md, ko] {
                let resolved = resolve_soft_breaks(md, lang);
                assert_eq!(markdown_to_html(&resolved, lang).replace('\n', " "), markdown_to_html(md, lang).replace('\n', " "), "{lang:?} {md}");
            }
        }
    }

    const TEXT: Style = Style { marked: false, example_comment: "example values, change them: {values}", guard_message: "set {var} first" };

    #[test]
    fn prose_keeps_a_neutral_placeholder_and_code_its_fallback() {
        let mut v = BTreeMap::new();
        v.insert("port".to_string(), "8080".to_string());
        assert_eq!(fill("`{{port}}` `{{user}}` {{ x }}", &v, None, TEXT), "`8080` `<user>` {{ x }}");
        let (kb, errors) = crate::Knowledge::load([
            ("kb/x/entry.toml", "id = \"x\"\nseverity = \"info\"\ncategory = \"network\"\n[placeholders]\nport = { kind = \"port\", example = \"80\" }\nctid = { kind = \"number\", guard = \"CTID\" }\n[[lines]]\nregex = \"x\"\n"),
            ("kb/x/en.md", "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n`{{user}}`\n\n```sh\nsudo loginctl enable-linger {{user}}\necho \"{{user}}:1\" '{{port}}'\nsudo pct reboot {{ctid}}\n```\n"),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        let e = &kb.entries[0];
        let body = &e.docs[&crate::Lang::En].body;
        assert_eq!(
            fill(body, &BTreeMap::new(), Some(e), TEXT),
            "`<user>`\n\n```sh\n# example values, change them: 80 (port)\nsudo loginctl enable-linger \"$(id -un)\"\necho \"$(id -un):1\" '80'\nsudo pct reboot \"${CTID:?set CTID first}\"\n```\n"
        );
        let page = fill(body, &BTreeMap::new(), Some(e), Style { marked: true, ..TEXT });
        let html = mark_examples(&markdown_to_html(&page, crate::Lang::En), "Example \"x\"");
        assert!(html.contains("'<span class=\"example\" title=\"Example &quot;x&quot;\">80</span>'"), "{html}");
        assert_eq!(foreign_markup(&html), None);
        v.insert("user".to_string(), "alice".to_string());
        assert!(fill(body, &v, Some(e), TEXT).contains("enable-linger alice\n"));
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
                for lang in Lang::ALL {
                    let html = markdown_to_html(&md, lang);
                    prop_assert_eq!(foreign_markup(&html), None, "{}", html);
                    let html = markdown_to_html(&resolve_soft_breaks(&md, lang), lang);
                    prop_assert_eq!(foreign_markup(&html), None, "{}", html);
                }
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
            for (&lang, doc) in &entry.docs {
                let mut values = BTreeMap::new();
                for (i, name) in super::placeholders_in(&doc.body).into_iter().enumerate() {
                    let v = &candidates[i % candidates.len()];
                    if entry.placeholder_kind(name).is_some_and(|k| k.accepts(v)) {
                        values.insert(name.to_string(), v.clone());
                    }
                }
                let style = Style { marked: false, example_comment: "example: {values}", guard_message: "set {var} first" };
                let neutral = markdown_to_html(&fill(&doc.body, &BTreeMap::new(), Some(entry), style), lang);
                let filled = markdown_to_html(&fill(&doc.body, &values, Some(entry), style), lang);
                prop_assert_eq!(skeleton(&neutral), skeleton(&filled), "{} with {:?}", entry.id, values);
                for v in values.values() {
                    prop_assert!(filled.contains(v.as_str()), "{} lost {:?}", entry.id, v);
                }
                let blocks = code_blocks(&fill(&doc.body, &values, Some(entry), style));
                prop_assert_eq!(blocks.len(), code_blocks(&doc.body).len());
            }
        }
    }
}
