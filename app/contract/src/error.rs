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
    /// Bad input: `field` names the input on the wire and `code` the rule that refused it, which
    /// says it in every language. `message` is the code's English, for REST's `detail` and the
    /// logs; it never travels to a page (a page says the code in its reader's language), so a
    /// form's redirect without JavaScript carries the code, not text.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        #[serde(skip, default)]
        message: String,
        code: crate::error_code::ErrorCode,
    },
    #[error("sign-in required")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    /// Understood, and refused: what is asked cannot be done now (409).
    #[error("{0}")]
    Conflict(crate::error_code::ErrorCode),
    #[error("too many requests")]
    RateLimited,
    /// The request could not be read: arguments that do not decode, a missing one.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request's body is over the limit.
    #[error("request too large")]
    TooLarge,
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
            AppError::BadRequest(_) => S::BAD_REQUEST,
            AppError::TooLarge => S::PAYLOAD_TOO_LARGE,
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
            AppError::BadRequest(_) => "bad-request",
            AppError::TooLarge => "too-large",
            AppError::Internal | AppError::Transport(_) => "internal",
        }
    }
}

impl From<domain::ValidationError> for AppError {
    fn from(e: domain::ValidationError) -> Self {
        AppError::invalid_code(e.field.name(), e.into())
    }
}

impl From<domain::image::ImageRefusal> for AppError {
    fn from(r: domain::image::ImageRefusal) -> Self {
        domain::ValidationError::from(r).into()
    }
}

impl From<domain::authz::Denied> for AppError {
    fn from(d: domain::authz::Denied) -> Self {
        match d {
            domain::authz::Denied::SignInRequired => AppError::Unauthorized,
            domain::authz::Denied::NotAllowed => AppError::Forbidden,
        }
    }
}

impl AppError {
    /// The typed refusal this error carries, if it is one (invalid input or a conflict).
    pub fn refusal(&self) -> Option<&crate::error_code::ErrorCode> {
        match self {
            AppError::Invalid { code, .. } | AppError::Conflict(code) => Some(code),
            _ => None,
        }
    }

    /// An `Invalid` error: `field`'s value refused by `rule`.
    pub fn input(field: domain::Field, rule: domain::InputRule) -> Self {
        domain::ValidationError::new(field, rule).into()
    }

    /// An `Invalid` error for one input, refused by a typed rule: its message is the code's.
    pub fn invalid_code(field: &str, code: crate::error_code::ErrorCode) -> Self {
        AppError::Invalid { field: field.to_owned(), message: code.en(), code }
    }
}

impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    /// On the server, the errors server_fn raises before our code runs are the request's fault
    /// (arguments that do not decode, a missing one, a body over the limit): they answer 400 or
    /// 413, not the 500 server_fn gives every error. In the browser they are transport errors.
    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            use server_fn::error::ServerFnErrorErr as E;
            let refused = match &value {
                E::Args(m) | E::Deserialization(m) | E::Request(m) if m.contains("length limit exceeded") => {
                    Some(AppError::TooLarge)
                }
                E::Args(m) | E::Deserialization(m) => Some(AppError::BadRequest(bounded_text(m))),
                E::MissingArg(m) => Some(AppError::BadRequest(format!("missing argument {}", bounded_text(m)))),
                _ => None,
            };
            if let Some(e) = refused {
                return respond(e);
            }
        }
        AppError::Transport(value.to_string())
    }
}

/// Answers a failed server-function call from a script with the error's status (a plain HTML
/// form needs the redirect Leptos sets up, so its status stays; a page rendered on the server
/// sets its own).
#[cfg(feature = "ssr")]
pub fn respond(e: AppError) -> AppError {
    use leptos::prelude::use_context;
    let as_script_call = use_context::<http::request::Parts>()
        .is_some_and(|p| p.uri.path().starts_with("/sf/") && !wants_html(&p.headers));
    if as_script_call && let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(e.status());
    }
    e
}

/// Whether a request is a browser's asking for a page (`Accept` names `text/html`): a form posted
/// without JavaScript, a navigation. Scripts and API clients ask for JSON. The one place this is
/// decided.
pub fn wants_html(headers: &http::HeaderMap) -> bool {
    headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// At most 200 characters of a decoder's message (which may quote the input).
#[cfg(feature = "ssr")]
fn bounded_text(m: &str) -> String {
    m.chars().take(200).collect()
}

#[cfg(feature = "db")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        metrics::counter!("ud_db_errors_total").increment(1);
        AppError::Internal
    }
}

/// A write's result, with a unique-constraint violation answered as a conflict saying `why`: the
/// database refused a second of something there may be only one of.
#[cfg(feature = "db")]
pub fn conflict_if_duplicate<T>(
    r: Result<T, sea_orm::DbErr>,
    why: crate::error_code::ErrorCode,
) -> Result<T, AppError> {
    match r {
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            Err(AppError::Conflict(why))
        }
        r => Ok(r?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::input(domain::Field::Title, domain::InputRule::NotChosen).status(), 422);
        assert_eq!(AppError::Conflict(crate::error_code::ErrorCode::AlreadyBooked).status(), 409);
        assert_eq!(AppError::Internal.status(), 500);
        assert_eq!(AppError::BadRequest("x".into()).status(), 400);
        assert_eq!(AppError::TooLarge.status(), 413);
    }

    #[test]
    fn internal_errors_say_nothing_of_their_cause() {
        assert_eq!(AppError::Internal.to_string(), "internal error");
    }
}
