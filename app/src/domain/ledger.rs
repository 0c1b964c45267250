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

use super::ValidationError;
use super::calendar::{days_from_civil, days_in_month, month_abbr, weekday_name, weekday_of_day};
use super::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

// ---- amounts -----------------------------------------------------------------------------------

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
            Err(ValidationError::new("amount", "must be a whole number of won from 1 to 1,000,000,000,000"))
        }
    }

    /// What people type: `1234000`, `1,234,000`, `1,234,000원`, `₩1,234,000`.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let cleaned: String = s.trim().trim_end_matches('원').trim_start_matches('₩').replace([',', ' '], "");
        if cleaned.is_empty() || !cleaned.bytes().all(|b| b.is_ascii_digit()) || cleaned.len() > 13 {
            return Err(ValidationError::new("amount", "must be a whole number of won, like 150,000"));
        }
        cleaned
            .parse::<i64>()
            .map_err(|_| ValidationError::new("amount", "must be a whole number of won"))
            .and_then(Won::new)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

// ---- categories --------------------------------------------------------------------------------

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
            .ok_or_else(|| ValidationError::new("category", "choose a kind of income"))
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
            .ok_or_else(|| ValidationError::new("category", "choose a kind of expense"))
    }
}

// ---- accounts, lines, entries ------------------------------------------------------------------

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
        let bad = || ValidationError::new("account", "not an account of the fund");
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

// ---- balances ----------------------------------------------------------------------------------

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

// ---- claims ------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimStatus {
    Submitted,
    Approved,
    Rejected,
}

impl ClaimStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s {
            "submitted" => Ok(ClaimStatus::Submitted),
            "approved" => Ok(ClaimStatus::Approved),
            "rejected" => Ok(ClaimStatus::Rejected),
            _ => Err(ValidationError::new("status", "not a claim status")),
        }
    }
}

/// Whom a payment goes to, as the public journal shows it (never the payee's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayeeType {
    Person,
    Business,
    Organisation,
}

impl PayeeType {
    pub const ALL: [PayeeType; 3] = [PayeeType::Person, PayeeType::Business, PayeeType::Organisation];

    pub fn as_str(self) -> &'static str {
        match self {
            PayeeType::Person => "person",
            PayeeType::Business => "business",
            PayeeType::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("payee_type", "choose whom the money goes to"))
    }
}

/// An expense claim as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub payee: String,
    pub payee_type: PayeeType,
    pub purpose: String,
    pub category: ExpenseCategory,
    pub amount: Won,
    pub project: Option<i64>,
    /// Makes a repeated submission (double click, retry) the same claim.
    pub idempotency_key: IdempotencyKey,
}

impl NewClaim {
    pub fn parse(
        payee: &str,
        payee_type: &str,
        purpose: &str,
        category: &str,
        amount: &str,
        project: &str,
        idempotency_key: &str,
    ) -> Result<Self, ValidationError> {
        use super::text::bounded;
        let project = match project.trim() {
            "" => None,
            p => Some(
                p.parse::<i64>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| ValidationError::new("project", "choose a project from the list"))?,
            ),
        };
        Ok(NewClaim {
            payee: bounded("payee", payee, 2, 100, false)?,
            payee_type: PayeeType::parse(payee_type)?,
            purpose: bounded("purpose", purpose, 5, 300, false)?,
            category: ExpenseCategory::parse(category)?,
            amount: Won::parse(amount)?,
            project,
            idempotency_key: IdempotencyKey::parse(idempotency_key)?,
        })
    }
}

