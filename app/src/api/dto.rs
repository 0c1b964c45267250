//! What crosses the wire: to the browser (server functions) and to API clients (REST).

use crate::domain::lang::{Lang, LocalizedName};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct District {
    /// 10-digit MOIS code, e.g. `1141000000`.
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
    /// Number of active dongs.
    pub dong_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Dong {
    /// 10-digit MOIS administrative agency code, e.g. `1141052000`.
    pub code: String,
    pub district_code: String,
    pub name_ko: String,
    pub name_en: String,
    /// WGS84 centroid.
    pub lat: f64,
    pub lon: f64,
    /// False once the dong was retired (merged or abolished).
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Center {
    pub name_ko: String,
    pub name_en: String,
    pub address_ko: String,
    pub address_en: String,
    /// Weekday opening time, `HH:MM`, Asia/Seoul.
    pub opens: String,
    /// Weekday closing time, `HH:MM`, Asia/Seoul.
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DistrictDetail {
    pub district: District,
    pub dongs: Vec<Dong>,
    /// Display names of the district's community project experts.
    pub experts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DongDetail {
    pub dong: Dong,
    pub district: District,
    pub center: Center,
    /// Display names of the center's staff.
    pub staff: Vec<String>,
}

/// Anything with a Korean and an English name.
pub trait Named {
    fn names(&self) -> LocalizedName;
    fn name(&self, lang: Lang) -> String {
        self.names().get(lang).to_owned()
    }
}

macro_rules! named {
    ($t:ty) => {
        impl Named for $t {
            fn names(&self) -> LocalizedName {
                LocalizedName { ko: self.name_ko.clone(), en: self.name_en.clone() }
            }
        }
    };
}
named!(District);
named!(Dong);
named!(Center);

impl Center {
    pub fn address(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.address_ko,
            Lang::En => &self.address_en,
        }
    }
}

/// One operation of the public API, for the human-readable API page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
}

// ---- identity ---------------------------------------------------------------------------

/// A dong or district by code and name, for labels and links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Place {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
}
named!(Place);

/// A role held in a scope, as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoleView {
    /// `center_staff`, `expert` or `admin`.
    pub role: String,
    /// The dong (center staff) or district (expert); none for admins.
    pub scope: Option<Place>,
}

/// The signed-in person, as the page header and `GET /api/v1/me` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    /// The account number (staff ask for it to verify residency).
    pub id: i64,
    pub display_name: String,
    pub roles: Vec<RoleView>,
    /// The dong where this person is a verified resident, if any.
    pub verified_resident_of: Option<Place>,
}

impl Me {
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r.role == "admin")
    }
    pub fn staffed(&self) -> impl Iterator<Item = &Place> {
        self.roles.iter().filter(|r| r.role == "center_staff").filter_map(|r| r.scope.as_ref())
    }
    pub fn expert_of(&self) -> impl Iterator<Item = &Place> {
        self.roles.iter().filter(|r| r.role == "expert").filter_map(|r| r.scope.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Residency {
    pub dong: Place,
    /// `id_card`, `address_document` or `home_visit`.
    pub method: String,
    /// `YYYY-MM-DD`, Asia/Seoul.
    pub verified_on: String,
    pub expires_on: Option<String>,
    pub verified_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIdentity {
    pub id: i64,
    pub provider: String,
    pub label: String,
    pub linked_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    /// `read` or `read_write`.
    pub scope: String,
    pub created_on: String,
    pub last_used_on: Option<String>,
}

/// Everything the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub me: Me,
    pub birth_year: Option<i32>,
    pub lang: String,
    pub stay_signed_in: bool,
    /// Staff, experts and admins cannot stay signed in.
    pub privileged: bool,
    pub residency: Option<Residency>,
    pub identities: Vec<LinkedIdentity>,
    /// Providers not linked yet (offered as "link").
    pub linkable: Vec<Provider>,
    pub tokens: Vec<TokenInfo>,
    /// A token created just now, shown this once.
    pub new_token: Option<String>,
}

/// A counter sign-in code, as printed for the resident. Only ever built right after issuing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub code_id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub birth_year: Option<i32>,
    pub dong: Place,
    pub center_name_ko: String,
    pub center_name_en: String,
    /// The code itself, `ABCD-EFGH-JKMN`.
    pub code: String,
    /// `YYYY-MM-DD HH:MM`, Asia/Seoul.
    pub expires_at: String,
}

/// A person on the staff's residents page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentRow {
    pub user_id: i64,
    pub display_name: String,
    pub birth_year: Option<i32>,
    pub residency: Option<Residency>,
    /// Registered at this center's counter.
    pub registered_here: bool,
    pub has_online_account: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDong {
    pub dong: Place,
    pub district: Place,
    pub verified: Vec<ResidentRow>,
    /// Registered at the counter, not (or no longer) verified.
    pub unverified: Vec<ResidentRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub role: RoleView,
    pub granted_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// `YYYY-MM-DD HH:MM:SS`, Asia/Seoul.
    pub at: String,
    /// `None`: the operator CLI.
    pub actor: Option<String>,
    pub action: String,
    pub dong: Option<Place>,
    pub district: Option<Place>,
    pub subject: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub page: u64,
    pub pages: u64,
    /// The districts this reader may filter by (all for admins).
    pub scope: Option<Place>,
}

// ---- participation: groups, proposals, comments, moderation, notifications ----------------

/// A resident group in a directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub id: i64,
    pub dong: Place,
    pub name: String,
    /// `domain::category::Category` stored form, e.g. `environment_energy`.
    pub category: String,
    /// `open` or `approval`.
    pub membership: String,
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
    pub role: String,
    /// `active` or `pending`.
    pub state: String,
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
    pub category: String,
    /// `domain::proposal::ProposalStatus` stored form, e.g. `eligible`.
    pub status: String,
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
    pub event: String,
    pub status: String,
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
    pub timeline: Vec<TimelineEntry>,
    pub comments: Vec<CommentView>,
    #[cfg_attr(feature = "ssr", schema(ignore))]
    #[serde(default)]
    pub viewer: ProposalViewer,
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
    pub kind: String,
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
    pub kind: String,
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
    pub reason: String,
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
