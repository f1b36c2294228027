//! The OpenAPI 3.0 description of the JSON API, written by hand so it says what each field
//! means, and checked by tests against [`super::API_PATHS`] so no route goes undocumented.

use serde_json::{json, Map, Value};
use std::sync::OnceLock;

/// The document served at `/api/v1/openapi.json`, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

/// An example address for an API path, with real identifiers from the national data
/// (Shenley Brook End School, 5 Dimensions Trust, Milton Keynes, the South East), for the
/// `/api` page and the tests.
pub fn example(path: &str) -> String {
    let filled = path
        .replace("{urn}", "136730")
        .replace("{uid}", "17101")
        .replace("{code}", "826")
        .replace("{slug}", "south-east");
    match path {
        "/api/v1/schools" | "/api/v1/schools.csv" => {
            format!("{filled}?q=milton+keynes&phase=secondary")
        }
        "/api/v1/trusts" | "/api/v1/trusts.csv" => format!("{filled}?region=south-east"),
        "/api/v1/notes/{id}" => path.replace("{id}", "1"),
        _ => filled,
    }
}

fn int(description: &str) -> Value {
    json!({ "type": "integer", "format": "int64", "description": description })
}

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn date(description: &str) -> Value {
    json!({ "type": "string", "format": "date", "description": description })
}

fn number(description: &str) -> Value {
    json!({ "type": "number", "description": description })
}

fn reference(schema: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{schema}") })
}

fn array_of(schema: &str) -> Value {
    json!({ "type": "array", "items": reference(schema) })
}

/// The same schema, allowing `null` (the data does not give it).
fn nullable(mut schema: Value) -> Value {
    if schema.get("$ref").is_some() {
        return json!({ "allOf": [schema], "nullable": true });
    }
    if let Some(fields) = schema.as_object_mut() {
        fields.insert("nullable".into(), Value::Bool(true));
    }
    schema
}

/// An object whose every listed property is always present (optional facts are `null`).
fn object(description: &str, properties: Value) -> Value {
    let required: Vec<Value> = properties
        .as_object()
        .map(|p| p.keys().cloned().map(Value::String).collect())
        .unwrap_or_default();
    json!({ "type": "object", "description": description, "required": required, "properties": properties })
}

fn enumeration(description: &str, values: &[&str]) -> Value {
    json!({ "type": "string", "description": description, "enum": values })
}

fn parameter(name: &str, location: &str, description: &str, schema: Value) -> Value {
    json!({
        "name": name,
        "in": location,
        "required": location == "path",
        "description": description,
        "schema": schema,
    })
}

fn parameters() -> Value {
    json!({
        "q": parameter("q", "query", "Search text: a name, URN, LAESTAB, Group UID, Group ID (TR01904), postcode (full or outward code) or local authority name.", json!({ "type": "string" })),
        "phase": parameter("phase", "query", "Only schools of this phase.", reference("Phase")),
        "type": parameter("type", "query", "Only schools of this type of establishment, exactly as GIAS names it (for example `Academy converter`).", json!({ "type": "string" })),
        "judgement": parameter("judgement", "query", "Only schools whose latest overall Ofsted judgement is this (`any` for no filter).", reference("Judgement")),
        "region": parameter("region", "query", "Only schools (or trusts with a school) in this region.", reference("Region")),
        "la": parameter("la", "query", "Only schools in the local authority with this three-digit DfE code.", json!({ "type": "integer" })),
        "closed": parameter("closed", "query", "Include closed schools or trusts (`true` or `false`; default `false`).", json!({ "type": "boolean" })),
        "kind": parameter("kind", "query", "Only groups of this kind (default: multi-academy and single-academy trusts).", reference("GroupKind")),
        "page": parameter("page", "query", "Page number, from 1.", json!({ "type": "integer", "minimum": 1, "default": 1 })),
        "per_page": parameter("per_page", "query", "Results per page (at most 500).", json!({ "type": "integer", "minimum": 1, "maximum": 500, "default": 50 })),
        "urn": parameter("urn", "path", "The school's unique reference number (URN).", json!({ "type": "integer" })),
        "uid": parameter("uid", "path", "The trust's Group UID, or its Group ID such as `TR01904`.", json!({ "type": "string" })),
        "code": parameter("code", "path", "The local authority's three-digit DfE code.", json!({ "type": "integer" })),
        "slug": parameter("slug", "path", "The region's slug.", reference("Region")),
        "id": parameter("id", "path", "The note's number.", json!({ "type": "integer" })),
        "size": parameter("size", "query", "How many similar schools (1 to 50; default 20).", json!({ "type": "integer", "minimum": 1, "maximum": 50, "default": 20 })),
        "notes_q": parameter("q", "query", "Words that must all appear in the note's title or text.", json!({ "type": "string" })),
        "about": parameter("about", "query", "Only notes about this organisation: `trust-<Group UID>`, `school-<URN>` or `partner-<number>`.", json!({ "type": "string" })),
        "mine": parameter("mine", "query", "`1` for only the caller's own notes.", json!({ "type": "string", "enum": ["1"] })),
    })
}

