//! The canned-response server: a loopback HTTP/1.1 listener that records each request it
//! receives and answers it with the next [`Reply`] it was given.

use super::*;

/// What the server does with the next request.
pub(super) enum Reply {
    /// Answers with this status, extra headers and body, then closes the connection.
    Answer(u16, Vec<(&'static str, &'static str)>, &'static str),
    /// Reads the request and never answers, keeping the connection open.
    Hang,
    /// Reads the request and closes the connection without answering.
    Close,
}

pub(super) fn json(status: u16, body: &'static str) -> Reply {
    Reply::Answer(status, vec![("x-amzn-RequestId", "req-1")], body)
}

#[derive(Debug, Clone)]
pub(super) struct Received {
    pub(super) method: String,
    pub(super) path: String,
    pub(super) headers: HashMap<String, String>,
    pub(super) body: Vec<u8>,
}

#[derive(Default)]
struct Log {
    connections: usize,
    requests: Vec<Received>,
}

pub(super) struct Server {
    url: String,
    log: Arc<Mutex<Log>>,
}

impl Server {
    pub(super) async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Log::default()));
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let server_log = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                server_log.lock().unwrap().connections += 1;
                tokio::spawn(serve_one(stream, server_log.clone(), replies.clone()));
            }
        });
        Server { url, log }
    }

    pub(super) fn requests(&self) -> Vec<Received> {
        self.log.lock().unwrap().requests.clone()
    }

    pub(super) fn connections(&self) -> usize {
        self.log.lock().unwrap().connections
    }

    pub(super) fn client(&self) -> ClientBuilder {
        let mut builder = Client::local_builder(&self.url);
        builder.retry_config(
            RetryConfig::new()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        );
        builder
    }
}

/// Reads one HTTP/1.1 request from `stream` and replies with the next canned reply.
async fn serve_one(
    mut stream: TcpStream,
    log: Arc<Mutex<Log>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
) {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.unwrap();
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap().split(' ');
    let method = request_line.next().unwrap().to_owned();
    let path = request_line.next().unwrap().to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .map_or(0, |v| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "client closed mid-body");
        body.extend_from_slice(&chunk[..n]);
    }
    log.lock().unwrap().requests.push(Received {
        method,
        path,
        headers,
        body,
    });

    let reply = replies
        .lock()
        .unwrap()
        .pop_front()
        .expect("more requests than replies");
    match reply {
        Reply::Answer(status, headers, body) => {
            let mut out = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\n\
                 content-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(body);
            stream.write_all(out.as_bytes()).await.unwrap();
            stream.shutdown().await.ok();
        }
        Reply::Hang => {
            // Hold the connection open until the runtime ends with the test.
            std::future::pending::<()>().await;
            drop(stream);
        }
        Reply::Close => drop(stream),
    }
}
