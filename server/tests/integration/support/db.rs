//! The test databases: one per test, cloned from a template migrated and seeded once per run
//! (a copied SQLite file; `CREATE DATABASE … TEMPLATE` on PostgreSQL).

use sea_orm::{ConnectionTrait, Database};
use std::path::PathBuf;

pub const POSTGRES_ENV: &str = "UD_TEST_POSTGRES_URL";

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

/// A database for one test, with a media directory of its own; both removed when dropped.
/// `create` gives a copy of the run's seeded template (migrated, Seoul's geography and the demo
/// loaded — what every test's app would otherwise load itself); `empty` a database with nothing.
pub struct TestDb {
    pub url: String,
    /// Where the app stores uploaded files (`UD_MEDIA_DIR`).
    pub media_dir: PathBuf,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    /// A copy of the seeded template: starting the app on it finds everything loaded.
    pub async fn create(backend: &Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let template = template::sqlite();
                let db = Self::empty(backend).await;
                if let Cleanup::File(dir) = &db.cleanup {
                    std::fs::copy(template, dir.join("test.db")).unwrap();
                }
                db
            }
            Backend::Postgres(admin_url) => {
                let template = template::postgres(admin_url);
                Self::new_postgres(admin_url, Some(template)).await
            }
        }
    }

    /// A database with nothing in it (not even the schema).
    pub async fn empty(backend: &Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let id = uuid::Uuid::new_v4().simple().to_string();
                let dir = std::env::temp_dir().join(format!("ud-test-{id}"));
                std::fs::create_dir_all(&dir).unwrap();
                let file = dir.join("test.db");
                TestDb {
                    url: format!("sqlite://{}?mode=rwc", file.display()),
                    media_dir: std::env::temp_dir().join(format!("ud-media-{id}")),
                    cleanup: Cleanup::File(dir),
                }
            }
            Backend::Postgres(admin_url) => Self::new_postgres(admin_url, None).await,
        }
    }

    async fn new_postgres(admin_url: &str, template: Option<&str>) -> TestDb {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let name = format!("ud_test_{id}");
        let admin = Database::connect(admin_url).await.expect("connect to PostgreSQL");
        let sql = match template {
            Some(t) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{t}\""),
            None => format!("CREATE DATABASE \"{name}\""),
        };
        // Copying a template needs it to have no connections; a concurrent copy can briefly
        // hold one, so a refusal for that reason is tried again.
        let mut attempt = 0;
        loop {
            match admin.execute_unprepared(&sql).await {
                Ok(_) => break,
                Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("{sql}: {e}"),
            }
        }
        admin.close().await.ok();
        TestDb {
            url: database_url(admin_url, &name),
            media_dir: std::env::temp_dir().join(format!("ud-media-{id}")),
            cleanup: Cleanup::Database { admin_url: admin_url.to_owned(), name },
        }
    }
}

/// Drops database `name` on the server `admin_url` points to, if it can (cleanup never fails a test).
async fn drop_database(admin_url: &str, name: &str) {
    if let Ok(admin) = Database::connect(admin_url).await {
        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
        let _ = admin.close().await;
    }
}

/// The URL of database `name` on the server `admin_url` points to.
fn database_url(admin_url: &str, name: &str) -> String {
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
    format!("{base}/{name}")
}

/// Runs `f` to completion on a runtime of its own, on a thread of its own: for work that must
/// not belong to the runtime of the test that happens to ask first (each test has its own).
fn on_own_runtime<T: Send + 'static>(f: impl std::future::Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(f)
    })
    .join()
    .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// Seed once, copy per test: the first test of a run that needs a database (per backend) builds
