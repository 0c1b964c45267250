//! What crosses the wire: to the browser (server functions) and to API clients (REST).

use crate::domain::lang::{Lang, LocalizedName};
use serde::{Deserialize, Serialize};

pub mod booking;
pub mod fund;

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

// ---- assemblies --------------------------------------------------------------------------------

/// An assembly in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssemblySummary {
    pub id: i64,
    pub dong: Place,
    pub title: String,
    /// `draft`, `announced`, `pre_voting`, `in_session`, `closed`, `results_published` or
    /// `cancelled`.
    pub status: String,
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub session_starts: String,
    pub session_ends: String,
    pub venue: String,
}

/// The rules an assembly runs under, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BylawsView {
    /// `absolute` (residents) or `percent` (of verified residents at announcement).
    pub quorum_kind: String,
    pub quorum_value: i32,
    /// `simple` or `two_thirds`.
    pub majority: String,
    pub abstentions_count: bool,
    pub minimum_age: i32,
    pub running_results_visible: bool,
    pub secret_ballot: bool,
    /// How budget items choose their projects: `greedy` (by votes) or `equal_shares`.
    pub pb_rule: String,
}

/// An option of an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgendaOptionView {
    pub id: i64,
    pub label: String,
    /// A budget project: its proposal.
    pub proposal_id: Option<i64>,
    pub cost_won: Option<i64>,
}

/// An agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgendaItemView {
    pub id: i64,
    pub position: i32,
    pub title: String,
    /// Sanitised HTML (Markdown).
    pub description_html: String,
    /// `approve_reject`, `single_choice`, `approval` or `budget`.
    pub kind: String,
    pub approval_max: Option<i32>,
    pub budget_won: Option<i64>,
    /// Approve/reject items decide this proposal.
    pub proposal_id: Option<i64>,
    pub options: Vec<AgendaOptionView>,
    /// How the viewer takes part in this item, if they have: `online` or `paper`.
    #[cfg_attr(feature = "ssr", schema(ignore))]
    #[serde(default)]
    pub my_channel: Option<String>,
}

/// What the viewer may do on an assembly's page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssemblyViewer {
    pub signed_in: bool,
    /// Staff of the dong or the district's expert.
    pub can_manage: bool,
    /// The district's expert, once voting has closed.
    pub can_write_minutes: bool,
    /// Voting is open and the viewer may vote (items they voted on aside).
    pub can_vote: bool,
    /// Why a signed-in resident cannot vote, if they cannot: `not_resident`, `too_young`,
    /// `not_open`.
    pub cannot_vote: Option<String>,
    /// Items the viewer pre-voted on whose ballots the cancellation voided.
    pub voided_ballots: u32,
    /// The particulars as the edit form shows them, for organisers while they may change.
    pub edit: Option<AssemblyEditForm>,
    /// The steps that would depart from the plan if taken now: (event, `early` | `late` |
    /// `unplanned`).
    pub off_schedule: Vec<(String, String)>,
}

/// An assembly's particulars in the edit form (times as `YYYY-MM-DDTHH:MM`, Seoul).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssemblyEditForm {
    pub title: String,
    pub description: String,
    pub venue: String,
    pub pre_voting_starts: String,
    pub session_starts: String,
    pub session_ends: String,
    /// Pre-voting runs: only the times may change.
    pub only_times: bool,
    /// A space of the center is booked for the session (it moves with the times).
    pub venue_booked: bool,
}

