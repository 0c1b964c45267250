//! Images attached to proposals. The files live outside the database (`UD_MEDIA_DIR`); a row
//! names its file by a random key and records what the server found the file to be.
//!
//! At most five per proposal, enforced here: `position` is 0–4 and unique per proposal, so even
//! concurrent uploads cannot attach a sixth.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProposalImages {
    Table,
    Id,
    ProposalId,
    Position,
    StorageKey,
    ContentType,
    ByteSize,
    Width,
    Height,
    AltText,
    UploadedBy,
    CreatedAt,
}

/// The accepted types (`domain::image::ImageKind`), as stored.
const CONTENT_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];
/// `domain::image::MAX_BYTES`.
const MAX_BYTES: i64 = 5 * 1024 * 1024;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProposalImages::Table)
                    .col(big_integer(ProposalImages::Id).auto_increment().primary_key())
                    .col(big_integer(ProposalImages::ProposalId))
                    .col(integer(ProposalImages::Position))
                    .col(string_len(ProposalImages::StorageKey, 64).unique_key())
                    .col(string_len(ProposalImages::ContentType, 20))
                    .col(big_integer(ProposalImages::ByteSize))
                    .col(integer(ProposalImages::Width))
                    .col(integer(ProposalImages::Height))
                    .col(string_len(ProposalImages::AltText, 200).default(""))
                    .col(big_integer(ProposalImages::UploadedBy))
                    .col(timestamp_with_time_zone(ProposalImages::CreatedAt))
                    .check(Expr::col(ProposalImages::Position).between(0, 4))
                    .check(Expr::col(ProposalImages::ContentType).is_in(CONTENT_TYPES))
                    .check(Expr::col(ProposalImages::ByteSize).between(1, MAX_BYTES))
                    .check(Expr::col(ProposalImages::Width).gt(0))
                    .check(Expr::col(ProposalImages::Height).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposal_images_proposal")
                            .from(ProposalImages::Table, ProposalImages::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposal_images_uploader")
                            .from(ProposalImages::Table, ProposalImages::UploadedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_proposal_images_position")
                    .table(ProposalImages::Table)
                    .col(ProposalImages::ProposalId)
                    .col(ProposalImages::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProposalImages::Table).to_owned()).await
    }
}
