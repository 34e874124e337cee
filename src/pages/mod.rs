//! One component per route (`hooks::Route`); the widgets they are made of
//! live in `components/`.

mod diagnose;
mod embed;
mod guide;
mod kb;
mod search;

pub use diagnose::DiagnosePage;
pub use embed::EmbedPage;
pub use guide::{GuideIndexPage, GuidePageView};
pub use kb::{KbEntryPage, KbIndexPage};
pub use search::SearchPage;
