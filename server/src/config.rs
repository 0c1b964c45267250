//! Configuration: environment variables, optionally layered over a `KEY=VALUE` file named by
//! `UD_CONFIG_FILE`. The environment wins. In production the server refuses to start with a
//! missing or default secret, or with demo data switched on.

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
    /// `UD_DEMO`: load and show demo data. Default on in development; never in production.
    pub demo: bool,
    /// `UD_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `LEPTOS_SITE_ROOT`: where the built site (wasm, js, css, assets) is, default `target/site`.
    pub site_root: String,
    /// The public base URL (`UD_PUBLIC_URL`), e.g. `https://uri-dongne.seoul.kr`. OAuth callbacks
    /// go there; `https` makes session cookies `Secure`. Default: `http://` + the address.
    pub public_url: String,
    /// Take the client address from `X-Forwarded-For` (`UD_TRUST_PROXY`): only behind a proxy
    /// that sets it.
    pub trust_proxy: bool,
    /// Sign-in providers (`UD_OAUTH_*`, see `app::domain::oauth`).
    pub oauth: Vec<app::domain::oauth::ProviderConfig>,
    /// `UD_MEDIA_DIR`: where uploaded images are stored (outside the database), default
    /// `data/media`.
    pub media_dir: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0}")]
    Invalid(String),
    #[error("production needs UD_SECRET: a random string of at least {MIN_SECRET_LEN} characters, not the default")]
    WeakSecret,
    #[error("demo data cannot be switched on in production (unset UD_DEMO)")]
    DemoInProduction,
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
            None => mode == RunMode::Development,
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
        let trust_proxy = match get("UD_TRUST_PROXY") {
            Some(v) => bool_value("UD_TRUST_PROXY", &v)?,
            None => false,
        };
        let media_dir =
            get("UD_MEDIA_DIR").filter(|s| !s.trim().is_empty()).unwrap_or_else(|| DEFAULT_MEDIA_DIR.into());
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
            trust_proxy,
            oauth,
            media_dir,
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
    fn development_defaults() {
        let c = cfg(&[], None).unwrap();
        assert_eq!(c.mode, RunMode::Development);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(c.demo);
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
        let c = cfg(&[("UD_ENV", "production"), ("UD_SECRET", good)], None).unwrap();
        assert!(!c.demo, "demo is off by default in production");
        assert_eq!(
            cfg(&[("UD_ENV", "production"), ("UD_SECRET", good), ("UD_DEMO", "1")], None).unwrap_err(),
            ConfigError::DemoInProduction
        );
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
    }
}
