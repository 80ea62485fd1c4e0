//! A loopback HTTP proxy in front of an SWF endpoint (swf-local, moto_server) that injects faults
//! into chosen operations, and counts what it saw. (Feature `proxy`.)
//!
//! The client under test talks to the real service through it, so everything but the injected
//! fault is the real exchange. Faults are scripted per operation (`RespondActivityTaskCompleted`,
//! the part of `x-amz-target` after the dot) for the next `n` calls; every other call is
//! forwarded unchanged. Each [`Fault`] is counted when injected, so a test can assert that the
//! fault it meant to survive really happened. An operation's forwarded answers can also be
//! rewritten ([`FaultProxy::rewrite_answers`]), for a service fault no status or dropped
//! connection can play, such as a history whose pages never end.
//!
//! The proxy speaks just enough HTTP/1.1 for an SWF client (a `POST` with a `content-length`
//! body, keep-alive) and is written on a plain socket rather than a server framework because
//! one of its faults is closing the connection without an answer, which frameworks do not offer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the proxy does to a call instead of forwarding it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answers SWF's throttling error (HTTP 400, `ThrottlingException`) without forwarding.
    Throttle,
    /// Answers this 5xx status without forwarding: the service never sees the call.
    Status(u16),
    /// Closes the connection without forwarding the call or answering it.
    Drop,
    /// Forwards the call, so that the service applies it, then answers 500 instead of the
    /// service's answer: the ambiguous failure a client meets when an answer is lost.
    LoseAnswer,
}

/// Rewrites a service's successful answer (its JSON body, second) to a call (the call's JSON
/// body, first) before the client gets it.
pub type Rewrite = fn(&serde_json::Value, &mut serde_json::Value);

/// A [`Rewrite`] for the page bounds of whole-history reads (`PollForDecisionTask`,
/// `GetWorkflowExecutionHistory`): an answer to a further page (the call carries a
/// `nextPageToken`) that is the last page (no `nextPageToken`) gets the call's token put back, so
/// the next page is that same page again, for ever. The tokens are the service's own, so every
/// page call is served for real.
pub fn never_last(call: &serde_json::Value, page: &mut serde_json::Value) {
    let Some(token) = call.get("nextPageToken").filter(|t| t.is_string()) else {
        return;
    };
    let last = page.get("nextPageToken").is_none_or(|t| t == "");
    if let (Some(page), true) = (page.as_object_mut(), last) {
        page.insert("nextPageToken".to_owned(), token.clone());
    }
}

/// What the proxy saw of one operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Calls that reached the proxy.
    pub received: u64,
    /// Calls that met a [`Fault`].
    pub faulted: u64,
    /// Calls whose service answer was passed back to the client.
    pub answered: u64,
}

/// A running proxy on an ephemeral loopback port; it stops accepting when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    endpoint: String,
    shared: Arc<Shared>,
    accept: tokio::task::JoinHandle<()>,
}

#[derive(Debug)]
struct Shared {
    upstream: String,
    http: reqwest::Client,
    operations: Mutex<HashMap<String, Operation>>,
    /// Woken whenever a count changes, for [`FaultProxy::wait_until`].
    changed: Notify,
}

#[derive(Debug, Default)]
struct Operation {
    /// The fault for the next calls, and how many calls are left to meet it.
    script: Option<(Fault, u64)>,
    /// What the service's answers go through on their way back.
    rewrite: Option<Rewrite>,
    stats: Stats,
}

