//! Server functions for signing in, the account, the staff's residents pages and the admin's
//! roles page. Each parses its input into domain types, then makes one service call; the
//! service checks `domain::authz` before anything else.
//!
//! Forms post here with and without JavaScript (Leptos `ActionForm`). Without JavaScript the
//! browser follows a redirect back to the form's page, and errors come back in the URL.

/// Its plain HTTP routes: uploads and files, feeds, redirects.
#[cfg(feature = "ssr")]
pub mod routes;

use crate::dto::{Account, AuditPage, GrantRow, IssuedCode, Me, Place, Provider, StaffDong};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::auth;
#[cfg(feature = "ssr")]
use crate::api::edge::with_state;
#[cfg(feature = "ssr")]
use crate::api::state::use_app_state;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// Applies the person's language choice to this browser (the `lang` cookie).
#[cfg(feature = "ssr")]
fn set_lang_cookie(lang: crate::domain::lang::Lang) {
    if let (Some(res), Some(v)) = (use_context::<leptos_axum::ResponseOptions>(), crate::api::prefs::lang_cookie(lang))
    {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

#[cfg(feature = "ssr")]
use crate::api::ticked as checked;
#[cfg(feature = "ssr")]
use crate::domain::{Field, Format, InputRule};

#[cfg(feature = "ssr")]
fn code_of_dong(s: &str) -> Result<crate::domain::geo::DongCode, AppError> {
    Ok(crate::domain::geo::DongCode::parse(s)?)
}

/// How many codes a staff session keeps printable.
#[cfg(feature = "ssr")]
const PRINTABLE_CODES: usize = 20;

#[cfg(feature = "ssr")]
async fn remember_printable(code: &IssuedCode) -> Result<(), AppError> {
    let session = auth::session().await?;
    let seal = use_app_state()?.auth.session_seal();
    let mut codes: Vec<IssuedCode> =
        auth::get_sealed(&session, &seal, auth::PRINTABLE_CODES_KEY, false).await?.unwrap_or_default();
    codes.push(code.clone());
    if codes.len() > PRINTABLE_CODES {
        codes.remove(0);
    }
    auth::put_sealed(&session, &seal, auth::PRINTABLE_CODES_KEY, &codes).await
}

// ---- signing in and out ------------------------------------------------------------------

/// The signed-in person, or `None`.
#[server(prefix = "/sf", endpoint = "me")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    with_state(|state| async move {
        match auth::actor().await? {
            Some(a) => Ok(Some(services::identity::me(&state.db, &a).await?)),
            None => Ok(None),
        }
    })
    .await
}

/// The configured OAuth providers (sign-in buttons).
#[server(prefix = "/sf", endpoint = "sign_in_options")]
pub async fn sign_in_options() -> Result<Vec<Provider>, AppError> {
    let state = use_app_state()?;
    Ok(state.auth.providers.iter().map(|p| Provider { id: p.id.clone(), label: p.label.clone() }).collect())
}

#[server(prefix = "/sf", endpoint = "sign_in_code")]
pub async fn sign_in_with_code(code: String, stay_signed_in: Option<String>) -> Result<(), AppError> {
    with_state(|state| async move {
        let signed_in =
            services::identity::sign_in_with_code(&state.db, &state.auth.key, &code, auth::client_addr()).await?;
        let user_id = signed_in.user_id;
        let actor = services::identity::load_actor(&state.db, user_id).await?.ok_or(AppError::Unauthorized)?;
        let session = auth::session().await?;
        auth::establish(&session, user_id, signed_in.epoch, checked(&stay_signed_in), actor.is_privileged()).await?;
        if let Some(lang) = services::identity::preferred_lang(&state.db, user_id).await? {
            set_lang_cookie(lang);
        }
        leptos_axum::redirect("/account");
        Ok(())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    async {
        auth::end(&auth::session().await?).await?;
        leptos_axum::redirect("/");
        Ok(())
    }
    .await
    .map_err(respond)
}

// ---- the account -------------------------------------------------------------------------

#[server(prefix = "/sf", endpoint = "account")]
pub async fn load_account() -> Result<Account, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        let session = auth::session().await?;
        let new_token: Option<String> =
            auth::get_sealed(&session, &state.auth.session_seal(), auth::NEW_TOKEN_KEY, true).await?;
        services::identity::account(&state.db, &actor, &state.auth.providers, new_token).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "account/update")]
