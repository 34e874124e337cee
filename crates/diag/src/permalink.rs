//! A permalink's payload: the paste, deflated and base64url-encoded, for
//! the URL fragment (`#/?paste=...`), which browsers never send to a
//! server. The page reads it back (src/share.rs, `decode`).

use miniz_oxide::deflate::compress_to_vec;

/// The alphabet of base64url; the page decodes with the same.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(text: &str) -> String {
    let bytes = compress_to_vec(text.as_bytes(), 9);
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}
