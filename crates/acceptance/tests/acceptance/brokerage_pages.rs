//! Brokerage pages over HTTP on both backends: posting a need (and what a bad form says),
//! the ranking with every factor and the controls that change it, a confidential need that
//! reaches no one outside its trust until a candidate accepts, declining with a private
//! reason, offers that can be paused and ended, and two servers accepting the same
//! introduction at once.
//!
//! The dataset is small but real in shape: three trusts and a few schools of their own
//! with locations and published KS4 and KS2 results, so every school has a family to be
//! measured against and the ranking has evidence, distances and a nearby competitor.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{create_person, sign_in, PASSWORD, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::access::{PlatformRole, ReadScope};
use convene_domain::dataset::NationalDataset;
use convene_domain::organisation::{GridReference, Group, GroupKind, GroupLink, Phase, School};
use convene_domain::outcome::{Measure, OutcomeSeries};
use convene_domain::party::OrgRef;
use convene_domain::{GroupUid, Urn};
use convene_store::{PostingFilter, Store};

/// A third trust, far from the other two, for someone on neither side of a need.
pub(crate) const TRUST_C: OrgRef = OrgRef::Trust(GroupUid(900_002));

/// The administrator of trust A (5 Dimensions Trust), who posts needs.
pub(crate) const ADMIN_A: &str = "admin-a@example.org";
/// The administrator of trust B (Test Trust B), who is asked to help.
pub(crate) const ADMIN_B: &str = "admin-b@example.org";
/// The administrator of trust C, on neither side.
pub(crate) const ADMIN_C: &str = "admin-c@example.org";

/// The schools of trust A, the trust in need: none may ever be a candidate.
pub(crate) const TRUST_A_SCHOOLS: [(i64, &str); 3] = [
    (136_730, "Shenley Brook End School"),
    (200_101, "Ashfield Academy"),
    (200_102, "Ashfield Primary School"),
];

/// A secondary school 4 km from trust A's secondaries: a possible competitor.
pub(crate) const RIVAL: &str = "school-200401";

