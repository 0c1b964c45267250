//! The audit log: privileged actions, written in the same transaction as the action itself, so
//! an action without its record (or a record without its action) cannot exist. The database
//! refuses to update or delete these rows (see the identity migration).

use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::geo::{DistrictCode, DongCode};
use crate::dto::{AuditPage, AuditRow};
use crate::error::AppError;
use crate::server::entities::{audit_event, user};
use crate::server::services::{places, time_fmt};
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
        }
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
    let txn = crate::server::db::begin_write(db).await?;
    crate::server::db::upsert_by_key::<E>(&txn, row, key).await?;
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
    let mut q = audit_event::Entity::find().order_by_desc(audit_event::Column::Id);
    if let Some(d) = &district_filter {
        q = q.filter(audit_event::Column::DistrictCode.eq(d.as_str()));
    }
    let paginator = q.paginate(db, PAGE_SIZE);
    let pages = paginator.num_pages().await?.max(1);
    let page = page.clamp(1, pages);
    let events = paginator.fetch_page(page - 1).await?;

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
    let scope = district_filter.and_then(|d| districts.get(d.as_str()).cloned());
    Ok(AuditPage { rows, page, pages, scope })
}
