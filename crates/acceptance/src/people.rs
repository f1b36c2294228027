//! People for tests: a small system map with two trusts to belong to, and the steps of
//! signing up, confirming an address through the outbox and signing in.

use crate::databases::TestDatabase;
use crate::server::TestServer;
use crate::web_client::{Reply, WebClient};
use convene_domain::access::PlatformRole;
use convene_domain::account::{Email, PersonId};
use convene_domain::dataset::NationalDataset;
use convene_domain::organisation::{Group, GroupKind, GroupLink, Phase, School};
use convene_domain::party::OrgRef;
use convene_domain::{GroupUid, Urn};
use convene_store::{NewAccount, Store};

/// The first trust: 5 Dimensions Trust's real Group UID.
pub const TRUST_A: OrgRef = OrgRef::Trust(GroupUid(17101));
/// The second trust (a test trust, clearly named as such).
pub const TRUST_B: OrgRef = OrgRef::Trust(GroupUid(900_001));
/// A school in the first trust.
pub const SCHOOL_A: OrgRef = OrgRef::School(Urn(136_730));

/// A password every test person uses.
pub const PASSWORD: &str = "correct horse battery";

/// Two trusts and one school: enough organisations for people to belong to.
pub fn two_trusts() -> NationalDataset {
    let mut school = School::new(Urn(136_730), "Shenley Brook End School");
    school.phase = Phase::Secondary;
    NationalDataset {
        groups: vec![
            Group::new(
                GroupUid(17101),
                "5 Dimensions Trust",
                GroupKind::MultiAcademyTrust,
            ),
            Group::new(
                GroupUid(900_001),
                "Test Trust B",
                GroupKind::MultiAcademyTrust,
            ),
        ],
        schools: vec![school],
        group_links: vec![GroupLink {
            group_uid: GroupUid(17101),
            urn: Urn(136_730),
            joined_date: None,
        }],
        ..NationalDataset::default()
    }
}

/// A fresh database on `db` with [`two_trusts`] loaded, and the server over it.
pub async fn serve_two_trusts(db: &TestDatabase) -> (Store, TestServer) {
    let store = db.store().await;
    store
        .load_dataset(&two_trusts(), &|_, _| {})
        .await
        .expect("load the two trusts");
    let server = TestServer::start(store.clone()).await;
    (store, server)
}

/// Creates a verified account directly in the store (as `convene admin create-user` does).
pub async fn create_person(
    store: &Store,
    email: &str,
    name: &str,
    roles: &[PlatformRole],
) -> PersonId {
    let account = NewAccount {
        email: Email::parse(email).expect("email"),
        password_hash: convene_credentials::hash_password(PASSWORD).expect("hash"),
        name: name.to_string(),
        verified: true,
        platform_roles: roles.iter().copied().collect(),
    };
    store
        .create_account(&account, None, None)
        .await
        .expect("create account")
}

/// Signs in through the form.
pub async fn sign_in(client: &WebClient, email: &str, password: &str) -> Reply {
    client.get("/sign-in").await;
    client
        .post(
            "/sign-in",
            &[
                ("email", email),
                ("password", password),
                ("next", "/account"),
            ],
        )
        .await
}

/// The path of the newest link in the newest email to `to` whose path starts `path_prefix`.
pub async fn link_from_outbox(store: &Store, to: &str, path_prefix: &str) -> String {
    let emails = store.outbox(Some(to), 20).await.expect("outbox");
    for email in &emails {
        for word in email.message.body.split_whitespace() {
            if let Some((before, after)) = word.split_once(path_prefix) {
                if before.starts_with("http") {
                    return format!("{path_prefix}{after}");
                }
            }
        }
    }
    panic!("no {path_prefix} link in the outbox for {to}: {emails:?}")
}

/// Signs up through the form and confirms the address through the emailed link.
pub async fn sign_up_and_verify(store: &Store, client: &WebClient, name: &str, email: &str) {
    client.get("/sign-up").await;
    let reply = client
        .post(
            "/sign-up",
            &[("name", name), ("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let link = link_from_outbox(store, email, "/verify-email?token=").await;
    let page = client.get(&link).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let token = link.split("token=").nth(1).expect("token");
    let done = client.post("/verify-email", &[("token", token)]).await;
    assert!(
        done.body.contains("Email address confirmed"),
        "{}",
        done.body
    );
}

/// Makes an API token on the account page of a signed-in client and returns it as shown
/// (once) on the page.
pub async fn new_api_token(client: &WebClient, name: &str) -> String {
    client.get("/account/api-tokens").await;
    let created = client.post("/account/api-tokens", &[("name", name)]).await;
    assert_eq!(created.status, 200, "{}", created.body);
    created
        .body
        .split("id=\"new-token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the token is shown")
        .to_string()
}
