mod copy;
mod diagnose;
mod facts;
mod finding;
mod guide;
mod header;
mod kb;
mod lines;
mod markdown;
mod paste_tools;
mod search;
mod subids;
mod values;

pub use diagnose::DiagnosePage;
pub use header::Header;
pub use guide::{GuideIndexPage, GuidePageView};
pub use kb::{KbEntryPage, KbIndexPage};
pub use search::SearchPage;
