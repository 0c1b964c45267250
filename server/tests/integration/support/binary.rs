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
