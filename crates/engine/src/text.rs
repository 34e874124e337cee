//! Turning a paste into lines the parsers and matchers can trust: CRLF and
//! lone CR endings, ANSI colour codes, and very long lines are dealt with
//! here, once.

/// One line of the paste as the reader will see it quoted back: ANSI escape
/// sequences and the line ending removed. Spans in evidence index into `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the paste.
    pub number: usize,
    pub text: String,
}

/// Splits on `\n`, `\r\n` and lone `\r`, and strips ANSI escape sequences.
pub fn lines(paste: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for (i, raw) in paste.split('\n').enumerate() {
        // A lone CR inside a line is a terminal overwrite (progress bars):
        // what stayed on screen is the last segment.
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let visible = match raw.rfind('\r') {
            Some(cr) => &raw[cr + 1..],
            None => raw,
        };
        out.push(Line { number: i + 1, text: strip_ansi(visible) });
    }
    // A trailing newline does not make an extra empty line.
    if out.len() > 1 && out.last().is_some_and(|l| l.text.is_empty()) && paste.ends_with('\n') {
        out.pop();
    }
    out
}

/// Whether `needle` occurs in `hay`: `str::contains` for the checks that
/// run on every line of a paste. The standard one prepares its search for
/// the needle on each call, which on a short line costs more than the search
/// itself (1 MB of one-character lines: half a million preparations per
/// check); here a line shorter than the needle is no search at all, and a
/// short line is searched for the needle's first byte.
pub fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    match n.first() {
        None => true,
        Some(_) if n.len() > h.len() => false,
        Some(&first) if h.len() <= 256 => memchr::memchr_iter(first, &h[..=h.len() - n.len()]).any(|i| &h[i..i + n.len()] == n),
        Some(_) => hay.contains(needle),
    }
}

/// Characters that change how a line reads without showing themselves:
/// bidirectional embeddings, overrides, isolates and marks, and zero-width
/// characters. A pasted line holding one can be made to read differently
/// from what was matched, so wherever pasted text is shown these are made
/// visible ([`show_invisible`]).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2060}' | '\u{FEFF}' | '\u{061C}')
}

