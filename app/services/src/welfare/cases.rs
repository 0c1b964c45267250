//! The welfare team's case work: the dong's queue, a case and its log, assigning, recording
//! contact attempts, visits and linked services, closing; importing a proactive visiting list;
//! the district supervisor's oversight. Only the dong's welfare team works a case and only it and
//! the district's welfare supervisor read one (`Action::WorkCases`, `Action::ViewCases`); every
//! read and every change writes an audit event naming the case, never its content.

use super::{CaseText, Fields, TEAM_ROLES, insert_activity, insert_case, sections::officials_in};
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, dong, welfare_activity, welfare_case};
use crate::welfare::WelfareSettings;
use crate::{paging, places, time_fmt};
use chrono::{DateTime, Utc};
use contract::dto::welfare::{
    ActivityLine, CaseAbout, CaseDetail, CaseLine, CaseQueue, DistrictOversight, DongWorkload, Official, Origin,
};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::Field;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::{DistrictCode, DongCode};
use domain::ledger::EntryDate;
use domain::welfare::{
    self, ActivityKind, CaseKind, CaseRefusal, CloseReason, FINDINGS_MAX, Flags, LogKind, Needs, Program, Service,
    Stage, Step, Urgency,
};
use domain::{InputRule, text};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// How many closed cases the queue lists.
const CLOSED_SHOWN: u64 = 30;
/// Households due a visit a page.
const DUE_VISITS_PAGE: u64 = 50;

fn refusal(r: CaseRefusal) -> AppError {
    AppError::Conflict(match r {
        CaseRefusal::Closed => ErrorCode::CaseClosed,
        CaseRefusal::NotAssigned => ErrorCode::CaseNotAssigned,
    })
}

fn corrupt(id: i64, field: &str) -> AppError {
    tracing::error!(case = id, field, "a welfare case holds a value the code does not know");
    AppError::Internal
}

/// A case's flags at `now`: referrals only (a due visit is due by its month, not by its age).
fn flags_of(m: &welfare_case::Model, now: DateTime<Utc>) -> Result<Flags, AppError> {
    if m.kind != CaseKind::Referral {
        return Ok(Flags::default());
    }
    Ok(welfare::flags(
        *m.stage,
        *m.urgency,
        m.received_at.timestamp(),
        m.last_activity_at.map(|t| t.timestamp()),
        now.timestamp(),
    ))
}

/// A queue line, its sealed fields opened.
fn line(
    welfare: &WelfareSettings,
    m: &welfare_case::Model,
    names: &HashMap<i64, String>,
    now: DateTime<Utc>,
) -> Result<CaseLine, AppError> {
    let fields = Fields::of_case(&welfare.vault, m.id);
    let about = if m.purged_at.is_some() {
        CaseAbout::Purged
    } else if m.kind == CaseKind::Referral {
        let stored = fields.open("needs", m.needs.as_deref())?;
        let needs = Needs::from_stored(&stored).ok_or_else(|| corrupt(m.id, "needs"))?;
        CaseAbout::Referral { needs: needs.as_slice().to_vec() }
    } else {
        let stored = fields.open("program", m.program.as_deref())?;
        let program = Program::parse(&stored).ok_or_else(|| corrupt(m.id, "program"))?;
        CaseAbout::DueVisit { program, due_month: m.due_month.clone().unwrap_or_default() }
    };
    Ok(CaseLine {
        id: m.id,
        dong_code: m.dong_code.clone(),
        about,
        origin: *m.origin,
        urgency: *m.urgency,
        stage: *m.stage,
        place: fields.open("place", m.place.as_deref())?,
        received: time_fmt::seoul_datetime(m.received_at),
        assignee: m.assignee_id.and_then(|id| names.get(&id).cloned()),
        flags: flags_of(m, now)?,
    })
}

