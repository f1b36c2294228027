//! Brokerage through the JSON API on both backends, over HTTP with API tokens, on a small
//! dataset shaped like the national one (two trusts and a standalone school near each
//! other, GCSE progress figures that make one trust clearly stronger): posting needs and
//! the errors for bad ones, a confidential need kept from everyone outside its
//! organisation, the ranking with its reasons, and an introduction asked, accepted and
//! declined, with what each side (and the candidate's email) may and may not see.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::create_person;
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::dataset::NationalDataset;
use convene_domain::organisation::{GridReference, Group, GroupKind, GroupLink, Phase, School};
use convene_domain::outcome::{Measure, OutcomeSeries};
use convene_domain::party::OrgRef;
use convene_domain::{GroupUid, Urn};
use convene_store::Store;
use serde_json::{json, Value};

/// The trust that needs help.
const HILLSIDE: OrgRef = OrgRef::Trust(GroupUid(910_001));
/// The trust best placed to help.
const RIVERSIDE: OrgRef = OrgRef::Trust(GroupUid(910_002));
/// A standalone school that is asked and declines.
const LAKESIDE: OrgRef = OrgRef::School(Urn(200_021));

/// Words that identify the asker or its need; none may reach a candidate before it accepts.
const SECRETS: [&str; 3] = ["Hillside", "SECRET-DESCRIPTION", "ASKER-MESSAGE"];

fn secondary(urn: i64, name: &str, easting_km: i64, fsm: f64) -> School {
    let mut school = School::new(Urn(urn), name);
    school.phase = Phase::Secondary;
    school.type_name = "Academy converter".into();
    school.pupils = Some(900 + urn % 7 * 20);
    school.fsm_percent = Some(fsm);
    school.eal_percent = Some(8.0);
    school.idaci_quintile = Some(3);
    school.urban_rural = Some("(England/Wales) Urban city and town".into());
    school.location = GridReference::new(480_000 + easting_km * 1000, 240_000);
    school
}

/// Hillside Learning Trust's two schools (weak progress), Riverside Trust's two (strong),
/// Lakeside School on its own, and ten other secondaries so that every school has a family;
/// all in a line west to east, no two closer than secondary pupils travel (8 km), so no one
/// is flagged as a competitor.
fn dataset() -> NationalDataset {
    let mut schools = vec![
        secondary(200_001, "Hillside Academy", 0, 30.0),
        secondary(200_002, "Hillside Park Academy", 10, 28.0),
        secondary(200_011, "Riverside High School", 25, 29.0),
        secondary(200_012, "Riverside Community College", 35, 27.0),
        secondary(200_021, "Lakeside School", 45, 26.0),
    ];
    schools.extend((0..10).map(|i| {
        secondary(
            200_100 + i,
            &format!("Town Secondary {i}"),
            60 + i * 10,
            20.0 + i as f64,
        )
    }));
    let progress = |urn: i64| match urn {
        200_001 => -0.8,
        200_002 => -0.6,
        200_011 => 0.9,
        200_012 => 0.8,
        200_021 => 0.4,
        other => (other % 5) as f64 * 0.1 - 0.2,
    };
    let link = |uid: i64, urn: i64| GroupLink {
        group_uid: GroupUid(uid),
        urn: Urn(urn),
        joined_date: None,
    };
    NationalDataset {
        outcomes: vec![OutcomeSeries {
            measure: Measure::Ks4Progress8,
            year: "2023/24".into(),
            source: "secondary_schools_2026-03.csv".into(),
            values: schools.iter().map(|s| (s.urn, progress(s.urn.0))).collect(),
        }],
        schools,
        groups: vec![
            Group::new(
                GroupUid(910_001),
                "Hillside Learning Trust",
                GroupKind::MultiAcademyTrust,
            ),
            Group::new(
                GroupUid(910_002),
                "Riverside Trust",
                GroupKind::MultiAcademyTrust,
            ),
        ],
        group_links: vec![
            link(910_001, 200_001),
            link(910_001, 200_002),
            link(910_002, 200_011),
            link(910_002, 200_012),
        ],
        ..NationalDataset::default()
    }
}

