//! People and the roles they hold (scoped to a district or dong).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    DisplayName,
    BirthYear,
    IsDemo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RoleGrants {
    Table,
    Id,
    UserId,
    Role,
    DistrictCode,
    DongCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Districts {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Dongs {
    Table,
    Code,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_integer(Users::Id).auto_increment().primary_key())
                    .col(string(Users::DisplayName))
                    .col(integer_null(Users::BirthYear))
                    .col(boolean(Users::IsDemo).default(false))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoleGrants::Table)
                    .col(big_integer(RoleGrants::Id).auto_increment().primary_key())
                    .col(big_integer(RoleGrants::UserId))
                    .col(string_len(RoleGrants::Role, 20))
                    .col(string_len_null(RoleGrants::DistrictCode, 10))
                    .col(string_len_null(RoleGrants::DongCode, 10))
                    .col(timestamp_with_time_zone(RoleGrants::CreatedAt))
                    .check(Expr::col(RoleGrants::Role).is_in(["resident", "center_staff", "expert", "admin"]))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_role_grants_user")
                            .from(RoleGrants::Table, RoleGrants::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_role_grants_district")
                            .from(RoleGrants::Table, RoleGrants::DistrictCode)
                            .to(Districts::Table, Districts::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_role_grants_dong")
                            .from(RoleGrants::Table, RoleGrants::DongCode)
                            .to(Dongs::Table, Dongs::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_role_grants_role_scope")
                    .table(RoleGrants::Table)
                    .col(RoleGrants::Role)
                    .col(RoleGrants::DistrictCode)
                    .col(RoleGrants::DongCode)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_role_grants_user").table(RoleGrants::Table).col(RoleGrants::UserId).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RoleGrants::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await?;
        Ok(())
    }
}
