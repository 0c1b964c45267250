//! `AppError` as an HTTP response: `application/problem+json` (RFC 9457).

use crate::error::AppError;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// Base of the problem `type` URIs; each error kind has its own slug under it.
pub const PROBLEM_TYPE_BASE: &str = "/api/v1/problems/";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Problem {
    /// URI reference identifying the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Explanation specific to this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The input field at fault, for validation problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why a conflict (409) was refused, as a stable code (`already_booked`, `weekly_limit`, …);
    /// the `type` ends with it too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl From<&AppError> for Problem {
    fn from(e: &AppError) -> Self {
        let status = e.status();
        let (detail, field) = match e {
            AppError::Invalid { field, message, .. } => (Some(message.clone()), Some(field.clone())),
            AppError::Conflict(c) => (Some(c.en()), None),
            _ => (None, None),
        };
        let code = match e {
            AppError::Conflict(c) | AppError::Invalid { code: c, .. } => Some(c.code()),
            _ => None,
        };
        Problem {
            kind: match (e, code) {
                (AppError::Conflict(_), Some(code)) => format!("{PROBLEM_TYPE_BASE}{}/{code}", e.slug()),
                _ => format!("{PROBLEM_TYPE_BASE}{}", e.slug()),
            },
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            field,
            code: code.map(str::to_owned),
        }
    }
}

impl Problem {
    /// The problem for a refusal that is not an `AppError`: one of the server's layers or one of
    /// axum's extractors said no (`detail` is what it said).
    pub fn for_status(status: http::StatusCode, detail: Option<String>) -> Self {
        use http::StatusCode as S;
        let slug = match status {
            S::BAD_REQUEST => "bad-request",
            S::UNAUTHORIZED => "unauthorized",
            S::FORBIDDEN => "forbidden",
            S::NOT_FOUND => "not-found",
            S::METHOD_NOT_ALLOWED => "method-not-allowed",
            S::REQUEST_TIMEOUT => "timeout",
            S::CONFLICT => "conflict",
            S::PAYLOAD_TOO_LARGE => "too-large",
            S::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
            S::UNPROCESSABLE_ENTITY => "invalid-input",
            S::TOO_MANY_REQUESTS => "rate-limited",
            S::SERVICE_UNAVAILABLE => "unavailable",
            s if s.is_server_error() => "internal",
            _ => "error",
        };
        Problem {
            kind: format!("{PROBLEM_TYPE_BASE}{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            // a server error's text could name internals: never sent
            detail: detail.filter(|_| !status.is_server_error()),
            field: None,
            code: None,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = http::StatusCode::from_u16(self.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(self)).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        res
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let problem = Problem::from(&self);
        let mut res = (self.status(), Json(problem)).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        res
    }
}
