//! A small web client for tests that act as a person: it keeps cookies, does not follow
//! redirects (so tests can see them), and remembers the CSRF token of the last page it read
//! so posting a form works the way a browser would.

use crate::server::TestServer;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One response, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The `Location` header, for redirects.
    pub location: Option<String>,
    /// The `Content-Type` header.
    pub content_type: String,
    /// Every `Set-Cookie` header.
    pub set_cookies: Vec<String>,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A person's browser, minus the rendering.
pub struct WebClient {
    base: String,
    http: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
    csrf: Mutex<Option<String>>,
}

impl WebClient {
    /// A client with no cookies, for `server`.
    pub fn new(server: &TestServer) -> WebClient {
        WebClient::for_base(&server.base)
    }

    /// A client for a server at `base` (`http://127.0.0.1:PORT`).
    pub fn for_base(base: &str) -> WebClient {
        WebClient {
            base: base.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            cookies: Mutex::new(BTreeMap::new()),
            csrf: Mutex::new(None),
        }
    }

    /// A cookie's current value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    /// Sets a cookie, as an attacker planting one would.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .unwrap()
            .insert(name.to_string(), value.to_string());
    }

    /// The CSRF token of the last page read.
    pub fn csrf(&self) -> Option<String> {
        self.csrf.lock().unwrap().clone()
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        let request = self.http.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    /// `GET path` with an API token.
    pub async fn get_with_token(&self, path: &str, token: &str) -> Reply {
        let request = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token);
        self.send(request).await
    }

    /// Posts a form with the CSRF token of the last page read, as a browser would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self
            .csrf()
            .unwrap_or_else(|| panic!("POST {path}: no page with a form has been read yet"));
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(request).await
    }

    /// Posts JSON with an API token.
    pub async fn post_json_with_token(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> Reply {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body);
        self.send(request).await
    }

    /// Posts a `multipart/form-data` body, as a browser uploading a file would: the CSRF
    /// token of the last page read, the text `fields`, and one file field
    /// (`name`, file name, media type, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str, &[u8]),
    ) -> Reply {
        let token = self.csrf().unwrap_or_default();
        let boundary = "convene-test-boundary-7d1f";
        let mut body = Vec::new();
        let mut text = |name: &str, value: &str| {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        };
        text("csrf_token", &token);
        for (name, value) in fields {
            text(name, value);
        }
        let (name, file_name, media_type, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {media_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        self.send(request).await
    }

    /// Posts raw bytes with an API token, as a program uploading a file would.
    pub async fn post_bytes_with_token(
        &self,
        path: &str,
        token: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Reply {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", media_type)
            .body(bytes.to_vec());
        self.send(request).await
    }

    /// `GET path` read as bytes, with the `Content-Type` and `Cache-Control` headers, for
    /// files such as pictures.
    pub async fn get_bytes(&self, path: &str) -> (u16, String, String, Vec<u8>) {
        let cookie_header = self
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut request = self.http.get(format!("{}{path}", self.base));
        if !cookie_header.is_empty() {
            request = request.header("cookie", cookie_header);
        }
        let response = request.send().await.expect("request");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (status, media_type, cache) = (
            response.status().as_u16(),
            header("content-type"),
            header("cache-control"),
        );
        let bytes = response.bytes().await.expect("body").to_vec();
        (status, media_type, cache, bytes)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let cookie_header = self
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = if cookie_header.is_empty() {
            request
        } else {
            request.header("cookie", cookie_header)
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let content_type = header("content-type").unwrap_or_default();
        let set_cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        for cookie in &set_cookies {
            let pair = cookie.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                let mut jar = self.cookies.lock().unwrap();
                if value.is_empty() || cookie.contains("Max-Age=0") {
                    jar.remove(name);
                } else {
                    jar.insert(name.to_string(), value.to_string());
                }
            }
        }
        let body = response.text().await.expect("body");
        if let Some(token) = csrf_in(&body) {
            *self.csrf.lock().unwrap() = Some(token);
        }
        Reply {
            status,
            location,
            content_type,
            set_cookies,
            body,
        }
    }
}

/// The CSRF token in a page's first form, if it has one.
pub fn csrf_in(html: &str) -> Option<String> {
    let (_, rest) = html.split_once("name=\"csrf_token\" value=\"")?;
    rest.split('"').next().map(str::to_string)
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
