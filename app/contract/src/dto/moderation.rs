//! Views of moderation: the district expert's workspace, its queue and reports.

use super::{GroupSummary, Place, ProposalSummary};
use serde::{Deserialize, Serialize};

/// One reported item in the expert's queue, with its open reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    /// `proposal`, `comment` or `group`.
    #[serde(with = "domain::term::as_word")]
    pub kind: domain::moderation::TargetKind,
    pub id: i64,
    pub dong: Place,
    pub author: String,
    pub author_id: i64,
    pub excerpt: String,
    pub link: String,
    pub hidden: bool,
    pub reports: Vec<ReportView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    #[serde(with = "domain::term::as_word")]
    pub reason: domain::moderation::ReportReason,
    pub detail: String,
    pub at: String,
}

/// The district expert's workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub district: Place,
    pub report_threshold: i32,
    pub queue: Vec<QueueItem>,
    pub counts: WorkspaceCounts,
    /// Published in the last 14 days (the newest few; `counts` has how many).
    pub new_proposals: Vec<ProposalSummary>,
    /// Published proposals with at least 80% of their threshold, and eligible ones.
    pub near_threshold: Vec<ProposalSummary>,
    /// Groups with the most members.
    pub active_groups: Vec<GroupSummary>,
    pub dongs: Vec<DongSettingsRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DongSettingsRow {
    pub dong: Place,
    pub support_threshold: i32,
    pub proposals: u64,
    pub groups: u64,
}

/// How many of each the expert's workspace lists (it shows the first few).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceCounts {
    pub new_proposals: u64,
    pub near_threshold: u64,
    pub groups: u64,
}
