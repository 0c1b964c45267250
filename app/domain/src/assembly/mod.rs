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

mod agenda;
mod ballot;
mod bylaws;
mod outcome;
mod paper;
mod schedule;
mod status;
mod tally;

pub use crate::budgeting::PbRule;
pub use agenda::NewItem;
pub use ballot::{BallotKind, Choice, ItemKind, OptionRef, validate_choice};
pub use bylaws::{Bylaws, Majority, Quorum, QuorumKind};
pub use outcome::{Outcome, OutcomeKind, budget_fundings, decide, quorum_met};
pub use paper::{
    MAX_PAPER_GROUPS, PaperCounts, PaperState, check_paper, check_paper_under, format_ballot_sets, paper_needs_sets,
    second_person,
};
pub use schedule::{AssemblyDetails, CancelReason, OffSchedule, Schedule, SeoulMinute};
pub use status::{AssemblyEvent, AssemblyStatus, advance};
pub use tally::Tally;

/// Helpers the tests of several files share.
#[cfg(test)]
mod fixtures {
    use super::OptionRef;

    pub(super) fn opts(ids: &[(i64, Option<i64>)]) -> Vec<OptionRef> {
        ids.iter().map(|(id, c)| OptionRef { id: *id, cost_won: *c }).collect()
    }
}

crate::term_enum! {
    /// What happened at the door, in the attendance log: a check-in, or one undone.
    pub enum AttendanceStep {
        CheckIn = "check_in",
        Undo = "undo",
    }
}

crate::term_enum! {
    /// How a resident takes part in an assembly: online, or on paper (a ballot given at the door).
    pub enum Channel {
        Online = "online",
        Paper = "paper",
    }
}
