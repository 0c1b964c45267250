//! The lifecycle of a resident proposal (주민제안), as a pure state machine.
//!
//! draft → published → eligible (supports reach the dong's threshold) → on agenda → accepted /
//! rejected (by the assembly) → in progress → done; withdrawn by the author before the agenda.
//! Moderation hides and restores a proposal in any published state without changing where it is
//! in its lifecycle, so a restored proposal continues from where it was.
//!
//! (First step of the groups-and-proposals issue; services and pages build on it.)

use super::{Field, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProposalStatus {
    Draft,
    Published,
    Eligible,
    OnAgenda,
    Accepted,
    Rejected,
    InProgress,
    Done,
    Withdrawn,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 9] = [
        ProposalStatus::Draft,
        ProposalStatus::Published,
        ProposalStatus::Eligible,
        ProposalStatus::OnAgenda,
        ProposalStatus::Accepted,
        ProposalStatus::Rejected,
        ProposalStatus::InProgress,
        ProposalStatus::Done,
        ProposalStatus::Withdrawn,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Draft => "draft",
            ProposalStatus::Published => "published",
            ProposalStatus::Eligible => "eligible",
            ProposalStatus::OnAgenda => "on_agenda",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Rejected => "rejected",
            ProposalStatus::InProgress => "in_progress",
            ProposalStatus::Done => "done",
            ProposalStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Status, InputRule::NotChosen))
    }

    /// Visible to everyone (drafts are their author's alone).
    pub fn is_public(self) -> bool {
        self != ProposalStatus::Draft
    }

    /// Residents may support, or take their support back, until the assembly decides.
    pub fn accepts_supports(self) -> bool {
        matches!(self, ProposalStatus::Published | ProposalStatus::Eligible | ProposalStatus::OnAgenda)
    }
}

/// Where a proposal is: its lifecycle status, and whether moderation has hidden it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Lifecycle {
    pub status: ProposalStatus,
    pub hidden: bool,
}

impl Lifecycle {
    pub const NEW: Lifecycle = Lifecycle { status: ProposalStatus::Draft, hidden: false };
}

/// Something that happens to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// The author publishes the draft.
    Publish,
    /// Supports reached the dong's threshold.
    ReachThreshold,
    /// Supports were taken back below the threshold before the proposal went on an agenda.
    FallBelowThreshold,
    /// Put on an assembly's agenda.
    PutOnAgenda,
    /// Taken off an agenda (e.g. the assembly was cancelled).
    TakeOffAgenda,
    /// The assembly accepted it.
    Accept,
    /// The assembly rejected it.
    Reject,
    /// Work on it started (a project with a budget).
    Start,
    /// The work is done.
    Complete,
    /// The author withdraws it.
    Withdraw,
    /// The district expert hides it (with a public reason, recorded elsewhere).
    Hide,
    /// The district expert restores it.
    Restore,
}

impl Event {
    pub const ALL: [Event; 12] = [
        Event::Publish,
        Event::ReachThreshold,
        Event::FallBelowThreshold,
        Event::PutOnAgenda,
        Event::TakeOffAgenda,
        Event::Accept,
        Event::Reject,
        Event::Start,
        Event::Complete,
        Event::Withdraw,
        Event::Hide,
        Event::Restore,
    ];
}

/// A transition that the lifecycle does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from:?} proposal cannot take the event {event:?}")]
pub struct IllegalTransition {
    pub from: Lifecycle,
    pub event: Event,
}

