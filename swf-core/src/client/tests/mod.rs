//! `Client::call` against a loopback HTTP server that answers with canned responses. The server
//! knows nothing of SWF: it records what it receives and replies as told.

use super::*;
use crate::RetryConfig;
use crate::sign::SERVICE;
use crate::sign::reference::Signer;
use crate::validate::Validator;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod calls;
mod errors;
mod retries;
mod server;
mod signing;
mod transport;
mod whole_history;

use server::{Received, Reply, Server, json};
use signing::expected_authorization;

#[derive(Serialize)]
struct Ping {
    name: String,
}

impl Validate for Ping {
    fn validate_into(&self, v: &mut Validator) {
        v.string("name", &self.name, Some(1), Some(10));
    }
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Pong {
    value: String,
}

fn ping() -> Ping {
    Ping {
        name: "demo".into(),
    }
}

/// Sends the test call, which the test has arranged to fail, and returns its error.
async fn failed_ping(client: &Client) -> crate::Error {
    client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .expect_err("the call fails")
}
