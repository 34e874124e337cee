//! The diagnose page's paste: the text, how it is shown, the values the
//! reader typed, the one message under the box, and whether it came from a
//! permalink the reader has not kept yet. Plus the guards a paste passes
//! through (size limits, where a clipboard paste goes), as pure functions.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

/// Pastes larger than this stay out of the text box (see
/// [`clipboard_paste`]): about 3,000 lines of a journal, more than anyone
/// edits by hand. Laying out 1 MB in the box costs Chromium about 200 ms;
/// 256 KiB about 50 ms.
pub const LARGE_BYTES: usize = 256 << 10;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    Edit,
    Lines,
}

/// The one message line under the paste box.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Notice {
    /// A paste or typed text of this many bytes, over the cap, was refused.
    TooLarge(usize),
    /// A dropped file over the cap was refused.
    DropTooLarge,
}

/// The paste came from a permalink: the reader's own saved paste (if any)
/// is left alone until the reader keeps the link's paste or restores theirs.
#[derive(Clone, PartialEq, Debug)]
pub struct Link {
    pub saved: Option<Rc<str>>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Paste {
    pub text: Rc<str>,
    pub view: View,
    /// The line the Lines view scrolls to.
    pub focus: Option<usize>,
    /// Values the reader typed for placeholders, by name.
    pub overrides: Rc<BTreeMap<String, String>>,
    pub notice: Option<Notice>,
    pub link: Option<Link>,
}

pub enum Action {
    /// The reader typed in the box.
    Edit(String),
    /// A new paste as a whole: an example, a dropped file, a large paste,
    /// Clear (an empty one).
    Replace(String),
    /// A paste of this many bytes is over the cap.
    Refuse(usize),
    RefuseDrop,
    /// Show this line in the Lines view.
    ShowLine(usize),
    SetView(View),
    /// A value the reader typed for a placeholder (empty: none).
    SetValue(String, String),
    /// A permalink's paste arrived (the address changed while the page was
    /// open), with the reader's saved paste.
    OpenLink(String, Option<String>),
    /// Keep the permalink's paste as the reader's own.
    KeepLink,
    /// Put the reader's saved paste back instead of the permalink's.
    RestoreSaved,
}

impl Paste {
    /// The paste to start with: a permalink's wins over the saved one, but
    /// does not replace it (yet). An embedded page shows only what its
    /// address carries, never the reader's saved paste.
    pub fn open(link: Option<String>, saved: Option<String>, embed: bool) -> Self {
        let saved = if embed { None } else { saved };
        let empty = Paste { text: Rc::from(""), view: View::Edit, focus: None, overrides: Rc::default(), notice: None, link: None };
        match link {
            Some(text) if embed => Paste { text: text.into(), ..empty },
            Some(text) => (*Rc::new(empty).reduce(Action::OpenLink(text, saved))).clone(),
            None => Paste { text: saved.unwrap_or_default().into(), ..empty },
        }
    }

    /// Whether the text may be kept for the next visit: not a permalink's
    /// the reader has not kept.
    pub fn keeps(&self) -> bool {
        self.link.is_none()
    }
}

impl Reducible for Paste {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                next.text = text.into();
                next.notice = None;
            }
            Action::Replace(text) => {
                next.text = text.into();
                next.notice = None;
                next.view = View::Edit;
            }
            Action::Refuse(size) => next.notice = Some(Notice::TooLarge(size)),
            Action::RefuseDrop => next.notice = Some(Notice::DropTooLarge),
            Action::ShowLine(n) => {
                next.view = View::Lines;
                next.focus = Some(n);
            }
            Action::SetView(view) => next.view = view,
            Action::SetValue(name, value) => {
                let mut overrides = (*next.overrides).clone();
                if value.trim().is_empty() {
                    overrides.remove(&name);
                } else {
                    overrides.insert(name, value.trim().to_string());
                }
                next.overrides = Rc::new(overrides);
            }
            Action::OpenLink(text, saved) => {
                // The reader's own paste: what is saved, or what they were
                // already keeping from an earlier link.
                let saved = match &self.link {
                    Some(link) => link.saved.clone(),
                    None => saved.map(Rc::from),
                };
                next.link = (saved.as_deref() != Some(text.as_str())).then_some(Link { saved });
                next.text = text.into();
                next.notice = None;
                next.view = View::Edit;
            }
            Action::KeepLink => next.link = None,
            Action::RestoreSaved => {
                let Some(link) = next.link.take() else { return self };
                next.text = link.saved.unwrap_or_default();
                next.notice = None;
                next.view = View::Edit;
            }
        }
        Rc::new(next)
    }
}

