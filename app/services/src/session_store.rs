//! tower-sessions' store in the application's own database (the `sessions` table), so sessions
//! survive restarts and are shared by every app server on the same database.
//!
//! A session id is the cookie's value, a bearer secret: rows are keyed by its SHA-256, never by
//! the id itself, so a reader of the table cannot take over anyone's session. (Ids carry 128
//! random bits: an unkeyed hash cannot be reversed by search.)

use crate::entities::session;
use async_trait::async_trait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::OnConflict};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

#[derive(Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Removes expired sessions; the server runs this periodically.
    pub async fn delete_expired(&self) -> std::result::Result<u64, sea_orm::DbErr> {
        let res = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(chrono::Utc::now()))
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected)
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn to_chrono(t: time::OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_default()
}

/// The row key of a session id.
fn row_key(id: &Id) -> String {
    crate::crypto::sha256_hex(&id.to_string())
}

fn to_model(record: &Record) -> Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    Ok(session::ActiveModel {
        id: sea_orm::Set(row_key(&record.id)),
        data: sea_orm::Set(data),
        expires_at: sea_orm::Set(to_chrono(record.expiry_date)),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // Ids are 128 random bits; on the (theoretical) collision pick another.
        loop {
            let exists = session::Entity::find_by_id(row_key(&record.id)).one(&self.db).await.map_err(backend)?;
            if exists.is_none() {
                break;
            }
            record.id = Id::default();
        }
        session::Entity::insert(to_model(record)?).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        session::Entity::insert(to_model(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([session::Column::Data, session::Column::ExpiresAt])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(row_key(id))
            .filter(session::Column::ExpiresAt.gt(chrono::Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(row_key(id)).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }
}
