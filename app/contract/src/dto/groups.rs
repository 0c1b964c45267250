//! Views of resident groups: the directory, a group and its members.

use super::{Place, ProposalSummary};
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupPage {
    pub items: Vec<GroupSummary>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}
