//! Keeping the media store and the database in step (operator commands, not requests).
//!
//! An upload stores its file first and then commits the row naming it
//! ([`MediaStore::store_with`]): a crash between the two, or a removal whose file delete failed,
//! leaves a file no row names — an orphan. Never the other way round: a row without its file is
//! a bug, and [`check`] reports it. The sweep removes orphans older than a grace period, so a file
//! whose row is being written at that moment (by any app server) is never taken.

use crate::entities::{fund_attachment, project_photo, proposal_image, space};
use crate::storage::{MediaKey, MediaStore, StoredItem};
use contract::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, BTreeSet};

/// The tables that name stored files, and how many rows do.
pub const TABLES: [&str; 4] = ["proposal_images", "fund_attachments", "project_photos", "spaces"];

/// What the store and the database hold, compared.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MediaReport {
    /// Files the store holds.
    pub stored: usize,
    /// Files rows name.
    pub referenced: usize,
    /// Files no row names, older than the grace period (removed by a sweep).
    pub orphans: Vec<MediaKey>,
    /// Temporary files of interrupted writes, older than the grace period (removed by a sweep).
    pub leftovers: Vec<String>,
    /// Files no row names yet, younger than the grace period: left alone.
    pub recent: usize,
    /// Rows naming a file the store does not hold: (table, key). Should never happen.
    pub missing: Vec<(&'static str, String)>,
}

/// The non-null values of `column` (a key column) of `E`'s table.
async fn keys_in<E: EntityTrait>(db: &impl ConnectionTrait, column: E::Column) -> Result<Vec<String>, AppError> {
    let keys: Vec<Option<String>> =
        E::find().select_only().column(column).filter(column.is_not_null()).into_tuple().all(db).await?;
    Ok(keys.into_iter().flatten().collect())
}

/// Every stored-file key the database names, with its table.
pub async fn referenced_keys(db: &impl ConnectionTrait) -> Result<BTreeMap<String, &'static str>, AppError> {
    let tables = [
        keys_in::<proposal_image::Entity>(db, proposal_image::Column::StorageKey).await?,
        keys_in::<fund_attachment::Entity>(db, fund_attachment::Column::StorageKey).await?,
        keys_in::<project_photo::Entity>(db, project_photo::Column::StorageKey).await?,
        keys_in::<space::Entity>(db, space::Column::PhotoKey).await?,
    ];
    Ok(tables.into_iter().zip(TABLES).flat_map(|(keys, table)| keys.into_iter().map(move |k| (k, table))).collect())
}

/// Compares the store with the database. Files modified within `grace` of `now` are never
/// counted as orphans.
pub async fn check(
    db: &impl ConnectionTrait,
    store: &MediaStore,
    grace: chrono::Duration,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<MediaReport, AppError> {
    // the store first: a file stored after this listing is not looked at, and one listed whose row
    // commits before the query below is seen as referenced
    let stored = store.list().await?;
    let referenced = referenced_keys(db).await?;
    let cutoff = now - grace;
    let mut report = MediaReport { referenced: referenced.len(), ..MediaReport::default() };
    let mut present = BTreeSet::new();
    for item in stored {
        match item {
            StoredItem::File { key, modified } => {
                report.stored += 1;
                present.insert(key.as_str().to_owned());
                if referenced.contains_key(key.as_str()) {
                    continue;
                }
                if modified < cutoff {
                    report.orphans.push(key);
                } else {
                    report.recent += 1;
                }
            }
            StoredItem::Leftover { name, modified } => {
                if modified < cutoff {
                    report.leftovers.push(name);
                } else {
                    report.recent += 1;
                }
            }
        }
    }
    report.missing = referenced.into_iter().filter(|(key, _)| !present.contains(key)).map(|(k, t)| (t, k)).collect();
    Ok(report)
}

/// [`check`], then removes the orphans and leftovers it found.
pub async fn sweep(
    db: &impl ConnectionTrait,
    store: &MediaStore,
    grace: chrono::Duration,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<MediaReport, AppError> {
    let report = check(db, store, grace, now).await?;
    for key in &report.orphans {
        store.remove(key).await;
    }
    for name in &report.leftovers {
        store.remove_leftover(name).await;
    }
    Ok(report)
}
