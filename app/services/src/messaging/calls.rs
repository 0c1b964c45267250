//! The center's call list (issue 42, item 5): residents with no e-mail or phone of their own ask
//! at the counter to be told of some topics by a call or a visit. The member of staff records
//! it with the resident's consent (and a number, sealed like an address); from then on each
//! notice of those topics also puts an entry on the dong's call list (`fanout`, in the notice's
//! transaction). Staff print the list, tell the resident, and mark the entry done (audited).
//! Messages that could not be delivered after every try are shown beside it: staff try them
//! again or put them on the list.
//!
//! Only the staff of the resident's dong keep the list (`Action::RunCallList`); nobody records
//! a request for themselves (also a CHECK in the database), and the resident is told of it under
//! their bell and at every address they confirmed.

use super::MessagingSettings;
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, call_list_entry, call_request, outbox_message, user};
use crate::identity;
use crate::notices::{self, About};
use crate::time_fmt::seoul_datetime;
use chrono::Utc;
use contract::dto::{CallEntry, CallListView, CallRequestRow, FailedMessageRow};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::messaging::{self, DeliveryState, PhoneNumber, Topic};
use domain::moderation::NoticeKind;
use domain::{Field, InputRule};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

/// Topics whose undelivered messages the center's staff never see: a referrer's receipt is
/// between them and the welfare team; account messages (a confirmation link, a warning, a role
/// proposed) are the person's own.
const HIDDEN_FROM_STAFF: [Topic; 2] = [Topic::WelfareReceipt, Topic::Account];

/// The accounts with a current residency in `dong`, as a subquery (a dong's every resident is
/// more parameters than a statement takes).
fn residents_of(dong: &DongCode) -> sea_orm::sea_query::SelectStatement {
    use crate::entities::residency;
    sea_orm::sea_query::Query::select()
        .column(residency::Column::UserId)
        .from(residency::Entity)
        .and_where(residency::Column::DongCode.eq(dong.as_str()))
        .cond_where(current_residency())
        .to_owned()
}

/// A residency that has not ended and not expired.
fn current_residency() -> sea_orm::Condition {
    use crate::entities::residency;
    sea_orm::Condition::all().add(residency::Column::EndedAt.is_null()).add(
        sea_orm::Condition::any()
            .add(residency::Column::ExpiresAt.is_null())
            .add(residency::Column::ExpiresAt.gt(Utc::now())),
    )
}

/// The channel word a call request's number is sealed under.
const SEALED_AS: &str = "call";
/// Entries told lately, shown under the open ones.
const DONE_SHOWN: u64 = 20;
/// Undelivered messages shown.
const FAILED_SHOWN: u64 = 100;