/// What to do with text arriving from the clipboard.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Pasted {
    /// Over the cap: refused, with its size.
    Refuse(usize),
    /// Small, into the text box: the browser inserts it (with its undo).
    Browser,
    /// Taken by the page: this is the whole new paste.
    Take(String),
}

/// A clipboard paste of `pasted`, whose length in UTF-16 units is
/// `units` (never more than its size in UTF-8, and known without copying
/// it), into the text box holding `value` with the selection `selection`
/// (UTF-16 units), or onto the large-paste card (`value` is `None`), where
/// it replaces the paste. `pasted` is only read when the page takes it.
pub fn clipboard_paste(units: usize, value: Option<(&str, u32, u32)>, pasted: impl FnOnce() -> String) -> Pasted {
    if units > engine::MAX_INPUT_BYTES {
        return Pasted::Refuse(units);
    }
    if value.is_some() && units <= LARGE_BYTES {
        return Pasted::Browser;
    }
    let pasted = pasted();
    let next = match value {
        // Over the box's text, where the reader's selection was.
        Some((value, start, end)) => {
            let (start, end) = (utf16_to_byte(value, start as usize), utf16_to_byte(value, end as usize));
            let (start, end) = (start.min(end), start.max(end));
            [&value[..start], &pasted, &value[end..]].concat()
        }
        None => pasted,
    };
    if next.len() > engine::MAX_INPUT_BYTES {
        return Pasted::Refuse(next.len());
    }
    Pasted::Take(next)
}

/// Whether text of this many bytes (typed, or a dropped file) is over the cap.
pub fn over_cap(bytes: usize) -> bool {
    bytes > engine::MAX_INPUT_BYTES
}

