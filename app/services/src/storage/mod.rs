//! Uploaded files, stored outside the database, behind one interface with two backends:
//!
//! - **a local directory** (`UD_MEDIA_DIR`, default `data/media`): the embedded default, for one
//!   server. A file lives at `<root>/<first two digits>/<key>`; it is written to a temporary file,
//!   synced to disk, renamed into place and its directory synced, so a reader never sees half a
//!   file and a file is on disk before the row naming it commits.
//! - **S3-compatible object storage** (`UD_MEDIA_S3_BUCKET`, through the `object_store` crate):
//!   for several app servers, which then share every file. An object is `<key>` in the bucket; a
//!   PUT that answered is durable (S3's own guarantee).
//!
//! A file is named by a random key the server chooses (32 hex digits), never by anything the
//! uploader sent. The row naming a file is written only after the file is stored, so a row never
//! names a missing file; a crash between the two leaves a file no row names, which
//! `uri-dongne media sweep` finds and removes ([`crate::storage::upkeep`]).

pub mod upkeep;

use contract::error::AppError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where uploaded files go.
#[derive(Clone)]
pub struct MediaStore {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Dir(PathBuf),
    Object { store: Arc<dyn object_store::ObjectStore>, name: String },
}

impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// The settings of an S3-compatible bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// e.g. `http://127.0.0.1:9000` for a local server; `None` for AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"…")
            .finish()
    }
}

/// A stored file's key, as kept in the database.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MediaKey(String);

impl MediaKey {
    fn new() -> Self {
        MediaKey(uuid::Uuid::new_v4().simple().to_string())
    }

