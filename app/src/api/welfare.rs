//! Server functions for welfare referrals: the dong's sections and their in-charge officials;
//! referring a household and asking how a referral stands (anyone); the welfare team's queue,
//! cases, log and visiting lists; the district supervisor's oversight; the published figures.
//! Case data goes only through these session-bound functions, never through REST tokens.

// A server function takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use crate::domain::welfare::PublicStatus;
use crate::dto::welfare::{CaseDetail, CaseQueue, DistrictOversight, ReferralReceipt, SectionsAdmin, WelfareFigures};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::participation::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::authz::Actor;
#[cfg(feature = "ssr")]
use crate::domain::geo::{DistrictCode, DongCode};
#[cfg(feature = "ssr")]
use crate::server::services::welfare::{cases, figures, referrals, sections};
#[cfg(feature = "ssr")]
use crate::server::{auth, state::AppState, state::use_app_state};

/// Runs `f` with the app state and the signed-in actor (if any).
#[cfg(feature = "ssr")]
async fn with_state<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(AppState, Option<Actor>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    async {
        let state = use_app_state()?;
        let actor = auth::actor().await?;
        f(state, actor).await
    }
    .await
    .map_err(crate::error::respond)
}

/// A case number from a form.
#[cfg(feature = "ssr")]
fn case_id(s: &str) -> Result<i64, AppError> {
    s.trim().parse::<i64>().map_err(|_| AppError::NotFound)
}

// ---- sections ---------------------------------------------------------------------------------

#[server(prefix = "/sf", endpoint = "welfare/sections")]
pub async fn load_sections(dong: String) -> Result<SectionsAdmin, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        sections::admin(&db, actor.as_ref(), &dong).await
    })
    .await
}

/// Adds a section (`id` empty) or changes one.
#[server(prefix = "/sf", endpoint = "welfare/sections/save")]
pub async fn save_section(
    dong: String,
    id: Option<String>,
    name: String,
    covers: Option<String>,
    official: Option<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let id = match id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::NotFound)?),
        };
        let input = sections::SectionInput::parse(
            &name,
            covers.as_deref().unwrap_or_default(),
            official.as_deref().unwrap_or_default(),
        )?;
        sections::save(&db, actor.as_ref(), &dong, id, input).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/sections/remove")]
pub async fn remove_section(dong: String, id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        super::confirmed(&confirm)?;
        sections::remove(&db, actor.as_ref(), &dong, id).await
    })
    .await
}

// ---- referring and the receipt's status ---------------------------------------------------------

/// Refers a household. Without `channel`, from the web (anyone); with `counter` or `phone`, taken
/// by the center's staff or team for someone. The receipt number is returned for the enhanced
/// form and kept in the session until the page has shown it once (for the plain form).
#[server(prefix = "/sf", endpoint = "welfare/refer")]
pub async fn refer(
    dong: String,
    needs: Option<Vec<String>>,
    urgency: Option<String>,
    place: String,
    note: Option<String>,
    contact: Option<String>,
    may_contact: Option<String>,
    channel: Option<String>,
) -> Result<ReferralReceipt, AppError> {
    with_state(|state, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let needs = needs.unwrap_or_default();
        let referral = crate::domain::welfare::Referral::parse(
            needs.iter().map(String::as_str),
            urgency.as_deref().unwrap_or_default(),
            &place,
            note.as_deref().unwrap_or_default(),
            contact.as_deref().unwrap_or_default(),
            super::ticked(&may_contact),
        )?;
        let channel = match channel.as_deref().map(str::trim) {
            None | Some("") | Some("web") => referrals::Channel::Web,
            Some(c) => referrals::Channel::parse(c)?,
        };
        let (_, receipt) = referrals::submit(
            &state.db,
            &state.welfare,
            &state.auth.key,
            actor.as_ref(),
            channel,
            &dong,
            referral,
            auth::client_addr(),
        )
        .await?;
        let shown = ReferralReceipt { receipt: receipt.to_string() };
        let session = auth::session().await?;
        auth::put_sealed(&session, &state.auth.session_seal(), auth::REFERRAL_RECEIPT_KEY, &shown).await?;
        Ok(shown)
    })
    .await
}

/// The receipt of the referral just sent from this browser, once.
#[server(prefix = "/sf", endpoint = "welfare/receipt")]
pub async fn take_receipt() -> Result<Option<ReferralReceipt>, AppError> {
    with_state(|state, _| async move {
        let session = auth::session().await?;
        auth::get_sealed(&session, &state.auth.session_seal(), auth::REFERRAL_RECEIPT_KEY, true).await
    })
    .await
}

/// A receipt number's answer: the number as typed back, and the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusAnswer {
    pub receipt: String,
    pub status: PublicStatus,
}

