//! Online ballots: eligibility, one channel per resident and assembly, open ballots by name,
//! secret ballots sealed until the close.

use super::agenda::items_of;
use super::bylaws::bylaws_of;
use super::{dong_of, find};
use crate::crypto::{BallotKey, BallotSeal};
use crate::entities::{
    agenda_item, agenda_option, assembly, assembly_channel, ballot_key, open_ballot, participation, sealed_ballot,
    secret_ballot, user,
};
use crate::time_fmt;
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::assembly::{self as rules, BallotKind, Choice, ItemKind, OptionRef};
use domain::authz::{self, Action, Actor, Scope};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// How an item is decided, from its stored form.
pub(crate) fn kind_of(item: &agenda_item::Model) -> Result<BallotKind, AppError> {
    Ok(match *item.kind {
        ItemKind::ApproveReject => BallotKind::ApproveReject,
        ItemKind::SingleChoice => BallotKind::SingleChoice,
        ItemKind::Approval => BallotKind::Approval { max: u8::try_from(item.approval_max.unwrap_or(1)).unwrap_or(1) },
        ItemKind::Budget => BallotKind::Budget { budget_won: item.budget_won.unwrap_or(0) },
    })
}

/// What a resident may choose on an item: its kind and options.
pub(crate) async fn ballot_of(
    db: &impl ConnectionTrait,
    item: &agenda_item::Model,
) -> Result<(BallotKind, Vec<OptionRef>), AppError> {
    let options: Vec<OptionRef> = agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.eq(item.id))
        .order_by_asc(agenda_option::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OptionRef { id: o.id, cost_won: o.cost_won })
        .collect();
    Ok((kind_of(item)?, options))
}

/// The size every secret ballot of an item is padded to before it is sealed, so that all its
/// sealed ballots have one length whatever they say. It has room for the longest choice any kind
/// allows — every option chosen, each option id at its longest (an `i64`: 20 characters and a
/// comma), in `{"Options":[…]}`, which is longer than `"Approve"`, `"Abstain"` and `"Reject"` —
/// rounded up to 64 bytes. It depends on the number of options alone, which is fixed with the
/// agenda at the announcement (`agenda_open`), so every voter's ballot on the item gets the same
/// size.
pub fn sealed_size(options: usize) -> usize {
    /// `{"Options":[]}`: the longest choice without options (`"Approve"` and `"Abstain"` are 9).
    const LIST: usize = 14;
    /// An option id at its longest (`-9223372036854775808`) and its comma.
    const ID: usize = 21;
    // and one byte for the padding's marker
    (LIST + ID * options + 1).div_ceil(64) * 64
}

/// The random key of the assembly's secret ballots, made now if it has none: inside the caller's
/// transaction, after the assembly's status was checked under lock (`cast`) or changed (the
/// opening of the vote), so the close, which deletes the key, is ordered before or after, never
/// across. Two first voters at once make one key: the primary key lets one insert win and the
/// other reads the winner's row (PostgreSQL's insert waits for the winner's commit; SQLite's
/// writers are serial).
pub(super) async fn key_of(
    txn: &impl ConnectionTrait,
    seal: &BallotSeal,
    assembly_id: i64,
) -> Result<BallotKey, AppError> {
    if let Some(row) = ballot_key::Entity::find_by_id(assembly_id).one(txn).await? {
        return unwrap_key(seal, &row);
    }
    let (key, wrapped) = seal.new_key(assembly_id)?;
    let inserted =
        ballot_key::Entity::insert(ballot_key::ActiveModel { assembly_id: Set(assembly_id), wrapped: Set(wrapped) })
            .on_conflict(OnConflict::column(ballot_key::Column::AssemblyId).do_nothing().to_owned())
            .exec_without_returning(txn)
            .await?
            == 1;
    if inserted {
        return Ok(key);
    }
    let row = ballot_key::Entity::find_by_id(assembly_id).one(txn).await?.ok_or_else(|| {
        tracing::error!(assembly = assembly_id, "a ballot key was made at the same time and is gone");
        AppError::Internal
    })?;
    unwrap_key(seal, &row)
}

