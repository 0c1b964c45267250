//! The audit log: privileged actions, written in the same transaction as the action itself, so
//! an action without its record (or a record without its action) cannot exist. The database
//! refuses to update or delete these rows (see the identity migration).
//!
//! Two scopes of readers. The general log (`list`) is the administrators' (the city) and each
//! district expert's (their district). The welfare team's case work (`AuditAction::WELFARE`: a
//! referral received, a queue or case read, assigning, the log, closing, visiting lists, purges
//! and re-seals) is in the welfare scope instead (`welfare_list`): read by the dong's welfare team
//! and the district's welfare supervisor only (`Action::ViewCases`), never shown in the general
//! log. Which scope an event is in follows from its action alone, so events written before the
//! scopes existed fall where they belong too.

use crate::entities::{audit_event, user};
use crate::{places, time_fmt};
use contract::dto::{AuditPage, AuditRow};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::{DistrictCode, DongCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::{HashMap, HashSet};

/// What happened. The stored form is the string; the list grows with each feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    ResidentRegistered,
    SignInCodeIssued,
    ResidencyVerified,
    ResidencyEnded,
    RoleGranted,
    RoleRevoked,
    RoleProposed,
    RoleProposalConfirmed,
    RoleProposalDeclined,
    RecoveryRequested,
    RecoveryConfirmed,
    RecoveryWithdrawn,
    AccountDeleted,
    GroupRegistered,
    GroupUnregistered,
    ContentHidden,
    ContentRestored,
    UserWarned,
    UserBlocked,
    SupportThresholdChanged,
    ReportThresholdChanged,
    BylawsChanged,
    FundEntryRecorded,
    FundEntryReversed,
    FundClaimSubmitted,
    FundClaimDecided,
    ProjectStatusChanged,
    SpaceChanged,
    BlackoutChanged,
    BookingSettingsChanged,
    BookingDecided,
    BookingCancelled,
    BookingMarked,
    BookingForWalkIn,
    AssemblyStep,
    AgendaChanged,
    MinutesSaved,
    AssemblyEdited,
    AssemblyCancelled,
    SectionSaved,
    SectionRemoved,
    ReferralReceived,
    CaseQueueRead,
    CaseRead,
    CaseAssigned,
    CaseActivity,
    CaseClosed,
    VisitingListImported,
    CasesPurged,
    CasesResealed,
    CallRequestRecorded,
    CallRequestWithdrawn,
    CallDone,
    MessageRetried,
    MessageToCallList,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::ResidentRegistered => "resident.registered",
            AuditAction::SignInCodeIssued => "sign_in_code.issued",
            AuditAction::ResidencyVerified => "residency.verified",
            AuditAction::ResidencyEnded => "residency.ended",
            AuditAction::RoleGranted => "role.granted",
            AuditAction::RoleRevoked => "role.revoked",
            AuditAction::RoleProposed => "role.proposed",
            AuditAction::RoleProposalConfirmed => "role.proposal_confirmed",
            AuditAction::RoleProposalDeclined => "role.proposal_declined",
            AuditAction::RecoveryRequested => "recovery.requested",
            AuditAction::RecoveryConfirmed => "recovery.confirmed",
            AuditAction::RecoveryWithdrawn => "recovery.withdrawn",
            AuditAction::AccountDeleted => "account.deleted",
            AuditAction::GroupRegistered => "group.registered",
            AuditAction::GroupUnregistered => "group.unregistered",
            AuditAction::ContentHidden => "moderation.hidden",
            AuditAction::ContentRestored => "moderation.restored",
            AuditAction::UserWarned => "moderation.warned",
            AuditAction::UserBlocked => "moderation.blocked",
            AuditAction::SupportThresholdChanged => "settings.support_threshold",
            AuditAction::ReportThresholdChanged => "settings.report_threshold",
            AuditAction::BylawsChanged => "settings.bylaws",
            AuditAction::FundEntryRecorded => "fund.entry_recorded",
            AuditAction::FundEntryReversed => "fund.entry_reversed",
            AuditAction::FundClaimSubmitted => "fund.claim_submitted",
            AuditAction::FundClaimDecided => "fund.claim_decided",
            AuditAction::ProjectStatusChanged => "fund.project_status",
            AuditAction::SpaceChanged => "spaces.space_changed",
            AuditAction::BlackoutChanged => "spaces.blackout_changed",
            AuditAction::BookingSettingsChanged => "settings.no_show_rule",
            AuditAction::BookingDecided => "booking.decided",
            AuditAction::BookingCancelled => "booking.cancelled",
            AuditAction::BookingMarked => "booking.marked",
            AuditAction::BookingForWalkIn => "booking.walk_in",
            AuditAction::AssemblyStep => "assembly.step",
            AuditAction::AgendaChanged => "assembly.agenda",
            AuditAction::MinutesSaved => "assembly.minutes",
            AuditAction::AssemblyEdited => "assembly.edit",
            AuditAction::AssemblyCancelled => "assembly.cancel",
            AuditAction::SectionSaved => "welfare.section_saved",
            AuditAction::SectionRemoved => "welfare.section_removed",
            AuditAction::ReferralReceived => "welfare.referral_received",
            AuditAction::CaseQueueRead => "welfare.queue_read",
            AuditAction::CaseRead => "welfare.case_read",
            AuditAction::CaseAssigned => "welfare.case_assigned",
            AuditAction::CaseActivity => "welfare.case_activity",
            AuditAction::CaseClosed => "welfare.case_closed",
            AuditAction::VisitingListImported => "welfare.visiting_list_imported",
            AuditAction::CasesPurged => "welfare.cases_purged",
            AuditAction::CasesResealed => "welfare.cases_resealed",
            AuditAction::CallRequestRecorded => "calls.requested",
            AuditAction::CallRequestWithdrawn => "calls.withdrawn",
            AuditAction::CallDone => "calls.done",
            AuditAction::MessageRetried => "messages.retried",
            AuditAction::MessageToCallList => "messages.to_call_list",
        }
    }
}

