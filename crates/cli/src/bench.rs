//! `convene bench`: the performance figures recorded in docs/benchmarks.md.
//!
//! Measures, on this machine: loading the bundled dataset into a fresh SQLite database (and
//! PostgreSQL when a server is given); importing the Ofsted file; building the search index
//! and searching it in-process; search latency (p50/p95) and throughput, trust-page
//! throughput, national CSV downloads, and how other pages fare while clients download
//! CSVs, all over HTTP on loopback against the national data.

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
    /// Run only the brokerage figures (after loading the bundled data into SQLite).
    #[arg(long)]
    brokerage_only: bool,
    /// Run only the partnership figures (after loading the bundled data into SQLite).
    #[arg(long)]
    partnerships_only: bool,
    /// Run only the peer-review group forming figures (after loading the bundled data).
    #[arg(long)]
    peer_review_only: bool,
    /// Run only the collaboration network figures (simulated; no data is loaded).
    #[arg(long)]
    network_only: bool,
    /// Run only the impact figures (after loading the bundled data).
    #[arg(long)]
    impact_only: bool,
    /// Run only the policy-voice figures (after loading the bundled data).
    #[arg(long)]
    policy_voice_only: bool,
}

/// The 16 kinds of search the benchmark times, in-process and over HTTP: common words, a
/// one-letter prefix, URNs, a Group ID, full and partial postcodes, and several words.
const QUERIES: [&str; 16] = [
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

    if args.network_only {
        bench_network();
        return Ok(());
    }

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

    if args.brokerage_only {
        return bench_brokerage(&store).await;
    }
    if args.partnerships_only {
        return bench_partnerships(&store, &args).await;
    }
    if args.peer_review_only {
        return bench_peer_review(&store).await;
    }
    if args.impact_only {
        return bench_impact(&store).await;
    }
    if args.policy_voice_only {
        return bench_representation(&store).await;
    }

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
    bench_brokerage(&store).await?;
    bench_peer_review(&store).await?;
    bench_network();
    bench_impact(&store).await?;
    bench_representation(&store).await?;
    bench_search_index(&store, &args).await?;
    bench_partnerships(&store, &args).await?;
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
    let families = compute_families(&input.schools, &input.context, &FamilyMethod::default());
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

/// Brokerage: building the evidence index after an import, ranking every school and trust
/// in England for one need (school, trust and "anywhere" needs, in areas with and without
/// public measures), putting a page of 20 candidates into words, and ranking 1,000 open
/// needs one after another, with 200 declared offers in the market.
async fn bench_brokerage(store: &Store) -> Result<(), CliError> {
    use convene_domain::analysis::SystemAnalysis;
    use convene_domain::brokerage::{
        rank, CompetitionPolicy, EvidenceIndex, HelpForm, ImprovementArea, Market, OfferCapacity,
        OfferId, RankingNeed, Reach, Weights,
    };
    use convene_domain::party::OrgRef;
    use convene_domain::Date;
    let input = store.system_input().await?;
    let analysis = SystemAnalysis::build(&input);
    let started = Instant::now();
    let outcomes = store.all_outcomes().await?;
    let read = started.elapsed();
    let started = Instant::now();
    let evidence = EvidenceIndex::build(&analysis, &outcomes);
    let built = started.elapsed();
    println!(
        "brokerage evidence index: read {} outcome series {}, built {} ({} schools, {} trusts)",
        outcomes.len(),
        seconds(read),
        seconds(built),
        evidence.schools().len(),
        evidence.trusts().len()
    );
    let date = |y, m, d| Date::new(y, m, d).ok_or_else(|| CliError::Io("bad date".into()));
    let (from, to) = (date(2027, 1, 4)?, date(2027, 7, 16)?);
    let trusts = evidence.trusts();
    let mut by_size: Vec<_> = trusts.iter().collect();
    by_size.sort_by_key(|t| std::cmp::Reverse(t.members.len()));
    let market = Market {
        offers: trusts
            .iter()
            .step_by((trusts.len() / 200).max(1))
            .take(200)
            .enumerate()
            .map(|(i, t)| OfferCapacity {
                offer: OfferId(i as i64 + 1),
                owner: OrgRef::Trust(t.uid),
                area: ImprovementArea::ALL[i % ImprovementArea::ALL.len()],
                form: HelpForm::ALL[i % HelpForm::ALL.len()],
                days_per_term: 10,
                spare_days: (i % 11) as u32,
                reach: if i % 2 == 0 {
                    Reach::Anywhere
                } else {
                    Reach::Within(50)
                },
                from,
                to,
            })
            .collect(),
        ..Market::default()
    };
    let need = |owner: OrgRef, area, reach| RankingNeed {
        owner,
        area,
        form: HelpForm::PeerReview,
        days: 8,
        reach,
        from,
        to,
        schools: Vec::new(),
    };
    let school = evidence
        .schools()
        .get(evidence.schools().len() / 2)
        .map(|s| s.urn);
    let largest = by_size.first().map(|t| t.uid);
    let (Some(school), Some(largest)) = (school, largest) else {
        println!("brokerage ranking: skipped (no schools or trusts)");
        return Ok(());
    };
    let cases = [
        (
            "a school's need, KS2 maths, within 30 km",
            need(
                OrgRef::School(school),
                ImprovementArea::Ks2Maths,
                Reach::Within(30),
            ),
        ),
        (
            "a school's need, governance (no public measure), anywhere",
            need(
                OrgRef::School(school),
                ImprovementArea::Governance,
                Reach::Anywhere,
            ),
        ),
        (
            "the largest trust's need (all its schools), KS4 outcomes, within 50 km",
            need(
                OrgRef::Trust(largest),
                ImprovementArea::Ks4Outcomes,
                Reach::Within(50),
            ),
        ),
    ];
    for (label, case) in &cases {
        let mut latencies = Vec::new();
        let mut candidates = 0;
        for _ in 0..30 {
            let started = Instant::now();
            let ranking = rank(
                case,
                Weights::default(),
                CompetitionPolicy::DownWeight,
                &evidence,
                &analysis,
                &market,
            );
            latencies.push(started.elapsed());
            candidates = ranking.len();
        }
        let ranking = rank(
            case,
            Weights::default(),
            CompetitionPolicy::DownWeight,
            &evidence,
            &analysis,
            &market,
        );
        let started = Instant::now();
        let page = ranking.page(0, 20, &evidence, &market);
        let words = started.elapsed();
        let (p50, p95, max) = percentiles(latencies);
        println!(
            "brokerage ranking of {candidates} candidates for {label} (30 runs): p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms; a page of {} in words {:.2} ms",
            page.len(),
            words.as_secs_f64() * 1000.0
        );
    }
    let schools = evidence.schools();
    let needs: Vec<RankingNeed> = (0..1000)
        .map(|i| {
            let owner = if i % 4 == 0 {
                OrgRef::Trust(trusts[(i * 7) % trusts.len()].uid)
            } else {
                OrgRef::School(schools[(i * 37) % schools.len()].urn)
            };
            let reach = if i % 3 == 0 {
                Reach::Anywhere
            } else {
                Reach::Within(40)
            };
            need(
                owner,
                ImprovementArea::ALL[i % ImprovementArea::ALL.len()],
                reach,
            )
        })
        .collect();
    let started = Instant::now();
    let mut candidates = 0;
    let mut by_trusts = Duration::ZERO;
    for n in &needs {
        let one = Instant::now();
        candidates += rank(
            n,
            Weights::default(),
            CompetitionPolicy::DownWeight,
            &evidence,
            &analysis,
            &market,
        )
        .len();
        if matches!(n.owner, OrgRef::Trust(_)) {
            by_trusts += one.elapsed();
        }
    }
    println!(
        "brokerage rankings for 1000 open needs (a quarter by trusts, all 22 areas): {} ({} of them the 250 trusts' needs; {} candidates scored in all)",
        seconds(started.elapsed()),
        seconds(by_trusts),
        candidates
    );
    Ok(())
}

/// Peer review: forming groups of 4 from 500 volunteers (400 schools and 100 trusts spread
/// over England, two focus areas each), first working out how every pair relates from the
/// evidence, then the greedy start and local search; with no travel limit, and again with
/// a 150 km limit.
async fn bench_peer_review(store: &Store) -> Result<(), CliError> {
    use convene_domain::analysis::SystemAnalysis;
    use convene_domain::brokerage::{EvidenceIndex, ImprovementArea};
    use convene_domain::party::OrgRef;
    use convene_domain::peer_review::relations::{
        relations_from_evidence, strengths_from_evidence,
    };
    use convene_domain::peer_review::{
        propose, GroupingWeights, RoundInput, RoundRules, Volunteer,
    };
    let input = store.system_input().await?;
    let analysis = SystemAnalysis::build(&input);
    let outcomes = store.all_outcomes().await?;
    let evidence = EvidenceIndex::build(&analysis, &outcomes);
    let (schools, trusts) = (evidence.schools(), evidence.trusts());
    if schools.len() < 400 || trusts.len() < 100 {
        println!("peer review groups: skipped (too few schools or trusts)");
        return Ok(());
    }
    let measured: Vec<ImprovementArea> = ImprovementArea::ALL
        .into_iter()
        .filter(|a| !a.indicators().is_empty())
        .collect();
    let orgs: Vec<OrgRef> = (0..400)
        .map(|i| OrgRef::School(schools[i * schools.len() / 400].urn))
        .chain((0..100).map(|i| OrgRef::Trust(trusts[i * trusts.len() / 100].uid)))
        .collect();
    let volunteers: Vec<Volunteer> = orgs
        .iter()
        .enumerate()
        .map(|(i, org)| Volunteer {
            org: *org,
            name: org.key(),
            focus: vec![
                measured[i % measured.len()],
                measured[(i * 7 + 3) % measured.len()],
            ],
            strengths: strengths_from_evidence(*org, &evidence),
        })
        .collect();
    let started = Instant::now();
    let relations = relations_from_evidence(&orgs, &evidence, &analysis, &[]);
    let related = started.elapsed();
    let round = RoundInput {
        volunteers,
        relations,
    };
    println!(
        "peer review: how 500 volunteers relate (124,750 pairs: distance, competition, similarity) {}",
        seconds(related)
    );
    for travel_km in [None, Some(150.0)] {
        let rules = RoundRules {
            group_size: 4,
            travel_km,
            weights: GroupingWeights::default(),
        };
        let started = Instant::now();
        let result = propose(&round, &rules, 1);
        let formed = started.elapsed();
        let limit = travel_km.map_or("no travel limit".to_string(), |km| {
            format!("travel limit {km:.0} km")
        });
        match result {
            Ok(proposal) => println!(
                "peer review groups of 4 from 500 volunteers, {limit}: {} ({} groups, objective {:.3} from a greedy start of {:.3}, {} passes of local search)",
                seconds(formed),
                proposal.assessment.groups.len(),
                proposal.assessment.objective,
                proposal.greedy_objective,
                proposal.passes
            ),
            Err(why) => println!(
                "peer review groups of 4 from 500 volunteers, {limit}: {} (no groups: {})",
                seconds(formed),
                why.describe()
            ),
        }
    }
    Ok(())
}

/// Impact compared like with like for 5,000 simulated collaborations, each helping a real
/// school from a start in September 2017, against a family of 40 similar schools: finding
/// every family, then every estimate (the school's first published result measure, its
/// change and each family member's over the same years, the interval).
/// Whose voices were heard in a call with 2,000 responses: every open school and trust in
/// England profiled from the bundled data, then the figures and gaps for 2,000
/// respondents spread across them.
async fn bench_representation(store: &Store) -> Result<(), CliError> {
    use convene_domain::analysis::SystemAnalysis;
    use convene_domain::policy_voice::representation::{population, representation};
    const RESPONSES: usize = 2_000;
    let input = store.system_input().await?;
    let analysis = SystemAnalysis::build(&input);
    let started = Instant::now();
    let people = population(&analysis, &[]);
    let profiled = started.elapsed();
    let step = (people.len() / RESPONSES).max(1);
    let respondents: std::collections::BTreeSet<_> = people
        .iter()
        .step_by(step)
        .take(RESPONSES)
        .map(|p| p.org)
        .collect();
    let started = Instant::now();
    let figures = representation(&people, &respondents);
    let worked_out = started.elapsed();
    println!(
        "representation: {} responses against {} schools and {} trusts: profiles {}, figures {} ({} gaps named), in all {}",
        respondents.len(),
        figures.schools.0,
        figures.trusts.0,
        seconds(profiled),
        seconds(worked_out),
        figures.gaps.len(),
        seconds(profiled + worked_out)
    );
    Ok(())
}

async fn bench_impact(store: &Store) -> Result<(), CliError> {
    use convene_domain::analysis::SystemAnalysis;
    use convene_domain::evidence::impact::{impact, Finding, ImpactInput};
    use convene_domain::outcome::{Measure, Outcome};
    use convene_domain::{Date, Urn};
    const SCHOOLS: usize = 5_000;
    const FAMILY: usize = 40;
    let input = store.system_input().await?;
    let analysis = SystemAnalysis::build(&input);
    let outcomes = store.all_outcomes().await?;
    let mut candidates: Vec<Urn> = outcomes
        .iter()
        .filter(|(_, o)| o.iter().any(|o| o.measure.is_result()))
        .map(|(urn, _)| *urn)
        .filter(|urn| analysis.family_index().compared_as(*urn).is_some())
        .collect();
    candidates.sort();
    if candidates.len() < SCHOOLS {
        println!(
            "impact: skipped (only {} schools with results)",
            candidates.len()
        );
        return Ok(());
    }
    let helped: Vec<Urn> = (0..SCHOOLS)
        .map(|i| candidates[i * candidates.len() / SCHOOLS])
        .collect();
    let start = Date::new(2017, 9, 1).expect("a date");
    let started = Instant::now();
    let families: Vec<Vec<Urn>> = helped
        .iter()
        .map(|urn| {
            analysis
                .family_of_size(*urn, FAMILY)
                .map(|f| f.neighbours.iter().map(|n| n.urn).collect())
                .unwrap_or_default()
        })
        .collect();
    let found = started.elapsed();
    let started = Instant::now();
    let of = |urn: &Urn| outcomes.get(urn).map_or(&[][..], Vec::as_slice);
    let (mut estimates, mut above, mut within) = (0, 0, 0);
    for (urn, family) in helped.iter().zip(&families) {
        let own = of(urn);
        let Some(measure) = Measure::ALL
            .into_iter()
            .filter(|m| m.is_result())
            .find(|m| own.iter().any(|o| o.measure == *m))
        else {
            continue;
        };
        let members: Vec<(Urn, &[Outcome])> = family.iter().map(|u| (*u, of(u))).collect();
        let result = impact(&ImpactInput {
            measure,
            start,
            school_name: "the school",
            start_label: "the collaboration",
            school: own,
            family: &members,
        });
        if let Some(e) = result.estimate {
            estimates += 1;
            match e.finding {
                Finding::AboveFamily => above += 1,
                Finding::WithinFamilyRange => within += 1,
                Finding::BelowFamily => {}
            }
        }
    }
    let computed = started.elapsed();
    println!(
        "impact for {SCHOOLS} schools with a collaboration (start 1 September 2017), each against a family of {FAMILY}: families {}, estimates {}, total {} ({estimates} estimates, {} refused for too little data; {within} within the family's range, {above} above it)",
        seconds(found),
        seconds(computed),
        seconds(found + computed),
        SCHOOLS - estimates,
    );
    Ok(())
}

/// Building the search index from the database, and searching it in-process: each search
/// is what `/search` asks for (a page of 20 schools and the top 5 trusts), repeated over the
/// 16 query kinds.
async fn bench_search_index(store: &Store, args: &BenchArgs) -> Result<(), CliError> {
    use convene_domain::search::{SchoolQuery, TrustQuery};
    let started = Instant::now();
    let searchable = store.searchable().await?;
    let read = started.elapsed();
    let started = Instant::now();
    let index = convene_search::SearchIndex::build(searchable);
    let built = started.elapsed();
    let (schools, trusts) = index.len();
    println!(
        "search index: read {}, built {} ({schools} schools, {trusts} groups)",
        seconds(read),
        seconds(built)
    );
    let repetitions = args.searches.max(1) * 10;
    let mut latencies = Vec::with_capacity(repetitions);
    let mut found = 0;
    for i in 0..repetitions {
        let text = QUERIES[i % QUERIES.len()].to_string();
        let started = Instant::now();
        let page = index.search_schools(&SchoolQuery {
            text: text.clone(),
            page: 1,
            per_page: 20,
            ..SchoolQuery::default()
        });
        let trusts = index.search_trusts(&TrustQuery {
            text,
            page: 1,
            per_page: 5,
            ..TrustQuery::default()
        });
        latencies.push(started.elapsed());
        found += page.items.len() + trusts.items.len();
    }
    let (p50, p95, max) = percentiles(latencies);
    println!(
        "search latency in-process ({repetitions} searches of schools and trusts, {} results shown): p50 {p50:.3} ms, p95 {p95:.3} ms, max {max:.3} ms",
        found
    );
    Ok(())
}

/// The median, 95th percentile and largest of some timings, in milliseconds.
fn percentiles(mut latencies: Vec<Duration>) -> (f64, f64, f64) {
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .map_or(0.0, ms)
    };
    (
        at(0.50),
        at(0.95),
        latencies.last().copied().map_or(0.0, ms),
    )
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

    for q in QUERIES {
        get(&client, &format!("{base}/search?q={}", q.replace(' ', "+"))).await?;
    }
    let mut latencies = Vec::with_capacity(args.searches);
    for i in 0..args.searches {
        let q = QUERIES[i % QUERIES.len()].replace(' ', "+");
        let url = if i % 2 == 0 {
            format!("{base}/search?q={q}")
        } else {
            format!("{base}/api/v1/schools?q={q}")
        };
        let started = Instant::now();
        get(&client, &url).await?;
        latencies.push(started.elapsed());
    }
    let requests = latencies.len();
    let (p50, p95, max) = percentiles(latencies);
    println!(
        "search latency over HTTP ({requests} requests, pages and API): p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms"
    );

    for connections in [8, 64] {
        let urls = vec![format!("{base}/search?q=academy")];
        let load = load(&client, urls, connections, args.seconds).await?;
        println!(
            "search throughput over HTTP (/search?q=academy, {connections} connections, {} s): {}",
            args.seconds,
            load.describe()
        );
    }

    for (label, server) in [
        ("cached", &base),
        ("rendered every time, page cache off", &uncached_base),
    ] {
        get(&client, &format!("{server}{}", trust_paths[0])).await?;
        let urls = trust_paths.iter().map(|p| format!("{server}{p}")).collect();
        let load = load(&client, urls, args.connections, args.seconds).await?;
        println!(
            "trust page with profile, charts and map over HTTP ({label}; {} connections, {} trusts, {} s): {:.0} requests/s",
            args.connections,
            trust_paths.len(),
            args.seconds,
            load.rate
        );
    }

    bench_downloads(&client, &base, &store_areas(&trust_paths), args).await
}

