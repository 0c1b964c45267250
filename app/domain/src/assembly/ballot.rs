//! Ballots: how an item is decided, its options, what a voter chose, and whether that choice is valid.

use crate::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

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
    /// Which kind of item it is, without its numbers (what the item's `kind` column holds).
    pub fn item_kind(self) -> ItemKind {
        match self {
            BallotKind::ApproveReject => ItemKind::ApproveReject,
            BallotKind::SingleChoice => ItemKind::SingleChoice,
            BallotKind::Approval { .. } => ItemKind::Approval,
            BallotKind::Budget { .. } => ItemKind::Budget,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.item_kind().as_str()
    }
}

crate::term_enum! {
    /// The kind of an agenda item, without its numbers (a [`BallotKind`] is this with them).
    pub enum ItemKind {
        ApproveReject = "approve_reject" => ("찬반 투표", "Approve or reject"),
        SingleChoice = "single_choice" => ("하나 고르기", "Choose one"),
        Approval = "approval" => ("여러 개 고르기", "Choose several"),
        Budget = "budget" => ("주민참여예산", "Participatory budget"),
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
    let bad = |rule: InputRule| Err(ValidationError::new(Field::Choice, rule));
    match (kind, choice) {
        (BallotKind::ApproveReject, c @ (Choice::Approve | Choice::Reject | Choice::Abstain)) => Ok(c),
        (BallotKind::ApproveReject, _) => bad(InputRule::NotChosen),
        (_, Choice::Approve | Choice::Reject) => bad(InputRule::NotChosen),
        (_, Choice::Abstain) => Ok(Choice::Options(Vec::new())),
        (kind, Choice::Options(mut ids)) => {
            ids.sort_unstable();
            if ids.windows(2).any(|w| w[0] == w[1]) {
                return bad(InputRule::ChosenTwice);
            }
            if !ids.iter().all(|id| options.iter().any(|o| o.id == *id)) {
                return bad(InputRule::NotChosen);
            }
            match kind {
                BallotKind::SingleChoice if ids.len() > 1 => bad(InputRule::TooManyChoices { max: 1 }),
                BallotKind::Approval { max } if ids.len() > usize::from(max) => {
                    bad(InputRule::TooManyChoices { max: u32::from(max) })
                }
                BallotKind::Budget { budget_won } => {
                    let total: i64 =
                        ids.iter().filter_map(|id| options.iter().find(|o| o.id == *id).and_then(|o| o.cost_won)).sum();
                    if total > budget_won { bad(InputRule::OverBudget) } else { Ok(Choice::Options(ids)) }
                }
                _ => Ok(Choice::Options(ids)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assembly::fixtures::opts;

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
}