/// the template by preparing the app on it as `serve` would; every test then starts from a copy.
/// Templates are removed when the test binary exits; a PostgreSQL template of a run that was
/// killed is removed by the next run (its name carries the process id).
mod template {
    use super::{database_url, drop_database, on_own_runtime};
    use sea_orm::{ConnectionTrait, Database};
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, OnceLock};

    /// What to remove at exit.
    enum Leftover {
        Dir(PathBuf),
        Database { admin_url: String, name: String },
    }

    static LEFTOVERS: Mutex<Vec<Leftover>> = Mutex::new(Vec::new());

    extern "C" fn remove_leftovers() {
        let leftovers = std::mem::take(&mut *LEFTOVERS.lock().unwrap_or_else(|e| e.into_inner()));
        for leftover in leftovers {
            match leftover {
                Leftover::Dir(dir) => {
                    let _ = std::fs::remove_dir_all(dir);
                }
                Leftover::Database { admin_url, name } => {
                    on_own_runtime(async move { drop_database(&admin_url, &name).await })
                }
            }
        }
    }

    fn remember(leftover: Leftover) {
        static REGISTERED: OnceLock<()> = OnceLock::new();
        REGISTERED.get_or_init(|| {
            // SAFETY: registers a plain `extern "C"` function with no arguments, as atexit wants.
            unsafe { libc::atexit(remove_leftovers) };
        });
        LEFTOVERS.lock().unwrap_or_else(|e| e.into_inner()).push(leftover);
    }

    /// The app as every test starts it (demo on), preparing the database at `url`.
    async fn seed(url: &str, media_dir: &Path) {
        let media = media_dir.display().to_string();
        let config = crate::support::config_for(url, &[("UD_MEDIA_DIR", media.as_str())]);
        let state = server::prepare(&config).await.expect("seeding the template database");
        state.db.close().await.ok();
    }

    /// The seeded SQLite file tests copy.
    pub fn sqlite() -> &'static Path {
        static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
        TEMPLATE.get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("ud-template-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir_all(&dir).unwrap();
            remember(Leftover::Dir(dir.clone()));
            let (work, seeded) = (dir.join("work.db"), dir.join("seeded.db"));
            let url = format!("sqlite://{}?mode=rwc", work.display());
            let target = seeded.clone();
            let media = dir.join("media");
            on_own_runtime(async move {
                seed(&url, &media).await;
                // one self-contained file (no write-ahead log beside it) to copy
                let db = Database::connect(url.as_str()).await.unwrap();
                db.execute_unprepared(&format!("VACUUM INTO '{}'", target.display())).await.unwrap();
                db.close().await.ok();
            });
            seeded
        })
    }

    /// The name of the seeded PostgreSQL database tests copy (`CREATE DATABASE … TEMPLATE`).
    pub fn postgres(admin_url: &str) -> &'static str {
        static TEMPLATE: OnceLock<String> = OnceLock::new();
        TEMPLATE.get_or_init(|| {
            let name = format!("ud_tmpl_{}_{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8]);
            let admin_url = admin_url.to_owned();
            remember(Leftover::Database { admin_url: admin_url.clone(), name: name.clone() });
            let media = std::env::temp_dir().join(format!("ud-media-{name}"));
            let template = name.clone();
            on_own_runtime(async move {
                let admin = Database::connect(admin_url.as_str()).await.expect("connect to PostgreSQL");
                remove_stale(&admin, &admin_url).await;
                admin.execute_unprepared(&format!("CREATE DATABASE \"{template}\"")).await.unwrap();
                admin.close().await.ok();
                seed(&database_url(&admin_url, &template), &media).await;
                let _ = std::fs::remove_dir_all(&media);
            });
            name
        })
    }

    /// Drops the templates of runs whose process is gone (killed before it could clean up).
    async fn remove_stale(admin: &sea_orm::DatabaseConnection, admin_url: &str) {
        use sea_orm::{DbBackend, Statement};
        let rows = admin
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT datname FROM pg_database WHERE datname LIKE 'ud\\_tmpl\\_%'",
            ))
            .await
            .unwrap_or_default();
        for row in rows {
            let Ok(name) = row.try_get::<String>("", "datname") else { continue };
            let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
                drop_database(admin_url, &name).await;
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.media_dir);
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin_url, name } => {
                // Drop runs inside the test's runtime: do the async work on a runtime of its own.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                on_own_runtime(async move { drop_database(&admin_url, &name).await });
            }
        }
    }
}

/// The PostgreSQL server the PostgreSQL variants run on. A variant that runs without one fails:
/// it was asked for (`--include-ignored`), so passing would claim a check that never happened.
pub fn postgres_url() -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!("{POSTGRES_ENV} is not set: the PostgreSQL variants need a PostgreSQL server to run on"),
    }
}