/// The page: open entries (the oldest first), the latest done, the requests, the undelivered.
pub async fn page(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: Option<&Actor>,
    dong: &DongCode,
) -> Result<CallListView, AppError> {
    authz::can(actor, Action::RunCallList, &Scope::Dong(dong.clone()))?;
    let open_q = call_list_entry::Entity::find()
        .filter(call_list_entry::Column::DongCode.eq(dong.as_str()))
        .filter(call_list_entry::Column::DoneAt.is_null());
    let open_count = open_q.clone().count(db).await?;
    let open = open_q.order_by_asc(call_list_entry::Column::Id).limit(CallListView::SHOWN).all(db).await?;
    let done = call_list_entry::Entity::find()
        .filter(call_list_entry::Column::DongCode.eq(dong.as_str()))
        .filter(call_list_entry::Column::DoneAt.is_not_null())
        .order_by_desc(call_list_entry::Column::DoneAt)
        .limit(DONE_SHOWN)
        .all(db)
        .await?;
    // a request is the center's while the person lives in the dong
    let requests = call_request::Entity::find()
        .filter(call_request::Column::DongCode.eq(dong.as_str()))
        .filter(call_request::Column::WithdrawnAt.is_null())
        .filter(call_request::Column::UserId.in_subquery(residents_of(dong)))
        .order_by_asc(call_request::Column::UserId)
        .all(db)
        .await?;
    let failed = outbox_message::Entity::find()
        .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Failed)))
        .filter(outbox_message::Column::RecipientId.in_subquery(residents_of(dong)))
        .filter(outbox_message::Column::Topic.is_not_in(HIDDEN_FROM_STAFF.map(Stored)))
        .order_by_desc(outbox_message::Column::Id)
        .limit(FAILED_SHOWN)
        .all(db)
        .await?;

    let mut people: Vec<i64> = open.iter().chain(&done).map(|e| e.user_id).collect();
    people.extend(done.iter().filter_map(|e| e.done_by));
    people.extend(requests.iter().flat_map(|r| [r.user_id, r.recorded_by]));
    people.extend(failed.iter().map(|m| m.recipient_id));
    let names = names(db, people).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let phones: HashMap<i64, String> = requests
        .iter()
        .filter_map(|r| Some((r.user_id, phone_of(settings, r).transpose()?)))
        .map(|(id, phone)| phone.map(|p| (id, p)))
        .collect::<Result<_, _>>()?;
    let entry = |e: &call_list_entry::Model| CallEntry {
        id: e.id,
        account: e.user_id,
        name: name(e.user_id),
        phone: phones.get(&e.user_id).cloned(),
        event: e.event.clone(),
        subject: e.subject.clone(),
        path: e.path.clone(),
        since: seoul_datetime(e.created_at),
        done: e.done_at.map(|at| format!("{} · {}", seoul_datetime(at), e.done_by.map(name).unwrap_or_default())),
    };
    Ok(CallListView {
        dong: crate::places::dong(db, dong).await?,
        open: open.iter().map(entry).collect(),
        more: open_count.saturating_sub(CallListView::SHOWN),
        done: done.iter().map(entry).collect(),
        requests: requests
            .iter()
            .map(|r| CallRequestRow {
                account: r.user_id,
                name: name(r.user_id),
                phone: phones.get(&r.user_id).cloned(),
                topics: topics_of(r),
                consented: seoul_datetime(r.consented_at),
                recorded_by: name(r.recorded_by),
            })
            .collect(),
        failed: failed
            .iter()
            .map(|m| FailedMessageRow {
                id: m.id,
                account: m.recipient_id,
                name: name(m.recipient_id),
                channel: m.channel.0,
                event: m.event.clone(),
                subject: super::compose::payload_str(m, "subject").unwrap_or_default(),
                reason: m.last_error.clone().unwrap_or_default(),
                at: seoul_datetime(m.created_at),
            })
            .collect(),
    })
}

/// What a member of staff records at the counter: who, the topics, their number if they gave one,
/// and whether the consent box was ticked.
#[derive(Debug, Clone)]
pub struct CallRequestInput {
    pub user_id: i64,
    pub topics: Vec<Topic>,
    pub phone: Option<PhoneNumber>,
    pub consent: bool,
}

