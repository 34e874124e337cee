//! Rootless Doctor's engine: a paste in, a ranked diagnosis out.
//!
//! `text` normalises lines, `formats` splits the paste and reads facts, `kb`
//! loads the knowledge base, `diagnose` matches and ranks, `render` turns an
//! entry's Markdown into HTML with validated values filled in. The module
//! layering (no module imports one above it) is in ARCHITECTURE.md.
//!
//! No I/O, no web dependency, and no panics on any input: the web app and
//! the CLI are thin shells over [`Knowledge::diagnose`].

// The public API: what the web app and the CLI build on.
pub mod about;
pub mod extensions;
pub mod facts;
pub mod formats;
pub mod kb;
pub mod lang;
pub mod pack;
pub mod placeholder;
pub mod render;
pub mod redact;
pub mod regressions;
pub mod report;
pub mod search;
pub mod subids;
pub mod suggest;
pub mod text;
pub mod validate;
pub mod variants;
pub mod wire;

// Public only for the tests, the fuzz targets (fuzz/, its own workspace) and
// `cargo xtask tidy`; the shells do not use them, and they may change freely
// (`Condition` reaches the shells as `kb::Condition`).
#[doc(hidden)]
pub mod condition;
#[doc(hidden)]
pub mod tidy;

mod data;
mod diagnose;
#[cfg(feature = "builtin")]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use diagnose::{Diagnosis, Evidence, Finding};
pub use suggest::Suggestion;
pub use facts::Facts;
pub use extensions::{Bundle, Team};
pub use kb::{Entry, KbError, Knowledge, Severity};
pub use lang::Lang;

/// The largest paste the shells hand to the engine (the engine itself has no
/// limit; this keeps a browser tab and a terminal responsive).
pub const MAX_INPUT_BYTES: usize = 20 << 20;

/// The content shipped inside the binary: `(path under content/, text)`.
#[cfg(feature = "builtin")]
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// The built-in knowledge base, loaded once. Entries that fail to load are
/// left out (the tidy test keeps that list empty).
#[cfg(feature = "builtin")]
pub fn builtin() -> &'static Knowledge {
    static KB: std::sync::OnceLock<Knowledge> = std::sync::OnceLock::new();
    KB.get_or_init(|| Knowledge::load(builtin_files().iter().copied()).0)
}
