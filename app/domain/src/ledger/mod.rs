//! The community fund's books (마을기금): one fund per dong, kept in double entry, whole won,
//! append-only. Pure rules: the services store entries and lock the fund; these decide what an
//! entry is, whether it balances, and whether posting it would overdraw an account.
//!
//! The accounts:
//! - `cash` — the fund's money that is not earmarked (the *free balance*);
//! - `allocation:<project>` — money earmarked for one project (an allocation moves cash into it,
//!   the project's expenses are paid from it, what is left can be released back);
//! - `income:<category>` and `expense:<category>`.
//!
//! Cash and allocations are the money the fund holds: together they are the *balance*. Neither
//! may go below zero, and neither may an income or expense category (a reversal can take back at
//! most what was recorded). Corrections are reversal entries, never edits.

mod account;
mod balances;
mod claim;
mod date;
mod entry;
mod project;

pub use account::{Account, ExpenseCategory, IncomeCategory, Side};
pub use balances::{Balances, MonthFlow, flow_of_months, month_totals, monthly_flow};
pub use claim::{ClaimRefusal, ClaimStatus, IdempotencyKey, NewClaim, PayeeType, may_decide};
pub use date::{EntryDate, Month};
pub use entry::{Entry, LedgerError, Line, Won};
pub use project::{EntryKind, ProjectStatus};

/// Helpers the tests of several files share.
#[cfg(test)]
mod fixtures {
    use super::Won;

    pub(super) fn won(n: i64) -> Won {
        Won::new(n).unwrap_or_else(|e| panic!("{e}"))
    }
}
