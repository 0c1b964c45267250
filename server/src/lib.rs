//! The server binary's library: configuration, database, HTTP stack and start-up steps.
//! `main.rs` is only the command line on top of it; integration tests use it directly.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod backup;
pub mod config;
pub mod db;
pub mod http;
pub mod metrics;
pub mod setup;

use app::api::state::{AppState, AuthSettings, OpsSettings, SiteSettings};
use leptos::config::LeptosOptions;
use services::storage::MediaStore;

/// The Leptos options, from `LEPTOS_*` variables (cargo-leptos sets them) with this project's
/// defaults, so the binary also runs outside cargo-leptos.
pub fn leptos_options(config: &config::Config) -> LeptosOptions {
    let env_or = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
    // beside the binary, or wherever an absolute `LEPTOS_HASH_FILE_NAME` says (the e2e tests run
    // the debug binary with the release front end)
    let hash_file = env_or("LEPTOS_HASH_FILE_NAME", "hash.txt");
    let hash_files = std::env::var("LEPTOS_HASH_FILES")
        .ok()
        .or_else(|| option_env!("LEPTOS_HASH_FILES").map(str::to_owned))
        .is_some_and(|v| v == "true")
        && hash_file_present(&hash_file);
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("uri-dongne"))
        .site_root(config.site_root.as_str())
        .site_pkg_dir(env_or("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(config.addr)
        .env(match config.mode {
            config::RunMode::Production => leptos::config::Env::PROD,
            config::RunMode::Development => leptos::config::Env::DEV,
        })
        .hash_files(hash_files)
        .hash_file(std::sync::Arc::<str>::from(hash_file))
        .build()
}

/// cargo-leptos writes `hash.txt` (the hashed asset names) beside the binary it builds; Leptos
/// reads it on every page. Without it, pages use unhashed names instead of failing.
fn hash_file_present(name: &str) -> bool {
    let present =
        std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(name).is_file())).unwrap_or(false);
    if !present {
        tracing::warn!(
            "LEPTOS_HASH_FILES is set but {name} is missing beside the binary; serving unhashed asset names"
        );
    }
    present
}

/// What a starting server does to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Startup {
    /// Migrate and load reference (and, if configured, demo) data, under the setup lock.
    Migrate,
    /// `serve --no-migrate`: a separate step migrates; only check that it did.
    NoMigrate,
}

/// Connects, migrates and loads reference (and, if configured, demo) data; returns the state.
pub async fn prepare(config: &config::Config) -> anyhow_like::Result<AppState> {
    prepare_with(config, Startup::Migrate).await
}

/// [`prepare`], or with [`Startup::NoMigrate`] only a check that the schema is current.
pub async fn prepare_with(config: &config::Config, startup: Startup) -> anyhow_like::Result<AppState> {
    let db = db::connect_with(&config.database_url, config.sqlite_durability).await?;
    match startup {
        Startup::Migrate => {
            let demo_keys = config.demo.then_some((config.secret.as_bytes(), &config.welfare.vault));
            setup::prepare_data(&db, &config.database_url, demo_keys).await?;
        }
        Startup::NoMigrate => setup::check_migrated(&db).await?,
    }
    let media = media_store(config).await?;
    tracing::info!(store = %media.describe(), "media store");
    let mut auth = AuthSettings::new(&config.secret, config.oauth.clone(), config.public_url.clone())?;
    auth.trusted_proxies = config.trusted_proxies.clone();
    let mut messaging =
        services::messaging::MessagingSettings::new(&config.secret, &config.public_url, config.smtp.is_some());
    messaging.alimtalk_configured = config.alimtalk.is_some();
    messaging.alimtalk_offered = config.alimtalk.is_some() || config.mode == config::RunMode::Development;
    if let Some(secs) = config.message_lease_secs {
        messaging.lease = chrono::Duration::seconds(i64::try_from(secs).unwrap_or(3600));
    }
    Ok(AppState {
        db,
        leptos_options: leptos_options(config),
        site: SiteSettings { demo: config.demo, development: config.mode == config::RunMode::Development },
        auth,
        media,
        limits: config.limits,
        ops: OpsSettings { metrics_token: config.metrics_token.clone() },
        welfare: config.welfare.clone(),
        messaging,
    })
}

/// The couriers this server delivers with: e-mail through the configured relay and KakaoTalk
/// through the configured provider, or, in development without them, into the development
/// outbox (`/dev/outbox`). In production without them messages wait in the outbox (and the start
/// says so).
pub fn couriers(config: &config::Config) -> anyhow_like::Result<services::messaging::worker::Couriers> {
    use app::domain::messaging::Channel;
    use services::messaging::courier;
    let couriers = services::messaging::worker::Couriers::default();
    let couriers = match (&config.alimtalk, config.mode) {
        (Some(nhn), _) => {
            couriers.with(Channel::Alimtalk, std::sync::Arc::new(courier::NhnAlimtalk::new(nhn.clone())?))
        }
        (None, config::RunMode::Development) => {
            couriers.with(Channel::Alimtalk, std::sync::Arc::new(courier::DevOutbox))
        }
        (None, config::RunMode::Production) => {
            tracing::warn!("UD_ALIMTALK_APPKEY is not set: KakaoTalk messages wait in the outbox until it is");
            couriers
        }
    };
    Ok(match (&config.smtp, config.mode) {
        (Some(smtp), _) => {
            couriers.with(Channel::Email, std::sync::Arc::new(courier::Smtp::new(&smtp.url, &smtp.from)?))
        }
        (None, config::RunMode::Development) => couriers.with(Channel::Email, std::sync::Arc::new(courier::DevOutbox)),
        (None, config::RunMode::Production) => {
            tracing::warn!("UD_SMTP_URL is not set: e-mail waits in the outbox until it is");
            couriers
        }
    })
}

/// The configured media store (a local directory or an S3-compatible bucket), checked to answer.
pub async fn media_store(config: &config::Config) -> anyhow_like::Result<MediaStore> {
    let media = match &config.media_s3 {
        Some(s3) => MediaStore::s3(s3)?,
        None => MediaStore::new(&config.media_dir),
    };
    media.check().await?;
    Ok(media)
}

/// A boxed error for start-up and the command line, where the message is all that matters.
pub mod anyhow_like {
    pub type Error = Box<dyn std::error::Error + Send + Sync>;
    pub type Result<T> = std::result::Result<T, Error>;
}
