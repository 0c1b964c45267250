//! Transactions. Every write goes through [`begin_write`]: on SQLite it starts `BEGIN IMMEDIATE`,
//! which takes the database's write lock at once (waiting up to the busy timeout while another
//! connection writes) instead of at the transaction's first write — a deferred transaction that
//! reads first and then writes fails at once with "database is locked" if another connection
//! wrote in between (seen in the e2e run: two organisers adding agenda items at the same time).
//! PostgreSQL ignores the mode; its transactions run as before.

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// Starts a transaction that will write.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
