//! Configuration: environment variables, optionally layered over a `KEY=VALUE` file named by
//! `UD_CONFIG_FILE`. The environment wins. Without settings the binary is production-safe
//! where it matters to real people: demo data is off unless `UD_DEMO=true` (`make run`, the e2e
//! and development setups switch it on). In production the server refuses to start with a
//! missing or default secret, with demo data switched on, or with an `http://` public URL unless
//! `UD_ALLOW_HTTP=true`.

use app::domain::config_file;
use std::net::SocketAddr;

/// The secret development runs with. Production refuses it.
pub const DEV_SECRET: &str = "dev-secret-not-for-production-0000000000";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/uri-dongne.db?mode=rwc";
pub const MIN_SECRET_LEN: usize = 32;
pub const DEFAULT_MEDIA_DIR: &str = "data/media";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub mode: RunMode,
    /// `UD_ADDR` (or `LEPTOS_SITE_ADDR`), default 127.0.0.1:3000.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` (default `./data/uri-dongne.db`) or `postgres://…`.
    pub database_url: String,
    /// `UD_SECRET`: signs sessions and tokens.
    pub secret: String,
    /// `UD_DEMO`: load and show demo data. Off unless switched on; never in production.
    pub demo: bool,
    /// `UD_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `LEPTOS_SITE_ROOT`: where the built site (wasm, js, css, assets) is, default `target/site`.
    pub site_root: String,
    /// The public base URL (`UD_PUBLIC_URL`), e.g. `https://uri-dongne.seoul.kr`. OAuth callbacks
    /// go there; `https` makes session cookies `Secure`. Default: `http://` + the address.
    pub public_url: String,
    /// `UD_TRUSTED_PROXIES`: the proxies (addresses or CIDR blocks) whose `X-Forwarded-For`
    /// entries name the client. Default none: the socket's address is the client's.
    pub trusted_proxies: app::domain::net::TrustedProxies,
    /// Sign-in providers (`UD_OAUTH_*`, see `app::domain::oauth`).
    pub oauth: Vec<app::domain::oauth::ProviderConfig>,
    /// `UD_MEDIA_DIR`: where uploaded images are stored (outside the database), default
    /// `data/media`. Unused when `media_s3` is set.
    pub media_dir: String,
    /// `UD_MEDIA_S3_BUCKET` (with `UD_MEDIA_S3_ENDPOINT`, `UD_MEDIA_S3_REGION`,
    /// `UD_MEDIA_S3_ACCESS_KEY_ID`, `UD_MEDIA_S3_SECRET_ACCESS_KEY`; the keys fall back to
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`): uploads go to this S3-compatible bucket,
    /// which every app server shares, instead of a local directory.
    pub media_s3: Option<services::storage::S3Settings>,
    /// `UD_REQUEST_TIMEOUT_SECS`, `UD_HEADER_TIMEOUT_SECS`, `UD_MAX_IN_FLIGHT`,
    /// `UD_SHUTDOWN_DEADLINE_SECS`.
    pub limits: app::api::state::RequestLimits,
    /// `UD_SQLITE_SYNCHRONOUS`: `full` (default; an acknowledged write survives power loss) or
    /// `normal` (faster; the last commits before a power loss may be lost).
    pub sqlite_durability: crate::db::SqliteDurability,
    /// `UD_METRICS_TOKEN`: the bearer token Prometheus sends to `/metrics` (at least 16
    /// characters); unset, `/metrics` does not exist.
    pub metrics_token: Option<String>,
    /// `UD_WELFARE_KEYS` (`id:base64,…`, the current key first; required in production, else
    /// derived from `UD_SECRET`) and `UD_WELFARE_RETENTION_YEARS` (default 3): see
    /// `services::welfare::WelfareSettings`.
    pub welfare: services::welfare::WelfareSettings,
    /// `UD_SMTP_URL` (`smtp://host:25`, `smtp://host:587?tls=required`, `smtps://user:pass@host:465`)
    /// and `UD_MAIL_FROM` (`우리동네 <noreply@example.kr>`): e-mail leaves through this relay.
    /// Unset: in development messages stay in `/dev/outbox`; in production e-mail waits.
    pub smtp: Option<SmtpConfig>,
    /// `UD_ALIMTALK_APPKEY`, `UD_ALIMTALK_SECRET`, `UD_ALIMTALK_SENDER_KEY` (all three, or none),
    /// `UD_ALIMTALK_RESEND_FROM` (the registered number an LMS goes from when KakaoTalk cannot
    /// deliver; unset: no text message) and `UD_ALIMTALK_URL` (default NHN Cloud's): KakaoTalk
    /// messages leave through NHN Cloud. Unset: in development they stay in `/dev/outbox`; in
    /// production they wait.
    pub alimtalk: Option<services::messaging::courier::NhnSettings>,
    /// `UD_MESSAGE_LEASE_SECS`: how long a message worker's claim holds (default 120).
    pub message_lease_secs: Option<u64>,
}