impl AuditAction {
    /// The welfare team's case work: the welfare audit scope (`welfare_list`), never the
    /// general log. (The dong's sections, public and drawn by the center, stay in the general
    /// log.)
    pub const WELFARE: [AuditAction; 9] = [
        AuditAction::ReferralReceived,
        AuditAction::CaseQueueRead,
        AuditAction::CaseRead,
        AuditAction::CaseAssigned,
        AuditAction::CaseActivity,
        AuditAction::CaseClosed,
        AuditAction::VisitingListImported,
        AuditAction::CasesPurged,
        AuditAction::CasesResealed,
    ];

    /// Whether the event is in the welfare audit scope.
    pub fn is_welfare(self) -> bool {
        Self::WELFARE.contains(&self)
    }

    fn welfare_names() -> Vec<&'static str> {
        Self::WELFARE.iter().map(|a| a.as_str()).collect()
    }
}

/// Where an audited action applied.
#[derive(Debug, Clone, Default)]
pub struct AuditScope {
    pub district: Option<DistrictCode>,
    pub dong: Option<DongCode>,
}

impl AuditScope {
    pub fn dong(d: &DongCode) -> Self {
        Self { district: Some(d.district()), dong: Some(d.clone()) }
    }
    pub fn district(d: &DistrictCode) -> Self {
        Self { district: Some(d.clone()), dong: None }
    }
    pub fn city() -> Self {
        Self::default()
    }
}

/// Records one event. Call it with the transaction of the action.
pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<i64>,
    action: AuditAction,
    scope: AuditScope,
    subject_user_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    audit_event::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_id: Set(actor_id),
        action: Set(action.as_str().to_owned()),
        district_code: Set(scope.district.map(|d| d.as_str().to_owned())),
        dong_code: Set(scope.dong.map(|d| d.as_str().to_owned())),
        subject_user_id: Set(subject_user_id),
        detail: Set(detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A settings row of a dong or district written (an upsert by its key) together with the audit
/// event that says who changed it and to what, in one transaction: what every settings form does.
pub async fn save_setting<E>(
    db: &sea_orm::DatabaseConnection,
    row: E::ActiveModel,
    key: E::Column,
    by: i64,
    change: (AuditAction, AuditScope, serde_json::Value),
) -> Result<(), AppError>
where
    E: sea_orm::EntityTrait,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    let (action, scope, detail) = change;
    let txn = crate::transaction::begin_write(db).await?;
    crate::transaction::upsert_by_key::<E>(&txn, row, key).await?;
    record(&txn, Some(by), action, scope, None, detail).await?;
    txn.commit().await?;
    Ok(())
}

pub const PAGE_SIZE: u64 = 50;

/// A page of the log, newest first: the whole city for admins, or one district.
pub async fn list(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    district_filter: Option<DistrictCode>,
    page: u64,
) -> Result<AuditPage, AppError> {
    let scope = match &district_filter {
        Some(d) => Scope::District(d.clone()),
        None => Scope::City,
    };
    authz::can(actor, Action::ViewAuditLog, &scope)?;
    // the welfare team's work is not in this log (`welfare_list`)
    let mut q = audit_event::Entity::find()
        .filter(audit_event::Column::Action.is_not_in(AuditAction::welfare_names()))
        .order_by_desc(audit_event::Column::Id);
    if let Some(d) = &district_filter {
        q = q.filter(audit_event::Column::DistrictCode.eq(d.as_str()));
    }
    let (events, page, pages) = fetch(db, q, page).await?;
    let rows = rows(db, events).await?;
    let districts = places::districts(db).await?;
    let scope = district_filter.and_then(|d| districts.get(d.as_str()).cloned());
    Ok(AuditPage { rows, page, pages, scope })
}

