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
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashSet;

pub const PAGE_SIZE: u64 = 30;

/// What a notification is about.
#[derive(Debug, Clone, Copy, Default)]
pub struct About {
    pub proposal_id: Option<i64>,
    pub group_id: Option<i64>,
    pub assembly_id: Option<i64>,
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
}

/// Notifies each of `users` once (minus `except`, the person who caused it): under the bell, and
/// off the site where they chose to hear of it (`messaging::fanout`), in the same transaction.
pub async fn notify(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    except: Option<i64>,
    kind: NoticeKind,
    about: About,
    subject: &str,
) -> Result<(), AppError> {
    let users: HashSet<i64> = users.into_iter().filter(|u| Some(*u) != except).collect();
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
    About { proposal_id: n.proposal_id, group_id: n.group_id, assembly_id: n.assembly_id }.path()
}

impl About {
    /// What it is about, as a key (`proposal:7`, `group:3`, `assembly:1`; `account` for none).
    pub fn key(&self) -> String {
        match (self.proposal_id, self.group_id, self.assembly_id) {
            (Some(p), _, _) => format!("proposal:{p}"),
            (None, Some(g), _) => format!("group:{g}"),
            (None, None, Some(a)) => format!("assembly:{a}"),
            _ => "account".to_owned(),
        }
    }

    /// The page it is about.
    pub fn path(&self) -> Option<String> {
        match (self.proposal_id, self.group_id, self.assembly_id) {
            (Some(p), _, _) => Some(format!("/proposals/{p}")),
            (None, Some(g), _) => Some(format!("/groups/{g}")),
            (None, None, Some(a)) => Some(format!("/assemblies/{a}")),
            _ => None,
        }
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
