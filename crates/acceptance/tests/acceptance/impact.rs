//! Impact compared like with like over HTTP on both backends: a school's Progress 8 before
//! and after it joined its trust against its family, as a page and as JSON, from a small
//! dataset shaped like the bundled one (the 2015-2018 series, the 2018/19 KS4 file and the
//! 2023/24 figures, each credited to its file) with a known effect; and a confidential
//! collaboration's impact, seen by its two organisations and answered "not found" to
//! everyone else, platform administrators included, on its own pages and on the school's.

use super::authorisation_matrix::{ask, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_domain::access::{PlatformRole, Visibility};
use convene_domain::account::PersonId;
use convene_domain::brokerage::{HelpForm, ImprovementArea, NeedDraft, Reach};
use convene_domain::dataset::NationalDataset;
use convene_domain::organisation::{Group, GroupKind, GroupLink, Phase, School};
use convene_domain::outcome::{Measure, OutcomeSeries};
use convene_domain::{Date, GroupUid, Urn};
use convene_store::{IntroductionRequest, Store};

pub(crate) const OURS: i64 = 1001;
/// How much more Ours Academy's Progress 8 rose after it joined, by construction.
const EFFECT: f64 = 0.5;

fn secondary(urn: i64, name: &str, fsm: f64) -> School {
    let mut school = School::new(Urn(urn), name);
    school.phase = Phase::Secondary;
    school.type_name = "Academy converter".into();
    school.pupils = Some(1000);
    school.fsm_percent = Some(fsm);
    school
}

/// Each school's Progress 8 in a year: its own level, a trend all share, a little noise,
/// and for Ours Academy the effect from 2017/18 on. Ours Academy has no 2016/17 figure.
fn progress8(urn: i64, year: i32) -> Option<f64> {
    let j = urn - OURS;
    let trend = 0.03 * f64::from(year - 2015);
    if j == 0 {
        let treated = if year >= 2017 { EFFECT } else { 0.0 };
        return (year != 2016).then_some(trend + treated);
    }
    let level = (j % 5) as f64 * 0.1 - 0.2;
    let noise = ((j * 7 + i64::from(year)) % 5) as f64 * 0.02 - 0.04;
    Some(level + trend + noise)
}

pub(crate) fn dataset() -> NationalDataset {
    let mut schools = vec![secondary(OURS, "Ours Academy", 20.0)];
    schools.extend((1..=12).map(|i| {
        secondary(
            OURS + i,
            &format!("Similar School {i}"),
            20.0 + i as f64 * 0.5,
        )
    }));
    let outcomes = [2015, 2016, 2017, 2018, 2023]
        .into_iter()
        .map(|year| OutcomeSeries {
            measure: Measure::Ks4Progress8,
            year: convene_domain::outcome::academic_year(year),
            source: match year {
                2023 => "secondary_schools_2026-03.csv",
                2018 => "ks4_2018-19.csv",
                _ => "progress_and_admissions_by_year_2014-2022.csv",
            }
            .into(),
            values: (OURS..=OURS + 12)
                .filter_map(|urn| progress8(urn, year).map(|v| (Urn(urn), v)))
                .collect(),
        })
        .collect();
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
        schools,
        group_links: vec![GroupLink {
            group_uid: GroupUid(17101),
            urn: Urn(OURS),
            joined_date: Date::new(2017, 9, 1),
        }],
        outcomes,
        ..NationalDataset::default()
    }
}

async fn get_json(server: &TestServer, path: &str) -> (u16, serde_json::Value) {
    let reply = reqwest::get(server.url(path)).await.unwrap();
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap())
}

async fn get_text(server: &TestServer, path: &str) -> (u16, String) {
    let reply = reqwest::get(server.url(path)).await.unwrap();
    let status = reply.status().as_u16();
    (status, reply.text().await.unwrap())
}