/// The next state, or why not. Hidden proposals only accept `Restore` (and decisions by the
/// assembly, which are not for moderation to block).
pub fn transition(from: Lifecycle, event: Event) -> Result<Lifecycle, IllegalTransition> {
    use Event as E;
    use ProposalStatus as S;
    let illegal = Err(IllegalTransition { from, event });
    match event {
        E::Hide if from.status.is_public() && !from.hidden => return Ok(Lifecycle { hidden: true, ..from }),
        E::Restore if from.hidden => return Ok(Lifecycle { hidden: false, ..from }),
        E::Hide | E::Restore => return illegal,
        _ => {}
    }
    if from.hidden && !matches!(event, E::Accept | E::Reject) {
        return illegal;
    }
    let to = match (from.status, event) {
        (S::Draft, E::Publish) => S::Published,
        (S::Published, E::ReachThreshold) => S::Eligible,
        (S::Eligible, E::FallBelowThreshold) => S::Published,
        (S::Eligible, E::PutOnAgenda) => S::OnAgenda,
        (S::OnAgenda, E::TakeOffAgenda) => S::Eligible,
        (S::OnAgenda, E::Accept) => S::Accepted,
        (S::OnAgenda, E::Reject) => S::Rejected,
        (S::Accepted, E::Start) => S::InProgress,
        (S::InProgress, E::Complete) => S::Done,
        (S::Draft | S::Published | S::Eligible, E::Withdraw) => S::Withdrawn,
        _ => return illegal,
    };
    Ok(Lifecycle { status: to, ..from })
}

/// The threshold event a change in the number of supports causes, if any.
pub fn after_support_change(status: ProposalStatus, supports: u32, threshold: SupportThreshold) -> Option<Event> {
    match status {
        ProposalStatus::Published if supports >= threshold.0 => Some(Event::ReachThreshold),
        ProposalStatus::Eligible if supports < threshold.0 => Some(Event::FallBelowThreshold),
        _ => None,
    }
}

/// An author may edit a draft, or a published proposal nobody has supported yet.
pub fn author_may_edit(status: ProposalStatus, supports: u32) -> bool {
    status == ProposalStatus::Draft || (status == ProposalStatus::Published && supports == 0)
}

/// How many supports make a proposal eligible for the assembly agenda (a per-dong setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportThreshold(u32);

impl SupportThreshold {
    pub const DEFAULT: SupportThreshold = SupportThreshold(30);

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim().parse::<u32>() {
            Ok(n) if (1..=10_000).contains(&n) => Ok(SupportThreshold(n)),
            _ => Err(ValidationError::new(
                Field::Threshold,
                InputRule::Number { min: 1, max: 10_000, unit: Unit::People },
            )),
        }
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// From its stored (column) form; an out-of-range value means the default.
    pub fn from_stored(n: i32) -> Self {
        u32::try_from(n).ok().filter(|n| (1..=10_000).contains(n)).map_or(Self::DEFAULT, Self)
    }

    /// The stored (column) form.
    pub fn stored(self) -> i32 {
        // at most 10,000, so it always fits
        i32::try_from(self.0).unwrap_or(i32::MAX)
    }
}

impl Default for SupportThreshold {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Event {
    /// The stored form, in the timeline.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Publish => "publish",
            Event::ReachThreshold => "reach_threshold",
            Event::FallBelowThreshold => "fall_below_threshold",
            Event::PutOnAgenda => "put_on_agenda",
            Event::TakeOffAgenda => "take_off_agenda",
            Event::Accept => "accept",
            Event::Reject => "reject",
            Event::Start => "start",
            Event::Complete => "complete",
            Event::Withdraw => "withdraw",
            Event::Hide => "hide",
            Event::Restore => "restore",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// A proposal's content as its author typed it (new, or edited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalContent {
    pub title: String,
    /// Markdown.
    pub problem: String,
    /// Markdown.
    pub solution: String,
    pub category: super::category::Category,
    /// Estimated cost in won.
    pub cost_won: Option<i64>,
    pub location: Option<String>,
}

impl ProposalContent {
    pub const MAX_COST_WON: i64 = 10_000_000_000;

