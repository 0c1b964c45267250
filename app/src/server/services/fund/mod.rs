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

pub use books::*;
pub use posting::*;
pub use projects::*;
pub use records::*;

use crate::domain::ledger::{Account, EntryDate, LedgerError};
use crate::error::AppError;
use crate::error_code::ErrorCode;
use chrono::Utc;

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
