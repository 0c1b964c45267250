//! The state every request handler and server function can reach.

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

/// Shared by axum handlers (as router state) and server functions (as Leptos context).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub site: SiteSettings,
}

/// Settings the pages need to know about.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteSettings {
    /// Demo data is loaded: pages say so in a banner.
    pub demo: bool,
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
