//! The process around the router: the accept loop with its header and shutdown deadlines,
//! and the background tasks a server runs while it serves.

use axum::Router;
use axum::http::Request;
use services::session_store::DbSessionStore;
use std::future::Future;

/// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish —
/// for at most `limits.shutdown_deadline`, after which the rest are dropped. A connection that
/// has not sent a request's headers within `limits.header_timeout` is closed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: app::api::state::RequestLimits,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::Service;

    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // out of file descriptors and the like: pause instead of spinning
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // A page goes out in several writes (headers, then the streamed body). With Nagle's
        // algorithm on, a write waits for the client's delayed ACK of the previous one: every page
        // took 40 ms more, one request at a time (docs/PERFORMANCE.md, round 2).
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo(remote));
            router.clone().call(req.map(axum::body::Body::new))
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all requests answered"),
        () = tokio::time::sleep(limits.shutdown_deadline) => {
            tracing::warn!(deadline = ?limits.shutdown_deadline, "shutdown deadline passed: requests still in flight are dropped");
        }
    }
    Ok(())
}

/// Deletes expired sessions every hour, until the process ends.
pub fn spawn_session_cleanup(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let store = DbSessionStore::new(db);
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match store.delete_expired().await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not delete expired sessions"),
            }
        }
    });
}

/// Removes the personal fields of welfare cases past their retention every hour (and once at
/// start), until the process ends. Several servers may run it at once: a case is purged once.
pub fn spawn_welfare_retention(db: sea_orm::DatabaseConnection, years: u32) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match services::welfare::retention::purge(&db, years, chrono::Utc::now()).await {
                Ok(n) if n > 0 => tracing::info!(cases = n, "welfare cases past retention purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "could not purge welfare cases past retention"),
            }
        }
    });
}

/// Sends the reminders that fall due (`services::messaging::reminders`), once a minute, whether or
/// not this server delivers off-site messages: a reminder is a notice under the bell first. Every
/// server sweeps; each reminder is recorded once, so none goes out twice. Counts go to `/metrics`.
pub fn spawn_reminders(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            match services::messaging::reminders::sweep(&db, chrono::Utc::now()).await {
                Ok(swept) => crate::metrics::record_reminders(&swept),
                Err(e) => tracing::warn!(error = ?e, "the reminders' sweep failed"),
            }
        }
    });
}

/// Delivers due off-site messages until the process ends: a round every few seconds, at once
/// again after a full batch. Every app server runs one; claims keep them from sending a message
/// twice (`services::messaging::outbox`). Counts go to `/metrics`.
pub fn spawn_message_worker(
    db: sea_orm::DatabaseConnection,
    settings: services::messaging::MessagingSettings,
    couriers: services::messaging::worker::Couriers,
) {
    use services::messaging::worker;
    if couriers.channels().is_empty() {
        return;
    }
    let name = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    tokio::spawn(async move {
        loop {
            let pause = match worker::deliver_due(&db, &settings, &couriers, &name, chrono::Utc::now()).await {
                Ok(round) => {
                    crate::metrics::record_messages(&round);
                    if round.claimed as u64 >= worker::BATCH { 0 } else { 3 }
                }
                Err(e) => {
                    tracing::warn!(error = ?e, "the message worker's round failed");
                    10
                }
            };
            tokio::time::sleep(std::time::Duration::from_secs(pause)).await;
        }
    });
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
