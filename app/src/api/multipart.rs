//! The one reader of multipart forms (a file and text fields: receipts, evidence, photos, proposal
//! images), for the plain form routes and the REST upload. What it reads is bounded by the route's
//! body limit; a body over it is `Unreadable::TooLarge`, which each caller says as its file
//! field's error.

#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};
use crate::error::AppError;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use std::collections::HashMap;

/// A multipart form as sent: its text fields and, if one was chosen, the file's bytes and name.
#[derive(Debug, Default)]
pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub file: Option<(Vec<u8>, String)>,
}

impl MultipartForm {
    /// A text field as typed; empty when absent (or not text).
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// The file's bytes, if one was chosen and is not empty.
    pub fn file_bytes(&self) -> Option<&[u8]> {
        self.file.as_ref().map(|(bytes, _)| bytes.as_slice()).filter(|b| !b.is_empty())
    }
}

/// Why a form could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Over the route's body limit.
    TooLarge,
    /// Not multipart, or broken framing.
    NotAForm,
}

impl Unreadable {
    /// As an invalid-input error: of the file field for a body too large, of the form otherwise.
    pub fn error(self, file_field: Field) -> AppError {
        match self {
            Unreadable::TooLarge => crate::domain::image::ImageRefusal::TooLarge.on(file_field).into(),
            Unreadable::NotAForm => AppError::input(Field::Form, InputRule::NotAForm),
        }
    }
}

/// Reads a multipart form whose file is the field `file_field` (the last one sent, if several).
/// Text fields that are not UTF-8 are left out.
pub async fn read(form: Result<Multipart, MultipartRejection>, file_field: &str) -> Result<MultipartForm, Unreadable> {
    let why = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE { Unreadable::TooLarge } else { Unreadable::NotAForm }
    };
    let mut form = form.map_err(|r| why(r.status()))?;
    let mut out = MultipartForm::default();
    while let Some(field) = form.next_field().await.map_err(|e| why(e.status()))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|e| why(e.status()))?;
            out.file = Some((bytes.to_vec(), file_name));
        } else if let Ok(text) = field.text().await {
            out.fields.insert(name, text);
        }
    }
    Ok(out)
}

/// [`read`], refusing an unreadable form as invalid input (see [`Unreadable::error`]).
pub async fn read_or_invalid(
    form: Result<Multipart, MultipartRejection>,
    file_field: Field,
) -> Result<MultipartForm, AppError> {
    read(form, file_field.name()).await.map_err(|u| u.error(file_field))
}