/// The longest claim of a message worker where KakaoTalk is configured: a repeat after a crash
/// must reach the provider while it still knows the first request (10 minutes).
pub const MAX_LEASE_WITH_ALIMTALK: u64 = 540;

/// Where e-mail goes out.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub url: String,
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    /// The URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpConfig(..)")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0}")]
    Invalid(String),
    #[error("production needs UD_SECRET: a random string of at least {MIN_SECRET_LEN} characters, not the default")]
    WeakSecret,
    #[error("demo data cannot be switched on in production (unset UD_DEMO)")]
    DemoInProduction,
    #[error(
        "production serves over https: UD_PUBLIC_URL must start with https:// (behind a proxy that \
         terminates TLS, name the public https URL), or set UD_ALLOW_HTTP=true to accept plain http"
    )]
    HttpInProduction,
    #[error(
        "production needs UD_WELFARE_KEYS: the keys that seal welfare cases, `id:base64` of 32 random bytes \
         (e.g. `k1:` followed by `openssl rand -base64 32`), kept outside the database and its backups"
    )]
    WelfareKeysMissing,
}

/// A whole number from 1 to `max`.
fn count_value(key: &str, v: &str, max: u64) -> Result<u64, ConfigError> {
    v.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| ConfigError::Invalid(format!("{key}: expected a whole number from 1 to {max}, got `{v}`")))
}

fn bool_value(key: &str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(ConfigError::Invalid(format!("{key}: expected true or false, got `{other}`"))),
    }
}

impl Config {
    /// Reads the configuration from the process environment (and the file it names).
    pub fn from_env() -> Result<Config, ConfigError> {
        let file = match std::env::var("UD_CONFIG_FILE") {
            Ok(path) => Some(
                std::fs::read_to_string(&path)
                    .map_err(|e| ConfigError::Invalid(format!("UD_CONFIG_FILE {path}: {e}")))?,
            ),
            Err(_) => None,
        };
        Config::from_sources(|k| std::env::var(k).ok(), file.as_deref())
    }

