//! Where a 1 MB input spends its diagnosis: the stages of
//! `Knowledge::diagnose` timed one by one on the benchmark inputs (the 1 MB
//! journal and the hostile 1 MB inputs of `benches/inputs.rs`):
//!
//!     cargo run --release -p engine --example stage_times [-- NAME...]
//!
//! Stages: `text::lines`, `formats::split_and_parse`, `formats::read_clues`,
//! then the whole diagnosis; the remainder is the line patterns, the fact
//! conditions and the findings' text. Each is the best of eleven runs after a
//! first one (which builds the lazy DFAs). Two knobs for profiling:
//! `RD_LOOP=N` only diagnoses each chosen input N times (for `perf record`),
//! `RD_DUMP=DIR` only writes each chosen input to `DIR/NAME.txt`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use engine::{Knowledge, Lang};

#[path = "../benches/inputs.rs"]
mod inputs;

fn best(mut f: impl FnMut()) -> Duration {
    f();
    (0..11)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("eleven runs")
}

fn main() {
    let want: Vec<String> = std::env::args().skip(1).collect();
    let samples = inputs::Samples::load();
    let fresh = || Knowledge::load(engine::builtin_files().iter().copied()).0;
    let kb = fresh();
    let parts = inputs::journal_parts(&samples, &kb);
    let mut all = vec![("journal", inputs::journal(&parts, 1 << 20))];
    all.extend(inputs::hostile(&samples, &kb, 1 << 20));
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
    println!("{:<18} {:>9} {:>9} {:>9} {:>9} {:>9}", "input", "lines", "split", "clues", "diagnose", "rest");
    for (name, text) in &all {
        if !want.is_empty() && !want.iter().any(|w| name.contains(w.as_str())) {
            continue;
        }
        if let Some(dir) = std::env::var_os("RD_DUMP") {
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.txt")), text).expect("write the input");
            continue;
        }
        let kb = fresh();
        if let Some(n) = std::env::var("RD_LOOP").ok().and_then(|n| n.parse::<usize>().ok()) {
            for _ in 0..n {
                black_box(kb.diagnose(black_box(text), Lang::En));
            }
            continue;
        }
        let t_lines = best(|| {
            black_box(engine::text::lines(black_box(text)));
        });
        let lines = engine::text::lines(text);
        let t_split = best(|| {
            black_box(engine::formats::split_and_parse(&lines, &mut engine::Facts::default(), &mut Vec::new()));
        });
        let t_clues = best(|| {
            let mut facts = engine::Facts::default();
            engine::formats::read_clues(&lines, &mut facts);
            black_box(facts);
        });
        let t_all = best(|| {
            black_box(kb.diagnose(black_box(text), Lang::En));
        });
        let rest = t_all.saturating_sub(t_lines + t_split + t_clues);
        println!("{name:<18} {:>9} {:>9} {:>9} {:>9} {:>9}", ms(t_lines), ms(t_split), ms(t_clues), ms(t_all), ms(rest));
    }
}