async fn team(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Vec<Official>, AppError> {
    officials_in(db, dong, &TEAM_ROLES).await
}

fn names_of(team: &[Official]) -> HashMap<i64, String> {
    team.iter().map(|o| (o.id, o.name.clone())).collect()
}

/// Sorts referrals as the queue shows them: flagged, then urgent, then oldest.
fn sort_referrals(lines: &mut [CaseLine], received: &HashMap<i64, i64>) {
    lines.sort_by_key(|l| welfare::queue_key(l.flags, l.urgency, received.get(&l.id).copied().unwrap_or_default()));
}

/// The dong's queue: open referrals (flagged, then urgent, then oldest), page `visits_page` of
/// the households due a visit (by month), and the last closed cases. Audited as one read naming
/// every case it showed (in the welfare audit scope).
pub async fn queue(
    db: &DatabaseConnection,
    welfare: &WelfareSettings,
    actor: Option<&Actor>,
    dong: &DongCode,
    visits_page: u64,
) -> Result<CaseQueue, AppError> {
    authz::can(actor, Action::ViewCases, &Scope::Dong(dong.clone()))?;
    let d = dong::Entity::find_by_id(dong.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let team = team(db, dong).await?;
    let names = names_of(&team);
    let open = || {
        welfare_case::Entity::find()
            .filter(welfare_case::Column::DongCode.eq(dong.as_str()))
            .filter(welfare_case::Column::Stage.ne(Stage::Closed.as_str()))
    };
    let referred = open().filter(welfare_case::Column::Kind.eq(Stored(CaseKind::Referral))).all(db).await?;
    let due = paging::page(
        db,
        open().filter(welfare_case::Column::Kind.eq(Stored(CaseKind::DueVisit))),
        |q| q.order_by_asc(welfare_case::Column::DueMonth).order_by_asc(welfare_case::Column::Id),
        visits_page,
        DUE_VISITS_PAGE,
    )
    .await?;
    let closed = welfare_case::Entity::find()
        .filter(welfare_case::Column::DongCode.eq(dong.as_str()))
        .filter(welfare_case::Column::Stage.eq(Stage::Closed.as_str()))
        .order_by_desc(welfare_case::Column::ClosedAt)
        .limit(CLOSED_SHOWN)
        .all(db)
        .await?;
    let lines = |rows: &[welfare_case::Model]| {
        rows.iter().map(|m| line(welfare, m, &names, now)).collect::<Result<Vec<_>, _>>()
    };
    let received: HashMap<i64, i64> = referred.iter().map(|m| (m.id, m.received_at.timestamp())).collect();
    let mut referrals = lines(&referred)?;
    sort_referrals(&mut referrals, &received);
    let (due_visits, closed) = (lines(&due.rows)?, lines(&closed)?);
    audit::record(
        db,
        actor.map(|a| a.user_id),
        AuditAction::CaseQueueRead,
        AuditScope::dong(dong),
        None,
        serde_json::json!({
            "referrals": referrals.len(),
            "due_page": due.page,
            "closed": closed.len(),
            // every case whose line (needs or programme, place) this read showed
            "cases": referrals.iter().chain(&due_visits).chain(&closed).map(|l| l.id).collect::<Vec<_>>(),
        }),
    )
    .await?;
    let scope = Scope::Dong(dong.clone());
    Ok(CaseQueue {
        dong: crate::geo::dong_dto(d),
        referrals,
        due_visits,
        due_total: due.total,
        due_page: due.page,
        due_pages: due.pages,
        closed,
        can_work: authz::can(actor, Action::WorkCases, &scope).is_ok(),
        can_take: authz::can(actor, Action::TakeReferral, &scope).is_ok(),
    })
}

/// The case and the dong it belongs to, if the actor may `action` on it. A case the actor may not
/// see is refused as forbidden (case numbers are a sequence: they tell nothing).
async fn case_for(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    action: Action,
    id: i64,
) -> Result<(welfare_case::Model, DongCode), AppError> {
    let m = welfare_case::Entity::find_by_id(id).one(db).await?;
    allowed(m, actor, action)
}

/// The case to change in `txn`, as `case_for`, its row locked until the transaction ends
/// (PostgreSQL; SQLite's write transaction holds the whole database): of two officials at once,
/// the second reads what the first left, and the times they write follow that order (a log
/// entry is never later than the close after it).
async fn case_to_change(
    txn: &DatabaseTransaction,
    actor: Option<&Actor>,
    id: i64,
) -> Result<(welfare_case::Model, DongCode), AppError> {
    let m = welfare_case::Entity::find_by_id(id).lock_exclusive().one(txn).await?;
    allowed(m, actor, Action::WorkCases)
}

/// The case found, if the actor may `action` on it (a missing case is "not found" to someone
/// signed in, "sign in" to anyone else).
fn allowed(
    m: Option<welfare_case::Model>,
    actor: Option<&Actor>,
    action: Action,
) -> Result<(welfare_case::Model, DongCode), AppError> {
    let Some(m) = m else {
        return Err(if actor.is_some() { AppError::NotFound } else { AppError::Unauthorized });
    };
    let dong = DongCode::parse(&m.dong_code).map_err(|_| corrupt(m.id, "dong_code"))?;
    authz::can(actor, action, &Scope::Dong(dong.clone()))?;
    Ok((m, dong))
}

/// A case with its log, for the dong's team and the district's supervisor. Audited.
pub async fn detail(
    db: &DatabaseConnection,
    welfare: &WelfareSettings,
    actor: Option<&Actor>,
    id: i64,
) -> Result<CaseDetail, AppError> {
    let (m, dong) = case_for(db, actor, Action::ViewCases, id).await?;
    let d = dong::Entity::find_by_id(dong.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let team = team(db, &dong).await?;
    let mut names = names_of(&team);
    let log = welfare_activity::Entity::find()
        .filter(welfare_activity::Column::CaseId.eq(id))
        .order_by_asc(welfare_activity::Column::OnDate)
        .order_by_asc(welfare_activity::Column::Id)
        .all(db)
        .await?;
    // officials who have left the team are still named in the log
    let missing: Vec<i64> = log.iter().filter_map(|a| a.official_id).filter(|id| !names.contains_key(id)).collect();
    if !missing.is_empty() {
        for (id, p) in places::people(db, missing).await? {
            names.insert(id, p);
        }
    }
    let mut activities = Vec::with_capacity(log.len());
    for a in &log {
        let findings = Fields::of_activity(&welfare.vault, a.id).open("findings", a.findings.as_deref())?;
        activities.push(ActivityLine {
            kind: a.kind.activity(),
            service: a.service.map(|s| *s),
            on_date: a.on_date.clone(),
            official: a.official_id.and_then(|id| names.get(&id).cloned()),
            findings,
        });
    }
    let fields = Fields::of_case(&welfare.vault, m.id);
    let contact = fields.open("contact", m.contact.as_deref())?;
    let detail = CaseDetail {
        line: line(welfare, &m, &names, now)?,
        dong: crate::geo::dong_dto(d),
        note: fields.open("note", m.note.as_deref())?,
        contact: (!contact.is_empty()).then_some(contact),
        may_contact: m.may_contact,
        activities,
        close_reason: m.close_reason.map(|r| *r),
        closed: m.closed_at.map(time_fmt::seoul_datetime),
        team,
        can_work: authz::can(actor, Action::WorkCases, &Scope::Dong(dong.clone())).is_ok(),
        today: time_fmt::seoul_date(now),
    };
    audit::record(
        db,
        actor.map(|a| a.user_id),
        AuditAction::CaseRead,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "case": id }),
    )
    .await?;
    Ok(detail)
}

/// Moves the case from `from` to `to` only if it is still at `from` (two officials at once: one
/// wins, the other is told the case changed).
async fn change_stage(
    txn: &impl ConnectionTrait,
    id: i64,
    from: Stage,
    set: Vec<(welfare_case::Column, sea_orm::sea_query::SimpleExpr)>,
) -> Result<(), AppError> {
    let mut q = welfare_case::Entity::update_many();
    for (col, value) in set {
        q = q.col_expr(col, value);
    }
    let done = q
        .filter(welfare_case::Column::Id.eq(id))
        .filter(welfare_case::Column::Stage.eq(from.as_str()))
        .exec(txn)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(AppError::Conflict(ErrorCode::CaseChanged)) }
}

