//! The community fund as pages and API clients see it. Amounts are whole won (`i64`).

use super::Place;
use serde::{Deserialize, Serialize};

/// An amount per category (`district_grant`, `materials`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryAmount {
    pub category: String,
    pub amount: i64,
}

/// One month's income, expense and closing balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MonthFlowView {
    /// `YYYY-MM`.
    pub month: String,
    pub income: i64,
    pub expense: i64,
    pub closing_balance: i64,
}

/// A project the fund earmarks money for: budget = spent + remaining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectView {
    pub id: i64,
    pub title: String,
    /// `planned`, `in_progress` or `done`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::ledger::ProjectStatus,
    pub proposal_id: Option<i64>,
    pub budget: i64,
    pub spent: i64,
    pub remaining: i64,
    /// The amount the assembly gave it (its cost as voted), for a project an assembly decided.
    pub decided: Option<i64>,
    /// The assembly that decided it.
    pub assembly_id: Option<i64>,
}

/// One line of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineView {
    /// `cash`, `allocation:<project>`, `income:<category>` or `expense:<category>`.
    pub account: String,
    pub debit: i64,
    pub credit: i64,
}

/// A receipt or other evidence (shown to the center's staff and the district's expert only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    pub content_type: String,
}

/// A journal entry as the public journal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JournalEntryView {
    pub id: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub description: String,
    /// `income`, `expense`, `allocation`, `release` or `reversal`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: domain::ledger::EntryKind,
    pub total: i64,
    /// The entry's effect on the money the fund holds (income +, expense −, earmarks 0).
    pub net: i64,
    /// The income or expense category it touches, if any.
    pub category: Option<String>,
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    #[serde(default, with = "domain::term::as_word_opt")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub payee_type: Option<domain::ledger::PayeeType>,
    pub reverses: Option<i64>,
    pub reversed_by: Option<i64>,
    pub lines: Vec<LineView>,
    /// Empty unless the viewer may see receipts.
    pub receipts: Vec<AttachmentView>,
}

/// A page of the journal, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JournalPage {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub entries: Vec<JournalEntryView>,
}

/// What the viewer may do with the fund.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FundViewer {
    pub signed_in: bool,
    /// Center staff: record income, corrections, allocations.
    pub can_record: bool,
    /// Staff or the district's expert: approve or reject claims, see receipts.
    pub can_decide: bool,
    /// Staff, or an organiser of a registered group of the dong.
    pub can_claim: bool,
}

/// The public transparency page of a dong's fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FundSummary {
    pub dong: Place,
    /// All the money the fund holds.
    pub balance: i64,
    /// Not earmarked.
    pub free: i64,
    /// Earmarked for projects.
    pub earmarked: i64,
    /// The calendar year the category totals are for.
    pub year: i32,
    pub income_by_category: Vec<CategoryAmount>,
    pub expense_by_category: Vec<CategoryAmount>,
    /// The last twelve months, oldest first.
    pub months: Vec<MonthFlowView>,
    pub projects: Vec<ProjectView>,
    /// Claims waiting for a decision.
    pub pending_claims: u64,
}

/// The fund page: the summary, the first journal page and what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundPage {
    pub summary: FundSummary,
    pub journal: JournalPage,
    pub viewer: FundViewer,
    /// Today in Seoul, `YYYY-MM-DD` (the default date of new entries).
    pub today: String,
}

/// An expense claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimView {
    pub id: i64,
    pub submitted_by: String,
    pub group: Option<String>,
    pub payee: String,
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub payee_type: domain::ledger::PayeeType,
    pub purpose: String,
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub category: domain::ledger::ExpenseCategory,
    pub amount: i64,
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    /// `submitted`, `approved` or `rejected`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::ledger::ClaimStatus,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    pub entry_id: Option<i64>,
    /// `YYYY-MM-DD HH:MM`, Seoul.
    pub submitted_at: String,
    pub receipts: Vec<AttachmentView>,
    /// The viewer may approve or reject it (never its author).
    pub can_decide: bool,
}

/// The claims page of a dong: the viewer's own claims, and (for deciders) the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsPage {
    pub dong: Place,
    pub viewer: FundViewer,
    pub claims: Vec<ClaimView>,
    /// Projects a claim can be charged to: (id, title, remaining).
    pub projects: Vec<(i64, String, i64)>,
    /// Registered groups the viewer organises here: (id, name).
    pub groups: Vec<(i64, String)>,
    pub free: i64,
    /// A fresh idempotency key for the submission form.
    pub form_key: String,
}

/// A project's page: budget against actual, its payments and its news.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPage {
    pub dong: Place,
    pub project: ProjectView,
    pub entries: Vec<JournalEntryView>,
    pub updates: Vec<ProjectUpdateView>,
    pub can_manage: bool,
    /// Free balance, for the allocation form.
    pub free: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectUpdateView {
    pub author: String,
    pub body_html: String,
    pub at: String,
    /// The note's photo: (id, description), served at `/media/project-photos/{id}`.
    pub photo: Option<(i64, String)>,
}

/// A month's statement (결산).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementView {
    pub dong: Place,
    /// `YYYY-MM`.
    pub month: String,
    pub opening_balance: i64,
    pub income_total: i64,
    pub expense_total: i64,
    pub closing_balance: i64,
    pub free_at_close: i64,
    pub earmarked_at_close: i64,
    pub income_by_category: Vec<CategoryAmount>,
    pub expense_by_category: Vec<CategoryAmount>,
    pub entries: Vec<JournalEntryView>,
}