/// Records at the counter that a verified resident of `dong` asked to be told of some topics by
/// a call or a visit, with their consent (heard by the actor) and, if they gave one, their
/// number. Recording again replaces the topics and the number.
pub async fn record(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: Option<&Actor>,
    dong: &DongCode,
    input: CallRequestInput,
) -> Result<(), AppError> {
    authz::can(actor, Action::RunCallList, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let CallRequestInput { user_id, topics, phone, consent } = input;
    if me.user_id == user_id {
        return Err(AppError::Conflict(ErrorCode::NotForYourself));
    }
    let person = identity::load_actor(db, user_id).await?.ok_or(AppError::NotFound)?;
    if !person.is_verified_resident_of(dong) {
        return Err(AppError::Conflict(ErrorCode::ResidentLivesElsewhere));
    }
    if !consent {
        return Err(AppError::input(Field::Confirm, InputRule::NotConfirmed));
    }
    let words = messaging::parse_call_topics(&topics.iter().map(|t| t.as_str()).collect::<Vec<_>>())?
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let sealed = phone.as_ref().map(|p| settings.keys.seal_address(user_id, SEALED_AS, p.digits())).transpose()?;
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    call_request::Entity::insert(call_request::ActiveModel {
        user_id: Set(user_id),
        dong_code: Set(dong.as_str().to_owned()),
        topics: Set(words.clone()),
        phone_sealed: Set(sealed),
        consented_at: Set(now),
        consent_version: Set(messaging::CALL_CONSENT_VERSION.to_owned()),
        recorded_by: Set(me.user_id),
        withdrawn_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(call_request::Column::UserId)
            .update_columns([
                call_request::Column::DongCode,
                call_request::Column::Topics,
                call_request::Column::PhoneSealed,
                call_request::Column::ConsentedAt,
                call_request::Column::ConsentVersion,
                call_request::Column::RecordedBy,
                call_request::Column::WithdrawnAt,
                call_request::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::CallRequestRecorded,
        AuditScope::dong(dong),
        Some(user_id),
        serde_json::json!({ "topics": words, "phone": phone.is_some() }),
    )
    .await?;
    notices::notify(&txn, [user_id], Some(me.user_id), NoticeKind::CallsRecorded, About::default(), "").await?;
    txn.commit().await?;
    Ok(())
}

/// Records that the resident asked to stop being called: the request ends and its number is
/// removed (the row stays, with when, as the record of the consent).
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    user_id: i64,
) -> Result<(), AppError> {
    authz::can(actor, Action::RunCallList, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    let done = call_request::Entity::update_many()
        .col_expr(call_request::Column::WithdrawnAt, Expr::value(Utc::now()))
        .col_expr(call_request::Column::PhoneSealed, Expr::value(Option::<String>::None))
        .col_expr(call_request::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(call_request::Column::UserId.eq(user_id))
        .filter(call_request::Column::DongCode.eq(dong.as_str()))
        .filter(call_request::Column::WithdrawnAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::CallListChanged));
    }
    // nothing more is told them: what was waiting goes too (no visit to someone who asked not)
    call_list_entry::Entity::delete_many()
        .filter(call_list_entry::Column::UserId.eq(user_id))
        .filter(call_list_entry::Column::DongCode.eq(dong.as_str()))
        .filter(call_list_entry::Column::DoneAt.is_null())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::CallRequestWithdrawn,
        AuditScope::dong(dong),
        Some(user_id),
        serde_json::json!({}),
    )
    .await?;
    notices::notify(&txn, [user_id], Some(me.user_id), NoticeKind::CallsRecorded, About::default(), "").await?;
    txn.commit().await?;
    Ok(())
}

/// Marks an entry told (once: a second member of staff marking it too is told it is done).
pub async fn done(db: &DatabaseConnection, actor: Option<&Actor>, entry_id: i64) -> Result<(), AppError> {
    let e = call_list_entry::Entity::find_by_id(entry_id).one(db).await?.ok_or(AppError::NotFound)?;
    let dong = DongCode::parse(&e.dong_code)?;
    authz::can(actor, Action::RunCallList, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    let marked = call_list_entry::Entity::update_many()
        .col_expr(call_list_entry::Column::DoneAt, Expr::value(Utc::now()))
        .col_expr(call_list_entry::Column::DoneBy, Expr::value(me.user_id))
        .filter(call_list_entry::Column::Id.eq(entry_id))
        .filter(call_list_entry::Column::DoneAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::CallListChanged));
    }
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::CallDone,
        AuditScope::dong(&dong),
        Some(e.user_id),
        serde_json::json!({ "entry": entry_id, "event": e.event }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What staff do with a message that could not be delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rescue {
    /// Try it again from the start (the relay was down for long, the address works again).
    Retry,
    /// Tell the resident by a call or a visit instead: the message moves to the call list.
    Call,
}

/// Handles an undelivered message of a resident of the actor's dong.
pub async fn rescue(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    message_id: i64,
    how: Rescue,
) -> Result<(), AppError> {
    authz::can(actor, Action::RunCallList, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let m = outbox_message::Entity::find_by_id(message_id).one(db).await?.ok_or(AppError::NotFound)?;
    let resident = identity::load_actor(db, m.recipient_id).await?.is_some_and(|p| p.is_verified_resident_of(dong));
    if !resident || HIDDEN_FROM_STAFF.contains(&m.topic.0) {
        return Err(AppError::NotFound);
    }
    let txn = crate::transaction::begin_write(db).await?;
    let failed = |q: sea_orm::UpdateMany<outbox_message::Entity>| {
        q.filter(outbox_message::Column::Id.eq(message_id))
            .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Failed)))
    };
    let (changed, action) = match how {
        Rescue::Retry => {
            let res = failed(outbox_message::Entity::update_many())
                .col_expr(outbox_message::Column::State, Expr::value(Stored(DeliveryState::Pending)))
                .col_expr(outbox_message::Column::Attempts, Expr::value(0))
                // what can wait still waits out the quiet hours
                .col_expr(outbox_message::Column::NotBefore, Expr::value(super::outbox::retry_at(&m, Utc::now())))
                .col_expr(outbox_message::Column::LastError, Expr::value(Option::<String>::None))
                .exec(&txn)
                .await?;
            (res.rows_affected, AuditAction::MessageRetried)
        }
        Rescue::Call => {
            let gone = outbox_message::Entity::delete_many()
                .filter(outbox_message::Column::Id.eq(message_id))
                .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Failed)))
                .exec(&txn)
                .await?;
            if gone.rows_affected == 1 {
                let entry = NewEntry {
                    user_id: m.recipient_id,
                    dong: dong.clone(),
                    event: m.event.clone(),
                    subject: super::compose::payload_str(&m, "subject").unwrap_or_default(),
                    path: super::compose::payload_str(&m, "path"),
                    dedup_key: format!("undelivered:{}", m.identity),
                };
                add(&txn, vec![entry]).await?;
            }
            (gone.rows_affected, AuditAction::MessageToCallList)
        }
    };
    if changed == 0 {
        return Err(AppError::Conflict(ErrorCode::CallListChanged));
    }
    let detail = serde_json::json!({ "message": message_id, "event": m.event, "channel": m.channel.0.as_str() });
    audit::record(&txn, Some(me.user_id), action, AuditScope::dong(dong), Some(m.recipient_id), detail).await?;
    txn.commit().await?;
    Ok(())
}

