//! A real S3-compatible server for the object-storage backend: `moto` in server mode (from
//! PyPI; `make bootstrap-test` installs it), on a free loopback port, one per test, stopped when
//! dropped.

/// A running moto server with one empty bucket.
pub struct Moto {
    child: std::process::Child,
    pub endpoint: String,
    pub bucket: String,
}

/// A Python that has moto: `UD_TEST_PYTHON`, else the first of the usual ones that imports it
/// (pyenv's comes before Debian's, which `make` puts first on the PATH).
fn python() -> String {
    let home = std::env::var("HOME").unwrap_or_default();
    let candidates = [
        std::env::var("UD_TEST_PYTHON").unwrap_or_default(),
        format!("{home}/.pyenv/shims/python3"),
        "python3".to_owned(),
        "/usr/local/bin/python3".to_owned(),
        "/usr/bin/python3".to_owned(),
    ];
    candidates
        .into_iter()
        .filter(|p| !p.is_empty())
        .find(|p| {
            std::process::Command::new(p)
                .args(["-c", "import moto.server"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .expect("no Python with moto: pip install 'moto[server]' (make bootstrap-test does)")
}

impl Moto {
    pub async fn start() -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new(python())
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m moto.server (pip install 'moto[server]'; make bootstrap-test does)");
        let endpoint = format!("http://127.0.0.1:{port}");
        let mut moto = Moto { child, endpoint, bucket: "ud-media".to_owned() };
        let client = reqwest::Client::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            // moto in server mode accepts unsigned requests: this creates the bucket
            if let Ok(r) = client.put(format!("{}/{}", moto.endpoint, moto.bucket)).send().await
                && r.status().is_success()
            {
                break;
            }
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto exited with {status}: is it installed? (pip install 'moto[server]')");
            }
            assert!(std::time::Instant::now() < deadline, "moto did not answer");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        moto
    }

    /// The settings that point a server's media store at this bucket.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("UD_MEDIA_S3_BUCKET", self.bucket.clone()),
            ("UD_MEDIA_S3_ENDPOINT", self.endpoint.clone()),
            ("UD_MEDIA_S3_ACCESS_KEY_ID", "test".to_owned()),
            ("UD_MEDIA_S3_SECRET_ACCESS_KEY", "test".to_owned()),
        ]
    }

    /// The media store the servers use, for the test to look into.
    pub fn store(&self) -> services::storage::MediaStore {
        services::storage::MediaStore::s3(&services::storage::S3Settings {
            bucket: self.bucket.clone(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".into(),
            access_key_id: "test".into(),
            secret_access_key: "test".into(),
        })
        .unwrap()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
