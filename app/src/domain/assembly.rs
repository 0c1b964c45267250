//! Resident general assemblies (주민총회): the assembly's lifecycle, the dong's bylaws, ballots
//! and their validity, tallies and outcomes, and the participatory-budget selection. Pure rules:
//! the services store and count, these decide.
//!
//! Counting rules, as stated on the assembly page:
//! - An item's *quorum* compares the residents who took part in it (online and on paper;
//!   abstentions only where the bylaws count them) with the quorum fixed at announcement.
//! - *Valid votes* are the votes for something: abstentions are never valid votes.
//! - Approve/reject: passes when the approvals are a majority of the valid votes (simple: more
//!   than half; two-thirds: at least two thirds, i.e. `3 × approve ≥ 2 × valid`). A tie fails.
//! - Single choice and approval voting: the option with the most votes wins, if it has the
//!   majority the bylaws ask of the valid ballots; a tie for first place decides nothing.
//! - Participatory budget: by the rule the bylaws choose, greedy by votes or the Method of Equal
//!   Shares (`domain::budgeting`).

pub use super::budgeting::PbRule;
use super::budgeting::{self, Funding};
use super::{InputRule, ValidationError};
use serde::{Deserialize, Serialize};

// ---- lifecycle ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssemblyStatus {
    Draft,
    Announced,
    PreVoting,
    InSession,
    Closed,
    ResultsPublished,
    /// Called off before its session opened, with a public reason; any pre-votes are void.
    Cancelled,
}

impl AssemblyStatus {
    pub const ALL: [AssemblyStatus; 7] = [
        AssemblyStatus::Draft,
        AssemblyStatus::Announced,
        AssemblyStatus::PreVoting,
        AssemblyStatus::InSession,
        AssemblyStatus::Closed,
        AssemblyStatus::ResultsPublished,
        AssemblyStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssemblyStatus::Draft => "draft",
            AssemblyStatus::Announced => "announced",
            AssemblyStatus::PreVoting => "pre_voting",
            AssemblyStatus::InSession => "in_session",
            AssemblyStatus::Closed => "closed",
            AssemblyStatus::ResultsPublished => "results_published",
            AssemblyStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("status", "not an assembly status"))
    }

    /// Residents see the assembly: drafts are for its organisers, and so is a draft that was
    /// cancelled (`was_announced` false) — residents never knew of it.
    pub fn is_public(self, was_announced: bool) -> bool {
        match self {
            AssemblyStatus::Draft => false,
            AssemblyStatus::Cancelled => was_announced,
            _ => true,
        }
    }

    /// The agenda and bylaws may still change (before anyone can vote).
    pub fn agenda_open(self) -> bool {
        matches!(self, AssemblyStatus::Draft | AssemblyStatus::Announced)
    }

    /// The title, description, venue and times may be edited (as long as the agenda may).
    pub fn details_editable(self) -> bool {
        self.agenda_open()
    }

    /// The session may be moved to other times: until it opens. While pre-voting runs only the
    /// times change (what residents are voting on stays as it was announced).
    pub fn reschedulable(self) -> bool {
        matches!(self, AssemblyStatus::Draft | AssemblyStatus::Announced | AssemblyStatus::PreVoting)
    }

    /// Online ballots are accepted.
    pub fn accepts_online_ballots(self) -> bool {
        matches!(self, AssemblyStatus::PreVoting | AssemblyStatus::InSession)
    }

    /// Staff check people in at the door.
    pub fn accepts_check_ins(self) -> bool {
        self == AssemblyStatus::InSession
    }

    /// Staff enter the paper-ballot tallies: during the session and after it closes, until the
    /// results are published.
    pub fn accepts_paper_tallies(self) -> bool {
        matches!(self, AssemblyStatus::InSession | AssemblyStatus::Closed)
    }

    /// Counts are final.
    pub fn is_closed(self) -> bool {
        matches!(self, AssemblyStatus::Closed | AssemblyStatus::ResultsPublished)
    }
}

/// What moves an assembly along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssemblyEvent {
    /// Published to residents; the quorum is fixed from the dong's verified residents now.
    Announce,
    OpenPreVoting,
    OpenSession,
    Close,
    PublishResults,
    /// Called off, with a public reason: until the session opens.
    Cancel,
}

impl AssemblyEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AssemblyEvent::Announce => "announce",
            AssemblyEvent::OpenPreVoting => "open_pre_voting",
            AssemblyEvent::OpenSession => "open_session",
            AssemblyEvent::Close => "close",
            AssemblyEvent::PublishResults => "publish_results",
            AssemblyEvent::Cancel => "cancel",
        }
    }

    pub const ALL: [AssemblyEvent; 6] = [
        AssemblyEvent::Announce,
        AssemblyEvent::OpenPreVoting,
        AssemblyEvent::OpenSession,
        AssemblyEvent::Close,
        AssemblyEvent::PublishResults,
        AssemblyEvent::Cancel,
    ];

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("event", "not an assembly step"))
    }
}

/// The next status, if `event` may happen in `from`. Pre-voting is optional: an announced
/// assembly may open its session directly. An assembly is cancelled only before its session
/// opens; once it has, it is closed (and its results say what happened).
pub fn advance(from: AssemblyStatus, event: AssemblyEvent) -> Option<AssemblyStatus> {
    use AssemblyEvent as E;
    use AssemblyStatus as S;
    match (from, event) {
        (S::Draft, E::Announce) => Some(S::Announced),
        (S::Announced, E::OpenPreVoting) => Some(S::PreVoting),
        (S::Announced | S::PreVoting, E::OpenSession) => Some(S::InSession),
        (S::InSession, E::Close) => Some(S::Closed),
        (S::Closed, E::PublishResults) => Some(S::ResultsPublished),
        (S::Draft | S::Announced | S::PreVoting, E::Cancel) => Some(S::Cancelled),
        _ => None,
    }
}

// ---- what organisers type ----------------------------------------------------------------------

/// A minute on Seoul's clock, as typed into a `datetime-local` field (`2026-12-05T14:00`). The
/// services turn it into UTC (Seoul keeps UTC+9 all year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeoulMinute {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl SeoulMinute {
    pub fn parse(field: &'static str, s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(field, "must be a date and time like 2026-12-05 14:00");
        let s = s.trim();
        let (date, time) = s.split_once(['T', ' ']).ok_or_else(bad)?;
        let mut d = date.split('-');
        let mut t = time.split(':');
        let num = |it: &mut std::str::Split<'_, char>| it.next().and_then(|v| v.parse::<u32>().ok());
        let (year, month, day) =
            (num(&mut d).ok_or_else(bad)?, num(&mut d).ok_or_else(bad)?, num(&mut d).ok_or_else(bad)?);
        let (hour, minute) = (num(&mut t).ok_or_else(bad)?, num(&mut t).ok_or_else(bad)?);
        let days = super::calendar::days_in_month(year as i32, month);
        if !(2000..=2100).contains(&year)
            || days == 0
            || day == 0
            || day > days
            || hour > 23
            || minute > 59
            || d.next().is_some()
        {
            return Err(bad());
        }
        Ok(SeoulMinute { year: year as i32, month, day, hour, minute })
    }

    /// Minutes since 1970-01-01 00:00 on Seoul's clock (a `booking::LocalMinute`).
    pub fn ordinal_minutes(self) -> i64 {
        let days = super::calendar::days_from_civil(self.year, self.month, self.day);
        days * 1440 + i64::from(self.hour) * 60 + i64::from(self.minute)
    }
}

/// An assembly's particulars, as the organiser enters them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblyDetails {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub venue: String,
    pub pre_voting_starts: Option<SeoulMinute>,
    pub session_starts: SeoulMinute,
    pub session_ends: SeoulMinute,
}

impl AssemblyDetails {
    /// A session lasts at most this long.
    pub const MAX_SESSION_MINUTES: i64 = 12 * 60;