pub async fn update_account(
    display_name: String,
    lang: String,
    stay_signed_in: Option<String>,
) -> Result<(), AppError> {
    with_state(|state| async move {
        let name = crate::domain::identity::DisplayName::parse(&display_name)?;
        let lang = crate::domain::lang::Lang::from_code(&lang)
            .ok_or_else(|| AppError::input(Field::Lang, InputRule::NotChosen))?;
        let actor = auth::require_actor().await?;
        services::identity::update_account(&state.db, &actor, name, lang, checked(&stay_signed_in)).await?;
        set_lang_cookie(lang);
        Ok(())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "account/unlink")]
pub async fn unlink_identity(identity_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::unlink_identity(&state.db, &actor, identity_id).await
    })
    .await
}

/// Creates a token. It is returned (for the enhanced form) and also kept in the session until
/// the account page shows it once (for the plain form, which is answered with a redirect).
#[server(prefix = "/sf", endpoint = "account/token/create")]
pub async fn create_token(name: String, scope: String) -> Result<String, AppError> {
    with_state(|state| async move {
        let name = crate::domain::identity::parse_token_name(&name)?;
        let scope = crate::domain::identity::TokenScope::parse(&scope)?;
        let actor = auth::require_actor().await?;
        let token = services::identity::create_token(&state.db, &actor, name, scope).await?;
        let session = auth::session().await?;
        auth::put_sealed(&session, &state.auth.session_seal(), auth::NEW_TOKEN_KEY, &token).await?;
        Ok(token)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "account/token/revoke")]
pub async fn revoke_token(token_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::revoke_token(&state.db, &actor, token_id).await
    })
    .await
}

/// Deletes the account; `confirm` must be checked (the form says what deletion means).
#[server(prefix = "/sf", endpoint = "account/delete")]
pub async fn delete_account(confirm: Option<String>) -> Result<(), AppError> {
    with_state(|state| async move {
        if !checked(&confirm) {
            return Err(AppError::input(Field::Confirm, InputRule::NotConfirmed));
        }
        let actor = auth::require_actor().await?;
        services::identity::delete_account(&state.db, &actor).await?;
        auth::end(&auth::session().await?).await?;
        leptos_axum::redirect("/?deleted=1");
        Ok(())
    })
    .await
}

/// The signed-in person says they moved out of the dong where they are a verified resident:
/// that residency ends (so the center of their new dong can verify them). `confirm` must be
/// checked: they cannot vote or propose there afterwards.
#[server(prefix = "/sf", endpoint = "account/moved_out")]
pub async fn moved_out(confirm: Option<String>) -> Result<(), AppError> {
    with_state(|state| async move {
        if !checked(&confirm) {
            return Err(AppError::input(Field::Confirm, InputRule::NotConfirmed));
        }
        let actor = auth::require_actor().await?;
        services::identity::end_own_residency(&state.db, &actor).await
    })
    .await
}

// ---- center staff ------------------------------------------------------------------------

/// The dongs whose centers the signed-in person staffs.
#[server(prefix = "/sf", endpoint = "staff/centers")]
pub async fn staff_centers() -> Result<Vec<Place>, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        let me = services::identity::me(&state.db, &actor).await?;
        Ok(me.staffed().cloned().collect())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "staff/dong")]
