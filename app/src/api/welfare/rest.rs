//! `/api/v1` for welfare referrals: referring a household (no token is read: like a signed-in
//! referrer on the web, the referrer is not recorded, and nothing of theirs is touched) and each dong's published figures. Case data is
//! never served here: the welfare team works cases in its signed-in pages only.

use crate::api::auth::ClientAddr;
use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::domain::welfare::{Need, Referral, Urgency};
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};
use crate::dto::welfare::{ReferralReceipt, WelfareFigures};
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;
use services::welfare::{figures, referrals};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(refer)).routes(routes!(get_figures))
}

/// Something a neighbour noticed (`domain::welfare::Need`).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NeedName {
    Isolation,
    OlderAlone,
    NewbornFamily,
    UnpaidBills,
    Food,
    Health,
    Housing,
    Other,
}

impl NeedName {
    fn need(self) -> Need {
        match self {
            NeedName::Isolation => Need::Isolation,
            NeedName::OlderAlone => Need::OlderAlone,
            NeedName::NewbornFamily => Need::NewbornFamily,
            NeedName::UnpaidBills => Need::UnpaidBills,
            NeedName::Food => Need::Food,
            NeedName::Health => Need::Health,
            NeedName::Housing => Need::Housing,
            NeedName::Other => Need::Other,
        }
    }
}

/// How urgent it is (`domain::welfare::Urgency`): `urgent` means someone may be in danger now
/// (call 119 or 112 too).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UrgencyName {
    Urgent,
    Soon,
    Whenever,
}

impl UrgencyName {
    fn as_str(self) -> &'static str {
        match self {
            UrgencyName::Urgent => Urgency::Urgent.as_str(),
            UrgencyName::Soon => Urgency::Soon.as_str(),
            UrgencyName::Whenever => Urgency::Whenever.as_str(),
        }
    }
}

/// A referral: a household in the dong that may need help.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReferralBody {
    /// What you noticed: one or more.
    #[schema(min_items = 1, max_items = 8)]
    needs: Vec<NeedName>,
    urgency: UrgencyName,
    /// Where the household is: an address or a landmark within the dong, 2–200 characters of
    /// one line.
    #[schema(min_length = 2, max_length = 200)]
    place: String,
    /// What you noticed, in your words (up to 2,000 characters).
    #[schema(max_length = 2000)]
    note: Option<String>,
    /// Your own phone number or e-mail address, if the team may ask you more (up to 100).
    #[schema(max_length = 100)]
    contact: Option<String>,
    /// Whether the team may contact you (only with a contact).
    may_contact: Option<bool>,
}

/// Refer a household
///
/// Tells the dong's welfare team about a household that may need help. Anyone may refer; no token
/// is needed, and one sent is ignored (neither checked nor marked used): who referred is not
/// recorded anywhere. The answer's receipt number is the only way to
/// ask later how the referral stands (on the site, `/welfare/status`), and it tells only whether
/// the referral was received, is being looked into, or is closed. Limited to 30 in 10 minutes
/// per client address.
#[utoipa::path(
    post,
    path = "/api/v1/dongs/{code}/welfare/referrals",
    tag = "welfare",
    params(("code" = String, Path, description = "10-digit dong code")),
    request_body = ReferralBody,
    responses(
        (status = 201, description = "Received: keep the receipt number", body = ReferralReceipt),
        (status = 404, description = "No such dong, or a retired one", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid referral", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many referrals from this address: wait a few minutes", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn refer(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    Path(code): Path<String>,
    Json(body): Json<ReferralBody>,
) -> Result<(StatusCode, Json<ReferralReceipt>), AppError> {
    // Neither a token nor the session is read: a referral is anonymous, and reading them would
    // date it (a token's `last_used_at`, a session's `expires_at`) for a reader of the tables.
    let dong = crate::api::rest::dong_in_path(&code)?;
    if body.needs.len() > Need::ALL.len() {
        return Err(AppError::input(Field::Needs, InputRule::AtMost { max: Need::ALL.len() as u32 }));
    }
    let referral = Referral::parse(
        body.needs.iter().map(|n| n.need().as_str()),
        body.urgency.as_str(),
        &body.place,
        body.note.as_deref().unwrap_or_default(),
        body.contact.as_deref().unwrap_or_default(),
        body.may_contact.unwrap_or(false),
    )?;
    let (_, receipt) = referrals::submit(
        &state.db,
        &state.welfare,
        &state.auth.key,
        None,
        referrals::Channel::Web,
        &dong,
        referral,
        client.map(|Extension(c)| c.0),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ReferralReceipt { receipt: receipt.to_string() })))
}

/// Get a dong's welfare figures
///
/// For each of the twelve closed months before the running one (oldest first): referrals
/// received, households first visited and referrals first linked to a service in that month.
/// Nothing is published for the running month, so a published figure never changes. A count
/// under `withheld_below` (5) is `null` ("fewer than 5"), so no figure can point at one
/// household.
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/welfare/figures",
    tag = "welfare",
    params(("code" = String, Path, description = "10-digit dong code")),
    responses((status = 200, description = "The figures", body = WelfareFigures))
)]
pub async fn get_figures(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<WelfareFigures>, AppError> {
    let dong = crate::api::rest::dong_in_path(&code)?;
    Ok(Json(figures::of_dong(&state.db, &dong).await?))
}
