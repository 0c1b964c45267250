//! Off-site messages (issue 42), who receives what:
//!
//! - `contact_points`: a person's e-mail address or phone number for one channel, sealed (the
//!   server's key, padded, bound to its row's place), confirmed once its owner followed the link
//!   or typed the code sent to it (`verified_at`). Until then `token_digest` holds the SHA-256 of
//!   the link's secret and `token_expires_at` when it stops working. One per person and channel.
//! - `message_preferences`: a topic a person turned on for a channel, how often
//!   (`frequency`, `weekday` for a weekly digest), with the consent that came with it
//!   (`consented_at`, the wording's `consent_version`). Turning it off keeps the row with
//!   `withdrawn_at`, so the record of consent stays.
//! - `contact_confirmations`: when a person had a confirmation link sent, for the daily cap (kept
//!   when the address is replaced or removed, so removing it does not reset the cap).
//! - `outbox_messages` is made again (it has never held a row: nothing was queued before this
//!   migration) with the topic `account` and `unsubscribed_at`.

use crate::helpers::{cascade, fk};
use crate::m20261207_000024_outbox::{self as outbox, OutboxMessages};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactPoints {
    Table,
    Id,
    UserId,
    Channel,
    AddressSealed,
    VerifiedAt,
    TokenDigest,
    TokenExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContactConfirmations {
    Table,
    Id,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MessagePreferences {
    Table,
    Id,
    UserId,
    Topic,
    Channel,
    Frequency,
    Weekday,
    ConsentedAt,
    ConsentVersion,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On SQLite too: dropping and making a table again in several statements, each on whichever
    /// pooled connection comes, raced (the new index was found "already there" in one run of two);
    /// in one transaction the statements share one connection, and a failure leaves nothing half
    /// done.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // nothing queued before this migration; should a row be there, stop rather than drop it
        let db = manager.get_connection();
        let held = db
            .query_one_raw(sea_orm::Statement::from_string(
                manager.get_database_backend(),
                "SELECT COUNT(*) AS n FROM outbox_messages",
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if held > 0 {
            return Err(DbErr::Migration(format!(
                "outbox_messages holds {held} messages: this migration remakes the table and would lose them"
            )));
        }
        manager.drop_table(Table::drop().table(OutboxMessages::Table).to_owned()).await?;
        outbox::create(manager, outbox::Shape::AccountTopic).await?;
        manager
            .create_table(
                Table::create()
                    .table(ContactPoints::Table)
                    .col(big_integer(ContactPoints::Id).auto_increment().primary_key())
                    .col(big_integer(ContactPoints::UserId))
                    .col(string_len(ContactPoints::Channel, 16))
                    .col(text(ContactPoints::AddressSealed))
                    .col(timestamp_with_time_zone_null(ContactPoints::VerifiedAt))
                    .col(string_len_null(ContactPoints::TokenDigest, 64).unique_key())
                    .col(timestamp_with_time_zone_null(ContactPoints::TokenExpiresAt))
                    .col(timestamp_with_time_zone(ContactPoints::CreatedAt))
                    .check(Expr::cust("channel IN ('email', 'alimtalk')"))
                    .check(Expr::cust("(token_digest IS NULL) = (token_expires_at IS NULL)"))
                    // a confirmed address has no confirmation waiting
                    .check(Expr::cust("verified_at IS NULL OR token_digest IS NULL"))
                    .foreign_key(&mut cascade(fk(
                        "fk_contact_points_user",
                        (ContactPoints::Table, ContactPoints::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_contact_points_one_per_channel")
                    .table(ContactPoints::Table)
                    .col(ContactPoints::UserId)
                    .col(ContactPoints::Channel)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContactConfirmations::Table)
                    .col(big_integer(ContactConfirmations::Id).auto_increment().primary_key())
                    .col(big_integer(ContactConfirmations::UserId))
                    .col(timestamp_with_time_zone(ContactConfirmations::CreatedAt))
                    .foreign_key(&mut cascade(fk(
                        "fk_contact_confirmations_user",
                        (ContactConfirmations::Table, ContactConfirmations::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        crate::helpers::index(
            manager,
            "ix_contact_confirmations_user",
            ContactConfirmations::Table,
            &["user_id", "created_at"],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(MessagePreferences::Table)
                    .col(big_integer(MessagePreferences::Id).auto_increment().primary_key())
                    .col(big_integer(MessagePreferences::UserId))
                    .col(string_len(MessagePreferences::Topic, 24))
                    .col(string_len(MessagePreferences::Channel, 16))
                    .col(string_len(MessagePreferences::Frequency, 16))
                    .col(small_integer_null(MessagePreferences::Weekday))
                    .col(timestamp_with_time_zone(MessagePreferences::ConsentedAt))
                    .col(string_len(MessagePreferences::ConsentVersion, 16))
                    .col(timestamp_with_time_zone_null(MessagePreferences::WithdrawnAt))
                    .check(Expr::cust(
                        "topic IN ('assemblies', 'my_proposals', 'my_groups', 'bookings', 'fund', 'welfare_receipt')",
                    ))
                    .check(Expr::cust("channel IN ('email', 'alimtalk')"))
                    .check(Expr::cust("frequency IN ('at_once', 'daily', 'weekly')"))
                    .check(Expr::cust(
                        "(frequency = 'weekly') = (weekday IS NOT NULL) AND (weekday IS NULL OR weekday BETWEEN 0 AND 6)",
                    ))
                    .foreign_key(&mut cascade(fk(
                        "fk_message_preferences_user",
                        (MessagePreferences::Table, MessagePreferences::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_message_preferences_once")
                    .table(MessagePreferences::Table)
                    .col(MessagePreferences::UserId)
                    .col(MessagePreferences::Topic)
                    .col(MessagePreferences::Channel)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MessagePreferences::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ContactConfirmations::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ContactPoints::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OutboxMessages::Table).to_owned()).await?;
        outbox::create(manager, outbox::Shape::First).await
    }
}