#[tokio::test]
async fn a_school_s_impact_since_joining_its_trust_is_compared_with_its_family() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let server = TestServer::start(store).await;
        let backend = format!("{:?}", db.backend);

        let (status, page) = get_text(&server, "/schools/1001/impact").await;
        assert_eq!(status, 200, "{backend}");
        for expected in [
            "Progress 8 before and after joining 5 Dimensions Trust",
            "Start 1 September 2017",
            "contributed to the improvement",
            "compared with similar schools",
            "95% interval",
            ">not published</td>",
            "2018/19: 0.59 (source: ks4_2018-19.csv)",
            "Range of the family, lowest to highest",
        ] {
            assert!(page.contains(expected), "{backend}: {expected}");
        }
        assert!(!page.contains("caused"), "{backend}: never attribution");
        assert!(!page.contains("style="), "{backend}: no inline styles");

        let (status, json) = get_json(&server, "/api/v1/schools/1001/impact").await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(json["measure"], "ks4-progress8");
        assert_eq!(json["start"]["kind"], "joined_trust");
        assert_eq!(json["start"]["date"], "2017-09-01");
        assert_eq!(json["family_size"], 12);
        let impact = &json["impact"];
        assert_eq!(impact["first_year_after"], "2017/18");
        assert_eq!(impact["years_before"], serde_json::json!(["2015/16"]));
        assert_eq!(impact["years"][1]["year"], "2016/17");
        assert!(impact["years"][1]["school"].is_null(), "{backend}: not 0");
        assert_eq!(
            impact["years"][0]["source"],
            "progress_and_admissions_by_year_2014-2022.csv"
        );
        let estimate = &impact["estimate"];
        assert_eq!(estimate["finding"], "above_family", "{backend}: {estimate}");
        assert_eq!(estimate["compared_schools"], 12);
        let difference = estimate["difference"].as_f64().unwrap();
        assert!((difference - EFFECT).abs() < 0.1, "{backend}: {difference}");
        assert!(estimate["low"].as_f64().unwrap() > 0.0);

        let (_, late) = get_json(&server, "/api/v1/schools/1001/impact?start=2027-01-04").await;
        assert!(late["impact"]["estimate"].is_null());
        assert!(
            late["impact"]["refusal"]
                .as_str()
                .unwrap()
                .contains("too early"),
            "{backend}"
        );
        assert_eq!(late["start"]["kind"], "given");

        let (status, none) = get_json(
            &server,
            "/api/v1/schools/1001/impact?measure=ks4-attainment8",
        )
        .await;
        assert_eq!(status, 200);
        assert!(none["impact"]["refusal"]
            .as_str()
            .unwrap()
            .starts_with("No Attainment 8 figure is published for Ours Academy"));

        for bad in [
            "/api/v1/schools/1001/impact?measure=pupil-premium-percent",
            "/api/v1/schools/1001/impact?start=2017-13-01",
            "/api/v1/schools/1001/impact?start=01/09/2017",
        ] {
            let (status, body) = get_json(&server, bad).await;
            assert_eq!(status, 400, "{backend}: {bad}");
            assert!(body["error"].is_string());
        }

        let (_, unjoined) = get_json(&server, "/api/v1/schools/1002/impact").await;
        assert!(unjoined["impact"].is_null(), "{backend}");
        assert!(unjoined["message"]
            .as_str()
            .unwrap()
            .contains("give one (start=YYYY-MM-DD)"));
        let (status, page) = get_text(&server, "/schools/1002/impact").await;
        assert_eq!(status, 200);
        assert!(page.contains("has not joined an academy trust in the data Convene holds"));
        let (status, page) = get_text(&server, "/schools/1002/impact?start=2017-09-01").await;
        assert_eq!(status, 200);
        assert!(page.contains("Progress 8 before and after the start on 1 September 2017"));
        assert_eq!(get_text(&server, "/schools/999999/impact").await.0, 404);
    }
}

pub(crate) struct People {
    pub(crate) admin_a: PersonId,
    pub(crate) admin_b: PersonId,
    pub(crate) outsider: PersonId,
    pub(crate) platform: PersonId,
}

