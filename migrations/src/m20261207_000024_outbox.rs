//! Off-site messages (issue 42), the durable outbox: a message is a row written in the same
//! transaction as the event that causes it, and a worker in any app server claims it, delivers it
//! and marks it.
//!
//! - `outbox_messages`: one message to one person on one channel. `dedup_key` names what it is
//!   about (an assembly's announcement, a booking's approval): one message per person, channel
//!   and key (a unique index), so a step taken twice does not notify twice. `identity` is the
//!   message's stable name on the far side (the e-mail's `Message-ID`, the provider's idempotency
//!   key): a repeat after a crash carries the same one. A worker claims a message for a lease
//!   (`sending`, `claimed_by`, `claimed_until`); a lease that ran out is claimed again, so a
//!   killed server loses nothing. `last_error` is the far side's refusal in words, never an
//!   address or a number.

use crate::helpers::{cascade, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum OutboxMessages {
    Table,
    Id,
    RecipientId,
    Channel,
    Topic,
    Event,
    DedupKey,
    Identity,
    Payload,
    State,
    Attempts,
    NotBefore,
    ClaimedBy,
    ClaimedUntil,
    SentAt,
    LastError,
    CreatedAt,
    /// From m20261208_000025: when the message's unsubscribe link was used (it works once).
    UnsubscribedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// The outbox's shape at each migration that (re)created it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// This migration's.
    First,
    /// m20261208_000025: the topic `account`, and `unsubscribed_at`.
    AccountTopic,
}

/// Creates `outbox_messages` and its indexes in `shape`.
pub(crate) async fn create(manager: &SchemaManager<'_>, shape: Shape) -> Result<(), DbErr> {
    let topics = match shape {
        Shape::First => "'assemblies', 'my_proposals', 'my_groups', 'bookings', 'fund', 'welfare_receipt'",
        Shape::AccountTopic => {
            "'assemblies', 'my_proposals', 'my_groups', 'bookings', 'fund', 'welfare_receipt', 'account'"
        }
    };
    let mut table = Table::create();
    table
        .table(OutboxMessages::Table)
        .col(big_integer(OutboxMessages::Id).auto_increment().primary_key())
        .col(big_integer(OutboxMessages::RecipientId))
        .col(string_len(OutboxMessages::Channel, 16))
        .col(string_len(OutboxMessages::Topic, 24))
        .col(string_len(OutboxMessages::Event, 48))
        .col(string_len(OutboxMessages::DedupKey, 120))
        .col(string_len(OutboxMessages::Identity, 64).unique_key())
        .col(text(OutboxMessages::Payload))
        .col(string_len(OutboxMessages::State, 16))
        .col(integer(OutboxMessages::Attempts).default(0))
        .col(timestamp_with_time_zone(OutboxMessages::NotBefore))
        .col(string_len_null(OutboxMessages::ClaimedBy, 64))
        .col(timestamp_with_time_zone_null(OutboxMessages::ClaimedUntil))
        .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
        .col(string_len_null(OutboxMessages::LastError, 200))
        .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
        .check(Expr::cust("state IN ('pending', 'sending', 'sent', 'failed')"))
        .check(Expr::cust("channel IN ('in_app', 'email', 'alimtalk')"))
        .check(Expr::cust(format!("topic IN ({topics})")))
        .check(Expr::cust("attempts >= 0"))
        // a claim is whole: who and until when, exactly while it is being sent
        .check(Expr::cust(
            "(state = 'sending') = (claimed_by IS NOT NULL) AND (claimed_by IS NULL) = (claimed_until IS NULL)",
        ))
        .check(Expr::cust("(state = 'sent') = (sent_at IS NOT NULL)"))
        // a person's messages go with their account
        .foreign_key(&mut cascade(fk(
            "fk_outbox_messages_recipient",
            (OutboxMessages::Table, OutboxMessages::RecipientId),
            (Users::Table, Users::Id),
        )));
    if shape == Shape::AccountTopic {
        table.col(timestamp_with_time_zone_null(OutboxMessages::UnsubscribedAt));
    }
    manager.create_table(table.to_owned()).await?;
    manager
        .create_index(
            Index::create()
                .name("ux_outbox_messages_once")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::RecipientId)
                .col(OutboxMessages::Channel)
                .col(OutboxMessages::DedupKey)
                .unique()
                .to_owned(),
        )
        .await?;
    // what a worker looks for: due messages by state
    index(manager, "ix_outbox_messages_due", OutboxMessages::Table, &["state", "not_before"]).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(manager, Shape::First).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OutboxMessages::Table).to_owned()).await
    }
}
