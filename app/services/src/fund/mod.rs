//! A dong's community fund: posting entries, balances, the public summary, the journal, monthly
//! statements and projects. Claims are in `fund_claims`.
//!
//! Right by construction:
//! - Every entry is a `domain::ledger::Entry` (balanced, checked) before it is stored, and the
//!   database refuses lines beyond an entry's total, any update or delete, and (PostgreSQL) an
//!   unbalanced entry at commit.
//! - Every posting runs in a transaction whose first write bumps the fund's `version` (`lock`):
//!   on PostgreSQL that row lock, on SQLite the database's write lock, orders all postings to one
//!   fund. The balances are read after the lock, and `Balances::post` refuses an entry that would
//!   take cash, an allocation or a category below zero — so concurrent approvals never overdraw.

mod books;
pub mod claims;
mod posting;
mod projects;
mod records;

pub(crate) use books::project_titles;
pub use books::{all_entries, journal, page, search_entries, statement, summary, viewer};
pub use posting::{EntryMeta, balances, lock, rebuild_totals};

pub(crate) use posting::{post, post_locked};
pub use projects::{
    Decided, add_project_update, allocate, attach_evidence, create_project, open_project_locked, project_page,
    project_photo_file, projects, set_project_status,
};
pub(crate) use projects::{check_budgets, find_project, projects_from_results, projects_with};

pub use records::{NewIncome, dong_of_entry, record_income, reverse};

use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::ledger::{Account, EntryDate, LedgerError};

pub const PAGE_SIZE: u64 = 20;

/// Today on Seoul's clock.
pub fn today() -> EntryDate {
    let s = super::time_fmt::seoul_date(Utc::now());
    EntryDate::parse(&s).unwrap_or(EntryDate { year: 2026, month: 1, day: 1 })
}

fn refusal(e: LedgerError) -> AppError {
    match e {
        LedgerError::Overdrawn(Account::Allocation(_)) => AppError::Conflict(ErrorCode::AllocationShort),
        LedgerError::Overdrawn(Account::Cash) => AppError::Conflict(ErrorCode::FreeBalanceShort),
        LedgerError::Overdrawn(a) => AppError::Conflict(ErrorCode::BelowZero { account: a.to_string() }),
        other => {
            tracing::error!(error = %other, "an unbalanced entry reached the books");
            AppError::Internal
        }
    }
}
