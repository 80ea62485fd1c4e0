//! SWF-shaped answers to requests whose head hyper cannot take.
//!
//! hyper refuses a request head it cannot parse or will not hold (more than 100 header fields,
//! `Content-Length` values that disagree, a malformed header, a head or URI too long) by writing
//! a bare `400`, `414` or `431` with an empty body, then closing the connection; nothing of the
//! service runs. A client then gets no `__type` and no reason. This layer sits between hyper and
//! the socket: it keeps the bytes of the request head being read, and when hyper writes one of
//! those bare answers it writes in its place the same status with SWF's error body
//! (`SerializationException` and a message naming what is wrong, worked out from the kept head).
//! Every answer of the service's own carries a `content-type`, so it is never mistaken for one.

use crate::error::{Fault, FaultKind};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// How much of a request head is kept to explain its refusal: enough to count far past 100
/// header fields.
const KEPT_HEAD_BYTES: usize = 64 * 1024;

/// The most header fields hyper reads (its default), which SWF's front end does not document.
const MAX_HEADERS: usize = 100;

/// A connection whose bare protocol-error answers are rewritten as SWF's errors.
#[derive(Debug)]
pub(crate) struct AwsShapedHeadErrors<S> {
    inner: S,
    /// The bytes read since the last answer began, up to the end of the head.
    head: Vec<u8>,
    /// Whether `head` is still growing (the head's end is not read yet).
    recording: bool,
    /// An answer written in place of hyper's, and how much of it is out.
    replacement: Vec<u8>,
    sent: usize,
}

impl<S> AwsShapedHeadErrors<S> {
    pub(crate) fn new(inner: S) -> Self {
        AwsShapedHeadErrors {
            inner,
            head: Vec::new(),
            recording: true,
            replacement: Vec::new(),
            sent: 0,
        }
    }

    fn record(&mut self, read: &[u8]) {
        if !self.recording {
            return;
        }
        let room = KEPT_HEAD_BYTES.saturating_sub(self.head.len());
        // Only the new bytes (and the three before them) can complete the head's end: a client
        // sending a byte at a time must not make each read scan all that came before.
        let from = self.head.len().saturating_sub(3);
        self.head.extend_from_slice(&read[..read.len().min(room)]);
        if find(&self.head[from..], b"\r\n\r\n").is_some() || room == 0 {
            self.recording = false;
        }
    }
}