/// Where a welfare audit page reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WelfareLog {
    /// One dong's events: for its welfare team and the district's supervisor.
    Dong(DongCode),
    /// The district's events, every dong's, and the city-wide purges and re-seals (counts only):
    /// for the district's supervisor.
    District(DistrictCode),
}

/// A page of the welfare audit scope, newest first: who received, read, assigned, recorded,
/// closed or imported what (case numbers, never a case's content).
pub async fn welfare_list(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    place: &WelfareLog,
    page: u64,
) -> Result<AuditPage, AppError> {
    let q = audit_event::Entity::find()
        .filter(audit_event::Column::Action.is_in(AuditAction::welfare_names()))
        .order_by_desc(audit_event::Column::Id);
    let (q, scope) = match place {
        WelfareLog::Dong(dong) => {
            authz::can(actor, Action::ViewCases, &Scope::Dong(dong.clone()))?;
            let d =
                crate::entities::dong::Entity::find_by_id(dong.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
            let place = contract::dto::Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en };
            (q.filter(audit_event::Column::DongCode.eq(dong.as_str())), place)
        }
        WelfareLog::District(district) => {
            authz::can(actor, Action::ViewCases, &Scope::District(district.clone()))?;
            let place = places::districts(db).await?.remove(district.as_str()).ok_or(AppError::NotFound)?;
            let here = sea_orm::Condition::any()
                .add(audit_event::Column::DistrictCode.eq(district.as_str()))
                .add(audit_event::Column::DistrictCode.is_null());
            (q.filter(here), place)
        }
    };
    let (events, page, pages) = fetch(db, q, page).await?;
    let rows = rows(db, events).await?;
    Ok(AuditPage { rows, page, pages, scope: Some(scope) })
}

/// Page `page` of `q` (clamped to the pages there are): (events, page, pages).
async fn fetch(
    db: &DatabaseConnection,
    q: sea_orm::Select<audit_event::Entity>,
    page: u64,
) -> Result<(Vec<audit_event::Model>, u64, u64), AppError> {
    let paginator = q.paginate(db, PAGE_SIZE);
    let pages = paginator.num_pages().await?.max(1);
    let page = page.clamp(1, pages);
    let events = paginator.fetch_page(page - 1).await?;
    Ok((events, page, pages))
}

/// The events as the audit pages show them: people and places by name.
async fn rows(db: &DatabaseConnection, events: Vec<audit_event::Model>) -> Result<Vec<AuditRow>, AppError> {
    let user_ids: HashSet<i64> = events.iter().flat_map(|e| [e.actor_id, e.subject_user_id]).flatten().collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} (#{})", u.display_name, u.id)))
        .collect();
    let dong_codes: HashSet<&str> = events.iter().filter_map(|e| e.dong_code.as_deref()).collect();
    let dongs = places::dongs(db, dong_codes).await?;
    let districts = places::districts(db).await?;
    let rows = events
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: time_fmt::seoul_datetime_seconds(e.at),
            actor: e.actor_id.and_then(|id| names.get(&id).cloned()),
            action: e.action,
            dong: e.dong_code.and_then(|c| dongs.get(&c).cloned()),
            district: e.district_code.and_then(|c| districts.get(&c).cloned()),
            subject: e.subject_user_id.and_then(|id| names.get(&id).cloned()),
            detail: e.detail,
        })
        .collect();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    /// Every welfare event but the dong's sections (public, drawn by the center) is in the
    /// welfare scope: an event added to the welfare team's work must be added to `WELFARE` too.
    #[test]
    fn the_welfare_teams_work_is_in_the_welfare_scope() {
        use AuditAction::*;
        let all = [
            SectionSaved,
            SectionRemoved,
            ReferralReceived,
            CaseQueueRead,
            CaseRead,
            CaseAssigned,
            CaseActivity,
            CaseClosed,
            VisitingListImported,
            CasesPurged,
            CasesResealed,
            RoleGranted,
            ResidencyVerified,
        ];
        for a in all {
            let welfare_work = a.as_str().starts_with("welfare.") && !a.as_str().starts_with("welfare.section");
            assert_eq!(a.is_welfare(), welfare_work, "{}", a.as_str());
        }
    }
}