/// Addresses of other pages for the mixed load: trust pages and local authority pages.
fn store_areas(trust_paths: &[String]) -> Vec<String> {
    let mut paths: Vec<String> = trust_paths.iter().take(100).cloned().collect();
    paths.extend(
        [
            826, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 330, 331, 332, 333, 334,
        ]
        .iter()
        .map(|code| format!("/local-authorities/{code}")),
    );
    paths.extend(
        [
            "/",
            "/regions",
            "/local-authorities",
            "/data",
            "/about/families",
        ]
        .map(String::from),
    );
    paths
}

/// Other pages' latency while clients search; national CSV downloads, built and then kept;
/// and other pages' latency while 8 clients download CSVs (each a different filter, so
/// many are built rather than kept).
async fn bench_downloads(
    client: &reqwest::Client,
    base: &str,
    other_pages: &[String],
    args: &BenchArgs,
) -> Result<(), CliError> {
    for url in other_pages {
        get(client, &format!("{base}{url}")).await?;
    }
    let pages: Vec<String> = other_pages.iter().map(|p| format!("{base}{p}")).collect();
    let searches: Vec<String> = (0..500)
        .map(|n| format!("{base}/search?q=academy+{n}"))
        .collect();
    let (searching, pages_meanwhile) = tokio::join!(
        load(client, searches, 16, args.seconds * 2),
        load(client, pages.clone(), 64, args.seconds * 2)
    );
    println!(
        "other pages while 16 clients search (500 distinct searches) over HTTP (64 connections, {} s): {}; searches meanwhile: {}",
        args.seconds * 2,
        pages_meanwhile?.describe(),
        searching?.describe()
    );

    for path in ["/api/v1/schools.csv", "/search.csv", "/api/v1/trusts.csv"] {
        let started = Instant::now();
        let bytes = get_bytes(client, &format!("{base}{path}")).await?;
        let built = started.elapsed();
        let started = Instant::now();
        get_bytes(client, &format!("{base}{path}")).await?;
        let kept = started.elapsed();
        println!(
            "national CSV download {path} ({} KB): first {} (built), then {:.1} ms (kept until the next import)",
            bytes / 1024,
            seconds(built),
            kept.as_secs_f64() * 1000.0
        );
    }
    let downloads: Vec<String> = [
        "primary",
        "secondary",
        "special",
        "all_through",
        "nursery",
        "sixteen_plus",
    ]
    .iter()
    .flat_map(|phase| {
        [
            "north-east",
            "north-west",
            "yorkshire-and-the-humber",
            "east-midlands",
            "west-midlands",
            "east-of-england",
            "london",
            "south-east",
            "south-west",
        ]
        .iter()
        .map(move |region| format!("{base}/api/v1/schools.csv?phase={phase}&region={region}"))
    })
    .chain(
        [
            "academy", "school", "church", "primary", "college", "st", "high", "park",
        ]
        .iter()
        .map(|q| format!("{base}/search.csv?q={q}")),
    )
    .collect();
    let (csv, pages) = tokio::join!(
        load(client, downloads, 8, args.seconds * 2),
        load(client, pages, 64, args.seconds * 2)
    );
    let (csv, pages) = (csv?, pages?);
    println!(
        "other pages while 8 clients download CSVs ({} distinct filters) over HTTP (64 connections, {} s): {}; CSV downloads meanwhile: {}",
        54 + 8,
        args.seconds * 2,
        pages.describe(),
        csv.describe()
    );
    Ok(())
}

