//! Target 3: swf-local's request handling, any `X-Amz-Target` and any body, through the same
//! operation lookup, decoding, validation and engine as over HTTP (`swf_local::InProcess`: no
//! socket, no panic net).
//!
//! An input is a script of calls run against a fresh service, so that the fuzzer reaches
//! executions, tasks and histories, not only the registration calls an empty service allows.
//! Calls are separated by a NUL byte; a call's first line is the `X-Amz-Target` value (a call
//! without a newline has no body; an empty first line means no header), the rest its body. In a
//! body, `$TOKEN`, `$RUN`, `$PAGE` and `$ARN` stand for the last `taskToken`, `runId`,
//! `nextPageToken` and `arn` an answer held: the service makes them up at run time, so a fixed input could
//! not name them.
//!
//! Beyond "no panic": every answer is a JSON object, and every refusal is SWF's error body
//! (`__type` and `message`) with a 4xx or 5xx status.

use http::HeaderValue;
use std::sync::OnceLock;
use swf_local::InProcess;
use tokio::runtime::Runtime;

/// At most this many calls of one input are run: the fuzzer's time is better spent on more
/// inputs than on longer ones.
const MAX_CALLS: usize = 64;

/// What the service made up that later calls may name.
#[derive(Default)]
struct Names {
    task_token: String,
    run_id: String,
    page_token: String,
    arn: String,
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    runtime().block_on(async {
        let service = InProcess::new();
        let mut names = Names::default();
        for call in data.split(|b| *b == 0).take(MAX_CALLS) {
            let (target, body) = match call.iter().position(|b| *b == b'\n') {
                Some(at) => (&call[..at], &call[at + 1..]),
                None => (call, &[][..]),
            };
            // A value HTTP could not carry never reaches the handler.
            let target = match target {
                [] => None,
                t => match HeaderValue::from_bytes(t) {
                    Ok(t) => Some(t),
                    Err(_) => continue,
                },
            };
            let body = names.substitute(body);
            let (status, answer) = service.call(target.as_ref(), &body).await;
            let json = check_answer(status, &answer);
            if status == 200 {
                names.learn(&json);
            }
        }
    });
}

/// One runtime for every input, as a server has one: building one per input would cost more
/// than most calls.
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a Tokio runtime")
    })
}

/// The answer's JSON, after checking it is what SWF sends for `status`.
fn check_answer(status: u16, answer: &[u8]) -> serde_json::Value {
    let json: serde_json::Value = serde_json::from_slice(answer).unwrap_or_else(|e| {
        panic!(
            "status {status}: the answer is not JSON ({e}): {}",
            String::from_utf8_lossy(answer)
        )
    });
    assert!(json.is_object(), "status {status}: not an object: {json}");
    if status != 200 {
        assert!(
            (400..600).contains(&status),
            "an error with status {status}: {json}"
        );
        let named = json["__type"].as_str().is_some_and(|t| !t.is_empty());
        let said = json["message"].as_str().is_some_and(|m| !m.is_empty());
        assert!(named && said, "not SWF's error body: {json}");
    }
    json
}

impl Names {
    /// The body with the placeholders replaced by what the service answered so far.
    fn substitute(&self, body: &[u8]) -> Vec<u8> {
        let mut out = body.to_vec();
        for (placeholder, value) in [
            (&b"$TOKEN"[..], &self.task_token),
            (b"$RUN", &self.run_id),
            (b"$PAGE", &self.page_token),
            (b"$ARN", &self.arn),
        ] {
            out = replace(&out, placeholder, value.as_bytes());
        }
        out
    }

    /// Remembers the names an answer holds, at any depth (a decision task's token, a started
    /// run's id, a listing's page token, a domain's ARN).
    fn learn(&mut self, json: &serde_json::Value) {
        match json {
            serde_json::Value::Object(members) => {
                for (key, value) in members {
                    if let Some(text) = value.as_str() {
                        match key.as_str() {
                            "taskToken" => self.task_token = text.to_owned(),
                            "runId" => self.run_id = text.to_owned(),
                            "nextPageToken" => self.page_token = text.to_owned(),
                            "arn" => self.arn = text.to_owned(),
                            _ => {}
                        }
                    } else {
                        self.learn(value);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| self.learn(i)),
            _ => {}
        }
    }
}

/// `haystack` with every `needle` replaced by `with`.
fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}
