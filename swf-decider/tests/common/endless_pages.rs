//! A loopback forwarder in front of swf-local whose decision task histories never end: the
//! service fault the decider's page bound exists for.
//!
//! Every call is forwarded to swf-local unchanged, and every answer comes back unchanged but one:
//! a `PollForDecisionTask` for a further page (it carries a `nextPageToken`) that answers the last
//! page (no `nextPageToken`) gets the request's token put back, so the next page is that same
//! page again, for ever. The tokens are swf-local's own, so each page poll is served for real.
//!
//! A plain socket and HTTP/1.1 with `content-length` bodies, which is all an SWF client and
//! swf-local speak; one upstream connection per call (`connection: close`) so an answer is read
//! to its end.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const POLL: &str = "PollForDecisionTask";

/// The forwarder; it stops accepting when dropped.
pub struct EndlessPages {
    endpoint: String,
    polls: Arc<AtomicUsize>,
    accept: tokio::task::JoinHandle<()>,
}

impl EndlessPages {
    /// Starts forwarding to `upstream` (`http://127.0.0.1:port`) on a free loopback port.
    pub async fn start(upstream: &str) -> EndlessPages {
        let upstream = upstream
            .strip_prefix("http://")
            .expect("an http:// endpoint")
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = polls.clone();
        let accept = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (upstream, polls) = (upstream.clone(), counted.clone());
                // An I/O error ends that connection only; the client sees it as such.
                tokio::spawn(async move { serve(socket, &upstream, &polls).await.ok() });
            }
        });
        EndlessPages {
            endpoint,
            polls,
            accept,
        }
    }

    /// The address to give the decider as its endpoint.
    pub fn endpoint_url(&self) -> String {
        self.endpoint.clone()
    }

    /// How many `PollForDecisionTask` calls were answered, first pages and further pages alike.
    pub fn decision_polls(&self) -> usize {
        self.polls.load(Ordering::SeqCst)
    }
}

impl Drop for EndlessPages {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Serves one client connection, call after call (keep-alive), until the client closes it.
async fn serve(socket: TcpStream, upstream: &str, polls: &AtomicUsize) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    while let Some((headers, body)) = read_message(&mut reader).await? {
        let operation = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-target"))
            .and_then(|(_, v)| v.rsplit('.').next())
            .unwrap_or_default()
            .to_owned();
        let (status, mut answer) = forward(upstream, &headers, &body).await?;
        if operation == POLL {
            answer = never_last(&body, answer);
            polls.fetch_add(1, Ordering::SeqCst);
        }
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\n\r\n",
            answer.len()
        );
        write.write_all(&message(head, &answer)).await?;
    }
    Ok(())
}

/// A message's head and body in one buffer, sent in one write: two small writes would wait on
/// the peer's delayed acknowledgement (Nagle), some 40 ms a call.
fn message(head: String, body: &[u8]) -> Vec<u8> {
    let mut message = head.into_bytes();
    message.extend_from_slice(body);
    message
}

/// The answer to a further-page poll, its last page pointing back at itself.
fn never_last(request: &[u8], answer: Vec<u8>) -> Vec<u8> {
    let request: Value = serde_json::from_slice(request).unwrap_or_default();
    let Some(token) = request.get("nextPageToken").filter(|t| t.is_string()) else {
        return answer;
    };
    let Ok(mut page) = serde_json::from_slice::<Value>(&answer) else {
        return answer;
    };
    let last = page.get("nextPageToken").is_none_or(|t| t == "");
    match (page.as_object_mut(), last) {
        (Some(page), true) => {
            page.insert("nextPageToken".to_owned(), token.clone());
            serde_json::to_vec(&page).expect("JSON encodes")
        }
        _ => answer,
    }
}

/// Sends one call to swf-local on a connection of its own; its status and body.
async fn forward(
    upstream: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<(String, Vec<u8>)> {
    let mut out = TcpStream::connect(upstream).await?;
    let mut head = format!("POST / HTTP/1.1\r\nhost: {upstream}\r\nconnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    out.write_all(&message(head, body)).await?;
    let mut reader = BufReader::new(out);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).await?;
    let status = status_line
        .split_once(' ')
        .map(|(_, s)| s.trim_end().to_owned())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {status_line:?}")))?;
    let (_, answer) = read_headers_and_body(&mut reader).await?;
    Ok((status, answer))
}

/// Reads one request: `None` when the client closed the connection between calls.
async fn read_message<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
) -> std::io::Result<Option<(Vec<(String, String)>, Vec<u8>)>> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).await? == 0 {
        return Ok(None);
    }
    read_headers_and_body(reader).await.map(Some)
}

/// The headers worth forwarding (not those that frame one message on one connection), and the
/// `content-length` body after them.
async fn read_headers_and_body<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
) -> std::io::Result<(Vec<(String, String)>, Vec<u8>)> {
    let mut headers = Vec::new();
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
        } else if !["host", "connection", "transfer-encoding"]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
        {
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok((headers, body))
}
