//! `convene`: one program to run Convene, load and refresh its data, and measure it.
//! Each subcommand lives in its own module; this file only parses arguments and turns errors
//! into messages and exit codes, in one place.

mod admin_cmd;
mod bench;
mod cli_error;
mod dataset_cmd;
mod import_cmd;
mod progress;
mod serve_cmd;

use clap::{Parser, Subcommand};
use cli_error::CliError;
use std::path::PathBuf;
use std::process::ExitCode;

/// Convene: the system map of England's schools and academy trusts, for the people who lead them.
#[derive(Parser)]
#[command(name = "convene", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the database is. SQLite by default; PostgreSQL when given a postgres:// URL.
#[derive(clap::Args, Clone)]
struct DatabaseArgs {
    /// Database: a SQLite file path (created if missing) or a postgres:// URL.
    #[arg(long, env = "CONVENE_DATABASE_URL", default_value = "convene.sqlite")]
    database: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server. Applies migrations, and loads the bundled national dataset if the
    /// database is empty.
    Serve {
        #[command(flatten)]
        db: DatabaseArgs,
        /// Address and port to listen on.
        #[arg(long, env = "CONVENE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// The address people use to reach Convene (https://convene.example.org), for links
        /// in emails. HTTPS makes cookies Secure. Defaults to http://<listen address>.
        #[arg(long, env = "CONVENE_PUBLIC_URL")]
        public_url: Option<String>,
        /// SMTP server for email, e.g. smtp://user:pass@mail.example.org:587?tls=required.
        /// Without it, emails stay in the outbox for administrators to read.
        #[arg(long, env = "CONVENE_SMTP_URL")]
        smtp_url: Option<String>,
        /// The From address of emails.
        #[arg(
            long,
            env = "CONVENE_MAIL_FROM",
            default_value = "Convene <convene@localhost>"
        )]
        mail_from: String,
        /// Take client addresses from X-Forwarded-For (only behind a proxy that sets it).
        #[arg(long, env = "CONVENE_TRUST_FORWARDED_FOR")]
        trust_forwarded_for: bool,
    },
    /// Administer accounts from the command line.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Import a file downloaded from GIAS, Ofsted or DfE statistics. One transaction: a bad
    /// row stops the import and nothing changes, unless --skip-bad-rows is given.
    ///
    /// A GIAS establishments, groups or group links file closes the schools and groups (or
    /// ends the memberships) it does not list only when it is complete: when it holds at
    /// least 90% of the open ones stored and has rows for every local authority (or group
    /// type) that has them, or when you pass --complete. Filtered downloads close nothing.
    /// Closing more than 50 records, or more than 1% of those stored, asks first on a
    /// terminal; scripts pass --yes, and without a terminal or --yes it is refused.
    #[command(long_about)]
    Import {
        #[command(flatten)]
        db: DatabaseArgs,
        /// The kind of file: gias-establishments (edubasealldata*.csv), gias-groups
        /// (allgroupsdata*.csv), gias-group-links (alllinksdata*.csv or the academies/trust
        /// links), gias-establishment-links (links_edubasealldata*.csv), ofsted (state-funded
        /// schools inspections management information), census (school census school-level
        /// data), ks2 (KS2 performance tables, school level, e.g. ks2_2018-19.csv), ks4 (KS4
        /// performance tables, school level, e.g. ks4_2018-19.csv), ks5 (16-18 performance
        /// tables, school level, official layout, plain or gzip, e.g.
        /// 2023-2024_england_ks5final.csv), results-series (the compiled KS2, KS4 and
        /// admissions series by school and year, keyed by the July 2022 GIAS extract's
        /// school_key, e.g. progress_and_admissions_by_year_2014-2022.csv), sen (schools' SEN
        /// support and EHC plan percentages, e.g. primary_sen_eal_fsm_2024-04.csv),
        /// pupil-premium (pupil premium allocations, e.g. pupil_premium_2019-20.csv). For
        /// ks2, ks4, ks5 and pupil-premium the academic year is read from the file name
        /// (2018-19 is 2018/19); ks5 and pupil-premium require it.
        kind: String,
        /// The CSV file (UTF-8 with or without BOM, or Windows-1252).
        file: PathBuf,
        /// Import the good rows and list the bad ones, instead of changing nothing.
        #[arg(long)]
        skip_bad_rows: bool,
        /// Check the file and report what would change, without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// The date the data describes (YYYY-MM-DD), if the file name does not say.
        #[arg(long)]
        as_at: Option<String>,
        /// The file is the whole register: close (or end) what it does not list, even if it
        /// holds under 90% of what is stored or lacks a whole local authority or group type.
        #[arg(long, conflicts_with = "partial")]
        complete: bool,
        /// The file is a filtered extract: update what it lists and close nothing.
        #[arg(long)]
        partial: bool,
        /// Close (or end) without asking, however many: for scripts.
        #[arg(long)]
        yes: bool,
    },
    /// List past imports: file, kind, date of the data and what changed.
    Imports {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Work with the bundled national dataset.
    Dataset {
        #[command(subcommand)]
        command: DatasetCommand,
    },
    /// Measure load, import and HTTP performance, and print the figures.
    Bench(bench::BenchArgs),
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account, for example the first platform administrator of a new install.
    /// The password is read from CONVENE_ADMIN_PASSWORD or, if unset, standard input.
    CreateUser {
        #[command(flatten)]
        db: DatabaseArgs,
        /// Email address (counts as verified).
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// Make them a platform administrator.
        #[arg(long)]
        admin: bool,
        /// Make them a convener.
        #[arg(long)]
        convener: bool,
    },
    /// Print the newest emails in the outbox (for installs without SMTP).
    Outbox {
        #[command(flatten)]
        db: DatabaseArgs,
        /// How many emails.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum DatasetCommand {
    /// Rebuild the bundled dataset from the published files (see docs/data.md).
    Build {
        /// Folder holding the published files (the layout of shared/data).
        #[arg(long, default_value = "../shared/data")]
        from: PathBuf,
        /// Where to write the dataset.
        #[arg(long, default_value = "data/bundled/national.json.gz")]
        out: PathBuf,
    },
    /// Summarise the dataset bundled in this binary.
    Show,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return report(CliError::Io(format!("cannot start: {e}"))),
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve {
                db,
                listen,
                public_url,
                smtp_url,
                mail_from,
                trust_forwarded_for,
            } => {
                serve_cmd::serve(serve_cmd::ServeOptions {
                    database: db.database,
                    listen,
                    public_url,
                    smtp_url,
                    mail_from,
                    trust_forwarded_for,
                })
                .await
            }
            Command::Admin {
                command:
                    AdminCommand::CreateUser {
                        db,
                        email,
                        name,
                        admin,
                        convener,
                    },
            } => {
                let password = std::env::var("CONVENE_ADMIN_PASSWORD").ok();
                admin_cmd::create_user(
                    &db.database,
                    admin_cmd::NewUser {
                        email,
                        name,
                        admin,
                        convener,
                        password,
                    },
                )
                .await
            }
            Command::Admin {
                command: AdminCommand::Outbox { db, limit },
            } => admin_cmd::outbox(&db.database, limit).await,
            Command::Migrate { db } => serve_cmd::migrate(&db.database).await,
            Command::Import {
                db,
                kind,
                file,
                skip_bad_rows,
                dry_run,
                as_at,
                complete,
                partial,
                yes,
            } => {
                import_cmd::import(
                    &db.database,
                    &kind,
                    &file,
                    import_cmd::Flags {
                        skip_bad_rows,
                        dry_run,
                        as_at,
                        complete,
                        partial,
                        yes,
                    },
                )
                .await
            }
            Command::Imports { db } => import_cmd::list(&db.database).await,
            Command::Dataset {
                command: DatasetCommand::Build { from, out },
            } => dataset_cmd::build(&from, &out),
            Command::Dataset {
                command: DatasetCommand::Show,
            } => dataset_cmd::show(),
            Command::Bench(args) => bench::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(e),
    }
}

fn report(error: CliError) -> ExitCode {
    eprintln!("convene: {error}");
    ExitCode::from(error.exit_code())
}
