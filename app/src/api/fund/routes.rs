//! Plain HTTP endpoints of the community fund, for what carries a file (multipart forms, the same
//! with and without JavaScript): submitting a claim with its receipt, attaching evidence to an
//! entry, posting a project's progress note with a photo; serving receipts to the few who may see
//! them and project photos to everyone; CSV downloads of the journal and the projects.
//!
//! A failed form goes back to its page with `<form>_error=<code>` and what was typed (all but the
//! file), so nothing typed is lost.

use crate::api::auth;
use crate::api::multipart::{self, MultipartForm};
use crate::api::plain::PlainRoutes;
use crate::api::state::AppState;
use crate::domain::geo::DongCode;
use crate::domain::ledger::NewClaim;
use crate::domain::receipt::{self, Receipt, ReceiptKind};
use crate::domain::text::csv_field;
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};
use crate::error::AppError;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use services::{fund, fund::claims};
use tower_sessions::Session;

/// One receipt plus the form's text fields.
pub const CLAIM_BODY_LIMIT: usize = receipt::MAX_BYTES + 64 * 1024;

/// The text fields of the claim form, echoed back after a failure.
const ECHOED: [&str; 7] = ["group", "payee", "payee_type", "purpose", "category", "amount", "project"];

pub fn routes() -> PlainRoutes {
    PlainRoutes::new()
        .post_up_to("/dongs/{code}/fund/claims", CLAIM_BODY_LIMIT, submit_form)
        .get("/media/fund-receipts/{id}", serve_receipt)
        .post_up_to("/fund/entries/{id}/evidence", CLAIM_BODY_LIMIT, evidence_form)
        .post_up_to("/fund/projects/{id}/updates", CLAIM_BODY_LIMIT, update_form)
        .get("/media/project-photos/{id}", serve_photo)
        .get("/dongs/{code}/fund/journal.csv", journal_csv)
        .get("/dongs/{code}/fund/projects.csv", projects_csv)
}

/// The claim form: a multipart form read by `api::multipart`, with the claim's fields parsed.
pub struct ClaimForm(pub MultipartForm);

impl ClaimForm {
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name)
    }

    /// The claim, parsed.
    pub fn claim(&self) -> Result<NewClaim, AppError> {
        Ok(NewClaim::parse(
            self.get("payee"),
            self.get("payee_type"),
            self.get("purpose"),
            self.get("category"),
            self.get("amount"),
            self.get("project"),
            self.get("key"),
        )?)
    }

    pub fn group(&self) -> Result<Option<i64>, AppError> {
        match self.get("group").trim() {
            "" => Ok(None),
            g => g.parse().map(Some).map_err(|_| AppError::input(Field::Group, InputRule::NotChosen)),
        }
    }

    /// The receipt, checked (none chosen is fine).
    pub fn upload(&self) -> Result<Option<claims::Upload>, AppError> {
        match &self.0.file {
            Some((bytes, name)) if !bytes.is_empty() => {
                Ok(Some(claims::Upload { receipt: Receipt::parse(bytes.clone())?, name: name.clone() }))
            }
            _ => Ok(None),
        }
    }
}

/// Reads a multipart claim form. A body over the limit is a `receipt` error.
pub async fn read_claim_form(form: Result<Multipart, MultipartRejection>) -> Result<ClaimForm, AppError> {
    multipart::read_or_invalid(form, Field::ReceiptFile).await.map(ClaimForm)
}

/// `POST /dongs/{code}/fund/claims`.
async fn submit_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
    session: Session,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let actor = auth::signed_in(&state.db, &session).await?;
    let dong = DongCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let form = read_claim_form(form).await;
    let result = async {
        let form = form.as_ref().map_err(Clone::clone)?;
        let claim = form.claim()?;
        let upload = form.upload()?;
        claims::submit(&state.db, &state.media, Some(&actor), &dong, form.group()?, claim, upload).await
    }
    .await;
    match result {
        Ok((id, created)) => {
            Ok(redirect(&format!("/fund/claims/{id}?{}", if created { "submitted=1" } else { "duplicate=1" })))
        }
        Err(e) => match e.refusal() {
            Some(code) => Ok(back_with_typed(
                &format!("/dongs/{}/fund/claims", dong.as_str()),
                "new-claim",
                ("claim_error", code.to_query()),
                form.as_ref().ok().map(|f| &f.0),
                &ECHOED,
            )),
            None => Err(e),
        },
    }
}

