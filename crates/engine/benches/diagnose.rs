//! `cargo bench -p engine`: latency and throughput of the whole diagnosis
//! (`Knowledge::diagnose`, English) on inputs generated from the repository's
//! real samples (see `inputs.rs`).
//!
//! - `diagnose/*`: a typical `docker info`, a mixed bundle, a 1 MB journal, a
//!   10 MB paste. Each input gets its own freshly loaded knowledge base, so
//!   its number is the steady state for that input alone (the pattern set's
//!   lazy DFA keeps its cache between calls, as it does in the page).
//! - `first_paste/typical`: the typical paste on a knowledge base that has
//!   diagnosed nothing yet (the first paste in a new page: the lazy DFA
//!   builds its states).
//! - `after_bundle/typical`: the typical paste on a knowledge base that has
//!   already diagnosed the bundle once (the page after one larger paste).
//! - `scaling_input/*`: the same journal at 10 KB, 100 KB, 1 MB, 10 MB
//!   (cost should be linear in the input).
//! - `scaling_kb/*`: the built-in knowledge base against one with every entry
//!   copied (twice the entries and patterns), on the bundle and the 1 MB
//!   journal (cost should grow less than the number of entries).
//! - `load/*`: `Knowledge::load` of the built-in and the doubled content.
//! - `hostile/*`: 1 MB inputs an attacker would pick (`inputs::hostile`:
//!   `{` lines, joined sample lines, fragments of the patterns, real sample
//!   lines in random order, distinct prompts); the budget is 0.5 s each, the
//!   mixed sample lines at about the 1 MB journal's speed (docs/security.md).
//! - `redact/*`: `redact::redact` with every kind on the same inputs and
//!   the 1 MB journal.
//!
//! Sample counts and times are kept small so the whole run takes a few
//! minutes on two cores. Before sampling, every input is timed once (large
//! ones on their first 128 KiB): when one diagnosis would take more than
//! `SAMPLE_BUDGET`, criterion does not sample it; it gets one timed run, or
//! only the estimate when even one run would exceed `SINGLE_BUDGET`, printed
//! on a line that starts with the benchmark's name.
//! `RD_BENCH_SAMPLE_ALL=1` samples everything regardless.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use engine::{Knowledge, Lang};

#[path = "inputs.rs"]
mod inputs;

/// Longest a single diagnosis may take for criterion to sample it (at least
/// 11 runs).
const SAMPLE_BUDGET: Duration = Duration::from_millis(2500);
/// Longest single run worth doing in full; beyond it, extrapolate.
const SINGLE_BUDGET: Duration = Duration::from_secs(20);
/// Prefix used to estimate the cost of a large input.
const PROBE_BYTES: usize = 128 << 10;

/// Few, flat samples for slow runs; more for fast ones.
fn group_settings(g: &mut BenchmarkGroup<'_, WallTime>, bytes: usize, one_run: Duration) {
    g.throughput(Throughput::Bytes(bytes as u64));
    g.warm_up_time(Duration::from_millis(500));
    if one_run > Duration::from_millis(20) {
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        g.measurement_time((one_run * 11).max(Duration::from_secs(2)));
    } else {
        g.sample_size(30);
        g.measurement_time(Duration::from_secs(2));
    }
}

fn fresh() -> Knowledge {
    Knowledge::load(engine::builtin_files().iter().copied()).0
}

fn time_once(kb: &Knowledge, input: &str) -> Duration {
    let t = Instant::now();
    black_box(kb.diagnose(black_box(input), Lang::En));
    t.elapsed()
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / (1 << 20) as f64
}

/// Benchmarks `kb.diagnose(input)` as `group/func[/param]`: with criterion
/// when one run fits `SAMPLE_BUDGET`, else one timed run or an estimate.
fn bench_diagnose(c: &mut Criterion, group: &str, (func, param): (&str, &str), kb: &Knowledge, input: &str) {
    let (name, id) = if param.is_empty() {
        (format!("{group}/{func}"), BenchmarkId::from_parameter(func))
    } else {
        (format!("{group}/{func}/{param}"), BenchmarkId::new(func, param))
    };
    if !filter_matches(&name) {
        return;
    }
    // Two runs on (a prefix of) the input: the first warms the lazy DFA, as
    // criterion's warm-up would; the second is the estimate.
    let cut = if input.len() > PROBE_BYTES {
        input[..PROBE_BYTES].rfind('\n').map_or(PROBE_BYTES, |i| i + 1)
    } else {
        input.len()
    };
    time_once(kb, &input[..cut]);
    let probe = time_once(kb, &input[..cut]);
    let estimate = probe.mul_f64(input.len() as f64 / cut as f64);
    if estimate > SAMPLE_BUDGET && std::env::var_os("RD_BENCH_SAMPLE_ALL").is_none() {
        if estimate <= SINGLE_BUDGET {
            let once = time_once(kb, input);
            println!(
                "{name:<40} single run: {:.3} s ({:.3} MiB/s); not sampled: one run is over {} s",
                once.as_secs_f64(),
                mbps(input.len(), once),
                SAMPLE_BUDGET.as_secs_f64()
            );
        } else {
            println!(
                "{name:<40} estimated: {:.1} s ({:.3} MiB/s) from one run on its first {} KiB; not run: over {} s",
                estimate.as_secs_f64(),
                mbps(input.len(), estimate),
                cut >> 10,
                SINGLE_BUDGET.as_secs_f64()
            );
        }
        return;
    }
    let mut g = c.benchmark_group(group);
    group_settings(&mut g, input.len(), estimate);
    g.bench_with_input(id, input, |b, input| b.iter(|| kb.diagnose(black_box(input), Lang::En)));
    g.finish();
}