/// An assembly's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssemblyDetail {
    pub summary: AssemblySummary,
    pub district: Place,
    pub description_html: String,
    pub pre_voting_starts: Option<String>,
    pub bylaws: BylawsView,
    /// Verified residents at announcement.
    pub eligible_count: Option<i32>,
    /// Participants an item needs.
    pub quorum_required: Option<i32>,
    /// Published minutes (sanitised HTML).
    pub minutes_html: Option<String>,
    /// The minutes as written (Markdown), for the one who writes them.
    #[cfg_attr(feature = "ssr", schema(ignore))]
    #[serde(default)]
    pub minutes_draft: Option<String>,
    /// Every published text of the minutes, newest first (the first is the current one).
    #[serde(default)]
    pub minutes_versions: Vec<MinutesVersionView>,
    pub items: Vec<AgendaItemView>,
    /// Why it was cancelled, if it was.
    #[serde(default)]
    pub cancel_reason: Option<String>,
    /// When its times last changed after the announcement (Seoul, `YYYY-MM-DD HH:MM`).
    #[serde(default)]
    pub rescheduled_at: Option<String>,
    #[cfg_attr(feature = "ssr", schema(ignore))]
    #[serde(default)]
    pub viewer: AssemblyViewer,
}

/// A dong's assemblies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyList {
    pub dong: Place,
    /// The viewer organises assemblies here (staff of the dong, the district's expert).
    pub can_manage: bool,
    /// The dong's bylaws for new assemblies.
    pub bylaws: BylawsView,
    pub items: Vec<AssemblySummary>,
}

/// A published text of an assembly's minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MinutesVersionView {
    /// 1 for the first published text.
    pub number: u32,
    pub saved_at: String,
    /// Who saved it (unknown for texts older than the record of authors).
    pub saved_by: Option<String>,
    /// Sanitised HTML.
    pub html: String,
}

/// One option's count in the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OptionResult {
    pub id: i64,
    pub label: String,
    pub votes: u64,
    pub cost_won: Option<i64>,
    /// The winning option, or a funded project.
    pub chosen: bool,
    /// Budget items: why the project was or was not funded.
    pub funding: Option<FundingView>,
}

/// Why a budget project was or was not funded (`domain::budgeting::Reason`, flattened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FundingView {
    /// The order of funding (1 = first); none when not funded.
    pub step: Option<u32>,
    /// `fit_in_turn`, `did_not_fit`, `no_votes`, `shared_by_supporters`, `funded_from_remainder`
    /// or `supporters_short`.
    pub reason: String,
    /// What was left of the budget after it (funded) or when its turn came (not funded).
    pub left_won: Option<i64>,
    /// Equal shares: the most any supporter paid for it.
    pub max_share_won: Option<i64>,
    /// Equal shares: what its supporters had left of their shares.
    pub shares_left_won: Option<i64>,
}

impl From<&crate::domain::budgeting::Funding> for FundingView {
    fn from(f: &crate::domain::budgeting::Funding) -> Self {
        use crate::domain::budgeting::Reason as R;
        let (reason, left_won, max_share_won, shares_left_won) = match f.reason {
            R::FitInTurn { left_won } => ("fit_in_turn", Some(left_won), None, None),
            R::DidNotFit { left_won } => ("did_not_fit", Some(left_won), None, None),
            R::NoVotes => ("no_votes", None, None, None),
            R::SharedBySupporters { max_share_won } => ("shared_by_supporters", None, Some(max_share_won), None),
            R::FundedFromRemainder { left_won } => ("funded_from_remainder", Some(left_won), None, None),
            R::SupportersShort { shares_left_won, left_won } => {
                ("supporters_short", Some(left_won), None, Some(shares_left_won))
            }
        };
        FundingView { step: f.step, reason: reason.to_owned(), left_won, max_share_won, shares_left_won }
    }
}

/// One item's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemResult {
    pub item_id: i64,
    pub position: i32,
    pub title: String,
    pub kind: String,
    pub budget_won: Option<i64>,
    pub proposal_id: Option<i64>,
    pub online_ballots: u64,
    pub paper_ballots: u64,
    pub abstentions: u64,
    pub approve: u64,
    pub reject: u64,
    pub options: Vec<OptionResult>,
    /// `passed`, `failed`, `quorum_not_met`, `chosen`, `no_decision` or `funded`.
    pub outcome: String,
    /// Budget items: the rule that chose the projects, `greedy` or `equal_shares`.
    pub pb_rule: Option<String>,
    /// Budget items under equal shares: each voter's share of the budget (won).
    pub equal_share_won: Option<i64>,
}