/// A client-chosen key, 16–64 characters of `[A-Za-z0-9_-]` (forms carry a random one).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim();
        if (16..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            Ok(IdempotencyKey(s.to_owned()))
        } else {
            Err(ValidationError::new("idempotency_key", "must be 16 to 64 letters, digits, - or _"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who may decide a claim: anyone allowed to approve, except its author.
pub fn may_decide(author: i64, decider: i64, status: ClaimStatus) -> Result<(), ClaimRefusal> {
    if status != ClaimStatus::Submitted {
        Err(ClaimRefusal::AlreadyDecided)
    } else if author == decider {
        Err(ClaimRefusal::OwnClaim)
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimRefusal {
    #[error("the claim has already been decided")]
    AlreadyDecided,
    #[error("nobody approves their own claim")]
    OwnClaim,
}

// ---- dates and periods -------------------------------------------------------------------------

/// A calendar date (`2026-11-24`), the day an entry took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntryDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl EntryDate {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new("date", "must be a date like 2026-11-24");
        let mut it = s.trim().split('-');
        let mut num = || it.next().and_then(|v| v.parse::<u32>().ok());
        let (y, m, d) = (num().ok_or_else(bad)?, num().ok_or_else(bad)?, num().ok_or_else(bad)?);
        if it.next().is_some()
            || !(2000..=2100).contains(&y)
            || !(1..=12).contains(&m)
            || d == 0
            || d > days_in_month(y as i32, m)
        {
            return Err(bad());
        }
        Ok(EntryDate { year: y as i32, month: m, day: d })
    }

    /// Parses and checks the date is not after `today` (books record what happened).
    pub fn parse_not_after(s: &str, today: EntryDate) -> Result<Self, ValidationError> {
        let d = Self::parse(s)?;
        if d > today {
            return Err(ValidationError::new("date", "cannot be in the future").because(super::InputRule::InTheFuture));
        }
        Ok(d)
    }

    pub fn month(self) -> Month {
        Month { year: self.year, month: self.month }
    }

    /// Monday 0 … Sunday 6.
    pub fn weekday(self) -> usize {
        weekday_of_day(days_from_civil(self.year, self.month, self.day))
    }

    /// As people read it: `2026년 11월 24일 (화)` / `Tue 24 Nov 2026`.
    pub fn long(self, lang: Lang) -> String {
        let w = self.weekday();
        match lang {
            Lang::Ko => format!("{}년 {}월 {}일 ({})", self.year, self.month, self.day, weekday_name(lang, w)),
            Lang::En => {
                format!("{} {} {} {}", weekday_name(lang, w), self.day, month_abbr(self.month), self.year)
            }
        }
    }
}

impl fmt::Display for EntryDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A calendar month (`2026-11`): the period of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new("month", "must be a month like 2026-11");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (y, m) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
        if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) {
            return Err(bad());
        }
        Ok(Month { year: y, month: m })
    }

    pub fn first_day(self) -> EntryDate {
        EntryDate { year: self.year, month: self.month, day: 1 }
    }

    pub fn last_day(self) -> EntryDate {
        EntryDate { year: self.year, month: self.month, day: days_in_month(self.year, self.month) }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { month: self.month - 1, ..self } }
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    /// The twelve months ending with this one, oldest first.
    pub fn last_twelve(self) -> Vec<Month> {
        let mut months = Vec::with_capacity(12);
        let mut m = self;
        for _ in 0..12 {
            months.push(m);
            m = m.previous();
        }
        months.reverse();
        months
    }
}