pub(crate) fn redirect(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// At most this many characters of a typed field go back in a redirect.
const ECHO_CHARS: usize = 500;

/// Back to the form's page after a failure: `error` (`<form>_error=<code>`) and what was typed
/// in `fields` (never the file), then `#anchor`.
fn back_with_typed(
    path: &str,
    anchor: &str,
    error: (&str, String),
    form: Option<&MultipartForm>,
    fields: &[&str],
) -> Response {
    let mut query = vec![(error.0.to_owned(), error.1)];
    if let Some(form) = form {
        // bounded: a field longer than any field may be was refused for its length anyway, and
        // a redirect's Location stays a few KiB whatever was typed (proxies refuse long ones)
        query.extend(fields.iter().map(|f| ((*f).to_owned(), form.get(f).chars().take(ECHO_CHARS).collect())));
    }
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    redirect(&format!("{path}?{query}#{anchor}"))
}

/// `POST /fund/entries/{id}/evidence`: staff attach a photo or PDF to an entry.
async fn evidence_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Session,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let actor = auth::signed_in(&state.db, &session).await?;
    let result = async {
        let upload = read_claim_form(form)
            .await?
            .upload()?
            .ok_or_else(|| AppError::input(Field::ReceiptFile, InputRule::NoFile))?;
        fund::attach_evidence(&state.db, &state.media, Some(&actor), id, upload).await
    }
    .await;
    match result {
        Ok(dong) => Ok(redirect(&format!("/dongs/{}/fund?evidence_added={id}#entry-{id}", dong.as_str()))),
        Err(AppError::Invalid { code, .. }) => {
            let dong = fund::dong_of_entry(&state.db, id).await?;
            Ok(redirect(&format!("/dongs/{}/fund?{}#entry-{id}", dong.as_str(), code.query_pair("evidence_error"))))
        }
        Err(e) => Err(e),
    }
}

/// `POST /fund/projects/{id}/updates`: a progress note, with a photo if one is chosen.
async fn update_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Session,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    use crate::domain::image::{CheckedImage, ImageAlt};
    let actor = auth::signed_in(&state.db, &session).await?;
    let form = multipart::read_or_invalid(form, Field::Photo).await;
    let result = async {
        let form = form.as_ref().map_err(Clone::clone)?;
        let photo = match form.file_bytes() {
            Some(bytes) => {
                let image = CheckedImage::parse(bytes.to_vec()).map_err(|r| r.on(Field::Photo))?;
                Some((image, ImageAlt::parse(form.get("alt"))?))
            }
            None => None,
        };
        fund::add_project_update(&state.db, &state.media, Some(&actor), id, form.get("note"), photo).await
    }
    .await;
    match result {
        Ok(_) => Ok(redirect(&format!("/fund/projects/{id}?update_added=1#updates-heading"))),
        Err(AppError::Invalid { code, .. }) => Ok(back_with_typed(
            &format!("/fund/projects/{id}"),
            "manage-project",
            ("update_error", code.to_query()),
            form.as_ref().ok(),
            &["note", "alt"],
        )),
        Err(e) => Err(e),
    }
}

/// `GET /media/project-photos/{id}`: public, like the project.
async fn serve_photo(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (kind, bytes) = fund::project_photo_file(&state.db, &state.media, id).await?;
    let disposition = format!("inline; filename=\"project-photo-{id}.{}\"", kind.extension());
    Ok(crate::api::edge::file_response(bytes, kind.mime(), &disposition, "public, max-age=3600"))
}

/// `GET /media/fund-receipts/{id}`: to the claim's author, the center's staff and the district's
/// expert; always a download, never a page.
async fn serve_receipt(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    session: Session,
) -> Result<Response, AppError> {
    let actor = auth::api_actor(&state.db, &headers, Some(&session)).await?.map(|(a, _)| a);
    let (kind, bytes) = claims::receipt_file(&state.db, &state.media, actor.as_ref(), id).await?;
    let disposition = match kind {
        // photos open in the browser (sandboxed); PDFs download
        ReceiptKind::Image(_) => format!("inline; filename=\"receipt-{id}.{}\"", kind.extension()),
        ReceiptKind::Pdf => format!("attachment; filename=\"receipt-{id}.pdf\""),
    };
    Ok(crate::api::edge::file_response(bytes, kind.mime(), &disposition, "private, no-store"))
}

fn csv_download(body: String, name: String) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// `GET /dongs/{code}/fund/journal.csv`: every entry, one row per line, oldest first.
async fn journal_csv(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, AppError> {
    let dong = DongCode::parse(&code)?;
    let entries = fund::all_entries(&state.db, &dong).await?;
    let mut out = String::from("entry,date,kind,description,project,payee_type,reverses,account,debit,credit\n");
    for e in &entries {
        for l in &e.lines {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{}\n",
                e.id,
                e.date,
                e.kind.as_str(),
                csv_field(&e.description),
                csv_field(e.project_title.as_deref().unwrap_or("")),
                e.payee_type.map_or("", |p| p.as_str()),
                e.reverses.map(|r| r.to_string()).unwrap_or_default(),
                l.account,
                l.debit,
                l.credit
            ));
        }
    }
    Ok(csv_download(out, format!("fund-{}-journal.csv", dong.as_str())))
}

/// `GET /dongs/{code}/fund/projects.csv`: budget against actual per project.
async fn projects_csv(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, AppError> {
    let dong = DongCode::parse(&code)?;
    let mut out = String::from("project,title,status,proposal,budget,spent,remaining\n");
    for p in fund::projects(&state.db, &dong).await? {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            p.id,
            csv_field(&p.title),
            p.status.as_str(),
            p.proposal_id.map(|p| p.to_string()).unwrap_or_default(),
            p.budget,
            p.spent,
            p.remaining
        ));
    }
    Ok(csv_download(out, format!("fund-{}-projects.csv", dong.as_str())))
}