/// Trust A's administrator, trust B's, someone in neither, and a platform administrator;
/// trust B helping trust A with a need confidential to trust A (asked from September 2017,
/// but a collaboration starts no earlier than the day it is agreed).
pub(crate) async fn collaboration(store: &Store) -> (People, i64) {
    let admin_a = person(store, "admin-a@example.org", true, &[]).await;
    let admin_b = person(store, "admin-b@example.org", true, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [(admin_a, TRUST_A), (admin_b, TRUST_B)] {
        let id = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, id, true, "/account", None)
            .await
            .unwrap();
    }
    let need = store
        .create_need(
            admin_a,
            &NeedDraft {
                owner: TRUST_A,
                area: ImprovementArea::Ks4Outcomes,
                form: HelpForm::PeerReview,
                role: None,
                description: "SECRET-NEED".into(),
                from: Date::new(2017, 9, 1).unwrap(),
                to: Date::new(2018, 7, 20).unwrap(),
                days: 6,
                reach: Reach::Anywhere,
                schools: Vec::new(),
                visibility: Visibility::Organisations([TRUST_A].into()),
            },
        )
        .await
        .unwrap();
    let introduction = store
        .request_introduction(&IntroductionRequest {
            need,
            candidate: TRUST_B,
            requested_by: admin_a,
            message: String::new(),
            reasons: "Ranked 1".into(),
            public_url: "http://convene.test".into(),
        })
        .await
        .unwrap();
    let id = store
        .accept_introduction(introduction, admin_b, "http://convene.test")
        .await
        .unwrap();
    (
        People {
            admin_a,
            admin_b,
            outsider,
            platform,
        },
        id.0,
    )
}

#[tokio::test]
async fn a_confidential_collaboration_s_impact_is_seen_only_by_its_two_organisations() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let (people, id) = collaboration(&store).await;
        let server = TestServer::start(store.clone()).await;
        let backend = format!("{:?}", db.backend);
        let label = "the collaboration with Test Trust B on key stage 4 outcomes";
        for (who, person) in [
            ("anonymous", None),
            ("outsider", Some(people.outsider)),
            ("platform admin", Some(people.platform)),
        ] {
            for path in [
                format!("/collaborations/{id}/impact"),
                format!("/api/v1/collaborations/{id}/impact"),
                format!("/api/v1/collaborations/{id}/impact?measure=ks4-progress8"),
            ] {
                let reply = ask(&store, &server, person, "GET", &path).await;
                assert_eq!(reply.status, 404, "{backend}: {who} {path}");
                assert!(!reply.body.contains("Test Trust B"), "{backend}: {who}");
            }
            for path in ["/schools/1001/impact", "/api/v1/schools/1001/impact"] {
                let reply = ask(&store, &server, person, "GET", path).await;
                assert_eq!(reply.status, 200, "{backend}: {who} {path}");
                assert!(
                    !reply.body.contains("Test Trust B"),
                    "{backend}: {who} {path}"
                );
                assert!(!reply.body.contains("SECRET"), "{backend}: {who} {path}");
            }
        }
        for (who, person) in [("trust A", people.admin_a), ("trust B", people.admin_b)] {
            let page = ask(
                &store,
                &server,
                Some(person),
                "GET",
                &format!("/collaborations/{id}/impact"),
            )
            .await;
            assert_eq!(page.status, 200, "{backend}: {who}");
            assert!(
                page.body
                    .contains(&format!("Progress 8 before and after {label}")),
                "{backend}: {who}"
            );
            assert!(
                page.body.contains(&format!("too early to say what changed after {label}")),
                "{backend}: {who}: a collaboration starts no earlier than the day it is agreed, after the latest published results"
            );
            let json = ask(
                &store,
                &server,
                Some(person),
                "GET",
                &format!("/api/v1/collaborations/{id}/impact"),
            )
            .await
            .json();
            assert_eq!(json["helped"]["org"], "trust-17101", "{backend}");
            assert_eq!(json["area"], "ks4-outcomes");
            assert!(json["measure"].is_null(), "the area's own measures");
            let helped = &json["schools"][0];
            assert_eq!(helped["urn"], OURS);
            assert_eq!(helped["impact"]["measure"], "ks4-progress8");
            assert_eq!(helped["impact"]["years"].as_array().unwrap().len(), 5);
            assert!(helped["impact"]["estimate"].is_null());
            assert!(helped["impact"]["refusal"]
                .as_str()
                .unwrap()
                .contains("too early"));
            assert!(!json.to_string().contains("SECRET"));
            let school = ask(
                &store,
                &server,
                Some(person),
                "GET",
                "/api/v1/schools/1001/impact",
            )
            .await
            .json();
            let starts = school["starts"].as_array().unwrap();
            assert!(
                starts
                    .iter()
                    .any(|s| s["kind"] == "collaboration" && s["label"] == label),
                "{backend}: {who} sees the collaboration as a start"
            );
            assert!(!school.to_string().contains("SECRET"));
        }
    }
}

