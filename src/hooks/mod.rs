mod use_content;
mod use_diagnosis;
mod use_embed;
pub(crate) mod use_lang;
mod use_route;

pub use use_content::use_content;
pub use use_diagnosis::{use_diagnosis, PASTE_KEY};
pub use use_embed::use_embed;
pub use use_lang::use_lang;
pub use use_route::{use_route, Route};
