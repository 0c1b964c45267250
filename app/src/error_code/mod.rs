//! Why a request that was understood is refused (409): one code per refusal, with its message in
//! English and in Korean. Each language is one exhaustive `match`, so a new code without its
//! messages does not compile, and nothing anywhere turns an error's text back into its meaning.
//!
//! The domain's typed refusals (`booking::Refusal`, `booking::StepRefusal`, `ledger::ClaimRefusal`)
//! map onto codes (here or where the service decides their status); services raise the rest directly. REST answers carry the code as the
//! problem's `code` (and its `type` ends with it); server functions carry the whole value, so
//! pages say it in the reader's language.

use crate::domain::lang::Lang;

mod en;
mod ko;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    // ---- input ----------------------------------------------------------------------------------
    /// A value refused by a rule of its own (`domain::InputRule`), answered as invalid input on
    /// the field at fault; said in both languages from the rule and the field (`domain::input`).
    Input {
        field: crate::domain::Field,
        rule: crate::domain::InputRule,
    },
    // ---- booking --------------------------------------------------------------------------------
    /// A request the space's rules refuse as asked (too short, too soon, too many people, …):
    /// answered as invalid input on the field at fault.
    BookingRule {
        rule: crate::domain::booking::Refusal,
    },
    AlreadyBooked,
    /// An assembly asked for a venue that is taken.
    VenueBooked,
    /// An assembly moved to times when its venue is taken.
    VenueTakenAtNewTime,
    SpaceClosed {
        reason: String,
    },
    WeeklyLimit {
        limit: u32,
    },
    BookingSuspended {
        /// The last day of the suspension, `YYYY-MM-DD`.
        until: String,
    },
    NoDateBookable,
    SpaceNotTakingBookings,
    CancelOnlyBeforeStart,
    RequestTimePassed,
    BookingOver,
    CheckInWindow,
    NoShowTooEarly,
    BookingWrongState,
    BookingChanged,
    VenueGoesWithAssembly,
    // ---- assembly day -------------------------------------------------------------------------
    TallyChanged,
    TallyAlreadyConfirmed,
    /// `item` counts from 1, as on the agenda.
    PaperCountMissing {
        item: i32,
    },
    PaperCountUnconfirmed {
        item: i32,
    },
    CheckInClosed,
    NotAVerifiedResident,
    TooYoungToVote,
    VotedOnline,
    TalliesClosed,
    UndoOnlyInSession,
    CountingStarted,
    NotCheckedIn,
    // ---- assemblies ---------------------------------------------------------------------------
    AgendaFixed,
    OnlyTimesCanChange,
    AssemblyNotChangeable,
    AssemblyChanged,
    AssemblyStep {
        from: String,
        event: String,
    },
    AgendaEmpty,
    ProposalNoLongerEligible {
        proposal: i64,
    },
    /// A participatory-budget item named a proposal with no estimated cost.
    ProposalWithoutCost {
        proposal: i64,
    },
    VotingNotOpen,
    VotingOnPaper,
    AlreadyVoted,
    MinutesAfterClose,
    /// Won on the agenda, won free in the fund.
    BudgetsUnfunded {
        need: i64,
        free: i64,
    },
    /// Won the winners cost, won free in the fund.
    BudgetShort {
        need: i64,
        free: i64,
    },
    // ---- fund ---------------------------------------------------------------------------------
    FreeBalanceShort,
    AllocationShort,
    BelowZero {
        account: String,
    },
    AlreadyReversed,
    ReversalOfReversal,
    ClaimDecided,
    ProjectDone,
    ProjectStep {
        from: String,
        to: String,
    },
    ProjectChanged,
    // ---- people -------------------------------------------------------------------------------
    /// Typed text that cannot be a code (its length).
    SignInCodeLength,
    /// Typed text with a character codes never use.
    SignInCodeLetter,
    /// A code that is not one the center issued (or not in full).
    SignInCodeWrong,
    SignInCodeUsed,
    SignInCodeExpired,
    SignInLinkedElsewhere,
    OnlyWayToSignIn,
    TooManyTokens {
        max: u64,
    },
    RoleAlreadyHeld,
    OwnAdminRole,
    /// A residency asked for someone who is a verified resident of another dong now.
    ResidentLivesElsewhere,
    /// Staff acting on their own account (verifying, printing a code), an administrator on their own roles.
    NotForYourself,
    /// A sign-in code asked for an account that is not a counter account.
    AccountSignsInElsewhere,
    /// A sign-in code asked at the counter for someone who holds a role.
    HoldsRoleNoCode,
    /// A counter code whose holder holds a role at the moment of use.
    SignInCodeVoid,
    /// A claim whose author the would-be approver prepared.
    PreparedTheClaimant,
    /// A welfare role proposal confirmed by its proposer or its grantee.
    ProposalNeedsAnotherAdmin,
    /// A welfare role proposal that is no longer pending.
    ProposalDecided,
    /// A recovery request confirmed by the staff member who made it.
    RecoveryNeedsAnotherStaff,
    /// A recovery request that is no longer pending.
    RecoveryDecided,
    /// A recovery request for a counter account (which gets a plain code).
    CounterAccountNoRecovery,
    // ---- participation ------------------------------------------------------------------------
    AlreadyReported,
    GroupHidden,
    LastOrganiser,
    OrganiserMustBeActive,
    ProposalNotEditable,
    ProposalStep {
        from: String,
        event: String,
    },
    ProposalChanged,
    NoSupportsNow,
    SupportsFinal,
    NoComments,
    TooManyImages,
    // ---- operators ----------------------------------------------------------------------------
    DongExists {
        dong: String,
    },
    DemoNotRemovable {
        reason: String,
    },
    // ---- welfare ------------------------------------------------------------------------------
    CaseClosed,
    CaseNotAssigned,
    CaseChanged,
    /// Closed as "linked" with no linked service in the log.
    CaseNotLinked,
}