fn params(names: &[&str]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|n| json!({ "$ref": format!("#/components/parameters/{n}") }))
            .collect(),
    )
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error_response(description: &str) -> Value {
    json_response(description, reference("Error"))
}

fn csv_response(description: &str) -> Value {
    json!({ "description": description, "content": { "text/csv": { "schema": { "type": "string" } } } })
}

/// One GET operation.
fn get(summary: &str, description: &str, parameters: &[&str], ok: Value, not_found: bool) -> Value {
    let mut responses = Map::new();
    responses.insert("200".into(), ok);
    if parameters
        .iter()
        .any(|p| !["urn", "uid", "code", "slug"].contains(p))
    {
        responses.insert("400".into(), error_response("A parameter has a value Convene does not know; the message says which values it accepts."));
    }
    if not_found {
        responses.insert("404".into(), error_response("Nothing has that identifier."));
    }
    responses.insert(
        "500".into(),
        error_response("Convene failed; try again later."),
    );
    json!({ "get": {
        "summary": summary,
        "description": description,
        "parameters": params(parameters),
        "responses": responses,
    } })
}

const SCHOOL_FILTERS: [&str; 9] = [
    "q",
    "phase",
    "type",
    "judgement",
    "region",
    "la",
    "closed",
    "page",
    "per_page",
];
const TRUST_FILTERS: [&str; 6] = ["q", "region", "kind", "closed", "page", "per_page"];