impl FaultProxy {
    /// A proxy forwarding to `upstream` (such as `http://127.0.0.1:1234`).
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start(upstream: &str) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free loopback port");
        let endpoint = format!("http://{}", listener.local_addr().expect("a bound address"));
        let shared = Arc::new(Shared {
            upstream: upstream.to_owned(),
            http: reqwest::Client::new(),
            operations: Mutex::default(),
            changed: Notify::new(),
        });
        let accepting = shared.clone();
        let accept = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let shared = accepting.clone();
                // An I/O error ends that connection only; the client sees it as such.
                tokio::spawn(async move { shared.serve(socket).await.ok() });
            }
        });
        FaultProxy {
            endpoint,
            shared,
            accept,
        }
    }

    /// The proxy's address, to give the client under test as its endpoint.
    pub fn endpoint_url(&self) -> String {
        self.endpoint.clone()
    }

    /// The next `n` calls of `operation` meet `fault` (replacing what was scripted for it);
    /// `u64::MAX` for every call until [`heal`](Self::heal).
    pub fn fail_next(&self, operation: &str, fault: Fault, n: u64) {
        self.shared
            .with(operation, |op| op.script = Some((fault, n)));
    }

    /// From now on, every successful (2xx) answer to `operation` that the service gives and the
    /// client gets (a call that meets no [`Fault`]) is passed through `rewrite` first.
    pub fn rewrite_answers(&self, operation: &str, rewrite: Rewrite) {
        self.shared.with(operation, |op| op.rewrite = Some(rewrite));
    }

    /// Calls of `operation` are forwarded unchanged from now on (the faults scripted for it are
    /// dropped; a [`rewrite`](Self::rewrite_answers) stays).
    pub fn heal(&self, operation: &str) {
        self.shared.with(operation, |op| op.script = None);
    }

    /// What the proxy saw of `operation` so far.
    pub fn stats(&self, operation: &str) -> Stats {
        self.shared.read(operation, |op| op.stats)
    }

    /// Waits until `done` holds of the proxy (checked after every change of a count).
    pub async fn wait_until(&self, done: impl Fn(&FaultProxy) -> bool) {
        loop {
            let changed = self.shared.changed.notified();
            tokio::pin!(changed);
            // Registered before the check, so a change between the two is not missed.
            changed.as_mut().enable();
            if done(self) {
                return;
            }
            changed.await;
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// A request as read from the client.
struct Request {
    /// The operation, from `x-amz-target`.
    operation: String,
    /// The headers to forward (all but the hop-by-hop ones).
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Shared {
    /// Runs `f` on the state of `operation` (created on first use).
    fn read<T>(&self, operation: &str, f: impl FnOnce(&mut Operation) -> T) -> T {
        let mut operations = self
            .operations
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f(operations.entry(operation.to_owned()).or_default())
    }

    /// Runs `f` on the state of `operation`, then wakes the waiters. Only for changes: a waiter
    /// that reads with this would wake itself forever.
    fn with<T>(&self, operation: &str, f: impl FnOnce(&mut Operation) -> T) -> T {
        let result = self.read(operation, f);
        self.changed.notify_waiters();
        result
    }

    /// Counts a call of `operation`, and takes one call's worth of the fault scripted for it.
    fn take_fault(&self, operation: &str) -> Option<Fault> {
        self.with(operation, |op| {
            op.stats.received += 1;
            let (fault, left) = op.script.as_mut().filter(|(_, left)| *left > 0)?;
            *left -= 1;
            op.stats.faulted += 1;
            Some(*fault)
        })
    }

    /// Serves one connection, request after request (keep-alive), until the client closes it
    /// or a [`Fault::Drop`] does.
    async fn serve(&self, socket: TcpStream) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut reader = BufReader::new(read);
        while let Some(request) = read_request(&mut reader).await? {
            let (status, headers, body) = match self.take_fault(&request.operation) {
                Some(Fault::Drop) => return Ok(()),
                Some(Fault::Throttle) => fault_answer(
                    400,
                    r#"{"__type":"ThrottlingException","message":"Rate exceeded (test proxy)"}"#,
                ),
                Some(Fault::Status(status)) => fault_answer(
                    status,
                    r#"{"__type":"InternalFailure","message":"injected by the test proxy"}"#,
                ),
                Some(Fault::LoseAnswer) => {
                    // The service applies the call; its answer goes nowhere.
                    self.forward(&request).await;
                    fault_answer(
                        500,
                        r#"{"__type":"InternalFailure","message":"answer lost by the test proxy"}"#,
                    )
                }
                None => {
                    let (status, headers, mut body) = self.forward(&request).await;
                    let rewrite = self.with(&request.operation, |op| {
                        op.stats.answered += 1;
                        op.rewrite
                    });
                    if let Some(rewrite) = rewrite.filter(|_| (200..300).contains(&status)) {
                        body = rewritten(rewrite, &request.body, body);
                    }
                    (status, headers, body)
                }
            };
            let mut head = format!("HTTP/1.1 {status} X\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
            // One write: with the body in a second small one, Nagle's algorithm would hold it
            // until the client's delayed acknowledgement of the head, some 40 ms an answer.
            let mut answer = head.into_bytes();
            answer.extend_from_slice(&body);
            write.write_all(&answer).await?;
        }
        Ok(())
    }

    /// Sends `request` to the service, and returns its answer (a 502 when it cannot be reached).
    async fn forward(&self, request: &Request) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut forward = self.http.post(&self.upstream);
        for (name, value) in &request.headers {
            forward = forward.header(name, value);
        }
        let answer = match forward.body(request.body.clone()).send().await {
            Ok(answer) => answer,
            Err(err) => return (502, Vec::new(), err.to_string().into_bytes()),
        };
        let status = answer.status().as_u16();
        let headers = answer
            .headers()
            .iter()
            .filter(|(name, _)| !is_hop_by_hop(name.as_str()))
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect();
        match answer.bytes().await {
            Ok(body) => (status, headers, body.to_vec()),
            Err(err) => (502, Vec::new(), err.to_string().into_bytes()),
        }
    }
}

/// `answer` (a JSON body) as `rewrite` makes it, given the call's JSON body `request`; as it is
/// when either is not JSON (not an SWF exchange, so nothing a rewrite is written for).
fn rewritten(rewrite: Rewrite, request: &[u8], answer: Vec<u8>) -> Vec<u8> {
    let Ok(request) = serde_json::from_slice(request) else {
        return answer;
    };
    let Ok(mut json) = serde_json::from_slice(&answer) else {
        return answer;
    };
    rewrite(&request, &mut json);
    serde_json::to_vec(&json).expect("JSON encodes")
}

/// An SWF error answer made up by the proxy.
fn fault_answer(status: u16, body: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let headers = vec![(
        "content-type".to_owned(),
        "application/x-amz-json-1.0".to_owned(),
    )];
    (status, headers, body.as_bytes().to_vec())
}

/// Headers that describe one connection or one message's framing, which the proxy sets itself.
fn is_hop_by_hop(name: &str) -> bool {
    ["host", "content-length", "transfer-encoding", "connection"]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

/// Reads one request; `None` when the client closed the connection between requests.
async fn read_request(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<Option<Request>> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).await? == 0 {
        return Ok(None);
    }
    let mut request = Request {
        operation: String::new(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await?;
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().map_err(std::io::Error::other)?;
        }
        if name.eq_ignore_ascii_case("x-amz-target") {
            let operation = value.rsplit('.').next().unwrap_or_default();
            request.operation = operation.to_owned();
        }
        if !is_hop_by_hop(name) {
            request.headers.push((name.to_owned(), value.to_owned()));
        }
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body).await?;
    Ok(Some(request))
}
