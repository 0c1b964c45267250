//! Views of proposals: lists, a proposal with its timeline, comments and images, its form.

use super::{GroupRef, Place};
use serde::{Deserialize, Serialize};

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