/// The end of every change to a dong's cases: its audit event (naming the case, never its
/// content), then the commit.
async fn commit_audited(
    txn: DatabaseTransaction,
    actor: Option<&Actor>,
    action: AuditAction,
    dong: &DongCode,
    subject: Option<i64>,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(&txn, actor.map(|a| a.user_id), action, AuditScope::dong(dong), subject, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Gives the case to an officer or nurse of the dong's team (again, to hand it over).
pub async fn assign(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, official: i64) -> Result<(), AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let (m, dong) = case_to_change(&txn, actor, id).await?;
    let from = *m.stage;
    let to = welfare::step(from, Step::Assign).map_err(refusal)?;
    if !team(&txn, &dong).await?.iter().any(|o| o.id == official) {
        return Err(AppError::input(Field::Official, InputRule::NotChosen));
    }
    let now = Utc::now();
    change_stage(
        &txn,
        id,
        from,
        vec![
            (welfare_case::Column::Stage, Expr::value(to.as_str())),
            (welfare_case::Column::AssigneeId, Expr::value(official)),
            (welfare_case::Column::AssignedAt, Expr::value(m.assigned_at.unwrap_or(now))),
            (welfare_case::Column::LastActivityAt, Expr::value(now)),
        ],
    )
    .await?;
    commit_audited(txn, actor, AuditAction::CaseAssigned, &dong, Some(official), serde_json::json!({ "case": id }))
        .await?;
    Ok(())
}

/// What an official records in a case's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A contact attempt or a visit: the day, who, what was found.
    Activity { kind: ActivityKind, on: EntryDate, official: Option<i64>, findings: String },
    /// A service the case was linked to.
    Service { service: Service, on: EntryDate, findings: String },
}

