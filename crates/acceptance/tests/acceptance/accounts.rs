//! Accounts over HTTP on both backends: sign-up with email verification and password reset
//! through the outbox, sessions, CSRF, session fixation, rate limiting, API tokens, and a
//! person's own data (export and deletion).

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{
    create_person, link_from_outbox, new_api_token, serve_two_trusts, sign_in, sign_up_and_verify,
    PASSWORD, TRUST_A,
};
use convene_acceptance::web_client::WebClient;
use convene_domain::access::PlatformRole;

#[tokio::test]
async fn sign_up_verify_sign_in_reset_password_and_sign_out() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        let jo = WebClient::new(&server);

        // A bad form changes nothing and says what is wrong.
        jo.get("/sign-up").await;
        let bad = jo
            .post(
                "/sign-up",
                &[("name", ""), ("email", "jo@"), ("password", "short")],
            )
            .await;
        assert_eq!(bad.status, 400, "{backend}");
        assert!(bad.body.contains("Enter your full name"), "{backend}");
        assert!(
            bad.body
                .contains("Enter an email address in the correct format"),
            "{backend}"
        );
        assert!(
            store.people().await.unwrap().is_empty(),
            "{backend}: nothing stored"
        );

        // Before confirming, the person can sign in but cannot act for anyone.
        jo.post(
            "/sign-up",
            &[
                ("name", "Jo Bloggs"),
                ("email", "Jo@Example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
        let signed_in = sign_in(&jo, "jo@example.org", PASSWORD).await;
        assert_eq!(signed_in.status, 303, "{backend}: {}", signed_in.body);
        let account = jo.get("/account").await;
        assert!(
            account.body.contains("Confirm your email address"),
            "{backend}"
        );
        jo.get(&format!("/organisations/{}", TRUST_A.key())).await;
        let claim = jo
            .post(&format!("/organisations/{}/claim", TRUST_A.key()), &[])
            .await;
        assert_eq!(
            claim.status, 403,
            "{backend}: unverified people cannot claim"
        );

        // The emailed link confirms the address, once.
        let link = link_from_outbox(&store, "jo@example.org", "/verify-email?token=").await;
        let token = link.split("token=").nth(1).unwrap().to_string();
        jo.get(&link).await;
        let confirmed = jo.post("/verify-email", &[("token", &token)]).await;
        assert!(
            confirmed.body.contains("Email address confirmed"),
            "{backend}"
        );
        let again = jo.post("/verify-email", &[("token", &token)]).await;
        assert_eq!(again.status, 400, "{backend}: a link works once");
        assert!(
            jo.get("/account").await.body.contains("(confirmed)"),
            "{backend}"
        );

        // The profile shows the public only what Jo ticks.
        jo.get("/account/profile").await;
        let saved = jo
            .post(
                "/account/profile",
                &[
                    ("name", "Jo Bloggs"),
                    ("job_title", "Director of school improvement"),
                    ("bio", "Private bio text"),
                    ("public", "name"),
                    ("public", "job_title"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{backend}: {}", saved.body);
        let id = store.people().await.unwrap()[0].id;
        let public = WebClient::new(&server).get(&format!("/people/{id}")).await;
        assert!(
            public.body.contains("Director of school improvement"),
            "{backend}"
        );
        assert!(
            !public.body.contains("Private bio text"),
            "{backend}: the bio is not public"
        );
        assert!(
            jo.get(&format!("/people/{id}"))
                .await
                .body
                .contains("Private bio text"),
            "{backend}: members see it"
        );

        // Password reset: the same answer for unknown addresses, a one-time link, and
        // every session ended.
        let stranger = WebClient::new(&server);
        stranger.get("/forgot-password").await;
        let unknown = stranger
            .post("/forgot-password", &[("email", "nobody@example.org")])
            .await;
        let known = stranger
            .post("/forgot-password", &[("email", "jo@example.org")])
            .await;
        assert_eq!(unknown.status, 200, "{backend}");
        assert_eq!(
            unknown.body.replace("nobody@example.org", "X"),
            known.body.replace("jo@example.org", "X"),
            "{backend}: the answer does not reveal who has an account"
        );
        assert!(store
            .outbox(Some("nobody@example.org"), 5)
            .await
            .unwrap()
            .is_empty());
        let reset = link_from_outbox(&store, "jo@example.org", "/reset-password?token=").await;
        let reset_token = reset.split("token=").nth(1).unwrap().to_string();
        assert_eq!(stranger.get(&reset).await.status, 200, "{backend}");
        let weak = stranger
            .post(
                "/reset-password",
                &[("token", &reset_token), ("password", "short")],
            )
            .await;
        assert_eq!(weak.status, 400, "{backend}");
        let done = stranger
            .post(
                "/reset-password",
                &[
                    ("token", &reset_token),
                    ("password", "a brand new passphrase"),
                ],
            )
            .await;
        assert!(
            done.body.contains("Your password has been reset"),
            "{backend}: {}",
            done.body
        );
        assert_eq!(
            jo.get("/account").await.status,
            303,
            "{backend}: the old session ended with the reset"
        );
        assert_eq!(
            sign_in(&jo, "jo@example.org", PASSWORD).await.status,
            400,
            "{backend}"
        );
        assert_eq!(
            sign_in(&jo, "jo@example.org", "a brand new passphrase")
                .await
                .status,
            303,
            "{backend}"
        );
        let used = stranger.get(&reset).await;
        assert_eq!(used.status, 400, "{backend}: reset links work once");

        // Sign out ends the session on the server, not just in the browser.
        let session = jo.cookie("convene_session").unwrap();
        jo.get("/account").await;
        let out = jo.post("/sign-out", &[]).await;
        assert_eq!(out.status, 200, "{backend}");
        let replay = WebClient::new(&server);
        replay.set_cookie("convene_session", &session);
        assert_eq!(
            replay.get("/account").await.status,
            303,
            "{backend}: the old id is dead"
        );
    }
}

#[tokio::test]
async fn cookies_csrf_session_fixation_and_rate_limits() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(&store, "sam@example.org", "Sam", &[]).await;

        // The session cookie is HttpOnly and SameSite=Lax.
        let sam = WebClient::new(&server);
        let reply = sign_in(&sam, "sam@example.org", PASSWORD).await;
        let cookie = reply
            .set_cookies
            .iter()
            .find(|c| c.starts_with("convene_session="))
            .expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "plain HTTP in tests");

        // CSRF: a missing or wrong token is refused with 403 and changes nothing.
        sam.get("/account/profile").await;
        let fields = [("name", "Changed Name")];
        let missing = sam.post_raw("/account/profile", &fields).await;
        assert_eq!(missing.status, 403, "{backend}");
        let wrong = sam
            .post_raw(
                "/account/profile",
                &[
                    ("csrf_token", "0".repeat(64).as_str()),
                    ("name", "Changed Name"),
                ],
            )
            .await;
        assert_eq!(wrong.status, 403, "{backend}");
        let unchanged = store.people().await.unwrap();
        assert_eq!(unchanged[0].profile.name, "Sam", "{backend}: no change");
        let anonymous = WebClient::new(&server);
        let forged = anonymous
            .post_raw(
                "/sign-in",
                &[("email", "sam@example.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            forged.status, 403,
            "{backend}: sign-in forms need the token too"
        );
        assert!(anonymous.cookie("convene_session").is_none(), "{backend}");

        // Session fixation: an id planted before sign-in is never the signed-in id, and
        // signing in again replaces the session.
        let victim = WebClient::new(&server);
        victim.set_cookie("convene_session", &"f".repeat(64));
        sign_in(&victim, "sam@example.org", PASSWORD).await;
        let first = victim.cookie("convene_session").unwrap();
        assert_ne!(first, "f".repeat(64), "{backend}");
        sign_in(&victim, "sam@example.org", PASSWORD).await;
        let second = victim.cookie("convene_session").unwrap();
        assert_ne!(first, second, "{backend}: a new id at every sign-in");
        let old = WebClient::new(&server);
        old.set_cookie("convene_session", &first);
        assert_eq!(
            old.get("/account").await.status,
            303,
            "{backend}: the replaced id is dead"
        );

        // Rate limit per account: after five failures even the right password is refused.
        let guesser = WebClient::new(&server);
        for _ in 0..5 {
            assert_eq!(
                sign_in(&guesser, "sam@example.org", "wrong password!")
                    .await
                    .status,
                400
            );
        }
        let limited = sign_in(&guesser, "sam@example.org", PASSWORD).await;
        assert_eq!(limited.status, 429, "{backend}");
        assert!(
            limited
                .body
                .contains("You have tried to sign in too many times"),
            "{backend}"
        );
        assert!(guesser.cookie("convene_session").is_none(), "{backend}");

        // Per address: many accounts from one address.
        for i in 0..20 {
            sign_in(&guesser, &format!("user{i}@example.org"), "wrong password!").await;
        }
        create_person(&store, "fresh@example.org", "Fresh", &[]).await;
        let by_address = sign_in(&guesser, "fresh@example.org", PASSWORD).await;
        assert_eq!(by_address.status, 429, "{backend}: the address is limited");
    }
}

#[tokio::test]
async fn api_tokens_are_shown_once_and_revocation_is_immediate() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(&store, "ada@example.org", "Ada", &[]).await;
        let ada = WebClient::new(&server);
        sign_in(&ada, "ada@example.org", PASSWORD).await;
        let token = new_api_token(&ada, "board report").await;
        assert!(token.starts_with("cvn_"), "{backend}: {token}");
        let listed = ada.get("/account/api-tokens").await;
        assert!(!listed.body.contains(&token), "{backend}: shown once only");

        let api = WebClient::new(&server);
        let me = api.get_with_token("/api/v1/me", &token).await;
        assert_eq!(me.status, 200, "{backend}: {}", me.body);
        assert_eq!(me.json()["name"], "Ada");
        assert_eq!(
            api.get("/api/v1/me").await.status,
            401,
            "{backend}: no token"
        );
        assert_eq!(
            api.get_with_token("/api/v1/me", "cvn_nonsense")
                .await
                .status,
            401
        );

        let id = store
            .api_tokens(store.people().await.unwrap()[0].id)
            .await
            .unwrap()[0]
            .id;
        ada.get("/account/api-tokens").await;
        let revoked = ada
            .post(&format!("/account/api-tokens/{id}/revoke"), &[])
            .await;
        assert_eq!(revoked.status, 303, "{backend}");
        let after = api.get_with_token("/api/v1/me", &token).await;
        assert_eq!(after.status, 401, "{backend}: revoked at once");
        assert!(after.body.contains("revoked"), "{}", after.body);
    }
}

#[tokio::test]
async fn people_export_their_data_and_delete_their_account() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(
            &store,
            "admin@example.org",
            "Admin",
            &[PlatformRole::Administrator],
        )
        .await;
        let lee = WebClient::new(&server);
        sign_up_and_verify(&store, &lee, "Lee Smith", "lee@example.org").await;
        sign_in(&lee, "lee@example.org", PASSWORD).await;
        lee.get("/notes/new").await;
        let shared = lee
            .post(
                "/notes",
                &[
                    ("title", "Shared plan"),
                    ("body", "For everyone"),
                    ("visibility", "members"),
                ],
            )
            .await;
        assert_eq!(shared.status, 303, "{backend}: {}", shared.body);
        lee.get("/notes/new").await;
        lee.post(
            "/notes",
            &[
                ("title", "My own thoughts"),
                ("body", "Private"),
                ("visibility", "private"),
            ],
        )
        .await;

        let export = lee.get("/account/export").await;
        assert_eq!(export.status, 200, "{backend}");
        let data = export.json();
        assert_eq!(data["person"]["email"], "lee@example.org");
        assert_eq!(data["notes"].as_array().unwrap().len(), 2, "{backend}");
        assert!(data["emails"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["message"]["subject"]
                .as_str()
                .unwrap()
                .contains("Confirm your email")));
        assert!(data["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "signed_in"));

        lee.get("/account/delete").await;
        let wrong = lee
            .post("/account/delete", &[("password", "not my password")])
            .await;
        assert_eq!(wrong.status, 400, "{backend}: the password is needed");
        let gone = lee.post("/account/delete", &[("password", PASSWORD)]).await;
        assert!(
            gone.body.contains("Your account has been deleted"),
            "{backend}"
        );
        assert!(store
            .people()
            .await
            .unwrap()
            .iter()
            .all(|p| p.email != "lee@example.org"));
        assert_eq!(sign_in(&lee, "lee@example.org", PASSWORD).await.status, 400);

        let admin = WebClient::new(&server);
        sign_in(&admin, "admin@example.org", PASSWORD).await;
        let notes = admin.get("/notes").await;
        assert!(
            notes.body.contains("Shared plan"),
            "{backend}: shared notes stay"
        );
        assert!(
            notes.body.contains("Former member"),
            "{backend}: de-identified"
        );
        assert!(!notes.body.contains("Lee Smith"), "{backend}");
        let audit = admin.get("/admin/audit").await;
        assert!(
            !audit.body.contains("lee@example.org") && !audit.body.contains("Lee Smith"),
            "{backend}"
        );
        assert!(audit.body.contains("Deleted an account"), "{backend}");
    }
}