    /// Builds the configuration from a lookup (the environment) over an optional file's text.
    pub fn from_sources(env: impl Fn(&str) -> Option<String>, file: Option<&str>) -> Result<Config, ConfigError> {
        let file_pairs = match file {
            Some(text) => config_file::parse(text).map_err(|e| ConfigError::Invalid(e.to_string()))?,
            None => Vec::new(),
        };
        let get = |key: &str| -> Option<String> {
            env(key).or_else(|| file_pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
        };
        let mode = match get("UD_ENV").as_deref().map(str::trim) {
            None | Some("") | Some("development") | Some("dev") => RunMode::Development,
            Some("production") | Some("prod") => RunMode::Production,
            Some(other) => {
                return Err(ConfigError::Invalid(format!("UD_ENV: expected development or production, got `{other}`")));
            }
        };
        let addr_text = get("UD_ADDR").or_else(|| get("LEPTOS_SITE_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr_text.parse().map_err(|_| {
            ConfigError::Invalid(format!("UD_ADDR: `{addr_text}` is not an address like 127.0.0.1:3000"))
        })?;
        let database_url = get("DATABASE_URL").filter(|s| !s.is_empty()).unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(ConfigError::Invalid("DATABASE_URL: expected sqlite://… or postgres://…".into()));
        }
        let demo = match get("UD_DEMO") {
            Some(v) => bool_value("UD_DEMO", &v)?,
            None => false,
        };
        let log_format = match get("UD_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::Invalid(format!("UD_LOG_FORMAT: expected text or json, got `{other}`")));
            }
        };
        let secret = get("UD_SECRET").filter(|s| !s.is_empty());
        let secret = match mode {
            RunMode::Production => {
                let s = secret.ok_or(ConfigError::WeakSecret)?;
                if s.chars().count() < MIN_SECRET_LEN || s == DEV_SECRET || s.starts_with("change-me") {
                    return Err(ConfigError::WeakSecret);
                }
                if demo {
                    return Err(ConfigError::DemoInProduction);
                }
                s
            }
            RunMode::Development => secret.unwrap_or_else(|| DEV_SECRET.into()),
        };
        let site_root = get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into());
        let public_url = get("UD_PUBLIC_URL")
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid("UD_PUBLIC_URL: expected http://… or https://…".into()));
        }
        if let Some(v) = get("UD_TRUST_PROXY")
            && bool_value("UD_TRUST_PROXY", &v)?
        {
            return Err(ConfigError::Invalid(
                "UD_TRUST_PROXY is replaced by UD_TRUSTED_PROXIES: list the proxies' addresses (e.g. 127.0.0.1 or \
                 10.0.0.0/8), so only their X-Forwarded-For entries are believed"
                    .into(),
            ));
        }
        let trusted_proxies = app::domain::net::TrustedProxies::parse(&get("UD_TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let allow_http = match get("UD_ALLOW_HTTP") {
            Some(v) => bool_value("UD_ALLOW_HTTP", &v)?,
            None => false,
        };
        if mode == RunMode::Production && public_url.starts_with("http://") && !allow_http {
            return Err(ConfigError::HttpInProduction);
        }
        let media_dir =
            get("UD_MEDIA_DIR").filter(|s| !s.trim().is_empty()).unwrap_or_else(|| DEFAULT_MEDIA_DIR.into());
        let media_s3 = match get("UD_MEDIA_S3_BUCKET").filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(bucket) => {
                let key = |ours: &str, aws: &str| -> Result<String, ConfigError> {
                    get(ours).or_else(|| get(aws)).filter(|s| !s.is_empty()).ok_or_else(|| {
                        ConfigError::Invalid(format!("UD_MEDIA_S3_BUCKET is set: {ours} (or {aws}) is needed too"))
                    })
                };
                let endpoint = get("UD_MEDIA_S3_ENDPOINT").filter(|s| !s.trim().is_empty());
                if let Some(e) = &endpoint
                    && !(e.starts_with("http://") || e.starts_with("https://"))
                {
                    return Err(ConfigError::Invalid("UD_MEDIA_S3_ENDPOINT: expected http://… or https://…".into()));
                }
                Some(services::storage::S3Settings {
                    bucket: bucket.trim().to_owned(),
                    endpoint,
                    region: get("UD_MEDIA_S3_REGION").filter(|s| !s.is_empty()).unwrap_or_else(|| "us-east-1".into()),
                    access_key_id: key("UD_MEDIA_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID")?,
                    secret_access_key: key("UD_MEDIA_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY")?,
                })
            }
        };
        let mut limits = app::api::state::RequestLimits::default();
        let secs = |key: &str, default: std::time::Duration| -> Result<std::time::Duration, ConfigError> {
            get(key).map_or(Ok(default), |v| count_value(key, &v, 3600).map(std::time::Duration::from_secs))
        };
        limits.request_timeout = secs("UD_REQUEST_TIMEOUT_SECS", limits.request_timeout)?;
        limits.header_timeout = secs("UD_HEADER_TIMEOUT_SECS", limits.header_timeout)?;
        limits.shutdown_deadline = secs("UD_SHUTDOWN_DEADLINE_SECS", limits.shutdown_deadline)?;
        if let Some(v) = get("UD_MAX_IN_FLIGHT") {
            limits.max_in_flight = usize::try_from(count_value("UD_MAX_IN_FLIGHT", &v, 100_000)?).unwrap_or(100_000);
        }
        let sqlite_durability = match get("UD_SQLITE_SYNCHRONOUS").as_deref().map(str::trim) {
            None | Some("") | Some("full") => crate::db::SqliteDurability::Full,
            Some("normal") => crate::db::SqliteDurability::Normal,
            Some(other) => {
                return Err(ConfigError::Invalid(format!(
                    "UD_SQLITE_SYNCHRONOUS: expected full or normal, got `{other}`"
                )));
            }
        };
        let metrics_token = match get("UD_METRICS_TOKEN").filter(|s| !s.is_empty()) {
            Some(t) if t.chars().count() < 16 => {
                return Err(ConfigError::Invalid("UD_METRICS_TOKEN: at least 16 characters".into()));
            }
            t => t,
        };
        let welfare = {
            let vault = match get("UD_WELFARE_KEYS").filter(|s| !s.trim().is_empty()) {
                Some(spec) => {
                    services::crypto::WelfareVault::from_spec(&spec).map_err(|e| ConfigError::Invalid(e.to_string()))?
                }
                None if mode == RunMode::Production => return Err(ConfigError::WelfareKeysMissing),
                None => services::crypto::WelfareVault::derived(secret.as_bytes()),
            };
            let retention_years = match get("UD_WELFARE_RETENTION_YEARS") {
                Some(v) => u32::try_from(count_value("UD_WELFARE_RETENTION_YEARS", &v, 50)?).unwrap_or(50),
                None => app::domain::welfare::DEFAULT_RETENTION_YEARS,
            };
            services::welfare::WelfareSettings { vault, retention_years }
        };
        let smtp = match get("UD_SMTP_URL").filter(|s| !s.trim().is_empty()) {
            Some(url) => {
                let from = get("UD_MAIL_FROM")
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| "우리동네 <noreply@localhost>".to_owned());
                // checked now, so a typo stops the start instead of every message
                services::messaging::courier::Smtp::new(url.trim(), from.trim())
                    .map_err(|e| ConfigError::Invalid(e.to_string()))?;
                Some(SmtpConfig { url: url.trim().to_owned(), from: from.trim().to_owned() })
            }
            None => None,
        };
        let alimtalk = {
            let value = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
            match (value("UD_ALIMTALK_APPKEY"), value("UD_ALIMTALK_SECRET"), value("UD_ALIMTALK_SENDER_KEY")) {
                (Some(appkey), Some(secret), Some(sender_key)) => {
                    let base_url =
                        value("UD_ALIMTALK_URL").unwrap_or_else(|| "https://api-alimtalk.cloud.toast.com".to_owned());
                    // the secret key, numbers and codes travel in it: TLS, but for a relay on
                    // this machine (a local proxy, a test's fake)
                    let parsed = base_url
                        .parse::<axum::http::Uri>()
                        .ok()
                        .filter(|u| u.authority().is_some_and(|a| !a.as_str().contains('@')) && u.query().is_none());
                    let ok = parsed.is_some_and(|u| match u.scheme_str() {
                        Some("https") => u.host().is_some(),
                        Some("http") => matches!(u.host(), Some("127.0.0.1" | "localhost" | "[::1]")),
                        _ => false,
                    });
                    if !ok {
                        return Err(ConfigError::Invalid(
                            "UD_ALIMTALK_URL: an https:// address (http:// only to 127.0.0.1 or localhost)".into(),
                        ));
                    }
                    let header_safe = |v: &str| v.bytes().all(|b| b.is_ascii_graphic());
                    if !header_safe(&secret) || sender_key.len() != 40 || !header_safe(&sender_key) {
                        return Err(ConfigError::Invalid(
                            "UD_ALIMTALK_SECRET: printable characters; UD_ALIMTALK_SENDER_KEY: the 40 characters of the console"
                                .into(),
                        ));
                    }
                    if !appkey.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                        return Err(ConfigError::Invalid("UD_ALIMTALK_APPKEY: letters and digits".into()));
                    }
                    let resend_from = match value("UD_ALIMTALK_RESEND_FROM") {
                        Some(n) => Some(
                            app::domain::messaging::PhoneNumber::parse(&n)
                                .map_err(|_| {
                                    ConfigError::Invalid("UD_ALIMTALK_RESEND_FROM: a phone number, 02-1234-5678".into())
                                })?
                                .digits()
                                .to_owned(),
                        ),
                        None => None,
                    };
                    Some(services::messaging::courier::NhnSettings {
                        base_url,
                        appkey,
                        secret,
                        sender_key,
                        resend_from,
                    })
                }
                (None, None, None) => None,
                _ => {
                    return Err(ConfigError::Invalid(
                        "UD_ALIMTALK_APPKEY, UD_ALIMTALK_SECRET and UD_ALIMTALK_SENDER_KEY go together".into(),
                    ));
                }
            }
        };
        let message_lease_secs = match get("UD_MESSAGE_LEASE_SECS") {
            Some(v) => Some(count_value("UD_MESSAGE_LEASE_SECS", &v, 3600)?.max(1)),
            None => None,
        };
        // a repeat after a crash comes when the claim runs out: within the 10 minutes in which
        // the KakaoTalk provider still knows its idempotency key
        if alimtalk.is_some() && message_lease_secs.is_some_and(|s| s > MAX_LEASE_WITH_ALIMTALK) {
            return Err(ConfigError::Invalid(format!(
                "UD_MESSAGE_LEASE_SECS: at most {MAX_LEASE_WITH_ALIMTALK} with KakaoTalk (its provider forgets a request after 10 minutes)"
            )));
        }
        let oauth =
            app::domain::oauth::providers_from_settings(get).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        Ok(Config {
            mode,
            addr,
            database_url,
            secret,
            demo,
            log_format,
            site_root,
            public_url,
            trusted_proxies,
            oauth,
            media_dir,
            media_s3,
            limits,
            sqlite_durability,
            metrics_token,
            welfare,
            smtp,
            alimtalk,
            message_lease_secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)], file: Option<&str>) -> Result<Config, ConfigError> {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_sources(|k| map.get(k).cloned(), file)
    }

    #[test]
    fn kakaotalk_settings_go_together_over_tls_with_a_lease_the_provider_outlives() {
        let key = "0123456789012345678901234567890123456789";
        let full = [("UD_ALIMTALK_APPKEY", "app-1"), ("UD_ALIMTALK_SECRET", "s3cret"), ("UD_ALIMTALK_SENDER_KEY", key)];
        let nhn = cfg(&full, None).unwrap().alimtalk.unwrap();
        assert_eq!(nhn.base_url, "https://api-alimtalk.cloud.toast.com");
        assert_eq!(nhn.resend_from, None);
        assert!(!format!("{nhn:?}").contains("s3cret"), "the secret stays out of logs");
        assert!(cfg(&full[..2], None).is_err(), "all three or none");
        let with = |extra: (&'static str, &'static str)| {
            let mut pairs = full.to_vec();
            pairs.push(extra);
            cfg(&pairs, None)
        };
        assert!(with(("UD_ALIMTALK_URL", "http://api.example.kr")).is_err(), "not in the clear");
        assert!(with(("UD_ALIMTALK_URL", "http://127.0.0.1:9000")).is_ok(), "but to this machine");
        assert!(with(("UD_ALIMTALK_URL", "http://127.0.0.1:@evil.example/")).is_err(), "truly this machine");
        assert!(with(("UD_ALIMTALK_RESEND_FROM", "not a number")).is_err());
        let resend = with(("UD_ALIMTALK_RESEND_FROM", "02-1234-5678")).unwrap().alimtalk.unwrap().resend_from;
        assert_eq!(resend.as_deref(), Some("0212345678"));
        assert!(with(("UD_MESSAGE_LEASE_SECS", "540")).is_ok());
        assert!(with(("UD_MESSAGE_LEASE_SECS", "541")).is_err(), "a repeat would come after the provider forgot");
        assert!(cfg(&[("UD_MESSAGE_LEASE_SECS", "3600")], None).is_ok(), "without KakaoTalk, any");
        let mut short = full.to_vec();
        short[2] = ("UD_ALIMTALK_SENDER_KEY", "short");
        assert!(cfg(&short, None).is_err(), "a sender key has 40 characters");
    }

    #[test]
    fn development_defaults() {
        let c = cfg(&[], None).unwrap();
        assert_eq!(c.mode, RunMode::Development);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(!c.demo, "demo data only when asked for");
        assert!(cfg(&[("UD_DEMO", "true")], None).unwrap().demo);
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.secret, DEV_SECRET);
    }

    #[test]
    fn production_refuses_missing_short_or_default_secrets() {
        assert_eq!(cfg(&[("UD_ENV", "production")], None).unwrap_err(), ConfigError::WeakSecret);
        assert_eq!(
            cfg(&[("UD_ENV", "production"), ("UD_SECRET", "short")], None).unwrap_err(),
            ConfigError::WeakSecret
        );
        assert_eq!(
            cfg(&[("UD_ENV", "production"), ("UD_SECRET", DEV_SECRET)], None).unwrap_err(),
            ConfigError::WeakSecret
        );
        let good = "k3J9xQ2mV8pL5nR7tY1wZ4aB6cD0eF2g";
        let https = ("UD_PUBLIC_URL", "https://uri-dongne.example");
        let keys = ("UD_WELFARE_KEYS", WELFARE_KEYS);
        let c = cfg(&[("UD_ENV", "production"), ("UD_SECRET", good), https, keys], None).unwrap();
        assert!(!c.demo, "demo is off by default in production");
        assert_eq!(
            cfg(&[("UD_ENV", "production"), ("UD_SECRET", good), https, keys, ("UD_DEMO", "1")], None).unwrap_err(),
            ConfigError::DemoInProduction
        );
    }

    #[test]
    fn production_refuses_plain_http_unless_allowed() {
        let good = ("UD_SECRET", "k3J9xQ2mV8pL5nR7tY1wZ4aB6cD0eF2g");
        let prod = ("UD_ENV", "production");
        assert_eq!(cfg(&[prod, good], None).unwrap_err(), ConfigError::HttpInProduction, "the default is http");
        assert_eq!(
            cfg(&[prod, good, ("UD_PUBLIC_URL", "http://example.org")], None).unwrap_err(),
            ConfigError::HttpInProduction
        );
        let keys = ("UD_WELFARE_KEYS", WELFARE_KEYS);
        assert!(
            cfg(&[prod, good, ("UD_PUBLIC_URL", "http://example.org"), ("UD_ALLOW_HTTP", "true"), keys], None).is_ok()
        );
        assert!(cfg(&[("UD_PUBLIC_URL", "http://example.org")], None).is_ok(), "development may use http");
    }

    const WELFARE_KEYS: &str = "k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn production_needs_welfare_keys_and_retention_is_a_number_of_years() {
        let prod = [
            ("UD_ENV", "production"),
            ("UD_SECRET", "k3J9xQ2mV8pL5nR7tY1wZ4aB6cD0eF2g"),
            ("UD_PUBLIC_URL", "https://uri-dongne.example"),
        ];
        assert_eq!(cfg(&prod, None).unwrap_err(), ConfigError::WelfareKeysMissing);
        let mut with_keys = prod.to_vec();
        with_keys.push(("UD_WELFARE_KEYS", WELFARE_KEYS));
        let c = cfg(&with_keys, None).unwrap();
        assert_eq!(c.welfare.vault.current(), "k2");
        assert_eq!(c.welfare.retention_years, 3);
        assert!(matches!(cfg(&[("UD_WELFARE_KEYS", "k1:short")], None), Err(ConfigError::Invalid(_))));
        assert_eq!(cfg(&[("UD_WELFARE_RETENTION_YEARS", "5")], None).unwrap().welfare.retention_years, 5);
        assert!(matches!(cfg(&[("UD_WELFARE_RETENTION_YEARS", "0")], None), Err(ConfigError::Invalid(_))));
        assert_eq!(cfg(&[], None).unwrap().welfare.vault.current(), "d1", "development derives a key");
    }

    #[test]
    fn proxies_are_named_not_trusted_wholesale() {
        let c = cfg(&[("UD_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")], None).unwrap();
        assert!(c.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(matches!(cfg(&[("UD_TRUSTED_PROXIES", "10.0.0.0/99")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_TRUST_PROXY", "true")], None), Err(ConfigError::Invalid(_))));
        assert!(cfg(&[("UD_TRUST_PROXY", "false")], None).is_ok());
    }

    #[test]
    fn durable_sqlite_and_local_media_by_default_s3_when_configured() {
        let c = cfg(&[], None).unwrap();
        assert_eq!(c.sqlite_durability, crate::db::SqliteDurability::Full);
        assert_eq!(c.media_s3, None);
        let c = cfg(
            &[
                ("UD_MEDIA_S3_BUCKET", "media"),
                ("UD_MEDIA_S3_ENDPOINT", "http://127.0.0.1:9000"),
                ("AWS_ACCESS_KEY_ID", "a"),
                ("UD_MEDIA_S3_SECRET_ACCESS_KEY", "s"),
            ],
            None,
        )
        .unwrap();
        let s3 = c.media_s3.unwrap();
        assert_eq!((s3.bucket.as_str(), s3.region.as_str(), s3.access_key_id.as_str()), ("media", "us-east-1", "a"));
        assert!(!format!("{s3:?}").contains("\"s\""), "the secret key is not logged");
    }

    #[test]
    fn environment_wins_over_the_file() {
        let file = "UD_ADDR=0.0.0.0:8080\nDATABASE_URL=postgres://localhost/x\n";
        let c = cfg(&[("UD_ADDR", "127.0.0.1:4000")], Some(file)).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:4000");
        assert_eq!(c.database_url, "postgres://localhost/x");
    }

    #[test]
    fn bad_values_are_reported() {
        assert!(matches!(cfg(&[("UD_ADDR", "nope")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_DEMO", "maybe")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("DATABASE_URL", "mysql://x")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_ENV", "staging")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_REQUEST_TIMEOUT_SECS", "0")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_MAX_IN_FLIGHT", "many")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_SQLITE_SYNCHRONOUS", "off")], None), Err(ConfigError::Invalid(_))));
        assert!(matches!(cfg(&[("UD_MEDIA_S3_BUCKET", "media")], None), Err(ConfigError::Invalid(_))), "no keys");
        let c = cfg(&[("UD_REQUEST_TIMEOUT_SECS", "5"), ("UD_MAX_IN_FLIGHT", "3")], None).unwrap();
        assert_eq!((c.limits.request_timeout.as_secs(), c.limits.max_in_flight), (5, 3));
    }
}
