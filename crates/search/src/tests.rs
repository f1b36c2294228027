//! Normalisation, typo tolerance, identifiers, ranking and filters over hand-made rows.

use super::*;
use convene_domain::organisation::Phase;
use convene_domain::place::Region;
use convene_domain::{GroupUid, Urn};

fn school(urn: i64, name: &str, town: &str, postcode: &str) -> SearchableSchool {
    SearchableSchool {
        summary: SchoolSummary {
            urn: Urn(urn),
            name: name.into(),
            status: Status::Open,
            phase: Phase::Primary,
            type_name: "Academy converter".into(),
            la_code: Some(826),
            la_name: Some("Milton Keynes".into()),
            region: Some(Region::SouthEast),
            town: Some(town.into()),
            postcode: Some(postcode.into()),
            pupils: None,
            fsm_percent: None,
            ofsted_overall: None,
            ofsted_inspection_date: None,
            trust_uid: None,
            trust_name: None,
            joined_trust: None,
        },
        laestab: Some(urn + 1_000_000),
        trust_group_id: None,
    }
}

fn trust(uid: i64, group_id: &str, name: &str, schools: u64) -> SearchableTrust {
    SearchableTrust {
        summary: TrustSummary {
            uid: GroupUid(uid),
            group_id: Some(group_id.into()),
            name: name.into(),
            kind: GroupKind::MultiAcademyTrust,
            status: Status::Open,
            companies_house_number: Some(format!("{:08}", uid + 7)),
            schools,
            pupils: 0,
        },
        town: Some("London".into()),
        postcode: Some("SE1 1AA".into()),
        regions: vec![Region::London],
    }
}

fn index() -> SearchIndex {
    let mut closed = school(9, "St Mary's Closed School", "Bedford", "MK40 1AA");
    closed.summary.status = Status::Closed;
    let mut secondary = school(8, "Harris Academy Peckham", "London", "SE15 5DZ");
    secondary.summary.phase = Phase::Secondary;
    secondary.trust_group_id = Some("TR00001".into());
    SearchIndex::build(Searchable {
        schools: vec![
            school(
                1,
                "St Mary's Church of England Primary School",
                "Luton",
                "LU1 1AA",
            ),
            school(2, "St Marys Catholic School", "Oxford", "OX1 2AB"),
            school(3, "The Stanton School", "Milton Keynes", "MK5 7BS"),
            school(4, "École Française", "London", "SW7 2AA"),
            school(5, "Harris Academy Bermondsey", "London", "SE16 3TZ"),
            school(6, "Harris Primary Academy Kent House", "London", "SE20 7QR"),
            school(7, "Maryland Primary School", "Stratford", "E15 1SL"),
            closed,
            secondary,
            school(10, "Shenley Brook End School", "Milton Keynes", "MK5 7BX"),
            school(11, "Staunton Primary", "Bedford", "MK40 2AA"),
        ],
        trusts: vec![
            trust(100, "TR00001", "Harris Federation", 50),
            trust(200, "TR01904", "5 Dimensions Trust", 5),
            trust(300, "TR00300", "St Mary's Academy Trust", 2),
        ],
    })
}

fn urns(index: &SearchIndex, text: &str) -> Vec<i64> {
    index
        .search_schools(&SchoolQuery {
            text: text.into(),
            per_page: 100,
            ..SchoolQuery::default()
        })
        .items
        .iter()
        .map(|s| s.urn.0)
        .collect()
}

fn uids(index: &SearchIndex, text: &str) -> Vec<i64> {
    index
        .search_trusts(&TrustQuery {
            text: text.into(),
            per_page: 100,
            ..TrustQuery::default()
        })
        .items
        .iter()
        .map(|t| t.uid.0)
        .collect()
}

#[test]
fn apostrophes_case_and_accents_do_not_change_results() {
    let index = index();
    let plain = urns(&index, "st marys");
    assert_eq!(plain, vec![1, 2], "equal matches in name order");
    assert_eq!(urns(&index, "st mary's"), plain);
    assert_eq!(urns(&index, "ST MARY\u{2019}S"), plain);
    assert_eq!(urns(&index, "ecole"), vec![4]);
    assert_eq!(urns(&index, "ÉCOLE française"), vec![4]);
}

#[test]
fn a_typo_in_a_long_word_is_forgiven_but_exact_matches_rank_first() {
    let index = index();
    assert_eq!(urns(&index, "harris acadmy"), vec![5, 8, 6]);
    assert_eq!(
        urns(&index, "harris academy"),
        vec![5, 8, 6],
        "name-start first"
    );
    assert_eq!(urns(&index, "academy"), vec![5, 8, 6]);
    assert_eq!(
        urns(&index, "primary academy"),
        vec![6],
        "whole words before typos"
    );
    assert_eq!(urns(&index, "hrris"), vec![5, 8, 6]);
    assert!(urns(&index, "harriss acadmy").contains(&5));
    // Name order would put Staunton first: the whole word wins over the typo.
    assert_eq!(urns(&index, "stanton"), vec![3, 11]);
    assert_eq!(urns(&index, "staunton"), vec![11, 3]);
    assert!(
        urns(&index, "sx maryz").is_empty(),
        "short words need exact spelling"
    );
    assert!(
        urns(&index, "harris acdmyy").is_empty(),
        "two edits are too many"
    );
}