    /// A key read back from the database: only 32 lower-case hex digits pass, so a key can never
    /// point outside the store.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::well_formed(s).ok_or_else(|| {
            tracing::error!(key = s, "malformed media key in the database");
            AppError::Internal
        })
    }

    /// `Some` if `s` is a key this store could have made.
    pub fn well_formed(s: &str) -> Option<Self> {
        (s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| MediaKey(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the store holds, for the orphan sweep: a stored file, or a temporary file a crash left
/// behind (local directory only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredItem {
    File { key: MediaKey, modified: chrono::DateTime<chrono::Utc> },
    Leftover { name: String, modified: chrono::DateTime<chrono::Utc> },
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> AppError {
    tracing::error!(error = %e, path = %path.display(), "media store: {what}");
    AppError::Internal
}

fn object_error(what: &str, key: &str, e: object_store::Error) -> AppError {
    tracing::error!(error = %e, key, "media store (object storage): {what}");
    AppError::Internal
}

/// Writes `bytes` to `path` durably: a temporary file, synced, renamed into place, the directory
/// synced (so the new name survives a crash too).
fn write_durably(dir: &Path, path: &Path, tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let written = (|| {
        let mut file = std::fs::File::create(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    written?;
    std::fs::File::open(dir)?.sync_all()
}

impl MediaStore {
    /// The local directory backend.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        MediaStore { backend: Backend::Dir(root.into()) }
    }

    /// The S3-compatible backend. Nothing is contacted yet; [`check`](Self::check) does.
    pub fn s3(settings: &S3Settings) -> Result<Self, String> {
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key);
        if let Some(endpoint) = &settings.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                // a local server answers for one host, not for <bucket>.<host>
                .with_virtual_hosted_style_request(false);
        }
        let store = builder.build().map_err(|e| format!("object storage: {e}"))?;
        let name = match &settings.endpoint {
            Some(e) => format!("s3://{} at {e}", settings.bucket),
            None => format!("s3://{}", settings.bucket),
        };
        Ok(MediaStore { backend: Backend::Object { store: Arc::new(store), name } })
    }

    /// Where the files are, for logs and operators.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Dir(root) => format!("directory {}", root.display()),
            Backend::Object { name, .. } => name.clone(),
        }
    }

    /// That the store can be written, read and listed (at start-up: a server that cannot store
    /// uploads should not report ready). Writes nothing that stays.
    pub async fn check(&self) -> Result<(), String> {
        match &self.backend {
            Backend::Dir(root) => {
                std::fs::create_dir_all(root).map_err(|e| format!("media directory {}: {e}", root.display()))
            }
            Backend::Object { store, name } => {
                use futures_util::StreamExt;
                let mut listing = store.list(None);
                match listing.next().await {
                    None | Some(Ok(_)) => Ok(()),
                    Some(Err(e)) => Err(format!("{name}: {e}")),
                }
            }
        }
    }

    fn path_of(root: &Path, key: &MediaKey) -> PathBuf {
        root.join(&key.0[..2]).join(&key.0)
    }

    /// Stores `bytes` under a new key; when this returns, the file is durable.
    pub async fn put(&self, bytes: &[u8]) -> Result<MediaKey, AppError> {
        let key = MediaKey::new();
        self.put_as(&key, bytes).await?;
        Ok(key)
    }

    /// Stores `bytes` under `key` (a restore brings files back under their keys); durable when
    /// this returns.
    pub async fn put_as(&self, key: &MediaKey, bytes: &[u8]) -> Result<(), AppError> {
        let key = key.clone();
        match &self.backend {
            Backend::Dir(root) => {
                let path = Self::path_of(root, &key);
                let dir = path.parent().unwrap_or(root).to_path_buf();
                let tmp = dir.join(format!(".{}.part", key.0));
                let bytes = bytes.to_vec();
                let target = path.clone();
                tokio::task::spawn_blocking(move || write_durably(&dir, &target, &tmp, &bytes))
                    .await
                    .map_err(|e| io_error("write", &path, std::io::Error::other(e)))?
                    .map_err(|e| io_error("write", &path, e))?;
            }
            Backend::Object { store, .. } => {
                let payload = object_store::PutPayload::from(bytes.to_vec());
                store
                    .put(&object_store::path::Path::from(key.0.as_str()), payload)
                    .await
                    .map_err(|e| object_error("put", &key.0, e))?;
            }
        }
        Ok(())
    }

    /// Stores `bytes` under a new key and runs `write` with it: the transaction that writes the row
    /// naming the file. Unless `write` succeeds the file is removed again, so a failed write
    /// leaves no file behind. (The file is written before the row commits, so a row never names
    /// a file that is not there.)
    pub async fn store_with<T, Fut>(&self, bytes: &[u8], write: impl FnOnce(MediaKey) -> Fut) -> Result<T, AppError>
    where
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        let key = self.put(bytes).await?;
        let written = write(key.clone()).await;
        if written.is_err() {
            self.remove(&key).await;
        }
        written
    }

    /// [`store_with`](Self::store_with) for a file that may be absent: `write` gets `None` then.
    pub async fn store_optional_with<T, Fut>(
        &self,
        bytes: Option<&[u8]>,
        write: impl FnOnce(Option<MediaKey>) -> Fut,
    ) -> Result<T, AppError>
    where
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        match bytes {
            Some(b) => self.store_with(b, |key| write(Some(key))).await,
            None => write(None).await,
        }
    }

    /// The file's bytes. A missing file is `NotFound` (and logged: the database names it).
    pub async fn get(&self, key: &MediaKey) -> Result<Vec<u8>, AppError> {
        match &self.backend {
            Backend::Dir(root) => {
                let path = Self::path_of(root, key);
                match tokio::fs::read(&path).await {
                    Ok(b) => Ok(b),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        tracing::error!(path = %path.display(), "media file missing");
                        Err(AppError::NotFound)
                    }
                    Err(e) => Err(io_error("read", &path, e)),
                }
            }
            Backend::Object { store, .. } => {
                let got = match store.get(&object_store::path::Path::from(key.0.as_str())).await {
                    Ok(got) => got,
                    Err(object_store::Error::NotFound { .. }) => {
                        tracing::error!(key = key.0, "media object missing");
                        return Err(AppError::NotFound);
                    }
                    Err(e) => return Err(object_error("get", &key.0, e)),
                };
                let bytes = got.bytes().await.map_err(|e| object_error("read", &key.0, e))?;
                Ok(bytes.to_vec())
            }
        }
    }

    /// Removes the file. Failing to is logged, not an error: the row that named it is gone, and
    /// an orphaned file harms nobody (the sweep removes it later).
    pub async fn remove(&self, key: &MediaKey) {
        match &self.backend {
            Backend::Dir(root) => {
                let path = Self::path_of(root, key);
                if let Err(e) = tokio::fs::remove_file(&path).await
                    && e.kind() != std::io::ErrorKind::NotFound
                {
                    tracing::warn!(error = %e, path = %path.display(), "could not remove a media file");
                }
            }
            Backend::Object { store, .. } => {
                match store.delete(&object_store::path::Path::from(key.0.as_str())).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(e) => tracing::warn!(error = %e, key = key.0, "could not remove a media object"),
                }
            }
        }
    }

    /// Removes a temporary file a crash left behind (local directory only).
    pub async fn remove_leftover(&self, name: &str) {
        if let Backend::Dir(root) = &self.backend
            && let Some(dir) = name.get(1..3)
            && name.starts_with('.')
            && name.ends_with(".part")
            && !name.contains('/')
        {
            let _ = tokio::fs::remove_file(root.join(dir).join(name)).await;
        }
    }

    /// Whether the file exists.
    pub async fn contains(&self, key: &MediaKey) -> bool {
        match &self.backend {
            Backend::Dir(root) => tokio::fs::try_exists(Self::path_of(root, key)).await.unwrap_or(false),
            Backend::Object { store, .. } => store.head(&object_store::path::Path::from(key.0.as_str())).await.is_ok(),
        }
    }

    /// Everything the store holds (for the orphan sweep and backups).
    pub async fn list(&self) -> Result<Vec<StoredItem>, AppError> {
        match &self.backend {
            Backend::Dir(root) => {
                let root = root.clone();
                tokio::task::spawn_blocking(move || list_dir(&root))
                    .await
                    .map_err(|e| io_error("list", Path::new("."), std::io::Error::other(e)))?
            }
            Backend::Object { store, .. } => {
                use futures_util::TryStreamExt;
                let objects: Vec<object_store::ObjectMeta> =
                    store.list(None).try_collect().await.map_err(|e| object_error("list", "", e))?;
                Ok(objects
                    .into_iter()
                    .filter_map(|o| {
                        let key = MediaKey::well_formed(o.location.as_ref())?;
                        Some(StoredItem::File { key, modified: o.last_modified })
                    })
                    .collect())
            }
        }
    }
}