fn paths() -> Value {
    json!({
        "/api/v1/schools": get(
            "Search schools",
            "Schools matching the search text and filters, a page at a time. Names starting with the search text come first.",
            &SCHOOL_FILTERS, json_response("A page of schools.", reference("SchoolPage")), false),
        "/api/v1/schools.csv": get(
            "Download schools as CSV",
            "Every school matching the search (up to 50,000 rows; `page` and `per_page` are ignored). Columns: urn, name, status, phase, type, la_code, la_name, region, postcode, pupils, fsm_percent, ofsted_overall, ofsted_inspection_date, trust_uid, trust_name.",
            &SCHOOL_FILTERS, csv_response("CSV with a header row."), false),
        "/api/v1/schools/{urn}": get(
            "One school",
            "Everything Convene knows about a school: its facts, latest Ofsted inspections, trust and other groups, and predecessor and successor links.",
            &["urn"], json_response("The school.", reference("SchoolDetail")), true),
        "/api/v1/trusts": get(
            "Search trusts",
            "Academy trusts (or another kind of group) by name, Group UID, Group ID, Companies House number or postcode. With no search text the largest trusts come first.",
            &TRUST_FILTERS, json_response("A page of trusts.", reference("TrustPage")), false),
        "/api/v1/trusts.csv": get(
            "Download trusts as CSV",
            "Every trust matching the search (up to 50,000 rows). Columns: uid, group_id, name, kind, status, companies_house_number, schools, pupils.",
            &TRUST_FILTERS, csv_response("CSV with a header row."), false),
        "/api/v1/trusts/{uid}": get(
            "One trust",
            "A trust with its headline figures and current member schools.",
            &["uid"], json_response("The trust.", reference("TrustDetail")), true),
        "/api/v1/local-authorities": get(
            "Local authorities",
            "Every local authority with its open schools and how many are in academy trusts.",
            &["region"], json_response("The local authorities, by name.", array_of("AreaSummary")), false),
        "/api/v1/local-authorities/{code}": get(
            "One local authority",
            "A local authority's figures, the trusts working there and its schools' judgements. List its schools with `/api/v1/schools?la={code}`.",
            &["code"], json_response("The local authority.", reference("LocalAuthorityDetail")), true),
        "/api/v1/regions": get(
            "Regions",
            "England's nine regions with their local authorities, open schools and how many are in academy trusts.",
            &[], json_response("The regions, north to south.", array_of("RegionSummary")), false),
        "/api/v1/regions/{slug}": get(
            "One region",
            "A region's figures, local authorities, the trusts working there and its schools' judgements. List its schools with `/api/v1/schools?region={slug}`.",
            &["slug"], json_response("The region.", reference("RegionDetail")), true),
        "/api/v1/sources": get(
            "Data sources",
            "The published files behind the data now shown, with the dates their data describes.",
            &[], json_response("The current sources.", array_of("ImportRun")), false),
        "/api/v1/openapi.json": get(
            "This description",
            "The OpenAPI 3.0 description of the API.",
            &[], json_response("The OpenAPI document.", json!({ "type": "object" })), false),
        "/api/v1/trusts/{uid}/profile": get(
            "A trust's profile against the national picture",
            "The trust's profile (schools by phase and type, pupils, places covered, urban/rural mix, geographic spread, Ofsted profile, pupil-weighted context), where it stands on each dimension among all open academy trusts (value, percentile, national median, average of trusts of the same size), and its most similar trusts with each measure's part in the distance. Method: /about/similarity.",
            &["uid"], json_response("The profile.", reference("TrustProfileReport")), true),
        "/api/v1/schools/{urn}/family": get(
            "A school's family of similar schools",
            "The open schools of the same phase most like this one in context (pupils, free school meals, English as an additional language, urban or rural, IDACI), nearest first, with each measure's contribution to the distance, their latest Ofsted judgement and whether they do better. Method: /about/families.",
            &["urn", "size"], json_response("The family.", reference("SchoolFamily")), true),
        "/api/v1/me": signed_in(get(
            "Who the token belongs to",
            "The person the API token was created by, whether their email address is confirmed, their platform roles and the organisations they act for.",
            &[], json_response("The person.", reference("Me")), false)),
        "/api/v1/notes": notes_paths(),
        "/api/v1/notes/{id}": get(
            "One note",
            "A note, if the caller may read it (public notes need no token). A confidential note that the caller may not read is answered exactly like one that does not exist. Each read of a confidential note is written to the audit log.",
            &["id"], json_response("The note.", reference("Note")), true),
    })
}

/// Marks an operation as needing an API token: adds the security requirement and the 401.
fn signed_in(mut item: Value) -> Value {
    if let Some(operation) = item.as_object_mut().and_then(|m| m.values_mut().next()) {
        operation["security"] = json!([{ "apiToken": [] }]);
        operation["responses"]["401"] =
            error_response("No API token was sent, or it is not valid or has been revoked.");
    }
    item
}

fn notes_paths() -> Value {
    let mut item = get(
        "Notes the caller may read",
        "Notes visible to the caller, newest first, 100 a page: public notes without a token; with a token also notes for signed-in members, notes shared with the caller's organisations, and the caller's own.",
        &["notes_q", "about", "mine", "page"],
        json_response("The notes.", array_of("Note")),
        false,
    );
    let create = signed_in(json!({ "post": {
        "summary": "Write a note",
        "description": "Creates a note as the token's owner, whose email address must be confirmed. A note shared with named organisations must name at least one the owner acts for.",
        "requestBody": { "required": true, "content": { "application/json": { "schema": reference("NewNote") } } },
        "responses": {
            "201": json_response("The note as stored.", reference("Note")),
            "400": error_response("The note is not valid; the message says why."),
            "403": error_response("The owner's email address is not confirmed."),
            "500": error_response("Convene failed; try again later."),
        },
    } }));
    if let (Some(map), Some(post)) = (item.as_object_mut(), create.get("post")) {
        map.insert("post".into(), post.clone());
    }
    item
}

fn page_of(item: &str) -> Value {
    object(
        "One page of results.",
        json!({
            "items": array_of(item),
            "total": int("How many results in all."),
            "page": int("This page's number, from 1."),
            "per_page": int("Results per page."),
        }),
    )
}

fn tally() -> Value {
    object(
        "A count of schools against a label.",
        json!({
            "label": string("What is counted (\"Primary\", \"Good\", \"Milton Keynes\")."),
            "key": string("A stable key: a phase or judgement key, an LA code or a region slug."),
            "schools": int("Number of schools."),
        }),
    )
}

