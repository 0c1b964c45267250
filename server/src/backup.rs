//! `uri-dongne backup <dir>` and `uri-dongne restore <dir>`: a consistent online backup of the
//! SQLite database and the media store, and bringing it back.
//!
//! A backup directory holds `uri-dongne.db` (a snapshot made by SQLite's `VACUUM INTO`, which
//! reads one consistent state while the server goes on writing), `media/<key>` (the uploaded
//! files), and `manifest.json` (when, and how many rows of each kind, so a restore can be checked).
//!
//! Files and rows are not written in one transaction, so the copy runs in two passes: every
//! stored file is copied first, then the database is snapshotted, then any file the snapshot
//! names that the first pass did not see (uploaded in between) is copied. A file that a row of
//! the snapshot names and that is gone by then (its row deleted right after the snapshot) is
//! reported in the manifest as missing.
//!
//! On PostgreSQL the database is backed up with `pg_dump` (see the README, "Operating");
//! `backup --media-only` copies the files.

use crate::anyhow_like::Result;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use services::storage::{MediaKey, MediaStore, StoredItem};
use std::path::Path;

/// The database file's name in a backup.
pub const DATABASE_FILE: &str = "uri-dongne.db";
pub const MANIFEST_FILE: &str = "manifest.json";

/// The tables whose row counts a manifest records (what a restore is checked against).
pub const COUNTED: [&str; 14] = [
    "users",
    "proposals",
    "proposal_supports",
    "participations",
    "sealed_ballots",
    "secret_ballots",
    "open_ballots",
    "bookings",
    "journal_entries",
    "journal_lines",
    "expense_claims",
    "proposal_images",
    "fund_attachments",
    "project_photos",
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub created_at: String,
    /// Whether the database is in the backup (not with `--media-only`).
    pub database: bool,
    pub rows: std::collections::BTreeMap<String, i64>,
    pub media_files: usize,
    /// Files a row of the snapshot names that were gone before they could be copied.
    pub missing_media: Vec<String>,
}

/// The row counts of [`COUNTED`] in `db`.
pub async fn row_counts(db: &impl ConnectionTrait) -> Result<std::collections::BTreeMap<String, i64>> {
    let backend = db.get_database_backend();
    let mut rows = std::collections::BTreeMap::new();
    for table in COUNTED {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let n = match db.query_one_raw(Statement::from_string(backend, sql)).await? {
            Some(r) => r.try_get::<i64>("", "n")?,
            None => 0,
        };
        rows.insert(table.to_owned(), n);
    }
    Ok(rows)
}

/// Writes `bytes` to `path`, synced.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Makes a backup into `dir` (which must be absent or empty).
pub async fn backup(
    db: &DatabaseConnection,
    url: &str,
    store: &MediaStore,
    dir: &Path,
    media_only: bool,
) -> Result<Manifest> {
    let is_sqlite = url.starts_with("sqlite:");
    if !is_sqlite && !media_only {
        return Err("on PostgreSQL, back the database up with pg_dump (README, \"Operating\") and the files with \
                    `uri-dongne backup --media-only <dir>`"
            .into());
    }
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(format!("{} is not empty: a backup goes into a new directory", dir.display()).into());
    }
    let media_dir = dir.join("media");
    std::fs::create_dir_all(&media_dir)?;

    // pass 1: every stored file
    let mut copied = std::collections::BTreeSet::new();
    for item in store.list().await? {
        if let StoredItem::File { key, .. } = item {
            copy_file(store, &key, &media_dir).await?;
            copied.insert(key);
        }
    }
    // the database, as of one moment
    let snapshot = dir.join(DATABASE_FILE);
    let (rows, named) = if media_only {
        (row_counts(db).await?, services::storage::upkeep::referenced_keys(db).await?)
    } else {
        let target = snapshot.display().to_string().replace('\'', "''");
        db.execute_unprepared(&format!("VACUUM INTO '{target}'")).await?;
        let snap = Database::connect(format!("sqlite://{}?mode=ro", snapshot.display())).await?;
        let found = (row_counts(&snap).await?, services::storage::upkeep::referenced_keys(&snap).await?);
        snap.close().await?;
        std::fs::File::open(&snapshot)?.sync_all()?;
        found
    };
    // pass 2: files the snapshot names that were stored after pass 1
    let mut missing = Vec::new();
    for key in named.keys() {
        let Some(key) = MediaKey::well_formed(key) else { continue };
        if copied.contains(&key) {
            continue;
        }
        match store.get(&key).await {
            Ok(bytes) => {
                write_synced(&media_dir.join(key.as_str()), &bytes)?;
                copied.insert(key);
            }
            Err(_) => missing.push(key.as_str().to_owned()),
        }
    }
    sync_dir(&media_dir)?;
    let manifest = Manifest {
        created_at: chrono::Utc::now().to_rfc3339(),
        database: !media_only,
        rows,
        media_files: copied.len(),
        missing_media: missing,
    };
    write_synced(&dir.join(MANIFEST_FILE), serde_json::to_string_pretty(&manifest)?.as_bytes())?;
    sync_dir(dir)?;
    Ok(manifest)
}

async fn copy_file(store: &MediaStore, key: &MediaKey, media_dir: &Path) -> Result<()> {
    // a file removed since the listing is simply not copied (no row of the snapshot names it)
    if let Ok(bytes) = store.get(key).await {
        write_synced(&media_dir.join(key.as_str()), &bytes)?;
    }
    Ok(())
}

/// Reads a backup's manifest.
pub fn manifest(dir: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(dir.join(MANIFEST_FILE))
        .map_err(|e| format!("{}: not a backup ({MANIFEST_FILE}: {e})", dir.display()))?;
    Ok(serde_json::from_str(&text)?)
}

/// Brings the backup in `dir` back: the database file to where `url` points (which must not
/// exist, unless `replace`; no server may be running on it then), the files into `store`.
/// Returns the manifest, for the caller to check the restored counts against.
pub async fn restore(dir: &Path, url: &str, store: &MediaStore, replace: bool) -> Result<Manifest> {
    let manifest = manifest(dir)?;
    if manifest.database {
        let target = crate::db::sqlite_file(url).map(std::path::PathBuf::from).ok_or(
            "restore brings back a SQLite database: DATABASE_URL must name a SQLite file (on PostgreSQL, use \
             pg_restore and `restore --media-only`)",
        )?;
        if target.exists() && !replace {
            return Err(format!(
                "{} exists: restore into a new file, or pass --replace (with every server on it stopped)",
                target.display()
            )
            .into());
        }
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let tmp = parent.join(format!(".{DATABASE_FILE}.restoring"));
        std::fs::copy(dir.join(DATABASE_FILE), &tmp)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        // a replaced database's write-ahead log belongs to the old file
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        std::fs::rename(&tmp, &target)?;
        sync_dir(parent)?;
    }
    let media_dir = dir.join("media");
    for entry in std::fs::read_dir(&media_dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(key) = MediaKey::well_formed(&name) else { continue };
        let bytes = tokio::fs::read(entry.path()).await?;
        store.put_as(&key, &bytes).await?;
    }
    Ok(manifest)
}
