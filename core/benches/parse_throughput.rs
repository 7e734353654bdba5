//! Parse throughput on a generated workspace of more than 10 MB: envs,
//! templates with inputs, outputs, triggers and SQL, overrides, types and
//! comments. Prints MB/s for the full parser (pre-scan, pest, tree, docs)
//! and for the pest grammar alone on the same (comment-blanked) text.
//!
//! Run with `cargo bench -p taskc-core --bench parse_throughput`.
//! `PARSE_BENCH_MB` and `PARSE_BENCH_RUNS` change the size (default 10 MB,
//! at least 1) and the number of timed runs (default 5), e.g. for a quick
//! run under a profiler.

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use taskc_core::source::FileId;
use taskc_core::syntax::{blank_comments, parse, recognize_without_tree};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

fn workspace_text(target_bytes: usize) -> String {
    let mut text = String::with_capacity(target_bytes + 4096);
    let mut i = 0usize;
    while text.len() < target_bytes {
        // `write!` into a String cannot fail.
        let _ = write!(
            text,
            r#"// ---- team {i} ----
/* Shared runtime for team {i}; /* nested */ comment. */
env base-{i} {{
  image       = "ghcr.io/acme/etl-{i}:1.4"
  description = "Shared ETL runtime for team {i}"
  resources {{ cpu = [2, 4], memory = "8Gi", gpu = {{ device = "A100", count = 1 }} }}
  env_vars  {{ LOG_LEVEL = "info", TEAM = "t{i}", "smarter-devices/fuse" = "1" }}
  secrets   = ["openai-key", {{ group = "prod", key = "db-password" }}]
  cache     = auto
  reusable  {{ replicas = [1, 3], idle_ttl = 60s, concurrency = 2, scope = run }}
}}

env gpu-{i} extends base-{i} {{
  env_vars += {{ CUDA_VISIBLE_DEVICES = "all" }}   // merge: keeps LOG_LEVEL
  interruptible = true
}}

type Region{i} = enum {{ us, eu, ap }}

type Config{i} = record {{
  epochs: int = 10
  lr: float = 0.001
  tags: list[str] = ["a", "b"]
}}

/// Train the ranking model for team {i}.
///
/// Reads the features table and writes a model file.
template train_{i} in gpu-{i} {{
  module = "pipelines.train_{i}"
  inputs {{
    /// Feature table.
    features: dataframe[{{id: int, score: float}}, "parquet"]
    config: Config{i} = {{ epochs = 5 }}
    region: Region{i} = eu
    when: datetime
    limit: int? = none
  }}
  outputs {{ model: file, metrics: dict[str, float] }}
  retries = {{ count = 5, backoff {{ base = 10s, factor = 2.0, cap = 5m }} }}
  timeout = 1h30m
  cache {{ behavior = override, version = "v{i}", ignored_inputs = ["when"] }}
  links = [{{ name = "Dashboard", uri = "https://dash.example.com/{{project}}/{{domain}}/{{run_name}}" }}]
  trigger nightly {{
    cron = "0 2 * * *", timezone = "Europe/Berlin"
    inputs {{ when = trigger_time, region = us }}
  }}
}}

template daily_users_{i} in base-{i} {{
  sql bigquery {{ project_id = "acme-data", location = "US", credentials_secret = "gcp-creds" }}
  inputs  {{ day: str }}
  outputs {{ results: dataframe }}
  query = """
    SELECT user_id, COUNT(*) AS events
    FROM `acme-data.analytics.events_{i}`
    WHERE day = @day
    GROUP BY user_id
  """
}}

override train_small_{i} of train_{i} {{
  resources {{ cpu = 2, memory = "8Gi" }}
  retries = 1
  short_name = "train-small-{i}"
}}

"#
        );
        i += 1;
    }
    text
}

/// The best of several runs, in MB/s (MB = 10^6 bytes).
fn best_throughput(bytes: usize, runs: usize, mut run: impl FnMut()) -> f64 {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        run();
        best = best.min(start.elapsed());
    }
    bytes as f64 / 1e6 / best.as_secs_f64()
}

fn main() {
    let text = workspace_text(env_number("PARSE_BENCH_MB", 10) * 1024 * 1024 + 1);
    let blanked = blank_comments(&text);
    let runs = env_number("PARSE_BENCH_RUNS", 5);

    let parsed = parse(FileId(0), &text);
    assert!(
        parsed.diagnostics.is_empty(),
        "the generated workspace must be valid"
    );
    assert!(recognize_without_tree(&blanked));
    let declarations = parsed.file.items.len();
    drop(parsed);

    let full = best_throughput(text.len(), runs, || {
        black_box(parse(FileId(0), black_box(&text)));
    });
    let pest_only = best_throughput(text.len(), runs, || {
        black_box(recognize_without_tree(black_box(&blanked)));
    });

    println!(
        "parse_throughput: {:.1} MB in {declarations} declarations, best of {runs} runs, one thread",
        text.len() as f64 / 1e6
    );
    println!("  full parser (scan + pest + tree + docs): {full:7.1} MB/s");
    println!("  pest grammar alone (no tree):            {pest_only:7.1} MB/s");
    println!(
        "  full / pest-alone throughput ratio:      {:7.2}",
        full / pest_only
    );
}
