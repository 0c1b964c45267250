//! The community fund: one per dong, kept in double entry.
//!
//! - `funds` — one row per dong that keeps books; every posting first bumps its `version`, which
//!   serialises postings to one fund (a row lock on PostgreSQL, the write lock on SQLite).
//! - `journal_entries` and `journal_lines` — the books. Both are append-only, enforced by
//!   triggers: an UPDATE or DELETE is refused. A line is a debit or a credit of a positive
//!   amount; the lines of an entry never add up to more than the entry's `total` on either side
//!   (a trigger on both databases), and on PostgreSQL a deferred constraint trigger also checks at
//!   commit that both sides equal the total. A correction is a new entry that `reverses` the
//!   original; an entry is reversed at most once (unique).
//! - `fund_projects` and `project_updates` — what allocations are earmarked for, and their news.
//! - `expense_claims` — submitted, then approved (with the payment entry) or rejected; one claim
//!   per (submitter, idempotency key); approved exactly when it has its entry.
//! - `fund_attachments` — receipts and evidence, stored as files outside the database.

use crate::helpers::{fk, index};
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
enum Dongs {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Assemblies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ResidentGroups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Funds {
    Table,
    DongCode,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FundProjects {
    Table,
    Id,
    DongCode,
    Title,
    ProposalId,
    AssemblyId,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectUpdates {
    Table,
    Id,
    ProjectId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JournalEntries {
    Table,
    Id,
    DongCode,
    EntryDate,
    Description,
    Kind,
    Total,
    ProjectId,
    PayeeType,
    ReversesEntryId,
    RecordedBy,
    ApprovedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JournalLines {
    Table,
    Id,
    EntryId,
    Account,
    Debit,
    Credit,
}

#[derive(DeriveIden)]
enum ExpenseClaims {
    Table,
    Id,
    DongCode,
    SubmittedBy,
    GroupId,
    Payee,
    PayeeType,
    Purpose,
    Category,
    Amount,
    ProjectId,
    IdempotencyKey,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionReason,
    EntryId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FundAttachments {
    Table,
    Id,
    DongCode,
    ClaimId,
    EntryId,
    StorageKey,
    ContentType,
    ByteSize,
    OriginalName,
    UploadedBy,
    CreatedAt,
}

const MAX_WON: i64 = 1_000_000_000_000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Funds::Table)
                    .col(string_len(Funds::DongCode, 10).primary_key())
                    .col(big_integer(Funds::Version).default(0))
                    .col(timestamp_with_time_zone(Funds::CreatedAt))
                    .foreign_key(&mut fk("fk_funds_dong", (Funds::Table, Funds::DongCode), (Dongs::Table, Dongs::Code)))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FundProjects::Table)
                    .col(big_integer(FundProjects::Id).auto_increment().primary_key())
                    .col(string_len(FundProjects::DongCode, 10))
                    .col(string_len(FundProjects::Title, 200))
                    .col(big_integer_null(FundProjects::ProposalId).unique_key())
                    .col(big_integer_null(FundProjects::AssemblyId))
                    .col(string_len(FundProjects::Status, 12))
                    .col(timestamp_with_time_zone(FundProjects::CreatedAt))
                    .col(timestamp_with_time_zone(FundProjects::UpdatedAt))
                    .check(Expr::col(FundProjects::Status).is_in(["planned", "in_progress", "done"]))
                    .foreign_key(&mut fk(
                        "fk_projects_fund",
                        (FundProjects::Table, FundProjects::DongCode),
                        (Funds::Table, Funds::DongCode),
                    ))
                    .foreign_key(&mut fk(
                        "fk_projects_proposal",
                        (FundProjects::Table, FundProjects::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_projects_assembly",
                        (FundProjects::Table, FundProjects::AssemblyId),
                        (Assemblies::Table, Assemblies::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_projects_dong", FundProjects::Table, &["dong_code", "id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(ProjectUpdates::Table)
                    .col(big_integer(ProjectUpdates::Id).auto_increment().primary_key())
                    .col(big_integer(ProjectUpdates::ProjectId))
                    .col(big_integer(ProjectUpdates::AuthorId))
                    .col(text(ProjectUpdates::Body))
                    .col(timestamp_with_time_zone(ProjectUpdates::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_updates_project",
                        (ProjectUpdates::Table, ProjectUpdates::ProjectId),
                        (FundProjects::Table, FundProjects::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_updates_author",
                        (ProjectUpdates::Table, ProjectUpdates::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_updates_project", ProjectUpdates::Table, &["project_id", "id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(JournalEntries::Table)
                    .col(big_integer(JournalEntries::Id).auto_increment().primary_key())
                    .col(string_len(JournalEntries::DongCode, 10))
                    .col(string_len(JournalEntries::EntryDate, 10))
                    .col(string_len(JournalEntries::Description, 300))
                    .col(string_len(JournalEntries::Kind, 12))
                    .col(big_integer(JournalEntries::Total))
                    .col(big_integer_null(JournalEntries::ProjectId))
                    .col(string_len_null(JournalEntries::PayeeType, 14))
                    .col(big_integer_null(JournalEntries::ReversesEntryId).unique_key())
                    .col(big_integer(JournalEntries::RecordedBy))
                    .col(big_integer_null(JournalEntries::ApprovedBy))
                    .col(timestamp_with_time_zone(JournalEntries::CreatedAt))
                    .check(Expr::col(JournalEntries::Kind).is_in([
                        "income",
                        "expense",
                        "allocation",
                        "release",
                        "reversal",
                    ]))
                    .check(Expr::col(JournalEntries::Total).between(1, MAX_WON * 20))
                    .check(Expr::cust("(kind = 'reversal') = (reverses_entry_id IS NOT NULL)"))
                    .check(Expr::cust("entry_date LIKE '____-__-__'"))
                    .foreign_key(&mut fk(
                        "fk_entries_fund",
                        (JournalEntries::Table, JournalEntries::DongCode),
                        (Funds::Table, Funds::DongCode),
                    ))
                    .foreign_key(&mut fk(
                        "fk_entries_project",
                        (JournalEntries::Table, JournalEntries::ProjectId),
                        (FundProjects::Table, FundProjects::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_entries_reverses",
                        (JournalEntries::Table, JournalEntries::ReversesEntryId),
                        (JournalEntries::Table, JournalEntries::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_entries_recorder",
                        (JournalEntries::Table, JournalEntries::RecordedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_entries_approver",
                        (JournalEntries::Table, JournalEntries::ApprovedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_entries_dong_date", JournalEntries::Table, &["dong_code", "entry_date", "id"]).await?;
        index(manager, "ix_entries_project", JournalEntries::Table, &["project_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(JournalLines::Table)
                    .col(big_integer(JournalLines::Id).auto_increment().primary_key())
                    .col(big_integer(JournalLines::EntryId))
                    .col(string_len(JournalLines::Account, 40))
                    .col(big_integer(JournalLines::Debit).default(0))
                    .col(big_integer(JournalLines::Credit).default(0))
                    .check(Expr::cust(format!(
                        "(debit BETWEEN 1 AND {MAX_WON} AND credit = 0) OR (credit BETWEEN 1 AND {MAX_WON} AND debit = 0)"
                    )))
                    .foreign_key(&mut fk(
                        "fk_lines_entry",
                        (JournalLines::Table, JournalLines::EntryId),
                        (JournalEntries::Table, JournalEntries::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_lines_entry", JournalLines::Table, &["entry_id"]).await?;
        index(manager, "ix_lines_account", JournalLines::Table, &["account", "entry_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(ExpenseClaims::Table)
                    .col(big_integer(ExpenseClaims::Id).auto_increment().primary_key())
                    .col(string_len(ExpenseClaims::DongCode, 10))
                    .col(big_integer(ExpenseClaims::SubmittedBy))
                    .col(big_integer_null(ExpenseClaims::GroupId))
                    .col(string_len(ExpenseClaims::Payee, 100))
                    .col(string_len(ExpenseClaims::PayeeType, 14))
                    .col(string_len(ExpenseClaims::Purpose, 300))
                    .col(string_len(ExpenseClaims::Category, 20))
                    .col(big_integer(ExpenseClaims::Amount))
                    .col(big_integer_null(ExpenseClaims::ProjectId))
                    .col(string_len(ExpenseClaims::IdempotencyKey, 64))
                    .col(string_len(ExpenseClaims::Status, 12))
                    .col(big_integer_null(ExpenseClaims::DecidedBy))
                    .col(timestamp_with_time_zone_null(ExpenseClaims::DecidedAt))
                    .col(text_null(ExpenseClaims::DecisionReason))
                    .col(big_integer_null(ExpenseClaims::EntryId).unique_key())
                    .col(timestamp_with_time_zone(ExpenseClaims::CreatedAt))
                    .check(Expr::col(ExpenseClaims::Amount).between(1, MAX_WON))
                    .check(Expr::col(ExpenseClaims::Status).is_in(["submitted", "approved", "rejected"]))
                    .check(Expr::col(ExpenseClaims::PayeeType).is_in(["person", "business", "organisation"]))
                    .check(Expr::cust("(status = 'approved') = (entry_id IS NOT NULL)"))
                    .check(Expr::cust("(status = 'submitted') = (decided_by IS NULL)"))
                    .check(Expr::cust("decided_by IS NULL OR decided_by <> submitted_by"))
                    .foreign_key(&mut fk(
                        "fk_claims_fund",
                        (ExpenseClaims::Table, ExpenseClaims::DongCode),
                        (Funds::Table, Funds::DongCode),
                    ))
                    .foreign_key(&mut fk(
                        "fk_claims_submitter",
                        (ExpenseClaims::Table, ExpenseClaims::SubmittedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_claims_group",
                        (ExpenseClaims::Table, ExpenseClaims::GroupId),
                        (ResidentGroups::Table, ResidentGroups::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_claims_project",
                        (ExpenseClaims::Table, ExpenseClaims::ProjectId),
                        (FundProjects::Table, FundProjects::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_claims_decider",
                        (ExpenseClaims::Table, ExpenseClaims::DecidedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_claims_entry",
                        (ExpenseClaims::Table, ExpenseClaims::EntryId),
                        (JournalEntries::Table, JournalEntries::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_claims_idempotency")
                    .table(ExpenseClaims::Table)
                    .col(ExpenseClaims::SubmittedBy)
                    .col(ExpenseClaims::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_claims_dong_status", ExpenseClaims::Table, &["dong_code", "status", "id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(FundAttachments::Table)
                    .col(big_integer(FundAttachments::Id).auto_increment().primary_key())
                    .col(string_len(FundAttachments::DongCode, 10))
                    .col(big_integer_null(FundAttachments::ClaimId))
                    .col(big_integer_null(FundAttachments::EntryId))
                    .col(string_len(FundAttachments::StorageKey, 64).unique_key())
                    .col(string_len(FundAttachments::ContentType, 40))
                    .col(big_integer(FundAttachments::ByteSize))
                    .col(string_len(FundAttachments::OriginalName, 200))
                    .col(big_integer(FundAttachments::UploadedBy))
                    .col(timestamp_with_time_zone(FundAttachments::CreatedAt))
                    .check(Expr::cust("claim_id IS NOT NULL OR entry_id IS NOT NULL"))
                    .foreign_key(&mut fk(
                        "fk_attachments_fund",
                        (FundAttachments::Table, FundAttachments::DongCode),
                        (Funds::Table, Funds::DongCode),
                    ))
                    .foreign_key(&mut fk(
                        "fk_attachments_claim",
                        (FundAttachments::Table, FundAttachments::ClaimId),
                        (ExpenseClaims::Table, ExpenseClaims::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_attachments_entry",
                        (FundAttachments::Table, FundAttachments::EntryId),
                        (JournalEntries::Table, JournalEntries::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_attachments_uploader",
                        (FundAttachments::Table, FundAttachments::UploadedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_attachments_claim", FundAttachments::Table, &["claim_id"]).await?;
        index(manager, "ix_attachments_entry", FundAttachments::Table, &["entry_id"]).await?;

        books_triggers(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared("DROP FUNCTION IF EXISTS journal_append_only CASCADE").await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS journal_line_within_total CASCADE").await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS journal_entry_balanced CASCADE").await?;
        }
        for t in [
            FundAttachments::Table.into_iden(),
            ExpenseClaims::Table.into_iden(),
            JournalLines::Table.into_iden(),
            JournalEntries::Table.into_iden(),
            ProjectUpdates::Table.into_iden(),
            FundProjects::Table.into_iden(),
            Funds::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

/// The books' own guards, in the database: append-only entries and lines, no line beyond its
/// entry's total, and (PostgreSQL, at commit) every entry balanced.
async fn books_triggers(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.execute_unprepared(
                "CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION 'the journal is append-only: record a reversal instead'; END $$",
            )
            .await?;
            for t in ["journal_entries", "journal_lines"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} \
                     FOR EACH ROW EXECUTE FUNCTION journal_append_only()"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} \
                     FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only()"
                ))
                .await?;
            }
            db.execute_unprepared(
                "CREATE FUNCTION journal_line_within_total() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 DECLARE t bigint; d bigint; c bigint; \
                 BEGIN \
                   SELECT total INTO t FROM journal_entries WHERE id = NEW.entry_id; \
                   SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) INTO d, c \
                     FROM journal_lines WHERE entry_id = NEW.entry_id; \
                   IF d + NEW.debit > t OR c + NEW.credit > t THEN \
                     RAISE EXCEPTION 'journal line exceeds its entry''s total'; \
                   END IF; \
                   RETURN NEW; \
                 END $$",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER journal_lines_within_total BEFORE INSERT ON journal_lines \
                 FOR EACH ROW EXECUTE FUNCTION journal_line_within_total()",
            )
            .await?;
            db.execute_unprepared(
                "CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 DECLARE t bigint; d bigint; c bigint; \
                 BEGIN \
                   SELECT total INTO t FROM journal_entries WHERE id = NEW.id; \
                   SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) INTO d, c \
                     FROM journal_lines WHERE entry_id = NEW.id; \
                   IF d <> t OR c <> t THEN \
                     RAISE EXCEPTION 'journal entry % does not balance', NEW.id; \
                   END IF; \
                   RETURN NULL; \
                 END $$",
            )
            .await?;
            db.execute_unprepared(
                "CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries \
                 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()",
            )
            .await?;
        }
        _ => {
            for t in ["journal_entries", "journal_lines"] {
                for op in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_no_{} BEFORE {op} ON {t} \
                         BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a reversal instead'); END",
                        op.to_lowercase()
                    ))
                    .await?;
                }
            }
            db.execute_unprepared(
                "CREATE TRIGGER journal_lines_within_total BEFORE INSERT ON journal_lines \
                 WHEN (SELECT COALESCE(SUM(debit), 0) FROM journal_lines WHERE entry_id = NEW.entry_id) + NEW.debit \
                        > (SELECT total FROM journal_entries WHERE id = NEW.entry_id) \
                   OR (SELECT COALESCE(SUM(credit), 0) FROM journal_lines WHERE entry_id = NEW.entry_id) + NEW.credit \
                        > (SELECT total FROM journal_entries WHERE id = NEW.entry_id) \
                 BEGIN SELECT RAISE(ABORT, 'journal line exceeds its entry''s total'); END",
            )
            .await?;
        }
    }
    Ok(())
}
