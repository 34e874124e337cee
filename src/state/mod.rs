//! The page's state as plain data: each state type with the actions that
//! change it (Yew's `Reducible`) and the pure decisions around it, so every
//! transition is written once and tested natively.

pub mod paste;
