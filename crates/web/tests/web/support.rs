//! A small hand-made slice of the system map, served by the real router on a free loopback
//! port, and a minimal HTTP/1.1 client to ask it things.

use convene_domain::dataset::NationalDataset;
use convene_domain::import::{ImportKind, ImportSource};
use convene_domain::organisation::{
    EstablishmentLink, GridReference, Group, GroupKind, GroupLink, OfstedInspection, Phase, School,
    Status,
};
use convene_domain::place::{LocalAuthority, Region};
use convene_domain::{Date, GroupUid, Judgement, Urn};
use convene_store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn date(y: u16, m: u8, d: u8) -> Option<Date> {
    Some(Date::new(y, m, d).expect("a real date"))
}

fn school(urn: i64, name: &str, phase: Phase, la: (i64, &str, Region)) -> School {
    let mut s = School::new(Urn(urn), name);
    s.phase = phase;
    s.type_name = "Academy converter".into();
    s.la_code = Some(la.0);
    s.la_name = Some(la.1.into());
    s.region = Some(la.2);
    s
}

/// Two Milton Keynes academies in 5 Dimensions Trust (one graded Good in 2015, one
/// inspected since September 2024 with no overall grade), a closed predecessor, and a City
/// of London school in a federation.
pub fn dataset() -> NationalDataset {
    let mk = (826, "Milton Keynes", Region::SouthEast);
    let city = (201, "City of London", Region::London);

    let mut shenley = school(136730, "Shenley Brook End School", Phase::Secondary, mk);
    shenley.laestab = Some(8264001);
    shenley.ukprn = Some(10_004_567);
    shenley.street = Some("Walbank Grove".into());
    shenley.town = Some("Milton Keynes".into());
    shenley.postcode = Some("MK5 7ZT".into());
    shenley.website = Some("www.sbe.example".into());
    shenley.age_low = Some(11);
    shenley.age_high = Some(18);
    shenley.pupils = Some(1_905);
    shenley.capacity = Some(1_800);
    shenley.fsm_percent = Some(8.4);
    shenley.eal_percent = Some(20.1);
    shenley.idaci_quintile = Some(4);
    shenley.location = GridReference::new(482_000, 236_000);
    shenley.open_date = date(2011, 4, 1);
    shenley.ofsted = Some(OfstedInspection {
        inspection_date: date(2015, 1, 21),
        publication_date: date(2015, 2, 20),
        inspection_type: Some("S5 Inspection".into()),
        overall: Some(Judgement::Good),
        quality_of_education: Some(Judgement::Good),
        leadership_and_management: Some(Judgement::Outstanding),
        sixth_form: Some(Judgement::Good),
        safeguarding_effective: Some(true),
        previous_inspection_date: date(2011, 11, 9),
        previous_overall: Some(Judgement::Outstanding),
        ungraded_inspection_date: date(2019, 5, 1),
        ungraded_outcome: Some("School remains Good".into()),
        ..OfstedInspection::default()
    });

    let mut walton = school(110535, "Walton High", Phase::Secondary, mk);
    walton.postcode = Some("MK7 7WH".into());
    walton.pupils = Some(2_500);
    walton.ofsted = Some(OfstedInspection {
        inspection_date: date(2024, 11, 5),
        ..OfstedInspection::default()
    });

    let mut old = school(999001, "Old Shenley School", Phase::Secondary, mk);
    old.status = Status::Closed;
    old.type_name = "Community school".into();
    old.close_date = date(2011, 3, 31);

    let mut aldgate = school(100000, "The Aldgate School", Phase::Primary, city);
    aldgate.type_name = "Voluntary aided school".into();
    aldgate.postcode = Some("EC3A 5DE".into());
    aldgate.pupils = Some(260);
    aldgate.ofsted = Some(OfstedInspection {
        inspection_date: date(2022, 3, 2),
        overall: Some(Judgement::Outstanding),
        ..OfstedInspection::default()
    });

    let mut trust = Group::new(
        GroupUid(17101),
        "5 DIMENSIONS TRUST",
        GroupKind::MultiAcademyTrust,
    );
    trust.group_id = Some("TR01904".into());
    trust.companies_house_number = Some("07595434".into());
    trust.open_date = date(2011, 4, 1);
    trust.incorporated_date = date(2011, 4, 1);
    trust.town = Some("Milton Keynes".into());
    trust.postcode = Some("MK5 7ZT".into());
    trust.head = Some("Ms A Head".into());
    let federation = Group::new(GroupUid(2000), "Aldgate Federation", GroupKind::Federation);

    NationalDataset {
        sources: vec![
            ImportSource {
                kind: ImportKind::Ofsted,
                file_name: "state_funded_schools_inspections_as_at_2025-08-31.csv".into(),
                data_date: date(2025, 8, 31),
            },
            ImportSource {
                kind: ImportKind::GiasGroups,
                file_name: "allgroupsdata.csv".into(),
                data_date: None,
            },
        ],
        local_authorities: vec![
            LocalAuthority {
                code: 826,
                gss_code: Some("E06000042".into()),
                name: "Milton Keynes".into(),
                region: Some(Region::SouthEast),
            },
            LocalAuthority {
                code: 201,
                gss_code: Some("E09000001".into()),
                name: "City of London".into(),
                region: Some(Region::London),
            },
        ],
        groups: vec![trust, federation],
        schools: vec![shenley, walton, old, aldgate],
        group_links: vec![
            GroupLink {
                group_uid: GroupUid(17101),
                urn: Urn(136730),
                joined_date: date(2011, 4, 1),
            },
            GroupLink {
                group_uid: GroupUid(17101),
                urn: Urn(110535),
                joined_date: date(2012, 9, 1),
            },
            GroupLink {
                group_uid: GroupUid(2000),
                urn: Urn(100000),
                joined_date: date(2010, 1, 1),
            },
        ],
        establishment_links: vec![EstablishmentLink {
            urn: Urn(136730),
            linked_urn: Urn(999001),
            linked_name: Some("Old Shenley School".into()),
            link_type: "Predecessor".into(),
            established_date: date(2011, 4, 1),
        }],
        outcomes: Vec::new(),
    }
}

