//! Photos on a fund project's progress notes: public images (checked like proposal images),
//! stored as files outside the database, at most one per note.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProjectUpdates {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProjectPhotos {
    Table,
    Id,
    ProjectUpdateId,
    StorageKey,
    ContentType,
    ByteSize,
    Width,
    Height,
    AltText,
    UploadedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectPhotos::Table)
                    .col(big_integer(ProjectPhotos::Id).auto_increment().primary_key())
                    .col(big_integer(ProjectPhotos::ProjectUpdateId).unique_key())
                    .col(string_len(ProjectPhotos::StorageKey, 64).unique_key())
                    .col(string_len(ProjectPhotos::ContentType, 40))
                    .col(big_integer(ProjectPhotos::ByteSize))
                    .col(integer(ProjectPhotos::Width))
                    .col(integer(ProjectPhotos::Height))
                    .col(string_len(ProjectPhotos::AltText, 200))
                    .col(big_integer(ProjectPhotos::UploadedBy))
                    .col(timestamp_with_time_zone(ProjectPhotos::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_photos_update")
                            .from(ProjectPhotos::Table, ProjectPhotos::ProjectUpdateId)
                            .to(ProjectUpdates::Table, ProjectUpdates::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_photos_uploader")
                            .from(ProjectPhotos::Table, ProjectPhotos::UploadedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProjectPhotos::Table).to_owned()).await
    }
}
