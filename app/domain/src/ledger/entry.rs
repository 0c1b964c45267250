//! Entries: amounts in whole won, the lines of an entry, and the balanced entry itself.

use super::account::{Account, ExpenseCategory, IncomeCategory, Side};
use crate::{Field, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};

/// A positive amount in whole won, at most [`Won::MAX`] (a trillion won: far beyond any dong's
/// fund, and small enough that no sum of a fund's entries overflows an `i64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Won(i64);

impl Won {
    pub const MAX: i64 = 1_000_000_000_000;

    pub fn new(n: i64) -> Result<Self, ValidationError> {
        if (1..=Self::MAX).contains(&n) {
            Ok(Won(n))
        } else {
            Err(ValidationError::new(
                Field::Amount,
                InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won },
            ))
        }
    }

    /// What people type: `1234000`, `1,234,000`, `1,234,000원`, `₩1,234,000`.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let cleaned: String = s.trim().trim_end_matches('원').trim_start_matches('₩').replace([',', ' '], "");
        if cleaned.is_empty() || !cleaned.bytes().all(|b| b.is_ascii_digit()) || cleaned.len() > 13 {
            return Err(ValidationError::new(
                Field::Amount,
                InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won },
            ));
        }
        cleaned
            .parse::<i64>()
            .map_err(|_| {
                ValidationError::new(
                    Field::Amount,
                    InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won },
                )
            })
            .and_then(Won::new)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub account: Account,
    pub side: Side,
    pub amount: Won,
}

impl Line {
    pub fn debit(account: Account, amount: Won) -> Line {
        Line { account, side: Side::Debit, amount }
    }

    pub fn credit(account: Account, amount: Won) -> Line {
        Line { account, side: Side::Credit, amount }
    }

    /// The line's effect on its account, debits positive.
    pub fn signed(self) -> i64 {
        match self.side {
            Side::Debit => self.amount.get(),
            Side::Credit => -self.amount.get(),
        }
    }
}

/// Why an entry cannot be made or posted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("an entry needs at least two lines")]
    TooFewLines,
    #[error("debits ({debits}) and credits ({credits}) differ")]
    Unbalanced { debits: i64, credits: i64 },
    #[error("an entry is too large")]
    TooLarge,
    /// Posting would take this account below zero (for money: more than the fund holds).
    #[error("{0} would go below zero")]
    Overdrawn(Account),
}

/// A balanced set of lines: Σ debits = Σ credits, at least two lines. Only constructed checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    lines: Vec<Line>,
}

impl Entry {
    pub fn new(lines: Vec<Line>) -> Result<Entry, LedgerError> {
        if lines.len() < 2 {
            return Err(LedgerError::TooFewLines);
        }
        let sum = |side: Side| {
            lines
                .iter()
                .filter(|l| l.side == side)
                .try_fold(0i64, |acc, l| acc.checked_add(l.amount.get()))
                .ok_or(LedgerError::TooLarge)
        };
        let (debits, credits) = (sum(Side::Debit)?, sum(Side::Credit)?);
        if debits != credits {
            return Err(LedgerError::Unbalanced { debits, credits });
        }
        Ok(Entry { lines })
    }

    fn pair(debit: Account, credit: Account, amount: Won) -> Entry {
        Entry { lines: vec![Line::debit(debit, amount), Line::credit(credit, amount)] }
    }

    /// Money received: cash up, income up.
    pub fn income(category: IncomeCategory, amount: Won) -> Entry {
        Entry::pair(Account::Cash, Account::Income(category), amount)
    }

    /// Money paid: from the project's allocation when it is a project's expense, else from cash.
    pub fn expense(category: ExpenseCategory, amount: Won, project: Option<i64>) -> Entry {
        let from = project.map_or(Account::Cash, Account::Allocation);
        Entry::pair(Account::Expense(category), from, amount)
    }

    /// Earmarks free cash for a project.
    pub fn allocation(project: i64, amount: Won) -> Entry {
        Entry::pair(Account::Allocation(project), Account::Cash, amount)
    }

    /// Returns what is left of a project's allocation to the free cash.
    pub fn release(project: i64, amount: Won) -> Entry {
        Entry::pair(Account::Cash, Account::Allocation(project), amount)
    }

    /// The entry that undoes this one: every line on the other side.
    pub fn reversal(&self) -> Entry {
        Entry { lines: self.lines.iter().map(|l| Line { side: l.side.flipped(), ..*l }).collect() }
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Σ debits (= Σ credits).
    pub fn total(&self) -> i64 {
        self.lines.iter().filter(|l| l.side == Side::Debit).map(|l| l.amount.get()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::fixtures::won;

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(Won::parse("1,234,000원").map(Won::get), Ok(1_234_000));
        assert_eq!(Won::parse("₩1,234,000").map(Won::get), Ok(1_234_000));
        assert_eq!(Won::parse(" 150000 ").map(Won::get), Ok(150_000));
        assert_eq!(Won::parse("1000000000000").map(Won::get), Ok(Won::MAX));
        for bad in ["", "0", "-5", "1.5", "1e6", "1000000000001", "99999999999999999999", "십만원"] {
            assert!(Won::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_balance_or_are_refused() {
        assert_eq!(Entry::new(vec![Line::debit(Account::Cash, won(5))]), Err(LedgerError::TooFewLines));
        assert_eq!(
            Entry::new(vec![
                Line::debit(Account::Cash, won(5)),
                Line::credit(Account::Income(IncomeCategory::Donation), won(4)),
            ]),
            Err(LedgerError::Unbalanced { debits: 5, credits: 4 })
        );
        // a split: one donation, two accounts
        let split = Entry::new(vec![
            Line::debit(Account::Cash, won(7)),
            Line::credit(Account::Income(IncomeCategory::Donation), won(4)),
            Line::credit(Account::Income(IncomeCategory::EventIncome), won(3)),
        ]);
        assert_eq!(split.map(|e| e.total()), Ok(7));
        // sums that would overflow are refused, not wrapped
        let huge = Won(i64::MAX);
        assert_eq!(
            Entry::new(vec![
                Line::debit(Account::Cash, huge),
                Line::debit(Account::Cash, huge),
                Line::credit(Account::Cash, won(1))
            ]),
            Err(LedgerError::TooLarge)
        );
    }
}
