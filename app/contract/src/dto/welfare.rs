//! What the welfare pages show. Nothing here describes a household: case data has its own views,
//! served to the welfare team only.

use serde::{Deserialize, Serialize};

/// A part of the dong (통, or a grouping staff drew) and the center official in charge of it,
/// as residents see it on the dong page: a name, never a personal phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Section {
    pub id: i64,
    pub name: String,
    /// Which 통 or streets it covers, in the center's words (may be empty).
    pub covers: String,
    /// The display name of the official in charge; none while nobody is named.
    pub official: Option<String>,
    /// Their account number (for the staff's form); none while nobody is named.
    pub official_id: Option<i64>,
}

/// Someone who may be named in charge of a section: the center's staff and welfare team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub id: i64,
    pub name: String,
    /// The stored form of their role (`center_staff`, `welfare_officer`, `visiting_nurse`).
    #[serde(with = "domain::term::as_word")]
    pub role: domain::roles::Role,
}

/// The sections page of a dong, for those who draw them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionsAdmin {
    pub dong: super::Dong,
    pub sections: Vec<Section>,
    pub officials: Vec<Official>,
}

// ---- referrals and cases (the welfare team's views; never over REST) --------------------------

use domain::welfare::{ActivityKind, CloseReason, Flags, Need, Program, PublicStatus, Service, Stage, Urgency};

/// What the referrer keeps: the receipt number, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReferralReceipt {
    /// `WB-XXXX-XXXX-XX`: keep it to ask how the referral stands. It is shown only now.
    pub receipt: String,
}

/// All a receipt number tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralStatus {
    pub status: PublicStatus,
}

pub use domain::welfare::Origin;

/// What a case is about: a neighbour's referral, or a household due a proactive visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseAbout {
    Referral {
        needs: Vec<Need>,
    },
    DueVisit {
        program: Program,
        due_month: String,
    },
    /// Retention ended: what identified the household is gone.
    Purged,
}

/// A line of the team's queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseLine {
    pub id: i64,
    pub dong_code: String,
    pub about: CaseAbout,
    pub origin: Origin,
    pub urgency: Urgency,
    pub stage: Stage,
    /// Where the household is (empty once purged).
    pub place: String,
    /// `YYYY-MM-DD HH:MM`, Seoul.
    pub received: String,
    pub assignee: Option<String>,
    pub flags: Flags,
}

/// The dong's queue: open cases, flagged first, then urgent, then oldest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseQueue {
    pub dong: super::Dong,
    pub referrals: Vec<CaseLine>,
    /// One page of the households due a visit, by month: a visiting list may hold thousands.
    pub due_visits: Vec<CaseLine>,
    /// How many households are due a visit in all, and where this page is among the pages.
    pub due_total: u64,
    pub due_page: u64,
    pub due_pages: u64,
    /// The last closed cases, newest first.
    pub closed: Vec<CaseLine>,
    /// Whether the reader works cases here (the dong's team), not only oversees them.
    pub can_work: bool,
    /// Whether the reader may take a referral at the counter (staff and team).
    pub can_take: bool,
}

/// One entry of a case's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityLine {
    /// `None` for a linked service.
    pub kind: Option<ActivityKind>,
    pub service: Option<Service>,
    /// `YYYY-MM-DD`.
    pub on_date: String,
    pub official: Option<String>,
    pub findings: String,
}

/// A case as the team reads it (every read is audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub line: CaseLine,
    pub dong: super::Dong,
    pub note: String,
    pub contact: Option<String>,
    pub may_contact: bool,
    pub activities: Vec<ActivityLine>,
    pub close_reason: Option<CloseReason>,
    pub closed: Option<String>,
    /// The dong's welfare officers and nurses, to assign to and to name in the log.
    pub team: Vec<Official>,
    pub can_work: bool,
    /// `YYYY-MM-DD`, Seoul: the default date of a new log entry.
    pub today: String,
}

/// One dong's open work, as the district's welfare supervisor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DongWorkload {
    pub dong: super::Place,
    pub open: u64,
    pub flagged: u64,
}

/// The district supervisor's page: each dong's workload, and every flagged case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictOversight {
    pub district: super::Place,
    pub dongs: Vec<DongWorkload>,
    pub flagged: Vec<CaseLine>,
}

/// How many referrals a dong received in a month, how many households were first visited and
/// how many referrals were first linked to a service in that month. A count under five is
/// withheld (`None`: "fewer than 5").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    pub received: Option<u64>,
    pub visited: Option<u64>,
    pub linked: Option<u64>,
}

/// A dong's published figures: the last twelve months, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WelfareFigures {
    pub dong_code: String,
    /// Counts below this are withheld (shown as "fewer than").
    pub withheld_below: u64,
    pub months: Vec<MonthFigures>,
}
