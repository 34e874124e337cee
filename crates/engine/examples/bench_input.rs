//! Writes the benchmark inputs (the same bytes `cargo bench -p engine`
//! measures) into a directory, for `scripts/bench-grep.sh` and the browser
//! harness:
//!
//!     cargo run --release -p engine --example bench_input -- DIR
//!
//! DIR gets typical.txt, bundle.txt, journal-1mb.txt and paste-10mb.txt.

use std::path::PathBuf;

#[path = "../benches/inputs.rs"]
mod inputs;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: bench_input DIR"));
    std::fs::create_dir_all(&dir).expect("create DIR");
    let samples = inputs::Samples::load();
    let parts = inputs::journal_parts(&samples, engine::builtin());
    let files = [
        ("typical.txt", inputs::typical(&samples)),
        ("bundle.txt", inputs::bundle(&samples)),
        ("journal-1mb.txt", inputs::journal(&parts, 1 << 20)),
        ("paste-10mb.txt", inputs::big_paste(&samples, &parts, 10 << 20)),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, &text).expect("write input");
        println!("{}\t{}", text.len(), path.display());
    }
}