fn unwrap_key(seal: &BallotSeal, row: &ballot_key::Model) -> Result<BallotKey, AppError> {
    seal.unwrap_key(row.assembly_id, &row.wrapped)?.ok_or_else(|| {
        tracing::error!(
            assembly = row.assembly_id,
            "a ballot key does not open: UD_SECRET must not change while a vote is open"
        );
        AppError::Internal
    })
}

/// Deletes the assembly's ballot key: at the close, once its ballots are opened, and when it is
/// cancelled. Nothing opens its sealed ballots after.
pub(super) async fn destroy_key(txn: &impl ConnectionTrait, assembly_id: i64) -> Result<(), AppError> {
    ballot_key::Entity::delete_many().filter(ballot_key::Column::AssemblyId.eq(assembly_id)).exec(txn).await?;
    Ok(())
}

/// How a cast went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cast {
    /// A first ballot on this item.
    Recorded,
    /// An open ballot, changed.
    Changed,
}

/// Casts a resident's online ballot on one item.
pub async fn cast(
    db: &DatabaseConnection,
    seal: &BallotSeal,
    actor: Option<&Actor>,
    item_id: i64,
    choice: Choice,
) -> Result<Cast, AppError> {
    let item = agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(AppError::NotFound)?;
    let a = find(db, item.assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::Vote, &Scope::Dong(dong))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if !a.status.accepts_online_ballots() {
        return Err(AppError::Conflict(ErrorCode::VotingNotOpen));
    }
    let bylaws = bylaws_of(&a);
    let birth_year = user::Entity::find_by_id(me.user_id).one(db).await?.and_then(|u| u.birth_year);
    if !bylaws.old_enough(birth_year, time_fmt::seoul_year(a.session_starts_at)) {
        return Err(AppError::Forbidden);
    }
    let (kind, options) = ballot_of(db, &item).await?;
    let choice = rules::validate_choice(kind, &options, choice)?;
    let stored = serde_json::to_string(&choice).map_err(|e| {
        tracing::error!(error = %e, "cannot serialise a choice");
        AppError::Internal
    })?;

    let txn = crate::transaction::begin_write(db).await?;
    let now = Utc::now();
    // One channel per resident and assembly: the first recorded wins (online here, paper at the
    // door), whatever the concurrency.
    if claim_channel(&txn, a.id, me.user_id, Channel::Online).await? != Channel::Online {
        return Err(AppError::Conflict(ErrorCode::VotingOnPaper));
    }
    let new = participation::Entity::insert(participation::ActiveModel {
        item_id: Set(item_id),
        user_id: Set(me.user_id),
        channel: Set(Channel::Online.into()),
        at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([participation::Column::ItemId, participation::Column::UserId]).do_nothing().to_owned(),
    )
    .exec_without_returning(&txn)
    .await?
        == 1;
    // Still open? Read after the first write: SQLite then holds its write lock, so nothing can
    // close the vote in between; on PostgreSQL the close's row lock waits for this shared one (or
    // this read waits for the close and sees it).
    let current = assembly::Entity::find_by_id(a.id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !current.status.accepts_online_ballots() {
        return Err(AppError::Conflict(ErrorCode::VotingNotOpen));
    }
    let outcome = if new {
        if bylaws.secret_ballot {
            let key = key_of(&txn, seal, a.id).await?;
            sealed_ballot::ActiveModel {
                id: Set(random_key()),
                item_id: Set(item_id),
                sealed: Set(seal.seal(&key, item_id, &stored, sealed_size(options.len()))?),
            }
            .insert(&txn)
            .await?;
        } else {
            open_ballot::ActiveModel {
                item_id: Set(item_id),
                user_id: Set(me.user_id),
                choice: Set(stored),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        Cast::Recorded
    } else {
        let existing = participation::Entity::find_by_id((item_id, me.user_id)).one(&txn).await?;
        match existing.map(|p| p.channel) {
            Some(c) if c == Channel::Paper => return Err(AppError::Conflict(ErrorCode::VotingOnPaper)),
            _ if bylaws.secret_ballot => return Err(AppError::Conflict(ErrorCode::AlreadyVoted)),
            _ => {
                open_ballot::Entity::update_many()
                    .col_expr(open_ballot::Column::Choice, sea_orm::sea_query::Expr::value(stored))
                    .col_expr(open_ballot::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                    .filter(open_ballot::Column::ItemId.eq(item_id))
                    .filter(open_ballot::Column::UserId.eq(me.user_id))
                    .exec(&txn)
                    .await?;
                Cast::Changed
            }
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

/// A random row key (122 random bits): rows keyed by it keep no order of insertion.
fn random_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

pub(crate) use domain::assembly::Channel;

/// Records `want` as the resident's channel in the assembly unless one is recorded already;
/// returns the channel that holds. Must be the transaction's first write (see `cast`).
pub(crate) async fn claim_channel(
    txn: &impl ConnectionTrait,
    assembly_id: i64,
    user_id: i64,
    want: Channel,
) -> Result<Channel, AppError> {
    assembly_channel::Entity::insert(assembly_channel::ActiveModel {
        assembly_id: Set(assembly_id),
        user_id: Set(user_id),
        channel: Set(want.into()),
    })
    .on_conflict(
        OnConflict::columns([assembly_channel::Column::AssemblyId, assembly_channel::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    let held = assembly_channel::Entity::find_by_id((assembly_id, user_id)).one(txn).await?.ok_or_else(|| {
        tracing::error!(assembly = assembly_id, "a claimed channel is missing");
        AppError::Internal
    })?;
    Ok(*held.channel)
}

/// At the close: opens the assembly's sealed ballots and writes them as `secret_ballots` rows in
/// random order (sorted by fresh random keys), all in the closing transaction, then deletes the
/// sealed rows and the assembly's ballot key. Every secret ballot then carries the same
/// transaction id, nothing in the rows or their order points to a vote, and nothing left in the
/// database opens a ballot. A ballot that does not open (`UD_SECRET` changed during the vote)
/// stops the close instead of being dropped.
pub(super) async fn unseal(txn: &impl ConnectionTrait, seal: &BallotSeal, assembly_id: i64) -> Result<(), AppError> {
    let item_ids: Vec<i64> = items_of(txn, assembly_id).await?.iter().map(|i| i.id).collect();
    let key = match ballot_key::Entity::find_by_id(assembly_id).one(txn).await? {
        Some(row) => Some(unwrap_key(seal, &row)?),
        None => None,
    };
    let sealed = if item_ids.is_empty() {
        Vec::new()
    } else {
        sealed_ballot::Entity::find().filter(sealed_ballot::Column::ItemId.is_in(item_ids.clone())).all(txn).await?
    };
    let mut opened = Vec::with_capacity(sealed.len());
    for b in &sealed {
        let choice = seal.open(key.as_ref(), assembly_id, b.item_id, &b.sealed)?.ok_or_else(|| {
            tracing::error!(
                assembly = assembly_id,
                "a sealed ballot does not open: UD_SECRET must not change while a vote is open"
            );
            AppError::Internal
        })?;
        opened.push((random_key(), b.item_id, choice));
    }
    opened.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    for chunk in opened.chunks(300) {
        secret_ballot::Entity::insert_many(chunk.iter().map(|(id, item, choice)| secret_ballot::ActiveModel {
            id: Set(id.clone()),
            item_id: Set(*item),
            choice: Set(choice.clone()),
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if !item_ids.is_empty() {
        sealed_ballot::Entity::delete_many().filter(sealed_ballot::Column::ItemId.is_in(item_ids)).exec(txn).await?;
    }
    destroy_key(txn, assembly_id).await
}