/// An entry to put on a call list.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub user_id: i64,
    pub dong: DongCode,
    pub event: String,
    pub subject: String,
    pub path: Option<String>,
    pub dedup_key: String,
}

/// Of `users`, those who asked to be called about `topic`, with the dong whose center calls them.
pub async fn callers_for(
    db: &impl ConnectionTrait,
    users: &[i64],
    topic: Topic,
) -> Result<Vec<(i64, DongCode)>, AppError> {
    if !topic.is_choosable() || users.is_empty() {
        return Ok(Vec::new());
    }
    let rows = call_request::Entity::find()
        .filter(call_request::Column::UserId.is_in(users.iter().copied()))
        .filter(call_request::Column::WithdrawnAt.is_null())
        .all(db)
        .await?;
    let asking: Vec<&call_request::Model> = rows.iter().filter(|r| topics_of(r).contains(&topic)).collect();
    if asking.is_empty() {
        return Ok(Vec::new());
    }
    // a request is the center's while the person lives in its dong: someone who moved is no
    // longer called by the old center (their number stays sealed until they ask again)
    use crate::entities::residency;
    let living: HashSet<(i64, String)> = residency::Entity::find()
        .select_only()
        .column(residency::Column::UserId)
        .column(residency::Column::DongCode)
        .filter(residency::Column::UserId.is_in(asking.iter().map(|r| r.user_id)))
        .filter(current_residency())
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(asking
        .into_iter()
        .filter(|r| living.contains(&(r.user_id, r.dong_code.clone())))
        .filter_map(|r| Some((r.user_id, DongCode::parse(&r.dong_code).ok()?)))
        .collect())
}

/// Puts entries on their dongs' call lists (one per person and key: the same notice twice is
/// one call).
pub async fn add(db: &impl ConnectionTrait, entries: Vec<NewEntry>) -> Result<(), AppError> {
    if entries.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    for chunk in entries.chunks(500) {
        call_list_entry::Entity::insert_many(chunk.iter().map(|e| call_list_entry::ActiveModel {
            user_id: Set(e.user_id),
            dong_code: Set(e.dong.as_str().to_owned()),
            event: Set(e.event.chars().take(30).collect()),
            subject: Set(e.subject.chars().take(200).collect()),
            path: Set(e.path.clone().map(|p| p.chars().take(200).collect())),
            dedup_key: Set(super::outbox::dedup_column(&e.dedup_key)),
            created_at: Set(now),
            done_at: Set(None),
            done_by: Set(None),
            ..Default::default()
        }))
        .on_conflict(
            OnConflict::columns([call_list_entry::Column::UserId, call_list_entry::Column::DedupKey])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

fn topics_of(r: &call_request::Model) -> Vec<Topic> {
    r.topics.split(',').filter_map(|w| Topic::parse_choosable(w).ok()).collect()
}

fn phone_of(settings: &MessagingSettings, r: &call_request::Model) -> Result<Option<String>, AppError> {
    let Some(sealed) = &r.phone_sealed else { return Ok(None) };
    let digits = settings.keys.open_address(r.user_id, SEALED_AS, sealed)?;
    Ok(digits.and_then(|d| PhoneNumber::parse(&d).ok()).map(|p| p.grouped()))
}

async fn names(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
