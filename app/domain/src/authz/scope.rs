//! Where an action applies: the scope of the resource, with what the policy needs to know of it.

use crate::geo::{DistrictCode, DongCode};

/// Where an action applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    City,
    District(DistrictCode),
    Dong(DongCode),
    /// One person's own account (settings, tokens, data export, deletion).
    Account(i64),
    /// A resident group of a dong.
    Group {
        dong: DongCode,
        id: i64,
    },
    /// A proposal of a dong, and who wrote it.
    Proposal {
        dong: DongCode,
        author_id: i64,
    },
    /// A resident group claiming from its dong's fund, and whether the center registered it.
    ClaimingGroup {
        dong: DongCode,
        id: i64,
        registered: bool,
    },
    /// A booking of a space of the dong's center, and whose it is.
    Booking {
        dong: DongCode,
        booker_id: i64,
    },
    /// A person of the dong (by residency, registration or center), as the counter sees them
    /// when it would print them a sign-in code.
    Person {
        dong: DongCode,
        id: i64,
        /// Holds any role now: a role holder's sign-in is not the center's to hand out.
        holds_role: bool,
        /// Created at a counter and never linked to a sign-in provider or given an access token:
        /// only such an account's sign-in is the center's to hand out (anyone else recovers
        /// through their provider).
        counter_only: bool,
    },
    /// Recording where a person lives: a residency in `dong` for account `id`, and whether they
    /// hold a current residency in another dong (a move is ended there, or by the person).
    Residency {
        dong: DongCode,
        id: i64,
        lives_elsewhere: bool,
    },
    /// A role granted to (or revoked from) account `id`.
    Grantee {
        id: i64,
    },
    /// A request to print a recovery code for account `person` (an online account that lost its
    /// provider), made by `requested_by`: a second member of the dong's staff confirms it.
    Recovery {
        dong: DongCode,
        person: i64,
        requested_by: i64,
        /// The person holds a role now (then no staff code signs them in at all).
        holds_role: bool,
    },
    /// A proposed welfare role (officer, nurse, supervisor) waiting for a second administrator:
    /// who proposed it and for whom.
    RoleProposal {
        proposed_by: i64,
        grantee: i64,
    },
    /// An expense claim about to be decided: the dong, who submitted it, and the people who in
    /// the last [`PREPARED_DAYS`] days registered, verified or printed a code for its author —
    /// none of whom may decide it (one person with two accounts is not two people).
    ClaimDecision {
        dong: DongCode,
        author_id: i64,
        prepared_by: Vec<i64>,
    },
}

/// How long registering, verifying or printing a code for someone bars the same person from
/// deciding that someone's fund claim.
pub const PREPARED_DAYS: i64 = 90;