fn school_summary() -> Value {
    object(
        "A school as it appears in a list.",
        json!({
            "urn": int("Unique reference number."),
            "name": string("Name."),
            "status": reference("Status"),
            "phase": reference("Phase"),
            "type_name": string("Type of establishment, as GIAS names it."),
            "la_code": nullable(int("Local authority DfE code.")),
            "la_name": nullable(string("Local authority name.")),
            "region": nullable(reference("Region")),
            "town": nullable(string("Town.")),
            "postcode": nullable(string("Postcode.")),
            "pupils": nullable(int("Pupils on roll.")),
            "fsm_percent": nullable(number("Percentage of pupils eligible for free school meals.")),
            "ofsted_overall": nullable(reference("Judgement")),
            "ofsted_inspection_date": nullable(date("Start date of the latest graded inspection.")),
            "trust_uid": nullable(int("Group UID of its academy trust.")),
            "trust_name": nullable(string("Name of its academy trust.")),
            "joined_trust": nullable(date("When it joined that trust.")),
        }),
    )
}

fn trust_summary() -> Value {
    object(
        "A trust as it appears in a list.",
        json!({
            "uid": int("Group UID."),
            "group_id": nullable(string("Group ID, such as TR01904.")),
            "name": string("Name."),
            "kind": reference("GroupKind"),
            "status": reference("Status"),
            "companies_house_number": nullable(string("Companies House number.")),
            "schools": int("Open schools it runs."),
            "pupils": int("Pupils in them."),
        }),
    )
}

fn ofsted_inspection() -> Value {
    let judgement = || nullable(reference("Judgement"));
    object(
        "The school's latest Ofsted inspections, as Ofsted's management information gives them.",
        json!({
            "inspection_date": nullable(date("Start date of the latest graded inspection.")),
            "publication_date": nullable(date("Publication date of its report.")),
            "inspection_type": nullable(string("Ofsted's description of the inspection.")),
            "overall": judgement(),
            "quality_of_education": judgement(),
            "behaviour_and_attitudes": judgement(),
            "personal_development": judgement(),
            "leadership_and_management": judgement(),
            "early_years": judgement(),
            "sixth_form": judgement(),
            "safeguarding_effective": nullable(json!({ "type": "boolean", "description": "Whether safeguarding was effective." })),
            "category_of_concern": nullable(string("SM (special measures) or SWK (serious weaknesses).")),
            "previous_inspection_date": nullable(date("Start date of the previous graded inspection.")),
            "previous_overall": judgement(),
            "ungraded_inspection_date": nullable(date("Date of the latest ungraded inspection.")),
            "ungraded_outcome": nullable(string("Its outcome, in Ofsted's words.")),
        }),
    )
}

fn school() -> Value {
    object(
        "A school with everything Convene knows about it from public data.",
        json!({
            "urn": int("Unique reference number."),
            "laestab": nullable(int("LA code and establishment number.")),
            "ukprn": nullable(int("UK Provider Reference Number.")),
            "name": string("Name."),
            "status": reference("Status"),
            "phase": reference("Phase"),
            "type_name": string("Type of establishment."),
            "open_date": nullable(date("Date opened.")),
            "close_date": nullable(date("Date closed.")),
            "age_low": nullable(int("Statutory lowest age.")),
            "age_high": nullable(int("Statutory highest age.")),
            "gender": nullable(string("Boys, girls or mixed.")),
            "religious_character": nullable(string("Religious character.")),
            "admissions_policy": nullable(string("Admissions policy.")),
            "sixth_form": nullable(string("Whether it has a sixth form.")),
            "la_code": nullable(int("Local authority DfE code.")),
            "la_name": nullable(string("Local authority name.")),
            "region": nullable(reference("Region")),
            "street": nullable(string("Street address.")),
            "town": nullable(string("Town.")),
            "postcode": nullable(string("Postcode.")),
            "website": nullable(string("Website.")),
            "urban_rural": nullable(string("Urban/rural classification.")),
            "location": nullable(reference("GridReference")),
            "pupils": nullable(int("Pupils on roll.")),
            "capacity": nullable(int("Capacity.")),
            "fsm_percent": nullable(number("Percentage of pupils eligible for free school meals.")),
            "eal_percent": nullable(number("Percentage of pupils with English as an additional language.")),
            "idaci_quintile": nullable(int("IDACI quintile of the school's area: 1 is the most deprived 20%, 5 the least.")),
            "ofsted": nullable(reference("OfstedInspection")),
        }),
    )
}