    pub fn parse(
        title: &str,
        description: &str,
        venue: &str,
        pre_voting_starts: &str,
        session_starts: &str,
        session_ends: &str,
    ) -> Result<Self, ValidationError> {
        use super::text::bounded;
        let pre_voting_starts = if pre_voting_starts.trim().is_empty() {
            None
        } else {
            Some(SeoulMinute::parse("pre_voting_starts", pre_voting_starts)?)
        };
        let session_starts = SeoulMinute::parse("session_starts", session_starts)?;
        let session_ends = SeoulMinute::parse("session_ends", session_ends)?;
        let length = session_ends.ordinal_minutes() - session_starts.ordinal_minutes();
        if length <= 0 {
            return Err(ValidationError::new("session_ends", "must be after the session starts")
                .because(InputRule::EndsBeforeStart));
        }
        if length > Self::MAX_SESSION_MINUTES {
            return Err(ValidationError::new("session_ends", "a session lasts at most 12 hours")
                .because(InputRule::TooLong { hours: 12 }));
        }
        if pre_voting_starts.is_some_and(|p| p >= session_starts) {
            return Err(ValidationError::new("pre_voting_starts", "must be before the session starts"));
        }
        Ok(AssemblyDetails {
            title: bounded("title", title, 5, 120, false)?,
            description: bounded("description", description, 0, 5000, true)?,
            venue: bounded("venue", venue, 2, 200, false)?,
            pre_voting_starts,
            session_starts,
            session_ends,
        })
    }
}

/// How far a step is from the plan, when it is taken outside the planned window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OffSchedule {
    /// Before the planned time.
    Early,
    /// After the window closed.
    Late,
    /// Pre-voting was not planned at all.
    Unplanned,
}

impl OffSchedule {
    pub fn as_str(self) -> &'static str {
        match self {
            OffSchedule::Early => "early",
            OffSchedule::Late => "late",
            OffSchedule::Unplanned => "unplanned",
        }
    }
}

/// The planned times, in minutes on Seoul's clock (`SeoulMinute::ordinal_minutes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub pre_voting_starts: Option<i64>,
    pub session_starts: i64,
    pub session_ends: i64,
}

impl Schedule {
    /// The doors open this long before the session starts: opening then is on time.
    pub const DOORS_OPEN_MINUTES: i64 = 60;

    /// Whether taking `event` at `now` departs from the plan; the organiser must then confirm
    /// it, and the departure is recorded. Only the steps that open voting are held to the plan:
    /// closing early (the agenda is done) or late (the count ran over), cancelling and publishing
    /// are the organisers' judgement.
    pub fn off_schedule(self, event: AssemblyEvent, now: i64) -> Option<OffSchedule> {
        match event {
            AssemblyEvent::OpenPreVoting => match self.pre_voting_starts {
                None => Some(OffSchedule::Unplanned),
                Some(p) if now < p => Some(OffSchedule::Early),
                Some(_) if now >= self.session_starts => Some(OffSchedule::Late),
                Some(_) => None,
            },
            AssemblyEvent::OpenSession if now < self.session_starts - Self::DOORS_OPEN_MINUTES => {
                Some(OffSchedule::Early)
            }
            AssemblyEvent::OpenSession if now >= self.session_ends => Some(OffSchedule::Late),
            _ => None,
        }
    }
}

/// Why an assembly is called off: shown to residents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelReason(String);

impl CancelReason {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Ok(CancelReason(super::text::bounded("reason", s, 5, 500, false)?))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new agenda item, as the organiser describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewItem {
    /// Approve or reject an eligible proposal of the dong (its title becomes the item's).
    Proposal { proposal_id: i64 },
    /// Choose among options: one (`max` none) or up to `max` (approval voting).
    Options { title: String, description: String, options: Vec<String>, max: Option<u8> },
    /// Share `budget_won` among eligible proposals with a cost.
    Budget { title: String, description: String, budget_won: i64, proposal_ids: Vec<i64> },
}

impl NewItem {
    pub const MAX_OPTIONS: usize = 20;

    /// From the agenda form. `kind` is `proposal`, `single_choice`, `approval` or `budget`;
    /// options are one per line; proposals are numbers separated by commas or spaces.
    pub fn parse(
        kind: &str,
        title: &str,
        description: &str,
        options: &str,
        max: &str,
        budget_won: &str,
        proposals: &str,
    ) -> Result<Self, ValidationError> {
        use super::text::bounded;
        let ids = |field: &'static str| -> Result<Vec<i64>, ValidationError> {
            let ids: Result<Vec<i64>, _> =
                proposals.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::parse).collect();
            ids.map_err(|_| ValidationError::new(field, "proposal numbers, separated by commas"))
        };
        match kind.trim() {
            "proposal" => match ids("proposals")?.as_slice() {
                [id] => Ok(NewItem::Proposal { proposal_id: *id }),
                _ => Err(ValidationError::new("proposals", "name one proposal")),
            },
            "single_choice" | "approval" => {
                let list: Vec<String> =
                    options.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
                if list.len() < 2 || list.len() > Self::MAX_OPTIONS {
                    return Err(ValidationError::new("options", "give 2 to 20 options, one per line"));
                }
                let mut labels = Vec::with_capacity(list.len());
                for l in &list {
                    labels.push(bounded("options", l, 1, 200, false)?);
                }
                let max = if kind.trim() == "approval" {
                    let n: u8 =
                        max.trim().parse().map_err(|_| ValidationError::new("max", "must be a whole number"))?;
                    if n < 1 || usize::from(n) > labels.len() {
                        return Err(ValidationError::new("max", "must be between 1 and the number of options"));
                    }
                    Some(n)
                } else {
                    None
                };
                Ok(NewItem::Options {
                    title: bounded("title", title, 5, 200, false)?,
                    description: bounded("description", description, 0, 3000, true)?,
                    options: labels,
                    max,
                })
            }
            "budget" => {
                let required = || ValidationError::new("budget_won", "the budget in won is required");
                let budget_won = super::proposal::parse_won(budget_won)
                    .map_err(|_| required())?
                    .filter(|b| *b > 0)
                    .ok_or_else(required)?;
                let mut proposal_ids = ids("proposals")?;
                proposal_ids.sort_unstable();
                proposal_ids.dedup();
                if proposal_ids.len() < 2 || proposal_ids.len() > Self::MAX_OPTIONS {
                    return Err(ValidationError::new("proposals", "name 2 to 20 proposals"));
                }
                Ok(NewItem::Budget {
                    title: bounded("title", title, 5, 200, false)?,
                    description: bounded("description", description, 0, 3000, true)?,
                    budget_won,
                    proposal_ids,
                })
            }
            _ => Err(ValidationError::new("kind", "choose how the item is decided")),
        }
    }
}

// ---- bylaws -----------------------------------------------------------------------------------

/// How many residents must take part for a decision to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quorum {
    /// This many residents.
    Absolute(u32),
    /// This percentage (1–100) of the dong's verified residents at announcement, rounded up.
    Percent(u8),
}

impl Quorum {
    /// The number of participants needed, given the dong's verified residents at announcement.
    pub fn required(self, verified_residents: u32) -> u32 {
        match self {
            Quorum::Absolute(n) => n,
            Quorum::Percent(p) => (u64::from(verified_residents) * u64::from(p)).div_ceil(100) as u32,
        }
    }

    /// From a form: `kind` is `absolute` or `percent`.
    pub fn parse(kind: &str, value: &str) -> Result<Self, ValidationError> {
        let n: u32 = value.trim().parse().map_err(|_| ValidationError::new("quorum", "must be a whole number"))?;
        match kind.trim() {
            "absolute" if (1..=100_000).contains(&n) => Ok(Quorum::Absolute(n)),
            "absolute" => Err(ValidationError::new("quorum", "must be between 1 and 100000 residents")),
            "percent" if (1..=100).contains(&n) => Ok(Quorum::Percent(n as u8)),
            "percent" => Err(ValidationError::new("quorum", "must be between 1 and 100 percent")),
            _ => Err(ValidationError::new("quorum_kind", "must be absolute or percent")),
        }
    }

