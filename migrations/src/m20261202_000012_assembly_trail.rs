//! An assembly day leaves a trail that cannot be rewritten.
//!
//! - `paper_tally_entries` replaces `paper_tallies` (whose rows move over): every entry and
//!   every correction of an item's paper tally is a row of its own, with who and when. A
//!   correction names the entry it corrects (`corrects`, of the same item), and an entry can be
//!   corrected once, and an item has one first entry, so an item's entries form one line: two
//!   staff correcting the same figures at once cannot both succeed. The item's tally is the last
//!   entry of the line.
//! - `paper_tally_confirmations`: a second person confirms an entry. The confirmation copies the
//!   entry's author, and a composite foreign key checks that the copy is true, so the database
//!   itself refuses a confirmation by the entry's own author.
//! - `attendance_events`: every check-in and every undone check-in, with who and when
//!   (`assembly_attendance` stays the current list; existing check-ins move over as events).
//! - `minutes_versions`: every saved text of minutes once they are published (the published
//!   minutes of existing assemblies become their first version, of unrecorded author).
//!
//! All four are append-only: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

use crate::helpers::fk;
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
enum AgendaItems {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PaperTallyEntries {
    Table,
    Id,
    ItemId,
    Ballots,
    Abstentions,
    Approve,
    Reject,
    Options,
    EnteredBy,
    EnteredAt,
    Corrects,
}

#[derive(DeriveIden)]
enum PaperTallyConfirmations {
    Table,
    EntryId,
    EnteredBy,
    ConfirmedBy,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum AttendanceEvents {
    Table,
    Id,
    AssemblyId,
    UserId,
    Kind,
    ByUserId,
    At,
}

#[derive(DeriveIden)]
enum MinutesVersions {
    Table,
    Id,
    AssemblyId,
    Body,
    SavedBy,
    SavedAt,
}

const HISTORY: [&str; 4] =
    ["paper_tally_entries", "paper_tally_confirmations", "attendance_events", "minutes_versions"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        use PaperTallyEntries as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(big_integer(E::Id).auto_increment().primary_key())
                    .col(big_integer(E::ItemId))
                    .col(integer(E::Ballots))
                    .col(integer(E::Abstentions))
                    .col(integer(E::Approve))
                    .col(integer(E::Reject))
                    // {"option id": votes}
                    .col(text(E::Options))
                    .col(big_integer(E::EnteredBy))
                    .col(timestamp_with_time_zone(E::EnteredAt))
                    .col(big_integer_null(E::Corrects))
                    .check(Expr::col(E::Ballots).gte(0))
                    .check(Expr::col(E::Abstentions).between(0, Expr::col(E::Ballots)))
                    .check(Expr::col(E::Approve).gte(0))
                    .check(Expr::col(E::Reject).gte(0))
                    .index(Index::create().name("ux_paper_entries_id_item").col(E::Id).col(E::ItemId).unique())
                    .index(Index::create().name("ux_paper_entries_id_author").col(E::Id).col(E::EnteredBy).unique())
                    // an entry is corrected at most once
                    .index(Index::create().name("ux_paper_entries_corrects").col(E::Corrects).unique())
                    .foreign_key(&mut fk(
                        "fk_paper_entries_item",
                        (E::Table, E::ItemId),
                        (AgendaItems::Table, AgendaItems::Id),
                    ))
                    .foreign_key(&mut fk("fk_paper_entries_staff", (E::Table, E::EnteredBy), (Users::Table, Users::Id)))
                    // a correction corrects an entry of the same item
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_paper_entries_corrects")
                            .from_tbl(E::Table)
                            .from_col(E::Corrects)
                            .from_col(E::ItemId)
                            .to_tbl(E::Table)
                            .to_col(E::Id)
                            .to_col(E::ItemId),
                    )
                    .to_owned(),
            )
            .await?;
        // one first entry per item
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_paper_entries_first ON paper_tally_entries (item_id) WHERE corrects IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO paper_tally_entries \
               (item_id, ballots, abstentions, approve, reject, options, entered_by, entered_at, corrects) \
             SELECT item_id, ballots, abstentions, approve, reject, options, entered_by, entered_at, NULL \
               FROM paper_tallies ORDER BY item_id",
        )
        .await?;
        manager.drop_table(Table::drop().table(Alias::new("paper_tallies")).to_owned()).await?;

        use PaperTallyConfirmations as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(big_integer(C::EntryId).primary_key())
                    .col(big_integer(C::EnteredBy))
                    .col(big_integer(C::ConfirmedBy))
                    .col(timestamp_with_time_zone(C::ConfirmedAt))
                    // the second person is a second person
                    .check(Expr::col(C::ConfirmedBy).ne(Expr::col(C::EnteredBy)))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_paper_confirmations_entry")
                            .from_tbl(C::Table)
                            .from_col(C::EntryId)
                            .from_col(C::EnteredBy)
                            .to_tbl(E::Table)
                            .to_col(E::Id)
                            .to_col(E::EnteredBy),
                    )
                    .foreign_key(&mut fk(
                        "fk_paper_confirmations_staff",
                        (C::Table, C::ConfirmedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        use AttendanceEvents as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(big_integer(A::Id).auto_increment().primary_key())
                    .col(big_integer(A::AssemblyId))
                    .col(big_integer(A::UserId))
                    .col(string_len(A::Kind, 10).check(Expr::col(A::Kind).is_in(["check_in", "undo"])))
                    .col(big_integer(A::ByUserId))
                    .col(timestamp_with_time_zone(A::At))
                    .foreign_key(&mut fk(
                        "fk_attendance_events_assembly",
                        (A::Table, A::AssemblyId),
                        (Assemblies::Table, Assemblies::Id),
                    ))
                    .foreign_key(&mut fk("fk_attendance_events_user", (A::Table, A::UserId), (Users::Table, Users::Id)))
                    .foreign_key(&mut fk(
                        "fk_attendance_events_staff",
                        (A::Table, A::ByUserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_attendance_events_assembly")
                    .table(A::Table)
                    .col(A::AssemblyId)
                    .col(A::Id)
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "INSERT INTO attendance_events (assembly_id, user_id, kind, by_user_id, at) \
             SELECT assembly_id, user_id, 'check_in', checked_in_by, at FROM assembly_attendance ORDER BY at",
        )
        .await?;

        use MinutesVersions as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(big_integer(M::Id).auto_increment().primary_key())
                    .col(big_integer(M::AssemblyId))
                    .col(text(M::Body))
                    // unknown for the versions that existed before versions were kept
                    .col(big_integer_null(M::SavedBy))
                    .col(timestamp_with_time_zone(M::SavedAt))
                    .foreign_key(&mut fk(
                        "fk_minutes_versions_assembly",
                        (M::Table, M::AssemblyId),
                        (Assemblies::Table, Assemblies::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_minutes_versions_author",
                        (M::Table, M::SavedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_minutes_versions_assembly")
                    .table(M::Table)
                    .col(M::AssemblyId)
                    .col(M::Id)
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "INSERT INTO minutes_versions (assembly_id, body, saved_by, saved_at) \
             SELECT id, minutes, NULL, minutes_published_at FROM assemblies \
              WHERE minutes IS NOT NULL AND minutes_published_at IS NOT NULL ORDER BY id",
        )
        .await?;

        append_only(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION history_append_only() CASCADE").await?;
        } else {
            for t in HISTORY {
                for op in ["update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER {t}_no_{op}")).await?;
                }
            }
        }
        db.execute_unprepared(
            "CREATE TABLE paper_tallies AS \
             SELECT item_id, ballots, abstentions, approve, reject, options, entered_by, entered_at \
               FROM paper_tally_entries e \
              WHERE NOT EXISTS (SELECT 1 FROM paper_tally_entries c WHERE c.corrects = e.id)",
        )
        .await?;
        for t in ["minutes_versions", "attendance_events", "paper_tally_confirmations", "paper_tally_entries"] {
            manager.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}

/// Refuses every change to the history tables but an insert.
async fn append_only(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    const WHY: &str = "the assembly record is append-only: add a correction instead";
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(&format!(
            "CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION '{WHY}'; END $$"
        ))
        .await?;
        for t in HISTORY {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} \
                 FOR EACH ROW EXECUTE FUNCTION history_append_only()"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} \
                 FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()"
            ))
            .await?;
        }
    } else {
        for t in HISTORY {
            for op in ["UPDATE", "DELETE"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_{} BEFORE {op} ON {t} BEGIN SELECT RAISE(ABORT, '{WHY}'); END",
                    op.to_lowercase()
                ))
                .await?;
            }
        }
    }
    Ok(())
}
