//! Balances: every account's balance, posting that never overdraws, and the month-by-month flow.

use super::account::{Account, Side};
use super::date::{EntryDate, Month};
use super::entry::{Entry, LedgerError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every account's balance, debits positive (so income accounts are negative).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balances(BTreeMap<Account, i64>);

impl Balances {
    /// Replays a journal without checking floors (what was recorded, was recorded).
    pub fn replay<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Balances {
        let mut b = Balances::default();
        for e in entries {
            b.apply(e);
        }
        b
    }

    /// Builds balances from stored `(account, signed balance)` sums.
    pub fn from_sums(sums: impl IntoIterator<Item = (Account, i64)>) -> Balances {
        let mut b = Balances::default();
        for (a, n) in sums {
            *b.0.entry(a).or_insert(0) += n;
        }
        b
    }

    fn apply(&mut self, e: &Entry) {
        for l in e.lines() {
            *self.0.entry(l.account).or_insert(0) += l.signed();
        }
    }

    /// Posts `e` if no account it touches would end below zero on its normal side; otherwise
    /// refuses and leaves the balances as they were.
    pub fn post(&mut self, e: &Entry) -> Result<(), LedgerError> {
        let mut next = self.clone();
        next.apply(e);
        for l in e.lines() {
            if next.normal(l.account) < 0 {
                return Err(LedgerError::Overdrawn(l.account));
            }
        }
        *self = next;
        Ok(())
    }

    /// The signed balance (debits positive).
    pub fn signed(&self, a: Account) -> i64 {
        self.0.get(&a).copied().unwrap_or(0)
    }

    /// The balance on the account's normal side (an income account's income, positive).
    pub fn normal(&self, a: Account) -> i64 {
        match a.normal_side() {
            Side::Debit => self.signed(a),
            Side::Credit => -self.signed(a),
        }
    }

    /// Money not earmarked.
    pub fn free(&self) -> i64 {
        self.signed(Account::Cash)
    }

    /// Money earmarked for projects.
    pub fn earmarked(&self) -> i64 {
        self.0.iter().filter(|(a, _)| matches!(a, Account::Allocation(_))).map(|(_, n)| n).sum()
    }

    /// All the money the fund holds.
    pub fn balance(&self) -> i64 {
        self.free() + self.earmarked()
    }

    /// Σ of all signed balances: zero whenever every entry balanced.
    pub fn sum(&self) -> i64 {
        self.0.values().sum()
    }

    pub fn accounts(&self) -> impl Iterator<Item = (Account, i64)> + '_ {
        self.0.iter().map(|(a, n)| (*a, *n))
    }
}

/// One month's movement: income and expense recorded in it (reversals net out), and the balance
/// (all money held) at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFlow {
    pub month: Month,
    pub income: i64,
    pub expense: i64,
    pub closing_balance: i64,
}

/// The month-by-month flow over `months` (consecutive, oldest first) of a journal given as
/// dated entries in any order, starting from the money held before the first month. Income and
/// expense are the net change of the income and expense accounts; the closing balance adds every
/// entry up to the month's end.
pub fn monthly_flow(opening_balance: i64, journal: &[(EntryDate, &Entry)], months: &[Month]) -> Vec<MonthFlow> {
    flow_of_months(opening_balance, &month_totals(journal), months)
}

/// Each month's balances (what its entries moved, per account) of a journal given as dated entries.
pub fn month_totals(journal: &[(EntryDate, &Entry)]) -> BTreeMap<Month, Balances> {
    let mut out: BTreeMap<Month, Balances> = BTreeMap::new();
    for (d, e) in journal {
        out.entry(d.month()).or_default().apply(e);
    }
    out
}

