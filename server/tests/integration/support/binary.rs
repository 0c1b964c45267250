//! The real binary as its own process, for what only a process shows.

use super::{Backend, TestDb};
use std::path::PathBuf;

/// The release binary (`uri-dongne serve`) running as its own process on a copy of the seeded
/// database: for what only a process shows (its memory, signals, exit).
pub struct Binary {
    pub child: std::process::Child,
    pub base: String,
    pub addr: String,
    /// Its output (log lines and panics), a file removed with the database.
    pub log: PathBuf,
    _database: Option<TestDb>,
}

/// How long a starting server may take to become ready: on an empty database one of them loads
/// Seoul and the demo first (seconds here; minutes on a slow, busy machine).
const READY_LIMIT: std::time::Duration = std::time::Duration::from_secs(180);

/// The binary under test: `UD_TEST_BINARY` (e.g. the release build, for the crash harness), or
/// the one `cargo test` built.
pub fn binary_path() -> std::path::PathBuf {
    match std::env::var_os("UD_TEST_BINARY") {
        Some(p) if !p.is_empty() => p.into(),
        _ => env!("CARGO_BIN_EXE_uri-dongne").into(),
    }
}

impl Binary {
    /// The binary on a copy of the seeded database (its own).
    pub async fn start(backend: &Backend, env: &[(&str, &str)]) -> Binary {
        let database = TestDb::create(backend).await;
        let (url, media) = (database.url.clone(), database.media_dir.clone());
        let mut bin = Self::spawn(&url, &media, env);
        bin._database = Some(database);
        bin.ready().await;
        bin
    }

    /// The binary on the database at `url` (which another owns: several servers on one
    /// database), with its uploads in `media` unless `env` names another store. Ready when this
    /// returns.
    pub async fn start_on(url: &str, media: &std::path::Path, env: &[(&str, &str)]) -> Binary {
        let mut bin = Self::spawn(url, media, env);
        bin.ready().await;
        bin
    }

    /// Starts the process (`serve`) without waiting for it.
    pub fn spawn(url: &str, media: &std::path::Path, env: &[(&str, &str)]) -> Binary {
        Self::spawn_with(&["serve"], url, media, env)
    }

    /// Starts the process with the arguments `args` (e.g. `serve --no-migrate`).
    pub fn spawn_with(args: &[&str], url: &str, media: &std::path::Path, env: &[(&str, &str)]) -> Binary {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr = format!("127.0.0.1:{port}");
        let log = std::env::temp_dir().join(format!("ud-binary-{}.log", uuid::Uuid::new_v4().simple()));
        let child = std::process::Command::new(binary_path())
            .args(args)
            .env("DATABASE_URL", url)
            .env("UD_ADDR", &addr)
            .env("UD_MEDIA_DIR", media)
            .env("UD_DEMO", "false")
            .env_remove("UD_ENV")
            .envs(env.iter().copied())
            // the log (stdout) and panics (stderr), in one file
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::OpenOptions::new().append(true).open(&log).unwrap())
            .spawn()
            .unwrap();
        Binary { child, base: format!("http://{addr}"), addr, log, _database: None }
    }

    /// Waits until `/readyz` answers 200 (failing the test after `READY_LIMIT`, or if the process
    /// ends first).
    pub async fn ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = std::time::Instant::now() + READY_LIMIT;
        loop {
            if let Ok(r) = client.get(format!("{}/readyz", self.base)).send().await
                && r.status() == 200
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the binary exited with {status} before it was ready:\n{}", self.log_text());
            }
            assert!(std::time::Instant::now() < deadline, "the binary did not become ready:\n{}", self.log_text());
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
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
