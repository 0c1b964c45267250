//! The state every request handler and server function can reach.

use crate::domain::oauth::ProviderConfig;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use services::DatabaseConnection;
use services::storage::MediaStore;
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
    /// What one request may cost (the server's layers apply them).
    pub limits: RequestLimits,
    /// What operators reach (metrics).
    pub ops: OpsSettings,
    /// The welfare team's case fields: their keys and how long closed cases keep them.
    pub welfare: services::welfare::WelfareSettings,
    /// Off-site messages: the keys of addresses and links, the public URL, whether e-mail leaves.
    pub messaging: services::messaging::MessagingSettings,
}

/// Settings of the operators' endpoints.
#[derive(Clone, Default)]
pub struct OpsSettings {
    /// `UD_METRICS_TOKEN`: the bearer token `/metrics` asks for; `None`: no `/metrics`.
    pub metrics_token: Option<String>,
}

/// What one request may cost, and how long the server waits for the last ones at shutdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    /// From the request's headers to its answer's headers (`UD_REQUEST_TIMEOUT_SECS`): past it,
    /// 408.
    pub request_timeout: std::time::Duration,
    /// For a request's headers to arrive (`UD_HEADER_TIMEOUT_SECS`): past it, the connection is
    /// closed.
    pub header_timeout: std::time::Duration,
    /// Requests answered at once (`UD_MAX_IN_FLIGHT`); more are refused at once with 503 and
    /// `Retry-After`, not queued.
    pub max_in_flight: usize,
    /// How long a shutdown waits for requests in flight (`UD_SHUTDOWN_DEADLINE_SECS`).
    pub shutdown_deadline: std::time::Duration,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            request_timeout: std::time::Duration::from_secs(30),
            header_timeout: std::time::Duration::from_secs(10),
            max_in_flight: 512,
            shutdown_deadline: std::time::Duration::from_secs(20),
        }
    }
}

/// Settings the pages need to know about.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteSettings {
    /// Demo data is loaded: pages say so in a banner.
    pub demo: bool,
    /// Development mode: `/dev/outbox` shows the messages (production answers 404).
    pub development: bool,
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
    /// The proxies whose `X-Forwarded-For` entries name the client (none by default).
    pub trusted_proxies: crate::domain::net::TrustedProxies,
}

impl AuthSettings {
    pub fn new(secret: &str, providers: Vec<ProviderConfig>, public_url: String) -> Result<Self, reqwest::Error> {
        Ok(Self {
            key: Arc::from(secret.as_bytes()),
            providers: Arc::new(providers),
            public_url,
            http: services::oauth_provider::http_client()?,
            trusted_proxies: Default::default(),
        })
    }

    pub fn provider(&self, id: &str) -> Option<&ProviderConfig> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The seal of secret ballots (keyed by `UD_SECRET`, like the counter codes).
    pub fn ballot_seal(&self) -> services::crypto::BallotSeal {
        services::crypto::BallotSeal::new(&self.key)
    }

    /// The seal of secrets a session holds for a while (issued codes, a new token).
    pub fn session_seal(&self) -> services::crypto::SessionSeal {
        services::crypto::SessionSeal::new(&self.key)
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