/// The same flow from each month's balances, as the books keep them (`fund_month_totals`): a
/// month's income is what its income accounts moved, its closing balance the opening plus every
/// month up to its end.
pub fn flow_of_months(opening_balance: i64, totals: &BTreeMap<Month, Balances>, months: &[Month]) -> Vec<MonthFlow> {
    months
        .iter()
        .map(|m| {
            let (mut income, mut expense) = (0i64, 0i64);
            if let Some(b) = totals.get(m) {
                for (a, n) in b.accounts() {
                    match a {
                        Account::Income(_) => income -= n,
                        Account::Expense(_) => expense += n,
                        _ => {}
                    }
                }
            }
            let moved: i64 = totals.range(..=*m).map(|(_, b)| b.balance()).sum();
            MonthFlow { month: *m, income, expense, closing_balance: opening_balance + moved }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::fixtures::won;
    use crate::ledger::{ExpenseCategory, IncomeCategory};

    #[test]
    fn posting_never_overdraws_money() {
        let mut b = Balances::default();
        assert_eq!(b.post(&Entry::income(IncomeCategory::DistrictGrant, won(1_000_000))), Ok(()));
        // exactly the free balance can be earmarked, not a won more
        assert_eq!(b.post(&Entry::allocation(1, won(1_000_001))), Err(LedgerError::Overdrawn(Account::Cash)));
        assert_eq!(b.post(&Entry::allocation(1, won(600_000))), Ok(()));
        assert_eq!((b.free(), b.earmarked(), b.balance()), (400_000, 600_000, 1_000_000));
        // a project spends from its allocation, never beyond it
        assert_eq!(
            b.post(&Entry::expense(ExpenseCategory::Materials, won(600_001), Some(1))),
            Err(LedgerError::Overdrawn(Account::Allocation(1)))
        );
        assert_eq!(b.post(&Entry::expense(ExpenseCategory::Materials, won(600_000), Some(1))), Ok(()));
        // other expenses come from the free balance
        assert_eq!(
            b.post(&Entry::expense(ExpenseCategory::Venue, won(400_001), None)),
            Err(LedgerError::Overdrawn(Account::Cash))
        );
        assert_eq!(b.post(&Entry::expense(ExpenseCategory::Venue, won(400_000), None)), Ok(()));
        assert_eq!((b.balance(), b.sum()), (0, 0));
    }

    #[test]
    fn a_reversal_undoes_an_entry_and_cannot_take_back_spent_money() {
        let mut b = Balances::default();
        let grant = Entry::income(IncomeCategory::DistrictGrant, won(500_000));
        b.post(&grant).unwrap_or_else(|e| panic!("{e}"));
        let typo = Entry::expense(ExpenseCategory::Materials, won(45_000), None);
        b.post(&typo).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(b.post(&typo.reversal()), Ok(()));
        assert_eq!(b.free(), 500_000);
        assert_eq!(b.normal(Account::Expense(ExpenseCategory::Materials)), 0);
        // reversing it a second time would make the expense category negative
        assert_eq!(b.post(&typo.reversal()), Err(LedgerError::Overdrawn(Account::Expense(ExpenseCategory::Materials))));
        // the grant cannot be reversed once its money is spent
        b.post(&Entry::expense(ExpenseCategory::Events, won(400_000), None)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(b.post(&grant.reversal()), Err(LedgerError::Overdrawn(Account::Cash)));
    }

    #[test]
    fn the_monthly_flow_nets_reversals_and_carries_the_balance() {
        let d = |s: &str| EntryDate::parse(s).unwrap_or_else(|e| panic!("{e}"));
        let grant = Entry::income(IncomeCategory::DistrictGrant, won(1_000_000));
        let paint = Entry::expense(ExpenseCategory::Materials, won(90_000), None);
        let undo = paint.reversal();
        let fix = Entry::expense(ExpenseCategory::Materials, won(9_000), None);
        let journal = vec![
            (d("2026-10-20"), &paint),
            (d("2026-09-01"), &grant),
            (d("2026-10-21"), &undo),
            (d("2026-10-21"), &fix),
        ];
        let months = [Month { year: 2026, month: 8 }, Month { year: 2026, month: 9 }, Month { year: 2026, month: 10 }];
        let flow = monthly_flow(5_000, &journal, &months);
        assert_eq!(
            flow.iter().map(|f| (f.income, f.expense, f.closing_balance)).collect::<Vec<_>>(),
            vec![(0, 0, 5_000), (1_000_000, 0, 1_005_000), (0, 9_000, 996_000),]
        );
    }
}

#[cfg(test)]
mod properties {
    //! For any sequence of operations, each posted only if it keeps every account at or above its
    //! floor: every entry balances, the whole journal balances, the balances equal a replay of the
    //! journal, money equals income minus expense, and no account is below its floor.
    use super::*;
    use crate::ledger::{ExpenseCategory, IncomeCategory, Won};
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Income(usize, i64),
        Expense(usize, i64, Option<i64>),
        Allocate(i64, i64),
        Release(i64, i64),
        /// Reverse the n-th posted entry (modulo how many there are).
        Reverse(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let amount = 1i64..2_000_000;
        let project = 1i64..4;
        prop_oneof![
            (0..IncomeCategory::ALL.len(), amount.clone()).prop_map(|(c, a)| Op::Income(c, a)),
            (0..ExpenseCategory::ALL.len(), amount.clone(), proptest::option::of(project.clone()))
                .prop_map(|(c, a, p)| Op::Expense(c, a, p)),
            (project.clone(), amount.clone()).prop_map(|(p, a)| Op::Allocate(p, a)),
            (project, amount).prop_map(|(p, a)| Op::Release(p, a)),
            any::<usize>().prop_map(Op::Reverse),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn the_books_stay_right(ops in proptest::collection::vec(op(), 1..80)) {
            let mut balances = Balances::default();
            let mut journal: Vec<Entry> = Vec::new();
            for op in ops {
                let won = |a: i64| Won::new(a).unwrap_or_else(|e| panic!("{e}"));
                let entry = match op {
                    Op::Income(c, a) => Entry::income(IncomeCategory::ALL[c], won(a)),
                    Op::Expense(c, a, p) => Entry::expense(ExpenseCategory::ALL[c], won(a), p),
                    Op::Allocate(p, a) => Entry::allocation(p, won(a)),
                    Op::Release(p, a) => Entry::release(p, won(a)),
                    Op::Reverse(n) if !journal.is_empty() => journal[n % journal.len()].reversal(),
                    Op::Reverse(_) => continue,
                };
                if balances.post(&entry).is_ok() {
                    journal.push(entry);
                }
            }
            for e in &journal {
                let debits: i64 = e.lines().iter().filter(|l| l.side == Side::Debit).map(|l| l.amount.get()).sum();
                let credits: i64 = e.lines().iter().filter(|l| l.side == Side::Credit).map(|l| l.amount.get()).sum();
                prop_assert_eq!(debits, credits);
            }
            prop_assert_eq!(balances.sum(), 0);
            prop_assert_eq!(&Balances::replay(&journal), &balances);
            let income: i64 = IncomeCategory::ALL.iter().map(|c| balances.normal(Account::Income(*c))).sum();
            let expense: i64 = ExpenseCategory::ALL.iter().map(|c| balances.normal(Account::Expense(*c))).sum();
            prop_assert_eq!(balances.balance(), income - expense);
            for (account, _) in balances.accounts() {
                prop_assert!(balances.normal(account) >= 0, "{} below zero", account);
            }
        }
    }
}
