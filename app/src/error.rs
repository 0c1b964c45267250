//! The one error type of the application. Services return it, server functions carry it to the
//! browser, REST handlers render it as `application/problem+json` (RFC 9457).
//!
//! `Internal` is opaque on purpose: the cause is logged where it happens (see the `From` impls),
//! never sent to the client.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Bad input. `field` names the input, `message` says what is wrong with it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("sign-in required")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("{0}")]
    Conflict(String),
    #[error("too many requests")]
    RateLimited,
    #[error("internal error")]
    Internal,
    /// The request never reached our code, or its answer could not be read (network, encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::NotFound => S::NOT_FOUND,
            AppError::Invalid { .. } => S::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::Conflict(_) => S::CONFLICT,
            AppError::RateLimited => S::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable slug, used as the problem `type` suffix.
    pub fn slug(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Invalid { .. } => "invalid-input",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Conflict(_) => "conflict",
            AppError::RateLimited => "rate-limited",
            AppError::Internal | AppError::Transport(_) => "internal",
        }
    }
}

impl From<crate::domain::ValidationError> for AppError {
    fn from(e: crate::domain::ValidationError) -> Self {
        AppError::Invalid { field: e.field.to_owned(), message: e.reason }
    }
}

impl From<crate::domain::image::ImageRefusal> for AppError {
    fn from(r: crate::domain::image::ImageRefusal) -> Self {
        crate::domain::ValidationError::from(r).into()
    }
}

impl From<crate::domain::authz::Denied> for AppError {
    fn from(d: crate::domain::authz::Denied) -> Self {
        match d {
            crate::domain::authz::Denied::SignInRequired => AppError::Unauthorized,
            crate::domain::authz::Denied::NotAllowed => AppError::Forbidden,
        }
    }
}

impl AppError {
    /// An `Invalid` error for one input.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.to_owned(), message: message.into() }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Invalid { field: "x".into(), message: "y".into() }.status(), 422);
        assert_eq!(AppError::Conflict("taken".into()).status(), 409);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn internal_errors_say_nothing_of_their_cause() {
        assert_eq!(AppError::Internal.to_string(), "internal error");
    }
}
