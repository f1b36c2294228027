//! Two `convene serve` processes on one PostgreSQL database, as behind a load balancer: a
//! session started on one is valid on the other, and signing out on either ends it on both.
//! Also checks `convene admin create-user` bootstraps the first administrator.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::web_client::WebClient;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const PASSWORD: &str = "a long admin passphrase";

fn free_address() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

/// Starts `convene serve` and waits until it says it is running.
fn serve(database: &str, listen: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["serve", "--database", database, "--listen", listen])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start convene serve");
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut said = Vec::new();
    for line in lines {
        let line = line.unwrap();
        let running = line.contains("is running at");
        said.push(line);
        if running {
            return child;
        }
    }
    child.kill().ok();
    child.wait().ok();
    panic!("convene serve stopped: {}", said.join("\n"));
}

struct Running(Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        for child in &mut self.0 {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

#[tokio::test]
async fn a_session_started_on_one_server_is_valid_on_the_other() {
    let db = TestDatabase::postgres().await;
    let created = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args([
            "admin",
            "create-user",
            "--database",
            &db.url,
            "--email",
            "Admin@Example.org",
            "--name",
            "First Administrator",
            "--admin",
        ])
        .env("CONVENE_ADMIN_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stderr).contains("Platform administrator"));
    let again = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args([
            "admin",
            "create-user",
            "--database",
            &db.url,
            "--email",
            "admin@example.org",
            "--name",
            "X",
        ])
        .env("CONVENE_ADMIN_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "the address is taken");

    let (first, second) = (free_address(), free_address());
    let one = serve(&db.url, &first);
    let two = serve(&db.url, &second);
    let _running = Running(vec![one, two]);

    let on_first = WebClient::for_base(&format!("http://{first}"));
    on_first.get("/sign-in").await;
    let signed_in = on_first
        .post(
            "/sign-in",
            &[
                ("email", "admin@example.org"),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let session = on_first
        .cookie("convene_session")
        .expect("a session cookie");

    let on_second = WebClient::for_base(&format!("http://{second}"));
    on_second.set_cookie("convene_session", &session);
    let account = on_second.get("/account").await;
    assert_eq!(account.status, 200, "the other process knows the session");
    assert!(account.body.contains("First Administrator"));
    assert!(
        on_second.get("/admin").await.status == 200,
        "with its roles"
    );

    // The CSRF token belongs to the session, so forms work across processes too.
    let out = on_second.post("/sign-out", &[]).await;
    assert_eq!(out.status, 200, "{}", out.body);
    let after = on_first.get("/account").await;
    assert_eq!(after.status, 303, "signed out on one is signed out on both");
}