pub async fn load_staff_dong(dong: String) -> Result<StaffDong, AppError> {
    with_state(|state| async move {
        let dong = code_of_dong(&dong)?;
        let actor = auth::require_actor().await?;
        services::identity::staff_dong(&state.db, &actor, &dong).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "staff/register")]
pub async fn register_resident(
    dong: String,
    display_name: String,
    birth_year: String,
    verified_method: Option<String>,
) -> Result<IssuedCode, AppError> {
    with_state(|state| async move {
        use crate::domain::identity::{BirthYear, DisplayName, VerificationMethod};
        let now = chrono::Utc::now();
        let input = services::identity::NewResident {
            dong: code_of_dong(&dong)?,
            name: DisplayName::parse(&display_name)?,
            birth_year: BirthYear::parse(&birth_year, services::time_fmt::seoul_year(now))?,
            verified_by: match verified_method.as_deref().map(str::trim) {
                None | Some("") | Some("none") => None,
                Some(m) => Some(VerificationMethod::parse(m)?),
            },
        };
        let actor = auth::require_actor().await?;
        let dong = input.dong.clone();
        let issued = services::identity::register_resident(&state.db, &state.auth.key, &actor, input).await?;
        remember_printable(&issued).await?;
        leptos_axum::redirect(&format!("/staff/{}/codes/{}", dong.as_str(), issued.code_id));
        Ok(issued)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "staff/reissue")]
pub async fn reissue_code(dong: String, user_id: i64) -> Result<IssuedCode, AppError> {
    with_state(|state| async move {
        let dong = code_of_dong(&dong)?;
        let actor = auth::require_actor().await?;
        let issued = services::identity::reissue_code(&state.db, &state.auth.key, Some(&actor), user_id).await?;
        remember_printable(&issued).await?;
        leptos_axum::redirect(&format!("/staff/{}/codes/{}", dong.as_str(), issued.code_id));
        Ok(issued)
    })
    .await
}

/// A member of staff asks for a recovery code for an account of the dong that signs in online
/// (it lost its provider); nothing is printed until a second member of staff confirms.
#[server(prefix = "/sf", endpoint = "staff/recovery/request")]
pub async fn request_recovery(user_id: i64) -> Result<i64, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::request_recovery(&state.db, &actor, user_id).await
    })
    .await
}

/// A second member of staff (not the one who asked, not the person) confirms a recovery request:
/// the code is printed, kept printable in this session, and the browser goes to its sheet.
#[server(prefix = "/sf", endpoint = "staff/recovery/confirm")]
pub async fn confirm_recovery(request_id: i64) -> Result<IssuedCode, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        let issued = services::identity::confirm_recovery(&state.db, &state.auth.key, &actor, request_id).await?;
        remember_printable(&issued).await?;
        leptos_axum::redirect(&format!("/staff/{}/codes/{}", issued.dong.code, issued.code_id));
        Ok(issued)
    })
    .await
}

/// Anyone of the dong's staff withdraws a pending recovery request.
#[server(prefix = "/sf", endpoint = "staff/recovery/withdraw")]
pub async fn withdraw_recovery(request_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::withdraw_recovery(&state.db, &actor, request_id).await
    })
    .await
}

/// The dong's recovery requests waiting for a second member of staff.
#[server(prefix = "/sf", endpoint = "staff/recovery/pending")]
pub async fn pending_recoveries(dong: String) -> Result<Vec<crate::dto::RecoveryRequestRow>, AppError> {
    with_state(|state| async move {
        let dong = code_of_dong(&dong)?;
        let actor = auth::require_actor().await?;
        services::identity::pending_recoveries(&state.db, &actor, &dong).await
    })
    .await
}

/// A code issued in this session, for printing. Codes are never stored in a readable form, so
/// another session (or a later one) cannot show it again; staff issue a new one instead.
#[server(prefix = "/sf", endpoint = "staff/printable")]
pub async fn printable_code(code_id: i64) -> Result<IssuedCode, AppError> {
    async {
        auth::require_actor().await?;
        let session = auth::session().await?;
        let seal = use_app_state()?.auth.session_seal();
        let codes: Vec<IssuedCode> =
            auth::get_sealed(&session, &seal, auth::PRINTABLE_CODES_KEY, false).await?.unwrap_or_default();
        codes.into_iter().find(|c| c.code_id == code_id).ok_or(AppError::NotFound)
    }
    .await
    .map_err(respond)
}

