//! Recognition over HTTP on both backends: trust B recognises trust A and one of its
//! people for a collaboration they did together; every kind of bad recognition is refused
//! whole (a record the giver cannot cite, an organisation they do not act for, themselves,
//! a second while the first waits); trust A is told, accepts, and the recognition appears
//! on its page with the confidential record it rests on hidden from the public; declining
//! and withdrawing take it down again. Who may see what is in
//! `authorisation_matrix_recognition.rs`.

use super::impact::{collaboration, dataset};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{new_api_token, sign_in, PASSWORD};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::WebClient;
use serde_json::json;

async fn token(server: &TestServer, email: &str) -> (WebClient, String) {
    let client = WebClient::new(server);
    sign_in(&client, email, PASSWORD).await;
    let token = new_api_token(&client, "recognition").await;
    (client, token)
}

#[tokio::test]
async fn trust_b_recognises_trust_a_which_accepts_and_the_public_sees_it_without_its_confidential_record(
) {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let (people, collaboration) = collaboration(&store).await;
        let server = TestServer::start(store.clone()).await;
        let (_giver, giver) = token(&server, "admin-b@example.org").await;
        let (nominee_page, nominee) = token(&server, "admin-a@example.org").await;
        let api = WebClient::new(&server);
        let give = |body: serde_json::Value| {
            let api = &api;
            let giver = giver.clone();
            async move {
                api.post_json_with_token("/api/v1/recognition", &giver, &body)
                    .await
            }
        };
        let good = json!({
            "nominee": "trust-17101",
            "kind": "nomination",
            "from": "trust-900001",
            "text": "Opened its key stage 4 department to us for a year",
            "evidence": [format!("collaboration-{collaboration}")],
        });

        let mut unseen = good.clone();
        unseen["evidence"] = json!(["collaboration-999999"]);
        let refused = give(unseen).await;
        assert_eq!(refused.status, 400, "{}", refused.body);
        assert!(
            refused.body.contains("is not a record you can see"),
            "{}",
            refused.body
        );
        let mut not_theirs = good.clone();
        not_theirs["from"] = json!("trust-17101");
        let refused = give(not_theirs).await;
        assert_eq!(refused.status, 400);
        assert!(
            refused.body.contains("Choose an organisation you act for"),
            "{}",
            refused.body
        );
        let mut itself = good.clone();
        itself["nominee"] = json!("trust-900001");
        let refused = give(itself).await;
        assert_eq!(refused.status, 400);
        assert!(
            refused.body.contains("cannot recognise itself"),
            "{}",
            refused.body
        );
        let mut themselves = good.clone();
        themselves["nominee"] = json!(format!("person-{}", people.admin_b.0));
        let refused = give(themselves).await;
        assert_eq!(refused.status, 400);
        assert!(
            refused.body.contains("cannot recognise yourself"),
            "{}",
            refused.body
        );
        let mine = api
            .get_with_token("/api/v1/recognition?mine=true", &giver)
            .await;
        assert_eq!(
            mine.json().as_array().unwrap().len(),
            0,
            "nothing was stored"
        );

        let given = give(good.clone()).await;
        assert_eq!(given.status, 201, "{}", given.body);
        let given = given.json();
        assert_eq!(given["shown"], false);
        assert_eq!(given["answer"], "awaiting");
        assert_eq!(
            given["records"][0]["record"],
            format!("collaboration-{collaboration}")
        );
        let id = given["id"].as_i64().unwrap();
        let path = format!("/recognition/{id}");
        assert_eq!(
            give(good.clone()).await.status,
            409,
            "a second while the first waits"
        );
        assert_eq!(WebClient::new(&server).get(&path).await.status, 404);
        let notices = nominee_page.get("/notices").await;
        assert!(
            notices
                .body
                .contains("Test Trust B gave 5 Dimensions Trust a nomination"),
            "{}",
            notices.body
        );

        let page = nominee_page.get(&path).await;
        assert!(page.body.contains("Do you accept it?"), "{}", page.body);
        let unanswered = nominee_page.post(&format!("{path}/answer"), &[]).await;
        assert_eq!(unanswered.status, 400);
        nominee_page.get(&path).await;
        let accepted = nominee_page
            .post(&format!("{path}/answer"), &[("answer", "accept")])
            .await;
        assert_eq!(accepted.status, 303, "{}", accepted.body);

        let public = WebClient::new(&server);
        let seen = public.get(&format!("/api/v1{path}")).await;
        assert_eq!(seen.status, 200, "{}", seen.body);
        let seen = seen.json();
        assert_eq!(seen["shown"], true);
        assert_eq!(
            seen["records"].as_array().unwrap().len(),
            0,
            "the collaboration is confidential"
        );
        assert_eq!(seen["records_not_shown"], 1);
        let page = public.get(&path).await;
        assert!(
            page.body.contains("not shown to you: confidential"),
            "{}",
            page.body
        );
        assert!(!page
            .body
            .contains(&format!("/collaborations/{collaboration}")));
        let own = api
            .get_with_token(&format!("/api/v1{path}"), &nominee)
            .await
            .json();
        assert_eq!(
            own["records"].as_array().unwrap().len(),
            1,
            "its parties see the record"
        );
        let organisation = public.get("/organisations/trust-17101").await;
        assert!(organisation
            .body
            .contains("Opened its key stage 4 department"));
        let csv = public.get("/recognition.csv").await;
        assert!(
            csv.body.contains("Opened its key stage 4 department"),
            "{}",
            csv.body
        );
        let listed = public
            .get("/api/v1/recognition?nominee=trust-17101")
            .await
            .json();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(
            public.get("/api/v1/recognition?kind=award").await.status,
            400
        );

        let declined = api
            .post_json_with_token(
                &format!("/api/v1{path}/answer"),
                &nominee,
                &json!({"accept": false}),
            )
            .await;
        assert_eq!(declined.status, 200, "{}", declined.body);
        assert_eq!(public.get(&path).await.status, 404, "declined: taken down");
        assert!(!public
            .get("/recognition.csv")
            .await
            .body
            .contains("key stage 4 department"));
        api.post_json_with_token(
            &format!("/api/v1{path}/answer"),
            &nominee,
            &json!({"accept": true}),
        )
        .await;
        assert_eq!(
            public.get(&path).await.status,
            200,
            "a nominee can change their mind"
        );

        let person = json!({
            "nominee": format!("person-{}", people.admin_a.0),
            "kind": "endorsement",
            "from": "trust-900001",
            "text": "Gave our heads of department a year of Thursdays",
            "evidence": [format!("collaboration-{collaboration}")],
        });
        let endorsed = give(person).await;
        assert_eq!(endorsed.status, 201, "{}", endorsed.body);
        let endorsement = endorsed.json()["id"].as_i64().unwrap();
        let trust_admin_answering = api
            .post_json_with_token(
                &format!("/api/v1/recognition/{endorsement}/answer"),
                &giver,
                &json!({"accept": true}),
            )
            .await;
        assert_eq!(trust_admin_answering.status, 403, "only the person answers");
        let answered = api
            .post_json_with_token(
                &format!("/api/v1/recognition/{endorsement}/answer"),
                &nominee,
                &json!({"accept": true}),
            )
            .await;
        assert_eq!(answered.status, 200, "{}", answered.body);
        let profile = nominee_page
            .get(&format!("/people/{}", people.admin_a.0))
            .await;
        assert!(
            profile.body.contains("Gave our heads of department"),
            "{}",
            profile.body
        );

        let withdrawn = api
            .post_json_with_token(
                &format!("/api/v1/recognition/{endorsement}/withdraw"),
                &giver,
                &json!({}),
            )
            .await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        assert_eq!(
            public
                .get(&format!("/recognition/{endorsement}"))
                .await
                .status,
            404,
            "withdrawn: taken down"
        );
        let again = api
            .post_json_with_token(
                &format!("/api/v1/recognition/{endorsement}/withdraw"),
                &giver,
                &json!({}),
            )
            .await;
        assert_eq!(again.status, 403);
    }
}
