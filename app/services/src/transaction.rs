//! Transactions. Every write goes through [`begin_write`]: on SQLite it starts `BEGIN IMMEDIATE`,
//! which takes the database's write lock at once (waiting up to the busy timeout while another
//! connection writes) instead of at the transaction's first write — a deferred transaction that
//! reads first and then writes fails at once with "database is locked" if another connection
//! wrote in between (seen in the e2e run: two organisers adding agenda items at the same time).
//! PostgreSQL ignores the mode; its transactions run as before. Settings rows (one per dong or
//! district) are written with [`upsert_by_key`].

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

/// Writes `row` as the one row under its key `key` (a setting of a dong or a district): inserted
/// the first time, every other column replaced after. One statement, so two writers at once
/// leave one of the two rows whole, never a mix.
pub async fn upsert_by_key<E>(
    txn: &impl sea_orm::ConnectionTrait,
    row: E::ActiveModel,
    key: E::Column,
) -> Result<(), DbErr>
where
    E: sea_orm::EntityTrait,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    use sea_orm::{IdenStatic, Iterable};
    let others: Vec<E::Column> = E::Column::iter().filter(|c| c.as_str() != key.as_str()).collect();
    E::insert(row)
        .on_conflict(sea_orm::sea_query::OnConflict::column(key).update_columns(others).to_owned())
        .exec_without_returning(txn)
        .await?;
    Ok(())
}