/// `s` with each [`is_invisible`] character replaced by a visible marker,
/// `⟨U+202E⟩` (brackets that neither Markdown nor HTML read as markup).
pub fn show_invisible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\u{27E8}U+{:04X}\u{27E9}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Removes CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL|ESC \`) and other
/// two-byte escapes, and any other C0 or C1 control character except TAB
/// (a terminal may act on U+009B as it does on `ESC [`).
pub fn strip_ansi(s: &str) -> String {
    // 0xC2 leads the UTF-8 of U+0080..=U+00BF, the C1 controls among them.
    if !s.bytes().any(|b| b < 0x20 && b != b'\t' || b == 0x7f || b == 0xc2) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    // parameters and intermediates, then one final byte @..~
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    chars.next();
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                Some(_) => {
                    chars.next();
                }
                None => {}
            },
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    &s[..floor_char_boundary(s, max)]
}

/// The largest char boundary of `s` at or below `at` (`s.len()` past the
/// end): the one place spans into pasted text are rounded down.
pub fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `str::trim`, as `trim_start` does it, at both ends.
pub fn trim(s: &str) -> &str {
    let t = trim_start(s);
    let blank = t.bytes().rev().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)).count();
    let rest = &t[..t.len() - blank];
    if rest.as_bytes().last().is_some_and(|b| *b >= 0x80) {
        rest.trim_end()
    } else {
        rest
    }
}

/// `str::trim_start`, stepping over ASCII blanks a byte at a time (the
/// standard one decodes every character; lines are mostly indented with
/// spaces, and this runs several times per line).
pub fn trim_start(s: &str) -> &str {
    let blank = s.bytes().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)).count();
    let rest = &s[blank..];
    // Other white space (U+0085, U+00A0, U+3000, ...) is outside ASCII.
    if rest.as_bytes().first().is_some_and(|b| *b >= 0x80) {
        rest.trim_start()
    } else {
        rest
    }
}

/// Drops what a terminal or a chat puts before the interesting text: a shell
/// prompt (`user@host:~$ `, `$ `, `# `, `> `), a Markdown quote.
pub fn strip_prompt(line: &str) -> &str {
    let t = trim_start(line);
    // `$ `, `# `, `> `, `% `
    if let [b'$' | b'#' | b'>' | b'%', b' ', ..] = t.as_bytes() {
        return trim_start(&t[2..]);
    }
    // `❯ ` (starship, pure and powerlevel10k's default prompt character)
    if let Some(rest) = t.strip_prefix("❯ ") {
        return trim_start(rest);
    }
    // user@host:path$ command, [user@host path]$ command, user@host path $ command
    if let Some(at) = memchr::memchr(b'@', t.as_bytes()) {
        let head = &t[..at];
        // Every end below ends in `$ ` or `# `: most lines with an `@`
        // (an e-mail address, `user@1000.service`) have neither after it.
        let ends = t.as_bytes()[at..].windows(2).any(|w| w[1] == b' ' && (w[0] == b'$' || w[0] == b'#'));
        if ends && !head.contains(char::is_whitespace) {
            for end in ["]$ ", "]# ", "$ ", "# "] {
                if let Some(i) = t[at..].find(end) {
                    let prompt = t[..at + i].trim_end();
                    let spaces = prompt.matches(' ').count();
                    let bracketed = prompt.starts_with('[');
                    if spaces == 0 || (spaces == 1 && (bracketed || !prompt.contains(':'))) {
                        return t[at + i + end.len()..].trim_start();
                    }
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_is_the_standard_one() {
        let hays = ["", "a", "{", "uid=1000(alice)", "x uid= y", "ééé uid", "rootlesskit --net=slirp4netns", &"ab".repeat(200), &format!("{}needle", "n".repeat(300))];
        let needles = ["", "a", "uid=", " --", "é", "needle", "rootlesskit", "abab", "ba"];
        for h in hays {
            for n in needles {
                assert_eq!(contains(h, n), h.contains(n), "{h:?} {n:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn contains_agrees_with_the_standard_one(h in "[ab u=é]{0,300}", n in "[ab u=é]{0,6}") {
            proptest::prop_assert_eq!(contains(&h, &n), h.contains(n.as_str()));
        }
    }

    #[test]
    fn invisible_characters_are_shown() {
        // The red-team report's line: an override makes `alice` read `ecila`.
        assert_eq!(show_invisible("owner \u{202E}ecila\u{202C}:100000:65536"), "owner ⟨U+202E⟩ecila⟨U+202C⟩:100000:65536");
        assert_eq!(show_invisible("a\u{200B}b\u{2066}c\u{FEFF}"), "a⟨U+200B⟩b⟨U+2066⟩c⟨U+FEFF⟩");
        assert!(matches!(show_invisible("plain 한국어 日本語 é"), std::borrow::Cow::Borrowed(_)));
        // Joiners in emoji and Arabic letters are shown too: they are rare in
        // a terminal's output and the marker costs nothing there.
        assert!(is_invisible('\u{200D}') && is_invisible('\u{061C}') && !is_invisible('\u{00A0}'));
    }

    #[test]
    fn trim_start_is_the_standard_one() {
        for s in ["", "  x", "\t\n\r\u{b}\u{c}x y ", "\u{a0} x", " \u{3000}\u{85}x", "é ", "   "] {
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim(s), s.trim(), "{s:?}");
            let r: String = s.chars().rev().collect();
            assert_eq!(trim(&r), r.trim(), "{r:?}");
        }
    }

    #[test]
    fn endings_and_colours_are_normalised() {
        let ls = lines("a\r\n\u{1b}[31m[ERROR]\u{1b}[0m b\rc\nprogress 10%\rprogress 100%\n");
        let texts: Vec<_> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a", "c", "progress 100%"]);
        assert_eq!(strip_ansi("\u{1b}[1;31m[ERROR]\u{1b}[0m x"), "[ERROR] x");
        assert_eq!(strip_ansi("\u{1b}]0;title\u{7}ok"), "ok");
        assert_eq!(strip_ansi("nul\0byte"), "nulbyte");
        assert_eq!(strip_ansi("c1\u{9b}31mx \u{85}© é"), "c131mx © é");
    }

    #[test]
    fn prompts_are_dropped() {
        assert_eq!(strip_prompt("alice@box:~$ docker info"), "docker info");
        assert_eq!(strip_prompt("root@box:/# id"), "id");
        assert_eq!(strip_prompt("$ docker ps"), "docker ps");
        assert_eq!(strip_prompt("❯ docker ps"), "docker ps");
        assert_eq!(strip_prompt("[alice@box ~]$ uname -r"), "uname -r");
        assert_eq!(strip_prompt("alice@box ~ $ uname -r"), "uname -r");
        assert_eq!(strip_prompt("send to me@example.com $ now and then"), "send to me@example.com $ now and then");
    }

    #[test]
    fn clip_respects_char_boundaries() {
        assert_eq!(clip("가나다", 4), "가");
        assert_eq!(clip("abc", 10), "abc");
    }
}
