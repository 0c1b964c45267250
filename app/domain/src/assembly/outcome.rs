//! An item's outcome: whether the quorum is met, and what the tally decides under the bylaws.

use super::ballot::{BallotKind, OptionRef};
use super::bylaws::Bylaws;
use super::tally::Tally;
use crate::budgeting::{self, Funding, PbRule};
use serde::{Deserialize, Serialize};

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
    /// Which outcome it is, without what was chosen or funded (what the item's `outcome` holds).
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::QuorumNotMet => OutcomeKind::QuorumNotMet,
            Outcome::Passed => OutcomeKind::Passed,
            Outcome::Failed => OutcomeKind::Failed,
            Outcome::Chosen(_) => OutcomeKind::Chosen,
            Outcome::NoDecision => OutcomeKind::NoDecision,
            Outcome::Funded(_) => OutcomeKind::Funded,
        }
    }

    pub fn as_str(&self) -> &'static str {
        self.kind().as_str()
    }
}

crate::term_enum! {
    /// An [`Outcome`] without its numbers.
    pub enum OutcomeKind {
        QuorumNotMet = "quorum_not_met",
        Passed = "passed",
        Failed = "failed",
        Chosen = "chosen",
        NoDecision = "no_decision",
        Funded = "funded",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assembly::fixtures::opts;
    use crate::assembly::{Choice, Majority, Quorum};

    fn tally_ar(approve: u64, reject: u64, abstain: u64) -> Tally {
        Tally { ballots: approve + reject + abstain, abstentions: abstain, approve, reject, ..Tally::default() }
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
}
