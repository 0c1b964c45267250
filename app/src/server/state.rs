//! The state every request handler and server function can reach.

use crate::domain::oauth::ProviderConfig;
use crate::error::AppError;
use crate::server::media::MediaStore;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared by axum handlers (as router state) and server functions (as Leptos context).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub site: SiteSettings,
    pub auth: AuthSettings,
    /// Uploaded images (files outside the database).
    pub media: MediaStore,
}

/// Settings the pages need to know about.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteSettings {
    /// Demo data is loaded: pages say so in a banner.
    pub demo: bool,
}

/// Sign-in settings.
#[derive(Clone)]
pub struct AuthSettings {
    /// Key for hashing counter sign-in codes (from `UD_SECRET`).
    pub key: Arc<[u8]>,
    pub providers: Arc<Vec<ProviderConfig>>,
    /// The site's public base URL, e.g. `https://uri-dongne.seoul.kr`: OAuth callbacks go there.
    pub public_url: String,
    /// For requests to OAuth providers (no redirects followed).
    pub http: reqwest::Client,
    /// Client addresses come from `X-Forwarded-For` (behind a trusted proxy only).
    pub trust_proxy: bool,
}

impl AuthSettings {
    pub fn new(secret: &str, providers: Vec<ProviderConfig>, public_url: String) -> Result<Self, reqwest::Error> {
        Ok(Self {
            key: Arc::from(secret.as_bytes()),
            providers: Arc::new(providers),
            public_url,
            http: crate::server::oauth::http_client()?,
            trust_proxy: false,
        })
    }

    pub fn provider(&self, id: &str) -> Option<&ProviderConfig> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The seal of secret ballots (keyed by `UD_SECRET`, like the counter codes).
    pub fn ballot_seal(&self) -> crate::server::crypto::BallotSeal {
        crate::server::crypto::BallotSeal::new(&self.key)
    }

    /// Cookies get `Secure` when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, from inside a server function or a component rendered on the server.
pub fn use_app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the Leptos context");
        AppError::Internal
    })
}
