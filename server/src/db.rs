//! Opening the database: SQLite (the embedded default, in WAL mode) or PostgreSQL.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// PostgreSQL's limits per statement, per lock wait and per idle open transaction. (SQLite waits
/// at most its `busy_timeout` for the write lock.)
pub const STATEMENT_TIMEOUT: &str = "30s";
pub const LOCK_TIMEOUT: &str = "10s";
pub const IDLE_IN_TRANSACTION_TIMEOUT: &str = "1min";

/// How SQLite commits (`UD_SQLITE_SYNCHRONOUS`). `Full`, the default, syncs the write-ahead log
/// at every commit: a write acknowledged to a client survives a crash of the machine, not only of
/// the process. `Normal` syncs only at checkpoints — faster, but the last commits before a power
/// failure can be lost. (docs/OPERATIONS.md, "Durability: acknowledged means durable", gives what
/// each costs.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteDurability {
    #[default]
    Full,
    Normal,
}

/// Connects, creating the SQLite file (and its directory) if absent, with SQLite durable at
/// every commit.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, SqliteDurability::Full).await
}

/// [`connect`], choosing SQLite's commit durability.
pub async fn connect_with(url: &str, durability: SqliteDurability) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {dir}: {e}")))?;
        }
        opts.max_connections(8).map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(match durability {
                    SqliteDurability::Full => SqliteSynchronous::Full,
                    SqliteDurability::Normal => SqliteSynchronous::Normal,
                })
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    } else {
        // No statement runs, and no lock is waited for, without end: a stuck query fails (and the
        // request answers 500, logged) instead of holding a connection and its locks forever.
        opts.max_connections(16).map_sqlx_postgres_opts(|o| {
            o.options([
                ("statement_timeout", STATEMENT_TIMEOUT),
                ("lock_timeout", LOCK_TIMEOUT),
                ("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT),
            ])
        });
    }
    Database::connect(opts).await
}

/// The advisory lock that serialises start-up work on one PostgreSQL database (an arbitrary
/// constant of this application: "uri-dong" in ASCII).
const SETUP_LOCK: i64 = 0x7572_692d_646f_6e67;

/// Held while one server migrates and loads data: on PostgreSQL, a session-level advisory lock on
/// a connection of its own, so that servers started together on one database do this one at a
/// time (the others wait, then find the work done). The lock goes with its connection, also when
/// the process dies. SQLite needs none: it is one file of one server, and its write lock already
/// serialises writers.
pub struct SetupLock {
    conn: Option<DatabaseConnection>,
}

impl SetupLock {
    /// Waits (up to `wait`) for the lock.
    pub async fn acquire(url: &str, wait: Duration) -> Result<SetupLock, DbErr> {
        use sea_orm::{ConnectionTrait, DbBackend, Statement};
        if !url.starts_with("postgres") {
            return Ok(SetupLock { conn: None });
        }
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false).max_connections(1).min_connections(1).acquire_timeout(Duration::from_secs(10));
        let millis = wait.as_millis().to_string();
        opts.map_sqlx_postgres_opts(move |o| o.options([("lock_timeout", millis.as_str())]));
        let conn = Database::connect(opts).await?;
        conn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_lock($1)",
            [SETUP_LOCK.into()],
        ))
        .await
        .map_err(|e| DbErr::Custom(format!("waiting for another server's migrations: {e}")))?;
        Ok(SetupLock { conn: Some(conn) })
    }

    /// Releases the lock (closing its connection would too).
    pub async fn release(mut self) {
        if let Some(conn) = self.conn.take() {
            let _ = conn.close().await;
        }
    }
}

/// The file a `sqlite://dir/file.db?…` URL names (not an in-memory database).
pub fn sqlite_file(url: &str) -> Option<&str> {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// The directory of a `sqlite://dir/file.db?…` URL, if it names one.
fn sqlite_dir(url: &str) -> Option<&str> {
    let (dir, _) = sqlite_file(url)?.rsplit_once('/')?;
    (!dir.is_empty()).then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::{sqlite_dir, sqlite_file};

    #[test]
    fn finds_the_directory_of_a_sqlite_file() {
        assert_eq!(sqlite_dir("sqlite://data/uri-dongne.db?mode=rwc"), Some("data"));
        assert_eq!(sqlite_dir("sqlite:///tmp/x/y.db"), Some("/tmp/x"));
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_dir("sqlite://y.db"), None);
        assert_eq!(sqlite_file("sqlite://data/uri-dongne.db?mode=rwc"), Some("data/uri-dongne.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://x/y"), None);
    }
}
