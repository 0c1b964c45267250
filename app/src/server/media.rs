//! Uploaded files, stored on disk outside the database (`UD_MEDIA_DIR`, default `data/media`).
//!
//! A file is named by a random key the server chooses (32 hex digits), never by anything the
//! uploader sent, and lives at `<root>/<first two digits>/<key>`. Writes go to a temporary file
//! first and are renamed into place, so a reader never sees half a file.

use crate::error::AppError;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

/// A stored file's key, as kept in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaKey(String);

impl MediaKey {
    fn new() -> Self {
        MediaKey(uuid::Uuid::new_v4().simple().to_string())
    }

    /// A key read back from the database: only 32 lower-case hex digits pass, so a key can never
    /// point outside the store.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        if s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(MediaKey(s.to_owned()))
        } else {
            tracing::error!(key = s, "malformed media key in the database");
            Err(AppError::Internal)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> AppError {
    tracing::error!(error = %e, path = %path.display(), "media store: {what}");
    AppError::Internal
}

impl MediaStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        MediaStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &MediaKey) -> PathBuf {
        self.root.join(&key.0[..2]).join(&key.0)
    }

    /// Stores `bytes` under a new key.
    pub async fn put(&self, bytes: &[u8]) -> Result<MediaKey, AppError> {
        let key = MediaKey::new();
        let path = self.path_of(&key);
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&dir).await.map_err(|e| io_error("create directory", &dir, e))?;
        let tmp = dir.join(format!(".{}.part", key.0));
        tokio::fs::write(&tmp, bytes).await.map_err(|e| io_error("write", &tmp, e))?;
        if let Err(e) = tokio::fs::rename(&tmp, &path).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(io_error("rename", &path, e));
        }
        Ok(key)
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
        let path = self.path_of(key);
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::error!(path = %path.display(), "media file missing");
                Err(AppError::NotFound)
            }
            Err(e) => Err(io_error("read", &path, e)),
        }
    }

    /// Removes the file. Failing to is logged, not an error: the row that named it is gone, and
    /// an orphaned file harms nobody.
    pub async fn remove(&self, key: &MediaKey) {
        let path = self.path_of(key);
        if let Err(e) = tokio::fs::remove_file(&path).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, path = %path.display(), "could not remove a media file");
        }
    }

    /// Whether the file exists (for tests and checks).
    pub fn exists(&self, key: &MediaKey) -> bool {
        self.path_of(key).is_file()
    }
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

    #[tokio::test]
    async fn files_round_trip_and_are_removed() {
        let dir = std::env::temp_dir().join(format!("ud-media-{}", uuid::Uuid::new_v4().simple()));
        let store = MediaStore::new(&dir);
        let key = store.put(b"abc").await.unwrap();
        assert!(store.exists(&key));
        assert_eq!(store.get(&key).await.unwrap(), b"abc");
        store.remove(&key).await;
        assert!(!store.exists(&key));
        assert_eq!(store.get(&key).await, Err(AppError::NotFound));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_failed_write_leaves_no_file() {
        let dir = std::env::temp_dir().join(format!("ud-media-{}", uuid::Uuid::new_v4().simple()));
        let store = MediaStore::new(&dir);
        let files = || walk(&dir);
        let kept = store.store_with(b"kept", |key| async move { Ok(key) }).await.unwrap();
        assert!(store.exists(&kept));
        let failed: Result<(), AppError> = store.store_with(b"gone", |_| async { Err(AppError::Internal) }).await;
        assert!(failed.is_err());
        assert_eq!(files(), 1, "only the file whose write succeeded");
        let none = store.store_optional_with(None, |key| async move { Ok(key) }).await.unwrap();
        assert_eq!(none, None);
        let _ = std::fs::remove_dir_all(dir);
    }

    fn walk(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
            .unwrap_or(0)
    }
}