impl Entry {
    /// From a form: `kind` is `contact_attempt`, `visit` or `service` (then `service` names it).
    pub fn parse(
        kind: &str,
        service: &str,
        on: &str,
        official: &str,
        findings: &str,
        today: EntryDate,
    ) -> Result<Entry, AppError> {
        let on = EntryDate::parse_not_after(on, today)?;
        let findings = text::bounded(Field::Findings, findings, 0, FINDINGS_MAX, true)?;
        if kind.trim() == "service" {
            return Ok(Entry::Service { service: Service::parse(service)?, on, findings });
        }
        let official = match official.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| AppError::input(Field::Official, InputRule::NotChosen))?),
        };
        Ok(Entry::Activity { kind: ActivityKind::parse(kind)?, on, official, findings })
    }
}

/// Records a contact attempt, a visit or a linked service on an assigned case. Returns the log
/// entry's id.
pub async fn record(
    db: &DatabaseConnection,
    welfare: &WelfareSettings,
    actor: Option<&Actor>,
    id: i64,
    entry: Entry,
) -> Result<i64, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let (m, dong) = case_to_change(&txn, actor, id).await?;
    let from = *m.stage;
    welfare::step(from, Step::Record).map_err(refusal)?;
    let now = Utc::now();
    let (kind, service, on, official, findings) = match entry {
        Entry::Activity { kind, on, official, findings } => {
            let official = official.or(actor.map(|a| a.user_id));
            if let Some(o) = official
                && !team(&txn, &dong).await?.iter().any(|t| t.id == o)
            {
                return Err(AppError::input(Field::Official, InputRule::NotChosen));
            }
            (LogKind::from(kind), None, on, official, findings)
        }
        Entry::Service { service, on, findings } => {
            (LogKind::Service, Some(service), on, actor.map(|a| a.user_id), findings)
        }
    };
    let row = welfare_activity::ActiveModel {
        case_id: Set(id),
        kind: Set(kind.into()),
        on_date: Set(on.to_string()),
        official_id: Set(official),
        service: Set(service.map(Into::into)),
        recorded_by: Set(actor.map(|a| a.user_id)),
        recorded_at: Set(now),
        ..Default::default()
    };
    let entry = insert_activity(&txn, &welfare.vault, row, &findings).await?;
    let mut set = vec![(welfare_case::Column::LastActivityAt, Expr::value(now))];
    if kind == LogKind::Visit && m.visited_at.is_none() {
        set.push((welfare_case::Column::VisitedAt, Expr::value(now)));
    }
    if service.is_some() && m.linked_at.is_none() {
        set.push((welfare_case::Column::LinkedAt, Expr::value(now)));
    }
    change_stage(&txn, id, from, set).await?;
    commit_audited(
        txn,
        actor,
        AuditAction::CaseActivity,
        &dong,
        None,
        serde_json::json!({ "case": id, "entry": entry, "kind": kind.as_str() }),
    )
    .await?;
    Ok(entry)
}

/// Closes the case with a reason. "Linked" needs a linked service in the log.
pub async fn close(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    reason: CloseReason,
) -> Result<(), AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let (m, dong) = case_to_change(&txn, actor, id).await?;
    let from = *m.stage;
    let to = welfare::step(from, Step::Close).map_err(refusal)?;
    if reason == CloseReason::Linked && m.linked_at.is_none() {
        return Err(AppError::Conflict(ErrorCode::CaseNotLinked));
    }
    let now = Utc::now();
    change_stage(
        &txn,
        id,
        from,
        vec![
            (welfare_case::Column::Stage, Expr::value(to.as_str())),
            (welfare_case::Column::ClosedAt, Expr::value(now)),
            (welfare_case::Column::CloseReason, Expr::value(reason.as_str())),
            (welfare_case::Column::LastActivityAt, Expr::value(now)),
        ],
    )
    .await?;
    commit_audited(
        txn,
        actor,
        AuditAction::CaseClosed,
        &dong,
        None,
        serde_json::json!({ "case": id, "reason": reason.as_str() }),
    )
    .await?;
    Ok(())
}

