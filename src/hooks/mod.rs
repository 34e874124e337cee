mod use_lang;
mod use_route;

pub use use_lang::use_lang;
pub use use_route::{use_route, Route};
