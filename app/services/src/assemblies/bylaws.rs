//! The dong's bylaws: who may vote, quorum, majority, the budgeting rule; set by the district's expert.

use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{assembly, dong_bylaw};
use chrono::Utc;
use contract::dto::BylawsView;
use contract::error::AppError;
use domain::assembly::{Bylaws, Majority, PbRule, Quorum, QuorumKind};
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set};

#[allow(clippy::too_many_arguments)]
fn bylaws_of_row(
    kind: QuorumKind,
    value: i32,
    majority: Majority,
    abst: bool,
    age: i16,
    running: bool,
    secret: bool,
    pb_rule: PbRule,
) -> Bylaws {
    Bylaws {
        quorum: Quorum::from_stored(kind, value),
        majority,
        abstentions_count_toward_quorum: abst,
        minimum_age: u8::try_from(age).unwrap_or(0),
        running_results_visible: running,
        secret_ballot: secret,
        pb_rule,
    }
}

/// The bylaws an assembly runs under.
pub fn bylaws_of(a: &assembly::Model) -> Bylaws {
    bylaws_of_row(
        *a.quorum_kind,
        a.quorum_value,
        *a.majority,
        a.abstentions_count,
        a.minimum_age,
        a.running_results_visible,
        a.secret_ballot,
        *a.pb_rule,
    )
}

/// Bylaws as pages show them.
pub fn bylaws_view(b: &Bylaws) -> BylawsView {
    let (quorum_kind, quorum_value) = b.quorum.stored();
    BylawsView {
        quorum_kind: quorum_kind.as_str().to_owned(),
        quorum_value,
        majority: b.majority,
        abstentions_count: b.abstentions_count_toward_quorum,
        minimum_age: i32::from(b.minimum_age),
        running_results_visible: b.running_results_visible,
        secret_ballot: b.secret_ballot,
        pb_rule: b.pb_rule,
    }
}

/// The dong's bylaws (the defaults where it has set none).
pub async fn bylaws(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Bylaws, AppError> {
    Ok(match dong_bylaw::Entity::find_by_id(dong.as_str().to_owned()).one(db).await? {
        Some(b) => bylaws_of_row(
            *b.quorum_kind,
            b.quorum_value,
            *b.majority,
            b.abstentions_count,
            b.minimum_age,
            b.running_results_visible,
            b.secret_ballot,
            *b.pb_rule,
        ),
        None => Bylaws::default(),
    })
}

/// Staff of the dong or the district's expert set the dong's bylaws (for assemblies created
/// from now on; an assembly keeps the bylaws it was created under).
pub async fn set_bylaws(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    b: Bylaws,
) -> Result<(), AppError> {
    authz::can(actor, Action::ConfigureDong, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let (kind, value) = b.quorum.stored();
    audit::save_setting::<dong_bylaw::Entity>(
        db,
        dong_bylaw::ActiveModel {
            dong_code: Set(dong.as_str().to_owned()),
            quorum_kind: Set(kind.into()),
            quorum_value: Set(value),
            majority: Set(b.majority.into()),
            abstentions_count: Set(b.abstentions_count_toward_quorum),
            minimum_age: Set(i16::from(b.minimum_age)),
            running_results_visible: Set(b.running_results_visible),
            secret_ballot: Set(b.secret_ballot),
            pb_rule: Set(b.pb_rule.into()),
            updated_by: Set(Some(me.user_id)),
            updated_at: Set(Utc::now()),
        },
        dong_bylaw::Column::DongCode,
        me.user_id,
        (
            AuditAction::BylawsChanged,
            AuditScope::dong(dong),
            serde_json::json!({ "quorum": [kind.as_str(), value], "majority": b.majority.as_str(),
            "abstentions_count": b.abstentions_count_toward_quorum, "minimum_age": b.minimum_age,
            "running_results_visible": b.running_results_visible, "secret_ballot": b.secret_ballot,
            "pb_rule": b.pb_rule.as_str() }),
        ),
    )
    .await
}