/// (URN, name, phase, trust, easting, northing, KS4 Progress 8 or KS2 maths progress).
type SchoolRow = (i64, &'static str, Phase, Option<i64>, i64, i64, f64);

const SCHOOLS: [SchoolRow; 14] = [
    (
        136_730,
        "Shenley Brook End School",
        Phase::Secondary,
        Some(17101),
        483_000,
        236_000,
        -0.4,
    ),
    (
        200_101,
        "Ashfield Academy",
        Phase::Secondary,
        Some(17101),
        485_000,
        238_000,
        -0.3,
    ),
    (
        200_102,
        "Ashfield Primary School",
        Phase::Primary,
        Some(17101),
        484_000,
        237_000,
        -1.5,
    ),
    (
        200_201,
        "Beacon High School",
        Phase::Secondary,
        Some(900_001),
        500_000,
        240_000,
        0.6,
    ),
    (
        200_202,
        "Beacon Park Academy",
        Phase::Secondary,
        Some(900_001),
        502_000,
        244_000,
        0.4,
    ),
    (
        200_203,
        "Beacon Primary School",
        Phase::Primary,
        Some(900_001),
        501_000,
        241_000,
        2.0,
    ),
    (
        200_301,
        "Coastal College",
        Phase::Secondary,
        Some(900_002),
        600_000,
        300_000,
        0.3,
    ),
    (
        200_302,
        "Coastal Grammar Academy",
        Phase::Secondary,
        Some(900_002),
        603_000,
        302_000,
        0.8,
    ),
    (
        200_303,
        "Coastal Primary School",
        Phase::Primary,
        Some(900_002),
        601_000,
        301_000,
        1.0,
    ),
    (
        200_401,
        "Nearby Rival School",
        Phase::Secondary,
        None,
        487_000,
        236_000,
        0.2,
    ),
    (
        200_402,
        "Midshire Community School",
        Phase::Secondary,
        None,
        495_000,
        250_000,
        0.0,
    ),
    (
        200_403,
        "Valley School",
        Phase::Secondary,
        None,
        510_000,
        236_000,
        -0.1,
    ),
    (
        200_404,
        "Riverside Primary School",
        Phase::Primary,
        None,
        490_000,
        245_000,
        0.5,
    ),
    (
        200_405,
        "Hill Primary School",
        Phase::Primary,
        None,
        520_000,
        260_000,
        -0.5,
    ),
];

/// Three trusts and fourteen schools with locations, context and 2023/24 results.
pub(crate) fn dataset() -> NationalDataset {
    let mut schools = Vec::new();
    let mut links = Vec::new();
    let (mut progress8, mut attainment8, mut ks2) = (Vec::new(), Vec::new(), Vec::new());
    for (i, (urn, name, phase, trust, easting, northing, result)) in SCHOOLS.iter().enumerate() {
        let mut school = School::new(Urn(*urn), *name);
        school.phase = *phase;
        school.type_name = "Academy converter".into();
        school.location = GridReference::new(*easting, *northing);
        school.pupils = Some(if *phase == Phase::Secondary { 900 } else { 250 } + 10 * i as i64);
        school.fsm_percent = Some(12.0 + (i % 4) as f64);
        school.eal_percent = Some(8.0);
        school.idaci_quintile = Some(3);
        school.urban_rural = Some("(England/Wales) Urban city and town".into());
        schools.push(school);
        if let Some(uid) = trust {
            links.push(GroupLink {
                group_uid: GroupUid(*uid),
                urn: Urn(*urn),
                joined_date: None,
            });
        }
        if *phase == Phase::Secondary {
            progress8.push((Urn(*urn), *result));
            attainment8.push((Urn(*urn), 46.0 + 10.0 * result));
        } else {
            ks2.push((Urn(*urn), *result));
        }
    }
    let series = |measure, source: &str, values| OutcomeSeries {
        measure,
        year: "2023/24".into(),
        source: source.into(),
        values,
    };
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
            Group::new(
                GroupUid(900_002),
                "Test Trust C",
                GroupKind::MultiAcademyTrust,
            ),
        ],
        schools,
        group_links: links,
        outcomes: vec![
            series(Measure::Ks4Progress8, "ks4_2023-24.csv", progress8),
            series(Measure::Ks4Attainment8, "ks4_2023-24.csv", attainment8),
            series(Measure::Ks2MathsProgress, "ks2_2023-24.csv", ks2),
        ],
        ..NationalDataset::default()
    }
}

/// A fresh database on `db` with [`dataset`] loaded, each trust's administrator approved
/// by a platform administrator, and the server over it.
pub(crate) async fn serve(db: &TestDatabase) -> (Store, TestServer) {
    let store = db.store().await;
    store
        .load_dataset(&dataset(), &|_, _| {})
        .await
        .expect("load the brokerage dataset");
    add_administrators(&store).await;
    let server = TestServer::start(store.clone()).await;
    (store, server)
}

