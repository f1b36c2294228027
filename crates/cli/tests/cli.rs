//! The `convene` program as a user runs it: help, imports that fail safely, dry runs,
//! filtered files that close nothing, closing that asks first, and `serve` loading the
//! bundled dataset into an empty database.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn convene(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(args)
        .env_remove("CONVENE_DATABASE_URL")
        .output()
        .expect("run convene")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const HEADER: &str = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),Postcode,NumberOfPupils";

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

#[test]
fn help_describes_every_subcommand() {
    let out = convene(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for command in [
        "serve", "import", "migrate", "imports", "dataset", "bench", "admin",
    ] {
        assert!(help.contains(command), "--help lacks {command}: {help}");
    }
    let import_help = text(&convene(&["import", "--help"]).stdout);
    assert!(import_help.contains("--skip-bad-rows") && import_help.contains("gias-establishments"));
    for kind in convene_domain::import::ImportKind::ALL {
        assert!(
            import_help.contains(kind.key()),
            "import --help does not list {kind:?}: {import_help}"
        );
    }
    for words in [
        "--complete",
        "--partial",
        "--yes",
        "90%",
        "every local authority",
    ] {
        assert!(
            import_help.contains(words),
            "import --help lacks {words}: {import_help}"
        );
    }
}

/// A register of the numbered schools, all open in Camden.
fn register(dir: &Path, name: &str, numbers: impl IntoIterator<Item = u32>) -> String {
    let mut body = format!("{HEADER}\n");
    for n in numbers {
        body.push_str(&format!(
            "{},202,Camden,{n},School {n},Community school,Open,Primary,NW3 2JB,200\n",
            100_000 + n
        ));
    }
    write(dir, name, &body)
}

fn import_runs(db: &str) -> usize {
    text(&convene(&["imports", "--database", db]).stdout)
        .lines()
        .count()
}

#[test]
fn a_filtered_file_closes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let all = register(dir.path(), "edubasealldata20250901.csv", 1..=20);
    let out = convene(&["import", "--database", &db, "gias-establishments", &all]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let few = register(dir.path(), "edubasealldata20251001.csv", 1..=3);
    for dry_run in [true, false] {
        let mut args = vec!["import", "--database", &db, "gias-establishments", &few];
        if dry_run {
            args.push("--dry-run");
        }
        let out = convene(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let report = text(&out.stdout);
        assert!(report.contains("0 closed or ended"), "{report}");
        assert!(
            report.contains("This file holds 3 of 20 open schools, so it is treated as partial: nothing is closed. Pass --complete if it really is the whole register."),
            "{report}"
        );
    }

    let dry = convene(&[
        "import",
        "--database",
        &db,
        "--dry-run",
        "--complete",
        "gias-establishments",
        &few,
    ]);
    let report = text(&dry.stdout);
    assert!(
        report.contains("17 closed or ended")
            && report.contains("the 17 open schools it does not list would be closed")
            && report.contains("asks for confirmation"),
        "{report}"
    );

    let usage = convene(&["import", "--database", &db, "--complete", "census", &few]);
    assert_eq!(usage.status.code(), Some(2), "{}", text(&usage.stderr));
    let both = convene(&[
        "import",
        "--database",
        &db,
        "--complete",
        "--partial",
        "gias-establishments",
        &few,
    ]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn closing_many_without_a_terminal_is_refused_unless_yes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let all = register(dir.path(), "edubasealldata20250901.csv", 1..=20);
    assert!(
        convene(&["import", "--database", &db, "gias-establishments", &all])
            .status
            .success()
    );
    let runs = import_runs(&db);

    // Complete by the rule (19 of 20), but closing 1 of 20 is more than 1% of those stored.
    let nearly = register(dir.path(), "edubasealldata20251001.csv", 1..=19);
    let out = convene(&["import", "--database", &db, "gias-establishments", &nearly]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    let message = text(&out.stderr);
    assert!(
        message.contains("nothing was changed")
            && message.contains("the 1 open school it does not list would be closed")
            && message.contains("--yes"),
        "{message}"
    );
    assert_eq!(import_runs(&db), runs, "a refused import is not recorded");
    let still = convene(&[
        "import",
        "--database",
        &db,
        "--dry-run",
        "gias-establishments",
        &all,
    ]);
    assert!(
        text(&still.stdout).contains("0 updated, 20 unchanged, 0 closed"),
        "nothing changed: {}",
        text(&still.stdout)
    );

    let out = convene(&[
        "import",
        "--database",
        &db,
        "--yes",
        "gias-establishments",
        &nearly,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 closed or ended")
            && text(&out.stdout).contains("the 1 open school it does not list is closed"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(import_runs(&db), runs + 1);
}

/// Runs convene on a pseudo-terminal (util-linux `script`), typing `answer` when asked.
fn convene_on_a_terminal(args: &[&str], answer: &str) -> Output {
    let command = std::iter::once(env!("CARGO_BIN_EXE_convene"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("CONVENE_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux script runs a command on a terminal");
    // The answer waits in the terminal's input until convene asks. Standard input stays
    // open until convene has finished, as a person's keyboard would.
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{answer}").unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    out
}

#[test]
fn on_a_terminal_closing_many_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let all = register(dir.path(), "edubasealldata20250901.csv", 1..=20);
    assert!(
        convene(&["import", "--database", &db, "gias-establishments", &all])
            .status
            .success()
    );
    let nearly = register(dir.path(), "edubasealldata20251001.csv", 1..=19);
    let args = ["import", "--database", &db, "gias-establishments", &nearly];

    let no = convene_on_a_terminal(&args, "no");
    let said = text(&no.stdout);
    assert!(
        said.contains("Go ahead?") && said.contains("not confirmed"),
        "{said}"
    );
    assert_eq!(import_runs(&db), 1, "a declined import is not recorded");

    let yes = convene_on_a_terminal(&args, "yes");
    let said = text(&yes.stdout);
    assert!(
        said.contains("Go ahead?") && said.contains("1 closed or ended"),
        "{said}"
    );
    assert_eq!(import_runs(&db), 2);
}

#[test]
fn a_bad_row_stops_the_import_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let good = write(dir.path(), "edubasealldata20250901.csv", &format!("{HEADER}\n100025,202,Camden,2775,Gospel Oak Primary School,Community school,Open,Primary,NW3 2JB,421\n"));
    let out = convene(&["import", "--database", &db, "gias-establishments", &good]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 new"), "{}", text(&out.stdout));

    let bad = write(
        dir.path(),
        "edubasealldata20250902.csv",
        &format!("{HEADER}\n100025,202,Camden,2775,Gospel Oak Primary (renamed),Community school,Open,Primary,NW3 2JB,421\n136730,826,Milton Keynes,4104,Shenley Brook End School,Academy converter,Open,Secondary,MK5 7ZT,lots\n"),
    );
    let out = convene(&["import", "--database", &db, "gias-establishments", &bad]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("edubasealldata20250902.csv:3: column \"NumberOfPupils\":"),
        "error should name file, line and column: {stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");

    let history = text(&convene(&["imports", "--database", &db]).stdout);
    assert_eq!(
        history.lines().count(),
        1,
        "a failed import must not be recorded: {history}"
    );

    let dry = convene(&[
        "import",
        "--database",
        &db,
        "--dry-run",
        "--skip-bad-rows",
        "gias-establishments",
        &bad,
    ]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert!(
        text(&dry.stdout).contains("Dry run"),
        "{}",
        text(&dry.stdout)
    );
    assert_eq!(
        text(&convene(&["imports", "--database", &db]).stdout)
            .lines()
            .count(),
        1
    );

    let skipped = convene(&[
        "import",
        "--database",
        &db,
        "--skip-bad-rows",
        "gias-establishments",
        &bad,
    ]);
    assert!(skipped.status.success(), "{}", text(&skipped.stderr));
    let report = text(&skipped.stdout);
    assert!(
        report.contains("1 skipped") && report.contains("skipped edubasealldata20250902.csv:3"),
        "{report}"
    );
}

#[test]
fn missing_columns_and_unknown_kinds_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let file = write(dir.path(), "groups.csv", "Group UID,Group Name\n1,A\n");
    let out = convene(&["import", "--database", &db, "gias-groups", &file]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("missing required column"),
        "{}",
        text(&out.stderr)
    );
    let out = convene(&["import", "--database", &db, "gias-everything", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("gias-establishments"));
}

#[test]
fn an_empty_or_binary_file_is_refused_in_words_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let header_only = write(
        dir.path(),
        "state_funded_schools_inspections_as_at_2026-08-31.csv",
        "URN,School name,Ofsted phase,Type of education,Local authority,Overall effectiveness,Inspection start date\r\n",
    );
    let out = convene(&["import", "--database", &db, "ofsted", &header_only]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("no data rows"),
        "{}",
        text(&out.stderr)
    );

    let workbook = dir.path().join("edubasealldata.csv");
    std::fs::write(
        &workbook,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x00\x01",
    )
    .unwrap();
    let workbook = workbook.display().to_string();
    let out = convene(&[
        "import",
        "--database",
        &db,
        "gias-establishments",
        &workbook,
    ]);
    assert_eq!(out.status.code(), Some(3));
    let message = text(&out.stderr);
    assert!(message.contains("Excel workbook (.xlsx)"), "{message}");
    assert!(
        !message.contains('\u{FFFD}') && !message.contains("PK"),
        "{message}"
    );

    let out = convene(&["imports", "--database", &db]);
    assert!(
        !text(&out.stdout).contains("inspections_as_at") && !text(&out.stdout).contains("edubase"),
        "a refused file is not recorded as an import: {}",
        text(&out.stdout)
    );
}

#[test]
fn serve_loads_the_bundled_dataset_into_an_empty_database_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite").display().to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["serve", "--database", &db, "--listen", &listen])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut said = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let running = line.contains("is running at");
        said.push(line);
        if running {
            break;
        }
    }
    let said = said.join("\n");
    assert!(
        said.contains("database is empty: loading the bundled national dataset"),
        "{said}"
    );
    assert!(
        said.contains("Loaded 21990 schools") || said.contains("Loaded 21,990 schools"),
        "{said}"
    );
    let get = |path: &str| {
        let mut stream = TcpStream::connect(&listen).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {listen}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).ok();
        response
    };
    let response = get("/schools/136730");
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{}",
        response.chars().take(200).collect::<String>()
    );
    assert!(response.contains("Shenley Brook End School"));

    // Each request is logged with its method, path, status and time.
    let logged = lines
        .by_ref()
        .map(Result::unwrap)
        .find(|line| line.contains("answered"))
        .expect("a log line for the request");
    for part in ["GET", "/schools/136730", "status=200", "ms="] {
        assert!(logged.contains(part), "{part} in {logged}");
    }

    // A log that can no longer be written (standard error closed) never stops the server.
    drop(lines);
    for _ in 0..3 {
        let response = get("/healthz");
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().ok();
    assert!(
        still_running,
        "convene serve stopped when its log was closed"
    );
}
