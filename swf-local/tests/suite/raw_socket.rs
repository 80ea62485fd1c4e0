//! Talking HTTP/1.1 to the service over a bare TCP socket, for the tests whose requests no HTTP
//! client would send: half a head, a stalled body, a hundred headers, disagreeing lengths.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the service did with a connection: the bytes it wrote, and whether (and how soon after
/// [`read_until_closed`] began) it closed the connection.
#[derive(Debug)]
pub struct Outcome {
    pub bytes: Vec<u8>,
    /// `None` when the connection was still open at the deadline.
    pub closed_after: Option<Duration>,
}

impl Outcome {
    /// The status of the answer written, if any.
    pub fn status(&self) -> Option<u16> {
        let text = String::from_utf8_lossy(&self.bytes);
        text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
    }

    /// The answer's head, lower-cased.
    pub fn head(&self) -> String {
        let text = String::from_utf8_lossy(&self.bytes);
        text.split("\r\n\r\n")
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// The answer's body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        let text = String::from_utf8_lossy(&self.bytes);
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
    }
}

/// Connects to the service at `endpoint` (`http://host:port`).
pub async fn connect(endpoint: &str) -> TcpStream {
    let addr = endpoint.strip_prefix("http://").unwrap();
    TcpStream::connect(addr).await.unwrap()
}

/// Writes `bytes` on `socket`.
pub async fn send(socket: &mut TcpStream, bytes: &[u8]) {
    socket.write_all(bytes).await.unwrap();
}

/// Reads what the service writes until it closes the connection, or until `deadline` passes.
/// A reset counts as closed.
pub async fn read_until_closed(socket: &mut TcpStream, deadline: Duration) -> Outcome {
    let started = Instant::now();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, socket.read(&mut chunk)).await {
            Err(_) => {
                return Outcome {
                    bytes,
                    closed_after: None,
                };
            }
            Ok(Ok(0)) | Ok(Err(_)) => {
                return Outcome {
                    bytes,
                    closed_after: Some(started.elapsed()),
                };
            }
            Ok(Ok(n)) => bytes.extend_from_slice(&chunk[..n]),
        }
    }
}

/// A whole request head for `operation` with a body of `length` bytes.
pub fn head(operation: &str, length: usize) -> String {
    format!(
        "POST / HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/x-amz-json-1.0\r\n\
         x-amz-target: SimpleWorkflowService.{operation}\r\ncontent-length: {length}\r\n\r\n"
    )
}
