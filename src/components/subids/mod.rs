//! /etc/subuid and /etc/subgid as a whole: the panel, its chart and the
//! mapping calculator, each in its own file (they change for different
//! reasons).

mod calculator;
mod chart;
mod panel;

pub use panel::SubIdPanel;
