//! Reads that stay fast at city scale (issue 19):
//!
//! - `search_documents` — one row per searchable thing (a proposal, a group, an assembly, a fund
//!   entry): its place, its plain text, and its terms (the bigrams of Korean runs, the words of
//!   everything else; see `domain::search`). SQLite indexes the terms in an FTS5 table kept in
//!   step by triggers; PostgreSQL in a generated `tsvector` column (title weighted above body)
//!   under a GIN index. This replaces the substring `LIKE` over `proposals.search_text` and
//!   `resident_groups.search_text`, which are dropped.
//! - `fund_month_totals` — Σ debits − Σ credits per dong, month and account, written in the
//!   posting's transaction, so the fund's balances and monthly flows no longer sum the journal.
//!   Filled here from the journal as it is.
//! - Indexes the proposal list reads in its sort orders, ending in the id it breaks ties with,
//!   and one that answers its count without reading the rows.

use crate::helpers::index;
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchDocuments {
    Table,
    Id,
    Kind,
    EntityId,
    DongCode,
    DistrictCode,
    Text,
    TitleTerms,
    BodyTerms,
}

#[derive(DeriveIden)]
enum FundMonthTotals {
    Table,
    DongCode,
    Month,
    Account,
    Net,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    SearchText,
}

#[derive(DeriveIden)]
enum ResidentGroups {
    Table,
    SearchText,
}

/// The proposal list's orders: (index, its SQL). `closest` repeats, character for character, the
/// expressions the list orders by, so both databases can read the order from the index.
const PROPOSAL_ORDERS: [(&str, &str); 4] = [
    ("ix_proposals_dong_newest", "dong_code, hidden, published_at DESC, id DESC"),
    ("ix_proposals_dong_supported", "dong_code, hidden, supports_count DESC, id DESC"),
    (
        "ix_proposals_dong_closest",
        "dong_code, hidden, (CASE WHEN status = 'published' THEN 0 ELSE 1 END), \
         (support_threshold - supports_count), id DESC",
    ),
    ("ix_proposals_dong_count", "dong_code, hidden, status, category, published_at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;

        manager
            .create_table(
                Table::create()
                    .table(SearchDocuments::Table)
                    .col(big_integer(SearchDocuments::Id).auto_increment().primary_key())
                    .col(string_len(SearchDocuments::Kind, 20))
                    .col(big_integer(SearchDocuments::EntityId))
                    .col(string_len(SearchDocuments::DongCode, 10))
                    .col(string_len(SearchDocuments::DistrictCode, 10))
                    .col(text(SearchDocuments::Text))
                    .col(text(SearchDocuments::TitleTerms))
                    .col(text(SearchDocuments::BodyTerms))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_search_documents_entity")
                    .table(SearchDocuments::Table)
                    .col(SearchDocuments::Kind)
                    .col(SearchDocuments::EntityId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_search_documents_dong", SearchDocuments::Table, &["kind", "dong_code"]).await?;
        index(manager, "ix_search_documents_district", SearchDocuments::Table, &["kind", "district_code"]).await?;
        if postgres {
            db.execute_unprepared(
                "ALTER TABLE search_documents ADD COLUMN terms tsvector GENERATED ALWAYS AS \
                 (setweight(to_tsvector('simple', title_terms), 'A') || \
                  setweight(to_tsvector('simple', body_terms), 'B')) STORED",
            )
            .await?;
            db.execute_unprepared("CREATE INDEX ix_search_documents_terms ON search_documents USING gin (terms)")
                .await?;
            db.execute_unprepared("DROP INDEX IF EXISTS ix_proposals_search").await?;
            db.execute_unprepared("DROP INDEX IF EXISTS ix_groups_search").await?;
        } else {
            db.execute_unprepared(
                "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, \
                 content='search_documents', content_rowid='id')",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN \
                 INSERT INTO search_fts(rowid, title_terms, body_terms) \
                 VALUES (new.id, new.title_terms, new.body_terms); END",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN \
                 INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms) \
                 VALUES ('delete', old.id, old.title_terms, old.body_terms); END",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN \
                 INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms) \
                 VALUES ('delete', old.id, old.title_terms, old.body_terms); \
                 INSERT INTO search_fts(rowid, title_terms, body_terms) \
                 VALUES (new.id, new.title_terms, new.body_terms); END",
            )
            .await?;
        }
        manager
            .alter_table(Table::alter().table(Proposals::Table).drop_column(Proposals::SearchText).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(ResidentGroups::Table).drop_column(ResidentGroups::SearchText).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FundMonthTotals::Table)
                    .col(string_len(FundMonthTotals::DongCode, 10))
                    .col(string_len(FundMonthTotals::Month, 7))
                    .col(string_len(FundMonthTotals::Account, 40))
                    .col(big_integer(FundMonthTotals::Net))
                    .primary_key(
                        Index::create()
                            .col(FundMonthTotals::DongCode)
                            .col(FundMonthTotals::Month)
                            .col(FundMonthTotals::Account),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "INSERT INTO fund_month_totals (dong_code, month, account, net) \
             SELECT e.dong_code, substr(e.entry_date, 1, 7), l.account, \
                    CAST(SUM(l.debit) - SUM(l.credit) AS BIGINT) \
             FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id \
             GROUP BY e.dong_code, substr(e.entry_date, 1, 7), l.account",
        )
        .await?;

        for (name, cols) in PROPOSAL_ORDERS {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON proposals ({cols})")).await?;
        }
        for old in ["ix_proposals_dong_published", "ix_proposals_dong_supports"] {
            db.execute_unprepared(&format!("DROP INDEX {old}")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in PROPOSAL_ORDERS {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        index(manager, "ix_proposals_dong_published", Proposals::Table, &["dong_code", "hidden", "published_at"])
            .await?;
        index(manager, "ix_proposals_dong_supports", Proposals::Table, &["dong_code", "hidden", "supports_count"])
            .await?;
        manager.drop_table(Table::drop().table(FundMonthTotals::Table).to_owned()).await?;
        // the substring columns come back empty: the search index was their only reader's source
        manager
            .alter_table(
                Table::alter().table(Proposals::Table).add_column(text(Proposals::SearchText).default("")).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ResidentGroups::Table)
                    .add_column(text(ResidentGroups::SearchText).default(""))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("CREATE INDEX ix_proposals_search ON proposals USING gin (search_text gin_trgm_ops)")
                .await?;
            db.execute_unprepared(
                "CREATE INDEX ix_groups_search ON resident_groups USING gin (search_text gin_trgm_ops)",
            )
            .await?;
        } else {
            db.execute_unprepared("DROP TABLE search_fts").await?;
        }
        manager.drop_table(Table::drop().table(SearchDocuments::Table).to_owned()).await?;
        Ok(())
    }
}
