pub mod logs;

use app::server::state::AppState;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::Config;
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
        let config = super::config_for(url, &[("UD_MEDIA_DIR", media.as_str())]);
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

/// The running application of one test.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    pub site_root: PathBuf,
    /// The sign-in code hashing key.
    pub key: Vec<u8>,
    /// Kept until the app is dropped: dropping it removes the database.
    database: Option<TestDb>,
    /// The configuration it was started with (for restarts).
    extra: Vec<(String, String)>,
}

pub fn config_for(db_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut vars: std::collections::HashMap<String, String> = [
        ("DATABASE_URL".to_owned(), db_url.to_owned()),
        ("UD_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        // the demo is what every test's world starts from (the binary's default is off)
        ("UD_DEMO".to_owned(), "true".to_owned()),
    ]
    .into();
    for (k, v) in extra {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    Config::from_sources(|k| vars.get(k).cloned(), None).unwrap()
}

impl TestApp {
    pub async fn spawn(backend: &Backend) -> TestApp {
        Self::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: &Backend, extra: &[(&str, &str)]) -> TestApp {
        let database = TestDb::create(backend).await;
        let extra: Vec<(String, String)> = extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Self::spawn_on(database, extra).await
    }

    /// Stops this app and starts a new one on the same database (a restart of the server).
    pub async fn restart(mut self) -> TestApp {
        self.stop().await.unwrap();
        let database = self.database.take().unwrap();
        let extra = std::mem::take(&mut self.extra);
        drop(self);
        Self::spawn_on(database, extra).await
    }

    async fn spawn_on(database: TestDb, extra: Vec<(String, String)>) -> TestApp {
        // Bind first: the public URL (OAuth callbacks) must name the port.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let public_url = format!("http://{}", listener.local_addr().unwrap());
        let media_dir = database.media_dir.display().to_string();
        let mut vars: Vec<(&str, &str)> =
            vec![("UD_PUBLIC_URL", public_url.as_str()), ("UD_MEDIA_DIR", media_dir.as_str())];
        vars.extend(extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let config = config_for(&database.url, &vars);
        let mut state = within("preparing the app", server::prepare(&config)).await.unwrap();
        // A site root of our own with one hashed asset, to check how static files are served.
        let site_root = std::env::temp_dir().join(format!("ud-site-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(site_root.join("pkg")).unwrap();
        std::fs::write(site_root.join("pkg/uri-dongne.abc123.js"), "export const x = 1;\n".repeat(200)).unwrap();
        // what cargo-leptos writes beside the binary when it hashes asset names
        let exe_dir = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
        std::fs::write(exe_dir.join("hash.txt"), "js: abc123\nwasm: abc123\ncss: abc123\n").unwrap();
        std::fs::write(site_root.join("favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
        state.leptos_options = leptos::config::LeptosOptions::builder()
            .output_name("uri-dongne")
            .site_root(site_root.display().to_string())
            .site_pkg_dir("pkg")
            .hash_files(true)
            .build();
        let mut app = Self::start_on(listener, state, site_root, database, axum::Router::new()).await;
        app.extra = extra;
        app
    }

    /// Starts the app's router (plus `extra` routes, for tests that need a probe) on a free port.
    pub async fn start(state: AppState, site_root: PathBuf, database: TestDb, extra: axum::Router) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::start_on(listener, state, site_root, database, extra).await
    }

    async fn start_on(
        listener: tokio::net::TcpListener,
        state: AppState,
        site_root: PathBuf,
        database: TestDb,
        extra: axum::Router,
    ) -> TestApp {
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = extra.merge(server::http::router(state.clone()));
        let server = tokio::spawn(server::http::serve(
            listener,
            router,
            async {
                let _ = rx.await;
            },
            state.limits,
        ));
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestApp {
            base: format!("http://{addr}"),
            client,
            db: state.db.clone(),
            shutdown: Some(tx),
            server: Some(server),
            site_root,
            database: Some(database),
            extra: Vec::new(),
            key: state.auth.key.to_vec(),
        }
    }

    /// The app's media store directory (`UD_MEDIA_DIR`).
    pub fn media_dir(&self) -> PathBuf {
        self.database.as_ref().map(|d| d.media_dir.clone()).unwrap_or_default()
    }

    /// The files in the app's media store (uploads), as paths.
    pub fn media_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() { walk(&path, out) } else { out.push(path) }
            }
        }
        let mut out = Vec::new();
        if let Some(db) = &self.database {
            walk(&db.media_dir, &mut out);
        }
        out
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        within(&format!("GET {path}"), self.client.get(self.url(path)).send()).await.unwrap()
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        within(&format!("GET {path}"), self.client.get(self.url(path)).header("cookie", cookie).send()).await.unwrap()
    }

    /// Asks the server to stop and waits for it; returns what `serve` returned.
    pub async fn stop(&mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.server.take() {
            Some(h) => h.await.unwrap(),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.site_root);
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

/// Declares a test that runs once per backend: `<name>::sqlite` and `<name>::postgres`.
/// The PostgreSQL variant is `#[ignore]`d with the reason (so `cargo test` counts it as ignored,
/// never as passed); `--include-ignored` with `UD_TEST_POSTGRES_URL` runs it.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::support::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[ignore = "needs PostgreSQL: set UD_TEST_POSTGRES_URL and pass --include-ignored (make test does both when 127.0.0.1:5432 answers)"]
            async fn postgres() {
                ($body)($crate::support::Backend::Postgres($crate::support::postgres_url())).await;
            }
        }
    };
}

/// The names of the 25 districts from the shipped reference file: (Korean, English).
pub fn district_names() -> Vec<(String, String)> {
    let rows = app::domain::geo::parse_reference_csv(server::setup::REFERENCE_CSV).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for r in rows {
        seen.insert(r.district_code.to_string(), (r.district_name_ko.into_inner(), r.district_name_en.into_inner()));
    }
    seen.into_values().collect()
}

/// The session cookie (`ud_session=…`) a response sets, if any.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ud_session=") && !c.starts_with("ud_session=;"))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

impl TestApp {
    /// A server function call as the enhanced (JavaScript) form makes it: errors keep their
    /// status. `cookie` is the session cookie, if signed in.
    pub fn call(
        &self,
        endpoint: &str,
        cookie: Option<&str>,
        form: &[(&str, String)],
    ) -> impl std::future::Future<Output = reqwest::Response> + Send + use<> {
        let mut req = self.client.post(self.url(&format!("/sf/{endpoint}"))).form(form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let what = format!("POST /sf/{endpoint}");
        async move { within(&what, req.send()).await.unwrap() }
    }

    /// The seal of secret ballots the app under test uses (its `UD_SECRET`).
    pub fn seal(&self) -> app::server::crypto::BallotSeal {
        app::server::crypto::BallotSeal::new(&self.key)
    }

    /// Signs `user_id` in with a fresh counter code; returns the session cookie.
    pub async fn sign_in(&self, user_id: i64) -> String {
        let issued = app::server::services::identity::reissue_code(&self.db, &self.key, None, user_id).await.unwrap();
        let res = self.call("sign_in_code", None, &[("code", issued.code)]).await;
        assert!(res.status().is_redirection() || res.status().is_success(), "sign-in failed: {}", res.status());
        session_cookie(&res).expect("sign-in sets a session cookie")
    }

    /// A new person (no roles); returns the account number.
    pub async fn person(&self, name: &str, home_dong: Option<&str>) -> i64 {
        use sea_orm::{ActiveModelTrait, Set};
        app::server::entities::user::ActiveModel {
            display_name: Set(name.to_owned()),
            birth_year: Set(Some(1960)),
            is_demo: Set(false),
            created_at: Set(chrono::Utc::now()),
            home_dong_code: Set(home_dong.map(str::to_owned)),
            stay_signed_in: Set(false),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    /// Grants a role as the operator would.
    pub async fn grant(&self, user_id: i64, role: &str, scope: &str) -> i64 {
        let spec = app::server::services::identity::roles::RoleGrantSpec::parse(role, scope).unwrap();
        app::server::services::identity::roles::grant(&self.db, None, user_id, spec).await.unwrap()
    }

    /// Records a verified residency directly (as staff would), for fixtures.
    pub async fn verify(&self, user_id: i64, dong: &str) {
        use sea_orm::{ActiveModelTrait, Set};
        app::server::entities::residency::ActiveModel {
            user_id: Set(user_id),
            dong_code: Set(dong.to_owned()),
            method: Set("id_card".to_owned()),
            verified_by: Set(None),
            verified_at: Set(chrono::Utc::now()),
            expires_at: Set(None),
            ended_at: Set(None),
            ended_by: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
    }
}

/// How long one request may take before the test fails (instead of hanging the run).
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Awaits `f`, failing the test with `what` if it takes longer than `REQUEST_LIMIT`.
pub async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    match tokio::time::timeout(REQUEST_LIMIT, f).await {
        Ok(v) => v,
        Err(_) => panic!("{what} did not finish within {REQUEST_LIMIT:?}"),
    }
}

/// The release binary (`uri-dongne serve`) running as its own process on a copy of the seeded
/// database: for what only a process shows (its memory, signals, exit).
pub struct Binary {
    pub child: std::process::Child,
    pub base: String,
    pub addr: String,
    /// Its output (log lines and panics), a file removed with the database.
    pub log: PathBuf,
    _database: TestDb,
}

impl Binary {
    pub async fn start(backend: &Backend, env: &[(&str, &str)]) -> Binary {
        let database = TestDb::create(backend).await;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr = format!("127.0.0.1:{port}");
        let log = database.media_dir.with_extension("log");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_uri-dongne"))
            .arg("serve")
            .env("DATABASE_URL", &database.url)
            .env("UD_ADDR", &addr)
            .env("UD_MEDIA_DIR", &database.media_dir)
            .env("UD_DEMO", "false")
            .env_remove("UD_ENV")
            .envs(env.iter().copied())
            // the log (stdout) and panics (stderr), in one file
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::OpenOptions::new().append(true).open(&log).unwrap())
            .spawn()
            .unwrap();
        let bin = Binary { child, base: format!("http://{addr}"), addr, log, _database: database };
        let client = reqwest::Client::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(format!("{}/readyz", bin.base)).send().await
                && r.status() == 200
            {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the binary did not become ready");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        bin
    }

    /// A line of its `/proc/<pid>/status`, in KiB (`VmRSS`, `VmHWM`: the peak).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    pub fn signal(&self, signal: &str) {
        let ok = std::process::Command::new("kill").args([signal, &self.child.id().to_string()]).status().unwrap();
        assert!(ok.success());
    }

    /// Waits up to `limit` for the process to end; its exit status and how long it took.
    pub async fn wait(
        &mut self,
        limit: std::time::Duration,
    ) -> Option<(std::process::ExitStatus, std::time::Duration)> {
        let t0 = std::time::Instant::now();
        while t0.elapsed() < limit {
            if let Some(s) = self.child.try_wait().unwrap() {
                return Some((s, t0.elapsed()));
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        None
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// A request written by hand on a new connection (what no well-behaved client would send: a
/// body announced and never sent, headers cut off), and what came back.
pub mod raw {
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    pub async fn send(addr: &str, bytes: &[u8]) -> TcpStream {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(bytes).await.unwrap();
        s
    }

    /// What the server answers within `limit`: everything up to the end of the connection or
    /// the first pause after the headers (`None` for nothing at all).
    pub async fn answer(s: &mut TcpStream, limit: Duration) -> Option<String> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let wait = if buf.windows(4).any(|w| w == b"\r\n\r\n") { Duration::from_millis(300) } else { limit };
            let until = (tokio::time::Instant::now() + wait).min(deadline);
            match tokio::time::timeout_at(until, s.read(&mut chunk)).await {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
                Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        (!buf.is_empty()).then(|| String::from_utf8_lossy(&buf).into_owned())
    }

    /// The status code of an answer.
    pub fn status(answer: &str) -> u16 {
        answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }
}