/// An assembly's results: published (with the digest of the canonical document), or the
/// running count where the bylaws show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultsView {
    pub summary: AssemblySummary,
    pub district: Place,
    pub published: bool,
    /// SHA-256 (hex) of the results document at `/assemblies/{id}/results.json`.
    pub digest: Option<String>,
    pub eligible: i32,
    pub quorum_required: i32,
    pub online_participants: u64,
    pub checked_in: u64,
    pub items: Vec<ItemResult>,
    /// How each item's paper ballots were entered, corrected and confirmed.
    pub paper: Vec<PaperTrail>,
}

/// One entry of an item's paper tally: the first figures, or a correction, with who and when,
/// and the second person who confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TallyEntryView {
    pub id: i64,
    pub ballots: u64,
    pub abstentions: u64,
    pub approve: u64,
    pub reject: u64,
    /// For items with options: each option's votes, in the item's order.
    pub options: Vec<OptionVotes>,
    pub entered_by: String,
    pub entered_at: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// Budget items under equal shares: the marked ballots by group, one line each
    /// (`<ballots>: <project numbers>`).
    pub ballot_sets: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
}

/// An option's votes in a paper tally entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OptionVotes {
    pub label: String,
    pub votes: u64,
}

/// An item's paper tally: the ballots given out, where its tally stands (`not_needed`,
/// `missing`, `unconfirmed`, `confirmed`) and every entry, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaperTrail {
    pub item_id: i64,
    pub position: i32,
    pub title: String,
    pub issued: u64,
    pub state: String,
    pub entries: Vec<TallyEntryView>,
    /// Marked ballots are entered as groups of projects (a budget item under equal shares).
    pub needs_sets: bool,
}

/// What the door page needs of the paper tallies: each item's trail, and whether the one
/// looking wrote the last entry (then someone else confirms it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorTallies {
    pub items: Vec<DoorTally>,
    /// Whether the one looking runs the door (checks in, enters figures), or only confirms.
    pub runs_door: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorTally {
    pub trail: PaperTrail,
    pub last_is_mine: bool,
}

/// A resident found at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorCandidate {
    pub user_id: i64,
    pub name: String,
    pub birth_year: Option<i32>,
    pub checked_in: bool,
    /// Items (by number) they voted on online, and those they vote on with a paper ballot.
    pub online_items: Vec<i32>,
    pub paper_items: Vec<i32>,
}

/// What staff see after checking someone in: which items (by number) they already voted on
/// online, and which they vote on with the paper ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    pub name: String,
    pub online_items: Vec<i32>,
    pub paper_items: Vec<i32>,
}

/// The live count for the room's projector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LiveCount {
    pub summary: AssemblySummary,
    /// Residents who voted online on at least one item.
    pub online: u64,
    /// Residents checked in at the door.
    pub in_person: u64,
    /// Both together, each resident once.
    pub participants: u64,
    pub quorum_required: i32,
    pub eligible: i32,
    /// When counted (Seoul time).
    pub at: String,
}

/// An assembly's printable notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub summary: AssemblySummary,
    /// The session's day and hours, in the reader's language.
    pub when: String,
    pub pre_voting_from: Option<String>,
    /// The agenda items' titles, in order.
    pub items: Vec<String>,
    /// The assembly page's address, and its QR code (SVG made by the server, no user content).
    pub url: String,
    pub qr_svg: String,
    /// Why it was cancelled, if it was: the notice then says so first.
    #[serde(default)]
    pub cancel_reason: Option<String>,
    /// The times changed after the announcement (Seoul, `YYYY-MM-DD HH:MM`).
    #[serde(default)]
    pub rescheduled_at: Option<String>,
}
