//! A loopback HTTP proxy in front of a real SWF service that can lose answers on purpose.
//!
//! It forwards every request to the service. For the operations it is told to sabotage, it
//! forwards the request (so the service applies it) and then answers `500` instead of the
//! service's answer: exactly the ambiguous failure a client meets when a response is lost.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A running proxy; it stops with the test's runtime.
pub(crate) struct LossyProxy {
    pub(crate) endpoint: String,
    /// For each operation name, how many more answers to lose.
    lose: Arc<Mutex<HashMap<String, usize>>>,
}

impl LossyProxy {
    /// Starts a proxy to `upstream` on a free loopback port.
    pub(crate) async fn start(upstream: &str) -> LossyProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let lose = Arc::new(Mutex::new(HashMap::new()));
        let upstream = upstream.to_owned();
        let http = reqwest::Client::new();
        let lose_in_task = lose.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (upstream, http, lose) = (upstream.clone(), http.clone(), lose_in_task.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, &upstream, &http, &lose).await;
                });
            }
        });
        LossyProxy { endpoint, lose }
    }

    /// Loses the next `count` answers to `operation` (after the service has applied them).
    pub(crate) fn lose_answers(&self, operation: &str, count: usize) {
        self.lose
            .lock()
            .unwrap()
            .insert(operation.to_owned(), count);
    }
}

async fn serve(
    socket: tokio::net::TcpStream,
    upstream: &str,
    http: &reqwest::Client,
    lose: &Mutex<HashMap<String, usize>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    // One request after another on the same connection (keep-alive), until the client closes it.
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await?;
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let (name, value) = (name.trim().to_owned(), value.trim().to_owned());
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap_or(0);
                }
                headers.push((name, value));
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;

        let mut forward = http.post(upstream);
        let mut operation = String::new();
        for (name, value) in &headers {
            if name.eq_ignore_ascii_case("x-amz-target") {
                operation = value.rsplit('.').next().unwrap_or_default().to_owned();
            }
            if !name.eq_ignore_ascii_case("host") && !name.eq_ignore_ascii_case("content-length") {
                forward = forward.header(name, value);
            }
        }
        let answer = forward
            .body(body)
            .send()
            .await
            .map_err(std::io::Error::other)?;
        let status = answer.status().as_u16();
        let text = answer.text().await.map_err(std::io::Error::other)?;

        let lost = {
            let mut lose = lose.lock().unwrap();
            match lose.get_mut(&operation) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            }
        };
        let (status, text) = if lost {
            (
                500,
                r#"{"__type":"InternalFailure","message":"answer lost by the test proxy"}"#
                    .to_owned(),
            )
        } else {
            (status, text)
        };
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\n\r\n{text}",
            text.len()
        );
        write.write_all(response.as_bytes()).await?;
    }
}
