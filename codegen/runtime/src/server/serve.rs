//! Serving a router on a TCP listener with the header timeout of
//! [`ServerLimits`]: each connection is HTTP/1.1 through hyper, and one that
//! has not sent a request's headers in time is closed.

use std::convert::Infallible;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::ServerLimits;

/// Serves `router` on `listener` until the process ends. A connection that
/// takes longer than [`ServerLimits::header_timeout`] to send a request's
/// headers is closed; the body limits are the router's (see the generated
/// `router_with`). A failed accept (e.g. too many open files) is retried
/// after a short pause rather than ending the server.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: &ServerLimits,
) -> Infallible {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) if is_connection_error(&error) => continue,
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let connection = http
            .serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(router.clone()),
            )
            .with_upgrades();
        tokio::spawn(connection);
    }
}

/// An accept error about one connection only: the next accept may succeed.
fn is_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}