    /// The stored form: (kind, value).
    pub fn stored(self) -> (&'static str, i32) {
        match self {
            Quorum::Absolute(n) => ("absolute", i32::try_from(n).unwrap_or(i32::MAX)),
            Quorum::Percent(p) => ("percent", i32::from(p)),
        }
    }

    pub fn from_stored(kind: &str, value: i32) -> Self {
        let v = u32::try_from(value).unwrap_or(0);
        match kind {
            "percent" => Quorum::Percent(v.clamp(1, 100) as u8),
            _ => Quorum::Absolute(v.max(1)),
        }
    }
}

/// The share of valid votes a decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Majority {
    /// More than half.
    Simple,
    /// At least two thirds.
    TwoThirds,
}

impl Majority {
    pub fn as_str(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::TwoThirds => "two_thirds",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "simple" => Ok(Majority::Simple),
            "two_thirds" => Ok(Majority::TwoThirds),
            _ => Err(ValidationError::new("majority", "must be simple or two_thirds")),
        }
    }

    /// Whether `votes` out of `valid` valid votes are enough. Nothing passes on no valid votes.
    pub fn reached(self, votes: u64, valid: u64) -> bool {
        valid > 0
            && match self {
                Majority::Simple => 2 * votes > valid,
                Majority::TwoThirds => 3 * votes >= 2 * valid,
            }
    }
}

/// A dong's rules for its assemblies (defaults where the dong has set none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bylaws {
    pub quorum: Quorum,
    pub majority: Majority,
    pub abstentions_count_toward_quorum: bool,
    /// Residents younger than this (by birth year, in the assembly's year) cannot vote.
    pub minimum_age: u8,
    /// Running counts are shown before the close.
    pub running_results_visible: bool,
    pub secret_ballot: bool,
    /// How participatory budgets choose their projects.
    pub pb_rule: PbRule,
}

impl Default for Bylaws {
    fn default() -> Self {
        Bylaws {
            quorum: Quorum::Absolute(30),
            majority: Majority::Simple,
            abstentions_count_toward_quorum: true,
            minimum_age: 14,
            running_results_visible: false,
            secret_ballot: true,
            pb_rule: PbRule::Greedy,
        }
    }
}

impl Bylaws {
    pub const MIN_AGE_LIMIT: u8 = 100;

    pub fn parse_minimum_age(s: &str) -> Result<u8, ValidationError> {
        s.trim()
            .parse::<u8>()
            .ok()
            .filter(|a| *a <= Self::MIN_AGE_LIMIT)
            .ok_or_else(|| ValidationError::new("minimum_age", "must be a whole number from 0 to 100"))
    }

    /// Counts are shown before the close: only where the bylaws ask for it and the ballot is not
    /// secret (secret ballots stay sealed until the close, and a running count that moves with
    /// each vote would tell, beside the time of each participation, who voted how).
    pub fn shows_running_counts(&self) -> bool {
        self.running_results_visible && !self.secret_ballot
    }

    /// Old enough to vote in an assembly held in `year`: the age reached during that year counts.
    pub fn old_enough(&self, birth_year: Option<i32>, year: i32) -> bool {
        match birth_year {
            Some(b) => year - b >= i32::from(self.minimum_age),
            // no birth year on record: only where there is no minimum
            None => self.minimum_age == 0,
        }
    }
}

// ---- ballots ----------------------------------------------------------------------------------

/// How an agenda item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BallotKind {
    /// Approve, reject or abstain (an eligible proposal).
    ApproveReject,
    /// One option.
    SingleChoice,
    /// Up to `max` options.
    Approval { max: u8 },
    /// Projects (eligible proposals with a cost) within a budget in won.
    Budget { budget_won: i64 },
}

impl BallotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BallotKind::ApproveReject => "approve_reject",
            BallotKind::SingleChoice => "single_choice",
            BallotKind::Approval { .. } => "approval",
            BallotKind::Budget { .. } => "budget",
        }
    }
}

/// One option of an item as the rules see it: its id and, for budget items, its cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionRef {
    pub id: i64,
    pub cost_won: Option<i64>,
}

/// What a voter chose on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choice {
    Approve,
    Reject,
    Abstain,
    /// Options (one for single choice; up to the maximum for approval; projects for budget). An
    /// empty list is an abstention.
    Options(Vec<i64>),
}

impl Choice {
    pub fn is_abstention(&self) -> bool {
        match self {
            Choice::Abstain => true,
            Choice::Options(o) => o.is_empty(),
            _ => false,
        }
    }
}

/// Checks a choice against the item: the right shape, known options, no repeats, within the
/// approval maximum or the budget. Returns it with options sorted (a canonical form).
pub fn validate_choice(kind: BallotKind, options: &[OptionRef], choice: Choice) -> Result<Choice, ValidationError> {
    let bad = |reason: &str| Err(ValidationError::new("choice", reason));
    match (kind, choice) {
        (BallotKind::ApproveReject, c @ (Choice::Approve | Choice::Reject | Choice::Abstain)) => Ok(c),
        (BallotKind::ApproveReject, _) => bad("choose approve, reject or abstain"),
        (_, Choice::Approve | Choice::Reject) => bad("choose among the item's options"),
        (_, Choice::Abstain) => Ok(Choice::Options(Vec::new())),
        (kind, Choice::Options(mut ids)) => {
            ids.sort_unstable();
            if ids.windows(2).any(|w| w[0] == w[1]) {
                return bad("an option can be chosen once");
            }
            if !ids.iter().all(|id| options.iter().any(|o| o.id == *id)) {
                return bad("not an option of this item");
            }
            match kind {
                BallotKind::SingleChoice if ids.len() > 1 => bad("choose one option"),
                BallotKind::Approval { max } if ids.len() > usize::from(max) => {
                    Err(ValidationError::new("choice", format!("choose at most {max} options"))
                        .because(InputRule::TooManyChoices { max: u32::from(max) }))
                }
                BallotKind::Budget { budget_won } => {
                    let total: i64 =
                        ids.iter().filter_map(|id| options.iter().find(|o| o.id == *id).and_then(|o| o.cost_won)).sum();
                    if total > budget_won {
                        Err(ValidationError::new("choice", "the chosen projects cost more than the budget")
                            .because(InputRule::OverBudget))
                    } else {
                        Ok(Choice::Options(ids))
                    }
                }
                _ => Ok(Choice::Options(ids)),
            }
        }
    }
}

// ---- tallies and outcomes ---------------------------------------------------------------------

/// The counts of one item, online and paper together.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// Residents who took part in the item (one ballot each), abstentions included.
    pub ballots: u64,
    pub abstentions: u64,
    /// Approve/reject items.
    pub approve: u64,
    pub reject: u64,
    /// Votes per option (other kinds), in the item's option order.
    pub options: Vec<(i64, u64)>,
    /// The ballots that chose something, grouped by the set of options chosen (sorted ids): what
    /// the Method of Equal Shares needs beyond the counts.
    #[serde(default)]
    pub sets: Vec<(Vec<i64>, u64)>,
}

impl Tally {
    /// Ballots that chose something.
    pub fn valid(&self) -> u64 {
        self.ballots - self.abstentions.min(self.ballots)
    }

    /// Adds one ballot.
    pub fn add(&mut self, choice: &Choice) {
        self.ballots += 1;
        match choice {
            Choice::Approve => self.approve += 1,
            Choice::Reject => self.reject += 1,
            c if c.is_abstention() => self.abstentions += 1,
            Choice::Options(ids) => {
                for id in ids {
                    if let Some(o) = self.options.iter_mut().find(|o| o.0 == *id) {
                        o.1 += 1;
                    }
                }
                self.add_set(ids, 1);
            }
            Choice::Abstain => {}
        }
    }

