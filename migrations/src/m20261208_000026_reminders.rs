//! What the site tells people about, completed (issue 42, part 3):
//!
//! - `notifications.booking_id`, `notifications.claim_id`: a notice may be about a booking (approved,
//!   declined, cancelled by the center, the day before) or an expense claim (decided).
//! - `reminders_sent`: each reminder sent (what it is about, which reminder, for which time), one row
//!   each — the primary key is what makes a reminder go out once however many servers sweep, and
//!   again only when the time it is for moves.
//! - `call_requests`: a resident who asked at the counter to be told of some topics by a call or
//!   a visit (one row each): the topics, their number (sealed like an address; may be empty: a
//!   visit), the consent heard by which member of staff under which wording, and, once they ask
//!   to stop, `withdrawn_at` (the number is then removed).
//! - `call_list`: what the center is to tell whom (a notice of a topic they asked to be called
//!   about, or a message that could not be delivered), in their dong; `done_at`/`done_by` once a
//!   member of staff told them. One entry per person and `dedup_key`.

use crate::helpers::{cascade, fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    BookingId,
    ClaimId,
}

#[derive(DeriveIden)]
enum RemindersSent {
    Table,
    Subject,
    Reminder,
    DueAt,
    SentAt,
}

#[derive(DeriveIden)]
enum CallRequests {
    Table,
    Id,
    UserId,
    DongCode,
    Topics,
    PhoneSealed,
    ConsentedAt,
    ConsentVersion,
    RecordedBy,
    WithdrawnAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallList {
    Table,
    Id,
    UserId,
    DongCode,
    Event,
    Subject,
    Path,
    DedupKey,
    CreatedAt,
    DoneAt,
    DoneBy,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [big_integer_null(Notifications::BookingId), big_integer_null(Notifications::ClaimId)] {
            manager.alter_table(Table::alter().table(Notifications::Table).add_column(col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(RemindersSent::Table)
                    .col(string_len(RemindersSent::Subject, 40))
                    .col(string_len(RemindersSent::Reminder, 30))
                    .col(timestamp_with_time_zone(RemindersSent::DueAt))
                    .col(timestamp_with_time_zone(RemindersSent::SentAt))
                    .primary_key(
                        Index::create()
                            .col(RemindersSent::Subject)
                            .col(RemindersSent::Reminder)
                            .col(RemindersSent::DueAt),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CallRequests::Table)
                    .col(big_integer(CallRequests::Id).auto_increment().primary_key())
                    .col(big_integer(CallRequests::UserId).unique_key())
                    .col(string_len(CallRequests::DongCode, 10))
                    .col(string_len(CallRequests::Topics, 200))
                    .col(text_null(CallRequests::PhoneSealed))
                    .col(timestamp_with_time_zone(CallRequests::ConsentedAt))
                    .col(string_len(CallRequests::ConsentVersion, 20))
                    .col(big_integer(CallRequests::RecordedBy))
                    .col(timestamp_with_time_zone_null(CallRequests::WithdrawnAt))
                    .col(timestamp_with_time_zone(CallRequests::UpdatedAt))
                    // a withdrawn request keeps no number
                    .check(Expr::cust("withdrawn_at IS NULL OR phone_sealed IS NULL"))
                    // consent heard by someone else: staff do not record their own
                    .check(Expr::cust("recorded_by <> user_id"))
                    .foreign_key(&mut cascade(fk(
                        "fk_call_requests_user",
                        (CallRequests::Table, CallRequests::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CallList::Table)
                    .col(big_integer(CallList::Id).auto_increment().primary_key())
                    .col(big_integer(CallList::UserId))
                    .col(string_len(CallList::DongCode, 10))
                    .col(string_len(CallList::Event, 30))
                    .col(string_len(CallList::Subject, 200))
                    .col(string_len_null(CallList::Path, 200))
                    .col(string_len(CallList::DedupKey, 120))
                    .col(timestamp_with_time_zone(CallList::CreatedAt))
                    .col(timestamp_with_time_zone_null(CallList::DoneAt))
                    .col(big_integer_null(CallList::DoneBy))
                    .check(Expr::cust("(done_at IS NULL) = (done_by IS NULL)"))
                    .foreign_key(&mut cascade(fk(
                        "fk_call_list_user",
                        (CallList::Table, CallList::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .index(
                        Index::create()
                            .name("ux_call_list_person_key")
                            .col(CallList::UserId)
                            .col(CallList::DedupKey)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_call_list_dong_open")
                    .table(CallList::Table)
                    .col(CallList::DongCode)
                    .col(CallList::DoneAt)
                    .col(CallList::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CallList::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CallRequests::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RemindersSent::Table).to_owned()).await?;
        for col in [Notifications::ClaimId, Notifications::BookingId] {
            manager.alter_table(Table::alter().table(Notifications::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
