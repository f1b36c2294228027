//! A voice in policy over HTTP on both backends: trust A opens a consultation for the
//! North East through the API (refused whole when anything is wrong); trust A and one of
//! the schools respond; a second response from the same organisation and any response
//! after the close are refused and change nothing; whose voices were heard is worked out
//! against the area's schools and trusts with the gap named (no school with 40% or more
//! free school meals responded); the convener writes the
//! submission quoting the school's exact words, the school agrees, and the submission is
//! published with its figures and an outcome.

use super::authorisation_matrix::person;
use super::impact::{dataset, OURS};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{new_api_token, sign_in, PASSWORD, TRUST_A};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::WebClient;
use convene_domain::access::PlatformRole;
use convene_domain::party::OrgRef;
use convene_domain::Urn;
use serde_json::json;

#[tokio::test]
async fn a_consultation_from_opening_to_a_published_submission_with_whose_voices_were_heard() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let mut data = dataset();
        for s in &mut data.schools {
            s.region = Some(convene_domain::place::Region::NorthEast);
            s.status = convene_domain::organisation::Status::Open;
            if s.urn.0 >= OURS + 9 {
                s.fsm_percent = Some(45.0);
            }
        }
        store.load_dataset(&data, &|_, _| {}).await.unwrap();
        let convener = person(&store, "admin-a@example.org", true, &[]).await;
        let head = person(&store, "head@example.org", true, &[]).await;
        let platform = person(
            &store,
            "platform@example.org",
            true,
            &[PlatformRole::Administrator],
        )
        .await;
        let similar = OrgRef::School(Urn(OURS + 1));
        for (who, org) in [(convener, TRUST_A), (head, similar)] {
            let claim = store.claim_membership(who, org, None).await.unwrap();
            store
                .decide_membership(platform, org, claim, true, "/account", None)
                .await
                .unwrap();
        }
        let server = TestServer::start(store.clone()).await;
        let backend = format!("{:?}", db.backend);
        let convening = WebClient::new(&server);
        sign_in(&convening, "admin-a@example.org", PASSWORD).await;
        let token = new_api_token(&convening, "calls").await;
        let api = WebClient::new(&server);

        let refused = api
            .post_json_with_token(
                "/api/v1/calls",
                &token,
                &json!({"kind": "survey", "closes_on": "2020-01-01"}),
            )
            .await;
        assert_eq!(refused.status, 400, "{backend}: {}", refused.body);
        for field in [
            "convener",
            "kind",
            "title",
            "questions",
            "closes_on",
            "visibility",
        ] {
            assert!(
                refused.body.contains(&format!("{field}:")),
                "{backend}: {field} in {}",
                refused.body
            );
        }
        assert_eq!(
            api.get("/api/v1/calls")
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            0
        );
        let opened = api
            .post_json_with_token(
                "/api/v1/calls",
                &token,
                &json!({
                    "convener": "trust-17101",
                    "kind": "consultation",
                    "title": "Attendance in the North East",
                    "description": "What works to get children back to school",
                    "how_used": "A submission to the Department for Education in the spring",
                    "questions": ["What has worked?", "What has not?"],
                    "closes_on": "2099-01-31",
                    "visibility": "attributed-inside",
                    "regions": ["north-east"],
                }),
            )
            .await;
        assert_eq!(opened.status, 201, "{backend}: {}", opened.body);
        let call = opened.json()["id"].as_i64().unwrap();
        let path = format!("/calls/{call}");

        let school = WebClient::new(&server);
        sign_in(&school, "head@example.org", PASSWORD).await;
        let page = school.get(&path).await;
        assert!(
            page.body
                .contains("Which organisation are you responding for?"),
            "{backend}"
        );
        let empty = school
            .post(&format!("{path}/responses"), &[("org", "school-1002")])
            .await;
        assert_eq!(empty.status, 400, "{backend}: an empty response");
        assert!(empty.body.contains("Answer at least one question"));
        school.get(&path).await;
        let sent = school
            .post(
                &format!("{path}/responses"),
                &[
                    ("org", "school-1002"),
                    ("answers", "Ringing every family on the first morning"),
                    ("answers", ""),
                ],
            )
            .await;
        assert_eq!(sent.status, 303, "{backend}: {}", sent.body);
        school.get(&path).await;
        let twice = school
            .post(
                &format!("{path}/responses"),
                &[("org", "school-1002"), ("answers", "Again")],
            )
            .await;
        assert_eq!(twice.status, 400, "{backend}: the form no longer offers it");
        let head_token = new_api_token(&school, "calls").await;
        let again = api
            .post_json_with_token(
                &format!("/api/v1{path}/responses"),
                &head_token,
                &json!({"org": "school-1002", "answers": ["Again"]}),
            )
            .await;
        assert_eq!(again.status, 409, "{backend}: {}", again.body);
        assert!(again.body.contains("already responded"));
        let trust = api
            .post_json_with_token(
                &format!("/api/v1{path}/responses"),
                &token,
                &json!({"org": "trust-17101", "answers": ["Attendance officers shared across schools", "Fines"]}),
            )
            .await;
        assert_eq!(trust.status, 201, "{backend}: {}", trust.body);

        let heard = api
            .get(&format!("/api/v1{path}/representation"))
            .await
            .json();
        assert_eq!(heard["heard"]["trusts"], json!([1, 1]), "{backend}");
        assert_eq!(heard["heard"]["schools"], json!([13, 1]), "{backend}");
        let gaps: Vec<&str> = heard["heard"]["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["text"].as_str().unwrap())
            .collect();
        assert!(
            gaps.contains(&"No response from schools with 40% or more free school meals"),
            "{backend}: {gaps:?}"
        );
        let page = convening.get(&format!("{path}/representation")).await;
        assert!(
            page.body.contains("Who to invite before the call closes"),
            "{backend}"
        );
        assert!(
            page.body.contains("Similar School 9"),
            "{backend}: a school not heard, to invite"
        );

        let invited = convening
            .post(&format!("{path}/invitations"), &[("gap", "0")])
            .await;
        assert_eq!(invited.status, 303, "{backend}: {}", invited.body);
        convening.get(&format!("{path}/representation")).await;
        let no_such = convening
            .post(&format!("{path}/invitations"), &[("gap", "99")])
            .await;
        assert_eq!(no_such.status, 400, "{backend}");

        let outsider = WebClient::new(&server);
        let responses = outsider
            .get(&format!("/api/v1{path}/responses"))
            .await
            .json();
        assert_eq!(
            responses.as_array().unwrap().len(),
            0,
            "{backend}: read inside only"
        );
        let own = api
            .get_with_token(&format!("/api/v1{path}/responses"), &head_token)
            .await
            .json();
        assert_eq!(
            own.as_array().unwrap().len(),
            1,
            "{backend}: the school reads its own"
        );
        let all = api
            .get_with_token(&format!("/api/v1{path}/responses"), &token)
            .await
            .json();
        assert_eq!(
            all.as_array().unwrap().len(),
            2,
            "{backend}: the convener reads all"
        );
        let school_response = all
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["org"]["org"] == "school-1002")
            .unwrap()["reference"]
            .as_str()
            .unwrap()
            .to_string();
        let csv = convening.get(&format!("{path}/responses.csv")).await;
        assert!(csv.body.contains("school-1002") && csv.body.contains("Ringing every family"));

        convening.get(&format!("{path}/submission")).await;
        let misquoted = convening
            .post(
                &format!("{path}/submission"),
                &[
                    ("title", "Attendance: what schools told us"),
                    ("addressed_to", "The Department for Education"),
                    (
                        "body",
                        "Schools and trusts in the North East told us what works.",
                    ),
                    ("quote_1_response", &school_response),
                    ("quote_1_text", "Ringing every parent"),
                ],
            )
            .await;
        assert_eq!(misquoted.status, 400, "{backend}");
        assert!(
            misquoted.body.contains("quote them exactly"),
            "{backend}: {}",
            misquoted.body
        );
        let saved = convening
            .post(
                &format!("{path}/submission"),
                &[
                    ("title", "Attendance: what schools told us"),
                    ("addressed_to", "The Department for Education"),
                    (
                        "body",
                        "Schools and trusts in the North East told us what works.",
                    ),
                    ("quote_1_response", &school_response),
                    ("quote_1_text", "Ringing every family on the first morning"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{backend}: {}", saved.body);
        assert_eq!(
            api.get(&format!("/api/v1{path}/submission")).await.status,
            404,
            "{backend}: not yet public"
        );
        convening.get(&format!("{path}/submission")).await;
        let early = convening
            .post(&format!("{path}/submission/publish"), &[])
            .await;
        assert_eq!(early.status, 409, "{backend}: the school has not agreed");
        assert!(
            early.body.contains("waiting for Similar School 1"),
            "{backend}: {}",
            early.body
        );
        let notices = school.get("/notices").await;
        assert!(
            notices.body.contains("wants to quote your organisation"),
            "{backend}"
        );
        school.get(&format!("{path}/submission")).await;
        let agreed = school
            .post(
                &format!("{path}/submission/quotes/1"),
                &[("answer", "agree")],
            )
            .await;
        assert_eq!(agreed.status, 303, "{backend}: {}", agreed.body);
        convening.get(&format!("{path}/submission")).await;
        let published = convening
            .post(&format!("{path}/submission/publish"), &[])
            .await;
        assert_eq!(published.status, 303, "{backend}: {}", published.body);
        convening.get(&format!("{path}/submission")).await;
        let outcome = convening
            .post(
                &format!("{path}/submission/outcome"),
                &[(
                    "outcome",
                    "The department cited it in its attendance guidance",
                )],
            )
            .await;
        assert_eq!(outcome.status, 303, "{backend}");
        let public = api.get(&format!("/api/v1{path}/submission")).await.json();
        assert_eq!(
            public["quotes"][0]["text"],
            "Ringing every family on the first morning"
        );
        assert_eq!(public["quotes"][0]["org"]["name"], "Similar School 1");
        assert_eq!(
            public["outcome"],
            "The department cited it in its attendance guidance"
        );
        let page = WebClient::new(&server)
            .get(&format!("{path}/submission"))
            .await;
        assert!(
            page.body
                .contains("1 of 1 trusts and 1 of 13 schools responded"),
            "{backend}: {}",
            page.body
        );

        convening.get(&path).await;
        let closed = convening.post(&format!("{path}/close"), &[]).await;
        assert_eq!(closed.status, 303, "{backend}");
        let late = api
            .post_json_with_token(
                &format!("/api/v1{path}/responses"),
                &head_token,
                &json!({"org": "school-1002", "answers": ["Late"]}),
            )
            .await;
        assert_eq!(late.status, 409, "{backend}: closed");
        assert!(late.body.contains("has closed"));
    }
}