    /// Counts `n` ballots that chose the set `ids` (sets only; the counts are kept by the caller).
    pub fn add_set(&mut self, ids: &[i64], n: u64) {
        let mut set = ids.to_vec();
        set.sort_unstable();
        set.dedup();
        match self.sets.iter_mut().find(|s| s.0 == set) {
            Some(s) => s.1 += n,
            None => self.sets.push((set, n)),
        }
    }

    /// Adds another tally of the same item (paper to online).
    pub fn merge(&mut self, other: &Tally) {
        self.ballots += other.ballots;
        self.abstentions += other.abstentions;
        self.approve += other.approve;
        self.reject += other.reject;
        for (id, n) in &other.options {
            match self.options.iter_mut().find(|o| o.0 == *id) {
                Some(o) => o.1 += n,
                None => self.options.push((*id, *n)),
            }
        }
        for (set, n) in &other.sets {
            self.add_set(set, *n);
        }
    }
}

/// An item's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    QuorumNotMet,
    Passed,
    Failed,
    /// The option that won (single choice, approval).
    Chosen(i64),
    /// No option won (a tie for first place, or short of the majority).
    NoDecision,
    /// The funded projects, in the order they were chosen.
    Funded(Vec<i64>),
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::QuorumNotMet => "quorum_not_met",
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Chosen(_) => "chosen",
            Outcome::NoDecision => "no_decision",
            Outcome::Funded(_) => "funded",
        }
    }
}

/// Whether the item's participation reaches the quorum.
pub fn quorum_met(bylaws: &Bylaws, required: u32, tally: &Tally) -> bool {
    let counted = if bylaws.abstentions_count_toward_quorum { tally.ballots } else { tally.valid() };
    counted >= u64::from(required)
}

/// Decides an item.
pub fn decide(kind: BallotKind, bylaws: &Bylaws, required: u32, options: &[OptionRef], tally: &Tally) -> Outcome {
    if !quorum_met(bylaws, required, tally) {
        return Outcome::QuorumNotMet;
    }
    match kind {
        BallotKind::ApproveReject => {
            if bylaws.majority.reached(tally.approve, tally.approve + tally.reject) {
                Outcome::Passed
            } else {
                Outcome::Failed
            }
        }
        BallotKind::SingleChoice | BallotKind::Approval { .. } => {
            let top = tally.options.iter().map(|o| o.1).max().unwrap_or(0);
            let leaders: Vec<i64> = tally.options.iter().filter(|o| o.1 == top).map(|o| o.0).collect();
            match leaders.as_slice() {
                [winner] if top > 0 && bylaws.majority.reached(top, tally.valid()) => Outcome::Chosen(*winner),
                _ => Outcome::NoDecision,
            }
        }
        BallotKind::Budget { budget_won } => {
            Outcome::Funded(budgeting::funded_in_order(&budget_fundings(bylaws.pb_rule, budget_won, options, tally)))
        }
    }
}

/// Every project of a budget item, funded or not and why, by `rule` (`domain::budgeting`).
pub fn budget_fundings(rule: PbRule, budget_won: i64, options: &[OptionRef], tally: &Tally) -> Vec<Funding> {
    let projects: Vec<budgeting::Project> = options
        .iter()
        .map(|o| budgeting::Project {
            id: o.id,
            cost_won: o.cost_won.unwrap_or(0),
            votes: tally.options.iter().find(|t| t.0 == o.id).map_or(0, |t| t.1),
        })
        .collect();
    budgeting::select(rule, budget_won, &projects, &tally.sets)
}

/// The paper ballots of one item as staff counted them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaperCounts {
    pub ballots: u64,
    pub abstentions: u64,
    pub approve: u64,
    pub reject: u64,
    /// Votes per option (option id, votes).
    pub options: Vec<(i64, u64)>,
    /// Budget items under equal shares: the marked ballots grouped by the projects marked, as
    /// (project numbers as printed, 1-based; ballots).
    pub sets: Option<Vec<(Vec<usize>, u64)>>,
}

/// The most groups a paper tally may list (more lines than a paper ballot has combinations of
/// a few dozen projects is a mistake, not a count).
pub const MAX_PAPER_GROUPS: usize = 500;

impl PaperCounts {
    /// From the tally form: numbers may be empty (zero); `option_ids` and `votes` pair up.
    pub fn parse(
        ballots: &str,
        abstentions: &str,
        approve: &str,
        reject: &str,
        option_ids: &[String],
        votes: &[String],
    ) -> Result<Self, ValidationError> {
        let n = |field: &'static str, s: &str| -> Result<u64, ValidationError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(0);
            }
            s.parse::<u64>()
                .ok()
                .filter(|v| *v <= 1_000_000)
                .ok_or_else(|| ValidationError::new(field, "must be a whole number, 0 or more"))
        };
        if option_ids.len() != votes.len() {
            return Err(ValidationError::new("votes", "one number per option"));
        }
        let mut options = Vec::with_capacity(votes.len());
        for (id, v) in option_ids.iter().zip(votes) {
            let id =
                id.trim().parse::<i64>().map_err(|_| ValidationError::new("votes", "not an option of this item"))?;
            options.push((id, n("votes", v)?));
        }
        Ok(PaperCounts {
            ballots: n("ballots", ballots)?,
            abstentions: n("abstentions", abstentions)?,
            approve: n("approve", approve)?,
            reject: n("reject", reject)?,
            options,
            sets: None,
        })
    }

    /// Adds the groups of marked ballots staff wrote for a budget item under equal shares: one
    /// line per group, `<ballots>: <project numbers>` (e.g. `12: 1 3` — twelve ballots marked
    /// projects 1 and 3); numbers as printed on the ballot, separated by spaces or commas. Blank
    /// text adds nothing.
    pub fn with_sets(mut self, text: &str) -> Result<Self, ValidationError> {
        let bad = |line: usize, reason: &str| {
            ValidationError::new("ballot_sets", format!("line {line}: {reason}"))
                .because(InputRule::OnLine { line: u32::try_from(line).unwrap_or(u32::MAX) })
        };
        let mut groups: Vec<(Vec<usize>, u64)> = Vec::new();
        for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()) {
            if groups.len() == MAX_PAPER_GROUPS {
                return Err(ValidationError::new("ballot_sets", format!("at most {MAX_PAPER_GROUPS} lines")));
            }
            let (count, projects) =
                line.split_once(':').ok_or_else(|| bad(n, "write the ballots, a colon, then the project numbers"))?;
            let count = count
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|c| (1..=1_000_000).contains(c))
                .ok_or_else(|| bad(n, "the number of ballots must be a whole number from 1"))?;
            let mut set = Vec::new();
            for p in projects.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
                let p = p
                    .parse::<usize>()
                    .ok()
                    .filter(|p| (1..=1000).contains(p))
                    .ok_or_else(|| bad(n, "not a project number"))?;
                set.push(p);
            }
            set.sort_unstable();
            if set.is_empty() {
                return Err(bad(n, "name the projects marked (ballots with none are abstentions)"));
            }
            if set.windows(2).any(|w| w[0] == w[1]) {
                return Err(bad(n, "a project is named twice"));
            }
            match groups.iter_mut().find(|g| g.0 == set) {
                Some(g) => g.1 += count,
                None => groups.push((set, count)),
            }
        }
        self.sets = (!groups.is_empty()).then_some(groups);
        Ok(self)
    }
}

