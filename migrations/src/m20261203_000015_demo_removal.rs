//! Demo data can be removed again (`uri-dongne demo remove`) while real records stay untouchable.
//!
//! - `spaces.is_demo`, `fund_projects.is_demo`: the two kinds of row the demo makes that name no
//!   person (a center's room, a project opened straight from the books). Every other demo row is
//!   known by its person (`users.is_demo`) or by the demo row it belongs to.
//! - The append-only tables keep refusing every UPDATE (and TRUNCATE on PostgreSQL), and now
//!   refuse a DELETE unless the row is demo: made by or about a demo person, or part of an
//!   assembly or a journal entry that a demo person made. A real row still cannot be deleted by
//!   anyone, the removal included.

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Spaces {
    Table,
    IsDemo,
}

#[derive(DeriveIden)]
enum FundProjects {
    Table,
    IsDemo,
}

const DEMO_PEOPLE: &str = "SELECT id FROM users WHERE is_demo";

/// The guarded tables: (table, the PostgreSQL function that refuses changes, its message, when a
/// row being deleted is demo, written over `OLD`).
fn guarded() -> [(&'static str, &'static str, &'static str, String); 7] {
    let assemblies = format!("SELECT id FROM assemblies WHERE created_by IN ({DEMO_PEOPLE})");
    let items = format!("SELECT id FROM agenda_items WHERE assembly_id IN ({assemblies})");
    let entries = format!("SELECT id FROM journal_entries WHERE recorded_by IN ({DEMO_PEOPLE})");
    const AUDIT: &str = "audit_events is append-only";
    const BOOKS: &str = "the journal is append-only: record a reversal instead";
    const HISTORY: &str = "the assembly record is append-only: add a correction instead";
    [
        (
            "audit_events",
            "audit_events_append_only",
            AUDIT,
            format!("OLD.actor_id IN ({DEMO_PEOPLE}) OR OLD.subject_user_id IN ({DEMO_PEOPLE})"),
        ),
        ("journal_entries", "journal_append_only", BOOKS, format!("OLD.recorded_by IN ({DEMO_PEOPLE})")),
        ("journal_lines", "journal_append_only", BOOKS, format!("OLD.entry_id IN ({entries})")),
        (
            "paper_tally_entries",
            "history_append_only",
            HISTORY,
            format!("OLD.entered_by IN ({DEMO_PEOPLE}) OR OLD.item_id IN ({items})"),
        ),
        (
            "paper_tally_confirmations",
            "history_append_only",
            HISTORY,
            format!(
                "OLD.entered_by IN ({DEMO_PEOPLE}) OR OLD.confirmed_by IN ({DEMO_PEOPLE}) \
                 OR OLD.entry_id IN (SELECT id FROM paper_tally_entries WHERE item_id IN ({items}))"
            ),
        ),
        (
            "attendance_events",
            "history_append_only",
            HISTORY,
            format!(
                "OLD.user_id IN ({DEMO_PEOPLE}) OR OLD.by_user_id IN ({DEMO_PEOPLE}) \
                 OR OLD.assembly_id IN ({assemblies})"
            ),
        ),
        (
            "minutes_versions",
            "history_append_only",
            HISTORY,
            format!("OLD.saved_by IN ({DEMO_PEOPLE}) OR OLD.assembly_id IN ({assemblies})"),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Spaces::Table).add_column(boolean(Spaces::IsDemo).default(false)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundProjects::Table)
                    .add_column(boolean(FundProjects::IsDemo).default(false))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (t, refuse, why, demo) in guarded() {
            if manager.get_database_backend() == DatabaseBackend::Postgres {
                // NULL (a row of no person) is not demo: IF treats it as false
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION {t}_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN IF {demo} THEN RETURN OLD; END IF; RAISE EXCEPTION '{why}'; END $$"
                ))
                .await?;
                db.execute_unprepared(&format!("DROP TRIGGER {t}_no_change ON {t}")).await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {refuse}()"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION {t}_delete_guard()"
                ))
                .await?;
            } else {
                // COALESCE: a NULL condition (a row of no person) is not demo. A new name: a pooled
                // SQLite connection that has not yet seen the DROP would refuse the old one as taken
                db.execute_unprepared(&format!("DROP TRIGGER {t}_no_delete")).await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_real_delete BEFORE DELETE ON {t} WHEN COALESCE(({demo}), 0) = 0 \
                     BEGIN SELECT RAISE(ABORT, '{why}'); END"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (t, refuse, why, _) in guarded() {
            if manager.get_database_backend() == DatabaseBackend::Postgres {
                db.execute_unprepared(&format!("DROP TRIGGER {t}_no_delete ON {t}")).await?;
                db.execute_unprepared(&format!("DROP TRIGGER {t}_no_update ON {t}")).await?;
                db.execute_unprepared(&format!("DROP FUNCTION {t}_delete_guard()")).await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} \
                     FOR EACH ROW EXECUTE FUNCTION {refuse}()"
                ))
                .await?;
            } else {
                db.execute_unprepared(&format!("DROP TRIGGER {t}_no_real_delete")).await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, '{why}'); END"
                ))
                .await?;
            }
        }
        manager
            .alter_table(Table::alter().table(FundProjects::Table).drop_column(FundProjects::IsDemo).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Spaces::Table).drop_column(Spaces::IsDemo).to_owned()).await?;
        Ok(())
    }
}
