//! Views of assemblies: lists, an assembly with its agenda, bylaws, results, the door and the
//! live board.

use super::Place;
use serde::{Deserialize, Serialize};

/// An assembly in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssemblySummary {
    pub id: i64,
    pub dong: Place,
    pub title: String,
    /// `draft`, `announced`, `pre_voting`, `in_session`, `closed`, `results_published` or
    /// `cancelled`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::assembly::AssemblyStatus,
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
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub majority: domain::assembly::Majority,
    pub abstentions_count: bool,
    pub minimum_age: i32,
    pub running_results_visible: bool,
    pub secret_ballot: bool,
    /// How budget items choose their projects: `greedy` (by votes) or `equal_shares`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub pb_rule: domain::budgeting::PbRule,
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
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: domain::assembly::ItemKind,
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

impl From<&domain::budgeting::Funding> for FundingView {
    fn from(f: &domain::budgeting::Funding) -> Self {
        use domain::budgeting::Reason as R;
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
    #[serde(default, with = "domain::term::as_word_opt")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub pb_rule: Option<domain::budgeting::PbRule>,
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
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub state: domain::assembly::PaperState,
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