/// Whether a benchmark name passes the filter given on the command line
/// (`cargo bench -p engine -- FILTER`), so a filtered run skips the others'
/// probes and single runs too. Criterion reads the filter as a regex; here
/// `a|b` means either name part (`diagnose/journal_1mb|hostile/mixed`).
fn filter_matches(name: &str) -> bool {
    // Positional arguments only: skip flags and the values of criterion's
    // flags that take one.
    const WITH_VALUE: &[&str] = &[
        "--save-baseline", "-s", "--baseline", "-b", "--baseline-lenient", "--load-baseline", "--color", "-c",
        "--sample-size", "--warm-up-time", "--measurement-time", "--nresamples", "--noise-threshold",
        "--confidence-level", "--significance-level", "--profile-time", "--output-format", "--format",
    ];
    let mut args = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if WITH_VALUE.contains(&a.as_str()) {
            it.next();
        } else if !a.starts_with('-') {
            args.push(a);
        }
    }
    args.is_empty() || args.iter().flat_map(|f| f.split('|')).any(|f| name.contains(f))
}

fn benches(c: &mut Criterion) {
    let samples = inputs::Samples::load();
    let parts = inputs::journal_parts(&samples, &fresh());
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
        engine::builtin().entries.len()
    );

    for (name, input) in [("typical", &typical), ("bundle", &bundle), ("journal_1mb", &journal_1mb), ("paste_10mb", &paste_10mb)] {
        bench_diagnose(c, "diagnose", (name, ""), &fresh(), input);
    }

    if filter_matches("first_paste/typical") {
        let mut g = c.benchmark_group("first_paste");
        g.throughput(Throughput::Bytes(typical.len() as u64));
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(2));
        g.bench_function("typical", |b| {
            b.iter_batched(fresh, |kb| kb.diagnose(black_box(&typical), Lang::En), BatchSize::PerIteration)
        });
        g.finish();
    }
    if filter_matches("after_bundle/typical") {
        let kb = fresh();
        kb.diagnose(&bundle, Lang::En);
        bench_diagnose(c, "after_bundle", ("typical", ""), &kb, &typical);
    }

    for (label, bytes) in [("10KB", 10 << 10), ("100KB", 100 << 10), ("1MB", 1 << 20), ("10MB", 10 << 20)] {
        let input = inputs::journal(&parts, bytes);
        bench_diagnose(c, "scaling_input", ("journal", label), &fresh(), &input);
    }

    let files = inputs::doubled_files();
    let (doubled, errors) = Knowledge::load(files.iter().copied());
    // The copies load exactly as the originals do (the same errors, if any,
    // elsewhere in the content), and there are twice as many entries.
    let copy_errors: Vec<_> = errors.iter().filter(|e| e.file.contains("-copy")).collect();
    assert!(copy_errors.is_empty(), "the copied entries load cleanly: {copy_errors:?}");
    let single = fresh();
    assert_eq!(doubled.entries.len(), 2 * single.entries.len());
    eprintln!("doubled knowledge base: {} entries", doubled.entries.len());
    for (name, input) in [("bundle", &bundle), ("journal_1mb", &journal_1mb)] {
        bench_diagnose(c, "scaling_kb", (name, "1x"), &fresh(), input);
        let doubled = Knowledge::load(files.iter().copied()).0;
        bench_diagnose(c, "scaling_kb", (name, "2x"), &doubled, input);
    }

    let kb = fresh();
    let hostile = inputs::hostile(&samples, &kb, 1 << 20);
    for (name, input) in &hostile {
        bench_diagnose(c, "hostile", (name, "1MB"), &fresh(), input);
    }
    for (name, input) in hostile.iter().map(|(n, t)| (*n, t)).chain([("journal", &journal_1mb)]) {
        if !filter_matches(&format!("redact/{name}")) {
            continue;
        }
        let facts = kb.diagnose(input, Lang::En).facts;
        let mut g = c.benchmark_group("redact");
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(2));
        g.bench_function(name, |b| b.iter(|| engine::redact::redact(black_box(input), &facts, &engine::redact::Kind::ALL)));
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