    pub fn parse(
        title: &str,
        problem: &str,
        solution: &str,
        category: &str,
        cost_won: &str,
        location: &str,
    ) -> Result<Self, ValidationError> {
        use super::text::{bounded, optional};
        Ok(Self {
            title: bounded(Field::Title, title, 5, 120, false)?,
            problem: bounded(Field::Problem, problem, 10, 5000, true)?,
            solution: bounded(Field::Solution, solution, 10, 5000, true)?,
            category: super::category::Category::parse(category)?,
            cost_won: parse_won(cost_won)?,
            location: optional(Field::Location, location, 200)?,
        })
    }
}

/// An amount in won as typed: digits with optional thousands separators and a trailing `원`;
/// empty means none.
pub fn parse_won(s: &str) -> Result<Option<i64>, ValidationError> {
    let t: String = s.trim().trim_end_matches('원').trim().chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=ProposalContent::MAX_COST_WON).contains(&n) => Ok(Some(n)),
        _ => Err(ValidationError::new(
            Field::CostWon,
            InputRule::Number { min: 0, max: 10_000_000_000, unit: Unit::Won },
        )),
    }
}

/// How a list of proposals is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ProposalSort {
    #[default]
    Newest,
    MostSupported,
    /// Published proposals needing the fewest supports to become eligible first, then the rest.
    ClosestToThreshold,
    /// Best match of the search first (newest first when nothing is searched for).
    Relevance,
}

impl ProposalSort {
    pub const ALL: [ProposalSort; 4] =
        [ProposalSort::Newest, ProposalSort::MostSupported, ProposalSort::ClosestToThreshold, ProposalSort::Relevance];

    pub fn as_str(self) -> &'static str {
        match self {
            ProposalSort::Newest => "newest",
            ProposalSort::MostSupported => "supports",
            ProposalSort::ClosestToThreshold => "threshold",
            ProposalSort::Relevance => "relevance",
        }
    }

    /// Unknown values mean the default order (a list never fails over its sort order): the best
    /// match when searching, otherwise the newest.
    pub fn parse(s: &str, searching: bool) -> Self {
        match Self::ALL.into_iter().find(|o| o.as_str() == s.trim()) {
            Some(ProposalSort::Relevance) | None if searching => ProposalSort::Relevance,
            Some(ProposalSort::Relevance) | None => ProposalSort::Newest,
            Some(o) => o,
        }
    }
}

impl ProposalStatus {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            ProposalStatus::Draft => lang.pick("작성 중", "Draft"),
            ProposalStatus::Published => lang.pick("공감 모으는 중", "Gathering support"),
            ProposalStatus::Eligible => lang.pick("총회 상정 가능", "Eligible for the assembly"),
            ProposalStatus::OnAgenda => lang.pick("총회 안건", "On the agenda"),
            ProposalStatus::Accepted => lang.pick("총회 가결", "Accepted"),
            ProposalStatus::Rejected => lang.pick("총회 부결", "Rejected"),
            ProposalStatus::InProgress => lang.pick("실행 중", "In progress"),
            ProposalStatus::Done => lang.pick("완료", "Done"),
            ProposalStatus::Withdrawn => lang.pick("철회", "Withdrawn"),
        }
    }
}

