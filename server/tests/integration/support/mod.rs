pub mod alimtalk;
mod binary;
pub mod booking;
mod db;
pub mod fund;
pub mod logs;
pub mod moto;
pub mod raw;
pub mod smtp;

pub use binary::*;
pub use db::*;

use app::api::state::AppState;
use sea_orm::DatabaseConnection;
use server::config::Config;
use std::path::PathBuf;

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
    /// How the app seals welfare cases (for tests that make or read them directly).
    pub welfare: services::welfare::WelfareSettings,
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
            welfare: state.welfare.clone(),
        }
    }

    /// The URL of the app's database (for other servers started on it).
    pub fn database_url(&self) -> String {
        self.database.as_ref().map(|d| d.url.clone()).unwrap_or_default()
    }

    /// This app's fixtures and helpers, with requests going to another server at `base` (on the
    /// same database): for tests that run several servers. The view starts and stops nothing.
    pub fn pointed_at(&self, base: &str) -> TestApp {
        TestApp {
            base: base.to_owned(),
            client: self.client.clone(),
            db: self.db.clone(),
            shutdown: None,
            server: None,
            site_root: PathBuf::new(),
            key: self.key.clone(),
            welfare: self.welfare.clone(),
            database: None,
            extra: Vec::new(),
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
        if !self.site_root.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.site_root);
        }
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

/// A test of something only PostgreSQL has (its settings, its locks): the `postgres` variant of
/// [`db_test!`] alone, so no SQLite variant passes without checking anything.
#[macro_export]
macro_rules! postgres_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[ignore = "needs PostgreSQL: set UD_TEST_POSTGRES_URL and pass --include-ignored (make test does both when 127.0.0.1:5432 answers)"]
            async fn postgres() {
                ($body)($crate::support::Backend::Postgres($crate::support::postgres_url())).await;
            }
        }
    };
}

/// The refusal a redirect back to a form carries in `?<key>=<code>` (a form posted without
/// JavaScript: an upload), read back as the typed code the page words.
pub fn refusal_in(location: &str, key: &str) -> Option<app::error_code::ErrorCode> {
    let query = location.split_once('?')?.1.split('#').next()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let value = pairs.into_iter().find(|(k, _)| k == key)?.1;
    app::error_code::ErrorCode::from_query(&value)
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
    pub fn seal(&self) -> services::crypto::BallotSeal {
        services::crypto::BallotSeal::new(&self.key)
    }

    /// The settings of off-site messages the app under test uses (its `UD_SECRET` and address).
    pub fn messaging(&self) -> services::messaging::MessagingSettings {
        services::messaging::MessagingSettings::new(&String::from_utf8_lossy(&self.key), &self.base, true)
    }

    /// Signs `user_id` in with a fresh counter code; returns the session cookie.
    pub async fn sign_in(&self, user_id: i64) -> String {
        let issued = services::identity::reissue_code(&self.db, &self.key, None, user_id).await.unwrap();
        let res = self.call("sign_in_code", None, &[("code", issued.code)]).await;
        assert!(res.status().is_redirection() || res.status().is_success(), "sign-in failed: {}", res.status());
        session_cookie(&res).expect("sign-in sets a session cookie")
    }

    /// A new person (no roles); returns the account number.
    pub async fn person(&self, name: &str, home_dong: Option<&str>) -> i64 {
        use sea_orm::{ActiveModelTrait, Set};
        services::entities::user::ActiveModel {
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
        let spec = services::identity::roles::RoleGrantSpec::parse(role, scope).unwrap();
        services::identity::roles::grant(&self.db, None, user_id, spec).await.unwrap()
    }

    /// Records a verified residency directly (as staff would), for fixtures.
    pub async fn verify(&self, user_id: i64, dong: &str) {
        use sea_orm::{ActiveModelTrait, Set};
        services::entities::residency::ActiveModel {
            user_id: Set(user_id),
            dong_code: Set(dong.to_owned()),
            method: Set(app::domain::identity::VerificationMethod::IdCard.into()),
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
