//! Welfare referrals, first part (issue 20): the welfare roles and the dong's sections.
//!
//! - `role_grants.role` also takes `welfare_officer`, `visiting_nurse` (of a dong's center) and
//!   `welfare_supervisor` (of a district). The allowed values are a CHECK constraint: PostgreSQL
//!   replaces it; SQLite cannot alter a constraint, so the table is rebuilt from its own stored
//!   definition with the list widened (the documented way: create, copy, drop, rename, indexes).
//! - `welfare_sections`: the parts a dong is divided into (통, or a grouping staff draw), each
//!   with the center official in charge of it, shown to residents on the dong page.

use crate::helpers::{fk, index};
use sea_orm_migration::sea_orm::{DatabaseBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WelfareSections {
    Table,
    Id,
    DongCode,
    Name,
    Covers,
    OfficialId,
    Position,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Dongs {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const NARROW: &str = "'resident', 'center_staff', 'expert', 'admin'";
const WIDE: &str =
    "'resident', 'center_staff', 'expert', 'admin', 'welfare_officer', 'visiting_nurse', 'welfare_supervisor'";

/// Sets the roles `role_grants.role` allows to `list`, replacing `from`.
async fn allow_roles(manager: &SchemaManager<'_>, from: &str, list: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            // the constraint's name was chosen by PostgreSQL when the table was made
            let row = db
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT conname FROM pg_constraint \
                     WHERE conrelid = 'role_grants'::regclass AND contype = 'c' \
                       AND pg_get_constraintdef(oid) LIKE '%role%'",
                ))
                .await?
                .ok_or_else(|| DbErr::Migration("role_grants has no CHECK on role".into()))?;
            let name: String = row.try_get("", "conname")?;
            db.execute_unprepared(&format!("ALTER TABLE role_grants DROP CONSTRAINT \"{name}\"")).await?;
            db.execute_unprepared(&format!(
                "ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check CHECK (role IN ({list}))"
            ))
            .await?;
        }
        _ => {
            let sql = |q: &str| Statement::from_string(DatabaseBackend::Sqlite, q.to_owned());
            let table = db
                .query_one_raw(sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'role_grants'"))
                .await?
                .ok_or_else(|| DbErr::Migration("no role_grants table".into()))?;
            let create: String = table.try_get("", "sql")?;
            if create.matches(from).count() != 1 {
                return Err(DbErr::Migration(format!("role_grants' CHECK is not the expected list: {create}")));
            }
            let renamed = create.replacen("CREATE TABLE \"role_grants\"", "CREATE TABLE \"role_grants_new\"", 1);
            if renamed == create {
                return Err(DbErr::Migration(format!("role_grants' definition is not the expected one: {create}")));
            }
            let indexes: Vec<String> = db
                .query_all_raw(sql(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'role_grants' AND sql IS NOT NULL",
                ))
                .await?
                .iter()
                .map(|r| r.try_get::<String>("", "sql"))
                .collect::<Result<_, _>>()?;
            // one call, so one connection runs the whole rebuild: a pooled connection that had not
            // seen the DROP refused the RENAME ("already another table with this name")
            let mut rebuild = vec![
                renamed.replacen(from, list, 1),
                "INSERT INTO role_grants_new SELECT * FROM role_grants".to_owned(),
                "DROP TABLE role_grants".to_owned(),
                "ALTER TABLE role_grants_new RENAME TO role_grants".to_owned(),
            ];
            rebuild.extend(indexes);
            db.execute_unprepared(&rebuild.join(";\n")).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        allow_roles(manager, NARROW, WIDE).await?;
        manager
            .create_table(
                Table::create()
                    .table(WelfareSections::Table)
                    .col(big_integer(WelfareSections::Id).auto_increment().primary_key())
                    .col(string_len(WelfareSections::DongCode, 10))
                    .col(string_len(WelfareSections::Name, 60))
                    .col(string_len(WelfareSections::Covers, 200).default(""))
                    .col(big_integer_null(WelfareSections::OfficialId))
                    .col(integer(WelfareSections::Position))
                    .col(timestamp_with_time_zone(WelfareSections::CreatedAt))
                    .col(timestamp_with_time_zone(WelfareSections::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_welfare_sections_dong",
                        (WelfareSections::Table, WelfareSections::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(
                        fk(
                            "fk_welfare_sections_official",
                            (WelfareSections::Table, WelfareSections::OfficialId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_welfare_sections_dong_name")
                    .table(WelfareSections::Table)
                    .col(WelfareSections::DongCode)
                    .col(WelfareSections::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_welfare_sections_official", WelfareSections::Table, &["official_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WelfareSections::Table).to_owned()).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM role_grants WHERE role IN ('welfare_officer', 'visiting_nurse', 'welfare_supervisor')",
            )
            .await?;
        allow_roles(manager, WIDE, NARROW).await
    }
}