/// What the card standing in for a large paste says: its size in MB (one
/// decimal) and its number of lines; `None` when the paste fits the box.
pub fn large_card(text: &str) -> Option<(String, usize)> {
    if text.len() <= LARGE_BYTES {
        return None;
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() + usize::from(!text.ends_with('\n'));
    Some((format!("{:.1}", text.len() as f64 / f64::from(1 << 20)), lines))
}

/// The byte offset in `s` of a position counted in UTF-16 units (a text
/// box's selection), on a character boundary.
pub fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(p: Paste, actions: Vec<Action>) -> Paste {
        let mut p = Rc::new(p);
        for a in actions {
            p = p.reduce(a);
        }
        (*p).clone()
    }

    #[test]
    fn a_permalink_leaves_the_saved_paste_until_kept_or_restored() {
        let p = Paste::open(Some("link".into()), Some("mine".into()), false);
        assert_eq!(&*p.text, "link");
        assert!(!p.keeps());
        let kept = reduce(p.clone(), vec![Action::Edit("link 2".into()), Action::KeepLink]);
        assert_eq!((&*kept.text, kept.keeps()), ("link 2", true));
        let restored = reduce(p, vec![Action::Replace(String::new()), Action::RestoreSaved]);
        assert_eq!((&*restored.text, restored.keeps()), ("mine", true));
    }

    #[test]
    fn a_second_permalink_still_restores_the_readers_own_paste() {
        let p = Paste::open(Some("link 1".into()), Some("mine".into()), false);
        let p = reduce(p, vec![Action::OpenLink("link 2".into(), Some("mine".into()))]);
        assert_eq!(&*p.text, "link 2");
        assert_eq!(&*reduce(p, vec![Action::RestoreSaved]).text, "mine");
    }

    #[test]
    fn a_permalink_equal_to_the_saved_paste_or_with_nothing_saved() {
        assert!(Paste::open(Some("same".into()), Some("same".into()), false).keeps());
        let p = Paste::open(Some("link".into()), None, false);
        assert_eq!(p.link, Some(Link { saved: None }));
        assert_eq!(&*reduce(p, vec![Action::RestoreSaved]).text, "");
    }

    #[test]
    fn an_embedded_page_never_shows_the_saved_paste() {
        assert_eq!(&*Paste::open(None, Some("mine".into()), true).text, "");
        let p = Paste::open(Some("link".into()), Some("mine".into()), true);
        assert_eq!((&*p.text, p.link), ("link", None));
    }

    #[test]
    fn one_message_line_cleared_by_any_new_text() {
        let p = Paste::open(None, None, false);
        let refused = reduce(p.clone(), vec![Action::RefuseDrop]);
        assert_eq!(refused.notice, Some(Notice::DropTooLarge));
        for action in [Action::Edit("a".into()), Action::Replace("b".into()), Action::Replace(String::new())] {
            assert_eq!(reduce(refused.clone(), vec![action]).notice, None);
        }
        assert_eq!(reduce(p, vec![Action::Refuse(9 << 20)]).notice, Some(Notice::TooLarge(9 << 20)));
    }

    #[test]
    fn a_new_paste_goes_back_to_the_edit_view_typing_does_not() {
        let lines = reduce(Paste::open(None, Some("x".into()), false), vec![Action::ShowLine(3)]);
        assert_eq!((lines.view, lines.focus), (View::Lines, Some(3)));
        assert_eq!(reduce(lines.clone(), vec![Action::Edit("y".into())]).view, View::Lines);
        assert_eq!(reduce(lines, vec![Action::Replace("y".into())]).view, View::Edit);
    }

    #[test]
    fn values_are_trimmed_and_an_empty_one_removed() {
        let p = reduce(Paste::open(None, None, false), vec![Action::SetValue("user".into(), " alice ".into())]);
        assert_eq!(p.overrides.get("user").map(String::as_str), Some("alice"));
        assert!(reduce(p, vec![Action::SetValue("user".into(), "  ".into())]).overrides.is_empty());
    }

    #[test]
    fn clipboard_pastes_by_size_and_place() {
        let max = engine::MAX_INPUT_BYTES;
        assert_eq!(clipboard_paste(max + 1, Some(("", 0, 0)), || unreachable!()), Pasted::Refuse(max + 1));
        assert_eq!(clipboard_paste(10, Some(("abc", 0, 0)), || unreachable!()), Pasted::Browser);
        // Large: spliced over the selection (UTF-16 units), on char boundaries.
        let big = "x".repeat(LARGE_BYTES + 1);
        assert_eq!(clipboard_paste(big.len(), Some(("한a", 1, 1)), || big.clone()), Pasted::Take(format!("한{big}a")));
        assert_eq!(clipboard_paste(big.len(), Some(("abc", 3, 0)), || big.clone()), Pasted::Take(big.clone()));
        // On the card: replaces; the whole may still be over the cap.
        assert_eq!(clipboard_paste(5, None, || "small".into()), Pasted::Take("small".into()));
        let half = "y".repeat(max / 2 + 1);
        assert_eq!(clipboard_paste(half.len(), Some((&half, 0, 0)), || half.clone()), Pasted::Refuse(half.len() * 2));
    }

    #[test]
    fn the_large_paste_card() {
        assert_eq!(large_card("a\nb"), None);
        let text = "line\n".repeat(LARGE_BYTES / 5 + 1);
        assert_eq!(large_card(&text), Some(("0.3".into(), LARGE_BYTES / 5 + 1)));
        assert_eq!(large_card(&format!("{text}tail")).map(|c| c.1), Some(LARGE_BYTES / 5 + 2));
    }

    #[test]
    fn utf16_offsets_to_bytes() {
        assert_eq!(utf16_to_byte("a한😀b", 0), 0);
        assert_eq!(utf16_to_byte("a한😀b", 2), 4);
        // In the middle of a surrogate pair: the next boundary.
        assert_eq!(utf16_to_byte("a한😀b", 3), 8);
        assert_eq!(utf16_to_byte("a한😀b", 99), 9);
    }
}