#[server(prefix = "/sf", endpoint = "staff/verify")]
pub async fn verify_resident(
    dong: String,
    account: String,
    method: String,
    expires_on: Option<String>,
) -> Result<(), AppError> {
    with_state(|state| async move {
        use crate::domain::identity::{VerificationMethod, parse_account_number};
        let dong = code_of_dong(&dong)?;
        let user_id = parse_account_number(&account)?;
        let method = VerificationMethod::parse(&method)?;
        let expires_on = match expires_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| AppError::input(Field::ExpiresOn, InputRule::Format { format: Format::Date }))?,
            ),
        };
        let actor = auth::require_actor().await?;
        services::identity::verify_resident(&state.db, &actor, &dong, user_id, method, expires_on).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "staff/end_residency")]
pub async fn end_residency(dong: String, user_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let dong = code_of_dong(&dong)?;
        let actor = auth::require_actor().await?;
        services::identity::end_residency(&state.db, &actor, &dong, user_id).await
    })
    .await
}

// ---- administrators ----------------------------------------------------------------------

#[server(prefix = "/sf", endpoint = "admin/grants")]
pub async fn role_grants() -> Result<Vec<GrantRow>, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::roles::list(&state.db, &actor).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "admin/grant")]
pub async fn grant_role(account: String, role: String, scope_code: String) -> Result<(), AppError> {
    with_state(|state| async move {
        let user_id = crate::domain::identity::parse_account_number(&account)?;
        let spec = services::identity::roles::RoleGrantSpec::parse(&role, &scope_code)?;
        let actor = auth::require_actor().await?;
        // a welfare role is proposed, for a second administrator to confirm
        services::identity::roles::grant_or_propose(&state.db, &actor, user_id, spec).await.map(|_| ())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "admin/revoke")]
pub async fn revoke_role(grant_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::roles::revoke(&state.db, &actor, grant_id).await
    })
    .await
}

/// Proposes a welfare role (officer, visiting nurse, supervisor) for someone: a second
/// administrator confirms it on the same page.
#[server(prefix = "/sf", endpoint = "admin/propose")]
pub async fn propose_role(account: String, role: String, scope_code: String) -> Result<(), AppError> {
    with_state(|state| async move {
        let user_id = crate::domain::identity::parse_account_number(&account)?;
        let spec = services::identity::roles::RoleGrantSpec::parse(&role, &scope_code)?;
        let actor = auth::require_actor().await?;
        services::identity::roles::propose(&state.db, &actor, user_id, spec).await.map(|_| ())
    })
    .await
}

/// The welfare roles waiting for a second administrator.
#[server(prefix = "/sf", endpoint = "admin/proposals")]
pub async fn role_proposals() -> Result<Vec<crate::dto::RoleProposalRow>, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::roles::proposals(&state.db, &actor).await
    })
    .await
}

/// A second administrator confirms a proposed welfare role: the grant is made.
#[server(prefix = "/sf", endpoint = "admin/proposal/confirm")]
pub async fn confirm_role_proposal(proposal_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::roles::confirm(&state.db, &actor, proposal_id).await.map(|_| ())
    })
    .await
}

/// A second administrator turns a proposed welfare role down.
#[server(prefix = "/sf", endpoint = "admin/proposal/decline")]
pub async fn decline_role_proposal(proposal_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::identity::roles::decline(&state.db, &actor, proposal_id).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "audit")]
pub async fn audit_log(district: Option<String>, page: Option<u64>) -> Result<AuditPage, AppError> {
    with_state(|state| async move {
        let district = match district.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(crate::domain::geo::DistrictCode::parse(d)?),
        };
        let actor = auth::actor().await?;
        services::audit::list(&state.db, actor.as_ref(), district, page.unwrap_or(1)).await
    })
    .await
}
