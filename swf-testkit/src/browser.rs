//! A real browser for tests: Debian's headless Chromium, driven through ChromeDriver's WebDriver
//! protocol (W3C WebDriver: JSON over HTTP on a loopback port).
//!
//! A test opens a page, finds elements by CSS selector, clicks links, types into form fields
//! and submits, and reads what the browser renders, so it checks what a person would see, after
//! the browser parsed the HTML (an unescaped `<` would have become an element, not text).
//!
//! # Why WebDriver by hand
//! The protocol calls a test needs are a dozen small JSON requests. Writing them on `reqwest`,
//! which the workspace already builds, needs no crate downloaded for the tests and nothing from
//! the network at test time; a WebDriver crate would bring a second HTTP stack for the same calls.
//!
//! Where Chromium or ChromeDriver is missing, [`Browser::start`] skips by
//! [`Requirement::CHROMIUM`]'s rule: counted and shown, or a failure when
//! `SWF_TEST_REQUIRE_CHROMIUM` is set (as `.ci/run` sets it, after installing both).

use crate::lines::Lines;
use crate::process::ChildProcess;
use crate::skip::Requirement;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long ChromeDriver may take to listen, and the browser to start.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one WebDriver call may take (a navigation waits for the page to load).
const CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// The W3C key of an element reference in WebDriver's answers.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The Chromium flags for a headless run on a machine with no network: no sandbox (tests run
/// as root in containers), and none of Chromium's background connections, which a closed
/// network refuses by the dozen.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
];

/// A headless Chromium session, closed (and ChromeDriver stopped) when dropped.
#[derive(Debug)]
pub struct Browser {
    http: reqwest::Client,
    /// `http://127.0.0.1:<port>/session/<id>`.
    session: String,
    // Dropped after the session is deleted (fields drop in order): kills ChromeDriver.
    _driver: ChildProcess,
}

/// An element of the current page, as WebDriver refers to it.
#[derive(Debug, Clone)]
pub struct Element {
    id: String,
    /// The selector that found it, for failure messages.
    selector: String,
}

/// The Chromium binary on `PATH`, if any.
pub fn chromium() -> Option<PathBuf> {
    find_on_path(&["chromium", "chromium-browser"])
}

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session for `test`, or returns `None` after a
    /// counted, visible skip when either is not installed and not required.
    ///
    /// # Panics
    /// When they are required but missing, or do not start within a minute.
    pub async fn start(test: &str) -> Option<Browser> {
        let Some(chromium) = chromium() else {
            Requirement::CHROMIUM.skip(test, "chromium is not on PATH");
            return None;
        };
        let Some(chromedriver) = find_on_path(&["chromedriver"]) else {
            Requirement::CHROMIUM.skip(test, "chromedriver is not on PATH");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let mut driver = ChildProcess::spawn(
            "chromedriver",
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .unwrap_or_else(|e| panic!("{} did not start: {e}", chromedriver.display()));
        // ChromeDriver says so once it listens; wait for that line, not a guess. Reading goes on
        // on its own thread to the end, so the driver never blocks on a full pipe.
        let mut out = Lines::read("chromedriver stdout", driver.take_stdout());
        let waited = tokio::task::spawn_blocking(move || {
            out.wait_for(START_TIMEOUT, |line| line.contains("started successfully"));
            out
        })
        .await;
        // Keep the reader (and so the pipe) for as long as the driver runs.
        let _out = waited.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        let http = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .build()
            .expect("an HTTP client");
        let base = format!("http://127.0.0.1:{port}");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": CHROMIUM_ARGS},
        }}});
        let answer = call(
            &http,
            reqwest::Method::POST,
            &format!("{base}/session"),
            Some(capabilities),
        )
        .await;
        let id = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in ChromeDriver's answer: {answer}"))
            .to_owned();
        Some(Browser {
            http,
            session: format!("{base}/session/{id}"),
            _driver: driver,
        })
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.session);
        call(&self.http, reqwest::Method::POST, &url, Some(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.session);
        call(&self.http, reqwest::Method::GET, &url, None).await
    }

    /// Opens `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({"url": url})).await;
    }

    /// The address of the page shown.
    pub async fn url(&self) -> String {
        self.get("/url")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The page's HTML as the browser holds it now, for failure messages.
    pub async fn source(&self) -> String {
        self.get("/source")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The first element `css` selects on the page.
    ///
    /// # Panics
    /// When none does; the message names the selector and the page.
    pub async fn find(&self, css: &str) -> Element {
        match self.find_all(css).await.into_iter().next() {
            Some(element) => element,
            None => panic!(
                "no element matches `{css}` on {}:\n{}",
                self.url().await,
                self.source().await
            ),
        }
    }

    /// Every element `css` selects on the page, in document order.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self
            .post("/elements", json!({"using": "css selector", "value": css}))
            .await;
        elements(&found, css)
    }

    /// Every element `css` selects inside `scope`.
    pub async fn find_all_in(&self, scope: &Element, css: &str) -> Vec<Element> {
        let path = format!("/element/{}/elements", scope.id);
        let found = self
            .post(&path, json!({"using": "css selector", "value": css}))
            .await;
        elements(&found, css)
    }

    /// The first element `css` selects inside `scope`.
    ///
    /// # Panics
    /// When none does.
    pub async fn find_in(&self, scope: &Element, css: &str) -> Element {
        self.find_all_in(scope, css)
            .await
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element matches `{css}` inside `{}`", scope.selector))
    }

    /// Clicks `element` (selects an option, ticks a box).
    pub async fn click(&self, element: &Element) {
        self.post(&format!("/element/{}/click", element.id), json!({}))
            .await;
    }

    /// Clicks `element`, a link or a submit button, and waits until the page it leads to has
    /// replaced this one. WebDriver's click returns once the click is dispatched, which for a
    /// form's submission can be before the browser even starts the navigation; so this waits
    /// for the old page's root element to go stale (WebDriver's own sign that the document was
    /// replaced), then for the new document to be ready.
    ///
    /// # Panics
    /// When no new page comes within a minute.
    pub async fn click_to_navigate(&self, element: &Element) {
        let old = self.find("html").await;
        self.click(element).await;
        let deadline = std::time::Instant::now() + START_TIMEOUT;
        loop {
            let url = format!("{}/element/{}/name", self.session, old.id);
            match try_call(&self.http, reqwest::Method::GET, &url, None).await {
                Err(error) if is_replaced(&error) => break,
                Err(error) => panic!("WebDriver GET {url} answered {error}"),
                Ok(_) if std::time::Instant::now() > deadline => {
                    panic!(
                        "clicking `{}` led to no new page within {START_TIMEOUT:?}",
                        element.selector
                    )
                }
                // Each check is a round trip to the browser; that is the pace of this loop.
                Ok(_) => {}
            }
        }
        // Finding an element waits for the new document to be ready, by WebDriver's rules.
        self.find("html").await;
    }

    /// Replaces the value of a form field with `text`, as typing it would.
    pub async fn type_into(&self, element: &Element, text: &str) {
        self.post(&format!("/element/{}/clear", element.id), json!({}))
            .await;
        self.post(
            &format!("/element/{}/value", element.id),
            json!({"text": text}),
        )
        .await;
    }

    /// The text `element` renders, as a person reads it.
    pub async fn text(&self, element: &Element) -> String {
        self.get(&format!("/element/{}/text", element.id))
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Deleting the session quits Chromium; killing ChromeDriver alone would leave it running.
        // Drop cannot await, and may run on a runtime's thread: delete from a thread of its own.
        // A client of its own: a pooled connection belongs to the runtime that opened it.
        let session = self.session.clone();
        let deleting = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    let http = reqwest::Client::builder().timeout(CALL_TIMEOUT).build();
                    if let Ok(http) = http {
                        let _ = http.delete(&session).send().await;
                    }
                });
            }
        });
        let _ = deleting.join();
    }
}

