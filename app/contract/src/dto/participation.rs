//! Views of participation: groups, proposals, comments, moderation, notifications.

use super::Place;
use serde::{Deserialize, Serialize};

/// A resident group in a directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub id: i64,
    pub dong: Place,
    pub name: String,
    /// `domain::category::Category` stored form, e.g. `environment_energy`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub category: domain::category::Category,
    /// `open` or `approval`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub membership: domain::group::Membership,
    pub members_count: i32,
    /// A registered resident group of the center.
    pub registered: bool,
    pub excerpt: String,
}

/// What the person looking at a group may do there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupViewer {
    /// `organiser` or `member`, with `pending` while an organiser has not approved.
    pub role: Option<String>,
    pub pending: bool,
    pub can_join: bool,
    pub can_manage: bool,
    pub can_register: bool,
    pub can_report: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    /// `organiser` or `member`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub role: domain::group::MemberRole,
    /// `active` or `pending`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub state: domain::group::MemberState,
}

/// A group's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    pub summary: GroupSummary,
    pub district: Place,
    /// Sanitised HTML of the purpose (Markdown). Empty while hidden.
    pub purpose_html: String,
    pub meeting_pattern: String,
    pub organisers: Vec<String>,
    /// Member names: for members only (empty otherwise).
    pub members: Vec<MemberRow>,
    pub proposals: Vec<ProposalSummary>,
    pub created_on: String,
    /// Hidden by moderation; `moderation_reason` says why (none while pending review).
    pub hidden: bool,
    pub moderation_reason: Option<String>,
    #[cfg_attr(feature = "ssr", schema(ignore))]
    #[serde(default)]
    pub viewer: GroupViewer,
}

/// A proposal in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProposalSummary {
    pub id: i64,
    pub dong: Place,
    pub title: String,
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub category: domain::category::Category,
    /// `domain::proposal::ProposalStatus` stored form, e.g. `eligible`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::proposal::ProposalStatus,
    pub supports_count: i32,
    /// Supports needed to become eligible for the assembly's agenda.
    pub support_threshold: i32,
    pub comments_count: i32,
    pub author: String,
    /// The group it was submitted for, if any.
    pub group: Option<GroupRef>,
    /// `YYYY-MM-DD` (Asia/Seoul); none for drafts.
    pub published_on: Option<String>,
    pub cost_won: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupRef {
    pub id: i64,
    pub name: String,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProposalPage {
    pub items: Vec<ProposalSummary>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupPage {
    pub items: Vec<GroupSummary>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// `domain::proposal::Event` stored form, e.g. `reach_threshold`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub event: domain::proposal::Event,
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::proposal::ProposalStatus,
    /// `YYYY-MM-DD HH:MM`, Asia/Seoul.
    pub at: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommentView {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author: String,
    /// Sanitised HTML; empty while hidden.
    pub body_html: String,
    pub hidden: bool,
    pub moderation_reason: Option<String>,
    pub at: String,
    /// Replies (one level: replies have none).
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub replies: Vec<CommentView>,
}

/// What the person looking at a proposal may do there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProposalViewer {
    pub signed_in: bool,
    pub supported: bool,
    pub can_support: bool,
    pub can_comment: bool,
    pub can_edit: bool,
    pub can_publish: bool,
    pub can_withdraw: bool,
    /// The district's expert (sees hidden content to review it).
    pub moderator: bool,
}

/// A proposal's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProposalDetail {
    pub summary: ProposalSummary,
    pub district: Place,
    /// Sanitised HTML (Markdown); empty while hidden, except for the district's expert.
    pub problem_html: String,
    pub solution_html: String,
    pub location: Option<String>,
    pub hidden: bool,
    pub moderation_reason: Option<String>,
    /// Up to five; empty while the content is hidden.
    #[serde(default)]
    pub images: Vec<ProposalImage>,
    pub timeline: Vec<TimelineEntry>,
    pub comments: Vec<CommentView>,
    #[cfg_attr(feature = "ssr", schema(ignore))]
    #[serde(default)]
    pub viewer: ProposalViewer,
}

/// An image attached to a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProposalImage {
    pub id: i64,
    /// Where the image is served (JPEG, PNG or WebP).
    pub url: String,
    /// A description for people who cannot see it (may be empty).
    pub alt: String,
    pub width: i32,
    pub height: i32,
}

/// A proposal's fields as its author edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalForm {
    pub id: i64,
    pub dong: Place,
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub category: String,
    pub cost_won: Option<i64>,
    pub location: Option<String>,
    pub group_id: Option<i64>,
    pub images: Vec<ProposalImage>,
    /// Text and images can still be changed (no supports yet, not hidden).
    pub editable: bool,
}

/// What a resident needs to write a proposal in a dong: the groups they may submit for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProposalContext {
    pub dong: Place,
    pub groups: Vec<GroupRef>,
    pub threshold: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    /// `domain::moderation::NoticeKind` stored form.
    #[serde(with = "domain::term::as_word")]
    pub kind: domain::moderation::NoticeKind,
    pub subject: String,
    pub link: Option<String>,
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub unread: u64,
    pub page: u64,
    pub pages: u64,
}

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
