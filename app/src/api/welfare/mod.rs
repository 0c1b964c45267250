//! Server functions for welfare referrals: the dong's sections and their in-charge officials;
//! referring a household and asking how a referral stands (anyone); the welfare team's queue,
//! cases, log and visiting lists; the district supervisor's oversight; the published figures.
//! Case data goes only through these session-bound functions, never through REST tokens.
#![allow(clippy::too_many_arguments)]

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;

// A server function takes one argument per form field.

use crate::domain::welfare::PublicStatus;
use crate::dto::welfare::{CaseDetail, CaseQueue, DistrictOversight, ReferralReceipt, SectionsAdmin, WelfareFigures};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::auth;
#[cfg(feature = "ssr")]
use crate::api::edge::{with_actor, with_state, with_state_and_actor};
#[cfg(feature = "ssr")]
use crate::domain::geo::{DistrictCode, DongCode};
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};
#[cfg(feature = "ssr")]
use services::welfare::{cases, figures, referrals, sections};

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
        crate::api::confirmed(&confirm)?;
        sections::remove(&db, actor.as_ref(), &dong, id).await
    })
    .await
}

// ---- referring and the receipt's status ---------------------------------------------------------

/// Refers a household. Without `channel`, from the web (anyone); with `counter` or `phone`, taken
/// by the center's staff or team for someone. The receipt number is returned for the enhanced
/// form and kept, sealed, in a short-lived cookie until the page has shown it once (for the plain
/// form).
///
/// From the web, neither the session nor a token is read or written: a signed-in referrer's
/// `sessions` row (which names them) is not touched, so nothing in it — a key, its expiry — ties
/// them to the referral or dates it.
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
    with_state(|state| async move {
        let dong = DongCode::parse(&dong)?;
        let needs = needs.unwrap_or_default();
        let referral = crate::domain::welfare::Referral::parse(
            needs.iter().map(String::as_str),
            urgency.as_deref().unwrap_or_default(),
            &place,
            note.as_deref().unwrap_or_default(),
            contact.as_deref().unwrap_or_default(),
            crate::api::ticked(&may_contact),
        )?;
        let channel = match channel.as_deref().map(str::trim) {
            None | Some("") | Some("web") => referrals::Channel::Web,
            Some(c) => referrals::Channel::parse(c)?,
        };
        // only a referral taken at the counter or on the phone needs to know who took it
        let actor = match channel {
            referrals::Channel::Web => None,
            referrals::Channel::Counter | referrals::Channel::Phone => auth::actor().await?,
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
        once::put(&state, auth::REFERRAL_RECEIPT_KEY, &shown)?;
        Ok::<_, AppError>(shown)
    })
    .await
}

/// The receipt of the referral just sent from this browser, once.
#[server(prefix = "/sf", endpoint = "welfare/receipt")]
pub async fn take_receipt() -> Result<Option<ReferralReceipt>, AppError> {
    with_state(|state| async move { once::take(&state, auth::REFERRAL_RECEIPT_KEY) }).await
}

/// A receipt number's answer: the number as typed back, and the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusAnswer {
    pub receipt: String,
    pub status: PublicStatus,
}

/// How a referral stands, by its receipt number: received, being looked into, or closed. Like
/// referring, it reads and writes nothing of the session: the answer waits in a sealed cookie.
#[server(prefix = "/sf", endpoint = "welfare/status")]
pub async fn referral_status(receipt: String) -> Result<StatusAnswer, AppError> {
    with_state(|state| async move {
        let status = referrals::status(&state.db, &state.auth.key, &receipt, auth::client_addr()).await?;
        let shown = crate::domain::welfare::ReceiptNumber::parse(&receipt).map(|r| r.to_string()).unwrap_or_default();
        let answer = StatusAnswer { receipt: shown, status };
        once::put(&state, auth::REFERRAL_STATUS_KEY, &answer)?;
        Ok::<_, AppError>(answer)
    })
    .await
}

/// The status asked for last from this browser, once.
#[server(prefix = "/sf", endpoint = "welfare/status/last")]
pub async fn take_status() -> Result<Option<StatusAnswer>, AppError> {
    with_state(|state| async move { once::take(&state, auth::REFERRAL_STATUS_KEY) }).await
}

/// What a referral's answer waits in until its page has shown it: a cookie of its own, sealed
/// (`crypto::SessionSeal`, bound to the cookie's name), HttpOnly, gone after ten minutes or once
/// read. Never the session: the `sessions` row names its person.
#[cfg(feature = "ssr")]
mod once {
    use crate::api::state::AppState;
    use crate::error::AppError;
    use http::HeaderValue;
    use http::header::{COOKIE, SET_COOKIE};

