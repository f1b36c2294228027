//! `convene serve` and `convene migrate`.

use crate::cli_error::CliError;
use crate::progress;
use convene_store::Store;
use std::io::IsTerminal;
use std::time::Instant;
use tracing_subscriber::filter::LevelFilter;

/// Opens the database and applies migrations, saying what was applied.
pub async fn open_migrated(database: &str) -> Result<Store, CliError> {
    let store = Store::open(database).await?;
    let report = store.migrate().await?;
    if !report.applied.is_empty() {
        eprintln!(
            "Applied database migrations {:?}; schema is at version {}.",
            report.applied, report.version
        );
    }
    Ok(store)
}

/// Loads the bundled dataset if the database has no schools, and says so.
pub async fn load_bundled_if_empty(store: &Store) -> Result<(), CliError> {
    if !store.is_empty().await? {
        return Ok(());
    }
    eprintln!("The database is empty: loading the bundled national dataset...");
    let started = Instant::now();
    let dataset = convene_dataset::bundled()?;
    let bar = progress::bar("Loading dataset");
    let report = store
        .load_dataset(&dataset, &progress::callback(&bar))
        .await?;
    bar.finish_and_clear();
    eprintln!(
        "Loaded {} schools, {} trusts and other groups, {} trust memberships and {} local authorities in {:.1} s.",
        report.schools,
        report.groups,
        report.group_links,
        report.local_authorities,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// How `convene serve` was asked to run.
pub struct ServeOptions {
    /// Database location.
    pub database: String,
    /// Address and port to listen on.
    pub listen: String,
    /// The address people use, for links in emails; defaults to the listening address.
    pub public_url: Option<String>,
    /// SMTP server URL; without it emails stay in the outbox.
    pub smtp_url: Option<String>,
    /// From address for emails.
    pub mail_from: String,
    /// Take client addresses from X-Forwarded-For.
    pub trust_forwarded_for: bool,
}

/// Sends logs to standard error through `tracing`, at the level `CONVENE_LOG` names
/// (`error`, `warn`, `info`, `debug`, `trace` or `off`; `info` by default, which logs one
/// line per request with its method, path, status and time). A panic is logged once, the
/// same way, inside the span of the request it happened in.
fn start_logging() {
    let level = std::env::var("CONVENE_LOG")
        .ok()
        .and_then(|level| level.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    let installed = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        // A log that cannot be written (standard error closed, say) must never stop the
        // server: by default the subscriber reports such failures with `eprintln!`, which
        // panics when standard error is gone.
        .log_internal_errors(false)
        .try_init();
    if installed.is_ok() {
        std::panic::set_hook(Box::new(|info| {
            tracing::error!(panic = %info, "panicked; the request was answered with a 500");
        }));
    }
}

/// Runs the web server until Ctrl-C or SIGTERM.
pub async fn serve(options: ServeOptions) -> Result<(), CliError> {
    start_logging();
    let mailer = match &options.smtp_url {
        Some(url) => Some(
            convene_mailer::Mailer::new(&convene_mailer::SmtpSettings {
                url: url.clone(),
                from: options.mail_from.clone(),
            })
            .map_err(CliError::Usage)?,
        ),
        None => None,
    };
    let store = open_migrated(&options.database).await?;
    load_bundled_if_empty(&store).await?;
    let listen = &options.listen;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {listen}: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| CliError::Io(e.to_string()))?;
    let public_url = options
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let mut config = convene_web::WebConfig::new(&public_url);
    config.trust_forwarded_for = options.trust_forwarded_for;
    match mailer {
        Some(mailer) => {
            mailer.spawn(store.clone());
            eprintln!("Emails are sent by SMTP.");
        }
        None => eprintln!(
            "No SMTP server is configured (--smtp-url): emails stay in the outbox, which \
             administrators read at {public_url}/admin/outbox or with `convene admin outbox`."
        ),
    }
    spawn_reminders(store.clone(), public_url.clone());
    eprintln!("Convene is running at http://{address}/ (press Ctrl-C to stop)");
    convene_web::serve(store, config, listener)
        .await
        .map_err(|e| CliError::Io(e.to_string()))
}

/// How often each process tries the partnership reminder job.
const REMINDER_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// How long the process that takes the reminder job holds it: longer than a run takes,
/// so another process takes over within a few minutes if this one stops.
const REMINDER_LEASE_SECONDS: i64 = 180;

/// Runs the reminder jobs (partnerships' stock-takes and overdue commitments, peer
/// reviews' progress reviews) every minute. Every `convene serve` process does this; each
/// job's lease in the database lets one of them work at a time, and each reminder is
/// recorded once under its key, so each is sent exactly once.
fn spawn_reminders(store: Store, public_url: String) {
    let holder = format!(
        "{}-{}-{}",
        std::env::var("HOSTNAME").unwrap_or_else(|_| "convene".into()),
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(REMINDER_EVERY);
        loop {
            tick.tick().await;
            match store
                .run_due_partnership_reminders(&holder, REMINDER_LEASE_SECONDS, &public_url)
                .await
            {
                Ok(run) if run.sent > 0 => {
                    tracing::info!(sent = run.sent, "partnership reminders queued")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the partnership reminder job failed"),
            }
            match store
                .run_due_review_reminders(&holder, REMINDER_LEASE_SECONDS, &public_url)
                .await
            {
                Ok(run) if run.sent > 0 => {
                    tracing::info!(sent = run.sent, "peer review reminders queued")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the peer review reminder job failed"),
            }
        }
    });
}

/// Applies migrations and exits.
pub async fn migrate(database: &str) -> Result<(), CliError> {
    let store = Store::open(database).await?;
    let report = store.migrate().await?;
    if report.applied.is_empty() {
        eprintln!(
            "The database schema is up to date (version {}).",
            report.version
        );
    } else {
        eprintln!(
            "Applied migrations {:?}; schema is at version {}.",
            report.applied, report.version
        );
    }
    Ok(())
}
