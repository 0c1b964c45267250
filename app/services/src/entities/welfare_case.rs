use super::Stored;
use sea_orm::entity::prelude::*;

/// One household the dong's welfare team looks into: a neighbour's referral or a household due a
/// proactive visit. `needs`, `program`, `place`, `note` and `contact` hold ciphertext
/// (`crypto::WelfareVault`), never plain text, and are emptied when retention ends (`purged_at`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "welfare_cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    /// `referral` or `due_visit`.
    pub kind: Stored<domain::welfare::CaseKind>,
    /// `web`, `counter`, `phone` or `visiting_list`.
    pub origin: Stored<domain::welfare::Origin>,
    pub urgency: Stored<domain::welfare::Urgency>,
    pub stage: Stored<domain::welfare::Stage>,
    /// Sealed: the needs' stored form (`domain::welfare::Needs::stored`); referrals only.
    pub needs: Option<String>,
    /// Sealed: the visiting program; due visits only.
    pub program: Option<String>,
    /// `YYYY-MM`: when a due visit is due.
    pub due_month: Option<String>,
    /// Sealed: where the household is.
    pub place: Option<String>,
    /// Sealed: what the neighbour noticed.
    pub note: Option<String>,
    /// Sealed: the referrer's own contact, when given.
    pub contact: Option<String>,
    pub may_contact: bool,
    /// HMAC-SHA-256 of the receipt number under `UD_SECRET`; referrals only.
    pub receipt_hash: Option<String>,
    pub assignee_id: Option<i64>,
    pub received_at: DateTimeUtc,
    /// `YYYY-MM` in Seoul: the month the figures count it in.
    pub received_month: String,
    pub assigned_at: Option<DateTimeUtc>,
    pub last_activity_at: Option<DateTimeUtc>,
    /// The first visit recorded.
    pub visited_at: Option<DateTimeUtc>,
    /// The first service linked.
    pub linked_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub close_reason: Option<Stored<domain::welfare::CloseReason>>,
    /// When the sealed fields were removed at the end of retention.
    pub purged_at: Option<DateTimeUtc>,
    /// Written by the demo loader.
    pub is_demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
