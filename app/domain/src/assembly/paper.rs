//! Paper ballots: the counts staff enter, how they are checked against the item and the ballots given
//! out, and the second person who confirms them.

use super::ballot::{BallotKind, Choice, OptionRef, validate_choice};
use super::tally::Tally;
use crate::budgeting::PbRule;
use crate::{Field, InputRule, Unit, ValidationError};

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
        let n = |field: Field, s: &str| -> Result<u64, ValidationError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(0);
            }
            s.parse::<u64>().ok().filter(|v| *v <= 1_000_000).ok_or_else(|| {
                ValidationError::new(field, InputRule::Number { min: 0, max: 1_000_000, unit: Unit::Plain })
            })
        };
        if option_ids.len() != votes.len() {
            return Err(ValidationError::new(Field::Votes, InputRule::CountsDoNotAddUp));
        }
        let mut options = Vec::with_capacity(votes.len());
        for (id, v) in option_ids.iter().zip(votes) {
            let id = id.trim().parse::<i64>().map_err(|_| ValidationError::new(Field::Votes, InputRule::NoSuch))?;
            options.push((id, n(Field::Votes, v)?));
        }
        Ok(PaperCounts {
            ballots: n(Field::Ballots, ballots)?,
            abstentions: n(Field::Abstentions, abstentions)?,
            approve: n(Field::Approve, approve)?,
            reject: n(Field::Reject, reject)?,
            options,
            sets: None,
        })
    }

    /// Adds the groups of marked ballots staff wrote for a budget item under equal shares: one
    /// line per group, `<ballots>: <project numbers>` (e.g. `12: 1 3` — twelve ballots marked
    /// projects 1 and 3); numbers as printed on the ballot, separated by spaces or commas. Blank
    /// text adds nothing.
    pub fn with_sets(mut self, text: &str) -> Result<Self, ValidationError> {
        let bad = |line: usize| {
            ValidationError::new(Field::BallotSets, InputRule::OnLine { line: u32::try_from(line).unwrap_or(u32::MAX) })
        };
        let mut groups: Vec<(Vec<usize>, u64)> = Vec::new();
        for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()) {
            if groups.len() == MAX_PAPER_GROUPS {
                return Err(ValidationError::new(
                    Field::BallotSets,
                    InputRule::AtMost { max: MAX_PAPER_GROUPS as u32 },
                ));
            }
            let (count, projects) = line.split_once(':').ok_or_else(|| bad(n))?;
            let count =
                count.trim().parse::<u64>().ok().filter(|c| (1..=1_000_000).contains(c)).ok_or_else(|| bad(n))?;
            let mut set = Vec::new();
            for p in projects.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
                let p = p.parse::<usize>().ok().filter(|p| (1..=1000).contains(p)).ok_or_else(|| bad(n))?;
                set.push(p);
            }
            set.sort_unstable();
            if set.is_empty() {
                return Err(bad(n));
            }
            if set.windows(2).any(|w| w[0] == w[1]) {
                return Err(bad(n));
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
    let bad = |field: Field, rule: InputRule| Err(ValidationError::new(field, rule));
    if paper_needs_sets(kind, rule) && counts.ballots <= issued && counts.abstentions <= counts.ballots {
        let cast = counts.ballots - counts.abstentions;
        let groups = counts.sets.as_deref().unwrap_or_default();
        if groups.iter().map(|g| g.1).sum::<u64>() != cast {
            return bad(Field::BallotSets, InputRule::CountsDoNotAddUp);
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
                .ok_or_else(|| ValidationError::new(Field::BallotSets, InputRule::NoSuch))?;
            validate_choice(kind, options, Choice::Options(ids.clone()))
                .map_err(|e| ValidationError::new(Field::BallotSets, e.rule))?;
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
        return bad(Field::Ballots, InputRule::MoreThanGivenOut { issued });
    }
    if counts.abstentions > counts.ballots {
        return bad(Field::Abstentions, InputRule::CountsDoNotAddUp);
    }
    let cast = counts.ballots - counts.abstentions;
    let mut tally = Tally { ballots: counts.ballots, abstentions: counts.abstentions, ..Tally::default() };
    if kind == BallotKind::ApproveReject {
        if counts.approve + counts.reject != cast {
            return bad(Field::Approve, InputRule::CountsDoNotAddUp);
        }
        tally.approve = counts.approve;
        tally.reject = counts.reject;
        return Ok(tally);
    }
    for (id, _) in &counts.options {
        if !options.iter().any(|o| o.id == *id) {
            return bad(Field::Votes, InputRule::NoSuch);
        }
    }
    tally.options =
        options.iter().map(|o| (o.id, counts.options.iter().find(|c| c.0 == o.id).map_or(0, |c| c.1))).collect();
    let sum: u64 = tally.options.iter().map(|o| o.1).sum();
    if tally.options.iter().any(|o| o.1 > cast) {
        return bad(Field::Votes, InputRule::CountsDoNotAddUp);
    }
    match kind {
        BallotKind::SingleChoice if sum != cast => bad(Field::Votes, InputRule::CountsDoNotAddUp),
        BallotKind::Approval { max } if sum > cast * u64::from(max) || (cast > 0 && sum < cast) => {
            bad(Field::Votes, InputRule::TooManyChoices { max: u32::from(max) })
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
    pub const ALL: [PaperState; 4] =
        [PaperState::NotNeeded, PaperState::Missing, PaperState::Unconfirmed, PaperState::Confirmed];

    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            PaperState::NotNeeded => lang.pick("종이 투표 없음", "No paper ballots"),
            PaperState::Missing => lang.pick("입력 전", "Not entered"),
            PaperState::Unconfirmed => lang.pick("확인 기다림", "Awaiting a second person"),
            PaperState::Confirmed => lang.pick("확인됨", "Confirmed"),
        }
    }

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
        return Err(ValidationError::new(Field::Entry, InputRule::SecondPersonConfirms));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assembly::fixtures::opts;

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
            check_paper(BallotKind::ApproveReject, &[], &counts(6, 0, 6, 0, vec![]), 5).unwrap_err().field.name(),
            "ballots"
        );
        assert_eq!(
            check_paper(BallotKind::ApproveReject, &[], &counts(5, 0, 3, 1, vec![]), 5).unwrap_err().field.name(),
            "approve"
        );
        assert_eq!(
            check_paper(BallotKind::ApproveReject, &[], &counts(2, 3, 0, 0, vec![]), 5).unwrap_err().field.name(),
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
        assert_eq!(second_person(7, 7).unwrap_err().field.name(), "entry");
    }
}