/// How a referral stands, by its receipt number: received, being looked into, or closed.
#[server(prefix = "/sf", endpoint = "welfare/status")]
pub async fn referral_status(receipt: String) -> Result<StatusAnswer, AppError> {
    with_state(|state, _| async move {
        let status = referrals::status(&state.db, &state.auth.key, &receipt, auth::client_addr()).await?;
        let shown = crate::domain::welfare::ReceiptNumber::parse(&receipt).map(|r| r.to_string()).unwrap_or_default();
        let answer = StatusAnswer { receipt: shown, status };
        let session = auth::session().await?;
        auth::put_sealed(&session, &state.auth.session_seal(), auth::REFERRAL_STATUS_KEY, &answer).await?;
        Ok(answer)
    })
    .await
}

/// The status asked for last from this browser, once.
#[server(prefix = "/sf", endpoint = "welfare/status/last")]
pub async fn take_status() -> Result<Option<StatusAnswer>, AppError> {
    with_state(|state, _| async move {
        let session = auth::session().await?;
        auth::get_sealed(&session, &state.auth.session_seal(), auth::REFERRAL_STATUS_KEY, true).await
    })
    .await
}

/// The dong's published figures (public).
#[server(prefix = "/sf", endpoint = "welfare/figures")]
pub async fn load_figures(dong: String) -> Result<WelfareFigures, AppError> {
    with_actor(|db, _| async move { figures::of_dong(&db, &DongCode::parse(&dong)?).await }).await
}

// ---- the team's case work -----------------------------------------------------------------------

/// The dong's queue; `page` pages the households due a visit (1 when absent).
#[server(prefix = "/sf", endpoint = "welfare/queue")]
pub async fn load_queue(dong: String, page: Option<u64>) -> Result<CaseQueue, AppError> {
    with_state(|state, actor| async move {
        let dong = DongCode::parse(&dong)?;
        cases::queue(&state.db, &state.welfare, actor.as_ref(), &dong, page.unwrap_or(1)).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/case")]
pub async fn load_case(id: String) -> Result<CaseDetail, AppError> {
    with_state(
        |state, actor| async move { cases::detail(&state.db, &state.welfare, actor.as_ref(), case_id(&id)?).await },
    )
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/case/assign")]
pub async fn assign_case(id: String, official: String) -> Result<(), AppError> {
    with_state(|state, actor| async move {
        let official = official
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid("official", "choose an officer or nurse of the dong's welfare team"))?;
        cases::assign(&state.db, actor.as_ref(), case_id(&id)?, official).await
    })
    .await
}

/// Records a contact attempt or a visit (`kind`), or a linked service (`kind` = `service`).
#[server(prefix = "/sf", endpoint = "welfare/case/record")]
pub async fn record_case(
    id: String,
    kind: String,
    service: Option<String>,
    on_date: String,
    official: Option<String>,
    findings: Option<String>,
) -> Result<i64, AppError> {
    with_state(|state, actor| async move {
        let today = crate::domain::ledger::EntryDate::parse(&crate::server::services::time_fmt::seoul_date(
            chrono::Utc::now(),
        ))?;
        let entry = cases::Entry::parse(
            &kind,
            service.as_deref().unwrap_or_default(),
            &on_date,
            official.as_deref().unwrap_or_default(),
            findings.as_deref().unwrap_or_default(),
            today,
        )?;
        cases::record(&state.db, &state.welfare, actor.as_ref(), case_id(&id)?, entry).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/case/close")]
pub async fn close_case(id: String, reason: Option<String>, confirm: Option<String>) -> Result<(), AppError> {
    with_state(|state, actor| async move {
        let reason = crate::domain::welfare::CloseReason::parse(reason.as_deref().unwrap_or_default())?;
        super::confirmed(&confirm)?;
        cases::close(&state.db, actor.as_ref(), case_id(&id)?, reason).await
    })
    .await
}

/// What a visiting list's form may weigh: 2,000 households (`IMPORT_MAX_ROWS`) of addresses at
/// their longest (200 characters of Hangul, 9 bytes each once form-encoded), where every other
/// form may weigh 64 KiB (the server applies it to this one route).
pub const VISIT_LIST_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Imports a visiting list (CSV text pasted into the form). Returns how many households.
#[server(prefix = "/sf", endpoint = "welfare/visits/import")]
pub async fn import_visits(dong: String, list: String) -> Result<usize, AppError> {
    with_state(|state, actor| async move {
        cases::import_visits(&state.db, &state.welfare, actor.as_ref(), &DongCode::parse(&dong)?, &list).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/oversight")]
pub async fn load_oversight(district: String) -> Result<DistrictOversight, AppError> {
    with_state(|state, actor| async move {
        cases::oversight(&state.db, &state.welfare, actor.as_ref(), &DistrictCode::parse(&district)?).await
    })
    .await
}