/// The files under a local store's root: `<2 digits>/<key>` files and `.part` leftovers.
fn list_dir(root: &Path) -> Result<Vec<StoredItem>, AppError> {
    let mut out = Vec::new();
    let shards = match std::fs::read_dir(root) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io_error("list", root, e)),
    };
    for shard in shards.flatten() {
        if !shard.path().is_dir() {
            continue;
        }
        let entries = std::fs::read_dir(shard.path()).map_err(|e| io_error("list", &shard.path(), e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .map(chrono::DateTime::<chrono::Utc>::from)
                .unwrap_or_else(|_| chrono::Utc::now());
            match MediaKey::well_formed(&name) {
                Some(key) => out.push(StoredItem::File { key, modified }),
                None if name.starts_with('.') && name.ends_with(".part") => {
                    out.push(StoredItem::Leftover { name, modified })
                }
                None => {}
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_the_database_cannot_leave_the_store() {
        assert!(MediaKey::parse("0123456789abcdef0123456789abcdef").is_ok());
        for bad in ["../../etc/passwd", "0123456789ABCDEF0123456789ABCDEF", "", "0123456789abcdef0123456789abcde/"] {
            assert!(MediaKey::parse(bad).is_err(), "{bad}");
        }
    }

    fn temp_store() -> (MediaStore, PathBuf) {
        let dir = std::env::temp_dir().join(format!("ud-media-{}", uuid::Uuid::new_v4().simple()));
        (MediaStore::new(&dir), dir)
    }

    #[tokio::test]
    async fn files_round_trip_are_listed_and_removed() {
        let (store, dir) = temp_store();
        let key = store.put(b"abc").await.unwrap();
        assert!(store.contains(&key).await);
        assert_eq!(store.get(&key).await.unwrap(), b"abc");
        let listed = store.list().await.unwrap();
        assert!(matches!(&listed[..], [StoredItem::File { key: k, .. }] if *k == key), "{listed:?}");
        store.remove(&key).await;
        assert!(!store.contains(&key).await);
        assert_eq!(store.get(&key).await, Err(AppError::NotFound));
        assert!(store.list().await.unwrap().is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_failed_write_leaves_no_file() {
        let (store, dir) = temp_store();
        let kept = store.store_with(b"kept", |key| async move { Ok(key) }).await.unwrap();
        assert!(store.contains(&kept).await);
        let failed: Result<(), AppError> = store.store_with(b"gone", |_| async { Err(AppError::Internal) }).await;
        assert!(failed.is_err());
        assert_eq!(store.list().await.unwrap().len(), 1, "only the file whose write succeeded");
        let none = store.store_optional_with(None, |key| async move { Ok(key) }).await.unwrap();
        assert_eq!(none, None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_crash_mid_write_leaves_a_leftover_the_listing_names() {
        let (store, dir) = temp_store();
        std::fs::create_dir_all(dir.join("ab")).unwrap();
        std::fs::write(dir.join("ab").join(".abcdef.part"), b"half").unwrap();
        std::fs::write(dir.join("ab").join("not-ours"), b"x").unwrap();
        let listed = store.list().await.unwrap();
        assert!(matches!(&listed[..], [StoredItem::Leftover { name, .. }] if name == ".abcdef.part"), "{listed:?}");
        store.remove_leftover(".abcdef.part").await;
        store.remove_leftover("../../etc/passwd").await;
        assert!(store.list().await.unwrap().is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
