//! Ballot secrecy and one channel per resident and assembly.
//!
//! - `sealed_ballots`: a secret ballot between the vote and the close, sealed under a key that
//!   is not in the database (`app::server::crypto::BallotSeal`). It is written in the voter's
//!   transaction, so a reader of the database can pair it with the participation (PostgreSQL's
//!   `xmin`), but not read it. At the close the ballots are opened and written to
//!   `secret_ballots` in random order, all in one transaction, and the sealed rows deleted. A
//!   random key and, on SQLite, `WITHOUT ROWID`: no insertion order either.
//! - `assembly_channels`: how a resident takes part in an assembly, online or on paper; the
//!   primary key (assembly, resident) lets exactly one channel win, whatever the concurrency.

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Assemblies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AssemblyChannels {
    Table,
    AssemblyId,
    UserId,
    Channel,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sealed = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                "CREATE TABLE sealed_ballots (
                    id varchar(32) NOT NULL PRIMARY KEY,
                    item_id bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                    sealed text NOT NULL
                ) WITHOUT ROWID"
            }
            _ => {
                "CREATE TABLE sealed_ballots (
                    id varchar(32) NOT NULL PRIMARY KEY,
                    item_id bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                    sealed text NOT NULL
                )"
            }
        };
        let conn = manager.get_connection();
        conn.execute_unprepared(sealed).await?;
        conn.execute_unprepared("CREATE INDEX ix_sealed_ballots_item ON sealed_ballots (item_id)").await?;

        manager
            .create_table(
                Table::create()
                    .table(AssemblyChannels::Table)
                    .col(big_integer(AssemblyChannels::AssemblyId))
                    .col(big_integer(AssemblyChannels::UserId))
                    .col(
                        string_len(AssemblyChannels::Channel, 10)
                            .check(Expr::col(AssemblyChannels::Channel).is_in(["online", "paper"])),
                    )
                    .primary_key(Index::create().col(AssemblyChannels::AssemblyId).col(AssemblyChannels::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assembly_channels_assembly")
                            .from(AssemblyChannels::Table, AssemblyChannels::AssemblyId)
                            .to(Assemblies::Table, Assemblies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assembly_channels_user")
                            .from(AssemblyChannels::Table, AssemblyChannels::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Residents who already took part keep their channel: online if they voted online on
        // any item, otherwise paper (checked in).
        conn.execute_unprepared(
            "INSERT INTO assembly_channels (assembly_id, user_id, channel)
             SELECT i.assembly_id, p.user_id, MIN(p.channel)
             FROM participations p JOIN agenda_items i ON i.id = p.item_id
             GROUP BY i.assembly_id, p.user_id",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AssemblyChannels::Table).to_owned()).await?;
        manager.get_connection().execute_unprepared("DROP TABLE sealed_ballots").await?;
        Ok(())
    }
}
