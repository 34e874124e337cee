mod copy;
mod diagnose;
mod facts;
mod finding;
mod header;
mod kb;
mod lines;
mod markdown;
mod paste_tools;
mod subids;
mod values;

pub use diagnose::DiagnosePage;
pub use header::Header;
pub use kb::{KbEntryPage, KbIndexPage};
