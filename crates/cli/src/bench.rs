//! `convene bench`: the performance figures recorded in docs/benchmarks.md.
//!
//! Measures, on this machine: loading the bundled dataset into a fresh SQLite database (and
//! PostgreSQL when a server is given); importing the Ofsted file; search latency (p50/p95)
//! and trust-page throughput over HTTP on loopback against the national data.

use crate::cli_error::CliError;
use convene_domain::import::{ImportKind, ImportSource};
use convene_store::{ImportOptions, Store};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options of `convene bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// PostgreSQL server URL for the PostgreSQL figures (a fresh database is created and dropped).
    #[arg(long, env = "CONVENE_BENCH_POSTGRES_URL")]
    postgres: Option<String>,
    /// The Ofsted management information file to time the import of.
    #[arg(
        long,
        default_value = "../shared/data/ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv"
    )]
    ofsted: PathBuf,
    /// Number of search requests to time.
    #[arg(long, default_value_t = 1000)]
    searches: usize,
    /// Seconds to run the trust-page load for.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Concurrent connections for the trust-page load.
    #[arg(long, default_value_t = 8)]
    connections: usize,
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Runs every benchmark and prints one line per figure.
pub async fn run(args: BenchArgs) -> Result<(), CliError> {
    let dir = tempfile::tempdir().map_err(|e| CliError::Io(e.to_string()))?;
    println!(
        "convene bench ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let started = Instant::now();
    let dataset = convene_dataset::bundled()?;
    println!("bundled dataset decode: {}", seconds(started.elapsed()));

    let sqlite_path = dir.path().join("bench.sqlite");
    let store = Store::open(&sqlite_path.display().to_string()).await?;
    store.migrate().await?;
    let started = Instant::now();
    let report = store.load_dataset(&dataset, &|_, _| {}).await?;
    println!(
        "bundled load into fresh SQLite: {} ({} schools, {} groups)",
        seconds(started.elapsed()),
        report.schools,
        report.groups
    );

    if let Some(server) = &args.postgres {
        let name = format!("convene_bench_{}", std::process::id());
        let url = convene_store::create_postgres_database(server, &name).await?;
        let pg = Store::open(&url).await?;
        pg.migrate().await?;
        let started = Instant::now();
        pg.load_dataset(&dataset, &|_, _| {}).await?;
        println!(
            "bundled load into fresh PostgreSQL: {}",
            seconds(started.elapsed())
        );
        pg.close().await;
        convene_store::drop_postgres_database(server, &name).await?;
    } else {
        println!("bundled load into fresh PostgreSQL: skipped (give --postgres URL)");
    }

    match std::fs::read(&args.ofsted) {
        Ok(bytes) => bench_ofsted_import(&bytes, &args.ofsted, dir.path(), &store).await?,
        Err(e) => println!("Ofsted import: skipped ({}: {e})", args.ofsted.display()),
    }

    bench_analysis(&store).await?;
    bench_http(store, &args).await
}

/// Reading the whole map, building the analysis, and computing every school's family.
async fn bench_analysis(store: &Store) -> Result<(), CliError> {
    use convene_domain::analysis::SystemAnalysis;
    use convene_domain::similarity::{compute_families, FamilyMethod};
    let started = Instant::now();
    let input = store.system_input().await?;
    let read = started.elapsed();
    let started = Instant::now();
    let analysis = SystemAnalysis::build(&input);
    let built = started.elapsed();
    let started = Instant::now();
    let families = compute_families(&input.schools, &FamilyMethod::default());
    let all_families = started.elapsed();
    let neighbours: usize = families.families.values().map(|f| f.neighbours.len()).sum();
    println!(
        "analysis: read the map {}, profiles + national picture + similar trusts + family index {} ({} trusts profiled)",
        seconds(read),
        seconds(built),
        analysis.national().trusts
    );
    println!(
        "all families for the national data: {} ({} schools, {} neighbours with reasons)",
        seconds(all_families),
        families.families.len(),
        neighbours
    );
    Ok(())
}

async fn bench_ofsted_import(
    bytes: &[u8],
    path: &std::path::Path,
    dir: &std::path::Path,
    bundled_store: &Store,
) -> Result<(), CliError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let started = Instant::now();
    let (batch, errors, rows) = convene_sources::parse(ImportKind::Ofsted, &name, bytes)
        .map_err(|e| CliError::BadInput(e.to_string()))?;
    let parse = started.elapsed();
    let source = ImportSource {
        kind: ImportKind::Ofsted,
        file_name: name.clone(),
        data_date: convene_domain::Date::find_in_file_name(&name),
    };
    let fresh = Store::open(&dir.join("ofsted.sqlite").display().to_string()).await?;
    fresh.migrate().await?;
    let started = Instant::now();
    let counts = fresh
        .apply_import(&batch, &source, &ImportOptions::default(), &|_, _| {})
        .await?;
    let apply_fresh = started.elapsed();
    let started = Instant::now();
    let again = bundled_store
        .apply_import(&batch, &source, &ImportOptions::default(), &|_, _| {})
        .await?;
    let apply_again = started.elapsed();
    println!(
        "Ofsted import ({rows} rows, {} bad): parse {}, into empty SQLite {} ({} new), re-import over bundled data {} ({} unchanged, {} updated)",
        errors.len(),
        seconds(parse),
        seconds(apply_fresh),
        counts.inserted,
        seconds(apply_again),
        again.unchanged,
        again.updated
    );
    fresh.close().await;
    Ok(())
}

async fn bench_http(store: Store, args: &BenchArgs) -> Result<(), CliError> {
    let trusts = store
        .search_trusts(&convene_domain::search::TrustQuery {
            per_page: 200,
            page: 1,
            ..Default::default()
        })
        .await?;
    let trust_paths: Arc<Vec<String>> = Arc::new(
        trusts
            .items
            .iter()
            .map(|t| format!("/trusts/{}", t.uid))
            .collect(),
    );
    let uncached_base = start_server(store.clone(), false).await?;
    let base = start_server(store, true).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .map_err(|e| CliError::Io(e.to_string()))?;

    let queries = [
        "academy",
        "st mary",
        "harris",
        "oasis",
        "primary",
        "100000",
        "136730",
        "TR01904",
        "MK5 7BS",
        "NW3",
        "manchester",
        "church of england",
        "leeds",
        "catholic",
        "free school",
        "x",
    ];
    for q in queries {
        get(&client, &format!("{base}/search?q={}", q.replace(' ', "+"))).await?;
    }
    let mut latencies = Vec::with_capacity(args.searches);
    for i in 0..args.searches {
        let q = queries[i % queries.len()].replace(' ', "+");
        let url = if i % 2 == 0 {
            format!("{base}/search?q={q}")
        } else {
            format!("{base}/api/v1/schools?q={q}")
        };
        let started = Instant::now();
        get(&client, &url).await?;
        latencies.push(started.elapsed());
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "search latency over HTTP ({} requests, pages and API): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        latencies.len(),
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.95).as_secs_f64() * 1000.0,
        latencies[latencies.len() - 1].as_secs_f64() * 1000.0
    );

    for (label, server) in [
        ("cached", &base),
        ("rendered every time, page cache off", &uncached_base),
    ] {
        get(&client, &format!("{server}{}", trust_paths[0])).await?;
        let rate = trust_page_load(&client, server, &trust_paths, args).await?;
        println!(
            "trust page with profile, charts and map over HTTP ({label}; {} connections, {} trusts, {} s): {rate:.0} requests/s",
            args.connections,
            trust_paths.len(),
            args.seconds
        );
    }
    Ok(())
}

/// Starts a server over `store` on a free port and returns its base URL.
async fn start_server(store: Store, cache_pages: bool) -> Result<String, CliError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| CliError::Io(e.to_string()))?;
    let base = format!(
        "http://{}",
        listener
            .local_addr()
            .map_err(|e| CliError::Io(e.to_string()))?
    );
    let mut config = convene_web::WebConfig::new(&base);
    config.cache_pages = cache_pages;
    tokio::spawn(convene_web::serve(store, config, listener));
    Ok(base)
}

/// Requests trust pages from `connections` workers for `seconds`; returns requests/s.
async fn trust_page_load(
    client: &reqwest::Client,
    base: &str,
    trust_paths: &Arc<Vec<String>>,
    args: &BenchArgs,
) -> Result<f64, CliError> {
    let base = base.to_string();
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut workers = Vec::new();
    for w in 0..args.connections {
        let (client, base, paths, done) = (
            client.clone(),
            base.clone(),
            trust_paths.clone(),
            done.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut i = w;
            while Instant::now() < deadline {
                let url = format!("{base}{}", paths[i % paths.len()]);
                if get(&client, &url).await.is_ok() {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                i += 7;
            }
        }));
    }
    let started = Instant::now();
    for w in workers {
        w.await.map_err(|e| CliError::Io(e.to_string()))?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(done.load(Ordering::Relaxed) as f64 / elapsed)
}

async fn get(client: &reqwest::Client, url: &str) -> Result<(), CliError> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| CliError::Io(format!("{url}: {e}")))?;
    let status = response.status();
    response
        .bytes()
        .await
        .map_err(|e| CliError::Io(e.to_string()))?;
    if !status.is_success() {
        return Err(CliError::Io(format!("{url}: HTTP {status}")));
    }
    Ok(())
}