/// One WebDriver call; its `value`.
///
/// # Panics
/// When the call fails or WebDriver answers an error, saying which.
async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Value {
    try_call(http, method.clone(), url, body)
        .await
        .unwrap_or_else(|error| panic!("WebDriver {method} {url} answered {error}"))
}

/// One WebDriver call: its `value`, or the `value` of its error answer (`{"error": ...}`).
///
/// # Panics
/// When the call cannot be made or its answer is not WebDriver's JSON.
async fn try_call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, Value> {
    let mut request = http.request(method.clone(), url);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("WebDriver {method} {url} failed: {e}"));
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let answer: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("WebDriver {method} {url} answered {status} with no JSON ({e}): {text}")
    });
    match status.is_success() {
        true => Ok(answer["value"].clone()),
        false => Err(answer["value"].clone()),
    }
}

fn elements(found: &Value, css: &str) -> Vec<Element> {
    found
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e[ELEMENT_KEY].as_str())
        .map(|id| Element {
            id: id.to_owned(),
            selector: css.to_owned(),
        })
        .collect()
}

/// Whether a WebDriver error about an element says its document was replaced. The standard's
/// answer is "stale element reference"; ChromeDriver sometimes answers "unknown error:
/// unhandled inspector error: ... Node with given id does not belong to the document" instead,
/// when it looks the node up while the new document replaces the old.
fn is_replaced(error: &Value) -> bool {
    error["error"] == "stale element reference"
        || error["message"]
            .as_str()
            .is_some_and(|m| m.contains("Node with given id does not belong to the document"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_document_reads_alike_in_either_of_chromedrivers_answers() {
        let stale = json!({"error": "stale element reference", "message": "stale"});
        // As ChromeDriver 156 answered in a CI run.
        let gone = json!({"error": "unknown error",
            "message": "unknown error: unhandled inspector error: {\"code\":-32000,\"message\":\
                \"Node with given id does not belong to the document\"}"});
        let missing = json!({"error": "no such element", "message": "Unable to locate element"});
        assert!(is_replaced(&stale));
        assert!(is_replaced(&gone));
        assert!(!is_replaced(&missing));
        assert!(!is_replaced(&json!({"error": "unknown error"})));
    }
}