/// Makes [`ADMIN_A`], [`ADMIN_B`] and [`ADMIN_C`] the administrators of trusts A, B and C,
/// the way a first claim is approved.
pub(crate) async fn add_administrators(store: &Store) {
    let platform = create_person(
        store,
        "platform@example.org",
        "Platform Admin",
        &[PlatformRole::Administrator],
    )
    .await;
    for (email, name, org) in [
        (ADMIN_A, "Alex Asker", TRUST_A),
        (ADMIN_B, "Bea Helper", TRUST_B),
        (ADMIN_C, "Cal Third", TRUST_C),
    ] {
        let person = create_person(store, email, name, &[]).await;
        let claim = store.claim_membership(person, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
}

/// A client signed in through the sign-in form.
pub(crate) async fn signed_in(server: &TestServer, email: &str) -> WebClient {
    let client = WebClient::new(server);
    let reply = sign_in(&client, email, PASSWORD).await;
    assert_eq!(reply.status, 303, "{email} signs in: {}", reply.body);
    client
}

/// A good need for trust A: KS4 outcomes, a peer review, within 30 km, confidential.
fn need_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("owner", "trust-17101"),
        ("area", "ks4-outcomes"),
        ("form", "peer-review"),
        ("role", ""),
        (
            "description",
            "Progress 8 fell two years running in maths and science.",
        ),
        ("from", "2027-01-04"),
        ("to", "2027-07-16"),
        ("days", "6"),
        ("reach", "within"),
        ("within_km", "30"),
        ("schools", ""),
        ("visibility", "organisations"),
        ("share_other", ""),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

/// Posts the need form as a person would, from the form page.
async fn post_need(client: &WebClient, changes: &[(&str, &str)]) -> Reply {
    let form = client.get("/needs/new").await;
    assert_eq!(form.status, 200, "{}", form.body);
    client.post("/needs", &need_form(changes)).await
}

/// Posts a good need and returns its number (from the redirect to its candidates).
async fn posted_need(client: &WebClient, changes: &[(&str, &str)]) -> i64 {
    let reply = post_need(client, changes).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.location.expect("a redirect");
    let id = location
        .strip_prefix("/needs/")
        .and_then(|rest| rest.strip_suffix("/candidates"))
        .unwrap_or_else(|| panic!("a new need goes to its candidates, not {location}"));
    id.parse().expect("a need number")
}

/// Every candidate card on a candidates page, as (organisation key, score), in order.
fn candidates(page: &str) -> Vec<(String, f64)> {
    page.split("<li class=\"govuk-summary-card\">")
        .skip(1)
        .map(|card| {
            let key = card
                .split("govuk-tag govuk-tag--grey\">")
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .expect("the candidate's key");
            let score = card
                .split("<strong>Score ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|s| s.parse().ok())
                .expect("the candidate's score");
            (key.to_string(), score)
        })
        .collect()
}

/// Element ids used more than once on a page: a label or hint tied to such an id belongs
/// to the first element alone, so the others lose their names in a screen reader.
fn duplicate_ids(page: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut twice = std::collections::BTreeSet::new();
    for rest in page.split(" id=\"").skip(1) {
        let id = rest.split('"').next().unwrap_or_default().to_string();
        if !seen.insert(id.clone()) {
            twice.insert(id);
        }
    }
    twice.into_iter().collect()
}

fn score_of(list: &[(String, f64)], key: &str) -> Option<f64> {
    list.iter().find(|(k, _)| k == key).map(|(_, s)| *s)
}

/// Asks `candidate` for an introduction about `need` from its candidates page, returning
/// the introduction's number.
async fn ask(client: &WebClient, need: i64, candidate: &str, message: &str) -> i64 {
    let page = client.get(&format!("/needs/{need}/candidates")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let reply = client
        .post(
            &format!("/needs/{need}/introductions"),
            &[
                ("candidate", candidate),
                ("controls", "competition=down_weight"),
                ("message", message),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "ask {candidate}: {}", reply.body);
    let location = reply.location.expect("a redirect");
    location
        .strip_prefix("/introductions/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("asking goes to the introduction, not {location}"))
}

/// How many collaborations trusts A, B and C are party to, as the store counts them.
async fn collaborations_count(store: &Store) -> usize {
    let scope = ReadScope {
        person: None,
        organisations: vec![TRUST_A, TRUST_B, TRUST_C],
    };
    store
        .collaborations(&scope, None, 100, 0)
        .await
        .expect("collaborations")
        .len()
}

#[tokio::test]
async fn a_bad_need_form_names_every_problem_and_writes_nothing() {
    for db in TestDatabase::both().await {
        let (store, server) = serve(&db).await;
        let backend = format!("{:?}", db.backend);
        let asker = signed_in(&server, ADMIN_A).await;
        let reply = post_need(
            &asker,
            &[
                ("owner", "trust-900001"),
                ("area", "underwater-basket-weaving"),
                ("from", "2027-03-01"),
                ("to", "2027-01-04"),
                ("days", "-3"),
            ],
        )
        .await;
        assert_eq!(reply.status, 400, "{backend}: {}", reply.body);
        let summary = reply
            .body
            .split("govuk-error-summary__list")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .unwrap_or_else(|| panic!("{backend}: no GOV.UK error summary: {}", reply.body));
        assert!(reply.body.contains("There is a problem"), "{backend}");
        for (field, message) in [
            ("#owner", "Choose an organisation you act for"),
            ("#area", "Choose an improvement area from the list"),
            (
                "#to",
                "The end date must be the same as or after the start date",
            ),
            ("#days", "Days of help cannot be below zero"),
        ] {
            assert!(
                summary.contains(&format!("href=\"{field}\">{message}</a>")),
                "{backend}: the summary names {field}: {summary}"
            );
        }
        // What was typed is kept, so the person only fixes what is wrong.
        assert!(
            reply.body.contains("Progress 8 fell two years running"),
            "{backend}"
        );

        let list = asker.get("/needs").await;
        assert_eq!(list.status, 200, "{backend}");
        assert!(list.body.contains("No needs found."), "{backend}");
        let scope = ReadScope {
            person: None,
            organisations: vec![TRUST_A, TRUST_B],
        };
        let stored = store
            .needs(&scope, &PostingFilter::default(), 10, 0)
            .await
            .unwrap();
        assert!(stored.is_empty(), "{backend}: nothing was written");
    }
}

#[tokio::test]
async fn the_ranking_shows_every_factor_leaves_out_the_trust_in_need_and_follows_the_controls() {
    for db in TestDatabase::both().await {
        let (_store, server) = serve(&db).await;
        let backend = format!("{:?}", db.backend);
        let asker = signed_in(&server, ADMIN_A).await;
        let need = posted_need(&asker, &[]).await;
        let path = format!("/needs/{need}/candidates");

        let page = asker.get(&path).await;
        assert_eq!(page.status, 200, "{backend}: {}", page.body);
        for label in [
            "Score ",
            "Evidence of strength in the area",
            "Similar context",
            "Distance",
            "Declared offer and spare capacity",
            "Track record on Convene",
        ] {
            assert!(
                page.body.contains(label),
                "{backend}: the page shows {label}"
            );
        }
        let ranked = candidates(&page.body);
        assert!(ranked.len() >= 5, "{backend}: {ranked:?}");
        let keys: Vec<&str> = ranked.iter().map(|(k, _)| k.as_str()).collect();
        assert!(!keys.contains(&"trust-17101"), "{backend}: {keys:?}");
        for (urn, _) in TRUST_A_SCHOOLS {
            assert!(
                !keys.contains(&format!("school-{urn}").as_str()),
                "{backend}: a school of the trust in need is a candidate: {keys:?}"
            );
        }
        for expected in ["trust-900001", "school-200201", RIVAL] {
            assert!(
                keys.contains(&expected),
                "{backend}: {expected} in {keys:?}"
            );
        }
        // Schools beyond the need's 30 km are left out.
        assert!(!keys.contains(&"school-200302"), "{backend}: {keys:?}");
        // Evidence counts: Beacon High (Progress 8 0.6) is above Valley School (-0.1), whose
        // context and distance are much the same.
        let beacon = score_of(&ranked, "school-200201").unwrap();
        let valley = score_of(&ranked, "school-200403").unwrap();
        assert!(beacon > valley, "{backend}: {beacon} against {valley}");
        assert!(
            page.body.contains("above its family&#39;s median")
                || page.body.contains("above its family's median"),
            "{backend}: evidence is put into words"
        );
        assert!(page.body.contains("ks4_2023-24.csv"), "{backend}: sources");
        assert_eq!(duplicate_ids(&page.body), Vec::<String>::new(), "{backend}");

        // No weight on evidence: the scores change, and Beacon High's lead goes.
        let flat = asker.get(&format!("{path}?w_evidence=0")).await;
        assert_eq!(flat.status, 200, "{backend}: {}", flat.body);
        let flat = candidates(&flat.body);
        let beacon_flat = score_of(&flat, "school-200201").unwrap();
        assert!(
            (beacon_flat - beacon).abs() > 1.0,
            "{backend}: w_evidence=0 changed nothing ({beacon} and {beacon_flat})"
        );
        assert!(
            beacon_flat - score_of(&flat, "school-200403").unwrap() < beacon - valley,
            "{backend}: without evidence the strong school's lead shrinks"
        );

        // Why is the nearby rival where it is? Flagged, with its score halved by default.
        let explained = asker.get(&format!("{path}?org={RIVAL}")).await;
        assert_eq!(explained.status, 200, "{backend}");
        assert!(
            explained
                .body
                .contains(&format!("Why is {RIVAL} where it is?")),
            "{backend}"
        );
        assert!(
            explained.body.contains("Nearby Rival School is ranked"),
            "{backend}"
        );
        assert!(explained.body.contains("Score halved"), "{backend}");

        // Leaving possible competitors out removes it, and says why.
        let without = asker
            .get(&format!("{path}?competition=exclude&org={RIVAL}"))
            .await;
        assert_eq!(without.status, 200, "{backend}");
        let without_keys: Vec<String> = candidates(&without.body)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert!(
            !without_keys.iter().any(|k| k == RIVAL),
            "{backend}: {without_keys:?}"
        );
        assert!(
            without_keys.iter().any(|k| k == "school-200201"),
            "{backend}"
        );
        assert!(
            without
                .body
                .contains("chose to leave possible competitors out"),
            "{backend}"
        );

        // Controls out of range are refused, not guessed at.
        assert_eq!(
            asker.get(&format!("{path}?w_evidence=101")).await.status,
            400,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_confidential_need_reaches_no_one_outside_its_trust_until_the_candidate_accepts() {
    const SECRET: &str = "Our head of maths left at Easter and results are falling";
    const MESSAGE: &str = "Could your maths lead visit in January?";
    for db in TestDatabase::both().await {
        let (store, server) = serve(&db).await;
        let backend = format!("{:?}", db.backend);
        let asker = signed_in(&server, ADMIN_A).await;
        let helper = signed_in(&server, ADMIN_B).await;
        let third = signed_in(&server, ADMIN_C).await;
        let need = posted_need(&asker, &[("description", SECRET), ("reach", "anywhere")]).await;

        // Before anything is asked, the other trusts cannot find it anywhere.
        for (who, client) in [("trust B", &helper), ("trust C", &third)] {
            let list = client.get("/needs").await;
            assert!(
                !list.body.contains(SECRET) && !list.body.contains(&format!("/needs/{need}\"")),
                "{backend}: {who} sees the need in /needs"
            );
            for path in [
                format!("/needs/{need}"),
                format!("/needs/{need}/candidates"),
            ] {
                assert_eq!(
                    client.get(&path).await.status,
                    404,
                    "{backend}: {who} at {path}"
                );
            }
        }
        let own = asker.get(&format!("/needs/{need}")).await;
        assert!(
            own.body.contains(SECRET),
            "{backend}: its own trust sees it"
        );

        // Trust A asks trust B. Trust B's administrator is told, but not who asked or why.
        let introduction = ask(&asker, need, "trust-900001", MESSAGE).await;
        let path = format!("/introductions/{introduction}");
        let hidden = [
            SECRET,
            MESSAGE,
            "5 Dimensions Trust",
            TRUST_A_SCHOOLS[0].1,
            TRUST_A_SCHOOLS[1].1,
            TRUST_A_SCHOOLS[2].1,
        ];
        let notices = helper.get("/notices").await;
        assert!(
            notices.body.contains("An organisation asks Test Trust B"),
            "{backend}: {}",
            notices.body
        );
        let emails = store.outbox(Some(ADMIN_B), 50).await.unwrap();
        let email = emails
            .iter()
            .find(|e| e.message.body.contains(&path))
            .unwrap_or_else(|| panic!("{backend}: no introduction email: {emails:?}"));
        let page = helper.get(&path).await;
        assert_eq!(page.status, 200, "{backend}: {}", page.body);
        assert!(page.body.contains("This need is confidential"), "{backend}");
        // The reasons name the schools in need (closest in context, nearest), so they wait
        // for acceptance too; the asker still has them.
        assert!(!page.body.contains(" out of 100"), "{backend}");
        assert!(
            asker.get(&path).await.body.contains(" out of 100"),
            "{backend}: the asker sees why the match was suggested"
        );
        for text in hidden {
            for (what, body) in [
                ("introduction page", &page.body),
                ("notices", &notices.body),
                ("email", &email.message.body),
                ("email subject", &email.message.subject),
            ] {
                assert!(
                    !body.contains(text),
                    "{backend}: the {what} for trust B shows {text:?} before it accepts"
                );
            }
        }
        assert_eq!(
            third.get(&path).await.status,
            404,
            "{backend}: trust C is on neither side"
        );

        // Accepting twice (a double click) makes one collaboration, and both answers lead
        // to it.
        let first = helper.post(&format!("{path}/accept"), &[]).await;
        let second = helper.post(&format!("{path}/accept"), &[]).await;
        assert_eq!(first.status, 303, "{backend}: {}", first.body);
        assert_eq!(second.status, 303, "{backend}: {}", second.body);
        assert_eq!(first.location, second.location, "{backend}");
        let collaboration = first.location.clone().unwrap();
        assert!(collaboration.starts_with("/collaborations/"), "{backend}");
        assert_eq!(collaborations_count(&store).await, 1, "{backend}");

        // Now trust B sees what the need is, who asked, and whom to talk to.
        let accepted = helper.get(&path).await;
        for shown in [SECRET, MESSAGE, "5 Dimensions Trust", ADMIN_A, ADMIN_B] {
            assert!(
                accepted.body.contains(shown),
                "{backend}: once accepted trust B sees {shown:?}"
            );
        }
        assert!(accepted.body.contains(&collaboration), "{backend}");
        assert!(
            accepted.body.contains(" out of 100"),
            "{backend}: and the reasons"
        );

        // The collaboration is on both dashboards, and hidden from the third trust.
        for (client, org) in [(&asker, "trust-17101"), (&helper, "trust-900001")] {
            let dashboard = client.get(&format!("/organisations/{org}/brokerage")).await;
            assert_eq!(dashboard.status, 200, "{backend}: {org}");
            assert!(
                dashboard
                    .body
                    .contains(&format!("href=\"{collaboration}\"")),
                "{backend}: {org}'s dashboard lists the collaboration"
            );
        }
        assert_eq!(
            third.get(&collaboration).await.status,
            404,
            "{backend}: trust C cannot see the collaboration"
        );
        let shown = helper.get(&collaboration).await;
        assert_eq!(shown.status, 200, "{backend}");
        let third_notices = third.get("/notices").await;
        assert!(
            !third_notices.body.contains(SECRET) && !third_notices.body.contains("/introductions/"),
            "{backend}: trust C is told nothing"
        );
    }
}

#[tokio::test]
async fn a_declined_introduction_keeps_its_reason_from_the_asker() {
    const REASON: &str = "Our own Ofsted inspection is due that term";
    for db in TestDatabase::both().await {
        let (store, server) = serve(&db).await;
        let backend = format!("{:?}", db.backend);
        let asker = signed_in(&server, ADMIN_A).await;
        let helper = signed_in(&server, ADMIN_B).await;
        let need = posted_need(&asker, &[("visibility", "members")]).await;
        let introduction = ask(&asker, need, "trust-900001", "").await;
        let path = format!("/introductions/{introduction}");
        helper.get(&path).await;
        let declined = helper
            .post(&format!("{path}/decline"), &[("reason", REASON)])
            .await;
        assert_eq!(declined.status, 303, "{backend}: {}", declined.body);
        let again = helper
            .post(&format!("{path}/decline"), &[("reason", REASON)])
            .await;
        assert_eq!(again.status, 409, "{backend}: answered already");

        let theirs = helper.get(&path).await;
        assert!(theirs.body.contains(REASON), "{backend}: kept for trust B");
        let ours = asker.get(&path).await;
        assert_eq!(ours.status, 200, "{backend}");
        assert!(ours.body.contains("Declined"), "{backend}: {}", ours.body);
        assert!(
            !ours.body.contains(REASON),
            "{backend}: the asker sees the reason"
        );
        let notices = asker.get("/notices").await;
        assert!(
            notices
                .body
                .contains("Test Trust B declined your introduction"),
            "{backend}"
        );
        assert!(!notices.body.contains(REASON), "{backend}");
        for email in store.outbox(Some(ADMIN_A), 50).await.unwrap() {
            assert!(
                !email.message.body.contains(REASON),
                "{backend}: the email to the asker carries the reason"
            );
        }
        assert_eq!(collaborations_count(&store).await, 0, "{backend}");
    }
}

#[tokio::test]
async fn an_offer_can_be_paused_and_ended_and_then_not_changed() {
    for db in TestDatabase::both().await {
        let (_store, server) = serve(&db).await;
        let backend = format!("{:?}", db.backend);
        let helper = signed_in(&server, ADMIN_B).await;
        helper.get("/offers/new").await;
        let made = helper
            .post(
                "/offers",
                &need_form(&[
                    ("owner", "trust-900001"),
                    ("description", "Our maths lead can review and coach."),
                    ("days", "10"),
                    ("visibility", "public"),
                ]),
            )
            .await;
        assert_eq!(made.status, 303, "{backend}: {}", made.body);
        let offer = made.location.unwrap();
        let status = |body: &str| body.contains("Paused");
        let page = helper.get(&offer).await;
        assert!(page.body.contains("Available"), "{backend}");
        assert!(!status(&page.body), "{backend}: not paused yet");

        let paused = helper
            .post(&format!("{offer}/status?status=paused"), &[])
            .await;
        assert_eq!(paused.status, 303, "{backend}: {}", paused.body);
        let page = helper.get(&offer).await;
        assert!(status(&page.body), "{backend}: the offer shows as paused");
        assert!(page.body.contains("Make available again"), "{backend}");

        let ended = helper
            .post(&format!("{offer}/status?status=ended"), &[])
            .await;
        assert_eq!(ended.status, 303, "{backend}: {}", ended.body);
        let page = helper.get(&offer).await;
        assert!(page.body.contains("Ended"), "{backend}");
        assert!(
            !page.body.contains("End offer"),
            "{backend}: no buttons left"
        );
        for next in ["active", "paused", "ended"] {
            let refused = helper
                .post(&format!("{offer}/status?status={next}"), &[])
                .await;
            assert_eq!(refused.status, 409, "{backend}: {next} after ended");
        }
        assert!(helper.get(&offer).await.body.contains("Ended"), "{backend}");
    }
}

#[tokio::test]
async fn two_servers_accepting_the_same_introduction_at_once_make_one_collaboration() {
    let db = TestDatabase::postgres().await;
    let (store, first_server) = serve(&db).await;
    let second_server = TestServer::start(db.store().await).await;
    let asker = signed_in(&first_server, ADMIN_A).await;
    let need = posted_need(&asker, &[("reach", "anywhere")]).await;
    for (round, (candidate, admin)) in [("trust-900001", ADMIN_B), ("trust-900002", ADMIN_C)]
        .into_iter()
        .enumerate()
    {
        let introduction = ask(&asker, need, candidate, "").await;
        let path = format!("/introductions/{introduction}");
        // One person, one session, two servers: as a double click landing on two
        // `convene serve` processes behind a load balancer.
        let on_first = signed_in(&first_server, admin).await;
        let on_second = WebClient::new(&second_server);
        on_second.set_cookie(
            "convene_session",
            &on_first.cookie("convene_session").unwrap(),
        );
        assert_eq!(on_first.get(&path).await.status, 200);
        assert_eq!(on_second.get(&path).await.status, 200);
        let accept = format!("{path}/accept");
        let (a, b) = tokio::join!(on_first.post(&accept, &[]), on_second.post(&accept, &[]));
        assert_eq!(a.status, 303, "{}", a.body);
        assert_eq!(b.status, 303, "{}", b.body);
        assert_eq!(
            a.location, b.location,
            "both answers lead to one collaboration"
        );
        assert_eq!(collaborations_count(&store).await, round + 1);
    }
}
