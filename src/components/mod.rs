mod diagnose;
mod facts;
mod finding;
mod header;
mod kb;
mod markdown;

pub use diagnose::DiagnosePage;
pub use header::Header;
pub use kb::{KbEntryPage, KbIndexPage};
