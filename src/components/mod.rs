//! The widgets the pages (`pages/`) are made of, one function component
//! per file.

pub mod cli;
pub mod copy;
pub mod facts;
pub mod finding;
pub mod header;
pub mod lines;
pub mod markdown;
pub mod paste_tools;
pub mod share;
pub mod subids;
pub mod suggestions;
pub mod team;
pub mod values;

pub use header::Header;
pub use team::ExtensionsReport;
