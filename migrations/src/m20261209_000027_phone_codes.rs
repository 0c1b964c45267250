//! Phone numbers confirmed by a code (issue 42, KakaoTalk and text messages):
//! `contact_points.code_tries` counts the wrong codes typed for the code that waits (its keyed
//! digest is `token_digest`, like a link's); at `domain::messaging::PHONE_CODE_TRIES` the code
//! ends and a new one must be asked for.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactPoints {
    Table,
    CodeTries,
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
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(ContactPoints::Table).drop_column(ContactPoints::CodeTries).to_owned())
            .await
    }
}
