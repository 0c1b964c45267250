//! In-app notifications: written in the transaction of what caused them, read under the bell.

use crate::entities::notification;
use crate::time_fmt;
use chrono::Utc;
use contract::dto::{NotificationPage, NotificationView};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::moderation::NoticeKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashSet;

pub const PAGE_SIZE: u64 = 30;

/// What a notification is about.
#[derive(Debug, Clone, Copy, Default)]
pub struct About {
    pub proposal_id: Option<i64>,
    pub group_id: Option<i64>,
    pub assembly_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub claim_id: Option<i64>,
}

impl About {
    pub fn proposal(id: i64) -> Self {
        Self { proposal_id: Some(id), ..Self::default() }
    }
    pub fn group(id: i64) -> Self {
        Self { group_id: Some(id), ..Self::default() }
    }
    pub fn assembly(id: i64) -> Self {
        Self { assembly_id: Some(id), ..Self::default() }
    }
    pub fn booking(id: i64) -> Self {
        Self { booking_id: Some(id), ..Self::default() }
    }
    pub fn claim(id: i64) -> Self {
        Self { claim_id: Some(id), ..Self::default() }
    }
}

/// Notifies each of `users` once (minus `except`, the person who caused it): under the bell, and
/// off the site where they chose to hear of it (`messaging::fanout`), in the same transaction.
/// News that happens once (`domain::messaging::happens_once`: announced, on the agenda, decided)
/// is not told again to someone already told of it about the same thing, however often the step
/// is taken again (an item removed from the agenda and put back).
pub async fn notify(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    except: Option<i64>,
    kind: NoticeKind,
    about: About,
    subject: &str,
) -> Result<(), AppError> {
    let mut users: HashSet<i64> = users.into_iter().filter(|u| Some(*u) != except).collect();
    if domain::messaging::happens_once(kind) {
        let listed: Vec<i64> = users.iter().copied().collect();
        for chunk in listed.chunks(1_000) {
            for told in already_told(db, chunk, kind, about).await? {
                users.remove(&told);
            }
        }
    }
    if users.is_empty() {
        return Ok(());
    }
    let mut users: Vec<i64> = users.into_iter().collect();
    users.sort_unstable();
    let subject: String = subject.chars().take(200).collect();
    let now = Utc::now();
    // a statement per thousand people: a dong's every resident (an assembly's announcement) is
    // more parameters than SQLite takes in one (32,766; found by `seed-scale`)
    for chunk in users.chunks(1_000) {
        notification::Entity::insert_many(chunk.iter().map(|&user_id| notification::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.into()),
            proposal_id: Set(about.proposal_id),
            group_id: Set(about.group_id),
            assembly_id: Set(about.assembly_id),
            booking_id: Set(about.booking_id),
            claim_id: Set(about.claim_id),
            subject: Set(subject.clone()),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    // and off the site, to whoever chose to hear of it there
    crate::messaging::fanout::queue_notice(db, &users, kind, about, &subject, now).await
}

/// Of `users`, who already has a notice of `kind` about `about`.
async fn already_told(
    db: &impl ConnectionTrait,
    users: &[i64],
    kind: NoticeKind,
    about: About,
) -> Result<Vec<i64>, AppError> {
    use notification::Column as C;
    let same = |column: C, id: Option<i64>| match id {
        Some(id) => column.eq(id),
        None => column.is_null(),
    };
    Ok(notification::Entity::find()
        .select_only()
        .column(C::UserId)
        .filter(C::UserId.is_in(users.iter().copied()))
        .filter(C::Kind.eq(kind.as_str()))
        .filter(same(C::ProposalId, about.proposal_id))
        .filter(same(C::GroupId, about.group_id))
        .filter(same(C::AssemblyId, about.assembly_id))
        .filter(same(C::BookingId, about.booking_id))
        .filter(same(C::ClaimId, about.claim_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// The number under the bell.
pub async fn unread(db: &DatabaseConnection, actor: &Actor) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// A page of one's notifications, newest first.
pub async fn list(db: &DatabaseConnection, actor: Option<&Actor>, page: u64) -> Result<NotificationPage, AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    authz::can(actor, Action::ManageAccount, &Scope::Account(me.user_id))?;
    let paginator = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me.user_id))
        .order_by_desc(notification::Column::Id)
        .paginate(db, PAGE_SIZE);
    let pages = paginator.num_pages().await?.max(1);
    let page = page.clamp(1, pages);
    let items = paginator
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            link: link(&n),
            kind: *n.kind,
            subject: n.subject,
            at: time_fmt::seoul_datetime(n.created_at),
            read: n.read_at.is_some(),
        })
        .collect();
    Ok(NotificationPage { items, unread: unread(db, me).await?, page, pages })
}

fn link(n: &notification::Model) -> Option<String> {
    About {
        proposal_id: n.proposal_id,
        group_id: n.group_id,
        assembly_id: n.assembly_id,
        booking_id: n.booking_id,
        claim_id: n.claim_id,
    }
    .path()
}

impl About {
    /// What it is about, as a key (`proposal:7`, `group:3`, `assembly:1`, `booking:4`, `claim:2`,
    /// `proposal:7:assembly:2` for a proposal's news from an assembly; `account` for none).
    pub fn key(&self) -> String {
        match (self.thing(), self.proposal_id.and(self.assembly_id)) {
            // a proposal's news from one assembly (on its agenda, decided by it)
            (Some((what, id, _)), Some(assembly)) => format!("{what}:{id}:assembly:{assembly}"),
            (Some((what, id, _)), None) => format!("{what}:{id}"),
            (None, _) => "account".to_owned(),
        }
    }

    /// The page it is about.
    pub fn path(&self) -> Option<String> {
        self.thing().map(|(_, id, page)| format!("{page}{id}"))
    }

    /// (what, its id, the path of its page before the id), the first of them set.
    fn thing(&self) -> Option<(&'static str, i64, &'static str)> {
        [
            ("proposal", self.proposal_id, "/proposals/"),
            ("group", self.group_id, "/groups/"),
            ("assembly", self.assembly_id, "/assemblies/"),
            ("booking", self.booking_id, "/bookings/"),
            ("claim", self.claim_id, "/fund/claims/"),
        ]
        .into_iter()
        .find_map(|(what, id, page)| id.map(|id| (what, id, page)))
    }
}

/// Marks one notification (or, with `None`, all of them) as read.
pub async fn mark_read(db: &DatabaseConnection, actor: Option<&Actor>, id: Option<i64>) -> Result<(), AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    authz::can(actor, Action::ManageAccount, &Scope::Account(me.user_id))?;
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(me.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        q = q.filter(notification::Column::Id.eq(id));
    }
    q.exec(db).await?;
    Ok(())
}