/// `key=value` with both percent-encoded as a form would (RFC 3986 unreserved characters kept).
fn serde_urlencoded_pair(key: &str, value: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!("{}={}", enc(key), enc(value))
}

fn won(n: i64, lang: Lang) -> String {
    crate::domain::money::format_won(n, lang)
}

impl ErrorCode {
    /// The code as the API names it (`snake_case`, the serialised tag).
    pub fn code(&self) -> &'static str {
        use ErrorCode::*;
        match self {
            Input { .. } => "input",
            BookingRule { .. } => "booking_rule",
            AlreadyBooked => "already_booked",
            VenueBooked => "venue_booked",
            VenueTakenAtNewTime => "venue_taken_at_new_time",
            SpaceClosed { .. } => "space_closed",
            WeeklyLimit { .. } => "weekly_limit",
            BookingSuspended { .. } => "booking_suspended",
            NoDateBookable => "no_date_bookable",
            SpaceNotTakingBookings => "space_not_taking_bookings",
            CancelOnlyBeforeStart => "cancel_only_before_start",
            RequestTimePassed => "request_time_passed",
            BookingOver => "booking_over",
            CheckInWindow => "check_in_window",
            NoShowTooEarly => "no_show_too_early",
            BookingWrongState => "booking_wrong_state",
            BookingChanged => "booking_changed",
            VenueGoesWithAssembly => "venue_goes_with_assembly",
            TallyChanged => "tally_changed",
            TallyAlreadyConfirmed => "tally_already_confirmed",
            PaperCountMissing { .. } => "paper_count_missing",
            PaperCountUnconfirmed { .. } => "paper_count_unconfirmed",
            CheckInClosed => "check_in_closed",
            NotAVerifiedResident => "not_a_verified_resident",
            TooYoungToVote => "too_young_to_vote",
            VotedOnline => "voted_online",
            TalliesClosed => "tallies_closed",
            UndoOnlyInSession => "undo_only_in_session",
            CountingStarted => "counting_started",
            NotCheckedIn => "not_checked_in",
            AgendaFixed => "agenda_fixed",
            OnlyTimesCanChange => "only_times_can_change",
            AssemblyNotChangeable => "assembly_not_changeable",
            AssemblyChanged => "assembly_changed",
            AssemblyStep { .. } => "assembly_step",
            AgendaEmpty => "agenda_empty",
            ProposalNoLongerEligible { .. } => "proposal_no_longer_eligible",
            ProposalWithoutCost { .. } => "proposal_without_cost",
            VotingNotOpen => "voting_not_open",
            VotingOnPaper => "voting_on_paper",
            AlreadyVoted => "already_voted",
            MinutesAfterClose => "minutes_after_close",
            BudgetsUnfunded { .. } => "budgets_unfunded",
            BudgetShort { .. } => "budget_short",
            FreeBalanceShort => "free_balance_short",
            AllocationShort => "allocation_short",
            BelowZero { .. } => "below_zero",
            AlreadyReversed => "already_reversed",
            ReversalOfReversal => "reversal_of_reversal",
            ClaimDecided => "claim_decided",
            ProjectDone => "project_done",
            ProjectStep { .. } => "project_step",
            ProjectChanged => "project_changed",
            SignInCodeLength => "sign_in_code_length",
            SignInCodeLetter => "sign_in_code_letter",
            SignInCodeWrong => "sign_in_code_wrong",
            SignInCodeUsed => "sign_in_code_used",
            SignInCodeExpired => "sign_in_code_expired",
            SignInLinkedElsewhere => "sign_in_linked_elsewhere",
            OnlyWayToSignIn => "only_way_to_sign_in",
            TooManyTokens { .. } => "too_many_tokens",
            RoleAlreadyHeld => "role_already_held",
            OwnAdminRole => "own_admin_role",
            ResidentLivesElsewhere => "resident_lives_elsewhere",
            NotForYourself => "not_for_yourself",
            AccountSignsInElsewhere => "account_signs_in_elsewhere",
            HoldsRoleNoCode => "holds_role_no_code",
            SignInCodeVoid => "sign_in_code_void",
            PreparedTheClaimant => "prepared_the_claimant",
            ProposalNeedsAnotherAdmin => "proposal_needs_another_admin",
            ProposalDecided => "proposal_decided",
            RecoveryNeedsAnotherStaff => "recovery_needs_another_staff",
            RecoveryDecided => "recovery_decided",
            CounterAccountNoRecovery => "counter_account_no_recovery",
            AlreadyReported => "already_reported",
            GroupHidden => "group_hidden",
            LastOrganiser => "last_organiser",
            OrganiserMustBeActive => "organiser_must_be_active",
            ProposalNotEditable => "proposal_not_editable",
            ProposalStep { .. } => "proposal_step",
            ProposalChanged => "proposal_changed",
            NoSupportsNow => "no_supports_now",
            SupportsFinal => "supports_final",
            NoComments => "no_comments",
            TooManyImages => "too_many_images",
            DongExists { .. } => "dong_exists",
            DemoNotRemovable { .. } => "demo_not_removable",
            CaseClosed => "case_closed",
            CaseNotAssigned => "case_not_assigned",
            CaseChanged => "case_changed",
            CaseNotLinked => "case_not_linked",
        }
    }

    /// The message in `lang`.
    /// The code as the value of a query parameter, for the redirect back to a form posted without
    /// JavaScript (an upload): the page says it in its reader's language, from the code alone.
    pub fn to_query(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `key=<the code>`, percent-encoded, for a redirect's query.
    pub fn query_pair(&self, key: &str) -> String {
        serde_urlencoded_pair(key, &self.to_query())
    }

    /// A code read back from a query parameter ([`ErrorCode::to_query`]); `None` for anything else,
    /// and for a code that carries free text (a closure's reason, a step's name): a link anyone
    /// can craft must not make a page say words of the link's author. Uploads are refused with
    /// codes that carry only names and numbers.
    pub fn from_query(s: &str) -> Option<ErrorCode> {
        fn only_names_and_numbers(v: &serde_json::Value, key: &str) -> bool {
            match v {
                serde_json::Value::String(_) => ["code", "rule", "field", "format", "unit"].contains(&key),
                serde_json::Value::Object(m) => m.iter().all(|(k, v)| only_names_and_numbers(v, k)),
                serde_json::Value::Array(a) => a.iter().all(|v| only_names_and_numbers(v, key)),
                _ => true,
            }
        }
        let value: serde_json::Value = serde_json::from_str(s).ok()?;
        if !only_names_and_numbers(&value, "") {
            return None;
        }
        serde_json::from_value(value).ok()
    }

    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => self.ko(),
            Lang::En => self.en(),
        }
    }

    /// Every code, one of each (with sample values), for tests that walk them all.
    pub fn samples() -> Vec<ErrorCode> {
        use ErrorCode::*;
        let s = || "x".to_owned();
        vec![
            Input { field: crate::domain::Field::Title, rule: crate::domain::InputRule::Length { min: 2, max: 200 } },
            BookingRule { rule: crate::domain::booking::Refusal::TooShort(30) },
            AlreadyBooked,
            VenueBooked,
            VenueTakenAtNewTime,
            SpaceClosed { reason: s() },
            WeeklyLimit { limit: 3 },
            BookingSuspended { until: "2026-12-24".into() },
            NoDateBookable,
            SpaceNotTakingBookings,
            CancelOnlyBeforeStart,
            RequestTimePassed,
            BookingOver,
            CheckInWindow,
            NoShowTooEarly,
            BookingWrongState,
            BookingChanged,
            VenueGoesWithAssembly,
            TallyChanged,
            TallyAlreadyConfirmed,
            PaperCountMissing { item: 2 },
            PaperCountUnconfirmed { item: 2 },
            CheckInClosed,
            NotAVerifiedResident,
            TooYoungToVote,
            VotedOnline,
            TalliesClosed,
            UndoOnlyInSession,
            CountingStarted,
            NotCheckedIn,
            AgendaFixed,
            OnlyTimesCanChange,
            AssemblyNotChangeable,
            AssemblyChanged,
            AssemblyStep { from: "draft".into(), event: "open".into() },
            AgendaEmpty,
            ProposalNoLongerEligible { proposal: 7 },
            ProposalWithoutCost { proposal: 7 },
            VotingNotOpen,
            VotingOnPaper,
            AlreadyVoted,
            MinutesAfterClose,
            BudgetsUnfunded { need: 5_000_000, free: 1_000_000 },
            BudgetShort { need: 5_000_000, free: 1_000_000 },
            FreeBalanceShort,
            AllocationShort,
            BelowZero { account: s() },
            AlreadyReversed,
            ReversalOfReversal,
            ClaimDecided,
            ProjectDone,
            ProjectStep { from: "done".into(), to: "planned".into() },
            ProjectChanged,
            SignInCodeLength,
            SignInCodeLetter,
            SignInCodeWrong,
            SignInCodeUsed,
            SignInCodeExpired,
            SignInLinkedElsewhere,
            OnlyWayToSignIn,
            TooManyTokens { max: 10 },
            RoleAlreadyHeld,
            OwnAdminRole,
            ResidentLivesElsewhere,
            NotForYourself,
            AccountSignsInElsewhere,
            HoldsRoleNoCode,
            SignInCodeVoid,
            PreparedTheClaimant,
            ProposalNeedsAnotherAdmin,
            ProposalDecided,
            RecoveryNeedsAnotherStaff,
            RecoveryDecided,
            CounterAccountNoRecovery,
            AlreadyReported,
            GroupHidden,
            LastOrganiser,
            OrganiserMustBeActive,
            ProposalNotEditable,
            ProposalStep { from: "draft".into(), event: "support".into() },
            ProposalChanged,
            NoSupportsNow,
            SupportsFinal,
            NoComments,
            TooManyImages,
            DongExists { dong: "1141099000".into() },
            DemoNotRemovable { reason: s() },
            CaseClosed,
            CaseNotAssigned,
            CaseChanged,
            CaseNotLinked,
        ]
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl From<crate::domain::ValidationError> for ErrorCode {
    fn from(e: crate::domain::ValidationError) -> Self {
        ErrorCode::Input { field: e.field, rule: e.rule }
    }
}

impl From<crate::domain::booking::StepRefusal> for ErrorCode {
    fn from(r: crate::domain::booking::StepRefusal) -> Self {
        use crate::domain::booking::StepRefusal as R;
        match r {
            R::RequestTimePassed => ErrorCode::RequestTimePassed,
            R::BookingOver => ErrorCode::BookingOver,
            R::CheckInWindow => ErrorCode::CheckInWindow,
            R::NoShowTooEarly => ErrorCode::NoShowTooEarly,
            R::WrongState => ErrorCode::BookingWrongState,
        }
    }
}

#[cfg(test)]
mod tests;