/// Imports a proactive visiting list (CSV: program, address, due month) as due visits of the
/// dong: all rows or none. Returns how many households were added.
pub async fn import_visits(
    db: &DatabaseConnection,
    welfare: &WelfareSettings,
    actor: Option<&Actor>,
    dong: &DongCode,
    csv: &str,
) -> Result<usize, AppError> {
    authz::can(actor, Action::WorkCases, &Scope::Dong(dong.clone()))?;
    dong::Entity::find_by_id(dong.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let visits = welfare::parse_visiting_list(csv).map_err(|errors| {
        let first = errors.first().map_or(1, |e| e.line);
        let said: Vec<String> = errors.iter().take(5).map(|e| format!("line {}: {}", e.line, e.reason)).collect();
        AppError::Invalid {
            field: "list".into(),
            message: said.join("; "),
            code: ErrorCode::Input {
                field: Field::List,
                rule: InputRule::OnLine { line: u32::try_from(first).unwrap_or(u32::MAX) },
            },
        }
    })?;
    if visits.is_empty() {
        return Err(AppError::input(Field::List, InputRule::Empty));
    }
    let now = Utc::now();
    let month = time_fmt::seoul_date(now)[..7].to_owned();
    let txn = crate::transaction::begin_write(db).await?;
    for v in &visits {
        let row = welfare_case::ActiveModel {
            dong_code: Set(dong.as_str().to_owned()),
            kind: Set(CaseKind::DueVisit.into()),
            origin: Set(Origin::VisitingList.into()),
            urgency: Set(Urgency::Whenever.into()),
            stage: Set(Stage::Received.into()),
            due_month: Set(Some(format!("{:04}-{:02}", v.due.year, v.due.month))),
            received_at: Set(now),
            received_month: Set(month.clone()),
            ..Default::default()
        };
        let text = CaseText { program: Some(v.program.as_str()), place: Some(&v.address), ..CaseText::default() };
        insert_case(&txn, &welfare.vault, row, text).await?;
    }
    commit_audited(
        txn,
        actor,
        AuditAction::VisitingListImported,
        dong,
        None,
        serde_json::json!({ "households": visits.len() }),
    )
    .await?;
    Ok(visits.len())
}

/// The district supervisor's page: each dong's open and flagged cases, and every flagged case.
/// Audited as one read naming every case it showed (in the welfare audit scope).
pub async fn oversight(
    db: &DatabaseConnection,
    welfare: &WelfareSettings,
    actor: Option<&Actor>,
    district: &DistrictCode,
) -> Result<DistrictOversight, AppError> {
    authz::can(actor, Action::ViewCases, &Scope::District(district.clone()))?;
    let place = places::districts(db).await?.remove(district.as_str()).ok_or(AppError::NotFound)?;
    let dongs = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(district.as_str()))
        .filter(dong::Column::Active.eq(true))
        .order_by_asc(dong::Column::Code)
        .all(db)
        .await?;
    let open = welfare_case::Entity::find()
        .filter(welfare_case::Column::DongCode.is_in(dongs.iter().map(|d| d.code.clone())))
        .filter(welfare_case::Column::Stage.ne(Stage::Closed.as_str()))
        .order_by_asc(welfare_case::Column::Id)
        .all(db)
        .await?;
    let now = Utc::now();
    let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
    let mut flagged_rows = Vec::new();
    for m in &open {
        let f = flags_of(m, now)?;
        let c = counts.entry(m.dong_code.as_str()).or_default();
        c.0 += 1;
        if f.any() {
            c.1 += 1;
            flagged_rows.push(m);
        }
    }
    let assignees: Vec<i64> = flagged_rows.iter().filter_map(|m| m.assignee_id).collect();
    let names = places::people(db, assignees).await?;
    let received: HashMap<i64, i64> = flagged_rows.iter().map(|m| (m.id, m.received_at.timestamp())).collect();
    let mut flagged = flagged_rows.iter().map(|m| line(welfare, m, &names, now)).collect::<Result<Vec<_>, _>>()?;
    sort_referrals(&mut flagged, &received);
    let workload = dongs
        .into_iter()
        .map(|d| {
            let (open, flagged) = counts.get(d.code.as_str()).copied().unwrap_or_default();
            DongWorkload {
                dong: contract::dto::Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en },
                open,
                flagged,
            }
        })
        .collect();
    audit::record(
        db,
        actor.map(|a| a.user_id),
        AuditAction::CaseQueueRead,
        AuditScope::district(district),
        None,
        serde_json::json!({
            "flagged": flagged.len(),
            // the cases whose lines (needs, place) the supervisor was shown
            "cases": flagged.iter().map(|l| l.id).collect::<Vec<_>>(),
        }),
    )
    .await?;
    Ok(DistrictOversight { district: place, dongs: workload, flagged })
}
