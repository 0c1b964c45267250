//! The plain HTTP routes (uploads, files, feeds, sign-in redirects, preferences) as a list that
//! can be read: each feature's `routes()` registers its routes on a [`PlainRoutes`], which records
//! the method and path of every one beside the axum router it builds. An axum `Router` cannot
//! list its routes; this list is what the tests enumerate (the authorization matrix wants a row
//! or a stated exemption for each, the malformed-input test sends each its bad values), so a new
//! plain route cannot be missed by them.
//!
//! `api::plain_routes()` gathers every feature's routes; the server merges its router.

use crate::api::state::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};

/// One plain route: its method and its path as the router has it (`{name}` for a parameter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainRoute {
    pub method: Method,
    pub path: &'static str,
}

impl std::fmt::Display for PlainRoute {
    /// `METHOD /path`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Plain routes being registered: the list of what was registered, and the router serving it.
#[must_use]
pub struct PlainRoutes {
    listed: Vec<PlainRoute>,
    router: axum::Router<AppState>,
}

impl Default for PlainRoutes {
    fn default() -> Self {
        Self::new()
    }
}

impl PlainRoutes {
    pub fn new() -> Self {
        Self { listed: Vec::new(), router: axum::Router::new() }
    }

    /// `GET path` (axum answers `HEAD` with it too).
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, get(handler))
    }

    /// `POST path`, whose body is read up to the server's usual limit for a form.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, post(handler))
    }

    /// `POST path`, whose body may be up to `limit` bytes (an upload form): the route's own
    /// `DefaultBodyLimit`, in place of the server's limit for forms.
    pub fn post_up_to<H, T>(self, path: &'static str, limit: usize, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, post(handler).layer(axum::extract::DefaultBodyLimit::max(limit)))
    }

    /// Another feature's routes beside these.
    pub fn merge(mut self, other: PlainRoutes) -> Self {
        self.listed.extend(other.listed);
        self.router = self.router.merge(other.router);
        self
    }

    /// Every route registered, in the order registered.
    pub fn routes(&self) -> &[PlainRoute] {
        &self.listed
    }

    /// The router serving them.
    pub fn into_router(self) -> axum::Router<AppState> {
        self.router
    }

    // axum merges two `route` calls on one path with different methods into one method router
    // (and panics on the same method twice), as registering them here does.
    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        self.listed.push(PlainRoute { method, path });
        self.router = self.router.route(path, route);
        self
    }
}