/// A partnership convened by trust A (whose one school is Ours Academy), published, with
/// an agreed goal whose baseline is the day Ours Academy joined, and a draft goal.
async fn partnership(store: &Store) -> (i64, i64, i64) {
    use convene_domain::partnerships::{GoalDraft, PartnershipDraft, Rhythm, ServedArea};
    let admin = person(store, "admin-a@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    let claim = store.claim_membership(admin, TRUST_A, None).await.unwrap();
    store
        .decide_membership(platform, TRUST_A, claim, true, "/account", None)
        .await
        .unwrap();
    let id = store
        .create_partnership(
            admin,
            &PartnershipDraft {
                convener: TRUST_A,
                name: "Key stage 4 together".into(),
                issue: "Progress 8 below similar schools".into(),
                area: ServedArea {
                    local_authorities: Vec::new(),
                    schools: Vec::new(),
                },
                evidence: "Published results".into(),
                vision: "Every pupil making good progress".into(),
                narrative: String::new(),
                rhythm: Rhythm::HalfTermly,
                first_stocktake: Date::new(2027, 1, 4).unwrap(),
                calendar: Vec::new(),
                published: true,
            },
        )
        .await
        .unwrap();
    let goal = |title: &str| GoalDraft {
        title: title.into(),
        measure: "Progress 8 across our schools".into(),
        unit: String::new(),
        baseline: -0.2,
        baseline_on: Date::new(2017, 9, 1).unwrap(),
        target: 0.3,
        deadline: Date::new(2019, 7, 1).unwrap(),
        owner: TRUST_A,
    };
    let agreed = store
        .create_goal(id, admin, &goal("Progress 8 above zero"))
        .await
        .unwrap();
    store.agree_goal(agreed, admin).await.unwrap();
    let draft = store
        .create_goal(id, admin, &goal("DRAFT-GOAL"))
        .await
        .unwrap();
    (id.0, agreed.0, draft.0)
}

#[tokio::test]
async fn a_partnership_goal_s_impact_is_its_members_schools_against_their_families() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let (id, agreed, draft) = partnership(&store).await;
        let server = TestServer::start(store).await;
        let backend = format!("{:?}", db.backend);

        let (status, json) = get_json(
            &server,
            &format!("/api/v1/partnerships/{id}/impact?goal={agreed}"),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {json}");
        assert_eq!(json["start"]["kind"], "partnership");
        assert_eq!(json["start"]["date"], "2017-09-01");
        assert_eq!(json["goal"]["title"], "Progress 8 above zero");
        let schools = json["schools"].as_array().unwrap();
        assert_eq!(schools.len(), 1, "{backend}: trust A's one school");
        assert_eq!(schools[0]["urn"], OURS);
        let estimate = &schools[0]["impact"]["estimate"];
        let difference = estimate["difference"].as_f64().unwrap();
        assert!((difference - EFFECT).abs() < 0.1, "{backend}: {difference}");
        let goals: Vec<&str> = json["goals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            goals,
            ["Progress 8 above zero"],
            "{backend}: no draft goal for the public"
        );

        let (status, _) = get_json(
            &server,
            &format!("/api/v1/partnerships/{id}/impact?goal={draft}"),
        )
        .await;
        assert_eq!(status, 404, "{backend}: a draft goal is the members' own");

        let (status, json) = get_json(&server, &format!("/api/v1/partnerships/{id}/impact")).await;
        assert_eq!(status, 200);
        assert_eq!(
            json["start"]["label"],
            "the partnership Key stage 4 together"
        );
        assert!(
            json["schools"][0]["impact"]["estimate"].is_null(),
            "{backend}: no results yet after a partnership started this year"
        );

        let (status, page) = get_text(
            &server,
            &format!("/partnerships/{id}/impact?goal={agreed}&measure=ks4-progress8"),
        )
        .await;
        assert_eq!(status, 200);
        for expected in [
            "Key stage 4 together",
            "the goal \u{201c}Progress 8 above zero\u{201d}",
            "compared with similar schools",
            "Progress 8 across our schools",
        ] {
            assert!(page.contains(expected), "{backend}: {expected}");
        }
        assert!(!page.contains("DRAFT-GOAL"), "{backend}");
        let (status, _) = get_text(
            &server,
            &format!("/partnerships/{id}/impact?measure=nonsense"),
        )
        .await;
        assert_eq!(status, 400);
    }
}
