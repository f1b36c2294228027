//! A real browser for the tests: headless Chromium driven through ChromeDriver.
//!
//! The tests check Convene as a person uses it: pages loaded, links followed and forms filled
//! in a real browser. This is a small client for the W3C WebDriver protocol, just the commands
//! the tests use, over plain HTTP to a ChromeDriver this module starts and stops itself, so the
//! suite needs no browser-automation library and nothing beyond Debian's `chromium` and
//! `chromium-driver` packages.
//!
//! Every browser gets its own ChromeDriver on a free loopback port and a fresh, empty profile,
//! so tests can run in parallel and share nothing.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long ChromeDriver may take to start answering.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a command may wait for an element to appear, e.g. while a page loads.
const IMPLICIT_WAIT_MS: u64 = 3_000;

/// How long after a click a navigation may take to begin before the click is taken to have
/// stayed on the page.
const NAVIGATION_GRACE: Duration = Duration::from_millis(300);

/// How long the page a click leads to may take to load.
const NAVIGATION_TIMEOUT: Duration = Duration::from_secs(60);

/// How to install the browser, for error messages.
const INSTALL_HINT: &str =
    "run `.ci/run` (it installs them) or `apt-get install chromium chromium-driver`";

/// A headless Chromium session, with the ChromeDriver process that runs it.
///
/// Stop it with [`Browser::quit`]; if it is dropped instead (say, when a test panics), the
/// session is closed and ChromeDriver killed all the same, so no browser outlives its test.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    http: reqwest::Client,
    session_url: String,
    closed: bool,
    _scratch: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver on a free port and a headless Chromium session with a fresh,
    /// temporary profile.
    ///
    /// Chromium is `/usr/bin/chromium` (or `$CHROME_BIN`) and ChromeDriver
    /// `/usr/bin/chromedriver` (or `$CHROMEDRIVER`). If either is missing the error says how to
    /// install them.
    pub async fn start() -> Result<Browser, String> {
        let chromium = program("CHROME_BIN", "/usr/bin/chromium", "Chromium")?;
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver", "ChromeDriver")?;

        let scratch = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
        let profile = scratch.path().join("profile");
        std::fs::create_dir(&profile).map_err(|e| format!("profile folder: {e}"))?;
        let log_path = scratch.path().join("chromedriver.log");
        let log = std::fs::File::create(&log_path).map_err(|e| format!("driver log: {e}"))?;
        let log_err = log.try_clone().map_err(|e| format!("driver log: {e}"))?;

        let port = free_port()?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", chromedriver.display()))?;

        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            http,
            session_url: String::new(),
            closed: true,
            _scratch: scratch,
        };
        browser.wait_until_ready(&log_path).await?;

        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": IMPLICIT_WAIT_MS, "pageLoad": 60_000, "script": 30_000 },
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            "--disable-quic",
                            "--window-size=1280,1000",
                            format!("--user-data-dir={}", profile.display()),
                        ],
                    },
                },
            },
        });
        let created = browser
            .send(
                reqwest::Method::POST,
                &format!("{}/session", browser.driver_url()),
                Some(capabilities),
            )
            .await
            .map_err(|e| {
                format!(
                    "could not start headless Chromium ({}): {e}\nChromeDriver's log:\n{}",
                    chromium.display(),
                    read_log(&log_path)
                )
            })?;
        let session = created["sessionId"]
            .as_str()
            .ok_or_else(|| format!("ChromeDriver gave no session id: {created}"))?
            .to_string();
        browser.session_url = format!("{}/session/{session}", browser.driver_url());
        browser.session = session;
        browser.closed = false;
        Ok(browser)
    }

    /// Opens a URL and waits for the page to load.
    pub async fn goto(&self, url: &str) -> Result<(), String> {
        self.command(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .map(drop)
            .map_err(|e| format!("go to {url}: {e}"))
    }

    /// The URL of the page shown, after any redirects.
    pub async fn current_url(&self) -> Result<String, String> {
        self.string(reqwest::Method::GET, "/url", None).await
    }

    /// The page's `<title>`.
    pub async fn title(&self) -> Result<String, String> {
        self.string(reqwest::Method::GET, "/title", None).await
    }

    /// Text of the first element matching the CSS selector, as it is rendered.
    pub async fn text(&self, css: &str) -> Result<String, String> {
        let element = self.find(css).await?;
        self.element_text(&element)
            .await
            .map_err(|e| format!("text of `{css}`: {e}"))
    }

    /// Texts of all the elements matching the CSS selector, in document order; empty if none
    /// match.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>, String> {
        let found = self
            .command(
                reqwest::Method::POST,
                "/elements",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await
            .map_err(|e| format!("find `{css}`: {e}"))?;
        let mut texts = Vec::new();
        for element in found.as_array().into_iter().flatten() {
            let id = element_id(element)?;
            texts.push(
                self.element_text(&id)
                    .await
                    .map_err(|e| format!("text of `{css}`: {e}"))?,
            );
        }
        Ok(texts)
    }

    /// Clicks the first element matching the CSS selector, and waits for any page load the
    /// click starts.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        let element = self.find(css).await?;
        self.click_element(&element)
            .await
            .map_err(|e| format!("click `{css}`: {e}"))
    }

    /// Clicks the first link shown on the page whose text contains `text`, as a person picks a
    /// link by what it says. Hidden links (such as a skip link) are passed over.
    pub async fn click_link_containing(&self, text: &str) -> Result<(), String> {
        let xpath = format!("//a[contains(normalize-space(.), {})]", xpath_literal(text));
        let found = self
            .command(
                reqwest::Method::POST,
                "/elements",
                Some(json!({ "using": "xpath", "value": xpath })),
            )
            .await
            .map_err(|e| format!("find a link containing {text:?}: {e}"))?;
        for element in found.as_array().into_iter().flatten() {
            let id = element_id(element)?;
            let shown = self
                .command(
                    reqwest::Method::GET,
                    &format!("/element/{id}/displayed"),
                    None,
                )
                .await?;
            if shown.as_bool() == Some(true) {
                return self
                    .click_element(&id)
                    .await
                    .map_err(|e| format!("click the link containing {text:?}: {e}"));
            }
        }
        Err(format!("no link shown on the page contains {text:?}"))
    }

    /// Replaces what is in the first field matching the CSS selector with `text`, typed key by
    /// key as a person would.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let element = self.find(css).await?;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .await
        .map_err(|e| format!("clear `{css}`: {e}"))?;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await
        .map(drop)
        .map_err(|e| format!("type into `{css}`: {e}"))
    }

    /// Chooses the file at `path` in the file input matching the CSS selector, as a person
    /// picking it in the file chooser would.
    pub async fn choose_file(&self, css: &str, path: &std::path::Path) -> Result<(), String> {
        let element = self.find(css).await?;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": path.display().to_string() })),
        )
        .await
        .map(drop)
        .map_err(|e| format!("choose a file in `{css}`: {e}"))
    }

    /// The page's HTML as the browser now has it (after any script ran).
    pub async fn page_source(&self) -> Result<String, String> {
        self.string(reqwest::Method::GET, "/source", None).await
    }

    /// Runs `script`, which must call its last argument (`arguments[arguments.length - 1]`)
    /// with its result, and waits for that result.
    pub async fn execute_async(&self, script: &str, args: Value) -> Result<Value, String> {
        self.command(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
        .await
        .map_err(|e| format!("run script: {e}"))
    }

    /// Resizes the window, to see a page as a phone or a desktop would.
    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.command(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .await
        .map(drop)
        .map_err(|e| format!("resize the window: {e}"))
    }

    /// The page's accessibility violations as axe-core (vendored in `vendor/axe-core`) finds
    /// them against WCAG 2.2 A and AA: each as `rule: what is wrong (where)`.
    pub async fn accessibility_violations(&self) -> Result<Vec<String>, String> {
        const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");
        self.execute(AXE).await?;
        let result = self
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join('; ') + ')')))
                    .catch(e => done(['axe failed: ' + e]));",
                json!([]),
            )
            .await?;
        Ok(result
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// A PNG screenshot of the window, for looking at what a page shows.
    pub async fn screenshot_png(&self) -> Result<Vec<u8>, String> {
        let encoded = self
            .string(reqwest::Method::GET, "/screenshot", None)
            .await?;
        decode_base64(&encoded).ok_or_else(|| "the screenshot was not valid base64".to_string())
    }

    /// Closes the browser and stops ChromeDriver.
    pub async fn quit(mut self) {
        if let Err(e) = self.command(reqwest::Method::DELETE, "", None).await {
            eprintln!("closing the browser session: {e}");
        }
        self.closed = true;
    }

    fn driver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls ChromeDriver's `/status` until it says it is ready.
    async fn wait_until_ready(&mut self, log_path: &Path) -> Result<(), String> {
        let started = Instant::now();
        let status_url = format!("{}/status", self.driver_url());
        loop {
            if let Ok(Some(exit)) = self.driver.try_wait() {
                return Err(format!(
                    "ChromeDriver exited at start ({exit})\n{}",
                    read_log(log_path)
                ));
            }
            if let Ok(response) = self.http.get(&status_url).send().await {
                if let Ok(status) = response.json::<Value>().await {
                    if status["value"]["ready"].as_bool() == Some(true) {
                        return Ok(());
                    }
                }
            }
            if started.elapsed() > DRIVER_START_TIMEOUT {
                return Err(format!(
                    "ChromeDriver was not ready after {DRIVER_START_TIMEOUT:?}\n{}",
                    read_log(log_path)
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The reference of the first element matching the CSS selector, waiting briefly for it.
    async fn find(&self, css: &str) -> Result<String, String> {
        let found = self
            .command(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await
            .map_err(|e| format!("find `{css}`: {e}"))?;
        element_id(&found)
    }

    async fn element_text(&self, element: &str) -> Result<String, String> {
        self.string(
            reqwest::Method::GET,
            &format!("/element/{element}/text"),
            None,
        )
        .await
    }

    /// Clicks an element, then waits for the page it leads to, if any, to load.
    ///
    /// ChromeDriver returns from a click before a navigation that the click queues (such as a
    /// form submission) has begun, so the next command could still see the old page. A flag
    /// set on the old page before the click tells the cases apart: the page is leaving
    /// (`beforeunload` fired), has gone (a new document without the flag), or, once a short
    /// grace period passes with neither, was never going to.
    async fn click_element(&self, element: &str) -> Result<(), String> {
        self.execute(
            "window.__conveneNavigation = 'staying';\
             window.addEventListener('beforeunload', \
                 () => { window.__conveneNavigation = 'leaving'; });",
        )
        .await?;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await?;
        let clicked = Instant::now();
        loop {
            let state = self
                .execute(
                    "return window.__conveneNavigation === undefined \
                     ? 'arrived:' + document.readyState : window.__conveneNavigation;",
                )
                .await;
            match state.as_ref().ok().and_then(Value::as_str) {
                Some("arrived:complete") => return Ok(()),
                Some("staying") if clicked.elapsed() > NAVIGATION_GRACE => return Ok(()),
                _ => {}
            }
            if clicked.elapsed() > NAVIGATION_TIMEOUT {
                return Err(format!(
                    "the page the click led to did not load within {NAVIGATION_TIMEOUT:?} \
                     (last seen: {state:?})"
                ));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub async fn execute(&self, script: &str) -> Result<Value, String> {
        self.command(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }

    /// A session command whose answer is a string.
    async fn string(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<String, String> {
        let value = self.command(method, path, body).await?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{path}: expected a string, got {value}"))
    }

    /// Sends a command to this session; `path` is below `/session/{id}`.
    async fn command(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        self.send(method, &format!("{}{path}", self.session_url), body)
            .await
    }

    /// Sends one WebDriver request and returns its `value`, or the WebDriver error as text.
    async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("ChromeDriver did not answer: {e}"))?;
        let status = response.status();
        let mut answer: Value = response
            .json()
            .await
            .map_err(|e| format!("ChromeDriver's answer (HTTP {status}) was not JSON: {e}"))?;
        let value = answer["value"].take();
        match value["error"].as_str() {
            Some(error) => Err(format!(
                "{error}: {}",
                value["message"].as_str().unwrap_or_default()
            )),
            None if !status.is_success() => Err(format!("HTTP {status}: {value}")),
            None => Ok(value),
        }
    }
}

impl Drop for Browser {
    /// Closes the session and kills ChromeDriver, so a test that fails before calling
    /// [`Browser::quit`] leaves no Chromium running.
    fn drop(&mut self) {
        if !self.closed {
            delete_session_blocking(self.port, &self.session);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The program named by the environment variable, or its usual path; an error saying how to
/// install it if it is not there.
fn program(variable: &str, default: &str, name: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(std::env::var(variable).unwrap_or_else(|_| default.to_string()));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{name} was not found at {} (set {variable} to use another): the browser tests need \
             headless Chromium and ChromeDriver; {INSTALL_HINT}",
            path.display()
        ))
    }
}

/// A loopback port that nothing is listening on.
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("could not find a free port: {e}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| format!("could not find a free port: {e}"))
}

/// ChromeDriver's log, for error messages.
fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The reference inside a WebDriver element object.
fn element_id(element: &Value) -> Result<String, String> {
    element[ELEMENT_KEY]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("not an element: {element}"))
}

/// Ends a session with a plain blocking HTTP request: `Drop` can neither await nor rely on
/// being inside a running async runtime.
fn delete_session_blocking(port: u16, session: &str) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    // ChromeDriver answers once Chromium has gone; the head of the answer is enough.
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
}

/// `text` as an XPath 1.0 string literal, which has no escapes: a text holding both kinds of
/// quote is built with `concat()`.
fn xpath_literal(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        let parts: Vec<String> = text.split('"').map(|part| format!("\"{part}\"")).collect();
        format!("concat({})", parts.join(", '\"', "))
    }
}

/// Decodes standard base64 (as WebDriver sends screenshots); `None` if it is not valid.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn sextet(byte: u8) -> Option<u32> {
        match byte {
            b'A'..=b'Z' => Some(u32::from(byte - b'A')),
            b'a'..=b'z' => Some(u32::from(byte - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(byte - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let digits: Vec<u8> = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    let digits = digits
        .strip_suffix(b"==")
        .or_else(|| digits.strip_suffix(b"="))
        .unwrap_or(&digits);
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut group = 0u32;
        for (i, &digit) in chunk.iter().enumerate() {
            group |= sextet(digit)? << (18 - 6 * i);
        }
        let group = group.to_be_bytes();
        bytes.extend_from_slice(&group[1..chunk.len()]);
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xpath_literals_survive_any_quotes() {
        assert_eq!(xpath_literal("St Mary"), "\"St Mary\"");
        assert_eq!(xpath_literal("the \"best\""), "'the \"best\"'");
        assert_eq!(
            xpath_literal("St Mary's \"best\""),
            "concat(\"St Mary's \", '\"', \"best\", '\"', \"\")"
        );
    }

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("").unwrap(), b"");
        assert_eq!(decode_base64("Zg==").unwrap(), b"f");
        assert_eq!(decode_base64("Zm8=").unwrap(), b"fo");
        assert_eq!(decode_base64("Zm9v").unwrap(), b"foo");
        assert_eq!(decode_base64("Zm9vYmFy\n").unwrap(), b"foobar");
        assert_eq!(decode_base64("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
        assert!(decode_base64("Zm9v!").is_none());
        assert!(decode_base64("Z").is_none());
    }
}