/// Groups of marked ballots as staff write them (`PaperCounts::with_sets`): projects by their
/// printed number. Ids that are not options of the item are left out.
pub fn format_ballot_sets(sets: &[(Vec<i64>, u64)], options: &[OptionRef]) -> String {
    sets.iter()
        .map(|(ids, n)| {
            let numbers: Vec<String> = ids
                .iter()
                .filter_map(|id| options.iter().position(|o| o.id == *id).map(|p| (p + 1).to_string()))
                .collect();
            format!("{n}: {}", numbers.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether an item's paper ballots must be counted as groups of marked projects: budget items
/// under equal shares (the rule needs who chose what together, not only the counts).
pub fn paper_needs_sets(kind: BallotKind, rule: PbRule) -> bool {
    matches!(kind, BallotKind::Budget { .. }) && rule == PbRule::EqualShares
}

/// Checks counted paper ballots against the item and the paper ballots issued for it, and
/// returns them as a tally: never more ballots than were issued, abstentions within the ballots,
/// and votes that add up the way the item's kind says.
pub fn check_paper(
    kind: BallotKind,
    options: &[OptionRef],
    counts: &PaperCounts,
    issued: u64,
) -> Result<Tally, ValidationError> {
    check_paper_under(kind, PbRule::Greedy, options, counts, issued)
}

/// `check_paper` under the bylaws' budgeting rule: under equal shares a budget item's marked
/// ballots come as groups (`PaperCounts::sets`), which must add up to the ballots that are not
/// abstentions, each within the budget; the projects' votes are derived from them.
pub fn check_paper_under(
    kind: BallotKind,
    rule: PbRule,
    options: &[OptionRef],
    counts: &PaperCounts,
    issued: u64,
) -> Result<Tally, ValidationError> {
    let bad = |field: &'static str, reason: String| Err(ValidationError::new(field, reason));
    if paper_needs_sets(kind, rule) && counts.ballots <= issued && counts.abstentions <= counts.ballots {
        let cast = counts.ballots - counts.abstentions;
        let groups = counts.sets.as_deref().unwrap_or_default();
        if groups.iter().map(|g| g.1).sum::<u64>() != cast {
            return bad(
                "ballot_sets",
                "the groups of marked ballots must add up to the ballots that are not abstentions".into(),
            );
        }
        let mut derived = counts.clone();
        derived.sets = None;
        derived.options = options.iter().map(|o| (o.id, 0)).collect();
        let mut sets = Vec::with_capacity(groups.len());
        for (set, n) in groups {
            let ids: Vec<i64> = set
                .iter()
                .map(|p| p.checked_sub(1).and_then(|i| options.get(i)).map(|o| o.id))
                .collect::<Option<_>>()
                .ok_or_else(|| ValidationError::new("ballot_sets", "not a project number of this item"))?;
            validate_choice(kind, options, Choice::Options(ids.clone()))
                .map_err(|e| ValidationError::new("ballot_sets", e.reason))?;
            for id in &ids {
                if let Some(o) = derived.options.iter_mut().find(|o| o.0 == *id) {
                    o.1 += n;
                }
            }
            sets.push((ids, *n));
        }
        let mut tally = check_paper_under(kind, PbRule::Greedy, options, &derived, issued)?;
        for (ids, n) in &sets {
            tally.add_set(ids, *n);
        }
        return Ok(tally);
    }
    if counts.ballots > issued {
        return Err(ValidationError::new(
            "ballots",
            format!("only {issued} paper ballots were given out for this item"),
        )
        .because(InputRule::MoreThanGivenOut { issued }));
    }
    if counts.abstentions > counts.ballots {
        return bad("abstentions", "more abstentions than ballots".into());
    }
    let cast = counts.ballots - counts.abstentions;
    let mut tally = Tally { ballots: counts.ballots, abstentions: counts.abstentions, ..Tally::default() };
    if kind == BallotKind::ApproveReject {
        if counts.approve + counts.reject != cast {
            return bad(
                "approve",
                "approvals and rejections must add up to the ballots that are not abstentions".into(),
            );
        }
        tally.approve = counts.approve;
        tally.reject = counts.reject;
        return Ok(tally);
    }
    for (id, _) in &counts.options {
        if !options.iter().any(|o| o.id == *id) {
            return bad("votes", "not an option of this item".into());
        }
    }
    tally.options =
        options.iter().map(|o| (o.id, counts.options.iter().find(|c| c.0 == o.id).map_or(0, |c| c.1))).collect();
    let sum: u64 = tally.options.iter().map(|o| o.1).sum();
    if tally.options.iter().any(|o| o.1 > cast) {
        return bad("votes", "an option has more votes than there are ballots".into());
    }
    match kind {
        BallotKind::SingleChoice if sum != cast => {
            bad("votes", "the options' votes must add up to the ballots that are not abstentions".into())
        }
        BallotKind::Approval { max } if sum > cast * u64::from(max) || (cast > 0 && sum < cast) => {
            bad("votes", format!("each ballot chose between 1 and {max} options"))
        }
        _ => Ok(tally),
    }
}

/// Where an item's paper tally stands when results are to be published. Counted paper ballots
/// need two people: one enters the figures (or corrects them), another confirms that last entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperState {
    /// No paper ballot was given out for the item and nothing was entered.
    NotNeeded,
    /// Paper ballots were given out, and their count was not entered.
    Missing,
    /// The last entry waits for a second person.
    Unconfirmed,
    Confirmed,
}

impl PaperState {
    /// `issued`: paper ballots given out for the item; `last_confirmed`: whether the last entry
    /// of its tally is confirmed, if there is one. An entry made anyway (even of zero ballots)
    /// is confirmed like any other.
    pub fn of(issued: u64, last_confirmed: Option<bool>) -> PaperState {
        match last_confirmed {
            Some(true) => PaperState::Confirmed,
            Some(false) => PaperState::Unconfirmed,
            None if issued == 0 => PaperState::NotNeeded,
            None => PaperState::Missing,
        }
    }

    /// Results can be published with the item in this state.
    pub fn publishable(self) -> bool {
        matches!(self, PaperState::NotNeeded | PaperState::Confirmed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PaperState::NotNeeded => "not_needed",
            PaperState::Missing => "missing",
            PaperState::Unconfirmed => "unconfirmed",
            PaperState::Confirmed => "confirmed",
        }
    }
}

/// Who may confirm a tally entry: anyone allowed to run the door but its author.
pub fn second_person(entered_by: i64, confirmer: i64) -> Result<(), ValidationError> {
    if entered_by == confirmer {
        return Err(ValidationError::new("entry", "a tally is confirmed by a second person, not by who entered it"));
    }
    Ok(())
}

impl AssemblyStatus {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            AssemblyStatus::Draft => lang.pick("준비 중", "Draft"),
            AssemblyStatus::Announced => lang.pick("공고됨", "Announced"),
            AssemblyStatus::PreVoting => lang.pick("사전 온라인 투표 중", "Online pre-voting"),
            AssemblyStatus::InSession => lang.pick("총회 진행 중", "In session"),
            AssemblyStatus::Closed => lang.pick("투표 마감", "Voting closed"),
            AssemblyStatus::ResultsPublished => lang.pick("결과 공개", "Results published"),
            AssemblyStatus::Cancelled => lang.pick("취소됨", "Cancelled"),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn running_counts_are_never_shown_for_a_secret_ballot() {
        for (running, secret, shown) in
            [(false, false, false), (true, false, true), (false, true, false), (true, true, false)]
        {
            let b = Bylaws { running_results_visible: running, secret_ballot: secret, ..Bylaws::default() };
            assert_eq!(b.shows_running_counts(), shown, "running {running}, secret {secret}");
        }
    }

    use super::*;

    fn tally_ar(approve: u64, reject: u64, abstain: u64) -> Tally {
        Tally { ballots: approve + reject + abstain, abstentions: abstain, approve, reject, ..Tally::default() }
    }

    fn opts(ids: &[(i64, Option<i64>)]) -> Vec<OptionRef> {
        ids.iter().map(|(id, c)| OptionRef { id: *id, cost_won: *c }).collect()
    }

    #[test]
    fn seoul_minutes_parse_strictly() {
        let m = SeoulMinute::parse("t", "2026-12-05T14:30").unwrap();
        assert_eq!((m.year, m.month, m.day, m.hour, m.minute), (2026, 12, 5, 14, 30));
        assert_eq!(SeoulMinute::parse("t", "2026-12-05 14:30"), Ok(m));
        assert!(SeoulMinute::parse("t", "2028-02-29T10:00").is_ok());
        for bad in ["2026-02-29T10:00", "2026-13-01T10:00", "2026-12-05", "2026-12-05T24:00", "x", "2026-12-05T14:60"] {
            assert!(SeoulMinute::parse("t", bad).is_err(), "{bad}");
        }
        let a = SeoulMinute::parse("t", "2026-12-31T23:00").unwrap();
        let b = SeoulMinute::parse("t", "2027-01-01T01:00").unwrap();
        assert_eq!(b.ordinal_minutes() - a.ordinal_minutes(), 120);
    }

    #[test]
    fn assembly_details_check_times_and_texts() {
        let ok = AssemblyDetails::parse(
            "2026 신촌동 주민총회",
            "",
            "신촌동 주민센터 3층",
            "2026-12-01T09:00",
            "2026-12-05T14:00",
            "2026-12-05T16:00",
        );
        assert!(ok.is_ok(), "{ok:?}");
        let field = |r: Result<AssemblyDetails, ValidationError>| r.unwrap_err().field;
        assert_eq!(
            field(AssemblyDetails::parse("2026 총회입니다", "", "센터", "", "2026-12-05T14:00", "2026-12-05T14:00")),
            "session_ends"
        );
        assert_eq!(
            field(AssemblyDetails::parse("2026 총회입니다", "", "센터", "", "2026-12-05T14:00", "2026-12-06T03:00")),
            "session_ends"
        );
        assert_eq!(
            field(AssemblyDetails::parse(
                "2026 총회입니다",
                "",
                "센터",
                "2026-12-05T14:00",
                "2026-12-05T14:00",
                "2026-12-05T16:00"
            )),
            "pre_voting_starts"
        );
        assert_eq!(
            field(AssemblyDetails::parse("총회", "", "센터", "", "2026-12-05T14:00", "2026-12-05T16:00")),
            "title"
        );
    }

    #[test]
    fn agenda_items_parse_from_the_form() {
        assert_eq!(NewItem::parse("proposal", "", "", "", "", "", " 42 "), Ok(NewItem::Proposal { proposal_id: 42 }));
        assert!(NewItem::parse("proposal", "", "", "", "", "", "1, 2").is_err());
        let single =
            NewItem::parse("single_choice", "축제 날짜 정하기", "", "5월 둘째 주\n\n9월 첫째 주\n", "", "", "")
                .unwrap();
        assert_eq!(
            single,
            NewItem::Options {
                title: "축제 날짜 정하기".into(),
                description: String::new(),
                options: vec!["5월 둘째 주".into(), "9월 첫째 주".into()],
                max: None
            }
        );
        assert_eq!(
            NewItem::parse("single_choice", "축제 날짜 정하기", "", "하나뿐", "", "", "").unwrap_err().field,
            "options"
        );
        assert!(matches!(
            NewItem::parse("approval", "공원 시설 고르기", "", "a\nb\nc", "2", "", ""),
            Ok(NewItem::Options { max: Some(2), .. })
        ));
        assert_eq!(NewItem::parse("approval", "공원 시설 고르기", "", "a\nb", "3", "", "").unwrap_err().field, "max");
        let budget = NewItem::parse("budget", "2027 주민참여예산", "", "", "", "5,000,000", "3, 1 3").unwrap();
        assert_eq!(
            budget,
            NewItem::Budget {
                title: "2027 주민참여예산".into(),
                description: String::new(),
                budget_won: 5_000_000,
                proposal_ids: vec![1, 3]
            }
        );
        assert_eq!(
            NewItem::parse("budget", "2027 주민참여예산", "", "", "", "", "1, 2").unwrap_err().field,
            "budget_won"
        );
        assert_eq!(
            NewItem::parse("budget", "2027 주민참여예산", "", "", "", "많이", "1, 2").unwrap_err().field,
            "budget_won"
        );
        assert_eq!(NewItem::parse("vote", "제목입니다", "", "", "", "", "").unwrap_err().field, "kind");
    }

    #[test]
    fn paper_tallies_cannot_exceed_the_ballots_given_out_and_must_add_up() {
        let o = opts(&[(1, None), (2, None)]);
        let counts = |ballots, abstentions, approve, reject, options: Vec<(i64, u64)>| PaperCounts {
            ballots,
            abstentions,
            approve,
            reject,
            options,
            sets: None,
        };
        let ar = check_paper(BallotKind::ApproveReject, &[], &counts(5, 1, 3, 1, vec![]), 5).unwrap();
        assert_eq!((ar.ballots, ar.approve, ar.reject, ar.abstentions), (5, 3, 1, 1));
        assert_eq!(
            check_paper(BallotKind::ApproveReject, &[], &counts(6, 0, 6, 0, vec![]), 5).unwrap_err().field,
            "ballots"
        );
        assert_eq!(
            check_paper(BallotKind::ApproveReject, &[], &counts(5, 0, 3, 1, vec![]), 5).unwrap_err().field,
            "approve"
        );
        assert_eq!(
            check_paper(BallotKind::ApproveReject, &[], &counts(2, 3, 0, 0, vec![]), 5).unwrap_err().field,
            "abstentions"
        );
        let single = check_paper(BallotKind::SingleChoice, &o, &counts(4, 1, 0, 0, vec![(2, 3)]), 4).unwrap();
        assert_eq!(single.options, [(1, 0), (2, 3)]);
        assert!(check_paper(BallotKind::SingleChoice, &o, &counts(4, 0, 0, 0, vec![(1, 2), (2, 1)]), 4).is_err());
        assert!(check_paper(BallotKind::SingleChoice, &o, &counts(1, 0, 0, 0, vec![(9, 1)]), 4).is_err());
        // approval, up to 2: 3 ballots make 3 to 6 marks, no option more than 3
        let approval = BallotKind::Approval { max: 2 };
        assert!(check_paper(approval, &o, &counts(3, 0, 0, 0, vec![(1, 3), (2, 2)]), 3).is_ok());
        assert!(check_paper(approval, &o, &counts(3, 0, 0, 0, vec![(1, 1), (2, 1)]), 3).is_err());
        assert!(check_paper(approval, &o, &counts(3, 0, 0, 0, vec![(1, 4)]), 3).is_err());
        // no ballots at all is a valid count
        assert_eq!(check_paper(approval, &o, &PaperCounts::default(), 0).unwrap().ballots, 0);
        let parsed = PaperCounts::parse("4", "", "", "", &["1".into(), "2".into()], &["".into(), "3".into()]).unwrap();
        assert_eq!(parsed, counts(4, 0, 0, 0, vec![(1, 0), (2, 3)]));
        assert!(PaperCounts::parse("-1", "", "", "", &[], &[]).is_err());
        assert!(PaperCounts::parse("1", "", "", "", &["1".into()], &[]).is_err());
    }

    #[test]
    fn the_lifecycle_moves_forward_only_every_pair_stated() {
        use AssemblyEvent as E;
        use AssemblyStatus as S;
        // every step there is; every other (status, event) pair is refused
        let allowed = [
            (S::Draft, E::Announce, S::Announced),
            (S::Announced, E::OpenPreVoting, S::PreVoting),
            (S::Announced, E::OpenSession, S::InSession),
            (S::PreVoting, E::OpenSession, S::InSession),
            (S::InSession, E::Close, S::Closed),
            (S::Closed, E::PublishResults, S::ResultsPublished),
            (S::Draft, E::Cancel, S::Cancelled),
            (S::Announced, E::Cancel, S::Cancelled),
            (S::PreVoting, E::Cancel, S::Cancelled),
        ];
        for from in S::ALL {
            for event in E::ALL {
                let expected = allowed.iter().find(|(f, e, _)| *f == from && *e == event).map(|t| t.2);
                assert_eq!(advance(from, event), expected, "{from:?} + {event:?}");
            }
        }
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Ok(s));
        }
        for e in E::ALL {
            assert_eq!(E::parse(e.as_str()), Ok(e));
        }
        // every status is reachable from a draft; the two ends are final
        let mut seen = vec![S::Draft];
        for _ in 0..S::ALL.len() {
            for s in seen.clone() {
                for e in E::ALL {
                    if let Some(n) = advance(s, e)
                        && !seen.contains(&n)
                    {
                        seen.push(n);
                    }
                }
            }
        }
        assert_eq!(seen.len(), S::ALL.len());
        for end in [S::ResultsPublished, S::Cancelled] {
            assert!(E::ALL.iter().all(|e| advance(end, *e).is_none()), "{end:?}");
        }
        // what may change in which status
        for s in S::ALL {
            assert_eq!(s.details_editable(), matches!(s, S::Draft | S::Announced), "{s:?}");
            assert_eq!(s.reschedulable(), matches!(s, S::Draft | S::Announced | S::PreVoting), "{s:?}");
            // residents never see drafts, nor a draft that was cancelled
            assert_eq!(s.is_public(false), !matches!(s, S::Draft | S::Cancelled), "{s:?}");
            assert_eq!(s.is_public(true), s != S::Draft, "{s:?}");
            // whatever can be rescheduled can be cancelled, and nothing else
            assert_eq!(s.reschedulable(), advance(s, E::Cancel).is_some(), "{s:?}");
        }
    }

    #[test]
    fn opening_voting_outside_the_plan_is_named() {
        let at = |s: &str| SeoulMinute::parse("t", s).unwrap().ordinal_minutes();
        let plan = Schedule {
            pre_voting_starts: Some(at("2026-12-01T09:00")),
            session_starts: at("2026-12-05T14:00"),
            session_ends: at("2026-12-05T16:00"),
        };
        let open_pre = |now: &str| plan.off_schedule(AssemblyEvent::OpenPreVoting, at(now));
        assert_eq!(open_pre("2026-11-06T09:00"), Some(OffSchedule::Early));
        assert_eq!(open_pre("2026-12-01T08:59"), Some(OffSchedule::Early));
        assert_eq!(open_pre("2026-12-01T09:00"), None);
        assert_eq!(open_pre("2026-12-05T13:59"), None);
        assert_eq!(open_pre("2026-12-05T14:00"), Some(OffSchedule::Late));
        let unplanned = Schedule { pre_voting_starts: None, ..plan };
        assert_eq!(
            unplanned.off_schedule(AssemblyEvent::OpenPreVoting, at("2026-12-02T10:00")),
            Some(OffSchedule::Unplanned)
        );

        let open = |now: &str| plan.off_schedule(AssemblyEvent::OpenSession, at(now));
        assert_eq!(open("2026-11-10T14:00"), Some(OffSchedule::Early), "25 days early");
        assert_eq!(open("2026-12-05T12:59"), Some(OffSchedule::Early));
        assert_eq!(open("2026-12-05T13:00"), None, "the doors open an hour before");
        assert_eq!(open("2026-12-05T15:59"), None);
        assert_eq!(open("2026-12-05T16:00"), Some(OffSchedule::Late));
        // closing, publishing, cancelling and announcing are never held to the plan
        for e in [AssemblyEvent::Announce, AssemblyEvent::Close, AssemblyEvent::PublishResults, AssemblyEvent::Cancel] {
            assert_eq!(plan.off_schedule(e, at("2026-11-01T00:00")), None, "{e:?}");
            assert_eq!(plan.off_schedule(e, at("2027-01-01T00:00")), None, "{e:?}");
        }
    }

    #[test]
    fn a_cancellation_says_why() {
        assert!(CancelReason::parse("강당 공사로 연기 후 다시 공지합니다").is_ok());
        assert_eq!(CancelReason::parse("  ").unwrap_err().field, "reason");
        assert!(CancelReason::parse(&"가".repeat(501)).is_err());
    }

    #[test]
    fn voting_channels_follow_the_status() {
        use AssemblyStatus as S;
        let online: Vec<_> = S::ALL.into_iter().filter(|s| s.accepts_online_ballots()).collect();
        assert_eq!(online, [S::PreVoting, S::InSession]);
        let paper: Vec<_> = S::ALL.into_iter().filter(|s| s.accepts_paper_tallies()).collect();
        assert_eq!(paper, [S::InSession, S::Closed]);
        assert!(S::InSession.accepts_check_ins() && !S::PreVoting.accepts_check_ins());
    }

    #[test]
    fn quorum_rounds_up_and_parses_with_limits() {
        assert_eq!(Quorum::Percent(5).required(1000), 50);
        assert_eq!(Quorum::Percent(5).required(1001), 51);
        assert_eq!(Quorum::Percent(10).required(0), 0);
        assert_eq!(Quorum::Percent(100).required(7), 7);
        assert_eq!(Quorum::Absolute(30).required(5), 30);
        assert_eq!(Quorum::parse("percent", "5"), Ok(Quorum::Percent(5)));
        assert_eq!(Quorum::parse("absolute", " 40 "), Ok(Quorum::Absolute(40)));
        assert!(Quorum::parse("percent", "0").is_err());
        assert!(Quorum::parse("percent", "101").is_err());
        assert!(Quorum::parse("absolute", "0").is_err());
        assert!(Quorum::parse("absolute", "-3").is_err());
        assert!(Quorum::parse("most", "3").is_err());
        for q in [Quorum::Percent(7), Quorum::Absolute(120)] {
            let (k, v) = q.stored();
            assert_eq!(Quorum::from_stored(k, v), q);
        }
    }

    #[test]
    fn majorities_and_two_thirds_rounding() {
        assert!(Majority::Simple.reached(6, 11));
        assert!(!Majority::Simple.reached(5, 10), "a tie is not a majority");
        assert!(Majority::Simple.reached(6, 10));
        assert!(!Majority::Simple.reached(0, 0));
        // two thirds of 10 is 6.67: 7 is enough, 6 is not
        assert!(Majority::TwoThirds.reached(7, 10));
        assert!(!Majority::TwoThirds.reached(6, 10));
        // exactly two thirds is enough
        assert!(Majority::TwoThirds.reached(2, 3));
        assert!(Majority::TwoThirds.reached(20, 30));
        assert!(!Majority::TwoThirds.reached(19, 30));
        assert!(!Majority::TwoThirds.reached(0, 0));
    }

    #[test]
    fn approve_reject_with_quorum_ties_and_abstentions() {
        let b = Bylaws { quorum: Quorum::Absolute(10), ..Bylaws::default() };
        let decide_ar = |b: &Bylaws, t: &Tally| decide(BallotKind::ApproveReject, b, 10, &[], t);
        assert_eq!(decide_ar(&b, &tally_ar(6, 3, 1)), Outcome::Passed);
        assert_eq!(decide_ar(&b, &tally_ar(5, 5, 0)), Outcome::Failed, "a tie fails");
        assert_eq!(decide_ar(&b, &tally_ar(5, 3, 1)), Outcome::QuorumNotMet, "nine took part");
        // abstentions count toward the quorum by default, but are never votes
        assert_eq!(decide_ar(&b, &tally_ar(2, 1, 7)), Outcome::Passed);
        let strict = Bylaws { abstentions_count_toward_quorum: false, ..b };
        assert_eq!(decide_ar(&strict, &tally_ar(2, 1, 7)), Outcome::QuorumNotMet);
        assert_eq!(decide_ar(&strict, &tally_ar(7, 3, 0)), Outcome::Passed);
        // everyone abstains: quorum met, nothing passes
        assert_eq!(decide_ar(&b, &tally_ar(0, 0, 10)), Outcome::Failed);
        let two_thirds = Bylaws { majority: Majority::TwoThirds, ..b };
        assert_eq!(decide_ar(&two_thirds, &tally_ar(7, 3, 0)), Outcome::Passed);
        assert_eq!(decide_ar(&two_thirds, &tally_ar(6, 4, 0)), Outcome::Failed);
        // the quorum edge: exactly the quorum is enough
        assert!(quorum_met(&b, 10, &tally_ar(5, 5, 0)));
        assert!(!quorum_met(&b, 11, &tally_ar(5, 5, 0)));
    }

    #[test]
    fn choices_are_checked_against_the_item() {
        let o = opts(&[(1, None), (2, None), (3, None)]);
        assert_eq!(validate_choice(BallotKind::ApproveReject, &[], Choice::Approve), Ok(Choice::Approve));
        assert!(validate_choice(BallotKind::ApproveReject, &[], Choice::Options(vec![1])).is_err());
        assert!(validate_choice(BallotKind::SingleChoice, &o, Choice::Approve).is_err());
        assert_eq!(
            validate_choice(BallotKind::SingleChoice, &o, Choice::Options(vec![2])),
            Ok(Choice::Options(vec![2]))
        );
        assert!(validate_choice(BallotKind::SingleChoice, &o, Choice::Options(vec![1, 2])).is_err());
        assert!(validate_choice(BallotKind::SingleChoice, &o, Choice::Options(vec![9])).is_err());
        assert_eq!(validate_choice(BallotKind::SingleChoice, &o, Choice::Abstain), Ok(Choice::Options(vec![])));
        let approval = BallotKind::Approval { max: 2 };
        assert_eq!(validate_choice(approval, &o, Choice::Options(vec![3, 1])), Ok(Choice::Options(vec![1, 3])));
        assert!(validate_choice(approval, &o, Choice::Options(vec![1, 2, 3])).is_err());
        assert!(validate_choice(approval, &o, Choice::Options(vec![1, 1])).is_err());
        let projects = opts(&[(1, Some(600)), (2, Some(500)), (3, Some(300))]);
        let budget = BallotKind::Budget { budget_won: 1000 };
        assert!(validate_choice(budget, &projects, Choice::Options(vec![1, 3])).is_ok());
        assert!(validate_choice(budget, &projects, Choice::Options(vec![1, 2])).is_err(), "1,100 > 1,000");
        assert!(validate_choice(budget, &projects, Choice::Options(vec![2, 3])).is_ok());
    }

    #[test]
    fn tallies_add_and_merge() {
        let mut online = Tally { options: vec![(1, 0), (2, 0)], ..Tally::default() };
        online.add(&Choice::Options(vec![1]));
        online.add(&Choice::Options(vec![1, 2]));
        online.add(&Choice::Options(vec![]));
        let paper = Tally { ballots: 2, abstentions: 0, options: vec![(2, 2)], ..Tally::default() };
        online.merge(&paper);
        assert_eq!(online.ballots, 5);
        assert_eq!(online.abstentions, 1);
        assert_eq!(online.valid(), 4);
        assert_eq!(online.options, [(1, 2), (2, 3)]);
        let mut ar = Tally::default();
        for c in [Choice::Approve, Choice::Reject, Choice::Abstain, Choice::Approve] {
            ar.add(&c);
        }
        assert_eq!((ar.ballots, ar.approve, ar.reject, ar.abstentions), (4, 2, 1, 1));
    }

    #[test]
    fn single_choice_and_approval_need_a_unique_leader_with_the_majority() {
        let b = Bylaws { quorum: Quorum::Absolute(1), ..Bylaws::default() };
        let o = opts(&[(1, None), (2, None), (3, None)]);
        let t = |a, b, c, abst| Tally {
            ballots: a + b + c + abst,
            abstentions: abst,
            options: vec![(1, a), (2, b), (3, c)],
            ..Tally::default()
        };
        assert_eq!(decide(BallotKind::SingleChoice, &b, 1, &o, &t(6, 3, 1, 0)), Outcome::Chosen(1));
        assert_eq!(decide(BallotKind::SingleChoice, &b, 1, &o, &t(4, 4, 1, 0)), Outcome::NoDecision, "tie");
        assert_eq!(decide(BallotKind::SingleChoice, &b, 1, &o, &t(4, 3, 3, 0)), Outcome::NoDecision, "no majority");
        assert_eq!(decide(BallotKind::SingleChoice, &b, 1, &o, &t(0, 0, 0, 3)), Outcome::NoDecision);
        assert_eq!(decide(BallotKind::SingleChoice, &b, 20, &o, &t(6, 3, 1, 0)), Outcome::QuorumNotMet);
    }

    #[test]
    fn a_budget_item_is_decided_by_the_bylaws_rule() {
        // budget 1,000: A (600, 9 votes) fits; B (500, 7) no longer fits; C (300, 5) does
        // (the rules themselves: domain::budgeting)
        let projects = opts(&[(10, Some(600)), (11, Some(500)), (12, Some(300)), (13, Some(200))]);
        let mut tally = Tally { options: vec![(10, 0), (11, 0), (12, 0), (13, 0)], ..Tally::default() };
        for (set, n) in [(vec![10, 12], 5), (vec![10], 4), (vec![11], 7)] {
            for _ in 0..n {
                tally.add(&Choice::Options(set.clone()));
            }
        }
        assert_eq!(tally.options, [(10, 9), (11, 7), (12, 5), (13, 0)]);
        assert_eq!(tally.sets, [(vec![10, 12], 5), (vec![10], 4), (vec![11], 7)]);
        let b = Bylaws { quorum: Quorum::Absolute(1), ..Bylaws::default() };
        let kind = BallotKind::Budget { budget_won: 1000 };
        assert_eq!(decide(kind, &b, 1, &projects, &tally), Outcome::Funded(vec![10, 12]));
        // equal shares: 16 voters, 62.5 each. At that share only C is payable (its 5 supporters
        // pay 60 each). Raised by "add one", A becomes payable at 1.07× and goes first (66.7 each,
        // the least per won), and C's supporters then have too little; from 1.15× B is payable
        // too and A + B = 1,100 overspends. So A (the outcome at 1.14×), then C from the 400 left.
        let mes = Bylaws { pb_rule: PbRule::EqualShares, ..b };
        assert_eq!(decide(kind, &mes, 1, &projects, &tally), Outcome::Funded(vec![10, 12]));
        // paper counts merge their sets with the online ones
        let mut paper = Tally::default();
        paper.add_set(&[12, 10], 2);
        tally.merge(&paper);
        assert_eq!(tally.sets[0], (vec![10, 12], 7));
    }

    #[test]
    fn age_is_reached_within_the_assembly_year() {
        let b = Bylaws { minimum_age: 14, ..Bylaws::default() };
        assert!(b.old_enough(Some(2012), 2026));
        assert!(!b.old_enough(Some(2013), 2026));
        assert!(!b.old_enough(None, 2026));
        assert!(Bylaws { minimum_age: 0, ..b }.old_enough(None, 2026));
        assert_eq!(Bylaws::parse_minimum_age("19"), Ok(19));
        assert!(Bylaws::parse_minimum_age("101").is_err());
        assert!(Bylaws::parse_minimum_age("x").is_err());
    }

    #[test]
    fn paper_tallies_need_a_second_person_before_publishing() {
        use PaperState as P;
        assert_eq!(P::of(0, None), P::NotNeeded);
        assert_eq!(P::of(3, None), P::Missing);
        assert_eq!(P::of(3, Some(false)), P::Unconfirmed);
        assert_eq!(P::of(0, Some(false)), P::Unconfirmed, "an entry made is confirmed like any other");
        assert_eq!(P::of(3, Some(true)), P::Confirmed);
        let ok: Vec<_> =
            [P::NotNeeded, P::Missing, P::Unconfirmed, P::Confirmed].into_iter().filter(|p| p.publishable()).collect();
        assert_eq!(ok, [P::NotNeeded, P::Confirmed]);
        assert!(second_person(7, 8).is_ok());
        assert_eq!(second_person(7, 7).unwrap_err().field, "entry");
    }
}