/// The router serving [`dataset`] from a temporary SQLite file.
pub struct Server {
    address: std::net::SocketAddr,
    _dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One HTTP response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    /// Loads the dataset into a fresh database and serves it.
    pub async fn start() -> Server {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("web.sqlite");
        let store = Store::open(&path.display().to_string())
            .await
            .expect("open");
        store.migrate().await.expect("migrate");
        store
            .load_dataset(&dataset(), &|_, _| {})
            .await
            .expect("load");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let config = convene_web::WebConfig::new(&format!("http://{address}"));
        let task = tokio::spawn(convene_web::serve(store, config, listener));
        Server {
            address,
            _dir: dir,
            task,
        }
    }

    /// Sends `GET path` and reads the whole response.
    pub async fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], "").await
    }

    /// Sends a request with extra headers (`Name: value`) and a body, and reads the whole
    /// response. `Host` is `localhost`.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[&str],
        body: &str,
    ) -> Response {
        let mut stream = TcpStream::connect(self.address).await.expect("connect");
        let mut request =
            format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for header in headers {
            request.push_str(header);
            request.push_str("\r\n");
        }
        if !body.is_empty() || method == "POST" {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("receive");
        assert!(
            !raw.is_empty(),
            "{method} {path}: the server closed the connection without answering"
        );
        parse(&raw)
    }

    /// Sends `GET path`, expecting 200, and returns the body.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status, 200, "GET {path}: {}", response.body);
        response.body
    }
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body: String::from_utf8(body).expect("UTF-8 body"),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .expect("hex size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}