/// What a load run achieved.
struct Load {
    rate: f64,
    latencies: Vec<Duration>,
    failures: u64,
}

impl Load {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let at = ((self.latencies.len() as f64 * p) as usize).min(self.latencies.len() - 1);
        self.latencies[at].as_secs_f64() * 1000.0
    }

    fn describe(&self) -> String {
        format!(
            "{:.0} requests/s, p50 {:.1} ms, p95 {:.1} ms, {} failed",
            self.rate,
            self.percentile(0.5),
            self.percentile(0.95),
            self.failures
        )
    }
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

/// Requests `urls` in turn from `connections` workers for `seconds` (a request under way at
/// the end finishes); returns the rate and every latency.
async fn load(
    client: &reqwest::Client,
    urls: Vec<String>,
    connections: usize,
    seconds: u64,
) -> Result<Load, CliError> {
    let urls = Arc::new(urls);
    let failures = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for w in 0..connections {
        let (client, urls, failures) = (client.clone(), urls.clone(), failures.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = w;
            while Instant::now() < deadline {
                let started = Instant::now();
                match get_bytes(&client, &urls[i % urls.len()]).await {
                    Ok(_) => latencies.push(started.elapsed()),
                    Err(_) => {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
                i += 7;
            }
            latencies
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    for w in workers {
        latencies.extend(w.await.map_err(|e| CliError::Io(e.to_string()))?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    Ok(Load {
        rate: latencies.len() as f64 / elapsed,
        latencies,
        failures: failures.load(Ordering::Relaxed),
    })
}

async fn get(client: &reqwest::Client, url: &str) -> Result<(), CliError> {
    get_bytes(client, url).await.map(|_| ())
}

/// Fetches `url`, failing on anything but success; returns the body's length.
async fn get_bytes(client: &reqwest::Client, url: &str) -> Result<usize, CliError> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| CliError::Io(format!("{url}: {e}")))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| CliError::Io(e.to_string()))?;
    if !status.is_success() {
        return Err(CliError::Io(format!("{url}: HTTP {status}")));
    }
    Ok(body.len())
}

/// A partnership's public page over HTTP, rendered every time (page cache off): a
/// partnership of 30 member trusts with 20 agreed goals, 200 commitments and 30
/// stock-takes, each stock-take reviewing every open commitment and measuring every goal.
async fn bench_partnerships(store: &Store, args: &BenchArgs) -> Result<(), CliError> {
    use convene_domain::partnerships::{
        CommitmentDraft, GoalDraft, PartnershipDraft, PartnershipRole, Review, ReviewStatus,
        Rhythm, ServedArea, StocktakeDraft,
    };
    use convene_domain::party::OrgRef;
    use convene_domain::Date;
    let started = Instant::now();
    let trusts = store
        .search_trusts(&convene_domain::search::TrustQuery {
            per_page: 30,
            page: 1,
            ..Default::default()
        })
        .await?;
    let orgs: Vec<OrgRef> = trusts.items.iter().map(|t| OrgRef::Trust(t.uid)).collect();
    let Some(convener) = orgs.first().copied() else {
        println!("partnership page: skipped (no trusts loaded)");
        return Ok(());
    };
    let person = store
        .create_account(
            &convene_store::NewAccount {
                email: convene_domain::account::Email::parse("bench-partnerships@example.org")
                    .map_err(|e| CliError::Usage(format!("bench email: {e}")))?,
                password_hash: "not-a-password".into(),
                name: "Benchmark convener".into(),
                verified: true,
                platform_roles: Default::default(),
            },
            None,
            None,
        )
        .await?;
    let day = |d: i64| {
        Date::from_days_since_epoch(d).unwrap_or_else(|| Date::new(2026, 9, 1).expect("a date"))
    };
    let first = Date::new(2025, 9, 2).expect("a date").days_since_epoch();
    let id = store
        .create_partnership(
            person,
            &PartnershipDraft {
                convener,
                name: "Youth mental health in the city".into(),
                issue: "Waiting lists for children's mental health services have doubled in three years; schools see the effect every day.".into(),
                area: ServedArea {
                    local_authorities: vec![826, 825, 931],
                    schools: Vec::new(),
                },
                evidence: "Local authority needs assessment 2025; school surveys of 4,000 pupils.".into(),
                vision: "Every young person in the city can get help with their mental health within four weeks.".into(),
                narrative: "No one organisation can do this; together we can.".into(),
                rhythm: Rhythm::Weeks(2),
                first_stocktake: day(first + 14),
                calendar: Vec::new(),
                published: true,
            },
        )
        .await?;
    for org in orgs.iter().skip(1) {
        store
            .invite_to_partnership(id, *org, PartnershipRole::Partner, person, "http://bench")
            .await?;
        store.answer_invitation(id, *org, person, true).await?;
    }
    let mut goals = Vec::new();
    for g in 0..20i64 {
        let goal = store
            .create_goal(
                id,
                person,
                &GoalDraft {
                    title: format!("Goal {}: fewer pupils waiting over four weeks", g + 1),
                    measure: "Pupils referred who waited more than four weeks".into(),
                    unit: "%".into(),
                    baseline: 60.0,
                    baseline_on: day(first),
                    target: 20.0,
                    deadline: day(first + 730),
                    owner: orgs[(g as usize) % orgs.len()],
                },
            )
            .await?;
        store.agree_goal(goal, person).await?;
        goals.push(goal);
    }
    let mut commitments = Vec::new();
    for c in 0..200i64 {
        commitments.push(
            store
                .create_commitment(
                    id,
                    person,
                    &CommitmentDraft {
                        goal: goals[(c as usize) % goals.len()],
                        owner: orgs[(c as usize) % orgs.len()],
                        action: format!(
                            "Commitment {}: train two staff as mental health first aiders",
                            c + 1
                        ),
                        due: day(first + 60 + c * 3),
                        days: (c % 7 + 1) as u32,
                    },
                )
                .await?,
        );
    }
    for s in 0..30i64 {
        let statuses = [
            ReviewStatus::OnTrack,
            ReviewStatus::AtRisk,
            ReviewStatus::OffTrack,
            ReviewStatus::OnTrack,
        ];
        store
            .record_stocktake(
                id,
                person,
                &StocktakeDraft {
                    held_on: day(first + 14 * (s + 1)),
                    reviews: commitments
                        .iter()
                        .enumerate()
                        .map(|(i, c)| Review {
                            commitment: *c,
                            status: statuses[(i + s as usize) % statuses.len()],
                            note: "Members-only note".into(),
                        })
                        .collect(),
                    measurements: goals.iter().map(|g| (*g, 60.0 - s as f64 * 1.2)).collect(),
                    decisions: "Decisions".into(),
                    next_steps: "Next steps".into(),
                    summary: format!("Stock-take {}: steady progress.", s + 1),
                },
            )
            .await?;
    }
    println!(
        "partnership fixture (30 partners, 20 goals, 200 commitments, 30 stock-takes) written in {}",
        seconds(started.elapsed())
    );
    let base = start_server(store.clone(), false).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .map_err(|e| CliError::Io(e.to_string()))?;
    let page = format!("{base}/partnerships/{}", id.0);
    let bytes = get_bytes(&client, &page).await?;
    for (label, url) in [
        ("public page", page.clone()),
        ("JSON", format!("{base}/api/v1/partnerships/{}", id.0)),
    ] {
        let load = load(&client, vec![url], args.connections, args.seconds).await?;
        println!(
            "partnership {label} over HTTP (rendered every time, page cache off; {} connections, {} s{}): {}",
            args.connections,
            args.seconds,
            if label == "public page" { format!(", {} KB", bytes / 1024) } else { String::new() },
            load.describe()
        );
    }
    Ok(())
}

/// The collaboration network at national scale: 25,000 organisations and 50,000 ties, most
/// between neighbours in a ring (as collaborations are mostly local) and one in ten
/// between any two, built into a network and measured (connections, reach, betweenness,
/// clusters). The ties are simulated from a fixed seed, so every run measures the same
/// network.
fn bench_network() {
    use convene_domain::evidence::network::{measure, Network, Tie, TieFilter, TieKind};
    use convene_domain::ids::Urn;
    use convene_domain::party::OrgRef;
    const ORGS: u64 = 25_000;
    const TIES: usize = 50_000;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let org = |i: u64| OrgRef::School(Urn(100_000 + i64::try_from(i % ORGS).unwrap_or(0)));
    let Some(from) = convene_domain::Date::new(2025, 9, 1) else {
        return;
    };
    let kinds = TieKind::ALL;
    let ties: Vec<Tie> = (0..TIES)
        .map(|i| {
            let a = next() % ORGS;
            let b = if next() % 10 == 0 {
                next() % ORGS
            } else {
                a + 1 + next() % 40
            };
            Tie {
                a: org(a),
                b: org(b),
                kind: kinds[i % kinds.len()],
                from,
                to: None,
            }
        })
        .collect();
    let started = Instant::now();
    let network = Network::build(&ties, &TieFilter::default(), |_| true);
    let built = started.elapsed();
    let measures = measure(&network);
    let total = started.elapsed();
    println!(
        "network of {} organisations and {} ties ({} linked pairs): built {}, measured in all {} ({} clusters, modularity {:.3}, {} pieces)",
        network.orgs.len(),
        TIES,
        network.links.len(),
        seconds(built),
        seconds(total),
        measures.clusters.len(),
        measures.modularity,
        measures.components
    );
    bench_graph_layout(&network);
}

/// The network page's graph: the force-directed layout of the 200 best connected
/// organisations (the most the page draws) and the ties among them.
fn bench_graph_layout(network: &convene_domain::evidence::network::Network) {
    use convene_domain::evidence::network::layout::{layout, ROUNDS};
    const DRAWN: usize = 200;
    let mut degree = vec![0_u32; network.orgs.len()];
    for l in &network.links {
        degree[l.a] += 1;
        degree[l.b] += 1;
    }
    let mut best: Vec<usize> = (0..network.orgs.len()).collect();
    best.sort_by(|&a, &b| degree[b].cmp(&degree[a]).then(a.cmp(&b)));
    best.truncate(DRAWN);
    best.sort_unstable();
    let place = |i: usize| best.binary_search(&i).ok();
    let edges: Vec<(usize, usize, f64)> = network
        .links
        .iter()
        .filter_map(|l| Some((place(l.a)?, place(l.b)?, f64::from(l.ties))))
        .collect();
    let started = Instant::now();
    let at = layout(best.len(), &edges, ROUNDS);
    println!(
        "network graph: layout of {} organisations and {} lines in {} ({ROUNDS} rounds)",
        at.len(),
        edges.len(),
        seconds(started.elapsed())
    );
}