/// An API token for `person`, made as the account page makes one.
async fn token(store: &Store, person: PersonId) -> String {
    let secret = convene_credentials::new_token("").expect("a token");
    store
        .create_api_token(
            person,
            "brokerage",
            &convene_credentials::token_digest(&secret),
            None,
        )
        .await
        .expect("store the token");
    secret
}

/// Makes `person` an approved member of `org`: an administrator when the platform
/// administrator approves the first claim, a member when `by` (an administrator) does.
async fn join(store: &Store, person: PersonId, org: OrgRef, by: PersonId) {
    let claim = store
        .claim_membership(person, org, None)
        .await
        .expect("claim");
    store
        .decide_membership(by, org, claim, true, "/account", None)
        .await
        .expect("approve");
}

/// The people in the story, each with an API token.
struct People {
    /// Administrator of Hillside, who posts the need and asks.
    asker: String,
    /// Administrator of Riverside, the candidate that accepts.
    helper: String,
    /// A member (not an administrator) of Riverside.
    helper_member: String,
    /// Administrator of Lakeside, the candidate that declines.
    lakeside: String,
    /// Signed in, verified, acting for no organisation in the story.
    outsider: String,
}

const HELPER_EMAIL: &str = "helper@riverside.example.org";
const ASKER_EMAIL: &str = "asker@hillside.example.org";

async fn people(store: &Store) -> People {
    let platform = create_person(
        store,
        "platform@example.org",
        "Platform Admin",
        &[PlatformRole::Administrator],
    )
    .await;
    let asker = create_person(store, ASKER_EMAIL, "Asha Asker", &[]).await;
    let helper = create_person(store, HELPER_EMAIL, "Hari Helper", &[]).await;
    let helper_member = create_person(store, "member@riverside.example.org", "Mo", &[]).await;
    let lakeside = create_person(store, "head@lakeside.example.org", "Lee", &[]).await;
    let outsider = create_person(store, "outsider@example.org", "Olu Outsider", &[]).await;
    join(store, asker, HILLSIDE, platform).await;
    join(store, helper, RIVERSIDE, platform).await;
    join(store, helper_member, RIVERSIDE, helper).await;
    join(store, lakeside, LAKESIDE, platform).await;
    People {
        asker: token(store, asker).await,
        helper: token(store, helper).await,
        helper_member: token(store, helper_member).await,
        lakeside: token(store, lakeside).await,
        outsider: token(store, outsider).await,
    }
}

/// A need of Hillside's, confidential to it, with `changes` applied.
fn need_body(changes: Value) -> Value {
    let mut body = json!({
        "owner": HILLSIDE.key(),
        "area": "ks4-outcomes",
        "form": "peer-review",
        "description": "SECRET-DESCRIPTION: GCSE maths has fallen two years running",
        "from": "2027-01-04",
        "to": "2027-03-31",
        "days": 6,
        "reach": "within",
        "within_km": 150,
        "visibility": {"level": "organisations", "organisations": []},
    });
    for (key, value) in changes.as_object().expect("an object") {
        body[key] = value.clone();
    }
    body
}

async fn get(client: &WebClient, token: &str, path: &str) -> Reply {
    client.get_with_token(path, token).await
}

async fn post(client: &WebClient, token: &str, path: &str, body: Value) -> Reply {
    client.post_json_with_token(path, token, &body).await
}