fn group() -> Value {
    object(
        "An academy trust or other group, as GIAS records it.",
        json!({
            "uid": int("Group UID."),
            "group_id": nullable(string("Group ID, such as TR01904.")),
            "name": string("Name."),
            "kind": reference("GroupKind"),
            "companies_house_number": nullable(string("Companies House number.")),
            "status": reference("Status"),
            "open_date": nullable(date("Date opened.")),
            "closed_date": nullable(date("Date closed.")),
            "incorporated_date": nullable(date("Date incorporated at Companies House.")),
            "street": nullable(string("Street address.")),
            "town": nullable(string("Town.")),
            "postcode": nullable(string("Postcode.")),
            "head": nullable(string("Head of group, as published.")),
            "ukprn": nullable(int("UK Provider Reference Number.")),
        }),
    )
}

fn area_detail() -> Value {
    object(
        "An area's figures for its open schools.",
        json!({
            "schools": int("Open schools."),
            "pupils": int("Pupils in them."),
            "in_trusts": int("Of which in academy trusts."),
            "trusts": array_of("TrustInArea"),
            "local_authorities": array_of("AreaSummary"),
            "judgements": array_of("Tally"),
        }),
    )
}

/// Schemas for people and their records, kept apart from the system map's.
fn account_schemas() -> Value {
    json!({
        "Me": object("The person an API token belongs to.", json!({
            "id": int("The person's number."),
            "name": string("Their name."),
            "email_verified": json!({ "type": "boolean", "description": "Whether their email address is confirmed." }),
            "platform_roles": json!({ "type": "array", "items": enumeration("A platform role.", &["administrator", "convener"]) }),
            "organisations": json!({ "type": "array", "items": object("An organisation they act for.", json!({
                "organisation": string("`trust-<Group UID>`, `school-<URN>` or `partner-<number>`."),
                "role": enumeration("Their role in it.", &["administrator", "member"]),
            })) }),
        })),
        "TrustProfileReport": json!({
            "type": "object",
            "description": "A trust's profile, standings and similar trusts. `profile` holds the vignette; `standings` one entry per dimension with `dimension`, `value`, `percentile`, `national_median` and `band_average`; `similar_trusts` the nearest trusts with `uid`, `name`, `distance` and `contributions`.",
            "required": ["uid", "name", "profile", "standings", "trusts_compared", "similar_trusts"],
            "properties": {
                "uid": int("Group UID."),
                "name": string("The trust's name."),
                "profile": json!({ "type": "object", "description": "The vignette: schools, size_band, phases, types, pupils, local_authorities, regions, urban_rural, geography (located, unlocated, centre, radius_km, median_distance_km, spread), ofsted (standings, inspected_since_joining), fsm_percent, eal_percent, idaci_quintile." }),
                "standings": json!({ "type": "array", "items": { "type": "object" } }),
                "trusts_compared": int("How many trusts the national picture covers."),
                "similar_trusts": json!({ "type": "array", "items": { "type": "object" } }),
            },
        }),
        "SchoolFamily": json!({
            "type": "object",
            "description": "A school's family: each neighbour has `urn`, `name`, `trust_uid`, `distance`, `contributions` (measure, school_value, neighbour_value, squared_difference, share_of_distance), `ofsted_overall`, `ofsted_inspection_date`, `does_better`, and its published results `ks2` (year, reading_progress, writing_progress, maths_progress) and `ks4` (year, progress8, attainment8), null where not published.",
            "required": ["urn", "name", "phase", "imputed", "neighbours"],
            "properties": {
                "urn": int("The school's URN."),
                "name": string("Its name."),
                "phase": reference("Phase"),
                "imputed": json!({ "type": "array", "items": { "type": "string" }, "description": "Measures the school has no value for, treated as average for its phase." }),
                "ofsted_overall": nullable(reference("Judgement")),
                "neighbours": json!({ "type": "array", "items": { "type": "object" } }),
            },
        }),
        "NamedOrganisation": object("An organisation and its name.", json!({
            "org": string("`trust-<Group UID>`, `school-<URN>` or `partner-<number>`."),
            "name": string("Its name."),
        })),
        "Visibility": object("Who may read a record.", json!({
            "level": enumeration("`public`: anyone; `members`: anyone signed in; `organisations`: members of the named organisations and the author; `private`: the author alone.", &["public", "members", "organisations", "private"]),
        })),
        "Note": object("A note.", json!({
            "id": int("Its number."),
            "author": nullable(int("The author's number; null once the author has deleted their account.")),
            "author_name": string("The author's name, or `Former member`."),
            "title": string("Title."),
            "body": string("Text."),
            "about": nullable(reference("NamedOrganisation")),
            "visibility": reference("Visibility"),
            "shared_with": array_of("NamedOrganisation"),
            "created_at": string("When written (UTC, ISO 8601)."),
        })),
        "NewNote": json!({
            "type": "object",
            "required": ["title", "body", "visibility"],
            "properties": {
                "title": string("Title (up to 200 characters)."),
                "body": string("Text (up to 20,000 characters)."),
                "about": string("The organisation it is about, if any: `trust-<Group UID>`, `school-<URN>` or `partner-<number>`."),
                "visibility": enumeration("Who may read it.", &["public", "members", "organisations", "private"]),
                "shared_with": json!({ "type": "array", "items": { "type": "string" }, "description": "For `organisations`: the organisation keys, including at least one you act for." }),
            },
        }),
    })
}