impl Event {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            Event::Publish => lang.pick("공개", "Published"),
            Event::ReachThreshold => {
                lang.pick("공감 기준 도달 — 총회 상정 가능", "Reached the threshold — eligible for the assembly")
            }
            Event::FallBelowThreshold => lang.pick("공감 철회로 기준 아래", "Fell below the threshold"),
            Event::PutOnAgenda => lang.pick("총회 안건으로 상정", "Put on the assembly's agenda"),
            Event::TakeOffAgenda => lang.pick("안건에서 제외", "Taken off the agenda"),
            Event::Accept => lang.pick("총회에서 가결", "Accepted by the assembly"),
            Event::Reject => lang.pick("총회에서 부결", "Rejected by the assembly"),
            Event::Start => lang.pick("실행 시작", "Work started"),
            Event::Complete => lang.pick("완료", "Done"),
            Event::Withdraw => lang.pick("제안자가 철회", "Withdrawn by the author"),
            Event::Hide => lang.pick("운영 원칙에 따라 가려짐", "Hidden by moderation"),
            Event::Restore => lang.pick("검토 후 복원", "Restored after review"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event as E;
    use ProposalStatus as S;
    use std::collections::{HashSet, VecDeque};

    fn at(status: ProposalStatus) -> Lifecycle {
        Lifecycle { status, hidden: false }
    }

    fn run(events: &[Event]) -> Result<Lifecycle, IllegalTransition> {
        events.iter().try_fold(Lifecycle::NEW, |l, e| transition(l, *e))
    }

    #[test]
    fn the_whole_road_from_draft_to_done() {
        let end = run(&[E::Publish, E::ReachThreshold, E::PutOnAgenda, E::Accept, E::Start, E::Complete]).unwrap();
        assert_eq!(end, at(S::Done));
        assert_eq!(run(&[E::Publish, E::ReachThreshold, E::PutOnAgenda, E::Reject]).unwrap(), at(S::Rejected));
    }

    #[test]
    fn nothing_skips_the_assembly() {
        assert!(run(&[E::Publish, E::Accept]).is_err());
        assert!(run(&[E::Publish, E::PutOnAgenda]).is_err(), "not before the threshold");
        assert!(run(&[E::Publish, E::ReachThreshold, E::Start]).is_err());
        // exhaustively: no reachable state is accepted, rejected, in progress or done unless the
        // path went through the agenda
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([(Lifecycle::NEW, false)]);
        while let Some((l, via_agenda)) = queue.pop_front() {
            if !seen.insert((l, via_agenda)) {
                continue;
            }
            if matches!(l.status, S::Accepted | S::Rejected | S::InProgress | S::Done) {
                assert!(via_agenda, "{l:?} reached without an agenda");
            }
            for e in Event::ALL {
                if let Ok(next) = transition(l, e) {
                    queue.push_back((next, via_agenda || next.status == S::OnAgenda));
                }
            }
        }
        // and every status is reachable
        let statuses: HashSet<_> = seen.iter().map(|(l, _)| l.status).collect();
        assert_eq!(statuses.len(), ProposalStatus::ALL.len());
    }

    #[test]
    fn withdrawal_only_before_the_agenda() {
        for s in [S::Draft, S::Published, S::Eligible] {
            assert_eq!(transition(at(s), E::Withdraw).unwrap(), at(S::Withdrawn));
        }
        for s in [S::OnAgenda, S::Accepted, S::Rejected, S::InProgress, S::Done, S::Withdrawn] {
            assert!(transition(at(s), E::Withdraw).is_err(), "{s:?}");
        }
    }

    #[test]
    fn hiding_keeps_the_place_in_the_lifecycle() {
        let hidden = transition(at(S::Eligible), E::Hide).unwrap();
        assert_eq!(hidden, Lifecycle { status: S::Eligible, hidden: true });
        assert!(transition(hidden, E::Hide).is_err());
        assert!(transition(hidden, E::PutOnAgenda).is_err(), "a hidden proposal waits for review");
        assert!(transition(hidden, E::Withdraw).is_err());
        assert_eq!(transition(hidden, E::Restore).unwrap(), at(S::Eligible));
        assert!(transition(at(S::Draft), E::Hide).is_err(), "drafts are private: nothing to hide");
        assert!(transition(at(S::Published), E::Restore).is_err());
        // the assembly's decision stands even if the item was hidden meanwhile
        let hidden_on_agenda = Lifecycle { status: S::OnAgenda, hidden: true };
        assert_eq!(transition(hidden_on_agenda, E::Accept).unwrap().status, S::Accepted);
    }

    #[test]
    fn supports_move_a_proposal_across_the_threshold_both_ways() {
        let t = SupportThreshold::parse("3").unwrap();
        assert_eq!(after_support_change(S::Published, 2, t), None);
        assert_eq!(after_support_change(S::Published, 3, t), Some(E::ReachThreshold));
        assert_eq!(after_support_change(S::Eligible, 2, t), Some(E::FallBelowThreshold));
        assert_eq!(after_support_change(S::OnAgenda, 0, t), None, "on the agenda it stays");
        assert!(S::OnAgenda.accepts_supports());
        assert!(!S::Accepted.accepts_supports());
        assert!(!S::Draft.accepts_supports());
    }

    #[test]
    fn editing_stops_at_the_first_support() {
        assert!(author_may_edit(S::Draft, 0));
        assert!(author_may_edit(S::Published, 0));
        assert!(!author_may_edit(S::Published, 1));
        assert!(!author_may_edit(S::Eligible, 0));
    }

    #[test]
    fn stored_forms_and_thresholds() {
        for s in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(s.as_str()).unwrap(), s);
        }
        assert!(ProposalStatus::parse("hidden").is_err());
        assert_eq!(SupportThreshold::default().value(), 30);
        assert!(SupportThreshold::parse("0").is_err());
        assert!(SupportThreshold::parse("10001").is_err());
        assert!(SupportThreshold::parse("abc").is_err());
    }
    #[test]
    fn events_round_trip_their_stored_form() {
        for e in Event::ALL {
            assert_eq!(Event::parse(e.as_str()), Some(e));
        }
    }

    #[test]
    fn content_is_parsed_with_field_names_for_errors() {
        let c = ProposalContent::parse(
            "놀이터 그늘막 설치",
            "여름에 놀이터가 너무 뜨겁습니다.",
            "그늘막을 두 개 설치합시다.",
            "children_youth",
            "1,200,000원",
            "",
        )
        .unwrap();
        assert_eq!(c.cost_won, Some(1_200_000));
        assert_eq!(c.location, None);
        let field = |r: Result<ProposalContent, ValidationError>| r.unwrap_err().field.name();
        assert_eq!(
            field(ProposalContent::parse(
                "짧음",
                "여름에 놀이터가 너무 뜨겁습니다.",
                "그늘막을 두 개 설치합시다.",
                "safety",
                "",
                ""
            )),
            "title"
        );
        assert_eq!(
            field(ProposalContent::parse("놀이터 그늘막", "덥다", "그늘막을 두 개 설치합시다.", "safety", "", "")),
            "problem"
        );
        assert_eq!(
            field(ProposalContent::parse(
                "놀이터 그늘막",
                "여름에 놀이터가 너무 뜨겁습니다.",
                "그늘막을 두 개 설치합시다.",
                "safety",
                "-5",
                ""
            )),
            "cost_won"
        );
    }

    #[test]
    fn thresholds_round_trip_their_stored_form() {
        let t = SupportThreshold::parse("25").unwrap();
        assert_eq!(SupportThreshold::from_stored(t.stored()), t);
        assert_eq!(SupportThreshold::from_stored(0), SupportThreshold::DEFAULT);
        assert_eq!(SupportThreshold::from_stored(10_001), SupportThreshold::DEFAULT);
    }

    #[test]
    fn won_amounts() {
        assert_eq!(parse_won("").unwrap(), None);
        assert_eq!(parse_won(" 300000 ").unwrap(), Some(300_000));
        assert_eq!(parse_won("3,000,000 원").unwrap(), Some(3_000_000));
        assert!(parse_won("3.5").is_err());
        assert!(parse_won("10000000001").is_err());
    }

    #[test]
    fn a_search_is_ordered_by_relevance_unless_asked_otherwise() {
        assert_eq!(ProposalSort::parse("", true), ProposalSort::Relevance);
        assert_eq!(ProposalSort::parse("nonsense", true), ProposalSort::Relevance);
        assert_eq!(ProposalSort::parse("supports", true), ProposalSort::MostSupported);
        assert_eq!(ProposalSort::parse("relevance", false), ProposalSort::Newest, "nothing to be relevant to");
        assert_eq!(ProposalSort::parse("", false), ProposalSort::Newest);
        assert_eq!(ProposalSort::parse(" threshold ", false), ProposalSort::ClosestToThreshold);
    }
}