impl<S: AsyncWrite + Unpin> AwsShapedHeadErrors<S> {
    /// Writes out what is left of a replacement answer.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.replacement.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.replacement[self.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for AwsShapedHeadErrors<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(cx, buf))?;
        let this = &mut *self;
        this.record(&buf.filled()[before..]);
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for AwsShapedHeadErrors<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        if let Some(answer) = replacement(buf, &this.head) {
            this.replacement = answer;
            this.sent = 0;
            this.head.clear();
            this.recording = false;
            // hyper's answer counts as written; ours goes out in its place (the rest of it on
            // the flush that follows, if the socket takes only part now).
            let _ = this.drain(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        // An answer is going out: the next request's head starts after it.
        this.head.clear();
        this.recording = true;
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// SWF's answer in place of `written`, when `written` is hyper's own bare answer to a head it
/// refused: one of its statuses, no body and no `content-type`.
fn replacement(written: &[u8], head: &[u8]) -> Option<Vec<u8>> {
    let status: u16 = match written.get(..13)? {
        b"HTTP/1.1 400 " | b"HTTP/1.0 400 " => 400,
        b"HTTP/1.1 414 " | b"HTTP/1.0 414 " => 414,
        b"HTTP/1.1 431 " | b"HTTP/1.0 431 " => 431,
        _ => return None,
    };
    let end = find(written, b"\r\n\r\n")?;
    let answer_head = String::from_utf8_lossy(&written[..end]).to_ascii_lowercase();
    if answer_head.contains("\r\ncontent-type:") || !answer_head.contains("\r\ncontent-length: 0") {
        return None;
    }
    let fault = Fault::new(FaultKind::Serialization, explain(status, head)).with_status(status);
    let body = super::fault_body(&fault);
    let reason = match status {
        400 => "Bad Request",
        414 => "URI Too Long",
        _ => "Request Header Fields Too Large",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/x-amz-json-1.0\r\n\
         x-amzn-errortype: {}\r\nx-amzn-requestid: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        fault.wire_type(),
        super::request_id(),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    Some(out)
}

/// What is wrong with a refused head, as far as its kept bytes tell.
fn explain(status: u16, head: &[u8]) -> String {
    let head_end = find(head, b"\r\n\r\n");
    let text = String::from_utf8_lossy(&head[..head_end.unwrap_or(head.len())]).into_owned();
    let fields: Vec<&str> = text.split("\r\n").skip(1).collect();
    match status {
        414 => "The request's URI is too long".to_owned(),
        431 if fields.len() > MAX_HEADERS => format!(
            "The request has {}{} header fields; at most {MAX_HEADERS} are accepted",
            if head_end.is_none() { "more than " } else { "" },
            fields.len()
        ),
        431 => "The request's head (request line and headers) is too large".to_owned(),
        _ => malformed(head, &fields),
    }
}

/// Why hyper found a head malformed: httparse's reason, or the framing headers hyper checks
/// beyond it.
fn malformed(head: &[u8], fields: &[&str]) -> String {
    let mut slots = vec![httparse::EMPTY_HEADER; fields.len() + 1];
    if let Err(e) = httparse::Request::new(&mut slots).parse(head) {
        return format!("The request's head is malformed: {e}");
    }
    let values = |name: &str| -> Vec<String> {
        fields
            .iter()
            .filter_map(|f| f.split_once(':'))
            .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(',').map(|v| v.trim().to_owned()))
            .collect()
    };
    let lengths = values("content-length");
    if let Some(bad) = lengths.iter().find(|v| v.parse::<u64>().is_err()) {
        return format!("The request's Content-Length is not a number of bytes: {bad:?}");
    }
    if lengths.iter().any(|v| *v != lengths[0]) {
        return format!(
            "The request's Content-Length values disagree: {}",
            lengths.join(", ")
        );
    }
    let encodings = values("transfer-encoding");
    if !encodings.is_empty() && !lengths.is_empty() {
        return "The request has both Transfer-Encoding and Content-Length".to_owned();
    }
    if encodings
        .last()
        .is_some_and(|e| !e.eq_ignore_ascii_case("chunked"))
    {
        return format!(
            "The request's Transfer-Encoding does not end with chunked: {}",
            encodings.join(", ")
        );
    }
    "The request's head is malformed".to_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARE_431: &[u8] =
        b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";

    #[test]
    fn only_a_bare_refusal_is_replaced() {
        let head = b"POST / HTTP/1.1\r\n\r\n";
        assert!(replacement(BARE_431, head).is_some());
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 0\r\n\r\n";
        assert!(replacement(ours, head).is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", head).is_none());
    }

    #[test]
    fn a_head_sent_a_byte_at_a_time_is_kept_to_its_end() {
        let mut connection = AwsShapedHeadErrors::new(());
        for byte in b"POST / HTTP/1.1\r\nx-a: b\r\n\r\n{}" {
            connection.record(&[*byte]);
        }
        assert_eq!(connection.head, b"POST / HTTP/1.1\r\nx-a: b\r\n\r\n");
        assert!(!connection.recording);
    }

    #[test]
    fn explains_each_refusal() {
        let many: String = (0..120).map(|i| format!("x-h{i}: v\r\n")).collect();
        let head = format!("POST / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(
            explain(431, head.as_bytes()),
            "The request has 120 header fields; at most 100 are accepted"
        );
        let head = b"POST / HTTP/1.1\r\ncontent-length: 5\r\ncontent-length: 7\r\n\r\n";
        assert_eq!(
            explain(400, head),
            "The request's Content-Length values disagree: 5, 7"
        );
        let head = b"POST / HTTP/1.1\r\nbad header\r\n\r\n";
        assert!(explain(400, head).starts_with("The request's head is malformed: "));
    }
}
