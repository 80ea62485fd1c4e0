//! Connections the service can cut: how an injected fault drops a call's connection after the
//! call was applied, before any byte of its answer is written.
//!
//! Every accepted TCP stream is wrapped with a shared flag. A handler that must drop its
//! connection sets the flag (it reaches it through axum's `ConnectInfo`); the next write on the
//! connection, the answer's first byte, then fails, hyper closes the connection, and the socket,
//! set to linger zero, is closed with a reset. The client sees its connection reset without an
//! answer, as when a load balancer or the network fails at that moment.

use axum::serve::Listener;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Accepts TCP connections that can be cut.
#[derive(Debug)]
pub(crate) struct SeverableListener(pub(crate) TcpListener);

impl Listener for SeverableListener {
    type Io = SeverableStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = Listener::accept(&mut self.0).await;
        let stream = SeverableStream {
            inner: stream,
            cut: Severance(Arc::new(AtomicBool::new(false))),
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// The switch that cuts one connection.
#[derive(Debug, Clone)]
pub(crate) struct Severance(Arc<AtomicBool>);

impl Severance {
    /// Cuts the connection before it writes again.
    pub(crate) fn sever(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn is_severed(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A TCP stream whose writes fail once its [`Severance`] is cut.
#[derive(Debug)]
pub(crate) struct SeverableStream {
    inner: TcpStream,
    cut: Severance,
}

impl SeverableStream {
    /// The switch that cuts this connection, for its calls' handlers (`connections.rs` hands it
    /// to them as axum's `ConnectInfo`).
    pub(crate) fn severance(&self) -> Severance {
        self.cut.clone()
    }

    fn severed(&self) -> io::Error {
        // A reset rather than an orderly close: the client must not mistake it for an answer.
        let _ = self.inner.set_zero_linger();
        io::Error::new(
            io::ErrorKind::ConnectionReset,
            "connection dropped by an injected fault",
        )
    }
}

impl AsyncRead for SeverableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SeverableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.cut.is_severed() {
            return Poll::Ready(Err(self.severed()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.cut.is_severed() {
            return Poll::Ready(Err(self.severed()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.cut.is_severed() {
            return Poll::Ready(Err(self.severed()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.cut.is_severed() {
            return Poll::Ready(Err(self.severed()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