/// Every schema: the system map's and the account ones.
fn all_schemas() -> Value {
    let mut all = schemas();
    if let (Some(map), Value::Object(more)) = (all.as_object_mut(), account_schemas()) {
        map.extend(more);
    }
    all
}

fn schemas() -> Value {
    json!({
        "Error": object("Why the request failed.", json!({ "error": string("What went wrong, in plain English.") })),
        "Status": enumeration("Whether it is open.", &["open", "open_proposed_to_close", "proposed_to_open", "closed"]),
        "Phase": enumeration("Phase of education.", &["nursery", "primary", "secondary", "all_through", "sixteen_plus", "special", "alternative_provision", "other"]),
        "Judgement": enumeration("An Ofsted grade, 1 (outstanding) to 4 (inadequate).", &["outstanding", "good", "requires_improvement", "inadequate"]),
        "Region": enumeration("One of England's nine regions.", &["north-east", "north-west", "yorkshire-and-the-humber", "east-midlands", "west-midlands", "east-of-england", "london", "south-east", "south-west"]),
        "GroupKind": enumeration("Kind of group.", &["multi_academy_trust", "single_academy_trust", "federation", "trust", "school_sponsor", "other"]),
        "ImportKind": enumeration("Kind of published file.", &["gias-establishments", "gias-groups", "gias-group-links", "gias-establishment-links", "ofsted", "census"]),
        "SchoolSummary": school_summary(),
        "SchoolPage": page_of("SchoolSummary"),
        "TrustSummary": trust_summary(),
        "TrustPage": page_of("TrustSummary"),
        "GridReference": object("A location on the British National Grid, in metres.", json!({ "easting": int("Metres east."), "northing": int("Metres north.") })),
        "OfstedInspection": ofsted_inspection(),
        "School": school(),
        "Membership": object("A school's membership of a group.", json!({
            "group": reference("TrustSummary"),
            "joined_date": nullable(date("When the school joined.")),
            "left_date": nullable(date("When it left, if it has.")),
        })),
        "EstablishmentLink": object("A predecessor or successor link.", json!({
            "urn": int("The school the link is recorded on."),
            "linked_urn": int("The linked school."),
            "linked_name": nullable(string("The linked school's name.")),
            "link_type": string("\"Predecessor\", \"Successor - merged\" and so on."),
            "established_date": nullable(date("When the link took effect.")),
        })),
        "SchoolDetail": object("Everything about one school.", json!({
            "school": reference("School"),
            "memberships": array_of("Membership"),
            "links": array_of("EstablishmentLink"),
            "wgs84": nullable(object("The school's location as WGS84 latitude and longitude, converted from its British National Grid easting and northing (OSGB36, Helmert transformation; accurate to a few metres).", json!({
                "latitude": number("Degrees north."),
                "longitude": number("Degrees east (negative is west)."),
            }))),
        })),
        "Group": group(),
        "Tally": tally(),
        "TrustHeadline": object("A trust's headline figures, from its open schools.", json!({
            "schools": int("Open schools."),
            "pupils": int("Pupils in them."),
            "phases": array_of("Tally"),
            "local_authorities": array_of("Tally"),
            "regions": array_of("Tally"),
            "judgements": array_of("Tally"),
        })),
        "TrustDetail": object("A trust with its figures and current schools.", json!({
            "group": reference("Group"),
            "headline": reference("TrustHeadline"),
            "schools": array_of("SchoolSummary"),
        })),
        "LocalAuthority": object("A local authority.", json!({
            "code": int("Three-digit DfE code."),
            "gss_code": nullable(string("ONS GSS code.")),
            "name": string("Name."),
            "region": nullable(reference("Region")),
        })),
        "AreaSummary": object("A local authority with its numbers.", json!({
            "local_authority": reference("LocalAuthority"),
            "schools": int("Open schools."),
            "in_trusts": int("Of which in academy trusts."),
        })),
        "TrustInArea": object("A trust's presence in an area.", json!({
            "uid": int("Group UID."),
            "name": string("Name."),
            "kind": reference("GroupKind"),
            "schools_here": int("Its open schools in the area."),
            "schools_in_all": int("Its open schools in all."),
        })),
        "AreaDetail": area_detail(),
        "LocalAuthorityDetail": object("A local authority and its figures.", json!({
            "local_authority": reference("LocalAuthority"),
            "area": reference("AreaDetail"),
        })),
        "RegionSummary": object("A region with its numbers.", json!({
            "slug": reference("Region"),
            "name": string("Name."),
            "local_authorities": int("Local authorities in it."),
            "schools": int("Open schools."),
            "in_trusts": int("Of which in academy trusts."),
        })),
        "RegionDetail": object("A region and its figures.", json!({
            "region": object("The region.", json!({ "slug": reference("Region"), "name": string("Name.") })),
            "area": reference("AreaDetail"),
        })),
        "ImportSource": object("A published file.", json!({
            "kind": reference("ImportKind"),
            "file_name": string("File name as imported."),
            "data_date": nullable(date("The date its data describes.")),
        })),
        "ImportCounts": object("What an import changed.", json!({
            "read": int("Rows read and accepted."),
            "inserted": int("New records."),
            "updated": int("Changed records."),
            "unchanged": int("Records already up to date."),
            "closed": int("Records missing from a full extract, marked closed."),
            "skipped": int("Bad rows skipped."),
            "unmatched": int("Rows about establishments Convene does not know."),
        })),
        "ImportRun": object("One import of a published file.", json!({
            "id": int("Sequence number."),
            "source": reference("ImportSource"),
            "imported_at": string("When, in UTC (ISO 8601)."),
            "counts": reference("ImportCounts"),
            "skipped_rows": { "type": "array", "items": { "type": "string" }, "description": "Rows skipped, one per entry." },
        })),
    })
}

