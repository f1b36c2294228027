//! The `convene` program as a user runs it: help, imports that fail safely, dry runs, and
//! `serve` loading the bundled dataset into an empty database.

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
    let mut stream = TcpStream::connect(&listen).unwrap();
    write!(
        stream,
        "GET /schools/136730 HTTP/1.1\r\nHost: {listen}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    child.kill().ok();
    child.wait().ok();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{}",
        response.chars().take(200).collect::<String>()
    );
    assert!(response.contains("Shenley Brook End School"));
}