fn error_of(reply: &Reply) -> String {
    reply.json()["error"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn ids(reply: &Reply) -> Vec<i64> {
    reply
        .json()
        .as_array()
        .unwrap_or_else(|| panic!("a list: {}", reply.body))
        .iter()
        .map(|item| item["id"].as_i64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn brokerage_api_posts_ranks_and_introduces_keeping_confidential_needs_confidential() {
    for db in TestDatabase::both().await {
        let backend = format!("{:?}", db.backend);
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let people = people(&store).await;
        let server = TestServer::start(store.clone()).await;
        let client = WebClient::new(&server);

        // Posting a need, and the errors for bad ones.
        let posted = post(
            &client,
            &people.asker,
            "/api/v1/needs",
            need_body(json!({})),
        )
        .await;
        assert_eq!(posted.status, 201, "{backend}: {}", posted.body);
        let need = posted.json()["id"].as_i64().expect("the need's number");
        assert_eq!(
            posted.json()["visibility"],
            json!({"level": "organisations", "organisations": [HILLSIDE.key()]}),
            "{backend}: a confidential need is shared with its owner"
        );
        for (changes, expected) in [
            (json!({"area": "astrology"}), vec!["area: ", "ks4-outcomes"]),
            (
                json!({"to": "2026-12-01"}),
                vec!["to: The end date must be the same as or after the start date"],
            ),
            (
                json!({"days": -2}),
                vec!["days: Days of help cannot be below zero"],
            ),
            (
                json!({"area": "", "days": 0, "reach": "nearby", "visibility": {"level": "secret"}}),
                vec!["area: ", "days: ", "reach: ", "visibility: "],
            ),
            (
                json!({"visibility": {"level": "organisations", "organisations": ["nobody"]}}),
                vec!["\"nobody\" is not an organisation"],
            ),
            (
                json!({"schools": [200_011]}),
                vec!["schools: URN 200011 is not an open school"],
            ),
            (json!({"days": "six"}), vec!["could not be read"]),
        ] {
            let reply = post(
                &client,
                &people.asker,
                "/api/v1/needs",
                need_body(changes.clone()),
            )
            .await;
            assert_eq!(reply.status, 400, "{backend}: {changes}: {}", reply.body);
            let message = error_of(&reply);
            for words in expected {
                assert!(message.contains(words), "{backend}: {changes}: {message}");
            }
        }
        let not_ours = post(
            &client,
            &people.asker,
            "/api/v1/needs",
            need_body(json!({"owner": RIVERSIDE.key()})),
        )
        .await;
        assert_eq!(not_ours.status, 403, "{backend}: {}", not_ours.body);
        assert!(error_of(&not_ours).contains("You do not act for trust-910002"));
        let by_outsider = post(
            &client,
            &people.outsider,
            "/api/v1/needs",
            need_body(json!({})),
        )
        .await;
        assert_eq!(by_outsider.status, 403, "{backend}: {}", by_outsider.body);
        let everything = get(&client, &people.asker, "/api/v1/needs?per_page=500").await;
        assert_eq!(
            ids(&everything),
            vec![need],
            "{backend}: nothing else was written"
        );

        // The confidential need is kept from everyone outside Hillside.
        let mine = get(&client, &people.asker, &format!("/api/v1/needs/{need}")).await;
        assert_eq!(mine.status, 200, "{backend}: {}", mine.body);
        for (who, token) in [
            ("the outsider", Some(&people.outsider)),
            ("the candidate", Some(&people.helper)),
            ("anonymous", None),
        ] {
            for path in [
                "/api/v1/needs".to_string(),
                format!("/api/v1/needs?owner={}", HILLSIDE.key()),
                format!("/api/v1/needs/{need}"),
                format!("/api/v1/needs/{need}/candidates"),
                format!("/api/v1/needs/{need}/candidates.csv"),
                format!("/api/v1/needs/{need}/candidates/{}", RIVERSIDE.key()),
            ] {
                let reply = match token {
                    Some(token) => get(&client, token, &path).await,
                    None => client.get(&path).await,
                };
                if path == "/api/v1/needs" || path.starts_with("/api/v1/needs?") {
                    assert_eq!(reply.status, 200, "{backend}: {who} {path}: {}", reply.body);
                    assert!(ids(&reply).is_empty(), "{backend}: {who} sees {path}");
                } else {
                    // Hidden exactly like a need that does not exist; the ranking also
                    // needs a token first.
                    let ranking = path.contains("/candidates");
                    let hidden = if token.is_none() && ranking { 401 } else { 404 };
                    assert_eq!(
                        reply.status, hidden,
                        "{backend}: {who} {path}: {}",
                        reply.body
                    );
                }
                for secret in SECRETS {
                    assert!(
                        !reply.body.contains(secret),
                        "{backend}: {who} {path} shows {secret}"
                    );
                }
            }
        }

        // The ranking, with each candidate's score and factors in words.
        let ranking = get(
            &client,
            &people.asker,
            &format!("/api/v1/needs/{need}/candidates"),
        )
        .await;
        assert_eq!(ranking.status, 200, "{backend}: {}", ranking.body);
        let ranking = ranking.json();
        let candidates = ranking["candidates"].as_array().expect("candidates");
        assert_eq!(
            ranking["total"], 14,
            "{backend}: 13 schools and Riverside: {ranking}"
        );
        let riverside_first = [RIVERSIDE.key(), "school-200011".to_string()];
        assert!(
            riverside_first
                .iter()
                .any(|org| candidates[0]["org"] == *org),
            "{backend}: Riverside, strong and near, comes first: {ranking}"
        );
        let riverside = candidates
            .iter()
            .find(|c| c["org"] == RIVERSIDE.key())
            .expect("Riverside Trust is a candidate");
        assert!(
            riverside["rank"].as_u64().unwrap() <= 3,
            "{backend}: {riverside}"
        );
        for candidate in candidates {
            let org = candidate["org"].as_str().unwrap();
            assert!(
                !org.starts_with("school-20000"),
                "{backend}: Hillside's own school {org}"
            );
            assert_ne!(org, HILLSIDE.key());
            let score = candidate["score"].as_f64().expect("a score");
            assert!((0.0..=100.0).contains(&score), "{backend}: {candidate}");
            let factors = candidate["factors"].as_array().expect("factors");
            assert_eq!(factors.len(), 5, "{backend}: {candidate}");
            let points: f64 = factors.iter().map(|f| f["points"].as_f64().unwrap()).sum();
            assert!(
                (points - score).abs() < 1e-6,
                "{backend}: points add up to the score"
            );
            for factor in factors {
                assert!(factor["summary"].as_str().is_some_and(|s| !s.is_empty()));
                assert!(factor["weight"].is_number() && factor["value"].is_number());
                assert!(factor["figures"].is_array());
            }
        }
        let evidence = &riverside["factors"][0];
        assert_eq!(evidence["kind"], "evidence");
        assert!(
            evidence["summary"]
                .as_str()
                .unwrap()
                .contains("above their families' median"),
            "{backend}: {evidence}"
        );
        assert_eq!(ranking["effective_weights"]["evidence"], 40.0);
        for bad in [
            "w_evidence=150",
            "w_context=lots",
            "w_offer=%2010",
            "competition=maybe",
            "per_page=0",
        ] {
            let reply = get(
                &client,
                &people.asker,
                &format!("/api/v1/needs/{need}/candidates?{bad}"),
            )
            .await;
            assert_eq!(reply.status, 400, "{backend}: {bad}: {}", reply.body);
        }
        let reweighted = get(
            &client,
            &people.asker,
            &format!("/api/v1/needs/{need}/candidates?w_evidence=0&w_distance=100&per_page=2"),
        )
        .await
        .json();
        assert_eq!(reweighted["weights"]["distance"], 100.0);
        assert_eq!(reweighted["candidates"].as_array().unwrap().len(), 2);

        let csv = get(
            &client,
            &people.asker,
            &format!("/api/v1/needs/{need}/candidates.csv"),
        )
        .await;
        assert_eq!(csv.status, 200, "{backend}: {}", csv.body);
        assert!(
            csv.content_type.starts_with("text/csv"),
            "{}",
            csv.content_type
        );
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            &header[..6],
            [
                "rank",
                "org",
                "name",
                "score",
                "evidence_value",
                "evidence_points"
            ]
        );
        assert_eq!(header.last().map(String::as_str), Some("down_weighted"));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len() as u64, ranking["total"].as_u64().unwrap());
        assert_eq!(
            &rows[0][1],
            candidates[0]["org"].as_str().unwrap(),
            "{backend}"
        );
        assert_eq!(&rows[0][2], candidates[0]["name"].as_str().unwrap());

        let explained = get(
            &client,
            &people.asker,
            &format!("/api/v1/needs/{need}/candidates/{}", RIVERSIDE.key()),
        )
        .await
        .json();
        assert_eq!(
            explained["candidate"]["rank"], riverside["rank"],
            "{backend}: {explained}"
        );
        assert_eq!(explained["excluded"], Value::Null);
        let own = get(
            &client,
            &people.asker,
            &format!("/api/v1/needs/{need}/candidates/school-200001"),
        )
        .await;
        assert_eq!(
            own.json()["excluded"],
            "own_trust",
            "{backend}: {}",
            own.body
        );
        assert!(own.json()["reason"]
            .as_str()
            .unwrap()
            .contains("never a candidate"));

        // Asking for introductions.
        let path = format!("/api/v1/needs/{need}/introductions");
        let ask = |candidate: OrgRef| json!({"candidate": candidate.key(), "message": "ASKER-MESSAGE: could you visit in January?"});
        let refused = post(
            &client,
            &people.asker,
            &path,
            ask(OrgRef::School(Urn(200_002))),
        )
        .await;
        assert_eq!(refused.status, 400, "{backend}: {}", refused.body);
        assert!(error_of(&refused).contains("is not a candidate for this need"));
        let by_outsider = post(&client, &people.outsider, &path, ask(RIVERSIDE)).await;
        assert_eq!(by_outsider.status, 404, "{backend}: {}", by_outsider.body);
        let asked = post(&client, &people.asker, &path, ask(RIVERSIDE)).await;
        assert_eq!(asked.status, 201, "{backend}: {}", asked.body);
        let asked = asked.json();
        let introduction = asked["id"].as_i64().unwrap();
        assert_eq!(asked["side"], "asker");
        assert_eq!(asked["asker"]["name"], "Hillside Learning Trust");
        assert!(
            asked["reasons"].as_str().unwrap().starts_with("Score "),
            "{asked}"
        );
        let again = post(&client, &people.asker, &path, ask(RIVERSIDE)).await;
        assert_eq!(again.status, 409, "{backend}: {}", again.body);

        // The candidate sees what it needs to decide, and nothing that names the asker.
        let intro_path = format!("/api/v1/introductions/{introduction}");
        let seen = get(&client, &people.helper, &intro_path).await;
        assert_eq!(seen.status, 200, "{backend}: {}", seen.body);
        let seen_json = seen.json();
        assert_eq!(seen_json["side"], "candidate");
        assert_eq!(seen_json["area"], "ks4-outcomes");
        assert_eq!(seen_json["asker"], Value::Null);
        assert_eq!(seen_json["message"], Value::Null);
        assert_eq!(seen_json["need_description"], Value::Null);
        for secret in SECRETS {
            assert!(
                !seen.body.contains(secret),
                "{backend}: the candidate sees {secret}: {}",
                seen.body
            );
        }
        let emails = store.outbox(Some(HELPER_EMAIL), 20).await.unwrap();
        let told = emails
            .iter()
            .find(|e| {
                e.message
                    .body
                    .contains(&format!("/introductions/{introduction}"))
            })
            .unwrap_or_else(|| panic!("{backend}: the candidate's administrator is emailed"));
        for secret in SECRETS {
            assert!(
                !told.message.body.contains(secret) && !told.message.subject.contains(secret),
                "{backend}: the email names {secret}: {:?}",
                told.message
            );
        }
        assert_eq!(
            get(&client, &people.outsider, &intro_path).await.status,
            404
        );

        // Only the candidate's administrator may answer.
        let accept = format!("{intro_path}/accept");
        for (who, token) in [
            ("the asker", &people.asker),
            ("a member", &people.helper_member),
        ] {
            let reply = post(&client, token, &accept, json!({})).await;
            assert_eq!(reply.status, 403, "{backend}: {who}: {}", reply.body);
        }
        assert_eq!(
            post(&client, &people.outsider, &accept, json!({}))
                .await
                .status,
            404
        );
        let accepted = post(&client, &people.helper, &accept, json!({})).await;
        assert_eq!(accepted.status, 200, "{backend}: {}", accepted.body);
        let collaboration = accepted.json()["collaboration"].as_i64().unwrap();
        let twice = post(&client, &people.helper, &accept, json!({})).await;
        assert_eq!(twice.status, 200, "{backend}: {}", twice.body);
        assert_eq!(
            twice.json()["collaboration"],
            collaboration,
            "{backend}: one collaboration"
        );
        let after = get(&client, &people.helper, &intro_path).await.json();
        assert_eq!(after["status"], "accepted");
        assert_eq!(
            after["asker"]["name"], "Hillside Learning Trust",
            "{backend}: named once accepted"
        );

        // The collaboration is visible to both sides and to no one else.
        let collaboration_path = format!("/api/v1/collaborations/{collaboration}");
        for (who, token) in [("the asker", &people.asker), ("the helper", &people.helper)] {
            let list = get(&client, token, "/api/v1/collaborations").await;
            assert_eq!(
                ids(&list),
                vec![collaboration],
                "{backend}: {who}: {}",
                list.body
            );
            let one = get(&client, token, &collaboration_path).await;
            assert_eq!(one.status, 200, "{backend}: {who}: {}", one.body);
            assert_eq!(one.json()["introduction"], introduction);
            assert_eq!(one.json()["helper"]["org"], RIVERSIDE.key());
            assert_eq!(one.json()["helped"]["org"], HILLSIDE.key());
        }
        let filtered = get(
            &client,
            &people.asker,
            &format!("/api/v1/collaborations?org={}", RIVERSIDE.key()),
        )
        .await;
        assert_eq!(ids(&filtered), vec![collaboration], "{backend}");
        let outsiders_list = get(&client, &people.outsider, "/api/v1/collaborations").await;
        assert!(
            ids(&outsiders_list).is_empty(),
            "{backend}: {}",
            outsiders_list.body
        );
        assert_eq!(
            get(&client, &people.outsider, &collaboration_path)
                .await
                .status,
            404
        );
        assert!(ids(&client.get("/api/v1/collaborations").await).is_empty());
        assert_eq!(client.get(&collaboration_path).await.status, 404);

        // Declining: the reason stays with the candidate.
        let declined_intro = post(&client, &people.asker, &path, ask(LAKESIDE)).await;
        assert_eq!(
            declined_intro.status, 201,
            "{backend}: {}",
            declined_intro.body
        );
        let declined_id = declined_intro.json()["id"].as_i64().unwrap();
        let decline = format!("/api/v1/introductions/{declined_id}/decline");
        let reason = json!({"reason": "DECLINE-REASON: our maths lead is on leave"});
        let declined = post(&client, &people.lakeside, &decline, reason.clone()).await;
        assert_eq!(declined.status, 200, "{backend}: {}", declined.body);
        assert_eq!(declined.json()["status"], "declined");
        assert!(
            declined.body.contains("DECLINE-REASON"),
            "the candidate keeps its reason"
        );
        let asker_view = get(
            &client,
            &people.asker,
            &format!("/api/v1/introductions/{declined_id}"),
        )
        .await;
        assert_eq!(
            asker_view.json()["status"],
            "declined",
            "{backend}: {}",
            asker_view.body
        );
        assert!(
            !asker_view.body.contains("DECLINE-REASON"),
            "{backend}: {}",
            asker_view.body
        );
        for email in store.outbox(Some(ASKER_EMAIL), 20).await.unwrap() {
            assert!(
                !email.message.body.contains("DECLINE-REASON"),
                "{backend}: {:?}",
                email.message
            );
        }
        let twice = post(&client, &people.lakeside, &decline, reason).await;
        assert_eq!(twice.status, 409, "{backend}: {}", twice.body);
        let no_accept = post(
            &client,
            &people.lakeside,
            &format!("/api/v1/introductions/{declined_id}/accept"),
            json!({}),
        )
        .await;
        assert_eq!(
            no_accept.status, 409,
            "{backend}: a declined introduction cannot be accepted"
        );
    }
}

#[tokio::test]
async fn brokerage_api_offers_are_posted_listed_and_paused_by_their_organisation_only() {
    for db in TestDatabase::both().await {
        let backend = format!("{:?}", db.backend);
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let people = people(&store).await;
        let server = TestServer::start(store.clone()).await;
        let client = WebClient::new(&server);
        let offer_body = |changes: Value| {
            let mut body = need_body(json!({
                "owner": RIVERSIDE.key(),
                "description": "Peer review of GCSE maths by our lead practitioners",
                "visibility": {"level": "public"},
            }));
            let days = body.as_object_mut().unwrap().remove("days").unwrap();
            body["days_per_term"] = days;
            for (key, value) in changes.as_object().unwrap() {
                body[key] = value.clone();
            }
            body
        };
        let bad = post(
            &client,
            &people.helper,
            "/api/v1/offers",
            offer_body(json!({"days_per_term": 0, "form": "juggling"})),
        )
        .await;
        assert_eq!(bad.status, 400, "{backend}: {}", bad.body);
        assert!(
            error_of(&bad).contains("days: Days per term must be at least 1"),
            "{}",
            bad.body
        );
        assert!(error_of(&bad).contains("form: "), "{}", bad.body);
        let not_ours = post(
            &client,
            &people.asker,
            "/api/v1/offers",
            offer_body(json!({})),
        )
        .await;
        assert_eq!(not_ours.status, 403, "{backend}: {}", not_ours.body);
        assert!(
            ids(&client.get("/api/v1/offers").await).is_empty(),
            "{backend}: nothing written"
        );

        let posted = post(
            &client,
            &people.helper,
            "/api/v1/offers",
            offer_body(json!({})),
        )
        .await;
        assert_eq!(posted.status, 201, "{backend}: {}", posted.body);
        let offer = posted.json()["id"].as_i64().unwrap();
        assert_eq!(posted.json()["days_per_term"], 6);
        assert_eq!(
            ids(&client
                .get("/api/v1/offers?area=ks4-outcomes&active=true")
                .await),
            vec![offer]
        );
        assert!(ids(&client.get("/api/v1/offers?area=governance").await).is_empty());
        for bad in ["area=astrology", "area=", "owner=trust-0", "active=yes"] {
            let reply = client.get(&format!("/api/v1/offers?{bad}")).await;
            assert_eq!(reply.status, 400, "{backend}: {bad}: {}", reply.body);
        }
        assert_eq!(
            client.get(&format!("/api/v1/offers/{offer}")).await.status,
            200
        );

        // The offer counts in the ranking of a need in its area.
        let need = post(
            &client,
            &people.asker,
            "/api/v1/needs",
            need_body(json!({})),
        )
        .await;
        assert_eq!(need.status, 201, "{backend}: {}", need.body);
        let need = need.json()["id"].as_i64().unwrap();
        let explained = get(
            &client,
            &people.asker,
            &format!("/api/v1/needs/{need}/candidates/{}", RIVERSIDE.key()),
        )
        .await
        .json();
        let offer_factor = &explained["candidate"]["factors"][3];
        assert_eq!(offer_factor["kind"], "offer", "{backend}: {explained}");
        assert!(
            offer_factor["summary"]
                .as_str()
                .unwrap()
                .starts_with(&format!(
                    "Offer {offer} in key stage 4 outcomes: 6 of 6 days"
                )),
            "{backend}: {offer_factor}"
        );
        assert!(
            offer_factor["value"].as_f64().unwrap() > 0.9,
            "{backend}: {offer_factor}"
        );

        let status = format!("/api/v1/offers/{offer}/status");
        let by_asker = post(&client, &people.asker, &status, json!({"status": "paused"})).await;
        assert_eq!(by_asker.status, 403, "{backend}: {}", by_asker.body);
        let unknown = post(
            &client,
            &people.helper,
            &status,
            json!({"status": "asleep"}),
        )
        .await;
        assert_eq!(unknown.status, 400, "{backend}: {}", unknown.body);
        let paused = post(
            &client,
            &people.helper_member,
            &status,
            json!({"status": "paused"}),
        )
        .await;
        assert_eq!(paused.status, 200, "{backend}: {}", paused.body);
        assert_eq!(paused.json()["status"], "paused");
        assert!(ids(&client.get("/api/v1/offers?active=true").await).is_empty());
        let ended = post(&client, &people.helper, &status, json!({"status": "ended"})).await;
        assert_eq!(ended.json()["status"], "ended", "{backend}: {}", ended.body);
        let revived = post(
            &client,
            &people.helper,
            &status,
            json!({"status": "active"}),
        )
        .await;
        assert_eq!(revived.status, 409, "{backend}: {}", revived.body);
    }
}
