//! Reminders: notices sent because a time draws near, not because someone acted
//! (`domain::messaging::Reminder` says which, when and to whom). Every app server sweeps once a
//! minute; each reminder is recorded in `reminders_sent` (what it is about, which, for which
//! time) in the transaction that notifies, and the row's primary key makes it go out once
//! however many servers sweep at once — and again only when the time it is for moves.

use crate::entities::{agenda_item, assembly, booking, participation, reminder_sent, space, user};
use crate::identity;
use crate::notices::{self, About};
use crate::time_fmt::{from_local_minute, local_minute, seoul_datetime};
use chrono::{DateTime, Duration, Utc};
use contract::error::AppError;
use domain::assembly::AssemblyStatus;
use domain::booking::Status;
use domain::geo::DongCode;
use domain::messaging::Reminder;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set};
use std::collections::HashSet;

/// What one sweep sent: (reminder, what it is about — `assembly:7`, `booking:3` —, people told);
/// a reminder another sweep sent first is not in it.
pub type Swept = Vec<(Reminder, String, usize)>;

/// Sends every reminder due at `now` that has not gone out yet.
pub async fn sweep(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Swept, AppError> {
    let mut swept = Swept::new();
    let horizon = now + Duration::minutes(Reminder::HORIZON_MINUTES);
    let minute = local_minute(now);

    let assemblies = assembly::Entity::find()
        .filter(
            assembly::Column::Status.is_in([AssemblyStatus::Announced.as_str(), AssemblyStatus::PreVoting.as_str()]),
        )
        .filter(assembly::Column::SessionStartsAt.gt(now))
        .filter(assembly::Column::SessionStartsAt.lte(horizon))
        .all(db)
        .await?;
    for a in assemblies {
        let at = local_minute(a.session_starts_at);
        // known since it was made, or since its times last moved
        let known = local_minute(a.rescheduled_at.unwrap_or(a.created_at).max(a.created_at));
        let mut due = vec![Reminder::SessionIn48h, Reminder::SessionIn2h];
        if *a.status == AssemblyStatus::PreVoting {
            due.push(Reminder::PreVotingCloses);
        }
        // the demo's assemblies are for looking at: no one is reminded of them
        if user::Entity::find_by_id(a.created_by).one(db).await?.is_none_or(|u| u.is_demo) {
            continue;
        }
        for r in due.into_iter().filter(|r| r.is_due(at, known, minute)) {
            // one assembly's trouble is its own: the others are still reminded
            match remind_assembly(db, &a, r, at).await {
                Ok(Some(told)) => swept.push((r, About::assembly(a.id).key(), told)),
                Ok(None) => {}
                Err(e) => tracing::error!(error = ?e, assembly = a.id, reminder = r.as_str(), "a reminder failed"),
            }
        }
    }

    let bookings = booking::Entity::find()
        .filter(booking::Column::Status.eq(Status::Confirmed.as_str()))
        .filter(booking::Column::StartsAt.gt(now))
        .filter(booking::Column::StartsAt.lte(horizon))
        .filter(booking::Column::WalkInName.is_null())
        .filter(booking::Column::AssemblyId.is_null())
        .all(db)
        .await?;
    for b in bookings {
        let at = local_minute(b.starts_at);
        let known = local_minute(b.decided_at.unwrap_or(b.created_at));
        let r = Reminder::BookingTomorrow;
        if r.is_due(at, known, minute) {
            match remind_booking(db, &b, at).await {
                Ok(true) => swept.push((r, About::booking(b.id).key(), 1)),
                Ok(false) => {}
                Err(e) => tracing::error!(error = ?e, booking = b.id, "a reminder failed"),
            }
        }
    }
    Ok(swept)
}

/// Records the reminder `r` about `subject` for the time `at` in `txn`; false if it is already
/// recorded (sent by this or another server).
async fn record_once(txn: &impl ConnectionTrait, subject: &str, r: Reminder, at: i64) -> Result<bool, AppError> {
    let done = reminder_sent::Entity::insert(reminder_sent::ActiveModel {
        subject: Set(subject.to_owned()),
        reminder: Set(r.as_str().to_owned()),
        due_at: Set(from_local_minute(r.due_at(at))),
        sent_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            reminder_sent::Column::Subject,
            reminder_sent::Column::Reminder,
            reminder_sent::Column::DueAt,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(done == 1)
}

/// Tells the assembly's people reminder `r` for its session at `at`: how many, or `None` if it was
/// sent already.
async fn remind_assembly(
    db: &DatabaseConnection,
    a: &assembly::Model,
    r: Reminder,
    at: i64,
) -> Result<Option<usize>, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    if !record_once(&txn, &About::assembly(a.id).key(), r, at).await? {
        return Ok(None);
    }
    let dong = DongCode::parse(&a.dong_code)?;
    let mut people: HashSet<i64> = identity::verified_residents(&txn, &dong).await?.into_iter().collect();
    if r == Reminder::PreVotingCloses {
        // whether they took part, never what they chose
        let items: Vec<i64> = agenda_item::Entity::find()
            .select_only()
            .column(agenda_item::Column::Id)
            .filter(agenda_item::Column::AssemblyId.eq(a.id))
            .into_tuple()
            .all(&txn)
            .await?;
        let voted: Vec<i64> = participation::Entity::find()
            .select_only()
            .column(participation::Column::UserId)
            .distinct()
            .filter(participation::Column::ItemId.is_in(items))
            .into_tuple()
            .all(&txn)
            .await?;
        for v in voted {
            people.remove(&v);
        }
        // and only those old enough to vote in it (the ballot refuses the others)
        let bylaws = crate::assemblies::bylaws_of(a);
        let year = crate::time_fmt::seoul_year(a.session_starts_at);
        let listed: Vec<i64> = people.iter().copied().collect();
        for chunk in listed.chunks(1_000) {
            let born: Vec<(i64, Option<i32>)> = user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .column(user::Column::BirthYear)
                .filter(user::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&txn)
                .await?;
            for (id, birth_year) in born {
                if !bylaws.old_enough(birth_year, year) {
                    people.remove(&id);
                }
            }
        }
    }
    let subject = format!("{} ({})", a.title, seoul_datetime(a.session_starts_at));
    let told = people.len();
    notices::notify(&txn, people, None, r.notice(), About::assembly(a.id), &subject).await?;
    txn.commit().await?;
    Ok(Some(told))
}

/// Tells a booker their booking at `at` is within a day; false if it was told already.
async fn remind_booking(db: &DatabaseConnection, b: &booking::Model, at: i64) -> Result<bool, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    if !record_once(&txn, &About::booking(b.id).key(), Reminder::BookingTomorrow, at).await? {
        return Ok(false);
    }
    let name = space::Entity::find_by_id(b.space_id).one(&txn).await?.map(|s| s.name).unwrap_or_default();
    let subject = format!("{name} ({})", seoul_datetime(b.starts_at));
    notices::notify(&txn, [b.booker_id], None, Reminder::BookingTomorrow.notice(), About::booking(b.id), &subject)
        .await?;
    txn.commit().await?;
    Ok(true)
}
