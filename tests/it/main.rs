//! The integration tests: one binary (see ARCHITECTURE.md). Native only;
//! the wasm tests live in tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod cli;
mod commands;
mod corpus;
mod extensions;
mod hostile;
mod samples;
mod tidy;
mod versions;