#[test]
fn every_word_must_match_and_prefixes_count() {
    let index = index();
    assert_eq!(
        urns(&index, "st mary"),
        vec![1, 2, 7],
        "\"st\" starts Stratford"
    );
    assert_eq!(
        urns(&index, "mary"),
        vec![7, 1, 2],
        "name starting with it first"
    );
    assert_eq!(urns(&index, "harris kent"), vec![6]);
    assert_eq!(urns(&index, "stanton milton keynes"), vec![3, 11]);
    assert!(urns(&index, "harris oxford").is_empty());
}

#[test]
fn a_whole_word_beats_a_prefix_and_a_name_beats_a_town() {
    let index = index();
    // "milton" is only in towns and the LA, so the school named for the town wins nothing;
    // all Milton Keynes LA schools match, in name order.
    let found = urns(&index, "milton keynes");
    assert_eq!(
        found.len(),
        10,
        "every open school is in Milton Keynes LA: {found:?}"
    );
    // "stan" is a prefix of "stanton"; "stratford" a different word.
    assert_eq!(urns(&index, "stan"), vec![3]);
    // A name match outranks a town match: Maryland (name) before anything in a town "Mary...".
    assert_eq!(urns(&index, "maryland"), vec![7]);
}

#[test]
fn identifiers_find_their_record_first() {
    let index = index();
    assert_eq!(urns(&index, "10"), vec![10]);
    assert_eq!(urns(&index, "1000010"), vec![10], "LAESTAB");
    assert_eq!(urns(&index, "MK5 7BS"), vec![3]);
    assert_eq!(urns(&index, "mk57bx"), vec![10]);
    assert_eq!(urns(&index, "MK5"), vec![10, 3], "a district in name order");
    assert!(urns(&index, "MK4").is_empty());
    assert_eq!(urns(&index, "TR00001"), vec![8]);
    assert_eq!(uids(&index, "TR01904"), vec![200]);
    assert_eq!(uids(&index, "200"), vec![200]);
    assert_eq!(
        uids(&index, "00000207"),
        vec![200],
        "Companies House number"
    );
    assert_eq!(uids(&index, "SE1 1AA"), vec![100, 200, 300]);
}

#[test]
fn trusts_rank_by_words_then_size() {
    let index = index();
    assert_eq!(uids(&index, "harris"), vec![100]);
    assert_eq!(uids(&index, "st marys"), vec![300]);
    assert_eq!(uids(&index, ""), vec![100, 200, 300], "largest first");
    assert_eq!(uids(&index, "trust"), vec![200, 300]);
}

#[test]
fn filters_and_paging_apply_with_the_total() {
    let index = index();
    let query = |text: &str| SchoolQuery {
        text: text.into(),
        page: 2,
        per_page: 2,
        ..SchoolQuery::default()
    };
    let page = index.search_schools(&query("harris"));
    assert_eq!(page.total, 3);
    assert_eq!(page.items.len(), 1);
    assert_eq!((page.page, page.per_page, page.pages()), (2, 2, 2));
    let secondary = index.search_schools(&SchoolQuery {
        phase: Some(Phase::Secondary),
        ..query("harris")
    });
    assert_eq!(secondary.total, 1);
    assert!(secondary.items.is_empty(), "page 2 of 1 result is empty");
    assert_eq!(urns(&index, "closed"), Vec::<i64>::new());
    let with_closed = index.search_schools(&SchoolQuery {
        text: "st marys".into(),
        include_closed: true,
        per_page: 10,
        ..SchoolQuery::default()
    });
    assert_eq!(with_closed.total, 3);
    assert_eq!(index.search_schools(&SchoolQuery::default()).total, 10);
    let all = index.all_schools(&query("harris academy"), 2);
    assert_eq!(all.iter().map(|s| s.urn.0).collect::<Vec<_>>(), vec![5, 8]);
    let london = index.search_trusts(&TrustQuery {
        region: Some(Region::NorthWest),
        ..TrustQuery::default()
    });
    assert_eq!(london.total, 0);
}

#[test]
fn text_without_words_finds_nothing_rather_than_everything() {
    let index = index();
    assert!(urns(&index, "&").is_empty());
    assert!(urns(&index, "'").is_empty());
    assert_eq!(
        urns(&index, "   ").len(),
        10,
        "no text is every open school"
    );
}
