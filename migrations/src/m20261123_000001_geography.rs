//! Districts, dongs, and one community service center per dong.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Districts {
    Table,
    Code,
    NameKo,
    NameEn,
}

#[derive(DeriveIden)]
enum Dongs {
    Table,
    Code,
    DistrictCode,
    NameKo,
    NameEn,
    Lat,
    Lon,
    Active,
}

#[derive(DeriveIden)]
enum Centers {
    Table,
    Id,
    DongCode,
    NameKo,
    NameEn,
    AddressKo,
    AddressEn,
    Opens,
    Closes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Districts::Table)
                    .col(string_len(Districts::Code, 10).primary_key())
                    .col(string(Districts::NameKo))
                    .col(string(Districts::NameEn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Dongs::Table)
                    .col(string_len(Dongs::Code, 10).primary_key())
                    .col(string_len(Dongs::DistrictCode, 10))
                    .col(string(Dongs::NameKo))
                    .col(string(Dongs::NameEn))
                    .col(double(Dongs::Lat))
                    .col(double(Dongs::Lon))
                    .col(boolean(Dongs::Active).default(true))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dongs_district")
                            .from(Dongs::Table, Dongs::DistrictCode)
                            .to(Districts::Table, Districts::Code)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_dongs_district").table(Dongs::Table).col(Dongs::DistrictCode).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Centers::Table)
                    .col(big_integer(Centers::Id).auto_increment().primary_key())
                    .col(string_len(Centers::DongCode, 10).unique_key())
                    .col(string(Centers::NameKo))
                    .col(string(Centers::NameEn))
                    .col(string(Centers::AddressKo))
                    .col(string(Centers::AddressEn))
                    .col(string_len(Centers::Opens, 5))
                    .col(string_len(Centers::Closes, 5))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_centers_dong")
                            .from(Centers::Table, Centers::DongCode)
                            .to(Dongs::Table, Dongs::Code)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Centers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Dongs::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Districts::Table).to_owned()).await?;
        Ok(())
    }
}