impl Month {
    /// As people read it: `2026년 11월` / `Nov 2026`.
    pub fn long(self, lang: Lang) -> String {
        match lang {
            Lang::Ko => format!("{}년 {}월", self.year, self.month),
            Lang::En => {
                const MONTHS: [&str; 12] =
                    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
                format!("{} {}", MONTHS[(self.month as usize).saturating_sub(1) % 12], self.year)
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

// ---- summaries ---------------------------------------------------------------------------------

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

impl IncomeCategory {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
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
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            ExpenseCategory::Materials => lang.pick("재료비", "Materials"),
            ExpenseCategory::Services => lang.pick("용역비", "Services"),
            ExpenseCategory::Venue => lang.pick("장소 사용료", "Venue"),
            ExpenseCategory::Events => lang.pick("행사비", "Events"),
            ExpenseCategory::Other => lang.pick("기타 지출", "Other expenses"),
        }
    }
}

impl PayeeType {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            PayeeType::Person => lang.pick("개인", "Individual"),
            PayeeType::Business => lang.pick("업체", "Business"),
            PayeeType::Organisation => lang.pick("단체", "Organisation"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn won(n: i64) -> Won {
        Won::new(n).unwrap_or_else(|e| panic!("{e}"))
    }

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
    fn nobody_decides_their_own_claim_or_one_already_decided() {
        assert_eq!(may_decide(1, 2, ClaimStatus::Submitted), Ok(()));
        assert_eq!(may_decide(1, 1, ClaimStatus::Submitted), Err(ClaimRefusal::OwnClaim));
        assert_eq!(may_decide(1, 2, ClaimStatus::Approved), Err(ClaimRefusal::AlreadyDecided));
        assert_eq!(may_decide(1, 2, ClaimStatus::Rejected), Err(ClaimRefusal::AlreadyDecided));
    }

    #[test]
    fn claims_are_parsed_at_the_edge() {
        let ok = NewClaim::parse(
            "동네철물",
            "business",
            "화단 흙과 모종 구입",
            "materials",
            "45,000",
            "3",
            "k-0123456789abcdef",
        );
        assert!(ok.is_ok());
        let field = |r: Result<NewClaim, ValidationError>| r.err().map(|e| e.field);
        assert_eq!(
            field(NewClaim::parse("동네철물", "business", "화단 흙 구입", "materials", "0", "", "k-0123456789abcdef")),
            Some("amount")
        );
        assert_eq!(
            field(NewClaim::parse("동네철물", "friend", "화단 흙 구입", "materials", "10", "", "k-0123456789abcdef")),
            Some("payee_type")
        );
        assert_eq!(
            field(NewClaim::parse("동네철물", "business", "화단 흙 구입", "food", "10", "", "k-0123456789abcdef")),
            Some("category")
        );
        assert_eq!(
            field(NewClaim::parse(
                "동네철물",
                "business",
                "화단 흙 구입",
                "materials",
                "10",
                "x",
                "k-0123456789abcdef"
            )),
            Some("project")
        );
        assert_eq!(
            field(NewClaim::parse("동네철물", "business", "화단 흙 구입", "materials", "10", "", "short")),
            Some("idempotency_key")
        );
        assert_eq!(
            field(NewClaim::parse(
                "동네철물",
                "business",
                "화단 흙 구입",
                "materials",
                "10",
                "",
                "k-0123456789abcdef'--"
            )),
            Some("idempotency_key")
        );
    }

    #[test]
    fn dates_and_months() {
        let today = EntryDate::parse("2026-11-24").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(EntryDate::parse("2028-02-29").map(|d| d.to_string()), Ok("2028-02-29".to_owned()));
        for bad in
            ["2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "26-11-24", "2026-11-24-1", "2026/11/24", ""]
        {
            assert!(EntryDate::parse(bad).is_err(), "{bad}");
        }
        assert!(EntryDate::parse_not_after("2026-11-24", today).is_ok());
        assert_eq!(EntryDate::parse_not_after("2026-11-25", today).err().map(|e| e.field), Some("date"));
        let m = today.month();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(Month::parse("2026-01").map(Month::previous).map(|m| m.to_string()), Ok("2025-12".to_owned()));
        assert_eq!(Month::parse("2026-12").map(Month::next).map(|m| m.to_string()), Ok("2027-01".to_owned()));
        let twelve = m.last_twelve();
        assert_eq!((twelve[0].to_string(), twelve[11].to_string()), ("2025-12".to_owned(), "2026-11".to_owned()));
        assert_eq!(Month::parse("2024-02").map(Month::last_day).map(|d| d.day), Ok(29));
        assert_eq!(today.long(Lang::Ko), "2026년 11월 24일 (화)");
        assert_eq!(today.long(Lang::En), "Tue 24 Nov 2026");
        assert_eq!(EntryDate::parse("2000-01-01").map(|d| d.long(Lang::Ko)), Ok("2000년 1월 1일 (토)".to_owned()));
        assert_eq!(m.long(Lang::Ko), "2026년 11월");
        assert_eq!(m.long(Lang::En), "Nov 2026");
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
