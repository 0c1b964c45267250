//! Ballot keys (issue 40): a random key per assembly for its secret ballots, destroyed at the
//! close.
//!
//! - `ballot_keys`: one row per assembly whose secret vote is open, holding its random 32-byte
//!   key sealed under a key derived from `UD_SECRET` (`app::server::crypto::BallotSeal`). The
//!   primary key lets exactly one key exist per assembly whatever the concurrency (two first
//!   voters at once). The closing transaction opens the ballots, mixes them and deletes the
//!   row, so no copy of the database taken after the close holds anything that opens a ballot.
//!   No timestamps: the row says only that the assembly's vote is open.
//!
//! Ballots sealed before this table existed carry no version prefix and open with the key
//! derived from `UD_SECRET` and the assembly id, as before; new ones are sealed under the
//! random key (`k2:` prefix).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Assemblies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum BallotKeys {
    Table,
    AssemblyId,
    Wrapped,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BallotKeys::Table)
                    .col(big_integer(BallotKeys::AssemblyId).primary_key())
                    .col(text(BallotKeys::Wrapped))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ballot_keys_assembly")
                            .from(BallotKeys::Table, BallotKeys::AssemblyId)
                            .to(Assemblies::Table, Assemblies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(BallotKeys::Table).to_owned()).await
    }
}