fn build() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Convene API",
            "version": "1",
            "description": "The system map of England's state-funded schools and academy trusts, as JSON and CSV, and the notes people share on Convene. The system map needs no key; `/me` and writing notes need an API token, and with one the notes endpoints also return what the token's owner may see. All data is Crown copyright under the Open Government Licence v3.0: Contains public sector information licensed under the Open Government Licence v3.0.",
            "license": { "name": "Data: Open Government Licence v3.0", "url": crate::pages::layout::OGL_URL },
        },
        "paths": paths(),
        "components": {
            "parameters": parameters(),
            "schemas": all_schemas(),
            "securitySchemes": {
                "apiToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token created on your account page (Your account, API tokens), sent as `Authorization: Bearer cvn_...`. It acts as you and sees what you can see; revoking it takes effect at once.",
                }
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target.clone());
                }
                map.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let mut found = Vec::new();
        references(doc, &mut found);
        assert!(!found.is_empty());
        for target in found {
            let pointer = target.trim_start_matches('#');
            assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
        }
    }

    #[test]
    fn path_parameters_match_the_path() {
        for (path, item) in document()["paths"].as_object().unwrap() {
            for p in item["get"]["parameters"].as_array().unwrap() {
                let name = p["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                let location = &document()["components"]["parameters"][name]["in"];
                if location == "path" {
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{path} documents {name}"
                    );
                }
            }
        }
    }
}
