//! Permalinks: the paste, deflated and base64url-encoded, in the URL
//! fragment (`#/?paste=...`), which browsers never send to a server. The
//! diagnosis module writes the payload (`rootless_doctor_diag::permalink`);
//! the page reads it.

use miniz_oxide::inflate::decompress_to_vec_with_limit;
use rootless_doctor_diag::permalink::ALPHABET;

/// `None` for anything that is not a valid, bounded permalink payload.
pub fn decode(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len() * 3 / 4);
    let digits: Option<Vec<u32>> = s.bytes().map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)).collect();
    for chunk in digits?.chunks(4) {
        if chunk.len() < 2 {
            return None;
        }
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | d << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            bytes.push((n >> (16 - 8 * i)) as u8);
        }
    }
    let raw = decompress_to_vec_with_limit(&bytes, engine::MAX_INPUT_BYTES).ok()?;
    String::from_utf8(raw).ok()
}

/// A parameter of the fragment's query: `#/kb/x?embed=1&lang=ko`.
pub fn hash_param(name: &str) -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    let query = hash.split_once('?')?.1;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| v.to_string())
    })
}

/// In an iframe, embedded (`embed=1`).
pub fn embedded() -> bool {
    hash_param("embed").is_some_and(|v| v == "1")
}

/// Takes the permalink's parameters out of the address (without a new
/// history entry), once the reader kept its paste or restored their own: a
/// reload then shows what the reader chose.
pub fn forget_link() {
    let window = gloo::utils::window();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#/"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rootless_doctor_diag::permalink::encode;

    #[test]
    fn round_trip() {
        for text in ["", "a", "ab", "abc", "cannot expose privileged port 80\n한국어 日本語\n", &"x".repeat(10_000)] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("not base64!"), None);
        assert_eq!(decode("A"), None);
    }
}
