//! The fund's accounts: cash, allocations, and the income and expense categories; and the side a line is on.

use crate::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IncomeCategory {
    DistrictGrant,
    Donation,
    RentalFees,
    EventIncome,
    Other,
}

impl IncomeCategory {
    pub const ALL: [IncomeCategory; 5] = [
        IncomeCategory::DistrictGrant,
        IncomeCategory::Donation,
        IncomeCategory::RentalFees,
        IncomeCategory::EventIncome,
        IncomeCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncomeCategory::DistrictGrant => "district_grant",
            IncomeCategory::Donation => "donation",
            IncomeCategory::RentalFees => "rental_fees",
            IncomeCategory::EventIncome => "event_income",
            IncomeCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Category, InputRule::NotChosen))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ExpenseCategory {
    Materials,
    Services,
    Venue,
    Events,
    Other,
}

impl ExpenseCategory {
    pub const ALL: [ExpenseCategory; 5] = [
        ExpenseCategory::Materials,
        ExpenseCategory::Services,
        ExpenseCategory::Venue,
        ExpenseCategory::Events,
        ExpenseCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExpenseCategory::Materials => "materials",
            ExpenseCategory::Services => "services",
            ExpenseCategory::Venue => "venue",
            ExpenseCategory::Events => "events",
            ExpenseCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Category, InputRule::NotChosen))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Account {
    Cash,
    /// Earmarked for the project with this id.
    Allocation(i64),
    Income(IncomeCategory),
    Expense(ExpenseCategory),
}

impl Account {
    /// The account's code as stored: `cash`, `allocation:12`, `income:donation`, `expense:venue`.
    pub fn code(self) -> String {
        match self {
            Account::Cash => "cash".to_owned(),
            Account::Allocation(p) => format!("allocation:{p}"),
            Account::Income(c) => format!("income:{}", c.as_str()),
            Account::Expense(c) => format!("expense:{}", c.as_str()),
        }
    }

    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(Field::Account, InputRule::NotChosen);
        match code.split_once(':') {
            None if code == "cash" => Ok(Account::Cash),
            Some(("allocation", id)) => {
                id.parse::<i64>().ok().filter(|id| *id > 0).map(Account::Allocation).ok_or_else(bad)
            }
            Some(("income", c)) => IncomeCategory::parse(c).map(Account::Income).map_err(|_| bad()),
            Some(("expense", c)) => ExpenseCategory::parse(c).map(Account::Expense).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }

    /// Income accounts grow by credits; every other account by debits.
    pub fn normal_side(self) -> Side {
        match self {
            Account::Income(_) => Side::Credit,
            _ => Side::Debit,
        }
    }

    /// Money the fund holds (cash or earmarked).
    pub fn is_money(self) -> bool {
        matches!(self, Account::Cash | Account::Allocation(_))
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    pub fn flipped(self) -> Side {
        match self {
            Side::Debit => Side::Credit,
            Side::Credit => Side::Debit,
        }
    }
}

impl IncomeCategory {
    /// The name people read.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            IncomeCategory::DistrictGrant => lang.pick("구 지원금", "District grant"),
            IncomeCategory::Donation => lang.pick("기부금", "Donations"),
            IncomeCategory::RentalFees => lang.pick("공간 사용료", "Space rental fees"),
            IncomeCategory::EventIncome => lang.pick("행사 수입", "Event income"),
            IncomeCategory::Other => lang.pick("기타 수입", "Other income"),
        }
    }
}

impl ExpenseCategory {
    /// The name people read.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            ExpenseCategory::Materials => lang.pick("재료비", "Materials"),
            ExpenseCategory::Services => lang.pick("용역비", "Services"),
            ExpenseCategory::Venue => lang.pick("장소 사용료", "Venue"),
            ExpenseCategory::Events => lang.pick("행사비", "Events"),
            ExpenseCategory::Other => lang.pick("기타 지출", "Other expenses"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_round_trip_through_their_codes() {
        let mut all = vec![Account::Cash, Account::Allocation(7)];
        all.extend(IncomeCategory::ALL.map(Account::Income));
        all.extend(ExpenseCategory::ALL.map(Account::Expense));
        for a in all {
            assert_eq!(Account::parse(&a.code()), Ok(a));
        }
        for bad in ["", "cash:1", "allocation:", "allocation:0", "allocation:x", "income:salary", "asset:cash"] {
            assert!(Account::parse(bad).is_err(), "{bad}");
        }
    }
}