    /// How long an answer waits for its page.
    const MAX_AGE_SECS: u32 = 600;

    fn set_cookie(state: &AppState, value: String) {
        let secure = if state.auth.secure_cookies() { "; Secure" } else { "" };
        let Ok(v) = HeaderValue::from_str(&format!("{value}; Path=/; HttpOnly; SameSite=Lax{secure}")) else {
            tracing::error!("a referral cookie is not a header value");
            return;
        };
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.append_header(SET_COOKIE, v);
        }
    }

    pub(super) fn put<T: serde::Serialize>(state: &AppState, name: &str, value: &T) -> Result<(), AppError> {
        let json = serde_json::to_string(value).map_err(|e| {
            tracing::error!(error = %e, name, "cannot serialise a referral answer");
            AppError::Internal
        })?;
        let sealed = state.auth.session_seal().seal(name, &json)?;
        set_cookie(state, format!("{name}={sealed}; Max-Age={MAX_AGE_SECS}"));
        Ok(())
    }

    /// The value `put` left in this browser, if any; the cookie is removed.
    pub(super) fn take<T: serde::de::DeserializeOwned>(state: &AppState, name: &str) -> Result<Option<T>, AppError> {
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        let sealed = parts.as_ref().and_then(|p| {
            p.headers
                .get_all(COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|c| c.trim().split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_owned())
        });
        let Some(sealed) = sealed else { return Ok(None) };
        set_cookie(state, format!("{name}=; Max-Age=0"));
        Ok(state.auth.session_seal().open(name, &sealed)?.and_then(|json| serde_json::from_str(&json).ok()))
    }
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
    with_state_and_actor(|state, actor| async move {
        let dong = DongCode::parse(&dong)?;
        cases::queue(&state.db, &state.welfare, actor.as_ref(), &dong, page.unwrap_or(1)).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/case")]
pub async fn load_case(id: String) -> Result<CaseDetail, AppError> {
    with_state_and_actor(|state, actor| async move {
        cases::detail(&state.db, &state.welfare, actor.as_ref(), case_id(&id)?).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/case/assign")]
pub async fn assign_case(id: String, official: String) -> Result<(), AppError> {
    with_state_and_actor(|state, actor| async move {
        let official =
            official.trim().parse::<i64>().map_err(|_| AppError::input(Field::Official, InputRule::NotChosen))?;
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
    with_state_and_actor(|state, actor| async move {
        let today = crate::domain::ledger::EntryDate::parse(&services::time_fmt::seoul_date(chrono::Utc::now()))?;
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
    with_state_and_actor(|state, actor| async move {
        let reason = crate::domain::welfare::CloseReason::parse(reason.as_deref().unwrap_or_default())?;
        crate::api::confirmed(&confirm)?;
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
    with_state_and_actor(|state, actor| async move {
        cases::import_visits(&state.db, &state.welfare, actor.as_ref(), &DongCode::parse(&dong)?, &list).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/oversight")]
pub async fn load_oversight(district: String) -> Result<DistrictOversight, AppError> {
    with_state_and_actor(|state, actor| async move {
        cases::oversight(&state.db, &state.welfare, actor.as_ref(), &DistrictCode::parse(&district)?).await
    })
    .await
}

/// A page of the welfare audit scope: a dong's (`dong`, for its team and the district's
/// supervisor) or a district's (`district`, for its supervisor). Never in the general audit log.
#[server(prefix = "/sf", endpoint = "welfare/audit")]
pub async fn load_welfare_log(
    dong: Option<String>,
    district: Option<String>,
    page: Option<u64>,
) -> Result<crate::dto::AuditPage, AppError> {
    with_state_and_actor(|state, actor| async move {
        use services::audit::{self, WelfareLog};
        let place = match (dong.as_deref().map(str::trim), district.as_deref().map(str::trim)) {
            (Some(d), _) if !d.is_empty() => WelfareLog::Dong(DongCode::parse(d)?),
            (_, Some(d)) if !d.is_empty() => WelfareLog::District(DistrictCode::parse(d)?),
            _ => return Err(AppError::input(Field::Dong, InputRule::NotChosen)),
        };
        audit::welfare_list(&state.db, actor.as_ref(), &place, page.unwrap_or(1)).await
    })
    .await
}
