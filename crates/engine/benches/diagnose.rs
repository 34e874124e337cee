//! `cargo bench -p engine`: latency and throughput of the whole diagnosis
//! (`Knowledge::diagnose`, English) on inputs generated from the repository's
//! real samples (see `inputs.rs`).
//!
//! - `diagnose/*`: a typical `docker info`, a mixed bundle, a 1 MB journal, a
//!   10 MB paste.
//! - `scaling_input/*`: the same journal at 10 KB, 100 KB, 1 MB, 10 MB
//!   (cost should be linear in the input).
//! - `scaling_kb/*`: the built-in knowledge base against one with every entry
//!   copied (twice the entries and patterns), on the bundle and the 1 MB
//!   journal (cost should grow less than the number of entries).
//!
//! Sample counts and times are kept small so the whole run takes a few
//! minutes on two cores.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use engine::{Knowledge, Lang};

#[path = "inputs.rs"]
mod inputs;

fn group_settings(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, bytes: usize) {
    g.throughput(Throughput::Bytes(bytes as u64));
    if bytes >= 1 << 20 {
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(if bytes >= 8 << 20 { 8 } else { 3 }));
    } else {
        g.sample_size(30);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(2));
    }
}

fn benches(c: &mut Criterion) {
    let samples = inputs::Samples::load();
    let kb = engine::builtin();
    let parts = inputs::journal_parts(&samples, kb);
    let typical = inputs::typical(&samples);
    let bundle = inputs::bundle(&samples);
    let journal_1mb = inputs::journal(&parts, 1 << 20);
    let paste_10mb = inputs::big_paste(&samples, &parts, 10 << 20);
    eprintln!(
        "inputs: typical {} B, bundle {} B, journal {} B, paste {} B; {} background and {} error journal lines; {} entries",
        typical.len(),
        bundle.len(),
        journal_1mb.len(),
        paste_10mb.len(),
        parts.background.len(),
        parts.errors.len(),
        kb.entries.len()
    );

    for (name, input) in [("typical", &typical), ("bundle", &bundle), ("journal_1mb", &journal_1mb), ("paste_10mb", &paste_10mb)] {
        let mut g = c.benchmark_group("diagnose");
        group_settings(&mut g, input.len());
        g.bench_function(name, |b| b.iter(|| kb.diagnose(black_box(input), Lang::En)));
        g.finish();
    }

    for (label, bytes) in [("10KB", 10 << 10), ("100KB", 100 << 10), ("1MB", 1 << 20), ("10MB", 10 << 20)] {
        let input = inputs::journal(&parts, bytes);
        let mut g = c.benchmark_group("scaling_input");
        group_settings(&mut g, input.len());
        g.bench_with_input(BenchmarkId::new("journal", label), &input, |b, input| {
            b.iter(|| kb.diagnose(black_box(input), Lang::En))
        });
        g.finish();
    }

    let files = inputs::doubled_files();
    let (doubled, errors) = Knowledge::load(files.iter().copied());
    assert!(errors.is_empty(), "the doubled knowledge base loads cleanly: {errors:?}");
    assert_eq!(doubled.entries.len(), 2 * kb.entries.len());
    eprintln!("doubled knowledge base: {} entries", doubled.entries.len());
    for (name, input) in [("bundle", &bundle), ("journal_1mb", &journal_1mb)] {
        let mut g = c.benchmark_group("scaling_kb");
        group_settings(&mut g, input.len());
        for (label, k) in [("1x", kb), ("2x", &doubled)] {
            g.bench_with_input(BenchmarkId::new(name, label), input, |b, input| {
                b.iter(|| k.diagnose(black_box(input), Lang::En))
            });
        }
        g.finish();
    }

    // Loading (parsing every entry, compiling the pattern set): what the page
    // pays once at start-up.
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    g.bench_function("builtin", |b| b.iter(|| Knowledge::load(black_box(engine::builtin_files()).iter().copied())));
    g.bench_function("doubled", |b| b.iter(|| Knowledge::load(black_box(&files).iter().copied())));
    g.finish();
}

criterion_group!(diagnose, benches);
criterion_main!(diagnose);
