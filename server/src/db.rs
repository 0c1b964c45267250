//! Opening the database: SQLite (the embedded default, in WAL mode) or PostgreSQL.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// PostgreSQL's limits per statement, per lock wait and per idle open transaction. (SQLite waits
/// at most its `busy_timeout` for the write lock.)
pub const STATEMENT_TIMEOUT: &str = "30s";
pub const LOCK_TIMEOUT: &str = "10s";
pub const IDLE_IN_TRANSACTION_TIMEOUT: &str = "1min";

/// Connects, creating the SQLite file (and its directory) if absent.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {dir}: {e}")))?;
        }
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
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

/// The directory of a `sqlite://dir/file.db?…` URL, if it names one.
fn sqlite_dir(url: &str) -> Option<&str> {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    let (dir, _) = path.rsplit_once('/')?;
    (!dir.is_empty()).then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::sqlite_dir;

    #[test]
    fn finds_the_directory_of_a_sqlite_file() {
        assert_eq!(sqlite_dir("sqlite://data/uri-dongne.db?mode=rwc"), Some("data"));
        assert_eq!(sqlite_dir("sqlite:///tmp/x/y.db"), Some("/tmp/x"));
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_dir("sqlite://y.db"), None);
    }
}
