//! Phone numbers confirmed by a code, and KakaoTalk's idempotency (issue 42):
//!
//! - `contact_points.code_tries` counts the wrong codes typed for the code that waits (its keyed
//!   digest is `token_digest`, like a link's); at `domain::messaging::PHONE_CODE_TRIES` the code
//!   ends and a new one must be asked for;
//! - `contact_confirmations.target_digest`: a keyed digest of the address or number a
//!   confirmation went to, so the daily cap holds per address too (many accounts typing one
//!   stranger's number send it no more than one account could);
//! - `outbox_messages.failures` counts the tries that failed with a known outcome: a retry after
//!   one is a new request to the provider (a new idempotency key), a repeat after a crash is not.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactPoints {
    Table,
    CodeTries,
}

#[derive(DeriveIden)]
enum ContactConfirmations {
    Table,
    TargetDigest,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Failures,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ContactPoints::Table)
                    .add_column(small_integer(ContactPoints::CodeTries).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ContactConfirmations::Table)
                    .add_column(string_len_null(ContactConfirmations::TargetDigest, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_contact_confirmations_target")
                    .table(ContactConfirmations::Table)
                    .col(ContactConfirmations::TargetDigest)
                    .col(ContactConfirmations::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .add_column(small_integer(OutboxMessages::Failures).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(OutboxMessages::Table).drop_column(OutboxMessages::Failures).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop().name("ix_contact_confirmations_target").table(ContactConfirmations::Table).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ContactConfirmations::Table)
                    .drop_column(ContactConfirmations::TargetDigest)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(ContactPoints::Table).drop_column(ContactPoints::CodeTries).to_owned())
            .await
    }
}
